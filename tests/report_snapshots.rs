//! Snapshot tests of the rendered reports (insta).
//!
//! * `outline_*`: the structure of every page of the bundled district A case — headings,
//!   figure ids and captions, table ids, captions, header cells and row counts — with
//!   every digit masked as `#`, so recalibrating loads or supply data does not churn them
//!   but any change of sections, figures, tables, captions or translations shows up.
//! * `chart_*`: the SVG of each chart type from fixed synthetic data (byte-exact).
//!
//! After an intended change, re-accept with
//!
//! ```text
//! INSTA_UPDATE=always cargo test --release --test report_snapshots
//! ```
//!
//! (or `cargo insta review` / `cargo insta accept` with cargo-insta installed), then read
//! the diff of `tests/snapshots/` before committing it. In CI (`CI=true`) a mismatch fails.

use kukaku::case;
use kukaku::i18n::Lang;
use kukaku::library::Library;
use kukaku::report::{self, svg};
use scraper::{ElementRef, Html, Selector};

fn district_a() -> report::Report {
    bundled("district_a")
}

fn bundled(stem: &str) -> report::Report {
    let lib = Library::builtin().unwrap();
    let full = format!("{}/landuse_cases/{stem}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(full).unwrap();
    // A relative name keeps the machine's paths out of the snapshot.
    let name = format!("landuse_cases/{stem}.yaml");
    let name = name.as_str();
    let c = case::parse(name, &text, &lib).unwrap();
    let map = case::SourceMap::new(name, &text);
    report::build(&lib, &c, &map).unwrap()
}

fn squash(e: ElementRef) -> String {
    let t = e.text().collect::<String>();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    t.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

fn outline(html: &str) -> String {
    let doc = Html::parse_document(html);
    let s = Selector::parse("h1, h2, h3, figure, table").unwrap();
    let cap = Selector::parse("figcaption, caption").unwrap();
    let th = Selector::parse("thead th").unwrap();
    let tr = Selector::parse("tbody tr").unwrap();
    let mut out = String::new();
    for e in doc.select(&s) {
        let tag = e.value().name();
        let id = e.value().attr("id").unwrap_or("");
        match tag {
            "figure" | "table" => {
                let c = e.select(&cap).next().map(squash).unwrap_or_default();
                out += &format!("{tag}#{id}: {c}\n");
                if tag == "table" {
                    let heads: Vec<String> = e.select(&th).map(squash).collect();
                    out += &format!(
                        "    [{}] rows: {}\n",
                        heads.join(" | "),
                        e.select(&tr).count()
                    );
                }
            }
            _ => out += &format!("{tag}: {}\n", squash(e)),
        }
    }
    out
}

fn pages_outline(lang: Lang) -> String {
    outline_of(&district_a(), lang)
}

fn outline_of(r: &report::Report, lang: Lang) -> String {
    let mut s = String::new();
    for (name, bytes) in report::html_files(r, lang).unwrap() {
        s += &format!(
            "==== {name}\n{}",
            outline(&String::from_utf8(bytes).unwrap())
        );
    }
    s
}

#[test]
fn outline_district_a_en() {
    insta::assert_snapshot!(pages_outline(Lang::En));
}

#[test]
fn outline_district_a_ja() {
    insta::assert_snapshot!(pages_outline(Lang::Ja));
}

/// District B: the housing-cluster section of the solar-cluster alternatives and the
/// comparison's cluster table (only the alternative pages and the comparison).
fn district_b_outline(lang: Lang) -> String {
    let r = bundled("district_b");
    outline_of(&r, lang)
        .split("==== ")
        .filter(|p| p.starts_with("alt-demand_reduction_clustered") || p.starts_with("comparison"))
        .map(|p| format!("==== {p}"))
        .collect()
}

#[test]
fn outline_district_b_en() {
    insta::assert_snapshot!(district_b_outline(Lang::En));
}

#[test]
fn outline_district_b_ja() {
    insta::assert_snapshot!(district_b_outline(Lang::Ja));
}

fn series(label: &str, color: &str, values: Vec<f64>) -> svg::Series {
    svg::Series {
        label: label.into(),
        color: color.into(),
        values,
        dashed: false,
    }
}

#[test]
fn chart_xy_stacked_with_total() {
    let a: Vec<f64> = (0..24)
        .map(|h| 100.0 + 50.0 * ((h as f64) / 3.0).sin())
        .collect();
    let b: Vec<f64> = (0..24)
        .map(|h| if (8..18).contains(&h) { 300.0 } else { 40.0 })
        .collect();
    let total: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x + y).collect();
    let s = svg::xy_chart(&svg::XyChart {
        label: "Heating <design day>".into(),
        height: 260.0,
        x: (0..24).map(|h| h as f64 + 0.5).collect(),
        x_range: (0.0, 24.0),
        x_ticks: (0..=8)
            .map(|k| (k as f64 * 3.0, (k * 3).to_string()))
            .collect(),
        x_title: "Hour, h".into(),
        y_title: "Load, kW".into(),
        areas: vec![
            series("Hotel", "#e15759", a),
            series("Office", "#4e79a7", b),
        ],
        lines: vec![series("Total", "#1b1f24", total)],
        markers: vec![],
    });
    insta::assert_snapshot!(s);
}

#[test]
fn chart_bars_grouped() {
    let s = svg::bar_chart(&svg::BarChart {
        label: "Monthly".into(),
        height: 240.0,
        categories: (1..=12).map(|m| format!("{m}月")).collect(),
        series: vec![
            series(
                "暖房",
                "#c0392b",
                (0..12).map(|m| 900.0 - 70.0 * m as f64).collect(),
            ),
            series(
                "冷房",
                "#2e86c1",
                (0..12).map(|m| 80.0 * m as f64).collect(),
            ),
        ],
        x_title: "月".into(),
        y_title: "負荷 MWh/月".into(),
    });
    insta::assert_snapshot!(s);
}

#[test]
fn chart_hbars_signed_and_stacked() {
    let signed = svg::hbar_chart(&svg::HBarChart {
        label: "Sensitivity".into(),
        rows: vec!["Unused energy".into(), "Build-up delay".into()],
        series: vec![
            series("up", "#c0392b", vec![0.0, 56.0]),
            series("down", "#2f855a", vec![-12.0, 0.0]),
        ],
        end_labels: vec!["3.26 ¥/MJ (−12 %)".into(), "5.76 ¥/MJ (+56 %)".into()],
        x_title: "Change of the heat price, %".into(),
        refs: vec![],
        legend: false,
        bold_row: None,
    });
    let stacked = svg::hbar_chart(&svg::HBarChart {
        label: "Cost".into(),
        rows: vec!["individual".into(), "dhc".into()],
        series: vec![
            series("Capital", "#1f5f99", vec![233.0, 178.0]),
            series("Gas", "#e08e0b", vec![161.0, 115.0]),
        ],
        end_labels: vec!["394".into(), "293".into()],
        x_title: "¥ million/yr".into(),
        refs: vec![svg::RefLine {
            value: 300.0,
            label: "300".into(),
            color: "#b7791f".into(),
        }],
        legend: true,
        bold_row: Some(0),
    });
    insta::assert_snapshot!(format!("{signed}\n{stacked}"));
}

#[test]
fn chart_heat_map() {
    let s = svg::heat_map(&svg::HeatMap {
        label: "CF".into(),
        rows: vec!["Office + Hotel".into(), "Office + Retail".into()],
        cols: vec!["Heating".into(), "Cooling + electricity".into()],
        values: vec![vec![Some(0.2), Some(0.05)], vec![None, Some(0.0)]],
        text: vec![
            vec!["80.0 %".into(), "95.0 %".into()],
            vec![String::new(), "100.0 %".into()],
        ],
        range: (0.0, 0.2),
        scale_title: "peak cut".into(),
        scale_labels: ("100 %".into(), "80.0 %".into()),
    });
    insta::assert_snapshot!(s);
}

#[test]
fn chart_scatter_with_thresholds() {
    let pts = |v: &[(f64, f64)]| -> Vec<svg::Point> {
        v.iter()
            .map(|&(x, y)| svg::Point {
                x,
                y,
                title: format!("{x} %"),
                label: None,
            })
            .collect()
    };
    let s = svg::scatter(&svg::Scatter {
        label: "FAR vs price".into(),
        height: 320.0,
        x_title: "Gross FAR, %".into(),
        y_title: "Heat price, ¥/MJ".into(),
        groups: vec![
            svg::PointGroup {
                label: "Real districts".into(),
                color: "#7a828c".into(),
                shape: svg::Shape::Dot,
                points: pts(&[(584.0, 6.36), (341.0, 8.38), (88.0, 6.98), (41.0, 5.62)]),
            },
            svg::PointGroup {
                label: "This alternative".into(),
                color: "#d62728".into(),
                shape: svg::Shape::Diamond,
                points: vec![
                    svg::Point {
                        x: 148.0,
                        y: 3.70,
                        title: "dhc".into(),
                        label: Some("dhc 3.70".into()),
                    },
                    svg::Point {
                        x: 148.0,
                        y: 3.72,
                        title: "dhc_b".into(),
                        label: Some("dhc_b 3.72".into()),
                    },
                ],
            },
        ],
        vlines: vec![svg::RefLine {
            value: 100.0,
            label: "FAR 100 %".into(),
            color: "#6b46c1".into(),
        }],
        hlines: vec![svg::RefLine {
            value: 6.0,
            label: "6 ¥/MJ".into(),
            color: "#b7791f".into(),
        }],
        y_from_zero: true,
    });
    insta::assert_snapshot!(s);
}

#[test]
fn chart_curves_with_band_log_axis_and_marker() {
    let n: Vec<f64> = (1..=30).map(f64::from).collect();
    let mean: Vec<f64> = n.iter().map(|x| 2.0 + 1.3 / x.sqrt()).collect();
    let linear = svg::curve_chart(&svg::CurveChart {
        label: "Levelling <ratio>".into(),
        height: 280.0,
        x_range: (0.0, 30.0),
        log_x: false,
        x_ticks: (0..=6)
            .map(|k| (k as f64 * 5.0, (k * 5).to_string()))
            .collect(),
        x_title: "Households".into(),
        y_title: "Levelling ratio".into(),
        y_from_zero: true,
        y_max: None,
        bands: vec![svg::Band {
            label: "p10–p90".into(),
            color: "#b07aa1".into(),
            x: n.clone(),
            lo: mean.iter().map(|m| m - 0.3).collect(),
            hi: mean.iter().map(|m| m + 0.5).collect(),
        }],
        curves: vec![svg::Curve {
            label: "mean".into(),
            color: "#7b3f73".into(),
            points: n.iter().cloned().zip(mean.iter().cloned()).collect(),
            dashed: false,
            markers: false,
        }],
        vlines: vec![svg::RefLine {
            value: 20.0,
            label: "N = 20: 2.29".into(),
            color: "#d62728".into(),
        }],
    });
    let ns = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0];
    let log = svg::curve_chart(&svg::CurveChart {
        label: "同時使用率".into(),
        height: 300.0,
        x_range: (1.0, 100.0),
        log_x: true,
        x_ticks: ns.iter().map(|t| (*t, t.to_string())).collect(),
        x_title: "住戸数 N（対数目盛）".into(),
        y_title: "同時使用率 ％".into(),
        y_from_zero: true,
        y_max: Some(100.0),
        bands: vec![],
        curves: vec![
            svg::Curve {
                label: "THERMOS".into(),
                color: "#6b46c1".into(),
                points: ns.iter().map(|x| (*x, 100.0 * (0.62 + 0.38 / x))).collect(),
                dashed: true,
                markers: true,
            },
            svg::Curve {
                label: "Dresden".into(),
                color: "#7a828c".into(),
                points: ns.iter().map(|x| (*x, 100.0 * x.powf(-0.57))).collect(),
                dashed: true,
                markers: true,
            },
        ],
        vlines: vec![svg::RefLine {
            value: 20.0,
            label: "N = 20".into(),
            color: "#d62728".into(),
        }],
    });
    insta::assert_snapshot!(format!("{linear}\n{log}"));
}
