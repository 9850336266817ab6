//! Small inline-SVG chart library for the HTML reports: line / stacked-area charts,
//! vertical grouped bars, horizontal (stacked or signed) bars with end labels, heat maps,
//! scatter plots with threshold lines, and curves over a linear or logarithmic axis with
//! shaded bands and marker lines.
//!
//! Why hand-written rather than a plotting crate: the reports need exact control over
//! label placement at A4 width (680 px of printable width at 96 dpi), CJK-aware text
//! widths, no element ids (several charts share one HTML page), escaping of user text and
//! byte-identical output for snapshot tests. Every chart is a pure function of its spec
//! and returns one `<svg>` element as a string; all user-provided text is escaped here.
//!
//! Coordinates are printed with one decimal so the output is deterministic.

use super::format;
use std::fmt::Write;

mod curve;
mod heat;
mod scatter;
mod site;
mod xy;

pub use curve::{curve_chart, Band, Curve, CurveChart};
pub use heat::{heat_map, ramp, HeatMap};
pub use scatter::{scatter, Point, PointGroup, Scatter};
pub use site::{site_diagram, SiteDiagram, SiteNetwork, SiteParcel};
pub use xy::{bar_chart, hbar_chart, xy_chart, BarChart, HBarChart, Marker, XyChart};

/// Width of every chart, px: the printable width of A4 portrait with 15 mm margins at
/// 96 dpi (180 mm ≈ 680 px), so charts print at 1:1 and their 11 px text stays ≈ 8 pt.
pub const WIDTH: f64 = 680.0;
/// Font size of labels, px.
pub const FONT_PX: f64 = 11.0;
/// Height of one legend row, px.
const LEGEND_ROW_PX: f64 = 16.0;
const AXIS: &str = "#4a5058";
const GRID: &str = "#e4e7eb";
const TEXT: &str = "#1b1f24";

/// Escape text for SVG/XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

fn em(c: char) -> f64 {
    let u = c as u32;
    if u >= 0x2E80 {
        // CJK ideographs, kana, full-width forms: one em.
        1.0
    } else if (0x2000..0x2E80).contains(&u) {
        // Arrows, symbols (→, ○, △, ●): most fonts draw them wide.
        0.9
    } else if c == ' ' {
        0.3
    } else if "il.,:;'|!()[]".contains(c) {
        0.32
    } else if c.is_ascii_uppercase() || "mwMW%".contains(c) {
        0.72
    } else {
        0.58
    }
}

/// Estimated rendered width of `s` at `size` px. Deliberately generous (sans-serif Latin
/// averages ≈ 0.55 em; CJK is 1 em) so labels laid out with it do not collide.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(em).sum::<f64>() * size
}

/// Shorten `s` with an ellipsis so it fits `max_px` at `size`.
pub fn fit(s: &str, max_px: f64, size: f64) -> String {
    if text_width(s, size) <= max_px {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = em('…') * size;
    for ch in s.chars() {
        let cw = em(ch) * size;
        if w + cw > max_px {
            break;
        }
        w += cw;
        out.push(ch);
    }
    out.push('…');
    out
}

fn c(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r}")
    }
}

/// A data series.
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend label (user text allowed; escaped when drawn).
    pub label: String,
    /// CSS colour.
    pub color: String,
    /// Values (one per x point, category or row).
    pub values: Vec<f64>,
    /// Dashed line (line series only).
    pub dashed: bool,
}

/// A reference line with its label (thresholds, bands).
#[derive(Debug, Clone)]
pub struct RefLine {
    /// Position in data units.
    pub value: f64,
    /// Label.
    pub label: String,
    /// CSS colour.
    pub color: String,
}

/// Legend swatch shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    /// Filled square (areas, bars).
    Box,
    /// Solid line.
    Line,
    /// Dashed line.
    Dashed,
    /// Marker of a scatter group.
    Marker(Shape),
}

/// Scatter marker shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Filled circle.
    Dot,
    /// Hollow circle (flagged data).
    Ring,
    /// Filled diamond, larger (the alternative being reported).
    Diamond,
}

struct Canvas {
    buf: String,
    height: f64,
}

impl Canvas {
    fn new(height: f64, label: &str) -> Canvas {
        let mut buf = String::new();
        let _ = write!(
            buf,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{l}" font-size="{f}" fill="{t}">"#,
            w = WIDTH,
            h = c(height),
            l = esc(label),
            f = FONT_PX,
            t = TEXT
        );
        Canvas { buf, height }
    }
    fn text(&mut self, x: f64, y: f64, s: &str, anchor: &str, extra: &str) {
        let _ = write!(
            self.buf,
            r#"<text x="{}" y="{}" text-anchor="{}"{}>{}</text>"#,
            c(x),
            c(y),
            anchor,
            extra,
            esc(s)
        );
    }
    fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, extra: &str) {
        let _ = write!(
            self.buf,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"{}/>"#,
            c(x1),
            c(y1),
            c(x2),
            c(y2),
            stroke,
            extra
        );
    }
    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, extra: &str) {
        let _ = write!(
            self.buf,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"{}/>"#,
            c(x),
            c(y),
            c(w.max(0.0)),
            c(h.max(0.0)),
            fill,
            extra
        );
    }
    fn marker(&mut self, x: f64, y: f64, shape: Shape, color: &str, title: &str) {
        let t = if title.is_empty() {
            String::new()
        } else {
            format!("<title>{}</title>", esc(title))
        };
        match shape {
            Shape::Dot => {
                let _ = write!(
                    self.buf,
                    r#"<circle cx="{}" cy="{}" r="3.5" fill="{color}" fill-opacity="0.8">{t}</circle>"#,
                    c(x),
                    c(y)
                );
            }
            Shape::Ring => {
                let _ = write!(
                    self.buf,
                    r#"<circle cx="{}" cy="{}" r="3.5" fill="white" stroke="{color}" stroke-width="1.5">{t}</circle>"#,
                    c(x),
                    c(y)
                );
            }
            Shape::Diamond => {
                let r = 6.5;
                let _ = write!(
                    self.buf,
                    r#"<path d="M{} {}L{} {}L{} {}L{} {}Z" fill="{color}" stroke="white" stroke-width="1">{t}</path>"#,
                    c(x),
                    c(y - r),
                    c(x + r),
                    c(y),
                    c(x),
                    c(y + r),
                    c(x - r),
                    c(y)
                );
            }
        }
    }
    fn finish(mut self) -> String {
        let _ = self.height;
        self.buf.push_str("</svg>");
        self.buf
    }
}

/// A legend item.
#[derive(Debug, Clone)]
pub struct LegendItem {
    /// Label.
    pub label: String,
    /// CSS colour.
    pub color: String,
    /// Swatch.
    pub swatch: Swatch,
}

/// Legend items of series drawn as filled boxes (areas, bars).
fn box_items(series: &[Series]) -> Vec<LegendItem> {
    series
        .iter()
        .map(|s| LegendItem {
            label: s.label.clone(),
            color: s.color.clone(),
            swatch: Swatch::Box,
        })
        .collect()
}

/// Centred axis title under the plot.
fn x_title(cv: &mut Canvas, p: &Plot, y: f64, title: &str) {
    cv.text((p.left + p.right) / 2.0, y, title, "middle", "");
}

/// Lay the legend out in rows within `width`; returns the item positions and the height.
fn legend_layout(items: &[LegendItem], width: f64) -> (Vec<(f64, f64, String)>, f64) {
    let mut pos = vec![];
    let (mut x, mut row) = (0.0, 0usize);
    for it in items {
        let label = fit(&it.label, width - 24.0, FONT_PX);
        let w = 20.0 + text_width(&label, FONT_PX) + 14.0;
        if x > 0.0 && x + w > width {
            x = 0.0;
            row += 1;
        }
        pos.push((x, row as f64 * LEGEND_ROW_PX, label));
        x += w;
    }
    let rows = if items.is_empty() { 0 } else { row + 1 };
    (pos, rows as f64 * LEGEND_ROW_PX)
}

fn draw_legend(cv: &mut Canvas, items: &[LegendItem], x0: f64, y0: f64, width: f64) -> f64 {
    let (pos, h) = legend_layout(items, width);
    for (it, (x, y, label)) in items.iter().zip(pos) {
        let (sx, sy) = (x0 + x, y0 + y + 8.0);
        match it.swatch {
            Swatch::Box => cv.rect(sx, sy - 5.0, 14.0, 10.0, &it.color, ""),
            Swatch::Line => cv.line(sx, sy, sx + 14.0, sy, &it.color, r#" stroke-width="2.5""#),
            Swatch::Dashed => cv.line(
                sx,
                sy,
                sx + 14.0,
                sy,
                &it.color,
                r#" stroke-width="2" stroke-dasharray="4 2""#,
            ),
            Swatch::Marker(s) => cv.marker(sx + 7.0, sy, s, &it.color, ""),
        }
        cv.text(sx + 20.0, sy + 4.0, &label, "start", "");
    }
    h
}

/// Nice axis: (low, high, step) covering [lo, hi] with about `target` intervals.
pub fn nice_axis(lo: f64, hi: f64, target: usize) -> (f64, f64, f64) {
    let (mut lo, mut hi) = (lo.min(hi), lo.max(hi));
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0, 0.2);
    }
    if hi - lo < 1e-12 {
        if hi == 0.0 {
            hi = 1.0;
        } else if hi > 0.0 {
            lo = lo.min(0.0);
            hi *= 1.1;
        } else {
            hi = 0.0;
        }
    }
    let raw = (hi - lo) / target.max(1) as f64;
    // A range the decimal steps cannot resolve (below 1e-300 or beyond f64) gets the unit
    // axis instead of a zero or infinite step.
    if !raw.is_finite() || raw < 1e-300 || !(hi - lo).is_finite() {
        return (0.0, 1.0, 0.2);
    }
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let step = mag
        * if norm <= 1.0 {
            1.0
        } else if norm <= 2.0 {
            2.0
        } else if norm <= 2.5 {
            2.5
        } else if norm <= 5.0 {
            5.0
        } else {
            10.0
        };
    // Tolerances keep a bound that is already a multiple of the step (0, 10 000) as is.
    let l = (lo / step + 1e-9).floor() * step;
    let h = (hi / step - 1e-9).ceil() * step;
    if !(l.is_finite() && h.is_finite()) {
        return (0.0, 1.0, 0.2);
    }
    (l, h, step)
}

/// Decimals needed to print multiples of `step`.
pub fn step_decimals(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let k = step * 10f64.powi(d as i32);
            (k - k.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

/// Most ticks on an axis (a step that does not fit the range falls back to the two ends).
const MAX_TICKS: f64 = 100.0;

fn ticks(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let n = ((hi - lo) / step).round();
    if !n.is_finite() || !(0.0..=MAX_TICKS).contains(&n) {
        return if lo.is_finite() && hi.is_finite() {
            vec![lo, hi]
        } else {
            vec![]
        };
    }
    (0..=n as usize).map(|i| lo + i as f64 * step).collect()
}

/// Plot rectangle and a linear y scale.
struct Plot {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    y_lo: f64,
    y_hi: f64,
}

impl Plot {
    fn y(&self, v: f64) -> f64 {
        self.bottom - (v - self.y_lo) / (self.y_hi - self.y_lo) * (self.bottom - self.top)
    }
}

/// Draw the y grid, y tick labels and the rotated y title; returns tick label width.
fn y_axis(cv: &mut Canvas, p: &Plot, step: f64, title: &str) {
    let d = step_decimals(step);
    for t in ticks(p.y_lo, p.y_hi, step) {
        let y = p.y(t);
        cv.line(p.left, y, p.right, y, GRID, "");
        cv.text(p.left - 5.0, y + 4.0, &format::num(t, d), "end", "");
    }
    cv.line(p.left, p.top, p.left, p.bottom, AXIS, "");
    cv.line(p.left, p.bottom, p.right, p.bottom, AXIS, "");
    let cy = (p.top + p.bottom) / 2.0;
    let _ = write!(
        cv.buf,
        r#"<text transform="translate(12 {}) rotate(-90)" text-anchor="middle">{}</text>"#,
        c(cy),
        esc(&fit(title, p.bottom - p.top, FONT_PX))
    );
}

fn y_label_width(lo: f64, hi: f64, step: f64) -> f64 {
    let d = step_decimals(step);
    ticks(lo, hi, step)
        .iter()
        .map(|t| text_width(&format::num(*t, d), FONT_PX))
        .fold(0.0, f64::max)
}

/// Several charts (each a full-width `<svg>` of this module) laid out `cols` to a row and
/// scaled to fit one chart's width: one figure, one file, one `<svg>` element (the charts'
/// contents as translated and scaled groups).
pub fn panels(label: &str, charts: &[String], cols: usize) -> String {
    let cols = cols.max(1);
    let scale = 1.0 / cols as f64;
    // Each chart's own height from its viewBox.
    let heights: Vec<f64> = charts
        .iter()
        .map(|svg| {
            svg.split("viewBox=\"0 0 ")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .and_then(|v| v.split(' ').nth(1))
                .and_then(|h| h.parse().ok())
                .unwrap_or(0.0)
        })
        .collect();
    let mut rows: Vec<f64> = vec![];
    for (i, h) in heights.iter().enumerate() {
        let r = i / cols;
        if rows.len() <= r {
            rows.push(0.0);
        }
        rows[r] = rows[r].max(h * scale);
    }
    let total: f64 = rows.iter().sum();
    let mut cv = Canvas::new(total, label);
    let mut y = 0.0;
    for (r, row_h) in rows.iter().enumerate() {
        for k in 0..cols {
            let i = r * cols + k;
            let Some(svg) = charts.get(i) else { break };
            let w = WIDTH * scale;
            // The chart's content, moved and scaled into its cell (one <svg> element).
            let body = svg
                .split_once('>')
                .map_or("", |(_, rest)| rest)
                .trim_end_matches("</svg>");
            let inner = format!(
                r#"<g transform="translate({} {}) scale({})">{body}</g>"#,
                c(w * k as f64),
                c(y),
                scale
            );
            cv.buf.push_str(&inner);
        }
        y += row_h;
    }
    cv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axes() {
        assert_eq!(nice_axis(0.0, 9152.0, 5), (0.0, 10000.0, 2000.0));
        assert_eq!(nice_axis(0.0, 0.952, 5), (0.0, 1.0, 0.2));
        let (lo, hi, step) = nice_axis(-0.14, 0.56, 5);
        assert!(lo <= -0.14 && hi >= 0.56 && step > 0.0);
        assert_eq!(nice_axis(0.0, 0.0, 5), (0.0, 1.0, 0.2));
        assert_eq!(step_decimals(0.25), 2);
        // Ranges the decimal steps cannot resolve: a unit axis, a bounded tick count.
        for (lo, hi) in [
            (0.0, 1e-308),
            (1e-308, 1e-308),
            (-1e308, 1e308),
            (0.0, f64::MAX),
        ] {
            let (l, h, s) = nice_axis(lo, hi, 5);
            assert!(l.is_finite() && h.is_finite() && s > 0.0, "{lo} {hi}");
            assert!(ticks(l, h, s).len() <= 101);
        }
        assert_eq!(ticks(0.0, 1.0, 0.0), vec![0.0, 1.0]);
        assert_eq!(step_decimals(2000.0), 0);
    }

    #[test]
    fn user_text_is_escaped_inside_svg() {
        let evil = "<script>alert(1)</script> & \"q\"";
        let s = hbar_chart(&HBarChart {
            label: evil.into(),
            rows: vec![evil.into()],
            series: vec![Series {
                label: evil.into(),
                color: "#123456".into(),
                values: vec![1.0],
                dashed: false,
            }],
            end_labels: vec![evil.into()],
            x_title: evil.into(),
            refs: vec![],
            legend: true,
            bold_row: None,
        });
        assert!(!s.contains("<script"));
        assert!(s.contains("&lt;script&gt;"));
    }

    #[test]
    fn long_labels_are_shortened_to_fit() {
        let s = "a very long label ".repeat(10);
        let f = fit(&s, 100.0, FONT_PX);
        assert!(f.ends_with('…'));
        assert!(text_width(&f, FONT_PX) <= 100.0 + 1e-9);
        assert_eq!(fit("short", 100.0, FONT_PX), "short");
    }

    #[test]
    fn cjk_text_is_wider_than_latin() {
        assert!(text_width("同時使用率", 10.0) > text_width("abcde", 10.0));
    }

    #[test]
    fn ramp_ends() {
        assert_eq!(ramp(0.0), "#f1f5fb");
        assert_eq!(ramp(1.0), "#0b3d78");
        assert_eq!(ramp(f64::NAN), "#f1f5fb");
    }
}
