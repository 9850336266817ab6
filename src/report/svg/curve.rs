//! Curves over a linear or logarithmic x axis with shaded bands and marker lines.

use super::{
    c, draw_legend, nice_axis, text_width, x_title, y_axis, y_label_width, Canvas, LegendItem,
    Plot, RefLine, Swatch, AXIS, FONT_PX, GRID, WIDTH,
};
use std::fmt::Write;

/// A curve of (x, y) points (its own x values, unlike [`Series`](super::Series)).
#[derive(Debug, Clone)]
pub struct Curve {
    /// Legend label (user text allowed; escaped when drawn).
    pub label: String,
    /// CSS colour.
    pub color: String,
    /// Points in x order; non-finite points are skipped.
    pub points: Vec<(f64, f64)>,
    /// Dashed line.
    pub dashed: bool,
    /// Draw a small marker at every point (data at a few x values).
    pub markers: bool,
}

/// A shaded band between a lower and an upper curve (e.g. the 10th–90th percentile).
#[derive(Debug, Clone)]
pub struct Band {
    /// Legend label.
    pub label: String,
    /// CSS colour (drawn translucent).
    pub color: String,
    /// x values.
    pub x: Vec<f64>,
    /// Lower bound at each x.
    pub lo: Vec<f64>,
    /// Upper bound at each x.
    pub hi: Vec<f64>,
}

/// Curves over a linear or logarithmic x axis, with shaded bands and vertical marker
/// lines (e.g. "N = 20"): the levelling curve of households and coincidence factors
/// against the number of dwellings.
#[derive(Debug, Clone)]
pub struct CurveChart {
    /// Accessible label (the figure caption).
    pub label: String,
    /// Total height, px.
    pub height: f64,
    /// x range shown (both > 0 on a log axis).
    pub x_range: (f64, f64),
    /// Logarithmic (base-10) x axis.
    pub log_x: bool,
    /// x ticks: position and label.
    pub x_ticks: Vec<(f64, String)>,
    /// x-axis title with unit.
    pub x_title: String,
    /// y-axis title with unit.
    pub y_title: String,
    /// Include zero on the y axis.
    pub y_from_zero: bool,
    /// Top of the y axis (instead of the data maximum; e.g. 100 % for factors whose
    /// formulas overshoot 1 by a hair).
    pub y_max: Option<f64>,
    /// Bands, drawn first.
    pub bands: Vec<Band>,
    /// Curves, drawn on top.
    pub curves: Vec<Curve>,
    /// Vertical marker lines with a label at the top of the plot.
    pub vlines: Vec<RefLine>,
}

/// Render a [`CurveChart`].
pub fn curve_chart(ch: &CurveChart) -> String {
    let mut cv = Canvas::new(ch.height, &ch.label);
    let items: Vec<LegendItem> = ch
        .bands
        .iter()
        .map(|b| LegendItem {
            label: b.label.clone(),
            color: b.color.clone(),
            swatch: Swatch::Box,
        })
        .chain(ch.curves.iter().map(|s| LegendItem {
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
    let ys: Vec<f64> = ch
        .bands
        .iter()
        .flat_map(|b| b.lo.iter().chain(&b.hi))
        .chain(ch.curves.iter().flat_map(|c| c.points.iter().map(|p| &p.1)))
        .cloned()
        .filter(|v| v.is_finite())
        .collect();
    let y_max = ch
        .y_max
        .unwrap_or_else(|| ys.iter().cloned().fold(f64::NEG_INFINITY, f64::max));
    let y_min = if ch.y_from_zero {
        0.0
    } else {
        ys.iter().cloned().fold(f64::INFINITY, f64::min)
    };
    let (lo, hi, step) = if ys.is_empty() {
        nice_axis(0.0, 1.0, 5)
    } else {
        nice_axis(y_min, y_max, 5)
    };
    // Room above the plot for the marker-line labels.
    let vline_h = if ch.vlines.is_empty() { 0.0 } else { 14.0 };
    let p = Plot {
        left: 24.0 + y_label_width(lo, hi, step) + 8.0,
        right: WIDTH - 14.0,
        top: 4.0 + legend_h + 10.0 + vline_h,
        bottom: ch.height - 36.0,
        y_lo: lo,
        y_hi: hi,
    };
    let tx = |x: f64| if ch.log_x { x.max(1e-12).log10() } else { x };
    let (x0, x1) = (tx(ch.x_range.0), tx(ch.x_range.1));
    let span = if (x1 - x0).abs() > 1e-12 {
        x1 - x0
    } else {
        1.0
    };
    let sx = |x: f64| p.left + (tx(x) - x0) / span * (p.right - p.left);
    let inside = |x: f64| x.is_finite() && (!ch.log_x || x > 0.0);
    y_axis(&mut cv, &p, step, &ch.y_title);
    for (x, l) in &ch.x_ticks {
        if !inside(*x) {
            continue;
        }
        let px = sx(*x);
        cv.line(px, p.top, px, p.bottom, GRID, "");
        cv.line(px, p.bottom, px, p.bottom + 4.0, AXIS, "");
        cv.text(px, p.bottom + 15.0, l, "middle", "");
    }
    x_title(&mut cv, &p, ch.height - 5.0, &ch.x_title);
    for b in &ch.bands {
        let pts: Vec<(f64, f64, f64)> =
            b.x.iter()
                .zip(b.lo.iter().zip(&b.hi))
                .filter(|(x, (l, h))| inside(**x) && l.is_finite() && h.is_finite())
                .map(|(x, (l, h))| (*x, *l, *h))
                .collect();
        if pts.len() < 2 {
            continue;
        }
        let mut d = String::new();
        for (i, (x, _, h)) in pts.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if i == 0 { "M" } else { "L" },
                c(sx(*x)),
                c(p.y(*h))
            );
        }
        for (x, l, _) in pts.iter().rev() {
            let _ = write!(d, "L{} {}", c(sx(*x)), c(p.y(*l)));
        }
        d.push('Z');
        let _ = write!(
            cv.buf,
            r#"<path d="{d}" fill="{}" fill-opacity="0.25" stroke="none"/>"#,
            b.color
        );
    }
    // Marker labels go right of their line, else left; a label that would overlap one
    // already placed is left out (the line stays; captions explain it).
    let mut placed: Vec<(f64, f64)> = vec![];
    for r in &ch.vlines {
        if !inside(r.value) {
            continue;
        }
        let x = sx(r.value);
        cv.line(
            x,
            p.top - 4.0,
            x,
            p.bottom,
            &r.color,
            r#" stroke-width="1.5" stroke-dasharray="5 3""#,
        );
        if r.label.is_empty() {
            continue;
        }
        let w = text_width(&r.label, FONT_PX);
        let free = |a: f64, b: f64| placed.iter().all(|&(c, d)| b + 4.0 < c || a > d + 4.0);
        let right = (x + 4.0, x + 4.0 + w);
        let left = (x - 4.0 - w, x - 4.0);
        let spot = if right.1 <= p.right && free(right.0, right.1) {
            Some(("start", right))
        } else if left.0 >= 0.0 && free(left.0, left.1) {
            Some(("end", left))
        } else {
            None
        };
        if let Some((anchor, (a, b))) = spot {
            placed.push((a, b));
            cv.text(
                if anchor == "start" { a } else { b },
                p.top - 6.0,
                &r.label,
                anchor,
                &format!(r#" fill="{}""#, r.color),
            );
        }
    }
    for s in &ch.curves {
        let pts: Vec<(f64, f64)> = s
            .points
            .iter()
            .filter(|(x, y)| inside(*x) && y.is_finite())
            .map(|(x, y)| (sx(*x), p.y(*y)))
            .collect();
        let line: Vec<String> = pts
            .iter()
            .map(|(x, y)| format!("{},{}", c(*x), c(*y)))
            .collect();
        let _ = write!(
            cv.buf,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"{}/>"#,
            line.join(" "),
            s.color,
            if s.dashed { "1.8" } else { "2" },
            if s.dashed {
                r#" stroke-dasharray="5 3""#
            } else {
                ""
            }
        );
        if s.markers {
            for (x, y) in &pts {
                let _ = write!(
                    cv.buf,
                    r#"<circle cx="{}" cy="{}" r="2.5" fill="{}"/>"#,
                    c(*x),
                    c(*y),
                    s.color
                );
            }
        }
    }
    cv.finish()
}
