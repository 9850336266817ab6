//! Page views: everything the templates show that is not a plain field of the Report
//! model — the SVG charts (in the report language), page file names and the normalized
//! housing-cluster data. Built from the Report model only, so charts and tables show the
//! same numbers as `report.json`.

use super::format::{change, num};
use super::svg::{self, HBarChart, Series};
use super::{AlternativeResult, Report};
use crate::carrier::Carrier;
use crate::i18n::{I18n, Lang};
use crate::supply::SystemKind;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

pub mod appendix;
pub mod front;
pub mod housing;
mod loads;
pub mod project;
mod supply;
pub mod unused;
mod viability;

pub use housing::{
    co2_waterfall_with, housing_view_of, per_dwelling_decimals, Co2Step, HousingView, PerDwelling,
    PerDwellingField, RoofRow, PER_DWELLING_FIELDS,
};
pub use supply::{plant_groups, MetricChart, PlantGroup, COST_NOT_STACKED};

use housing::housing_view;
use loads::{design_day_chart, duration_chart, mix_chart, monthly_chart};
pub use loads::{pair_days_chart, PairLabels};
use supply::{cost_stack, sensitivity_chart, supply_bars};
use viability::{density_chart, viability_scatter};

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
/// Colour of a use: its built-in colour, else the `extra_index`-th extra colour.
pub fn use_color(id: &str, extra_index: usize) -> String {
    USE_COLORS
        .iter()
        .find(|(u, _)| *u == id)
        .map_or(EXTRA_COLORS[extra_index % EXTRA_COLORS.len()], |(_, c)| c)
        .to_string()
}

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
    /// Page file name of each alternative, in file order (templates index it by position:
    /// a user id never becomes a template path).
    pub pages: Vec<String>,
    /// Page file name of the base alternative.
    pub base_page: Option<String>,
    /// One view per alternative, in file order.
    pub alternatives: Vec<AltView>,
    /// Charts of the comparison page.
    pub comparison: ComparisonView,
    /// The assumptions appendix in the report language, condensed.
    pub appendix: appendix::AppendixView,
    /// Some alternative has a DHC system (the DHC ratings and price columns apply).
    pub any_dhc: bool,
    /// The case's own texts (names, descriptions) in the report language.
    pub names: Names,
    /// Cover, executive summary and the index's site diagram.
    pub front: front::FrontView,
    /// Every page of the report with its sections, in reading order (the order the writer
    /// renders them; the index's table of contents).
    pub toc: Vec<front::TocPage>,
}

/// The names and descriptions the case file gives (plain or `{ en, ja }`), in the report
/// language.
#[derive(Debug, Clone, Serialize)]
pub struct Names {
    /// Case name (page title).
    pub case: String,
    /// The case name in the other language, when the case gives one that differs.
    pub case_other: Option<String>,
    /// Case description.
    pub description: Option<String>,
    /// Alternative name by id.
    pub alternatives: BTreeMap<String, String>,
    /// Alternative description by id (only those that have one).
    pub descriptions: BTreeMap<String, String>,
    /// System name by alternative id and system id.
    pub systems: BTreeMap<String, BTreeMap<String, String>>,
    /// Alternative short label by id (column heads, chart rows): [`short_label`].
    pub short: BTreeMap<String, String>,
    /// The intensity dataset's name.
    pub dataset: String,
    /// The factor set's name.
    pub factor_set: String,
    /// The publication of the real-district table.
    pub benchmarks_source: String,
    /// The publication of the 27 land-readjustment districts' ratings.
    pub lr_source: String,
}

impl Names {
    /// The names of `report` in `lang`.
    pub fn of(report: &Report, lang: Lang) -> Names {
        let case = report.case.name.text(lang).to_string();
        let other = match lang {
            Lang::En => Lang::Ja,
            Lang::Ja => Lang::En,
        };
        Names {
            case_other: Some(report.case.name.text(other).to_string())
                .filter(|o| *o != case && report.case.name.has(other)),
            case,
            description: report
                .case
                .description
                .as_ref()
                .map(|d| d.text(lang).to_string()),
            alternatives: report
                .alternatives
                .iter()
                .map(|a| (a.id.clone(), a.name.text(lang).to_string()))
                .collect(),
            dataset: appendix::words(I18n::builtin(), lang, &report.case.dataset),
            factor_set: appendix::words(I18n::builtin(), lang, &report.case.factor_set),
            benchmarks_source: cite_text(I18n::builtin(), lang, &report.benchmarks.source),
            lr_source: cite_text(
                I18n::builtin(),
                lang,
                &report.benchmarks.land_readjustment_source,
            ),
            short: report
                .alternatives
                .iter()
                .map(|a| (a.id.clone(), short_label(a.name.text(lang))))
                .collect(),
            descriptions: report
                .alternatives
                .iter()
                .filter_map(|a| {
                    Some((a.id.clone(), a.description.as_ref()?.text(lang).to_string()))
                })
                .collect(),
            systems: report
                .alternatives
                .iter()
                .map(|a| {
                    let names = a
                        .systems
                        .iter()
                        .map(|s| (s.id.clone(), s.name.text(lang)))
                        .collect();
                    (a.id.clone(), names)
                })
                .collect(),
        }
    }
}

/// A chart and the carrier it shows.
#[derive(Debug, Clone, Serialize)]
pub struct CarrierChart {
    /// Carrier id.
    pub carrier: String,
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
    /// Design-day curves of the two largest uses and their sum (the study's pair charts).
    pub pair_days: Option<String>,
    /// Its caption.
    pub pair_days_caption: String,
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
    /// The DHC inside the land-readjustment project (none without a project block).
    pub project: Option<project::ProjectView>,
    /// Heat price against gross FAR from the automatic density sweep (none without one).
    pub density: Option<String>,
    /// The systems' texts in the report language, in the order of the alternative's
    /// `systems`.
    pub systems: Vec<SystemTexts>,
    /// The labels of the viability checks in the report language, in order.
    pub checks: Vec<String>,
    /// Findings in the report language.
    pub findings: Vec<String>,
    /// Parcel names in the report language, in the order of the alternative's listed
    /// parcels (none for an unnamed parcel).
    pub parcels: Vec<Option<String>>,
    /// The sources of the viability checks, cited by publication, in order.
    pub check_sources: Vec<String>,
    /// The alternative has a DHC system (the DHC viability section is shown).
    pub has_dhc: bool,
    /// Each carrier's design day as a date in the report language ("Wed 4 Jan", "1月4日（水）").
    pub design_days: BTreeMap<String, String>,
    /// Site diagram: parcels by use and FAR, the DHC network where there is one.
    pub site: Option<String>,
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

/// Views of the comparison page.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonView {
    /// Coincidence factor per carrier and alternative.
    pub cf: String,
    /// Main-system charts (price, efficiency, CO2 per m²) across alternatives.
    pub main: Vec<MetricChart>,
    /// Solar-cluster systems across alternatives (none without such systems).
    pub housing: Option<housing::ComparisonHousing>,
    /// DHC systems inside the land-readjustment project across alternatives (none
    /// without).
    pub project: Option<housing::Table>,
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
    /// A system's name in the report language (the id if the alternative has no such
    /// system).
    fn sys_name(&self, a: &AlternativeResult, id: &str) -> String {
        a.systems
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.name.text(self.lang))
    }
    /// An alternative's short label (charts, column heads): see [`short_label`].
    fn alt_label(&self, a: &AlternativeResult) -> String {
        short_label(a.name.text(self.lang))
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

/// A data source in `lang` as the publications it cites (with the topics), else the kind
/// of value it is (assumption, model setting, …).
pub fn cite_text(tr: &I18n, lang: Lang, source: &str) -> String {
    let cites: Vec<String> = crate::cite::cites(source)
        .iter()
        .map(|c| c.text(tr, lang))
        .collect();
    if cites.is_empty() {
        tr.get(lang, crate::cite::basis(source).key())
    } else {
        cites.join(lang.list_separator())
    }
}

/// A `MM-DD` day of `year` as a date in the report language (`date.day` in the catalogues,
/// with the weekday's name `date.weekday.<0–6>`, Monday = 0).
fn date_text(cx: &Ctx, year: i32, md: &str) -> String {
    use chrono::Datelike;
    let mut it = md.split('-').filter_map(|x| x.parse::<u32>().ok());
    let (Some(m), Some(d)) = (it.next(), it.next()) else {
        return md.to_string();
    };
    let Some(date) = chrono::NaiveDate::from_ymd_opt(year, m, d) else {
        return md.to_string();
    };
    let wd = date.weekday().num_days_from_monday();
    cx.f(
        "date.day",
        &[
            ("month_name", cx.t(&format!("date.month.m{m}"))),
            ("day", d.to_string()),
            ("weekday", cx.t(&format!("date.weekday.d{wd}"))),
        ],
    )
}

/// The short label of a name: the part before its first colon (`Case 3: Case 2 at double
/// density` → `Case 3`, `A案：…` → `A案`), else the whole name.
pub fn short_label(name: &str) -> String {
    name.split([':', '：'])
        .next()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(name)
        .to_string()
}

/// File name of each alternative page, in file order: `alt-<id>.html` with any character
/// outside `[A-Za-z0-9_-]` replaced, made unique. User ids never reach the file system raw.
pub fn page_names(report: &Report) -> Vec<String> {
    let mut used = BTreeSet::new();
    let mut out = Vec::new();
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
        out.push(name);
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
        .zip(&pages)
        .map(|(a, page)| alt_view(&cx, a, page))
        .collect();
    let base_page = report
        .alternatives
        .iter()
        .position(|a| a.id == report.comparison.base)
        .map(|i| pages[i].clone());
    let mut views = Views {
        pages,
        base_page,
        alternatives,
        comparison: comparison_view(&cx),
        appendix: appendix::appendix(report, lang),
        any_dhc: report.alternatives.iter().any(has_dhc),
        names: Names::of(report, lang),
        front: front::front(&cx),
        toc: vec![],
    };
    views.toc = front::page_list(&cx, &views);
    views
}

/// The alternative has a DHC system (its DHC viability section applies).
fn has_dhc(a: &AlternativeResult) -> bool {
    a.systems
        .iter()
        .any(|s| s.kind == crate::supply::SystemKind::Dhc)
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
        pair_days: pair_days_chart(
            &PairLabels {
                tr: cx.tr,
                lang: cx.lang,
                use_label: &|u| cx.use_label(u),
                color: &|u| cx.color(u),
            },
            &a.pair_days,
        ),
        pair_days_caption: cx.f(
            "caption.pair_days",
            &[(
                "uses",
                a.pair_days
                    .first()
                    .map(|d| {
                        d.uses_kw
                            .keys()
                            .map(|u| cx.use_label(u))
                            .collect::<Vec<_>>()
                            .join(" + ")
                    })
                    .unwrap_or_default(),
            )],
        ),
        supply_bars: supply_bars(cx, a, reference.as_deref()),
        plant_groups: plant_groups(a),
        reference_system: reference,
        cost_stack: cost_stack(cx, a),
        sensitivity: sensitivity_chart(cx, a),
        scatter_price: viability_scatter(cx, a, true),
        scatter_efficiency: viability_scatter(cx, a, false),
        housing: housing_view(cx, a),
        unused: unused::unused_view(cx, a),
        project: project::project_view(cx, a),
        density: density_chart(cx, a),
        systems: a
            .systems
            .iter()
            .map(|s| SystemTexts::of(s, cx.lang))
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
        design_days: Carrier::ALL
            .iter()
            .map(|c| {
                let d = &a.loads[*c].design_day;
                (
                    c.id().to_string(),
                    date_text(cx, cx.report.case.calendar_year, d),
                )
            })
            .collect(),
        has_dhc: has_dhc(a),
        site: front::site(cx, a, true),
        check_sources: a
            .viability
            .checks
            .iter()
            .map(|c| cite_text(cx.tr, cx.lang, &c.source))
            .collect(),
        parcels: a
            .parcels
            .iter()
            .map(|p| Some(p.name.as_ref()?.text(cx.lang).to_string()))
            .collect(),
    }
}

fn comparison_view(cx: &Ctx) -> ComparisonView {
    let r = cx.report;
    let alts = &r.alternatives;
    let cf = svg::bar_chart(&svg::BarChart {
        label: cx.t("caption.cmp_cf"),
        height: 270.0,
        categories: alts.iter().map(|a| cx.alt_label(a)).collect(),
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
        from_zero: false,
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
                rows: rows.iter().map(|(a, _)| cx.alt_label(a)).collect(),
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
        project: project::comparison(cx),
    }
}

/// A table of a report section: `[id, caption key, first column's head key]`, the note, and
/// the columns headed by the catalogue's `<section>.col.<column>` texts.
fn section_table(
    cx: &Ctx,
    section: &str,
    [id, caption, first]: [&str; 3],
    note: String,
    cols: &[&str],
    rows: Vec<housing::Row>,
) -> housing::Table {
    housing::Table {
        id: id.into(),
        caption: cx.t(caption),
        note,
        head: std::iter::once(cx.t(first))
            .chain(cols.iter().map(|c| cx.t(&format!("{section}.col.{c}"))))
            .collect(),
        cols: cols.iter().map(|c| c.to_string()).collect(),
        rows,
        ..housing::Table::default()
    }
}
