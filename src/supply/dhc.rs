//! District heating & cooling (地域冷暖房): central plant sized on the coincident load
//! (the hourly coincident peak × margin, district-a.md §3, or CF × Σ sizing maxima ×
//! margin as an option), an explicit hourly
//! dispatch rule, auxiliaries, the pipe network, and the heat unit price.

use super::data::{EquipmentKind, PlantShare, SizingBasis};
use super::network::{self, NetworkDesign};
use super::{
    add_to, connected_series, gas_nm3_for, Balance, CostLine, Dispatch, Installed, NetworkResult,
    Subsidy, SupplyInput, SystemSpec,
};
use crate::calendar::HOURS_PER_YEAR;
use crate::carrier::Carrier;
use crate::econ;
use crate::i18n::Phrase;
use crate::load::peak;
use serde::Serialize;

/// One chiller/heat-pump group in the dispatch.
#[derive(Debug, Clone)]
struct Group {
    equipment: String,
    kind: EquipmentKind,
    cop: f64,
    cap_kw: f64,
    units: u32,
    out_kwh: f64,
}

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
    pub sources: Vec<super::unused::Operation>,
    /// Loads the sources could serve: heat (heating + hot water + network loss) and
    /// cooling as the chillers produce it, kWh/yr.
    pub source_loads_kwh: [f64; 2],
}

/// Design and dispatch a DHC plant for the alternative's connected loads.
pub fn operate(input: &SupplyInput, spec: &SystemSpec) -> DhcOutcome {
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
        .map(|s| {
            let e = &d.equipment[&s.equipment];
            Group {
                equipment: s.equipment.clone(),
                kind: e.kind,
                cop: e.cop.unwrap_or(1.0),
                cap_kw: s.share * cap_cool,
                units: s.units,
                out_kwh: 0.0,
            }
        })
        .collect();
    let mut heat_pumps: Vec<Group> = vec![];
    let mut storage: Option<(String, f64)> = None;
    for item in &spec.plant {
        let e = &d.equipment[&item.equipment];
        match (e.kind, item.serves.as_str()) {
            (EquipmentKind::Storage, _) => {
                storage = Some((item.equipment.clone(), item.capacity_kwh.unwrap_or(0.0)))
            }
            (EquipmentKind::HeatPump, "heating") => heat_pumps.push(Group {
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
    let dispatch = spec.dispatch.unwrap_or(Dispatch::ElectricFirst);
    let order: Vec<usize> = {
        let mut idx: Vec<usize> = (0..chillers.len()).collect();
        match dispatch {
            Dispatch::ElectricFirst => {
                idx.sort_by_key(|&i| chillers[i].kind == EquipmentKind::AbsorptionChiller)
            }
            Dispatch::AbsorptionFirst => {
                idx.sort_by_key(|&i| chillers[i].kind != EquipmentKind::AbsorptionChiller)
            }
            Dispatch::Proportional => {}
        }
        idx
    };
    let boiler_eff = d.efficiency(&d.dhc_plant.boiler);
    let abs_steam_cap: f64 = chillers
        .iter()
        .filter(|c| c.kind == EquipmentKind::AbsorptionChiller)
        .map(|c| c.cap_kw / c.cop)
        .sum();
    let hp_cap: f64 = heat_pumps.iter().map(|h| h.cap_kw).sum();
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
    let net_pump = super::data::PumpDesign {
        head_m: network::index_head_m(&net, &d.network),
        ..d.auxiliaries.dhc_chilled_water_pump.clone()
    };
    let k_net = net_pump.kwh_per_kwh() * op;
    // Unused-energy sources serve their share of each hour before the plant
    // (waste-heat.md §3): the heat the plant must make and the cooling its chillers see.
    let abs_cap_total: f64 = chillers
        .iter()
        .filter(|c| c.kind == EquipmentKind::AbsorptionChiller)
        .map(|c| c.cap_kw)
        .sum();
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
        super::unused::dispatch(
            &spec.resolved_sources,
            &super::unused::UserLoads {
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
    let (mut e_chill, mut e_hp, mut e_tower, mut e_pump, mut e_net) = (0.0, 0.0, 0.0, 0.0, 0.0);
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
        let src = super::unused::HourTotal::of(&sources, t);
        // Absorption chillers driven by source steam are not free for boiler steam.
        let abs_scale = src.absorption_left_share(abs_cap_total);
        let cap_of = |c: &Group| {
            if c.kind == EquipmentKind::AbsorptionChiller {
                c.cap_kw * abs_scale
            } else {
                c.cap_kw
            }
        };
        // Heat: sources first, then heat pumps, boilers the rest.
        let mut h_rest = (heat_need[t] - src.heat_kw).max(0.0);
        let mut e_t = src.electricity_kw;
        e_src += src.electricity_kw;
        for hp in heat_pumps.iter_mut() {
            let q = h_rest.min(hp.cap_kw);
            h_rest -= q;
            hp.out_kwh += q;
            e_t += q / hp.cop;
            e_hp += q / hp.cop;
        }
        // Cooling: storage discharge before absorption, night charging with spare electric capacity.
        let mut c_rest = (cool_need[t] - src.cool_kw).max(0.0);
        let mut rej = src.rejected_kw;
        let mut s_t = 0.0;
        let electric_cap: f64 = chillers
            .iter()
            .filter(|c| c.kind != EquipmentKind::AbsorptionChiller)
            .map(|c| c.cap_kw)
            .sum();
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
        match dispatch {
            Dispatch::Proportional if chillers.iter().map(cap_of).sum::<f64>() > 0.0 => {
                let cap_now: f64 = chillers.iter().map(cap_of).sum();
                let share = (c_rest / cap_now).min(1.0);
                for c in chillers.iter_mut() {
                    let q = cap_of(c) * share;
                    c.out_kwh += q;
                    rej += q * (1.0 + 1.0 / c.cop);
                    if c.kind == EquipmentKind::AbsorptionChiller {
                        s_t += q / c.cop;
                    } else {
                        e_t += q / c.cop;
                        e_chill += q / c.cop;
                    }
                }
                c_rest -= share * cap_now;
            }
            _ => {
                for &i in &order {
                    let cap = cap_of(&chillers[i]);
                    let c = &mut chillers[i];
                    let q = c_rest.min(cap);
                    c_rest -= q;
                    c.out_kwh += q;
                    rej += q * (1.0 + 1.0 / c.cop);
                    if c.kind == EquipmentKind::AbsorptionChiller {
                        s_t += q / c.cop;
                    } else {
                        e_t += q / c.cop;
                        e_chill += q / c.cop;
                    }
                }
            }
        }
        if src.steam_absorption_kw > 0.0 {
            for c in chillers
                .iter_mut()
                .filter(|c| c.kind == EquipmentKind::AbsorptionChiller)
            {
                c.out_kwh += src.steam_absorption_kw * c.cap_kw / abs_cap_total;
            }
        }
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
    add_to(&mut b.electricity_kwh, "chillers", e_chill);
    add_to(&mut b.electricity_kwh, "heat_pumps", e_hp);
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
        .iter()
        .map(|c| Installed {
            equipment: c.equipment.clone(),
            role: "cooling".into(),
            capacity_kw: c.cap_kw,
            units: c.units,
            output_mwh: c.out_kwh / 1000.0,
            cost_kyen: 0.0,
        })
        .collect();
    equipment.extend(heat_pumps.iter().map(|h| Installed {
        equipment: h.equipment.clone(),
        role: "heating".into(),
        capacity_kw: h.cap_kw,
        units: h.units,
        output_mwh: h.out_kwh / 1000.0,
        cost_kyen: 0.0,
    }));
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

/// Cost of an equipment group on its cost curve, ¥.
pub fn equipment_cost_yen(input: &SupplyInput, item: &Installed) -> f64 {
    let c = &input.data().costs;
    let kind = input.data().equipment.get(&item.equipment).map(|e| e.kind);
    let unit_cost = match kind {
        Some(EquipmentKind::ElectricChiller) => c.plant_yen_per_kw_at_ref.electric_chiller.value,
        Some(EquipmentKind::AbsorptionChiller) => {
            c.plant_yen_per_kw_at_ref.absorption_chiller.value
        }
        Some(EquipmentKind::Boiler) => c.plant_yen_per_kw_at_ref.boiler.value,
        Some(EquipmentKind::HeatPump) => c.plant_yen_per_kw_at_ref.heat_pump.value,
        Some(EquipmentKind::Storage) => {
            return item.capacity_kw * c.plant_yen_per_kw_at_ref.storage_yen_per_kwh.value
        }
        None => 0.0,
    };
    let units = item.units.max(1);
    econ::scaled_cost_yen(
        unit_cost,
        c.ref_kw,
        c.exponent.value,
        item.capacity_kw / units as f64,
        units,
    )
}

/// Economics of a DHC outcome: cost lines, annual cost, heat sold and price, with the
/// spec's unused-energy, build-up and subsidy scenarios.
pub struct DhcEconomics {
    /// Construction cost borne by the operator, ¥ thousand.
    pub construction_kyen: f64,
    /// Annual cost at full build-out, ¥ thousand.
    pub annual_kyen: f64,
    /// Heat sold, GJ.
    pub heat_sold_gj: f64,
    /// Price, ¥/MJ (levelised over the horizon when a build-up is given).
    pub price_yen_per_mj: f64,
    /// Cost lines.
    pub lines: Vec<CostLine>,
    /// Energy and water bills (electricity + gas + water) at full build-out, ¥ thousand/yr.
    pub bills_kyen: f64,
    /// Network cost summary (civil, pipe) in ¥ thousand before subsidy.
    pub civil_kyen: f64,
    /// Pipe cost ¥ thousand.
    pub pipe_kyen: f64,
    /// Notes.
    pub notes: Vec<String>,
}

/// Costs of parts outside the plant and the district network that the DHC business also
/// carries (unused-energy sources): shown in the construction cost and added as annual
/// lines, ¥ thousand.
#[derive(Debug, Clone, Default)]
pub struct AddedCosts {
    /// Capital borne by the operator (after subsidies).
    pub construction_kyen: f64,
    /// What the construction line's note says about it.
    pub construction_note: String,
    /// Subsidy deducted from the sources' capital, ¥ thousand.
    pub subsidy_kyen: f64,
    /// Annual lines (capital charge, running), inserted before the annual total.
    pub lines: Vec<CostLine>,
}

/// Annual economics of the DHC business (district-a.md §5).
pub fn economics(input: &SupplyInput, spec: &SystemSpec, o: &mut DhcOutcome) -> DhcEconomics {
    economics_with(input, spec, o, &AddedCosts::default())
}

/// [`economics`] with added costs (their annual lines count as fixed costs in build-up
/// scenarios).
pub fn economics_with(
    input: &SupplyInput,
    spec: &SystemSpec,
    o: &mut DhcOutcome,
    added: &AddedCosts,
) -> DhcEconomics {
    let d = input.data();
    let ec = &d.economics;
    let mut notes = vec![];
    for item in o.equipment.iter_mut() {
        item.cost_kyen = equipment_cost_yen(input, item) / 1000.0;
    }
    let plant_kyen: f64 = o.equipment.iter().map(|e| e.cost_kyen).sum();
    let len = o.network.length_m;
    let civil_kyen = d.costs.pipe_civil_yen_per_m.value * len / 1000.0;
    let pipe_kyen =
        d.costs.pipe_yen_per_m_per_m_diameter.value * o.network.main_diameter_m * len / 1000.0;
    let (civil_paid, pipe_paid) = match spec.subsidy {
        Subsidy::None => (civil_kyen, pipe_kyen),
        Subsidy::Pipes => {
            notes.push("Infrastructure subsidy: district pipe works (civil + pipes) paid by the land-readjustment side (district-a.md §2).".into());
            (0.0, 0.0)
        }
        Subsidy::Tunnel => {
            notes.push("Infrastructure subsidy: only the utility-tunnel/conduit space (civil works) paid by the land-readjustment side; pipes by the operator.".into());
            (0.0, pipe_kyen)
        }
    };
    let construction = plant_kyen + civil_paid + pipe_paid;
    let rate = spec.interest.unwrap_or(ec.interest.value);
    let years = spec.years.unwrap_or(ec.years.value);
    let crf = econ::capital_recovery_factor(rate, years);
    let unused = spec.unused_share.unwrap_or(0.0);
    let plant = &o.plant;
    let e_kwh = plant.electricity_total_kwh() * (1.0 - unused);
    let g_nm3 = plant.gas_total_nm3() * (1.0 - unused);
    let el = &ec.dhc_electricity;
    let ga = &ec.dhc_gas;
    let elec_kyen = econ::two_part_bill_yen(
        el.basic_yen_per_kw_month.value,
        plant.peak_electricity_kw * (1.0 - unused),
        el.energy_yen_per_kwh.value,
        e_kwh,
    ) / 1000.0;
    let gas_kyen = econ::two_part_bill_yen(
        ga.basic_yen_per_nm3h_month.value,
        plant.peak_gas_nm3_per_h * (1.0 - unused),
        ga.energy_yen_per_nm3.value,
        g_nm3,
    ) / 1000.0;
    let water_kyen = o.water_m3 * ec.water_yen_per_m3.value / 1000.0;
    let staff = spec.staff.unwrap_or(ec.staff.value);
    let staff_kyen = staff * ec.staff_yen.value / 1000.0;
    let maint_kyen = construction * ec.maintenance_share.value;
    let capital_kyen = construction * crf;
    let heat_sold_kwh = plant.heat_demand_kwh + o.heat_loss_kwh + o.cool_gain_kwh;
    let heat_sold_gj = heat_sold_kwh * 3.6 / 1000.0;
    let variable = elec_kyen + gas_kyen + water_kyen;
    let added_kyen: f64 = added.lines.iter().map(|l| l.kyen).sum();
    let annual = capital_kyen + maint_kyen + staff_kyen + variable + added_kyen;
    let mut price = annual / heat_sold_gj;
    if unused > 0.0 {
        notes.push(format!("Unused/renewable energy covers {:.0} % of the main plant's electricity and gas at no extra energy (district-a.md §2).", unused * 100.0));
    }
    if let Some(bu) = &spec.buildup {
        let n = years.round().max(1.0) as usize;
        let tau = econ::takeup_curve(
            n,
            bu.takeup,
            bu.curve.as_deref(),
            bu.start,
            bu.end,
            bu.ramp_years,
        );
        let pipes = (civil_paid + pipe_paid) * (crf + ec.maintenance_share.value);
        let plant_fixed = plant_kyen * (crf + ec.maintenance_share.value);
        let mut running_max = 0.0_f64;
        let stage: Vec<f64> = tau
            .iter()
            .map(|t| {
                running_max = running_max.max(*t);
                running_max
            })
            .collect();
        price = econ::levelised_price_yen_per_mj(
            rate,
            &tau,
            |y| {
                pipes
                    + staff_kyen
                    + added_kyen
                    + if bu.staged {
                        plant_fixed * stage[y]
                    } else {
                        plant_fixed
                    }
            },
            variable,
            heat_sold_gj,
        );
        let avg = tau.iter().sum::<f64>() / n as f64;
        notes.push(format!(
            "Build-up: demand take-up averages {:.0} % over {n} years; capital{} maintenance and staff fixed, energy, water and sales follow the take-up (district-a.md §5); price levelised at {:.1} %.",
            avg * 100.0,
            if bu.staged { " of pipes (plant staged with take-up)," } else { "," },
            rate * 100.0
        ));
    }
    let k0 = |v: f64| format!("{v:.0}");
    let mut construction_args = vec![
        ("plant", k0(plant_kyen)),
        ("exp", format!("{}", d.costs.exponent.value)),
        ("civil", k0(civil_paid)),
        ("pipe", k0(pipe_paid)),
        ("len", k0(len)),
    ];
    let construction_key = if added.construction_kyen > 0.0 {
        construction_args.push(("net", k0(added.construction_kyen)));
        construction_args.push(("subsidy", k0(added.subsidy_kyen)));
        "cost_note.dhc_construction_unused"
    } else {
        "cost_note.dhc_construction"
    };
    let mut lines = vec![
        CostLine::phrased(
            "construction",
            "Construction cost",
            construction + added.construction_kyen,
            Phrase::new(construction_key, &construction_args),
        ),
        CostLine::phrased(
            "capital",
            "Fixed equipment cost",
            capital_kyen,
            Phrase::new(
                "cost_note.capital",
                &[
                    ("crf", format!("{crf:.6}")),
                    ("rate", format!("{:.1}", rate * 100.0)),
                    ("years", k0(years)),
                ],
            ),
        ),
        CostLine::phrased(
            "electricity",
            "Electricity",
            elec_kyen,
            Phrase::new(
                "cost_note.dhc_electricity",
                &[
                    ("tariff", el.label.clone()),
                    ("tariff_ja", el.label_ja.clone()),
                    ("basic", format!("{}", el.basic_yen_per_kw_month.value)),
                    ("kw", k0(plant.peak_electricity_kw * (1.0 - unused))),
                    ("energy", format!("{}", el.energy_yen_per_kwh.value)),
                    ("mwh", k0(e_kwh / 1000.0)),
                ],
            ),
        ),
        CostLine::phrased(
            "gas",
            "Gas",
            gas_kyen,
            Phrase::new(
                "cost_note.dhc_gas",
                &[
                    ("tariff", ga.label.clone()),
                    ("tariff_ja", ga.label_ja.clone()),
                    ("basic", format!("{}", ga.basic_yen_per_nm3h_month.value)),
                    ("flow", k0(plant.peak_gas_nm3_per_h * (1.0 - unused))),
                    ("energy", format!("{}", ga.energy_yen_per_nm3.value)),
                    ("knm3", k0(g_nm3 / 1000.0)),
                ],
            ),
        ),
        CostLine::phrased(
            "water",
            "Water",
            water_kyen,
            Phrase::new(
                "cost_note.dhc_water",
                &[
                    ("m3", k0(o.water_m3)),
                    ("price", format!("{}", ec.water_yen_per_m3.value)),
                ],
            ),
        ),
        CostLine::phrased(
            "maintenance",
            "Maintenance",
            maint_kyen,
            Phrase::new(
                "cost_note.maintenance",
                &[(
                    "share",
                    format!("{:.1}", ec.maintenance_share.value * 100.0),
                )],
            ),
        ),
        CostLine::phrased(
            "personnel",
            "Personnel",
            staff_kyen,
            Phrase::new(
                "cost_note.personnel",
                &[
                    ("staff", format!("{staff}")),
                    ("salary", format!("{:.1}", ec.staff_yen.value / 1e6)),
                ],
            ),
        ),
    ];
    lines.extend(added.lines.iter().cloned());
    lines.push(CostLine::phrased(
        "annual",
        "Annual cost",
        annual,
        Phrase::new("cost_note.dhc_annual", &[]),
    ));
    DhcEconomics {
        construction_kyen: construction + added.construction_kyen,
        annual_kyen: annual,
        heat_sold_gj,
        price_yen_per_mj: price,
        lines,
        bills_kyen: variable,
        civil_kyen,
        pipe_kyen,
        notes,
    }
}

/// Network summary for the report.
pub fn network_result(o: &DhcOutcome, e: &DhcEconomics) -> NetworkResult {
    let delivered = o.plant.heat_demand_kwh;
    NetworkResult {
        buildings: o.network.buildings,
        length_m: o.network.length_m,
        main_diameter_m: o.network.main_diameter_m,
        heat_loss_mwh: o.heat_loss_kwh / 1000.0,
        cool_gain_mwh: o.cool_gain_kwh / 1000.0,
        loss_share: if delivered > 0.0 {
            (o.heat_loss_kwh + o.cool_gain_kwh) / delivered
        } else {
            0.0
        },
        pump_mwh: o.network_pump_kwh / 1000.0,
        civil_kyen: e.civil_kyen,
        pipe_kyen: e.pipe_kyen,
    }
}
