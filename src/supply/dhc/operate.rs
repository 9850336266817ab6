//! Design and hourly operation of a DHC plant: capacity sized on the coincident load (the
//! hourly coincident peak × margin, district-a.md §3, or CF × Σ sizing maxima × margin as
//! an option), the pipe network, unused-energy sources taken first, heat pumps, chillers in
//! their dispatch order, storage, boilers and auxiliaries.

use super::{DhcSpec, Serves};
use crate::calendar::HOURS_PER_YEAR;
use crate::carrier::Carrier;
use crate::load::peak;
use crate::supply::data::{EquipmentKind, PlantShare, PumpDesign, SizingBasis};
use crate::supply::network::{self, NetworkDesign};
use crate::supply::plant::{Chillers, Group, HeatPumps, Hour, Order};
use crate::supply::{add_to, connected_series, gas_nm3_for, Balance, Installed, SupplyInput};
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
    /// Hourly operation of the unused-energy sources taken before the plant.
    #[serde(skip)]
    pub sources: Vec<crate::supply::unused::Operation>,
    /// Loads the sources could serve: heat (heating + hot water + network loss) and
    /// cooling as the chillers produce it, kWh/yr.
    pub source_loads_kwh: [f64; 2],
}

/// Design and dispatch a DHC plant for the alternative's connected loads.
pub fn operate(input: &SupplyInput, spec: &DhcSpec) -> DhcOutcome {
    let d = input.data();
    let f = input.factors;
    let floor = input.floor_by_use_m2;
    let [heat, hw, cool] = connected_series(input, floor);
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
    let heat_total: Vec<f64> = heat.iter().zip(&hw).map(|(a, b)| a + b).collect();
    let peak_cool = peak(&cool);
    let peak_heat = peak(&heat_total);
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
    let (cap_cool, cap_heat) = match spec.sizing.unwrap_or(d.dhc_plant.sizing) {
        SizingBasis::CoincidentPeak => (peak_cool * margin, peak_heat * margin),
        SizingBasis::CfSizingMaxima => (
            (cf_cool * sz_cool).max(peak_cool) * margin,
            (cf_heat * sz_heat).max(peak_heat) * margin,
        ),
    };

    let net = network::design(
        spec.buildings.unwrap_or(input.buildings),
        input.district_area_m2,
        cap_cool,
        &d.network,
    );
    let loss_kw = d.network.heat_loss_w_per_m.value * net.length_m / 1000.0;
    let gain_kw = d.network.cool_gain_w_per_m.value * net.length_m / 1000.0;

    // Chiller groups in dispatch order.
    let shares: Vec<PlantShare> = spec
        .cooling
        .clone()
        .unwrap_or_else(|| d.dhc_plant.cooling.clone());
    let mut chillers: Vec<Group> = shares
        .iter()
        .map(|s| Group::cooling(d, s, cap_cool))
        .collect();
    let mut heat_pumps = HeatPumps::default();
    let mut storage: Option<(String, f64)> = None;
    for item in &spec.plant {
        let e = &d.equipment[&item.equipment];
        match (e.kind, item.serves) {
            (EquipmentKind::Storage, _) => {
                storage = Some((item.equipment.clone(), item.capacity_kwh.unwrap_or(0.0)))
            }
            (EquipmentKind::HeatPump, Serves::Heating) => heat_pumps.groups.push(Group {
                equipment: item.equipment.clone(),
                kind: e.kind,
                cop: e.heating_cop.or(e.cop).unwrap_or(1.0),
                cap_kw: item.share.unwrap_or(0.0) * cap_heat,
                units: item.units.unwrap_or(d.dhc_plant.units),
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
                units: item.units.unwrap_or(d.dhc_plant.units),
                out_kwh: 0.0,
            }),
        }
    }
    let dispatch = spec.dispatch.unwrap_or(d.dhc_plant.dispatch);
    let mut chillers = Chillers::new(chillers, Order::Rule(dispatch));
    let boiler_eff = d.efficiency(&d.dhc_plant.boiler);
    let abs_steam_cap = chillers.absorption_steam_kw();
    let hp_cap = heat_pumps.capacity_kw();
    let boiler_cap = (cap_heat - hp_cap).max(0.0) + abs_steam_cap;
    let charge_hours = &d.dhc_plant.storage_charge_hours.value;
    let storage_loss_per_h = storage.as_ref().map_or(0.0, |(id, _)| {
        d.equipment[id].loss_per_day.unwrap_or(0.0) / 24.0
    });
    let mut soc = 0.0;

    let k_tower = d.auxiliaries.cooling_tower_kwh_per_kwh_rejected.value;
    let op = d.auxiliaries.pump_operating_factor.value;
    let k_chw = d.auxiliaries.dhc_chilled_water_pump.kwh_per_kwh() * op;
    let k_steam = d.auxiliaries.dhc_steam_kwh_per_kwh.value;
    let pump_heat_share = d.auxiliaries.pump_heat_to_water.value;
    // Network pumping: the secondary pumps also lift the network's friction head.
    let net_pump = PumpDesign {
        head_m: network::index_head_m(&net, &d.network),
        ..d.auxiliaries.dhc_chilled_water_pump.clone()
    };
    let k_net = net_pump.kwh_per_kwh() * op;
    // Unused-energy sources serve their share of each hour before the plant
    // (waste-heat.md §3): the heat the plant must make and the cooling its chillers see.
    let abs_cap_total = chillers.absorption_kw();
    // The heat the plant must deliver (demand + pipe losses) and the cooling its chillers
    // see (demand + pipe gains + the heat of the chilled-water pumps), hour by hour.
    let heat_need: Vec<f64> = heat_total
        .iter()
        .map(|&h| if h > 0.0 { h + loss_kw } else { 0.0 })
        .collect();
    let cool_need: Vec<f64> = cool
        .iter()
        .map(|&c| {
            let g = if c > 0.0 { gain_kw } else { 0.0 };
            c + g + (k_chw * (c + g) + k_net * c) * pump_heat_share
        })
        .collect();
    let mut source_loads_kwh = [0.0; 2];
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
            },
            input.lib,
        )
    };
    let mut e_src = 0.0;
    let mut b = Balance::default();
    let (mut e_tower, mut e_pump, mut e_net) = (0.0, 0.0, 0.0);
    let electric_cap = chillers.electric_kw();
    let (mut steam_heat, mut steam_abs) = (0.0, 0.0);
    let (mut loss_sum, mut gain_sum) = (0.0, 0.0);
    let (mut peak_e, mut peak_g) = (0.0_f64, 0.0_f64);
    let mut delivered = 0.0;
    for t in 0..HOURS_PER_YEAR {
        let h_dem = heat_total[t];
        let c_dem = cool[t];
        let loss = if h_dem > 0.0 { loss_kw } else { 0.0 };
        let gain = if c_dem > 0.0 { gain_kw } else { 0.0 };
        loss_sum += loss;
        gain_sum += gain;
        delivered += h_dem + c_dem;
        let src = crate::supply::unused::HourTotal::of(&sources, t);
        // Absorption chillers driven by source steam are not free for boiler steam.
        let abs_scale = src.absorption_left_share(abs_cap_total);
        // Heat: sources first, then heat pumps, boilers the rest.
        let mut hour = Hour {
            electricity_kw: src.electricity_kw,
            steam_kw: 0.0,
            rejected_kw: src.rejected_kw,
        };
        e_src += src.electricity_kw;
        let h_rest = heat_pumps.serve((heat_need[t] - src.heat_kw).max(0.0), &mut hour);
        // Cooling: storage discharge before absorption, night charging with spare electric capacity.
        let mut c_rest = (cool_need[t] - src.cool_kw).max(0.0);
        if let Some((_, cap_s)) = &storage {
            soc *= 1.0 - storage_loss_per_h;
            let hour = t % 24;
            if charge_hours.contains(&hour) {
                let spare = (electric_cap - c_rest).max(0.0);
                let ch = spare.min(cap_s - soc).max(0.0);
                soc += ch;
                c_rest += ch; // produced by the electric chillers now, delivered later
            } else if c_rest > electric_cap {
                let dis = (c_rest - electric_cap).min(soc);
                soc -= dis;
                c_rest -= dis;
            }
        }
        let c_rest = chillers.serve(c_rest, abs_scale, &mut hour);
        if src.steam_absorption_kw > 0.0 {
            chillers.record_source_cooling(src.steam_absorption_kw);
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
        let tower = k_tower * rej;
        let pump = k_chw * (c_dem + gain) + k_steam * steam_t;
        let netp = k_net * c_dem;
        e_tower += tower;
        e_pump += pump;
        e_net += netp;
        b.rejected_kwh += rej;
        e_t += tower + pump + netp;
        peak_e = peak_e.max(e_t);
        peak_g = peak_g.max(gas_nm3_for(steam_t, boiler_eff, f));
    }
    add_to(&mut b.electricity_kwh, "chillers", chillers.electricity_kwh);
    add_to(
        &mut b.electricity_kwh,
        "heat_pumps",
        heat_pumps.electricity_kwh,
    );
    add_to(&mut b.electricity_kwh, "unused_heat_pumps", e_src);
    add_to(&mut b.electricity_kwh, "cooling_towers", e_tower);
    add_to(&mut b.electricity_kwh, "plant_pumps", e_pump);
    add_to(&mut b.electricity_kwh, "network_pumps", e_net);
    add_to(
        &mut b.gas_nm3,
        "heating_hot_water",
        gas_nm3_for(steam_heat, boiler_eff, f),
    );
    add_to(
        &mut b.gas_nm3,
        "absorption",
        gas_nm3_for(steam_abs, boiler_eff, f),
    );
    b.heat_demand_kwh = delivered;
    b.peak_electricity_kw = peak_e;
    b.peak_gas_nm3_per_h = peak_g;

    let mut equipment: Vec<Installed> = chillers
        .groups
        .iter()
        .map(|c| c.installed("cooling"))
        .collect();
    equipment.extend(heat_pumps.groups.iter().map(|h| h.installed("heating")));
    equipment.push(Installed {
        equipment: d.dhc_plant.boiler.clone(),
        role: "steam".into(),
        capacity_kw: boiler_cap,
        units: d.dhc_plant.units,
        output_mwh: (steam_heat + steam_abs) / 1000.0,
        cost_kyen: 0.0,
    });
    if let Some((id, cap)) = &storage {
        equipment.push(Installed {
            equipment: id.clone(),
            role: "storage".into(),
            capacity_kw: *cap,
            units: 1,
            output_mwh: 0.0,
            cost_kyen: 0.0,
        });
    }
    let water_m3 = b.rejected_kwh / 1000.0 * d.auxiliaries.makeup_water_m3_per_mwh_rejected.value;
    DhcOutcome {
        plant: b,
        equipment,
        network: net,
        heat_loss_kwh: loss_sum,
        cool_gain_kwh: gain_sum,
        network_pump_kwh: e_net,
        cooling_capacity_kw: cap_cool,
        heating_capacity_kw: cap_heat,
        water_m3,
        cf_cooling: cf_cool,
        cf_heat,
        sources,
        source_loads_kwh,
    }
}
