//! Stage 1 of the pipeline: a validated case with every file it names attached (measured
//! load series, weather files, unused-energy availability series) and every system spec
//! parsed and resolved against the library. After [`prepare`] no stage reads a file.

use crate::calendar::Calendar;
use crate::case::{Alternative, Case, SourceMap};
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
    /// Parsed system specs per alternative id.
    pub systems: BTreeMap<String, Vec<SystemSpec>>,
    /// Building-plant balances per m² of every use (they depend only on the use model, the
    /// supply data and the factor set, so one table serves every alternative of a case).
    pub unit_plants: UnitPlants,
    /// The case's unused-energy sources by id.
    pub sources: BTreeMap<String, Arc<Source>>,
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

    /// The supply stage's input for an alternative's floor inside and outside the district.
    pub fn supply_input<'b>(
        &'b self,
        alt: &Alternative,
        floor: &'b BTreeMap<String, f64>,
        external: &'b BTreeMap<String, f64>,
    ) -> SupplyInput<'b> {
        SupplyInput {
            lib: self.lib,
            calendar: &self.calendar,
            models: &self.models,
            floor_by_use_m2: floor,
            external_floor_by_use_m2: external,
            district_area_m2: alt.district_area_m2,
            buildings: crate::supply::network::buildings_of_parcels(
                &alt.parcels,
                &self.lib.supply.network,
            ),
            dwellings_by_use: alt.dwellings_by_use(),
            factors: self.factors(),
            unit_plants: &self.unit_plants,
        }
    }
}

/// Prepare a case: calendar, use models (reading measured series), factor set, unused-energy
/// sources (reading availability files), system specs (reading weather files) and the
/// building-plant balances per m².
pub fn prepare<'a>(lib: &'a Library, case: &'a Case, map: &SourceMap) -> Result<Prepared<'a>> {
    let calendar = crate::profile::case_calendar(case);
    let models = crate::profile::case_models(lib, case, &calendar, map)?;
    let supply = &lib.supply;
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
    let sources =
        crate::supply::unused::parse_sources(&case.raw.sources, lib, &calendar, &case.dir, map)?;
    let mut systems = BTreeMap::new();
    for alt in &case.alternatives {
        let mut specs = crate::supply::spec::parse_systems(&alt.systems, lib, map)?;
        for (spec, (path, _)) in specs.iter_mut().zip(&alt.systems) {
            if let SystemSpec::SolarCluster(s) = spec {
                resolve_weather(lib, case, map, &format!("{path}.cluster"), &mut s.cluster)?;
            }
            spec.attach(path, &sources, alt, map)?;
            if let SystemSpec::Individual(s) = spec {
                s.attach_records(path, &models, map)?;
            }
        }
        systems.insert(alt.id.clone(), specs);
    }
    let unit_plants =
        crate::supply::individual::unit_plants(&models, supply, &supply.factor_sets[&factor_set]);
    Ok(Prepared {
        lib,
        case,
        calendar,
        models,
        factor_set,
        systems,
        unit_plants,
        sources,
    })
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
    let full = case.dir.join(&file);
    let name = full.display().to_string();
    let text = std::fs::read_to_string(&full).map_err(|e| {
        map.error(
            &format!("{path}.{field}"),
            format!("cannot read {name}: {e}"),
        )
    })?;
    let loc = &d.locations[cs
        .location
        .as_deref()
        .unwrap_or(&d.cluster_defaults.location.value)];
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
    cs.weather = Some(Arc::new(w));
    Ok(())
}
