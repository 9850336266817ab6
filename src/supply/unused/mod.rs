//! Unused-energy sources (未利用エネルギー): refuse-incinerator, factory, sewage or river
//! heat that a DHC plant — or a single large user such as a hospital on its own plant —
//! takes first, before its own plant (waste-heat.md). A source is named once in the case
//! file (`sources:`) and referenced by systems (`sources: [incinerator]`). It delivers
//! either by pipe (steam or water line sized on the peak transfer, waste-heat.md §2) or by
//! phase-change-material containers on trucks (waste-heat.md §1), with its own capital,
//! running cost, CO2 and capacity limits, all evaluated hour by hour.
//!
//! Submodules: [`data`] (defaults with sources), `spec` (the case's `sources:` list,
//! checked and resolved with defaults), [`pipe`] (line sizing and cost),
//! [`containers`] (fleet arithmetic and the hourly logistics), [`study`] (the Nagoya FS's
//! monthly delivery plan and accounting), [`dispatch`](mod@dispatch) (which loads a
//! source serves each hour), [`scheme`] (costs, CO2, payback, abatement cost, comparison).

pub mod containers;
pub mod data;
pub mod dispatch;
pub mod pipe;
pub mod scheme;
mod spec;
pub mod study;

use crate::error::Error;
use crate::error::Result;
use crate::i18n::Text;
use crate::supply::data::SupplyData;
use data::WasteHeatData;
use serde::{Deserialize, Serialize};

pub use dispatch::{dispatch, HourTotal, Operation, UserLoads};
pub use scheme::{SourceResult, UnusedComparison, UnusedResult};
pub use spec::{check_monthly_plan, parse_sources, resolve, SeriesFile, SourceSpec};

/// Temperature class of a source: which loads it can serve (waste-heat.md §3, §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TemperatureClass {
    /// Below ≈ 80 °C (substations, sewage, river water): heating and hot water through a
    /// heat pump only.
    LowTemperature,
    /// Hot water of ≥ 80 °C: heating and hot water; cooling only through a hot-water
    /// absorption chiller (COP ≈ 0.7) installed for it.
    #[serde(rename = "hot_water_80")]
    HotWater80,
    /// Medium-pressure steam: heating, hot water, and the user's steam absorption chillers.
    Steam,
}

impl TemperatureClass {
    /// Id as written in case files.
    pub fn id(self) -> &'static str {
        match self {
            TemperatureClass::LowTemperature => "low_temperature",
            TemperatureClass::HotWater80 => "hot_water_80",
            TemperatureClass::Steam => "steam",
        }
    }
}

/// How the heat reaches the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// A steam or water line from the source to the plant.
    Pipe,
    /// Phase-change-material containers on trucks.
    Containers,
}

impl Delivery {
    /// Id as written in case files.
    pub fn id(self) -> &'static str {
        match self {
            Delivery::Pipe => "pipe",
            Delivery::Containers => "containers",
        }
    }
}

/// A resolved source: every value it is evaluated with (defaults applied) and its hourly
/// availability on the case's reference year.
#[derive(Debug, Clone)]
pub struct Source {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: crate::i18n::Local,
    /// Temperature class.
    pub class: TemperatureClass,
    /// Delivery mode.
    pub delivery: Delivery,
    /// One-way route length, km.
    pub distance_km: f64,
    /// Mean heat available in each hour, kW (8760 values).
    pub available_kw: Vec<f64>,
    /// How the availability was given (for reports).
    pub availability_note: Text,
    /// Output swing (fraction).
    pub output_variation: f64,
    /// Steam accumulator installed.
    pub accumulator: bool,
    /// Dedicated backup boiler installed.
    pub backup_boiler: bool,
    /// Condensate return pipe on a steam line.
    pub condensate_return: bool,
    /// Heat-pump heating COP (low-temperature sources; 0 otherwise).
    pub heat_pump_cop: f64,
    /// Heat-pump capacity limit, kW.
    pub heat_pump_kw: Option<f64>,
    /// Hot-water absorption chiller, kW of cooling.
    pub absorption_kw: f64,
    /// Lost power generation per kWh of heat exported.
    pub lost_power_kwh_per_kwh: f64,
    /// Steam price paid by the users, ¥/t (a steam line; none: their own cost of raising it).
    pub steam_price_yen_per_t: Option<f64>,
    /// Subsidy share of capital.
    pub subsidy_share: f64,
    /// PCM id (containers only).
    pub pcm: Option<String>,
    /// Containers (override).
    pub containers: Option<u32>,
    /// Drivers (override).
    pub drivers: Option<u32>,
    /// Container logistics (defaults for a pipe).
    pub logistics: containers::Logistics,
    /// Values the case set instead of a default: (field, value).
    pub overrides: Vec<(String, String)>,
}

impl Source {
    /// True when the discharged/delivered heat can drive a hot-water absorption chiller
    /// (`data`: the PCMs of waste_heat.yaml).
    pub fn hot_water_absorption(&self, data: &WasteHeatData) -> bool {
        match self.delivery {
            Delivery::Pipe => self.class == TemperatureClass::HotWater80,
            Delivery::Containers => self
                .pcm
                .as_ref()
                .and_then(|p| data.containers.pcm.get(p))
                .is_some_and(|p| p.absorption),
        }
    }
}

/// Heating COP of the plant heat pump that lifts low-temperature heat (waste_heat.yaml names
/// the supply.yaml equipment).
pub fn low_temperature_heat_pump_cop(data: &WasteHeatData, supply: &SupplyData) -> Result<f64> {
    let id = &data.temperature.low_temperature_heat_pump.value;
    supply
        .equipment
        .get(id)
        .and_then(|e| e.heating_cop.or(e.cop))
        .filter(|c| *c > 1.0)
        .ok_or_else(|| {
            Error::Runtime(format!(
                "waste_heat.yaml names heat pump `{id}`, which supply.yaml lacks (or its COP ≤ 1)"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_serde_names() {
        for t in [
            TemperatureClass::LowTemperature,
            TemperatureClass::HotWater80,
            TemperatureClass::Steam,
        ] {
            assert_eq!(serde_json::to_value(t).unwrap(), t.id());
        }
        for d in [Delivery::Pipe, Delivery::Containers] {
            assert_eq!(serde_json::to_value(d).unwrap(), d.id());
        }
        for o in [
            scheme::UnusedOption::Reference,
            scheme::UnusedOption::SimpleShare,
            scheme::UnusedOption::Sources,
        ] {
            assert_eq!(serde_json::to_value(o).unwrap(), o.id());
        }
    }
}
