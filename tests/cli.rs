//! Integration tests that run the real `kukaku` binary on the bundled and on broken case
//! files: exit codes and messages of CONTRACT.md, the JSON names scripts rely on, atomic
//! report writing.

mod common;
use assert_cmd::Command;
use common::GOOD;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn kukaku() -> Command {
    Command::cargo_bin("kukaku").unwrap()
}

fn case_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("landuse_cases")
        .join(name)
}

fn stdout_json(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is exactly one JSON document")
}

use common::check_text;

#[test]
fn run_json_follows_the_contract() {
    let v = stdout_json(
        kukaku()
            .arg("run")
            .arg(case_path("district_a.yaml"))
            .args(["--format", "json"]),
    );
    assert_eq!(v["schema"], "kukaku.report/1");
    for k in ["name", "region", "factor_set"] {
        assert!(v["case"][k].is_string(), "case.{k}");
    }
    let alts = v["alternatives"].as_array().unwrap();
    let ids: Vec<&str> = alts.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "base",
            "mixed",
            "dense",
            "base_plus_hotel_outside",
            "mixed_plus_office_retail_outside"
        ]
    );
    for a in alts {
        let area = a["district_area_m2"].as_f64().unwrap();
        let floor = a["floor_area_m2"].as_f64().unwrap();
        assert!((a["gross_far"].as_f64().unwrap() - floor / area).abs() < 1e-9);
        let by_use: f64 = a["floor_by_use_m2"]
            .as_object()
            .unwrap()
            .values()
            .map(|x| x.as_f64().unwrap())
            .sum();
        assert!((by_use - floor).abs() < 1e-6 * floor);
        for c in ["heating", "hot_water", "cooling", "electricity"] {
            let l = &a["loads"][c];
            for k in [
                "annual_mwh",
                "sum_of_design_peaks_kw",
                "coincident_peak_kw",
                "coincidence_factor",
                "sum_of_sizing_peaks_kw",
                "daily_load_factor",
                "annual_load_factor",
                "full_load_hours",
            ] {
                assert!(l[k].is_number(), "{} loads.{c}.{k}", a["id"]);
            }
            let cf = l["coincidence_factor"].as_f64().unwrap();
            assert!(cf > 0.0 && cf <= 1.0 + 1e-12);
            let ratio = l["coincident_peak_kw"].as_f64().unwrap()
                / l["sum_of_design_peaks_kw"].as_f64().unwrap();
            assert!((ratio - cf).abs() < 1e-9);
        }
        for s in a["systems"].as_array().unwrap() {
            for k in [
                "heat_demand_gj",
                "electricity_mwh",
                "gas_knm3",
                "primary_energy_gj",
                "energy_efficiency",
                "co2_t",
                "co2_kg_per_m2",
            ] {
                assert!(s[k].is_number(), "{}/{} {k}", a["id"], s["id"]);
            }
            for k in [
                "construction_cost_kyen",
                "annual_cost_kyen",
                "heat_sold_gj",
                "heat_price_yen_per_mj",
                "per_dwelling",
            ] {
                assert!(s.get(k).is_some(), "{}/{} lacks {k}", a["id"], s["id"]);
            }
            let kind = s["kind"].as_str().unwrap();
            assert!(["individual", "dhc", "solar_cluster"].contains(&kind));
        }
        for k in ["density", "efficiency", "price"] {
            let g = &a["rating"][k];
            assert!(
                g.is_null() || ["good", "standard", "weak"].contains(&g.as_str().unwrap()),
                "rating.{k} = {g}"
            );
        }
    }
    let mixed = &alts[1];
    let sys: Vec<&str> = mixed["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        sys,
        [
            "individual",
            "dhc",
            "dhc_unused30",
            "dhc_buildup50",
            "dhc_pipe_subsidy",
            "dhc_tunnel_subsidy",
            "dhc_chp"
        ]
    );
}

#[test]
fn run_writes_the_report_folder() {
    let out = tempfile::tempdir().unwrap();
    kukaku()
        .arg("run")
        .arg(case_path("district_a.yaml"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let dir = out.path().join("district_a");
    for f in [
        "index.html",
        "comparison.html",
        "report.json",
        "alt-base.html",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let csvs = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "csv")
        })
        .count();
    assert!(csvs > 0, "CSV tables written");
    // The written JSON is the same model as --format json prints.
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    let printed = stdout_json(
        kukaku()
            .arg("run")
            .arg(case_path("district_a.yaml"))
            .args(["--format", "json"]),
    );
    assert_eq!(written["alternatives"], printed["alternatives"]);
}

#[test]
fn bundled_cases_check_and_run() {
    for f in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("landuse_cases")).unwrap()
    {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            kukaku().arg("check").arg(&p).assert().success();
            let v = stdout_json(kukaku().arg("run").arg(&p).args(["--format", "json"]));
            assert!(!v["alternatives"].as_array().unwrap().is_empty());
        }
    }
}

#[test]
fn a_failed_run_leaves_the_previous_report_intact() {
    let out = tempfile::tempdir().unwrap();
    let (_, _, good, _d1) = check_text(GOOD);
    kukaku()
        .arg("run")
        .arg(&good)
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let report = out.path().join("case").join("report.json");
    let before = std::fs::read(&report).unwrap();
    // Same case name, now broken: the run fails and the old report stays as it was.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("case.yaml");
    std::fs::write(&bad, GOOD.replace("far_pct: 400", "far_pct: -4")).unwrap();
    let o = kukaku()
        .arg("run")
        .arg(&bad)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&report).unwrap(), before);
    let entries: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(entries, ["case"], "no temporary folders left behind");
}

#[test]
fn bad_input_names_file_line_column_and_field() {
    // (replace in GOOD, or whole text; expected fragments of the message)
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            GOOD.replace("far_pct: 400", "far_pc: 400"),
            vec![
                ":9:9:",
                "alternatives[0].parcels[0].far_pc",
                "did you mean `far_pct`",
            ],
        ),
        (
            GOOD.replace("far_pct: 400", "far_pct: 2500"),
            vec![":9:18:", "alternatives[0].parcels[0].far_pct", "2000"],
        ),
        (
            GOOD.replace("site_area_ha: 2", "site_area_ha: -2"),
            vec![":8:23:", "alternatives[0].parcels[0].site_area_ha"],
        ),
        (
            GOOD.replace("use: office", "use: ofice"),
            vec![
                ":10:14:",
                "alternatives[0].parcels[0].use",
                "did you mean `office`",
            ],
        ),
        (
            GOOD.replace("use: hotel", "uses: { hotel: 0, office: 0 }"),
            vec!["alternatives[0].parcels[1].uses", "sum"],
        ),
        (
            GOOD.replace("gross_area_ha: 10", "gross_area_ha: ten"),
            vec![":3:18:", "district.gross_area_ha"],
        ),
        (
            "name: x\ndistrict: { gross_area_ha: 1 }\nalternatives: []\n".to_string(),
            vec!["alternatives", "no alternatives"],
        ),
        (
            GOOD.replace("  - id: base\n", "  - id: base\n    from: nowhere\n"),
            vec![":6:11:", "alternatives[0].from", "nowhere"],
        ),
        (
            format!("{GOOD}    systems:\n      - {{ id: d, kind: dhcc }}\n"),
            vec![
                ":15:24:",
                "alternatives[0].systems[0].kind",
                "did you mean `dhc`",
            ],
        ),
        ("name: [unclosed\n".to_string(), vec!["case.yaml:"]),
    ];
    for (yaml, want) in cases {
        let (code, err, _, _d) = check_text(&yaml);
        assert_eq!(code, 2, "exit code 2 for:\n{yaml}\n{err}");
        assert!(!err.contains("panicked"), "no panic: {err}");
        assert!(err.contains("case.yaml"), "names the file: {err}");
        for w in want {
            assert!(
                err.contains(w),
                "`{w}` missing from: {err}\n--- for:\n{yaml}"
            );
        }
    }
}

#[test]
fn missing_case_file_is_invalid_input() {
    let o = kukaku()
        .args(["check", "/nonexistent/case.yaml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/case.yaml"));
}

#[test]
fn mix_json_follows_the_contract() {
    let v = stdout_json(kukaku().args(["mix", "office", "hotel", "--format", "json"]));
    assert_eq!(v["uses"], serde_json::json!(["office", "hotel"]));
    assert_eq!(v["shares"], serde_json::json!([1.0, 1.0]));
    for c in [
        "heating",
        "hot_water",
        "cooling",
        "electricity",
        "heating_hot_water",
        "cooling_electricity",
    ] {
        let l = &v["loads"][c];
        for k in [
            "coincidence_factor",
            "daily_load_factor",
            "annual_load_factor",
            "coincident_peak_kw",
            "sum_of_design_peaks_kw",
        ] {
            let x = l[k].as_f64().unwrap_or_else(|| panic!("{c}.{k}"));
            assert!(x.is_finite() && x >= 0.0);
        }
        assert!(l["coincidence_factor"].as_f64().unwrap() <= 1.0 + 1e-12);
    }
    // Office heating peaks in the morning, hotel heating at 17:00: mixing them levels the peak.
    assert!(
        v["loads"]["heating"]["coincidence_factor"]
            .as_f64()
            .unwrap()
            < 0.95
    );
    let shares = stdout_json(kukaku().args([
        "mix",
        "office:2",
        "retail:1",
        "housing:1",
        "--format",
        "json",
    ]));
    assert_eq!(shares["shares"], serde_json::json!([2.0, 1.0, 1.0]));
    let one = stdout_json(kukaku().args(["mix", "office", "--format", "json"]));
    assert!(
        (one["loads"]["cooling"]["coincidence_factor"]
            .as_f64()
            .unwrap()
            - 1.0)
            .abs()
            < 1e-12
    );
}

#[test]
fn mix_rejects_unknown_uses_and_bad_shares() {
    for args in [
        vec!["mix", "ofice"],
        vec!["mix", "office:-1"],
        vec!["mix", "office:x"],
    ] {
        let o = kukaku().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn library_lists_every_use_with_sources() {
    let v = stdout_json(kukaku().args(["library", "--format", "json"]));
    let text = v.to_string();
    for u in [
        "office", "retail", "hotel", "hospital", "care", "sports", "housing",
    ] {
        assert!(text.contains(&format!("\"{u}\"")), "{u}");
    }
    assert!(text.contains("loads.md"));
}

#[test]
fn init_prints_a_starter_case_that_checks() {
    let o = kukaku().arg("init").output().unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            > 10
    );
    let (code, err, _, _d) = check_text(&text);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn sweep_finds_far_break_even_points() {
    let v = stdout_json(kukaku().args([
        "sweep",
        case_path("district_a.yaml").to_str().unwrap(),
        "--alternative",
        "base",
        "--far",
        "30:300:10",
        "--format",
        "json",
    ]));
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 28);
    let price = |p: &Value| {
        p["systems"]["dhc"]["heat_price_yen_per_mj"]
            .as_f64()
            .unwrap()
    };
    // Price falls as density rises (fixed network and staff over more heat).
    assert!(price(&points[0]) > price(points.last().unwrap()));
    let be = v["break_even"].as_array().unwrap();
    assert!(
        be.iter().any(|b| b["what"].as_str().unwrap().contains('6')),
        "a 6 ¥/MJ crossing between 30 % and 300 %: {be:?}"
    );
    let csv = kukaku()
        .args([
            "sweep",
            case_path("district_a.yaml").to_str().unwrap(),
            "--alternative",
            "mixed",
            "--replace",
            "office->hotel:0:1:0.25",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(csv.status.success());
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(text.lines().count() > 5 * 2, "{text}");
    let bad = kukaku()
        .args([
            "sweep",
            case_path("district_a.yaml").to_str().unwrap(),
            "--alternative",
            "nope",
            "--far",
            "50:100:10",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// Issue 10: `kukaku mix --case --alternative` takes region, dataset, uses and floors from
/// the case (so its coincidence factors are the alternative's own), and `--chart` writes the
/// design-day curves of the uses and their sum with the peak hours marked.
#[test]
fn mix_explorer_reads_an_alternative_and_draws_its_design_days() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("mix.svg");
    let case = case_path("district_a.yaml");
    let mix = stdout_json(
        kukaku()
            .args(["mix", "--case"])
            .arg(&case)
            .args(["--alternative", "mixed", "--format", "json", "--chart"])
            .arg(&chart),
    );
    let run = stdout_json(kukaku().arg("run").arg(&case).args(["--format", "json"]));
    let alt = run["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "mixed")
        .unwrap();
    assert_eq!(mix["dataset"], "cogeneration");
    for c in ["heating", "hot_water", "cooling", "electricity"] {
        let (a, b) = (
            mix["loads"][c]["coincidence_factor"].as_f64().unwrap(),
            alt["loads"][c]["coincidence_factor"].as_f64().unwrap(),
        );
        assert!((a - b).abs() < 1e-9, "{c}: {a} vs {b}");
    }
    let svg = std::fs::read_to_string(&chart).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let panels = doc.descendants().filter(|n| n.has_tag_name("g")).count();
    assert_eq!(panels, 4, "a panel per carrier");
    // Every use's curve and the sum carry a peak marker in every panel.
    let markers = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    assert_eq!(markers, 4 * (6 + 1));
    // A subset of the alternative's uses, and a use it does not have.
    let pair = stdout_json(
        kukaku()
            .args(["mix", "office", "hotel", "--case"])
            .arg(&case)
            .args(["--alternative", "mixed", "--format", "json"]),
    );
    assert_eq!(pair["uses"], serde_json::json!(["hotel", "office"]));
    let out = kukaku()
        .args(["mix", "sports", "--case"])
        .arg(&case)
        .args(["--alternative", "mixed"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no floor"));
}

/// Entries of a folder (none when it does not exist).
fn entries_of(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn run_pdf_without_a_browser_is_refused_before_anything_is_written() {
    let out = tempfile::tempdir().unwrap();
    let (_, _, good, _d) = check_text(GOOD);
    let o = run_pdf(&good, out.path(), Path::new("/nonexistent"));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    for part in [
        "--pdf",
        "Chromium",
        "KUKAKU_CHROMIUM=/nonexistent",
        "nothing was written",
    ] {
        assert!(err.contains(part), "{part:?} not in {err}");
    }
    assert!(entries_of(out.path()).is_empty(), "nothing written");
}

#[test]
fn run_pdf_with_a_failing_browser_leaves_no_report() {
    let out = tempfile::tempdir().unwrap();
    let (_, _, good, d) = check_text(GOOD);
    // A "browser" that exits without printing anything.
    let fake = d.path().join("fake-chromium");
    std::fs::write(&fake, "#!/bin/sh\nexit 0\n").unwrap();
    let mut perms = std::fs::metadata(&fake).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&fake, perms).unwrap();
    let o = run_pdf(&good, out.path(), &fake);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("wrote no PDF"), "{err}");
    assert!(entries_of(out.path()).is_empty(), "no half-written report");
}

#[test]
fn run_pdf_writes_one_deterministic_pdf_beside_the_pages() {
    let Some(browser) = kukaku::report::pdf::find_browser() else {
        eprintln!("skipped: no Chromium (tests/browser.rs covers the PDF's print rules)");
        return;
    };
    let (_, _, good, _d) = check_text(GOOD);
    let pdf = |out: &Path| {
        kukaku()
            .arg("run")
            .arg(&good)
            .args(["--pdf", "--lang", "ja", "--out"])
            .arg(out)
            .env("KUKAKU_CHROMIUM", &browser)
            .assert()
            .success();
        let dir = out.join("case");
        assert!(dir.join("index.html").is_file() && dir.join("report.json").is_file());
        std::fs::read(dir.join("report.pdf")).unwrap()
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = pdf(a.path());
    assert!(first.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&first);
    assert!(text.contains("/StructTreeRoot"), "a tagged PDF");
    assert!(text.contains("(D:19700101000000"), "no run date");
    assert!(
        !text.contains("kukaku-print-"),
        "no link into the print's temporary folder"
    );
    assert!(first == pdf(b.path()), "the same input prints the same PDF");
}

/// `kukaku run CASE --pdf --out OUT` with `chromium` as the browser.
fn run_pdf(case: &Path, out: &Path, chromium: &Path) -> std::process::Output {
    kukaku()
        .arg("run")
        .arg(case)
        .arg("--pdf")
        .arg("--out")
        .arg(out)
        .env("KUKAKU_CHROMIUM", chromium)
        .output()
        .unwrap()
}
