//! Stochastic household model: households as a population, not an average.
//!
//! Each dwelling gets a household type (size, occupancy pattern: one working adult, working
//! couple, family with both parents working, family with someone home all day, elderly),
//! a log-normal consumption level within its type and its own schedule offsets. Every day
//! it draws wake, departure, return and bed times, meal and bath times, laundry events and
//! hour-to-hour appliance noise (statrs distributions, ChaCha8 RNG with an explicit seed:
//! the same seed gives byte-identical output). Hourly energy per end use follows from
//! occupancy (awake at home / asleep / away), day type (weekday, Saturday, Sunday-holiday),
//! month (seasonal weights) and the hour of day (darkness for lighting, evening TV use,
//! morning warm-up).
//!
//! Totals are scaled so that the population mean of every end use equals the per-dwelling
//! values of loads.md §8 (consumption basis, see `heat_basis_note` in housing.yaml); the
//! spread around them is the model's. Averaging N households reproduces the behaviour
//! loads.md §8 describes: the levelling ratio (max ÷ mean of the 24-h profile, loads.md §1)
//! falls steeply with N and changes little beyond about 20 households.

use crate::calendar::{Calendar, DayType, DAYS_PER_YEAR, HOURS_PER_YEAR};
use crate::housing::{HouseholdType, HousingData};
use rand::distributions::Distribution;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use statrs::distribution::{Gamma, LogNormal, Normal, Poisson};

/// End uses in model order (ids of housing.yaml `end_uses`).
pub const END_USES: [&str; 7] = [
    "space_heating",
    "cooling",
    "ventilation",
    "hot_water",
    "lighting",
    "appliances",
    "cooking",
];
/// Index of space heating in [`END_USES`].
pub const SPACE_HEATING: usize = 0;
/// Index of cooling.
pub const COOLING: usize = 1;
/// Index of ventilation.
pub const VENTILATION: usize = 2;
/// Index of hot water.
pub const HOT_WATER: usize = 3;
/// Index of lighting.
pub const LIGHTING: usize = 4;
/// Index of appliances.
pub const APPLIANCES: usize = 5;
/// Index of cooking.
pub const COOKING: usize = 6;

// Model components: appliances split into a constant base and an activity part.
const N_COMP: usize = 8;
const C_APPL_ACTIVE: usize = 7;

/// kWh per GJ.
pub const KWH_PER_GJ: f64 = 1e6 / 3600.0;

/// A drawn household.
#[derive(Debug, Clone, Serialize)]
pub struct Household {
    /// Household type id.
    pub type_id: String,
    /// Persons.
    pub persons: u32,
    /// Consumption level relative to the average dwelling (type scale × log-normal draw).
    pub level: f64,
    /// Own offset of the schedule, h.
    pub offset_h: f64,
    /// Propensity to heat (log-normal, mean 1).
    pub heat_propensity: f64,
    /// Propensity to cool (log-normal, mean 1).
    pub cool_propensity: f64,
    /// Seed of this household's day draws.
    #[serde(skip)]
    pub stream: u64,
}

/// One day of one household: energy per end use and hour, kWh on the consumption basis
/// (electric uses as primary-energy kWh-equivalents, hot water as gas input).
pub type DayLoads = [[f64; 24]; 7];

/// A year of one household: 8760 values per end use, basis kWh.
#[derive(Debug, Clone)]
pub struct YearLoads {
    /// Hourly energy per end use ([`END_USES`] order), basis kWh.
    pub end_use_kwh: [Vec<f64>; 7],
}

impl YearLoads {
    /// Annual energy of an end use, GJ.
    pub fn annual_gj(&self, i: usize) -> f64 {
        self.end_use_kwh[i].iter().sum::<f64>() / KWH_PER_GJ
    }
}

/// The model with its normalisation to loads.md §8.
#[derive(Debug, Clone)]
pub struct HouseholdModel<'a> {
    /// Data.
    pub data: &'a HousingData,
    types: Vec<(String, HouseholdType)>,
    coef: [f64; N_COMP],
}

struct Dists {
    jitter: Normal,
    gamma: Gamma,
    laundry: Poisson,
}

fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// Fraction of each hour of the day inside [start, end) (end may exceed 24: wraps).
fn hours_in(start: f64, end: f64) -> [f64; 24] {
    let mut out = [0.0; 24];
    for (k, o) in out.iter_mut().enumerate() {
        let (h0, h1) = (k as f64, k as f64 + 1.0);
        *o = overlap(h0, h1, start, end) + overlap(h0 + 24.0, h1 + 24.0, start, end);
        *o = o.min(1.0);
    }
    out
}

/// Approximate sunrise and sunset (h, JST) by month for ≈ 35 °N (lighting darkness).
fn daylight(month: u32) -> (f64, f64) {
    let c = (2.0 * std::f64::consts::PI * (month as f64 - 0.5) / 12.0).cos();
    (5.6 + 1.1 * c, 17.8 - 1.3 * c)
}

fn slot(x: f64) -> usize {
    (x.rem_euclid(24.0)).floor() as usize % 24
}

impl<'a> HouseholdModel<'a> {
    /// Build the model and scale it to loads.md §8 on a fixed-seed normalisation sample.
    // Several parallel per-hour / per-component arrays are indexed together.
    #[allow(clippy::needless_range_loop)]
    pub fn new(data: &'a HousingData) -> HouseholdModel<'a> {
        let types: Vec<(String, HouseholdType)> = data
            .household_types
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut m = HouseholdModel {
            data,
            types,
            coef: [1.0; N_COMP],
        };
        let hm = &data.household_model;
        let n = hm.normalisation_households.value.max(10.0) as usize;
        let cal = Calendar::new(2023, true);
        let pop = m.population(n, hm.normalisation_seed.value as u64);
        let mut raw = [0.0; N_COMP];
        for h in &pop {
            let mut rng = h.rng();
            for d in 0..DAYS_PER_YEAR {
                let day = m.raw_day(h, cal.days[d].month, cal.days[d].day_type, &mut rng);
                for (c, r) in raw.iter_mut().enumerate() {
                    *r += day[c].iter().sum::<f64>();
                }
            }
        }
        let b = hm.base_share_appliances.value;
        for c in 0..N_COMP {
            let eu = match c {
                C_APPL_ACTIVE => APPLIANCES,
                x => x,
            };
            let share = match c {
                APPLIANCES => b,
                C_APPL_ACTIVE => 1.0 - b,
                _ => 1.0,
            };
            let target = data.end_uses[END_USES[eu]].gj * KWH_PER_GJ * share;
            let mean = raw[c] / n as f64;
            m.coef[c] = if mean > 0.0 { target / mean } else { 0.0 };
        }
        m
    }

    fn dists(&self) -> Dists {
        let hm = &self.data.household_model;
        let k = hm.hourly_noise_shape.value;
        Dists {
            jitter: Normal::new(0.0, hm.schedule_jitter_h.value.max(1e-9)).expect("σ > 0"),
            gamma: Gamma::new(k, k).expect("shape > 0"),
            laundry: Poisson::new(hm.laundry_per_day.value.max(1e-9)).expect("λ > 0"),
        }
    }

    /// Draw one household (type by share, level, offsets, propensities).
    pub fn draw(&self, rng: &mut ChaCha8Rng) -> Household {
        let u: f64 = rng.gen();
        let mut acc = 0.0;
        let mut pick = &self.types[self.types.len() - 1];
        for t in &self.types {
            acc += t.1.share;
            if u < acc {
                pick = t;
                break;
            }
        }
        let (id, ty) = pick;
        let ln = |s: f64, rng: &mut ChaCha8Rng| -> f64 {
            if s <= 0.0 {
                return 1.0;
            }
            LogNormal::new(-s * s / 2.0, s).expect("σ > 0").sample(rng)
        };
        let off = Normal::new(
            0.0,
            self.data.household_model.household_offset_h.value.max(1e-9),
        )
        .expect("σ > 0")
        .sample(rng);
        Household {
            type_id: id.clone(),
            persons: ty.persons,
            level: ty.scale * ln(ty.spread, rng),
            offset_h: off.clamp(-2.0, 2.0),
            heat_propensity: ln(0.4, rng),
            cool_propensity: ln(0.5, rng),
            stream: rng.gen(),
        }
    }

    /// `n` households drawn with `seed` (each with its own day stream).
    pub fn population(&self, n: usize, seed: u64) -> Vec<Household> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..n).map(|_| self.draw(&mut rng)).collect()
    }

    fn ty(&self, h: &Household) -> &HouseholdType {
        &self
            .types
            .iter()
            .find(|t| t.0 == h.type_id)
            .expect("drawn from the types")
            .1
    }

    /// Raw (unscaled) hourly components of one day.
    fn raw_day(
        &self,
        h: &Household,
        month: u32,
        day_type: DayType,
        rng: &mut ChaCha8Rng,
    ) -> [[f64; 24]; N_COMP] {
        let d = self.dists();
        let hm = &self.data.household_model;
        let ty = self.ty(h);
        let mi = (month - 1) as usize;
        let s = &self.data.seasonal;
        let j = |rng: &mut ChaCha8Rng| d.jitter.sample(rng);
        let workday = day_type == DayType::Weekday && !ty.home_all_day;
        let weekend = day_type != DayType::Weekday;
        let delay = if weekend {
            hm.weekend_wake_delay_h.value
        } else {
            0.0
        };
        let wake = ty.wake + h.offset_h * 0.5 + delay + j(rng);
        let bed = (ty.bed + h.offset_h * 0.5 + j(rng)).max(wake + 8.0);
        // Away periods: commuting on workdays; an outing on some weekend days.
        let (leave, ret) = if workday {
            (
                (ty.leave + h.offset_h * 0.3 + j(rng) * 0.5).max(wake + 0.5),
                ty.r#return + h.offset_h + j(rng) * 1.5,
            )
        } else if rng.gen::<f64>() < if weekend { 0.45 } else { 0.3 } {
            let start = 10.0 + 2.0 * rng.gen::<f64>();
            (start, start + 2.0 + 4.0 * rng.gen::<f64>())
        } else {
            (0.0, 0.0)
        };
        let awake_all = hours_in(wake, bed);
        let away = hours_in(leave, ret.max(leave));
        let mut awake = [0.0; 24];
        let mut asleep = [0.0; 24];
        for k in 0..24 {
            awake[k] = (awake_all[k] - away[k]).max(0.0);
            asleep[k] = 1.0 - awake_all[k];
        }
        let mut c = [[0.0; 24]; N_COMP];
        let (sunrise, sunset) = daylight(month);
        let heat_m = s.space_heating.value[mi];
        let cool_m = s.cooling.value[mi];
        let hw_m = s.hot_water.value[mi];
        let light_m = s.lighting.value[mi];
        let ev = hm.evening_weight.value;
        for k in 0..24 {
            let kf = k as f64 + 0.5;
            let noise = d.gamma.sample(rng);
            // Space heating: occupied rooms while awake (intermittent heating), morning
            // warm-up strongest; a little at night.
            let morning = if kf < wake + 2.0 && kf >= wake - 0.5 {
                1.6
            } else {
                1.0
            };
            c[SPACE_HEATING][k] =
                heat_m * h.heat_propensity * (awake[k] * morning + 0.1 * asleep[k]);
            // Cooling: afternoon heat, evening, and some night cooling in midsummer.
            let afternoon = if (13.0..18.0).contains(&kf) {
                1.4
            } else if kf < 11.0 {
                0.5
            } else {
                1.0
            };
            c[COOLING][k] = cool_m * h.cool_propensity * (awake[k] * afternoon + 0.4 * asleep[k]);
            c[VENTILATION][k] = 1.0;
            let dark = if kf < sunrise || kf > sunset {
                1.0
            } else {
                0.2
            };
            c[LIGHTING][k] = light_m * awake[k] * dark * noise;
            c[APPLIANCES][k] = 1.0;
            let evening = if (18.0..23.0).contains(&kf) { ev } else { 1.0 };
            c[C_APPL_ACTIVE][k] = awake[k] * evening * d.gamma.sample(rng);
        }
        // Laundry/cleaning events in awake hours at home.
        let events: f64 = d.laundry.sample(rng);
        let events = events as usize;
        let tot: f64 = awake.iter().sum();
        for _ in 0..events {
            if tot <= 0.0 {
                break;
            }
            let mut x = rng.gen::<f64>() * tot;
            for k in 0..24 {
                x -= awake[k];
                if x <= 0.0 {
                    // in units of one hour of mean activity
                    c[C_APPL_ACTIVE][k] += hm.laundry_kwh.value / 0.15;
                    break;
                }
            }
        }
        // Meals: breakfast, lunch if someone is home, dinner after return.
        let home_at = |t: f64| awake[slot(t)] > 0.3;
        let breakfast = wake + 0.4 + 0.2 * j(rng);
        c[COOKING][slot(breakfast)] += 0.3 * d.gamma.sample(rng);
        if home_at(12.0) {
            c[COOKING][12] += 0.25 * d.gamma.sample(rng);
        }
        let dinner = if workday {
            (ret + 0.6).max(18.0)
        } else {
            18.25
        } + h.offset_h * 0.5
            + j(rng);
        let cook = 0.8 * d.gamma.sample(rng);
        c[COOKING][slot(dinner - 0.5)] += 0.6 * cook;
        c[COOKING][slot(dinner + 0.5)] += 0.4 * cook;
        if home_at(dinner - 1.0) {
            c[COOKING][slot(dinner - 1.0)] += 0.2 * d.gamma.sample(rng);
        }
        // Hot water: evening bath (filled once, then topped up), showers, kitchen.
        let persons = h.persons as f64;
        if rng.gen::<f64>() < hm.bath_probability.value {
            let t = dinner.max(19.0) + 1.0 + 0.75 * j(rng).abs() + rng.gen::<f64>();
            c[HOT_WATER][slot(t)] += hw_m * (1.0 + 0.15 * (persons - 1.0));
            c[HOT_WATER][slot(t + 1.0)] += hw_m * 0.25 * (persons - 1.0);
        }
        for _ in 0..h.persons {
            if rng.gen::<f64>() < 0.25 {
                c[HOT_WATER][slot(wake + 0.3 * rng.gen::<f64>())] += hw_m * 0.35;
            }
        }
        c[HOT_WATER][slot(dinner + 1.0)] += hw_m * 0.15 * persons.sqrt();
        c[HOT_WATER][slot(breakfast)] += hw_m * 0.08 * persons.sqrt();
        c
    }

    /// One day of a household, basis kWh per end use and hour.
    // Several parallel per-hour / per-component arrays are indexed together.
    #[allow(clippy::needless_range_loop)]
    pub fn day(
        &self,
        h: &Household,
        month: u32,
        day_type: DayType,
        rng: &mut ChaCha8Rng,
    ) -> DayLoads {
        let raw = self.raw_day(h, month, day_type, rng);
        let mut out = [[0.0; 24]; 7];
        for c in 0..N_COMP {
            let eu = if c == C_APPL_ACTIVE { APPLIANCES } else { c };
            // Ventilation runs by dwelling, not by household habits.
            let level = if eu == VENTILATION { 1.0 } else { h.level };
            for k in 0..24 {
                out[eu][k] += raw[c][k] * self.coef[c] * level;
            }
        }
        out
    }

    /// A year of a household on the calendar.
    pub fn year(&self, h: &Household, cal: &Calendar) -> YearLoads {
        let mut rng = h.rng();
        let mut out: [Vec<f64>; 7] = Default::default();
        for v in out.iter_mut() {
            v.reserve(HOURS_PER_YEAR);
        }
        for d in &cal.days {
            let day = self.day(h, d.month, d.day_type, &mut rng);
            for (eu, v) in out.iter_mut().enumerate() {
                v.extend_from_slice(&day[eu]);
            }
        }
        YearLoads { end_use_kwh: out }
    }
}

impl Household {
    /// The household's own RNG stream.
    pub fn rng(&self) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(self.stream)
    }
}

/// Delivered electricity (kWh) of an hour's end-use energies: electric end uses on the
/// consumption basis ÷ (primary MJ/kWh ÷ 3.6). `electric[i]` says which end uses count.
pub fn electricity_kwh(e: &[f64; 7], electric: &[bool; 7], primary_mj_per_kwh: f64) -> f64 {
    let k = 3.6 / primary_mj_per_kwh;
    (0..7).filter(|&i| electric[i]).map(|i| e[i] * k).sum()
}

/// Which end uses are electric in BAU (housing.yaml `carrier`).
pub fn bau_electric(data: &HousingData) -> [bool; 7] {
    let mut out = [false; 7];
    for (i, id) in END_USES.iter().enumerate() {
        out[i] = data.end_uses[*id].carrier == crate::housing::EndUseCarrier::Electricity;
    }
    out
}

/// The levelling curve of `kukaku levelling` (CONTRACT.md).
#[derive(Debug, Clone, Serialize)]
pub struct LevellingCurve {
    /// 1, 2, …, N.
    pub households: Vec<usize>,
    /// Mean over draws of max ÷ mean of the 24-h electricity profile of N averaged households.
    pub levelling_ratio: Vec<f64>,
    /// Seed.
    pub seed: u64,
    /// 10th percentile over draws.
    pub levelling_ratio_p10: Vec<f64>,
    /// 90th percentile over draws.
    pub levelling_ratio_p90: Vec<f64>,
    /// Draws per N up to 20 households (each: N households on one random day of the
    /// reference year); beyond 20 the draws fall as 20/N (the mean is steadier there).
    pub replicates: usize,
    /// Draws actually made for each N.
    pub replicates_per_n: Vec<usize>,
    /// What the ratio is.
    pub definition: String,
}

/// max ÷ mean of a 24-h profile (loads.md §1 levelling ratio).
pub fn levelling_ratio(profile: &[f64]) -> f64 {
    let mean = profile.iter().sum::<f64>() / profile.len() as f64;
    if mean <= 0.0 {
        return 0.0;
    }
    profile.iter().copied().fold(0.0, f64::max) / mean
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() - 1) as f64 * p).round() as usize;
    v[i]
}

/// Levelling curve for 1..=`n_max` households: for each N, `replicates` draws of N fresh
/// households on one random day of the reference year; BAU electricity (loads.md §8).
pub fn levelling_curve(
    model: &HouseholdModel,
    cal: &Calendar,
    n_max: usize,
    seed: u64,
) -> LevellingCurve {
    let reps = model.data.levelling.replicates.value.max(1.0) as usize;
    let electric = bau_electric(model.data);
    let primary = model.data.consumption_primary_mj_per_kwh.value;
    let mut mean = vec![];
    let mut p10 = vec![];
    let mut p90 = vec![];
    let mut per_n = vec![];
    for n in 1..=n_max {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(n as u64);
        let reps = if n <= 20 {
            reps
        } else {
            (reps * 20).div_ceil(n).max(10)
        };
        per_n.push(reps);
        let mut ratios = Vec::with_capacity(reps);
        for _ in 0..reps {
            let d = &cal.days[rng.gen_range(0..DAYS_PER_YEAR)];
            let mut sum = [0.0; 24];
            for _ in 0..n {
                let h = model.draw(&mut rng);
                let mut hr = h.rng();
                let day = model.day(&h, d.month, d.day_type, &mut hr);
                for (k, s) in sum.iter_mut().enumerate() {
                    let e: [f64; 7] = std::array::from_fn(|i| day[i][k]);
                    *s += electricity_kwh(&e, &electric, primary);
                }
            }
            ratios.push(levelling_ratio(&sum));
        }
        mean.push(ratios.iter().sum::<f64>() / reps as f64);
        p10.push(percentile(&mut ratios, 0.1));
        p90.push(percentile(&mut ratios, 0.9));
    }
    LevellingCurve {
        households: (1..=n_max).collect(),
        levelling_ratio: mean,
        seed,
        levelling_ratio_p10: p10,
        levelling_ratio_p90: p90,
        replicates: reps,
        replicates_per_n: per_n,
        definition: "max ÷ mean of the 24-h electricity profile averaged over N households (loads.md §1), mean over draws of N households on a random day".into(),
    }
}

/// Profile-based coincidence factors of N dwellings (loads.md §1) for each N in `ns`
/// (ascending), from hourly years of the first N households of one seeded population:
/// (N, electricity CF, space heating + hot water CF, hot water CF).
// Several parallel per-hour / per-component arrays are indexed together.
#[allow(clippy::needless_range_loop)]
pub fn profile_coincidence(
    model: &HouseholdModel,
    cal: &Calendar,
    ns: &[usize],
    seed: u64,
) -> Vec<(usize, f64, f64, f64)> {
    let n_max = ns.iter().copied().max().unwrap_or(0);
    let pop = model.population(n_max, seed);
    let electric = bau_electric(model.data);
    let primary = model.data.consumption_primary_mj_per_kwh.value;
    let mut sums = [
        vec![0.0; HOURS_PER_YEAR],
        vec![0.0; HOURS_PER_YEAR],
        vec![0.0; HOURS_PER_YEAR],
    ];
    let mut peaks = [0.0; 3];
    let mut out = vec![];
    for (i, h) in pop.iter().enumerate() {
        let y = model.year(h, cal);
        let mut p = [0.0f64; 3];
        for t in 0..HOURS_PER_YEAR {
            let e: [f64; 7] = std::array::from_fn(|u| y.end_use_kwh[u][t]);
            let v = [
                electricity_kwh(&e, &electric, primary),
                e[SPACE_HEATING] + e[HOT_WATER],
                e[HOT_WATER],
            ];
            for c in 0..3 {
                sums[c][t] += v[c];
                p[c] = p[c].max(v[c]);
            }
        }
        for c in 0..3 {
            peaks[c] += p[c];
        }
        if ns.contains(&(i + 1)) {
            let cf: Vec<f64> = (0..3)
                .map(|c| {
                    let m = sums[c].iter().copied().fold(0.0, f64::max);
                    if peaks[c] > 0.0 {
                        m / peaks[c]
                    } else {
                        0.0
                    }
                })
                .collect();
            out.push((i + 1, cf[0], cf[1], cf[2]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(d: &HousingData) -> HouseholdModel<'_> {
        HouseholdModel::new(d)
    }

    #[test]
    fn population_mean_reproduces_loads_md_8() {
        let d = HousingData::builtin().unwrap();
        let m = model(&d);
        let cal = Calendar::new(2023, true);
        // An independent sample (other seed than the normalisation) lands near §8.
        let pop = m.population(150, 99);
        let mut tot = [0.0; 7];
        for h in &pop {
            let y = m.year(h, &cal);
            for (i, t) in tot.iter_mut().enumerate() {
                *t += y.annual_gj(i) / pop.len() as f64;
            }
        }
        for (i, id) in END_USES.iter().enumerate() {
            let want = d.end_uses[*id].gj;
            assert!(
                (tot[i] - want).abs() < 0.12 * want,
                "{id}: {} vs {want}",
                tot[i]
            );
        }
    }

    #[test]
    fn households_differ() {
        let d = HousingData::builtin().unwrap();
        let m = model(&d);
        let cal = Calendar::new(2023, true);
        let pop = m.population(40, 3);
        let totals: Vec<f64> = pop
            .iter()
            .map(|h| (0..7).map(|i| m.year(h, &cal).annual_gj(i)).sum::<f64>())
            .collect();
        let mean = totals.iter().sum::<f64>() / totals.len() as f64;
        let sd =
            (totals.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / totals.len() as f64).sqrt();
        assert!(sd / mean > 0.15, "households too alike: cv {}", sd / mean);
        let types: std::collections::BTreeSet<&str> =
            pop.iter().map(|h| h.type_id.as_str()).collect();
        assert!(types.len() >= 4);
    }

    #[test]
    fn average_profile_has_morning_and_larger_evening_peak_low_midday() {
        let d = HousingData::builtin().unwrap();
        let m = model(&d);
        let cal = Calendar::new(2023, true);
        let electric = bau_electric(&d);
        let mut prof = [0.0; 24];
        for h in &m.population(200, 5) {
            let y = m.year(h, &cal);
            for t in 0..HOURS_PER_YEAR {
                let e: [f64; 7] = std::array::from_fn(|u| y.end_use_kwh[u][t]);
                prof[t % 24] += electricity_kwh(&e, &electric, 9.8);
            }
        }
        let morning = prof[6..9].iter().copied().fold(0.0, f64::max);
        let evening = prof[18..23].iter().copied().fold(0.0, f64::max);
        let midday = prof[13..16].iter().sum::<f64>() / 3.0;
        let night = prof[2..5].iter().sum::<f64>() / 3.0;
        assert!(evening > morning, "evening {evening} morning {morning}");
        assert!(morning > midday * 1.1, "morning {morning} midday {midday}");
        assert!(midday > night, "midday {midday} night {night}");
    }

    #[test]
    fn levelling_falls_steeply_then_saturates() {
        let d = HousingData::builtin().unwrap();
        let m = model(&d);
        let cal = Calendar::new(2023, true);
        let c = levelling_curve(&m, &cal, 40, 11);
        let r = &c.levelling_ratio;
        assert!(r[0] > 2.5, "single household {}", r[0]);
        let drop_1_20 = r[0] - r[19];
        let drop_20_40 = r[19] - r[39];
        assert!(drop_1_20 > 4.0 * drop_20_40, "{r:?}");
        assert!(r[4] < r[0] && r[9] < r[4] && r[19] < r[9]);
        assert!(drop_20_40.abs() < 0.15 * r[19], "{r:?}");
    }

    #[test]
    fn seeded_determinism() {
        let d = HousingData::builtin().unwrap();
        let m = model(&d);
        let cal = Calendar::new(2023, true);
        let a = serde_json::to_string(&levelling_curve(&m, &cal, 5, 42)).unwrap();
        let b = serde_json::to_string(&levelling_curve(&m, &cal, 5, 42)).unwrap();
        let c = serde_json::to_string(&levelling_curve(&m, &cal, 5, 43)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn profile_coincidence_falls_with_n() {
        let d = HousingData::builtin().unwrap();
        let m = model(&d);
        let cal = Calendar::new(2023, true);
        let rows = profile_coincidence(&m, &cal, &[1, 5, 20], 2);
        assert!((rows[0].1 - 1.0).abs() < 1e-12);
        assert!(rows[1].1 < 1.0 && rows[2].1 < rows[1].1, "{rows:?}");
        assert!(rows[2].2 < rows[1].2, "{rows:?}");
    }
}
