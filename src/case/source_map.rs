//! Positions in the case file: a field path such as `alternatives[1].parcels[0].far_pct`
//! turned into file, line and column, and serde errors turned into input errors with a
//! "did you mean" hint.

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;

/// Source text and name used to turn a field path into line:column.
pub struct SourceMap {
    file: String,
    root: Option<marked_yaml::Node>,
}

impl SourceMap {
    /// Parse the text once for positions (no positions if the YAML uses anchors).
    pub fn new(file: &str, text: &str) -> SourceMap {
        SourceMap {
            file: file.to_string(),
            root: marked_yaml::parse_yaml(0, text).ok(),
        }
    }

    /// An input error at a field path like `alternatives[1].parcels[0].far_pct`.
    pub fn error(&self, path: &str, message: impl Into<String>) -> Error {
        let (line, col) = self
            .locate(path)
            .map_or((None, None), |(l, c)| (Some(l), Some(c)));
        Error::input(self.file.clone(), line, col, path, message)
    }

    /// Line and column of the value at `path`, or of its nearest existing parent.
    pub fn locate(&self, path: &str) -> Option<(usize, usize)> {
        let mut node = self.root.as_ref()?;
        let mut best = span_start(node);
        for seg in parse_path(path) {
            let next = match (&seg, node) {
                (PathSeg::Key(k), marked_yaml::Node::Mapping(m)) => m.get_node(k.as_str()),
                (PathSeg::Index(i), marked_yaml::Node::Sequence(s)) => s.get(*i),
                _ => None,
            };
            match next {
                Some(n) => {
                    node = n;
                    if let Some(p) = span_start(node) {
                        best = Some(p);
                    }
                }
                None => break,
            }
        }
        best
    }
}

fn span_start(n: &marked_yaml::Node) -> Option<(usize, usize)> {
    n.span().start().map(|m| (m.line(), m.column()))
}

enum PathSeg {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Vec<PathSeg> {
    let mut out = vec![];
    for part in path.split('.') {
        if part.is_empty() {
            continue;
        }
        let mut rest = part;
        if let Some(b) = rest.find('[') {
            if b > 0 {
                out.push(PathSeg::Key(rest[..b].to_string()));
            }
            rest = &rest[b..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let e = stripped.find(']').unwrap_or(stripped.len());
                if let Ok(i) = stripped[..e].parse() {
                    out.push(PathSeg::Index(i));
                }
                rest = stripped.get(e + 1..).unwrap_or("");
            }
        } else {
            out.push(PathSeg::Key(rest.to_string()));
        }
    }
    out
}

/// Closest candidate by edit distance, if reasonably close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (c, strsim::jaro_winkler(word, c)))
        .filter(|(_, s)| *s > 0.75)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

/// Deserialize YAML text into `T`, turning serde errors into input errors with file,
/// line, column, field path and a "did you mean" hint for unknown fields.
pub fn from_yaml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    let de = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let (line, col) = inner
            .location()
            .map_or((None, None), |l| (Some(l.line()), Some(l.column())));
        let raw = inner.to_string();
        // serde_yaml appends " at line L column C": drop it, we print the position first.
        let msg = match raw.find(" at line ") {
            Some(i) => raw[..i].to_string(),
            None => raw,
        };
        let msg = hint_unknown_field(&msg);
        let path = if path == "." { String::new() } else { path };
        Error::input(file, line, col, path, msg)
    })
}

/// Deserialize one YAML value found at `path` of the file `map` reads (a system spec, a
/// source), turning serde errors into input errors at the full field path with a
/// "did you mean" hint.
pub fn from_value<T: DeserializeOwned>(
    path: &str,
    value: &serde_yaml::Value,
    map: &SourceMap,
) -> Result<T> {
    serde_path_to_error::deserialize(value.clone()).map_err(|e| {
        let inner = e.path().to_string();
        let full = if inner == "." {
            path.to_string()
        } else {
            format!("{path}.{inner}")
        };
        let msg = e.into_inner().to_string();
        let msg = match msg.find(" at line ") {
            Some(i) => msg[..i].to_string(),
            None => msg,
        };
        map.error(&full, hint_unknown_field(&msg))
    })
}

/// Add a "did you mean" hint to serde's "unknown field `x`, expected one of `a`, `b`" and
/// "unknown variant `x`, expected `a` or `b`" messages (anywhere in the message).
pub fn hint_unknown_field(msg: &str) -> String {
    let Some(rest) = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|k| msg.find(k).map(|i| &msg[i + k.len()..]))
    else {
        return msg.to_string();
    };
    let Some(end) = rest.find('`') else {
        return msg.to_string();
    };
    let word = &rest[..end];
    let expected: Vec<&str> = rest[end + 1..].split('`').skip(1).step_by(2).collect();
    match did_you_mean(word, expected.iter().copied()) {
        Some(best) => format!("{msg} — did you mean `{best}`?"),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod hint_tests {
    use super::hint_unknown_field;

    #[test]
    fn unknown_fields_and_variants_get_a_hint() {
        let m = "alternatives[0].parcels[0]: unknown field `far_pc`, expected one of `id`, `far_pct`, `use`";
        assert!(hint_unknown_field(m).ends_with("did you mean `far_pct`?"));
        let v = "unknown variant `dhcc`, expected `individual` or `dhc`";
        assert!(hint_unknown_field(v).ends_with("did you mean `dhc`?"));
        let far = "unknown field `colour`, expected one of `id`, `far_pct`";
        assert_eq!(hint_unknown_field(far), far);
    }
}
