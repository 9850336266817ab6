//! Evaluate one system spec of an alternative into a [`SystemResult`].

use std::collections::HashMap;

use super::{
    dhc, energy_totals, individual, Balance, SupplyInput, SystemKind, SystemResult, SystemSpec,
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
    ))
    .unwrap_or_default()
}

fn evaluate_with(
    input: &SupplyInput,
    spec: &SystemSpec,
    memo: &mut HashMap<String, dhc::DhcOutcome>,
) -> SystemResult {
    let f = input.factors;
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
            let mut total = inside.clone();
            total.add(&external);
            let (e, g, pe, co2) = energy_totals(&total, f);
            let heat_gj = total.heat_demand_kwh * 3.6 / 1000.0;
            SystemResult {
                id: spec.id.clone(),
                kind: spec.kind,
                name: spec
                    .name
                    .clone()
                    .unwrap_or_else(|| "Individual building plants".into()),
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
                construction_cost_kyen: Some(construction),
                annual_cost_kyen: Some(annual),
                heat_sold_gj: None,
                heat_price_yen_per_mj: {
                    let h = inside.heat_demand_kwh * 3.6 / 1000.0;
                    if h > 0.0 {
                        Some(annual / h)
                    } else {
                        None
                    }
                },
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
                cost_lines: lines,
                notes,
                unmet_mwh: total.unmet_kwh / 1000.0,
                heating_capacity_gj_per_h: None,
                cluster: None,
            }
        }
        SystemKind::Dhc => {
            let mut o = memo
                .entry(operation_key(spec))
                .or_insert_with(|| dhc::operate(input, spec))
                .clone();
            let econ = dhc::economics(input, spec, &mut o);
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
            total.add(&external);
            let (e, g, pe, co2) = energy_totals(&total, f);
            let heat_gj = total.heat_demand_kwh * 3.6 / 1000.0;
            let net = dhc::network_result(&o, &econ);
            SystemResult {
                id: spec.id.clone(),
                kind: spec.kind,
                name: spec
                    .name
                    .clone()
                    .unwrap_or_else(|| "District heating & cooling".into()),
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
                construction_cost_kyen: Some(econ.construction_kyen),
                annual_cost_kyen: Some(econ.annual_kyen),
                heat_sold_gj: Some(econ.heat_sold_gj),
                heat_price_yen_per_mj: Some(econ.price_yen_per_mj),
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
                equipment: o.equipment.clone(),
                network: Some(net),
                cost_lines: econ.lines,
                notes,
                unmet_mwh: total.unmet_kwh / 1000.0,
                heating_capacity_gj_per_h: Some(o.heating_capacity_kw * 3.6 / 1000.0),
                cluster: None,
            }
        }
    }
}
