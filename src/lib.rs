//! kukaku (区画): district energy master-planning for land readjustment.
//!
//! Pipeline (ARCHITECTURE.md): case file → [`case`] → floor by use → [`load`] hourly
//! loads and metrics → supply options → verdict → [`report`] (JSON / CSV / HTML).
//! Every stage is a pure function of the previous one plus the read-only
//! [`library::Library`]; only the CLI reads and writes files.

#![warn(missing_docs)]

pub mod appendix;
pub mod assess;
pub mod calendar;
pub mod carrier;
pub mod case;
pub mod cli;
pub mod diversity;
pub mod econ;
pub mod error;
pub mod format;
pub mod household;
pub mod housing;
pub mod i18n;
pub mod import;
pub mod library;
pub mod load;
pub mod pipeline;
pub mod profile;
pub mod report;
pub mod solar;
pub mod sourced;
pub mod supply;
