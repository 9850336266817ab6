//! The alternative's non-dwelling uses (daily-life facilities): their energy on the
//! study's consumption basis or on building plants, and the surplus solar heat that
//! absorption chillers could turn into their cooling (residential-b.md §2, §4).

use super::demand::gas_kg_per_mj;
use super::{ClusterInputs, FacilityEnergy, HeatSim};
use crate::calendar::DAYS_IN_MONTH;
use crate::housing::{ConsumptionBasis, HousingData};
use crate::supply::{energy_totals, SupplyInput};
use serde::Serialize;
use std::collections::BTreeMap;

/// Surplus solar heat and absorption cooling of the facilities.
#[derive(Debug, Clone, Serialize)]
pub struct SurplusHeat {
    /// Surplus heat of all dwellings' systems (hourly simulation), MWh/yr.
    pub surplus_mwh: f64,
    /// Surplus in the cooling months May–October, MWh/yr.
    pub cooling_season_surplus_mwh: f64,
    /// Cooling an absorption chiller could make from it (× COP), MWh/yr.
    pub absorption_cooling_mwh: f64,
    /// Facilities' cooling demand, MWh/yr (cold).
    pub facility_cooling_mwh: f64,
    /// Cooling covered month by month (min of the two), MWh/yr.
    pub covered_cooling_mwh: f64,
    /// Electricity of the displaced electric cooling, MWh/yr.
    pub avoided_electricity_mwh: f64,
    /// CO2 avoided, t/yr (not in `co2_steps`: a further option).
    pub avoided_co2_t: f64,
    /// Absorption COP.
    pub absorption_cop: f64,
    /// The study's balance (residential-b.md §4): collection constant month to month
    /// (collector area × annual irradiation × efficiency ÷ 12) less the summer month's hot
    /// water, all dwellings, GJ/month.
    pub study_surplus_gj_per_month: f64,
    /// Cooling it could make (× COP), GJ/month.
    pub study_absorption_cooling_gj_per_month: f64,
    /// The facilities' mean cooling demand over the cooling months (cold), GJ/month.
    pub study_facility_cooling_gj_per_month: f64,
    /// Share of the facilities' cooling the study's balance covers (at most 1).
    pub study_covered_share: f64,
    /// Share the hourly simulation covers month by month (cooling months).
    pub hourly_covered_share: f64,
}

/// The study's surplus-heat balance inputs per dwelling: collector area, m²; collection
/// per m² and month, GJ; summer-month heat demand (hot water), GJ.
pub struct StudyBalance {
    /// Collector area per dwelling, m².
    pub collector_m2: f64,
    /// Monthly collection per m² (constant month to month), GJ.
    pub collection_gj_per_m2_month: f64,
    /// Summer-month heat demand per dwelling (hot water only), GJ.
    pub summer_heat_gj_per_month: f64,
}

fn round_robin_floor(input: &SupplyInput) -> (BTreeMap<String, f64>, BTreeMap<String, f64>) {
    // Split floor into dwelling uses (with dwellings) and facility uses.
    let mut dw = BTreeMap::new();
    let mut fac = BTreeMap::new();
    for (u, f) in input.floor_by_use_m2 {
        if input.dwellings_by_use.get(u).copied().unwrap_or(0.0) > 0.0 {
            dw.insert(u.clone(), *f);
        } else {
            fac.insert(u.clone(), *f);
        }
    }
    (dw, fac)
}

/// Facility energy on the consumption basis: (electricity kWh, gas MJ, CO2 kg, cooling
/// electricity kWh by month) for a floor mix.
fn facility_consumption(
    input: &SupplyInput,
    d: &HousingData,
    floor: &BTreeMap<String, f64>,
) -> (f64, f64, BTreeMap<String, f64>, [f64; 12]) {
    let f = input.factors;
    let prim = d.consumption_primary_mj_per_kwh.value;
    let mut e_kwh = 0.0;
    let mut g_mj = 0.0;
    let mut per_use = BTreeMap::new();
    let mut cool_month = [0.0; 12];
    for (u, &fl) in floor {
        let Some(m) = input.models.get(u) else {
            continue;
        };
        let mut ue = 0.0;
        let mut ug = 0.0;
        for c in crate::carrier::Carrier::ALL {
            let kwh = m.annual_kwh_per_m2[c.index()] * fl;
            match d.facility_consumption_basis.get(c.id()) {
                Some(ConsumptionBasis::ElectricityPrimary) => ue += kwh * 3.6 / prim,
                Some(ConsumptionBasis::Gas) => ug += kwh * 3.6,
                Some(ConsumptionBasis::Electricity) | None => ue += kwh,
            }
        }
        let s = &m.unit_kw_per_m2[crate::carrier::Carrier::Cooling.index()];
        let mut start = 0;
        for (mi, nd) in DAYS_IN_MONTH.iter().enumerate() {
            let end = start + nd * 24;
            cool_month[mi] += s[start..end].iter().sum::<f64>() * fl * 3.6 / prim;
            start = end;
        }
        let co2 = ue * f.electricity_kg_co2_per_kwh.value + ug * gas_kg_per_mj(f);
        per_use.insert(u.clone(), if fl > 0.0 { co2 / fl } else { 0.0 });
        e_kwh += ue;
        g_mj += ug;
    }
    (e_kwh, g_mj, per_use, cool_month)
}

/// The facilities' energy and CO2.
pub struct Facilities {
    /// Floor of the non-dwelling uses, m².
    pub floor: BTreeMap<String, f64>,
    /// Electricity, kWh/yr.
    pub electricity_kwh: f64,
    /// Gas, MJ/yr.
    pub gas_mj: f64,
    /// CO2 per use, kg/m²·yr.
    pub co2_kg_per_m2: BTreeMap<String, f64>,
    /// Cooling electricity by month, kWh.
    pub cooling_month_kwh: [f64; 12],
    /// CO2, t/yr.
    pub co2_t: f64,
}

/// Energy and CO2 of the non-dwelling uses, counted as the inputs say.
pub fn facilities(input: &SupplyInput, d: &HousingData, p: &ClusterInputs) -> Facilities {
    let f = input.factors;
    let (_, fac_floor) = round_robin_floor(input);
    let (e, g, per, cm, co2) = match p.facility_energy {
        FacilityEnergy::Consumption => {
            let (e, g, per, cm) = facility_consumption(input, d, &fac_floor);
            let co2 = (e * f.electricity_kg_co2_per_kwh.value + g * gas_kg_per_mj(f)) / 1000.0;
            (e, g, per, cm, co2)
        }
        FacilityEnergy::Plant => {
            let b = crate::supply::individual::balance(input, &fac_floor);
            let (e_mwh, g_knm3, _, co2) = energy_totals(&b, f);
            // Cooling electricity by month is not tracked for building plants: use the
            // cooling load ÷ the displaced COP, by month.
            let mut cm = [0.0; 12];
            for (u, &fl) in &fac_floor {
                if let Some(m) = input.models.get(u) {
                    let s = &m.unit_kw_per_m2[crate::carrier::Carrier::Cooling.index()];
                    let mut start = 0;
                    for (mi, nd) in DAYS_IN_MONTH.iter().enumerate() {
                        let end = start + nd * 24;
                        cm[mi] += s[start..end].iter().sum::<f64>() * fl
                            / d.economics.displaced_cooling_cop.value;
                        start = end;
                    }
                }
            }
            let per = fac_floor
                .iter()
                .map(|(u, fl)| {
                    let bu = crate::supply::individual::balance(
                        input,
                        &BTreeMap::from([(u.clone(), *fl)]),
                    );
                    (u.clone(), energy_totals(&bu, f).3 * 1000.0 / fl.max(1e-9))
                })
                .collect();
            (
                e_mwh * 1000.0,
                g_knm3 * 1000.0 * f.gas_hhv_mj_per_nm3.value,
                per,
                cm,
                co2,
            )
        }
    };
    Facilities {
        floor: fac_floor,
        electricity_kwh: e,
        gas_mj: g,
        co2_kg_per_m2: per,
        cooling_month_kwh: cm,
        co2_t: co2,
    }
}

impl Facilities {
    /// Heat demand of the facilities (heating + hot water + cooling), GJ/yr.
    pub fn heat_gj(&self, input: &SupplyInput) -> f64 {
        self.floor
            .iter()
            .filter_map(|(u, fl)| input.models.get(u).map(|m| (m, fl)))
            .map(|(m, fl)| {
                (m.annual_kwh_per_m2[0] + m.annual_kwh_per_m2[1] + m.annual_kwh_per_m2[2])
                    * fl
                    * 3.6
                    / 1000.0
            })
            .sum::<f64>()
    }
}

/// Surplus heat of the dwellings' systems (`sim` per dwelling × `dwellings`) in the cooling
/// months (housing.yaml `cluster_defaults.surplus_cooling_months`) → absorption cooling of
/// the facilities, month by month.
pub fn surplus(
    d: &HousingData,
    f: &crate::supply::data::FactorSet,
    fac: &Facilities,
    sim: &HeatSim,
    dwellings: f64,
    study: &StudyBalance,
) -> SurplusHeat {
    let cop_abs = d.economics.absorption_cop.value;
    let cop_el = d.economics.displaced_cooling_cop.value;
    let mut season_surplus = 0.0;
    let mut covered = 0.0;
    let mut fac_cool_total = 0.0;
    let (mut season_cold, mut season_months) = (0.0, 0.0);
    for m in 0..12 {
        let cold_demand = fac.cooling_month_kwh[m] * cop_el; // kWh of cold
        fac_cool_total += cold_demand;
        if d.cluster_defaults
            .surplus_cooling_months
            .value
            .contains(&((m + 1) as f64))
        {
            let s = sim.monthly_surplus_kwh[m] * dwellings;
            season_surplus += s;
            season_cold += cold_demand;
            season_months += 1.0;
            covered += (s * cop_abs).min(cold_demand);
        }
    }
    let avoided_e = covered / cop_el;
    let gj_per_kwh = 3.6 / 1000.0;
    let study_surplus = dwellings
        * (study.collector_m2 * study.collection_gj_per_m2_month - study.summer_heat_gj_per_month)
            .max(0.0);
    let study_cold = if season_months > 0.0 {
        season_cold / season_months * gj_per_kwh
    } else {
        0.0
    };
    let share = |covered: f64, demand: f64| {
        if demand > 0.0 {
            (covered / demand).min(1.0)
        } else {
            0.0
        }
    };
    SurplusHeat {
        study_surplus_gj_per_month: study_surplus,
        study_absorption_cooling_gj_per_month: study_surplus * cop_abs,
        study_facility_cooling_gj_per_month: study_cold,
        study_covered_share: share(study_surplus * cop_abs, study_cold),
        hourly_covered_share: share(covered, season_cold),
        surplus_mwh: sim.surplus_kwh * dwellings / 1000.0,
        cooling_season_surplus_mwh: season_surplus / 1000.0,
        absorption_cooling_mwh: season_surplus * cop_abs / 1000.0,
        facility_cooling_mwh: fac_cool_total / 1000.0,
        covered_cooling_mwh: covered / 1000.0,
        avoided_electricity_mwh: avoided_e / 1000.0,
        avoided_co2_t: avoided_e * f.electricity_kg_co2_per_kwh.value / 1000.0,
        absorption_cop: cop_abs,
    }
}
