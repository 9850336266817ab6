//! Hourly load synthesis, aggregation and load-levelling metrics.
//!
//! District hourly load = Σ over uses of floor_m2 × the use's hourly intensity (kW/m²).
//! Uses are linear, so floor is aggregated per use first and cost does not grow with the
//! parcel count (ARCHITECTURE.md). Definitions of every metric: loads.md §1.

use crate::calendar::{Calendar, DayType, DAYS_PER_YEAR, HOURS_PER_YEAR};
use crate::carrier::{Carrier, PerCarrier};
use crate::library::CarrierShape;
use itertools::Itertools;
use serde::Serialize;
use std::collections::BTreeMap;

/// Regional multipliers for one carrier: (peak coefficient, annual coefficient).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RegionalCoefficients {
    /// Multiplier on the design-day peak.
    pub peak: f64,
    /// Multiplier on the annual energy.
    pub annual: f64,
}

impl RegionalCoefficients {
    /// No adjustment (Kantō base, or hot water and electricity).
    pub const NONE: RegionalCoefficients = RegionalCoefficients {
        peak: 1.0,
        annual: 1.0,
    };
}

/// Raw (unscaled) series of a shape with monthly factor `factor(month_index)` × day shape.
fn raw_series_with(
    shape: &CarrierShape,
    seasons: &BTreeMap<String, Vec<u32>>,
    calendar: &Calendar,
    factor: impl Fn(usize) -> f64,
) -> Vec<f64> {
    // Day shapes per month (validated: every month covered exactly once).
    let mut by_month: [usize; 12] = [0; 12];
    for (i, d) in shape.days.iter().enumerate() {
        if d.season == "all" {
            by_month = [i; 12];
        } else if let Some(months) = seasons.get(&d.season) {
            for &m in months {
                by_month[(m - 1) as usize] = i;
            }
        }
    }
    let mut out = Vec::with_capacity(HOURS_PER_YEAR);
    for day in &calendar.days {
        let mi = (day.month - 1) as usize;
        let f = factor(mi);
        let ds = &shape.days[by_month[mi]];
        let prof = match day.day_type {
            DayType::Weekday => &ds.weekday,
            DayType::Saturday => &ds.saturday,
            DayType::Holiday => &ds.holiday,
        };
        out.extend(prof.iter().map(|v| v * f));
    }
    out
}

/// Hourly intensity (kW per m² of floor) of one use × carrier for the reference year.
///
/// The shape (monthly factors × day-type shapes) is scaled so the annual sum equals
/// `annual_kwh_per_m2 × regional.annual`. With regional coefficients the design month is
/// scaled by `regional.peak` and the other months are reshaped so that the annual energy
/// follows `regional.annual` (loads.md §7 gives peak and annual coefficients separately):
/// first by a power law on the monthly factors (m → m^γ, γ by bisection in [0.05, 40]:
/// γ > 1 shortens the season, γ < 1 lengthens it); if even γ = 0.05 is not enough, months
/// without load are brought in at a common level β (a longer season, e.g. Hokkaidō).
/// Returns the series and the exponent γ used.
pub fn synthesize(
    shape: &CarrierShape,
    seasons: &BTreeMap<String, Vec<u32>>,
    calendar: &Calendar,
    annual_kwh_per_m2: f64,
    regional: RegionalCoefficients,
) -> (Vec<f64>, f64) {
    let m = &shape.monthly;
    let base = raw_series_with(shape, seasons, calendar, |i| m[i]);
    let base_sum: f64 = base.iter().sum();
    if base_sum <= 0.0 || annual_kwh_per_m2 <= 0.0 {
        return (vec![0.0; HOURS_PER_YEAR], 1.0);
    }
    if regional == RegionalCoefficients::NONE {
        let k = annual_kwh_per_m2 / base_sum;
        return (base.into_iter().map(|v| v * k).collect(), 1.0);
    }
    // Energy of each month at unit monthly factor: E(γ) = Σ m_i^γ · S_i.
    let unit = raw_series_with(shape, seasons, calendar, |_| 1.0);
    let mut s_month = [0.0; 12];
    for (i, (start, len)) in calendar.month_ranges().iter().enumerate() {
        s_month[i] = unit[*start..start + len].iter().sum();
    }
    let pow = |mi: f64, g: f64| if mi > 0.0 { mi.powf(g) } else { 0.0 };
    let energy = |g: f64| -> f64 { (0..12).map(|i| pow(m[i], g) * s_month[i]).sum() };
    let target = regional.annual / regional.peak * base_sum;
    let (mut lo, mut hi) = (0.05_f64, 40.0_f64);
    let k = regional.peak * annual_kwh_per_m2 / base_sum;
    if target >= energy(lo) {
        // Lengthen the season: bring idle months in at level β.
        let e_lo = energy(lo);
        let all: f64 = s_month.iter().sum();
        let beta = if all > e_lo {
            ((target - e_lo) / (all - e_lo)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let raw = raw_series_with(shape, seasons, calendar, |i| {
            let p = pow(m[i], lo);
            p + beta * (1.0 - p)
        });
        return (raw.into_iter().map(|v| v * k).collect(), lo);
    }
    let gamma = if target <= energy(hi) {
        hi
    } else {
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if energy(mid) > target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    };
    let raw = raw_series_with(shape, seasons, calendar, |i| pow(m[i], gamma));
    (raw.into_iter().map(|v| v * k).collect(), gamma)
}

/// A use ready for aggregation: hourly intensities per carrier plus sizing maxima.
#[derive(Debug, Clone, Serialize)]
pub struct UseModel {
    /// Use id (CONTRACT.md identifier or user-defined).
    pub id: String,
    /// English label.
    pub label_en: String,
    /// Japanese label.
    pub label_ja: String,
    /// Hourly intensity, kW/m², 8760 values per carrier.
    #[serde(skip)]
    pub unit_kw_per_m2: PerCarrier<Vec<f64>>,
    /// Annual energy after regional adjustment, kWh/m²·yr.
    pub annual_kwh_per_m2: PerCarrier<f64>,
    /// Own hourly peak, W/m²: the design-day peak for built-in shapes (max over the
    /// weekdays of the carrier's design month), the annual peak for measured series.
    pub design_peak_w_per_m2: PerCarrier<f64>,
    /// Equipment-sizing maximum (loads.md §2), W/m², regional peak coefficient applied.
    pub sizing_w_per_m2: PerCarrier<f64>,
    /// Where the numbers come from.
    pub source: String,
    /// The monthly fuel records the heat loads were imported from (a user use with
    /// `fuel_records`), for the waste-heat study's monthly plan and accounting.
    #[serde(skip)]
    pub fuel_record: Option<std::sync::Arc<crate::fuel_records::FuelRecord>>,
}

impl UseModel {
    /// Build from per-carrier hourly intensities (kW/m²) and sizing maxima (W/m²).
    pub fn new(
        id: &str,
        label_en: &str,
        label_ja: &str,
        unit_kw_per_m2: PerCarrier<Vec<f64>>,
        sizing_w_per_m2: PerCarrier<f64>,
        calendar: &Calendar,
        source: String,
    ) -> UseModel {
        let mut annual = PerCarrier::<f64>::default();
        let mut design = PerCarrier::<f64>::default();
        for c in Carrier::ALL {
            let s = &unit_kw_per_m2[c.index()];
            annual[c.index()] = s.iter().sum();
            // The use's own peak. For built-in shapes it lies on the design day (January /
            // August weekday); a measured series may peak elsewhere, and taking its own
            // annual peak keeps CF = peak of sum ÷ Σ own peaks ≤ 1.
            let _ = calendar;
            design[c.index()] = peak(s) * 1000.0;
        }
        UseModel {
            id: id.to_string(),
            label_en: label_en.to_string(),
            label_ja: label_ja.to_string(),
            unit_kw_per_m2,
            annual_kwh_per_m2: annual,
            design_peak_w_per_m2: design,
            sizing_w_per_m2,
            source,
            fuel_record: None,
        }
    }
}

/// The 24 hourly values of day `day` (0..365).
pub fn day_slice(series: &[f64], day: usize) -> &[f64] {
    &series[day * 24..day * 24 + 24]
}

/// Design day of a series: the weekday of `month` with the highest hourly value
/// (loads.md §1: January weekday for heat, August weekday for cooling/electricity).
/// Falls back to the day of the annual maximum if the month has no weekday.
pub fn design_day(calendar: &Calendar, series: &[f64], month: u32) -> usize {
    let best = calendar
        .weekdays_of_month(month)
        .map(|d| {
            (
                d,
                day_slice(series, d)
                    .iter()
                    .cloned()
                    .fold(f64::MIN, f64::max),
            )
        })
        .fold(None::<(usize, f64)>, |acc, (d, p)| match acc {
            Some((_, bp)) if bp >= p => acc,
            _ => Some((d, p)),
        });
    match best {
        Some((d, _)) => d,
        None => peak_hour(series) / 24,
    }
}

/// Hour index of the maximum (first one on ties).
pub fn peak_hour(series: &[f64]) -> usize {
    series
        .iter()
        .enumerate()
        .fold(
            (0, f64::MIN),
            |(bi, bv), (i, &v)| if v > bv { (i, v) } else { (bi, bv) },
        )
        .0
}

/// Maximum of a series (0 for an empty one).
pub fn peak(series: &[f64]) -> f64 {
    series.iter().cloned().fold(0.0, f64::max)
}

/// Daily load factor (日負荷率) = energy of the day ÷ (24 h × peak of that day); 0 if idle.
pub fn daily_load_factor(series: &[f64], day: usize) -> f64 {
    let d = day_slice(series, day);
    let p = peak(d);
    if p <= 0.0 {
        0.0
    } else {
        d.iter().sum::<f64>() / (24.0 * p)
    }
}

/// Annual load factor (年負荷率) = annual energy ÷ (hours × annual peak); 0 if idle.
pub fn annual_load_factor(series: &[f64]) -> f64 {
    let p = peak(series);
    if p <= 0.0 {
        0.0
    } else {
        series.iter().sum::<f64>() / (series.len() as f64 * p)
    }
}

/// Full-load hours (等価全負荷時間) = annual energy ÷ annual peak, h; 0 if idle.
pub fn full_load_hours(series: &[f64]) -> f64 {
    let p = peak(series);
    if p <= 0.0 {
        0.0
    } else {
        series.iter().sum::<f64>() / p
    }
}

/// Coincidence factor (同時使用率) = peak of the sum ÷ sum of the individual peaks.
/// Returns 1.0 when there is no load at all (no diversity to speak of).
pub fn coincidence_factor(coincident_peak: f64, sum_of_peaks: f64) -> f64 {
    if sum_of_peaks <= 0.0 {
        1.0
    } else {
        coincident_peak / sum_of_peaks
    }
}

/// Energy per calendar month (same unit × h as the series), 12 values.
pub fn monthly_sums(calendar: &Calendar, series: &[f64]) -> [f64; 12] {
    let mut out = [0.0; 12];
    for (m, (start, len)) in calendar.month_ranges().iter().enumerate() {
        out[m] = series[*start..start + len].iter().sum();
    }
    out
}

/// Load-duration curve sampled at `points` evenly spaced ranks (first = annual peak,
/// last = annual minimum).
pub fn duration_curve(series: &[f64], points: usize) -> Vec<f64> {
    let mut sorted = series.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    if sorted.is_empty() || points == 0 {
        return vec![];
    }
    let n = sorted.len();
    (0..points)
        .map(|k| {
            sorted[((k as f64) * (n - 1) as f64 / (points.max(2) - 1) as f64).round() as usize]
        })
        .collect()
}

/// Summed district series per carrier for given floor areas by use.
#[derive(Debug, Clone)]
pub struct Loads {
    /// Floor area by use, m².
    pub floor_by_use_m2: BTreeMap<String, f64>,
    /// District total hourly load per carrier, kW.
    pub total_kw: PerCarrier<Vec<f64>>,
}

/// Aggregate hourly loads: Σ floor × unit intensity. Uses absent from `models` are skipped
/// (callers validate use ids beforehand).
pub fn aggregate(
    models: &BTreeMap<String, UseModel>,
    floor_by_use_m2: &BTreeMap<String, f64>,
) -> Loads {
    let mut total = PerCarrier::from_fn(|_| vec![0.0; HOURS_PER_YEAR]);
    for (u, &floor) in floor_by_use_m2 {
        let Some(m) = models.get(u) else { continue };
        if floor == 0.0 {
            continue;
        }
        for c in Carrier::ALL {
            for (t, v) in total[c.index()]
                .iter_mut()
                .zip(&m.unit_kw_per_m2[c.index()])
            {
                *t += floor * v;
            }
        }
    }
    Loads {
        floor_by_use_m2: floor_by_use_m2.clone(),
        total_kw: total,
    }
}

/// Points of the load-duration curve carried in reports.
pub const DURATION_POINTS: usize = 101;

/// Load metrics of one carrier (CONTRACT.md names).
#[derive(Debug, Clone, Serialize)]
pub struct CarrierMetrics {
    /// Annual energy, MWh.
    pub annual_mwh: f64,
    /// Σ over uses of each use's own hourly design-day peak, kW.
    pub sum_of_design_peaks_kw: f64,
    /// Peak of the summed hourly load over the year, kW.
    pub coincident_peak_kw: f64,
    /// coincident_peak_kw ÷ sum_of_design_peaks_kw.
    pub coincidence_factor: f64,
    /// 1 ÷ coincidence factor (reported under its own name: literature mixes the two).
    pub diversity_factor: f64,
    /// Σ of the equipment-sizing maxima (loads.md §2), kW.
    pub sum_of_sizing_peaks_kw: f64,
    /// Daily load factor on the design day.
    pub daily_load_factor: f64,
    /// Annual load factor.
    pub annual_load_factor: f64,
    /// Full-load hours, h.
    pub full_load_hours: f64,
    /// Design day as `MM-DD`.
    pub design_day: String,
    /// Peak of the design day, kW.
    pub design_day_peak_kw: f64,
    /// Hour of the design-day peak (index h = h:00–h+1:00).
    pub design_day_peak_hour: usize,
    /// The 24 hourly values of the design day, kW.
    pub design_day_kw: Vec<f64>,
    /// Energy per month, MWh.
    pub monthly_mwh: Vec<f64>,
    /// Load-duration curve, kW, `DURATION_POINTS` evenly spaced ranks.
    pub duration_curve_kw: Vec<f64>,
}

/// Metrics of a summed series given the per-use peaks (kW) that make up the sum.
pub fn carrier_metrics(
    calendar: &Calendar,
    series_kw: &[f64],
    design_month: u32,
    sum_of_design_peaks_kw: f64,
    sum_of_sizing_peaks_kw: f64,
) -> CarrierMetrics {
    let annual_kwh: f64 = series_kw.iter().sum();
    let coincident = peak(series_kw);
    let d = design_day(calendar, series_kw, design_month);
    let day = day_slice(series_kw, d);
    let cf = coincidence_factor(coincident, sum_of_design_peaks_kw);
    let date = &calendar.days[d];
    CarrierMetrics {
        annual_mwh: annual_kwh / 1000.0,
        sum_of_design_peaks_kw,
        coincident_peak_kw: coincident,
        coincidence_factor: cf,
        diversity_factor: if cf > 0.0 { 1.0 / cf } else { 0.0 },
        sum_of_sizing_peaks_kw,
        daily_load_factor: daily_load_factor(series_kw, d),
        annual_load_factor: annual_load_factor(series_kw),
        full_load_hours: full_load_hours(series_kw),
        design_day: format!("{:02}-{:02}", date.month, date.day_of_month),
        design_day_peak_kw: peak(day),
        design_day_peak_hour: peak_hour(day),
        design_day_kw: day.to_vec(),
        monthly_mwh: monthly_sums(calendar, series_kw)
            .iter()
            .map(|v| v / 1000.0)
            .collect(),
        duration_curve_kw: duration_curve(series_kw, DURATION_POINTS),
    }
}

/// Metrics of all four carriers of aggregated loads.
pub fn load_metrics(
    calendar: &Calendar,
    models: &BTreeMap<String, UseModel>,
    loads: &Loads,
) -> PerCarrier<CarrierMetrics> {
    PerCarrier::from_fn(|c| {
        let (design, sizing) = peak_sums(models, &loads.floor_by_use_m2, &[c]);
        carrier_metrics(
            calendar,
            &loads.total_kw[c],
            c.design_month(),
            design,
            sizing,
        )
    })
}

/// Σ over uses of (design-day peak, sizing maximum) in kW for the given carriers.
/// For several carriers (combined columns) the design peak of each use is the peak of
/// its own summed series on its design day.
pub fn peak_sums(
    models: &BTreeMap<String, UseModel>,
    floor_by_use_m2: &BTreeMap<String, f64>,
    carriers: &[Carrier],
) -> (f64, f64) {
    let mut design = 0.0;
    let mut sizing = 0.0;
    for (u, &floor) in floor_by_use_m2 {
        let Some(m) = models.get(u) else { continue };
        if carriers.len() == 1 {
            design += floor * m.design_peak_w_per_m2[carriers[0].index()] / 1000.0;
        } else {
            let s = sum_series(carriers.iter().map(|c| &m.unit_kw_per_m2[c.index()][..]));
            design += floor * peak(&s);
        }
        sizing += carriers
            .iter()
            .map(|c| floor * m.sizing_w_per_m2[c.index()] / 1000.0)
            .sum::<f64>();
    }
    (design, sizing)
}

/// Element-wise sum of equally long series.
pub fn sum_series<'a>(series: impl Iterator<Item = &'a [f64]>) -> Vec<f64> {
    let mut out = vec![0.0; HOURS_PER_YEAR];
    for s in series {
        for (o, v) in out.iter_mut().zip(s) {
            *o += v;
        }
    }
    out
}

/// A combined carrier of the `mix` command (CONTRACT.md): `heating_hot_water` or
/// `cooling_electricity`, or a single carrier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CarrierGroup {
    /// JSON id.
    pub id: &'static str,
    /// Carriers summed.
    pub carriers: &'static [Carrier],
    /// Design month.
    pub design_month: u32,
}

/// The four single carriers and the two combined columns of loads.md §4.
pub const CARRIER_GROUPS: [CarrierGroup; 6] = [
    CarrierGroup {
        id: "heating",
        carriers: &[Carrier::Heating],
        design_month: 1,
    },
    CarrierGroup {
        id: "hot_water",
        carriers: &[Carrier::HotWater],
        design_month: 1,
    },
    CarrierGroup {
        id: "cooling",
        carriers: &[Carrier::Cooling],
        design_month: 8,
    },
    CarrierGroup {
        id: "electricity",
        carriers: &[Carrier::Electricity],
        design_month: 8,
    },
    CarrierGroup {
        id: "heating_hot_water",
        carriers: &[Carrier::Heating, Carrier::HotWater],
        design_month: 1,
    },
    CarrierGroup {
        id: "cooling_electricity",
        carriers: &[Carrier::Cooling, Carrier::Electricity],
        design_month: 8,
    },
];

/// Mixing statistics of one carrier group for a set of uses.
#[derive(Debug, Clone, Serialize)]
pub struct MixStats {
    /// Coincidence factor (peak of sum ÷ Σ own design-day peaks).
    pub coincidence_factor: f64,
    /// Daily load factor of the sum on the design day.
    pub daily_load_factor: f64,
    /// Annual load factor of the sum.
    pub annual_load_factor: f64,
    /// Peak of the summed load, kW.
    pub coincident_peak_kw: f64,
    /// Σ over uses of each use's hourly design-day peak, kW.
    pub sum_of_design_peaks_kw: f64,
}

/// Mixing statistics of a floor mix for every carrier group.
pub fn mix_stats(
    calendar: &Calendar,
    models: &BTreeMap<String, UseModel>,
    floor_by_use_m2: &BTreeMap<String, f64>,
) -> BTreeMap<&'static str, MixStats> {
    let loads = aggregate(models, floor_by_use_m2);
    CARRIER_GROUPS
        .iter()
        .map(|g| {
            let s = sum_series(g.carriers.iter().map(|c| &loads.total_kw[c.index()][..]));
            let (design, _) = peak_sums(models, floor_by_use_m2, g.carriers);
            let coincident = peak(&s);
            let d = design_day(calendar, &s, g.design_month);
            (
                g.id,
                MixStats {
                    coincidence_factor: coincidence_factor(coincident, design),
                    daily_load_factor: daily_load_factor(&s, d),
                    annual_load_factor: annual_load_factor(&s),
                    coincident_peak_kw: coincident,
                    sum_of_design_peaks_kw: design,
                },
            )
        })
        .collect()
}

/// Design-day curves of a few uses and their sum for one carrier (the study's pair charts).
#[derive(Debug, Clone, Serialize)]
pub struct MixDay {
    /// Carrier.
    pub carrier: Carrier,
    /// Design day of the sum (`MM-DD`): the carrier's design month's weekday with the highest
    /// summed hour.
    pub design_day: String,
    /// 24 hourly values of each use at its floor, kW (index h = h:00–h+1:00).
    pub uses_kw: BTreeMap<String, Vec<f64>>,
    /// 24 hourly values of the sum, kW.
    pub total_kw: Vec<f64>,
    /// Hour of each use's own peak on that day (0–23).
    pub peak_hour: BTreeMap<String, usize>,
    /// Hour of the summed peak.
    pub total_peak_hour: usize,
    /// Peak of the sum ÷ Σ of the uses' own design-day peaks (coincidence factor).
    pub coincidence_factor: f64,
}

/// Design-day curves of `floor_by_use_m2` per carrier (uses without a model are skipped).
pub fn mix_days(
    calendar: &Calendar,
    models: &BTreeMap<String, UseModel>,
    floor_by_use_m2: &BTreeMap<String, f64>,
) -> Vec<MixDay> {
    Carrier::ALL
        .iter()
        .map(|&c| {
            let series: Vec<(&String, Vec<f64>)> = floor_by_use_m2
                .iter()
                .filter_map(|(u, &f)| {
                    let m = models.get(u)?;
                    Some((
                        u,
                        m.unit_kw_per_m2[c.index()].iter().map(|v| v * f).collect(),
                    ))
                })
                .collect();
            let total = sum_series(series.iter().map(|(_, s)| &s[..]));
            let d = design_day(calendar, &total, c.design_month());
            let day = &calendar.days[d];
            let hour = |s: &[f64]| peak_hour(day_slice(s, d));
            let (design, _) = peak_sums(models, floor_by_use_m2, &[c]);
            MixDay {
                carrier: c,
                design_day: format!("{:02}-{:02}", day.month, day.day_of_month),
                uses_kw: series
                    .iter()
                    .map(|(u, s)| ((*u).clone(), day_slice(s, d).to_vec()))
                    .collect(),
                peak_hour: series
                    .iter()
                    .map(|(u, s)| ((*u).clone(), hour(s)))
                    .collect(),
                total_kw: day_slice(&total, d).to_vec(),
                total_peak_hour: hour(&total),
                coincidence_factor: coincidence_factor(peak(&total), design),
            }
        })
        .collect()
}

/// One cell of the pairwise mixing table: two uses at equal floor area.
#[derive(Debug, Clone, Serialize)]
pub struct PairMix {
    /// First use id.
    pub a: String,
    /// Second use id.
    pub b: String,
    /// Statistics per carrier group id.
    pub stats: BTreeMap<&'static str, MixStats>,
}

/// Pairwise mixing table of the given uses, each pair at `floor_m2` each (the DHC
/// handbook's per-10,000 m² convention).
pub fn mixing_matrix(
    calendar: &Calendar,
    models: &BTreeMap<String, UseModel>,
    uses: &[String],
    floor_m2: f64,
) -> Vec<PairMix> {
    uses.iter()
        .tuple_combinations()
        .map(|(a, b)| {
            let floor: BTreeMap<String, f64> =
                [(a.clone(), floor_m2), (b.clone(), floor_m2)].into();
            PairMix {
                a: a.clone(),
                b: b.clone(),
                stats: mix_stats(calendar, models, &floor),
            }
        })
        .collect()
}

/// Number of days in the reference year (re-exported for callers sizing buffers).
pub const DAYS: usize = DAYS_PER_YEAR;

#[cfg(test)]
mod tests {
    use super::*;

    fn flat_year(v: f64) -> Vec<f64> {
        vec![v; HOURS_PER_YEAR]
    }

    #[test]
    fn load_factors_of_a_flat_series_are_one() {
        let s = flat_year(3.0);
        assert!((daily_load_factor(&s, 10) - 1.0).abs() < 1e-12);
        assert!((annual_load_factor(&s) - 1.0).abs() < 1e-12);
        assert!((full_load_hours(&s) - 8760.0).abs() < 1e-9);
    }

    #[test]
    fn daily_load_factor_of_a_two_level_day() {
        // 8 h at 10 kW and 16 h at 1 kW: (80 + 16) / (24 × 10) = 0.4.
        let mut s = flat_year(1.0);
        for h in 8..16 {
            s[24 * 3 + h] = 10.0;
        }
        assert!((daily_load_factor(&s, 3) - 0.4).abs() < 1e-12);
        // other days are flat
        assert!((daily_load_factor(&s, 4) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn annual_load_factor_and_full_load_hours_of_one_spike() {
        let mut s = vec![0.0; HOURS_PER_YEAR];
        s[100] = 50.0;
        s[200] = 25.0;
        assert!((full_load_hours(&s) - 1.5).abs() < 1e-12);
        assert!((annual_load_factor(&s) - 1.5 / 8760.0).abs() < 1e-15);
        assert_eq!(peak_hour(&s), 100);
    }

    #[test]
    fn zero_series_gives_zero_factors_not_nan() {
        let s = vec![0.0; HOURS_PER_YEAR];
        assert_eq!(daily_load_factor(&s, 0), 0.0);
        assert_eq!(annual_load_factor(&s), 0.0);
        assert_eq!(full_load_hours(&s), 0.0);
        assert_eq!(coincidence_factor(0.0, 0.0), 1.0);
    }

    #[test]
    fn coincidence_of_anti_phase_loads() {
        // Two loads peaking at different hours: CF = 10 / 20.
        let mut a = vec![0.0; HOURS_PER_YEAR];
        let mut b = vec![0.0; HOURS_PER_YEAR];
        a[5] = 10.0;
        b[6] = 10.0;
        let s = sum_series([&a[..], &b[..]].into_iter());
        assert!((coincidence_factor(peak(&s), peak(&a) + peak(&b)) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn monthly_sums_and_duration_curve() {
        let cal = Calendar::new(2023, true);
        let s = flat_year(1.0);
        let m = monthly_sums(&cal, &s);
        assert_eq!(m[0], 31.0 * 24.0);
        assert_eq!(m[1], 28.0 * 24.0);
        assert_eq!(m.iter().sum::<f64>(), 8760.0);
        let mut r: Vec<f64> = (0..HOURS_PER_YEAR).map(|i| i as f64).collect();
        r.reverse();
        let dc = duration_curve(&r, 3);
        assert_eq!(dc, vec![8759.0, 4379.0, 0.0]); // rank round(8759/2) = 4380 → value 4379
    }

    #[test]
    fn design_day_is_the_highest_weekday_of_the_month() {
        let cal = Calendar::new(2023, true);
        let mut s = flat_year(1.0);
        // Sunday 8 January 2023 (holiday, day index 7) gets a bigger spike than weekday 10 Jan.
        s[7 * 24 + 10] = 9.0;
        s[9 * 24 + 10] = 5.0;
        assert_eq!(design_day(&cal, &s, 1), 9);
    }
}
