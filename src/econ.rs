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

/// The costs of a heat business over its horizon, year by year, for [`price_path`]: a
/// take-up vector and what each year costs at that take-up. ¥ thousand unless stated.
#[derive(Debug, Clone, Default)]
pub struct PathCosts {
    /// Discount rate (also the interest of the capital charges), fraction.
    pub rate: f64,
    /// Year (on the caller's axis: project or calendar year) of the first entry.
    pub first_year: i32,
    /// Take-up share of the full demand in each year, 0–1 (its length is the horizon).
    pub takeup: Vec<f64>,
    /// Annual fixed cost counted in the price (capital charge, maintenance, staff, site)
    /// in each year.
    pub fixed_kyen: Vec<f64>,
    /// Capital spent in each year (construction of the network, plant stages).
    pub capex_kyen: Vec<f64>,
    /// Fixed operating cash cost in each year (maintenance, staff, site rent or interest,
    /// other annual lines): `fixed_kyen` without the capital recovery.
    pub cash_fixed_kyen: Vec<f64>,
    /// Energy and water bills at full take-up (they follow the take-up).
    pub variable_kyen: f64,
    /// Heat sold at full take-up, GJ.
    pub heat_gj: f64,
}

/// One year of a [`PricePath`].
#[derive(Debug, Clone, Serialize)]
pub struct PathYear {
    /// Year (the caller's axis).
    pub year: i32,
    /// Take-up share of the full demand, 0–1.
    pub takeup: f64,
    /// Heat sold, GJ.
    pub heat_sold_gj: f64,
    /// Capital spent this year, ¥ thousand.
    pub capex_kyen: f64,
    /// Annual cost counted in the price (fixed + variable), ¥ thousand.
    pub cost_kyen: f64,
    /// Cost per MJ sold this year (what a year-by-year price would be), ¥/MJ.
    pub annual_price_yen_per_mj: f64,
    /// Operating cash cost (bills, maintenance, staff, site), ¥ thousand.
    pub opex_kyen: f64,
    /// Revenue at the levelised price, ¥ thousand.
    pub revenue_kyen: f64,
    /// Cash flow: revenue − opex − capital spent, ¥ thousand.
    pub cash_kyen: f64,
    /// Cumulative cash flow (undiscounted), ¥ thousand.
    pub cumulative_cash_kyen: f64,
}

/// The heat price levelised over a horizon and the business year by year at that price.
#[derive(Debug, Clone, Serialize)]
pub struct PricePath {
    /// Years of the horizon.
    pub years: Vec<PathYear>,
    /// Levelised price Σ v_y (F_y + τ_y·V) / Σ v_y τ_y·H, ¥/MJ.
    pub levelised_price_yen_per_mj: f64,
    /// First year whose cumulative (undiscounted) cash flow is ≥ 0; none within the
    /// horizon when it stays negative.
    pub cash_positive_year: Option<i32>,
    /// Average take-up over the horizon, 0–1.
    pub average_takeup: f64,
}

/// The year-by-year path of a heat business with take-up τ_y (see [`PathCosts`]): the price
/// levelised with [`levelised_price_yen_per_mj`], heat sold τ_y·H, revenue at that price,
/// cash = revenue − (τ_y·V + fixed cash costs) − capital spent, and the first year the
/// cumulative cash is non-negative.
pub fn price_path(c: &PathCosts) -> PricePath {
    let at = |v: &[f64], y: usize| v.get(y).copied().unwrap_or(0.0);
    let price = levelised_price_yen_per_mj(
        c.rate,
        &c.takeup,
        |y| at(&c.fixed_kyen, y),
        c.variable_kyen,
        c.heat_gj,
    );
    let mut cumulative = 0.0;
    let mut cash_positive_year = None;
    let years: Vec<PathYear> = c
        .takeup
        .iter()
        .enumerate()
        .map(|(y, &tau)| {
            let year = c.first_year + y as i32;
            let heat = tau * c.heat_gj;
            let variable = tau * c.variable_kyen;
            let cost = at(&c.fixed_kyen, y) + variable;
            let opex = at(&c.cash_fixed_kyen, y) + variable;
            let revenue = if price.is_finite() { price * heat } else { 0.0 };
            let cash = revenue - opex - at(&c.capex_kyen, y);
            cumulative += cash;
            if cumulative >= 0.0 && cash_positive_year.is_none() {
                cash_positive_year = Some(year);
            }
            PathYear {
                year,
                takeup: tau,
                heat_sold_gj: heat,
                capex_kyen: at(&c.capex_kyen, y),
                cost_kyen: cost,
                annual_price_yen_per_mj: if heat > 0.0 {
                    cost / heat
                } else {
                    f64::INFINITY
                },
                opex_kyen: opex,
                revenue_kyen: revenue,
                cash_kyen: cash,
                cumulative_cash_kyen: cumulative,
            }
        })
        .collect();
    let n = c.takeup.len().max(1) as f64;
    PricePath {
        years,
        levelised_price_yen_per_mj: price,
        cash_positive_year,
        average_takeup: c.takeup.iter().sum::<f64>() / n,
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
    fn price_path_recovers_the_capital_at_the_levelised_price() {
        // Capital 1,000 spent in year 1 and recovered by the annuity over 10 years at 3 %;
        // flat full take-up: the price is the annual cost over heat, and the discounted
        // cash over the horizon is zero (undiscounted it turns positive before the end).
        let (rate, n, capex, heat) = (0.03, 10usize, 1000.0, 100.0);
        let crf = capital_recovery_factor(rate, n as f64);
        let c = PathCosts {
            rate,
            first_year: 2030,
            takeup: vec![1.0; n],
            fixed_kyen: vec![capex * crf + 10.0; n],
            capex_kyen: (0..n).map(|y| if y == 0 { capex } else { 0.0 }).collect(),
            cash_fixed_kyen: vec![10.0; n],
            variable_kyen: 50.0,
            heat_gj: heat,
        };
        let p = price_path(&c);
        assert!((p.levelised_price_yen_per_mj - (capex * crf + 60.0) / heat).abs() < 1e-12);
        let npv: f64 = p
            .years
            .iter()
            .enumerate()
            .map(|(y, r)| (r.cash_kyen + r.capex_kyen) * (1.0 + rate).powi(-(y as i32 + 1)))
            .sum::<f64>()
            - capex;
        // The capital is spent at the start (t = 0), the operating flows at year ends.
        assert!(npv.abs() < 1e-9 * capex, "npv {npv}");
        // Undiscounted: 1000 / (crf·1000) = 8.53 years → year 9 of the horizon = 2038.
        assert_eq!(p.cash_positive_year, Some(2038));
        assert_eq!(p.years[0].year, 2030);
    }

    #[test]
    fn ramp_takeup() {
        let c = takeup_curve(4, None, None, Some(0.0), Some(1.0), Some(2.0));
        assert_eq!(c, vec![0.5, 1.0, 1.0, 1.0]);
        assert_eq!(two_part_bill_yen(10.0, 2.0, 3.0, 100.0), 540.0);
    }
}
