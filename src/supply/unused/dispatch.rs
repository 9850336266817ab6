//! Which loads a source serves, hour by hour, before the user's own plant runs
//! (waste-heat.md §3): steam → heating, hot water and the user's steam absorption chillers;
//! ≥ 80 °C water (and the hot water discharged by PCM containers) → heating and hot water,
//! cooling only through a hot-water absorption chiller installed for it (COP ≈ 0.7);
//! low-temperature heat → heating and hot water through a heat pump. Sources are taken in
//! the order the system lists them; each serves what the previous ones left.

use super::containers::{self, FleetPlan, FleetRun, PlanMethod, Rules};
use super::pipe::{self, PipeDesign};
use super::study::{self, MonthlyPlan, SourceUser};
use super::{Delivery, Source, TemperatureClass};
use crate::calendar::HOURS_PER_YEAR;
use crate::library::Library;
use crate::load::peak;
use serde::Serialize;
use std::sync::Arc;

/// Hourly loads of the user (DHC plant or one building use) that sources may serve.
pub struct UserLoads<'a> {
    /// Heat the plant must produce for heating and hot water (incl. distribution losses), kW.
    pub heat_kw: &'a [f64],
    /// Cooling the chillers must produce, kW.
    pub cool_kw: &'a [f64],
    /// The user's steam absorption chillers: cooling capacity kW and COP.
    pub steam_absorption: Option<(f64, f64)>,
    /// The user's own boiler capacity, kW: it backs the sources up.
    pub boiler_kw: f64,
    /// The calendar's month ranges (first hour, hours) for fleet sizing.
    pub month_ranges: [(usize, usize); 12],
    /// The users behind the loads (their fuel records and the study's delivery plans feed
    /// a container source's monthly plan; empty for a DHC plant).
    pub users: &'a [SourceUser],
}

/// How a source's heat travels.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    /// A line.
    Pipe(PipeDesign),
    /// A container fleet and its year.
    Containers {
        /// Fleet.
        plan: FleetPlan,
        /// Hourly run.
        run: FleetRun,
        /// The FS's monthly plan (`logistics.plan: monthly`).
        monthly: Option<Box<MonthlyPlan>>,
    },
}

/// One source's hourly operation for a user.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The source.
    pub source: Arc<Source>,
    /// Heat delivered to heating and hot water, kW.
    pub heat_kw: Vec<f64>,
    /// Cooling produced on the source's heat, kW.
    pub cool_kw: Vec<f64>,
    /// Capacity of the user's steam absorption chillers this takes, kW of cooling.
    pub steam_absorption_kw: Vec<f64>,
    /// Extra electricity at the user's plant (heat pump), kW.
    pub electricity_kw: Vec<f64>,
    /// Heat rejected by the chillers driven by the source, kW (cooling towers).
    pub rejected_kw: Vec<f64>,
    /// Heat drawn from the source (incl. the line's loss, or container charging), kW.
    pub drawn_kw: Vec<f64>,
    /// Transport.
    pub transport: Transport,
    /// Heat pump installed for the source, kW of heat.
    pub heat_pump_kw: f64,
    /// Hot-water absorption chiller installed for the source, kW of cooling.
    pub absorption_kw: f64,
    /// Dedicated backup boiler, kW.
    pub backup_boiler_kw: f64,
    /// The user's own boilers can carry the peak the source delivers.
    pub own_boilers_cover: bool,
}

impl Operation {
    /// Heat-equivalent delivered to the user in an hour: heat + the heat driving the
    /// source's chillers, kW.
    pub fn delivered_kw(&self, t: usize) -> f64 {
        self.heat_kw[t] + self.cool_kw[t]
    }

    /// One user's part of an operation serving several: heat (and the heat pump's
    /// electricity) by `heat_share`, cooling (absorption capacity taken, heat rejected) by
    /// `cool_share`, hour by hour.
    pub fn share(&self, heat_share: &[f64], cool_share: &[f64]) -> Operation {
        let by =
            |v: &[f64], k: &[f64]| -> Vec<f64> { v.iter().zip(k).map(|(a, b)| a * b).collect() };
        Operation {
            heat_kw: by(&self.heat_kw, heat_share),
            cool_kw: by(&self.cool_kw, cool_share),
            steam_absorption_kw: by(&self.steam_absorption_kw, cool_share),
            electricity_kw: by(&self.electricity_kw, heat_share),
            rejected_kw: by(&self.rejected_kw, cool_share),
            ..self.clone()
        }
    }
}

/// What all sources of a user do in one hour, summed, kW.
#[derive(Debug, Clone, Copy, Default)]
pub struct HourTotal {
    /// Heat delivered to heating and hot water.
    pub heat_kw: f64,
    /// Cooling produced on source heat.
    pub cool_kw: f64,
    /// Capacity of the user's steam absorption chillers taken.
    pub steam_absorption_kw: f64,
    /// Extra electricity at the user's plant.
    pub electricity_kw: f64,
    /// Heat rejected by the source-driven chillers.
    pub rejected_kw: f64,
}

impl HourTotal {
    /// Sum of the sources' hour `t`.
    #[inline]
    pub fn of(ops: &[Operation], t: usize) -> HourTotal {
        let mut h = HourTotal::default();
        for o in ops {
            h.heat_kw += o.heat_kw[t];
            h.cool_kw += o.cool_kw[t];
            h.steam_absorption_kw += o.steam_absorption_kw[t];
            h.electricity_kw += o.electricity_kw[t];
            h.rejected_kw += o.rejected_kw[t];
        }
        h
    }

    /// Share of the user's steam absorption capacity `cap_kw` left for its own steam.
    pub fn absorption_left_share(&self, cap_kw: f64) -> f64 {
        if cap_kw > 0.0 {
            (1.0 - self.steam_absorption_kw / cap_kw).max(0.0)
        } else {
            1.0
        }
    }
}

/// What one hour of source heat does.
#[derive(Default)]
struct Hour {
    heat: f64,
    cool: f64,
    steam_abs: f64,
    elec: f64,
    rejected: f64,
    used: f64,
}

/// Serve one hour from `deliverable_kw` of heat at the user (`class` as delivered).
#[allow(clippy::too_many_arguments)]
fn serve(
    class: TemperatureClass,
    deliverable_kw: f64,
    heat_need: f64,
    cool_need: f64,
    steam_abs_free: f64,
    steam_cop: f64,
    hw_abs: (f64, f64),
    hp: (f64, f64),
) -> Hour {
    let mut h = Hour::default();
    match class {
        TemperatureClass::LowTemperature => {
            let (cop, cap) = hp;
            let q = heat_need.min(cap).min(deliverable_kw * cop / (cop - 1.0));
            h.heat = q;
            h.elec = q / cop;
            h.used = q - h.elec;
        }
        TemperatureClass::Steam | TemperatureClass::HotWater80 => {
            h.heat = heat_need.min(deliverable_kw);
            let spare = deliverable_kw - h.heat;
            let (cap, cop) = if class == TemperatureClass::Steam {
                (steam_abs_free, steam_cop)
            } else {
                hw_abs
            };
            if cop > 0.0 {
                h.cool = cool_need.min(cap).min(spare * cop);
                h.rejected = h.cool * (1.0 + 1.0 / cop);
                if class == TemperatureClass::Steam {
                    h.steam_abs = h.cool;
                }
                h.used = h.heat + h.cool / cop;
            } else {
                h.used = h.heat;
            }
        }
    }
    h
}

/// Hourly series of one source being dispatched, kW.
struct Record {
    heat: Vec<f64>,
    cool: Vec<f64>,
    steam_abs: Vec<f64>,
    elec: Vec<f64>,
    rejected: Vec<f64>,
}

/// What is left of the user's loads for the next sources, kW.
struct Left {
    heat: Vec<f64>,
    cool: Vec<f64>,
    steam_abs: Vec<f64>,
}

impl Record {
    fn new(n: usize) -> Record {
        Record {
            heat: vec![0.0; n],
            cool: vec![0.0; n],
            steam_abs: vec![0.0; n],
            elec: vec![0.0; n],
            rejected: vec![0.0; n],
        }
    }

    /// Record an hour and take it off what is left for the next sources.
    fn apply(&mut self, t: usize, h: &Hour, left: &mut Left) {
        self.heat[t] = h.heat;
        self.cool[t] = h.cool;
        self.steam_abs[t] = h.steam_abs;
        self.elec[t] = h.elec;
        self.rejected[t] = h.rejected;
        left.heat[t] -= h.heat;
        left.cool[t] -= h.cool;
        left.steam_abs[t] -= h.steam_abs;
    }
}

/// The fleet of a container source and its hourly run: just in time (sized by
/// [`containers::plan`]), or the FS's monthly plan for the users' fuel records.
fn fleet(
    s: &Source,
    servable: &[f64],
    loads: &UserLoads,
    data: &super::data::WasteHeatData,
) -> (FleetPlan, FleetRun, Option<Box<MonthlyPlan>>) {
    let cd = &data.containers;
    match s.logistics.plan {
        PlanMethod::JustInTime => {
            let rules = Rules::of(&s.logistics, None);
            let plan = containers::plan(
                cd,
                servable,
                &s.available_kw,
                &loads.month_ranges,
                s.containers,
                s.drivers,
                rules,
            );
            let run = containers::simulate(cd, &plan, servable, &s.available_kw, rules);
            (plan, run, None)
        }
        PlanMethod::Monthly => {
            let mut mp = study::plan(loads.users, data, &s.logistics, &loads.month_ranges);
            mp.containers = s.containers.unwrap_or(mp.containers);
            mp.drivers = s.drivers.unwrap_or(mp.drivers);
            let per_driver = cd.deliveries_per_driver_day.value as u32;
            let plan = FleetPlan {
                containers: mp.containers,
                drivers: mp.drivers,
                design_deliveries_per_day: mp.peak_day,
                daily_cap: (cd.max_deliveries_per_day.value as u32).min(mp.drivers * per_driver),
                capacity_kwh: cd.capacity_kwh.value,
            };
            let rules = Rules::of(&s.logistics, Some(&mp.schedule_by_day));
            let run = containers::simulate(cd, &plan, servable, &s.available_kw, rules);
            (plan, run, Some(Box::new(mp)))
        }
    }
}

/// Dispatch the sources against the user's loads, in order.
pub fn dispatch(sources: &[Arc<Source>], loads: &UserLoads, lib: &Library) -> Vec<Operation> {
    let (data, supply) = (&lib.waste_heat, &lib.supply);
    let n = HOURS_PER_YEAR;
    let (abs_cap, abs_cop) = loads.steam_absorption.unwrap_or((0.0, 0.0));
    let mut left = Left {
        heat: loads.heat_kw.to_vec(),
        cool: loads.cool_kw.to_vec(),
        steam_abs: vec![abs_cap; n],
    };
    let mut out = vec![];
    for s in sources {
        let hw_cop = data.temperature.hot_water_absorption_cop.value;
        let hw_abs = if s.hot_water_absorption(data) {
            (s.absorption_kw, hw_cop)
        } else {
            (0.0, 0.0)
        };
        let hp = (s.heat_pump_cop, s.heat_pump_kw.unwrap_or(f64::INFINITY));
        let mut rec = Record::new(n);
        let (drawn_kw, transport) = match s.delivery {
            Delivery::Pipe => {
                let loss_kw = pipe::heat_loss_kw_per_km(s.class, data, supply) * s.distance_km;
                let mut used = vec![0.0; n];
                let mut drawn = vec![0.0; n];
                for t in 0..n {
                    // An accumulator lets the line carry the hourly mean; otherwise only the
                    // lower edge of the source's swing is firm (waste-heat.md §2).
                    let firm = if s.accumulator {
                        s.available_kw[t]
                    } else {
                        s.available_kw[t] * (1.0 - s.output_variation)
                    };
                    let deliverable = (firm - loss_kw).max(0.0);
                    let h = serve(
                        s.class,
                        deliverable,
                        left.heat[t],
                        left.cool[t],
                        left.steam_abs[t],
                        abs_cop,
                        hw_abs,
                        hp,
                    );
                    if h.used > 0.0 {
                        drawn[t] = h.used + loss_kw;
                    }
                    used[t] = h.used;
                    rec.apply(t, &h, &mut left);
                }
                (
                    drawn,
                    Transport::Pipe(pipe::design(s, peak(&used), data, supply)),
                )
            }
            Delivery::Containers => {
                // Containers discharge PCM hot water: heat, plus a hot-water absorption
                // chiller when the PCM is hot enough and one is installed.
                let servable: Vec<f64> = (0..n)
                    .map(|t| {
                        left.heat[t]
                            + if hw_abs.1 > 0.0 {
                                left.cool[t].min(hw_abs.0) / hw_abs.1
                            } else {
                                0.0
                            }
                    })
                    .collect();
                let (plan, run, monthly) = fleet(s, &servable, loads, data);
                for t in 0..n {
                    let h = serve(
                        TemperatureClass::HotWater80,
                        run.discharged_kw[t],
                        left.heat[t],
                        left.cool[t],
                        0.0,
                        0.0,
                        hw_abs,
                        hp,
                    );
                    rec.apply(t, &h, &mut left);
                }
                (
                    run.charged_kw.clone(),
                    Transport::Containers { plan, run, monthly },
                )
            }
        };
        let mut op = Operation {
            source: s.clone(),
            heat_kw: rec.heat,
            cool_kw: rec.cool,
            steam_absorption_kw: rec.steam_abs,
            electricity_kw: rec.elec,
            rejected_kw: rec.rejected,
            drawn_kw,
            transport,
            heat_pump_kw: 0.0,
            absorption_kw: hw_abs.0,
            backup_boiler_kw: 0.0,
            own_boilers_cover: true,
        };
        if s.class == TemperatureClass::LowTemperature {
            op.heat_pump_kw = s.heat_pump_kw.unwrap_or_else(|| peak(&op.heat_kw));
        }
        // Heat the user's boilers must be able to replace if the source stops.
        let replaced: Vec<f64> = (0..n)
            .map(|t| {
                op.heat_kw[t]
                    + if abs_cop > 0.0 {
                        op.steam_absorption_kw[t] / abs_cop
                    } else {
                        0.0
                    }
            })
            .collect();
        let peak_replaced = peak(&replaced);
        op.own_boilers_cover = loads.boiler_kw + 1e-6 >= peak_replaced;
        if s.backup_boiler {
            op.backup_boiler_kw = peak_replaced;
        }
        out.push(op);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    fn source(class: TemperatureClass, delivery: Delivery, kw: f64) -> Source {
        Source {
            id: "s".into(),
            name: "s".into(),
            class,
            delivery,
            distance_km: 1.0,
            available_kw: vec![kw; HOURS_PER_YEAR],
            availability_note: String::new().into(),
            output_variation: 0.1,
            accumulator: false,
            backup_boiler: false,
            condensate_return: true,
            heat_pump_cop: if class == TemperatureClass::LowTemperature {
                4.0
            } else {
                0.0
            },
            heat_pump_kw: None,
            absorption_kw: 0.0,
            lost_power_kwh_per_kwh: 0.0,
            steam_price_yen_per_t: None,
            subsidy_share: 0.0,
            pcm: (delivery == Delivery::Containers).then(|| "sodium_acetate".to_string()),
            containers: None,
            drivers: None,
            logistics: super::super::containers::Logistics::defaults(
                &crate::library::Library::builtin().unwrap().waste_heat,
            ),
            overrides: vec![],
        }
    }

    fn loads<'a>(heat: &'a [f64], cool: &'a [f64]) -> UserLoads<'a> {
        UserLoads {
            heat_kw: heat,
            cool_kw: cool,
            steam_absorption: Some((500.0, 1.35)),
            boiler_kw: 5000.0,
            month_ranges: crate::calendar::Calendar::new(2023, true).month_ranges(),
            users: &[],
        }
    }

    #[test]
    fn temperature_classes_decide_what_is_served() {
        let lib = Library::builtin().unwrap();
        let heat = vec![1000.0; HOURS_PER_YEAR];
        let cool = vec![1000.0; HOURS_PER_YEAR];
        let l = loads(&heat, &cool);
        // Steam: heat first, then the user's steam absorption chillers up to their capacity.
        let s = Arc::new(source(TemperatureClass::Steam, Delivery::Pipe, 3000.0));
        let op = &dispatch(&[s], &l, &lib)[0];
        assert!((op.heat_kw[0] - 1000.0).abs() < 1e-9);
        assert!(
            (op.cool_kw[0] - 500.0).abs() < 1e-9,
            "capped by the absorption capacity"
        );
        assert_eq!(op.steam_absorption_kw[0], op.cool_kw[0]);
        // 80 °C water without a hot-water absorption chiller: no cooling at all.
        let w = Arc::new(source(TemperatureClass::HotWater80, Delivery::Pipe, 3000.0));
        let op = &dispatch(&[w], &l, &lib)[0];
        assert!((op.heat_kw[0] - 1000.0).abs() < 1e-9);
        assert_eq!(op.cool_kw.iter().sum::<f64>(), 0.0);
        // With one: cooling at COP 0.7 from the spare heat.
        let mut w2 = source(TemperatureClass::HotWater80, Delivery::Pipe, 1300.0);
        w2.absorption_kw = 400.0;
        let op = &dispatch(&[Arc::new(w2)], &l, &lib)[0];
        let loss = 60.0; // 60 W/m × 1 km
        let spare = 1300.0 * 0.9 - loss - 1000.0;
        assert!(spare > 0.0);
        assert!(
            (op.cool_kw[0] - spare * 0.7).abs() < 1e-6,
            "{}",
            op.cool_kw[0]
        );
        assert_eq!(op.steam_absorption_kw[0], 0.0);
        // Low temperature: heat through the heat pump only, electricity = heat / COP.
        let lt = Arc::new(source(
            TemperatureClass::LowTemperature,
            Delivery::Pipe,
            300.0,
        ));
        let op = &dispatch(&[lt], &l, &lib)[0];
        let q = 300.0 * 0.9 * 4.0 / 3.0;
        assert!((op.heat_kw[0] - q).abs() < 1e-9);
        assert!((op.electricity_kw[0] - q / 4.0).abs() < 1e-9);
        assert_eq!(op.cool_kw.iter().sum::<f64>(), 0.0);
        assert!((op.heat_pump_kw - q).abs() < 1e-9);
    }

    #[test]
    fn later_sources_serve_what_earlier_ones_left_and_nothing_exceeds_the_load() {
        let lib = Library::builtin().unwrap();
        let heat: Vec<f64> = (0..HOURS_PER_YEAR)
            .map(|t| 500.0 + (t % 24) as f64 * 50.0)
            .collect();
        let cool = vec![800.0; HOURS_PER_YEAR];
        let l = loads(&heat, &cool);
        let a = Arc::new(source(TemperatureClass::Steam, Delivery::Pipe, 900.0));
        let b = Arc::new(source(
            TemperatureClass::HotWater80,
            Delivery::Containers,
            2000.0,
        ));
        let ops = dispatch(&[a, b], &l, &lib);
        for t in 0..HOURS_PER_YEAR {
            let h: f64 = ops.iter().map(|o| o.heat_kw[t]).sum();
            let c: f64 = ops.iter().map(|o| o.cool_kw[t]).sum();
            assert!(h <= heat[t] + 1e-9 && c <= cool[t] + 1e-9);
            let abs: f64 = ops.iter().map(|o| o.steam_absorption_kw[t]).sum();
            assert!(abs <= 500.0 + 1e-9);
        }
        assert!(
            ops[1].heat_kw.iter().sum::<f64>() > 0.0,
            "the containers serve the rest"
        );
        // An accumulator lets the line carry the mean rather than the lower edge.
        let mut with = source(TemperatureClass::Steam, Delivery::Pipe, 900.0);
        with.accumulator = true;
        let op_with = &dispatch(&[Arc::new(with)], &l, &lib)[0];
        let total = |o: &Operation| (0..HOURS_PER_YEAR).map(|t| o.delivered_kw(t)).sum::<f64>();
        assert!(total(op_with) > total(&ops[0]));
    }
}
