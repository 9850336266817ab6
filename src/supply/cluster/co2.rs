//! The CO2 waterfall BAU → demand reduction → PV → solar thermal, by the study's annual
//! accounting (CONTRACT.md `co2_steps`) and from the hourly simulation.

use crate::i18n::Text;
use serde::Serialize;

/// A step of the CO2 waterfall (CONTRACT.md `co2_steps[].step`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Co2StepId {
    /// Business as usual.
    Bau,
    /// After the dwellings' demand-reduction package.
    DemandReduction,
    /// After PV.
    Pv,
    /// After solar thermal.
    SolarThermal,
}

impl Co2StepId {
    /// Identifier (the serde name; a key of the translation catalogue).
    pub fn id(self) -> &'static str {
        match self {
            Co2StepId::Bau => "bau",
            Co2StepId::DemandReduction => "demand_reduction",
            Co2StepId::Pv => "pv",
            Co2StepId::SolarThermal => "solar_thermal",
        }
    }
}

/// One step of the CO2 waterfall (CONTRACT.md `co2_steps`).
#[derive(Debug, Clone, Serialize)]
pub struct Co2Step {
    /// Step.
    pub step: Co2StepId,
    /// Label.
    pub label: Text,
    /// District CO2 after the step, t/yr.
    pub co2_t: f64,
    /// Reduction by this step, t/yr.
    pub reduction_t: f64,
    /// Reduction ÷ BAU.
    pub share_of_bau: f64,
    /// co2_t ÷ BAU.
    pub remaining_share: f64,
}

fn step(step: Co2StepId, label: Text, co2: f64, prev: f64, bau: f64) -> Co2Step {
    Co2Step {
        step,
        label,
        co2_t: co2,
        reduction_t: prev - co2,
        share_of_bau: if bau > 0.0 { (prev - co2) / bau } else { 0.0 },
        remaining_share: if bau > 0.0 { co2 / bau } else { 0.0 },
    }
}

/// The two waterfalls of the district: the study's annual accounting (PV at the study
/// yield, solar heat covering the heat uses in proportion to the monthly collection) and
/// the hourly simulation's (PV generation, solar heat net of backup gas and pumps).
pub struct Waterfall<'a> {
    /// Dwellings.
    pub dwellings: f64,
    /// Demand of the average dwelling.
    pub demand: &'a super::DwellingDemand,
    /// The study's sizing.
    pub sizing: &'a super::StudySizing,
    /// Inputs.
    pub inputs: &'a super::ClusterInputs,
    /// PV simulation per dwelling.
    pub pv: &'a super::PvSim,
    /// Heat simulation of the system's variant.
    pub sim: &'a super::HeatSim,
    /// The facilities' CO2, t/yr.
    pub facility_co2_t: f64,
}

impl Waterfall<'_> {
    /// (annual accounting, hourly simulation) steps.
    pub fn steps(
        &self,
        d: &crate::housing::HousingData,
        f: &crate::supply::data::FactorSet,
    ) -> (Vec<Co2Step>, Vec<Co2Step>) {
        let (dwellings, dem, sizing, p) = (self.dwellings, self.demand, self.sizing, self.inputs);
        let ef_e = f.electricity_kg_co2_per_kwh.value;
        let ef_g = super::demand::gas_kg_per_mj(f);
        let bau = (dwellings * dem.bau_co2_kg_total) / 1000.0 + self.facility_co2_t;
        let reduced = (dwellings * dem.reduced_co2_kg_total) / 1000.0 + self.facility_co2_t;
        let pv_study_t = dwellings * sizing.pv_kw * p.pv_yield_kwh_per_kwp * ef_e / 1000.0;
        let heat_co2_kg: f64 = d
            .solar_heat_end_uses
            .iter()
            .map(|e| dem.reduced_co2_kg[e])
            .sum();
        // Study: each month's collection ≥ the winter month's demand, so heat is covered 100 %.
        let monthly_supply = sizing.monthly_collection_gj_per_m2 * sizing.single_collector_m2;
        let covered_share = (monthly_supply / sizing.winter_month_heat_gj).min(1.0);
        let st_study_t = dwellings * heat_co2_kg * covered_share / 1000.0;
        let package = Text::Given(dem.package_label.clone());
        let annual = waterfall(
            [bau, reduced, pv_study_t, st_study_t],
            &package,
            ["co2_step.pv_annual", "co2_step.solar_thermal_annual"],
        );
        let pv_sim_t = dwellings * self.pv.generation_kwh * ef_e / 1000.0;
        let backup_gas_mj = self.sim.backup_kwh * 3.6;
        let st_sim_t =
            dwellings * (heat_co2_kg - backup_gas_mj * ef_g - self.sim.pump_kwh * ef_e) / 1000.0;
        let hourly = waterfall(
            [bau, reduced, pv_sim_t, st_sim_t],
            &package,
            ["co2_step.pv_hourly", "co2_step.solar_thermal_hourly"],
        );
        (annual, hourly)
    }
}

/// BAU → demand reduction (`package`) → PV → solar thermal from
/// `[bau, reduced, pv saving, solar-thermal saving]`, t/yr; `labels`: the catalogue keys of
/// the PV and solar-thermal steps.
fn waterfall(
    [bau, reduced, pv_t, st_t]: [f64; 4],
    package: &Text,
    labels: [&str; 2],
) -> Vec<Co2Step> {
    let after_pv = reduced - pv_t;
    let after_st = after_pv - st_t;
    vec![
        step(
            Co2StepId::Bau,
            Text::new("co2_step.bau", &[]),
            bau,
            bau,
            bau,
        ),
        step(
            Co2StepId::DemandReduction,
            package.clone(),
            reduced,
            bau,
            bau,
        ),
        step(
            Co2StepId::Pv,
            Text::new(labels[0], &[]),
            after_pv,
            reduced,
            bau,
        ),
        step(
            Co2StepId::SolarThermal,
            Text::new(labels[1], &[]),
            after_st,
            after_pv,
            bau,
        ),
    ]
}
