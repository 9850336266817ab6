//! Scatter plots with point groups, highlighted points and threshold lines.

use super::super::format;
use super::{
    draw_legend, nice_axis, step_decimals, text_width, ticks, x_title, y_axis, y_label_width,
    Canvas, LegendItem, Plot, RefLine, Shape, Swatch, FONT_PX, GRID, WIDTH,
};

/// A scatter point.
#[derive(Debug, Clone)]
pub struct Point {
    /// x, data units.
    pub x: f64,
    /// y, data units.
    pub y: f64,
    /// Tooltip (shown on hover; no script needed).
    pub title: String,
    /// Printed label next to the point.
    pub label: Option<String>,
}

/// A group of scatter points sharing a marker.
#[derive(Debug, Clone)]
pub struct PointGroup {
    /// Legend label.
    pub label: String,
    /// CSS colour.
    pub color: String,
    /// Marker.
    pub shape: Shape,
    /// Points.
    pub points: Vec<Point>,
}

/// Scatter plot with threshold lines.
#[derive(Debug, Clone)]
pub struct Scatter {
    /// Accessible label.
    pub label: String,
    /// Total height, px.
    pub height: f64,
    /// x-axis title with unit.
    pub x_title: String,
    /// y-axis title with unit.
    pub y_title: String,
    /// Point groups (drawn in order; put the highlighted group last).
    pub groups: Vec<PointGroup>,
    /// Vertical threshold lines.
    pub vlines: Vec<RefLine>,
    /// Horizontal threshold lines.
    pub hlines: Vec<RefLine>,
    /// Include zero on the y axis.
    pub y_from_zero: bool,
}

/// Render a [`Scatter`].
pub fn scatter(ch: &Scatter) -> String {
    let mut cv = Canvas::new(ch.height, &ch.label);
    let items: Vec<LegendItem> = ch
        .groups
        .iter()
        .map(|g| LegendItem {
            label: g.label.clone(),
            color: g.color.clone(),
            swatch: Swatch::Marker(g.shape),
        })
        .collect();
    let legend_h = draw_legend(&mut cv, &items, 8.0, 4.0, WIDTH - 16.0);
    let pts = || ch.groups.iter().flat_map(|g| g.points.iter());
    let fin = |v: &f64| v.is_finite();
    let xs: Vec<f64> = pts()
        .map(|p| p.x)
        .chain(ch.vlines.iter().map(|r| r.value))
        .filter(fin)
        .collect();
    let ys: Vec<f64> = pts()
        .map(|p| p.y)
        .chain(ch.hlines.iter().map(|r| r.value))
        .filter(fin)
        .collect();
    let (x_lo, x_hi, x_step) = nice_axis(0.0, xs.iter().cloned().fold(0.0, f64::max), 7);
    let y_min = if ch.y_from_zero {
        0.0
    } else {
        ys.iter().cloned().fold(f64::INFINITY, f64::min)
    };
    let (y_lo, y_hi, y_step) = nice_axis(y_min, ys.iter().cloned().fold(0.0, f64::max), 5);
    let p = Plot {
        left: 24.0 + y_label_width(y_lo, y_hi, y_step) + 8.0,
        right: WIDTH - 14.0,
        top: 4.0 + legend_h + 10.0,
        bottom: ch.height - 36.0,
        y_lo,
        y_hi,
    };
    let sx = |x: f64| p.left + (x - x_lo) / (x_hi - x_lo) * (p.right - p.left);
    y_axis(&mut cv, &p, y_step, &ch.y_title);
    let xd = step_decimals(x_step);
    for t in ticks(x_lo, x_hi, x_step) {
        let x = sx(t);
        cv.line(x, p.top, x, p.bottom, GRID, "");
        cv.text(x, p.bottom + 15.0, &format::num(t, xd), "middle", "");
    }
    x_title(&mut cv, &p, ch.height - 5.0, &ch.x_title);
    let halo = r#" stroke="white" stroke-width="3" paint-order="stroke""#;
    // Boxes of the labels placed so far: (x0, x1, baseline). Threshold labels go first,
    // point labels then avoid them and each other.
    let mut placed: Vec<(f64, f64, f64)> = vec![];
    let clash = |placed: &[(f64, f64, f64)], x0: f64, x1: f64, y: f64| {
        placed
            .iter()
            .any(|&(a0, a1, ay)| a0 < x1 + 2.0 && x0 < a1 + 2.0 && (ay - y).abs() < 14.0)
    };
    for r in &ch.vlines {
        let x = sx(r.value);
        cv.line(
            x,
            p.top,
            x,
            p.bottom,
            &r.color,
            r#" stroke-width="1.5" stroke-dasharray="5 3""#,
        );
        let w = text_width(&r.label, FONT_PX);
        let (x0, anchor, tx) = if x + 4.0 + w <= p.right {
            (x + 4.0, "start", x + 4.0)
        } else {
            (x - 4.0 - w, "end", x - 4.0)
        };
        let mut y = p.top + 12.0;
        while clash(&placed, x0, x0 + w, y) {
            y += 14.0;
        }
        placed.push((x0, x0 + w, y));
        cv.text(
            tx,
            y,
            &r.label,
            anchor,
            &format!(r#" fill="{}"{halo}"#, r.color),
        );
    }
    for r in &ch.hlines {
        let y = p.y(r.value);
        cv.line(
            p.left,
            y,
            p.right,
            y,
            &r.color,
            r#" stroke-width="1.5" stroke-dasharray="5 3""#,
        );
        let w = text_width(&r.label, FONT_PX);
        let mut ly = y - 4.0;
        while clash(&placed, p.right - 4.0 - w, p.right - 4.0, ly) {
            ly -= 14.0;
        }
        placed.push((p.right - 4.0 - w, p.right - 4.0, ly));
        cv.text(
            p.right - 4.0,
            ly,
            &r.label,
            "end",
            &format!(r#" fill="{}"{halo}"#, r.color),
        );
    }
    let mut labels = vec![];
    for g in &ch.groups {
        for pt in &g.points {
            if !pt.x.is_finite() || !pt.y.is_finite() {
                continue;
            }
            let (x, y) = (sx(pt.x), p.y(pt.y));
            cv.marker(x, y, g.shape, &g.color, &pt.title);
            if let Some(l) = &pt.label {
                labels.push((x, y, l.clone()));
            }
        }
    }
    // Point labels: to the right of the point (left if no room), pushed apart vertically
    // so close points keep readable labels, with a leader line when moved.
    labels.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
    for (x, y, l) in labels {
        let w = text_width(&l, FONT_PX);
        let right = x + 10.0 + w <= p.right;
        let (x0, x1) = if right {
            (x + 10.0, x + 10.0 + w)
        } else {
            (x - 10.0 - w, x - 10.0)
        };
        // Search the nearest free line: below first, then above.
        let base = y + 4.0;
        let mut ly = base;
        for k in 0..40 {
            let off = (k / 2 + k % 2) as f64 * 7.0 * if k % 2 == 1 { 1.0 } else { -1.0 };
            let cand = base + off;
            if cand - 11.0 >= p.top && cand + 3.0 <= p.bottom && !clash(&placed, x0, x1, cand) {
                ly = cand;
                break;
            }
        }
        placed.push((x0, x1, ly));
        if (ly - base).abs() > 3.0 {
            let lx = if right { x0 - 1.0 } else { x1 + 1.0 };
            cv.line(x, y, lx, ly - 4.0, "#888", r#" stroke-width="0.8""#);
        }
        cv.text(
            if right { x0 } else { x1 },
            ly,
            &l,
            if right { "start" } else { "end" },
            &format!(r#" font-weight="600"{halo}"#),
        );
    }
    cv.finish()
}
