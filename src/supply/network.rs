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

/// Number of connected buildings of a parcel list: a parcel with a site area holds one
/// building per `building_site_m2` of site (at least one), so the count — and the network —
/// follow the land layout, not the density; a parcel given by floor alone holds one per
/// `building_floor_m2` of floor (at least one). Continuous counts keep sweeps smooth.
pub fn buildings_of_parcels(parcels: &[crate::case::Parcel], data: &NetworkData) -> f64 {
    parcels
        .iter()
        .map(|p| parcel_buildings(p.site_area_m2, p.floor_m2(), data))
        .sum::<f64>()
        .max(1.0)
}

/// Buildings of one parcel of site area `site_area_m2` (if given) and floor `floor_m2`
/// (see [`buildings_of_parcels`]).
pub fn parcel_buildings(site_area_m2: Option<f64>, floor_m2: f64, data: &NetworkData) -> f64 {
    match site_area_m2 {
        Some(site) => (site / data.building_site_m2.value).max(1.0),
        None => (floor_m2 / data.building_floor_m2.value).max(1.0),
    }
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

/// Design the network of a district with `buildings` connected buildings.
pub fn design(
    buildings: f64,
    district_area_m2: f64,
    cooling_kw: f64,
    data: &NetworkData,
) -> NetworkDesign {
    let n = buildings.max(1.0);
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
        let parcel = |site: Option<f64>, floor: f64| crate::case::Parcel {
            id: "p".into(),
            name: None,
            site_area_m2: site,
            coverage: None,
            far_pct: None,
            buildout: None,
            floor_by_use_m2: vec![("office".into(), floor)],
            dwellings: None,
            xy_m: None,
        };
        // District A: 7.5 ha of building sites in three parcels → 7.5 buildings.
        let a = [
            parcel(Some(35_000.0), 84_000.0),
            parcel(Some(30_000.0), 48_000.0),
            parcel(Some(10_000.0), 16_000.0),
        ];
        let per_ha = 10_000.0 / n.building_site_m2.value;
        assert!((buildings_of_parcels(&a, n) - 7.5 * per_ha).abs() < 1e-12);
        // Doubling density keeps the buildings (and the network) of the same sites.
        let dense: Vec<_> = a
            .iter()
            .map(|p| parcel(p.site_area_m2, 2.0 * p.floor_m2()))
            .collect();
        assert_eq!(buildings_of_parcels(&a, n), buildings_of_parcels(&dense, n));
        // Floor-only parcels: one building per typical floor, at least one each.
        let f = [parcel(None, 5_000.0), parcel(None, 50_000.0)];
        assert!(
            (buildings_of_parcels(&f, n) - (1.0 + 50_000.0 / n.building_floor_m2.value)).abs()
                < 1e-12
        );
    }
}
