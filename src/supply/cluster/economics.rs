//! Costs and economics per dwelling (residential-b.md §5 costs plus explicit price
//! assumptions): the three cost variants (single house, cluster, co-trenched cluster),
//! bills, savings, payback and annuity, and the system's cost lines.

use super::{ClusterInputs, DwellingDemand, HeatSim, PvSim, StudySizing};
use crate::housing::HousingData;
use crate::i18n::{Phrase, Text};
use crate::supply::CostLine;
use serde::Serialize;

/// Cost variant of a solar-thermal system per dwelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// Each house its own collector, tank and piping.
    Single,
    /// A shared store per cluster of houses, buried pipes.
    Cluster,
    /// A cluster whose pipes are laid with the water mains in the base works.
    ClusterCoTrenched,
}

impl Variant {
    /// The three variants, in print order.
    pub const ALL: [Variant; 3] = [
        Variant::Single,
        Variant::Cluster,
        Variant::ClusterCoTrenched,
    ];

    /// Identifier (the serde name; a key of the translation catalogue).
    pub fn id(self) -> &'static str {
        match self {
            Variant::Single => "single",
            Variant::Cluster => "cluster",
            Variant::ClusterCoTrenched => "cluster_co_trenched",
        }
    }
}

/// Initial cost of one dwelling's solar-thermal system, ¥.
#[derive(Debug, Clone, Serialize)]
pub struct CostBreakdown {
    /// Variant.
    pub variant: Variant,
    /// Collector per dwelling, m².
    pub collector_m2: f64,
    /// Tank per dwelling, L.
    pub tank_l: f64,
    /// Buried pipe per dwelling, m.
    pub pipe_m: f64,
    /// Collector cost, ¥.
    pub collector_yen: f64,
    /// Tank cost (per-dwelling share of a shared tank), ¥.
    pub tank_yen: f64,
    /// Piping (house piping or buried pipe), ¥.
    pub piping_yen: f64,
    /// Solar-thermal total per dwelling, ¥.
    pub total_yen: f64,
    /// PV system per dwelling, ¥.
    pub pv_yen: f64,
}

/// Cost of a tank of `v_l` litres scaled from a reference (¥ at `ref_l`) with exponent
/// `x` (0.7-power rule, residential-b.md §5).
pub fn scaled_tank_cost_yen(v_l: f64, ref_l: f64, ref_yen: f64, x: f64) -> f64 {
    if v_l <= 0.0 {
        return 0.0;
    }
    ref_yen * (v_l / ref_l).powf(x)
}

/// The tank a shared tank's cost is scaled from: volume, L, and cost, ¥ — the single-house
/// system sized for 100 % of heat (priced linearly from the generic product; the study's
/// basis) or the generic product itself (residential-b.md §5).
pub fn tank_reference(d: &HousingData, s: &StudySizing, p: &ClusterInputs) -> (f64, f64) {
    let c = &d.costs;
    match p.tank_scale_basis {
        crate::housing::TankScaleBasis::SingleHouse if s.single_tank_l > 0.0 => (
            s.single_tank_l,
            s.single_tank_l * c.generic_tank_yen.value / c.generic_tank_l.value,
        ),
        _ => (c.generic_tank_l.value, c.generic_tank_yen.value),
    }
}

/// Initial cost per dwelling of the three variants: single-house systems priced linearly
/// from the generic product, clusters with the 0.7-power tank rule and buried pipes (in
/// their own trench or co-trenched), PV at the price per kW.
pub fn costs(d: &HousingData, s: &StudySizing, p: &ClusterInputs) -> [CostBreakdown; 3] {
    let c = &d.costs;
    let per_m2 = c.generic_collector_yen.value / c.generic_collector_m2.value;
    let per_l = c.generic_tank_yen.value / c.generic_tank_l.value;
    let pv_yen = s.pv_kw * p.pv_yen_per_kw;
    let single = {
        let col = s.single_collector_m2 * per_m2;
        let tank = s.single_tank_l * per_l;
        let pipe = c.house_piping_yen.value;
        CostBreakdown {
            variant: Variant::Single,
            collector_m2: s.single_collector_m2,
            tank_l: s.single_tank_l,
            pipe_m: 0.0,
            collector_yen: col,
            tank_yen: tank,
            piping_yen: pipe,
            total_yen: col + tank + pipe,
            pv_yen,
        }
    };
    // The cluster variants are priced for the system's cluster size, or the study's 20
    // houses when this system itself is single-house (for comparison).
    let n = if p.houses > 1 {
        p.houses as f64
    } else {
        d.study_method.houses_per_cluster.value
    };
    let (ref_l, ref_yen) = tank_reference(d, s, p);
    let cluster = |co: bool| {
        let col = s.cluster_collector_m2 * per_m2;
        let tank = scaled_tank_cost_yen(
            s.cluster_tank_l * n,
            ref_l,
            ref_yen,
            c.tank_scale_exponent.value,
        ) / n;
        let full = p.pipe_m_per_dwelling * c.buried_pipe_yen_per_m.value;
        let pipe = if co {
            full * (1.0 - c.pipe_civil_share.value * p.co_trenching_saving)
        } else {
            full
        };
        CostBreakdown {
            variant: if co {
                Variant::ClusterCoTrenched
            } else {
                Variant::Cluster
            },
            collector_m2: s.cluster_collector_m2,
            tank_l: s.cluster_tank_l,
            pipe_m: p.pipe_m_per_dwelling,
            collector_yen: col,
            tank_yen: tank,
            piping_yen: pipe,
            total_yen: col + tank + pipe,
            pv_yen,
        }
    };
    [single, cluster(false), cluster(true)]
}

/// Economics of one variant per dwelling.
#[derive(Debug, Clone, Serialize)]
pub struct VariantEconomics {
    /// Variant.
    pub variant: Variant,
    /// Solar-thermal initial cost, ¥.
    pub solar_thermal_initial_yen: f64,
    /// PV initial cost, ¥.
    pub pv_initial_yen: f64,
    /// Energy bill of the reference dwelling (same package, conventional supply), ¥/yr.
    pub reference_bill_yen: f64,
    /// Energy bill with W-solar (import − sell-back + backup gas), ¥/yr.
    pub bill_yen: f64,
    /// Saving from solar heat (heating electricity and hot-water gas saved − backup gas − pump), ¥/yr.
    pub solar_thermal_saving_yen: f64,
    /// Saving from PV (self-consumption at the purchase price + export at the sell-back price), ¥/yr.
    pub pv_saving_yen: f64,
    /// O&M, ¥/yr.
    pub om_yen: f64,
    /// Simple payback of the solar-thermal system, years (null if it never pays back).
    pub solar_thermal_payback_years: Option<f64>,
    /// Simple payback of PV, years.
    pub pv_payback_years: Option<f64>,
    /// Simple payback of both, years.
    pub total_payback_years: Option<f64>,
    /// Annuity (capital recovery) + O&M − savings, ¥/yr (negative = pays).
    pub net_annual_cost_yen: f64,
    /// Capital recovery factor used.
    pub capital_recovery_factor: f64,
}

/// Bills, savings, O&M, payback and annuity of one variant per dwelling, on the simulation
/// the variant runs on (`sim`) and the PV simulation.
pub fn variant_economics(
    d: &HousingData,
    dem: &DwellingDemand,
    p: &ClusterInputs,
    c: &CostBreakdown,
    sim: &HeatSim,
    pv: &PvSim,
) -> VariantEconomics {
    let prim = d.consumption_primary_mj_per_kwh.value;
    let e = &d.economics;
    let sh_kwh_e = dem.reduced_gj["space_heating"] * 1000.0 / prim;
    let hw_mj = dem.reduced_gj["hot_water"] * 1000.0;
    let pv_dem = pv.demand_kwh - sim.pump_kwh; // dwelling electricity without the pumps
    let reference = (pv_dem + sh_kwh_e) * p.electricity_yen_per_kwh + hw_mj * p.gas_yen_per_mj;
    let backup_mj = sim.backup_kwh * 3.6;
    let bill = pv.import_kwh * p.electricity_yen_per_kwh - pv.export_kwh * p.sellback_yen_per_kwh
        + backup_mj * p.gas_yen_per_mj;
    let st_saving = sh_kwh_e * p.electricity_yen_per_kwh + hw_mj * p.gas_yen_per_mj
        - backup_mj * p.gas_yen_per_mj
        - sim.pump_kwh * p.electricity_yen_per_kwh;
    let pv_saving =
        pv.self_consumed_kwh * p.electricity_yen_per_kwh + pv.export_kwh * p.sellback_yen_per_kwh;
    let om_st = c.total_yen * e.om_share.value;
    let om_pv = c.pv_yen * e.om_share.value;
    let crf = crate::econ::capital_recovery_factor(p.interest, p.lifetime_years);
    let payback = |init: f64, saving: f64, om: f64| {
        let net = saving - om;
        if net > 0.0 {
            Some(init / net)
        } else {
            None
        }
    };
    VariantEconomics {
        variant: c.variant,
        solar_thermal_initial_yen: c.total_yen,
        pv_initial_yen: c.pv_yen,
        reference_bill_yen: reference,
        bill_yen: bill,
        solar_thermal_saving_yen: st_saving,
        pv_saving_yen: pv_saving,
        om_yen: om_st + om_pv,
        solar_thermal_payback_years: payback(c.total_yen, st_saving, om_st),
        pv_payback_years: payback(c.pv_yen, pv_saving, om_pv),
        total_payback_years: payback(c.total_yen + c.pv_yen, st_saving + pv_saving, om_st + om_pv),
        net_annual_cost_yen: (c.total_yen + c.pv_yen) * crf + om_st + om_pv - st_saving - pv_saving,
        capital_recovery_factor: crf,
    }
}

/// The cost lines of the system: the chosen variant per dwelling × dwellings, ¥ thousand.
pub fn cost_lines(c: &CostBreakdown, dwellings: f64) -> Vec<CostLine> {
    let line = |key: &str, yen: f64| {
        CostLine::phrased(
            key,
            Text::new(&format!("cost_item.cluster_{key}"), &[]),
            yen * dwellings / 1000.0,
            Phrase::new(&format!("cost_note.cluster_{key}"), &[]),
        )
    };
    vec![
        line("collectors", c.collector_yen),
        line("tanks", c.tank_yen),
        line("piping", c.piping_yen),
        line("pv", c.pv_yen),
    ]
}
