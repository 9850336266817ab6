//! The Report model (exactly what `report.json` serializes and the HTML templates read),
//! plus the writers. Building the model is a pure function of the case and the library.

pub mod html;
pub mod write;

pub use html::html_files;

use crate::calendar::Calendar;
use crate::carrier::Carrier;
use crate::case::{Alternative, Case, Parcel, SourceMap};
use crate::error::Result;
use crate::library::Library;
use crate::load::{self, CarrierMetrics, PairMix, UseModel};
use serde::Serialize;
use std::collections::BTreeMap;

/// JSON schema id (CONTRACT.md).
pub const SCHEMA: &str = "kukaku.report/1";

/// Floor area per use in the pairwise mixing table, m² (DHC handbook convention: per
/// 10,000 m² of each use, loads.md §4).
pub const MIX_UNIT_FLOOR_M2: f64 = 10_000.0;

/// A default or override used in the run, for the assumptions appendix.
#[derive(Debug, Clone, Serialize)]
pub struct Assumption {
    /// Topic (e.g. `intensity`, `region`).
    pub group: String,
    /// What it is.
    pub item: String,
    /// Value as printed.
    pub value: String,
    /// Unit.
    pub unit: String,
    /// Source.
    pub source: String,
    /// True when the case file overrode the library default.
    pub overridden: bool,
}

/// Case-level information.
#[derive(Debug, Clone, Serialize)]
pub struct CaseInfo {
    /// Case name.
    pub name: String,
    /// Japanese name.
    pub name_ja: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Region id.
    pub region: String,
    /// Region label.
    pub region_label: String,
    /// Factor set id.
    pub factor_set: String,
    /// Intensity dataset id.
    pub dataset: String,
    /// Calendar year of the reference year.
    pub calendar_year: i32,
    /// Base alternative for comparisons.
    pub base: String,
    /// Case file as given.
    pub file: String,
}

/// A parcel row of the zoning card.
#[derive(Debug, Clone, Serialize)]
pub struct ParcelRow {
    /// Parcel id.
    pub id: String,
    /// Label.
    pub name: Option<String>,
    /// Site area, m².
    pub site_area_m2: Option<f64>,
    /// Building coverage (fraction).
    pub coverage: Option<f64>,
    /// Designated FAR, %.
    pub far_pct: Option<f64>,
    /// Build-out yield (fraction).
    pub buildout: Option<f64>,
    /// Floor area, m².
    pub floor_m2: f64,
    /// Floor by use, m².
    pub floor_by_use_m2: BTreeMap<String, f64>,
    /// Dwellings.
    pub dwellings: Option<f64>,
}

impl From<&Parcel> for ParcelRow {
    fn from(p: &Parcel) -> ParcelRow {
        ParcelRow {
            id: p.id.clone(),
            name: p.name.clone(),
            site_area_m2: p.site_area_m2,
            coverage: p.coverage,
            far_pct: p.far_pct,
            buildout: p.buildout,
            floor_m2: p.floor_m2(),
            floor_by_use_m2: p.floor_by_use_m2.clone(),
            dwellings: p.dwellings,
        }
    }
}

/// Per-use contribution to one carrier.
#[derive(Debug, Clone, Serialize)]
pub struct UseCarrierLoad {
    /// Annual energy, MWh.
    pub annual_mwh: f64,
    /// Own hourly design-day peak, kW.
    pub design_peak_kw: f64,
    /// Sizing maximum, kW.
    pub sizing_peak_kw: f64,
    /// Own daily load factor on its design day.
    pub daily_load_factor: f64,
    /// Own annual load factor.
    pub annual_load_factor: f64,
    /// The use's load on the district's design day, kW (24 values).
    pub district_design_day_kw: Vec<f64>,
}

pub use crate::assess::{Grade, Rating};

/// Everything reported for one alternative.
#[derive(Debug, Clone, Serialize)]
pub struct AlternativeReport {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// District gross area, m².
    pub district_area_m2: f64,
    /// Supplied floor inside the district, m².
    pub floor_area_m2: f64,
    /// floor_area_m2 / district_area_m2.
    pub gross_far: f64,
    /// Floor by use inside the district, m².
    pub floor_by_use_m2: BTreeMap<String, f64>,
    /// Floor by use of external buildings, m².
    pub external_floor_by_use_m2: BTreeMap<String, f64>,
    /// Dwellings.
    pub dwellings: f64,
    /// Parcels.
    pub parcels: Vec<ParcelRow>,
    /// Load metrics per carrier.
    pub loads: BTreeMap<&'static str, CarrierMetrics>,
    /// Per-use loads per carrier.
    pub loads_by_use: BTreeMap<&'static str, BTreeMap<String, UseCarrierLoad>>,
    /// Pairwise mixing table of the uses present (each at 10,000 m²).
    pub mixing: Vec<PairMix>,
    /// Supply systems evaluated.
    pub systems: Vec<crate::supply::SystemResult>,
    /// Ratings.
    pub rating: Rating,
    /// Plain-language findings.
    pub findings: Vec<String>,
    /// Threshold checks and ratings.
    pub viability: crate::assess::Verdict,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Schema id.
    pub schema: &'static str,
    /// Case info.
    pub case: CaseInfo,
    /// Alternatives in file order.
    pub alternatives: Vec<AlternativeReport>,
    /// Defaults and overrides used.
    pub assumptions: Vec<Assumption>,
}

/// Everything the load stage needs, prepared once per case.
pub struct Prepared<'a> {
    /// Library.
    pub lib: &'a Library,
    /// Case.
    pub case: &'a Case,
    /// Reference calendar.
    pub calendar: Calendar,
    /// Use models.
    pub models: BTreeMap<String, UseModel>,
    /// Supply data.
    pub supply: crate::supply::data::SupplyData,
    /// Factor set id.
    pub factor_set: String,
    /// Parsed system specs per alternative id.
    pub systems: BTreeMap<String, Vec<crate::supply::SystemSpec>>,
}

/// Prepare calendar and use models for a case.
pub fn prepare<'a>(lib: &'a Library, case: &'a Case, map: &SourceMap) -> Result<Prepared<'a>> {
    let calendar = crate::profile::case_calendar(case);
    let models = crate::profile::case_models(lib, case, &calendar, map)?;
    let supply =
        crate::supply::data::SupplyData::builtin().map_err(crate::error::Error::Runtime)?;
    let factor_set = case
        .raw
        .factor_set
        .clone()
        .unwrap_or_else(|| supply.default_factor_set.clone());
    if !supply.factor_sets.contains_key(&factor_set) {
        return Err(map.error(
            "factor_set",
            format!(
                "unknown factor set `{factor_set}`; known: {}",
                supply
                    .factor_sets
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let mut systems = BTreeMap::new();
    for alt in &case.alternatives {
        systems.insert(
            alt.id.clone(),
            crate::supply::spec::parse_systems(&alt.systems, &supply, map)?,
        );
    }
    Ok(Prepared {
        lib,
        case,
        calendar,
        models,
        supply,
        factor_set,
        systems,
    })
}

/// Load section of one alternative.
pub fn alternative_loads(p: &Prepared, alt: &Alternative) -> AlternativeReport {
    let floor = alt.floor_by_use_m2();
    let loads = load::aggregate(&p.models, &floor);
    let metrics = load::load_metrics(&p.calendar, &p.models, &loads);
    let mut by_use: BTreeMap<&'static str, BTreeMap<String, UseCarrierLoad>> = BTreeMap::new();
    for c in Carrier::ALL {
        let m = &metrics[&c];
        let day = p
            .calendar
            .days
            .iter()
            .position(|d| format!("{:02}-{:02}", d.month, d.day_of_month) == m.design_day)
            .unwrap_or(0);
        let mut per = BTreeMap::new();
        for (u, &f) in &floor {
            let Some(um) = p.models.get(u) else { continue };
            let s = &um.unit_kw_per_m2[c.index()];
            let d = load::design_day(&p.calendar, s, c.design_month());
            per.insert(
                u.clone(),
                UseCarrierLoad {
                    annual_mwh: f * um.annual_kwh_per_m2[c.index()] / 1000.0,
                    design_peak_kw: f * um.design_peak_w_per_m2[c.index()] / 1000.0,
                    sizing_peak_kw: f * um.sizing_w_per_m2[c.index()] / 1000.0,
                    daily_load_factor: load::daily_load_factor(s, d),
                    annual_load_factor: load::annual_load_factor(s),
                    district_design_day_kw: load::day_slice(s, day).iter().map(|v| v * f).collect(),
                },
            );
        }
        by_use.insert(c.id(), per);
    }
    let uses: Vec<String> = floor.keys().cloned().collect();
    let mixing = load::mixing_matrix(&p.calendar, &p.models, &uses, MIX_UNIT_FLOOR_M2);
    let gross_far = alt.gross_far();
    let external = alt.external_floor_by_use_m2();
    let input = crate::supply::SupplyInput {
        calendar: &p.calendar,
        models: &p.models,
        floor_by_use_m2: &floor,
        external_floor_by_use_m2: &external,
        district_area_m2: alt.district_area_m2,
        parcels: alt.parcels.len(),
        dwellings: alt.dwellings(),
        data: &p.supply,
        factors: &p.supply.factor_sets[&p.factor_set],
    };
    let systems: Vec<crate::supply::SystemResult> = p
        .systems
        .get(&alt.id)
        .map(|v| {
            v.iter()
                .map(|s| crate::supply::evaluate::evaluate(&input, s))
                .collect()
        })
        .unwrap_or_default();
    let verdict = crate::assess::assess(
        &p.supply,
        alt.district_area_m2,
        alt.floor_m2(),
        gross_far,
        &systems,
    );
    AlternativeReport {
        id: alt.id.clone(),
        name: alt.name.clone(),
        description: alt.description.clone(),
        district_area_m2: alt.district_area_m2,
        floor_area_m2: alt.floor_m2(),
        gross_far,
        floor_by_use_m2: floor,
        external_floor_by_use_m2: external.clone(),
        dwellings: alt.dwellings(),
        parcels: alt.parcels.iter().map(ParcelRow::from).collect(),
        loads: metrics.into_iter().map(|(c, m)| (c.id(), m)).collect(),
        loads_by_use: by_use,
        mixing,
        systems,
        rating: verdict.rating.clone(),
        findings: verdict.findings.clone(),
        viability: verdict,
    }
}

/// Assumptions of the load stage: dataset rows, regional coefficients, floor rule.
pub fn load_assumptions(p: &Prepared) -> Vec<Assumption> {
    let mut out = vec![];
    let lib = p.lib;
    let case = p.case;
    let used: std::collections::BTreeSet<String> = case
        .alternatives
        .iter()
        .flat_map(|a| {
            a.floor_by_use_m2()
                .into_keys()
                .chain(a.external_floor_by_use_m2().into_keys())
        })
        .collect();
    for u in &used {
        let Some(m) = p.models.get(u) else { continue };
        for c in Carrier::ALL {
            out.push(Assumption {
                group: "intensity".into(),
                item: format!("{} — {} annual energy", m.label_en, c.label_en()),
                value: format!("{:.1}", m.annual_kwh_per_m2[c.index()]),
                unit: "kWh/m²·yr".into(),
                source: m.source.clone(),
                overridden: case.raw.uses.contains_key(u),
            });
            out.push(Assumption {
                group: "intensity".into(),
                item: format!("{} — {} sizing maximum", m.label_en, c.label_en()),
                value: format!("{:.1}", m.sizing_w_per_m2[c.index()]),
                unit: "W/m²".into(),
                source: m.source.clone(),
                overridden: case.raw.uses.contains_key(u),
            });
        }
    }
    if let Some((id, r)) = lib.region(&case.region) {
        for (item, v) in [
            ("peak cooling", r.peak_cooling),
            ("peak heating", r.peak_heating),
            ("annual cooling", r.annual_cooling),
            ("annual heating", r.annual_heating),
        ] {
            out.push(Assumption {
                group: "region".into(),
                item: format!("{} ({id}) — {item} coefficient", r.label_en),
                value: format!("{v}"),
                unit: "×".into(),
                source: r.source.clone(),
                overridden: case.raw.region.is_some(),
            });
        }
    }
    let cov = case.raw.district.coverage;
    let bo = case.raw.district.buildout;
    out.push(Assumption {
        group: "floor rule".into(),
        item: "building coverage of the usable site".into(),
        value: format!("{}", cov.unwrap_or(lib.floor_rule.coverage.value)),
        unit: "fraction".into(),
        source: lib.floor_rule.coverage.source.clone(),
        overridden: cov.is_some(),
    });
    out.push(Assumption {
        group: "floor rule".into(),
        item: "build-out yield (share of designated FAR taken up)".into(),
        value: format!("{}", bo.unwrap_or(lib.floor_rule.buildout.value)),
        unit: "fraction".into(),
        source: lib.floor_rule.buildout.source.clone(),
        overridden: bo.is_some(),
    });
    out.push(Assumption {
        group: "calendar".into(),
        item: "reference year (day types, Japanese holidays; 29 Dec – 3 Jan as holidays)".into(),
        value: format!(
            "{}{}",
            case.calendar_year,
            if case.year_end_break {
                ""
            } else {
                " (no year-end break)"
            }
        ),
        unit: "".into(),
        source: "Act on National Holidays; loads.md §6 (Japanese working pattern)".into(),
        overridden: case.raw.calendar.is_some(),
    });
    let ds = &lib.datasets[&case.dataset];
    out.push(Assumption {
        group: "intensity".into(),
        item: format!("dataset `{}`", case.dataset),
        value: ds.title.clone(),
        unit: "".into(),
        source: ds.source.clone(),
        overridden: case.raw.dataset.is_some(),
    });
    out
}

/// Build the full report model of a case.
pub fn build(lib: &Library, case: &Case, map: &SourceMap) -> Result<Report> {
    let p = prepare(lib, case, map)?;
    let alternatives = case
        .alternatives
        .iter()
        .map(|a| alternative_loads(&p, a))
        .collect();
    let region_label = lib
        .region(&case.region)
        .map(|(_, r)| r.label_en.clone())
        .unwrap_or_default();
    Ok(Report {
        schema: SCHEMA,
        case: CaseInfo {
            name: case.raw.name.clone(),
            name_ja: case.raw.name_ja.clone(),
            description: case.raw.description.clone(),
            region: case.region.clone(),
            region_label,
            factor_set: case
                .raw
                .factor_set
                .clone()
                .unwrap_or_else(|| "district_a".to_string()),
            dataset: case.dataset.clone(),
            calendar_year: case.calendar_year,
            base: case.base.clone(),
            file: case.path.clone(),
        },
        alternatives,
        assumptions: load_assumptions(&p),
    })
}
