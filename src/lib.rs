//! kukaku (区画): district energy master-planning for land readjustment.
//!
//! Pipeline (ARCHITECTURE.md): case file → [`case`] → [`pipeline::prepare()`] (every file
//! attached, system specs checked) → per alternative [`pipeline::run_alternative`] (floor
//! by use → [`load`] hourly loads and metrics → [`supply`] systems → [`assess`] verdict) →
//! [`report`] (model, JSON / CSV / HTML). Every stage is a function of the previous one
//! plus the read-only [`library::Library`]; only case parsing and preparation read files
//! and only the writers and the CLI write them.

#![warn(missing_docs)]

pub mod appendix;
pub mod assess;
pub mod calendar;
pub mod carrier;
pub mod case;
pub mod cite;
pub mod cli;
pub mod diversity;
pub mod econ;
pub mod error;
pub mod format;
pub mod fuel_records;
pub mod household;
pub mod housing;
pub mod i18n;
pub mod import;
pub mod library;
pub mod limits;
pub mod load;
pub mod pipeline;
pub mod profile;
pub mod project;
pub mod report;
pub mod solar;
pub mod sourced;
pub mod supply;
