//! District pipe network (地域導管): trench length from the number of connected buildings
//! and the district area, main diameter from the peak chilled-water flow, heat losses and
//! pumping. Loss per m² of floor falls as density rises because length grows with √N
//! while demand grows with N.

use super::data::NetworkData;
use serde::Serialize;

/// Volumetric heat capacity of water, kJ/(m³·K).
pub const WATER_KJ_PER_M3K: f64 = 4186.0;

/// Network geometry.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct NetworkDesign {
    /// Connected buildings.
    pub buildings: f64,
    /// Trench length, m.
    pub length_m: f64,
    /// Chilled-water main diameter, m.
    pub main_diameter_m: f64,
}

/// Number of connected buildings: given, or floor ÷ typical building floor (at least the
/// number of parcels).
pub fn buildings(floor_m2: f64, parcels: usize, given: Option<f64>, data: &NetworkData) -> f64 {
    given.unwrap_or_else(|| {
        // Continuous count keeps sweeps smooth.
        (floor_m2 / data.building_floor_m2.value)
            .max(parcels as f64)
            .max(1.0)
    })
}

/// Trench length L = k·√(N·A) + service branches, m.
pub fn trench_length_m(buildings: f64, district_area_m2: f64, data: &NetworkData) -> f64 {
    data.route_factor.value * (buildings * district_area_m2).sqrt()
        + data.service_m_per_building.value * buildings
}

/// Main diameter d = √(4·V/(π·u)) for the chilled-water flow V = Q/(ρc·ΔT), m.
pub fn main_diameter_m(cooling_kw: f64, data: &NetworkData) -> f64 {
    let v_m3_s = cooling_kw / (WATER_KJ_PER_M3K * data.chilled_dt_k.value);
    (4.0 * v_m3_s / (std::f64::consts::PI * data.velocity_m_per_s.value)).sqrt()
}

/// Friction head of the chilled-water index circuit at design flow, m:
/// Darcy–Weisbach h = f·(L/d)·u²/(2g) for supply and return pipes over the path to the
/// farthest building (`index_path_share` × trench length).
pub fn index_head_m(design: &NetworkDesign, data: &NetworkData) -> f64 {
    if design.main_diameter_m <= 0.0 {
        return 0.0;
    }
    let u = data.velocity_m_per_s.value;
    let path_m = data.index_path_share.value * design.length_m;
    2.0 * data.friction_factor.value * path_m / design.main_diameter_m * u * u
        / (2.0 * super::data::GRAVITY_M_PER_S2)
}

/// Design the network of a district.
pub fn design(
    floor_m2: f64,
    parcels: usize,
    given_buildings: Option<f64>,
    district_area_m2: f64,
    cooling_kw: f64,
    data: &NetworkData,
) -> NetworkDesign {
    let n = buildings(floor_m2, parcels, given_buildings, data);
    NetworkDesign {
        buildings: n,
        length_m: trench_length_m(n, district_area_m2, data),
        main_diameter_m: main_diameter_m(cooling_kw, data),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supply::data::SupplyData;

    #[test]
    fn diameter_of_a_known_flow() {
        let d = SupplyData::builtin().unwrap();
        // 29,302 kW at 7 K is 1 m³/s; at 2 m/s that needs d = √(2/π) = 0.798 m.
        let q = WATER_KJ_PER_M3K * 7.0;
        assert!(
            (main_diameter_m(q, &d.network) - (2.0 / std::f64::consts::PI).sqrt()).abs() < 1e-9
        );
    }

    #[test]
    fn length_grows_with_square_root_of_buildings() {
        let d = SupplyData::builtin().unwrap();
        let n = &d.network;
        let l1 = trench_length_m(4.0, 100_000.0, n) - 4.0 * n.service_m_per_building.value;
        let l4 = trench_length_m(16.0, 100_000.0, n) - 16.0 * n.service_m_per_building.value;
        assert!((l4 / l1 - 2.0).abs() < 1e-12);
        assert!((buildings(148_000.0, 3, None, n) - 7.4).abs() < 1e-12);
        assert_eq!(buildings(10_000.0, 3, None, n), 3.0);
    }
}
