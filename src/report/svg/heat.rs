//! Heat maps (a colour ramp over a matrix of values with two-line column heads).

use super::{fit, text_width, Canvas, FONT_PX, TEXT, WIDTH};

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
    // The scale's title to the right of the scale, shortened when long row labels leave
    // too little room (the caption says what the colours mean in full).
    let room = WIDTH - (sx0 + sw + 12.0) - 4.0;
    cv.text(
        sx0 + sw + 12.0,
        sy + 9.0,
        &fit(&ch.scale_title, room, FONT_PX),
        "start",
        "",
    );
    cv.finish()
}
