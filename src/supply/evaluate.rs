//! Evaluate one system spec of an alternative into a [`SystemResult`].

use std::collections::HashMap;

use super::{
    dhc, energy_totals, individual, unused, Balance, SupplyInput, SystemKind, SystemResult,
    SystemSpec,
};

/// Evaluate a system. External buildings are always on individual plant and count in the
/// system's energy, CO2 and heat demand (district-a.md §2 like-for-like comparison), not in
/// the DHC plant or its heat price.
pub fn evaluate(input: &SupplyInput, spec: &SystemSpec) -> SystemResult {
    evaluate_with(input, spec, &mut HashMap::new())
}

/// Evaluate all systems of an alternative. DHC scenarios that differ only in economics
/// (unused-energy share, build-up, subsidy, interest, staff) share one hourly operation.
pub fn evaluate_all(input: &SupplyInput, specs: &[SystemSpec]) -> Vec<SystemResult> {
    let mut memo = HashMap::new();
    specs
        .iter()
        .map(|s| evaluate_with(input, s, &mut memo))
        .collect()
}

/// Key of the fields that change the hourly operation of a DHC plant.
fn operation_key(spec: &SystemSpec) -> String {
    serde_json::to_string(&(
        spec.margin,
        spec.sizing,
        &spec.cooling,
        &spec.plant,
        spec.dispatch,
        spec.buildings,
        &spec.sources,
    ))
    .unwrap_or_default()
}

fn evaluate_with(
    input: &SupplyInput,
    spec: &SystemSpec,
    memo: &mut HashMap<String, dhc::DhcOutcome>,
) -> SystemResult {
    let external = if input.external_floor_by_use_m2.is_empty() {
        Balance::default()
    } else {
        individual::balance(input, input.external_floor_by_use_m2)
    };
    let floor_total: f64 = input.floor_by_use_m2.values().sum::<f64>()
        + input.external_floor_by_use_m2.values().sum::<f64>();
    let mut notes = vec![];
    if !input.external_floor_by_use_m2.is_empty() {
        notes.push("External (outside-district) buildings on individual plant are included in energy, CO2 and heat demand for a like-for-like comparison.".into());
    }
    match spec.kind {
        SystemKind::SolarCluster => super::cluster::evaluate(input, spec),
        SystemKind::Individual => {
            let inside = individual::balance(input, input.floor_by_use_m2);
            let (construction, annual, lines) =
                individual::economics(input, input.floor_by_use_m2, &inside);
            if spec.resolved_sources.is_empty() {
                individual_result(
                    input,
                    spec,
                    &inside,
                    (construction, annual, lines),
                    notes,
                    &external,
                    floor_total,
                )
            } else {
                single_user(
                    input,
                    spec,
                    inside,
                    (construction, annual, lines),
                    notes,
                    &external,
                    floor_total,
                )
            }
        }
        SystemKind::Dhc => {
            let mut o = memo
                .entry(operation_key(spec))
                .or_insert_with(|| dhc::operate(input, spec))
                .clone();
            if o.sources.is_empty() {
                let econ = dhc::economics(input, spec, &mut o);
                dhc_result(input, spec, &o, econ, notes, &external, floor_total)
            } else {
                dhc_with_sources(input, spec, o, memo, notes, &external, floor_total)
            }
        }
    }
}

/// The CONTRACT energy and CO2 fields of a system from its total balance (incl. room-AC
/// loads and external buildings); costs, equipment and notes are left for the caller.
fn base_result(
    input: &SupplyInput,
    spec: &SystemSpec,
    default_name: &str,
    total: &Balance,
    floor_total: f64,
) -> SystemResult {
    let (e, g, pe, co2) = energy_totals(total, input.factors);
    let heat_gj = total.heat_demand_kwh * 3.6 / 1000.0;
    SystemResult {
        id: spec.id.clone(),
        kind: spec.kind,
        name: spec.name.clone().unwrap_or_else(|| default_name.into()),
        heat_demand_gj: heat_gj,
        electricity_mwh: e,
        gas_knm3: g,
        primary_energy_gj: pe,
        energy_efficiency: if pe > 0.0 { heat_gj / pe } else { 0.0 },
        co2_t: co2,
        co2_kg_per_m2: if floor_total > 0.0 {
            co2 * 1000.0 / floor_total
        } else {
            0.0
        },
        construction_cost_kyen: None,
        annual_cost_kyen: None,
        heat_sold_gj: None,
        heat_price_yen_per_mj: None,
        per_dwelling: None,
        electricity_by_purpose_mwh: total
            .electricity_kwh
            .iter()
            .map(|(k, v)| (k.clone(), v / 1000.0))
            .collect(),
        gas_by_purpose_knm3: total
            .gas_nm3
            .iter()
            .map(|(k, v)| (k.clone(), v / 1000.0))
            .collect(),
        equipment: vec![],
        network: None,
        cost_lines: vec![],
        notes: vec![],
        unmet_mwh: total.unmet_kwh / 1000.0,
        heating_capacity_gj_per_h: None,
        unused: None,
        cluster: None,
    }
}

/// The CONTRACT result of a DHC system from its operation and economics.
fn dhc_result(
    input: &SupplyInput,
    spec: &SystemSpec,
    o: &dhc::DhcOutcome,
    econ: dhc::DhcEconomics,
    mut notes: Vec<String>,
    external: &Balance,
    floor_total: f64,
) -> SystemResult {
    notes.extend(econ.notes.iter().cloned());
    let unused = spec.unused_share.unwrap_or(0.0);
    let mut plant = o.plant.scaled(1.0);
    if unused > 0.0 {
        plant
            .electricity_kwh
            .values_mut()
            .for_each(|v| *v *= 1.0 - unused);
        plant.gas_nm3.values_mut().for_each(|v| *v *= 1.0 - unused);
    }
    let mut total = plant;
    total.add(&super::dwelling_level_balance(input, input.floor_by_use_m2));
    total.add(external);
    let mut r = base_result(
        input,
        spec,
        "District heating & cooling",
        &total,
        floor_total,
    );
    r.network = Some(dhc::network_result(o, &econ));
    r.construction_cost_kyen = Some(econ.construction_kyen);
    r.annual_cost_kyen = Some(econ.annual_kyen);
    r.heat_sold_gj = Some(econ.heat_sold_gj);
    r.heat_price_yen_per_mj = Some(econ.price_yen_per_mj);
    r.equipment = o.equipment.clone();
    r.cost_lines = econ.lines;
    r.notes = notes;
    r.heating_capacity_gj_per_h = Some(o.heating_capacity_kw * 3.6 / 1000.0);
    r
}

/// Sum of a DHC's energy and water bills, ¥ thousand/yr.
/// A DHC with unused-energy sources: the sources' capital and running costs enter the
/// DHC's cost lines; the result carries what they achieve against the same plant without
/// them and against the simple "x % of plant energy" assumption.
fn dhc_with_sources(
    input: &SupplyInput,
    spec: &SystemSpec,
    mut o: dhc::DhcOutcome,
    memo: &mut HashMap<String, dhc::DhcOutcome>,
    notes: Vec<String>,
    external: &Balance,
    floor_total: f64,
) -> SystemResult {
    let d = input.data();
    let data = &input.lib.waste_heat;
    let spec_ref = spec.without_sources();
    let mut o_ref = memo
        .entry(operation_key(&spec_ref))
        .or_insert_with(|| dhc::operate(input, &spec_ref))
        .clone();
    let e_ref = dhc::economics(input, &spec_ref, &mut o_ref);
    // The plant backs the sources up, so its contracts stay sized for the plant alone.
    o.plant.peak_electricity_kw = o
        .plant
        .peak_electricity_kw
        .max(o_ref.plant.peak_electricity_kw);
    o.plant.peak_gas_nm3_per_h = o
        .plant
        .peak_gas_nm3_per_h
        .max(o_ref.plant.peak_gas_nm3_per_h);
    let e_bare = dhc::economics(input, spec, &mut o);
    let ctx = unused::scheme::Context {
        reference: "plant-only DHC",
        supply: d,
        factors: input.factors,
        plant_ref: &o_ref.plant,
        plant_with: &o.plant,
        savings_kyen: e_ref.bills_kyen - e_bare.bills_kyen,
        demand_heat_kwh: o.source_loads_kwh[0],
        demand_cool_kwh: o.source_loads_kwh[1],
        interest: spec.interest.unwrap_or(d.economics.interest.value),
        data,
    };
    let mut u = unused::scheme::evaluate(&o.sources, &ctx);
    u.notes.push("Energy contracts (basic charges) stay sized for the plant alone: it backs the sources up; the savings are energy charges and water.".into());
    let added = unused::scheme::added_costs(&u);
    let econ = dhc::economics_with(input, spec, &mut o, &added);
    let mut r = dhc_result(input, spec, &o, econ, notes, external, floor_total);
    unused::scheme::add_transport_energy(&mut r, &u);
    let reference = dhc_result(
        input,
        &spec_ref,
        &o_ref,
        e_ref,
        vec![],
        external,
        floor_total,
    );
    let simple_spec = SystemSpec {
        unused_share: Some(data.evaluation.simple_unused_share.value),
        ..spec_ref.clone()
    };
    let mut o_simple = o_ref.clone();
    let e_simple = dhc::economics(input, &simple_spec, &mut o_simple);
    let simple = dhc_result(
        input,
        &simple_spec,
        &o_simple,
        e_simple,
        vec![],
        external,
        floor_total,
    );
    u.set_reference(&r, &reference);
    u.simple_share_heat_price_yen_per_mj = simple.heat_price_yen_per_mj;
    u.simple_share_price_optimistic = simple
        .heat_price_yen_per_mj
        .zip(r.heat_price_yen_per_mj)
        .map(|(s, w)| s < w);
    u.simple_share_co2_t = Some(simple.co2_t);
    r.notes.extend(u.notes.iter().cloned());
    r.unused = Some(u);
    r
}

/// The CONTRACT result of individual building plants from their balance (inside the
/// district) and economics (construction, annual, lines).
fn individual_result(
    input: &SupplyInput,
    spec: &SystemSpec,
    inside: &Balance,
    (construction, annual, lines): (f64, f64, Vec<super::CostLine>),
    notes: Vec<String>,
    external: &Balance,
    floor_total: f64,
) -> SystemResult {
    let mut total = inside.clone();
    total.add(external);
    let mut r = base_result(
        input,
        spec,
        "Individual building plants",
        &total,
        floor_total,
    );
    r.construction_cost_kyen = Some(construction);
    r.annual_cost_kyen = Some(annual);
    let h = inside.heat_demand_kwh * 3.6 / 1000.0;
    r.heat_price_yen_per_mj = (h > 0.0).then(|| annual / h);
    r.cost_lines = lines;
    r.notes = notes;
    r
}

/// Individual plants where one large user (`source_user`, e.g. the hospital) takes the
/// sources' heat on its own plant; its energy contracts stay (the plant backs the sources
/// up), so the savings are energy charges.
fn single_user(
    input: &SupplyInput,
    spec: &SystemSpec,
    inside: Balance,
    reference_econ: (f64, f64, Vec<super::CostLine>),
    mut notes: Vec<String>,
    external: &Balance,
    floor_total: f64,
) -> SystemResult {
    let d = input.data();
    let data = &input.lib.waste_heat;
    let user = spec.source_user.clone().unwrap_or_default();
    let floor_u = input.floor_by_use_m2.get(&user).copied().unwrap_or(0.0);
    let loads = individual::source_loads(input, &user, floor_u);
    let ops = unused::dispatch(
        &spec.resolved_sources,
        &unused::UserLoads {
            heat_kw: &loads.heat_kw,
            cool_kw: &loads.cool_kw,
            steam_absorption: loads.steam_absorption,
            boiler_kw: loads.boiler_kw,
            month_ranges: input.calendar.month_ranges(),
        },
        input.lib,
    );
    let plant_ref = individual::unit_plant(input, &user)
        .map(|u| u.balance.scaled(floor_u))
        .unwrap_or_default();
    let (mut plant_with, _, _) = individual::plant_run(input, &user, floor_u, &ops);
    plant_with.peak_electricity_kw = plant_ref.peak_electricity_kw;
    plant_with.peak_gas_nm3_per_h = plant_ref.peak_gas_nm3_per_h;
    let mut inside_with = inside.clone();
    inside_with.add(&plant_ref.scaled(-1.0));
    inside_with.add(&plant_with);
    let (_, annual_bare, _) = individual::economics(input, input.floor_by_use_m2, &inside_with);
    let ctx = unused::scheme::Context {
        reference: "individual plants",
        supply: d,
        factors: input.factors,
        plant_ref: &plant_ref,
        plant_with: &plant_with,
        savings_kyen: reference_econ.1 - annual_bare,
        demand_heat_kwh: loads.heat_kw.iter().sum(),
        demand_cool_kwh: loads.cool_kw.iter().sum(),
        interest: spec.interest.unwrap_or(d.economics.interest.value),
        data,
    };
    let mut u = unused::scheme::evaluate(&ops, &ctx);
    let added = unused::scheme::added_costs(&u);
    let (construction, annual, lines) =
        individual::economics_with(input, input.floor_by_use_m2, &inside_with, &added);
    notes.push(format!(
        "Single user: the {user} buildings ({floor_u:.0} m²) take the sources' heat on their own plant before their boilers and chillers; their energy contracts stay (the plant backs the sources up)."
    ));
    notes.extend(u.notes.iter().cloned());
    let mut r = individual_result(
        input,
        spec,
        &inside_with,
        (construction, annual, lines),
        notes,
        external,
        floor_total,
    );
    unused::scheme::add_transport_energy(&mut r, &u);
    let reference = individual_result(
        input,
        &spec.without_sources(),
        &inside,
        reference_econ,
        vec![],
        external,
        floor_total,
    );
    u.set_reference(&r, &reference);
    r.unused = Some(u);
    r
}
