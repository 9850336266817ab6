//! Helpers shared by the integration tests (`mod common;` in each test file that uses
//! them). Each test file is its own crate and uses only some of these, hence the
//! `dead_code` allowance.
#![allow(dead_code)]

use kukaku::report::Report;
use kukaku::supply::SystemResult;

/// A small valid case: two parcels (office by FAR, hotel by floor) in one alternative.
/// Tests derive invalid or extended cases from it by text edits, so its lines are
/// part of the tests' expectations (line numbers of errors).
pub const GOOD: &str = "\
name: Test district
district:
  gross_area_ha: 10
alternatives:
  - id: base
    parcels:
      - id: a
        site_area_ha: 2
        far_pct: 400
        use: office
      - id: b
        floor_m2: 20000
        use: hotel
";

/// System `sys` of alternative `alt` in a built report (panics naming both if absent).
pub fn system<'a>(r: &'a Report, alt: &str, sys: &str) -> &'a SystemResult {
    r.alternatives
        .iter()
        .find(|a| a.id == alt)
        .unwrap_or_else(|| panic!("alternative {alt}"))
        .systems
        .iter()
        .find(|s| s.id == sys)
        .unwrap_or_else(|| panic!("system {sys} of {alt}"))
}
