//! The `kind: solar_cluster` schema: the `cluster:` parameters of the case file, their
//! checks, and the values a system is evaluated with (case overrides over housing.yaml).

use super::Variant;
use crate::case::SourceMap;
use crate::error::Result;
use crate::housing::HousingData;
use crate::library::Library;
use crate::limits;
use crate::solar::Weather;
use crate::supply::evaluate::Shared;
use crate::supply::spec::{check_finance, Checker, Plant};
use crate::supply::{SupplyInput, SystemKind, SystemResult};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How the non-dwelling uses of the alternative are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FacilityEnergy {
    /// Their intensities are the study's consumption-basis energy (residential-b.md §2).
    Consumption,
    /// Their loads run on individual building plants (supply data).
    #[default]
    Plant,
}

/// Collector model of the hourly simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CollectorModel {
    /// EN ISO 9806 quadratic efficiency curve at the tank temperature.
    #[default]
    Curve,
    /// Fixed system efficiency (the study's ≥ 40 %) on the tilted-plane irradiation.
    Fixed,
}

/// Heat-store model of the hourly simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TankModel {
    /// Fully mixed: the collector inlet is at the tank temperature.
    Mixed,
    /// Stratified (two-zone approximation): the collector draws from the cold bottom, at
    /// the return temperature until the store is nearly full.
    #[default]
    Stratified,
}

impl TankModel {
    /// Identifier as written in case files (a key of the translation catalogue).
    pub fn id(self) -> &'static str {
        match self {
            TankModel::Mixed => "mixed",
            TankModel::Stratified => "stratified",
        }
    }
}

/// A group of roofs: uses of the alternative or a given floor/footprint (e.g. the
/// surrounding area's buildings).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoofGroupSpec {
    /// Group id.
    pub id: String,
    /// Label.
    #[serde(default)]
    pub name: Option<crate::i18n::Local>,
    /// Uses of the alternative whose floor and dwellings belong to the group.
    #[serde(default)]
    pub uses: Vec<String>,
    /// Floor of buildings outside the alternative's parcels, m².
    #[serde(default)]
    pub floor_m2: Option<f64>,
    /// Footprint given directly, m².
    #[serde(default)]
    pub footprint_m2: Option<f64>,
    /// Storeys (default from the roof rules of the first use, else the default rule).
    #[serde(default)]
    pub storeys: Option<f64>,
    /// Common-parts factor on the footprint.
    #[serde(default)]
    pub common_parts: Option<f64>,
    /// Panel area required on these roofs besides the dwellings' own, m².
    #[serde(default)]
    pub required_m2: Option<f64>,
}

/// Parameters of a `solar_cluster` system (`systems[].cluster` in the case file). Every
/// field is optional; defaults come from housing.yaml.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ClusterSpec {
    /// Dwellings sharing one heat store (1 = single-house systems; default 20).
    #[serde(default)]
    pub houses: Option<u32>,
    /// Household-type mix of the simulated dwellings: an id of housing.yaml
    /// `household_mixes` or shares by household type (summing to 1).
    #[serde(default)]
    pub household_mix: Option<HouseholdMixChoice>,
    /// Demand-reduction package id (default housing.yaml `cluster_defaults.package`).
    #[serde(default)]
    pub package: Option<String>,
    /// Built-in approximate climate (default housing.yaml `cluster_defaults.location`).
    #[serde(default)]
    pub location: Option<String>,
    /// Hourly weather file (EPW), relative to the case file.
    #[serde(default)]
    pub weather_epw: Option<String>,
    /// Hourly weather CSV (`ghi_w_m2`[, `dhi_w_m2`, `temp_c`]), relative to the case file.
    #[serde(default)]
    pub weather_csv: Option<String>,
    /// Latitude of the CSV data, ° N (default: the location's).
    #[serde(default)]
    pub latitude: Option<f64>,
    /// Longitude of the CSV data, ° E.
    #[serde(default)]
    pub longitude: Option<f64>,
    /// Panel tilt, °.
    #[serde(default)]
    pub tilt_deg: Option<f64>,
    /// Panel azimuth, ° (0 = south, west +).
    #[serde(default)]
    pub azimuth_deg: Option<f64>,
    /// Collector model of the hourly simulation.
    #[serde(default)]
    pub collector_model: Option<CollectorModel>,
    /// Heat-store model of the hourly simulation (default `stratified`).
    #[serde(default)]
    pub tank_model: Option<TankModel>,
    /// Pipes laid together with the water mains in the base works.
    #[serde(default)]
    pub co_trenched: Option<bool>,
    /// Share of the pipe civil cost saved by co-trenching.
    #[serde(default)]
    pub co_trenching_saving: Option<f64>,
    /// Tank the shared tank's cost is scaled from (default housing.yaml: the single-house
    /// system).
    #[serde(default)]
    pub tank_scale_basis: Option<crate::housing::TankScaleBasis>,
    /// Buried pipe per dwelling, m.
    #[serde(default)]
    pub pipe_m_per_dwelling: Option<f64>,
    /// Study method: annual irradiation on the tilted plane, GJ/m²·yr.
    #[serde(default)]
    pub annual_irradiation_gj_m2: Option<f64>,
    /// Study method: PV yield, kWh/kWp·yr.
    #[serde(default)]
    pub pv_yield_kwh_per_kwp: Option<f64>,
    /// Study method: solar-thermal system efficiency.
    #[serde(default)]
    pub solar_thermal_efficiency: Option<f64>,
    /// Study method: aggregation saving on collector and tank.
    #[serde(default)]
    pub aggregation_saving: Option<f64>,
    /// Study method: usable tank swing, K.
    #[serde(default)]
    pub tank_swing_k: Option<f64>,
    /// Electricity price, ¥/kWh.
    #[serde(default)]
    pub electricity_yen_per_kwh: Option<f64>,
    /// Sell-back price, ¥/kWh.
    #[serde(default)]
    pub sellback_yen_per_kwh: Option<f64>,
    /// Gas price, ¥/MJ.
    #[serde(default)]
    pub gas_yen_per_mj: Option<f64>,
    /// PV system cost, ¥/kW.
    #[serde(default)]
    pub pv_yen_per_kw: Option<f64>,
    /// How non-dwelling uses are counted (default `plant`).
    #[serde(default)]
    pub facility_energy: Option<FacilityEnergy>,
    /// Roof groups (default: one per use of the alternative).
    #[serde(default)]
    pub roof_groups: Vec<RoofGroupSpec>,
    /// Seed of the simulated households (default from housing.yaml).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Hourly weather read by `pipeline::prepare` from `weather_epw` / `weather_csv`.
    #[serde(skip)]
    pub weather: Option<Arc<Weather>>,
}

/// A `kind: solar_cluster` system as written in the case file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SolarClusterSpec {
    /// Identifier (unique in the alternative).
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<crate::i18n::Local>,
    /// Cluster parameters (every one optional; defaults from housing.yaml).
    #[serde(default)]
    pub cluster: ClusterSpec,
    /// Interest override (default housing.yaml `economics.interest`).
    #[serde(default)]
    pub interest: Option<f64>,
    /// Lifetime override, years (default housing.yaml `economics.lifetime_years`).
    #[serde(default)]
    pub years: Option<f64>,
}

impl Plant for SolarClusterSpec {
    fn id(&self) -> &str {
        &self.id
    }

    fn name(&self) -> Option<&crate::i18n::Local> {
        self.name.as_ref()
    }

    fn kind(&self) -> SystemKind {
        SystemKind::SolarCluster
    }

    /// Check the values against their ranges and the housing data (`path`: the system's
    /// field path).
    fn check(&self, path: &str, lib: &Library, map: &SourceMap) -> Result<()> {
        check_finance(&Checker { path, map }, self.interest, self.years)?;
        validate(&self.cluster, &lib.housing)
            .map_err(|(field, msg)| map.error(&format!("{path}.cluster.{field}"), msg))
    }

    fn evaluate(&self, input: &SupplyInput, _shared: &mut Shared) -> SystemResult {
        super::evaluate(input, self)
    }

    /// The values the case file set instead of a default, as (field, value).
    fn overrides(&self) -> Vec<(String, String)> {
        let mut out = vec![];
        if let Some(x) = self.interest {
            out.push(("interest".to_string(), x.to_string()));
        }
        if let Some(x) = self.years {
            out.push(("years".to_string(), x.to_string()));
        }
        out
    }
}

impl SolarClusterSpec {
    /// The cluster parameters the case file set, as (`cluster.<field>`, value as JSON), in
    /// field-name order.
    pub fn cluster_overrides(&self) -> Vec<(String, String)> {
        let Ok(serde_json::Value::Object(m)) = serde_json::to_value(&self.cluster) else {
            return vec![];
        };
        m.into_iter()
            .filter(|(_, v)| !(v.is_null() || v.as_array().is_some_and(|a| a.is_empty())))
            .map(|(k, v)| (format!("cluster.{k}"), v.to_string()))
            .collect()
    }
}

/// The values a `solar_cluster` system is evaluated with: the case file's `cluster:`
/// parameters over the housing.yaml defaults, and the defaults its formulas use that the
/// case cannot override (so the report prints them from the result).
#[derive(Debug, Clone, Serialize)]
pub struct ClusterInputs {
    /// Dwellings per shared heat store (1 = single-house systems).
    pub houses: u32,
    /// Demand-reduction package id.
    pub package: String,
    /// Built-in approximate climate.
    pub location: String,
    /// Panel tilt, °.
    pub tilt_deg: f64,
    /// Panel azimuth, ° (0 = south, west +).
    pub azimuth_deg: f64,
    /// Collector model of the hourly simulation.
    pub collector_model: CollectorModel,
    /// Heat-store model of the hourly simulation.
    pub tank_model: TankModel,
    /// Pipes laid together with the water mains in the base works.
    pub co_trenched: bool,
    /// Share of the pipe civil cost saved by co-trenching.
    pub co_trenching_saving: f64,
    /// Buried pipe per dwelling, m.
    pub pipe_m_per_dwelling: f64,
    /// Study method: annual irradiation on the tilted plane, GJ/m²·yr.
    pub annual_irradiation_gj_m2: f64,
    /// Study method: PV yield, kWh/kWp·yr.
    pub pv_yield_kwh_per_kwp: f64,
    /// Study method: solar-thermal system efficiency.
    pub solar_thermal_efficiency: f64,
    /// Study method: aggregation saving on collector and tank.
    pub aggregation_saving: f64,
    /// Study method: usable tank swing, K.
    pub tank_swing_k: f64,
    /// Study method: months with space heating.
    pub heating_months: usize,
    /// Heat capacity of water, kJ/(L·K).
    pub water_heat_capacity_kj_per_lk: f64,
    /// Electricity price, ¥/kWh.
    pub electricity_yen_per_kwh: f64,
    /// Sell-back price, ¥/kWh.
    pub sellback_yen_per_kwh: f64,
    /// Gas price, ¥/MJ.
    pub gas_yen_per_mj: f64,
    /// PV system cost, ¥/kW.
    pub pv_yen_per_kw: f64,
    /// Generic solar water heater: collector area, m², and cost, ¥.
    pub generic_collector_m2: f64,
    /// Generic collector cost, ¥.
    pub generic_collector_yen: f64,
    /// Generic tank volume, L.
    pub generic_tank_l: f64,
    /// Generic tank cost, ¥.
    pub generic_tank_yen: f64,
    /// Scale exponent of shared tank costs.
    pub tank_scale_exponent: f64,
    /// Tank the shared tank's cost is scaled from.
    pub tank_scale_basis: crate::housing::TankScaleBasis,
    /// Collector–tank piping of a house, ¥.
    pub house_piping_yen: f64,
    /// Buried pipe, ¥/m.
    pub buried_pipe_yen_per_m: f64,
    /// Civil share of the buried pipe cost.
    pub pipe_civil_share: f64,
    /// O&M share of initial cost per year.
    pub om_share: f64,
    /// COP of the displaced electric cooling (surplus heat).
    pub displaced_cooling_cop: f64,
    /// How non-dwelling uses are counted.
    pub facility_energy: FacilityEnergy,
    /// Seed of the simulated households.
    pub seed: u64,
    /// Interest of the annuity.
    pub interest: f64,
    /// Lifetime, years.
    pub lifetime_years: f64,
}

impl ClusterInputs {
    /// The cluster parameters of `sys` over the housing data `d`.
    pub fn resolve(d: &HousingData, sys: &SolarClusterSpec) -> ClusterInputs {
        let s = &sys.cluster;
        let sm = &d.study_method;
        let c = &d.costs;
        ClusterInputs {
            interest: sys.interest.unwrap_or(d.economics.interest.value),
            lifetime_years: sys.years.unwrap_or(d.economics.lifetime_years.value),
            houses: s.houses.unwrap_or(sm.houses_per_cluster.value as u32),
            package: s
                .package
                .clone()
                .unwrap_or_else(|| d.cluster_defaults.package.value.clone()),
            location: s
                .location
                .clone()
                .unwrap_or_else(|| d.cluster_defaults.location.value.clone()),
            tilt_deg: s.tilt_deg.unwrap_or(d.solar.tilt_deg.value),
            azimuth_deg: s.azimuth_deg.unwrap_or(d.solar.azimuth_deg.value),
            collector_model: s.collector_model.unwrap_or_default(),
            tank_model: s.tank_model.unwrap_or_default(),
            co_trenched: s.co_trenched.unwrap_or(false),
            co_trenching_saving: s.co_trenching_saving.unwrap_or(c.co_trenching_saving.value),
            pipe_m_per_dwelling: s
                .pipe_m_per_dwelling
                .unwrap_or(sm.buried_pipe_m_per_dwelling.value),
            annual_irradiation_gj_m2: s
                .annual_irradiation_gj_m2
                .unwrap_or(sm.annual_irradiation_gj_m2.value),
            pv_yield_kwh_per_kwp: s
                .pv_yield_kwh_per_kwp
                .unwrap_or(sm.pv_yield_kwh_per_kwp.value),
            solar_thermal_efficiency: s
                .solar_thermal_efficiency
                .unwrap_or(sm.solar_thermal_efficiency.value),
            aggregation_saving: s.aggregation_saving.unwrap_or(sm.aggregation_saving.value),
            tank_swing_k: s.tank_swing_k.unwrap_or(sm.tank_swing_k.value),
            heating_months: sm.heating_months.value.len(),
            water_heat_capacity_kj_per_lk: sm.water_heat_capacity_kj_per_lk.value,
            electricity_yen_per_kwh: s
                .electricity_yen_per_kwh
                .unwrap_or(d.economics.electricity_yen_per_kwh.value),
            sellback_yen_per_kwh: s
                .sellback_yen_per_kwh
                .unwrap_or(d.economics.sellback_yen_per_kwh.value),
            gas_yen_per_mj: s.gas_yen_per_mj.unwrap_or(d.economics.gas_yen_per_mj.value),
            pv_yen_per_kw: s.pv_yen_per_kw.unwrap_or(c.pv_yen_per_kw.value),
            generic_collector_m2: c.generic_collector_m2.value,
            generic_collector_yen: c.generic_collector_yen.value,
            generic_tank_l: c.generic_tank_l.value,
            generic_tank_yen: c.generic_tank_yen.value,
            tank_scale_exponent: c.tank_scale_exponent.value,
            tank_scale_basis: s.tank_scale_basis.unwrap_or(c.tank_scale_basis.value),
            house_piping_yen: c.house_piping_yen.value,
            buried_pipe_yen_per_m: c.buried_pipe_yen_per_m.value,
            pipe_civil_share: c.pipe_civil_share.value,
            om_share: d.economics.om_share.value,
            displaced_cooling_cop: d.economics.displaced_cooling_cop.value,
            facility_energy: s.facility_energy.unwrap_or_default(),
            seed: s.seed.unwrap_or(d.simulation.cluster_seed.value as u64),
        }
    }
}

impl ClusterInputs {
    /// The cost variant the inputs describe: single-house systems, or a cluster laid in its
    /// own trench or with the water mains.
    pub fn variant(&self) -> Variant {
        if self.houses <= 1 {
            Variant::Single
        } else if self.co_trenched {
            Variant::ClusterCoTrenched
        } else {
            Variant::Cluster
        }
    }
}

/// A household-type mix chosen in the case file: by id or as shares by type.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum HouseholdMixChoice {
    /// An id of housing.yaml `household_mixes`.
    Named(String),
    /// Shares of dwellings by household type id.
    Shares(std::collections::BTreeMap<String, f64>),
}

impl HouseholdMixChoice {
    /// The shares this choice stands for (a known id; validated before).
    pub fn shares<'a>(&'a self, d: &'a HousingData) -> &'a std::collections::BTreeMap<String, f64> {
        match self {
            HouseholdMixChoice::Named(id) => d
                .household_mixes
                .get(id)
                .map_or_else(|| d.default_mix(), |m| &m.shares),
            HouseholdMixChoice::Shares(s) => s,
        }
    }
}

/// Check a cluster spec against the data (package, location, ranges); `path` is the
/// field path of the spec. Returns (field, message) of the first problem.
pub fn validate(spec: &ClusterSpec, d: &HousingData) -> std::result::Result<(), (String, String)> {
    let bad = |f: &str, m: String| Err((f.to_string(), m));
    if let Some(pk) = &spec.package {
        if !d.packages.contains_key(pk) {
            let names: Vec<&str> = d.packages.keys().map(String::as_str).collect();
            let hint = crate::case::did_you_mean(pk, names.iter().copied())
                .map(|b| format!(" — did you mean `{b}`?"))
                .unwrap_or_default();
            return bad(
                "package",
                format!("unknown package `{pk}`{hint}; known: {}", names.join(", ")),
            );
        }
    }
    match &spec.household_mix {
        Some(HouseholdMixChoice::Named(id)) if !d.household_mixes.contains_key(id) => {
            let names: Vec<&str> = d.household_mixes.keys().map(String::as_str).collect();
            let hint = crate::case::did_you_mean(id, names.iter().copied())
                .map(|b| format!(" — did you mean `{b}`?"))
                .unwrap_or_default();
            return bad(
                "household_mix",
                format!(
                    "unknown household mix `{id}`{hint}; known: {}",
                    names.join(", ")
                ),
            );
        }
        Some(HouseholdMixChoice::Shares(s)) => {
            if let Err(e) = d.check_mix(s) {
                return bad("household_mix", e);
            }
        }
        _ => {}
    }
    if let Some(l) = &spec.location {
        if !d.locations.contains_key(l) {
            let names: Vec<&str> = d.locations.keys().map(String::as_str).collect();
            let hint = crate::case::did_you_mean(l, names.iter().copied())
                .map(|b| format!(" — did you mean `{b}`?"))
                .unwrap_or_default();
            return bad(
                "location",
                format!(
                    "unknown location `{l}`{hint}; built-in (approximate): {}",
                    names.join(", ")
                ),
            );
        }
    }
    if spec.weather_epw.is_some() && spec.weather_csv.is_some() {
        return bad(
            "weather_csv",
            "give either weather_epw or weather_csv, not both".into(),
        );
    }
    if let Some(h) = spec.houses {
        if !(1..=500).contains(&h) {
            return bad(
                "houses",
                format!("dwellings per heat store must be 1–500, got {h}"),
            );
        }
    }
    let ranges: [(&str, Option<f64>, f64, f64); 16] = [
        ("latitude", spec.latitude, -90.0, 90.0),
        ("longitude", spec.longitude, -180.0, 180.0),
        ("tilt_deg", spec.tilt_deg, 0.0, 90.0),
        ("azimuth_deg", spec.azimuth_deg, -180.0, 180.0),
        ("co_trenching_saving", spec.co_trenching_saving, 0.0, 1.0),
        ("pipe_m_per_dwelling", spec.pipe_m_per_dwelling, 0.0, 500.0),
        (
            "annual_irradiation_gj_m2",
            spec.annual_irradiation_gj_m2,
            0.5,
            10.0,
        ),
        (
            "pv_yield_kwh_per_kwp",
            spec.pv_yield_kwh_per_kwp,
            100.0,
            3000.0,
        ),
        (
            "solar_thermal_efficiency",
            spec.solar_thermal_efficiency,
            0.01,
            1.0,
        ),
        ("aggregation_saving", spec.aggregation_saving, 0.0, 0.95),
        ("tank_swing_k", spec.tank_swing_k, 5.0, 80.0),
        (
            "electricity_yen_per_kwh",
            spec.electricity_yen_per_kwh,
            0.0,
            1000.0,
        ),
        (
            "sellback_yen_per_kwh",
            spec.sellback_yen_per_kwh,
            0.0,
            1000.0,
        ),
        ("gas_yen_per_mj", spec.gas_yen_per_mj, 0.0, 100.0),
        ("pv_yen_per_kw", spec.pv_yen_per_kw, 0.0, 5_000_000.0),
        ("pipe_m_per_dwelling", spec.pipe_m_per_dwelling, 0.0, 500.0),
    ];
    for (f, v, lo, hi) in ranges {
        if let Some(x) = v {
            if !x.is_finite() || x < lo || x > hi {
                return bad(f, format!("must be in [{lo}, {hi}], got {x}"));
            }
        }
    }
    for (i, g) in spec.roof_groups.iter().enumerate() {
        let p = format!("roof_groups[{i}]");
        if g.uses.is_empty() && g.floor_m2.is_none() && g.footprint_m2.is_none() {
            return bad(
                &p,
                "a roof group needs `uses`, `floor_m2` or `footprint_m2`".into(),
            );
        }
        for (f, v) in [
            ("floor_m2", g.floor_m2),
            ("footprint_m2", g.footprint_m2),
            ("required_m2", g.required_m2),
        ] {
            if let Some(m) = v.and_then(|x| limits::out_of_range(x, 0.0, limits::MAX_AREA_M2, "m²"))
            {
                return bad(&format!("{p}.{f}"), m);
            }
        }
        for (f, v, max) in [
            ("storeys", g.storeys, limits::MAX_STOREYS),
            ("common_parts", g.common_parts, limits::MAX_SCALE),
        ] {
            if let Some(x) = v {
                if !x.is_finite() || x <= 0.0 || x > max {
                    return bad(
                        &format!("{p}.{f}"),
                        format!("must be in (0, {max}], got {x}"),
                    );
                }
            }
        }
        if spec.roof_groups[..i].iter().any(|o| o.id == g.id) {
            return bad(
                &format!("{p}.id"),
                format!("duplicate roof group `{}`", g.id),
            );
        }
    }
    Ok(())
}
