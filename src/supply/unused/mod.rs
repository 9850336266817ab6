//! Unused-energy sources (未利用エネルギー): refuse-incinerator, factory, sewage or river
//! heat that a DHC plant — or a single large user such as a hospital on its own plant —
//! takes first, before its own plant (waste-heat.md). A source is named once in the case
//! file (`sources:`) and referenced by systems (`sources: [incinerator]`). It delivers
//! either by pipe (steam or water line sized on the peak transfer, waste-heat.md §2) or by
//! phase-change-material containers on trucks (waste-heat.md §1), with its own capital,
//! running cost, CO2 and capacity limits, all evaluated hour by hour.
//!
//! Submodules: [`data`] (defaults with sources), [`pipe`] (line sizing and cost),
//! [`containers`] (fleet arithmetic and the hourly logistics), [`dispatch`] (which loads a
//! source serves each hour), [`scheme`] (costs, CO2, payback, abatement cost, comparison).

pub mod containers;
pub mod data;
pub mod dispatch;
pub mod pipe;
pub mod scheme;

use crate::calendar::{Calendar, DayType, HOURS_PER_YEAR};
use crate::case::{did_you_mean, from_value, SourceMap};
use crate::error::Error;
use crate::error::Result;
use crate::i18n::{Phrase, Text};
use crate::import;
use crate::library::Library;
use crate::supply::data::SupplyData;
use data::WasteHeatData;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

pub use dispatch::{dispatch, HourTotal, Operation, UserLoads};
pub use scheme::{SourceResult, UnusedComparison, UnusedResult};

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

/// A measured availability series file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesFile {
    /// CSV file, relative to the case file: heat available in kWh per hour (8760 or 8784
    /// values), per day (365), per month (12) or per year (1).
    pub file: String,
    /// 1-based column (default: the last column).
    #[serde(default)]
    pub column: Option<usize>,
}

/// A source as written in the case file (`sources:` list).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// Identifier referenced by systems.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Temperature class.
    pub temperature: TemperatureClass,
    /// Delivery mode.
    pub delivery: Delivery,
    /// One-way route length from the source to the user, km (pipe route or road).
    pub distance_km: f64,
    /// Heat available, constant, kW (during `hours`).
    #[serde(default)]
    pub available_kw: Option<f64>,
    /// Heat available as 12 monthly means, kW (during `hours`).
    #[serde(default)]
    pub available_kw_by_month: Option<Vec<f64>>,
    /// Heat available as a measured series (CSV).
    #[serde(default)]
    pub available_file: Option<SeriesFile>,
    /// Hours of day the source runs, `[start, end)` (default all day).
    #[serde(default)]
    pub hours: Option<[usize; 2]>,
    /// The source runs on weekdays only (not Saturdays, Sundays, holidays).
    #[serde(default)]
    pub weekdays_only: bool,
    /// Output swing around the hourly mean (fraction; default waste_heat.yaml).
    #[serde(default)]
    pub output_variation: Option<f64>,
    /// Steam accumulator on a steam line (default waste_heat.yaml: yes).
    #[serde(default)]
    pub accumulator: Option<bool>,
    /// Dedicated backup boiler at the user (default waste_heat.yaml: no, the user's own
    /// boilers cover).
    #[serde(default)]
    pub backup_boiler: Option<bool>,
    /// Steam line with a condensate return pipe (default waste_heat.yaml).
    #[serde(default)]
    pub condensate_return: Option<bool>,
    /// Heating COP of the heat pump lifting low-temperature heat.
    #[serde(default)]
    pub heat_pump_cop: Option<f64>,
    /// Heat-pump capacity, kW (default: the peak it is asked for).
    #[serde(default)]
    pub heat_pump_kw: Option<f64>,
    /// Hot-water absorption chiller installed for this source, kW of cooling (80 °C water
    /// or erythritol containers; default none).
    #[serde(default)]
    pub absorption_kw: Option<f64>,
    /// Power generation the source loses per kWh of heat exported (incinerator turbines;
    /// default waste_heat.yaml: none).
    #[serde(default)]
    pub lost_power_kwh_per_kwh: Option<f64>,
    /// Subsidy share of the scheme's capital (0–1).
    #[serde(default)]
    pub subsidy: Option<f64>,
    /// Phase-change material of the containers (default waste_heat.yaml: sodium acetate).
    #[serde(default)]
    pub pcm: Option<String>,
    /// Number of containers (default: sized on the peak month's daily demand).
    #[serde(default)]
    pub containers: Option<u32>,
    /// Number of drivers, one truck each (default: one per 4 deliveries a day).
    #[serde(default)]
    pub drivers: Option<u32>,
}

/// A resolved source: every value it is evaluated with (defaults applied) and its hourly
/// availability on the case's reference year.
#[derive(Debug, Clone)]
pub struct Source {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
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
    /// Subsidy share of capital.
    pub subsidy_share: f64,
    /// PCM id (containers only).
    pub pcm: Option<String>,
    /// Containers (override).
    pub containers: Option<u32>,
    /// Drivers (override).
    pub drivers: Option<u32>,
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

/// Operating schedule of a source: 1 in the hours it runs, 0 otherwise.
fn schedule(calendar: &Calendar, hours: [usize; 2], weekdays_only: bool) -> Vec<f64> {
    (0..HOURS_PER_YEAR)
        .map(|t| {
            let day = &calendar.days[t / 24];
            let h = t % 24;
            let on_day = !weekdays_only || day.day_type == DayType::Weekday;
            if on_day && h >= hours[0] && h < hours[1] {
                1.0
            } else {
                0.0
            }
        })
        .collect()
}

/// Parse and resolve the case's `sources:` list (`raw` as written). CSV paths are relative
/// to `case_dir`.
pub fn parse_sources(
    raw: &[serde_yaml::Value],
    lib: &Library,
    calendar: &Calendar,
    case_dir: &std::path::Path,
    map: &SourceMap,
) -> Result<BTreeMap<String, Arc<Source>>> {
    let (data, supply) = (&lib.waste_heat, &lib.supply);
    let mut out: BTreeMap<String, Arc<Source>> = BTreeMap::new();
    for (i, v) in raw.iter().enumerate() {
        let p = format!("sources[{i}]");
        let s: SourceSpec = from_value(&p, v, map)?;
        let err = |field: &str, msg: String| map.error(&format!("{p}.{field}"), msg);
        if s.id.trim().is_empty()
            || !s
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(err(
                "id",
                format!(
                    "source id `{}` must be non-empty letters, digits, `_` or `-`",
                    s.id
                ),
            ));
        }
        if out.contains_key(&s.id) {
            return Err(err("id", format!("duplicate source id `{}`", s.id)));
        }
        let positive = |field: &str, x: f64| -> Result<()> {
            if x.is_finite() && x > 0.0 {
                Ok(())
            } else {
                Err(err(field, format!("must be a positive number, got {x}")))
            }
        };
        let non_negative = |field: &str, x: f64| -> Result<()> {
            if x.is_finite() && x >= 0.0 {
                Ok(())
            } else {
                Err(err(field, format!("must be ≥ 0, got {x}")))
            }
        };
        let fraction = |field: &str, x: f64| -> Result<()> {
            if x.is_finite() && (0.0..=1.0).contains(&x) {
                Ok(())
            } else {
                Err(err(field, format!("must be a fraction in [0, 1], got {x}")))
            }
        };
        positive("distance_km", s.distance_km)?;
        let hours = s.hours.unwrap_or([0, 24]);
        if hours[0] >= hours[1] || hours[1] > 24 {
            return Err(err(
                "hours",
                format!(
                    "hours must be [start, end) with 0 ≤ start < end ≤ 24, got [{}, {}]",
                    hours[0], hours[1]
                ),
            ));
        }
        let sched = schedule(calendar, hours, s.weekdays_only);
        let given = [
            s.available_kw.is_some(),
            s.available_kw_by_month.is_some(),
            s.available_file.is_some(),
        ];
        if given.iter().filter(|x| **x).count() != 1 {
            return Err(map.error(
                &p,
                "give exactly one of available_kw (constant), available_kw_by_month (12 monthly means) or available_file (CSV)",
            ));
        }
        let (available_kw, availability_note) = if let Some(kw) = s.available_kw {
            non_negative("available_kw", kw)?;
            (
                sched.iter().map(|on| on * kw).collect::<Vec<f64>>(),
                Phrase::new("note.available_constant", &[("kw", kw.to_string())]),
            )
        } else if let Some(m) = &s.available_kw_by_month {
            if m.len() != 12 {
                return Err(err(
                    "available_kw_by_month",
                    format!("needs 12 monthly means (kW), got {}", m.len()),
                ));
            }
            for (j, x) in m.iter().enumerate() {
                non_negative(&format!("available_kw_by_month[{j}]"), *x)?;
            }
            (
                (0..HOURS_PER_YEAR)
                    .map(|t| sched[t] * m[calendar.month_of_hour(t) as usize - 1])
                    .collect(),
                Phrase::new("note.available_monthly", &[]),
            )
        } else {
            let f = s
                .available_file
                .as_ref()
                .expect("checked: exactly one given");
            let file = case_dir.join(&f.file);
            let fname = file.display().to_string();
            let text = std::fs::read_to_string(&file)
                .map_err(|e| err("available_file.file", format!("cannot read {fname}: {e}")))?;
            let series = import::parse_series(&fname, &text, f.column)?;
            (
                import::to_hourly(&series, &sched, &calendar.month_ranges()),
                Phrase::new("note.available_measured", &[("file", f.file.clone())]),
            )
        };
        let availability_note = Text::from(match (hours, s.weekdays_only) {
            ([0, 24], false) => availability_note,
            ([a, b], w) => Phrase::new(
                if w {
                    "note.available_hours_weekdays"
                } else {
                    "note.available_hours"
                },
                &[("from", format!("{a:02}:00")), ("to", format!("{b:02}:00"))],
            )
            .with("availability", availability_note),
        });
        let mut overrides = vec![];
        let mut note = |field: &str, v: String| overrides.push((field.to_string(), v));
        let output_variation = match s.output_variation {
            Some(x) => {
                fraction("output_variation", x)?;
                note("output_variation", x.to_string());
                x
            }
            None => data.availability.output_variation.value,
        };
        let subsidy_share = match s.subsidy {
            Some(x) => {
                fraction("subsidy", x)?;
                note("subsidy", x.to_string());
                x
            }
            None => data.evaluation.subsidy_share.value,
        };
        let lost_power = match s.lost_power_kwh_per_kwh {
            Some(x) => {
                fraction("lost_power_kwh_per_kwh", x)?;
                note("lost_power_kwh_per_kwh", x.to_string());
                x
            }
            None => data.availability.lost_power_kwh_per_kwh.value,
        };
        let is_steam_pipe =
            s.delivery == Delivery::Pipe && s.temperature == TemperatureClass::Steam;
        if !is_steam_pipe {
            for (field, set) in [
                ("accumulator", s.accumulator.is_some()),
                ("condensate_return", s.condensate_return.is_some()),
            ] {
                if set {
                    return Err(err(
                        field,
                        format!("{field} applies to steam delivered by pipe"),
                    ));
                }
            }
        }
        let low = s.temperature == TemperatureClass::LowTemperature;
        let heat_pump_cop = if low {
            let cop = match s.heat_pump_cop {
                Some(c) => {
                    if !c.is_finite() || c <= 1.0 {
                        return Err(err(
                            "heat_pump_cop",
                            format!("a heat-pump COP must exceed 1, got {c}"),
                        ));
                    }
                    note("heat_pump_cop", c.to_string());
                    c
                }
                None => low_temperature_heat_pump_cop(data, supply)?,
            };
            if let Some(k) = s.heat_pump_kw {
                positive("heat_pump_kw", k)?;
            }
            cop
        } else {
            for (field, set) in [
                ("heat_pump_cop", s.heat_pump_cop.is_some()),
                ("heat_pump_kw", s.heat_pump_kw.is_some()),
            ] {
                if set {
                    return Err(err(
                        field,
                        format!("{field} applies to `temperature: low_temperature` sources"),
                    ));
                }
            }
            0.0
        };
        let pcm = match s.delivery {
            Delivery::Containers => {
                if low {
                    return Err(err(
                        "delivery",
                        "PCM containers need a source of at least 80 °C (waste-heat.md §1); a low-temperature source needs a pipe and a heat pump".into(),
                    ));
                }
                let id = s
                    .pcm
                    .clone()
                    .unwrap_or_else(|| data.containers.default_pcm.value.clone());
                let Some(m) = data.containers.pcm.get(&id) else {
                    let known: Vec<&str> = data.containers.pcm.keys().map(String::as_str).collect();
                    let hint = did_you_mean(&id, known.iter().copied())
                        .map(|b| format!(" — did you mean `{b}`?"))
                        .unwrap_or_default();
                    return Err(err(
                        "pcm",
                        format!("unknown PCM `{id}`{hint}; known: {}", known.join(", ")),
                    ));
                };
                if s.temperature < m.min_class {
                    return Err(err(
                        "pcm",
                        format!(
                            "{id} needs a `{}` source or hotter ({})",
                            m.min_class.id(),
                            m.source
                        ),
                    ));
                }
                if s.distance_km > data.containers.max_distance_km.value {
                    return Err(err(
                        "distance_km",
                        format!(
                            "containers serve users within about {} km of the source (waste-heat.md §1), got {}",
                            data.containers.max_distance_km.value, s.distance_km
                        ),
                    ));
                }
                if s.pcm.is_some() {
                    note("pcm", id.clone());
                }
                Some(id)
            }
            Delivery::Pipe => {
                for (field, set) in [
                    ("pcm", s.pcm.is_some()),
                    ("containers", s.containers.is_some()),
                    ("drivers", s.drivers.is_some()),
                ] {
                    if set {
                        return Err(err(
                            field,
                            format!("{field} applies to `delivery: containers`"),
                        ));
                    }
                }
                None
            }
        };
        for (field, v) in [("containers", s.containers), ("drivers", s.drivers)] {
            if v == Some(0) {
                return Err(err(field, format!("{field} must be at least 1")));
            }
            if let Some(n) = v {
                note(field, n.to_string());
            }
        }
        let mut source = Source {
            id: s.id.clone(),
            name: s.name.clone().unwrap_or_else(|| s.id.clone()),
            class: s.temperature,
            delivery: s.delivery,
            distance_km: s.distance_km,
            available_kw,
            availability_note,
            output_variation,
            accumulator: is_steam_pipe && s.accumulator.unwrap_or(data.pipe.accumulator.value),
            backup_boiler: s.backup_boiler.unwrap_or(data.pipe.backup_boiler.value),
            condensate_return: s
                .condensate_return
                .unwrap_or(data.pipe.condensate_return.value),
            heat_pump_cop,
            heat_pump_kw: s.heat_pump_kw,
            absorption_kw: 0.0,
            lost_power_kwh_per_kwh: lost_power,
            subsidy_share,
            pcm,
            containers: s.containers,
            drivers: s.drivers,
            overrides: vec![],
        };
        if let Some(a) = s.absorption_kw {
            non_negative("absorption_kw", a)?;
            if a > 0.0 && !source.hot_water_absorption(data) {
                return Err(err(
                    "absorption_kw",
                    "a hot-water absorption chiller needs 80 °C water by pipe or erythritol containers; steam drives the user's own steam absorption chillers".into(),
                ));
            }
            note("absorption_kw", a.to_string());
            source.absorption_kw = a;
        }
        if let Some(b) = s.backup_boiler {
            note("backup_boiler", b.to_string());
        }
        if let Some(a) = s.accumulator {
            note("accumulator", a.to_string());
        }
        if let Some(c) = s.condensate_return {
            note("condensate_return", c.to_string());
        }
        source.overrides = overrides;
        out.insert(s.id.clone(), Arc::new(source));
    }
    Ok(out)
}

/// Resolve the `sources:` ids of the system at `path` against the case's sources (no
/// unknown or repeated ids).
pub fn resolve(
    ids: &[String],
    path: &str,
    sources: &BTreeMap<String, Arc<Source>>,
    map: &SourceMap,
) -> Result<Vec<Arc<Source>>> {
    let mut resolved = vec![];
    for (j, id) in ids.iter().enumerate() {
        let fp = format!("{path}.sources[{j}]");
        let Some(s) = sources.get(id) else {
            let hint = did_you_mean(id, sources.keys().map(String::as_str))
                .map(|b| format!(" — did you mean `{b}`?"))
                .unwrap_or_default();
            let known = if sources.is_empty() {
                "the case has no `sources:` list".to_string()
            } else {
                format!(
                    "known: {}",
                    sources.keys().cloned().collect::<Vec<_>>().join(", ")
                )
            };
            return Err(map.error(&fp, format!("unknown source `{id}`{hint}; {known}")));
        };
        if ids[..j].contains(id) {
            return Err(map.error(&fp, format!("source `{id}` listed twice")));
        }
        resolved.push(s.clone());
    }
    Ok(resolved)
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
