//! Design and hourly operation of a DHC plant: capacity sized on the coincident load (the
//! hourly coincident peak × margin, district-a.md §3, or CF × Σ sizing maxima × margin as
//! an option), the pipe network, unused-energy sources taken first, heat pumps, chillers in
//! their dispatch order, storage, boilers and auxiliaries.

use super::scaled::Scaled;
use super::{DhcSpec, Serves};
use crate::calendar::HOURS_PER_YEAR;
use crate::carrier::Carrier;
use crate::load::peak;
use crate::supply::data::{
    ElectricRun, EquipmentKind, PlantShare, PumpDesign, SizingBasis, SupplyData,
};
use crate::supply::network::{self, NetworkDesign};
use crate::supply::plant::{Chillers, Group, HeatPumps, Hour, Order};
use crate::supply::{add_to, gas_nm3_for, Balance, Installed, SupplyInput};
use serde::Serialize;

/// Plant design and hourly operation of a DHC system.
#[derive(Debug, Clone, Serialize)]
pub struct DhcOutcome {
    /// Plant energy (excl. room AC and external buildings).
    pub plant: Balance,
    /// Installed equipment.
    pub equipment: Vec<Installed>,
    /// Network geometry.
    pub network: NetworkDesign,
    /// Network heat loss, kWh.
    pub heat_loss_kwh: f64,
    /// Network cool gain, kWh.
    pub cool_gain_kwh: f64,
    /// Network pumping, kWh.
    pub network_pump_kwh: f64,
    /// Cooling capacity, kW.
    pub cooling_capacity_kw: f64,
    /// Heating + hot-water capacity, kW.
    pub heating_capacity_kw: f64,
    /// Make-up water, m³.
    pub water_m3: f64,
    /// Coincidence factor of the connected cooling load.
    pub cf_cooling: f64,
    /// Coincidence factor of the connected heat (heating + hot water) load.
    pub cf_heat: f64,
    /// The equipment the same uses would need without levelling (capacities only).
    pub unlevelled_equipment: Vec<Installed>,
    /// Cooling capacity without levelling, kW.
    pub cooling_unlevelled_kw: f64,
    /// Heat capacity without levelling, kW.
    pub heating_unlevelled_kw: f64,
    /// Hourly operation of the unused-energy sources taken before the plant.
    #[serde(skip)]
    pub sources: Vec<crate::supply::unused::Operation>,
    /// Loads the sources could serve: heat (heating + hot water + network loss) and
    /// cooling as the chillers produce it, kWh/yr.
    pub source_loads_kwh: [f64; 2],
    /// Hourly run of the plant's gas cogeneration, if it has one (shared: the outcome is
    /// cloned for every system that shares the operation, its ten hourly series are not).
    #[serde(skip)]
    pub chp: Option<std::sync::Arc<super::chp::Run>>,
}

/// The capacities the plant is sized for on the alternative's connected loads.
struct Sizing {
    /// Cooling capacity, kW.
    cooling_kw: f64,
    /// Heating + hot-water capacity, kW.
    heating_kw: f64,
    /// Coincidence factor of the connected cooling load.
    cf_cooling: f64,
    /// Design-hour cooling load: coincident hourly peak × margin, kW.
    design_hour_cooling_kw: f64,
    /// Cooling capacity without levelling: Σ of each use's own peak on the same basis ×
    /// margin (what the buildings' own plants would add up to), kW.
    cooling_unlevelled_kw: f64,
    /// Heat capacity without levelling, kW.
    heating_unlevelled_kw: f64,
    /// Coincidence factor of the connected heat load.
    cf_heat: f64,
}

/// Size the plant on the connected (non-room-AC) loads with hourly peaks `peak_cool` and
/// `peak_heat` (heating + hot water), kW: the coincident hourly peak × margin
/// (district-a.md §3), or CF × Σ sizing maxima × margin (never below the hourly peak).
fn size(input: &SupplyInput, spec: &DhcSpec, (peak_cool, peak_heat): (f64, f64)) -> Sizing {
    let d = input.data();
    let floor = input.floor_by_use_m2;
    // Σ own design peaks and Σ sizing maxima of the connected part of every use.
    let (mut dp_cool, mut dp_heat, mut sz_cool, mut sz_heat) = (0.0, 0.0, 0.0, 0.0);
    for (u, &fl) in floor {
        let Some(m) = input.models.get(u) else {
            continue;
        };
        let dl = d.dwelling_level.get(u);
        let kc = fl * (1.0 - dl.map_or(0.0, |x| x.cooling)) / 1000.0;
        let kh = fl * (1.0 - dl.map_or(0.0, |x| x.heating)) / 1000.0;
        let kw = fl / 1000.0;
        dp_cool += kc * m.design_peak_w_per_m2[Carrier::Cooling.index()];
        dp_heat += kh * m.design_peak_w_per_m2[Carrier::Heating.index()]
            + kw * m.design_peak_w_per_m2[Carrier::HotWater.index()];
        sz_cool += kc * m.sizing_w_per_m2[Carrier::Cooling.index()];
        sz_heat += kh * m.sizing_w_per_m2[Carrier::Heating.index()]
            + kw * m.sizing_w_per_m2[Carrier::HotWater.index()];
    }
    let cf_cool = if dp_cool > 0.0 {
        peak_cool / dp_cool
    } else {
        1.0
    };
    let cf_heat = if dp_heat > 0.0 {
        peak_heat / dp_heat
    } else {
        1.0
    };
    let margin = spec.margin.unwrap_or(d.dhc_plant.margin.value);
    // A case's `sizing:` sets both plants; the data default sizes each on its own basis.
    let basis = |default: SizingBasis| spec.sizing.unwrap_or(default);
    let (cool_basis, heat_basis) = (
        basis(d.dhc_plant.sizing.value),
        basis(d.dhc_plant.heat_sizing.value),
    );
    let cap_cool = match cool_basis {
        SizingBasis::CoincidentPeak => peak_cool,
        SizingBasis::CfSizingMaxima => (cf_cool * sz_cool).max(peak_cool),
    } * margin;
    let cap_heat = match heat_basis {
        SizingBasis::CoincidentPeak => peak_heat,
        SizingBasis::CfSizingMaxima => (cf_heat * sz_heat).max(peak_heat),
    } * margin;
    // The same uses without levelling: the sum of their own peaks on the same basis.
    let unlevelled = |b: SizingBasis, own_peaks: f64, sizing_maxima: f64, cap: f64| {
        let sum = match b {
            SizingBasis::CoincidentPeak => own_peaks,
            SizingBasis::CfSizingMaxima => sizing_maxima,
        };
        (sum * margin).max(cap)
    };
    Sizing {
        cooling_kw: cap_cool,
        heating_kw: cap_heat,
        design_hour_cooling_kw: peak_cool * margin,
        cooling_unlevelled_kw: unlevelled(cool_basis, dp_cool, sz_cool, cap_cool),
        heating_unlevelled_kw: unlevelled(heat_basis, dp_heat, sz_heat, cap_heat),
        cf_cooling: cf_cool,
        cf_heat,
    }
}

/// Thermal storage charged at night with spare electric-chiller capacity.
struct Storage {
    /// Equipment id.
    equipment: String,
    /// Capacity, kWh.
    capacity_kwh: f64,
    /// Standing loss per hour (fraction of the charge).
    loss_per_h: f64,
    /// Charge, kWh.
    soc_kwh: f64,
}

impl Storage {
    /// The cooling the chillers must produce in hour `t` of the day given the load `load_kw`
    /// and their electric capacity: more in the charging hours, less when the store
    /// discharges above the electric capacity.
    fn shift(&mut self, t: usize, load_kw: f64, electric_kw: f64, charge_hours: &[usize]) -> f64 {
        let mut c_rest = load_kw;
        self.soc_kwh *= 1.0 - self.loss_per_h;
        let hour = t % 24;
        if charge_hours.contains(&hour) {
            let spare = (electric_kw - c_rest).max(0.0);
            let ch = spare.min(self.capacity_kwh - self.soc_kwh).max(0.0);
            self.soc_kwh += ch;
            c_rest += ch; // produced by the electric chillers now, delivered later
        } else if c_rest > electric_kw {
            let dis = (c_rest - electric_kw).min(self.soc_kwh);
            self.soc_kwh -= dis;
            c_rest -= dis;
        }
        c_rest
    }
}

/// The plant's equipment: chillers (the default set or the spec's, plus cooling items),
/// heat pumps, storage and the boilers that make the rest of the heat and the absorption
/// chillers' steam.
struct Plant {
    chillers: Chillers,
    heat_pumps: HeatPumps,
    storage: Option<Storage>,
    /// Boiler capacity, kW of steam.
    boiler_kw: f64,
    /// Boiler efficiency (LHV).
    boiler_eff: f64,
}

fn equip(d: &SupplyData, spec: &DhcSpec, cap_cool: f64, cap_heat: f64) -> Plant {
    let shares: Vec<PlantShare> = spec
        .cooling
        .clone()
        .unwrap_or_else(|| d.dhc_plant.cooling.clone());
    let mut chillers: Vec<Group> = shares
        .iter()
        .map(|s| Group::cooling(d, s, cap_cool))
        .collect();
    let mut heat_pumps = HeatPumps::default();
    let mut storage: Option<Storage> = None;
    for item in &spec.plant {
        let e = &d.equipment[&item.equipment];
        match (e.kind, item.serves) {
            (EquipmentKind::Storage, _) => {
                storage = Some(Storage {
                    equipment: item.equipment.clone(),
                    capacity_kwh: item.capacity_kwh.unwrap_or(0.0),
                    loss_per_h: e.loss_per_day.unwrap_or(0.0) / 24.0,
                    soc_kwh: 0.0,
                })
            }
            (EquipmentKind::HeatPump, Serves::Heating) => heat_pumps.groups.push(Group {
                equipment: item.equipment.clone(),
                kind: e.kind,
                cop: e.heating_cop.or(e.cop).unwrap_or(1.0),
                cap_kw: item.share.unwrap_or(0.0) * cap_heat,
                run_kw: item.share.unwrap_or(0.0) * cap_heat,
                units: item.units.unwrap_or(d.dhc_plant.units.value),
                out_kwh: 0.0,
            }),
            (_, _) => chillers.push(Group {
                equipment: item.equipment.clone(),
                kind: if e.kind == EquipmentKind::AbsorptionChiller {
                    e.kind
                } else {
                    EquipmentKind::ElectricChiller
                },
                cop: e.cop.unwrap_or(1.0),
                cap_kw: item.share.unwrap_or(0.0) * cap_cool,
                run_kw: item.share.unwrap_or(0.0) * cap_cool,
                units: item.units.unwrap_or(d.dhc_plant.units.value),
                out_kwh: 0.0,
            }),
        }
    }
    let dispatch = spec.dispatch.unwrap_or(d.dhc_plant.dispatch.value);
    let chillers = Chillers::new(chillers, Order::Rule(dispatch));
    let boiler_kw = (cap_heat - heat_pumps.capacity_kw()).max(0.0) + chillers.absorption_steam_kw();
    Plant {
        chillers,
        heat_pumps,
        storage,
        boiler_kw,
        boiler_eff: d.efficiency(spec.boiler_id(d)),
    }
}

/// Auxiliary electricity per kWh, kWh/kWh.
struct Auxiliaries {
    /// Cooling towers per kWh rejected.
    tower: f64,
    /// Plant chilled-water pumps per kWh of cooling.
    chilled_water: f64,
    /// Boiler house per kWh of steam.
    steam: f64,
    /// Network pumps per kWh of cooling delivered.
    network: f64,
    /// Share of chilled-water pump work that heats the water.
    pump_heat_share: f64,
}

impl Auxiliaries {
    /// Cooling towers, plant pumps and network pumps in an hour with cooling demand
    /// `c_dem`, pipe gain `gain`, boiler steam `steam` and heat rejected `rejected`, kW.
    #[inline]
    fn hour_kw(&self, c_dem: f64, gain: f64, steam: f64, rejected: f64) -> (f64, f64, f64) {
        (
            self.tower * rejected,
            self.chilled_water * (c_dem + gain) + self.steam * steam,
            self.network * c_dem,
        )
    }
}

fn auxiliaries(d: &SupplyData, net: &NetworkDesign) -> Auxiliaries {
    let op = d.auxiliaries.pump_operating_factor.value;
    // Network pumping: the secondary pumps also lift the network's friction head.
    let net_pump = PumpDesign {
        head_m: network::index_head_m(net, &d.network),
        ..d.auxiliaries.dhc_chilled_water_pump.clone()
    };
    Auxiliaries {
        tower: d.auxiliaries.cooling_tower_kwh_per_kwh_rejected.value,
        chilled_water: d.auxiliaries.dhc_chilled_water_pump.kwh_per_kwh() * op,
        steam: d.auxiliaries.dhc_steam_kwh_per_kwh.value,
        network: net_pump.kwh_per_kwh() * op,
        pump_heat_share: d.auxiliaries.pump_heat_to_water.value,
    }
}

/// The hourly loads the plant serves.
struct Loads<'a> {
    /// Connected heating, hot-water and cooling demand, kW.
    connected: &'a [Vec<f64>; 3],
    /// Heat the plant must deliver and cooling the chillers see ([`Need`]), kW: only
    /// when unused-energy sources were dispatched against them (empty otherwise, and
    /// computed hour by hour).
    need_kw: Option<(&'a [f64], &'a [f64])>,
    /// The network's losses and the pump heat.
    need: Need,
}

/// What the plant must make in an hour beyond the demand: the pipes' heat loss while heat
/// flows, their heat gain while cooling flows, and the heat of the chilled-water and
/// network pumps that ends up in the chilled water.
#[derive(Clone, Copy)]
struct Need {
    /// Pipe heat loss while heat flows, kW.
    loss_kw: f64,
    /// Pipe heat gain while cooling flows, kW.
    gain_kw: f64,
    /// Plant chilled-water pumps per kWh of cooling, kWh/kWh.
    chilled_water: f64,
    /// Network pumps per kWh of cooling delivered, kWh/kWh.
    network: f64,
    /// Share of the pump work that heats the water.
    pump_heat_share: f64,
}

impl Need {
    /// Heat the plant must deliver for a heating + hot-water demand `h`, kW.
    #[inline]
    fn heat_kw(&self, h: f64) -> f64 {
        if h > 0.0 {
            h + self.loss_kw
        } else {
            0.0
        }
    }

    /// Cooling the chillers see for a cooling demand `c` (demand + pipe gain + pump
    /// heat), kW.
    #[inline]
    fn cool_kw(&self, c: f64) -> f64 {
        let g = if c > 0.0 { self.gain_kw } else { 0.0 };
        c + g + (self.chilled_water * (c + g) + self.network * c) * self.pump_heat_share
    }
}

/// What a year of operation gives.
struct Run {
    /// Plant energy.
    balance: Balance,
    /// Network heat loss, kWh.
    heat_loss_kwh: f64,
    /// Network cool gain, kWh.
    cool_gain_kwh: f64,
    /// Network pumping, kWh.
    network_pump_kwh: f64,
    /// Boiler heat for heating and hot water, kWh.
    steam_heat_kwh: f64,
    /// Boiler steam for the absorption chillers, kWh.
    steam_absorption_kwh: f64,
}

/// Run the plant hour by hour: the sources' share first, heat pumps then boilers for heat,
/// storage then chillers in dispatch order for cooling, auxiliaries on top. `WITH_SOURCES`
/// is false when no unused-energy source runs (`sources` empty): the hour's source total is
/// then zero and the plant's needs are computed in the loop instead of read from series.
fn run<const WITH_SOURCES: bool>(
    plant: &mut Plant,
    loads: &Loads,
    (sources, mut chp): (
        &[crate::supply::unused::Operation],
        Option<(&super::chp::Loads, &mut super::chp::Run)>,
    ),
    aux: &Auxiliaries,
    d: &SupplyData,
    f: &crate::supply::data::FactorSet,
) -> Run {
    let mut e_src = 0.0;
    let mut b = Balance::default();
    let (mut e_tower, mut e_pump, mut e_net) = (0.0, 0.0, 0.0);
    let Plant {
        chillers,
        heat_pumps,
        storage,
        boiler_kw,
        boiler_eff,
    } = plant;
    let (boiler_cap, boiler_eff) = (*boiler_kw, *boiler_eff);
    let charge_hours = &d.dhc_plant.storage_charge_hours.value;
    let abs_cap_total = chillers.absorption_kw();
    let electric_cap = chillers.electric_kw();
    let (mut steam_heat, mut steam_abs) = (0.0, 0.0);
    let (mut loss_sum, mut gain_sum) = (0.0, 0.0);
    // Peak electricity, and the peak hourly steam (its gas is the gas peak: gas is
    // proportional to steam, so the peak is taken once after the year).
    let (mut peak_e, mut peak_steam) = (0.0_f64, 0.0_f64);
    let mut peak_g_chp = 0.0_f64;
    let mut delivered = 0.0;
    let [heat, hw, cool] = loads.connected;
    let (heat, hw, cool) = (
        &heat[..HOURS_PER_YEAR],
        &hw[..HOURS_PER_YEAR],
        &cool[..HOURS_PER_YEAR],
    );
    let need = loads.need;
    let (heat_need, cool_need) = loads.need_kw.unwrap_or((&[], &[]));
    // The CHP's design and its units' full-load outputs, fixed for the year.
    let chp_units = chp
        .as_ref()
        .and_then(|(_, r)| r.design)
        .and_then(|d| d.unit_outputs().map(|u| (d, u)));
    for t in 0..HOURS_PER_YEAR {
        let h_dem = heat[t] + hw[t];
        let c_dem = cool[t];
        let loss = if h_dem > 0.0 { need.loss_kw } else { 0.0 };
        let gain = if c_dem > 0.0 { need.gain_kw } else { 0.0 };
        loss_sum += loss;
        gain_sum += gain;
        delivered += h_dem + c_dem;
        let (heat_need_t, cool_need_t) = if WITH_SOURCES {
            (heat_need[t], cool_need[t])
        } else {
            (need.heat_kw(h_dem), need.cool_kw(c_dem))
        };
        let mut src = if WITH_SOURCES && !sources.is_empty() {
            crate::supply::unused::HourTotal::of(sources, t)
        } else {
            crate::supply::unused::HourTotal::default()
        };
        // The CHP's recovered heat is taken like a source's, before the plant (a CHP runs
        // on the need series, so only with `WITH_SOURCES`).
        let chp_gas = match (chp.as_mut(), chp_units.as_ref()) {
            (Some((loads, run)), Some((d, u))) if WITH_SOURCES => match d.hour(u, loads, t) {
                Some(h) => {
                    run.add_hour(&h);
                    h.add_to_hour(&mut src);
                    super::chp::fuel_nm3(h.fuel_kw, f)
                }
                None => 0.0,
            },
            _ => 0.0,
        };
        // Absorption chillers driven by source steam are not free for boiler steam.
        let abs_scale = src.absorption_left_share(abs_cap_total);
        // Heat: sources first, then heat pumps, boilers the rest.
        let mut hour = Hour {
            electricity_kw: src.electricity_kw,
            steam_kw: 0.0,
            rejected_kw: src.rejected_kw,
        };
        e_src += src.electricity_kw;
        let h_rest = heat_pumps.serve((heat_need_t - src.heat_kw).max(0.0), &mut hour);
        // Cooling: storage discharge before absorption, night charging with spare electric capacity.
        let mut c_rest = (cool_need_t - src.cool_kw).max(0.0);
        if let Some(st) = storage.as_mut() {
            c_rest = st.shift(t, c_rest, electric_cap, charge_hours);
        }
        let c_rest = chillers.serve(c_rest, abs_scale, &mut hour);
        if WITH_SOURCES && src.steam_absorption_kw > 0.0 {
            chillers.record_source_cooling(src.steam_absorption_kw, abs_cap_total);
        }
        let Hour {
            electricity_kw: mut e_t,
            steam_kw: s_t,
            rejected_kw: rej,
        } = hour;
        b.unmet_kwh += c_rest.max(0.0);
        let steam_t = h_rest + s_t;
        if steam_t > boiler_cap * (1.0 + 1e-9) {
            b.unmet_kwh += steam_t - boiler_cap;
        }
        steam_heat += h_rest;
        steam_abs += s_t;
        let (tower, pump, netp) = aux.hour_kw(c_dem, gain, steam_t, rej);
        e_tower += tower;
        e_pump += pump;
        e_net += netp;
        b.rejected_kwh += rej;
        e_t += tower + pump + netp;
        peak_e = peak_e.max(e_t);
        peak_steam = peak_steam.max(steam_t);
        if WITH_SOURCES && chp.is_some() {
            peak_g_chp = peak_g_chp.max(gas_nm3_for(steam_t, boiler_eff, f) + chp_gas);
        }
    }
    // Gas is steam × a positive constant, and rounding keeps the order: the hour of the
    // most steam is the hour of the most gas — unless a CHP burns gas too, whose hourly
    // total was tracked in the loop.
    let peak_g = if chp.is_some() {
        peak_g_chp
    } else {
        0.0_f64.max(gas_nm3_for(peak_steam, boiler_eff, f))
    };
    finish(
        b,
        (&*chillers, &*heat_pumps, boiler_eff, chp.map(|(_, r)| &*r)),
        Year {
            e_src,
            e_tower,
            e_pump,
            e_net,
            steam_heat,
            steam_abs,
            loss_sum,
            gain_sum,
            delivered,
            peak_e,
            peak_g,
        },
        f,
    )
}

/// The year's sums of a plant run, before they become a balance.
struct Year {
    /// Electricity of the unused-energy sources' heat pumps, kWh.
    e_src: f64,
    /// Cooling towers, plant pumps and network pumps, kWh.
    e_tower: f64,
    e_pump: f64,
    e_net: f64,
    /// Boiler steam for heating and hot water, and for the absorption chillers, kWh.
    steam_heat: f64,
    steam_abs: f64,
    /// Network heat loss and cool gain, kWh.
    loss_sum: f64,
    gain_sum: f64,
    /// Heat and cooling delivered, kWh.
    delivered: f64,
    /// Peak electricity, kW, and peak gas, Nm³/h.
    peak_e: f64,
    peak_g: f64,
}

/// The balance of a year's run from its sums (the hourly and the scaled run alike).
fn finish(
    mut b: Balance,
    (chillers, heat_pumps, boiler_eff, chp): (&Chillers, &HeatPumps, f64, Option<&super::chp::Run>),
    y: Year,
    f: &crate::supply::data::FactorSet,
) -> Run {
    if let Some(c) = chp {
        // Power displaces purchased electricity (credited at the factor set's values).
        add_to(
            &mut b.electricity_kwh,
            "chp_generation",
            -c.totals.power_kwh,
        );
        add_to(
            &mut b.gas_nm3,
            "chp",
            super::chp::fuel_nm3(c.totals.fuel_kwh, f),
        );
    }
    add_to(&mut b.electricity_kwh, "chillers", chillers.electricity_kwh);
    add_to(
        &mut b.electricity_kwh,
        "heat_pumps",
        heat_pumps.electricity_kwh,
    );
    add_to(&mut b.electricity_kwh, "unused_heat_pumps", y.e_src);
    add_to(&mut b.electricity_kwh, "cooling_towers", y.e_tower);
    add_to(&mut b.electricity_kwh, "plant_pumps", y.e_pump);
    add_to(&mut b.electricity_kwh, "network_pumps", y.e_net);
    add_to(
        &mut b.gas_nm3,
        "heating_hot_water",
        gas_nm3_for(y.steam_heat, boiler_eff, f),
    );
    add_to(
        &mut b.gas_nm3,
        "absorption",
        gas_nm3_for(y.steam_abs, boiler_eff, f),
    );
    b.heat_demand_kwh = y.delivered;
    b.peak_electricity_kw = y.peak_e;
    b.peak_gas_nm3_per_h = y.peak_g;

    Run {
        balance: b,
        heat_loss_kwh: y.loss_sum,
        cool_gain_kwh: y.gain_sum,
        network_pump_kwh: y.e_net,
        steam_heat_kwh: y.steam_heat,
        steam_absorption_kwh: y.steam_abs,
    }
}

/// Run a plain plant (no storage, unused-energy sources or CHP) for a year of `k` × a
/// reference load ([`Scaled`]) from sums over the sorted reference series instead of hour by
/// hour (the method: [`super::scaled`]); `None` when an hour's steam exceeds the boilers
/// (the unmet steam needs the hours: the caller runs [`run`]).
fn run_scaled(
    plant: &mut Plant,
    loads: &Scaled,
    need: Need,
    aux: &Auxiliaries,
    f: &crate::supply::data::FactorSet,
) -> Option<Run> {
    let (n_heat, n_cool) = loads.hours_with_demand();
    let (heat_kwh, cool_kwh) = loads.totals_kwh();
    // An hour with cooling demand C > 0 needs slope·C + offset from the chillers
    // ([`Need::cool_kw`]).
    let slope = 1.0 + need.pump_heat_share * (need.chilled_water + need.network);
    let offset = need.gain_kw * (1.0 + need.pump_heat_share * need.chilled_water);
    // The peaks first, on the Pareto-front hours, with copies of the equipment (their
    // outputs are not the year's).
    let (mut peak_e, mut peak_steam) = (0.0_f64, 0.0_f64);
    {
        let (mut chillers, mut heat_pumps) = (plant.chillers.clone(), plant.heat_pumps.clone());
        for (h_dem, c_dem) in loads.front() {
            let mut hour = Hour::default();
            let h_rest = heat_pumps.serve(need.heat_kw(h_dem), &mut hour);
            chillers.serve(need.cool_kw(c_dem), 1.0, &mut hour);
            let gain = if c_dem > 0.0 { need.gain_kw } else { 0.0 };
            let steam_t = h_rest + hour.steam_kw;
            let (tower, pump, netp) = aux.hour_kw(c_dem, gain, steam_t, hour.rejected_kw);
            peak_e = peak_e.max(hour.electricity_kw + tower + pump + netp);
            peak_steam = peak_steam.max(steam_t);
        }
    }
    if peak_steam > plant.boiler_kw * (1.0 + 1e-9) {
        return None;
    }
    let steam_heat = plant
        .heat_pumps
        .serve_year(|x| loads.heat_need_up_to(need.loss_kw, x));
    let cool = plant
        .chillers
        .serve_year(|x| loads.cool_need_up_to(slope, offset, x));
    let gain_sum = need.gain_kw * n_cool;
    let b = Balance {
        unmet_kwh: cool.unmet_kwh,
        rejected_kwh: cool.rejected_kwh,
        ..Balance::default()
    };
    Some(finish(
        b,
        (&plant.chillers, &plant.heat_pumps, plant.boiler_eff, None),
        Year {
            e_src: 0.0,
            e_tower: aux.tower * cool.rejected_kwh,
            e_pump: aux.chilled_water * (cool_kwh + gain_sum)
                + aux.steam * (steam_heat + cool.steam_kwh),
            e_net: aux.network * cool_kwh,
            steam_heat,
            steam_abs: cool.steam_kwh,
            loss_sum: need.loss_kw * n_heat,
            gain_sum,
            delivered: heat_kwh + cool_kwh,
            peak_e,
            peak_g: 0.0_f64.max(gas_nm3_for(peak_steam, plant.boiler_eff, f)),
        },
        f,
    ))
}

/// The plant the same uses would need without levelling, `(cooling, heat)` capacities in kW:
/// the same equipment set sized on them (storage as installed), costed like the real one.
fn unlevelled_equipment(
    d: &SupplyData,
    spec: &DhcSpec,
    (cool_kw, heat_kw): (f64, f64),
    installed: &[Installed],
) -> Vec<Installed> {
    let plant = equip(d, spec, cool_kw, heat_kw);
    let mut out: Vec<Installed> = plant
        .chillers
        .groups
        .iter()
        .map(|c| c.installed("cooling"))
        .collect();
    out.extend(
        plant
            .heat_pumps
            .groups
            .iter()
            .map(|h| h.installed("heating")),
    );
    out.push(Installed {
        equipment: spec.boiler_id(d).to_string(),
        role: "steam".into(),
        capacity_kw: plant.boiler_kw,
        units: d.dhc_plant.units.value,
        output_mwh: 0.0,
        cost_kyen: 0.0,
    });
    // Storage and a CHP as installed (neither is sized on the peaks).
    out.extend(
        installed
            .iter()
            .filter(|i| i.role == "storage" || i.role == "chp")
            .cloned(),
    );
    out
}

/// The plant designed for an alternative's loads, before it runs.
struct Design {
    sizing: Sizing,
    net: NetworkDesign,
    plant: Plant,
    aux: Auxiliaries,
    need: Need,
}

/// Size the plant on the connected loads' hourly peaks `(cooling, heating + hot water)`,
/// kW, lay out the network and equip the plant.
fn design(input: &SupplyInput, spec: &DhcSpec, peaks: (f64, f64)) -> Design {
    let d = input.data();
    let sizing = size(input, spec, peaks);
    let (cap_cool, cap_heat) = (sizing.cooling_kw, sizing.heating_kw);
    // The network carries the design-hour flow; reserve capacity stays in the plant.
    let net = network::design(
        spec.buildings.unwrap_or(input.buildings),
        input.district_area_m2,
        sizing.design_hour_cooling_kw.min(cap_cool),
        &d.network,
    );
    let loss_kw = d.network.heat_loss_w_per_m.value * net.length_m / 1000.0;
    let gain_kw = d.network.cool_gain_w_per_m.value * net.length_m / 1000.0;
    let mut plant = equip(d, spec, cap_cool, cap_heat);
    if d.dhc_plant.electric_chillers_run.value == ElectricRun::DesignHourShare && cap_cool > 0.0 {
        let k = (sizing.design_hour_cooling_kw / cap_cool).min(1.0);
        for c in plant
            .chillers
            .groups
            .iter_mut()
            .filter(|c| !c.is_absorption())
        {
            c.run_kw = c.cap_kw * k;
        }
    }
    let aux = auxiliaries(d, &net);
    let need = Need {
        loss_kw,
        gain_kw,
        chilled_water: aux.chilled_water,
        network: aux.network,
        pump_heat_share: aux.pump_heat_share,
    };
    Design {
        sizing,
        net,
        plant,
        aux,
        need,
    }
}

/// Design and dispatch a DHC plant for the alternative's connected loads.
///
/// `connected` holds the alternative's connected heating, hot-water and cooling series, kW
/// ([`crate::supply::connected_series`]).
pub fn operate(input: &SupplyInput, spec: &DhcSpec, connected: &[Vec<f64>; 3]) -> DhcOutcome {
    let d = input.data();
    let f = input.factors;
    let [heat, hw, cool] = connected;
    // The peak of heating + hot water, hour by hour (as `peak` of the summed series, without
    // building it).
    let peak_heat = heat
        .iter()
        .zip(hw.iter())
        .map(|(a, b)| a + b)
        .fold(0.0, f64::max);
    let mut dz = design(input, spec, (peak(cool), peak_heat));
    let (plant, aux, need) = (&mut dz.plant, &dz.aux, dz.need);
    let abs_steam_cap = plant.chillers.absorption_steam_kw();
    let boiler_cap = plant.boiler_kw;
    // Unused-energy sources serve their share of each hour before the plant
    // (waste-heat.md §3): the heat the plant must make and the cooling its chillers see.
    let abs_cap_total = plant.chillers.absorption_kw();
    let mut source_loads_kwh = [0.0; 2];
    let loads = |need_kw| Loads {
        connected,
        need_kw,
        need,
    };
    let (sources, run, chp) = if spec.resolved_sources.is_empty() && spec.chp.is_none() {
        let run = run::<false>(plant, &loads(None), (&[], None), aux, d, f);
        (vec![], run, None)
    } else {
        // The heat the plant must deliver (demand + pipe losses) and the cooling its
        // chillers see (demand + pipe gains + the heat of the chilled-water pumps), hour
        // by hour: the loads the sources are dispatched against.
        let [heat, hw, cool] = connected;
        let heat_need: Vec<f64> = heat
            .iter()
            .zip(hw.iter())
            .map(|(a, b)| need.heat_kw(a + b))
            .collect();
        let cool_need: Vec<f64> = cool.iter().map(|&c| need.cool_kw(c)).collect();
        let sources = if spec.resolved_sources.is_empty() {
            vec![]
        } else {
            source_loads_kwh = [heat_need.iter().sum(), cool_need.iter().sum()];
            let abs_cop = if abs_cap_total > 0.0 {
                abs_cap_total / abs_steam_cap
            } else {
                0.0
            };
            crate::supply::unused::dispatch(
                &spec.resolved_sources,
                &crate::supply::unused::UserLoads {
                    heat_kw: &heat_need,
                    cool_kw: &cool_need,
                    steam_absorption: (abs_cap_total > 0.0).then_some((abs_cap_total, abs_cop)),
                    boiler_kw: boiler_cap,
                    month_ranges: input.calendar.month_ranges(),
                    users: &[],
                },
                input.lib,
            )
        };
        // Gas cogeneration on what the sources leave (heat-led: the heat it can use).
        // (designed on the year; its hours are run with the plant's, keeping the totals)
        let chp = spec.chp.as_ref().map(|c| {
            super::chp::prepare(input, c, (&heat_need, &cool_need), abs_cap_total, &sources)
        });
        let chp_loads = chp.as_ref().map(|c| c.loads((&heat_need, &cool_need)));
        let mut chp_run = chp
            .as_ref()
            .map(|c| super::chp::Run::totals_only(&c.design));
        let run = run::<true>(
            plant,
            &loads(Some((&heat_need, &cool_need))),
            (&sources, chp_loads.as_ref().zip(chp_run.as_mut())),
            aux,
            d,
            f,
        );
        (sources, run, chp_run.map(std::sync::Arc::new))
    };
    outcome(input, spec, dz, run, (sources, source_loads_kwh, chp))
}

/// [`operate`] for one step of a density sweep, whose loads are `k` × a reference year
/// ([`Scaled`]): the same design, and the year of a plain plant from sums
/// ([`run_scaled`]). `None` when the plant has storage, unused-energy sources or a CHP, or
/// an hour's steam exceeds the boilers: those need the hours ([`operate`]).
pub fn operate_scaled(input: &SupplyInput, spec: &DhcSpec, loads: &Scaled) -> Option<DhcOutcome> {
    if !spec.resolved_sources.is_empty() || spec.chp.is_some() {
        return None;
    }
    let mut dz = design(input, spec, (loads.peak_cool_kw(), loads.peak_heat_kw()));
    if dz.plant.storage.is_some() {
        return None;
    }
    let run = run_scaled(&mut dz.plant, loads, dz.need, &dz.aux, input.factors)?;
    Some(outcome(input, spec, dz, run, (vec![], [0.0; 2], None)))
}

/// The outcome of a plant designed as `dz` that ran as `run` (with its sources' operation,
/// the loads they could serve, and its CHP's run).
fn outcome(
    input: &SupplyInput,
    spec: &DhcSpec,
    dz: Design,
    run: Run,
    (sources, source_loads_kwh, chp): (
        Vec<crate::supply::unused::Operation>,
        [f64; 2],
        Option<std::sync::Arc<super::chp::Run>>,
    ),
) -> DhcOutcome {
    let d = input.data();
    let Design {
        sizing, net, plant, ..
    } = dz;
    let (cap_cool, cap_heat) = (sizing.cooling_kw, sizing.heating_kw);
    let b = run.balance;
    let Plant {
        chillers,
        heat_pumps,
        storage,
        boiler_kw: boiler_cap,
        ..
    } = plant;
    let mut equipment: Vec<Installed> = chillers
        .groups
        .iter()
        .map(|c| c.installed("cooling"))
        .collect();
    equipment.extend(heat_pumps.groups.iter().map(|h| h.installed("heating")));
    equipment.push(Installed {
        equipment: spec.boiler_id(d).to_string(),
        role: "steam".into(),
        capacity_kw: boiler_cap,
        units: d.dhc_plant.units.value,
        output_mwh: (run.steam_heat_kwh + run.steam_absorption_kwh) / 1000.0,
        cost_kyen: 0.0,
    });
    equipment.extend(chp.as_deref().and_then(super::chp::installed));
    if let Some(st) = &storage {
        equipment.push(Installed {
            equipment: st.equipment.clone(),
            role: "storage".into(),
            capacity_kw: st.capacity_kwh,
            units: 1,
            output_mwh: 0.0,
            cost_kyen: 0.0,
        });
    }
    let water_m3 = b.rejected_kwh / 1000.0 * d.auxiliaries.makeup_water_m3_per_mwh_rejected.value;
    let unlevelled_equipment = unlevelled_equipment(
        d,
        spec,
        (sizing.cooling_unlevelled_kw, sizing.heating_unlevelled_kw),
        &equipment,
    );
    DhcOutcome {
        plant: b,
        equipment,
        network: net,
        heat_loss_kwh: run.heat_loss_kwh,
        cool_gain_kwh: run.cool_gain_kwh,
        network_pump_kwh: run.network_pump_kwh,
        cooling_capacity_kw: cap_cool,
        heating_capacity_kw: cap_heat,
        water_m3,
        cf_cooling: sizing.cf_cooling,
        cf_heat: sizing.cf_heat,
        unlevelled_equipment,
        cooling_unlevelled_kw: sizing.cooling_unlevelled_kw,
        heating_unlevelled_kw: sizing.heating_unlevelled_kw,
        sources,
        source_loads_kwh,
        chp,
    }
}
