//! Viability charts of an alternative page: the density sweep (heat price against gross
//! FAR) and the scatters among real DHC districts.

use super::super::format::{num, pct};
use super::super::svg::{self, RefLine};
use super::super::AlternativeResult;
use super::supply::system_color;
use super::{Ctx, BAND_STANDARD, BAND_WEAK, HIGHLIGHT, THRESHOLD};
use crate::supply::SystemKind;

/// Heat price of every priced system against gross FAR (the automatic density sweep), with
/// the 6 and 8 ¥/MJ band limits, the 100 % density threshold and this plan's density.
pub(super) fn density_chart(cx: &Ctx, a: &AlternativeResult) -> Option<String> {
    let sw = a.density_sweep.as_ref()?;
    let main = a.viability.price_system.as_deref();
    let far = |p: &crate::pipeline::sweep::SweepPoint| p.gross_far * 100.0;
    let x0 = sw.points.first().map(far)?;
    let x1 = sw.points.last().map(far)?;
    let mut curves: Vec<svg::Curve> = a
        .systems
        .iter()
        .filter(|s| {
            sw.points.iter().any(|p| {
                p.systems
                    .get(&s.id)
                    .is_some_and(|x| x.heat_price_yen_per_mj.is_some())
            })
        })
        .map(|s| svg::Curve {
            label: s.name.text(cx.lang),
            color: system_color(s, main),
            points: sw
                .points
                .iter()
                .filter_map(|p| {
                    let y = p.systems.get(&s.id)?.heat_price_yen_per_mj?;
                    Some((far(p), y))
                })
                .collect(),
            dashed: s.kind == SystemKind::Dhc && Some(s.id.as_str()) != main,
            markers: false,
        })
        .collect();
    let th = &cx.report.benchmarks.thresholds;
    for (v, color) in [
        (th.price_good_yen_per_mj, BAND_STANDARD),
        (th.price_standard_yen_per_mj, BAND_WEAK),
    ] {
        curves.push(svg::Curve {
            label: format!("{} {}", num(v, 0), cx.t("unit.price")),
            color: color.into(),
            points: vec![(x0, v), (x1, v)],
            dashed: true,
            markers: false,
        });
    }
    let step = if x1 - x0 > 600.0 { 100.0 } else { 50.0 };
    let x_ticks = (0..)
        .map(|i| (x0 / step).ceil() * step + step * i as f64)
        .take_while(|x| *x <= x1 + 1e-9)
        .map(|x| (x, num(x, 0)))
        .collect();
    Some(svg::curve_chart(&svg::CurveChart {
        label: cx.t("caption.density_sweep"),
        height: 300.0,
        x_range: (x0, x1),
        log_x: false,
        x_ticks,
        x_title: cx.t("axis.gross_far_pct"),
        y_title: cx.t("axis.price"),
        y_from_zero: true,
        y_max: None,
        bands: vec![],
        curves,
        vlines: vec![
            svg::RefLine {
                value: a.gross_far * 100.0,
                label: cx.f("chart.this_plan", &[("far", pct(a.gross_far, 0))]),
                color: "#1f2933".into(),
            },
            svg::RefLine {
                value: th.gross_far * 100.0,
                label: pct(th.gross_far, 0),
                color: BAND_WEAK.into(),
            },
        ],
    }))
}

pub(super) fn viability_scatter(cx: &Ctx, a: &AlternativeResult, price: bool) -> String {
    let b = &cx.report.benchmarks;
    let th = &b.thresholds;
    let mut normal = vec![];
    let mut flagged = vec![];
    for d in &b.districts {
        let (Some(far), Some(y)) = (
            d.gross_far,
            if price {
                d.price_yen_per_mj
            } else {
                d.efficiency
            },
        ) else {
            continue;
        };
        let title = format!(
            "{} {} ({}): {} %, {}",
            d.prefecture,
            d.district,
            d.supply_start_year
                .map(|y| y.to_string())
                .unwrap_or_default(),
            num(far * 100.0, 0),
            if price {
                format!("{} {}", num(y, 2), cx.t("unit.price"))
            } else {
                num(y, 3)
            }
        );
        let pt = svg::Point {
            x: far * 100.0,
            y,
            title,
            label: None,
        };
        if !price && d.efficiency_under_reported {
            flagged.push(pt);
        } else {
            normal.push(pt);
        }
    }
    let mut groups = vec![svg::PointGroup {
        label: cx.t("chart.real_districts"),
        color: "#7a828c".into(),
        shape: svg::Shape::Dot,
        points: normal,
    }];
    if !flagged.is_empty() {
        groups.push(svg::PointGroup {
            label: cx.t("chart.under_reported"),
            color: "#7a828c".into(),
            shape: svg::Shape::Ring,
            points: flagged,
        });
    }
    let mine: Vec<svg::Point> =
        a.systems
            .iter()
            .filter(|s| s.kind == SystemKind::Dhc)
            .filter_map(|s| {
                let y = if price {
                    s.heat_price_yen_per_mj?
                } else {
                    s.energy_efficiency
                };
                Some(svg::Point {
                    x: a.gross_far * 100.0,
                    y,
                    title: s.name.text(cx.lang),
                    // The rated DHC carries its value; scenario variants are named on hover.
                    label: (a.viability.price_system.as_deref() == Some(s.id.as_str()))
                        .then(|| if price { num(y, 2) } else { num(y, 3) }),
                })
            })
            .collect();
    let mut vlines = vec![RefLine {
        value: th.gross_far * 100.0,
        label: cx.f("chart.far_line", &[("far", num(th.gross_far * 100.0, 0))]),
        color: THRESHOLD.into(),
    }];
    if mine.is_empty() {
        vlines.push(RefLine {
            value: a.gross_far * 100.0,
            label: cx.f("chart.this_far", &[("far", num(a.gross_far * 100.0, 0))]),
            color: HIGHLIGHT.into(),
        });
    } else {
        groups.push(svg::PointGroup {
            label: cx.t("chart.this_alternative"),
            color: HIGHLIGHT.into(),
            shape: svg::Shape::Diamond,
            points: mine,
        });
    }
    let hlines = if price {
        vec![
            RefLine {
                value: th.price_good_yen_per_mj,
                label: format!(
                    "{} {}",
                    num(th.price_good_yen_per_mj, 0),
                    cx.t("unit.price")
                ),
                color: BAND_STANDARD.into(),
            },
            RefLine {
                value: th.price_standard_yen_per_mj,
                label: format!(
                    "{} {}",
                    num(th.price_standard_yen_per_mj, 0),
                    cx.t("unit.price")
                ),
                color: BAND_WEAK.into(),
            },
        ]
    } else {
        vec![
            RefLine {
                value: th.efficiency_standard,
                label: num(th.efficiency_standard, 1),
                color: BAND_WEAK.into(),
            },
            RefLine {
                value: th.efficiency_good,
                label: num(th.efficiency_good, 1),
                color: BAND_STANDARD.into(),
            },
        ]
    };
    svg::scatter(&svg::Scatter {
        label: cx.t(if price {
            "caption.scatter_price"
        } else {
            "caption.scatter_efficiency"
        }),
        height: 340.0,
        x_title: cx.t("axis.gross_far_pct"),
        y_title: cx.t(if price {
            "axis.price"
        } else {
            "axis.efficiency"
        }),
        groups,
        vlines,
        hlines,
        y_from_zero: price,
    })
}
