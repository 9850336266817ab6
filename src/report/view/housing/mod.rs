//! Housing-cluster detail of an alternative page (`solar_cluster` systems, issue 4): the
//! study's sizing, cost stacks and economics per dwelling, the hourly simulation, the
//! aggregation saving against the study's 40 %, the CO2 waterfall, the levelling curve,
//! coincidence factors beside the formula methods, and summer surplus heat for
//! absorption cooling. Everything is read from `systems[].cluster` (the same data as
//! `report.json`); nothing is recomputed here except sums and ratios of printed numbers.
//!
//! Tables are built as rows of formatted cells (the report language's labels and units)
//! and drawn by one template macro, so every number has one place where its format is
//! chosen. Rows and columns carry `data-row` / `data-col` keys for the tests.

use super::super::format::{num, pct};
use super::super::svg::{self, HBarChart, RefLine, Series};
use super::super::AlternativeResult;
use super::{Ctx, BAND_WEAK};
use crate::i18n::I18n;
use crate::i18n::{Lang, Text};
use crate::supply::cluster;
use crate::supply::cluster::{
    ClusterResult, Co2StepId, CostBreakdown, HeatSim, Variant, VariantEconomics,
};
use crate::supply::{SystemKind, SystemResult};
use serde::Serialize;
use std::collections::BTreeMap;

mod design;
mod results;

use design::{cost_chart, cost_stack, costs_table, demand_table, economics_table, sizing_table};
use results::{
    aggregation_table, aggregation_text, co2_chart, co2_table, co2_text, coincidence_chart,
    coincidence_table, levelling_chart, levelling_text, monthly_chart, pv_table, simulation_table,
    surplus_table,
};

/// Colours of the cost stack (collector, tank, piping, PV).
const COST_COLORS: [&str; 4] = ["#d69e2e", "#2e86c1", "#8e6c8a", "#6b8e23"];
const SINGLE_COLOR: &str = "#8a8f98";
const CLUSTER_COLOR: &str = "#d69e2e";

/// A table: a first column of row labels, an optional basis column, then value columns.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Table {
    /// Element id.
    pub id: String,
    /// Caption (without the number).
    pub caption: String,
    /// Source and unit note under the caption.
    pub note: String,
    /// Header cells, the label column first (and the basis column second if any).
    pub head: Vec<String>,
    /// A basis (formula / input) column follows the labels.
    pub basis: bool,
    /// Keys of the value columns (`data-col`).
    pub cols: Vec<String>,
    /// Rows.
    pub rows: Vec<Row>,
    /// Only as wide as its content (tables of one value column).
    pub narrow: bool,
    /// Header groups above the value columns (label, columns spanned); empty: none.
    pub groups: Vec<(String, usize)>,
    /// Leading value columns that hold text (left-aligned, wrapping).
    pub text_cols: usize,
}

/// A table row.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Row {
    /// Key (`data-row`).
    pub key: String,
    /// Label.
    pub label: String,
    /// Basis text (tables with a basis column).
    pub basis: String,
    /// Formatted value cells, one per column.
    pub cells: Vec<String>,
    /// Row class: `total` (bold), `base` (highlighted) or empty.
    pub class: String,
}

/// A figure: chart, caption and note.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Figure {
    /// Element id.
    pub id: String,
    /// The chart.
    pub svg: String,
    /// Caption (without the number).
    pub caption: String,
    /// Source and unit note.
    pub note: String,
}

/// Detail of the first `solar_cluster` system of an alternative.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ClusterView {
    /// System whose detail is shown.
    pub system: String,
    /// Introductory paragraphs (dwellings, systems, weather).
    pub intro: Vec<String>,
    /// Dwelling energy by end use, BAU and after the package.
    pub demand: Table,
    /// Sizing by the study's method.
    pub sizing: Table,
    /// Cost stacks per dwelling.
    pub cost_chart: Figure,
    /// Cost stacks per dwelling, as a table.
    pub costs: Table,
    /// Bills, savings, payback and annuity.
    pub economics: Table,
    /// Hourly heat simulation, single houses vs cluster.
    pub simulation: Table,
    /// Monthly solar fraction.
    pub monthly_chart: Figure,
    /// PV simulation.
    pub pv: Table,
    /// Aggregation saving: study vs computed.
    pub aggregation: Table,
    /// Plain-language reading of the aggregation saving.
    pub aggregation_text: String,
    /// CO2 steps, annual and hourly accounting.
    pub co2: Table,
    /// CO2 waterfall.
    pub co2_chart: Figure,
    /// Plain-language note on the hourly accounting.
    pub co2_text: String,
    /// Summer surplus heat → absorption cooling.
    pub surplus: Table,
    /// Levelling curve.
    pub levelling_chart: Figure,
    /// Plain-language reading of the levelling curve.
    pub levelling_text: String,
    /// Coincidence factors, profile-based and formulas.
    pub coincidence: Table,
    /// Coincidence factors against N.
    pub coincidence_chart: Figure,
}

/// Housing clusters across the alternatives (comparison page).
#[derive(Debug, Clone, Serialize, Default)]
pub struct ComparisonHousing {
    /// One row per solar-cluster system.
    pub table: Table,
    /// Initial cost per dwelling, stacked, per system.
    pub cost_chart: Figure,
}

/// A row of formatted cells.
pub(super) fn row(key: &str, label: String, cells: Vec<String>) -> Row {
    Row {
        key: key.into(),
        label,
        cells,
        ..Row::default()
    }
}

fn with_basis(mut r: Row, basis: String) -> Row {
    r.basis = basis;
    r
}

fn with_class(mut r: Row, class: &str) -> Row {
    r.class = class.into();
    r
}

/// Simple payback as printed: `never` when the saving does not cover O&M, `≥ 100` for
/// a payback beyond a century, else years with one decimal.
pub(super) fn payback_text(cx: &Ctx, v: Option<f64>) -> String {
    match v {
        None => cx.t("housing.never"),
        Some(y) if y >= 100.0 => "≥ 100".into(),
        Some(y) => num(y, 1),
    }
}

/// A formatted optional value (– when absent).
pub(super) fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map(f)
        .unwrap_or_else(|| super::super::format::MISSING.to_string())
}

/// Label of a cost variant (`{n}` houses per cluster).
pub(super) fn variant_label(cx: &Ctx, variant: Variant, n: usize) -> String {
    cx.f(
        &format!("housing.variant.{}", variant.id()),
        &[("n", n.to_string())],
    )
}

/// Dwellings per shared store shown for the cluster variants: the system's own, or the
/// study's cluster that single-house systems are compared with.
pub fn cluster_size(c: &ClusterResult) -> usize {
    if c.houses_per_cluster > 1 {
        c.houses_per_cluster as usize
    } else {
        c.simulation_cluster.dwellings.max(1)
    }
}

fn cost_of(c: &ClusterResult, v: Variant) -> Option<&CostBreakdown> {
    c.costs.iter().find(|x| x.variant == v)
}

fn econ_of(c: &ClusterResult, v: Variant) -> Option<&VariantEconomics> {
    c.economics.iter().find(|x| x.variant == v)
}

/// The simulation a variant runs on.
pub fn sim_of(c: &ClusterResult, variant: Variant) -> &HeatSim {
    if variant == Variant::Single {
        &c.simulation_single
    } else {
        &c.simulation_cluster
    }
}

fn package_label(cx: &Ctx, c: &ClusterResult) -> String {
    cx.tr
        .lookup(cx.lang, &format!("housing.package.{}", c.demand.package))
        .map(str::to_string)
        .unwrap_or_else(|| c.demand.package_label.clone())
}

/// Short label of a CO2 step by its id (the model's label otherwise).
pub(super) fn step_label(cx: &Ctx, id: &str, fallback: &str) -> String {
    cx.tr
        .lookup(cx.lang, &format!("housing.co2_step.{id}"))
        .map(str::to_string)
        .unwrap_or_else(|| fallback.to_string())
}

/// A CO2 step of a cluster: the demand step of a dwelling without measures says so.
fn cluster_step_label(cx: &Ctx, c: &ClusterResult, id: Co2StepId, fallback: &Text) -> String {
    if id == Co2StepId::DemandReduction && c.demand.package == "none" {
        cx.t("housing.co2_step.no_demand_reduction")
    } else {
        step_label(cx, id.id(), &fallback.text(cx.lang))
    }
}

/// Build the detail of the first solar-cluster system of `a`, if any.
pub(super) fn cluster_view(cx: &Ctx, a: &AlternativeResult) -> Option<ClusterView> {
    let systems: Vec<&SystemResult> = a
        .systems
        .iter()
        .filter(|s| s.kind == SystemKind::SolarCluster && s.cluster.is_some())
        .collect();
    let s = *systems.first()?;
    let c = s.cluster.as_deref()?;
    let n = cluster_size(c);
    let mut v = ClusterView {
        system: s.id.clone(),
        ..ClusterView::default()
    };
    v.intro = intro(cx, &systems, c);
    v.demand = demand_table(cx, c);
    v.sizing = sizing_table(cx, c, n);
    let variants: Vec<(Variant, String, String)> = Variant::ALL
        .iter()
        .map(|&k| {
            let ids: Vec<&str> = systems
                .iter()
                .filter(|x| x.cluster.as_ref().is_some_and(|y| y.variant == k))
                .map(|x| x.id.as_str())
                .collect();
            (k, variant_label(cx, k, n), ids.join(", "))
        })
        .collect();
    v.cost_chart = cost_chart(cx, c, &variants);
    v.costs = costs_table(cx, c, n);
    v.economics = economics_table(cx, c, n);
    v.simulation = simulation_table(cx, c, n);
    v.monthly_chart = monthly_chart(cx, c, n);
    v.pv = pv_table(cx, c);
    v.aggregation = aggregation_table(cx, c, n);
    v.aggregation_text = aggregation_text(cx, c, n);
    v.co2 = co2_table(cx, c);
    v.co2_chart = co2_chart(cx, c);
    v.co2_text = co2_text(cx, c);
    v.surplus = surplus_table(cx, c);
    v.levelling_chart = levelling_chart(cx, c, n);
    v.levelling_text = levelling_text(cx, c, n);
    v.coincidence = coincidence_table(cx, c, n);
    v.coincidence_chart = coincidence_chart(cx, c, n);
    Some(v)
}

fn intro(cx: &Ctx, systems: &[&SystemResult], c: &ClusterResult) -> Vec<String> {
    let by_use = c
        .dwellings_by_use
        .iter()
        .map(|(u, d)| format!("{} {}", cx.use_label(u), num(*d, 0)))
        .collect::<Vec<_>>()
        .join(", ");
    let list = systems
        .iter()
        .map(|s| {
            let cl = s.cluster.as_deref();
            let var = cl.map(|x| variant_label(cx, x.variant, cluster_size(x)));
            format!("{} ({})", s.id, var.unwrap_or_default())
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = vec![cx.f(
        "housing.intro",
        &[
            ("dwellings", num(c.dwellings, 0)),
            ("by_use", by_use),
            ("package", package_label(cx, c)),
            ("systems", list),
        ],
    )];
    if systems.len() > 1 {
        out.push(cx.f("housing.intro_detail", &[("id", systems[0].id.clone())]));
    }
    let w = &c.weather;
    out.push(cx.f(
        "housing.weather",
        &[
            ("source", weather_source(cx, w)),
            ("lat", num(w.latitude, 2)),
            ("lon", num(w.longitude, 2)),
            ("tilt", num(w.tilt_deg, 0)),
            ("az", num(w.azimuth_deg, 0)),
            ("ghi", num(w.annual_ghi_gj_m2, 2)),
            ("poa", num(w.annual_poa_gj_m2, 2)),
            ("n", c.simulation_single.dwellings.to_string()),
            ("seed", c.seed.to_string()),
        ],
    ));
    out
}

/// The weather provenance in the report language: a built-in approximate climate names
/// its city and seed in the catalogue's words; the case's own EPW or CSV is printed as the
/// model describes it.
fn weather_source(cx: &Ctx, w: &crate::supply::cluster::WeatherSummary) -> String {
    let (Some(loc), Some(seed)) = (&w.location, w.synthetic_seed) else {
        return w.source.clone();
    };
    let note = w.location_source.clone().unwrap_or_default();
    // The built-in climates' shared note has a translation in the catalogue.
    let rest = if Some(note.as_str()) == cx.tr.lookup(Lang::En, "housing.weather_normals") {
        cx.t("housing.weather_normals")
    } else {
        note
    };
    cx.f(
        "housing.weather_builtin",
        &[
            ("city", cx.t(&format!("housing.city.{loc}"))),
            ("seed", seed.to_string()),
            ("rest", rest),
        ],
    )
}

/// `alternative / system` (their labels) for a chart row, the alternative shortened first
/// so the system stays readable.
fn chart_row_label(alt: &str, system: &str) -> String {
    let tail = format!(" / {system}");
    let room = svg::WIDTH * 0.34 - svg::text_width(&tail, svg::FONT_PX) - 2.0;
    format!("{}{tail}", svg::fit(alt, room.max(40.0), svg::FONT_PX))
}

/// Housing clusters across the alternatives: per-dwelling cost, economics, solar
/// fraction and CO2 of every solar-cluster system (None when there is none).
pub(super) fn comparison(cx: &Ctx) -> Option<ComparisonHousing> {
    let list: Vec<(&AlternativeResult, &SystemResult, &ClusterResult)> = cx
        .report
        .alternatives
        .iter()
        .flat_map(|a| {
            a.systems
                .iter()
                .filter_map(move |s| s.cluster.as_deref().map(|c| (a, s, c)))
        })
        .collect();
    if list.is_empty() {
        return None;
    }
    let l = |k: &str| cx.t(&format!("housing.cmp.{k}"));
    let rows: Vec<Row> = list
        .iter()
        .map(|(a, s, c)| {
            let cost = cost_of(c, c.variant);
            let econ = econ_of(c, c.variant);
            let annual = c.co2_steps.last().map(|x| x.co2_t);
            Row {
                key: format!("{}/{}", a.id, s.id),
                label: format!("{} / {}", cx.alt_label(a), s.name.text(cx.lang)),
                basis: String::new(),
                cells: vec![
                    cx.f(
                        "housing.cmp.variant_package",
                        &[
                            (
                                "variant",
                                cx.f(
                                    &format!("housing.variant_short.{}", c.variant.id()),
                                    &[("n", cluster_size(c).to_string())],
                                ),
                            ),
                            (
                                "package",
                                cx.tr
                                    .lookup(
                                        cx.lang,
                                        &format!("housing.package_short.{}", c.demand.package),
                                    )
                                    .map(str::to_string)
                                    .unwrap_or_else(|| package_label(cx, c)),
                            ),
                        ],
                    ),
                    opt(cost.map(|x| x.total_yen + x.pv_yen), |v| num(v, 0)),
                    opt(econ.map(|e| e.net_annual_cost_yen), |v| num(v, 0)),
                    pct(sim_of(c, c.variant).solar_fraction, 1),
                    num(s.co2_t, 0),
                    opt(annual, |v| num(v, 0)),
                ],
                class: String::new(),
            }
        })
        .collect();
    let table = Table {
        id: "tbl-cmp-housing".into(),
        caption: l("table"),
        note: l("note"),
        head: vec![
            format!("{} / {}", cx.t("word.alternative"), cx.t("word.system")),
            l("variant"),
            l("initial_yen"),
            l("net_annual_yen"),
            l("solar_fraction"),
            l("co2_hourly"),
            l("co2_annual"),
        ],
        basis: false,
        cols: vec![
            "variant".into(),
            "initial_yen".into(),
            "net_annual_yen".into(),
            "solar_fraction".into(),
            "co2_hourly_t".into(),
            "co2_annual_t".into(),
        ],
        rows,
        text_cols: 1,
        ..Table::default()
    };
    let costs: Vec<(&str, String, &CostBreakdown)> = list
        .iter()
        .filter_map(|(a, s, c)| {
            cost_of(c, c.variant).map(|x| {
                let label = chart_row_label(&cx.alt_label(a), &s.name.text(cx.lang));
                (a.id.as_str(), label, x)
            })
        })
        .collect();
    let (series, end_labels) =
        cost_stack(cx, &costs.iter().map(|(_, _, x)| *x).collect::<Vec<_>>());
    let caption = l("fig_costs");
    let cost_chart = Figure {
        id: "fig-cmp-housing-costs".into(),
        svg: svg::hbar_chart(&HBarChart {
            label: caption.clone(),
            rows: costs.iter().map(|(_, r, _)| r.clone()).collect(),
            series,
            end_labels,
            x_title: cx.t("axis.cost_10k_yen"),
            refs: vec![],
            legend: true,
            bold_row: costs
                .iter()
                .position(|(a, _, _)| *a == cx.report.comparison.base),
        }),
        caption,
        note: l("fig_costs_note"),
    };
    Some(ComparisonHousing { table, cost_chart })
}

/// Per-dwelling equipment of one solar-cluster system (CONTRACT.md `per_dwelling`).
#[derive(Debug, Clone, Serialize)]
pub struct PerDwelling {
    /// System id.
    pub system: String,
    /// System name in the report language.
    pub name: String,
    /// Values by CONTRACT.md field name.
    pub values: BTreeMap<String, f64>,
}

/// A roof-area balance row (CONTRACT.md alternative-level `roof`).
#[derive(Debug, Clone, Serialize, Default)]
pub struct RoofRow {
    /// Building group id (`data-group`).
    pub id: String,
    /// Building group (label).
    pub group: String,
    /// Floor, m² (when the model gives it).
    pub floor_m2: Option<f64>,
    /// Dwellings (when the model gives it).
    pub dwellings: Option<f64>,
    /// Footprint rule applied.
    pub rule: Option<String>,
    /// Usable roof, m².
    pub usable_m2: Option<f64>,
    /// Roof required by the panels, m².
    pub required_m2: Option<f64>,
    /// usable − required, m².
    pub balance_m2: Option<f64>,
}

/// A CO2 step (CONTRACT.md `co2_steps`).
#[derive(Debug, Clone, Serialize)]
pub struct Co2Step {
    /// Step label.
    pub step: String,
    /// CO2 after this step, t/yr.
    pub co2_t: f64,
}

/// Housing-cluster section: data normalized from the CONTRACT.md names, and charts.
#[derive(Debug, Clone, Serialize, Default)]
pub struct HousingView {
    /// True when any housing-cluster data is present.
    pub present: bool,
    /// Per-dwelling equipment by system.
    pub per_dwelling: Vec<PerDwelling>,
    /// Field names present in any `per_dwelling`, in CONTRACT.md order.
    pub per_dwelling_fields: Vec<String>,
    /// Decimals printed for each `per_dwelling` field.
    pub per_dwelling_decimals: BTreeMap<String, usize>,
    /// Initial cost per dwelling by system.
    pub cost_chart: Option<String>,
    /// Roof balance rows.
    pub roof: Vec<RoofRow>,
    /// Total over the building groups (when there are several).
    pub roof_total: Option<RoofRow>,
    /// Roof chart.
    pub roof_chart: Option<String>,
    /// CO2 steps from BAU to the final state.
    pub co2_steps: Vec<Co2Step>,
    /// CO2 waterfall.
    pub co2_chart: Option<String>,
    /// Detail of the first solar-cluster system (`systems[].cluster`): sizing, costs,
    /// economics, simulation, CO2 waterfall, levelling, coincidence, surplus heat.
    pub cluster: Option<ClusterView>,
}

/// CONTRACT.md `per_dwelling` fields of the per-dwelling table, in print order, with
/// their values.
pub type PerDwellingField = (&'static str, fn(&cluster::PerDwelling) -> f64);

/// The per-dwelling table's columns.
pub const PER_DWELLING_FIELDS: [PerDwellingField; 6] = [
    ("pv_kw", |p| p.pv_kw),
    ("pv_area_m2", |p| p.pv_area_m2),
    ("collector_m2", |p| p.collector_m2),
    ("tank_l", |p| p.tank_l),
    ("pipe_m", |p| p.pipe_m),
    ("initial_cost_yen", |p| p.initial_cost_yen),
];

/// Decimals printed for a `per_dwelling` field (kW two, areas one, litres, metres and
/// yen none).
pub fn per_dwelling_decimals(field: &str) -> usize {
    match field {
        "pv_kw" => 2,
        "pv_area_m2" | "collector_m2" => 1,
        _ => 0,
    }
}

/// A building group's footprint rule in `lang`. The model writes it in English with use ids
/// (`detached: floor / 2 × 1; footprint given`, report.json keeps that); other languages
/// read the words from the catalogue (`housing.roof_rule_word.<word>`) and the uses by name.
fn roof_rule(
    tr: &I18n,
    lang: Lang,
    rule: &str,
    group_name: &dyn Fn(&str, &str) -> String,
) -> String {
    if lang == Lang::En {
        return rule.to_string();
    }
    let rule = rule.replace("footprint given", "footprint_given");
    super::appendix::map_words(
        &rule,
        |c, word| c.is_ascii_alphabetic() || c == '_' || (!word.is_empty() && c.is_ascii_digit()),
        |w, out| match tr.lookup(lang, &format!("housing.roof_rule_word.{w}")) {
            Some(t) => out.push_str(t),
            None => out.push_str(&group_name(w, w)),
        },
    )
}

/// The housing-cluster summary of an alternative: per-dwelling equipment of each
/// solar-cluster system (`(system id, system name, per_dwelling)`), the roof balance by building
/// group and the CO2 steps, with their charts. `group_name` gives a building group's name
/// in the report language (group id, model name). Absent data gives an empty view and the
/// section is not rendered.
pub fn housing_view_of(
    tr: &I18n,
    lang: Lang,
    per_dwelling: &[(&str, &str, &cluster::PerDwelling)],
    roof: Option<&cluster::RoofBalance>,
    co2_steps: &[cluster::Co2Step],
    group_name: &dyn Fn(&str, &str) -> String,
) -> HousingView {
    let mut h = HousingView::default();
    let t = |k: &str| tr.get(lang, k);
    h.per_dwelling = per_dwelling
        .iter()
        .map(|(system, name, p)| PerDwelling {
            system: system.to_string(),
            name: name.to_string(),
            values: PER_DWELLING_FIELDS
                .iter()
                .map(|(k, f)| (k.to_string(), f(p)))
                .collect(),
        })
        .collect();
    if !h.per_dwelling.is_empty() {
        h.per_dwelling_fields = PER_DWELLING_FIELDS
            .iter()
            .map(|(k, _)| k.to_string())
            .collect();
    }
    h.per_dwelling_decimals = PER_DWELLING_FIELDS
        .iter()
        .map(|(k, _)| (k.to_string(), per_dwelling_decimals(k)))
        .collect();
    if !per_dwelling.is_empty() {
        h.cost_chart = Some(svg::hbar_chart(&HBarChart {
            label: t("caption.dwelling_cost"),
            rows: per_dwelling.iter().map(|(_, n, _)| n.to_string()).collect(),
            series: vec![Series {
                label: t("housing.initial_cost_yen"),
                color: "#d69e2e".into(),
                values: per_dwelling
                    .iter()
                    .map(|(_, _, p)| p.initial_cost_yen / 10_000.0)
                    .collect(),
                dashed: false,
            }],
            end_labels: per_dwelling
                .iter()
                .map(|(_, _, p)| format!("¥{}", num(p.initial_cost_yen, 0)))
                .collect(),
            x_title: t("axis.cost_10k_yen"),
            refs: vec![],
            legend: false,
            bold_row: None,
        }));
    }
    if let Some(r) = roof {
        h.roof = r
            .groups
            .iter()
            .map(|g| RoofRow {
                id: g.id.clone(),
                group: group_name(&g.id, g.name.text(lang)),
                floor_m2: Some(g.floor_m2),
                dwellings: Some(g.dwellings),
                rule: Some(roof_rule(tr, lang, &g.rule, group_name)),
                usable_m2: Some(g.usable_m2),
                required_m2: Some(g.required_m2),
                balance_m2: Some(g.balance_m2),
            })
            .collect();
        if h.roof.len() > 1 {
            h.roof_total = Some(RoofRow {
                id: "total".into(),
                group: t("word.total"),
                floor_m2: Some(r.groups.iter().map(|g| g.floor_m2).sum()),
                dwellings: Some(r.groups.iter().map(|g| g.dwellings).sum()),
                rule: None,
                usable_m2: Some(r.usable_m2),
                required_m2: Some(r.required_m2),
                balance_m2: Some(r.balance_m2),
            });
        }
    }
    if !h.roof.is_empty() {
        h.roof_chart = Some(roof_chart(tr, lang, &h.roof));
    }
    h.co2_steps = co2_steps
        .iter()
        .map(|s| Co2Step {
            step: tr
                .lookup(lang, &format!("housing.co2_step.{}", s.step.id()))
                .map(str::to_string)
                .unwrap_or_else(|| s.label.text(lang)),
            co2_t: s.co2_t,
        })
        .collect();
    if !h.co2_steps.is_empty() {
        h.co2_chart = Some(co2_waterfall_with(tr, lang, &h.co2_steps, None));
    }
    h.present = !h.per_dwelling.is_empty() || !h.roof.is_empty() || !h.co2_steps.is_empty();
    h
}

pub(super) fn housing_view(cx: &Ctx, a: &AlternativeResult) -> HousingView {
    // Building groups named after a use of the case read in the report language.
    let group_name = |id: &str, name: &str| match cx.report.use_labels.get(id) {
        Some(l) if l.en == name || id == name => cx.use_label(id),
        _ => name.to_string(),
    };
    let names: Vec<String> = a.systems.iter().map(|s| s.name.text(cx.lang)).collect();
    let per_dwelling: Vec<(&str, &str, &cluster::PerDwelling)> = a
        .systems
        .iter()
        .zip(&names)
        .filter_map(|(s, n)| Some((s.id.as_str(), n.as_str(), s.per_dwelling.as_ref()?)))
        .collect();
    let mut h = housing_view_of(
        cx.tr,
        cx.lang,
        &per_dwelling,
        a.roof.as_ref(),
        a.co2_steps.as_deref().unwrap_or_default(),
        &group_name,
    );
    h.cluster = cluster_view(cx, a);
    h.present |= h.cluster.is_some();
    h
}

/// Roof balance per building group: the usable roof split into the part the panels
/// need and the part left spare, and any shortfall beyond it.
fn roof_chart(tr: &I18n, lang: Lang, rows: &[RoofRow]) -> String {
    let t = |k: &str| tr.get(lang, k);
    let usable: Vec<f64> = rows.iter().map(|r| r.usable_m2.unwrap_or(0.0)).collect();
    let required: Vec<f64> = rows.iter().map(|r| r.required_m2.unwrap_or(0.0)).collect();
    let ser = |label: String, color: &str, values: Vec<f64>| Series {
        label,
        color: color.into(),
        values,
        dashed: false,
    };
    svg::hbar_chart(&HBarChart {
        label: t("caption.roof"),
        rows: rows.iter().map(|r| r.group.clone()).collect(),
        series: vec![
            ser(
                t("housing.roof_used"),
                "#d69e2e",
                usable
                    .iter()
                    .zip(&required)
                    .map(|(u, q)| u.min(*q))
                    .collect(),
            ),
            ser(
                t("housing.roof_spare"),
                "#2f855a",
                usable
                    .iter()
                    .zip(&required)
                    .map(|(u, q)| (u - q).max(0.0))
                    .collect(),
            ),
            ser(
                t("housing.roof_short"),
                BAND_WEAK,
                usable
                    .iter()
                    .zip(&required)
                    .map(|(u, q)| (q - u).max(0.0))
                    .collect(),
            ),
        ],
        end_labels: rows
            .iter()
            .map(|r| match r.balance_m2 {
                Some(b) => format!("{} m²", super::super::format::signed(b, 0)),
                None => String::new(),
            })
            .collect(),
        x_title: t("axis.area_m2"),
        refs: vec![],
        legend: true,
        bold_row: None,
    })
}

/// Waterfall of CO2 steps: the first step as a full bar, each later step as the floating
/// change from the previous level, then the final level as a full bar; `hourly` marks
/// the final level of another accounting (dashed line).
pub fn co2_waterfall_with(
    tr: &I18n,
    lang: Lang,
    steps: &[Co2Step],
    hourly: Option<RefLine>,
) -> String {
    let mut all: Vec<(String, f64)> = steps.iter().map(|s| (s.step.clone(), s.co2_t)).collect();
    if let Some(last) = steps.last() {
        if steps.len() > 1 {
            all.push((tr.get(lang, "housing.co2_step.final"), last.co2_t));
        }
    }
    let n = all.len();
    let mut hidden = vec![0.0; n];
    let mut down = vec![0.0; n];
    let mut up = vec![0.0; n];
    let mut full = vec![0.0; n];
    let mut labels = vec![];
    for (i, (_, co2)) in all.iter().enumerate() {
        if i == 0 || i == n - 1 {
            full[i] = *co2;
            labels.push(format!("{} t", num(*co2, 0)));
        } else {
            let prev = all[i - 1].1;
            hidden[i] = prev.min(*co2);
            if *co2 < prev {
                down[i] = prev - co2;
            } else {
                up[i] = co2 - prev;
            }
            labels.push(format!(
                "{} t ({})",
                num(*co2, 0),
                super::super::format::signed(co2 - prev, 0)
            ));
        }
    }
    let ser = |label: &str, color: &str, values: Vec<f64>| Series {
        label: label.to_string(),
        color: color.to_string(),
        values,
        dashed: false,
    };
    svg::hbar_chart(&HBarChart {
        label: tr.get(lang, "caption.co2_waterfall"),
        rows: all.iter().map(|(s, _)| s.clone()).collect(),
        series: vec![
            ser(&tr.get(lang, "chart.level"), "#7a828c", full),
            ser("", "none", hidden),
            ser(&tr.get(lang, "chart.reduction"), "#2f855a", down),
            ser(&tr.get(lang, "chart.increase"), BAND_WEAK, up),
        ],
        end_labels: labels,
        x_title: tr.get(lang, "axis.co2_t"),
        refs: hourly.into_iter().collect(),
        legend: false,
        bold_row: Some(n - 1),
    })
}
