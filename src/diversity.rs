//! Coincidence (simultaneity) of many consumers: the profile-based coincidence factor
//! (loads.md §1, the primary method) and the formula methods practitioners know
//! (diversity.md), re-implemented from their published formulas.
//!
//! All functions return a coincidence factor (peak of the sum ÷ sum of the peaks, 1 = no
//! diversity); the diversity factor is its inverse (see [`diversity_factor`]).

use serde::Serialize;

/// Coefficients of the Winter, Haslauer & Obernberger (2001) space-heating curve.
pub const WINTER_A: f64 = 0.449677646267461;
/// See [`WINTER_A`].
pub const WINTER_B: f64 = 0.551234688;
/// See [`WINTER_A`].
pub const WINTER_C: f64 = 53.84382392;
/// See [`WINTER_A`].
pub const WINTER_D: f64 = 1.762743268;

/// Winter, Haslauer & Obernberger (2001), space heating, for `n` consumers:
/// GLF(n) = a + b / (1 + (n/c)^d). Fitted for 1 < n ≤ 200.
///
/// Reference: Winter W., Haslauer T., Obernberger I. (2001), Euroheat & Power 30(9/10);
/// diversity.md.
pub fn winter(n: f64) -> f64 {
    WINTER_A + WINTER_B / (1.0 + (n / WINTER_C).powf(WINTER_D))
}

/// THERMOS heat-network diversity: f(n) = a + (1 − a) / (k·n), defaults a = 0.62, k = 1.
///
/// Reference: THERMOS (CSE, EU H2020); diversity.md.
pub fn thermos(n: f64) -> f64 {
    thermos_with(n, 0.62, 1.0)
}

/// THERMOS curve with explicit `a` and `k`.
pub fn thermos_with(n: f64, a: f64, k: f64) -> f64 {
    a + (1.0 - a) / (k * n)
}

/// Design flow of instantaneous domestic hot water for `n` dwellings, kW
/// (DS 439 / CIBSE CP1 2015): P(N) = 1.19·N + 18.8·√N + 17.6.
pub fn ds439_kw(n: f64) -> f64 {
    1.19 * n + 18.8 * n.sqrt() + 17.6
}

/// DS 439 coincidence factor: P(N) ÷ (37.5 kW × N), capped at 1.
pub fn ds439(n: f64) -> f64 {
    (ds439_kw(n) / (37.5 * n)).min(1.0)
}

/// TU Dresden (Zschernig) domestic hot water: GZF = N^−0.57.
pub fn dresden_dhw(n: f64) -> f64 {
    n.powf(-0.57)
}

/// Diversity factor = 1 / coincidence factor (loads.md §1: report both names).
pub fn diversity_factor(coincidence: f64) -> f64 {
    if coincidence > 0.0 {
        1.0 / coincidence
    } else {
        f64::NAN
    }
}

/// Profile-based coincidence factor of several hourly series: peak of their sum ÷ sum of
/// their own peaks (loads.md §1). 1.0 for one series; 0 when all are zero.
pub fn profile_coincidence(series: &[&[f64]]) -> f64 {
    let Some(first) = series.first() else {
        return 0.0;
    };
    let n = first.len();
    let mut sum = vec![0.0; n];
    let mut peaks = 0.0;
    for s in series {
        let mut p = 0.0f64;
        for (t, v) in s.iter().enumerate().take(n) {
            sum[t] += v;
            p = p.max(*v);
        }
        peaks += p;
    }
    let peak = sum.iter().copied().fold(0.0, f64::max);
    if peaks > 0.0 {
        peak / peaks
    } else {
        0.0
    }
}

/// Profile-based and formula coincidence factors for one group size.
#[derive(Debug, Clone, Serialize)]
pub struct CoincidenceRow {
    /// Dwellings.
    pub n: usize,
    /// From the simulated hourly household profiles: electricity.
    pub profile_electricity: f64,
    /// From the simulated hourly profiles: space heating + hot water.
    pub profile_heat: f64,
    /// From the simulated hourly profiles: hot water alone.
    pub profile_hot_water: f64,
    /// Winter et al. (space heating).
    pub winter: f64,
    /// THERMOS.
    pub thermos: f64,
    /// DS 439 (instantaneous DHW; hourly profiles cannot show instantaneous peaks).
    pub ds439: f64,
    /// TU Dresden DHW.
    pub dresden: f64,
}

/// Formula values for `n` with the given profile-based values.
pub fn coincidence_row(n: usize, elec: f64, heat: f64, hw: f64) -> CoincidenceRow {
    let x = n as f64;
    CoincidenceRow {
        n,
        profile_electricity: elec,
        profile_heat: heat,
        profile_hot_water: hw,
        winter: winter(x),
        thermos: thermos(x),
        ds439: ds439(x),
        dresden: dresden_dhw(x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn published_formula_values() {
        // diversity.md: n = 10 → 0.974, 0.658; 20 → 0.919, 0.639; 100 → 0.588, 0.624.
        for (n, w, t) in [
            (10.0, 0.974, 0.658),
            (20.0, 0.919, 0.639),
            (100.0, 0.588, 0.624),
        ] {
            assert!(close(winter(n), w, 0.0005), "winter({n}) = {}", winter(n));
            assert!(
                close(thermos(n), t, 0.0005),
                "thermos({n}) = {}",
                thermos(n)
            );
        }
    }

    #[test]
    fn dhw_curves() {
        // P(1) = 1.19 + 18.8 + 17.6 = 37.59 kW ≥ 37.5 → capped at 1.
        assert_eq!(ds439(1.0), 1.0);
        let p20 = 1.19 * 20.0 + 18.8 * 20f64.sqrt() + 17.6;
        assert!(close(ds439(20.0), p20 / 750.0, 1e-12));
        assert!(close(dresden_dhw(20.0), 20f64.powf(-0.57), 1e-12));
        assert!(dresden_dhw(100.0) < dresden_dhw(10.0));
    }

    #[test]
    fn profile_cf_of_shifted_peaks() {
        let a = [1.0, 0.0, 0.0, 0.0];
        let b = [0.0, 1.0, 0.0, 0.0];
        assert!(close(profile_coincidence(&[&a, &b]), 0.5, 1e-12));
        assert!(close(profile_coincidence(&[&a, &a]), 1.0, 1e-12));
        assert!(close(diversity_factor(0.5), 2.0, 1e-12));
    }
}
