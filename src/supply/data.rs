//! Supply-side library: factor sets, equipment, auxiliaries, network, costs, tariffs and
//! viability bands, parsed from `src/data/supply.yaml` (every value with its source).

use crate::sourced::{Sourced, SourcedHours, SourcedText};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const SUPPLY_YAML: &str = include_str!("../data/supply.yaml");

/// CO2 and primary-energy factors.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FactorSet {
    /// Label printed in reports.
    pub label: String,
    /// kg-CO2 per kWh of purchased electricity.
    pub electricity_kg_co2_per_kwh: Sourced,
    /// kg-CO2 per Nm³ of city gas.
    pub gas_kg_co2_per_nm3: Sourced,
    /// Primary energy per kWh of electricity, MJ.
    pub electricity_primary_mj_per_kwh: Sourced,
    /// Higher heating value of city gas, MJ/Nm³ (primary energy).
    pub gas_hhv_mj_per_nm3: Sourced,
    /// Lower heating value, MJ/Nm³ (gas volume from LHV-based equipment efficiencies).
    pub gas_lhv_mj_per_nm3: Sourced,
}

/// Kind of an equipment type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EquipmentKind {
    /// Electric (turbo/screw) chiller.
    ElectricChiller,
    /// Steam-fired absorption chiller (steam from the boilers).
    AbsorptionChiller,
    /// Gas boiler (steam or hot water).
    Boiler,
    /// Electric heat pump (heating and/or cooling).
    HeatPump,
    /// Thermal storage.
    Storage,
}

/// An equipment type.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Equipment {
    /// Kind.
    pub kind: EquipmentKind,
    /// Annual cooling COP (chillers, heat pumps).
    #[serde(default)]
    pub cop: Option<f64>,
    /// Annual heating COP (heat pumps).
    #[serde(default)]
    pub heating_cop: Option<f64>,
    /// Annual efficiency (boilers, LHV basis).
    #[serde(default)]
    pub efficiency: Option<f64>,
    /// Standing loss per day (storage).
    #[serde(default)]
    pub loss_per_day: Option<f64>,
    /// Source.
    pub source: String,
}

impl Equipment {
    /// The rated value the appendix prints and its unit: annual COP, LHV efficiency or
    /// standing loss per day.
    pub fn rated(&self) -> (String, &'static str) {
        match (self.cop, self.efficiency, self.loss_per_day) {
            (Some(c), _, _) => (format!("{c}"), "annual COP"),
            (_, Some(x), _) => (format!("{x}"), "annual efficiency (LHV)"),
            (_, _, Some(l)) => (format!("{l}"), "standing loss per day"),
            _ => (String::new(), ""),
        }
    }
}

/// Design point of a water circulation pump loop.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PumpDesign {
    /// Supply/return temperature difference, K.
    pub dt_k: f64,
    /// Pump head, m.
    pub head_m: f64,
    /// Pump × motor efficiency (fraction).
    pub efficiency: f64,
    /// Source of the design point.
    pub source: String,
}

/// Specific heat of water, kJ/(kg·K).
pub const WATER_KJ_PER_KG_K: f64 = 4.186;
/// Standard gravity, m/s².
pub const GRAVITY_M_PER_S2: f64 = 9.81;

impl PumpDesign {
    /// Pump electricity per kWh of heat carried at the design point, kWh/kWh:
    /// flow ṁ = Q/(c·ΔT) kg/s per kW, power = ṁ·g·H/η W per kW.
    pub fn kwh_per_kwh(&self) -> f64 {
        GRAVITY_M_PER_S2 * self.head_m / (WATER_KJ_PER_KG_K * self.dt_k) / self.efficiency / 1000.0
    }
}

/// Auxiliary electricity and water.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Auxiliaries {
    /// Cooling towers + condenser pumps, kWh per kWh rejected.
    pub cooling_tower_kwh_per_kwh_rejected: Sourced,
    /// Chilled-water pumps of a building plant.
    pub building_chilled_water_pump: PumpDesign,
    /// Hot-water/steam-side pumps of a building plant.
    pub building_hot_water_pump: PumpDesign,
    /// Chilled-water pumps of a DHC plant (plant side; the network is separate).
    pub dhc_chilled_water_pump: PumpDesign,
    /// Boiler-house auxiliaries of a DHC plant (feed-water and condensate pumps, burner
    /// fans) per kWh of steam, kWh/kWh.
    pub dhc_steam_kwh_per_kwh: Sourced,
    /// Ratio of actual to design-point pump energy (constant-speed pumps, staging, part load).
    pub pump_operating_factor: Sourced,
    /// Share of chilled-water pump electricity that ends up as heat in the chilled water.
    pub pump_heat_to_water: Sourced,
    /// Make-up water per MWh rejected, m³.
    pub makeup_water_m3_per_mwh_rejected: Sourced,
}

/// Network defaults.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkData {
    /// Floor of one connected building, m² (parcels given by floor only).
    pub building_floor_m2: Sourced,
    /// Building site per connected building, m² (parcels with a site area).
    pub building_site_m2: Sourced,
    /// Route factor k in L = k·√(N·A).
    pub route_factor: Sourced,
    /// Service branch per building, m.
    pub service_m_per_building: Sourced,
    /// Chilled-water ΔT, K.
    pub chilled_dt_k: Sourced,
    /// Design velocity, m/s.
    pub velocity_m_per_s: Sourced,
    /// Heat loss of the steam/hot-water pipes, W per m of trench.
    pub heat_loss_w_per_m: Sourced,
    /// Heat gain of the chilled-water pipes, W per m of trench.
    pub cool_gain_w_per_m: Sourced,
    /// Darcy friction factor of the chilled-water mains (–).
    pub friction_factor: Sourced,
    /// Share of the trench length on the path to the farthest building (index circuit).
    pub index_path_share: Sourced,
}

/// Plant cost curves per equipment kind.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlantCosts {
    /// Electric chillers, ¥/kW at the reference size.
    pub electric_chiller: Sourced,
    /// Absorption chillers.
    pub absorption_chiller: Sourced,
    /// Boilers.
    pub boiler: Sourced,
    /// Heat pumps.
    pub heat_pump: Sourced,
    /// Storage, ¥/kWh stored.
    pub storage_yen_per_kwh: Sourced,
}

/// Cost data.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    /// Scale exponent.
    pub exponent: Sourced,
    /// Reference unit size, kW.
    pub ref_kw: Sourced,
    /// Unit costs at the reference size.
    pub plant_yen_per_kw_at_ref: PlantCosts,
    /// How the curves were calibrated.
    pub calibration_note: String,
    /// Civil works per metre of trench, ¥/m.
    pub pipe_civil_yen_per_m: Sourced,
    /// Pipe per metre per metre of main diameter, ¥/(m·m).
    pub pipe_yen_per_m_per_m_diameter: Sourced,
    /// Multiplier on building-plant costs.
    pub individual_multiplier: Sourced,
}

/// A two-part tariff.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ElectricityTariff {
    /// Name.
    pub label: String,
    /// Japanese name.
    pub label_ja: String,
    /// Basic charge, ¥ per kW of contract demand per month.
    pub basic_yen_per_kw_month: Sourced,
    /// Energy charge, ¥/kWh.
    pub energy_yen_per_kwh: Sourced,
}

/// A two-part gas tariff.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GasTariff {
    /// Name.
    pub label: String,
    /// Japanese name.
    pub label_ja: String,
    /// Basic charge, ¥ per Nm³/h of contract flow per month.
    pub basic_yen_per_nm3h_month: Sourced,
    /// Volumetric charge, ¥/Nm³.
    pub energy_yen_per_nm3: Sourced,
}

/// The four two-part tariffs of a tariff set (`tariff_sets:` in supply.yaml, chosen per
/// utility area or by the case).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TariffSet {
    /// Name printed in reports (era and gaps included).
    pub label: String,
    /// DHC plant electricity tariff.
    pub dhc_electricity: ElectricityTariff,
    /// DHC plant gas tariff.
    pub dhc_gas: GasTariff,
    /// Building plant electricity tariff.
    pub individual_electricity: ElectricityTariff,
    /// Building plant gas tariff.
    pub individual_gas: GasTariff,
}

/// An electricity/gas utility area: its factor set and tariff set, and the prefectures and
/// cities a case may name to choose it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// English name.
    pub label_en: String,
    /// Japanese name.
    pub label_ja: String,
    /// Factor set id.
    pub factor_set: String,
    /// Tariff set id.
    pub tariff_set: String,
    /// Prefectures inside the area (romanised, lower case).
    pub prefectures: Vec<String>,
    /// Cities inside the area (romanised, lower case).
    pub cities: Vec<String>,
    /// Source.
    pub source: String,
}

/// Heating value and CO2 of a fuel other than city gas (heavy oil, kerosene, LPG).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fuel {
    /// Higher heating value per unit (`hhv_unit`).
    pub hhv: f64,
    /// Unit of the heating value (GJ/kL, GJ/t).
    pub hhv_unit: String,
    /// CO2 per unit (`co2_unit`).
    pub co2: f64,
    /// Unit of the CO2 factor (t-CO2/kL, t-CO2/t).
    pub co2_unit: String,
    /// Source.
    pub source: String,
}

/// The realistic assumption set of DHC systems (`basis: realistic`), beside the study's
/// best case: take-up over the years, equipment of typical vintage, part-load losses and
/// fixed costs; chosen among defensible values with the back-cast against real districts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RealisticBasis {
    /// Take-up in the first year of supply (share of the full demand).
    pub takeup_start: Sourced,
    /// Take-up reached after the ramp (share of the full demand).
    pub takeup_end: Sourced,
    /// Years of the ramp.
    pub takeup_ramp_years: Sourced,
    /// Plant equipment of typical vintage.
    pub vintage: Vintage,
    /// Energy of the heat-source equipment in typical operation ÷ its energy at the
    /// equipment's annual COPs (part-load, staging, condenser temperatures, ageing).
    pub operating_energy_factor: Sourced,
    /// Share of the electricity bill that does not fall with take-up (constant-speed pumps,
    /// cooling towers).
    pub part_load_fixed_share: Sourced,
    /// Property tax a year, share of the construction cost.
    pub property_tax_share: Sourced,
    /// Building plants: energy of the heat-source equipment in typical operation ÷ its
    /// energy at the equipment's annual COPs.
    pub building_operating_energy_factor: Sourced,
    /// Building plants: the purposes (balance keys) the factor acts on.
    pub building_operating_covers: Sourced<Vec<String>>,
}

/// Equipment of typical vintage.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Vintage {
    /// Chiller shares of the cooling capacity.
    pub cooling: Vec<PlantShare>,
    /// Boiler equipment id.
    pub boiler: String,
    /// Source.
    pub source: String,
}

/// The back-cast against real districts: the district each real one is modelled as.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BackcastData {
    /// Floor shares of the modelled district's uses.
    pub mix: Sourced<BTreeMap<String, f64>>,
    /// Load region.
    pub region: SourcedText,
    /// Factor set of the districts' era.
    pub factor_set: SourcedText,
    /// Tariff set of the districts' era.
    pub tariff_set: SourcedText,
}

/// Economics defaults.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EconomicsData {
    /// Interest rate.
    pub interest: Sourced,
    /// Recovery period, years.
    pub years: Sourced,
    /// Maintenance share of construction per year.
    pub maintenance_share: Sourced,
    /// Staff count.
    pub staff: Sourced,
    /// ¥ per staff per year.
    pub staff_yen: Sourced,
    /// Water ¥/m³.
    pub water_yen_per_m3: Sourced,
    /// Civil share of pipe works.
    pub pipe_share_civil: Sourced,
    /// Staff of building plants charged to heat.
    pub individual_staff: Sourced,
}

/// Rating bands.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Bands {
    /// Gross FAR for ○.
    pub density_good: Sourced,
    /// Gross FAR for △.
    pub density_standard: Sourced,
    /// Efficiency for ○.
    pub efficiency_good: Sourced,
    /// Efficiency for △.
    pub efficiency_standard: Sourced,
    /// Price below which ○, ¥/MJ.
    pub price_good: Sourced,
    /// Price below which △, ¥/MJ.
    pub price_standard: Sourced,
}

/// Viability thresholds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Viability {
    /// District area to consider DHC, m².
    pub min_district_m2: Sourced,
    /// Supplied floor to consider DHC, m².
    pub min_floor_m2: Sourced,
    /// Gross FAR threshold.
    pub min_gross_far: Sourced,
    /// Minimum feasible district, m².
    pub feasible_district_m2: Sourced,
    /// Minimum feasible floor, m².
    pub feasible_floor_m2: Sourced,
    /// Heat Supply Business Act threshold of heating capacity, GJ/h.
    pub heat_supply_act_gj_per_h: Sourced,
    /// Heat Supply Business Act: customer buildings from which supply is a business.
    pub heat_supply_act_min_buildings: Sourced,
    /// Energy Conservation Act: energy use of a specified business operator, kL crude-oil
    /// equivalent a year.
    pub energy_conservation_act_kl: Sourced,
    /// Crude-oil equivalent of primary energy, kL/GJ.
    pub crude_oil_kl_per_gj: Sourced,
    /// Efficiency below which DHC cannot compete.
    pub efficiency_floor: Sourced,
    /// Rating bands.
    pub bands: Bands,
    /// Range of the automatic density sweep of every alternative.
    pub density_sweep: DensitySweep,
    /// Smallest change of a coincidence factor (fraction) reported as a finding against
    /// the base alternative.
    pub cf_change_reported: Sourced,
    /// The study's rule of thumb of levelling (district-a.md §3, pairwise-calibration.md).
    pub levelling_rule: LevellingRule,
}

/// The study's rule of thumb: a plant at coincidence factor `cf` needs `capacity_saving` less
/// capacity than the sum of the buildings' plants and, fixed costs being `fixed_cost_share`
/// of the price, sells heat up to `price_saving` cheaper.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LevellingRule {
    /// Coincidence factor of the rule.
    pub cf: Sourced,
    /// Capacity saving against the sum of building plants.
    pub capacity_saving: Sourced,
    /// Fixed costs' share of the heat price.
    pub fixed_cost_share: Sourced,
    /// Heat-price saving (up to).
    pub price_saving: Sourced,
}

/// Range of the automatic density sweep (gross FAR, %).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DensitySweep {
    /// First gross FAR, %.
    pub from_pct: Sourced,
    /// Step, %.
    pub step_pct: Sourced,
    /// Last gross FAR at least, %.
    pub min_to_pct: Sourced,
    /// … or this multiple of the plan's gross FAR if higher.
    pub plan_multiple: Sourced,
}

/// The supply data file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SupplyData {
    /// Format version.
    pub version: u32,
    /// Default factor set id.
    pub default_factor_set: String,
    /// Factor sets.
    pub factor_sets: BTreeMap<String, FactorSet>,
    /// Equipment types.
    pub equipment: BTreeMap<String, Equipment>,
    /// Auxiliaries.
    pub auxiliaries: Auxiliaries,
    /// Network.
    pub network: NetworkData,
    /// Costs.
    pub costs: Costs,
    /// Economics.
    pub economics: EconomicsData,
    /// The realistic assumption set (`basis: realistic`).
    pub realistic: RealisticBasis,
    /// The back-cast against real districts.
    pub backcast: BackcastData,
    /// Tariff sets by id.
    pub tariff_sets: BTreeMap<String, TariffSet>,
    /// Electricity/gas utility areas by id.
    pub areas: BTreeMap<String, Area>,
    /// Area of each load region (a case naming no area).
    pub region_areas: Sourced<BTreeMap<String, String>>,
    /// Other fuels by id.
    pub fuels: BTreeMap<String, Fuel>,
    /// Viability.
    pub viability: Viability,
    /// Building plants.
    pub building_plants: BuildingPlants,
    /// Dwelling-level loads on room air conditioners, by use.
    pub dwelling_level: BTreeMap<String, DwellingLevel>,
    /// District plant defaults.
    pub dhc_plant: DhcPlantData,
    /// Gas cogeneration in DHC plants (`chp:` of a DHC system).
    pub chp: super::dhc::chp::ChpData,
}

/// A share of a capacity given to one equipment type.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlantShare {
    /// Equipment id.
    pub equipment: String,
    /// Share of the capacity of its role (0–1).
    pub share: f64,
    /// Number of units.
    #[serde(default = "three")]
    pub units: u32,
}

fn three() -> u32 {
    3
}

/// Plant of one building use.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BuildingPlant {
    /// Chillers by share of the cooling capacity.
    pub cooling: Vec<PlantShare>,
    /// Heating unit (boiler).
    pub heating: String,
    /// Hot-water unit (boiler/water heater).
    pub hot_water: String,
    /// Source.
    pub source: String,
}

/// Building plants.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BuildingPlants {
    /// Sizing margin on the design maxima.
    pub margin: Sourced,
    /// Default plant.
    pub default: BuildingPlant,
    /// Per-use plants.
    pub by_use: BTreeMap<String, BuildingPlant>,
}

impl BuildingPlants {
    /// Plant of a use.
    pub fn of(&self, use_id: &str) -> &BuildingPlant {
        self.by_use.get(use_id).unwrap_or(&self.default)
    }
}

/// Loads of a use met by room air conditioners inside dwellings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DwellingLevel {
    /// Share of cooling.
    pub cooling: f64,
    /// Share of heating.
    pub heating: f64,
    /// Equipment id (heat pump).
    pub equipment: String,
    /// Source.
    pub source: String,
}

/// What a DHC plant's capacity is sized on (before the margin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SizingBasis {
    /// The peak of the connected hourly load (district-a.md §3: coincident peak × 1.1).
    CoincidentPeak,
    /// Coincidence factor × Σ of the equipment-sizing maxima of loads.md §2 (never below
    /// the hourly peak).
    CfSizingMaxima,
}

/// How far a DHC plant's electric chillers are loaded in dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ElectricRun {
    /// Up to their share of the design-hour load (coincident hourly peak × margin): the
    /// electricity contract; capacity above it is reserve.
    DesignHourShare,
    /// Up to their installed capacity.
    Installed,
}

/// Cooling dispatch rule of a plant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dispatch {
    /// Electric chillers carry the base load up to capacity, absorption the rest.
    ElectricFirst,
    /// Absorption chillers first (e.g. where steam is cheap or waste heat is used).
    AbsorptionFirst,
    /// Load shared in proportion to capacity.
    Proportional,
}

impl Dispatch {
    /// Identifier as written in case and data files.
    pub fn id(self) -> &'static str {
        match self {
            Dispatch::ElectricFirst => "electric_first",
            Dispatch::AbsorptionFirst => "absorption_first",
            Dispatch::Proportional => "proportional",
        }
    }
}

/// District plant defaults.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DhcPlantData {
    /// Sizing basis of the cooling plant.
    pub sizing: Sourced<SizingBasis>,
    /// Sizing basis of the heat (boiler) plant.
    pub heat_sizing: Sourced<SizingBasis>,
    /// How far the electric chillers are loaded.
    pub electric_chillers_run: Sourced<ElectricRun>,
    /// Sizing margin.
    pub margin: Sourced,
    /// Units per equipment type.
    pub units: Sourced<u32>,
    /// Chillers by share.
    pub cooling: Vec<PlantShare>,
    /// Boiler equipment id.
    pub boiler: String,
    /// Default dispatch rule.
    pub dispatch: Sourced<Dispatch>,
    /// Storage charging hours.
    pub storage_charge_hours: SourcedHours,
    /// Purposes (electricity and gas keys of the plant balance) whose energy the simple
    /// `unused_share` replaces: the main plant (heat-source equipment).
    pub unused_share_covers: Sourced<Vec<String>>,
    /// Whether the simple `unused_share` also lowers the electricity and gas contracts.
    pub unused_share_reduces_contracts: Sourced<bool>,
}

impl SupplyData {
    /// Parse the built-in file.
    pub fn builtin() -> Result<SupplyData, String> {
        let d: SupplyData =
            serde_yaml::from_str(SUPPLY_YAML).map_err(|e| format!("built-in supply.yaml: {e}"))?;
        if !d.factor_sets.contains_key(&d.default_factor_set) {
            return Err("supply.yaml: default factor set missing".into());
        }
        for (id, e) in &d.equipment {
            let ok = match e.kind {
                EquipmentKind::ElectricChiller | EquipmentKind::AbsorptionChiller => {
                    e.cop.is_some_and(|c| c > 0.0)
                }
                EquipmentKind::Boiler => e.efficiency.is_some_and(|c| c > 0.0),
                EquipmentKind::HeatPump => {
                    e.cop.is_some_and(|c| c > 0.0) || e.heating_cop.is_some_and(|c| c > 0.0)
                }
                EquipmentKind::Storage => true,
            };
            if !ok {
                return Err(format!(
                    "supply.yaml: equipment {id} lacks its COP/efficiency"
                ));
            }
        }
        Ok(d)
    }

    /// COP of a chiller/heat pump (cooling).
    pub fn cop(&self, id: &str) -> f64 {
        self.equipment.get(id).and_then(|e| e.cop).unwrap_or(1.0)
    }

    /// Efficiency of a boiler.
    pub fn efficiency(&self, id: &str) -> f64 {
        self.equipment
            .get(id)
            .and_then(|e| e.efficiency)
            .unwrap_or(1.0)
    }
}
