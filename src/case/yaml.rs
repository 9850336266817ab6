//! The case-file reader: a serde deserializer streaming YAML events (saphyr-parser), so a
//! case is read without a YAML tree in memory, with the file position and field path of
//! every error — also inside anchors and aliases, tagged values and files with several
//! documents. Duplicate keys in any mapping are errors; nesting and alias expansion are
//! bounded ([`crate::limits`]); numbers must be finite.
//!
//! [`locate`] finds the position of a field path by streaming the same events again: the
//! resolution and supply stages name a path, and the position is looked up once, when the
//! error is reported.

use crate::limits::{MAX_ALIAS_EVENTS, MAX_YAML_DEPTH};
use saphyr_parser::{Event, Parser, ScalarStyle, StrInput, Tag};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::rc::Rc;

/// A position in the file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// A core-schema tag (`!!str`, `!!int`, …); other tags are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CoreTag {
    Str,
    Int,
    Float,
    Bool,
    Null,
    Collection,
}

/// One event of the stream as the deserializer sees it.
#[derive(Debug, Clone)]
enum Ev<'a> {
    /// A scalar: value, plain (unquoted) or not, tag.
    Scalar(Cow<'a, str>, bool, Option<CoreTag>),
    SeqStart,
    SeqEnd,
    MapStart,
    MapEnd,
    /// Reference to an anchor (only inside recorded anchors).
    Alias(usize),
}

type Recorded = Rc<Vec<(Ev<'static>, Mark)>>;

/// An error of the reader: message, field path and position.
#[derive(Debug, Clone)]
pub struct YamlError {
    /// What is wrong.
    pub message: String,
    /// Field path, once known.
    pub path: Option<String>,
    /// Position, once known.
    pub mark: Option<Mark>,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

impl de::Error for YamlError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        YamlError {
            message: msg.to_string(),
            path: None,
            mark: None,
        }
    }
}

fn err_at(mark: Mark, message: impl Into<String>) -> YamlError {
    YamlError {
        message: message.into(),
        path: None,
        mark: Some(mark),
    }
}

fn mark_of(m: &saphyr_parser::Marker) -> Mark {
    Mark {
        line: m.line(),
        column: m.col() + 1,
    }
}

/// An event detached from the input, with its position.
type OwnedEvent = (Ev<'static>, Mark);

/// The event stream of one document: aliases replayed (within [`MAX_ALIAS_EVENTS`]),
/// tags checked, nesting bounded by [`MAX_YAML_DEPTH`], a second document refused.
struct Events<'a> {
    parser: Parser<'a, StrInput<'a>>,
    anchors: HashMap<usize, Recorded>,
    /// Anchored nodes being recorded: (anchor id, depth at their start, events).
    recording: Vec<(usize, usize, Vec<OwnedEvent>)>,
    /// Replays in progress: (events, next index).
    replay: Vec<(Recorded, usize)>,
    replayed: usize,
    /// Depth of the raw stream (for recording).
    raw_depth: usize,
    /// Depth of the delivered stream.
    depth: usize,
    documents: usize,
    peeked: Option<(Ev<'a>, Mark)>,
    last: Mark,
    ended: bool,
}

fn core_tag(tag: Option<Cow<'_, Tag>>, mark: Mark) -> Result<Option<CoreTag>, YamlError> {
    let Some(t) = tag else { return Ok(None) };
    if t.is_yaml_core_schema() {
        let c = match t.suffix.as_str() {
            "str" => CoreTag::Str,
            "int" => CoreTag::Int,
            "float" => CoreTag::Float,
            "bool" => CoreTag::Bool,
            "null" => CoreTag::Null,
            "map" | "seq" => CoreTag::Collection,
            _ => return Err(err_at(mark, format!("unsupported YAML tag `{t}`"))),
        };
        return Ok(Some(c));
    }
    Err(err_at(
        mark,
        format!(
            "YAML tag `{t}` is not supported in case files (only the core tags such as `!!str`)"
        ),
    ))
}

impl<'a> Events<'a> {
    fn new(text: &'a str) -> Events<'a> {
        Events {
            parser: Parser::new_from_str(text),
            anchors: HashMap::new(),
            recording: vec![],
            replay: vec![],
            replayed: 0,
            raw_depth: 0,
            depth: 0,
            documents: 0,
            peeked: None,
            last: Mark { line: 1, column: 1 },
            ended: false,
        }
    }

    /// Next event of the parser, with anchors recorded; `None` at the end of the document.
    fn raw(&mut self) -> Result<Option<(Ev<'a>, Mark)>, YamlError> {
        loop {
            if self.ended {
                return Ok(None);
            }
            let (event, span) = match self.parser.next_event() {
                None => {
                    self.ended = true;
                    return Ok(None);
                }
                Some(Err(e)) => {
                    let m = mark_of(e.marker());
                    return Err(err_at(m, e.info().to_string()));
                }
                Some(Ok(x)) => x,
            };
            let mark = mark_of(&span.start);
            let (ev, anchor) = match event {
                Event::StreamStart | Event::Nothing => continue,
                Event::StreamEnd => {
                    self.ended = true;
                    return Ok(None);
                }
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(err_at(
                            mark,
                            "a second YAML document starts here; a case file holds exactly one",
                        ));
                    }
                    continue;
                }
                Event::DocumentEnd => continue,
                Event::Alias(id) => (Ev::Alias(id), 0),
                Event::Scalar(v, style, anchor, tag) => {
                    let tag = core_tag(tag, mark)?;
                    if tag == Some(CoreTag::Collection) {
                        return Err(err_at(mark, "a scalar cannot carry a collection tag"));
                    }
                    (Ev::Scalar(v, style == ScalarStyle::Plain, tag), anchor)
                }
                Event::SequenceStart(anchor, tag) => {
                    core_tag(tag, mark)?;
                    (Ev::SeqStart, anchor)
                }
                Event::MappingStart(anchor, tag) => {
                    core_tag(tag, mark)?;
                    (Ev::MapStart, anchor)
                }
                Event::SequenceEnd => (Ev::SeqEnd, 0),
                Event::MappingEnd => (Ev::MapEnd, 0),
            };
            if anchor > 0 {
                self.recording.push((anchor, self.raw_depth, vec![]));
            }
            match ev {
                Ev::SeqStart | Ev::MapStart => self.raw_depth += 1,
                Ev::SeqEnd | Ev::MapEnd => self.raw_depth -= 1,
                _ => {}
            }
            if !self.recording.is_empty() {
                let owned = (to_static(&ev), mark);
                for r in self.recording.iter_mut() {
                    r.2.push(owned.clone());
                }
                while let Some((id, depth, _)) = self.recording.last() {
                    if *depth != self.raw_depth {
                        break;
                    }
                    let id = *id;
                    let (_, _, events) = self.recording.pop().unwrap_or_default();
                    self.anchors.insert(id, Rc::new(events));
                }
            }
            return Ok(Some((ev, mark)));
        }
    }

    /// Next event with aliases expanded.
    fn next_expanded(&mut self) -> Result<Option<(Ev<'a>, Mark)>, YamlError> {
        loop {
            let next = match self.replay.last_mut() {
                Some((events, i)) => {
                    if *i >= events.len() {
                        self.replay.pop();
                        continue;
                    }
                    let e = events[*i].clone();
                    *i += 1;
                    self.replayed += 1;
                    if self.replayed > MAX_ALIAS_EVENTS {
                        return Err(err_at(
                            e.1,
                            format!(
                                "aliases expand to more than {MAX_ALIAS_EVENTS} YAML events; anchors are for reusing a spec, not for multiplying data"
                            ),
                        ));
                    }
                    Some(e)
                }
                None => self.raw()?,
            };
            let Some((ev, mark)) = next else {
                return Ok(None);
            };
            if let Ev::Alias(id) = ev {
                let Some(events) = self.anchors.get(&id).cloned() else {
                    return Err(err_at(
                        mark,
                        "this alias refers to an anchor that is not complete here (an alias inside its own anchor)",
                    ));
                };
                if self.replay.len() > MAX_YAML_DEPTH {
                    return Err(err_at(mark, "aliases nested too deeply"));
                }
                self.replay.push((events, 0));
                continue;
            }
            return Ok(Some((ev, mark)));
        }
    }

    /// Next event; an error at the end of the document.
    fn next(&mut self) -> Result<(Ev<'a>, Mark), YamlError> {
        let e = match self.peeked.take() {
            Some(e) => e,
            None => match self.next_expanded()? {
                Some(e) => e,
                None => return Err(err_at(self.last, "unexpected end of the file")),
            },
        };
        match e.0 {
            Ev::SeqStart | Ev::MapStart => {
                self.depth += 1;
                if self.depth > MAX_YAML_DEPTH {
                    return Err(err_at(
                        e.1,
                        format!("YAML nested deeper than {MAX_YAML_DEPTH} levels"),
                    ));
                }
            }
            Ev::SeqEnd | Ev::MapEnd => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        self.last = e.1;
        Ok(e)
    }

    fn peek(&mut self) -> Result<&(Ev<'a>, Mark), YamlError> {
        if self.peeked.is_none() {
            self.peeked = match self.next_expanded()? {
                Some(e) => Some(e),
                None => return Err(err_at(self.last, "unexpected end of the file")),
            };
        }
        Ok(self.peeked.as_ref().expect("peeked above"))
    }

    /// True at the end of the document (nothing left but its end).
    fn at_end(&mut self) -> Result<bool, YamlError> {
        if self.peeked.is_some() {
            return Ok(false);
        }
        match self.next_expanded()? {
            None => Ok(true),
            Some(e) => {
                self.peeked = Some(e);
                Ok(false)
            }
        }
    }

    /// Skip one node (the next event and, for a collection, everything up to its end).
    fn skip(&mut self) -> Result<(), YamlError> {
        let start = self.depth;
        let (ev, _) = self.next()?;
        if matches!(ev, Ev::SeqStart | Ev::MapStart) {
            while self.depth > start {
                self.next()?;
            }
        }
        Ok(())
    }
}

fn to_static(ev: &Ev<'_>) -> Ev<'static> {
    match ev {
        Ev::Scalar(v, p, t) => Ev::Scalar(Cow::Owned(v.to_string()), *p, *t),
        Ev::SeqStart => Ev::SeqStart,
        Ev::SeqEnd => Ev::SeqEnd,
        Ev::MapStart => Ev::MapStart,
        Ev::MapEnd => Ev::MapEnd,
        Ev::Alias(i) => Ev::Alias(*i),
    }
}

// ------------------------------------------------------------------ scalar resolution

fn is_null(v: &str) -> bool {
    matches!(v, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn parse_int(v: &str) -> Option<i128> {
    let (neg, body) = match v.as_bytes().first() {
        Some(b'-') => (true, &v[1..]),
        Some(b'+') => (false, &v[1..]),
        _ => (false, v),
    };
    let n = if let Some(h) = body.strip_prefix("0x") {
        i128::from_str_radix(h, 16).ok()?
    } else if let Some(o) = body.strip_prefix("0o") {
        i128::from_str_radix(o, 8).ok()?
    } else if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        body.parse::<i128>().ok()?
    } else {
        return None;
    };
    Some(if neg { -n } else { n })
}

/// A YAML 1.2 core-schema float (also `.inf`, `.nan`).
fn parse_float(v: &str) -> Option<f64> {
    match v {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let b = v.trim_start_matches(['+', '-']);
    let ok = !b.is_empty()
        && b.bytes()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == b'.')
        && b.bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !ok || v.len() - b.len() > 1 {
        return None;
    }
    v.parse::<f64>().ok()
}

/// A finite number, or a message saying why not.
fn finite(v: &str, x: f64) -> Result<f64, String> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(format!(
            "`{v}` is not a finite number (numbers must lie between ±1.8e308)"
        ))
    }
}

// ------------------------------------------------------------------ deserializer

/// A segment of the field path.
#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

/// The deserializer over one case file's events.
pub struct Deserializer<'a> {
    ev: Events<'a>,
    path: Vec<Seg>,
}

impl<'a> Deserializer<'a> {
    /// A deserializer over YAML text.
    pub fn new(text: &'a str) -> Deserializer<'a> {
        Deserializer {
            ev: Events::new(text),
            path: vec![],
        }
    }

    fn path_string(&self) -> String {
        path_string(&self.path)
    }

    /// Attach the current path (and `mark`, if the error has none) to an error.
    fn fill(&self, mut e: YamlError, mark: Mark) -> YamlError {
        if e.path.is_none() {
            e.path = Some(self.path_string());
        }
        if e.mark.is_none() {
            e.mark = Some(mark);
        }
        e
    }

    /// Check that nothing follows the document's root node.
    pub fn end(&mut self) -> Result<(), YamlError> {
        if self.ev.at_end()? {
            Ok(())
        } else {
            let m = self.ev.peek()?.1;
            Err(err_at(m, "unexpected content after the document"))
        }
    }

    fn scalar(&mut self) -> Result<(Cow<'a, str>, bool, Option<CoreTag>, Mark), YamlError> {
        let (ev, mark) = self.ev.next()?;
        match ev {
            Ev::Scalar(v, plain, tag) => Ok((v, plain, tag, mark)),
            other => {
                // Consume the collection so the error is the only thing reported.
                let what = match other {
                    Ev::SeqStart => "a list",
                    Ev::MapStart => "a mapping",
                    _ => "an unexpected token",
                };
                Err(err_at(
                    mark,
                    format!("expected a single value, found {what}"),
                ))
            }
        }
    }

    fn number<T>(
        &mut self,
        what: &str,
        conv: impl Fn(&str, bool) -> Option<Result<T, String>>,
    ) -> Result<(T, Mark), YamlError> {
        let (v, plain, tag, mark) = self.scalar()?;
        let typed = plain || matches!(tag, Some(CoreTag::Int) | Some(CoreTag::Float));
        match conv(&v, typed) {
            Some(Ok(x)) => Ok((x, mark)),
            Some(Err(m)) => Err(err_at(mark, m)),
            None => Err(err_at(
                mark,
                format!("invalid value `{v}`, expected {what}"),
            )),
        }
    }

    fn int<T: TryFrom<i128>>(&mut self, what: &str) -> Result<(T, Mark), YamlError> {
        self.number(what, |v, typed| {
            if !typed {
                return None;
            }
            let n = parse_int(v)?;
            Some(T::try_from(n).map_err(|_| format!("{v} is out of range for {what}")))
        })
    }

    fn float(&mut self) -> Result<(f64, Mark), YamlError> {
        self.number("a number", |v, typed| {
            if !typed {
                return None;
            }
            let x = parse_int(v).map(|n| n as f64).or_else(|| parse_float(v))?;
            Some(finite(v, x))
        })
    }

    fn expect(&mut self, want: fn(&Ev) -> bool, what: &str) -> Result<Mark, YamlError> {
        let (ev, mark) = self.ev.next()?;
        if want(&ev) {
            return Ok(mark);
        }
        let found = match ev {
            Ev::Scalar(v, _, _) => format!("`{}`", short(&v)),
            Ev::SeqStart => "a list".into(),
            Ev::MapStart => "a mapping".into(),
            _ => "the end of a collection".into(),
        };
        Err(err_at(mark, format!("expected {what}, found {found}")))
    }
}

/// At most 40 characters of a value, for messages.
fn short(v: &str) -> String {
    let mut s: String = v.chars().take(40).collect();
    if v.chars().count() > 40 {
        s.push('…');
    }
    s
}

fn path_string(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

macro_rules! de_int {
    ($name:ident, $visit:ident, $t:ty) => {
        fn $name<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
            let mark = self.ev.peek()?.1;
            let r = self
                .int::<$t>(concat!("a whole number (", stringify!($t), ")"))
                .and_then(|(x, _)| v.$visit(x));
            r.map_err(|e| self.fill(e, mark))
        }
    };
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'_> {
    type Error = YamlError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        match self.ev.peek()?.0 {
            Ev::SeqStart => return self.deserialize_seq(v),
            Ev::MapStart => return self.deserialize_map(v),
            _ => {}
        }
        let (ev, mark) = self.ev.next()?;
        let r = match ev {
            Ev::Scalar(s, plain, tag) => match (tag, plain) {
                (Some(CoreTag::Str), _) | (None, false) | (Some(CoreTag::Collection), _) => {
                    v.visit_str(&s)
                }
                (Some(CoreTag::Null), _) => v.visit_unit(),
                (Some(CoreTag::Bool), _) => match parse_bool(&s) {
                    Some(b) => v.visit_bool(b),
                    None => Err(err_at(mark, format!("`{}` is not a boolean", short(&s)))),
                },
                (Some(CoreTag::Int), _) => match parse_int(&s) {
                    Some(n) => visit_int(v, n),
                    None => Err(err_at(mark, format!("`{}` is not an integer", short(&s)))),
                },
                (Some(CoreTag::Float), _) => match parse_float(&s).map(|x| finite(&s, x)) {
                    Some(Ok(x)) => v.visit_f64(x),
                    Some(Err(m)) => Err(err_at(mark, m)),
                    None => Err(err_at(mark, format!("`{}` is not a number", short(&s)))),
                },
                (_, true) => {
                    if is_null(&s) {
                        v.visit_unit()
                    } else if let Some(b) = parse_bool(&s) {
                        v.visit_bool(b)
                    } else if let Some(n) = parse_int(&s) {
                        visit_int(v, n)
                    } else if let Some(x) = parse_float(&s) {
                        match finite(&s, x) {
                            Ok(x) => v.visit_f64(x),
                            Err(m) => Err(err_at(mark, m)),
                        }
                    } else {
                        v.visit_str(&s)
                    }
                }
            },
            _ => Err(err_at(mark, "unexpected end of a collection")),
        };
        r.map_err(|e| self.fill(e, mark))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        let mark = self.ev.peek()?.1;
        let r = self.scalar().and_then(|(s, plain, tag, m)| {
            match parse_bool(&s).filter(|_| plain || tag == Some(CoreTag::Bool)) {
                Some(b) => v.visit_bool(b),
                None => Err(err_at(
                    m,
                    format!("invalid value `{}`, expected true or false", short(&s)),
                )),
            }
        });
        r.map_err(|e| self.fill(e, mark))
    }

    de_int!(deserialize_i8, visit_i8, i8);
    de_int!(deserialize_i16, visit_i16, i16);
    de_int!(deserialize_i32, visit_i32, i32);
    de_int!(deserialize_i64, visit_i64, i64);
    de_int!(deserialize_u8, visit_u8, u8);
    de_int!(deserialize_u16, visit_u16, u16);
    de_int!(deserialize_u32, visit_u32, u32);
    de_int!(deserialize_u64, visit_u64, u64);

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        self.deserialize_f64(v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        let mark = self.ev.peek()?.1;
        let r = self.float().and_then(|(x, _)| v.visit_f64(x));
        r.map_err(|e| self.fill(e, mark))
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(v)
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        let mark = self.ev.peek()?.1;
        let r = self.scalar().and_then(|(s, plain, tag, m)| {
            if (plain && is_null(&s) && tag.is_none()) || tag == Some(CoreTag::Null) {
                Err(err_at(m, "expected a text value, found nothing (null)"))
            } else {
                v.visit_str(&s)
            }
        });
        r.map_err(|e| self.fill(e, mark))
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(v)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(v)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        let (ev, mark) = self.ev.peek()?;
        let mark = *mark;
        let none = matches!(ev, Ev::Scalar(s, plain, tag)
            if (*plain && tag.is_none() && is_null(s)) || *tag == Some(CoreTag::Null));
        if none {
            self.ev.next()?;
            v.visit_none().map_err(|e| self.fill(e, mark))
        } else {
            v.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        let mark = self.ev.peek()?.1;
        let r = self.scalar().and_then(|(s, plain, _, m)| {
            if plain && is_null(&s) {
                v.visit_unit()
            } else {
                Err(err_at(m, "expected nothing (null)"))
            }
        });
        r.map_err(|e| self.fill(e, mark))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, YamlError> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        let mark = self.ev.peek()?.1;
        let r = self
            .expect(|e| matches!(e, Ev::SeqStart), "a list")
            .and_then(|_| {
                let value = v.visit_seq(SeqAccess { de: self, index: 0 })?;
                self.expect(|e| matches!(e, Ev::SeqEnd), "the end of the list")?;
                Ok(value)
            });
        r.map_err(|e| self.fill(e, mark))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, YamlError> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        let mark = self.ev.peek()?.1;
        let r = self
            .expect(|e| matches!(e, Ev::MapStart), "a mapping (key: value)")
            .and_then(|_| {
                let value = v.visit_map(MapAccess {
                    de: self,
                    seen: HashSet::new(),
                    key_mark: mark,
                })?;
                self.expect(|e| matches!(e, Ev::MapEnd), "the end of the mapping")?;
                Ok(value)
            });
        r.map_err(|e| self.fill(e, mark))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_map(v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, YamlError> {
        let (ev, mark) = self.ev.peek()?;
        let (is_scalar, is_map, mark) = (
            matches!(ev, Ev::Scalar(..)),
            matches!(ev, Ev::MapStart),
            *mark,
        );
        let r = match () {
            _ if is_scalar => {
                let (s, _, _, _) = self.scalar()?;
                v.visit_enum(s.to_string().into_deserializer())
            }
            _ if is_map => {
                self.ev.next()?;
                let value = v.visit_enum(EnumAccess { de: self })?;
                self.expect(|e| matches!(e, Ev::MapEnd), "the end of the mapping")?;
                Ok(value)
            }
            _ => Err(err_at(mark, "expected a name or a mapping with one key")),
        };
        r.map_err(|e| self.fill(e, mark))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(v)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        self.ev.skip()?;
        v.visit_unit()
    }
}

fn visit_int<'de, V: Visitor<'de>>(v: V, n: i128) -> Result<V::Value, YamlError> {
    if let Ok(x) = i64::try_from(n) {
        v.visit_i64(x)
    } else if let Ok(x) = u64::try_from(n) {
        v.visit_u64(x)
    } else {
        v.visit_i128(n)
    }
}

struct SeqAccess<'a, 'b> {
    de: &'a mut Deserializer<'b>,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, '_> {
    type Error = YamlError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, YamlError> {
        if matches!(self.de.ev.peek()?.0, Ev::SeqEnd) {
            return Ok(None);
        }
        self.de.path.push(Seg::Index(self.index));
        let r = seed.deserialize(&mut *self.de);
        let r = r.map_err(|e| {
            let m = self.de.ev.last;
            self.de.fill(e, m)
        });
        self.de.path.pop();
        self.index += 1;
        r.map(Some)
    }
}

struct MapAccess<'a, 'b> {
    de: &'a mut Deserializer<'b>,
    seen: HashSet<String>,
    key_mark: Mark,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, '_> {
    type Error = YamlError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, YamlError> {
        if matches!(self.de.ev.peek()?.0, Ev::MapEnd) {
            return Ok(None);
        }
        let (ev, mark) = self.de.ev.next()?;
        let key = match ev {
            Ev::Scalar(s, _, _) => s.into_owned(),
            _ => return Err(err_at(mark, "mapping keys must be plain names or numbers")),
        };
        self.key_mark = mark;
        if key == "<<" {
            return Err(self.de.fill(
                err_at(mark, "merge keys (`<<: *anchor`) are not supported; write the fields out, or use an alias for the whole value"),
                mark,
            ));
        }
        if !self.seen.insert(key.clone()) {
            return Err(self.de.fill(
                err_at(
                    mark,
                    format!("duplicate key `{}` in this mapping", short(&key)),
                ),
                mark,
            ));
        }
        let r = seed.deserialize(KeyDeserializer { key: &key });
        self.de.path.push(Seg::Key(key));
        r.map_err(|e| self.de.fill(e, mark)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, YamlError> {
        let r = seed.deserialize(&mut *self.de);
        let r = r.map_err(|e| {
            let m = self.key_mark;
            self.de.fill(e, m)
        });
        self.de.path.pop();
        r
    }
}

/// A mapping key: a plain string, parsed as a number for number-keyed maps.
struct KeyDeserializer<'k> {
    key: &'k str,
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'_> {
    type Error = YamlError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        v.visit_str(self.key)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, YamlError> {
        match self.key.parse::<u32>() {
            Ok(n) => v.visit_u32(n),
            Err(_) => Err(de::Error::custom(format!(
                "key `{}` must be a whole number",
                short(self.key)
            ))),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct EnumAccess<'a, 'b> {
    de: &'a mut Deserializer<'b>,
}

impl<'de> de::EnumAccess<'de> for EnumAccess<'_, '_> {
    type Error = YamlError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), YamlError> {
        let (s, _, _, _) = self.de.scalar()?;
        let value = seed.deserialize(KeyDeserializer { key: &s })?;
        self.de.path.push(Seg::Key(s.to_string()));
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for EnumAccess<'_, '_> {
    type Error = YamlError;

    fn unit_variant(self) -> Result<(), YamlError> {
        let r = de::Deserializer::deserialize_unit(&mut *self.de, de::IgnoredAny).map(|_| ());
        self.de.path.pop();
        r
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, YamlError> {
        let r = seed.deserialize(&mut *self.de);
        self.de.path.pop();
        r
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, YamlError> {
        let r = de::Deserializer::deserialize_seq(&mut *self.de, v);
        self.de.path.pop();
        r
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, YamlError> {
        let r = de::Deserializer::deserialize_map(&mut *self.de, v);
        self.de.path.pop();
        r
    }
}

/// Deserialize one document of YAML text into `T`.
pub fn from_str<T: de::DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let mut de = Deserializer::new(text);
    let v = T::deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

// ------------------------------------------------------------------ locating a path

/// Position of the value at a field path such as `alternatives[1].parcels[0].far_pct`, or
/// of its nearest existing parent. Keys may contain `.` and `[`: a key matches when the
/// path continues with it.
pub fn locate(text: &str, path: &str) -> Option<Mark> {
    let mut ev = Events::new(text);
    let (first, mark) = ev.next().ok()?;
    Some(find(&mut ev, first, mark, path))
}

fn find<'a>(ev: &mut Events<'a>, node: Ev<'a>, mark: Mark, rest: &str) -> Mark {
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    if rest.is_empty() {
        return mark;
    }
    match node {
        Ev::MapStart => loop {
            let Ok((k, _)) = ev.next() else { return mark };
            let key = match k {
                Ev::MapEnd => return mark,
                Ev::Scalar(s, _, _) => Some(s),
                _ => {
                    // A collection as a key: skip it (depth was raised by next()).
                    let start = ev.depth - 1;
                    while ev.depth > start {
                        if ev.next().is_err() {
                            return mark;
                        }
                    }
                    None
                }
            };
            let Ok((v, vm)) = ev.next() else { return mark };
            if let Some(k) = key {
                if let Some(after) = rest.strip_prefix(k.as_ref()) {
                    if after.is_empty() || after.starts_with('.') || after.starts_with('[') {
                        return find(ev, v, vm, after);
                    }
                }
            }
            if skip_rest(ev, &v).is_err() {
                return mark;
            }
        },
        Ev::SeqStart => {
            let Some(index) = rest
                .strip_prefix('[')
                .and_then(|r| r.split_once(']'))
                .and_then(|(i, after)| Some((i.parse::<usize>().ok()?, after)))
            else {
                return mark;
            };
            let mut i = 0;
            loop {
                let Ok((v, vm)) = ev.next() else { return mark };
                if matches!(v, Ev::SeqEnd) {
                    return mark;
                }
                if i == index.0 {
                    return find(ev, v, vm, index.1);
                }
                if skip_rest(ev, &v).is_err() {
                    return mark;
                }
                i += 1;
            }
        }
        _ => mark,
    }
}

/// Skip the rest of a node whose first event (`first`) was already read.
fn skip_rest(ev: &mut Events<'_>, first: &Ev<'_>) -> Result<(), YamlError> {
    if matches!(first, Ev::SeqStart | Ev::MapStart) {
        let start = ev.depth - 1;
        while ev.depth > start {
            ev.next()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct T {
        a: f64,
        #[serde(default)]
        b: Option<String>,
        #[serde(default)]
        m: BTreeMap<String, f64>,
        #[serde(default)]
        l: Vec<u32>,
    }

    fn err(text: &str) -> YamlError {
        from_str::<T>(text).unwrap_err()
    }

    #[test]
    fn values_and_paths() {
        let t: T = from_str("a: 1.5\nb: x\nm: { café: 2 }\nl: [1, 2]\n").unwrap();
        assert_eq!(t.a, 1.5);
        assert_eq!(t.m["café"], 2.0);
        let e = err("a: 1\nl: [1, x]\n");
        assert_eq!(e.path.as_deref(), Some("l[1]"));
        assert_eq!(e.mark, Some(Mark { line: 2, column: 8 }));
    }

    #[test]
    fn duplicate_keys_tags_documents_and_non_finite_numbers_are_errors() {
        let e = err("a: 1\nm: { x: 1, x: 2 }\n");
        assert!(e.message.contains("duplicate key `x`"), "{e}");
        assert_eq!(e.mark.map(|m| m.line), Some(2));
        let e = err("a: 1\na: 2\n");
        assert!(e.message.contains("duplicate key `a`"), "{e}");
        let e = err("a: !custom 1\n");
        assert!(e.message.contains("not supported"), "{e}");
        assert_eq!(e.mark.map(|m| m.line), Some(1));
        let e = err("a: 1\n---\na: 2\n");
        assert!(e.message.contains("second YAML document"), "{e}");
        assert_eq!(e.mark.map(|m| m.line), Some(2));
        for bad in [".nan", ".inf", "1e400", "-.inf"] {
            let e = err(&format!("a: {bad}\n"));
            assert!(e.message.contains("not a finite number"), "{bad}: {e}");
        }
        assert_eq!(from_str::<T>("a: !!float 2\n").unwrap().a, 2.0);
        assert!(from_str::<T>("a: '2'\n").is_err());
    }

    #[test]
    fn anchors_keep_positions_and_expansion_is_bounded() {
        let t: T = from_str("m: &k { x: 1 }\na: 2\n").unwrap();
        assert_eq!(t.m["x"], 1.0);
        #[derive(Debug, Deserialize)]
        struct Two {
            p: T,
            q: T,
        }
        let two: Two = from_str::<Two>("p: &t { a: 3 }\nq: *t\n").unwrap();
        assert_eq!((two.p.a, two.q.a), (3.0, 3.0));
        let e = from_str::<Two>("p: &t { a: x }\nq: *t\n").unwrap_err();
        assert_eq!(e.mark.map(|m| m.line), Some(1));
        // Billion laughs: 10 levels of 10 aliases each.
        let mut y = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            y += &format!("a{i}: &a{i} [{refs}]\n");
        }
        let e = from_str::<serde_yaml::Value>(&y).unwrap_err();
        assert!(e.message.contains("aliases expand"), "{e}");
    }

    #[test]
    fn nesting_is_bounded_quickly() {
        let deep = format!("a: {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
        let t = std::time::Instant::now();
        assert!(from_str::<serde_yaml::Value>(&deep).is_err());
        assert!(t.elapsed().as_secs_f64() < 1.0);
    }

    #[test]
    fn locate_follows_keys_indices_and_aliases() {
        let text = "x: 1\nalternatives:\n  - id: a\n    parcels:\n      - { id: p, far_pct: 200 }\n      - id: q\n        far_pct: 300\nsys: &s { kind: dhc }\nother: *s\n";
        assert_eq!(
            locate(text, "alternatives[0].parcels[1].far_pct"),
            Some(Mark {
                line: 7,
                column: 18
            })
        );
        assert_eq!(
            locate(text, "alternatives[0].parcels[0].far_pct").map(|m| m.line),
            Some(5)
        );
        // Missing child: the nearest parent.
        assert_eq!(
            locate(text, "alternatives[0].parcels[7].x").map(|m| m.line),
            Some(5)
        );
        assert_eq!(locate(text, "other.kind").map(|m| m.line), Some(8));
        let dotted = "uses:\n  a.b: { like: office }\n";
        assert_eq!(locate(dotted, "uses.a.b.like").map(|m| m.line), Some(2));
    }
}
