//! The Report model (exactly what `report.json` serializes and the HTML templates read),
//! plus the writers. The model assembles what the pipeline computed ([`crate::pipeline`])
//! with the case information, the assumptions appendix and the benchmarks; building it is a
//! pure function of the case and the library.

pub mod assumptions;
pub use crate::pipeline::compare;
pub mod backcast;
pub mod districts;
pub use crate::format;
pub mod html;
pub mod output;
pub mod pdf;
pub mod svg;
pub mod view;
pub mod write;

pub use html::html_files;

use crate::case::{Case, SourceMap};
use crate::error::Result;
use crate::library::Library;
pub use crate::pipeline::{alternative::Sensitivity, AlternativeResult};
pub use assumptions::Assumption;
use serde::Serialize;
use std::collections::BTreeMap;

/// JSON schema id (CONTRACT.md).
pub const SCHEMA: &str = "kukaku.report/1";

/// Case-level information.
#[derive(Debug, Clone, Serialize)]
pub struct CaseInfo {
    /// Case name (`name`, with `name_ja` as its Japanese text when given).
    pub name: crate::i18n::Local,
    /// Japanese name, if the case gives one.
    pub name_ja: Option<String>,
    /// Description.
    pub description: Option<crate::i18n::Local>,
    /// Region id.
    pub region: String,
    /// Region label.
    pub region_label: String,
    /// Region label in Japanese.
    pub region_label_ja: String,
    /// Factor set id.
    pub factor_set: String,
    /// Electricity/gas utility area id.
    pub area: String,
    /// Tariff set id (the case's overrides, if any, are marked in the appendix).
    pub tariff_set: String,
    /// Intensity dataset id.
    pub dataset: String,
    /// Calendar year of the reference year.
    pub calendar_year: i32,
    /// Base alternative for comparisons.
    pub base: String,
    /// Case file as given.
    pub file: String,
}

pub use crate::assess::{Grade, Rating};

/// Labels of a use in both report languages.
#[derive(Debug, Clone, Serialize)]
pub struct UseLabel {
    /// English label.
    pub en: String,
    /// Japanese label.
    pub ja: String,
}

/// A value the case file set in place of a library default.
#[derive(Debug, Clone, Serialize)]
pub struct CaseOverride {
    /// Field path in the case file.
    pub field: String,
    /// Value the case file gave.
    pub value: String,
    /// Library default it replaced.
    pub default: String,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Schema id.
    pub schema: &'static str,
    /// Case info.
    pub case: CaseInfo,
    /// Alternatives in file order.
    pub alternatives: Vec<AlternativeResult>,
    /// Defaults and overrides used.
    pub assumptions: Vec<Assumption>,
    /// Values the case file overrode (field, value, default).
    pub case_overrides: Vec<CaseOverride>,
    /// Labels of every use that appears, by use id.
    pub use_labels: BTreeMap<String, UseLabel>,
    /// Every alternative against the base alternative (`case.base`).
    pub comparison: compare::Comparison,
    /// Real DHC districts and the threshold lines of the viability scatter.
    pub benchmarks: districts::Benchmarks,
    /// The cover: date, version and the assumptions basis of every system.
    pub cover: Cover,
    /// The alternatives ranked on the case's decision criteria, the preferred one with its
    /// reasons and caveats (the executive summary).
    pub decision: crate::pipeline::decision::Decision,
}

/// What the cover states besides the case: the report date, the kukaku version and the
/// assumption set of every system.
#[derive(Debug, Clone, Serialize)]
pub struct Cover {
    /// Report date, `YYYY-MM-DD`: the command line's `--date`, else the case's `date:`;
    /// none without either (never the clock: the same input writes the same report).
    pub date: Option<String>,
    /// kukaku version that wrote the report.
    pub version: &'static str,
    /// The assumption set of each system, by alternative.
    pub systems: Vec<SystemBasis>,
}

/// The assumption set of one system.
#[derive(Debug, Clone, Serialize)]
pub struct SystemBasis {
    /// Alternative id.
    pub alternative: String,
    /// System id.
    pub system: String,
    /// System kind.
    pub kind: crate::supply::SystemKind,
    /// `study` or `realistic` for a DHC system; none for kinds without a basis.
    pub basis: Option<&'static str>,
}

/// The assumption set of every system of the case, in file order.
fn system_bases(p: &crate::pipeline::Prepared) -> Vec<SystemBasis> {
    p.case
        .alternatives
        .iter()
        .flat_map(|a| {
            p.specs(&a.id).iter().map(|s| SystemBasis {
                alternative: a.id.clone(),
                system: s.id().to_string(),
                kind: s.kind(),
                basis: match s {
                    crate::supply::SystemSpec::Dhc(d) => Some(d.basis.id()),
                    _ => None,
                },
            })
        })
        .collect()
}

/// The case's name in both languages: `name`, and `name_ja` (the older form) as its
/// Japanese text where `name` gives none.
fn case_name(case: &Case) -> crate::i18n::Local {
    use crate::i18n::Local;
    match (&case.raw.name, &case.raw.name_ja) {
        (Local::Plain(en), Some(ja)) => Local::ByLang {
            en: Some(en.clone()),
            ja: Some(ja.clone()),
        },
        (Local::ByLang { en, ja: None }, Some(ja)) => Local::ByLang {
            en: en.clone(),
            ja: Some(ja.clone()),
        },
        (n, _) => n.clone(),
    }
}

/// Build the full report model of a case: prepare it, run the pipeline, assemble.
pub fn build(lib: &Library, case: &Case, map: &SourceMap) -> Result<Report> {
    let p = crate::pipeline::prepare(lib, case, map)?;
    let crate::pipeline::CaseResult {
        alternatives,
        comparison,
        decision,
    } = crate::pipeline::run(&p)?;
    let (region_label, region_label_ja) = lib
        .region(&case.region)
        .map(|(_, r)| (r.label_en.clone(), r.label_ja.clone()))
        .unwrap_or_default();
    let mut use_labels = BTreeMap::new();
    for a in &alternatives {
        for u in a
            .floor_by_use_m2
            .keys()
            .chain(a.external_floor_by_use_m2.keys())
        {
            if let Some(m) = p.models.get(u) {
                use_labels.insert(
                    u.clone(),
                    UseLabel {
                        en: m.label_en.clone(),
                        ja: m.label_ja.clone(),
                    },
                );
            }
        }
    }
    let (source, real) = districts::districts().map_err(crate::error::Error::Runtime)?;
    let (lr_source, lr) = districts::lr_ratings().map_err(crate::error::Error::Runtime)?;
    let bands = &lib.supply.viability.bands;
    let benchmarks = districts::Benchmarks {
        source,
        districts: real,
        thresholds: districts::Thresholds {
            gross_far: lib.supply.viability.min_gross_far.value,
            efficiency_good: bands.efficiency_good.value,
            efficiency_standard: bands.efficiency_standard.value,
            price_good_yen_per_mj: bands.price_good.value,
            price_standard_yen_per_mj: bands.price_standard.value,
        },
        land_readjustment_source: lr_source,
        land_readjustment: lr,
    };
    Ok(Report {
        schema: SCHEMA,
        case: CaseInfo {
            name: case_name(case),
            name_ja: Some(case_name(case))
                .filter(|n| n.has(crate::i18n::Lang::Ja))
                .map(|n| n.text(crate::i18n::Lang::Ja).to_string()),
            description: case.raw.description.clone(),
            region: case.region.clone(),
            region_label,
            region_label_ja,
            factor_set: p.factor_set.clone(),
            area: p.area.clone(),
            tariff_set: p.tariff_set.clone(),
            dataset: case.dataset.clone(),
            calendar_year: case.calendar_year,
            base: case.base.clone(),
            file: case.path.clone(),
        },
        alternatives,
        assumptions: assumptions::assumptions(&p),
        case_overrides: case
            .overrides
            .iter()
            .map(|(field, value, default)| CaseOverride {
                field: field.clone(),
                value: value.clone(),
                default: default.clone(),
            })
            .collect(),
        use_labels,
        comparison,
        benchmarks,
        cover: Cover {
            date: p.date.clone(),
            version: env!("CARGO_PKG_VERSION"),
            systems: system_bases(&p),
        },
        decision,
    })
}
