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

use super::super::format::{num, pct, signed};
use super::super::svg::{self, Band, Curve, CurveChart, HBarChart, RefLine, Series};
use super::super::AlternativeResult;
use super::{Ctx, HIGHLIGHT};
use crate::i18n::{Lang, Text};
use crate::supply::cluster::{
    ClusterResult, Co2StepId, CostBreakdown, HeatSim, Variant, VariantEconomics,
};
use crate::supply::{SystemKind, SystemResult};
use serde::Serialize;

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

fn demand_table(cx: &Ctx, c: &ClusterResult) -> Table {
    let d = &c.demand;
    let mut uses: Vec<&str> = crate::household::END_USES
        .iter()
        .copied()
        .filter(|u| d.bau_gj.contains_key(*u))
        .collect();
    for u in d.bau_gj.keys() {
        if !uses.contains(&u.as_str()) {
            uses.push(u);
        }
    }
    let get = |m: &std::collections::BTreeMap<String, f64>, u: &str| m.get(u).copied();
    let mut rows: Vec<Row> = uses
        .iter()
        .map(|u| {
            row(
                u,
                cx.tr
                    .lookup(cx.lang, &format!("housing.end_use.{u}"))
                    .map(str::to_string)
                    .unwrap_or_else(|| u.to_string()),
                vec![
                    opt(get(&d.bau_gj, u), |v| num(v, 1)),
                    opt(get(&d.reduced_gj, u), |v| num(v, 1)),
                    opt(get(&d.bau_co2_kg, u), |v| num(v, 0)),
                    opt(get(&d.reduced_co2_kg, u), |v| num(v, 0)),
                ],
            )
        })
        .collect();
    rows.push(with_class(
        row(
            "total",
            cx.t("word.total"),
            vec![
                num(d.bau_gj.values().sum(), 1),
                num(d.reduced_gj.values().sum(), 1),
                num(d.bau_co2_kg_total, 0),
                num(d.reduced_co2_kg_total, 0),
            ],
        ),
        "total",
    ));
    Table {
        id: "tbl-cluster-demand".into(),
        caption: cx.t("housing.table_demand"),
        note: cx.f("housing.demand_note", &[("package", package_label(cx, c))]),
        head: vec![
            cx.t("housing.end_use_head"),
            cx.t("housing.bau_gj"),
            cx.t("housing.reduced_gj"),
            cx.t("housing.bau_co2_kg"),
            cx.t("housing.reduced_co2_kg"),
        ],
        basis: false,
        cols: vec![
            "bau_gj".into(),
            "reduced_gj".into(),
            "bau_co2_kg".into(),
            "reduced_co2_kg".into(),
        ],
        rows,
        ..Table::default()
    }
}

fn sizing_table(cx: &Ctx, c: &ClusterResult, n: usize) -> Table {
    let z = &c.study_sizing;
    let inp = &c.inputs;
    let sh = c.demand.reduced_gj.get("space_heating").copied();
    let hw = c.demand.reduced_gj.get("hot_water").copied();
    let agg = pct(z.aggregation_saving, 0);
    let months = inp.heating_months.to_string();
    let irr = num(inp.annual_irradiation_gj_m2, 1);
    let eff = pct(inp.solar_thermal_efficiency, 0);
    let swing = num(inp.tank_swing_k, 1);
    let cap = num(inp.water_heat_capacity_kj_per_lk, 3);
    let yld = num(inp.pv_yield_kwh_per_kwp, 0);
    let density = if z.pv_area_m2 > 0.0 {
        num(z.pv_kw / z.pv_area_m2, 2)
    } else {
        "–".into()
    };
    let pipe = cost_of(c, Variant::Cluster).map(|x| x.pipe_m);
    let b = |k: &str, args: &[(&str, String)]| cx.f(&format!("housing.sizing_basis.{k}"), args);
    let f1 = |v: Option<f64>| opt(v, |v| num(v, 1));
    // key, bold, single house, cluster, basis
    let spec: Vec<(&str, bool, String, String, String)> = vec![
        ("space_heating_gj", false, f1(sh), f1(sh), b("demand", &[])),
        ("hot_water_gj", false, f1(hw), f1(hw), b("demand", &[])),
        (
            "winter_month_heat_gj",
            false,
            num(z.winter_month_heat_gj, 2),
            num(z.winter_month_heat_gj, 2),
            b("winter_month", &[("months", months)]),
        ),
        (
            "monthly_collection_gj_per_m2",
            false,
            num(z.monthly_collection_gj_per_m2, 3),
            num(z.monthly_collection_gj_per_m2, 3),
            b("monthly_collection", &[("irr", irr), ("eff", eff)]),
        ),
        (
            "collector_m2",
            true,
            num(z.single_collector_m2, 1),
            num(z.cluster_collector_m2, 1),
            b("collector", &[("agg", agg.clone())]),
        ),
        (
            "winter_day_heat_mj",
            false,
            num(z.winter_day_heat_mj, 1),
            num(z.winter_day_heat_mj, 1),
            b("winter_day", &[]),
        ),
        (
            "tank_l",
            true,
            num(z.single_tank_l, 0),
            num(z.cluster_tank_l, 0),
            b("tank", &[("cap", cap), ("swing", swing), ("agg", agg)]),
        ),
        (
            "pv_demand_kwh",
            false,
            num(z.pv_demand_kwh, 0),
            num(z.pv_demand_kwh, 0),
            b("pv_demand", &[]),
        ),
        (
            "pv_kw",
            true,
            num(z.pv_kw, 2),
            num(z.pv_kw, 2),
            b("pv_kw", &[("yield", yld)]),
        ),
        (
            "pv_area_m2",
            false,
            num(z.pv_area_m2, 1),
            num(z.pv_area_m2, 1),
            b("pv_area", &[("density", density)]),
        ),
        (
            "roof_m2",
            false,
            num(z.pv_area_m2 + z.single_collector_m2, 1),
            num(z.pv_area_m2 + z.cluster_collector_m2, 1),
            b("roof", &[]),
        ),
        (
            "pipe_m",
            false,
            num(0.0, 0),
            opt(pipe, |v| num(v, 0)),
            b("pipe", &[]),
        ),
    ];
    let rows = spec
        .into_iter()
        .map(|(key, bold, single, cluster, basis)| {
            let r = with_basis(
                row(
                    key,
                    cx.t(&format!("housing.sizing.{key}")),
                    vec![single, cluster],
                ),
                basis,
            );
            if bold {
                with_class(r, "total")
            } else {
                r
            }
        })
        .collect();
    Table {
        id: "tbl-cluster-sizing".into(),
        caption: cx.f("housing.table_sizing", &[("n", n.to_string())]),
        note: cx.f(
            "housing.sizing_note",
            &[("agg", pct(z.aggregation_saving, 0))],
        ),
        head: vec![
            cx.t("housing.item"),
            cx.t("housing.basis"),
            variant_label(cx, Variant::Single, n),
            variant_label(cx, Variant::Cluster, n),
        ],
        basis: true,
        cols: vec!["single".into(), "cluster".into()],
        rows,
        ..Table::default()
    }
}

fn cost_chart(cx: &Ctx, c: &ClusterResult, variants: &[(Variant, String, String)]) -> Figure {
    let rows: Vec<(&CostBreakdown, String)> = variants
        .iter()
        .filter_map(|(k, l, _)| cost_of(c, *k).map(|x| (x, l.clone())))
        .collect();
    let ours = variants
        .iter()
        .filter(|(_, _, ids)| !ids.is_empty())
        .map(|(_, l, ids)| format!("{ids}: {l}"))
        .collect::<Vec<_>>()
        .join("; ");
    let (series, end_labels) = cost_stack(cx, &rows.iter().map(|(x, _)| *x).collect::<Vec<_>>());
    let caption = cx.t("housing.fig_costs");
    Figure {
        id: "fig-cluster-costs".into(),
        svg: svg::hbar_chart(&HBarChart {
            label: caption.clone(),
            rows: rows.iter().map(|(_, l)| l.clone()).collect(),
            series,
            end_labels,
            x_title: cx.t("axis.cost_10k_yen"),
            refs: vec![],
            legend: true,
            bold_row: None,
        }),
        caption,
        note: cx.f("housing.fig_costs_note", &[("ours", ours)]),
    }
}

/// Collector, tank, piping and PV per dwelling (¥10,000) stacked for each cost, with the
/// total as end label.
fn cost_stack(cx: &Ctx, costs: &[&CostBreakdown]) -> (Vec<Series>, Vec<String>) {
    type Part = (&'static str, fn(&CostBreakdown) -> f64);
    let parts: [Part; 4] = [
        ("collector", |x| x.collector_yen),
        ("tank", |x| x.tank_yen),
        ("piping", |x| x.piping_yen),
        ("pv", |x| x.pv_yen),
    ];
    let series = parts
        .iter()
        .zip(COST_COLORS)
        .map(|((k, f), color)| Series {
            label: cx.t(&format!("housing.cost_part.{k}")),
            color: color.into(),
            values: costs.iter().map(|x| f(x) / 10_000.0).collect(),
            dashed: false,
        })
        .collect();
    let ends = costs
        .iter()
        .map(|x| yen_label(cx, x.total_yen + x.pv_yen))
        .collect();
    (series, ends)
}

/// An amount of yen as a chart label: `¥3,802,460` / `380.2万円`.
pub(super) fn yen_label(cx: &Ctx, yen: f64) -> String {
    cx.f(
        "housing.yen_label",
        &[("yen", num(yen, 0)), ("man", num(yen / 10_000.0, 1))],
    )
}

/// One row of a table by cost variant: key (also the label's i18n leaf), bold, and the
/// cell of one variant.
type VariantRow<'a, T> = (&'a str, bool, &'a dyn Fn(&T) -> String);

/// A table with one column per cost variant (single, cluster, co-trenched); a variant
/// the model does not carry prints as a dash.
fn variant_table<'a, T: 'a>(
    cx: &Ctx,
    (id, caption, note): (&str, String, String),
    n: usize,
    labels: &str,
    get: impl Fn(Variant) -> Option<&'a T>,
    spec: &[VariantRow<T>],
) -> Table {
    let rows = spec
        .iter()
        .map(|(key, bold, f)| {
            let r = row(
                key,
                cx.t(&format!("{labels}.{key}")),
                Variant::ALL
                    .iter()
                    .map(|v| get(*v).map(f).unwrap_or_else(|| "–".into()))
                    .collect(),
            );
            if *bold {
                with_class(r, "total")
            } else {
                r
            }
        })
        .collect();
    let mut head = vec![cx.t("housing.item")];
    head.extend(Variant::ALL.iter().map(|k| variant_label(cx, *k, n)));
    Table {
        id: id.into(),
        caption,
        note,
        head,
        cols: Variant::ALL.iter().map(|k| k.id().to_string()).collect(),
        rows,
        ..Table::default()
    }
}

fn costs_table(cx: &Ctx, c: &ClusterResult, n: usize) -> Table {
    let inp = &c.inputs;
    let note = cx.f(
        "housing.costs_note",
        &[
            ("col_m2", num(inp.generic_collector_m2, 0)),
            ("col_yen", num(inp.generic_collector_yen, 0)),
            ("tank_l", num(inp.generic_tank_l, 0)),
            ("tank_yen", num(inp.generic_tank_yen, 0)),
            ("exp", num(inp.tank_scale_exponent, 1)),
            ("house_pipe", num(inp.house_piping_yen, 0)),
            ("pipe_m", num(inp.buried_pipe_yen_per_m, 0)),
            ("civil", pct(inp.pipe_civil_share, 0)),
            ("saving", pct(inp.co_trenching_saving, 0)),
            ("pv", num(inp.pv_yen_per_kw, 0)),
            ("n", n.to_string()),
        ],
    );
    variant_table(
        cx,
        (
            "tbl-cluster-costs",
            cx.f("housing.table_costs", &[("n", n.to_string())]),
            note,
        ),
        n,
        "housing.cost_row",
        |v| cost_of(c, v),
        &[
            ("collector_m2", false, &|x: &CostBreakdown| {
                num(x.collector_m2, 1)
            }),
            ("tank_l", false, &|x| num(x.tank_l, 0)),
            ("pipe_m", false, &|x| num(x.pipe_m, 0)),
            ("collector_yen", false, &|x| num(x.collector_yen, 0)),
            ("tank_yen", false, &|x| num(x.tank_yen, 0)),
            ("piping_yen", false, &|x| num(x.piping_yen, 0)),
            ("total_yen", true, &|x| num(x.total_yen, 0)),
            ("pv_yen", false, &|x| num(x.pv_yen, 0)),
            ("all_yen", true, &|x| num(x.total_yen + x.pv_yen, 0)),
        ],
    )
}

fn economics_table(cx: &Ctx, c: &ClusterResult, n: usize) -> Table {
    let inp = &c.inputs;
    let crf = c
        .economics
        .first()
        .map(|e| num(e.capital_recovery_factor, 4))
        .unwrap_or_else(|| "–".into());
    let note = cx.f(
        "housing.economics_note",
        &[
            ("e", num(inp.electricity_yen_per_kwh, 1)),
            ("s", num(inp.sellback_yen_per_kwh, 1)),
            ("g", num(inp.gas_yen_per_mj, 2)),
            ("om", pct(inp.om_share, 1)),
            ("crf", crf),
            ("interest", pct(inp.interest, 1)),
            ("years", num(inp.lifetime_years, 0)),
        ],
    );
    let yen = |f: fn(&VariantEconomics) -> f64| move |e: &VariantEconomics| num(f(e), 0);
    let (a, b, d, e, f, g, h, i, j) = (
        yen(|e| e.solar_thermal_initial_yen),
        yen(|e| e.pv_initial_yen),
        yen(|e| e.reference_bill_yen),
        yen(|e| e.bill_yen),
        yen(|e| e.solar_thermal_saving_yen),
        yen(|e| e.pv_saving_yen),
        yen(|e| e.om_yen),
        yen(|e| e.capital_recovery_factor * (e.solar_thermal_initial_yen + e.pv_initial_yen)),
        yen(|e| e.net_annual_cost_yen),
    );
    variant_table(
        cx,
        (
            "tbl-cluster-economics",
            cx.f("housing.table_economics", &[("n", n.to_string())]),
            note,
        ),
        n,
        "housing.econ",
        |v| econ_of(c, v),
        &[
            ("solar_thermal_initial_yen", false, &a),
            ("pv_initial_yen", false, &b),
            ("reference_bill_yen", false, &d),
            ("bill_yen", false, &e),
            ("solar_thermal_saving_yen", false, &f),
            ("pv_saving_yen", false, &g),
            ("om_yen", false, &h),
            ("capital_yen", false, &i),
            ("net_annual_cost_yen", true, &j),
            ("solar_thermal_payback_years", false, &|e| {
                payback_text(cx, e.solar_thermal_payback_years)
            }),
            ("pv_payback_years", false, &|e| {
                payback_text(cx, e.pv_payback_years)
            }),
            ("total_payback_years", false, &|e| {
                payback_text(cx, e.total_payback_years)
            }),
        ],
    )
}

fn simulation_table(cx: &Ctx, c: &ClusterResult, n: usize) -> Table {
    let (a, b) = (&c.simulation_single, &c.simulation_cluster);
    let l = |k: &str| cx.t(&format!("housing.sim.{k}"));
    let r =
        |k: &str, f: fn(&HeatSim) -> f64, d: usize| row(k, l(k), vec![num(f(a), d), num(f(b), d)]);
    let rows = vec![
        r("collector_m2", |s| s.collector_m2, 1),
        r("tank_l", |s| s.tank_l, 0),
        r("pipe_m", |s| s.pipe_m, 0),
        r("demand_kwh", |s| s.demand_kwh, 0),
        r("collected_kwh", |s| s.collected_kwh, 0),
        r("solar_delivered_kwh", |s| s.solar_delivered_kwh, 0),
        r("surplus_kwh", |s| s.surplus_kwh, 0),
        r("tank_loss_kwh", |s| s.tank_loss_kwh, 0),
        r("pipe_loss_kwh", |s| s.pipe_loss_kwh, 0),
        r("backup_kwh", |s| s.backup_kwh, 0),
        r("pump_kwh", |s| s.pump_kwh, 0),
        with_class(
            row(
                "solar_fraction",
                l("solar_fraction"),
                vec![pct(a.solar_fraction, 1), pct(b.solar_fraction, 1)],
            ),
            "total",
        ),
    ];
    let tank_model = c.inputs.tank_model.id();
    Table {
        id: "tbl-cluster-simulation".into(),
        caption: cx.f("housing.table_simulation", &[("n", n.to_string())]),
        note: cx.f(
            "housing.simulation_note",
            &[
                ("n", a.dwellings.to_string()),
                ("seed", c.seed.to_string()),
                ("tank", cx.t(&format!("housing.tank_model.{tank_model}"))),
            ],
        ),
        head: vec![
            cx.t("housing.item"),
            variant_label(cx, Variant::Single, n),
            variant_label(cx, Variant::Cluster, n),
        ],
        basis: false,
        cols: vec!["single".into(), "cluster".into()],
        rows,
        ..Table::default()
    }
}

fn monthly_chart(cx: &Ctx, c: &ClusterResult, n: usize) -> Figure {
    let caption = cx.t("housing.fig_monthly");
    let ser = |label: String, color: &str, s: &HeatSim| Series {
        label,
        color: color.into(),
        values: s.monthly_solar_fraction.iter().map(|v| v * 100.0).collect(),
        dashed: false,
    };
    Figure {
        id: "fig-cluster-monthly".into(),
        svg: svg::bar_chart(&svg::BarChart {
            label: caption.clone(),
            height: 250.0,
            categories: (1..=12)
                .map(|m| cx.f("axis.month_n", &[("m", m.to_string())]))
                .collect(),
            series: vec![
                ser(
                    variant_label(cx, Variant::Single, n),
                    SINGLE_COLOR,
                    &c.simulation_single,
                ),
                ser(
                    variant_label(cx, Variant::Cluster, n),
                    CLUSTER_COLOR,
                    &c.simulation_cluster,
                ),
            ],
            x_title: cx.t("axis.month"),
            y_title: cx.t("housing.axis_solar_fraction"),
        }),
        caption,
        note: cx.t("housing.fig_monthly_note"),
    }
}

fn pv_table(cx: &Ctx, c: &ClusterResult) -> Table {
    let p = &c.pv;
    let l = |k: &str| cx.t(&format!("housing.pv.{k}"));
    let rows = vec![
        row("pv_kw", l("pv_kw"), vec![num(p.pv_kw, 2)]),
        row(
            "generation_kwh",
            l("generation_kwh"),
            vec![num(p.generation_kwh, 0)],
        ),
        row(
            "yield_kwh_per_kwp",
            l("yield_kwh_per_kwp"),
            vec![num(p.yield_kwh_per_kwp, 0)],
        ),
        row("demand_kwh", l("demand_kwh"), vec![num(p.demand_kwh, 0)]),
        row(
            "self_consumed_kwh",
            l("self_consumed_kwh"),
            vec![num(p.self_consumed_kwh, 0)],
        ),
        row("export_kwh", l("export_kwh"), vec![num(p.export_kwh, 0)]),
        row("import_kwh", l("import_kwh"), vec![num(p.import_kwh, 0)]),
        with_class(
            row(
                "self_consumption_ratio",
                l("self_consumption_ratio"),
                vec![pct(p.self_consumption_ratio, 1)],
            ),
            "total",
        ),
        row(
            "self_sufficiency",
            l("self_sufficiency"),
            vec![pct(p.self_sufficiency, 1)],
        ),
        row(
            "pooled_self_consumption_ratio",
            l("pooled_self_consumption_ratio"),
            vec![pct(p.pooled_self_consumption_ratio, 1)],
        ),
    ];
    value_table(
        cx,
        "tbl-cluster-pv",
        cx.t("housing.table_pv"),
        cx.t("housing.pv_note"),
        cx.t("housing.per_dwelling_col"),
        rows,
    )
}

/// A table of one value column (as wide as its content).
fn value_table(
    cx: &Ctx,
    id: &str,
    caption: String,
    note: String,
    head: String,
    rows: Vec<Row>,
) -> Table {
    Table {
        id: id.into(),
        caption,
        note,
        head: vec![cx.t("housing.item"), head],
        cols: vec!["value".into()],
        rows,
        narrow: true,
        ..Table::default()
    }
}

fn aggregation_table(cx: &Ctx, c: &ClusterResult, n: usize) -> Table {
    let g = &c.aggregation_saving;
    let l = |k: &str| cx.f(&format!("housing.agg.{k}"), &[("n", n.to_string())]);
    let none = || cx.t("housing.not_reached");
    let rows = vec![
        row("study", l("study"), vec![pct(g.study, 0)]),
        with_class(
            row(
                "computed",
                l("computed"),
                vec![g.computed.map(|v| pct(v, 1)).unwrap_or_else(none)],
            ),
            "total",
        ),
        row(
            "computed_without_pipe_losses",
            l("computed_without_pipe_losses"),
            vec![g
                .computed_without_pipe_losses
                .map(|v| pct(v, 1))
                .unwrap_or_else(none)],
        ),
        row(
            "target_solar_fraction",
            l("target_solar_fraction"),
            vec![pct(g.target_solar_fraction, 1)],
        ),
        row(
            "cluster_solar_fraction_at_study_cut",
            l("cluster_solar_fraction_at_study_cut"),
            vec![pct(g.cluster_solar_fraction_at_study_cut, 1)],
        ),
    ];
    value_table(
        cx,
        "tbl-cluster-aggregation",
        cx.f("housing.table_aggregation", &[("n", n.to_string())]),
        cx.f(
            "housing.aggregation_note",
            &[
                ("n", n.to_string()),
                ("households", c.simulation_single.dwellings.to_string()),
                ("seed", c.seed.to_string()),
            ],
        ),
        cx.t("housing.value"),
        rows,
    )
}

fn aggregation_text(cx: &Ctx, c: &ClusterResult, n: usize) -> String {
    let g = &c.aggregation_saving;
    let args = |computed: Option<f64>| {
        vec![
            ("n", n.to_string()),
            ("study", pct(g.study, 0)),
            ("computed", computed.map(|v| pct(v, 0)).unwrap_or_default()),
            (
                "without",
                g.computed_without_pipe_losses
                    .map(|v| pct(v, 0))
                    .unwrap_or_else(|| cx.t("housing.not_reached")),
            ),
            ("target", pct(g.target_solar_fraction, 0)),
            ("at_cut", pct(g.cluster_solar_fraction_at_study_cut, 0)),
        ]
    };
    match g.computed {
        None => cx.f("housing.agg_text.none", &args(None)),
        Some(v) if v + 0.005 < g.study => cx.f("housing.agg_text.below", &args(Some(v))),
        Some(v) => cx.f("housing.agg_text.above", &args(Some(v))),
    }
}

fn co2_table(cx: &Ctx, c: &ClusterResult) -> Table {
    let bau = c.co2_steps.first().map(|s| s.co2_t).unwrap_or(0.0);
    let mut rows: Vec<Row> = c
        .co2_steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let h = c.co2_steps_hourly.iter().find(|x| x.step == s.step);
            let first = i == 0;
            let dash = || "–".to_string();
            row(
                s.step.id(),
                cluster_step_label(cx, c, s.step, &s.label),
                vec![
                    num(s.co2_t, 0),
                    if first {
                        dash()
                    } else {
                        signed(-s.reduction_t, 0)
                    },
                    if first {
                        dash()
                    } else {
                        pct(s.share_of_bau, 1)
                    },
                    h.map(|h| num(h.co2_t, 0)).unwrap_or_else(dash),
                    if first {
                        dash()
                    } else {
                        h.map(|h| signed(-h.reduction_t, 0)).unwrap_or_else(dash)
                    },
                ],
            )
        })
        .collect();
    if let (Some(a), Some(h)) = (c.co2_steps.last(), c.co2_steps_hourly.last()) {
        rows.push(with_class(
            row(
                "final",
                cx.t("housing.co2_step.final"),
                vec![
                    num(a.co2_t, 0),
                    signed(a.co2_t - bau, 0),
                    pct(if bau > 0.0 { 1.0 - a.co2_t / bau } else { 0.0 }, 1),
                    num(h.co2_t, 0),
                    signed(h.co2_t - bau, 0),
                ],
            ),
            "total",
        ));
    }
    Table {
        id: "tbl-cluster-co2".into(),
        caption: cx.t("housing.table_co2_steps"),
        note: cx.t("housing.co2_steps_note"),
        head: vec![
            cx.t("housing.step"),
            cx.t("housing.co2_after"),
            cx.t("housing.co2_change"),
            cx.t("housing.co2_share"),
            cx.t("housing.co2_after_hourly"),
            cx.t("housing.co2_change_hourly"),
        ],
        basis: false,
        cols: vec![
            "co2_t".into(),
            "change_t".into(),
            "share_of_bau".into(),
            "hourly_co2_t".into(),
            "hourly_change_t".into(),
        ],
        rows,
        ..Table::default()
    }
}

fn co2_chart(cx: &Ctx, c: &ClusterResult) -> Figure {
    let steps: Vec<super::Co2Step> = c
        .co2_steps
        .iter()
        .map(|s| super::Co2Step {
            step: cluster_step_label(cx, c, s.step, &s.label),
            co2_t: s.co2_t,
        })
        .collect();
    let hourly = c.co2_steps_hourly.last().map(|h| RefLine {
        value: h.co2_t,
        label: cx.f("housing.hourly_line", &[("t", num(h.co2_t, 0))]),
        color: HIGHLIGHT.into(),
    });
    Figure {
        id: "fig-cluster-co2".into(),
        svg: super::co2_waterfall_with(cx.tr, cx.lang, &steps, hourly),
        caption: cx.t("caption.co2_waterfall"),
        note: cx.t("housing.fig_co2_note"),
    }
}

fn co2_text(cx: &Ctx, c: &ClusterResult) -> String {
    let (Some(a), Some(h), Some(b)) = (
        c.co2_steps.last(),
        c.co2_steps_hourly.last(),
        c.co2_steps.first(),
    ) else {
        return String::new();
    };
    let st_a = c
        .co2_steps
        .iter()
        .find(|s| s.step == Co2StepId::SolarThermal);
    let st_h = c
        .co2_steps_hourly
        .iter()
        .find(|s| s.step == Co2StepId::SolarThermal);
    // The study's annual accounting nets the dwellings to zero when the final level is
    // the facilities' own CO2.
    let key = if (a.co2_t - c.facility_co2_t).abs() < 0.5 {
        "housing.co2_text"
    } else {
        "housing.co2_text_plain"
    };
    cx.f(
        key,
        &[
            ("bau", num(b.co2_t, 0)),
            ("annual", num(a.co2_t, 0)),
            ("annual_share", pct(a.remaining_share, 0)),
            ("hourly", num(h.co2_t, 0)),
            ("hourly_share", pct(h.remaining_share, 0)),
            ("st_annual", opt(st_a.map(|s| s.reduction_t), |v| num(v, 0))),
            ("st_hourly", opt(st_h.map(|s| s.reduction_t), |v| num(v, 0))),
            ("facilities", num(c.facility_co2_t, 0)),
        ],
    )
}

fn surplus_table(cx: &Ctx, c: &ClusterResult) -> Table {
    let s = &c.surplus;
    let l = |k: &str| cx.t(&format!("housing.surplus.{k}"));
    let share = if s.facility_cooling_mwh > 0.0 {
        pct(s.covered_cooling_mwh / s.facility_cooling_mwh, 1)
    } else {
        "–".into()
    };
    let rows = vec![
        row("surplus_mwh", l("surplus_mwh"), vec![num(s.surplus_mwh, 0)]),
        row(
            "cooling_season_surplus_mwh",
            l("cooling_season_surplus_mwh"),
            vec![num(s.cooling_season_surplus_mwh, 0)],
        ),
        row(
            "absorption_cop",
            l("absorption_cop"),
            vec![num(s.absorption_cop, 2)],
        ),
        row(
            "absorption_cooling_mwh",
            l("absorption_cooling_mwh"),
            vec![num(s.absorption_cooling_mwh, 0)],
        ),
        row(
            "facility_cooling_mwh",
            l("facility_cooling_mwh"),
            vec![num(s.facility_cooling_mwh, 0)],
        ),
        with_class(
            row(
                "covered_cooling_mwh",
                l("covered_cooling_mwh"),
                vec![num(s.covered_cooling_mwh, 0)],
            ),
            "total",
        ),
        row("covered_share", l("covered_share"), vec![share]),
        row(
            "avoided_electricity_mwh",
            l("avoided_electricity_mwh"),
            vec![num(s.avoided_electricity_mwh, 0)],
        ),
        row(
            "avoided_co2_t",
            l("avoided_co2_t"),
            vec![num(s.avoided_co2_t, 0)],
        ),
    ];
    let cop_e = c.inputs.displaced_cooling_cop;
    value_table(
        cx,
        "tbl-cluster-surplus",
        cx.t("housing.table_surplus"),
        cx.f(
            "housing.surplus_note",
            &[
                ("dwellings", num(c.dwellings, 0)),
                ("cop", num(s.absorption_cop, 1)),
                ("cop_e", num(cop_e, 1)),
            ],
        ),
        cx.t("housing.value"),
        rows,
    )
}

fn levelling_chart(cx: &Ctx, c: &ClusterResult, n: usize) -> Figure {
    let l = &c.levelling;
    let xs: Vec<f64> = l.households.iter().map(|h| *h as f64).collect();
    let x_max = xs.iter().cloned().fold(1.0, f64::max);
    let (_, hi, step) = svg::nice_axis(0.0, x_max, 6);
    let ticks = (0..=((hi / step).round() as usize))
        .map(|k| (k as f64 * step, num(k as f64 * step, 0)))
        .collect();
    let at = l.households.iter().position(|h| *h == n);
    let caption = cx.t("caption.levelling");
    let mut vlines = vec![];
    if let Some(i) = at {
        vlines.push(RefLine {
            value: n as f64,
            label: cx.f(
                "housing.n_line",
                &[("n", n.to_string()), ("v", num(l.levelling_ratio[i], 2))],
            ),
            color: HIGHLIGHT.into(),
        });
    }
    Figure {
        id: "fig-levelling".into(),
        svg: svg::curve_chart(&CurveChart {
            label: caption.clone(),
            height: 280.0,
            x_range: (0.0, hi),
            log_x: false,
            x_ticks: ticks,
            x_title: cx.t("axis.households"),
            y_title: cx.t("axis.levelling_ratio"),
            y_from_zero: true,
            y_max: None,
            bands: vec![Band {
                label: cx.t("housing.band_p10_p90"),
                color: "#b07aa1".into(),
                x: xs.clone(),
                lo: l.levelling_ratio_p10.clone(),
                hi: l.levelling_ratio_p90.clone(),
            }],
            curves: vec![Curve {
                label: cx.t("housing.levelling_mean"),
                color: "#7b3f73".into(),
                points: xs
                    .iter()
                    .cloned()
                    .zip(l.levelling_ratio.iter().cloned())
                    .collect(),
                dashed: false,
                markers: false,
            }],
            vlines,
        }),
        caption,
        note: cx.f(
            "housing.levelling_note_n",
            &[
                ("draws", l.replicates.to_string()),
                ("seed", l.seed.to_string()),
            ],
        ),
    }
}

fn levelling_text(cx: &Ctx, c: &ClusterResult, n: usize) -> String {
    let l = &c.levelling;
    let at = |k: usize| {
        l.households
            .iter()
            .position(|h| *h == k)
            .map(|i| l.levelling_ratio[i])
    };
    let (Some(one), Some(atn)) = (at(1), at(n)) else {
        return String::new();
    };
    let last = l.households.last().copied().unwrap_or(n);
    let Some(end) = at(last) else {
        return String::new();
    };
    cx.f(
        "housing.levelling_text",
        &[
            ("one", num(one, 2)),
            ("n", n.to_string()),
            ("atn", num(atn, 2)),
            ("last", last.to_string()),
            ("end", num(end, 2)),
            (
                "drop_n",
                pct(if one > 0.0 { 1.0 - atn / one } else { 0.0 }, 0),
            ),
        ],
    )
}

/// Coincidence columns: key, colour, dashed (formula).
const CF_COLS: [(&str, &str, bool); 7] = [
    ("profile_electricity", "#6b8e23", false),
    ("profile_heat", "#c0392b", false),
    ("profile_hot_water", "#e08e0b", false),
    ("winter", "#1f5f99", true),
    ("thermos", "#6b46c1", true),
    ("ds439", "#17a2b8", true),
    ("dresden", "#7a828c", true),
];

fn cf_value(r: &crate::diversity::CoincidenceRow, k: &str) -> f64 {
    match k {
        "profile_electricity" => r.profile_electricity,
        "profile_heat" => r.profile_heat,
        "profile_hot_water" => r.profile_hot_water,
        "winter" => r.winter,
        "thermos" => r.thermos,
        "ds439" => r.ds439,
        _ => r.dresden,
    }
}

fn coincidence_table(cx: &Ctx, c: &ClusterResult, n: usize) -> Table {
    let rows = c
        .coincidence
        .iter()
        .map(|r| {
            let x = row(
                &r.n.to_string(),
                num(r.n as f64, 0),
                CF_COLS
                    .iter()
                    .map(|(k, _, _)| pct(cf_value(r, k), 1))
                    .collect(),
            );
            if r.n == n {
                with_class(x, "base")
            } else {
                x
            }
        })
        .collect();
    let mut head = vec![cx.t("housing.cf_n")];
    head.extend(
        CF_COLS
            .iter()
            .map(|(k, _, _)| cx.t(&format!("housing.cf_head.{k}"))),
    );
    let profiles = CF_COLS
        .iter()
        .filter(|(k, _, _)| k.starts_with("profile"))
        .count();
    Table {
        id: "tbl-cluster-coincidence".into(),
        caption: cx.f("housing.table_coincidence", &[("n", n.to_string())]),
        note: cx.t("housing.coincidence_note"),
        head,
        basis: false,
        cols: CF_COLS.iter().map(|(k, _, _)| k.to_string()).collect(),
        rows,
        groups: vec![
            (cx.t("housing.cf_group.profile"), profiles),
            (cx.t("housing.cf_group.formula"), CF_COLS.len() - profiles),
        ],
        ..Table::default()
    }
}

fn coincidence_chart(cx: &Ctx, c: &ClusterResult, n: usize) -> Figure {
    let ns: Vec<f64> = c.coincidence.iter().map(|r| r.n as f64).collect();
    let x_max = ns.iter().cloned().fold(1.0, f64::max);
    let ticks = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0]
        .iter()
        .filter(|t| **t <= x_max * 1.0001)
        .map(|t| (*t, num(*t, 0)))
        .collect();
    let curves = CF_COLS
        .iter()
        .map(|(k, color, dashed)| Curve {
            label: cx.t(&format!("housing.cf.{k}")),
            color: color.to_string(),
            points: c
                .coincidence
                .iter()
                .map(|r| (r.n as f64, cf_value(r, k) * 100.0))
                .collect(),
            dashed: *dashed,
            markers: true,
        })
        .collect();
    let caption = cx.t("housing.fig_coincidence");
    Figure {
        id: "fig-cluster-coincidence".into(),
        svg: svg::curve_chart(&CurveChart {
            label: caption.clone(),
            height: 300.0,
            x_range: (1.0, x_max),
            log_x: true,
            x_ticks: ticks,
            x_title: cx.t("housing.axis_dwellings_log"),
            y_title: cx.t("axis.cf_pct"),
            y_from_zero: true,
            y_max: Some(100.0),
            bands: vec![],
            curves,
            vlines: if ns.contains(&(n as f64)) {
                vec![RefLine {
                    value: n as f64,
                    label: cx.f("housing.n_only", &[("n", n.to_string())]),
                    color: HIGHLIGHT.into(),
                }]
            } else {
                vec![]
            },
        }),
        caption,
        note: cx.t("housing.coincidence_note"),
    }
}

/// `alternative / system` for a chart row, the alternative shortened first so the
/// system id stays readable.
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
                label: format!("{} / {}", a.id, s.id),
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
            cost_of(c, c.variant).map(|x| (a.id.as_str(), chart_row_label(&a.id, &s.id), x))
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
