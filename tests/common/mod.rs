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

/// `kukaku run CASE --format json` (the release binary of this crate), asserting success,
/// as JSON.
pub fn run_json(case: &std::path::Path) -> serde_json::Value {
    let out = assert_cmd::Command::cargo_bin("kukaku")
        .unwrap()
        .arg("run")
        .arg(case)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: exit {:?}: {}",
        case.display(),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A JSON number (panics naming the value if it is not one).
pub fn num(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// `kukaku check` on a case text written to a temp dir: (exit code, stderr, the file, its
/// dir — kept alive by the caller while the file is needed).
pub fn check_text(yaml: &str) -> (i32, String, std::path::PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.yaml");
    std::fs::write(&path, yaml).unwrap();
    let out = assert_cmd::Command::cargo_bin("kukaku")
        .unwrap()
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).to_string(),
        path,
        dir,
    )
}
