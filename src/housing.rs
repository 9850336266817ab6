//! Built-in data for low-density housing (`src/data/housing.yaml`): per-dwelling energy by
//! end use (loads.md §8), demand-reduction packages (residential-b.md §3), household types,
//! solar resource, PV / collector defaults and the 20-house cluster's sizing, cost and price
//! inputs. Every value carries its source; [`HousingData::assumptions`] lists them all for
//! the report's assumptions appendix.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const HOUSING_YAML: &str = include_str!("data/housing.yaml");

/// A number with unit and source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// Value.
    pub value: f64,
    /// Unit as printed.
    #[serde(default)]
    pub unit: String,
    /// Source or "assumption: …".
    pub source: String,
}

/// A list of numbers with its source (monthly weights, months).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ParamList {
    /// Values.
    pub value: Vec<f64>,
    /// Unit as printed.
    #[serde(default)]
    pub unit: String,
    /// Source.
    pub source: String,
}

/// Carrier a dwelling buys for an end use in BAU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndUseCarrier {
    /// Grid electricity (energy given as primary energy).
    Electricity,
    /// City gas (energy given as gas input).
    Gas,
}

/// One end use of a dwelling (loads.md §8).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EndUse {
    /// Japanese label.
    pub label_ja: String,
    /// Annual energy, GJ per dwelling (consumption basis).
    pub gj: f64,
    /// Published CO2, kg per dwelling·yr (a check on the mechanism).
    pub kg_co2: f64,
    /// BAU carrier.
    pub carrier: EndUseCarrier,
    /// Load of the library's housing use whose hourly shape the end use follows.
    pub load: crate::carrier::Carrier,
}

/// One named measure of a package.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Name.
    pub name: String,
    /// Japanese name.
    pub name_ja: String,
    /// Emission after the measure (base = 1).
    pub factor: f64,
}

/// A demand-reduction package.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// Label (the report's text is the catalogue's `housing.package.<id>`).
    pub label: String,
    /// Source.
    pub source: String,
    /// Measures per end use.
    pub measures: BTreeMap<String, Vec<Measure>>,
}

impl Package {
    /// Combined factor of an end use (product of its measures; 1 without measures).
    pub fn factor(&self, end_use: &str) -> f64 {
        self.measures
            .get(end_use)
            .map_or(1.0, |m| m.iter().map(|x| x.factor).product())
    }
}

/// A household type of the stochastic model.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdType {
    /// Label.
    pub label: String,
    /// Japanese label.
    pub label_ja: String,
    /// Persons.
    pub persons: u32,
    /// Someone at home all day.
    pub home_all_day: bool,
    /// Weekday wake time, h.
    pub wake: f64,
    /// Time the household leaves, h (ignored when home all day).
    pub leave: f64,
    /// Time it returns, h.
    pub r#return: f64,
    /// Bedtime, h (may exceed 24).
    pub bed: f64,
    /// Mean consumption relative to the average dwelling.
    pub scale: f64,
    /// Log-normal σ of consumption within the type.
    pub spread: f64,
}

/// Behaviour parameters of the hourly household model (housing.yaml `household_model`;
/// every one an assumption with its reason in the file). The population mean of each end
/// use is calibrated to §8 and to the library's housing shapes, so these set the spread
/// between households and days, not the average.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdModelData {
    /// Day-to-day σ of schedule times, h.
    pub schedule_jitter_h: Param,
    /// σ of a household's own schedule offset, h.
    pub household_offset_h: Param,
    /// Clip of a household's own offset, ± h.
    pub household_offset_max_h: Param,
    /// Weekend wake delay, h.
    pub weekend_wake_delay_h: Param,
    /// Probability of an outing on a Saturday, Sunday or holiday.
    pub outing_probability_weekend: Param,
    /// Probability of an outing on a weekday for a household at home.
    pub outing_probability_weekday_home: Param,
    /// Window of outing start times [from, to], h.
    pub outing_start_h: ParamList,
    /// Range of outing durations [min, max], h.
    pub outing_duration_h: ParamList,
    /// Log-normal σ of the propensity to heat.
    pub heat_propensity_sigma: Param,
    /// Log-normal σ of the propensity to cool.
    pub cool_propensity_sigma: Param,
    /// Length of the morning warm-up after waking, h.
    pub heating_wake_window_h: Param,
    /// Heating weight of the morning warm-up, ×.
    pub heating_wake_weight: Param,
    /// Heating per hour asleep relative to an awake hour.
    pub heating_asleep_share: Param,
    /// Hot afternoon hours [from, to), h.
    pub cooling_afternoon_h: ParamList,
    /// Cooling weight of the hot afternoon, ×.
    pub cooling_afternoon_weight: Param,
    /// End of the cool morning, h.
    pub cooling_morning_end_h: Param,
    /// Cooling weight of the cool morning, ×.
    pub cooling_morning_weight: Param,
    /// Cooling per hour asleep relative to an awake hour.
    pub cooling_asleep_share: Param,
    /// Lighting per awake daylight hour relative to after dark.
    pub lighting_daylight_share: Param,
    /// Latitude of sunrise and sunset for lighting, °N.
    pub daylight_latitude_deg: Param,
    /// Constant share of appliance electricity.
    pub base_share_appliances: Param,
    /// Evening hours of appliance use [from, to), h.
    pub evening_h: ParamList,
    /// Evening weight of appliance use.
    pub evening_weight: Param,
    /// Gamma shape of hourly noise.
    pub hourly_noise_shape: Param,
    /// Laundry/cleaning events per day.
    pub laundry_per_day: Param,
    /// Energy per event, kWh.
    pub laundry_kwh: Param,
    /// Appliance energy of one hour of mean activity, kWh.
    pub activity_kwh_per_h: Param,
    /// Cooking energy of breakfast, lunch, dinner (relative).
    pub meal_energy: ParamList,
    /// Dinner cooking in the hour before and the hour of the meal.
    pub dinner_split: ParamList,
    /// Preparation an hour before dinner when someone is home (relative).
    pub dinner_prep_energy: Param,
    /// Dinner after a working household returns, h.
    pub dinner_after_return_h: Param,
    /// Earliest dinner of a working household, h.
    pub dinner_earliest_h: Param,
    /// Dinner time of a household at home, h.
    pub dinner_home_h: Param,
    /// Probability of a bath per day.
    pub bath_probability: Param,
    /// Earliest bath, h.
    pub bath_earliest_h: Param,
    /// Hot water of a bath fill (relative).
    pub bath_fill: Param,
    /// Extra bath hot water per additional person (relative).
    pub bath_per_extra_person: Param,
    /// Top-up in the following hour per additional person (relative).
    pub bath_topup_per_extra_person: Param,
    /// Morning shower probability per person and day.
    pub shower_probability: Param,
    /// Hot water of a shower (relative).
    pub shower_energy: Param,
    /// Washing-up hot water after breakfast and dinner (relative × √persons).
    pub kitchen_hot_water: ParamList,
    /// Small hot-water draws per awake hour at home (relative).
    pub hot_water_awake_draw: Param,
    /// Hot water in every hour from late bathers and bath reheating (relative).
    pub hot_water_night: Param,
    /// Appliance activity per hour asleep relative to an awake hour.
    pub appliance_asleep_share: Param,
    /// Bath before bedtime [min, max], h.
    pub bath_before_bed_h: ParamList,
    /// Earliest bath after dinner, h.
    pub bath_after_dinner_min_h: Param,
    /// Later bedtime on Saturdays, Sundays and holidays, h.
    pub weekend_bed_delay_h: Param,
    /// Shower time after waking [min, max], h.
    pub shower_after_wake_h: ParamList,
    /// Normalisation sample size.
    pub normalisation_households: Param,
    /// Normalisation seed.
    pub normalisation_seed: Param,
}

/// A mix of household types: shares of dwellings by type id, summing to 1.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdMix {
    /// Label.
    pub label: String,
    /// Japanese label.
    pub label_ja: String,
    /// Share of dwellings by household type id.
    pub shares: BTreeMap<String, f64>,
    /// Source.
    pub source: String,
}

/// Levelling-curve settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LevellingData {
    /// Monte Carlo draws per N.
    pub replicates: Param,
}

/// Built-in approximate climate of a city.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Label (says "approximate").
    pub label: String,
    /// Latitude, ° north.
    pub latitude: f64,
    /// Longitude, ° east.
    pub longitude: f64,
    /// Monthly mean daily global horizontal irradiation, MJ/m²·day.
    pub ghi_mj_m2_day: Vec<f64>,
    /// Monthly mean air temperature, °C.
    pub temp_c: Vec<f64>,
    /// Source.
    pub source: String,
}

/// Solar-resource defaults.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SolarData {
    /// Panel/collector tilt, °.
    pub tilt_deg: Param,
    /// Azimuth, ° (0 = south, west positive).
    pub azimuth_deg: Param,
    /// Ground albedo.
    pub ground_albedo: Param,
    /// σ of the daily clearness index.
    pub daily_clearness_sd: Param,
    /// Lag-1 autocorrelation of daily clearness.
    pub daily_clearness_autocorrelation: Param,
    /// Daily temperature half-amplitude, K.
    pub daily_temp_amplitude_k: Param,
    /// Seed of the synthetic weather.
    pub weather_seed: Param,
}

/// PV defaults.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PvData {
    /// kWp per m² of panel.
    pub kwp_per_m2: Param,
    /// Power temperature coefficient, 1/K.
    pub temp_coefficient_per_k: Param,
    /// NOCT, °C.
    pub noct_c: Param,
    /// DC-side system losses.
    pub system_losses: Param,
    /// Inverter efficiency.
    pub inverter_efficiency: Param,
}

/// Solar collector defaults (EN ISO 9806 quadratic efficiency curve).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CollectorData {
    /// Optical efficiency.
    pub eta0: Param,
    /// Linear loss coefficient, W/(m²·K).
    pub a1_w_m2k: Param,
    /// Quadratic loss coefficient, W/(m²·K²).
    pub a2_w_m2k2: Param,
    /// Pump electricity per kWh collected.
    pub pump_kwh_per_kwh: Param,
}

/// Parameters of the study's annual/monthly sizing method.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StudyMethod {
    /// Annual irradiation on the tilted plane, GJ/m²·yr.
    pub annual_irradiation_gj_m2: Param,
    /// Solar-thermal system efficiency.
    pub solar_thermal_efficiency: Param,
    /// PV yield, kWh/kWp·yr.
    pub pv_yield_kwh_per_kwp: Param,
    /// Months with space heating.
    pub heating_months: ParamList,
    /// Usable tank temperature swing, K.
    pub tank_swing_k: Param,
    /// The study's aggregation saving on collector and tank.
    pub aggregation_saving: Param,
    /// Dwellings per cluster.
    pub houses_per_cluster: Param,
    /// Buried pipe per dwelling, m.
    pub buried_pipe_m_per_dwelling: Param,
    /// Heat capacity of water, kJ/(L·K).
    pub water_heat_capacity_kj_per_lk: Param,
}

/// Hourly-simulation parameters.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SimulationData {
    /// Lowest useful tank temperature, °C.
    pub delivery_temp_c: Param,
    /// Tank room temperature, °C.
    pub room_temp_c: Param,
    /// Return (cold-side) temperature of a stratified store, °C.
    pub return_temp_c: Param,
    /// Ground temperature at pipe depth, °C.
    pub ground_temp_c: Param,
    /// Tank U-value, W/(m²·K).
    pub tank_u_w_m2k: Param,
    /// Buried pipe heat loss per m of trench per K.
    pub pipe_u_w_mk: Param,
    /// Default seed of the simulated cluster's households.
    pub cluster_seed: Param,
}

/// Which tank a shared cluster tank's cost is scaled from (0.7-power rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TankScaleBasis {
    /// The single-house system sized for 100 % of heat, priced linearly from the generic
    /// product (the study's basis, residential-b.md §5).
    #[default]
    SingleHouse,
    /// The generic 200 L product itself.
    GenericProduct,
}

/// Cost inputs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CostData {
    /// Generic product collector area, m².
    pub generic_collector_m2: Param,
    /// Generic product tank, L.
    pub generic_tank_l: Param,
    /// Generic collector cost, ¥.
    pub generic_collector_yen: Param,
    /// Generic tank cost, ¥.
    pub generic_tank_yen: Param,
    /// Collector–tank piping of a house, ¥.
    pub house_piping_yen: Param,
    /// Tank cost scale exponent.
    pub tank_scale_exponent: Param,
    /// Tank the shared tank's cost is scaled from.
    pub tank_scale_basis: crate::sourced::Sourced<TankScaleBasis>,
    /// Buried pipe, ¥/m.
    pub buried_pipe_yen_per_m: Param,
    /// Civil share of the buried pipe cost.
    pub pipe_civil_share: Param,
    /// Share of civil cost saved by co-trenching.
    pub co_trenching_saving: Param,
    /// PV system, ¥/kW.
    pub pv_yen_per_kw: Param,
}

/// Prices and finance.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EconomicsData {
    /// Purchased electricity, ¥/kWh.
    pub electricity_yen_per_kwh: Param,
    /// Sell-back, ¥/kWh.
    pub sellback_yen_per_kwh: Param,
    /// City gas, ¥/MJ.
    pub gas_yen_per_mj: Param,
    /// O&M share of initial cost per year.
    pub om_share: Param,
    /// Interest.
    pub interest: Param,
    /// Lifetime, years.
    pub lifetime_years: Param,
    /// Absorption chiller COP on surplus solar heat.
    pub absorption_cop: Param,
    /// COP of the displaced electric cooling.
    pub displaced_cooling_cop: Param,
}

/// Footprint rule of a use.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoofRule {
    /// Storeys.
    pub storeys: f64,
    /// Common-parts factor.
    pub common_parts: f64,
    /// Source.
    pub source: String,
}

/// Defaults of a `solar_cluster` system that are choices rather than physics.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterDefaults {
    /// Demand-reduction package id.
    pub package: crate::sourced::SourcedText,
    /// Built-in climate id.
    pub location: crate::sourced::SourcedText,
    /// Households of the levelling curve (1 to this).
    pub levelling_households: Param,
    /// Dwelling counts of the coincidence table.
    pub coincidence_households: ParamList,
    /// Months (1–12) in which surplus solar heat cools the facilities.
    pub surplus_cooling_months: ParamList,
}

/// How a facility's intensity of a carrier is read on the consumption basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsumptionBasis {
    /// Electricity given as primary energy.
    ElectricityPrimary,
    /// Gas input.
    Gas,
    /// Delivered electricity.
    Electricity,
}

/// The housing data file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HousingData {
    /// Format version.
    pub version: u32,
    /// End uses per dwelling.
    pub end_uses: BTreeMap<String, EndUse>,
    /// Source of the end-use table.
    pub end_use_source: String,
    /// Primary-energy factor of the consumption basis, MJ/kWh.
    pub consumption_primary_mj_per_kwh: Param,
    /// How heat is counted.
    pub heat_basis_note: String,
    /// How heat is counted, in Japanese.
    pub heat_basis_note_ja: String,
    /// Demand-reduction packages.
    pub packages: BTreeMap<String, Package>,
    /// End uses PV covers.
    pub pv_end_uses: Vec<String>,
    /// End uses solar heat covers.
    pub solar_heat_end_uses: Vec<String>,
    /// Source of the household types.
    pub household_types_source: String,
    /// Household types.
    pub household_types: BTreeMap<String, HouseholdType>,
    /// Library use whose hourly shapes the household model's mean follows.
    pub household_shape_use: String,
    /// Id of the default household-type mix.
    pub household_mix_default: String,
    /// Household-type mixes by id.
    pub household_mixes: BTreeMap<String, HouseholdMix>,
    /// Model behaviour parameters.
    pub household_model: HouseholdModelData,
    /// Levelling settings.
    pub levelling: LevellingData,
    /// Built-in locations.
    pub locations: BTreeMap<String, Location>,
    /// Solar defaults.
    pub solar: SolarData,
    /// PV defaults.
    pub pv: PvData,
    /// Collector defaults.
    pub collector: CollectorData,
    /// Study method.
    pub study_method: StudyMethod,
    /// Simulation.
    pub simulation: SimulationData,
    /// Costs.
    pub costs: CostData,
    /// Economics.
    pub economics: EconomicsData,
    /// Footprint rules by use (`default` for others).
    pub roof_rules: BTreeMap<String, RoofRule>,
    /// Usable share of the footprint.
    pub usable_roof_share: Param,
    /// Facility carriers on the consumption basis.
    pub facility_consumption_basis: BTreeMap<String, ConsumptionBasis>,
    /// Source of that basis.
    pub facility_consumption_source: String,
    /// Defaults of a solar-cluster system.
    pub cluster_defaults: ClusterDefaults,
}

/// A row of the assumptions appendix: group, item, value, unit, source, and the item in
/// Japanese where the data file gives it.
pub type AssumptionRow = (String, String, String, String, String, Option<String>);

impl HousingData {
    /// Parse the built-in file and check its invariants (tested).
    pub fn builtin() -> Result<HousingData, String> {
        let d: HousingData = serde_yaml::from_str(HOUSING_YAML)
            .map_err(|e| format!("built-in housing.yaml: {e}"))?;
        d.check()?;
        Ok(d)
    }

    fn check(&self) -> Result<(), String> {
        for (id, m) in &self.household_mixes {
            self.check_mix(&m.shares)
                .map_err(|e| format!("housing.yaml: household mix {id}: {e}"))?;
        }
        if !self
            .household_mixes
            .contains_key(&self.household_mix_default)
        {
            return Err("housing.yaml: household_mix_default is not a mix".into());
        }
        for (id, p) in &self.packages {
            for eu in p.measures.keys() {
                if !self.end_uses.contains_key(eu) {
                    return Err(format!("housing.yaml: package {id}: unknown end use {eu}"));
                }
            }
        }
        for eu in self.pv_end_uses.iter().chain(&self.solar_heat_end_uses) {
            if !self.end_uses.contains_key(eu) {
                return Err(format!("housing.yaml: unknown end use {eu}"));
            }
        }
        for (id, l) in &self.locations {
            if l.ghi_mj_m2_day.len() != 12 || l.temp_c.len() != 12 {
                return Err(format!(
                    "housing.yaml: location {id} needs 12 monthly values"
                ));
            }
        }
        let cd = &self.cluster_defaults;
        if !self.packages.contains_key(&cd.package.value)
            || !self.locations.contains_key(&cd.location.value)
        {
            return Err(
                "housing.yaml: cluster_defaults name an unknown package or location".into(),
            );
        }
        if !self.roof_rules.contains_key("default") {
            return Err("housing.yaml: roof_rules.default missing".into());
        }
        Ok(())
    }

    /// Check a household-type mix: known types, shares in [0, 1] summing to 1.
    pub fn check_mix(&self, shares: &BTreeMap<String, f64>) -> Result<(), String> {
        for (t, v) in shares {
            if !self.household_types.contains_key(t) {
                let known: Vec<&str> = self.household_types.keys().map(|k| k.as_str()).collect();
                return Err(format!(
                    "unknown household type `{t}`; known: {}",
                    known.join(", ")
                ));
            }
            if !(v.is_finite() && (0.0..=1.0).contains(v)) {
                return Err(format!("share of `{t}` must be in [0, 1], got {v}"));
            }
        }
        let sum: f64 = shares.values().sum();
        if (sum - 1.0).abs() > 1e-3 {
            return Err(format!("shares must sum to 1, got {sum:.4}"));
        }
        Ok(())
    }

    /// The default household-type mix.
    pub fn default_mix(&self) -> &BTreeMap<String, f64> {
        &self.household_mixes[&self.household_mix_default].shares
    }

    /// Every sourced number of the file as assumption rows, in file order of sections.
    pub fn assumptions(&self) -> Vec<AssumptionRow> {
        let mut out = vec![];
        for (id, e) in &self.end_uses {
            out.push((
                "housing: end uses (BAU per dwelling)".into(),
                format!("{id} ({}), {:?}", e.label_ja, e.carrier).to_lowercase(),
                format!("{}", e.gj),
                "GJ/dwelling·yr".into(),
                self.end_use_source.clone(),
                None,
            ));
        }
        let v = serde_json::to_value(self).unwrap_or_default();
        let skip = [
            "end_uses",
            "packages",
            "household_types",
            "household_mixes",
            "locations",
        ];
        if let serde_json::Value::Object(m) = &v {
            for (k, sec) in m {
                if skip.contains(&k.as_str()) {
                    continue;
                }
                walk(k, k, sec, &mut out);
            }
        }
        for (id, p) in &self.packages {
            for (eu, ms) in &p.measures {
                for m in ms {
                    out.push((
                        format!("housing: package `{id}`"),
                        format!("{eu}: {}", m.name),
                        format!("{}", m.factor),
                        "× (emission after measure)".into(),
                        p.source.clone(),
                        self.end_uses
                            .get(eu)
                            .map(|e| format!("{}：{}", e.label_ja, m.name_ja)),
                    ));
                }
            }
        }
        for (id, m) in &self.household_mixes {
            let shares: Vec<String> = m.shares.iter().map(|(t, v)| format!("{t} {v}")).collect();
            out.push((
                "housing: household-type mixes".into(),
                format!("{id}: {}", m.label),
                shares.join(", "),
                "share of dwellings".into(),
                m.source.clone(),
                Some(m.label_ja.clone()),
            ));
        }
        for (id, t) in &self.household_types {
            out.push((
                "housing: household types".into(),
                format!("{id}: {}", t.label),
                format!("{} persons, scale {}, σ {}", t.persons, t.scale, t.spread),
                String::new(),
                self.household_types_source.clone(),
                Some(t.label_ja.clone()),
            ));
        }
        out
    }
}

fn walk(group: &str, path: &str, v: &serde_json::Value, out: &mut Vec<AssumptionRow>) {
    let serde_json::Value::Object(m) = v else {
        return;
    };
    if let (Some(val), Some(src)) = (m.get("value"), m.get("source")) {
        let value = match val {
            serde_json::Value::Array(a) => a
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            x => x.to_string(),
        };
        out.push((
            format!("housing: {group}"),
            path.to_string(),
            value,
            m.get("unit")
                .and_then(|u| u.as_str())
                .unwrap_or("")
                .to_string(),
            src.as_str().unwrap_or("").to_string(),
            None,
        ));
        return;
    }
    if let Some(serde_json::Value::String(src)) = m.get("source") {
        // A rule with a source but structured values (roof rules).
        let rest: Vec<String> = m
            .iter()
            .filter(|(k, _)| k.as_str() != "source")
            .map(|(k, x)| format!("{k} {x}"))
            .collect();
        out.push((
            format!("housing: {group}"),
            path.to_string(),
            rest.join(", "),
            String::new(),
            src.clone(),
            None,
        ));
        return;
    }
    for (k, x) in m {
        walk(group, &format!("{path}.{k}"), x, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_end_uses_sum_to_published_totals() {
        let d = HousingData::builtin().unwrap();
        let gj: f64 = d.end_uses.values().map(|e| e.gj).sum();
        let kg: f64 = d.end_uses.values().map(|e| e.kg_co2).sum();
        assert!((gj - 83.2).abs() < 1e-9, "{gj}");
        assert!((kg - 4711.0).abs() < 1e-9, "{kg}");
    }

    #[test]
    fn next_generation_package_factors() {
        let d = HousingData::builtin().unwrap();
        let p = &d.packages["next_generation"];
        assert!((p.factor("space_heating") - 0.55 * 0.8 * 0.75).abs() < 1e-12);
        assert!((p.factor("cooling") - 0.8 * 0.55 * 0.6).abs() < 1e-12);
        assert_eq!(p.factor("hot_water"), 1.0);
    }

    #[test]
    fn every_sourced_number_is_listed() {
        let d = HousingData::builtin().unwrap();
        let rows = d.assumptions();
        for key in [
            "costs.buried_pipe_yen_per_m",
            "study_method.aggregation_saving",
            "economics.sellback_yen_per_kwh",
            "pv.kwp_per_m2",
            "roof_rules.detached",
            "household_model.bath_probability",
        ] {
            assert!(rows.iter().any(|r| r.1 == key), "{key} missing");
        }
        assert!(rows.iter().all(|r| !r.4.is_empty()), "a row without source");
    }
}
