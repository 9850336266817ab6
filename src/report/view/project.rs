//! The energy plan inside the land-readjustment project (issue 16) on an alternative page:
//! the milestones, the DHC systems with a project block side by side (plant site, who pays,
//! connection, take-up, levelised price, cash-positive year, CO2), the price path by year
//! (chart and table), and the who-pays trade-off of heat price against the average land
//! contribution ratio (平均減歩率). Read from `systems[].project` and
//! `systems[].price_path` (the same data as `report.json`).

use super::super::AlternativeResult;
use super::housing::{opt, row, Figure, Row, Table};
use super::Ctx;
use crate::format::{num, pct, signed, MISSING};
use crate::project::{Payer, ProjectResult};
use crate::report::svg::{self, Series};
use crate::supply::SystemResult;
use serde::Serialize;

/// Line colours of the systems in the path chart (the levelised price dashed in the same
/// colour).
const PATH_COLORS: &[&str] = &[
    "#1f5f99", "#c0504d", "#6b8e23", "#8064a2", "#e08a00", "#4bacc6",
];

/// Cost-per-MJ lines of the price chart are cut at this multiple of the highest levelised
/// price (a year with 5 % take-up costs 20 times as much per MJ and would flatten the rest).
const CLIP_FACTOR: f64 = 2.0;

/// The project section of an alternative page.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ProjectView {
    /// Milestones sentence.
    pub intro: String,
    /// The systems side by side: site, who pays, connection, take-up, price.
    pub options: Table,
    /// What each costs and saves: site share of the price, project cost, 減歩, CO2.
    pub effects: Table,
    /// Year-by-year cost per MJ and levelised price of each system.
    pub price_chart: Figure,
    /// Built share and take-up by year of each system.
    pub takeup_chart: Figure,
    /// The path of the first system, year by year.
    pub path: Table,
    /// Who pays conduit and pipes: price against 減歩 (first system with land figures).
    pub tradeoff: Option<Table>,
    /// The 減歩 arithmetic in words.
    pub land_note: String,
}

fn with_project(a: &AlternativeResult) -> Vec<(&SystemResult, &ProjectResult)> {
    a.systems
        .iter()
        .filter_map(|s| s.project.as_deref().map(|p| (s, p)))
        .collect()
}

/// A table of the section with the `project.col.*` column heads ([`super::section_table`]).
fn table(cx: &Ctx, keys: [&str; 3], note: String, cols: &[&str], rows: Vec<Row>) -> Table {
    super::section_table(cx, "project", keys, note, cols, rows)
}

fn payer(cx: &Ctx, p: Payer) -> String {
    cx.t(&format!("project.payer.{}", p.id()))
}

fn year(y: Option<i32>, cx: &Ctx) -> String {
    y.map_or_else(|| cx.t("project.not_reached"), |y| y.to_string())
}

/// The section, when some system of the alternative has a project block.
pub(super) fn project_view(cx: &Ctx, a: &AlternativeResult) -> Option<ProjectView> {
    let with = with_project(a);
    let (first, fp) = *with.first()?;
    let m = &fp.milestones;
    let intro = cx.f(
        "project.intro",
        &[
            ("approval", format!("{:.0}", m.approval)),
            ("provisional", format!("{:.0}", m.provisional_replotting)),
            ("use_start", format!("{:.0}", m.use_start)),
            ("disposition", format!("{:.0}", m.replotting_disposition)),
            ("supply", format!("{:.0}", fp.supply_start)),
            ("n", with.len().to_string()),
        ],
    );
    Some(ProjectView {
        intro,
        options: options_table(cx, &with),
        effects: effects_table(cx, &with),
        price_chart: price_chart(cx, &with),
        takeup_chart: takeup_chart(cx, &with),
        path: path_table(cx, first),
        tradeoff: with
            .iter()
            .find(|(_, p)| p.land.is_some())
            .map(|(s, p)| tradeoff_table(cx, s, p)),
        land_note: cx.t("project.land_note"),
    })
}

fn options_table(cx: &Ctx, with: &[(&SystemResult, &ProjectResult)]) -> Table {
    let cols = [
        "plant_site",
        "payers",
        "obliged_share",
        "average_takeup",
        "price_yen_per_mj",
        "cash_positive_year",
    ];
    let rows = with
        .iter()
        .map(|(s, p)| {
            let i = &p.infrastructure;
            row(
                &s.id,
                s.name.text(cx.lang),
                vec![
                    p.plant_site.as_ref().map_or_else(
                        || MISSING.to_string(),
                        |x| cx.t(&format!("project.site.{}", x.kind.id())),
                    ),
                    format!(
                        "{} / {}",
                        payer(cx, i.conduit_payer),
                        payer(cx, i.pipes_payer)
                    ),
                    pct(p.connection.obliged_share, 0),
                    pct(p.connection.average_takeup, 0),
                    opt(s.heat_price_yen_per_mj, |v| num(v, 2)),
                    year(s.price_path.as_ref().and_then(|x| x.cash_positive_year), cx),
                ],
            )
        })
        .collect();
    let mut t = table(
        cx,
        [
            "tbl-project-options",
            "project.caption_options",
            "word.system",
        ],
        cx.t("project.note_options"),
        &cols,
        rows,
    );
    t.text_cols = 2;
    t
}

fn effects_table(cx: &Ctx, with: &[(&SystemResult, &ProjectResult)]) -> Table {
    let cols = [
        "site_price_yen_per_mj",
        "project_kyen",
        "contribution_ratio",
        "co2_average_t",
        "co2_saving_t",
    ];
    let rows = with
        .iter()
        .map(|(s, p)| {
            row(
                &s.id,
                s.name.text(cx.lang),
                vec![
                    opt(
                        p.plant_site.as_ref().map(|x| x.price_share_yen_per_mj),
                        |v| num(v, 2),
                    ),
                    num(p.infrastructure.project_kyen / 1000.0, 0),
                    opt(p.land.as_ref().map(|l| l.ratio_after), |v| pct(v, 1)),
                    num(p.connection.co2_average_t, 0),
                    num(p.connection.co2_saving_t, 0),
                ],
            )
        })
        .collect();
    table(
        cx,
        [
            "tbl-project-effects",
            "project.caption_effects",
            "word.system",
        ],
        cx.t("project.note_effects"),
        &cols,
        rows,
    )
}

/// One line per system: the year's own cost per MJ; dashed: its levelised price.
fn price_chart(cx: &Ctx, with: &[(&SystemResult, &ProjectResult)]) -> Figure {
    let paths: Vec<(&SystemResult, &crate::econ::PricePath)> = with
        .iter()
        .filter_map(|(s, _)| s.price_path.as_ref().map(|p| (*s, p)))
        .collect();
    let x: Vec<f64> = paths
        .first()
        .map(|(_, p)| p.years.iter().map(|y| y.year as f64).collect())
        .unwrap_or_default();
    // Early years with little take-up cost many times the levelised price: lines are drawn
    // up to CLIP_FACTOR × the highest levelised price so the levelised prices stay legible.
    let clip = CLIP_FACTOR
        * paths
            .iter()
            .map(|(_, p)| p.levelised_price_yen_per_mj)
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
    let mut lines = vec![];
    for (k, (s, p)) in paths.iter().enumerate() {
        let color = PATH_COLORS[k % PATH_COLORS.len()].to_string();
        lines.push(Series {
            label: s.name.text(cx.lang),
            color: color.clone(),
            values: p
                .years
                .iter()
                .map(|y| y.annual_price_yen_per_mj.min(clip))
                .collect(),
            dashed: false,
        });
        lines.push(Series {
            label: cx.f("project.levelised_of", &[("id", s.name.text(cx.lang))]),
            color,
            values: vec![p.levelised_price_yen_per_mj; p.years.len()],
            dashed: true,
        });
    }
    let label = cx.t("project.caption_price");
    Figure {
        id: "fig-project-price".into(),
        svg: svg::xy_chart(&year_chart(cx, &label, x, lines, "axis.price")),
        caption: label,
        note: cx.f("project.note_price", &[("clip", num(clip, 1))]),
    }
}

/// Built share (dashed) and take-up (solid) by year, %.
fn takeup_chart(cx: &Ctx, with: &[(&SystemResult, &ProjectResult)]) -> Figure {
    let x: Vec<f64> = with
        .first()
        .and_then(|(s, _)| s.price_path.as_ref())
        .map(|p| p.years.iter().map(|y| y.year as f64).collect())
        .unwrap_or_default();
    let mut lines = vec![];
    if let Some((_, p)) = with.first() {
        lines.push(Series {
            label: cx.t("project.built"),
            color: "#777777".into(),
            values: p.built.iter().map(|b| b * 100.0).collect(),
            dashed: true,
        });
    }
    for (k, (s, _)) in with.iter().enumerate() {
        if let Some(path) = &s.price_path {
            lines.push(Series {
                label: s.name.text(cx.lang),
                color: PATH_COLORS[k % PATH_COLORS.len()].to_string(),
                values: path.years.iter().map(|y| y.takeup * 100.0).collect(),
                dashed: false,
            });
        }
    }
    let label = cx.t("project.caption_takeup");
    Figure {
        id: "fig-project-takeup".into(),
        svg: svg::xy_chart(&year_chart(cx, &label, x, lines, "axis.share_pct")),
        caption: label,
        note: cx.t("project.note_takeup"),
    }
}

fn year_chart(
    cx: &Ctx,
    label: &str,
    x: Vec<f64>,
    lines: Vec<Series>,
    y_axis: &str,
) -> svg::XyChart {
    let (x0, x1) = (
        x.first().copied().unwrap_or(0.0),
        x.last().copied().unwrap_or(1.0),
    );
    let step = ((x1 - x0) / 7.0).ceil().max(1.0) as usize;
    svg::XyChart {
        label: label.to_string(),
        height: 280.0 + 16.0 * (lines.len() as f64 / 2.0).ceil(),
        x_ticks: x
            .iter()
            .step_by(step)
            .map(|v| (*v, format!("{v:.0}")))
            .collect(),
        x,
        // Half a year of margin each side keeps the first tick clear of the y axis.
        x_range: (x0 - 0.5, x1.max(x0 + 1.0) + 0.5),
        x_title: cx.t("axis.year"),
        y_title: cx.t(y_axis),
        areas: vec![],
        lines,
        markers: vec![],
    }
}

fn path_table(cx: &Ctx, s: &SystemResult) -> Table {
    let cols = [
        "takeup",
        "heat_sold_gj",
        "capex_myen",
        "cost_myen",
        "annual_price_yen_per_mj",
        "revenue_myen",
        "cash_myen",
        "cumulative_myen",
    ];
    let rows = s
        .price_path
        .iter()
        .flat_map(|p| p.years.iter())
        .map(|y| {
            row(
                &y.year.to_string(),
                y.year.to_string(),
                vec![
                    pct(y.takeup, 0),
                    num(y.heat_sold_gj, 0),
                    num(y.capex_kyen / 1000.0, 0),
                    num(y.cost_kyen / 1000.0, 0),
                    num(y.annual_price_yen_per_mj, 2),
                    num(y.revenue_kyen / 1000.0, 0),
                    signed(y.cash_kyen / 1000.0, 0),
                    signed(y.cumulative_cash_kyen / 1000.0, 0),
                ],
            )
        })
        .collect();
    let p = s.price_path.as_ref();
    table(
        cx,
        [
            "tbl-project-path",
            "project.caption_path",
            "project.col.year",
        ],
        cx.f(
            "project.note_path",
            &[
                ("id", s.id.clone()),
                (
                    "price",
                    opt(p.map(|x| x.levelised_price_yen_per_mj), |v| num(v, 2)),
                ),
                ("year", year(p.and_then(|x| x.cash_positive_year), cx)),
            ],
        ),
        &cols,
        rows,
    )
}

fn tradeoff_table(cx: &Ctx, s: &SystemResult, p: &ProjectResult) -> Table {
    let cols = [
        "project_kyen",
        "extra_reserved_m2",
        "contribution_ratio",
        "contribution_increase_pt",
        "price_yen_per_mj",
        "price_saving_yen_per_mj",
    ];
    let before = p.land.as_ref().map_or(0.0, |l| l.ratio_before);
    let rows = p
        .tradeoff
        .iter()
        .map(|t| {
            let mut r = row(
                &t.option,
                cx.t(&format!("project.tradeoff.{}", t.option)),
                vec![
                    num(t.project_kyen / 1000.0, 0),
                    num(t.extra_reserved_m2, 0),
                    pct(t.contribution_ratio, 1),
                    signed((t.contribution_ratio - before) * 100.0, 2),
                    num(t.price_yen_per_mj, 2),
                    signed(-t.price_saving_yen_per_mj, 2),
                ],
            );
            if t.chosen {
                r.class = "base".into();
            }
            r
        })
        .collect();
    let i = &p.infrastructure;
    table(
        cx,
        [
            "tbl-project-tradeoff",
            "project.caption_tradeoff",
            "project.col.option",
        ],
        cx.f(
            "project.note_tradeoff",
            &[
                ("id", s.id.clone()),
                ("conduit", num(i.conduit_kyen / 1000.0, 0)),
                ("pipes", num(i.pipes_kyen / 1000.0, 0)),
                (
                    "subsidy",
                    i.subsidy_label.clone().map_or_else(
                        || cx.t("project.no_subsidy"),
                        |l| format!("{l}: ¥{} M", num(i.subsidy_kyen / 1000.0, 0)),
                    ),
                ),
            ],
        ),
        &cols,
        rows,
    )
}

/// Every system with a project block across the alternatives (the comparison page).
pub(super) fn comparison(cx: &Ctx) -> Option<Table> {
    let rows: Vec<Row> = cx
        .report
        .alternatives
        .iter()
        .flat_map(|a| {
            with_project(a).into_iter().map(move |(s, p)| {
                let path = s.price_path.as_ref();
                row(
                    &format!("{}:{}", a.id, s.id),
                    cx.alt_label(a),
                    vec![
                        s.name.text(cx.lang),
                        opt(s.heat_price_yen_per_mj, |v| num(v, 2)),
                        year(path.and_then(|x| x.cash_positive_year), cx),
                        pct(p.connection.average_takeup, 0),
                        num(p.infrastructure.project_kyen / 1000.0, 0),
                        opt(p.land.as_ref().map(|l| l.extra_reserved_m2), |v| num(v, 0)),
                        opt(p.land.as_ref().map(|l| l.ratio_after), |v| pct(v, 1)),
                        num(p.connection.co2_saving_t, 0),
                    ],
                )
            })
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let mut t = table(
        cx,
        ["tbl-cmp-project", "project.caption_cmp", "word.alternative"],
        format!(
            "{} {}",
            cx.t("project.note_options"),
            cx.t("project.note_effects")
        ),
        &[
            "system",
            "price_yen_per_mj",
            "cash_positive_year",
            "average_takeup",
            "project_kyen",
            "extra_reserved_m2",
            "contribution_ratio",
            "co2_saving_t",
        ],
        rows,
    );
    t.text_cols = 1;
    Some(t)
}
