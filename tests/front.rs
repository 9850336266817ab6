//! Front matter: the executive summary's decision (scores recomputed here from the
//! criterion values and weights, values read from the model's systems, reasons and
//! trade-offs that say the right thing, a case's own criteria deciding), the cover's date
//! (case, `--date`, bad dates as input errors), the report-wide contents (every page and
//! section, in the writer's order, every link resolving) and the site diagram.

mod common;
use common::GOOD;
use kukaku::case;
use kukaku::i18n::Lang;
use kukaku::library::Library;
use kukaku::pipeline::decision::Criterion;
use kukaku::report::{self, Report};
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

fn build_text(path: &str, text: &str) -> Report {
    let lib = Library::builtin().unwrap();
    let c = case::parse(path, text, &lib).unwrap();
    let map = case::SourceMap::new(path, text);
    report::build(&lib, &c, &map).unwrap()
}

fn bundled(name: &str) -> String {
    format!("{}/landuse_cases/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn build(name: &str) -> Report {
    let path = bundled(name);
    build_text(&path, &std::fs::read_to_string(&path).unwrap())
}

/// A bundled case with `extra` appended at the top level (same folder, so imports resolve).
fn build_with(name: &str, extra: &str) -> Report {
    let path = bundled(name);
    let text = format!("{}\n{extra}", std::fs::read_to_string(&path).unwrap());
    build_text(&path, &text)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn kukaku() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kukaku"))
}

const CASES: [&str; 5] = [
    "district_a.yaml",
    "district_b.yaml",
    "small_town.yaml",
    "waste_heat_hospital.yaml",
    "sendai_station.yaml",
];

/// Scores recomputed from the model's criterion values: min-max per criterion, weighted mean
/// over the criteria an alternative has a value for (criteria with fewer than two values do
/// not score).
fn recomputed_scores(r: &Report) -> Vec<f64> {
    let d = &r.decision;
    d.ranking
        .iter()
        .map(|row| {
            let (mut sum, mut w) = (0.0, 0.0);
            for (k, c) in d.criteria.iter().enumerate() {
                let vals: Vec<f64> = d.ranking.iter().filter_map(|x| x.values[k]).collect();
                let Some(v) = row.values[k] else { continue };
                if vals.len() < 2 {
                    continue;
                }
                let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let s = if hi == lo {
                    1.0
                } else if c.lower_is_better {
                    (hi - v) / (hi - lo)
                } else {
                    (v - lo) / (hi - lo)
                };
                sum += c.weight * s;
                w += c.weight;
            }
            if w > 0.0 {
                sum / w
            } else {
                0.0
            }
        })
        .collect()
}

#[test]
fn every_bundled_case_ranks_its_alternatives_on_the_weighted_criteria() {
    for case in CASES {
        let r = build(case);
        let d = &r.decision;
        assert_eq!(d.ranking.len(), r.alternatives.len(), "{case}");
        assert_eq!(
            d.preferred.as_deref(),
            Some(d.ranking[0].alternative.as_str()),
            "{case}"
        );
        for (row, s) in d.ranking.iter().zip(recomputed_scores(&r)) {
            assert!(
                (row.score - s).abs() < 1e-9,
                "{case} {}: {} vs {s}",
                row.alternative,
                row.score
            );
        }
        assert!(
            d.ranking.windows(2).all(|w| w[0].score >= w[1].score),
            "{case}: ranked by score"
        );
        // Values come from the model: the main system's price, efficiency and CO2.
        for row in &d.ranking {
            let i = r
                .alternatives
                .iter()
                .position(|a| a.id == row.alternative)
                .unwrap();
            let a = &r.alternatives[i];
            let main = r.comparison.alternatives[i].main_system.as_ref();
            for (k, c) in d.criteria.iter().enumerate() {
                let v = row.values[k];
                match c.criterion {
                    Criterion::Price => assert_eq!(
                        v,
                        main.and_then(|m| m.heat_price_yen_per_mj.map(|p| p.value)),
                        "{case}"
                    ),
                    Criterion::Efficiency => {
                        assert_eq!(v, main.map(|m| m.energy_efficiency.value), "{case}")
                    }
                    Criterion::Co2 => {
                        let cluster = a.systems.iter().find(|s| s.per_dwelling.is_some());
                        let want = main
                            .map(|m| m.co2_kg_per_m2.value)
                            .or(cluster.map(|s| s.co2_kg_per_m2));
                        assert_eq!(v, want, "{case}")
                    }
                    Criterion::RoofBalance => {
                        assert_eq!(v, a.roof.as_ref().map(|x| x.balance_m2), "{case}")
                    }
                    _ => {}
                }
            }
        }
        // Reasons: the preferred alternative is better than the next best; trade-offs: the
        // other alternative is better.
        let p = &d.ranking[0];
        let better = |lower: bool, x: f64, y: f64| if lower { x < y } else { x > y };
        // The position and entry of a criterion in the summary's list.
        let criterion = |want: Criterion| {
            d.criteria
                .iter()
                .enumerate()
                .find(|(_, c)| c.criterion == want)
                .unwrap()
        };
        for m in &d.reasons {
            let (k, c) = criterion(m.criterion);
            assert!(
                better(c.lower_is_better, m.value, m.other_value),
                "{case}: {m:?}"
            );

            assert_eq!(p.values[k], Some(m.value));
            assert_eq!(
                p.ranks[k],
                Some(1),
                "{case}: a reason is a criterion it wins"
            );
        }
        for m in &d.trade_offs {
            let (_, c) = criterion(m.criterion);
            assert!(
                better(c.lower_is_better, m.other_value, m.value),
                "{case}: {m:?}"
            );
        }
        // Criteria for DHC do not apply to a district without one.
        if !r
            .alternatives
            .iter()
            .any(|a| a.viability.price_system.is_some())
        {
            assert!(d
                .criteria
                .iter()
                .all(|c| !matches!(c.criterion, Criterion::Viability | Criterion::HeatSupplyAct)));
            assert!(
                d.caveats
                    .iter()
                    .all(|t| !t.text(Lang::En).contains("rule of thumb")),
                "{case}: no DHC density caveat without DHC"
            );
        }
    }
}

#[test]
fn a_case_that_decides_on_one_criterion_prefers_the_best_on_it() {
    for (extra, crit, lower) in [
        ("decision:\n  order: [co2]\n", Criterion::Co2, true),
        (
            "decision:\n  weights: { efficiency: 2 }\n",
            Criterion::Efficiency,
            false,
        ),
        (
            "decision:\n  weights: { price: 1, co2: 0 }\n",
            Criterion::Price,
            true,
        ),
    ] {
        let r = build_with("district_a.yaml", extra);
        let d = &r.decision;
        assert_eq!(d.criteria.len(), 1, "{extra}");
        assert_eq!(d.criteria[0].criterion, crit);
        let best = r
            .alternatives
            .iter()
            .filter_map(|a| Some((a, crit.value(a)?)))
            .min_by(|x, y| {
                let o = x.1.total_cmp(&y.1);
                if lower {
                    o
                } else {
                    o.reverse()
                }
            })
            .unwrap();
        assert_eq!(d.preferred.as_deref(), Some(best.0.id.as_str()), "{extra}");
        assert!(d.method != "default");
        // The case's block is listed as an override in the appendix.
        assert!(r
            .assumptions
            .iter()
            .any(|a| a.overridden && a.item.starts_with("decision.")));
    }
    // The defaults are in the appendix with their sources.
    let r = build("district_a.yaml");
    let rows: Vec<_> = r
        .assumptions
        .iter()
        .filter(|a| a.key.starts_with("decision.weights."))
        .collect();
    assert_eq!(rows.len(), Criterion::ALL.len());
    assert!(rows.iter().all(|a| !a.source.is_empty()));
}

/// `check` on a case text: (exit code, stderr).
fn check_text(yaml: &str) -> (i32, String) {
    let (code, err, ..) = common::check_text(yaml);
    (code, err)
}

#[test]
fn bad_decision_date_and_positions_name_file_line_and_field() {
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            format!("{GOOD}decision:\n  weights: {{ prise: 1 }}\n"),
            vec![
                ":15:",
                "decision.weights.prise",
                "unknown decision criterion",
            ],
        ),
        (
            format!("{GOOD}decision:\n  weights: {{ price: 1 }}\n  order: [co2]\n"),
            vec![":15:3:", "decision", "not both"],
        ),
        (
            format!("{GOOD}decision:\n  order: [co2, co2]\n"),
            vec!["decision.order[1]", "twice"],
        ),
        (
            format!("{GOOD}decision:\n  weights: {{ price: 0 }}\n"),
            vec!["decision", "weight 0"],
        ),
        (
            format!("{GOOD}date: 2026-13-40\n"),
            vec![":14:7:", "date", "YYYY-MM-DD"],
        ),
        (
            GOOD.replace("use: office", "use: office\n        x_m: 10"),
            vec!["alternatives[0].parcels[0].y_m", "both"],
        ),
    ];
    for (yaml, want) in cases {
        let (code, err) = check_text(&yaml);
        assert_eq!(code, 2, "exit code 2 for:\n{yaml}\n{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("case.yaml"), "names the file: {err}");
        for w in want {
            assert!(
                err.contains(w),
                "`{w}` missing from: {err}\n--- for:\n{yaml}"
            );
        }
    }
    let (code, _) = check_text(&format!(
        "{GOOD}date: 2026-02-28\ndecision:\n  order: [price, co2]\n"
    ));
    assert_eq!(code, 0);
}

#[test]
fn the_cover_date_comes_from_the_case_or_the_command_line_never_the_clock() {
    let r = build("district_a.yaml");
    assert_eq!(r.cover.date.as_deref(), Some("2026-12-03"));
    let en = String::from_utf8(report::html_files(&r, Lang::En).unwrap()[0].1.clone()).unwrap();
    assert!(en.contains("3 Dec 2026"), "English date on the cover");
    let ja = String::from_utf8(report::html_files(&r, Lang::Ja).unwrap()[0].1.clone()).unwrap();
    assert!(ja.contains("2026年12月3日"), "Japanese date on the cover");
    // A case without a date says so; --date replaces the case's.
    let r = build("small_town.yaml");
    assert_eq!(r.cover.date, None);
    let dir = tempfile::tempdir().unwrap();
    let run = |date: &str| {
        kukaku()
            .args([
                "run",
                &bundled("district_a.yaml"),
                "--format",
                "json",
                "--date",
                date,
            ])
            .arg("--out")
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let out = run("2027-01-05");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["cover"]["date"], "2027-01-05");
    assert!(json["decision"]["preferred"].is_string());
    let out = run("5 Jan 2027");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn contents_list_every_page_and_section_in_the_writers_order() {
    for case in [
        "district_a.yaml",
        "district_b.yaml",
        "waste_heat_hospital.yaml",
    ] {
        let r = build(case);
        for lang in [Lang::En, Lang::Ja] {
            let files = report::html_files(&r, lang).unwrap();
            let docs: BTreeMap<String, Html> = files
                .iter()
                .map(|(n, b)| (n.clone(), Html::parse_document(&String::from_utf8_lossy(b))))
                .collect();
            let index = &docs["index.html"];
            // Top-level entries: every page, in the writer's order.
            let top: Vec<String> = index
                .select(&sel("#contents > ol > li > a"))
                .map(|a| a.value().attr("href").unwrap().to_string())
                .collect();
            let written: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
            assert_eq!(top, written, "{case} {lang:?}");
            // Every section link resolves to an element of its page.
            let mut listed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for a in index.select(&sel("#contents ol ol a")) {
                let href = a.value().attr("href").unwrap();
                let (file, anchor) = href.split_once('#').unwrap();
                let doc = &docs[file];
                let found = doc.select(&sel(&format!("[id=\"{anchor}\"]"))).count();
                assert_eq!(found, 1, "{case} {lang:?}: {href} resolves");
                listed.entry(file.into()).or_default().insert(anchor.into());
            }
            // Every numbered section of an alternative page is listed.
            for (file, doc) in &docs {
                if !file.starts_with("alt-") {
                    continue;
                }
                for s in doc.select(&sel("main section.sec[id]")) {
                    let id = s.value().attr("id").unwrap();
                    assert!(
                        listed.get(file).is_some_and(|l| l.contains(id)),
                        "{case} {lang:?}: {file}#{id} missing from the contents"
                    );
                }
            }
            // The summary ranks every alternative.
            let rows = index
                .select(&sel("#tbl-ranking tbody tr[data-alt]"))
                .count();
            assert_eq!(rows, r.alternatives.len(), "{case}");
        }
    }
}

#[test]
fn the_site_diagram_draws_every_parcel_and_the_dhc_network() {
    let r = build("district_a.yaml");
    let files = report::html_files(&r, Lang::En).unwrap();
    for (a, (_, bytes)) in r.alternatives.iter().zip(&files[1..]) {
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        let fig = doc
            .select(&sel("#fig-site svg"))
            .next()
            .expect("site diagram");
        let blocks = fig.select(&sel("g > title")).count();
        assert_eq!(blocks, a.parcels.len(), "{}: one block per parcel", a.id);
        let dhc = a.systems.iter().any(|s| s.kind.id() == "dhc");
        // The trunk joins every parcel to the plant: one node per other parcel.
        let nodes = fig.select(&sel("circle")).count();
        assert_eq!(nodes, if dhc { a.parcels.len() - 1 } else { 0 }, "{}", a.id);
    }
    // With positions, the blocks keep their places (east right, north up).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.yaml");
    let yaml = GOOD
        .replace("use: office", "use: office\n        x_m: 0\n        y_m: 0")
        .replace(
            "use: hotel",
            "use: hotel\n        site_area_m2: 5000\n        x_m: 300\n        y_m: 200",
        )
        .replace("floor_m2: 20000\n", "far_pct: 400\n");
    std::fs::write(&path, &yaml).unwrap();
    let r = build_text(path.to_str().unwrap(), &yaml);
    assert_eq!(r.alternatives[0].parcels[1].x_m, Some(300.0));
    let html = String::from_utf8(report::html_files(&r, Lang::En).unwrap()[1].1.clone()).unwrap();
    let doc = Html::parse_document(&html);
    let fig = doc.select(&sel("#fig-site svg")).next().unwrap();
    let xy: Vec<(f64, f64)> = fig
        .select(&sel("g > rect[fill='none']"))
        .map(|e| {
            let v = |k: &str| e.value().attr(k).unwrap().parse::<f64>().unwrap();
            (v("x"), v("y"))
        })
        .collect();
    assert_eq!(xy.len(), 2);
    assert!(xy[1].0 > xy[0].0 && xy[1].1 < xy[0].1, "{xy:?}");
}
