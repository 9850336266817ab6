//! Report language: every label, caption, note and finding text of the reports lives in one
//! catalogue per language (`src/data/i18n/en.yaml`, `ja.yaml`), not in templates or code.
//!
//! A catalogue is a tree of texts. Templates read the tree of the chosen language as `tr`
//! (e.g. `{{ tr.metric.cf }}`); Rust code uses [`I18n::get`] and [`I18n::fill`] (named
//! `{placeholders}`) or a [`Phrase`] (key and arguments, rendered in any language). A missing
//! key is an error in tests: Tera fails on an undefined `tr.…` and [`I18n::get`] returns a
//! visible `⟦key⟧` marker; every catalogue must have the keys of the English one.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// English.
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// ISO 639-1 code (`en`, `ja`), also the key in the data file.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// Separator of the items of a list in running text (`, ` / `、`).
    pub fn list_separator(self) -> &'static str {
        match self {
            Lang::En => ", ",
            Lang::Ja => "、",
        }
    }
}

/// A user text (a name or description in the case file) in one or both report languages:
/// a plain string, printed as given in every language, or `{ en: …, ja: … }`, each
/// language its own (a language left out falls back to the other). Serialized as its
/// English text, so report.json keeps plain strings (CONTRACT.md).
#[derive(Debug, Clone, PartialEq)]
pub enum Local {
    /// The same text in every language.
    Plain(String),
    /// One text per language; at least one is given.
    ByLang {
        /// English text.
        en: Option<String>,
        /// Japanese text.
        ja: Option<String>,
    },
}

impl Local {
    /// The text in `lang` (the other language's if this one is not given).
    pub fn text(&self, lang: Lang) -> &str {
        match self {
            Local::Plain(s) => s,
            Local::ByLang { en, ja } => {
                let (first, other) = match lang {
                    Lang::En => (en, ja),
                    Lang::Ja => (ja, en),
                };
                first.as_deref().or(other.as_deref()).unwrap_or_default()
            }
        }
    }

    /// The English text (report.json, messages on the terminal).
    pub fn en(&self) -> &str {
        self.text(Lang::En)
    }

    /// Whether the text in `lang` was written for that language (not a fallback).
    pub fn has(&self, lang: Lang) -> bool {
        match self {
            Local::Plain(_) => false,
            Local::ByLang { en, ja } => match lang {
                Lang::En => en.is_some(),
                Lang::Ja => ja.is_some(),
            },
        }
    }
}

impl From<&str> for Local {
    fn from(s: &str) -> Local {
        Local::Plain(s.to_string())
    }
}

impl std::fmt::Display for Local {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.en())
    }
}

impl Serialize for Local {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.en())
    }
}

impl<'de> serde::Deserialize<'de> for Local {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Local, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Local;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, or one text per language as `{ en: …, ja: … }`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Local, E> {
                Ok(Local::Plain(v.to_string()))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut m: M) -> Result<Local, M::Error> {
                let (mut en, mut ja) = (None, None);
                while let Some(k) = m.next_key::<String>()? {
                    let slot = match k.as_str() {
                        "en" => &mut en,
                        "ja" => &mut ja,
                        _ => {
                            return Err(serde::de::Error::unknown_field(&k, &["en", "ja"]));
                        }
                    };
                    if slot.is_some() {
                        return Err(serde::de::Error::duplicate_field("language"));
                    }
                    *slot = Some(m.next_value::<String>()?);
                }
                if en.is_none() && ja.is_none() {
                    return Err(serde::de::Error::custom(
                        "give the text in at least one language: `{ en: …, ja: … }`",
                    ));
                }
                Ok(Local::ByLang { en, ja })
            }
        }
        d.deserialize_any(V)
    }
}

/// A placeholder value of a [`Phrase`]: text already formatted (numbers, ids, names) or
/// another phrase rendered in the same language (a clause of a sentence).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Arg {
    /// Language-neutral text.
    Text(String),
    /// A nested phrase.
    Phrase(Phrase),
    /// A list, joined by commas.
    List(Vec<Arg>),
    /// A user text given in several languages (a name from the case file).
    Local(Local),
}

impl Arg {
    fn text(&self, lang: Lang) -> String {
        match self {
            Arg::Text(s) => s.clone(),
            Arg::Phrase(p) => p.text(lang),
            Arg::List(items) => items
                .iter()
                .map(|a| a.text(lang))
                .collect::<Vec<_>>()
                .join(lang.list_separator()),
            Arg::Local(l) => l.text(lang).to_string(),
        }
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        match t {
            Text::Given(s) => Arg::Text(s),
            Text::Local(l) => Arg::Local(l),
            Text::Phrase(p) => Arg::Phrase(p),
        }
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<Phrase> for Arg {
    fn from(p: Phrase) -> Arg {
        Arg::Phrase(p)
    }
}

/// A translatable text: a key of the catalogues and its placeholder values (formatted,
/// language-neutral text or nested phrases).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Phrase {
    /// Dotted path in the catalogues.
    pub key: String,
    /// Placeholder values.
    pub args: BTreeMap<String, Arg>,
}

impl Phrase {
    /// A phrase with key `key` and placeholder values `args`.
    pub fn new(key: &str, args: &[(&str, String)]) -> Phrase {
        Phrase {
            key: key.to_string(),
            args: args
                .iter()
                .map(|(k, v)| (k.to_string(), Arg::Text(v.clone())))
                .collect(),
        }
    }

    /// The same phrase with placeholder `name` filled by `value` (text or a nested phrase).
    pub fn with(mut self, name: &str, value: impl Into<Arg>) -> Phrase {
        self.args.insert(name.to_string(), value.into());
        self
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let args: BTreeMap<String, String> = self
            .args
            .iter()
            .map(|(k, v)| (k.clone(), v.text(lang)))
            .collect();
        I18n::builtin().fill(lang, &self.key, &args)
    }
}

/// A text of the model: written by the user (a name, printed as given) or a catalogue
/// [`Phrase`] (printed in the report's language). Serialized as its English text, so
/// report.json keeps plain strings.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    /// As the case or data file gives it.
    Given(String),
    /// A user text in one or both languages (a name in the case file).
    Local(Local),
    /// A catalogue phrase.
    Phrase(Phrase),
}

impl Text {
    /// A catalogue phrase with key `key` and placeholder values `args`.
    pub fn new(key: &str, args: &[(&str, String)]) -> Text {
        Text::Phrase(Phrase::new(key, args))
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Text::Given(s) => s.clone(),
            Text::Local(l) => l.text(lang).to_string(),
            Text::Phrase(p) => p.text(lang),
        }
    }
}

impl From<Phrase> for Text {
    fn from(p: Phrase) -> Text {
        Text::Phrase(p)
    }
}

impl From<Local> for Text {
    fn from(l: Local) -> Text {
        Text::Local(l)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Given(s)
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text(Lang::En))
    }
}

/// The bundled catalogues: one file per language under `src/data/i18n/`, each a tree of
/// texts with the same keys. A new language is a new file here and a [`Lang`] variant.
pub const CATALOGUES: [(Lang, &str); 2] = [
    (Lang::En, include_str!("data/i18n/en.yaml")),
    (Lang::Ja, include_str!("data/i18n/ja.yaml")),
];

/// Translation trees, one per language.
#[derive(Debug, Clone)]
pub struct I18n {
    trees: Vec<(Lang, Value)>,
}

/// A catalogue file as a JSON tree of texts (mappings of mappings of strings).
fn tree(lang: Lang, yaml: &str) -> Result<Value, String> {
    let file = format!("i18n/{}.yaml", lang.code());
    let v: serde_yaml::Value = serde_yaml::from_str(yaml).map_err(|e| format!("{file}: {e}"))?;
    fn walk(v: &serde_yaml::Value, path: &str, file: &str) -> Result<Value, String> {
        match v {
            serde_yaml::Value::String(s) => Ok(Value::String(s.clone())),
            serde_yaml::Value::Mapping(m) => {
                let mut out = serde_json::Map::new();
                for (k, child) in m {
                    let k = k
                        .as_str()
                        .ok_or_else(|| format!("{file}: non-string key under `{path}`"))?;
                    let p = if path.is_empty() {
                        k.to_string()
                    } else {
                        format!("{path}.{k}")
                    };
                    out.insert(k.to_string(), walk(child, &p, file)?);
                }
                Ok(Value::Object(out))
            }
            _ => Err(format!("{file}: `{path}` must be a text or a mapping")),
        }
    }
    walk(&v, "", &file)
}

/// `v` with every note reference in its texts replaced by the publication it cites.
fn cite_publications(tr: &I18n, lang: Lang, v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(crate::cite::replace_notes(tr, lang, s)),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, c)| (k.clone(), cite_publications(tr, lang, c)))
                .collect(),
        ),
        other => other.clone(),
    }
}

impl I18n {
    /// Parse catalogues, one per language.
    pub fn parse(catalogues: &[(Lang, &str)]) -> Result<I18n, String> {
        let trees = catalogues
            .iter()
            .map(|(lang, yaml)| Ok((*lang, tree(*lang, yaml)?)))
            .collect::<Result<Vec<_>, String>>()?;
        let raw = I18n { trees };
        // Texts cite the project's reference notes (`district-a.md §1`); readers see the
        // publication behind each note in their language (crate::cite).
        let trees = raw
            .trees
            .iter()
            .map(|(lang, t)| (*lang, cite_publications(&raw, *lang, t)))
            .collect();
        Ok(I18n { trees })
    }

    /// The bundled catalogues (parsed once; the files are checked by the tests).
    pub fn builtin() -> &'static I18n {
        static CELL: OnceLock<I18n> = OnceLock::new();
        CELL.get_or_init(|| I18n::parse(&CATALOGUES).expect("bundled catalogues are valid"))
    }

    /// The tree of one language, for templates.
    pub fn tree(&self, lang: Lang) -> &Value {
        static EMPTY: Value = Value::Null;
        self.trees
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or(&EMPTY, |(_, t)| t)
    }

    /// Text at a dotted path, or `⟦path⟧` when missing.
    pub fn get(&self, lang: Lang, path: &str) -> String {
        self.lookup(lang, path)
            .map(str::to_string)
            .unwrap_or_else(|| format!("⟦{path}⟧"))
    }

    /// Text at a dotted path, if present.
    pub fn lookup(&self, lang: Lang, path: &str) -> Option<&str> {
        let mut v = self.tree(lang);
        for part in path.split('.') {
            v = v.get(part)?;
        }
        v.as_str()
    }

    /// Text at `path` with `{name}` placeholders replaced by `args`.
    pub fn fill(&self, lang: Lang, path: &str, args: &BTreeMap<String, String>) -> String {
        let mut s = self.get(lang, path);
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    /// Every leaf path of a language's catalogue, for consistency checks.
    pub fn paths(&self, lang: Lang) -> Vec<String> {
        fn walk(v: &Value, p: &str, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    for (k, c) in m {
                        let q = if p.is_empty() {
                            k.clone()
                        } else {
                            format!("{p}.{k}")
                        };
                        walk(c, &q, out);
                    }
                }
                _ => out.push(p.to_string()),
            }
        }
        let mut out = vec![];
        walk(self.tree(lang), "", &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `{name}` placeholders of a text; `{x_ja}` in Japanese stands for the Japanese form of
    /// `{x}` (e.g. a tariff's name).
    fn placeholders(s: &str) -> Vec<String> {
        let mut v: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|x| x.split_once('}').map(|(a, _)| a.to_string()))
            .map(|a| a.strip_suffix("_ja").map(str::to_string).unwrap_or(a))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn every_catalogue_has_the_keys_and_placeholders_of_the_english_one() {
        let t = I18n::parse(&CATALOGUES).unwrap();
        let en = t.paths(Lang::En);
        for (lang, _) in CATALOGUES {
            let mut keys = t.paths(lang);
            keys.sort();
            let mut want = en.clone();
            want.sort();
            assert_eq!(keys, want, "{} has other keys than en", lang.code());
            for p in &en {
                let here = t.lookup(lang, p).unwrap();
                assert!(!here.trim().is_empty(), "{p} is empty in {}", lang.code());
                assert_eq!(
                    placeholders(t.lookup(Lang::En, p).unwrap()),
                    placeholders(here),
                    "placeholders differ at {p} ({})",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn user_texts_are_plain_or_per_language() {
        let plain: Local = serde_yaml::from_str("Plan A").unwrap();
        assert_eq!(plain.text(Lang::Ja), "Plan A");
        assert!(!plain.has(Lang::Ja));
        let both: Local = serde_yaml::from_str("{ en: Plan A, ja: A案 }").unwrap();
        assert_eq!(
            (both.text(Lang::En), both.text(Lang::Ja)),
            ("Plan A", "A案")
        );
        // A language left out falls back to the other; JSON keeps the English text.
        let ja: Local = serde_yaml::from_str("{ ja: A案 }").unwrap();
        assert_eq!(ja.text(Lang::En), "A案");
        assert_eq!(serde_json::to_string(&both).unwrap(), "\"Plan A\"");
        for bad in ["{ fr: Plan A }", "{}", "[Plan A]"] {
            assert!(serde_yaml::from_str::<Local>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn catalogues_are_trees_of_texts() {
        assert!(I18n::parse(&[(Lang::En, "a: [x]")]).is_err());
        let t = I18n::parse(&[
            (Lang::En, "a: { b: 'x {n}' }"),
            (Lang::Ja, "a: { b: 'y {n}' }"),
        ])
        .unwrap();
        let args = BTreeMap::from([("n".to_string(), "3".to_string())]);
        assert_eq!(t.fill(Lang::Ja, "a.b", &args), "y 3");
        assert_eq!(t.get(Lang::En, "a.c"), "⟦a.c⟧");
    }
}
