//! Gas cogeneration (CHP, ガスコージェネレーション) in a DHC plant: the `chp:` block of a
//! `kind: dhc` system.
//!
//! A gas engine or gas turbine, in `units` equal units, sized on the heat base load (the
//! CHP-usable heat exceeded `sizing_hours` hours a year on the duration curve) or on the
//! electricity base load of the connected buildings; run hour by hour heat-led (the default:
//! the heat it can use, never dumping any) or electricity-led (the buildings' electricity, the
//! heat it cannot use dumped through the cooling towers). Its recovered heat serves heating
//! and hot water first, then drives the plant's absorption chillers (COP of recovered heat
//! from data); the plant's boilers and chillers meet the rest as before.
//!
//! Energy basis: efficiencies are on the lower heating value (LHV, as Japanese makers print
//! them and as the rest of the gas data, supply.yaml `factor_sets`); per hour
//! `fuel = power + recovered heat + losses` (LHV). Gas volume = fuel ÷ LHV; primary energy and
//! CO2 follow the factor set (volume × HHV; volume × kg-CO2/Nm³). The power displaces
//! purchased electricity: it enters the plant balance as negative electricity
//! (`chp_generation`), credited at the case's area factor set (CO2, primary energy) and valued
//! at the area's DHC electricity energy charge; the contracts keep their size (the grid backs
//! the CHP up).
//!
//! Scale effect: electrical and heat-recovery efficiencies and the installed ¥/kW are
//! interpolated on log(unit kW_e) between the size points of supply.yaml `chp` (each with its
//! source; approximations labelled there).

use crate::calendar::HOURS_PER_YEAR;
use crate::carrier::Carrier;
use crate::sourced::Sourced;
use crate::supply::data::{FactorSet, SupplyData};
use crate::supply::unused::HourTotal;
use crate::supply::{CostLine, Installed, SupplyInput};
use serde::{Deserialize, Serialize};

/// Prime mover of a CHP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Technology {
    /// Reciprocating gas engine (ガスエンジン).
    GasEngine,
    /// Gas turbine (ガスタービン).
    GasTurbine,
}

impl Technology {
    /// The serde name.
    pub fn id(self) -> &'static str {
        match self {
            Technology::GasEngine => "gas_engine",
            Technology::GasTurbine => "gas_turbine",
        }
    }

    /// Equipment id of the installed CHP (catalogue key `equipment.<id>`).
    pub fn equipment_id(self) -> &'static str {
        match self {
            Technology::GasEngine => "chp_gas_engine",
            Technology::GasTurbine => "chp_gas_turbine",
        }
    }

    /// The technology of an installed CHP's equipment id.
    pub fn of_equipment(id: &str) -> Option<Technology> {
        [Technology::GasEngine, Technology::GasTurbine]
            .into_iter()
            .find(|t| t.equipment_id() == id)
    }
}

/// What the CHP capacity is sized on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChpSizing {
    /// The CHP-usable heat (heating + hot water + absorption drive) exceeded `sizing_hours`.
    HeatBase,
    /// The connected buildings' electricity exceeded `sizing_hours`.
    ElectricityBase,
}

impl ChpSizing {
    /// The serde name.
    pub fn id(self) -> &'static str {
        match self {
            ChpSizing::HeatBase => "heat_base",
            ChpSizing::ElectricityBase => "electricity_base",
        }
    }
}

/// Hourly dispatch rule of a CHP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChpDispatch {
    /// 熱主電従: follow the heat the plant can use; never dump heat.
    HeatLed,
    /// 電主熱従: follow the connected buildings' electricity; dump the heat not usable.
    ElectricityLed,
}

impl ChpDispatch {
    /// The serde name.
    pub fn id(self) -> &'static str {
        match self {
            ChpDispatch::HeatLed => "heat_led",
            ChpDispatch::ElectricityLed => "electricity_led",
        }
    }
}

/// The `chp:` block of a DHC system (every field defaults to supply.yaml `chp`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChpSpec {
    /// Prime mover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technology: Option<Technology>,
    /// Sizing basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sizing: Option<ChpSizing>,
    /// Hours a year the sizing load is exceeded, h.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sizing_hours: Option<f64>,
    /// Installed electrical capacity instead of the sizing rule, kW_e.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_kw_e: Option<f64>,
    /// Number of equal units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<u32>,
    /// Dispatch rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispatch: Option<ChpDispatch>,
}

/// Efficiency of one unit size (LHV), with its source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EfficiencyPoint {
    /// Unit electrical rating, kW_e.
    pub kw_e: f64,
    /// Electrical efficiency at full load (LHV).
    pub electrical: f64,
    /// Heat-recovery efficiency at full load (LHV).
    pub heat: f64,
    /// Source.
    pub source: String,
}

/// Installed cost of one unit size, with its source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CostPoint {
    /// Unit electrical rating, kW_e.
    pub kw_e: f64,
    /// Installed cost, USD per kW_e.
    pub usd_per_kw: f64,
    /// Source.
    pub source: String,
}

/// Data of one prime mover (supply.yaml `chp.gas_engine`, `chp.gas_turbine`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TechnologyData {
    /// Name printed in the appendix.
    pub label: String,
    /// Japanese name.
    pub label_ja: String,
    /// Efficiency scale curve, ascending unit size.
    pub efficiency: Vec<EfficiencyPoint>,
    /// Installed-cost scale curve, ascending unit size.
    pub cost: Vec<CostPoint>,
    /// Operation and maintenance, USD per kWh generated.
    pub om_usd_per_kwh: Sourced,
    /// Minimum load of a running unit, fraction of its rated fuel input.
    pub min_load: Sourced,
    /// Electrical efficiency lost per unit of load below full: η_e(L) = η_e·(1 − k·(1 − L)).
    pub part_load_electrical_loss: Sourced,
    /// Cooling per unit of recovered heat driving the plant's absorption chillers.
    pub absorption_cop: Sourced,
}

/// supply.yaml `chp`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChpData {
    /// Efficiency basis of the curves.
    pub efficiency_basis: Sourced<String>,
    /// Default prime mover.
    pub technology: Sourced<Technology>,
    /// Default sizing basis.
    pub sizing: Sourced<ChpSizing>,
    /// Default hours a year the sizing load is exceeded, h.
    pub sizing_hours: Sourced,
    /// Default number of units.
    pub units: Sourced<u32>,
    /// Default dispatch rule.
    pub dispatch: Sourced<ChpDispatch>,
    /// Exchange rate for the USD cost data, ¥/USD.
    pub yen_per_usd: Sourced,
    /// Gas engines.
    pub gas_engine: TechnologyData,
    /// Gas turbines.
    pub gas_turbine: TechnologyData,
}

impl ChpData {
    /// The data of a prime mover.
    pub fn technology(&self, t: Technology) -> &TechnologyData {
        match t {
            Technology::GasEngine => &self.gas_engine,
            Technology::GasTurbine => &self.gas_turbine,
        }
    }
}

/// Linear interpolation on log(size) between `(kw, value)` points sorted by size, clamped at
/// both ends.
fn log_interp(points: &[(f64, f64)], kw: f64) -> f64 {
    let Some(&(k0, v0)) = points.first() else {
        return 0.0;
    };
    if kw <= k0 {
        return v0;
    }
    for w in points.windows(2) {
        let ((ka, va), (kb, vb)) = (w[0], w[1]);
        if kw <= kb {
            let s = (kw.ln() - ka.ln()) / (kb.ln() - ka.ln());
            return va + s * (vb - va);
        }
    }
    points.last().map_or(v0, |p| p.1)
}

impl TechnologyData {
    /// Full-load electrical and heat-recovery efficiencies (LHV) of a unit of `unit_kw_e`.
    pub fn efficiencies(&self, unit_kw_e: f64) -> (f64, f64) {
        let e: Vec<(f64, f64)> = self
            .efficiency
            .iter()
            .map(|p| (p.kw_e, p.electrical))
            .collect();
        let h: Vec<(f64, f64)> = self.efficiency.iter().map(|p| (p.kw_e, p.heat)).collect();
        (log_interp(&e, unit_kw_e), log_interp(&h, unit_kw_e))
    }

    /// Installed cost of a unit of `unit_kw_e`, USD per kW_e.
    pub fn usd_per_kw(&self, unit_kw_e: f64) -> f64 {
        let c: Vec<(f64, f64)> = self.cost.iter().map(|p| (p.kw_e, p.usd_per_kw)).collect();
        log_interp(&c, unit_kw_e)
    }
}

/// The CHP of a DHC system with every default resolved.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Design {
    /// Prime mover.
    pub technology: Technology,
    /// Sizing basis.
    pub sizing: ChpSizing,
    /// Dispatch rule.
    pub dispatch: ChpDispatch,
    /// Units.
    pub units: u32,
    /// Installed electrical capacity (all units), kW_e.
    pub size_kw_e: f64,
    /// Full-load electrical efficiency (LHV).
    pub electrical_efficiency: f64,
    /// Full-load heat-recovery efficiency (LHV).
    pub heat_efficiency: f64,
    /// Minimum load of a running unit (fuel fraction).
    pub min_load: f64,
    /// Part-load loss coefficient of the electrical efficiency.
    pub part_load_loss: f64,
    /// Cooling per unit of recovered heat on the absorption chillers.
    pub absorption_cop: f64,
    /// Hours a year the sizing load is exceeded, h.
    pub sizing_hours: f64,
}

impl Design {
    /// Rated fuel input of one unit (LHV), kW.
    pub fn unit_fuel_kw(&self) -> f64 {
        if self.units == 0 || self.electrical_efficiency <= 0.0 {
            0.0
        } else {
            self.size_kw_e / self.units as f64 / self.electrical_efficiency
        }
    }

    /// Installed heat-recovery capacity (all units), kW.
    pub fn size_kw_th(&self) -> f64 {
        self.unit_fuel_kw() * self.units as f64 * self.heat_efficiency
    }

    /// Electrical efficiency of a unit at fuel load `l` (0–1).
    pub fn electrical_at(&self, l: f64) -> f64 {
        self.electrical_efficiency * (1.0 - self.part_load_loss * (1.0 - l))
    }

    /// The fuel load of a unit giving `p` (0–1) of its rated power: solves
    /// `l·(1 − k·(1 − l)) = p`.
    fn load_for_power(&self, p: f64) -> f64 {
        let k = self.part_load_loss;
        if k <= 0.0 {
            return p;
        }
        let b = 1.0 - k;
        ((b * b + 4.0 * k * p).sqrt() - b) / (2.0 * k)
    }
}

/// The `n`-th largest value of a series (the load exceeded `n` hours a year on its duration
/// curve; 0 for an empty series or `n` = 0).
pub fn exceeded_hours(series: &[f64], hours: f64) -> f64 {
    let n = hours.round() as usize;
    if n == 0 || series.is_empty() {
        return 0.0;
    }
    let mut s: Vec<f64> = series.to_vec();
    let i = n.min(s.len()) - 1;
    s.select_nth_unstable_by(i, |a, b| b.total_cmp(a));
    s[i]
}

/// Design the CHP: the spec's choices over the data defaults, sized on the heat base of
/// `usable_heat_kw` or the electricity base of `electricity_kw` (the load exceeded
/// `sizing_hours` on the duration curve), the efficiencies at the resulting unit size (a fixed
/// point: the heat-to-power ratio depends on the size).
pub fn design(
    data: &ChpData,
    spec: &ChpSpec,
    usable_heat_kw: &[f64],
    electricity_kw: &[f64],
) -> Design {
    let technology = spec.technology.unwrap_or(data.technology.value);
    let t = data.technology(technology);
    let sizing = spec.sizing.unwrap_or(data.sizing.value);
    let units = spec.units.unwrap_or(data.units.value).max(1);
    let hours = spec.sizing_hours.unwrap_or(data.sizing_hours.value);
    let size_at = |size_kw_e: f64| {
        let (e, h) = t.efficiencies(size_kw_e / units as f64);
        (size_kw_e, e, h)
    };
    let (size_kw_e, electrical, heat) = match (spec.size_kw_e, sizing) {
        (Some(kw), _) => size_at(kw),
        (None, ChpSizing::ElectricityBase) => size_at(exceeded_hours(electricity_kw, hours)),
        (None, ChpSizing::HeatBase) => {
            let q = exceeded_hours(usable_heat_kw, hours);
            // kW_e = heat base × η_e/η_h at the unit size it gives; a few passes converge
            // (the ratio moves slowly with log size).
            let mut kw_e = q * t.efficiency.first().map_or(0.0, |p| p.electrical / p.heat);
            for _ in 0..50 {
                let (_, e, h) = size_at(kw_e);
                let next = if h > 0.0 { q * e / h } else { 0.0 };
                let done = (next - kw_e).abs() <= 1e-9 * next.max(1.0);
                kw_e = next;
                if done {
                    break;
                }
            }
            size_at(kw_e)
        }
    };
    Design {
        technology,
        sizing,
        dispatch: spec.dispatch.unwrap_or(data.dispatch.value),
        units,
        size_kw_e,
        electrical_efficiency: electrical,
        heat_efficiency: heat,
        min_load: t.min_load.value,
        part_load_loss: t.part_load_electrical_loss.value,
        absorption_cop: t.absorption_cop.value,
        sizing_hours: hours,
    }
}

/// The loads a CHP may serve in each hour, after the plant's unused-energy sources, kW.
pub struct Loads<'a> {
    /// Heat the plant must deliver for heating and hot water (incl. pipe losses).
    pub heat_kw: &'a [f64],
    /// Cooling the plant's chillers must produce.
    pub cool_kw: &'a [f64],
    /// Absorption-chiller capacity free for recovered heat, kW of cooling, by hour (one
    /// value: the same every hour).
    pub absorption_free_kw: &'a [f64],
    /// Electricity of the connected buildings (electricity-led dispatch).
    pub electricity_kw: &'a [f64],
}

impl Loads<'_> {
    /// The heat the CHP can use in hour `t`: heating and hot water, and the absorption
    /// chillers' drive up to the cooling and their free capacity, kW.
    pub fn usable_heat_kw(&self, t: usize, absorption_cop: f64) -> f64 {
        let free = match self.absorption_free_kw {
            [all] => *all,
            hourly => hourly[t],
        };
        let abs = if absorption_cop > 0.0 {
            self.cool_kw[t].min(free).max(0.0) / absorption_cop
        } else {
            0.0
        };
        self.heat_kw[t].max(0.0) + abs
    }
}

/// The hourly run of a CHP, kW.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Run {
    /// The design.
    #[serde(skip)]
    pub design: Option<Design>,
    /// Fuel input (LHV).
    pub fuel_kw: Vec<f64>,
    /// Power generated.
    pub power_kw: Vec<f64>,
    /// Heat recovered (used + dumped).
    pub recovered_kw: Vec<f64>,
    /// Recovered heat serving heating and hot water.
    pub to_heat_kw: Vec<f64>,
    /// Recovered heat driving the absorption chillers.
    pub to_absorption_kw: Vec<f64>,
    /// Cooling produced on recovered heat.
    pub cool_kw: Vec<f64>,
    /// Recovered heat dumped (electricity-led only).
    pub dumped_kw: Vec<f64>,
    /// Losses (exhaust, radiation): fuel × (1 − η_e(load) − η_h).
    pub loss_kw: Vec<f64>,
    /// Power beyond the connected buildings' electricity of the hour (to the plant's own
    /// use or the grid; credited like the rest).
    pub beyond_buildings_kw: Vec<f64>,
    /// Units running.
    pub units_on: Vec<u32>,
    /// Annual totals of the series above, summed hour by hour in the dispatch loop (the
    /// same order as summing each series afterwards), kWh.
    #[serde(skip)]
    pub totals: Totals,
}

/// Annual totals of a CHP run, kWh (hours for `hours_run`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    /// Fuel input (LHV).
    pub fuel_kwh: f64,
    /// Power generated.
    pub power_kwh: f64,
    /// Heat recovered.
    pub recovered_kwh: f64,
    /// Recovered heat to heating and hot water.
    pub to_heat_kwh: f64,
    /// Recovered heat to the absorption chillers.
    pub to_absorption_kwh: f64,
    /// Cooling made on recovered heat.
    pub cool_kwh: f64,
    /// Recovered heat dumped.
    pub dumped_kwh: f64,
    /// Losses.
    pub loss_kwh: f64,
    /// Power beyond the connected buildings' electricity.
    pub beyond_buildings_kwh: f64,
    /// Hours with at least one unit running.
    pub hours_run: f64,
}

/// One hour of a CHP run with at least one unit on, kW.
#[derive(Debug, Clone, Copy)]
pub struct Hour {
    /// Units running.
    pub on: u32,
    /// Fuel input (LHV).
    pub fuel_kw: f64,
    /// Power generated.
    pub power_kw: f64,
    /// Heat recovered.
    pub recovered_kw: f64,
    /// Recovered heat to heating and hot water.
    pub to_heat_kw: f64,
    /// Recovered heat to the absorption chillers.
    pub to_absorption_kw: f64,
    /// Cooling made on recovered heat.
    pub cool_kw: f64,
    /// Recovered heat dumped.
    pub dumped_kw: f64,
    /// Losses.
    pub loss_kw: f64,
    /// Power beyond the connected buildings' electricity.
    pub beyond_buildings_kw: f64,
}

impl Hour {
    /// Add the hour to the hour of the sources the plant dispatch takes first: heat, the
    /// cooling made on recovered heat (absorption capacity taken) and the heat the
    /// absorption chillers and the dump reject.
    pub fn add_to_hour(&self, h: &mut HourTotal) {
        let cool = self.cool_kw;
        h.heat_kw += self.to_heat_kw;
        h.cool_kw += cool;
        h.steam_absorption_kw += cool;
        h.rejected_kw += cool + self.to_absorption_kw + self.dumped_kw;
    }
}

impl Totals {
    /// Add an hour with units on.
    fn add(&mut self, h: &Hour) {
        self.fuel_kwh += h.fuel_kw;
        self.power_kwh += h.power_kw;
        self.recovered_kwh += h.recovered_kw;
        self.to_heat_kwh += h.to_heat_kw;
        self.to_absorption_kwh += h.to_absorption_kw;
        self.cool_kwh += h.cool_kw;
        self.dumped_kwh += h.dumped_kw;
        self.loss_kwh += h.loss_kw;
        self.beyond_buildings_kwh += h.beyond_buildings_kw;
        self.hours_run += 1.0;
    }
}

impl Run {
    /// A run of design `d` with no hour yet (series empty: the plant's own run keeps the
    /// totals only, [`Prepared::hour`]).
    pub fn totals_only(d: &Design) -> Run {
        Run {
            design: Some(*d),
            fuel_kw: vec![],
            power_kw: vec![],
            recovered_kw: vec![],
            to_heat_kw: vec![],
            to_absorption_kw: vec![],
            cool_kw: vec![],
            dumped_kw: vec![],
            loss_kw: vec![],
            beyond_buildings_kw: vec![],
            units_on: vec![],
            totals: Totals::default(),
        }
    }

    /// Add hour `h` (units on) to the totals.
    pub fn add_hour(&mut self, h: &Hour) {
        self.totals.add(h);
    }
}

/// Units running and the fuel load of each for an output `x` of which one unit at full load
/// gives `x_unit`: as few units as carry it, equally loaded; a unit below the minimum load
/// is stopped (one unit: the CHP stops; several: one fewer at full load, so no more than
/// `x` is produced).
fn stage(x: f64, x_unit: f64, units: u32, min_load: f64) -> (u32, f64) {
    if x <= 0.0 || x_unit <= 0.0 {
        return (0, 0.0);
    }
    // ⌈x / x_unit − 1e-12⌉ units, at least one and at most all: the ceiling by comparison
    // (f64::ceil is a libm call on the baseline x86-64 target, and this runs every hour).
    let r = (x / x_unit - 1e-12).min(units as f64);
    let whole = r as u32;
    let n = if (whole as f64) < r { whole + 1 } else { whole }.clamp(1, units);
    let share = (x / (n as f64 * x_unit)).min(1.0);
    if share >= min_load {
        (n, share)
    } else if n == 1 {
        (0, 0.0)
    } else {
        (n - 1, 1.0)
    }
}

/// One unit's fuel input, heat and power at full load, kW (fixed by the design).
#[derive(Debug, Clone, Copy)]
pub struct UnitOutputs {
    fuel_kw: f64,
    heat_kw: f64,
    power_kw: f64,
}

impl Design {
    /// One unit's outputs at full load; `None` when the CHP cannot run (no size or no heat
    /// recovery).
    pub fn unit_outputs(&self) -> Option<UnitOutputs> {
        let fuel_kw = self.unit_fuel_kw();
        (fuel_kw > 0.0 && self.heat_efficiency > 0.0).then_some(UnitOutputs {
            fuel_kw,
            heat_kw: fuel_kw * self.heat_efficiency,
            power_kw: fuel_kw * self.electrical_efficiency,
        })
    }

    /// Hour `t` of the CHP on `loads` with units of outputs `u` ([`Design::unit_outputs`]):
    /// units on, fuel, power and where the recovered heat goes; `None` when no unit runs.
    #[inline(always)]
    pub fn hour(&self, u: &UnitOutputs, loads: &Loads, t: usize) -> Option<Hour> {
        let d = self;
        let (unit_fuel, unit_heat, unit_power) = (u.fuel_kw, u.heat_kw, u.power_kw);
        let usable = loads.usable_heat_kw(t, d.absorption_cop);
        // Units on and the fuel load of each.
        let (on, load) = match d.dispatch {
            ChpDispatch::HeatLed => stage(usable, unit_heat, d.units, d.min_load),
            ChpDispatch::ElectricityLed => {
                let (on, p) = stage(loads.electricity_kw[t], unit_power, d.units, 0.0);
                let l = d.load_for_power(p);
                if on == 0 || l >= d.min_load {
                    (on, l)
                } else if on == 1 {
                    (0, 0.0)
                } else {
                    (on - 1, 1.0)
                }
            }
        };
        if on == 0 {
            return None;
        }
        let fuel = on as f64 * unit_fuel * load;
        let electrical = d.electrical_at(load);
        let power = fuel * electrical;
        let heat = fuel * d.heat_efficiency;
        // Heat-led output is the usable heat at most (rounding aside): nothing is dumped.
        let used = match d.dispatch {
            ChpDispatch::HeatLed => heat,
            ChpDispatch::ElectricityLed => heat.min(usable),
        };
        let to_heat = used.min(loads.heat_kw[t].max(0.0));
        let to_abs = used - to_heat;
        Some(Hour {
            on,
            fuel_kw: fuel,
            power_kw: power,
            recovered_kw: heat,
            to_heat_kw: to_heat,
            to_absorption_kw: to_abs,
            cool_kw: to_abs * d.absorption_cop,
            dumped_kw: heat - used,
            loss_kw: fuel * (1.0 - electrical - d.heat_efficiency),
            beyond_buildings_kw: (power - loads.electricity_kw[t]).max(0.0),
        })
    }
}

/// Run the CHP hour by hour on `loads`, keeping every hour's series.
pub fn dispatch(d: &Design, loads: &Loads) -> Run {
    let n = loads.heat_kw.len();
    let mut r = Run {
        fuel_kw: vec![0.0; n],
        power_kw: vec![0.0; n],
        recovered_kw: vec![0.0; n],
        to_heat_kw: vec![0.0; n],
        to_absorption_kw: vec![0.0; n],
        cool_kw: vec![0.0; n],
        dumped_kw: vec![0.0; n],
        loss_kw: vec![0.0; n],
        beyond_buildings_kw: vec![0.0; n],
        units_on: vec![0; n],
        ..Run::totals_only(d)
    };
    let Some(u) = d.unit_outputs() else {
        return r;
    };
    for t in 0..n {
        let Some(h) = d.hour(&u, loads, t) else {
            continue;
        };
        r.fuel_kw[t] = h.fuel_kw;
        r.power_kw[t] = h.power_kw;
        r.recovered_kw[t] = h.recovered_kw;
        r.to_heat_kw[t] = h.to_heat_kw;
        r.to_absorption_kw[t] = h.to_absorption_kw;
        r.cool_kw[t] = h.cool_kw;
        r.dumped_kw[t] = h.dumped_kw;
        r.loss_kw[t] = h.loss_kw;
        r.beyond_buildings_kw[t] = h.beyond_buildings_kw;
        r.units_on[t] = h.on;
        r.totals.add(&h);
    }
    r
}

/// The connected buildings' electricity, kW (the base an electricity-led CHP follows).
pub fn buildings_electricity_kw(input: &SupplyInput) -> Vec<f64> {
    let mut out = vec![0.0; HOURS_PER_YEAR];
    for (u, &f) in input.floor_by_use_m2 {
        let Some(m) = input.models.get(u) else {
            continue;
        };
        for (o, v) in out
            .iter_mut()
            .zip(&m.unit_kw_per_m2[Carrier::Electricity.index()])
        {
            *o += f * v;
        }
    }
    out
}

/// A CHP designed for a DHC plant, with the loads it serves hour by hour: what is left
/// after the plant's unused-energy sources.
pub struct Prepared {
    /// The design.
    pub design: Design,
    /// Heat, cooling and free absorption capacity left by the sources, kW (`None` without
    /// sources: the plant's needs and all the absorption capacity).
    left: Option<[Vec<f64>; 3]>,
    /// All the absorption capacity, kW of cooling (one value: every hour).
    all_free: [f64; 1],
    /// The connected buildings' electricity, kW.
    electricity: Vec<f64>,
}

impl Prepared {
    /// The CHP's loads; `needs` are the plant's `(heat, cooling)` needs it was prepared on.
    pub fn loads<'a>(&'a self, needs: (&'a [f64], &'a [f64])) -> Loads<'a> {
        loads_of(&self.left, &self.all_free, &self.electricity, needs)
    }
}

fn loads_of<'a>(
    left: &'a Option<[Vec<f64>; 3]>,
    all_free: &'a [f64; 1],
    electricity: &'a [f64],
    (heat_need_kw, cool_need_kw): (&'a [f64], &'a [f64]),
) -> Loads<'a> {
    match left {
        Some([heat, cool, abs_free]) => Loads {
            heat_kw: heat,
            cool_kw: cool,
            absorption_free_kw: abs_free,
            electricity_kw: electricity,
        },
        None => Loads {
            heat_kw: heat_need_kw,
            cool_kw: cool_need_kw,
            absorption_free_kw: all_free,
            electricity_kw: electricity,
        },
    }
}

/// Design the CHP of a DHC plant on what is left after its unused-energy sources:
/// `heat_need_kw`, `cool_need_kw` (plant loads), `absorption_kw` (the plant's absorption
/// capacity, kW of cooling).
pub fn prepare(
    input: &SupplyInput,
    spec: &ChpSpec,
    (heat_need_kw, cool_need_kw): (&[f64], &[f64]),
    absorption_kw: f64,
    sources: &[crate::supply::unused::Operation],
) -> Prepared {
    let data = &input.data().chp;
    let n = heat_need_kw.len();
    // What the sources leave (without sources: the plant's needs and all the absorption
    // capacity, not copied).
    let left = (!sources.is_empty()).then(|| {
        let (mut heat, mut cool, mut abs_free) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        for t in 0..n {
            let s = HourTotal::of(sources, t);
            heat[t] = (heat_need_kw[t] - s.heat_kw).max(0.0);
            cool[t] = (cool_need_kw[t] - s.cool_kw).max(0.0);
            abs_free[t] = (absorption_kw - s.steam_absorption_kw).max(0.0);
        }
        [heat, cool, abs_free]
    });
    let all_free = [absorption_kw.max(0.0)];
    let electricity = buildings_electricity_kw(input);
    let loads = loads_of(&left, &all_free, &electricity, (heat_need_kw, cool_need_kw));
    let cop = data
        .technology(spec.technology.unwrap_or(data.technology.value))
        .absorption_cop
        .value;
    let usable: Vec<f64> = (0..n).map(|t| loads.usable_heat_kw(t, cop)).collect();
    let design = design(data, spec, &usable, &electricity);
    Prepared {
        design,
        left,
        all_free,
        electricity,
    }
}

/// Design and run the CHP of a DHC plant hour by hour, keeping the series ([`prepare`],
/// [`dispatch`]; the plant's own run takes the hours as it goes instead).
pub fn operate(
    input: &SupplyInput,
    spec: &ChpSpec,
    needs: (&[f64], &[f64]),
    absorption_kw: f64,
    sources: &[crate::supply::unused::Operation],
) -> Run {
    let p = prepare(input, spec, needs, absorption_kw, sources);
    dispatch(&p.design, &p.loads(needs))
}

/// Gas volume of a fuel input (LHV), Nm³.
pub fn fuel_nm3(fuel_kwh: f64, f: &FactorSet) -> f64 {
    fuel_kwh * 3.6 / f.gas_lhv_mj_per_nm3.value
}

/// What a CHP did in a year (report.json `systems[].chp`).
#[derive(Debug, Clone, Serialize)]
pub struct ChpResult {
    /// Prime mover (`gas_engine`, `gas_turbine`).
    pub technology: Technology,
    /// Sizing basis (`heat_base`, `electricity_base`).
    pub sizing: ChpSizing,
    /// Dispatch rule (`heat_led`, `electricity_led`).
    pub dispatch: ChpDispatch,
    /// Hours a year the sizing load is exceeded, h.
    pub sizing_hours: f64,
    /// Units.
    pub units: u32,
    /// Installed electrical capacity, kW_e.
    pub size_kw_e: f64,
    /// Installed heat-recovery capacity, kW.
    pub size_kw_th: f64,
    /// Full-load electrical efficiency at the unit size (LHV).
    pub electrical_efficiency: f64,
    /// Full-load heat-recovery efficiency at the unit size (LHV).
    pub heat_efficiency: f64,
    /// Hours with at least one unit running, h/yr.
    pub hours_run: f64,
    /// Power ÷ installed capacity, h/yr.
    pub full_load_hours: f64,
    /// Fuel (LHV), GJ/yr.
    pub fuel_gj: f64,
    /// Fuel (HHV, the primary-energy basis), GJ/yr.
    pub fuel_gj_hhv: f64,
    /// Gas, thousand Nm³/yr.
    pub gas_knm3: f64,
    /// Power generated, MWh/yr.
    pub power_mwh: f64,
    /// Power beyond the connected buildings' electricity in the same hour (to the plant's own
    /// use or the grid), MWh/yr.
    pub power_beyond_buildings_mwh: f64,
    /// Heat recovered, GJ/yr.
    pub recovered_heat_gj: f64,
    /// Recovered heat used (heating, hot water and absorption drive), GJ/yr.
    pub heat_used_gj: f64,
    /// … of which to heating and hot water, GJ/yr.
    pub heat_to_heating_gj: f64,
    /// … of which driving absorption chillers, GJ/yr.
    pub heat_to_absorption_gj: f64,
    /// Cooling made on recovered heat, GJ/yr.
    pub cooling_gj: f64,
    /// Recovered heat dumped, GJ/yr.
    pub heat_dumped_gj: f64,
    /// Losses (LHV), GJ/yr.
    pub losses_gj: f64,
    /// (power + heat used) ÷ fuel (LHV).
    pub overall_efficiency: f64,
    /// CO2 of the power at the factor set's electricity factor (credited), t/yr.
    pub co2_credit_t: f64,
    /// CO2 of the CHP's gas, t/yr.
    pub co2_fuel_t: f64,
    /// Primary energy of the power at the factor set's factor (credited), GJ/yr.
    pub primary_energy_credit_gj: f64,
    /// Power valued at the DHC electricity energy charge, ¥ thousand/yr.
    pub power_value_kyen: f64,
    /// Installed cost, ¥ thousand.
    pub capital_kyen: f64,
    /// Operation and maintenance beyond the plant's maintenance share, ¥ thousand/yr.
    pub om_kyen: f64,
}

/// The capital cost of an installed CHP (None for other equipment), ¥.
pub fn capital_yen(d: &SupplyData, item: &Installed) -> Option<f64> {
    let t = d.chp.technology(Technology::of_equipment(&item.equipment)?);
    let unit = item.capacity_kw / item.units.max(1) as f64;
    Some(item.capacity_kw * t.usd_per_kw(unit) * d.chp.yen_per_usd.value)
}

/// The installed CHP as a plant item (costed by [`capital_yen`]).
pub fn installed(run: &Run) -> Option<Installed> {
    let d = run.design?;
    (d.size_kw_e > 0.0).then(|| Installed {
        equipment: d.technology.equipment_id().to_string(),
        role: "chp".into(),
        capacity_kw: d.size_kw_e,
        units: d.units,
        output_mwh: run.totals.power_kwh / 1000.0,
        cost_kyen: 0.0,
    })
}

/// The CHP's operation and maintenance per kWh generated (supply.yaml, a full O&M figure)
/// less the plant's maintenance share already charged on its capital, ¥ thousand/yr.
fn om_kyen(input: &SupplyInput, run: &Run) -> f64 {
    let (Some(d), Some(item)) = (run.design, installed(run)) else {
        return 0.0;
    };
    let data = input.data();
    let t = data.chp.technology(d.technology);
    let full = run.totals.power_kwh * t.om_usd_per_kwh.value * data.chp.yen_per_usd.value;
    let in_share = capital_yen(data, &item).unwrap_or(0.0) * data.economics.maintenance_share.value;
    (full - in_share).max(0.0) / 1000.0
}

/// The CHP's cost line (its O&M beyond the plant's maintenance share) for the DHC economics.
pub fn cost_lines(input: &SupplyInput, run: &Run) -> Vec<CostLine> {
    let Some(d) = run.design else {
        return vec![];
    };
    let data = input.data();
    let t = data.chp.technology(d.technology);
    vec![CostLine::phrased(
        "chp_maintenance",
        crate::i18n::Text::new("cost.chp_maintenance", &[]),
        om_kyen(input, run),
        crate::i18n::Phrase::new(
            "cost_note.chp_maintenance",
            &[
                (
                    "om",
                    format!("{:.1}", t.om_usd_per_kwh.value * data.chp.yen_per_usd.value),
                ),
                ("mwh", format!("{:.0}", run.totals.power_kwh / 1000.0)),
                (
                    "share",
                    format!("{:.1}", data.economics.maintenance_share.value * 100.0),
                ),
            ],
        ),
    )]
}

/// The year of a CHP run as reported.
pub fn result(input: &SupplyInput, run: &Run) -> Option<ChpResult> {
    let d = run.design?;
    let f = input.factors;
    let tot = &run.totals;
    let gj = |kwh: f64| kwh * 3.6 / 1000.0;
    let (fuel_kwh, power_kwh) = (tot.fuel_kwh, tot.power_kwh);
    let nm3 = fuel_nm3(fuel_kwh, f);
    let used_gj = gj(tot.to_heat_kwh) + gj(tot.to_absorption_kwh);
    let capital = installed(run)
        .and_then(|i| capital_yen(input.data(), &i))
        .unwrap_or(0.0);
    Some(ChpResult {
        technology: d.technology,
        sizing: d.sizing,
        dispatch: d.dispatch,
        sizing_hours: d.sizing_hours,
        units: d.units,
        size_kw_e: d.size_kw_e,
        size_kw_th: d.size_kw_th(),
        electrical_efficiency: d.electrical_efficiency,
        heat_efficiency: d.heat_efficiency,
        hours_run: tot.hours_run,
        full_load_hours: if d.size_kw_e > 0.0 {
            power_kwh / d.size_kw_e
        } else {
            0.0
        },
        fuel_gj: fuel_kwh * 3.6 / 1000.0,
        fuel_gj_hhv: nm3 * f.gas_hhv_mj_per_nm3.value / 1000.0,
        gas_knm3: nm3 / 1000.0,
        power_mwh: power_kwh / 1000.0,
        power_beyond_buildings_mwh: tot.beyond_buildings_kwh / 1000.0,
        recovered_heat_gj: gj(tot.recovered_kwh),
        heat_used_gj: used_gj,
        heat_to_heating_gj: gj(tot.to_heat_kwh),
        heat_to_absorption_gj: gj(tot.to_absorption_kwh),
        cooling_gj: gj(tot.cool_kwh),
        heat_dumped_gj: gj(tot.dumped_kwh),
        losses_gj: gj(tot.loss_kwh),
        overall_efficiency: if fuel_kwh > 0.0 {
            (power_kwh + used_gj * 1000.0 / 3.6) / fuel_kwh
        } else {
            0.0
        },
        co2_credit_t: power_kwh * f.electricity_kg_co2_per_kwh.value / 1000.0,
        co2_fuel_t: nm3 * f.gas_kg_co2_per_nm3.value / 1000.0,
        primary_energy_credit_gj: power_kwh * f.electricity_primary_mj_per_kwh.value / 1000.0,
        power_value_kyen: power_kwh * input.tariffs.dhc_electricity.energy_yen_per_kwh.value
            / 1000.0,
        capital_kyen: capital / 1000.0,
        om_kyen: om_kyen(input, run),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_interpolation_is_clamped_and_passes_through_points() {
        let p = [(100.0, 0.3), (1000.0, 0.4), (10000.0, 0.5)];
        assert_eq!(log_interp(&p, 10.0), 0.3);
        assert_eq!(log_interp(&p, 1e6), 0.5);
        assert!((log_interp(&p, 1000.0) - 0.4).abs() < 1e-12);
        assert!((log_interp(&p, 316.227_766_016_837_9) - 0.35).abs() < 1e-9);
    }

    #[test]
    fn staging_never_exceeds_the_asked_output() {
        for x in [0.0, 10.0, 49.0, 50.0, 99.0, 100.0, 151.0, 400.0] {
            let (n, l) = stage(x, 100.0, 3, 0.5);
            assert!(n as f64 * l * 100.0 <= x + 1e-9, "{x}: {n} × {l}");
            assert!(n == 0 || l >= 0.5);
        }
    }
}
