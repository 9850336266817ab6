//! Stage 1 of the pipeline: a validated case with every file it names attached (measured
//! load series, weather files, unused-energy availability series) and every system spec
//! parsed and resolved against the library. After [`prepare`] no stage reads a file.

use crate::calendar::Calendar;
use crate::case::{Alternative, Case, FloorPlan, SourceMap};
use crate::error::Result;
use crate::library::Library;
use crate::load::UseModel;
use crate::supply::cluster::ClusterSpec;
use crate::supply::data::FactorSet;
use crate::supply::unused::Source;
use crate::supply::{SupplyInput, SystemSpec, UnitPlants};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Everything the later stages need, prepared once per case. Read-only: the per-alternative
/// work ([`super::run_alternative`]) is a pure function of `(&Prepared, &Alternative)`.
pub struct Prepared<'a> {
    /// Built-in data.
    pub lib: &'a Library,
    /// Case.
    pub case: &'a Case,
    /// Reference calendar.
    pub calendar: Calendar,
    /// Use models (built-in and user-defined) by use id.
    pub models: BTreeMap<String, UseModel>,
    /// Factor set id.
    pub factor_set: String,
    /// Electricity/gas utility area id.
    pub area: String,
    /// Tariff set id the tariffs start from.
    pub tariff_set: String,
    /// Tariffs: the set with the case's overrides (source "case file").
    pub tariffs: crate::supply::data::TariffSet,
    /// Parsed system specs per alternative id.
    pub systems: BTreeMap<String, Vec<SystemSpec>>,
    /// Building-plant balances per m² of every use (they depend only on the use model, the
    /// supply data and the factor set, so one table serves every alternative of a case).
    pub unit_plants: UnitPlants,
    /// The case's unused-energy sources by id.
    pub sources: BTreeMap<String, Arc<Source>>,
    /// Household models calibrated so far, by household mix (solar clusters).
    pub households: crate::household::ModelCache,
    /// The land-readjustment project (the case's `project:` section), checked.
    pub project: Option<crate::project::Project>,
    /// The criteria and weights of the case's decision (its `decision:` block, else the
    /// defaults).
    pub decision: super::decision::Weights,
    /// The report date (`date:`, `YYYY-MM-DD`), checked.
    pub date: Option<String>,
}

impl Prepared<'_> {
    /// The factor set of the case.
    pub fn factors(&self) -> &FactorSet {
        &self.lib.supply.factor_sets[&self.factor_set]
    }

    /// The system specs of an alternative (none when it lists no systems).
    pub fn specs(&self, alt_id: &str) -> &[SystemSpec] {
        self.systems.get(alt_id).map_or(&[][..], |v| &v[..])
    }

    /// The supply stage's input for a floor plan (an alternative's or a sweep step's).
    pub fn supply_input<'b>(&'b self, plan: &'b FloorPlan) -> SupplyInput<'b> {
        SupplyInput {
            lib: self.lib,
            calendar: &self.calendar,
            models: &self.models,
            floor_by_use_m2: &plan.floor_by_use_m2,
            external_floor_by_use_m2: &plan.external_floor_by_use_m2,
            district_area_m2: plan.district_area_m2,
            buildings: plan.buildings,
            dwellings_by_use: plan.dwellings_by_use.clone(),
            parcels: &plan.parcels,
            project: self.project.as_ref(),
            factors: self.factors(),
            tariffs: &self.tariffs,
            unit_plants: &self.unit_plants,
            households: &self.households,
            density_step: None,
            headline_only: false,
        }
    }

    /// The floor plan of an alternative as written.
    pub fn plan(&self, alt: &Alternative) -> FloorPlan {
        alt.plan(&self.lib.supply.network)
    }
}

/// Prepare a case: calendar, use models (reading measured series), factor set, unused-energy
/// sources (reading availability files), system specs (reading weather files) and the
/// building-plant balances per m².
pub fn prepare<'a>(lib: &'a Library, case: &'a Case, map: &SourceMap) -> Result<Prepared<'a>> {
    prepare_unlocated(lib, case, map).map_err(|e| map.locate_error(e))
}

fn prepare_unlocated<'a>(
    lib: &'a Library,
    case: &'a Case,
    map: &SourceMap,
) -> Result<Prepared<'a>> {
    let calendar = crate::profile::case_calendar(case);
    let models = crate::profile::case_models(lib, case, &calendar, map)?;
    let supply = &lib.supply;
    let area = area(lib, case, map)?;
    let factor_set = case
        .raw
        .factor_set
        .clone()
        .unwrap_or_else(|| supply.areas[&area].factor_set.clone());
    let (tariff_set, tariffs) = tariffs(lib, case, &area, map)?;
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
    let sources = crate::supply::unused::parse_sources(
        &case.raw.sources,
        lib,
        &calendar,
        case.imports(),
        map,
    )?;
    let project = crate::project::parse(case, map)?;
    let mut systems = BTreeMap::new();
    for alt in &case.alternatives {
        let mut specs = crate::supply::spec::parse_systems(&alt.systems, lib, map)?;
        for (spec, (path, _)) in specs.iter_mut().zip(&alt.systems) {
            if let SystemSpec::SolarCluster(s) = spec {
                resolve_weather(lib, case, map, &format!("{path}.cluster"), &mut s.cluster)?;
            }
            spec.attach(path, &sources, alt, map)?;
            if let SystemSpec::Dhc(d) = spec {
                if let Some(pb) = &d.project {
                    crate::project::check_dhc(
                        pb,
                        &format!("{path}.project"),
                        project.as_ref(),
                        &lib.project,
                        map,
                    )?;
                }
            }
            if let SystemSpec::Individual(s) = spec {
                s.attach_records(path, &models, map)?;
            }
        }
        systems.insert(alt.id.clone(), specs);
    }
    let decision = super::decision::weights(&lib.decision, case.raw.decision.as_ref(), map)?;
    let date = match &case.raw.date {
        Some(d) => Some(check_date(d).map_err(|m| map.located("date", m))?),
        None => None,
    };
    let unit_plants =
        crate::supply::individual::unit_plants(&models, supply, &supply.factor_sets[&factor_set]);
    Ok(Prepared {
        lib,
        case,
        calendar,
        models,
        factor_set,
        area,
        tariff_set,
        tariffs,
        systems,
        unit_plants,
        sources,
        households: Default::default(),
        project,
        decision,
        date,
    })
}

/// A report date: `YYYY-MM-DD`, a real calendar day (returned as written).
pub fn check_date(d: &str) -> std::result::Result<String, String> {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .ok()
        .filter(|_| d.len() == 10)
        .map(|_| d.to_string())
        .ok_or_else(|| format!("`{d}` is not a date in the form YYYY-MM-DD (e.g. 2026-12-03)"))
}

/// The case's utility area: `area:` as an area id, a prefecture or a city inside one (any
/// case), else the area of the case's load region.
pub fn area(lib: &Library, case: &Case, map: &SourceMap) -> Result<String> {
    let areas = &lib.supply.areas;
    let Some(given) = &case.raw.area else {
        return Ok(lib
            .supply
            .region_areas
            .value
            .get(&case.region)
            .cloned()
            .unwrap_or_else(|| lib.supply.region_areas.value["kanto"].clone()));
    };
    let key = given.trim().to_lowercase();
    let found = areas
        .get(&key)
        .map(|_| key.clone())
        .or_else(|| {
            areas
                .iter()
                .find(|(_, a)| a.prefectures.contains(&key))
                .map(|(id, _)| id.clone())
        })
        .or_else(|| {
            areas
                .iter()
                .find(|(_, a)| a.cities.contains(&key))
                .map(|(id, _)| id.clone())
        });
    found.ok_or_else(|| {
        map.error(
            "area",
            format!(
                "unknown area `{given}`: name an area ({}), a prefecture or a city inside one",
                areas.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        )
    })
}

/// The case's tariffs: the set it names (else its area's) with the rates it overrides.
fn tariffs(
    lib: &Library,
    case: &Case,
    area: &str,
    map: &SourceMap,
) -> Result<(String, crate::supply::data::TariffSet)> {
    let sets = &lib.supply.tariff_sets;
    let spec = case.raw.tariffs.clone().unwrap_or_default();
    let id = spec
        .set
        .clone()
        .unwrap_or_else(|| lib.supply.areas[area].tariff_set.clone());
    let Some(set) = sets.get(&id) else {
        return Err(map.error(
            "tariffs.set",
            format!(
                "unknown tariff set `{id}`; known: {}",
                sets.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        ));
    };
    let mut t = set.clone();
    let put = |path: &str, v: Option<f64>, target: &mut crate::sourced::Sourced| -> Result<()> {
        if let Some(v) = v {
            if !(v.is_finite() && v >= 0.0) {
                return Err(map.error(path, format!("must be a number ≥ 0, got {v}")));
            }
            target.value = v;
            target.source = format!("case file ({})", case.path);
        }
        Ok(())
    };
    for (name, rates, tariff) in [
        (
            "dhc_electricity",
            &spec.dhc_electricity,
            &mut t.dhc_electricity,
        ),
        (
            "individual_electricity",
            &spec.individual_electricity,
            &mut t.individual_electricity,
        ),
    ] {
        if let Some(r) = rates {
            let p = |f: &str| format!("tariffs.{name}.{f}");
            put(
                &p("basic_yen_per_kw_month"),
                r.basic_yen_per_kw_month,
                &mut tariff.basic_yen_per_kw_month,
            )?;
            put(
                &p("energy_yen_per_kwh"),
                r.energy_yen_per_kwh,
                &mut tariff.energy_yen_per_kwh,
            )?;
        }
    }
    for (name, rates, tariff) in [
        ("dhc_gas", &spec.dhc_gas, &mut t.dhc_gas),
        (
            "individual_gas",
            &spec.individual_gas,
            &mut t.individual_gas,
        ),
    ] {
        if let Some(r) = rates {
            let p = |f: &str| format!("tariffs.{name}.{f}");
            put(
                &p("basic_yen_per_nm3h_month"),
                r.basic_yen_per_nm3h_month,
                &mut tariff.basic_yen_per_nm3h_month,
            )?;
            put(
                &p("energy_yen_per_nm3"),
                r.energy_yen_per_nm3,
                &mut tariff.energy_yen_per_nm3,
            )?;
        }
    }
    Ok((id, t))
}

/// Read the hourly weather file of a solar-cluster spec (relative to the case file).
fn resolve_weather(
    lib: &Library,
    case: &Case,
    map: &SourceMap,
    path: &str,
    cs: &mut ClusterSpec,
) -> Result<()> {
    let d = &lib.housing;
    let (field, file) = match (&cs.weather_epw, &cs.weather_csv) {
        (Some(f), _) => ("weather_epw", f.clone()),
        (None, Some(f)) => ("weather_csv", f.clone()),
        (None, None) => return Ok(()),
    };
    let f = crate::import::read_import(case.imports(), map, &format!("{path}.{field}"), &file)?;
    let (name, text) = (&f.name, &f.text);
    let loc = &d.locations[cs
        .location
        .as_deref()
        .unwrap_or(&d.cluster_defaults.location.value)];
    let w = if field == "weather_epw" {
        crate::solar::parse_epw(name, text)
    } else {
        crate::solar::parse_weather_csv(
            name,
            text,
            cs.latitude.unwrap_or(loc.latitude),
            cs.longitude.unwrap_or(loc.longitude),
            &loc.temp_c,
        )
    }
    .map_err(|e| f.locate(map, e))?;
    cs.weather = Some(Arc::new(w));
    Ok(())
}
