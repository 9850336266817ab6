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

fn ticks(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let n = ((hi - lo) / step).round() as i64;
    (0..=n).map(|i| lo + i as f64 * step).collect()
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
    let (lo, hi, step) = nice_axis(0.0, ymax, 5);
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
            let v = s.values.get(i).cloned().unwrap_or(0.0).max(0.0);
            let y = p.y(v);
            cv.rect(gx + bw * j as f64, y, bw - 1.0, p.bottom - y, &s.color, "");
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
    let ref_h = if ch.refs.is_empty() { 0.0 } else { 14.0 };
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
        cv.text(
            x,
            top - 6.0,
            &r.label,
            "middle",
            &format!(r#" fill="{}""#, r.color),
        );
    }
    cv.finish()
}

/// Heat map of values with a sequential colour scale and a printed value in every cell.
#[derive(Debug, Clone)]
pub struct HeatMap {
    /// Accessible label.
    pub label: String,
    /// Row labels.
    pub rows: Vec<String>,
    /// Column labels (split over two lines when long).
    pub cols: Vec<String>,
    /// Values (row-major); `None` leaves the cell blank.
    pub values: Vec<Vec<Option<f64>>>,
    /// Text printed in each cell.
    pub text: Vec<Vec<String>>,
    /// Value range of the colour scale.
    pub range: (f64, f64),
    /// Title of the colour scale, with unit.
    pub scale_title: String,
    /// Label printed at the low and high end of the scale.
    pub scale_labels: (String, String),
}

/// Colour of `t` ∈ [0, 1] on the report's sequential blue scale.
pub fn ramp(t: f64) -> String {
    let stops = [
        (0.0, [0xf1, 0xf5, 0xfb]),
        (0.5, [0x7f, 0xa9, 0xd6]),
        (1.0, [0x0b, 0x3d, 0x78]),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (a, b) = if t <= 0.5 {
        (stops[0], stops[1])
    } else {
        (stops[1], stops[2])
    };
    let k = (t - a.0) / (b.0 - a.0);
    let ch = |i: usize| (a.1[i] as f64 + (b.1[i] as f64 - a.1[i] as f64) * k).round() as u8;
    format!("#{:02x}{:02x}{:02x}", ch(0), ch(1), ch(2))
}

fn split_two(s: &str, max_px: f64) -> Vec<String> {
    if text_width(s, FONT_PX) <= max_px {
        return vec![s.to_string()];
    }
    let chars: Vec<char> = s.chars().collect();
    let mid = chars.len() / 2;
    let best = chars
        .iter()
        .enumerate()
        .filter(|(_, ch)| **ch == ' ')
        .min_by_key(|(i, _)| (*i as i64 - mid as i64).abs())
        .map(|(i, _)| i);
    match best {
        Some(i) => vec![
            fit(&chars[..i].iter().collect::<String>(), max_px, FONT_PX),
            fit(&chars[i + 1..].iter().collect::<String>(), max_px, FONT_PX),
        ],
        None if chars.len() > 1 && !chars.iter().any(|c| c.is_ascii_alphanumeric()) => vec![
            chars[..mid].iter().collect(),
            fit(&chars[mid..].iter().collect::<String>(), max_px, FONT_PX),
        ],
        None => vec![fit(s, max_px, FONT_PX)],
    }
}

/// Render a [`HeatMap`].
pub fn heat_map(ch: &HeatMap) -> String {
    let nr = ch.rows.len();
    let nc = ch.cols.len().max(1);
    let rows: Vec<String> = ch
        .rows
        .iter()
        .map(|r| fit(r, WIDTH * 0.34, FONT_PX))
        .collect();
    let left = 8.0
        + rows
            .iter()
            .map(|r| text_width(r, FONT_PX))
            .fold(0.0, f64::max)
        + 10.0;
    let cw = (WIDTH - 10.0 - left) / nc as f64;
    let heads: Vec<Vec<String>> = ch.cols.iter().map(|h| split_two(h, cw - 4.0)).collect();
    let head_lines = heads.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let top = 6.0 + head_lines * 13.0 + 4.0;
    let rh = 22.0;
    let height = top + nr as f64 * rh + 46.0;
    let mut cv = Canvas::new(height, &ch.label);
    for (j, lines) in heads.iter().enumerate() {
        let x = left + cw * (j as f64 + 0.5);
        let base = top - 6.0 - (lines.len() as f64 - 1.0) * 13.0;
        for (k, l) in lines.iter().enumerate() {
            cv.text(
                x,
                base + 13.0 * k as f64,
                l,
                "middle",
                r#" font-weight="600""#,
            );
        }
    }
    let (lo, hi) = ch.range;
    let span = if hi - lo > 1e-12 { hi - lo } else { 1.0 };
    for (i, r) in rows.iter().enumerate() {
        let y = top + rh * i as f64;
        cv.text(left - 8.0, y + rh / 2.0 + 4.0, r, "end", "");
        for j in 0..nc {
            let v = ch
                .values
                .get(i)
                .and_then(|row| row.get(j))
                .cloned()
                .flatten();
            let x = left + cw * j as f64;
            match v {
                Some(v) => {
                    let t = (v - lo) / span;
                    cv.rect(x + 1.0, y + 1.0, cw - 2.0, rh - 2.0, &ramp(t), "");
                    let txt = ch
                        .text
                        .get(i)
                        .and_then(|row| row.get(j))
                        .cloned()
                        .unwrap_or_default();
                    let fill = if t > 0.55 { "#fff" } else { TEXT };
                    cv.text(
                        x + cw / 2.0,
                        y + rh / 2.0 + 4.0,
                        &fit(&txt, cw - 4.0, FONT_PX),
                        "middle",
                        &format!(r#" fill="{fill}""#),
                    );
                }
                None => cv.rect(x + 1.0, y + 1.0, cw - 2.0, rh - 2.0, "#f7f7f7", ""),
            }
        }
    }
    // Colour scale: 20 steps, no gradient ids (several charts share one page).
    let sy = top + nr as f64 * rh + 14.0;
    let sw = 220.0;
    let sx0 = left;
    for k in 0..20 {
        cv.rect(
            sx0 + sw * k as f64 / 20.0,
            sy,
            sw / 20.0 + 0.5,
            10.0,
            &ramp((k as f64 + 0.5) / 20.0),
            "",
        );
    }
    cv.text(sx0, sy + 24.0, &ch.scale_labels.0, "start", "");
    cv.text(sx0 + sw, sy + 24.0, &ch.scale_labels.1, "end", "");
    cv.text(sx0 + sw + 12.0, sy + 9.0, &ch.scale_title, "start", "");
    cv.finish()
}

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

/// A curve of (x, y) points (its own x values, unlike [`Series`]).
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
