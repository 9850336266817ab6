//! (a) The study's annual/monthly sizing method (residential-b.md §4): collector area from
//! the winter (maximum) monthly heat demand at a constant monthly supply, tank for one
//! winter day's heat at the usable temperature swing, PV from the annual electric demand
//! and the regional yield, and the study's aggregation cut for clusters.

use super::{ClusterInputs, DwellingDemand};
use crate::housing::HousingData;
use serde::Serialize;

/// Sizing of one dwelling's share of a system by the study's method.
#[derive(Debug, Clone, Serialize)]
pub struct StudySizing {
    /// Heat of the winter (maximum) month: space heating ÷ heating months + hot water ÷ 12, GJ.
    pub winter_month_heat_gj: f64,
    /// Monthly collection per m² of collector (annual irradiation ÷ 12 × efficiency), GJ/m².
    pub monthly_collection_gj_per_m2: f64,
    /// Heat of one winter day (winter month ÷ days per month), MJ.
    pub winter_day_heat_mj: f64,
    /// Annual electricity of the PV end uses, kWh.
    pub pv_demand_kwh: f64,
    /// Single-house collector, m².
    pub single_collector_m2: f64,
    /// Single-house tank, L.
    pub single_tank_l: f64,
    /// Cluster collector per dwelling (× (1 − aggregation saving)), m².
    pub cluster_collector_m2: f64,
    /// Cluster tank per dwelling, L.
    pub cluster_tank_l: f64,
    /// PV per dwelling, kWp.
    pub pv_kw: f64,
    /// PV panel area per dwelling, m².
    pub pv_area_m2: f64,
    /// Aggregation saving applied.
    pub aggregation_saving: f64,
}

/// Collector area (m²) that covers the maximum monthly heat demand (GJ) at a constant
/// monthly supply: annual irradiation (GJ/m²·yr) ÷ 12 × system efficiency
/// (residential-b.md §4).
pub fn collector_area_m2(winter_month_gj: f64, annual_irradiation_gj_m2: f64, eff: f64) -> f64 {
    winter_month_gj / (annual_irradiation_gj_m2 / 12.0 * eff)
}

/// Tank volume (L) that stores one day's heat (MJ) at a usable swing (K):
/// V = Q ÷ (c·ΔT) (residential-b.md §4).
pub fn tank_volume_l(day_heat_mj: f64, swing_k: f64, c_kj_per_lk: f64) -> f64 {
    day_heat_mj * 1000.0 / (c_kj_per_lk * swing_k)
}

/// PV capacity (kWp) that generates `annual_kwh` at a yield (kWh/kWp·yr).
pub fn pv_kwp(annual_kwh: f64, yield_kwh_per_kwp: f64) -> f64 {
    annual_kwh / yield_kwh_per_kwp
}

/// The study's sizing of one dwelling's share (residential-b.md §4).
pub fn study_sizing(d: &HousingData, dem: &DwellingDemand, p: &ClusterInputs) -> StudySizing {
    let sm = &d.study_method;
    let heating_months = sm.heating_months.value.len().max(1) as f64;
    let sh = dem.reduced_gj["space_heating"];
    let hw = dem.reduced_gj["hot_water"];
    let winter = sh / heating_months + hw / 12.0;
    let monthly = p.annual_irradiation_gj_m2 / 12.0 * p.solar_thermal_efficiency;
    let single_collector = collector_area_m2(
        winter,
        p.annual_irradiation_gj_m2,
        p.solar_thermal_efficiency,
    );
    let day_mj = winter * 1000.0 / (365.0 / 12.0);
    let single_tank = tank_volume_l(
        day_mj,
        p.tank_swing_k,
        sm.water_heat_capacity_kj_per_lk.value,
    );
    let pv_gj: f64 = d.pv_end_uses.iter().map(|e| dem.reduced_gj[e]).sum();
    let pv_kwh = pv_gj * 1000.0 / d.consumption_primary_mj_per_kwh.value;
    let kw = pv_kwp(pv_kwh, p.pv_yield_kwh_per_kwp);
    StudySizing {
        winter_month_heat_gj: winter,
        monthly_collection_gj_per_m2: monthly,
        winter_day_heat_mj: day_mj,
        pv_demand_kwh: pv_kwh,
        single_collector_m2: single_collector,
        single_tank_l: single_tank,
        cluster_collector_m2: single_collector * (1.0 - p.aggregation_saving),
        cluster_tank_l: single_tank * (1.0 - p.aggregation_saving),
        pv_kw: kw,
        pv_area_m2: kw / d.pv.kwp_per_m2.value,
        aggregation_saving: p.aggregation_saving,
    }
}
