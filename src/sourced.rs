//! Values with provenance: every built-in default is written in a data file under
//! `src/data/` as `{ value, unit, source }` and parsed into [`Sourced`], so the source
//! travels with the number to the report's assumptions appendix ([`crate::appendix`]).

use serde::{Deserialize, Serialize};

/// A default value with its unit (as printed; empty for ids, flags and pure numbers) and
/// its source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sourced<T = f64> {
    /// Value.
    pub value: T,
    /// Unit as printed in the appendix.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// Source.
    pub source: String,
}

/// A default given as text (an id) with its source.
pub type SourcedText = Sourced<String>;

/// A yes/no default with its source.
pub type SourcedFlag = Sourced<bool>;

/// A list of hours of day (0–23) with its source.
pub type SourcedHours = Sourced<Vec<usize>>;

/// A pair of hours of day `[start, end)` with its source.
pub type SourcedWindow = Sourced<[usize; 2]>;
