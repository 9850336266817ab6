//! Line / stacked-area charts over x, vertical grouped bars and horizontal (stacked or
//! signed) bars with end labels.

use super::super::format;
use super::{
    box_items, c, draw_legend, fit, legend_layout, nice_axis, step_decimals, text_width, ticks,
    x_title, y_axis, y_label_width, Canvas, LegendItem, Plot, RefLine, Series, Swatch, AXIS,
    FONT_PX, GRID, WIDTH,
};
use std::fmt::Write;

/// Line chart with optional stacked areas underneath.
#[derive(Debug, Clone)]
pub struct XyChart {
    /// Accessible label (the figure caption).
    pub label: String,
    /// Total height, px.
    pub height: f64,
    /// x values shared by all series.
    pub x: Vec<f64>,
    /// x range shown.
    pub x_range: (f64, f64),
    /// x ticks: position and label.
    pub x_ticks: Vec<(f64, String)>,
    /// x-axis title with unit.
    pub x_title: String,
    /// y-axis title with unit.
    pub y_title: String,
    /// Stacked areas, bottom first.
    pub areas: Vec<Series>,
    /// Lines drawn on top.
    pub lines: Vec<Series>,
    /// Marked points (e.g. each curve's peak hour), drawn last.
    pub markers: Vec<Marker>,
}

/// A marked point of an [`XyChart`] with a short label above it.
#[derive(Debug, Clone)]
pub struct Marker {
    /// x in data units.
    pub x: f64,
    /// y in data units.
    pub y: f64,
    /// CSS colour.
    pub color: String,
    /// Label (user text allowed; escaped).
    pub label: String,
}

/// Render an [`XyChart`].
pub fn xy_chart(ch: &XyChart) -> String {
    let mut cv = Canvas::new(ch.height, &ch.label);
    let items: Vec<LegendItem> = box_items(&ch.areas)
        .into_iter()
        .chain(ch.lines.iter().map(|s| LegendItem {
            label: s.label.clone(),
            color: s.color.clone(),
            swatch: if s.dashed {
                Swatch::Dashed
            } else {
                Swatch::Line
            },
        }))
        .collect();
    let legend_h = draw_legend(&mut cv, &items, 8.0, 4.0, WIDTH - 16.0);
    let n = ch.x.len();
    let mut cum = vec![0.0; n];
    let mut stacks = vec![];
    for s in &ch.areas {
        let lower = cum.clone();
        for (i, v) in s.values.iter().enumerate().take(n) {
            cum[i] += v.max(0.0);
        }
        stacks.push((lower, cum.clone()));
    }
    let mut ymax = cum.iter().cloned().fold(0.0, f64::max);
    for s in &ch.lines {
        ymax = s.values.iter().cloned().fold(ymax, f64::max);
    }
    let (lo, hi, step) = nice_axis(0.0, ymax, 5);
    let left = 24.0 + y_label_width(lo, hi, step) + 8.0;
    let p = Plot {
        left,
        right: WIDTH - 14.0,
        top: 4.0 + legend_h + 10.0,
        bottom: ch.height - 36.0,
        y_lo: lo,
        y_hi: hi,
    };
    let (x0, x1) = ch.x_range;
    let sx = |x: f64| p.left + (x - x0) / (x1 - x0) * (p.right - p.left);
    y_axis(&mut cv, &p, step, &ch.y_title);
    for (x, l) in &ch.x_ticks {
        let px = sx(*x);
        cv.line(px, p.bottom, px, p.bottom + 4.0, AXIS, "");
        cv.text(px, p.bottom + 15.0, l, "middle", "");
    }
    x_title(&mut cv, &p, ch.height - 5.0, &ch.x_title);
    for (s, (lower, upper)) in ch.areas.iter().zip(&stacks) {
        let mut d = String::new();
        for (i, (x, u)) in ch.x.iter().zip(upper).enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if i == 0 { "M" } else { "L" },
                c(sx(*x)),
                c(p.y(*u))
            );
        }
        for (x, l) in ch.x.iter().zip(lower).rev() {
            let _ = write!(d, "L{} {}", c(sx(*x)), c(p.y(*l)));
        }
        d.push('Z');
        let _ = write!(
            cv.buf,
            r#"<path d="{d}" fill="{}" fill-opacity="0.85" stroke="none"/>"#,
            s.color
        );
    }
    for s in &ch.lines {
        let pts: Vec<String> =
            ch.x.iter()
                .zip(&s.values)
                .map(|(x, v)| format!("{},{}", c(sx(*x)), c(p.y(*v))))
                .collect();
        let _ = write!(
            cv.buf,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"{}/>"#,
            pts.join(" "),
            s.color,
            if s.dashed { "1.8" } else { "2" },
            if s.dashed {
                r#" stroke-dasharray="5 3""#
            } else {
                ""
            }
        );
    }
    // Labels already placed, as (centre x, baseline y, half width) in px: a label that
    // would overlap one of them (two curves peaking at the same hour) moves up a line,
    // or below its point when there is no room above.
    let mut placed: Vec<(f64, f64, f64)> = vec![];
    let line_px = FONT_PX + 2.0;
    for m in &ch.markers {
        let (px, py) = (sx(m.x), p.y(m.y));
        let _ = write!(
            cv.buf,
            r#"<circle cx="{}" cy="{}" r="3.5" fill="{}" stroke="white" stroke-width="1"/>"#,
            c(px),
            c(py),
            m.color
        );
        let half = text_width(&m.label, FONT_PX) / 2.0;
        let clashes = |y: f64| {
            placed
                .iter()
                .any(|&(x2, y2, h2)| (px - x2).abs() < half + h2 + 2.0 && (y - y2).abs() < line_px)
        };
        let above = (0..4)
            .map(|k| py - 6.0 - k as f64 * line_px)
            .find(|&y| y - FONT_PX >= p.top - 8.0 && !clashes(y));
        let y = above.unwrap_or_else(|| {
            (0..4)
                .map(|k| py + 6.0 + FONT_PX + k as f64 * line_px)
                .find(|&y| !clashes(y))
                .unwrap_or(py + 6.0 + FONT_PX)
        });
        placed.push((px, y, half));
        cv.text(px, y, &m.label, "middle", "");
    }
    cv.finish()
}

/// Vertical grouped bar chart (e.g. monthly energy per carrier).
#[derive(Debug, Clone)]
pub struct BarChart {
    /// Accessible label.
    pub label: String,
    /// Total height, px.
    pub height: f64,
    /// Category labels under the groups.
    pub categories: Vec<String>,
    /// One bar per series in each group.
    pub series: Vec<Series>,
    /// x-axis title.
    pub x_title: String,
    /// y-axis title with unit.
    pub y_title: String,
    /// The value axis starts at zero; otherwise it spans the values (with a margin) so that
    /// small differences show, and each bar carries its value.
    pub from_zero: bool,
}

/// Render a [`BarChart`].
pub fn bar_chart(ch: &BarChart) -> String {
    let mut cv = Canvas::new(ch.height, &ch.label);
    let items = box_items(&ch.series);
    let legend_h = draw_legend(&mut cv, &items, 8.0, 4.0, WIDTH - 16.0);
    let ymax = ch
        .series
        .iter()
        .flat_map(|s| s.values.iter().cloned())
        .fold(0.0, f64::max);
    let ymin = ch
        .series
        .iter()
        .flat_map(|s| s.values.iter().cloned())
        .fold(ymax, f64::min);
    let (lo, hi, step) = if ch.from_zero {
        nice_axis(0.0, ymax, 5)
    } else {
        let pad = ((ymax - ymin) * 0.25).max(1.0);
        nice_axis((ymin - pad).max(0.0), ymax + pad, 5)
    };
    let p = Plot {
        left: 24.0 + y_label_width(lo, hi, step) + 8.0,
        right: WIDTH - 10.0,
        top: 4.0 + legend_h + 10.0,
        bottom: ch.height - 36.0,
        y_lo: lo,
        y_hi: hi,
    };
    y_axis(&mut cv, &p, step, &ch.y_title);
    let n = ch.categories.len().max(1);
    let gw = (p.right - p.left) / n as f64;
    let ns = ch.series.len().max(1);
    let bw = (gw * 0.8 / ns as f64).min(18.0);
    let label_w = gw - 2.0;
    for (i, cat) in ch.categories.iter().enumerate() {
        let gx = p.left + gw * i as f64 + (gw - bw * ns as f64) / 2.0;
        for (j, s) in ch.series.iter().enumerate() {
            let v = s.values.get(i).cloned().unwrap_or(0.0).max(lo);
            let y = p.y(v);
            cv.rect(gx + bw * j as f64, y, bw - 1.0, p.bottom - y, &s.color, "");
            if !ch.from_zero && bw >= 16.0 {
                cv.text(
                    gx + bw * j as f64 + (bw - 1.0) / 2.0,
                    y - 3.0,
                    &crate::format::num(v, 0),
                    "middle",
                    r#" font-size="9""#,
                );
            }
        }
        cv.text(
            p.left + gw * (i as f64 + 0.5),
            p.bottom + 15.0,
            &fit(cat, label_w, FONT_PX),
            "middle",
            "",
        );
    }
    x_title(&mut cv, &p, ch.height - 5.0, &ch.x_title);
    cv.finish()
}

/// Horizontal bars: one row per item, stacked series (non-negative) or one signed series,
/// an end label per row and optional vertical reference lines.
#[derive(Debug, Clone)]
pub struct HBarChart {
    /// Accessible label.
    pub label: String,
    /// Row labels (left).
    pub rows: Vec<String>,
    /// Series; more than one are stacked.
    pub series: Vec<Series>,
    /// Text after the end of each row's bar (value, change).
    pub end_labels: Vec<String>,
    /// x-axis title with unit.
    pub x_title: String,
    /// Reference lines (thresholds).
    pub refs: Vec<RefLine>,
    /// Draw a legend of the series.
    pub legend: bool,
    /// Row drawn in bold (the reference row).
    pub bold_row: Option<usize>,
}

const HBAR_ROW_PX: f64 = 24.0;

/// Render an [`HBarChart`].
pub fn hbar_chart(ch: &HBarChart) -> String {
    let n = ch.rows.len();
    let items: Vec<LegendItem> = if ch.legend {
        box_items(&ch.series)
    } else {
        vec![]
    };
    let (_, legend_h) = legend_layout(&items, WIDTH - 16.0);
    // One row of reference-line labels, two when labels would overlap (see below).
    let ref_h = if ch.refs.is_empty() {
        0.0
    } else if ch.refs.len() > 1 {
        14.0 + FONT_PX + 1.0
    } else {
        14.0
    };
    let top = 4.0 + legend_h + 8.0 + ref_h;
    let height = top + n as f64 * HBAR_ROW_PX + 40.0;
    let mut cv = Canvas::new(height, &ch.label);
    draw_legend(&mut cv, &items, 8.0, 4.0, WIDTH - 16.0);
    let totals: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let (mut pos, mut neg) = (0.0, 0.0);
            for s in &ch.series {
                let v = s.values.get(i).cloned().unwrap_or(0.0);
                if v >= 0.0 {
                    pos += v
                } else {
                    neg += v
                }
            }
            (neg, pos)
        })
        .collect();
    let mut lo = totals.iter().map(|t| t.0).fold(0.0, f64::min);
    let mut hi = totals.iter().map(|t| t.1).fold(0.0, f64::max);
    for r in &ch.refs {
        lo = lo.min(r.value);
        hi = hi.max(r.value);
    }
    let (lo, hi, step) = nice_axis(lo, hi, 5);
    let row_label_max = WIDTH * 0.34;
    let rows: Vec<String> = ch
        .rows
        .iter()
        .map(|r| fit(r, row_label_max, FONT_PX))
        .collect();
    let left = 8.0
        + rows
            .iter()
            .map(|r| text_width(r, FONT_PX))
            .fold(0.0, f64::max)
        + 10.0;
    let lab_w = |i: usize| text_width(ch.end_labels.get(i).map_or("", |s| s.as_str()), FONT_PX);
    let right_pad = (0..n)
        .filter(|&i| totals[i].1 > 0.0 || totals[i].0 == 0.0)
        .map(lab_w)
        .fold(0.0, f64::max)
        + 8.0;
    let left_pad = (0..n)
        .filter(|&i| totals[i].0 < 0.0 && totals[i].1 == 0.0)
        .map(lab_w)
        .fold(0.0, f64::max)
        + if lo < 0.0 { 8.0 } else { 0.0 };
    // Reserve room for labels beyond the bars so no label leaves the chart.
    let (px0, px1) = (left + left_pad, WIDTH - 10.0 - right_pad);
    let sx = |v: f64| px0 + (v - lo) / (hi - lo) * (px1 - px0);
    let bottom = top + n as f64 * HBAR_ROW_PX;
    let d = step_decimals(step);
    for t in ticks(lo, hi, step) {
        let x = sx(t);
        cv.line(x, top, x, bottom, GRID, "");
        cv.text(x, bottom + 15.0, &format::num(t, d), "middle", "");
    }
    cv.text((px0 + px1) / 2.0, bottom + 32.0, &ch.x_title, "middle", "");
    for (i, label) in rows.iter().enumerate() {
        let yc = top + HBAR_ROW_PX * (i as f64 + 0.5);
        let extra = if ch.bold_row == Some(i) {
            r#" font-weight="700""#
        } else {
            ""
        };
        cv.text(left - 10.0, yc + 4.0, label, "end", extra);
        let (mut pos, mut neg) = (0.0, 0.0);
        for s in &ch.series {
            let v = s.values.get(i).cloned().unwrap_or(0.0);
            let (a, b) = if v >= 0.0 {
                let r = (pos, pos + v);
                pos += v;
                r
            } else {
                let r = (neg + v, neg);
                neg += v;
                r
            };
            if b - a > 0.0 && s.color != "none" {
                cv.rect(sx(a), yc - 7.0, sx(b) - sx(a), 14.0, &s.color, "");
            }
        }
        if let Some(l) = ch.end_labels.get(i) {
            if neg < 0.0 && pos == 0.0 {
                cv.text(sx(neg) - 4.0, yc + 4.0, l, "end", "");
            } else {
                cv.text(sx(pos) + 4.0, yc + 4.0, l, "start", "");
            }
        }
    }
    let zx = sx(0.0);
    cv.line(zx, top, zx, bottom, AXIS, "");
    // Labels of reference lines close together (a narrow axis range) alternate between two
    // rows above the plot so they do not overlap.
    let mut last_label: Option<(f64, f64)> = None;
    let mut row = 0.0;
    for r in &ch.refs {
        let x = sx(r.value);
        cv.line(
            x,
            top - 4.0,
            x,
            bottom,
            &r.color,
            r#" stroke-width="1.5" stroke-dasharray="4 3""#,
        );
        let half = text_width(&r.label, FONT_PX) / 2.0;
        row = match last_label {
            Some((x0, h0)) if (x - x0).abs() < half + h0 + 2.0 && row == 0.0 => FONT_PX + 1.0,
            _ => 0.0,
        };
        last_label = Some((x, half));
        cv.text(
            x,
            top - 6.0 - row,
            &r.label,
            "middle",
            &format!(r#" fill="{}""#, r.color),
        );
    }
    cv.finish()
}
