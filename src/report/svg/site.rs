//! Schematic site diagram: the parcels of an alternative as blocks striped by their uses
//! (colour, width in proportion to floor) and shaded by designated FAR (darker = denser), labelled where the block has room,
//! and the DHC network (plant and a trunk to every connected parcel) where there is one.
//!
//! Layout: with a position (`x_m`, `y_m`, the parcel's centre, north up) for every parcel,
//! each parcel is a square of its site area at its position, the whole scaled to fit;
//! otherwise a squarified treemap of the site areas (Bruls, Huijsing & van Wijk 2000), in
//! the parcels' order, which is deterministic and keeps every block near square. The trunk
//! is the minimum spanning tree (Prim) of the block centres from the plant: a schematic of
//! which parcels connect, not a pipe route.

use super::{draw_legend, esc, fit, legend_layout, Canvas, LegendItem, Swatch, FONT_PX, WIDTH};
use std::fmt::Write;

/// One parcel of the diagram.
#[derive(Debug, Clone)]
pub struct SiteParcel {
    /// Label (user text; escaped when drawn).
    pub label: String,
    /// Second line (the FAR), shown where the block has room.
    pub detail: String,
    /// Fill colour and floor share of each use (stripes across the block, in order).
    pub uses: Vec<(String, f64)>,
    /// Density shade, 0 (lightest) to 1 (darkest).
    pub shade: f64,
    /// Block area weight: site area, m² (floor area when the parcel has no site area).
    pub area_m2: f64,
    /// Centre position, m (east, north), if the case gives one.
    pub xy_m: Option<[f64; 2]>,
    /// Tooltip.
    pub title: String,
}

/// The DHC network of the diagram.
#[derive(Debug, Clone)]
pub struct SiteNetwork {
    /// Index of the parcel holding the plant.
    pub plant: usize,
    /// Legend label of the plant.
    pub plant_label: String,
    /// Legend label of the trunk.
    pub trunk_label: String,
}

/// A site diagram.
#[derive(Debug, Clone)]
pub struct SiteDiagram {
    /// Accessible label.
    pub label: String,
    /// Parcels.
    pub parcels: Vec<SiteParcel>,
    /// Legend items (uses, density shades).
    pub legend: Vec<LegendItem>,
    /// DHC network, if the alternative has one.
    pub network: Option<SiteNetwork>,
    /// Height of the plan area, px.
    pub plan_height: f64,
    /// Draw parcel labels.
    pub labels: bool,
}

const PAD: f64 = 6.0;
const GAP: f64 = 1.5;
const PLANT: &str = "#1b1f24";
const TRUNK: &str = "#1b1f24";
/// Lightest and darkest fill opacity of the density shade.
const SHADE: (f64, f64) = (0.3, 0.95);
/// Smallest block (px) that gets a label line.
const LABEL_MIN_W: f64 = 26.0;

#[derive(Debug, Clone, Copy, Default)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn centre(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// The worst aspect ratio of a row of areas `row` laid along a side of length `side`.
fn worst(row: &[f64], side: f64) -> f64 {
    let s: f64 = row.iter().sum();
    let (lo, hi) = row
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(l, h), a| (l.min(*a), h.max(*a)));
    if s <= 0.0 || lo <= 0.0 {
        return f64::INFINITY;
    }
    let s2 = s * s;
    let w2 = side * side;
    (w2 * hi / s2).max(s2 / (w2 * lo))
}

/// Squarified treemap of `areas` (any scale) in `r`, one rectangle per area, in order.
fn squarify(areas: &[f64], r: Rect) -> Vec<Rect> {
    let total: f64 = areas.iter().sum();
    let mut out = vec![Rect::default(); areas.len()];
    if total <= 0.0 || areas.is_empty() {
        return out;
    }
    let k = r.w * r.h / total;
    let scaled: Vec<f64> = areas.iter().map(|a| a * k).collect();
    let mut rest = r;
    let mut i = 0;
    while i < scaled.len() {
        let side = rest.w.min(rest.h);
        let mut j = i + 1;
        while j < scaled.len() && worst(&scaled[i..=j], side) <= worst(&scaled[i..j], side) {
            j += 1;
        }
        let s: f64 = scaled[i..j].iter().sum();
        if rest.w >= rest.h {
            // A column on the left.
            let cw = if rest.h > 0.0 { s / rest.h } else { 0.0 };
            let mut y = rest.y;
            for (n, a) in scaled[i..j].iter().enumerate() {
                let h = if cw > 0.0 { a / cw } else { 0.0 };
                out[i + n] = Rect {
                    x: rest.x,
                    y,
                    w: cw,
                    h,
                };
                y += h;
            }
            rest.x += cw;
            rest.w -= cw;
        } else {
            // A row on top.
            let rh = if rest.w > 0.0 { s / rest.w } else { 0.0 };
            let mut x = rest.x;
            for (n, a) in scaled[i..j].iter().enumerate() {
                let w = if rh > 0.0 { a / rh } else { 0.0 };
                out[i + n] = Rect {
                    x,
                    y: rest.y,
                    w,
                    h: rh,
                };
                x += w;
            }
            rest.y += rh;
            rest.h -= rh;
        }
        i = j;
    }
    out
}

/// Squares of each parcel's area at its position, scaled to fit `r` (north up).
fn positioned(parcels: &[SiteParcel], r: Rect) -> Vec<Rect> {
    let squares: Vec<(f64, f64, f64)> = parcels
        .iter()
        .map(|p| {
            let [x, y] = p.xy_m.unwrap_or([0.0, 0.0]);
            (x, y, p.area_m2.max(0.0).sqrt())
        })
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for (x, y, s) in &squares {
        x0 = x0.min(x - s / 2.0);
        x1 = x1.max(x + s / 2.0);
        y0 = y0.min(y - s / 2.0);
        y1 = y1.max(y + s / 2.0);
    }
    let (sw, sh) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
    let k = (r.w / sw).min(r.h / sh);
    let (ox, oy) = (r.x + (r.w - sw * k) / 2.0, r.y + (r.h - sh * k) / 2.0);
    squares
        .iter()
        .map(|(x, y, s)| Rect {
            x: ox + (x - s / 2.0 - x0) * k,
            y: oy + (y1 - (y + s / 2.0)) * k,
            w: s * k,
            h: s * k,
        })
        .collect()
}

/// Edges of the minimum spanning tree of `points` grown from `root` (Prim, O(n²)).
fn spanning_tree(points: &[(f64, f64)], root: usize) -> Vec<(usize, usize)> {
    let n = points.len();
    let mut in_tree = vec![false; n];
    let mut best = vec![(f64::INFINITY, root); n];
    let mut edges = vec![];
    let mut cur = root;
    in_tree[root] = true;
    for _ in 1..n {
        let (cx, cy) = points[cur];
        for (i, (x, y)) in points.iter().enumerate() {
            let d = (x - cx).powi(2) + (y - cy).powi(2);
            if !in_tree[i] && d < best[i].0 {
                best[i] = (d, cur);
            }
        }
        let Some(next) = (0..n)
            .filter(|i| !in_tree[*i])
            .min_by(|a, b| best[*a].0.total_cmp(&best[*b].0))
        else {
            break;
        };
        in_tree[next] = true;
        edges.push((best[next].1, next));
        cur = next;
    }
    edges
}

/// Draw a site diagram.
pub fn site_diagram(d: &SiteDiagram) -> String {
    let mut legend = d.legend.clone();
    if let Some(n) = &d.network {
        legend.push(LegendItem {
            label: n.plant_label.clone(),
            color: PLANT.into(),
            swatch: Swatch::Box,
        });
        legend.push(LegendItem {
            label: n.trunk_label.clone(),
            color: TRUNK.into(),
            swatch: Swatch::Line,
        });
    }
    let (_, legend_h) = legend_layout(&legend, WIDTH - 2.0 * PAD);
    let height = PAD + d.plan_height + 10.0 + legend_h + PAD;
    let mut cv = Canvas::new(height, &d.label);
    let plan = Rect {
        x: PAD,
        y: PAD,
        w: WIDTH - 2.0 * PAD,
        h: d.plan_height,
    };
    let rects = if !d.parcels.is_empty() && d.parcels.iter().all(|p| p.xy_m.is_some()) {
        positioned(&d.parcels, plan)
    } else {
        let areas: Vec<f64> = d.parcels.iter().map(|p| p.area_m2.max(0.0)).collect();
        squarify(&areas, plan)
    };
    for (p, r) in d.parcels.iter().zip(&rects) {
        let opacity = SHADE.0 + (SHADE.1 - SHADE.0) * p.shade.clamp(0.0, 1.0);
        let _ = write!(cv.buf, "<g><title>{}</title>", esc(&p.title));
        let total: f64 = p.uses.iter().map(|(_, f)| f.max(0.0)).sum();
        let mut x = r.x;
        for (color, f) in &p.uses {
            let w = if total > 0.0 {
                r.w * f.max(0.0) / total
            } else {
                r.w
            };
            cv.rect(
                x,
                r.y,
                w,
                r.h,
                color,
                &format!(r#" fill-opacity="{opacity:.2}""#),
            );
            x += w;
        }
        cv.rect(
            r.x,
            r.y,
            r.w,
            r.h,
            "none",
            &format!(r#" stroke="white" stroke-width="{GAP}""#),
        );
        cv.buf.push_str("</g>");
    }
    if let Some(n) = d.network.as_ref().filter(|n| n.plant < rects.len()) {
        let centres: Vec<(f64, f64)> = rects.iter().map(Rect::centre).collect();
        for (a, b) in spanning_tree(&centres, n.plant) {
            let ((x1, y1), (x2, y2)) = (centres[a], centres[b]);
            cv.line(
                x1,
                y1,
                x2,
                y2,
                TRUNK,
                r#" stroke-width="2" stroke-opacity="0.8""#,
            );
        }
        for (i, (x, y)) in centres.iter().enumerate() {
            if i != n.plant {
                let _ = write!(
                    cv.buf,
                    r#"<circle cx="{}" cy="{}" r="2.5" fill="{TRUNK}"/>"#,
                    super::c(*x),
                    super::c(*y)
                );
            }
        }
        let (px, py) = centres[n.plant];
        cv.rect(
            px - 6.0,
            py - 6.0,
            12.0,
            12.0,
            PLANT,
            r#" stroke="white" stroke-width="1.5""#,
        );
    }
    if d.labels {
        let line = FONT_PX + 2.0;
        for (p, r) in d.parcels.iter().zip(&rects) {
            if r.w < LABEL_MIN_W || r.h < line + 4.0 {
                continue;
            }
            let max = r.w - 6.0;
            let two = r.h >= 2.0 * line + 16.0 && !p.detail.is_empty();
            // Below the centre, clear of the plant marker and the trunk's node.
            let (cx, top) = (r.x + r.w / 2.0, r.y + 3.0);
            let name = fit(&p.label, max, FONT_PX);
            if name == "…" {
                continue;
            }
            cv.text(cx, top + FONT_PX, &name, "middle", r#" font-weight="600""#);
            if two {
                let detail = fit(&p.detail, max, FONT_PX);
                if detail != "…" {
                    cv.text(cx, top + FONT_PX + line, &detail, "middle", "");
                }
            }
        }
    }
    draw_legend(
        &mut cv,
        &legend,
        PAD,
        PAD + d.plan_height + 10.0,
        WIDTH - 2.0 * PAD,
    );
    cv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn treemap_fills_the_rectangle_with_the_areas_in_proportion() {
        let r = Rect {
            x: 0.0,
            y: 0.0,
            w: 600.0,
            h: 400.0,
        };
        let areas = [6.0, 6.0, 4.0, 3.0, 2.0, 2.0, 1.0];
        let rects = squarify(&areas, r);
        let total: f64 = areas.iter().sum();
        for (a, q) in areas.iter().zip(&rects) {
            let share = q.w * q.h / (r.w * r.h);
            assert!((share - a / total).abs() < 1e-9, "{share} vs {}", a / total);
            assert!(q.x >= -1e-9 && q.y >= -1e-9);
            assert!(q.x + q.w <= r.w + 1e-6 && q.y + q.h <= r.h + 1e-6);
            // Squarified: no sliver.
            assert!(q.w.max(q.h) / q.w.min(q.h) < 3.0, "{q:?}");
        }
    }

    #[test]
    fn spanning_tree_connects_every_point_once() {
        let pts = [
            (0.0, 0.0),
            (10.0, 0.0),
            (0.0, 10.0),
            (10.0, 10.0),
            (5.0, 30.0),
        ];
        let e = spanning_tree(&pts, 0);
        assert_eq!(e.len(), pts.len() - 1);
        let mut seen = [false; 5];
        seen[0] = true;
        for (a, b) in &e {
            assert!(seen[*a], "edge from outside the tree");
            assert!(!seen[*b], "point reached twice");
            seen[*b] = true;
        }
        // The far point hangs on its nearest neighbour.
        assert!(e.contains(&(3, 4)) || e.contains(&(2, 4)));
    }

    #[test]
    fn positioned_parcels_keep_their_relative_places() {
        let p = |x: f64, y: f64| SiteParcel {
            label: "p".into(),
            detail: String::new(),
            uses: vec![("#000".into(), 1.0)],
            shade: 0.5,
            area_m2: 100.0,
            xy_m: Some([x, y]),
            title: String::new(),
        };
        let r = Rect {
            x: 0.0,
            y: 0.0,
            w: 600.0,
            h: 300.0,
        };
        let q = positioned(&[p(0.0, 0.0), p(50.0, 0.0), p(0.0, 50.0)], r);
        assert!(q[1].x > q[0].x, "east is right");
        assert!(q[2].y < q[0].y, "north is up");
        assert!((q[0].w - q[1].w).abs() < 1e-9);
    }
}
