//! Evaluate the system specs of an alternative into [`SystemResult`]s: the pieces every
//! kind shares (the external buildings, the CONTRACT energy and CO2 fields) and the
//! per-alternative cache of plant runs.

use super::{
    energy_totals, individual, Balance, SupplyInput, SystemKind, SystemResult, SystemSpec,
};
use crate::i18n::Text;
use std::collections::HashMap;

/// What the systems of one alternative share while they are evaluated: DHC scenarios
/// that differ only in economics (unused-energy share, build-up, subsidy, interest, staff)
/// share one hourly operation.
#[derive(Default)]
pub struct Shared {
    /// DHC operations by operation key.
    pub dhc_operations: HashMap<String, super::dhc::DhcOutcome>,
    /// Connected (non-room-AC) heating, hot-water and cooling series of the alternative,
    /// kW ([`super::connected_series`]), built once for all its DHC operations.
    pub connected: std::sync::OnceLock<[Vec<f64>; 3]>,
}

/// Evaluate all systems of an alternative.
pub fn evaluate_all(input: &SupplyInput, specs: &[SystemSpec]) -> Vec<SystemResult> {
    evaluate_each(input, specs)
}

/// Evaluate the systems `specs` of an alternative (a selection of them, without copying
/// the specs), sharing their operations.
pub fn evaluate_each<'s>(
    input: &SupplyInput,
    specs: impl IntoIterator<Item = &'s SystemSpec>,
) -> Vec<SystemResult> {
    let mut shared = Shared::default();
    specs
        .into_iter()
        .map(|s| s.evaluate(input, &mut shared))
        .collect()
}

/// External buildings, always on individual plant: they count in a system's energy, CO2
/// and heat demand (district-a.md §2 like-for-like comparison), not in a DHC plant or its
/// heat price.
#[derive(Debug, Clone)]
pub struct Common {
    /// Balance of the external buildings on their individual plants.
    pub external: Balance,
    /// Floor inside and outside the district, m² (the CO2-per-m² basis).
    pub floor_total_m2: f64,
    /// Notes every system of the alternative carries.
    pub notes: Vec<Text>,
}

impl Common {
    /// The external buildings of the alternative.
    pub fn of(input: &SupplyInput) -> Common {
        let external = if input.external_floor_by_use_m2.is_empty() {
            Balance::default()
        } else {
            individual::balance(input, input.external_floor_by_use_m2)
        };
        let floor_total_m2: f64 = input.floor_by_use_m2.values().sum::<f64>()
            + input.external_floor_by_use_m2.values().sum::<f64>();
        let mut notes = vec![];
        if !input.external_floor_by_use_m2.is_empty() {
            notes.push(Text::new("note.external_buildings", &[]));
        }
        Common {
            external,
            floor_total_m2,
            notes,
        }
    }
}

/// The CONTRACT energy and CO2 fields of a system `(id, kind, name)` from its total balance
/// (incl. room-AC loads and external buildings); costs, equipment and notes are left for
/// the caller. A system the case file does not name takes `default_name`.
pub fn base_result(
    input: &SupplyInput,
    (id, kind, name): (&str, SystemKind, Option<&crate::i18n::Local>),
    default_name: Text,
    total: &Balance,
    floor_total: f64,
) -> SystemResult {
    let (e, g, pe, co2) = energy_totals(total, input.factors);
    let heat_gj = total.heat_demand_kwh * 3.6 / 1000.0;
    SystemResult {
        id: id.to_string(),
        kind,
        name: name.map_or(default_name, |n| Text::Local(n.clone())),
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
        levelling: None,
        cost_lines: vec![],
        notes: vec![],
        unmet_mwh: total.unmet_kwh / 1000.0,
        heating_capacity_gj_per_h: None,
        unused: None,
        cluster: None,
        price_path: None,
        project: None,
        chp: None,
    }
}
