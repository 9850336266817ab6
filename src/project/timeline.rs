//! Take-up of a DHC year by year from the project timeline: each parcel's (or use's)
//! build-out curve, the connection levers (obliged floor connects when built; the rest
//! voluntarily, on a ramp), weighted by each use's heat demand; and plant staging in
//! whole units as demand arrives.

use super::{ConnectionSpec, Curve, ObligationMeans, Project, ProjectData};
use serde::Serialize;

/// Share of the final floor built by the end of `year`: linear between the curve's points,
/// flat before the first and after the last.
pub fn curve_at(curve: &[[f64; 2]], year: f64) -> f64 {
    let (Some(first), Some(last)) = (curve.first(), curve.last()) else {
        return 1.0;
    };
    if year <= first[0] {
        return first[1];
    }
    if year >= last[0] {
        return last[1];
    }
    curve
        .windows(2)
        .find(|w| year <= w[1][0])
        .map(|w| {
            let x = (year - w[0][0]) / (w[1][0] - w[0][0]);
            w[0][1] + (w[1][1] - w[0][1]) * x
        })
        .unwrap_or(last[1])
}

/// A part of the connected floor: parcel, use, and its weight (its share of the full heat
/// demand, the weights summing to 1).
#[derive(Debug, Clone)]
pub struct Part {
    /// Parcel id.
    pub parcel: String,
    /// Use id.
    pub use_id: String,
    /// Weight, 0–1.
    pub weight: f64,
}

/// The connection levers resolved with their defaults.
#[derive(Debug, Clone)]
pub struct Levers {
    /// Share of every parcel's floor obliged to connect.
    pub obliged_share: f64,
    /// Parcels wholly obliged.
    pub obliged_parcels: Vec<String>,
    /// Voluntary share at the end of the ramp (1 with no lever: all built floor connects).
    pub voluntary_share: f64,
    /// Ramp, years.
    pub voluntary_ramp_years: f64,
    /// Means of the obligation.
    pub means: Option<ObligationMeans>,
    /// Whether the case gave connection levers (else the study's "all connect").
    pub given: bool,
}

impl Levers {
    /// Resolve a system's `connection:` block with project.yaml defaults; none: every built
    /// floor connects (the study's assumption).
    pub fn resolve(c: Option<&ConnectionSpec>, data: &ProjectData) -> Levers {
        match c {
            None => Levers {
                obliged_share: 1.0,
                obliged_parcels: vec![],
                voluntary_share: 1.0,
                voluntary_ramp_years: 1.0,
                means: None,
                given: false,
            },
            Some(c) => Levers {
                obliged_share: c.obliged_share.unwrap_or(0.0),
                obliged_parcels: c.obliged_parcels.clone(),
                voluntary_share: c
                    .voluntary_share
                    .unwrap_or(data.connection.voluntary_final_share.value),
                voluntary_ramp_years: c
                    .voluntary_ramp_years
                    .unwrap_or(data.connection.voluntary_ramp_years.value),
                means: c.means,
                given: true,
            },
        }
    }

    /// Obliged share of a parcel's floor.
    fn obliged(&self, parcel: &str) -> f64 {
        if self.obliged_parcels.iter().any(|p| p == parcel) {
            1.0
        } else {
            self.obliged_share
        }
    }

    /// Share of built voluntary floor connected in supply year `y` (0 = first).
    fn voluntary(&self, y: usize) -> f64 {
        self.voluntary_share * ((y as f64 + 1.0) / self.voluntary_ramp_years.max(1.0)).min(1.0)
    }
}

/// Take-up by supply year: the heat-weighted built share and the connected share.
#[derive(Debug, Clone)]
pub struct Takeup {
    /// Built share of the full demand by year.
    pub built: Vec<f64>,
    /// Connected share (the DHC's take-up) by year.
    pub connected: Vec<f64>,
    /// Floor-weighted obliged share of the connected floor (heat weights).
    pub obliged_share: f64,
}

impl Project {
    /// Build-out curve of a parcel's use: by parcel, else by use, else the default, else
    /// all built at 使用収益開始.
    fn curve(&self, parcel: &str, use_id: &str) -> Curve {
        let b = &self.spec.buildout;
        b.by_parcel
            .get(parcel)
            .or_else(|| b.by_use.get(use_id))
            .or(b.default.as_ref())
            .cloned()
            .unwrap_or_else(|| vec![[self.spec.milestones.use_start, 1.0]])
    }

    /// Take-up over `years` supply years from the supply start: year y (0 = first) takes the
    /// build-out at the end of year `supply_start + y + 1`; a part's take-up is built ×
    /// (obliged + (1 − obliged) × voluntary connection of year y).
    pub fn takeup(&self, parts: &[Part], years: usize, levers: &Levers) -> Takeup {
        let mut built = vec![0.0; years];
        let mut connected = vec![0.0; years];
        let mut obliged = 0.0;
        for p in parts {
            let curve = self.curve(&p.parcel, &p.use_id);
            let o = levers.obliged(&p.parcel);
            obliged += p.weight * o;
            for y in 0..years {
                let b = curve_at(&curve, self.supply_start + y as f64 + 1.0);
                built[y] += p.weight * b;
                connected[y] += p.weight * b * (o + (1.0 - o) * levers.voluntary(y));
            }
        }
        Takeup {
            built,
            connected,
            obliged_share: obliged,
        }
    }
}

/// Share of the plant's cost installed each year when units are added as demand arrives:
/// each equipment group (cost, units) gets ⌈peak take-up so far × units⌉ of its units.
pub fn unit_stages(takeup: &[f64], groups: &[(f64, u32)]) -> Vec<f64> {
    let total: f64 = groups.iter().map(|g| g.0).sum();
    let mut peak = 0.0_f64;
    takeup
        .iter()
        .map(|t| {
            peak = peak.max(*t);
            if total <= 0.0 {
                return 1.0;
            }
            groups
                .iter()
                .map(|&(cost, units)| {
                    let n = units.max(1) as f64;
                    cost * ((peak * n - 1e-9).ceil().clamp(0.0, n) / n)
                })
                .sum::<f64>()
                / total
        })
        .collect()
}

/// The connection levers and what they do to take-up, price and CO2.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectionResult {
    /// Whether the case gave levers (else every built floor connects, as in the study).
    pub given: bool,
    /// Means of the obligation.
    pub means: Option<ObligationMeans>,
    /// Obliged share of the floor (heat-weighted), 0–1.
    pub obliged_share: f64,
    /// Voluntary share at the end of the ramp, 0–1.
    pub voluntary_share: f64,
    /// Average built share over the horizon.
    pub average_built: f64,
    /// Average take-up over the horizon.
    pub average_takeup: f64,
    /// Average CO2 of the built district's heat supply over the horizon (connected floor on
    /// the DHC, the rest on building plants), t/yr.
    pub co2_average_t: f64,
    /// Average CO2 saved against all built floor on building plants, t/yr.
    pub co2_saving_t: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_is_linear_and_flat_outside() {
        let c = [[2030.0, 0.0], [2040.0, 1.0]];
        assert_eq!(curve_at(&c, 2029.0), 0.0);
        assert!((curve_at(&c, 2035.0) - 0.5).abs() < 1e-12);
        assert_eq!(curve_at(&c, 2050.0), 1.0);
    }

    #[test]
    fn units_are_added_whole() {
        // Two groups: 3 units costing 300, 1 unit costing 100. Take-up 0.2 → 1 of 3 and
        // 1 of 1: (100 + 100) / 400 = 0.5; 0.5 → 2 of 3: (200 + 100) / 400; falls keep the
        // peak.
        let s = unit_stages(&[0.2, 0.5, 0.4, 1.0], &[(300.0, 3), (100.0, 1)]);
        assert!((s[0] - 0.5).abs() < 1e-12);
        assert!((s[1] - 0.75).abs() < 1e-12);
        assert!((s[2] - 0.75).abs() < 1e-12);
        assert!((s[3] - 1.0).abs() < 1e-12);
    }
}
