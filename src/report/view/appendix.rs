//! The assumptions appendix in the report language, condensed: the values the case file
//! set (with the default each replaced), then every default used in one compact table
//! (item, value with unit, numbered citation), then the list of publications cited. A
//! source is cited by its publication ([`crate::cite`]) and the kind of value it is
//! (published, calibrated, assumption, …); the full source notes stay in report.json.

use super::super::Assumption;
use super::Report;
use crate::cite::{self, Basis};
use crate::i18n::{I18n, Lang};
use serde::Serialize;

/// The appendix of a report.
#[derive(Debug, Clone, Serialize)]
pub struct AppendixView {
    /// Values the case file set (overrides of defaults and case-only values).
    pub overrides: Vec<AppendixRow>,
    /// The defaults used and not changed by the case, by group.
    pub groups: Vec<AppendixGroup>,
    /// Publications cited, numbered in order of first citation.
    pub references: Vec<Reference>,
    /// Number of defaults in `groups`.
    pub defaults: usize,
    /// The name of each case-level field the case set (`report.case_overrides`, in order).
    pub case_fields: Vec<String>,
}

/// A group of defaults.
#[derive(Debug, Clone, Serialize)]
pub struct AppendixGroup {
    /// Group name.
    pub name: String,
    /// Rows.
    pub rows: Vec<AppendixRow>,
}

/// One value of the appendix.
#[derive(Debug, Clone, Serialize)]
pub struct AppendixRow {
    /// Group name (overrides table).
    pub group: String,
    /// What it is.
    pub item: String,
    /// Value with its unit.
    pub value: String,
    /// Citation: reference numbers and the kind of value ("[2]", "[1] calibrated",
    /// "assumption").
    pub cite: String,
}

/// A publication of the reference list.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    /// Number, as cited in the tables.
    pub n: usize,
    /// Short title.
    pub title: String,
    /// What the publication is.
    pub text: String,
}

/// `s` with every word (a run of characters `in_word` accepts, given the word so far)
/// replaced by what `name` writes for it; everything between words kept.
pub fn map_words(
    s: &str,
    in_word: impl Fn(char, &str) -> bool,
    mut name: impl FnMut(&str, &mut String),
) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    for c in s.chars() {
        if in_word(c, &word) {
            word.push(c);
        } else {
            if !word.is_empty() {
                name(&word, &mut out);
                word.clear();
            }
            out.push(c);
        }
    }
    if !word.is_empty() {
        name(&word, &mut out);
    }
    out
}

/// Language-neutral snake_case words of data values and units (`electric_first`,
/// `turbo_chiller_dhc`, `annual COP`) in `lang`: a catalogue name of the word as an
/// equipment, carrier, kind or appendix word, else the word itself.
pub fn words(tr: &I18n, lang: Lang, s: &str) -> String {
    map_words(
        s,
        |c, _| c.is_ascii_alphanumeric() || c == '_',
        |w, out| {
            let name = ["appendix.word", "equipment", "carrier", "kind", "purpose"]
                .iter()
                .find_map(|scope| tr.lookup(lang, &format!("{scope}.{w}")));
            out.push_str(name.unwrap_or(w));
        },
    )
}

/// A unit in `lang`: the catalogue's name of the whole unit (`appendix.unit.<unit>`, non-
/// alphanumerics as `_`), else its words.
pub fn unit(tr: &I18n, lang: Lang, u: &str) -> String {
    // A dimensionless value's "unit" is a dash: printed as nothing, not as a key.
    if u.trim_matches(|c: char| c == '–' || c == '-' || c.is_whitespace())
        .is_empty()
    {
        return String::new();
    }
    let key: String = u
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    // A unit of symbols only has a key of underscores: only `¥` is catalogued so (`×`, `°`
    // and `%` are printed as they are, not as the yen's entry).
    if !key.chars().any(|c| c.is_ascii_alphanumeric()) && !u.contains('¥') {
        return u.to_string();
    }
    match tr.lookup(lang, &format!("appendix.unit.{key}")) {
        Some(t) => t.to_string(),
        None => words(tr, lang, u),
    }
}

/// Numbers of four or more integer digits with thousands separators (`1071244` →
/// `1,071,244`); years (1900–2099 standing alone) and decimals are left as they are.
pub fn thousands(s: &str) -> String {
    let b: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit()
            && (i == 0 || !(b[i - 1].is_ascii_digit() || b[i - 1] == '.' || b[i - 1] == ','));
        if !starts {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let j = (i..b.len())
            .find(|&k| !b[k].is_ascii_digit())
            .unwrap_or(b.len());
        let digits: String = b[i..j].iter().collect();
        let year = digits.len() == 4
            && (1900..2100).contains(&digits.parse::<u32>().unwrap_or(0))
            && !(j < b.len() && b[j] == '.');
        if digits.len() >= 4 && !year {
            out.push_str(&crate::format::num(digits.parse::<f64>().unwrap_or(0.0), 0));
        } else {
            out.push_str(&digits);
        }
        i = j;
    }
    out
}

/// Numbered references, in order of first citation.
struct Refs<'a> {
    tr: &'a I18n,
    lang: Lang,
    list: Vec<(String, Reference)>,
}

impl Refs<'_> {
    /// The citation of a source: "[n]" per publication and the kind of value unless it is
    /// simply published.
    fn cite(&mut self, source: &str) -> String {
        let mut parts: Vec<String> = vec![];
        for c in cite::cites(source) {
            let n = match self.list.iter().position(|(p, _)| *p == c.publication) {
                Some(i) => i + 1,
                None => {
                    self.list.push((
                        c.publication.clone(),
                        Reference {
                            n: self.list.len() + 1,
                            title: self
                                .tr
                                .get(self.lang, &format!("cite.pub.{}", c.publication)),
                            text: self
                                .tr
                                .get(self.lang, &format!("cite.long.{}", c.publication)),
                        },
                    ));
                    self.list.len()
                }
            };
            parts.push(format!("[{n}]"));
        }
        let basis = cite::basis(source);
        let mut s = parts.join("");
        if basis != Basis::Published {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&self.tr.get(self.lang, basis.key()));
        }
        s
    }
}

/// The item of a row in `lang`: its catalogue text, else the catalogue label of its data
/// key, else its words.
fn item(tr: &I18n, lang: Lang, a: &Assumption) -> String {
    if let Some(t) = &a.item_text {
        return t.text(lang);
    }
    match tr.lookup(lang, &format!("appendix.{}", a.key)) {
        Some(l) if !a.key.is_empty() => l.to_string(),
        _ => words(tr, lang, &a.item),
    }
}

/// A case value that is a structured block (JSON of an object or a list, as the case's
/// `project:` or a roof's building groups are recorded) as readable text: `key: value`
/// pairs joined by "; ", lists by the language's separator, nested blocks in parentheses,
/// unset (null) fields and empty lists left out, a block with nothing set as "default";
/// any other value unchanged. Words are translated after ([`words`]).
fn structured(value: &str, lang: Lang) -> String {
    fn text(v: &serde_json::Value, lang: Lang) -> String {
        use serde_json::Value;
        // Blocks inside blocks in parentheses; a list of plain values as it is.
        let nested = |v: &Value| match v {
            Value::Object(_) => format!("({})", text(v, lang)),
            Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
                format!("({})", text(v, lang))
            }
            _ => text(v, lang),
        };
        // Unset fields and empty lists are left out.
        let unset = |v: &Value| v.is_null() || v.as_array().is_some_and(|a| a.is_empty());
        match v {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            Value::Array(items) => items
                .iter()
                .map(nested)
                .collect::<Vec<_>>()
                .join(lang.list_separator()),
            Value::Object(m) => m
                .iter()
                .filter(|(_, v)| !unset(v))
                .map(|(k, v)| format!("{k}: {}", nested(v)))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
    let t = value.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return value.to_string();
    }
    match serde_json::from_str::<serde_json::Value>(value) {
        // A block with nothing set (`chp: {}`) takes every default.
        Ok(v) => match text(&v, lang) {
            t if t.is_empty() => "default".to_string(),
            t => t,
        },
        Err(_) => value.to_string(),
    }
}

fn row(tr: &I18n, lang: Lang, a: &Assumption, refs: &mut Refs, case_file: bool) -> AppendixRow {
    let value = match &a.value_text {
        Some(t) => thousands(&t.text(lang)),
        None => thousands(&words(tr, lang, &structured(&a.value, lang))),
    };
    let u = unit(tr, lang, &a.unit);
    let value = match (value.is_empty(), u.is_empty()) {
        (false, false) => format!("{value} {u}"),
        (false, true) => value,
        (true, _) => u,
    };
    AppendixRow {
        group: a.group_text.text(lang),
        item: item(tr, lang, a),
        value,
        cite: if case_file {
            tr.get(lang, "appendix.case_file")
        } else {
            refs.cite(&a.source)
        },
    }
}

/// The appendix of `report` in `lang`.
pub fn appendix(report: &Report, lang: Lang) -> AppendixView {
    let tr = I18n::builtin();
    let mut refs = Refs {
        tr,
        lang,
        list: vec![],
    };
    let overrides = report
        .assumptions
        .iter()
        .filter(|a| a.overridden)
        .map(|a| {
            let mut r = row(tr, lang, a, &mut refs, a.source == report.case.file);
            if a.source != report.case.file {
                r.cite = format!("{} · {}", tr.get(lang, "appendix.case_file"), r.cite);
            }
            r
        })
        .collect();
    let mut groups: Vec<AppendixGroup> = vec![];
    let mut defaults = 0;
    for a in report.assumptions.iter().filter(|a| !a.overridden) {
        let r = row(tr, lang, a, &mut refs, false);
        defaults += 1;
        match groups.last_mut() {
            Some(g) if g.name == r.group => g.rows.push(r),
            _ => groups.push(AppendixGroup {
                name: r.group.clone(),
                rows: vec![r],
            }),
        }
    }
    let case_fields = report
        .case_overrides
        .iter()
        .map(|o| {
            let key = format!("appendix.case_field.{}", o.field.replace('.', "_"));
            tr.lookup(lang, &key).unwrap_or(&o.field).to_string()
        })
        .collect();
    AppendixView {
        case_fields,
        overrides,
        groups,
        references: refs.list.into_iter().map(|(_, r)| r).collect(),
        defaults,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structured_values_read_as_pairs_without_unset_fields() {
        let v = r#"{"connection":{"obliged_parcels":["a","b"],"means":null},"staged":true,"groups":[{"id":"x","uses":[]},{"id":"y"}]}"#;
        assert_eq!(
            structured(v, Lang::En),
            "connection: (obliged_parcels: a, b); groups: ((id: x), (id: y)); staged: true"
        );
        assert_eq!(structured("{}", Lang::Ja), "default");
        // Plain values, and text that only looks like a block, stay as they are.
        assert_eq!(structured("0.5", Lang::En), "0.5");
        assert_eq!(structured("{not json", Lang::En), "{not json");
    }

    #[test]
    fn large_numbers_get_thousands_separators_but_years_do_not() {
        assert_eq!(thousands("1071244"), "1,071,244");
        assert_eq!(thousands("¥1071244 k"), "¥1,071,244 k");
        assert_eq!(thousands("0.9025"), "0.9025");
        assert_eq!(thousands("2023"), "2023");
        assert_eq!(thousands("12.5, 33100"), "12.5, 33,100");
        assert_eq!(thousands("1000.5"), "1,000.5");
    }

    #[test]
    fn identifiers_read_as_names() {
        let tr = I18n::builtin();
        let s = words(tr, Lang::Ja, "turbo_chiller_dhc");
        assert!(!s.contains("turbo"), "{s}");
    }
}
