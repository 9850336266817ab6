//! Supply charts of an alternative page: paired bars per metric, plant groups, the annual
//! cost stack and the heat-price sensitivity.

use super::super::format::{change, num};
use super::super::svg::{self, HBarChart, RefLine, Series};
use super::super::AlternativeResult;
use super::{Ctx, BAND_STANDARD, BAND_WEAK};
use crate::supply::SystemKind;
use serde::Serialize;

/// A chart of one metric.
#[derive(Debug, Clone, Serialize)]
pub struct MetricChart {
    /// Metric key (`primary_energy_gj`, `co2_t`, `energy_efficiency`, `heat_price_yen_per_mj`).
    pub metric: String,
    /// SVG.
    pub svg: String,
}

/// Systems with identical installed plant (economic scenarios of one plant).
#[derive(Debug, Clone, Serialize)]
pub struct PlantGroup {
    /// Index of the first such system in the alternative's `systems`.
    pub index: usize,
    /// Ids of all systems with this plant.
    pub systems: Vec<String>,
}

/// Group the systems that have equipment by identical plant and network.
pub fn plant_groups(a: &AlternativeResult) -> Vec<PlantGroup> {
    type Plant<'a> = (
        &'a Vec<crate::supply::Installed>,
        &'a Option<crate::supply::NetworkResult>,
    );
    let mut groups: Vec<(Plant, PlantGroup)> = vec![];
    for (i, s) in a.systems.iter().enumerate() {
        if s.equipment.is_empty() {
            continue;
        }
        let key = (&s.equipment, &s.network);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.systems.push(s.id.clone()),
            None => groups.push((
                key,
                PlantGroup {
                    index: i,
                    systems: vec![s.id.clone()],
                },
            )),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// Colour of each kind's bars; the main DHC system (the rated one) is darker. A kind not
/// listed is drawn in [`OTHER_KIND_COLOR`].
const KIND_COLORS: [(SystemKind, &str); 3] = [
    (SystemKind::Individual, "#8a8f98"),
    (SystemKind::Dhc, "#6fa3d6"),
    (SystemKind::SolarCluster, "#d69e2e"),
];
const MAIN_DHC_COLOR: &str = "#1f5f99";
const OTHER_KIND_COLOR: &str = "#8e6c8a";

/// Colour of a system's bars and points (`main`: the rated DHC system).
pub(super) fn system_color(s: &crate::supply::SystemResult, main: Option<&str>) -> String {
    if s.kind == SystemKind::Dhc && Some(s.id.as_str()) == main {
        return MAIN_DHC_COLOR.into();
    }
    KIND_COLORS
        .iter()
        .find(|(k, _)| *k == s.kind)
        .map_or(OTHER_KIND_COLOR, |(_, c)| c)
        .into()
}

pub(super) fn supply_bars(
    cx: &Ctx,
    a: &AlternativeResult,
    reference: Option<&str>,
) -> Vec<MetricChart> {
    if a.systems.is_empty() {
        return vec![];
    }
    let main = a.viability.price_system.as_deref();
    let refsys = reference.and_then(|r| a.systems.iter().find(|s| s.id == r));
    let bands = &cx.report.benchmarks.thresholds;
    let metrics: [(&str, usize, &str); 4] = [
        ("primary_energy_gj", 0, "axis.primary_gj"),
        ("co2_t", 0, "axis.co2_t"),
        ("energy_efficiency", 3, "axis.efficiency"),
        ("heat_price_yen_per_mj", 2, "axis.price"),
    ];
    let value = |s: &crate::supply::SystemResult, m: &str| -> Option<f64> {
        match m {
            "primary_energy_gj" => Some(s.primary_energy_gj),
            "co2_t" => Some(s.co2_t),
            "energy_efficiency" => Some(s.energy_efficiency),
            _ => s.heat_price_yen_per_mj,
        }
    };
    metrics
        .iter()
        .filter_map(|(m, d, axis)| {
            let rows: Vec<&crate::supply::SystemResult> =
                a.systems.iter().filter(|s| value(s, m).is_some()).collect();
            if rows.is_empty() {
                return None;
            }
            let rv = refsys.and_then(|r| value(r, m));
            let end_labels = rows
                .iter()
                .map(|s| {
                    let v = value(s, m).unwrap_or(f64::NAN);
                    match rv {
                        Some(r) if Some(s.id.as_str()) != reference && r != 0.0 => {
                            format!("{} ({})", num(v, *d), change(v / r - 1.0, 0))
                        }
                        _ => num(v, *d),
                    }
                })
                .collect();
            let series: Vec<Series> = rows
                .iter()
                .enumerate()
                .map(|(i, s)| Series {
                    label: s.name.text(cx.lang),
                    color: system_color(s, main),
                    values: (0..rows.len())
                        .map(|j| {
                            if i == j {
                                value(s, m).unwrap_or(0.0)
                            } else {
                                0.0
                            }
                        })
                        .collect(),
                    dashed: false,
                })
                .collect();
            let refs = match *m {
                "energy_efficiency" => vec![
                    RefLine {
                        value: bands.efficiency_standard,
                        label: num(bands.efficiency_standard, 1),
                        color: BAND_WEAK.into(),
                    },
                    RefLine {
                        value: bands.efficiency_good,
                        label: num(bands.efficiency_good, 1),
                        color: BAND_STANDARD.into(),
                    },
                ],
                "heat_price_yen_per_mj" => vec![
                    RefLine {
                        value: bands.price_good_yen_per_mj,
                        label: format!(
                            "{} {}",
                            num(bands.price_good_yen_per_mj, 0),
                            cx.t("unit.price")
                        ),
                        color: BAND_STANDARD.into(),
                    },
                    RefLine {
                        value: bands.price_standard_yen_per_mj,
                        label: format!(
                            "{} {}",
                            num(bands.price_standard_yen_per_mj, 0),
                            cx.t("unit.price")
                        ),
                        color: BAND_WEAK.into(),
                    },
                ],
                _ => vec![],
            };
            let svg = svg::hbar_chart(&HBarChart {
                label: cx.t(&format!("metric.{m}")),
                rows: rows.iter().map(|s| s.name.text(cx.lang)).collect(),
                series,
                end_labels,
                x_title: cx.t(axis),
                refs,
                legend: false,
                bold_row: rows.iter().position(|s| Some(s.id.as_str()) == reference),
            });
            Some(MetricChart {
                metric: m.to_string(),
                svg,
            })
        })
        .collect()
}

/// Cost-line colours by key; other keys take grey shades in order.
fn cost_color(key: &str, k: usize) -> String {
    match key {
        "capital" => "#1f5f99".into(),
        "electricity" => "#6b8e23".into(),
        "gas" => "#e08e0b".into(),
        "water" => "#2e86c1".into(),
        "maintenance" => "#8e6c8a".into(),
        "personnel" => "#b5651d".into(),
        _ => ["#7f7f7f", "#a5a5a5", "#5f5f5f"][k % 3].into(),
    }
}

/// Cost lines that are not annual cost components (shown in tables, not stacked).
pub const COST_NOT_STACKED: [&str; 2] = ["construction", "annual"];

pub(super) fn cost_stack(cx: &Ctx, a: &AlternativeResult) -> Option<String> {
    let systems: Vec<&crate::supply::SystemResult> = a
        .systems
        .iter()
        .filter(|s| !s.cost_lines.is_empty())
        .collect();
    if systems.is_empty() {
        return None;
    }
    let mut keys: Vec<(String, String)> = vec![];
    for s in &systems {
        for l in &s.cost_lines {
            if !COST_NOT_STACKED.contains(&l.key.as_str()) && !keys.iter().any(|(k, _)| k == &l.key)
            {
                keys.push((l.key.clone(), l.item.text(cx.lang)));
            }
        }
    }
    let series = keys
        .iter()
        .enumerate()
        .map(|(k, (key, item))| Series {
            label: cx
                .tr
                .lookup(cx.lang, &format!("cost.{key}"))
                .map(str::to_string)
                .unwrap_or_else(|| item.clone()),
            color: cost_color(key, k),
            values: systems
                .iter()
                .map(|s| {
                    s.cost_lines
                        .iter()
                        .filter(|l| &l.key == key)
                        .map(|l| l.kyen / 1000.0)
                        .sum()
                })
                .collect(),
            dashed: false,
        })
        .collect();
    let end_labels = systems
        .iter()
        .map(|s| match (s.annual_cost_kyen, s.heat_price_yen_per_mj) {
            (Some(c), Some(p)) => cx.f(
                "chart.cost_end",
                &[("cost", num(c / 1000.0, 0)), ("price", num(p, 2))],
            ),
            (Some(c), None) => num(c / 1000.0, 0),
            _ => String::new(),
        })
        .collect();
    Some(svg::hbar_chart(&HBarChart {
        label: cx.t("caption.cost_stack"),
        rows: systems.iter().map(|s| s.name.text(cx.lang)).collect(),
        series,
        end_labels,
        x_title: cx.t("axis.annual_cost_myen"),
        refs: vec![],
        legend: true,
        bold_row: None,
    }))
}

pub(super) fn sensitivity_chart(cx: &Ctx, a: &AlternativeResult) -> Option<String> {
    let rows: Vec<&super::super::Sensitivity> = a
        .sensitivity
        .iter()
        .filter(|s| s.price_change.is_some())
        .collect();
    if rows.is_empty() {
        return None;
    }
    let lever = |s: &super::super::Sensitivity| cx.t(&format!("lever.{}", s.lever.id()));
    let labels: Vec<String> = rows
        .iter()
        .map(|s| {
            // The lever names the row; the system id only tells apart two of a kind.
            if rows.iter().filter(|o| o.lever == s.lever).count() > 1 {
                format!("{} ({})", lever(s), cx.sys_name(a, &s.system))
            } else {
                lever(s)
            }
        })
        .collect();
    let values: Vec<f64> = rows
        .iter()
        .map(|s| s.price_change.unwrap_or(0.0) * 100.0)
        .collect();
    let end_labels = rows
        .iter()
        .map(|s| {
            format!(
                "{} {} ({})",
                num(s.price_yen_per_mj.unwrap_or(f64::NAN), 2),
                cx.t("unit.price"),
                change(s.price_change.unwrap_or(f64::NAN), 0)
            )
        })
        .collect();
    Some(svg::hbar_chart(&HBarChart {
        label: cx.t("caption.sensitivity"),
        rows: labels,
        series: vec![
            Series {
                label: cx.t("chart.price_up"),
                color: BAND_WEAK.into(),
                values: values.iter().map(|v| v.max(0.0)).collect(),
                dashed: false,
            },
            Series {
                label: cx.t("chart.price_down"),
                color: "#2f855a".into(),
                values: values.iter().map(|v| v.min(0.0)).collect(),
                dashed: false,
            },
        ],
        end_labels,
        x_title: cx.t("axis.price_change_pct"),
        refs: vec![],
        legend: false,
        bold_row: None,
    }))
}
