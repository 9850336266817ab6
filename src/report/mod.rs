//! The Report model (exactly what `report.json` serializes and the HTML templates read),
//! plus the writers. Building the model is a pure function of the case and the library.

pub mod compare;
pub mod districts;
pub use crate::format;
pub mod html;
pub mod svg;
pub mod view;
pub mod write;

pub use html::html_files;

use crate::assess::Finding;
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
    /// Region label in Japanese.
    pub region_label_ja: String,
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
    /// The use's energy per month, MWh (12 values, January first).
    pub monthly_mwh: Vec<f64>,
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
    /// Automatic density sweep of this use mix (gross FAR 30 % to 400 %, or twice the plan's
    /// density if higher) with its break-even points, when the alternative compares building
    /// plants with DHC.
    pub density_sweep: Option<crate::sweep::Sweep>,
    /// Roof-area balance by building group of the first `solar_cluster` system
    /// (CONTRACT.md), null without one.
    pub roof: Option<crate::supply::cluster::RoofBalance>,
    /// CO2 waterfall BAU → demand reduction → PV → solar thermal of the first
    /// `solar_cluster` system (CONTRACT.md; the study's annual accounting), null without one.
    pub co2_steps: Option<Vec<crate::supply::cluster::Co2Step>>,
    /// Heat-price sensitivity: each DHC scenario against the rated DHC system.
    pub sensitivity: Vec<Sensitivity>,
    /// Unused-energy options side by side: the plant without sources, the simple
    /// "x % of plant energy" assumption and each source option (none without sources).
    pub unused_energy: Option<crate::supply::unused::UnusedComparison>,
}

/// One DHC scenario (unused energy, build-up, subsidy, other plant) against the
/// alternative's rated DHC system (`viability.price_system`).
#[derive(Debug, Clone, Serialize)]
pub struct Sensitivity {
    /// Scenario system id.
    pub system: String,
    /// Lever: `unused_energy`, `buildup`, `subsidy_pipes`, `subsidy_tunnel` or `plant`
    /// (another plant configuration).
    pub lever: String,
    /// Id of the system it is compared with.
    pub base_system: String,
    /// Heat price of the base system, ¥/MJ.
    pub base_price_yen_per_mj: Option<f64>,
    /// Heat price of the scenario, ¥/MJ.
    pub price_yen_per_mj: Option<f64>,
    /// Relative change of the heat price (fraction, −0.14 = −14 %).
    pub price_change: Option<f64>,
    /// Energy efficiency of the base system.
    pub base_energy_efficiency: f64,
    /// Energy efficiency of the scenario.
    pub energy_efficiency: f64,
    /// CO2 of the base system, t/yr.
    pub base_co2_t: f64,
    /// CO2 of the scenario, t/yr.
    pub co2_t: f64,
}

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
    pub alternatives: Vec<AlternativeReport>,
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
    /// Building-plant balances per m² (filled on first use).
    pub unit_cache: crate::supply::UnitCache,
    /// Unused-energy defaults (waste_heat.yaml).
    pub waste_heat: std::rc::Rc<crate::supply::unused::data::WasteHeatData>,
    /// The case's unused-energy sources by id.
    pub sources: BTreeMap<String, std::rc::Rc<crate::supply::unused::Source>>,
}

impl Prepared<'_> {
    /// The supply stage's input for an alternative's floor inside and outside the district.
    pub fn supply_input<'b>(
        &'b self,
        alt: &Alternative,
        floor: &'b BTreeMap<String, f64>,
        external: &'b BTreeMap<String, f64>,
    ) -> crate::supply::SupplyInput<'b> {
        crate::supply::SupplyInput {
            calendar: &self.calendar,
            models: &self.models,
            floor_by_use_m2: floor,
            external_floor_by_use_m2: external,
            district_area_m2: alt.district_area_m2,
            buildings: crate::supply::network::buildings_of_parcels(
                &alt.parcels,
                &self.supply.network,
            ),
            dwellings_by_use: alt.dwellings_by_use(),
            data: &self.supply,
            factors: &self.supply.factor_sets[&self.factor_set],
            unit_cache: &self.unit_cache,
        }
    }
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
    let waste_heat = std::rc::Rc::new(
        crate::supply::unused::data::WasteHeatData::builtin()
            .map_err(crate::error::Error::Runtime)?,
    );
    let sources = crate::supply::unused::parse_sources(
        &case.raw.sources,
        &waste_heat,
        &supply,
        &calendar,
        &case.dir,
        map,
    )?;
    let mut systems = BTreeMap::new();
    for alt in &case.alternatives {
        let mut specs = crate::supply::spec::parse_systems(&alt.systems, &supply, map)?;
        for (spec, (path, _)) in specs.iter_mut().zip(&alt.systems) {
            if let Some(cs) = spec.cluster.as_mut() {
                resolve_weather(case, map, &format!("{path}.cluster"), cs)?;
            }
        }
        let paths: Vec<String> = alt.systems.iter().map(|(p, _)| p.clone()).collect();
        crate::supply::unused::attach(&mut specs, &paths, &sources, alt, map)?;
        systems.insert(alt.id.clone(), specs);
    }
    Ok(Prepared {
        lib,
        case,
        calendar,
        models,
        supply,
        factor_set,
        systems,
        unit_cache: Default::default(),
        waste_heat,
        sources,
    })
}

/// Read the hourly weather file of a solar-cluster spec (relative to the case file).
fn resolve_weather(
    case: &Case,
    map: &SourceMap,
    path: &str,
    cs: &mut crate::supply::cluster::ClusterSpec,
) -> Result<()> {
    let d = crate::supply::cluster::housing_data().map_err(crate::error::Error::Runtime)?;
    let (field, file) = match (&cs.weather_epw, &cs.weather_csv) {
        (Some(f), _) => ("weather_epw", f.clone()),
        (None, Some(f)) => ("weather_csv", f.clone()),
        (None, None) => return Ok(()),
    };
    let full = case.dir.join(&file);
    let name = full.display().to_string();
    let text = std::fs::read_to_string(&full).map_err(|e| {
        map.error(
            &format!("{path}.{field}"),
            format!("cannot read {name}: {e}"),
        )
    })?;
    let loc = &d.locations[cs.location.as_deref().unwrap_or("fukuoka")];
    let w = if field == "weather_epw" {
        crate::solar::parse_epw(&name, &text)?
    } else {
        crate::solar::parse_weather_csv(
            &name,
            &text,
            cs.latitude.unwrap_or(loc.latitude),
            cs.longitude.unwrap_or(loc.longitude),
            &loc.temp_c,
        )?
    };
    cs.weather = Some(std::sync::Arc::new(w));
    Ok(())
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
                    monthly_mwh: load::monthly_sums(&p.calendar, s)
                        .iter()
                        .map(|v| v * f / 1000.0)
                        .collect(),
                },
            );
        }
        by_use.insert(c.id(), per);
    }
    let uses: Vec<String> = floor.keys().cloned().collect();
    let mixing = load::mixing_matrix(&p.calendar, &p.models, &uses, MIX_UNIT_FLOOR_M2);
    let gross_far = alt.gross_far();
    let external = alt.external_floor_by_use_m2();
    let input = p.supply_input(alt, &floor, &external);
    let systems: Vec<crate::supply::SystemResult> = p
        .systems
        .get(&alt.id)
        .map(|v| crate::supply::evaluate::evaluate_all(&input, v))
        .unwrap_or_default();
    let verdict = crate::assess::assess(
        &p.supply,
        alt.district_area_m2,
        alt.floor_m2(),
        gross_far,
        p.systems.get(&alt.id).map_or(&[][..], |v| &v[..]),
        &systems,
    );
    let first_cluster = systems.iter().find_map(|s| s.cluster.as_ref());
    let roof = first_cluster.map(|c| c.roof.clone());
    let co2_steps = first_cluster.map(|c| c.co2_steps.clone());
    let sensitivity = p
        .systems
        .get(&alt.id)
        .map(|specs| sensitivity(specs, &systems, verdict.price_system.as_deref()))
        .unwrap_or_default();
    let unused_energy = crate::supply::unused::scheme::comparison(&systems);
    AlternativeReport {
        roof,
        co2_steps,
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
        sensitivity,
        density_sweep: None,
        unused_energy,
    }
}

/// Gross FAR steps of the automatic density sweep, % (supply.yaml `viability.density_sweep`):
/// from `from_pct` in `step_pct` steps up to `min_to_pct` or `plan_multiple` × the plan's
/// gross FAR, whichever is higher.
pub fn density_sweep_steps(gross_far: f64, d: &crate::supply::data::DensitySweep) -> Vec<f64> {
    let (from, step) = (d.from_pct.value, d.step_pct.value);
    let top = (gross_far * 100.0 * d.plan_multiple.value)
        .clamp(d.min_to_pct.value, crate::case::MAX_FAR_PCT);
    let n = ((top - from) / step).floor() as usize;
    (0..=n).map(|i| from + step * i as f64).collect()
}

/// Run the automatic density sweep of an alternative that has both building plants and DHC,
/// and add its break-even findings.
fn add_density_sweep(p: &Prepared, a: &mut AlternativeReport) -> Result<()> {
    use crate::supply::SystemKind;
    let has = |k: SystemKind| a.systems.iter().any(|s| s.kind == k);
    if !(has(SystemKind::Individual) && has(SystemKind::Dhc)) {
        return Ok(());
    }
    let steps = density_sweep_steps(a.gross_far, &p.supply.viability.density_sweep);
    let sw = crate::sweep::run(p, &a.id, &crate::sweep::SweepVar::FarPct(steps), |_, _| {})?;
    push_findings(a, crate::assess::density_findings(&sw));
    a.density_sweep = Some(sw);
    Ok(())
}

/// Append findings to an alternative (translatable items and their English text).
fn push_findings(a: &mut AlternativeReport, items: Vec<Finding>) {
    for f in items {
        let text = f.text(crate::i18n::Lang::En);
        a.findings.push(text.clone());
        a.viability.findings.push(text);
        a.viability.finding_items.push(f);
    }
}

/// Findings against the base alternative, from the comparison deltas.
fn add_base_findings(a: &mut AlternativeReport, d: &compare::AltDelta, base: &str, cf_change: f64) {
    let cf = |c: &str| {
        d.loads.get(c).map_or((0.0, 0.0), |l| {
            (l.coincidence_factor.base, l.coincidence_factor.value)
        })
    };
    // The main-system delta speaks of the rated DHC only when both alternatives have one.
    let dhc = d.main_system.as_ref().and_then(|m| {
        let price = m.heat_price_yen_per_mj?;
        a.viability.price_system.as_ref()?;
        Some((
            (m.energy_efficiency.base, m.energy_efficiency.value),
            (price.base, price.value),
        ))
    });
    let x = crate::assess::AgainstBase {
        base,
        cf: [cf("heating"), cf("hot_water"), cf("cooling")],
        dhc,
    };
    push_findings(a, crate::assess::base_findings(&x, cf_change));
}

/// Source text of a default the case file may override: the case file and field when it
/// does (with the default it replaced), else the default's own source.
fn overridden_source(
    overridden: bool,
    file: &str,
    field: &str,
    default: f64,
    source: &str,
) -> String {
    if overridden {
        format!("{file}: `{field}` (default {default}: {source})")
    } else {
        source.to_string()
    }
}

/// Every DHC system other than the rated one, against the rated one.
pub fn sensitivity(
    specs: &[crate::supply::SystemSpec],
    systems: &[crate::supply::SystemResult],
    rated: Option<&str>,
) -> Vec<Sensitivity> {
    let Some(base) = rated.and_then(|r| systems.iter().find(|s| s.id == r)) else {
        return vec![];
    };
    systems
        .iter()
        .filter(|s| s.kind == crate::supply::SystemKind::Dhc && s.id != base.id)
        .map(|s| {
            let lever = specs
                .iter()
                .find(|x| x.id == s.id)
                .and_then(|x| x.scenario_lever())
                .unwrap_or("plant");
            let change = match (base.heat_price_yen_per_mj, s.heat_price_yen_per_mj) {
                (Some(b), Some(v)) if b > 0.0 => Some(v / b - 1.0),
                _ => None,
            };
            Sensitivity {
                system: s.id.clone(),
                lever: lever.to_string(),
                base_system: base.id.clone(),
                base_price_yen_per_mj: base.heat_price_yen_per_mj,
                price_yen_per_mj: s.heat_price_yen_per_mj,
                price_change: change,
                base_energy_efficiency: base.energy_efficiency,
                energy_efficiency: s.energy_efficiency,
                base_co2_t: base.co2_t,
                co2_t: s.co2_t,
            }
        })
        .collect()
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
        source: overridden_source(
            cov.is_some(),
            &case.path,
            "district.coverage",
            lib.floor_rule.coverage.value,
            &lib.floor_rule.coverage.source,
        ),
        overridden: cov.is_some(),
    });
    out.push(Assumption {
        group: "floor rule".into(),
        item: "build-out yield (share of designated FAR taken up)".into(),
        value: format!("{}", bo.unwrap_or(lib.floor_rule.buildout.value)),
        unit: "fraction".into(),
        source: overridden_source(
            bo.is_some(),
            &case.path,
            "district.buildout",
            lib.floor_rule.buildout.value,
            &lib.floor_rule.buildout.source,
        ),
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
    let mut alternatives: Vec<AlternativeReport> = case
        .alternatives
        .iter()
        .map(|a| alternative_loads(&p, a))
        .collect();
    for a in alternatives.iter_mut() {
        add_density_sweep(&p, a)?;
    }
    let comparison = compare::compare(&case.base, &alternatives);
    if alternatives.iter().any(|a| a.id == case.base) {
        let cf_change = p.supply.viability.cf_change_reported.value;
        for (a, d) in alternatives.iter_mut().zip(&comparison.alternatives) {
            if !d.is_base {
                add_base_findings(a, d, &comparison.base, cf_change);
            }
        }
    }
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
    let bands = &p.supply.viability.bands;
    let benchmarks = districts::Benchmarks {
        source,
        districts: real,
        thresholds: districts::Thresholds {
            gross_far: p.supply.viability.min_gross_far.value,
            efficiency_good: bands.efficiency_good.value,
            efficiency_standard: bands.efficiency_standard.value,
            price_good_yen_per_mj: bands.price_good.value,
            price_standard_yen_per_mj: bands.price_standard.value,
        },
    };
    Ok(Report {
        schema: SCHEMA,
        case: CaseInfo {
            name: case.raw.name.clone(),
            name_ja: case.raw.name_ja.clone(),
            description: case.raw.description.clone(),
            region: case.region.clone(),
            region_label,
            region_label_ja,
            factor_set: p.factor_set.clone(),
            dataset: case.dataset.clone(),
            calendar_year: case.calendar_year,
            base: case.base.clone(),
            file: case.path.clone(),
        },
        alternatives,
        assumptions: load_assumptions(&p)
            .into_iter()
            .chain(supply_assumptions(&p))
            .chain(housing_assumptions(&p))
            .collect(),
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
    })
}

/// Assumptions of the housing / solar-cluster stage (only when some alternative has a
/// `solar_cluster` system): every sourced number of housing.yaml plus case overrides.
pub fn housing_assumptions(p: &Prepared) -> Vec<Assumption> {
    let clusters: Vec<(&String, &crate::supply::SystemSpec)> = p
        .systems
        .iter()
        .flat_map(|(a, l)| l.iter().map(move |s| (a, s)))
        .filter(|(_, s)| s.kind == crate::supply::SystemKind::SolarCluster)
        .collect();
    if clusters.is_empty() {
        return vec![];
    }
    let Ok(d) = crate::supply::cluster::housing_data() else {
        return vec![];
    };
    let mut out: Vec<Assumption> = d
        .assumptions()
        .into_iter()
        .map(|(group, item, value, unit, source)| Assumption {
            group,
            item,
            value,
            unit,
            source,
            overridden: false,
        })
        .collect();
    for (alt, s) in clusters {
        let Some(cs) = &s.cluster else { continue };
        let Ok(serde_json::Value::Object(m)) = serde_json::to_value(cs) else {
            continue;
        };
        for (k, v) in m {
            if v.is_null() || v.as_array().is_some_and(|a| a.is_empty()) {
                continue;
            }
            out.push(Assumption {
                group: "case overrides".into(),
                item: format!("{alt}/{}: cluster.{k}", s.id),
                value: v.to_string(),
                unit: String::new(),
                source: p.case.path.clone(),
                overridden: true,
            });
        }
    }
    out
}

fn sourced(group: &str, item: &str, s: &crate::library::Sourced, unit: &str) -> Assumption {
    Assumption {
        group: group.into(),
        item: item.into(),
        value: format!("{}", s.value),
        unit: unit.into(),
        source: s.source.clone(),
        overridden: false,
    }
}

/// Assumptions of the supply stage (only when some alternative has systems).
pub fn supply_assumptions(p: &Prepared) -> Vec<Assumption> {
    let specs: Vec<&crate::supply::SystemSpec> = p.systems.values().flatten().collect();
    if specs.is_empty() {
        return vec![];
    }
    let d = &p.supply;
    let fs = &d.factor_sets[&p.factor_set];
    let g = format!("factors ({})", p.factor_set);
    let mut out = vec![
        sourced(
            &g,
            "electricity CO2",
            &fs.electricity_kg_co2_per_kwh,
            "kg-CO2/kWh",
        ),
        sourced(&g, "city gas CO2", &fs.gas_kg_co2_per_nm3, "kg-CO2/Nm³"),
        sourced(
            &g,
            "electricity primary energy",
            &fs.electricity_primary_mj_per_kwh,
            "MJ/kWh",
        ),
        sourced(
            &g,
            "city gas HHV (primary energy)",
            &fs.gas_hhv_mj_per_nm3,
            "MJ/Nm³",
        ),
        sourced(
            &g,
            "city gas LHV (equipment efficiencies)",
            &fs.gas_lhv_mj_per_nm3,
            "MJ/Nm³",
        ),
    ];
    if p.case.raw.factor_set.is_some() {
        for a in out.iter_mut() {
            a.overridden = p.factor_set != d.default_factor_set;
        }
    }
    let mut used_eq: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for s in &specs {
        match s.kind {
            crate::supply::SystemKind::Individual => {
                for plant in std::iter::once(&d.building_plants.default)
                    .chain(d.building_plants.by_use.values())
                {
                    used_eq.extend(plant.cooling.iter().map(|c| c.equipment.clone()));
                    used_eq.insert(plant.heating.clone());
                    used_eq.insert(plant.hot_water.clone());
                }
            }
            crate::supply::SystemKind::SolarCluster => {}
            crate::supply::SystemKind::Dhc => {
                used_eq.extend(
                    s.cooling
                        .clone()
                        .unwrap_or_else(|| d.dhc_plant.cooling.clone())
                        .into_iter()
                        .map(|c| c.equipment),
                );
                used_eq.insert(d.dhc_plant.boiler.clone());
                used_eq.extend(s.plant.iter().map(|i| i.equipment.clone()));
            }
        }
    }
    used_eq.extend(d.dwelling_level.values().map(|x| x.equipment.clone()));
    for id in &used_eq {
        let e = &d.equipment[id];
        let (v, unit) = match (e.cop, e.efficiency, e.loss_per_day) {
            (Some(c), _, _) => (format!("{c}"), "annual COP"),
            (_, Some(x), _) => (format!("{x}"), "annual efficiency (LHV)"),
            (_, _, Some(l)) => (format!("{l}"), "standing loss per day"),
            _ => (String::new(), ""),
        };
        out.push(Assumption {
            group: "equipment".into(),
            item: id.clone(),
            value: v,
            unit: unit.into(),
            source: e.source.clone(),
            overridden: false,
        });
    }
    out.push(sourced(
        "equipment",
        "building plant sizing margin",
        &d.building_plants.margin,
        "×",
    ));
    out.push(sourced(
        "equipment",
        "DHC plant sizing margin",
        &d.dhc_plant.margin,
        "×",
    ));
    out.push(Assumption {
        group: "equipment".into(),
        item: "DHC plant sizing basis".into(),
        value: format!("{:?}", d.dhc_plant.sizing),
        unit: String::new(),
        source: d.dhc_plant.sizing_source.clone(),
        overridden: specs.iter().any(|s| s.sizing.is_some()),
    });
    out.push(Assumption {
        group: "equipment".into(),
        item: "DHC cooling dispatch".into(),
        value: d.dhc_plant.dispatch.clone(),
        unit: String::new(),
        source: d.dhc_plant.dispatch_source.clone(),
        overridden: specs.iter().any(|s| s.dispatch.is_some()),
    });
    for (u, dl) in &d.dwelling_level {
        out.push(Assumption {
            group: "equipment".into(),
            item: format!("{u}: loads on room air conditioners (cooling, heating shares)"),
            value: format!("{}, {}", dl.cooling, dl.heating),
            unit: "fraction".into(),
            source: dl.source.clone(),
            overridden: false,
        });
    }
    let a = &d.auxiliaries;
    out.push(sourced(
        "auxiliaries",
        "cooling towers",
        &a.cooling_tower_kwh_per_kwh_rejected,
        "kWh/kWh rejected",
    ));
    for (item, pd) in [
        (
            "building chilled-water pumps",
            &a.building_chilled_water_pump,
        ),
        ("building hot-water pumps", &a.building_hot_water_pump),
        (
            "DHC chilled-water pumps (plant side)",
            &a.dhc_chilled_water_pump,
        ),
    ] {
        out.push(Assumption {
            group: "auxiliaries".into(),
            item: item.into(),
            value: format!(
                "ΔT {} K, head {} m, η {} → {:.4}",
                pd.dt_k,
                pd.head_m,
                pd.efficiency,
                pd.kwh_per_kwh()
            ),
            unit: "kWh/kWh at design point".into(),
            source: pd.source.clone(),
            overridden: false,
        });
    }
    out.push(sourced(
        "auxiliaries",
        "DHC boiler-house auxiliaries",
        &a.dhc_steam_kwh_per_kwh,
        "kWh/kWh steam",
    ));
    out.push(sourced(
        "auxiliaries",
        "pump heat added to the chilled water",
        &a.pump_heat_to_water,
        "share of pump electricity",
    ));
    out.push(sourced(
        "auxiliaries",
        "pump operating factor",
        &a.pump_operating_factor,
        "× design-point energy",
    ));
    out.push(sourced(
        "auxiliaries",
        "make-up water",
        &a.makeup_water_m3_per_mwh_rejected,
        "m³/MWh rejected",
    ));
    let n = &d.network;
    out.push(sourced(
        "network",
        "typical building floor",
        &n.building_floor_m2,
        "m²",
    ));
    out.push(sourced(
        "network",
        "building site per connected building",
        &n.building_site_m2,
        "m²",
    ));
    out.push(sourced(
        "network",
        "route factor k (L = k·√(N·A))",
        &n.route_factor,
        "–",
    ));
    out.push(sourced(
        "network",
        "service branch per building",
        &n.service_m_per_building,
        "m",
    ));
    out.push(sourced("network", "chilled-water ΔT", &n.chilled_dt_k, "K"));
    out.push(sourced(
        "network",
        "design velocity",
        &n.velocity_m_per_s,
        "m/s",
    ));
    out.push(sourced(
        "network",
        "steam/hot-water pipe heat loss",
        &n.heat_loss_w_per_m,
        "W/m",
    ));
    out.push(sourced(
        "network",
        "chilled-water pipe heat gain",
        &n.cool_gain_w_per_m,
        "W/m",
    ));
    out.push(sourced(
        "network",
        "Darcy friction factor of the mains",
        &n.friction_factor,
        "–",
    ));
    out.push(sourced(
        "network",
        "index-circuit share of the trench",
        &n.index_path_share,
        "–",
    ));
    let c = &d.costs;
    out.push(sourced(
        "costs",
        "cost-curve scale exponent",
        &c.exponent,
        "–",
    ));
    out.push(sourced(
        "costs",
        "electric chillers at 1,000 kW",
        &c.plant_yen_per_kw_at_ref.electric_chiller,
        "¥/kW",
    ));
    out.push(sourced(
        "costs",
        "absorption chillers at 1,000 kW",
        &c.plant_yen_per_kw_at_ref.absorption_chiller,
        "¥/kW",
    ));
    out.push(sourced(
        "costs",
        "boilers at 1,000 kW",
        &c.plant_yen_per_kw_at_ref.boiler,
        "¥/kW",
    ));
    out.push(sourced(
        "costs",
        "heat pumps at 1,000 kW",
        &c.plant_yen_per_kw_at_ref.heat_pump,
        "¥/kW",
    ));
    out.push(sourced(
        "costs",
        "thermal storage",
        &c.plant_yen_per_kw_at_ref.storage_yen_per_kwh,
        "¥/kWh",
    ));
    out.push(sourced(
        "costs",
        "pipe civil works",
        &c.pipe_civil_yen_per_m,
        "¥/m",
    ));
    out.push(sourced(
        "costs",
        "pipes per metre of main diameter",
        &c.pipe_yen_per_m_per_m_diameter,
        "¥/m per m",
    ));
    out.push(Assumption {
        group: "costs".into(),
        item: "calibration".into(),
        value: String::new(),
        unit: String::new(),
        source: c.calibration_note.clone(),
        overridden: false,
    });
    let e = &d.economics;
    out.push(sourced("economics", "interest", &e.interest, "fraction"));
    out.push(sourced("economics", "recovery period", &e.years, "years"));
    out.push(sourced(
        "economics",
        "maintenance",
        &e.maintenance_share,
        "of construction per year",
    ));
    out.push(sourced("economics", "DHC staff", &e.staff, "persons"));
    out.push(sourced("economics", "cost per staff", &e.staff_yen, "¥/yr"));
    out.push(sourced("economics", "water", &e.water_yen_per_m3, "¥/m³"));
    for t in [&e.dhc_electricity, &e.individual_electricity] {
        out.push(sourced(
            "tariffs",
            &format!("{} basic", t.label),
            &t.basic_yen_per_kw_month,
            "¥/kW·month",
        ));
        out.push(sourced(
            "tariffs",
            &format!("{} energy", t.label),
            &t.energy_yen_per_kwh,
            "¥/kWh",
        ));
    }
    for t in [&e.dhc_gas, &e.individual_gas] {
        out.push(sourced(
            "tariffs",
            &format!("{} basic", t.label),
            &t.basic_yen_per_nm3h_month,
            "¥/(m³/h)·month",
        ));
        out.push(sourced(
            "tariffs",
            &format!("{} volumetric", t.label),
            &t.energy_yen_per_nm3,
            "¥/m³",
        ));
    }
    let v = &d.viability;
    for (item, s, unit) in [
        ("consider DHC from district area", &v.min_district_m2, "m²"),
        ("consider DHC from supplied floor", &v.min_floor_m2, "m²"),
        ("gross FAR threshold", &v.min_gross_far, "fraction"),
        (
            "Heat Supply Business Act threshold",
            &v.heat_supply_act_gj_per_h,
            "GJ/h",
        ),
        ("efficiency floor", &v.efficiency_floor, "–"),
        ("density band ○", &v.bands.density_good, "gross FAR"),
        ("density band △", &v.bands.density_standard, "gross FAR"),
        ("efficiency band ○", &v.bands.efficiency_good, "–"),
        ("efficiency band △", &v.bands.efficiency_standard, "–"),
        ("price band ○ (below)", &v.bands.price_good, "¥/MJ"),
        ("price band △ (below)", &v.bands.price_standard, "¥/MJ"),
        (
            "density sweep from",
            &v.density_sweep.from_pct,
            "% gross FAR",
        ),
        (
            "density sweep step",
            &v.density_sweep.step_pct,
            "% gross FAR",
        ),
        (
            "density sweep up to at least",
            &v.density_sweep.min_to_pct,
            "% gross FAR",
        ),
        (
            "density sweep up to the plan's FAR ×",
            &v.density_sweep.plan_multiple,
            "×",
        ),
        (
            "coincidence-factor change reported",
            &v.cf_change_reported,
            "fraction",
        ),
    ] {
        out.push(sourced("viability", item, s, unit));
    }
    if specs.iter().any(|s| !s.resolved_sources.is_empty()) {
        out.extend(unused_assumptions(p));
    }
    for (alt, list) in &p.systems {
        for s in list {
            let mut ov = |field: &str, v: String| {
                out.push(Assumption {
                    group: "case overrides".into(),
                    item: format!("{alt}/{}: {field}", s.id),
                    value: v,
                    unit: String::new(),
                    source: p.case.path.clone(),
                    overridden: true,
                })
            };
            if let Some(m) = s.margin {
                ov("margin", m.to_string());
            }
            if let Some(x) = s.unused_share {
                ov("unused_share", x.to_string());
            }
            if let Some(x) = s.staff {
                ov("staff", x.to_string());
            }
            if let Some(x) = s.interest {
                ov("interest", x.to_string());
            }
            if let Some(x) = s.years {
                ov("years", x.to_string());
            }
            if let Some(x) = s.buildings {
                ov("buildings", x.to_string());
            }
            if let Some(x) = s.dispatch {
                ov("dispatch", format!("{x:?}"));
            }
            if s.subsidy != crate::supply::Subsidy::None {
                ov("subsidy", format!("{:?}", s.subsidy));
            }
            if let Some(b) = &s.buildup {
                ov("buildup", serde_json::to_string(b).unwrap_or_default());
            }
            if let Some(c) = &s.cooling {
                ov(
                    "cooling",
                    c.iter()
                        .map(|x| format!("{} {}", x.equipment, x.share))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            for i in &s.plant {
                ov("plant", format!("{} ({})", i.equipment, i.serves));
            }
            if !s.sources.is_empty() {
                ov("sources", s.sources.join(", "));
            }
            if let Some(u) = &s.source_user {
                ov("source_user", u.clone());
            }
        }
    }
    out
}

/// Assumptions of the unused-energy sources (waste_heat.yaml), their availability and the
/// values the case set instead of a default.
fn unused_assumptions(p: &Prepared) -> Vec<Assumption> {
    let w = &p.waste_heat;
    let g = "unused energy";
    let ev = &w.evaluation;
    let av = &w.availability;
    let pd = &w.pipe;
    let cd = &w.containers;
    let mut out: Vec<Assumption> = [
        (
            "simple unused-energy share compared against",
            &ev.simple_unused_share,
            "of plant energy",
        ),
        ("CO2 abatement horizon", &ev.horizon_years, "years"),
        ("study write-off period", &ev.study_write_off_years, "years"),
        ("value of CO2", &ev.co2_value_yen_per_t, "¥/t"),
        (
            "electricity for transport pumps",
            &ev.electricity_yen_per_kwh,
            "¥/kWh",
        ),
        (
            "subsidy share of capital (default)",
            &ev.subsidy_share,
            "fraction",
        ),
        ("source output variation", &av.output_variation, "±fraction"),
        ("operating reserve", &av.reserve_share, "of daily demand"),
        (
            "lost power generation (default)",
            &av.lost_power_kwh_per_kwh,
            "kWh per kWh of heat",
        ),
        (
            "hot-water absorption chiller COP",
            &w.temperature.hot_water_absorption_cop,
            "–",
        ),
        ("steam heat per kg", &pd.steam_kj_per_kg, "kJ/kg"),
        (
            "steam specific volume",
            &pd.steam_specific_volume_m3_per_kg,
            "m³/kg",
        ),
        ("steam design velocity", &pd.steam_velocity_m_per_s, "m/s"),
        (
            "steam line allowed pressure drop",
            &pd.steam_allowed_drop_kpa,
            "kPa",
        ),
        ("hot-water line ΔT", &pd.hot_water_dt_k, "K"),
        (
            "low-temperature source-water ΔT",
            &pd.low_temperature_dt_k,
            "K",
        ),
        (
            "hot-water line heat loss",
            &pd.hot_water_heat_loss_w_per_m,
            "W/m",
        ),
        (
            "low-temperature line heat loss",
            &pd.low_temperature_heat_loss_w_per_m,
            "W/m",
        ),
        (
            "water line friction-gradient limit",
            &pd.water_max_drop_pa_per_m,
            "Pa/m",
        ),
        (
            "largest pipe with a published cost",
            &pd.largest_published_diameter_m,
            "m",
        ),
        (
            "source-side and receiving equipment",
            &pd.equipment_yen_per_kw,
            "¥/kW of peak transfer",
        ),
        ("other works", &pd.other_works_share, "of equipment + line"),
        (
            "pipe scheme maintenance",
            &pd.maintenance_share_of_equipment,
            "of equipment per year",
        ),
        ("pipe scheme operator", &pd.operator_yen_per_yr, "¥/yr"),
        (
            "pipe scheme administration",
            &pd.administration_share_of_saving,
            "of net saving",
        ),
        ("lost power sales", &pd.lost_power_yen_per_kwh, "¥/kWh"),
        ("pipe scheme life", &pd.life_years, "years"),
        (
            "steam accumulator holding time",
            &pd.accumulator_hold_h,
            "h",
        ),
        (
            "accumulator charging pressure",
            &pd.accumulator_p1_mpa,
            "MPa abs",
        ),
        (
            "accumulator lowest pressure",
            &pd.accumulator_p2_mpa,
            "MPa abs",
        ),
        ("accumulator vessel", &pd.accumulator_yen_per_m3, "¥/m³"),
        ("container capacity", &cd.capacity_kwh, "kWh"),
        ("container charging rate", &cd.charge_kw, "kW"),
        ("container discharge rate", &cd.discharge_kw, "kW"),
        ("container transport time", &cd.transport_h, "h one way"),
        ("truck fuel economy", &cd.km_per_l, "km/L"),
        ("diesel price", &cd.diesel_yen_per_l, "¥/L"),
        ("diesel CO2", &cd.diesel_kg_co2_per_l, "kg-CO2/L"),
        ("diesel heating value", &cd.diesel_mj_per_l, "MJ/L"),
        ("container pump power", &cd.pump_kw, "kW per side"),
        ("container pump load", &cd.pump_load, "–"),
        (
            "container pump hours",
            &cd.pump_hours_per_side,
            "h per side and delivery",
        ),
        (
            "container maintenance",
            &cd.maintenance_yen_per_container_yr,
            "¥/container·yr",
        ),
        ("driver", &cd.driver_yen_per_yr, "¥/yr"),
        (
            "deliveries per driver",
            &cd.deliveries_per_driver_day,
            "per day",
        ),
        (
            "delivery cap per source",
            &cd.max_deliveries_per_day,
            "per day",
        ),
        (
            "deliveries per busy container",
            &cd.deliveries_per_container_day,
            "per day",
        ),
        (
            "fleet sizing: deliveries per container",
            &cd.min_deliveries_per_container_yr,
            "per year",
        ),
        ("supply-side equipment", &cd.supply_side_yen, "¥ per set"),
        ("user-side equipment", &cd.user_side_yen, "¥ per set"),
        ("truck", &cd.truck_yen, "¥"),
        ("container scheme life", &cd.life_years, "years"),
        ("container range", &cd.max_distance_km, "km"),
    ]
    .into_iter()
    .map(|(item, v, unit)| sourced(g, item, v, unit))
    .collect();
    // Defaults that are not numbers: (item, value, unit, source).
    let hours = cd.operating_hours.value;
    let mut others: Vec<(String, String, String, String)> = vec![
        (
            "truck operating hours".into(),
            format!("{:02}:00–{:02}:00", hours[0], hours[1]),
            String::new(),
            cd.operating_hours.source.clone(),
        ),
        (
            "steam lines get an accumulator".into(),
            pd.accumulator.value.to_string(),
            String::new(),
            pd.accumulator.source.clone(),
        ),
        (
            "sources get a dedicated backup boiler".into(),
            pd.backup_boiler.value.to_string(),
            String::new(),
            pd.backup_boiler.source.clone(),
        ),
        (
            "steam lines return their condensate".into(),
            pd.condensate_return.value.to_string(),
            String::new(),
            pd.condensate_return.source.clone(),
        ),
        (
            "default PCM".into(),
            cd.default_pcm.value.clone(),
            String::new(),
            cd.default_pcm.source.clone(),
        ),
        (
            format!(
                "low-temperature heat pump `{}`",
                w.temperature.low_temperature_heat_pump
            ),
            String::new(),
            String::new(),
            w.temperature.low_temperature_heat_pump_source.clone(),
        ),
    ];
    others.extend(pd.cost_classes.iter().map(|c| {
        (
            match c.max_diameter_m {
                Some(m) => format!("pipe cost, d ≤ {m} m (per pipe)"),
                None => "pipe cost, larger pipes (per pipe)".into(),
            },
            c.yen_per_m_per_pipe.to_string(),
            "¥/m".into(),
            c.source.clone(),
        )
    }));
    others.extend(cd.pcm.iter().map(|(id, m)| {
        (
            format!("PCM `{id}` container"),
            m.container_yen.to_string(),
            "¥".into(),
            m.source.clone(),
        )
    }));
    out.extend(
        others
            .into_iter()
            .map(|(item, value, unit, source)| Assumption {
                group: g.into(),
                item,
                value,
                unit,
                source,
                overridden: false,
            }),
    );
    for s in p.sources.values() {
        out.push(Assumption {
            group: g.into(),
            item: format!("source `{}` available heat", s.id),
            value: format!(
                "{} ({:.0} MWh/yr)",
                s.availability_note,
                s.available_kw.iter().sum::<f64>() / 1000.0
            ),
            unit: String::new(),
            source: p.case.path.clone(),
            overridden: true,
        });
        for (field, v) in &s.overrides {
            out.push(Assumption {
                group: "case overrides".into(),
                item: format!("source {}: {field}", s.id),
                value: v.clone(),
                unit: String::new(),
                source: p.case.path.clone(),
                overridden: true,
            });
        }
    }
    out
}
