//! Values with provenance: every built-in default is written in a data file under
//! `src/data/` as `{ value, source }` and parsed into these types, so the source travels
//! with the number to the report's assumptions appendix.

use serde::{Deserialize, Serialize};

/// A default value with its source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sourced {
    /// Value.
    pub value: f64,
    /// Source.
    pub source: String,
}

/// A default given as text (an id) with its source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourcedText {
    /// Value.
    pub value: String,
    /// Source.
    pub source: String,
}

/// A yes/no default with its source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourcedFlag {
    /// Value.
    pub value: bool,
    /// Source.
    pub source: String,
}

/// A list of hours of day (0–23) with its source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourcedHours {
    /// Hours of day.
    pub value: Vec<usize>,
    /// Source.
    pub source: String,
}

/// A pair of hours of day `[start, end)` with its source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourcedWindow {
    /// Start and end hour (0–24).
    pub value: [usize; 2],
    /// Source.
    pub source: String,
}
