//! Front matter of the index page: the cover (case, date, version, assumption sets), the
//! executive summary (the model's decision rendered: ranking table, the preferred
//! alternative's reasons, trade-offs and caveats), the report-wide table of contents, and
//! the site diagram of an alternative. The page list here ([`page_list`]) is the one
//! [`crate::report::html::html_files`] renders, in the same order.

use super::{has_dhc, Ctx, Views};
use crate::assess::Grade;
use crate::pipeline::decision::{Criterion, Margin};
use crate::report::format::{change, num, pct, signed};
use crate::report::svg::{self, LegendItem, SiteDiagram, SiteNetwork, SiteParcel, Swatch};
use crate::report::AlternativeResult;
use serde::Serialize;

/// What a page of the report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "index")]
pub enum PageKind {
    /// index.html: cover, executive summary, contents, alternatives.
    Index,
    /// The page of the alternative at this position.
    Alternative(usize),
    /// comparison.html.
    Comparison,
    /// appendix.html.
    Appendix,
}

/// A page of the report with its sections, in reading order.
#[derive(Debug, Clone, Serialize)]
pub struct TocPage {
    /// File name.
    pub file: String,
    /// What it is.
    pub kind: PageKind,
    /// Title in the report language.
    pub title: String,
    /// Its sections (anchor, title), in order.
    pub sections: Vec<TocEntry>,
}

/// A section of a page.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// Element id on the page.
    pub anchor: String,
    /// Title.
    pub title: String,
}

/// The cover in the report language.
#[derive(Debug, Clone, Serialize)]
pub struct CoverView {
    /// The report date, or the note that none was given.
    pub date: String,
    /// A date was given.
    pub dated: bool,
    /// kukaku version.
    pub version: String,
    /// Electricity/gas utility area.
    pub area: String,
    /// Tariff set.
    pub tariff_set: String,
    /// The systems of each alternative with their assumption sets.
    pub bases: Vec<BasisRow>,
}

/// The systems of one alternative with their assumption sets.
#[derive(Debug, Clone, Serialize)]
pub struct BasisRow {
    /// Alternative id.
    pub alternative: String,
    /// "name (basis)" of each system.
    pub systems: Vec<String>,
}

/// A cell of the ranking table.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Value as printed.
    pub text: String,
    /// Best on this criterion.
    pub best: bool,
}

/// A row of the ranking table.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryRow {
    /// Alternative id.
    pub alternative: String,
    /// Overall rank.
    pub rank: usize,
    /// Overall score as printed (0–100).
    pub score: String,
    /// One cell per criterion.
    pub cells: Vec<Cell>,
}

/// The executive summary in the report language.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    /// Column heads (criterion, unit, direction).
    pub head: Vec<String>,
    /// Weight of each criterion as printed.
    pub weights: Vec<String>,
    /// Rows by rank.
    pub rows: Vec<SummaryRow>,
    /// The preferred alternative's id.
    pub preferred: Option<String>,
    /// The sentence naming it.
    pub headline: String,
    /// Criteria where it wins, by how much.
    pub reasons: Vec<String>,
    /// Criteria where another alternative does better.
    pub trade_offs: Vec<String>,
    /// Caveats.
    pub caveats: Vec<String>,
    /// How the criteria were chosen and scored.
    pub method: String,
}

/// Everything the front matter shows.
#[derive(Debug, Clone, Serialize)]
pub struct FrontView {
    /// Cover.
    pub cover: CoverView,
    /// Executive summary.
    pub summary: SummaryView,
    /// Site diagram of the preferred alternative (small, on the index).
    pub site: Option<String>,
}

/// A criterion value as printed.
fn value_text(cx: &Ctx, c: Criterion, v: f64) -> String {
    match c {
        Criterion::Price => num(v, 2),
        Criterion::Co2 => num(v, 1),
        Criterion::Efficiency => num(v, 3),
        Criterion::Viability => pct(v, 0),
        Criterion::HeatSupplyAct => cx.t(if v > 0.0 {
            "decision.act.applies"
        } else {
            "decision.act.not"
        }),
        Criterion::ClusterCost => num(v / 10_000.0, 0),
        Criterion::RoofBalance => num(v, 0),
    }
}

/// The unit printed after a criterion's values (none for ratios, ratings and the Act).
fn unit_text(cx: &Ctx, c: Criterion) -> String {
    match c {
        Criterion::Efficiency | Criterion::Viability | Criterion::HeatSupplyAct => String::new(),
        _ => cx.t(&format!("decision.unit.{}", c.id())),
    }
}

/// A difference of criterion values as printed (signed, in the criterion's unit).
fn difference_text(c: Criterion, d: f64) -> String {
    match c {
        Criterion::Price => signed(d, 2),
        Criterion::Co2 => signed(d, 1),
        Criterion::Efficiency => signed(d, 3),
        Criterion::Viability | Criterion::HeatSupplyAct => String::new(),
        Criterion::ClusterCost => signed(d / 10_000.0, 0),
        Criterion::RoofBalance => signed(d, 0),
    }
}

/// The ○/△/● ratings of an alternative, as printed in the viability column.
fn badges(a: &AlternativeResult) -> String {
    [a.rating.density, a.rating.efficiency, a.rating.price]
        .iter()
        .map(|g| match g {
            Some(Grade::Good) => "○",
            Some(Grade::Standard) => "△",
            Some(Grade::Weak) => "●",
            None => "–",
        })
        .collect()
}

fn margin_text(cx: &Ctx, key: &str, m: &Margin) -> String {
    let c = m.criterion;
    let other = cx
        .report
        .alternatives
        .iter()
        .find(|a| a.id == m.other)
        .map_or_else(|| m.other.clone(), |a| a.name.text(cx.lang).to_string());
    let unit = unit_text(cx, c);
    // Ratings and the Act's registration read as values; the others with the difference.
    let diff = if matches!(c, Criterion::Viability | Criterion::HeatSupplyAct) {
        String::new()
    } else {
        cx.f(
            "decision.diff",
            &[
                ("difference", difference_text(c, m.difference)),
                ("unit", unit.clone()),
                (
                    "change",
                    m.change.map_or_else(String::new, |x| {
                        format!("{}{}", cx.t("decision.sep"), change(x, 0))
                    }),
                ),
            ],
        )
    };
    cx.f(
        key,
        &[
            ("criterion", cx.t(&format!("decision.name.{}", c.id()))),
            ("value", value_text(cx, c, m.value)),
            ("other_value", value_text(cx, c, m.other_value)),
            ("unit", unit),
            ("other", other),
            ("diff", diff),
        ],
    )
}

/// The margins that show as a difference once printed (a gap below the printed precision
/// is no reason and no trade-off).
fn margins(cx: &Ctx, list: &[Margin], key: &str) -> Vec<String> {
    list.iter()
        .filter(|m| {
            value_text(cx, m.criterion, m.value) != value_text(cx, m.criterion, m.other_value)
        })
        .map(|m| margin_text(cx, key, m))
        .collect()
}

/// The executive summary of the report's decision.
fn summary(cx: &Ctx) -> SummaryView {
    let d = &cx.report.decision;
    let head = d
        .criteria
        .iter()
        .map(|u| {
            cx.f(
                "decision.head",
                &[
                    (
                        "criterion",
                        cx.t(&format!("decision.criterion.{}", u.criterion.id())),
                    ),
                    (
                        "dir",
                        cx.t(if u.lower_is_better {
                            "decision.lower"
                        } else {
                            "decision.higher"
                        }),
                    ),
                ],
            )
        })
        .collect();
    let weights = d
        .criteria
        .iter()
        .map(|u| {
            if u.scores {
                pct(u.weight_share, 0)
            } else {
                cx.t("decision.not_scored")
            }
        })
        .collect();
    // Criteria on which the alternatives differ as printed.
    let spread: Vec<bool> = d
        .criteria
        .iter()
        .enumerate()
        .map(|(k, u)| {
            let printed: std::collections::BTreeSet<String> = d
                .ranking
                .iter()
                .filter_map(|r| r.values[k].map(|v| value_text(cx, u.criterion, v)))
                .collect();
            printed.len() > 1
        })
        .collect();
    let rows = d
        .ranking
        .iter()
        .filter_map(|r| {
            let a = cx
                .report
                .alternatives
                .iter()
                .find(|a| a.id == r.alternative)?;
            let cells = d
                .criteria
                .iter()
                .zip(r.values.iter().zip(&r.ranks))
                .enumerate()
                .map(|(k, (u, (v, rank)))| Cell {
                    text: match (u.criterion, v) {
                        (Criterion::Viability, Some(_)) => badges(a),
                        (c, Some(v)) => value_text(cx, c, *v),
                        (_, None) => crate::report::format::MISSING.to_string(),
                    },
                    // Best only where some alternative is worse.
                    best: *rank == Some(1) && u.scores && spread[k],
                })
                .collect();
            Some(SummaryRow {
                alternative: r.alternative.clone(),
                rank: r.rank,
                score: num(r.score * 100.0, 0),
                cells,
            })
        })
        .collect();
    let name = |id: &str| {
        cx.report
            .alternatives
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.name.text(cx.lang).to_string())
    };
    let headline = match (&d.preferred, d.ranking.len()) {
        (Some(p), 1) => cx.f("decision.single", &[("name", name(p))]),
        (Some(p), n) => cx.f(
            "decision.preferred",
            &[
                ("name", name(p)),
                ("score", num(d.ranking[0].score * 100.0, 0)),
                ("n", n.to_string()),
                (
                    "next",
                    d.ranking
                        .get(1)
                        .map_or_else(String::new, |r| name(&r.alternative)),
                ),
                (
                    "next_score",
                    d.ranking
                        .get(1)
                        .map_or_else(String::new, |r| num(r.score * 100.0, 0)),
                ),
            ],
        ),
        (None, _) => cx.t("decision.none"),
    };
    SummaryView {
        head,
        weights,
        rows,
        preferred: d.preferred.clone(),
        headline,
        reasons: margins(cx, &d.reasons, "decision.reason"),
        trade_offs: margins(cx, &d.trade_offs, "decision.trade_off"),
        caveats: d.caveats.iter().map(|t| t.text(cx.lang)).collect(),
        method: cx.t(&format!("decision.method.{}", d.method)),
    }
}

/// A `YYYY-MM-DD` date in the report language.
fn date_text(cx: &Ctx, d: &str) -> String {
    use chrono::Datelike;
    match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
        Ok(date) => cx.f(
            "cover.date_format",
            &[
                ("year", date.year().to_string()),
                ("month_name", cx.t(&format!("date.month.m{}", date.month()))),
                ("day", date.day().to_string()),
            ],
        ),
        Err(_) => d.to_string(),
    }
}

fn cover(cx: &Ctx) -> CoverView {
    let r = cx.report;
    let tr = cx.tr;
    let bases = r
        .alternatives
        .iter()
        .map(|a| BasisRow {
            alternative: a.id.clone(),
            systems: r
                .cover
                .systems
                .iter()
                .filter(|s| s.alternative == a.id)
                .map(|s| {
                    let basis = cx.t(&format!("cover.basis.{}", s.basis.unwrap_or(s.kind.id())));
                    cx.f(
                        "cover.system",
                        &[("name", cx.sys_name(a, &s.system)), ("basis", basis)],
                    )
                })
                .collect(),
        })
        .collect();
    CoverView {
        dated: r.cover.date.is_some(),
        date: r
            .cover
            .date
            .as_deref()
            .map_or_else(|| cx.t("cover.no_date"), |d| date_text(cx, d)),
        version: r.cover.version.to_string(),
        area: super::appendix::words(tr, cx.lang, &r.case.area),
        tariff_set: super::appendix::words(tr, cx.lang, &r.case.tariff_set),
        bases,
    }
}

/// The front matter of the index.
pub(super) fn front(cx: &Ctx) -> FrontView {
    let r = cx.report;
    let shown = r
        .decision
        .preferred
        .as_ref()
        .and_then(|p| r.alternatives.iter().find(|a| &a.id == p))
        .or(r.alternatives.first());
    FrontView {
        cover: cover(cx),
        summary: summary(cx),
        site: shown.and_then(|a| site(cx, a, false)),
    }
}

/// The pages of the report in reading order, with their sections: index, one page per
/// alternative, comparison, appendix. The writer renders exactly these pages, in this order.
pub(super) fn page_list(cx: &Ctx, v: &Views) -> Vec<TocPage> {
    let r = cx.report;
    let entry = |anchor: &str, key: &str| TocEntry {
        anchor: anchor.into(),
        title: cx.t(key),
    };
    let mut index = vec![
        entry("summary", "decision.title"),
        entry("contents", "nav.contents"),
        entry("alternatives", "index.alternatives"),
    ];
    if r.alternatives.iter().any(|a| a.roof.is_some()) {
        index.push(entry("housing-summary", "index.housing"));
    }
    if v.any_dhc {
        index.push(entry("headlines", "index.headlines"));
    }
    index.push(entry("files", "index.files"));
    let mut pages = vec![TocPage {
        file: "index.html".into(),
        kind: PageKind::Index,
        title: cx.t("nav.index"),
        sections: index,
    }];
    for (i, (a, av)) in r.alternatives.iter().zip(&v.alternatives).enumerate() {
        let mut s = vec![
            entry("zoning", "section.zoning"),
            entry("loads", "section.loads"),
            entry("mixing", "section.mixing"),
        ];
        let optional = [
            (!a.systems.is_empty(), "supply"),
            (av.unused.is_some(), "unused"),
            (av.project.is_some(), "project"),
            (av.has_dhc, "viability"),
            (av.housing.present, "housing"),
        ];
        for (on, id) in optional {
            if on {
                s.push(entry(id, &format!("section.{id}")));
            }
        }
        s.push(entry("findings", "section.findings"));
        pages.push(TocPage {
            file: av.page.clone(),
            kind: PageKind::Alternative(i),
            title: a.name.text(cx.lang).to_string(),
            sections: s,
        });
    }
    let mut cmp = vec![
        entry("cmp-phrases", "cmp.summary"),
        entry("cmp-table", "cmp.side_by_side"),
    ];
    if v.comparison.project.is_some() {
        cmp.push(entry("cmp-project", "cmp.project"));
    }
    if v.comparison.housing.is_some() {
        cmp.push(entry("cmp-housing", "housing.cmp.h"));
    }
    cmp.push(entry("cmp-charts", "cmp.charts"));
    pages.push(TocPage {
        file: "comparison.html".into(),
        kind: PageKind::Comparison,
        title: cx.t("nav.comparison"),
        sections: cmp,
    });
    pages.push(TocPage {
        file: "appendix.html".into(),
        kind: PageKind::Appendix,
        title: cx.t("section.assumptions"),
        sections: vec![
            entry("assumptions", "section.assumptions"),
            entry("references", "assumptions.references"),
        ],
    });
    pages
}

/// The site diagram of an alternative: its listed parcels by use (colour stripes) and
/// designated FAR (shade, relative to the densest parcel), with the DHC plant on the parcel
/// with the most floor and a trunk to every parcel when the alternative has a DHC system.
/// `labels`: parcel names and FAR on the blocks (the alternative page) or the legend only
/// (the index). None without parcels.
pub(super) fn site(cx: &Ctx, a: &AlternativeResult, labels: bool) -> Option<String> {
    if a.parcels.is_empty() {
        return None;
    }
    // Designated FAR where given, else the parcel's own floor ÷ site.
    let far = |p: &crate::pipeline::alternative::ParcelRow| {
        p.far_pct
            .map(|f| f / 100.0)
            .or_else(|| p.site_area_m2.filter(|s| *s > 0.0).map(|s| p.floor_m2 / s))
    };
    let max_far = a.parcels.iter().filter_map(far).fold(0.0f64, f64::max);
    let names: Vec<Option<String>> = a
        .parcels
        .iter()
        .map(|p| Some(p.name.as_ref()?.text(cx.lang).to_string()))
        .collect();
    let parcels: Vec<SiteParcel> = a
        .parcels
        .iter()
        .zip(&names)
        .map(|(p, n)| {
            let label = n.clone().unwrap_or_else(|| p.id.clone());
            let f = far(p);
            let detail = f.map_or_else(String::new, |f| {
                cx.f("site.far", &[("far", num(f * 100.0, 0))])
            });
            let uses = p
                .floor_by_use_m2
                .iter()
                .map(|(u, f)| format!("{} {} m²", cx.use_label(u), num(*f, 0)))
                .collect::<Vec<_>>()
                .join(", ");
            SiteParcel {
                title: [label.as_str(), detail.as_str(), uses.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" · "),
                label,
                detail,
                uses: p
                    .floor_by_use_m2
                    .iter()
                    .map(|(u, f)| (cx.color(u), *f))
                    .collect(),
                shade: match (f, max_far > 0.0) {
                    (Some(f), true) => f / max_far,
                    _ => 0.5,
                },
                area_m2: p.site_area_m2.unwrap_or(p.floor_m2),
                xy_m: p.x_m.zip(p.y_m).map(|(x, y)| [x, y]),
            }
        })
        .collect();
    let mut uses: Vec<&str> = a
        .parcels
        .iter()
        .flat_map(|p| p.floor_by_use_m2.keys().map(String::as_str))
        .collect();
    uses.sort_unstable();
    uses.dedup();
    let legend = uses
        .iter()
        .map(|u| LegendItem {
            label: cx.use_label(u),
            color: cx.color(u),
            swatch: Swatch::Box,
        })
        .collect();
    let network = has_dhc(a).then(|| SiteNetwork {
        plant: a.parcels.iter().enumerate().fold(0, |best, (i, p)| {
            if p.floor_m2 > a.parcels[best].floor_m2 {
                i
            } else {
                best
            }
        }),
        plant_label: cx.t("site.plant"),
        trunk_label: cx.t("site.trunk"),
    });
    Some(svg::site_diagram(&SiteDiagram {
        label: cx.f("site.label", &[("name", a.name.text(cx.lang).to_string())]),
        parcels,
        legend,
        network,
        plan_height: if labels { 190.0 } else { 170.0 },
        labels,
    }))
}
