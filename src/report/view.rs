//! Page views: everything the templates show that is not a plain field of the Report
//! model — the SVG charts (in the report language), page file names and the normalized
//! housing-cluster data. Built from the Report model only, so charts and tables show the
//! same numbers as `report.json`.

use super::format::{change, num, pct};
use super::svg::{self, HBarChart, RefLine, Series};
use super::{AlternativeResult, Report};
use crate::carrier::Carrier;
use crate::i18n::{I18n, Lang};
use crate::supply::{cluster, SystemKind};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[path = "view_housing.rs"]
pub mod housing;
#[path = "view_unused.rs"]
pub mod unused;

/// Colour of each built-in use (Tableau-10 order); user uses take [`EXTRA_COLORS`].
const USE_COLORS: &[(&str, &str)] = &[
    ("office", "#4e79a7"),
    ("retail", "#f28e2b"),
    ("hotel", "#e15759"),
    ("hospital", "#76b7b2"),
    ("care", "#59a14f"),
    ("sports", "#edc948"),
    ("housing", "#b07aa1"),
    ("detached", "#ff9da7"),
];
/// Colours of user-defined uses, in use-id order.
const EXTRA_COLORS: &[&str] = &[
    "#9c755f", "#86bcb6", "#d4a6c8", "#8cd17d", "#499894", "#f1ce63", "#a0cbe8", "#bab0ac",
];
/// Carrier colours (heating red, hot water orange, cooling blue, electricity green).
pub fn carrier_color(c: Carrier) -> &'static str {
    match c {
        Carrier::Heating => "#c0392b",
        Carrier::HotWater => "#e08e0b",
        Carrier::Cooling => "#2e86c1",
        Carrier::Electricity => "#6b8e23",
    }
}
const TOTAL_COLOR: &str = "#1b1f24";
const BAND_STANDARD: &str = "#b7791f";
const BAND_WEAK: &str = "#c0392b";
const THRESHOLD: &str = "#6b46c1";
const HIGHLIGHT: &str = "#d62728";

/// Carrier groups of the mixing table, in column order.
pub const MIX_GROUPS: [&str; 6] = [
    "heating",
    "hot_water",
    "cooling",
    "electricity",
    "heating_hot_water",
    "cooling_electricity",
];

/// Everything a page needs beyond the model.
#[derive(Debug, Clone, Serialize)]
pub struct Views {
    /// Page file name per alternative id.
    pub pages: BTreeMap<String, String>,
    /// One view per alternative, in file order.
    pub alternatives: Vec<AltView>,
    /// Charts of the comparison page.
    pub comparison: ComparisonView,
    /// The assumptions appendix with the items of data entries in the report language.
    pub appendix: Vec<super::Assumption>,
}

/// A chart and the carrier it shows.
#[derive(Debug, Clone, Serialize)]
pub struct CarrierChart {
    /// Carrier id.
    pub carrier: String,
    /// SVG.
    pub svg: String,
}

/// A chart of one metric.
#[derive(Debug, Clone, Serialize)]
pub struct MetricChart {
    /// Metric key (`primary_energy_gj`, `co2_t`, `energy_efficiency`, `heat_price_yen_per_mj`).
    pub metric: String,
    /// SVG.
    pub svg: String,
}

/// Views of one alternative page.
#[derive(Debug, Clone, Serialize)]
pub struct AltView {
    /// Alternative id.
    pub id: String,
    /// Page file name.
    pub page: String,
    /// Uses present inside the district (ids, sorted).
    pub uses: Vec<String>,
    /// Design-day charts per carrier.
    pub design_day: Vec<CarrierChart>,
    /// Monthly energy chart.
    pub monthly: String,
    /// Load-duration curves.
    pub duration: String,
    /// Mixing heat map of coincidence factors (none with fewer than two uses).
    pub mix_cf: Option<String>,
    /// Mixing heat map of daily load factors.
    pub mix_dlf: Option<String>,
    /// System used as the reference of the % change labels.
    pub reference_system: Option<String>,
    /// Paired bar charts of the supply options.
    pub supply_bars: Vec<MetricChart>,
    /// Systems sharing the same installed plant and network (one table each).
    pub plant_groups: Vec<PlantGroup>,
    /// Annual cost by line and system.
    pub cost_stack: Option<String>,
    /// Heat-price sensitivity bars.
    pub sensitivity: Option<String>,
    /// Gross FAR vs heat price among real districts.
    pub scatter_price: String,
    /// Gross FAR vs efficiency among real districts.
    pub scatter_efficiency: String,
    /// Housing-cluster data and charts (empty unless the model carries them).
    pub housing: HousingView,
    /// Unused-energy sources side by side (none without sources).
    pub unused: Option<unused::UnusedView>,
    /// Heat price against gross FAR from the automatic density sweep (none without one).
    pub density: Option<String>,
    /// The systems' texts in the report language, by system id.
    pub systems: BTreeMap<String, SystemTexts>,
    /// The labels of the viability checks in the report language, in order.
    pub checks: Vec<String>,
    /// Findings in the report language.
    pub findings: Vec<String>,
}

/// A system's texts (name, notes, cost lines) in the report language.
#[derive(Debug, Clone, Serialize)]
pub struct SystemTexts {
    /// Name.
    pub name: String,
    /// Notes.
    pub notes: Vec<String>,
    /// Cost lines, in the order of the system's `cost_lines`.
    pub lines: Vec<LineTexts>,
}

/// A cost line's item and assumption note in the report language.
#[derive(Debug, Clone, Serialize)]
pub struct LineTexts {
    /// Item.
    pub item: String,
    /// Assumption note.
    pub note: String,
}

impl SystemTexts {
    fn of(s: &crate::supply::SystemResult, lang: Lang) -> SystemTexts {
        SystemTexts {
            name: s.name.text(lang),
            notes: s.notes.iter().map(|n| n.text(lang)).collect(),
            lines: s
                .cost_lines
                .iter()
                .map(|l| LineTexts {
                    item: l.item.text(lang),
                    note: l.note.text(lang),
                })
                .collect(),
        }
    }
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

/// Per-dwelling equipment of one solar-cluster system (CONTRACT.md `per_dwelling`).
#[derive(Debug, Clone, Serialize)]
pub struct PerDwelling {
    /// System id.
    pub system: String,
    /// Values by CONTRACT.md field name.
    pub values: BTreeMap<String, f64>,
}

/// A roof-area balance row (CONTRACT.md alternative-level `roof`).
#[derive(Debug, Clone, Serialize, Default)]
pub struct RoofRow {
    /// Building group id (`data-group`).
    pub id: String,
    /// Building group (label).
    pub group: String,
    /// Floor, m² (when the model gives it).
    pub floor_m2: Option<f64>,
    /// Dwellings (when the model gives it).
    pub dwellings: Option<f64>,
    /// Footprint rule applied.
    pub rule: Option<String>,
    /// Usable roof, m².
    pub usable_m2: Option<f64>,
    /// Roof required by the panels, m².
    pub required_m2: Option<f64>,
    /// usable − required, m².
    pub balance_m2: Option<f64>,
}

/// A CO2 step (CONTRACT.md `co2_steps`).
#[derive(Debug, Clone, Serialize)]
pub struct Co2Step {
    /// Step label.
    pub step: String,
    /// CO2 after this step, t/yr.
    pub co2_t: f64,
}

/// Housing-cluster section: data normalized from the CONTRACT.md names, and charts.
#[derive(Debug, Clone, Serialize, Default)]
pub struct HousingView {
    /// True when any housing-cluster data is present.
    pub present: bool,
    /// Per-dwelling equipment by system.
    pub per_dwelling: Vec<PerDwelling>,
    /// Field names present in any `per_dwelling`, in CONTRACT.md order.
    pub per_dwelling_fields: Vec<String>,
    /// Decimals printed for each `per_dwelling` field.
    pub per_dwelling_decimals: BTreeMap<String, usize>,
    /// Initial cost per dwelling by system.
    pub cost_chart: Option<String>,
    /// Roof balance rows.
    pub roof: Vec<RoofRow>,
    /// Total over the building groups (when there are several).
    pub roof_total: Option<RoofRow>,
    /// Roof chart.
    pub roof_chart: Option<String>,
    /// CO2 steps from BAU to the final state.
    pub co2_steps: Vec<Co2Step>,
    /// CO2 waterfall.
    pub co2_chart: Option<String>,
    /// Detail of the first solar-cluster system (`systems[].cluster`): sizing, costs,
    /// economics, simulation, CO2 waterfall, levelling, coincidence, surplus heat.
    pub cluster: Option<housing::ClusterView>,
}

/// Views of the comparison page.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonView {
    /// Coincidence factor per carrier and alternative.
    pub cf: String,
    /// Main-system charts (price, efficiency, CO2 per m²) across alternatives.
    pub main: Vec<MetricChart>,
    /// Solar-cluster systems across alternatives (none without such systems).
    pub housing: Option<housing::ComparisonHousing>,
}

struct Ctx<'a> {
    tr: &'a I18n,
    lang: Lang,
    report: &'a Report,
    colors: BTreeMap<String, String>,
}

impl Ctx<'_> {
    fn t(&self, key: &str) -> String {
        self.tr.get(self.lang, key)
    }
    fn f(&self, key: &str, args: &[(&str, String)]) -> String {
        let a: BTreeMap<String, String> = args
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        self.tr.fill(self.lang, key, &a)
    }
    fn use_label(&self, id: &str) -> String {
        self.report
            .use_labels
            .get(id)
            .map(|l| match self.lang {
                Lang::En => l.en.clone(),
                Lang::Ja => l.ja.clone(),
            })
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| id.to_string())
    }
    fn carrier(&self, c: &str) -> String {
        self.t(&format!("carrier.{c}"))
    }
    fn color(&self, use_id: &str) -> String {
        self.colors
            .get(use_id)
            .cloned()
            .unwrap_or_else(|| EXTRA_COLORS[0].to_string())
    }
}

/// File name of each alternative page: `alt-<id>.html` with any character outside
/// `[A-Za-z0-9_-]` replaced, made unique. User ids never reach the file system raw.
pub fn page_names(report: &Report) -> BTreeMap<String, String> {
    let mut used = BTreeSet::new();
    let mut out = BTreeMap::new();
    for a in &report.alternatives {
        let slug: String =
            a.id.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .take(80)
                .collect();
        let mut name = format!("alt-{slug}.html");
        let mut k = 2;
        while used.contains(&name) || name == "alt-.html" {
            name = format!("alt-{slug}-{k}.html");
            k += 1;
        }
        used.insert(name.clone());
        out.insert(a.id.clone(), name);
    }
    out
}

/// Build the views of a report in `lang`.
pub fn build(report: &Report, lang: Lang) -> Views {
    let tr = I18n::builtin();
    let mut colors = BTreeMap::new();
    let mut extra = 0;
    for u in report.use_labels.keys() {
        let c = match USE_COLORS.iter().find(|(id, _)| id == u) {
            Some((_, c)) => c.to_string(),
            None => {
                extra += 1;
                EXTRA_COLORS[(extra - 1) % EXTRA_COLORS.len()].to_string()
            }
        };
        colors.insert(u.clone(), c);
    }
    let cx = Ctx {
        tr,
        lang,
        report,
        colors,
    };
    let pages = page_names(report);
    let alternatives = report
        .alternatives
        .iter()
        .map(|a| alt_view(&cx, a, &pages[&a.id]))
        .collect();
    Views {
        pages,
        alternatives,
        comparison: comparison_view(&cx),
        appendix: report
            .assumptions
            .iter()
            .map(|a| appendix_row(tr, lang, a))
            .collect(),
    }
}

/// An appendix row in `lang`: a data entry's label is the catalogue's `appendix.<key>` in
/// that language (after the name of its group of values, if the row has one).
fn appendix_row(tr: &I18n, lang: Lang, a: &super::Assumption) -> super::Assumption {
    let path = format!("appendix.{}", a.key);
    let item = match (tr.lookup(Lang::En, &path), tr.lookup(lang, &path)) {
        (Some(en), Some(here)) if !a.key.is_empty() => a
            .item
            .strip_suffix(en)
            .map(|prefix| format!("{prefix}{here}"))
            .unwrap_or_else(|| a.item.clone()),
        _ => a.item.clone(),
    };
    super::Assumption { item, ..a.clone() }
}

fn alt_view(cx: &Ctx, a: &AlternativeResult, page: &str) -> AltView {
    let reference = a
        .systems
        .iter()
        .find(|s| s.kind == SystemKind::Individual)
        .or(a.systems.first())
        .map(|s| s.id.clone());
    AltView {
        id: a.id.clone(),
        page: page.to_string(),
        uses: a.floor_by_use_m2.keys().cloned().collect(),
        design_day: Carrier::ALL
            .iter()
            .map(|c| CarrierChart {
                carrier: c.id().to_string(),
                svg: design_day_chart(cx, a, *c),
            })
            .collect(),
        monthly: monthly_chart(cx, a),
        duration: duration_chart(cx, a),
        mix_cf: mix_chart(cx, a, true),
        mix_dlf: mix_chart(cx, a, false),
        supply_bars: supply_bars(cx, a, reference.as_deref()),
        plant_groups: plant_groups(a),
        reference_system: reference,
        cost_stack: cost_stack(cx, a),
        sensitivity: sensitivity_chart(cx, a),
        scatter_price: viability_scatter(cx, a, true),
        scatter_efficiency: viability_scatter(cx, a, false),
        housing: housing_view(cx, a),
        unused: unused::unused_view(cx, a),
        density: density_chart(cx, a),
        systems: a
            .systems
            .iter()
            .map(|s| (s.id.clone(), SystemTexts::of(s, cx.lang)))
            .collect(),
        checks: a
            .viability
            .checks
            .iter()
            .map(|c| c.label.text(cx.lang))
            .collect(),
        findings: a
            .viability
            .finding_items
            .iter()
            .map(|f| f.text(cx.lang))
            .collect(),
    }
}

fn hour_ticks() -> Vec<(f64, String)> {
    (0..=8)
        .map(|k| (k as f64 * 3.0, format!("{}", k * 3)))
        .collect()
}

fn step_series(values: &[f64]) -> Vec<f64> {
    values.iter().flat_map(|v| [*v, *v]).collect()
}

fn design_day_chart(cx: &Ctx, a: &AlternativeResult, c: Carrier) -> String {
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
    })
}

fn monthly_chart(cx: &Ctx, a: &AlternativeResult) -> String {
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

fn duration_chart(cx: &Ctx, a: &AlternativeResult) -> String {
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
    })
}

fn mix_chart(cx: &Ctx, a: &AlternativeResult, cf: bool) -> Option<String> {
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

/// Heat price of every priced system against gross FAR (the automatic density sweep), with
/// the 6 and 8 ¥/MJ band limits, the 100 % density threshold and this plan's density.
fn density_chart(cx: &Ctx, a: &AlternativeResult) -> Option<String> {
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
            label: s.id.clone(),
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

fn system_color(s: &crate::supply::SystemResult, main: Option<&str>) -> String {
    match s.kind {
        SystemKind::Individual => "#8a8f98".into(),
        SystemKind::Dhc if Some(s.id.as_str()) == main => "#1f5f99".into(),
        SystemKind::Dhc => "#6fa3d6".into(),
        SystemKind::SolarCluster => "#d69e2e".into(),
    }
}

fn supply_bars(cx: &Ctx, a: &AlternativeResult, reference: Option<&str>) -> Vec<MetricChart> {
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
                    label: s.id.clone(),
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
                rows: rows.iter().map(|s| s.id.clone()).collect(),
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

fn cost_stack(cx: &Ctx, a: &AlternativeResult) -> Option<String> {
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
        rows: systems.iter().map(|s| s.id.clone()).collect(),
        series,
        end_labels,
        x_title: cx.t("axis.annual_cost_myen"),
        refs: vec![],
        legend: true,
        bold_row: None,
    }))
}

fn sensitivity_chart(cx: &Ctx, a: &AlternativeResult) -> Option<String> {
    let rows: Vec<&super::Sensitivity> = a
        .sensitivity
        .iter()
        .filter(|s| s.price_change.is_some())
        .collect();
    if rows.is_empty() {
        return None;
    }
    let lever = |s: &super::Sensitivity| cx.t(&format!("lever.{}", s.lever.id()));
    let labels: Vec<String> = rows
        .iter()
        .map(|s| {
            // The lever names the row; the system id only tells apart two of a kind.
            if rows.iter().filter(|o| o.lever == s.lever).count() > 1 {
                format!("{} ({})", lever(s), s.system)
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

fn viability_scatter(cx: &Ctx, a: &AlternativeResult, price: bool) -> String {
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
    let mine: Vec<svg::Point> = a
        .systems
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
                label: Some(format!(
                    "{} {}",
                    s.id,
                    if price { num(y, 2) } else { num(y, 3) }
                )),
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

/// CONTRACT.md `per_dwelling` fields of the per-dwelling table, in print order, with
/// their values.
type PerDwellingField = (&'static str, fn(&cluster::PerDwelling) -> f64);

/// The per-dwelling table's columns.
pub const PER_DWELLING_FIELDS: [PerDwellingField; 6] = [
    ("pv_kw", |p| p.pv_kw),
    ("pv_area_m2", |p| p.pv_area_m2),
    ("collector_m2", |p| p.collector_m2),
    ("tank_l", |p| p.tank_l),
    ("pipe_m", |p| p.pipe_m),
    ("initial_cost_yen", |p| p.initial_cost_yen),
];

/// Decimals printed for a `per_dwelling` field (kW two, areas one, litres, metres and
/// yen none).
pub fn per_dwelling_decimals(field: &str) -> usize {
    match field {
        "pv_kw" => 2,
        "pv_area_m2" | "collector_m2" => 1,
        _ => 0,
    }
}

/// The housing-cluster summary of an alternative: per-dwelling equipment of each
/// solar-cluster system (`(system id, per_dwelling)`), the roof balance by building
/// group and the CO2 steps, with their charts. `group_name` gives a building group's name
/// in the report language (group id, model name). Absent data gives an empty view and the
/// section is not rendered.
pub fn housing_view_of(
    tr: &I18n,
    lang: Lang,
    per_dwelling: &[(&str, &cluster::PerDwelling)],
    roof: Option<&cluster::RoofBalance>,
    co2_steps: &[cluster::Co2Step],
    group_name: &dyn Fn(&str, &str) -> String,
) -> HousingView {
    let mut h = HousingView::default();
    let t = |k: &str| tr.get(lang, k);
    h.per_dwelling = per_dwelling
        .iter()
        .map(|(system, p)| PerDwelling {
            system: system.to_string(),
            values: PER_DWELLING_FIELDS
                .iter()
                .map(|(k, f)| (k.to_string(), f(p)))
                .collect(),
        })
        .collect();
    if !h.per_dwelling.is_empty() {
        h.per_dwelling_fields = PER_DWELLING_FIELDS
            .iter()
            .map(|(k, _)| k.to_string())
            .collect();
    }
    h.per_dwelling_decimals = PER_DWELLING_FIELDS
        .iter()
        .map(|(k, _)| (k.to_string(), per_dwelling_decimals(k)))
        .collect();
    if !per_dwelling.is_empty() {
        h.cost_chart = Some(svg::hbar_chart(&HBarChart {
            label: t("caption.dwelling_cost"),
            rows: per_dwelling.iter().map(|(s, _)| s.to_string()).collect(),
            series: vec![Series {
                label: t("housing.initial_cost_yen"),
                color: "#d69e2e".into(),
                values: per_dwelling
                    .iter()
                    .map(|(_, p)| p.initial_cost_yen / 10_000.0)
                    .collect(),
                dashed: false,
            }],
            end_labels: per_dwelling
                .iter()
                .map(|(_, p)| format!("¥{}", num(p.initial_cost_yen, 0)))
                .collect(),
            x_title: t("axis.cost_10k_yen"),
            refs: vec![],
            legend: false,
            bold_row: None,
        }));
    }
    if let Some(r) = roof {
        h.roof = r
            .groups
            .iter()
            .map(|g| RoofRow {
                id: g.id.clone(),
                group: group_name(&g.id, &g.name),
                floor_m2: Some(g.floor_m2),
                dwellings: Some(g.dwellings),
                rule: Some(g.rule.clone()),
                usable_m2: Some(g.usable_m2),
                required_m2: Some(g.required_m2),
                balance_m2: Some(g.balance_m2),
            })
            .collect();
        if h.roof.len() > 1 {
            h.roof_total = Some(RoofRow {
                id: "total".into(),
                group: t("word.total"),
                floor_m2: Some(r.groups.iter().map(|g| g.floor_m2).sum()),
                dwellings: Some(r.groups.iter().map(|g| g.dwellings).sum()),
                rule: None,
                usable_m2: Some(r.usable_m2),
                required_m2: Some(r.required_m2),
                balance_m2: Some(r.balance_m2),
            });
        }
    }
    if !h.roof.is_empty() {
        h.roof_chart = Some(roof_chart(tr, lang, &h.roof));
    }
    h.co2_steps = co2_steps
        .iter()
        .map(|s| Co2Step {
            step: tr
                .lookup(lang, &format!("housing.co2_step.{}", s.step.id()))
                .map(str::to_string)
                .unwrap_or_else(|| s.label.text(lang)),
            co2_t: s.co2_t,
        })
        .collect();
    if !h.co2_steps.is_empty() {
        h.co2_chart = Some(co2_waterfall_with(tr, lang, &h.co2_steps, None));
    }
    h.present = !h.per_dwelling.is_empty() || !h.roof.is_empty() || !h.co2_steps.is_empty();
    h
}

fn housing_view(cx: &Ctx, a: &AlternativeResult) -> HousingView {
    // Building groups named after a use of the case read in the report language.
    let group_name = |id: &str, name: &str| match cx.report.use_labels.get(id) {
        Some(l) if l.en == name || id == name => cx.use_label(id),
        _ => name.to_string(),
    };
    let per_dwelling: Vec<(&str, &cluster::PerDwelling)> = a
        .systems
        .iter()
        .filter_map(|s| Some((s.id.as_str(), s.per_dwelling.as_ref()?)))
        .collect();
    let mut h = housing_view_of(
        cx.tr,
        cx.lang,
        &per_dwelling,
        a.roof.as_ref(),
        a.co2_steps.as_deref().unwrap_or_default(),
        &group_name,
    );
    h.cluster = housing::cluster_view(cx, a);
    h.present |= h.cluster.is_some();
    h
}

/// Roof balance per building group: the usable roof split into the part the panels
/// need and the part left spare, and any shortfall beyond it.
fn roof_chart(tr: &I18n, lang: Lang, rows: &[RoofRow]) -> String {
    let t = |k: &str| tr.get(lang, k);
    let usable: Vec<f64> = rows.iter().map(|r| r.usable_m2.unwrap_or(0.0)).collect();
    let required: Vec<f64> = rows.iter().map(|r| r.required_m2.unwrap_or(0.0)).collect();
    let ser = |label: String, color: &str, values: Vec<f64>| Series {
        label,
        color: color.into(),
        values,
        dashed: false,
    };
    svg::hbar_chart(&HBarChart {
        label: t("caption.roof"),
        rows: rows.iter().map(|r| r.group.clone()).collect(),
        series: vec![
            ser(
                t("housing.roof_used"),
                "#d69e2e",
                usable
                    .iter()
                    .zip(&required)
                    .map(|(u, q)| u.min(*q))
                    .collect(),
            ),
            ser(
                t("housing.roof_spare"),
                "#2f855a",
                usable
                    .iter()
                    .zip(&required)
                    .map(|(u, q)| (u - q).max(0.0))
                    .collect(),
            ),
            ser(
                t("housing.roof_short"),
                BAND_WEAK,
                usable
                    .iter()
                    .zip(&required)
                    .map(|(u, q)| (q - u).max(0.0))
                    .collect(),
            ),
        ],
        end_labels: rows
            .iter()
            .map(|r| match r.balance_m2 {
                Some(b) => format!("{} m²", super::format::signed(b, 0)),
                None => String::new(),
            })
            .collect(),
        x_title: t("axis.area_m2"),
        refs: vec![],
        legend: true,
        bold_row: None,
    })
}

/// Waterfall of CO2 steps: the first step as a full bar, each later step as the floating
/// change from the previous level, then the final level as a full bar; `hourly` marks
/// the final level of another accounting (dashed line).
pub fn co2_waterfall_with(
    tr: &I18n,
    lang: Lang,
    steps: &[Co2Step],
    hourly: Option<RefLine>,
) -> String {
    let mut all: Vec<(String, f64)> = steps.iter().map(|s| (s.step.clone(), s.co2_t)).collect();
    if let Some(last) = steps.last() {
        if steps.len() > 1 {
            all.push((tr.get(lang, "housing.co2_step.final"), last.co2_t));
        }
    }
    let n = all.len();
    let mut hidden = vec![0.0; n];
    let mut down = vec![0.0; n];
    let mut up = vec![0.0; n];
    let mut full = vec![0.0; n];
    let mut labels = vec![];
    for (i, (_, co2)) in all.iter().enumerate() {
        if i == 0 || i == n - 1 {
            full[i] = *co2;
            labels.push(format!("{} t", num(*co2, 0)));
        } else {
            let prev = all[i - 1].1;
            hidden[i] = prev.min(*co2);
            if *co2 < prev {
                down[i] = prev - co2;
            } else {
                up[i] = co2 - prev;
            }
            labels.push(format!(
                "{} t ({})",
                num(*co2, 0),
                super::format::signed(co2 - prev, 0)
            ));
        }
    }
    let ser = |label: &str, color: &str, values: Vec<f64>| Series {
        label: label.to_string(),
        color: color.to_string(),
        values,
        dashed: false,
    };
    svg::hbar_chart(&HBarChart {
        label: tr.get(lang, "caption.co2_waterfall"),
        rows: all.iter().map(|(s, _)| s.clone()).collect(),
        series: vec![
            ser(&tr.get(lang, "chart.level"), "#7a828c", full),
            ser("", "none", hidden),
            ser(&tr.get(lang, "chart.reduction"), "#2f855a", down),
            ser(&tr.get(lang, "chart.increase"), BAND_WEAK, up),
        ],
        end_labels: labels,
        x_title: tr.get(lang, "axis.co2_t"),
        refs: hourly.into_iter().collect(),
        legend: false,
        bold_row: Some(n - 1),
    })
}

fn comparison_view(cx: &Ctx) -> ComparisonView {
    let r = cx.report;
    let alts = &r.alternatives;
    let cf = svg::bar_chart(&svg::BarChart {
        label: cx.t("caption.cmp_cf"),
        height: 270.0,
        categories: alts.iter().map(|a| a.id.clone()).collect(),
        series: Carrier::ALL
            .iter()
            .map(|c| Series {
                label: cx.carrier(c.id()),
                color: carrier_color(*c).into(),
                values: alts
                    .iter()
                    .map(|a| a.loads[*c].coincidence_factor * 100.0)
                    .collect(),
                dashed: false,
            })
            .collect(),
        x_title: cx.t("axis.alternative"),
        y_title: cx.t("axis.cf_pct"),
    });
    let base = alts.iter().find(|a| a.id == r.comparison.base);
    let base_main = base.and_then(super::compare::main_system);
    let mut main = vec![];
    for (m, d, axis) in [
        ("heat_price_yen_per_mj", 2, "axis.price"),
        ("energy_efficiency", 3, "axis.efficiency"),
        ("co2_kg_per_m2", 1, "axis.co2_kg_m2"),
    ] {
        let get = |s: &crate::supply::SystemResult| match m {
            "heat_price_yen_per_mj" => s.heat_price_yen_per_mj,
            "energy_efficiency" => Some(s.energy_efficiency),
            _ => Some(s.co2_kg_per_m2),
        };
        let rows: Vec<(&AlternativeResult, f64)> = alts
            .iter()
            .filter_map(|a| Some((a, get(super::compare::main_system(a)?)?)))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let bv = base_main.and_then(get);
        let end_labels = rows
            .iter()
            .map(|(a, v)| match bv {
                Some(b) if a.id != r.comparison.base && b != 0.0 => {
                    format!("{} ({})", num(*v, d), change(v / b - 1.0, 0))
                }
                _ => num(*v, d),
            })
            .collect();
        main.push(MetricChart {
            metric: m.to_string(),
            svg: svg::hbar_chart(&HBarChart {
                label: cx.t(&format!("metric.{m}")),
                rows: rows.iter().map(|(a, _)| a.id.clone()).collect(),
                series: vec![Series {
                    label: cx.t(&format!("metric.{m}")),
                    color: "#1f5f99".into(),
                    values: rows.iter().map(|(_, v)| *v).collect(),
                    dashed: false,
                }],
                end_labels,
                x_title: cx.t(axis),
                refs: vec![],
                legend: false,
                bold_row: rows.iter().position(|(a, _)| a.id == r.comparison.base),
            }),
        });
    }
    ComparisonView {
        cf,
        main,
        housing: housing::comparison(cx),
    }
}
