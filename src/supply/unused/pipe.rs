//! Delivery by pipe (waste-heat.md §2): a steam line sized on the peak steam flow,
//! d = √(4·ṁ·v_s / (π·3600·u)), or a water line sized on the peak flow at its ΔT; enlarged
//! until the Darcy–Weisbach drop Δp = f·(L/d)·ρu²/2 is within its limit; priced per metre
//! by size class; heat loss per metre; pumping of water lines; steam accumulator volume
//! T = (P1 − P2)/P2 × V/F.

use super::data::{PipeClass, WasteHeatData};
use super::{Source, TemperatureClass};
use crate::supply::data::{PumpDesign, SupplyData, GRAVITY_M_PER_S2, WATER_KJ_PER_KG_K};
use serde::Serialize;

/// Density of water at line temperatures, kg/m³.
pub const WATER_KG_PER_M3: f64 = 1000.0;

/// Inner diameter of a steam line, m: d = √(4·ṁ·v_s / (π·3600·u)) with ṁ in kg/h,
/// v_s in m³/kg and u in m/s (waste-heat.md §2).
pub fn steam_diameter_m(
    mass_kg_per_h: f64,
    specific_volume_m3_per_kg: f64,
    velocity_m_per_s: f64,
) -> f64 {
    (4.0 * mass_kg_per_h * specific_volume_m3_per_kg
        / (std::f64::consts::PI * 3600.0 * velocity_m_per_s))
        .sqrt()
}

/// Inner diameter of a water line carrying `heat_kw` at a temperature drop `dt_k` at
/// velocity `velocity_m_per_s`, m.
pub fn water_diameter_m(heat_kw: f64, dt_k: f64, velocity_m_per_s: f64) -> f64 {
    let flow_m3_per_s = heat_kw / (WATER_KJ_PER_KG_K * dt_k) / WATER_KG_PER_M3;
    (4.0 * flow_m3_per_s / (std::f64::consts::PI * velocity_m_per_s)).sqrt()
}

/// Darcy–Weisbach pressure drop Δp = f·(L/d)·ρu²/2, kPa.
pub fn darcy_drop_kpa(
    friction: f64,
    length_m: f64,
    diameter_m: f64,
    density_kg_per_m3: f64,
    velocity_m_per_s: f64,
) -> f64 {
    friction * length_m / diameter_m * density_kg_per_m3 * velocity_m_per_s.powi(2) / 2.0 / 1000.0
}

/// Diameter at which a fixed flow's drop falls from `drop` to `limit`: at fixed flow
/// u ∝ d⁻² so Δp ∝ d⁻⁵.
pub fn enlarged_for_drop(diameter_m: f64, drop: f64, limit: f64) -> f64 {
    if drop <= limit || limit <= 0.0 {
        diameter_m
    } else {
        diameter_m * (drop / limit).powf(0.2)
    }
}

/// Size a line for a fixed flow: from the diameter `d0` at the design velocity `u0`,
/// enlarged until the Darcy–Weisbach drop over `length_m` is within `limit_kpa`. Returns
/// (diameter m, velocity m/s, drop kPa).
pub fn size_within_drop(
    d0: f64,
    u0: f64,
    density_kg_per_m3: f64,
    friction: f64,
    length_m: f64,
    limit_kpa: f64,
) -> (f64, f64, f64) {
    if d0 <= 0.0 {
        return (0.0, 0.0, 0.0);
    }
    let drop0 = darcy_drop_kpa(friction, length_m, d0, density_kg_per_m3, u0);
    let d = enlarged_for_drop(d0, drop0, limit_kpa);
    let u = u0 * (d0 / d).powi(2);
    (
        d,
        u,
        darcy_drop_kpa(friction, length_m, d, density_kg_per_m3, u),
    )
}

/// In-place cost of one pipe per metre for a diameter, and the class it falls in.
pub fn pipe_class(diameter_m: f64, classes: &[PipeClass]) -> &PipeClass {
    classes
        .iter()
        .find(|c| c.max_diameter_m.is_none_or(|m| diameter_m <= m))
        .unwrap_or_else(|| classes.last().expect("waste_heat.yaml has cost classes"))
}

/// Cost of a line: route length × pipes × cost per metre of one pipe of its class, ¥.
pub fn line_cost_yen(length_m: f64, pipes: u32, diameter_m: f64, classes: &[PipeClass]) -> f64 {
    length_m * pipes as f64 * pipe_class(diameter_m, classes).yen_per_m_per_pipe
}

/// Steam accumulator volume from T = (P1 − P2)/P2 × V/F: V = T·F·P2/(P1 − P2), m³, with
/// T in h and F the steam flow to bridge in m³/h (waste-heat.md §2).
pub fn accumulator_m3(hold_h: f64, flow_m3_per_h: f64, p1_mpa: f64, p2_mpa: f64) -> f64 {
    if p1_mpa <= p2_mpa {
        return 0.0;
    }
    hold_h * flow_m3_per_h * p2_mpa / (p1_mpa - p2_mpa)
}

/// Heat lost by a line of a temperature class, kW per km of route.
pub fn heat_loss_kw_per_km(
    class: TemperatureClass,
    data: &WasteHeatData,
    supply: &SupplyData,
) -> f64 {
    match class {
        // The steam + condensate trench of the district network (supply.yaml).
        TemperatureClass::Steam => supply.network.heat_loss_w_per_m.value,
        TemperatureClass::HotWater80 => data.pipe.hot_water_heat_loss_w_per_m.value,
        TemperatureClass::LowTemperature => data.pipe.low_temperature_heat_loss_w_per_m.value,
    }
}

/// A designed transfer line.
#[derive(Debug, Clone, Serialize)]
pub struct PipeDesign {
    /// Route length, m.
    pub length_m: f64,
    /// Peak heat carried (at the source, excluding the line's loss), kW.
    pub peak_transfer_kw: f64,
    /// Inner diameter, m.
    pub diameter_m: f64,
    /// Pipes in the route (steam + condensate, or supply + return).
    pub pipes: u32,
    /// Velocity at the peak, m/s.
    pub velocity_m_per_s: f64,
    /// Pressure drop of the supply pipe at the peak, kPa.
    pub pressure_drop_kpa: f64,
    /// Peak steam flow, t/h (steam lines).
    pub steam_t_per_h: Option<f64>,
    /// Cost of one pipe per metre in its class, ¥/m.
    pub yen_per_m_per_pipe: f64,
    /// Source of that cost.
    pub cost_source: String,
    /// True when the diameter exceeds every published cost anchor.
    pub beyond_published_sizes: bool,
    /// Line cost, ¥.
    pub line_cost_yen: f64,
    /// Heat lost while the line carries heat, kW.
    pub heat_loss_kw: f64,
    /// Pump electricity per kWh carried (water lines; 0 for steam, which flows on the
    /// source's pressure), kWh/kWh.
    pub pump_kwh_per_kwh: f64,
    /// Pump head incl. the line's friction (supply + return), m (water lines).
    pub pump_head_m: f64,
    /// Steam accumulator volume, m³ (0 without one).
    pub accumulator_m3: f64,
}

/// Design the line of a source for a peak transfer (kW at the source, excl. loss).
pub fn design(
    source: &Source,
    peak_transfer_kw: f64,
    data: &WasteHeatData,
    supply: &SupplyData,
) -> PipeDesign {
    let d = &data.pipe;
    let length_m = source.distance_km * 1000.0;
    let friction = supply.network.friction_factor.value;
    let heat_loss_kw = heat_loss_kw_per_km(source.class, data, supply) * source.distance_km;
    let q = peak_transfer_kw.max(0.0);
    let (diameter_m, velocity, drop, steam_t_per_h, pipes, pump_head_m, pump_kwh_per_kwh);
    match source.class {
        TemperatureClass::Steam => {
            let m_kg_h = q * 3600.0 / d.steam_kj_per_kg.value;
            let vs = d.steam_specific_volume_m3_per_kg.value;
            let u0 = d.steam_velocity_m_per_s.value;
            (diameter_m, velocity, drop) = size_within_drop(
                steam_diameter_m(m_kg_h, vs, u0),
                u0,
                1.0 / vs,
                friction,
                length_m,
                d.steam_allowed_drop_kpa.value,
            );
            steam_t_per_h = Some(m_kg_h / 1000.0);
            pipes = if source.condensate_return { 2 } else { 1 };
            pump_head_m = 0.0;
            pump_kwh_per_kwh = 0.0;
        }
        TemperatureClass::HotWater80 | TemperatureClass::LowTemperature => {
            let dt = if source.class == TemperatureClass::HotWater80 {
                d.hot_water_dt_k.value
            } else {
                d.low_temperature_dt_k.value
            };
            let u0 = supply.network.velocity_m_per_s.value;
            // Friction-gradient limit of the supply pipe, as an allowed drop over the route.
            (diameter_m, velocity, drop) = size_within_drop(
                water_diameter_m(q, dt, u0),
                u0,
                WATER_KG_PER_M3,
                friction,
                length_m,
                d.water_max_drop_pa_per_m.value * length_m / 1000.0,
            );
            steam_t_per_h = None;
            pipes = 2;
            // Supply and return both lose the friction head.
            pump_head_m =
                d.transfer_pump.head_m + 2.0 * drop * 1000.0 / (WATER_KG_PER_M3 * GRAVITY_M_PER_S2);
            let design = PumpDesign {
                dt_k: dt,
                head_m: pump_head_m,
                ..d.transfer_pump.clone()
            };
            pump_kwh_per_kwh = design.kwh_per_kwh();
        }
    }
    let class = pipe_class(diameter_m, &d.cost_classes);
    let accumulator = if source.accumulator {
        let flow_m3_h =
            q * 3600.0 / d.steam_kj_per_kg.value * d.steam_specific_volume_m3_per_kg.value;
        accumulator_m3(
            d.accumulator_hold_h.value,
            source.output_variation * flow_m3_h,
            d.accumulator_p1_mpa.value,
            d.accumulator_p2_mpa.value,
        )
    } else {
        0.0
    };
    PipeDesign {
        length_m,
        peak_transfer_kw: q,
        diameter_m,
        pipes,
        velocity_m_per_s: velocity,
        pressure_drop_kpa: drop,
        steam_t_per_h,
        yen_per_m_per_pipe: class.yen_per_m_per_pipe,
        cost_source: class.source.clone(),
        beyond_published_sizes: diameter_m > d.largest_published_diameter_m.value,
        // No transfer, no line.
        line_cost_yen: if q > 0.0 {
            line_cost_yen(length_m, pipes, diameter_m, &d.cost_classes)
        } else {
            0.0
        },
        heat_loss_kw,
        pump_kwh_per_kwh,
        pump_head_m,
        accumulator_m3: accumulator,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steam_sizing_reproduces_the_chemical_complex_main() {
        // waste-heat.md §2: 87.2 t/h of 2.3 MPa steam (v_s ≈ 0.083 m³/kg at 2.4 MPa abs)
        // at 30 m/s → d ≈ 0.29 m, the "large main" class.
        let d = steam_diameter_m(87_200.0, 0.083, 30.0);
        assert!((d - 0.292).abs() < 0.005, "{d}");
        // Diameter grows with the square root of the flow.
        let d4 = steam_diameter_m(4.0 * 87_200.0, 0.083, 30.0);
        assert!((d4 / d - 2.0).abs() < 1e-12);
    }

    #[test]
    fn pipe_cost_scales_with_length_and_size_class() {
        let data = WasteHeatData::builtin().unwrap();
        let classes = &data.pipe.cost_classes;
        let small = line_cost_yen(1000.0, 2, 0.10, classes);
        // Two pipes of the small class = the published ¥490,000 per metre of route.
        assert!((small / 1000.0 - 490_000.0).abs() < 1e-6);
        assert_eq!(line_cost_yen(2000.0, 2, 0.10, classes), 2.0 * small);
        // A single large main = the published ¥300,000 per metre.
        assert!((line_cost_yen(2000.0, 1, 0.29, classes) / 2000.0 - 300_000.0).abs() < 1e-6);
        // Per pipe, cost never falls with size.
        let per_pipe: Vec<f64> = [0.05, 0.1, 0.2, 0.21, 0.5, 1.0]
            .iter()
            .map(|d| pipe_class(*d, classes).yen_per_m_per_pipe)
            .collect();
        assert!(per_pipe.windows(2).all(|w| w[1] >= w[0]), "{per_pipe:?}");
    }

    #[test]
    fn drop_limit_enlarges_the_pipe_by_the_fifth_root() {
        let d = enlarged_for_drop(0.1, 32.0, 1.0);
        assert!((d - 0.2).abs() < 1e-12);
        // At the enlarged diameter the same flow meets the limit exactly.
        let u1 = 30.0;
        let u2 = u1 * (0.1 / d).powi(2);
        let drop1 = darcy_drop_kpa(0.02, 1000.0, 0.1, 5.6, u1);
        let drop2 = darcy_drop_kpa(0.02, 1000.0, d, 5.6, u2);
        assert!((drop1 / drop2 - 32.0).abs() < 1e-9);
        assert_eq!(enlarged_for_drop(0.1, 0.5, 1.0), 0.1);
    }

    #[test]
    fn accumulator_follows_the_published_formula() {
        // T = (P1 − P2)/P2 × V/F → with T = 0.5 h, F = 100 m³/h, P1 = 1.1, P2 = 0.79:
        let v = accumulator_m3(0.5, 100.0, 1.1, 0.79);
        let t = (1.1 - 0.79) / 0.79 * v / 100.0;
        assert!((t - 0.5).abs() < 1e-12);
        assert_eq!(accumulator_m3(0.5, 100.0, 0.7, 0.79), 0.0);
    }
}
