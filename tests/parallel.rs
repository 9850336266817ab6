//! Parallel runs give the serial results: `--jobs 1` and `--jobs 2` (and the default pool)
//! write byte-identical reports, JSON and CSV, and sweeps print identical points.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn kukaku() -> Command {
    Command::cargo_bin("kukaku").unwrap()
}

fn case_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("landuse_cases")
        .join(name)
}

/// Every file under `dir` (relative path → bytes).
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

fn run(case: &str, jobs: Option<&str>) -> (Vec<u8>, BTreeMap<PathBuf, Vec<u8>>) {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = kukaku();
    cmd.arg("run")
        .arg(case_path(case))
        .args(["--format", "json", "--out"])
        .arg(out.path());
    if let Some(j) = jobs {
        cmd.args(["--jobs", j]);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (o.stdout, files(out.path()))
}

#[test]
fn runs_are_identical_for_any_number_of_threads() {
    // District A: five alternatives, each with its 38-point density sweep; district B:
    // four solar-cluster systems sharing household-model calibrations.
    for case in ["district_a.yaml", "district_b.yaml"] {
        let (json1, files1) = run(case, Some("1"));
        assert!(files1.len() > 10, "{case}: {} files", files1.len());
        for jobs in [Some("2"), Some("3"), None] {
            let (json, f) = run(case, jobs);
            assert!(
                json == json1,
                "{case}: stdout JSON differs with --jobs {jobs:?}"
            );
            assert_eq!(
                f.keys().collect::<Vec<_>>(),
                files1.keys().collect::<Vec<_>>(),
                "{case}"
            );
            for (k, v) in &f {
                assert!(
                    *v == files1[k],
                    "{case}: {} differs with --jobs {jobs:?}",
                    k.display()
                );
            }
        }
    }
}

#[test]
fn sweeps_are_identical_for_any_number_of_threads() {
    let sweep = |jobs: &str| {
        let o = kukaku()
            .arg("sweep")
            .arg(case_path("district_a.yaml"))
            .args([
                "--alternative",
                "mixed",
                "--far",
                "40:400:5",
                "--format",
                "json",
                "--jobs",
                jobs,
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        o.stdout
    };
    let one = sweep("1");
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(v["points"].as_array().unwrap().len(), 73);
    assert!(
        sweep("2") == one,
        "sweep JSON differs between 1 and 2 threads"
    );
}

#[test]
fn jobs_zero_is_a_usage_error() {
    let o = kukaku()
        .args(["check", "--jobs", "0"])
        .arg(case_path("district_a.yaml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--jobs"));
}
