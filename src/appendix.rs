//! Entries of the assumptions appendix, generated from the built-in data types themselves:
//! every `{ value, unit, source }` entry of a data file ([`crate::sourced::Sourced`]) and
//! every entry whose `source` describes a group of values (a plant, a pump design, a cost
//! class) becomes one [`Entry`], in the order the data file writes them, keyed by its path.
//! A default added to a data file therefore reaches the appendix without code.

use serde::Serialize;
use serde_yaml::Value;

/// One entry of a data type.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Path of the entry inside the walked value (`network.route_factor`,
    /// `pipe.cost_classes[0]`).
    pub key: String,
    /// Name of the enclosing group when it carries a `label` (a tariff, a factor set).
    pub context: Option<String>,
    /// Its Japanese name, when the group carries a `label_ja`.
    pub context_ja: Option<String>,
    /// The value as printed (numbers as Rust prints them, lists joined by commas, groups
    /// of values as `name value` pairs).
    pub value: String,
    /// Unit, as the data file writes it.
    pub unit: String,
    /// Source.
    pub source: String,
}

/// The entries of `data` (any serializable data type), keys prefixed with `prefix`.
pub fn entries<T: Serialize>(prefix: &str, data: &T) -> Vec<Entry> {
    serde_yaml::to_value(data)
        .map(|v| entries_of(prefix, &v))
        .unwrap_or_default()
}

/// The entries of an already serialized value, keys prefixed with `prefix`.
pub fn entries_of(prefix: &str, v: &Value) -> Vec<Entry> {
    let mut out = vec![];
    walk(prefix, None, v, &mut out);
    out
}

/// The group name of a walked mapping: its `label` and `label_ja`.
type Context<'a> = Option<(&'a str, Option<&'a str>)>;

/// The top-level sections of a data type in file order: (name, value).
pub fn sections<T: Serialize>(data: &T) -> Vec<(String, Value)> {
    match serde_yaml::to_value(data) {
        Ok(Value::Mapping(m)) => m
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v)))
            .collect(),
        _ => vec![],
    }
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

/// A scalar or a list of scalars as printed; `None` for null and nested values.
pub fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => f.to_string(),
            _ => n.to_string(),
        }),
        Value::String(s) => Some(s.clone()),
        Value::Sequence(items) if items.is_empty() => Some("–".into()),
        Value::Sequence(items) => items
            .iter()
            .map(scalar)
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join(", ")),
        // A small group inside a list (a chiller share): `(name value, …)`.
        Value::Mapping(m) => Some(format!(
            "({})",
            m.iter()
                .filter_map(|(k, v)| Some(format!("{} {}", k.as_str()?, scalar(v)?)))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Value::Tagged(_) => None,
    }
}

fn walk(key: &str, context: Context, v: &Value, out: &mut Vec<Entry>) {
    match v {
        Value::Mapping(m) => {
            let text = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
            if let Some(source) = text("source") {
                let value = match m.get("value") {
                    Some(v) => scalar(v).unwrap_or_default(),
                    // A group of values with one source: `name value` pairs.
                    None => m
                        .iter()
                        .filter_map(|(k, v)| {
                            let k = k.as_str()?;
                            if k == "source" || k.starts_with("label") {
                                return None;
                            }
                            Some(format!("{k} {}", scalar(v)?))
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                out.push(Entry {
                    key: key.to_string(),
                    context: context.map(|c| c.0.to_string()),
                    context_ja: context.and_then(|c| c.1).map(str::to_string),
                    value,
                    unit: text("unit").unwrap_or_default(),
                    source,
                });
                return;
            }
            let label = m.get("label").and_then(Value::as_str);
            let label_ja = m.get("label_ja").and_then(Value::as_str);
            let context = label.map(|l| (l, label_ja)).or(context);
            for (k, child) in m {
                if let Some(k) = k.as_str() {
                    walk(&join(key, k), context, child, out);
                }
            }
        }
        Value::Sequence(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(&format!("{key}[{i}]"), context, child, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sourced_entry_becomes_a_row_in_file_order() {
        let yaml = "b: { value: 1000.0, unit: m, source: s1 }\n\
                    a:\n  label: Tariff A\n  x: { value: [8, 18], source: s2 }\n  y: 3\n\
                    c: [ { max: 0.2, cost: 245000, source: s3 }, { max: null, cost: 3, source: s4 } ]\n\
                    d: { kind: pump, cop: 4.5, heating_cop: null, source: s5 }\n\
                    e: { cooling: [ { equipment: turbo, share: 0.5 } ], heating: [], source: s6 }\n";
        let v: Value = serde_yaml::from_str(yaml).unwrap();
        let e = entries("t", &v);
        let rows: Vec<(&str, Option<&str>, &str, &str, &str)> = e
            .iter()
            .map(|e| {
                (
                    e.key.as_str(),
                    e.context.as_deref(),
                    e.value.as_str(),
                    e.unit.as_str(),
                    e.source.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("t.b", None, "1000", "m", "s1"),
                ("t.a.x", Some("Tariff A"), "8, 18", "", "s2"),
                ("t.c[0]", None, "max 0.2, cost 245000", "", "s3"),
                ("t.c[1]", None, "cost 3", "", "s4"),
                ("t.d", None, "kind pump, cop 4.5", "", "s5"),
                (
                    "t.e",
                    None,
                    "cooling (equipment turbo, share 0.5), heating –",
                    "",
                    "s6"
                ),
            ]
        );
    }
}
