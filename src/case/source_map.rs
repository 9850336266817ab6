//! Positions in the case file: a field path such as `alternatives[1].parcels[0].far_pct`
//! turned into file, line and column, and reader errors turned into input errors with a
//! "did you mean" hint.
//!
//! Errors at a field path are made without a position ([`SourceMap::error`]); the
//! position is looked up once, when the error leaves the stage that found it
//! ([`SourceMap::locate_error`], applied by `case::parse` and `pipeline::prepare`), by
//! streaming the file's events again ([`super::yaml::locate`]). No tree of the file is
//! kept, so a case of a million parcels costs no memory for positions.

use super::yaml;
use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// Source text and name used to turn a field path into line:column.
#[derive(Clone)]
pub struct SourceMap {
    file: String,
    text: Arc<str>,
}

impl SourceMap {
    /// A map over the case text (`file` names it in messages).
    pub fn new(file: &str, text: &str) -> SourceMap {
        SourceMap {
            file: file.to_string(),
            text: Arc::from(text),
        }
    }

    /// The file name used in messages.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// An input error at a field path like `alternatives[1].parcels[0].far_pct` (its line
    /// and column are added by [`SourceMap::locate_error`]).
    pub fn error(&self, path: &str, message: impl Into<String>) -> Error {
        Error::input(self.file.clone(), None, None, path, message)
    }

    /// An input error at a field path with its position looked up now.
    pub fn located(&self, path: &str, message: impl Into<String>) -> Error {
        self.locate_error(self.error(path, message))
    }

    /// Add the line and column of its field path to an error about this file that has
    /// none yet.
    pub fn locate_error(&self, e: Error) -> Error {
        match e {
            Error::Input(mut ie) if ie.file == self.file && ie.line.is_none() => {
                if let Some((l, c)) = self.locate(&ie.field) {
                    ie.line = Some(l);
                    ie.column = Some(c);
                }
                Error::Input(ie)
            }
            other => other,
        }
    }

    /// Line and column of the value at `path`, or of its nearest existing parent.
    pub fn locate(&self, path: &str) -> Option<(usize, usize)> {
        yaml::locate(&self.text, path).map(|m| (m.line, m.column))
    }
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

/// Deserialize YAML text into `T`, turning reader errors into input errors with file,
/// line, column, field path and a "did you mean" hint for unknown fields.
pub fn from_yaml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    yaml::from_str(text).map_err(|e| {
        let (line, col) = e
            .mark
            .map_or((None, None), |m| (Some(m.line), Some(m.column)));
        Error::input(
            file,
            line,
            col,
            e.path.unwrap_or_default(),
            hint_unknown_field(&e.message),
        )
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
