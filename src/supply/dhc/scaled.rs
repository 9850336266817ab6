//! A year of connected load kept in the form a density sweep needs: a gross-FAR sweep
//! multiplies every use's floor by one factor `k`, so the district's connected heat and
//! cooling series are `k` × one reference series. The plain plant's year
//! ([`super::operate`] without storage, unused-energy sources or CHP) then follows from
//! sums over the sorted reference series instead of an 8760-h dispatch at every step:
//!
//! - chiller groups, heat pumps and boilers take the hour's need in a fixed order up to
//!   their capacities, so a group's annual output is Σ_t min(need_t, S_i) − Σ_t min(need_t,
//!   S_{i−1}) (S the cumulative capacities), and Σ_t min(need_t, x) is one binary search
//!   in the sorted series and a prefix sum, because an hour's need is an increasing
//!   function of its demand (demand + pipe loss or gain + pump heat);
//! - auxiliaries, network losses and delivered heat are linear in those sums;
//! - the peak electricity and peak steam are non-decreasing in both the hour's heat and its
//!   cooling demand, so they occur at an hour of the Pareto front of (heat, cooling) — the
//!   hours no other hour exceeds in both — and only those hours are run.
//!
//! The result equals the hourly dispatch up to floating-point rounding (tests/sweep_scaled.rs
//! compares both at several densities and plants).

/// Sorted positive values of one series and their prefix sums.
#[derive(Debug, Clone)]
struct Sorted {
    /// Positive values, ascending.
    values: Vec<f64>,
    /// `prefix[j]` = sum of the `j` smallest positive values.
    prefix: Vec<f64>,
}

impl Sorted {
    fn of(series: impl Iterator<Item = f64>) -> Sorted {
        let mut values: Vec<f64> = series.filter(|v| *v > 0.0).collect();
        values.sort_by(f64::total_cmp);
        let mut prefix = Vec::with_capacity(values.len() + 1);
        let mut s = 0.0;
        prefix.push(s);
        for v in &values {
            s += v;
            prefix.push(s);
        }
        Sorted { values, prefix }
    }

    /// Hours with a positive value.
    fn count(&self) -> f64 {
        self.values.len() as f64
    }

    /// Σ of the positive values scaled by `k`.
    fn total(&self, k: f64) -> f64 {
        k * self.prefix[self.values.len()]
    }

    /// Σ over the positive hours of min(k·v, y) (y may be negative: every term is then y).
    fn sum_min(&self, k: f64, y: f64) -> f64 {
        let j = self.values.partition_point(|v| k * v < y);
        let above = self.values.len() - j;
        // (no term at y when every value is below it: y may be infinite)
        k * self.prefix[j] + if above > 0 { above as f64 * y } else { 0.0 }
    }

    /// Largest value scaled by `k` (0 without positive values).
    fn peak(&self, k: f64) -> f64 {
        self.values.last().map_or(0.0, |v| k * v)
    }
}

/// The connected heating + hot-water and cooling load of an alternative at its own floor
/// (the reference of a density sweep), sorted, summed and reduced to its Pareto front.
#[derive(Debug, Clone)]
pub struct ConnectedProfile {
    /// Heating + hot water by hour, kW at the reference floor.
    heat: Sorted,
    /// Cooling by hour, kW at the reference floor.
    cool: Sorted,
    /// `(heat, cooling)` of the hours on the Pareto front, kW at the reference floor.
    front: Vec<(f64, f64)>,
}

impl ConnectedProfile {
    /// The profile of connected series `[heating, hot water, cooling]` (kW), or `None`
    /// when a value is negative or not finite (the sums assume loads ≥ 0; such series take
    /// the hourly path).
    pub fn new(connected: &[Vec<f64>; 3]) -> Option<ConnectedProfile> {
        let [heat, hw, cool] = connected;
        let h: Vec<f64> = heat.iter().zip(hw).map(|(a, b)| a + b).collect();
        if h.iter().chain(cool).any(|v| !v.is_finite() || *v < 0.0) {
            return None;
        }
        // Pareto front: hours by heat descending (cooling descending among equals); an
        // hour is on the front when its cooling exceeds every hour with more heat.
        let mut hours: Vec<(f64, f64)> = h.iter().copied().zip(cool.iter().copied()).collect();
        hours.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
        let mut front = vec![];
        let mut best_cool = f64::NEG_INFINITY;
        for (hh, cc) in hours {
            if cc > best_cool {
                front.push((hh, cc));
                best_cool = cc;
            }
        }
        Some(ConnectedProfile {
            heat: Sorted::of(h.into_iter()),
            cool: Sorted::of(cool.iter().copied()),
            front,
        })
    }
}

/// A reference profile at `k` × its floor: the loads of one density-sweep step.
#[derive(Debug, Clone, Copy)]
pub struct Scaled<'a> {
    /// The reference profile.
    pub profile: &'a ConnectedProfile,
    /// Floor of the step ÷ floor of the reference.
    pub k: f64,
}

impl Scaled<'_> {
    /// Hourly peak of heating + hot water, kW.
    pub fn peak_heat_kw(&self) -> f64 {
        self.profile.heat.peak(self.k)
    }

    /// Hourly peak of cooling, kW.
    pub fn peak_cool_kw(&self) -> f64 {
        self.profile.cool.peak(self.k)
    }

    /// Hours with heat demand and with cooling demand.
    pub fn hours_with_demand(&self) -> (f64, f64) {
        (self.profile.heat.count(), self.profile.cool.count())
    }

    /// Annual heat and cooling demand, kWh.
    pub fn totals_kwh(&self) -> (f64, f64) {
        (
            self.profile.heat.total(self.k),
            self.profile.cool.total(self.k),
        )
    }

    /// Σ_t min(need_t, x) for heat, where an hour with demand H > 0 needs `H + offset_kw`
    /// (the pipes' heat loss) and an hour without needs nothing, kWh.
    pub fn heat_need_up_to(&self, offset_kw: f64, x_kw: f64) -> f64 {
        let h = &self.profile.heat;
        h.count() * offset_kw + h.sum_min(self.k, x_kw - offset_kw)
    }

    /// Σ_t min(need_t, x) for cooling, where an hour with demand C > 0 needs
    /// `slope · C + offset_kw` (slope > 0: demand + pump heat, offset: pipe gain with its
    /// pump heat) and an hour without needs nothing, kWh.
    pub fn cool_need_up_to(&self, slope: f64, offset_kw: f64, x_kw: f64) -> f64 {
        let c = &self.profile.cool;
        c.count() * offset_kw + slope * c.sum_min(self.k, (x_kw - offset_kw) / slope)
    }

    /// `(heat, cooling)` demand of the Pareto-front hours, kW.
    pub fn front(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.profile
            .front
            .iter()
            .map(move |(h, c)| (self.k * h, self.k * c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(series: &[f64], k: f64, y: f64) -> f64 {
        series
            .iter()
            .filter(|v| **v > 0.0)
            .map(|v| (k * v).min(y))
            .sum()
    }

    #[test]
    fn sum_min_matches_the_hourly_sum() {
        let s: Vec<f64> = (0..500)
            .map(|i| ((i * 37 % 101) as f64 - 20.0).max(0.0) * 1.5)
            .collect();
        let sorted = Sorted::of(s.iter().copied());
        for k in [0.3, 1.0, 2.7] {
            for y in [-5.0, 0.0, 1.0, 10.0, 50.0, 1e3, f64::INFINITY] {
                let (a, b) = (sorted.sum_min(k, y), brute(&s, k, y));
                assert!(
                    (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                    "k {k} y {y}: {a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn front_holds_every_undominated_hour() {
        let heat: Vec<f64> = (0..300).map(|i| (i * 13 % 29) as f64).collect();
        let cool: Vec<f64> = (0..300).map(|i| (i * 7 % 31) as f64).collect();
        let p = ConnectedProfile::new(&[heat.clone(), vec![0.0; 300], cool.clone()]).unwrap();
        for (h, c) in heat.iter().zip(&cool) {
            // Every hour is weakly dominated by a front hour…
            assert!(p.front.iter().any(|(fh, fc)| fh >= h && fc >= c));
        }
        // …and no front hour is strictly dominated by another hour.
        for (fh, fc) in &p.front {
            assert!(!heat
                .iter()
                .zip(&cool)
                .any(|(h, c)| (h > fh && c >= fc) || (h >= fh && c > fc)));
        }
    }
}
