//! Demand of the dwellings: the average dwelling's annual energy and CO2 by end use with
//! a demand-reduction package (loads.md §8 × residential-b.md §3), and the hourly heat and
//! electricity of the seeded households of one simulated cluster.

use super::ClusterInputs;
use crate::calendar::HOURS_PER_YEAR;
use crate::household::{self, YearLoads, END_USES, HOT_WATER, SPACE_HEATING};
use crate::housing::{EndUseCarrier, HousingData};
use crate::supply::data::FactorSet;
use serde::Serialize;
use std::collections::BTreeMap;

/// Per-dwelling annual energy by end use (consumption-basis GJ) and CO2.
#[derive(Debug, Clone, Serialize)]
pub struct DwellingDemand {
    /// Package id.
    pub package: String,
    /// Package label.
    pub package_label: String,
    /// BAU energy by end use, GJ/yr.
    pub bau_gj: BTreeMap<String, f64>,
    /// After the package, GJ/yr.
    pub reduced_gj: BTreeMap<String, f64>,
    /// BAU CO2 by end use from the mechanism (energy × carrier factor), kg/yr.
    pub bau_co2_kg: BTreeMap<String, f64>,
    /// After the package, kg/yr.
    pub reduced_co2_kg: BTreeMap<String, f64>,
    /// BAU CO2 total, kg/yr (loads.md §8 publishes 4,711).
    pub bau_co2_kg_total: f64,
    /// After the package, kg/yr.
    pub reduced_co2_kg_total: f64,
}

/// CO2 intensity of one consumption-basis GJ of an end use, kg/GJ.
pub fn co2_kg_per_gj(carrier: EndUseCarrier, d: &HousingData, f: &FactorSet) -> f64 {
    match carrier {
        EndUseCarrier::Electricity => {
            1000.0 / d.consumption_primary_mj_per_kwh.value * f.electricity_kg_co2_per_kwh.value
        }
        EndUseCarrier::Gas => 1000.0 * gas_kg_per_mj(f),
    }
}

pub(super) fn gas_kg_per_mj(f: &FactorSet) -> f64 {
    f.gas_kg_co2_per_nm3.value / f.gas_hhv_mj_per_nm3.value
}

/// Demand of the average dwelling with a package (loads.md §8 × residential-b.md §3).
pub fn dwelling_demand(d: &HousingData, package: &str, f: &FactorSet) -> DwellingDemand {
    let p = &d.packages[package];
    let mut out = DwellingDemand {
        package: package.into(),
        package_label: p.label.clone(),
        bau_gj: BTreeMap::new(),
        reduced_gj: BTreeMap::new(),
        bau_co2_kg: BTreeMap::new(),
        reduced_co2_kg: BTreeMap::new(),
        bau_co2_kg_total: 0.0,
        reduced_co2_kg_total: 0.0,
    };
    for (id, e) in &d.end_uses {
        let k = co2_kg_per_gj(e.carrier, d, f);
        let r = e.gj * p.factor(id);
        out.bau_gj.insert(id.clone(), e.gj);
        out.reduced_gj.insert(id.clone(), r);
        out.bau_co2_kg.insert(id.clone(), e.gj * k);
        out.reduced_co2_kg.insert(id.clone(), r * k);
        out.bau_co2_kg_total += e.gj * k;
        out.reduced_co2_kg_total += r * k;
    }
    out
}

/// Hourly demand of the simulated households of one cluster, the package applied
/// (consumption basis, kWh).
pub struct Households {
    /// Heat (space heating + hot water) per household.
    pub heat_kwh: Vec<Vec<f64>>,
    /// Electricity of the PV end uses per household.
    pub electricity_kwh: Vec<Vec<f64>>,
}

/// The hourly demand over the reference year of the simulated households, whose years
/// (`years`, [`crate::household::ModelCache::years`]: the households drawn with the seed of
/// the inputs) are given, with the package of the inputs applied.
pub fn households(years: &[YearLoads], d: &HousingData, p: &ClusterInputs) -> Households {
    let pkg = &d.packages[&p.package];
    let factor: [f64; 7] = std::array::from_fn(|i| pkg.factor(END_USES[i]));
    let pv_uses: [bool; 7] =
        std::array::from_fn(|i| d.pv_end_uses.iter().any(|e| e == END_USES[i]));
    let prim = d.consumption_primary_mj_per_kwh.value;
    let mut heat: Vec<Vec<f64>> = vec![];
    let mut elec: Vec<Vec<f64>> = vec![];
    for y in years {
        heat.push(
            (0..HOURS_PER_YEAR)
                .map(|t| {
                    y.end_use_kwh[SPACE_HEATING][t] * factor[SPACE_HEATING]
                        + y.end_use_kwh[HOT_WATER][t] * factor[HOT_WATER]
                })
                .collect(),
        );
        elec.push(
            (0..HOURS_PER_YEAR)
                .map(|t| {
                    let e: [f64; 7] = std::array::from_fn(|u| y.end_use_kwh[u][t] * factor[u]);
                    household::electricity_kwh(&e, &pv_uses, prim)
                })
                .collect(),
        );
    }
    Households {
        heat_kwh: heat,
        electricity_kwh: elec,
    }
}
