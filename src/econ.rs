//! Economics: capital recovery, cost curves, two-part tariffs, heat unit price (熱単価)
//! and the build-up / subsidy scenarios of district-a.md §2 and §5.

use serde::Serialize;

/// Capital recovery factor i(1+i)^n / ((1+i)^n − 1); 1/n at zero interest.
/// district-a.md §5: 3 %, 15 years → 0.083767.
pub fn capital_recovery_factor(rate: f64, years: f64) -> f64 {
    if rate.abs() < 1e-12 {
        return 1.0 / years;
    }
    let g = (1.0 + rate).powf(years);
    rate * g / (g - 1.0)
}

/// Installed cost of `units` equal units of `unit_kw` each on a power-law cost curve:
/// units × c_ref × ref_kw × (unit_kw / ref_kw)^exponent, ¥.
pub fn scaled_cost_yen(
    unit_cost_yen_per_kw_at_ref: f64,
    ref_kw: f64,
    exponent: f64,
    unit_kw: f64,
    units: u32,
) -> f64 {
    if unit_kw <= 0.0 || units == 0 {
        return 0.0;
    }
    units as f64 * unit_cost_yen_per_kw_at_ref * ref_kw * (unit_kw / ref_kw).powf(exponent)
}

/// Annual bill of a two-part tariff: basic × contract × 12 + energy × quantity, ¥.
pub fn two_part_bill_yen(
    basic_per_unit_month: f64,
    contract: f64,
    energy_price: f64,
    quantity: f64,
) -> f64 {
    basic_per_unit_month * contract * 12.0 + energy_price * quantity
}

/// Take-up share of the full demand in each year of the horizon.
pub fn takeup_curve(
    years: usize,
    flat: Option<f64>,
    curve: Option<&[f64]>,
    start: Option<f64>,
    end: Option<f64>,
    ramp_years: Option<f64>,
) -> Vec<f64> {
    if let Some(c) = curve {
        return (0..years)
            .map(|y| *c.get(y).or(c.last()).unwrap_or(&1.0))
            .collect();
    }
    if let Some(f) = flat {
        return vec![f; years];
    }
    let s = start.unwrap_or(0.0);
    let e = end.unwrap_or(1.0);
    let r = ramp_years.unwrap_or(years as f64).max(1.0);
    (0..years)
        .map(|y| {
            let x = ((y as f64 + 1.0) / r).min(1.0);
            s + (e - s) * x
        })
        .collect()
}

/// Levelised heat price over a horizon with take-up τ_y:
/// Σ v_y (F_y + τ_y·V) / Σ v_y τ_y·H with discount factors v_y = (1+r)^−y.
/// `fixed_kyen(y)` gives the fixed annual cost in year y (capital, maintenance, staff);
/// `variable_kyen` and `heat_gj` are the full-build-out energy/water cost and heat sold.
pub fn levelised_price_yen_per_mj(
    rate: f64,
    takeup: &[f64],
    fixed_kyen: impl Fn(usize) -> f64,
    variable_kyen: f64,
    heat_gj: f64,
) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for (y, tau) in takeup.iter().enumerate() {
        let v = (1.0 + rate).powi(-(y as i32 + 1));
        num += v * (fixed_kyen(y) + tau * variable_kyen);
        den += v * tau * heat_gj;
    }
    if den <= 0.0 {
        f64::INFINITY
    } else {
        num / den
    }
}

/// Heat-price summary of a scenario.
#[derive(Debug, Clone, Serialize)]
pub struct PriceSummary {
    /// Annual cost at full build-out, ¥ thousand.
    pub annual_cost_kyen: f64,
    /// Heat sold, GJ.
    pub heat_sold_gj: f64,
    /// Price, ¥/MJ.
    pub price_yen_per_mj: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crf_matches_the_study() {
        // district-a.md §5: 3 %, 15 years → 0.083767.
        assert!((capital_recovery_factor(0.03, 15.0) - 0.083767).abs() < 5e-7);
        assert!((capital_recovery_factor(0.0, 10.0) - 0.1).abs() < 1e-12);
    }

    #[test]
    fn cost_curve_economies_of_scale() {
        let one = scaled_cost_yen(100.0, 1000.0, 0.7, 1000.0, 1);
        assert!((one - 100_000.0).abs() < 1e-6);
        let double = scaled_cost_yen(100.0, 1000.0, 0.7, 2000.0, 1);
        assert!((double / one - 2f64.powf(0.7)).abs() < 1e-12);
        assert_eq!(scaled_cost_yen(100.0, 1000.0, 0.7, 0.0, 3), 0.0);
    }

    #[test]
    fn flat_takeup_price_is_fixed_over_takeup_plus_variable() {
        let tau = takeup_curve(15, Some(0.5), None, None, None, None);
        let p = levelised_price_yen_per_mj(0.03, &tau, |_| 200.0, 100.0, 100.0);
        assert!((p - (200.0 / 0.5 + 100.0 * 0.5 / 0.5) / 100.0).abs() < 1e-12);
        let full = levelised_price_yen_per_mj(0.03, &[1.0; 15], |_| 200.0, 100.0, 100.0);
        assert!((full - 3.0).abs() < 1e-12);
    }

    #[test]
    fn ramp_takeup() {
        let c = takeup_curve(4, None, None, Some(0.0), Some(1.0), Some(2.0));
        assert_eq!(c, vec![0.5, 1.0, 1.0, 1.0]);
        assert_eq!(two_part_bill_yen(10.0, 2.0, 3.0, 100.0), 540.0);
    }
}
