//! What the hourly simulation of the housing clusters shows: heat and PV, the aggregation
//! saving, the CO2 waterfall, summer surplus, levelling and coincidence.

use super::super::super::format::{num, pct, signed};
use super::super::super::svg::{self, Band, Curve, CurveChart, RefLine, Series};
use super::super::{Ctx, HIGHLIGHT};
use super::{
    cluster_step_label, opt, row, variant_label, with_class, Figure, Row, Table, CLUSTER_COLOR,
    SINGLE_COLOR,
};
use crate::supply::cluster::{ClusterResult, Co2StepId, HeatSim, Variant};

pub(super) fn simulation_table(cx: &Ctx, c: &ClusterResult, n: usize) -> Table {
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

pub(super) fn monthly_chart(cx: &Ctx, c: &ClusterResult, n: usize) -> Figure {
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
            from_zero: true,
        }),
        caption,
        note: cx.t("housing.fig_monthly_note"),
    }
}

pub(super) fn pv_table(cx: &Ctx, c: &ClusterResult) -> Table {
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

pub(super) fn aggregation_table(cx: &Ctx, c: &ClusterResult, n: usize) -> Table {
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

pub(super) fn aggregation_text(cx: &Ctx, c: &ClusterResult, n: usize) -> String {
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

pub(super) fn co2_table(cx: &Ctx, c: &ClusterResult) -> Table {
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

pub(super) fn co2_chart(cx: &Ctx, c: &ClusterResult) -> Figure {
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

pub(super) fn co2_text(cx: &Ctx, c: &ClusterResult) -> String {
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

pub(super) fn surplus_table(cx: &Ctx, c: &ClusterResult) -> Table {
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
            "study_surplus_gj_per_month",
            l("study_surplus_gj_per_month"),
            vec![num(s.study_surplus_gj_per_month, 0)],
        ),
        row(
            "study_absorption_cooling_gj_per_month",
            l("study_absorption_cooling_gj_per_month"),
            vec![num(s.study_absorption_cooling_gj_per_month, 0)],
        ),
        row(
            "study_facility_cooling_gj_per_month",
            l("study_facility_cooling_gj_per_month"),
            vec![num(s.study_facility_cooling_gj_per_month, 0)],
        ),
        row(
            "study_covered_share",
            l("study_covered_share"),
            vec![format!(
                "{} / {}",
                pct(s.study_covered_share, 0),
                pct(s.hourly_covered_share, 0)
            )],
        ),
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

pub(super) fn levelling_chart(cx: &Ctx, c: &ClusterResult, n: usize) -> Figure {
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

pub(super) fn levelling_text(cx: &Ctx, c: &ClusterResult, n: usize) -> String {
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

pub(super) fn coincidence_table(cx: &Ctx, c: &ClusterResult, n: usize) -> Table {
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

pub(super) fn coincidence_chart(cx: &Ctx, c: &ClusterResult, n: usize) -> Figure {
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
