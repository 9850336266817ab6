//! Built-in defaults of unused-energy sources, parsed from `src/data/waste_heat.yaml`
//! (every value with its source; waste-heat.md).

use super::TemperatureClass;
use crate::sourced::{Sourced, SourcedFlag, SourcedText, SourcedWindow};
use crate::supply::data::PumpDesign;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const WASTE_HEAT_YAML: &str = include_str!("../../data/waste_heat.yaml");

/// How schemes are evaluated.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Horizon of the CO2 abatement cost, years.
    pub horizon_years: Sourced,
    /// Straight-line write-off of the study's annual balance, years.
    pub study_write_off_years: Sourced,
    /// Value of one tonne of CO2, ¥/t.
    pub co2_value_yen_per_t: Sourced,
    /// Price of electricity bought for transport pumps, ¥/kWh.
    pub electricity_yen_per_kwh: Sourced,
    /// Default subsidy share of the scheme's capital (0–1).
    pub subsidy_share: Sourced,
    /// The simple "x % of the main plant's energy" assumption compared against (0–1).
    pub simple_unused_share: Sourced,
}

/// Source output and reliability.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// Output swing of a source around its hourly mean (fraction).
    pub output_variation: Sourced,
    /// Operating reserve required, share of the daily heat delivered.
    pub reserve_share: Sourced,
    /// Power generation a source loses per kWh of heat exported, by default.
    pub lost_power_kwh_per_kwh: Sourced,
}

/// What temperature classes can serve.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Temperature {
    /// COP of hot-water (single-effect) absorption chillers on ≈ 80 °C heat.
    pub hot_water_absorption_cop: Sourced,
    /// Equipment id (supply.yaml) of the heat pump lifting low-temperature heat.
    pub low_temperature_heat_pump: SourcedText,
}

/// One pipe cost class.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PipeClass {
    /// Largest inner diameter of the class, m (`null`: every larger pipe).
    pub max_diameter_m: Option<f64>,
    /// In-place cost per metre of one pipe, ¥/m.
    pub yen_per_m_per_pipe: f64,
    /// Source.
    pub source: String,
}

/// Delivery by pipe.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PipeData {
    /// Heat carried by one kg of steam, kJ/kg.
    pub steam_kj_per_kg: Sourced,
    /// Specific volume of the delivered steam, m³/kg.
    pub steam_specific_volume_m3_per_kg: Sourced,
    /// Design velocity of steam, m/s.
    pub steam_velocity_m_per_s: Sourced,
    /// Allowed pressure drop of a steam line, kPa.
    pub steam_allowed_drop_kpa: Sourced,
    /// Supply/return ΔT of an 80 °C hot-water line, K.
    pub hot_water_dt_k: Sourced,
    /// ΔT of low-temperature source water, K.
    pub low_temperature_dt_k: Sourced,
    /// Heat loss of a hot-water pair, W per m of route.
    pub hot_water_heat_loss_w_per_m: Sourced,
    /// Heat loss of a low-temperature line, W per m of route.
    pub low_temperature_heat_loss_w_per_m: Sourced,
    /// Transfer pumps of water lines (design point without the line's friction head).
    pub transfer_pump: PumpDesign,
    /// Friction-gradient limit of water lines, Pa per m of pipe.
    pub water_max_drop_pa_per_m: Sourced,
    /// Largest diameter with a published cost, m (larger lines are flagged).
    pub largest_published_diameter_m: Sourced,
    /// Cost classes by diameter, ascending.
    pub cost_classes: Vec<PipeClass>,
    /// Steam lines return their condensate by default.
    pub condensate_return: SourcedFlag,
    /// Source-side and receiving equipment, ¥ per kW of peak transfer.
    pub equipment_yen_per_kw: Sourced,
    /// Other works as a share of equipment + piping.
    pub other_works_share: Sourced,
    /// Maintenance per year, share of equipment.
    pub maintenance_share_of_equipment: Sourced,
    /// One operator, ¥/yr.
    pub operator_yen_per_yr: Sourced,
    /// Administration, share of the net saving.
    pub administration_share_of_saving: Sourced,
    /// Value of power the source no longer sells, ¥/kWh.
    pub lost_power_yen_per_kwh: Sourced,
    /// Write-off period, years.
    pub life_years: Sourced,
    /// Steam lines get an accumulator by default.
    pub accumulator: SourcedFlag,
    /// Sources get a dedicated backup boiler by default.
    pub backup_boiler: SourcedFlag,
    /// Accumulator holding time, h.
    pub accumulator_hold_h: Sourced,
    /// Accumulator charging pressure, MPa abs.
    pub accumulator_p1_mpa: Sourced,
    /// Lowest delivery pressure, MPa abs.
    pub accumulator_p2_mpa: Sourced,
    /// Accumulator vessel cost, ¥/m³.
    pub accumulator_yen_per_m3: Sourced,
}

/// A phase-change material.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pcm {
    /// Price of one container, ¥.
    pub container_yen: f64,
    /// Discharged heat can drive hot-water absorption chillers.
    pub absorption: bool,
    /// Lowest source temperature class that can charge it.
    pub min_class: TemperatureClass,
    /// Source.
    pub source: String,
}

/// Delivery by PCM containers.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContainerData {
    /// Heat stored per container, kWh.
    pub capacity_kwh: Sourced,
    /// Charging rate, kW.
    pub charge_kw: Sourced,
    /// Largest discharge rate, kW.
    pub discharge_kw: Sourced,
    /// One-way transport time, h.
    pub transport_h: Sourced,
    /// Truck fuel economy, km/L.
    pub km_per_l: Sourced,
    /// Diesel price, ¥/L.
    pub diesel_yen_per_l: Sourced,
    /// Diesel CO2, kg/L.
    pub diesel_kg_co2_per_l: Sourced,
    /// Diesel heating value (primary energy), MJ/L.
    pub diesel_mj_per_l: Sourced,
    /// Pump power on each side, kW.
    pub pump_kw: Sourced,
    /// Pump load factor.
    pub pump_load: Sourced,
    /// Pump hours per side and delivery, h.
    pub pump_hours_per_side: Sourced,
    /// Maintenance, ¥ per container·yr.
    pub maintenance_yen_per_container_yr: Sourced,
    /// One driver, ¥/yr.
    pub driver_yen_per_yr: Sourced,
    /// Deliveries one driver handles per day.
    pub deliveries_per_driver_day: Sourced,
    /// Deliveries per day and source, at most.
    pub max_deliveries_per_day: Sourced,
    /// Hours of day trucks run, `[start, end)`.
    pub operating_hours: SourcedWindow,
    /// Most deliveries a container makes a day (the smallest fleet tried).
    pub deliveries_per_container_day: Sourced,
    /// Deliveries a year each container must average for the fleet to grow.
    pub min_deliveries_per_container_yr: Sourced,
    /// Supply-side equipment per set, ¥.
    pub supply_side_yen: Sourced,
    /// User-side equipment per set, ¥.
    pub user_side_yen: Sourced,
    /// One truck, ¥.
    pub truck_yen: Sourced,
    /// Write-off period, years.
    pub life_years: Sourced,
    /// Farthest user one source serves, km.
    pub max_distance_km: Sourced,
    /// PCM of containers unless the case names one.
    pub default_pcm: SourcedText,
    /// Phase-change materials by id.
    pub pcm: BTreeMap<String, Pcm>,
}

/// Container logistics: kukaku's defaults and the FS's conventions (options of a source's
/// `logistics:`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogisticsData {
    /// What one round trip carries.
    pub round_trip: Sourced<super::containers::RoundTrip>,
    /// How deliveries are planned.
    pub plan: Sourced<super::containers::PlanMethod>,
    /// How the fuel a delivery displaces is counted.
    pub credit: Sourced<super::containers::Credit>,
    /// The FS's rounding: below this need (containers/day) no delivery.
    pub rounding_zero_below: Sourced,
    /// The FS's rounding: above one container a day, round up from this fraction.
    pub rounding_up_fraction: Sourced,
    /// Containers kept at a user served every operating day.
    pub containers_at_daily_user: Sourced,
}

/// The FS's prices of a container scheme's accounting.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StudyAccountingData {
    /// City gas, ¥/m³.
    pub gas_yen_per_m3: Sourced,
    /// Electricity (pumps, substituted electricity), ¥/kWh.
    pub electricity_yen_per_kwh: Sourced,
}

/// Defaults of the monthly fuel-record methods (`crate::fuel_records`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FuelRecordData {
    /// Gas substitution: the hot-water base month.
    pub gas_substitution_base_month: Sourced,
    /// Electricity substitution: the month without air-conditioning.
    pub electricity_substitution_base_month: Sourced,
    /// Existing plant: hot-water efficiency.
    pub hot_water_efficiency: Sourced,
    /// Existing plant: heating efficiency.
    pub heating_efficiency: Sourced,
    /// Existing plant: cooling efficiency (gas absorption).
    pub cooling_efficiency: Sourced,
    /// Existing electric plant: COP.
    pub electric_cop: Sourced,
    /// COP of the transported heat for heating.
    pub heat_cop_heating: Sourced,
    /// COP of the transported heat for cooling.
    pub heat_cop_cooling: Sourced,
    /// Months whose air-conditioning is cooling (1–12).
    pub cooling_months: Sourced<Vec<u32>>,
}

/// A steam line sold by the tonne (the MoE study's evaluation, waste-heat.md §2).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SteamSaleData {
    /// Utilisation without demand–supply management (delivered ÷ capacity × 8,760 h).
    pub utilisation_without_management: Sourced,
    /// How the steam is priced when the case gives no price.
    pub steam_price: Sourced<super::scheme::steam_sale::PriceRule>,
    /// The supplier's share of the surplus between its full cost and the users' own cost
    /// (shared-saving price).
    pub supplier_share_of_surplus: Sourced,
}

/// The waste-heat data file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WasteHeatData {
    /// Format version.
    pub version: u32,
    /// Evaluation.
    pub evaluation: Evaluation,
    /// Availability.
    pub availability: Availability,
    /// Temperature classes.
    pub temperature: Temperature,
    /// Pipes.
    pub pipe: PipeData,
    /// Containers.
    pub containers: ContainerData,
    /// Container logistics options.
    pub logistics: LogisticsData,
    /// The FS's accounting prices.
    pub study_accounting: StudyAccountingData,
    /// Steam sold by the tonne.
    pub steam_sale: SteamSaleData,
    /// Monthly fuel-record methods.
    pub fuel_records: FuelRecordData,
}

impl WasteHeatData {
    /// Parse the built-in file and check its internal consistency.
    pub fn builtin() -> Result<WasteHeatData, String> {
        let d: WasteHeatData = serde_yaml::from_str(WASTE_HEAT_YAML)
            .map_err(|e| format!("built-in waste_heat.yaml: {e}"))?;
        let classes = &d.pipe.cost_classes;
        if classes.is_empty() || classes.last().is_some_and(|c| c.max_diameter_m.is_some()) {
            return Err("waste_heat.yaml: pipe cost classes must end with an open class".into());
        }
        if classes
            .windows(2)
            .any(|w| w[0].max_diameter_m >= w[1].max_diameter_m && w[1].max_diameter_m.is_some())
        {
            return Err("waste_heat.yaml: pipe cost classes must ascend".into());
        }
        let [start, end] = d.containers.operating_hours.value;
        if start >= end || end > 24 {
            return Err(
                "waste_heat.yaml: container operating hours must be [start, end) within 0–24"
                    .into(),
            );
        }
        if !d
            .containers
            .pcm
            .contains_key(&d.containers.default_pcm.value)
        {
            return Err("waste_heat.yaml: the default PCM is not in the PCM list".into());
        }
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_carries_the_study_values() {
        let d = WasteHeatData::builtin().unwrap();
        assert_eq!(d.containers.capacity_kwh.value, 1500.0);
        assert_eq!(d.containers.max_deliveries_per_day.value, 8.0);
        assert!(d.containers.pcm.contains_key("sodium_acetate"));
        assert!(!d.pipe.cost_classes.is_empty());
    }
}
