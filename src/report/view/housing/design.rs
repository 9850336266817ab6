//! The study's design of the housing clusters: dwelling demand, sizing, cost stacks and
//! economics per variant.

use super::super::super::format::{num, pct};
use super::super::super::svg::{self, HBarChart, Series};
use super::super::Ctx;
use super::{
    cost_of, econ_of, opt, package_label, payback_text, row, variant_label, with_basis, with_class,
    Figure, Row, Table, COST_COLORS,
};
use crate::supply::cluster::{ClusterResult, CostBreakdown, Variant, VariantEconomics};

pub(super) fn demand_table(cx: &Ctx, c: &ClusterResult) -> Table {
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

pub(super) fn sizing_table(cx: &Ctx, c: &ClusterResult, n: usize) -> Table {
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

pub(super) fn cost_chart(
    cx: &Ctx,
    c: &ClusterResult,
    variants: &[(Variant, String, String)],
) -> Figure {
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
pub(super) fn cost_stack(cx: &Ctx, costs: &[&CostBreakdown]) -> (Vec<Series>, Vec<String>) {
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
fn yen_label(cx: &Ctx, yen: f64) -> String {
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

pub(super) fn costs_table(cx: &Ctx, c: &ClusterResult, n: usize) -> Table {
    let inp = &c.inputs;
    let per_l = inp.generic_tank_yen / inp.generic_tank_l;
    let (basis, ref_l) = match inp.tank_scale_basis {
        crate::housing::TankScaleBasis::SingleHouse if c.study_sizing.single_tank_l > 0.0 => {
            ("single_house", c.study_sizing.single_tank_l)
        }
        _ => ("generic_product", inp.generic_tank_l),
    };
    let basis = cx.f(
        &format!("housing.tank_basis.{basis}"),
        &[("l", num(ref_l, 0)), ("yen", num(ref_l * per_l, 0))],
    );
    let note = cx.f(
        "housing.costs_note",
        &[
            ("basis", basis),
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

pub(super) fn economics_table(cx: &Ctx, c: &ClusterResult, n: usize) -> Table {
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
