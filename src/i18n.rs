//! Report language: every label, caption and finding text in English and Japanese, kept
//! in one data file (`src/data/i18n.yaml`) rather than scattered through templates.
//!
//! The file is a tree whose leaves are `{ en: …, ja: … }`. Templates read the tree of the
//! chosen language as `tr` (e.g. `{{ tr.metric.cf }}`); Rust code uses [`I18n::get`] and
//! [`I18n::fill`] (named `{placeholders}`). A missing key is an error in tests: Tera fails
//! on an undefined `tr.…` and [`I18n::get`] returns a visible `⟦key⟧` marker.

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
}

/// A translatable text: a key under the translation table and its placeholder values
/// (already formatted, language-neutral).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Phrase {
    /// Dotted path in `src/data/i18n.yaml`.
    pub key: String,
    /// Placeholder values.
    pub args: BTreeMap<String, String>,
}

impl Phrase {
    /// A phrase with key `key` and placeholder values `args`.
    pub fn new(key: &str, args: &[(&str, String)]) -> Phrase {
        Phrase {
            key: key.to_string(),
            args: args
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        }
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        I18n::builtin().fill(lang, &self.key, &self.args)
    }
}

/// The bundled translation table.
pub const I18N_YAML: &str = include_str!("data/i18n.yaml");

/// Translation trees, one per language.
#[derive(Debug, Clone)]
pub struct I18n {
    en: Value,
    ja: Value,
}

fn split(v: &serde_yaml::Value, path: &str, en: &mut Value, ja: &mut Value) -> Result<(), String> {
    let map = v
        .as_mapping()
        .ok_or_else(|| format!("i18n.yaml: `{path}` is not a mapping"))?;
    let is_leaf = map.contains_key("en") || map.contains_key("ja");
    if is_leaf {
        let get = |k: &str| {
            map.get(k)
                .and_then(|x| x.as_str())
                .map(str::to_string)
                .ok_or_else(|| format!("i18n.yaml: `{path}` has no `{k}` text"))
        };
        if map.len() != 2 {
            return Err(format!(
                "i18n.yaml: `{path}` must have exactly `en` and `ja`"
            ));
        }
        *en = Value::String(get("en")?);
        *ja = Value::String(get("ja")?);
        return Ok(());
    }
    let mut e = serde_json::Map::new();
    let mut j = serde_json::Map::new();
    for (k, child) in map {
        let k = k
            .as_str()
            .ok_or_else(|| format!("i18n.yaml: non-string key under `{path}`"))?;
        let p = if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        };
        let (mut ce, mut cj) = (Value::Null, Value::Null);
        split(child, &p, &mut ce, &mut cj)?;
        e.insert(k.to_string(), ce);
        j.insert(k.to_string(), cj);
    }
    *en = Value::Object(e);
    *ja = Value::Object(j);
    Ok(())
}

impl I18n {
    /// Parse a translation table (every leaf must carry both languages).
    pub fn parse(yaml: &str) -> Result<I18n, String> {
        let v: serde_yaml::Value =
            serde_yaml::from_str(yaml).map_err(|e| format!("i18n.yaml: {e}"))?;
        let (mut en, mut ja) = (Value::Null, Value::Null);
        split(&v, "", &mut en, &mut ja)?;
        Ok(I18n { en, ja })
    }

    /// The bundled table (parsed once; the file is validated by the tests).
    pub fn builtin() -> &'static I18n {
        static CELL: OnceLock<I18n> = OnceLock::new();
        CELL.get_or_init(|| I18n::parse(I18N_YAML).expect("bundled i18n.yaml is valid"))
    }

    /// The tree of one language, for templates.
    pub fn tree(&self, lang: Lang) -> &Value {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
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

    /// Every leaf path, for consistency checks.
    pub fn paths(&self) -> Vec<String> {
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
        walk(&self.en, "", &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_has_both_languages_everywhere() {
        let t = I18n::parse(I18N_YAML).unwrap();
        for p in t.paths() {
            let en = t.lookup(Lang::En, &p).unwrap();
            let ja = t.lookup(Lang::Ja, &p).unwrap();
            assert!(!en.trim().is_empty() && !ja.trim().is_empty(), "{p}");
            // Placeholders must match between languages; `{x_ja}` in Japanese stands for
            // the Japanese form of `{x}` (e.g. a tariff's name).
            let ph = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|x| x.split_once('}').map(|(a, _)| a.to_string()))
                    .map(|a| a.strip_suffix("_ja").map(str::to_string).unwrap_or(a))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(ph(en), ph(ja), "placeholders differ at {p}");
        }
    }

    #[test]
    fn leaves_need_both_languages() {
        assert!(I18n::parse("a: { en: x }").is_err());
        assert!(I18n::parse("a: { en: x, ja: y, fr: z }").is_err());
        let t = I18n::parse("a: { b: { en: 'x {n}', ja: 'y {n}' } }").unwrap();
        let args = BTreeMap::from([("n".to_string(), "3".to_string())]);
        assert_eq!(t.fill(Lang::Ja, "a.b", &args), "y 3");
        assert_eq!(t.get(Lang::En, "a.c"), "⟦a.c⟧");
    }
}
