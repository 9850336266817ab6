//! Every alternative against the case's base alternative: load-levelling metrics per
//! carrier and the systems' energy, CO2 and heat price. The comparison page and the
//! "change against base" columns of the alternative pages print these numbers, and
//! `report.json` carries them, so scripts read the same deltas the planner sees.

use super::alternative::AlternativeResult;
use crate::carrier::PerCarrier;
use crate::supply::SystemResult;
use serde::Serialize;

/// A value against its base.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Delta {
    /// Value of the base alternative (or base system).
    pub base: f64,
    /// Value of this alternative.
    pub value: f64,
    /// value − base, in the unit of the value (fractions stay fractions).
    pub difference: f64,
    /// value ÷ base − 1; `None` when the base is zero.
    pub change: Option<f64>,
}

impl Delta {
    /// Delta of `value` against `base`.
    pub fn new(base: f64, value: f64) -> Delta {
        Delta {
            base,
            value,
            difference: value - base,
            change: if base != 0.0 && base.is_finite() && value.is_finite() {
                Some(value / base - 1.0)
            } else {
                None
            },
        }
    }
}

/// Load-levelling metrics of one carrier against the base.
#[derive(Debug, Clone, Serialize)]
pub struct CarrierDelta {
    /// Coincidence factor.
    pub coincidence_factor: Delta,
    /// Daily load factor on the design day.
    pub daily_load_factor: Delta,
    /// Annual load factor.
    pub annual_load_factor: Delta,
    /// Full-load hours, h.
    pub full_load_hours: Delta,
    /// Coincident peak, kW.
    pub coincident_peak_kw: Delta,
    /// Annual energy, MWh.
    pub annual_mwh: Delta,
}

/// A system against a system of the base alternative.
#[derive(Debug, Clone, Serialize)]
pub struct SystemDelta {
    /// System id in this alternative.
    pub system: String,
    /// System id in the base alternative.
    pub base_system: String,
    /// Energy efficiency (heat demand ÷ primary energy).
    pub energy_efficiency: Delta,
    /// Primary energy, GJ/yr.
    pub primary_energy_gj: Delta,
    /// CO2, t/yr.
    pub co2_t: Delta,
    /// CO2 per m² of floor, kg/m²·yr.
    pub co2_kg_per_m2: Delta,
    /// Heat price, ¥/MJ (when both systems have one).
    pub heat_price_yen_per_mj: Option<Delta>,
    /// The heat price by part, ¥/MJ (when both systems have cost lines and a price).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heat_price_parts: Option<PriceParts<Delta>>,
}

/// A heat price split into capital (capital charge), energy (electricity, gas, water
/// bills) and fixed running costs (maintenance, personnel and other annual lines), ¥/MJ.
/// Each part is its annual cost lines ÷ heat sold, scaled so the parts add up to the price
/// (a levelised build-up price keeps the lines' proportions).
#[derive(Debug, Clone, Serialize)]
pub struct PriceParts<T> {
    /// Capital charge of the construction cost.
    pub capital: T,
    /// Energy and water bills.
    pub energy: T,
    /// Maintenance, personnel and other fixed annual costs.
    pub fixed: T,
}

/// Cost-line keys of the energy part.
const ENERGY_LINES: [&str; 3] = ["electricity", "gas", "water"];
/// Cost-line keys that are not annual costs.
const NOT_ANNUAL: [&str; 2] = ["construction", "annual"];

/// The price parts of a system with cost lines and a heat price.
pub fn price_parts(s: &SystemResult) -> Option<PriceParts<f64>> {
    let price = s.heat_price_yen_per_mj?;
    let (mut capital, mut energy, mut fixed) = (0.0, 0.0, 0.0);
    for l in s
        .cost_lines
        .iter()
        .filter(|l| !NOT_ANNUAL.contains(&l.key.as_str()))
    {
        match l.key.as_str() {
            "capital" => capital += l.kyen,
            k if ENERGY_LINES.contains(&k) => energy += l.kyen,
            _ => fixed += l.kyen,
        }
    }
    let total = capital + energy + fixed;
    if total <= 0.0 {
        return None;
    }
    let k = price / total;
    Some(PriceParts {
        capital: capital * k,
        energy: energy * k,
        fixed: fixed * k,
    })
}

impl SystemDelta {
    fn new(s: &SystemResult, b: &SystemResult) -> SystemDelta {
        SystemDelta {
            system: s.id.clone(),
            base_system: b.id.clone(),
            energy_efficiency: Delta::new(b.energy_efficiency, s.energy_efficiency),
            primary_energy_gj: Delta::new(b.primary_energy_gj, s.primary_energy_gj),
            co2_t: Delta::new(b.co2_t, s.co2_t),
            co2_kg_per_m2: Delta::new(b.co2_kg_per_m2, s.co2_kg_per_m2),
            heat_price_yen_per_mj: match (b.heat_price_yen_per_mj, s.heat_price_yen_per_mj) {
                (Some(x), Some(y)) => Some(Delta::new(x, y)),
                _ => None,
            },
            heat_price_parts: match (price_parts(b), price_parts(s)) {
                (Some(x), Some(y)) => Some(PriceParts {
                    capital: Delta::new(x.capital, y.capital),
                    energy: Delta::new(x.energy, y.energy),
                    fixed: Delta::new(x.fixed, y.fixed),
                }),
                _ => None,
            },
        }
    }
}

/// One alternative against the base.
#[derive(Debug, Clone, Serialize)]
pub struct AltDelta {
    /// Alternative id.
    pub alternative: String,
    /// True for the base itself (all differences zero).
    pub is_base: bool,
    /// Supplied floor, m².
    pub floor_area_m2: Delta,
    /// Gross FAR (fraction).
    pub gross_far: Delta,
    /// Per carrier.
    pub loads: PerCarrier<CarrierDelta>,
    /// The main system (the rated DHC, else the rated system) against the base's main
    /// system.
    pub main_system: Option<SystemDelta>,
    /// Systems matched by id with the base alternative's systems.
    pub systems: Vec<SystemDelta>,
}

/// The comparison of all alternatives.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Base alternative id.
    pub base: String,
    /// One entry per alternative, in file order (the base included).
    pub alternatives: Vec<AltDelta>,
}

/// The main system of an alternative: the DHC system whose price is rated, else the
/// system whose efficiency is rated.
pub fn main_system(a: &AlternativeResult) -> Option<&SystemResult> {
    let id = a
        .viability
        .price_system
        .as_ref()
        .or(a.viability.efficiency_system.as_ref())?;
    a.systems.iter().find(|s| &s.id == id)
}

/// Compare every alternative with the base alternative `base`.
pub fn compare(base: &str, alts: &[AlternativeResult]) -> Comparison {
    let Some(b) = alts.iter().find(|a| a.id == base).or(alts.first()) else {
        return Comparison {
            base: base.to_string(),
            alternatives: vec![],
        };
    };
    let alternatives = alts
        .iter()
        .map(|a| {
            let loads = a.loads.map(|c, m| {
                let bm = &b.loads[c];
                CarrierDelta {
                    coincidence_factor: Delta::new(bm.coincidence_factor, m.coincidence_factor),
                    daily_load_factor: Delta::new(bm.daily_load_factor, m.daily_load_factor),
                    annual_load_factor: Delta::new(bm.annual_load_factor, m.annual_load_factor),
                    full_load_hours: Delta::new(bm.full_load_hours, m.full_load_hours),
                    coincident_peak_kw: Delta::new(bm.coincident_peak_kw, m.coincident_peak_kw),
                    annual_mwh: Delta::new(bm.annual_mwh, m.annual_mwh),
                }
            });
            let main_system = match (main_system(a), main_system(b)) {
                (Some(s), Some(bs)) => Some(SystemDelta::new(s, bs)),
                _ => None,
            };
            let systems = a
                .systems
                .iter()
                .filter_map(|s| {
                    let bs = b.systems.iter().find(|x| x.id == s.id)?;
                    Some(SystemDelta::new(s, bs))
                })
                .collect();
            AltDelta {
                alternative: a.id.clone(),
                is_base: a.id == b.id,
                floor_area_m2: Delta::new(b.floor_area_m2, a.floor_area_m2),
                gross_far: Delta::new(b.gross_far, a.gross_far),
                loads,
                main_system,
                systems,
            }
        })
        .collect();
    Comparison {
        base: b.id.clone(),
        alternatives,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_is_relative_to_the_base() {
        let d = Delta::new(4.3, 3.7);
        assert!((d.difference + 0.6).abs() < 1e-12);
        assert!((d.change.unwrap() - (3.7 / 4.3 - 1.0)).abs() < 1e-12);
        assert_eq!(Delta::new(0.0, 1.0).change, None);
    }
}
