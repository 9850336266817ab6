//! Load charts of an alternative page: design days, monthly energy, load-duration curves
//! and the mixing heat maps.

use super::super::format::{num, pct};
use super::super::svg::{self, Series};
use super::super::AlternativeResult;
use super::{carrier_color, Ctx, MIX_GROUPS, TOTAL_COLOR};
use crate::carrier::Carrier;
use crate::i18n::{I18n, Lang};
use crate::load::MixDay;
use std::collections::BTreeMap;

fn hour_ticks() -> Vec<(f64, String)> {
    (0..=8)
        .map(|k| (k as f64 * 3.0, format!("{}", k * 3)))
        .collect()
}

fn step_series(values: &[f64]) -> Vec<f64> {
    values.iter().flat_map(|v| [*v, *v]).collect()
}

pub(super) fn design_day_chart(cx: &Ctx, a: &AlternativeResult, c: Carrier) -> String {
    let m = &a.loads[c];
    let per = Some(&a.loads_by_use[c]);
    let xs: Vec<f64> = (0..24).flat_map(|h| [h as f64, h as f64 + 1.0]).collect();
    let mut areas = vec![];
    if let Some(per) = per {
        for (u, l) in per {
            if l.annual_mwh <= 0.0 {
                continue;
            }
            areas.push(Series {
                label: cx.f(
                    "chart.legend_use",
                    &[
                        ("name", cx.use_label(u)),
                        ("peak", num(l.design_peak_kw, 0)),
                        ("dlf", pct(l.daily_load_factor, 1)),
                    ],
                ),
                color: cx.color(u),
                values: step_series(&l.district_design_day_kw),
                dashed: false,
            });
        }
    }
    let total = Series {
        label: cx.f(
            "chart.legend_total",
            &[
                ("peak", num(m.design_day_peak_kw, 0)),
                ("dlf", pct(m.daily_load_factor, 1)),
            ],
        ),
        color: TOTAL_COLOR.into(),
        values: step_series(&m.design_day_kw),
        dashed: false,
    };
    let label = cx.f(
        "caption.design_day",
        &[
            ("carrier", cx.carrier(c.id())),
            ("day", m.design_day.clone()),
        ],
    );
    svg::xy_chart(&svg::XyChart {
        label,
        height: 250.0 + 16.0 * ((areas.len() + 1) as f64 / 2.0).ceil(),
        x: xs,
        x_range: (0.0, 24.0),
        x_ticks: hour_ticks(),
        x_title: cx.f("axis.hour_of_day", &[("day", m.design_day.clone())]),
        y_title: cx.t("axis.load_kw"),
        areas,
        lines: vec![total],
        markers: vec![],
    })
}

pub(super) fn monthly_chart(cx: &Ctx, a: &AlternativeResult) -> String {
    let series = Carrier::ALL
        .iter()
        .map(|c| Series {
            label: cx.carrier(c.id()),
            color: carrier_color(*c).into(),
            values: a.loads[*c].monthly_mwh.clone(),
            dashed: false,
        })
        .collect();
    svg::bar_chart(&svg::BarChart {
        label: cx.t("caption.monthly"),
        height: 260.0,
        categories: (1..=12)
            .map(|m| cx.f("axis.month_n", &[("m", m.to_string())]))
            .collect(),
        series,
        x_title: cx.t("axis.month"),
        y_title: cx.t("axis.energy_mwh_month"),
    })
}

pub(super) fn duration_chart(cx: &Ctx, a: &AlternativeResult) -> String {
    let n = a
        .loads
        .values()
        .map(|m| m.duration_curve_kw.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let xs: Vec<f64> = (0..n).map(|i| i as f64 * 8760.0 / (n - 1) as f64).collect();
    let lines = Carrier::ALL
        .iter()
        .map(|c| Series {
            label: cx.carrier(c.id()),
            color: carrier_color(*c).into(),
            values: a.loads[*c].duration_curve_kw.clone(),
            dashed: false,
        })
        .collect();
    let mut ticks: Vec<(f64, String)> = (0..=8)
        .map(|k| (k as f64 * 1000.0, num(k as f64 * 1000.0, 0)))
        .collect();
    ticks.push((8760.0, num(8760.0, 0)));
    svg::xy_chart(&svg::XyChart {
        label: cx.t("caption.duration"),
        height: 270.0,
        x: xs,
        x_range: (0.0, 8760.0),
        x_ticks: ticks,
        x_title: cx.t("axis.hours_exceeded"),
        y_title: cx.t("axis.load_kw"),
        areas: vec![],
        lines,
        markers: vec![],
    })
}

pub(super) fn mix_chart(cx: &Ctx, a: &AlternativeResult, cf: bool) -> Option<String> {
    if a.mixing.is_empty() {
        return None;
    }
    let rows: Vec<String> = a
        .mixing
        .iter()
        .map(|p| format!("{} + {}", cx.use_label(&p.a), cx.use_label(&p.b)))
        .collect();
    let cols: Vec<String> = MIX_GROUPS
        .iter()
        .map(|g| cx.t(&format!("carrier_group.{g}")))
        .collect();
    let get = |p: &crate::load::PairMix, g: &str| {
        p.stats.get(g).map(|s| {
            if cf {
                s.coincidence_factor
            } else {
                s.daily_load_factor
            }
        })
    };
    let values: Vec<Vec<Option<f64>>> = a
        .mixing
        .iter()
        .map(|p| MIX_GROUPS.iter().map(|g| get(p, g)).collect())
        .collect();
    let text = values
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| v.map(|v| pct(v, 1)).unwrap_or_default())
                .collect()
        })
        .collect();
    let all: Vec<f64> = values.iter().flatten().flatten().cloned().collect();
    let lo = all.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = all.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    // CF: a lower factor is the stronger levelling, so it gets the darker colour.
    let (vals, range, labels, title) = if cf {
        (
            values
                .iter()
                .map(|r| r.iter().map(|v| v.map(|v| 1.0 - v)).collect())
                .collect(),
            (0.0, (1.0 - lo).max(1e-9)),
            (pct(1.0, 1), pct(lo, 1)),
            cx.t("chart.scale_cf"),
        )
    } else {
        (
            values.clone(),
            (lo, hi),
            (pct(lo, 1), pct(hi, 1)),
            cx.t("chart.scale_dlf"),
        )
    };
    Some(svg::heat_map(&svg::HeatMap {
        label: cx.t(if cf {
            "caption.mix_cf"
        } else {
            "caption.mix_dlf"
        }),
        rows,
        cols,
        values: vals,
        text,
        range,
        scale_title: title,
        scale_labels: labels,
    }))
}

/// Labels a pair-days chart needs: the catalogue, the language, use labels and colours.
pub struct PairLabels<'a> {
    /// Catalogue.
    pub tr: &'a I18n,
    /// Language.
    pub lang: Lang,
    /// Use label by id (falls back to the id).
    pub use_label: &'a dyn Fn(&str) -> String,
    /// Use colour by id.
    pub color: &'a dyn Fn(&str) -> String,
}

/// The study's pair charts: for each carrier, the design-day curves of the uses and their
/// sum with every curve's peak hour marked, four panels in one SVG.
pub fn pair_days_chart(l: &PairLabels, days: &[MixDay]) -> Option<String> {
    let first = days.first()?;
    let uses: Vec<&String> = first.uses_kw.keys().collect();
    let f = |key: &str, args: &[(&str, String)]| {
        let a: BTreeMap<String, String> = args
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        l.tr.fill(l.lang, key, &a)
    };
    let names: Vec<String> = uses.iter().map(|u| (l.use_label)(u)).collect();
    // Hour index h covers h:00–h+1:00; the point sits mid-hour and is labelled by its end,
    // as Japanese load tables label hours.
    let xs: Vec<f64> = (0..24).map(|h| h as f64 + 0.5).collect();
    let clock = |h: usize| format!("{}:00", h + 1);
    let panels: Vec<String> = days
        .iter()
        .map(|d| {
            let mut lines = vec![];
            let mut markers = vec![];
            for u in &uses {
                let v = &d.uses_kw[*u];
                let h = d.peak_hour[*u];
                let color = (l.color)(u);
                markers.push(svg::Marker {
                    x: h as f64 + 0.5,
                    y: v[h],
                    color: color.clone(),
                    label: clock(h),
                });
                lines.push(Series {
                    label: (l.use_label)(u),
                    color,
                    values: v.clone(),
                    dashed: true,
                });
            }
            let h = d.total_peak_hour;
            markers.push(svg::Marker {
                x: h as f64 + 0.5,
                y: d.total_kw[h],
                color: TOTAL_COLOR.into(),
                label: clock(h),
            });
            lines.push(Series {
                label: f("chart.legend_sum", &[("cf", pct(d.coincidence_factor, 0))]),
                color: TOTAL_COLOR.into(),
                values: d.total_kw.clone(),
                dashed: false,
            });
            let title = f(
                "chart.pair_panel",
                &[
                    (
                        "carrier",
                        l.tr.get(l.lang, &format!("carrier.{}", d.carrier.id())),
                    ),
                    ("day", d.design_day.clone()),
                ],
            );
            svg::xy_chart(&svg::XyChart {
                label: title.clone(),
                height: 300.0,
                x: xs.clone(),
                x_range: (0.0, 24.0),
                x_ticks: hour_ticks(),
                x_title: title,
                y_title: l.tr.get(l.lang, "axis.load_kw"),
                areas: vec![],
                lines,
                markers,
            })
        })
        .collect();
    Some(svg::panels(
        &f("caption.pair_days", &[("uses", names.join(" + "))]),
        &panels,
        2,
    ))
}
