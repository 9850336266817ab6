//! (b) The hourly simulation of one cluster of seeded households: collectors on the
//! EN ISO 9806 efficiency curve (or a fixed efficiency), a shared store (mixed or
//! stratified) with standing losses, buried-pipe losses, a backup water heater, PV with
//! grid import/export; and the aggregation saving at equal solar fraction (single house
//! vs cluster) that the study's method assumes.

use super::{ClusterInputs, ClusterSpec, CollectorModel, TankModel};
use crate::calendar::{DAYS_IN_MONTH, HOURS_PER_YEAR};
use crate::housing::HousingData;
use crate::i18n::Text;
use crate::solar::{self, Weather};
use serde::Serialize;
use std::sync::Arc;

/// Result of an hourly heat simulation, per dwelling (kWh on the consumption basis).
#[derive(Debug, Clone, Serialize, Default)]
pub struct HeatSim {
    /// Dwellings simulated.
    pub dwellings: usize,
    /// Collector per dwelling, m².
    pub collector_m2: f64,
    /// Tank per dwelling, L.
    pub tank_l: f64,
    /// Buried pipe per dwelling, m.
    pub pipe_m: f64,
    /// Heat demand (space heating + hot water), kWh/dwelling·yr.
    pub demand_kwh: f64,
    /// Collected solar heat, kWh/dwelling·yr.
    pub collected_kwh: f64,
    /// Solar heat delivered to dwellings and pipes, kWh/dwelling·yr.
    pub solar_delivered_kwh: f64,
    /// Surplus collected while the tank was full, kWh/dwelling·yr.
    pub surplus_kwh: f64,
    /// Backup (water heater) heat, kWh/dwelling·yr.
    pub backup_kwh: f64,
    /// Tank standing losses, kWh/dwelling·yr.
    pub tank_loss_kwh: f64,
    /// Buried-pipe losses, kWh/dwelling·yr.
    pub pipe_loss_kwh: f64,
    /// Collector-loop pump electricity, kWh/dwelling·yr.
    pub pump_kwh: f64,
    /// 1 − backup ÷ demand.
    pub solar_fraction: f64,
    /// Monthly surplus, kWh/dwelling.
    pub monthly_surplus_kwh: Vec<f64>,
    /// Monthly solar fraction.
    pub monthly_solar_fraction: Vec<f64>,
}

/// Inputs of the heat simulation that do not change with size.
pub struct HeatSimInput<'a> {
    /// Irradiance on the collector plane, W/m².
    pub poa_w_m2: &'a [f64],
    /// Air temperature, °C.
    pub temp_c: &'a [f64],
    /// Data.
    pub data: &'a HousingData,
    /// Collector model.
    pub model: CollectorModel,
    /// Fixed efficiency (model `fixed`).
    pub fixed_eff: f64,
    /// Usable swing, K.
    pub swing_k: f64,
    /// Heat-store model.
    pub tank: TankModel,
}

/// Simulate one system serving `dwellings` with heat demand `demand_kwh` (hourly, summed
/// over the dwellings), collector `collector_m2`, mixed tank `tank_l` and buried pipe
/// `pipe_m` (totals). The store holds heat between the delivery temperature and delivery +
/// swing. Collector inlet: the tank temperature (mixed) or the bottom temperature of a
/// stratified store, which stays at the return temperature until the store is nearly full
/// (T_bottom = T_return + (T_top − T_return)·s³, s = state of charge); mean fluid =
/// inlet + 5 K. Standing losses at the mean store temperature; buried pipes lose heat to the
/// ground at the supply temperature (delivery + 10 K) with continuous circulation; the backup
/// heats what the store cannot.
pub fn simulate_heat(
    inp: &HeatSimInput,
    demand_kwh: &[f64],
    dwellings: usize,
    collector_m2: f64,
    tank_l: f64,
    pipe_m: f64,
) -> HeatSim {
    let [r] = simulate_heat_lanes(
        inp,
        [HeatSystem {
            demand_kwh,
            dwellings,
            collector_m2,
            tank_l,
            pipe_m,
        }],
    );
    r
}

/// One system of [`simulate_heat_lanes`] (the arguments of [`simulate_heat`]).
#[derive(Debug, Clone, Copy)]
pub struct HeatSystem<'a> {
    /// Heat demand, hourly, summed over the dwellings, kWh.
    pub demand_kwh: &'a [f64],
    /// Dwellings served.
    pub dwellings: usize,
    /// Collector, m² (total).
    pub collector_m2: f64,
    /// Tank, L (total).
    pub tank_l: f64,
    /// Buried pipe, m (total).
    pub pipe_m: f64,
}

/// [`simulate_heat`] of N independent systems in one pass over the year. Each system's
/// arithmetic is its own run's, operation for operation (the same results bit for bit:
/// test `lanes_are_single_runs`); only the systems' hours interleave, so the processor
/// overlaps their chains of dependent divisions (each hour of a store waits on its
/// previous hour) instead of running them one after the other.
// Several parallel per-lane arrays are indexed together.
#[allow(clippy::needless_range_loop)]
pub fn simulate_heat_lanes<const N: usize>(
    inp: &HeatSimInput,
    sys: [HeatSystem; N],
) -> [HeatSim; N] {
    let d = inp.data;
    let sim = &d.simulation;
    let col = &d.collector;
    let t_del = sim.delivery_temp_c.value;
    let cap_kwh_per_k: [f64; N] = std::array::from_fn(|l| {
        sys[l].tank_l * d.study_method.water_heat_capacity_kj_per_lk.value / 3600.0
    });
    let e_max: [f64; N] = std::array::from_fn(|l| cap_kwh_per_k[l] * inp.swing_k);
    let ua_kw_per_k: [f64; N] = std::array::from_fn(|l| {
        // Cylinder with height = 2 × diameter.
        let v_m3 = sys[l].tank_l / 1000.0;
        let dia = (2.0 * v_m3 / std::f64::consts::PI).cbrt();
        sim.tank_u_w_m2k.value * 2.5 * std::f64::consts::PI * dia * dia / 1000.0
    });
    let pipe_kw_per_k: [f64; N] =
        std::array::from_fn(|l| sim.pipe_u_w_mk.value * sys[l].pipe_m / 1000.0);
    let mut e = [0.0f64; N];
    let mut r: [HeatSim; N] = std::array::from_fn(|_| HeatSim {
        monthly_surplus_kwh: vec![0.0; 12],
        monthly_solar_fraction: vec![0.0; 12],
        ..Default::default()
    });
    let mut m_dem = [[0.0; 12]; N];
    let mut m_back = [[0.0; 12]; N];
    let mut month = 0usize;
    let mut month_end = DAYS_IN_MONTH[0] * 24;
    for t in 0..HOURS_PER_YEAR {
        if t >= month_end {
            month += 1;
            month_end += DAYS_IN_MONTH[month] * 24;
        }
        let g = inp.poa_w_m2[t];
        for l in 0..N {
            let (r, e) = (&mut r[l], &mut e[l]);
            let (cap_kwh_per_k, e_max) = (cap_kwh_per_k[l], e_max[l]);
            let temp_tank = if cap_kwh_per_k > 0.0 {
                t_del + *e / cap_kwh_per_k
            } else {
                t_del
            };
            let inlet = match inp.tank {
                TankModel::Mixed => temp_tank,
                TankModel::Stratified => {
                    let soc = if e_max > 0.0 { *e / e_max } else { 1.0 };
                    let t_ret = sim.return_temp_c.value;
                    t_ret + (t_del + inp.swing_k - t_ret) * soc.powi(3)
                }
            };
            let q = match inp.model {
                CollectorModel::Curve => {
                    let eta = solar::collector_efficiency(
                        col.eta0.value,
                        col.a1_w_m2k.value,
                        col.a2_w_m2k2.value,
                        inlet + 5.0 - inp.temp_c[t],
                        g,
                    );
                    sys[l].collector_m2 * g * eta / 1000.0
                }
                CollectorModel::Fixed => sys[l].collector_m2 * g * inp.fixed_eff / 1000.0,
            };
            r.collected_kwh += q;
            r.pump_kwh += q * col.pump_kwh_per_kwh.value;
            *e += q;
            if *e > e_max {
                r.surplus_kwh += *e - e_max;
                r.monthly_surplus_kwh[month] += *e - e_max;
                *e = e_max;
            }
            let loss = (ua_kw_per_k[l] * (temp_tank - sim.room_temp_c.value))
                .max(0.0)
                .min(*e);
            *e -= loss;
            r.tank_loss_kwh += loss;
            let pipe_loss = (pipe_kw_per_k[l] * (t_del + 10.0 - sim.ground_temp_c.value)).max(0.0);
            r.pipe_loss_kwh += pipe_loss;
            let demand = sys[l].demand_kwh[t];
            let need = demand + pipe_loss;
            let from_tank = need.min(*e);
            *e -= from_tank;
            r.solar_delivered_kwh += from_tank;
            let backup = need - from_tank;
            r.backup_kwh += backup;
            r.demand_kwh += demand;
            m_dem[l][month] += demand;
            m_back[l][month] += backup;
        }
    }
    for l in 0..N {
        let r = &mut r[l];
        r.solar_fraction = if r.demand_kwh > 0.0 {
            1.0 - r.backup_kwh / r.demand_kwh
        } else {
            0.0
        };
        for m in 0..12 {
            r.monthly_solar_fraction[m] = if m_dem[l][m] > 0.0 {
                1.0 - m_back[l][m] / m_dem[l][m]
            } else {
                0.0
            };
        }
        let dwellings = sys[l].dwellings;
        let n = dwellings.max(1) as f64;
        r.dwellings = dwellings;
        r.collector_m2 = sys[l].collector_m2 / n;
        r.tank_l = sys[l].tank_l / n;
        r.pipe_m = sys[l].pipe_m / n;
        for v in [
            &mut r.demand_kwh,
            &mut r.collected_kwh,
            &mut r.solar_delivered_kwh,
            &mut r.surplus_kwh,
            &mut r.backup_kwh,
            &mut r.tank_loss_kwh,
            &mut r.pipe_loss_kwh,
            &mut r.pump_kwh,
        ] {
            *v /= n;
        }
        r.monthly_surplus_kwh.iter_mut().for_each(|v| *v /= n);
    }
    r
}

/// Sum of several single-house simulations (each house its own system).
fn combine(sims: &[HeatSim]) -> HeatSim {
    let n = sims.len().max(1) as f64;
    let mut r = HeatSim {
        dwellings: sims.len(),
        monthly_surplus_kwh: vec![0.0; 12],
        monthly_solar_fraction: vec![0.0; 12],
        ..Default::default()
    };
    for s in sims {
        r.collector_m2 += s.collector_m2 / n;
        r.tank_l += s.tank_l / n;
        r.pipe_m += s.pipe_m / n;
        r.demand_kwh += s.demand_kwh / n;
        r.collected_kwh += s.collected_kwh / n;
        r.solar_delivered_kwh += s.solar_delivered_kwh / n;
        r.surplus_kwh += s.surplus_kwh / n;
        r.backup_kwh += s.backup_kwh / n;
        r.tank_loss_kwh += s.tank_loss_kwh / n;
        r.pipe_loss_kwh += s.pipe_loss_kwh / n;
        r.pump_kwh += s.pump_kwh / n;
        for m in 0..12 {
            r.monthly_surplus_kwh[m] += s.monthly_surplus_kwh[m] / n;
            r.monthly_solar_fraction[m] += s.monthly_solar_fraction[m] / n;
        }
    }
    r.solar_fraction = if r.demand_kwh > 0.0 {
        1.0 - r.backup_kwh / r.demand_kwh
    } else {
        0.0
    };
    r
}

/// PV simulation per dwelling (kWh/yr).
#[derive(Debug, Clone, Serialize)]
pub struct PvSim {
    /// PV per dwelling, kWp.
    pub pv_kw: f64,
    /// Generation, kWh/dwelling·yr.
    pub generation_kwh: f64,
    /// Simulated yield, kWh/kWp·yr.
    pub yield_kwh_per_kwp: f64,
    /// Electricity demand of the dwelling (PV end uses + solar pumps), kWh/yr.
    pub demand_kwh: f64,
    /// Used in the dwelling (own meter), kWh/yr.
    pub self_consumed_kwh: f64,
    /// Exported, kWh/yr.
    pub export_kwh: f64,
    /// Imported, kWh/yr.
    pub import_kwh: f64,
    /// Self-consumed ÷ generation.
    pub self_consumption_ratio: f64,
    /// Self-consumed ÷ demand.
    pub self_sufficiency: f64,
    /// Self-consumption if the cluster pooled its PV behind one meter, ÷ generation.
    pub pooled_self_consumption_ratio: f64,
}

/// Simulate PV of `pv_kw` per dwelling on each dwelling's hourly electricity.
pub fn simulate_pv(pv_kwh_per_kwp: &[f64], demand_kwh: &[Vec<f64>], pv_kw: f64) -> PvSim {
    let n = demand_kwh.len().max(1) as f64;
    let (mut gen, mut dem, mut own, mut pooled) = (0.0, 0.0, 0.0, 0.0);
    for t in 0..HOURS_PER_YEAR {
        let g = pv_kwh_per_kwp[t] * pv_kw;
        let mut sum = 0.0;
        for h in demand_kwh {
            own += g.min(h[t]);
            dem += h[t];
            sum += h[t];
        }
        gen += g * n;
        pooled += (g * n).min(sum);
    }
    PvSim {
        pv_kw,
        generation_kwh: gen / n,
        yield_kwh_per_kwp: if pv_kw > 0.0 { gen / n / pv_kw } else { 0.0 },
        demand_kwh: dem / n,
        self_consumed_kwh: own / n,
        export_kwh: (gen - own) / n,
        import_kwh: (dem - own) / n,
        self_consumption_ratio: if gen > 0.0 { own / gen } else { 0.0 },
        self_sufficiency: if dem > 0.0 { own / dem } else { 0.0 },
        pooled_self_consumption_ratio: if gen > 0.0 { pooled / gen } else { 0.0 },
    }
}

/// Aggregation saving: the study's assumption and the simulated value.
#[derive(Debug, Clone, Serialize)]
pub struct AggregationSaving {
    /// The study's assumption (residential-b.md §4).
    pub study: f64,
    /// Solar fraction the single-house systems reach (the comparison target).
    pub target_solar_fraction: f64,
    /// Simulated: 1 − (cluster collector and tank per dwelling ÷ single-house) at equal
    /// solar fraction, with buried-pipe losses; null if the cluster cannot reach it.
    pub computed: Option<f64>,
    /// The same without pipe losses (diversity and tank-size effects alone).
    pub computed_without_pipe_losses: Option<f64>,
    /// Solar fraction of the cluster sized by the study's 40 % cut.
    pub cluster_solar_fraction_at_study_cut: f64,
    /// How it was computed.
    pub method: Text,
}

/// Summary of the weather used.
#[derive(Debug, Clone, Serialize)]
pub struct WeatherSummary {
    /// Source.
    pub source: String,
    /// Latitude.
    pub latitude: f64,
    /// Longitude.
    pub longitude: f64,
    /// Annual global horizontal, GJ/m²·yr.
    pub annual_ghi_gj_m2: f64,
    /// Annual on the panel plane, GJ/m²·yr.
    pub annual_poa_gj_m2: f64,
    /// Tilt, °.
    pub tilt_deg: f64,
    /// Azimuth, °.
    pub azimuth_deg: f64,
    /// The built-in approximate climate the year was synthesised from (none for the
    /// case's own weather file).
    pub location: Option<String>,
    /// Seed of the synthetic day sequence (built-in climates).
    pub synthetic_seed: Option<u64>,
    /// Source of the built-in climate's monthly data.
    pub location_source: Option<String>,
}

fn weather_for(spec: &ClusterSpec, d: &HousingData, p: &ClusterInputs) -> Arc<Weather> {
    if let Some(w) = &spec.weather {
        return w.clone();
    }
    let loc = d
        .locations
        .get(&p.location)
        .unwrap_or_else(|| &d.locations[&d.cluster_defaults.location.value]);
    Arc::new(solar::synthetic_weather(
        loc,
        &d.solar,
        d.solar.weather_seed.value as u64,
    ))
}

/// The bisection of the cluster size (k, a multiple of the single-house sizes per
/// dwelling, in [0.02, 2.5]) at which the solar fraction `sf(k)` reaches `target`: `None`
/// when even 2.5 falls short, 0.02 when that already reaches it, else the midpoint after
/// 30 halvings. A sequence of evaluations — [`SizeSearch::next`] gives the size to
/// simulate, [`SizeSearch::answer`] takes its solar fraction — so that several searches
/// can simulate side by side ([`simulate_heat_lanes`]).
#[derive(Debug, Clone)]
struct SizeSearch {
    target: f64,
    lo: f64,
    hi: f64,
    /// Evaluations made: 0 (the upper bound next), 1 (the lower bound), then the midpoints.
    step: usize,
    result: Option<Option<f64>>,
}

/// Halvings of [`SizeSearch`].
const SIZE_HALVINGS: usize = 30;

impl SizeSearch {
    fn new(target: f64) -> SizeSearch {
        SizeSearch {
            target,
            lo: 0.02,
            hi: 2.5,
            step: 0,
            result: None,
        }
    }

    /// The size to evaluate next, `None` once the search is over.
    fn next(&self) -> Option<f64> {
        if self.result.is_some() {
            return None;
        }
        Some(match self.step {
            0 => self.hi,
            1 => self.lo,
            _ => 0.5 * (self.lo + self.hi),
        })
    }

    /// The solar fraction at the size [`SizeSearch::next`] gave.
    fn answer(&mut self, sf: f64) {
        match self.step {
            0 if sf < self.target => self.result = Some(None),
            0 => {}
            1 if sf >= self.target => self.result = Some(Some(self.lo)),
            1 => {}
            _ => {
                let mid = 0.5 * (self.lo + self.hi);
                if sf >= self.target {
                    self.hi = mid;
                } else {
                    self.lo = mid;
                }
            }
        }
        self.step += 1;
        if self.result.is_none() && self.step == 2 + SIZE_HALVINGS {
            self.result = Some(Some(0.5 * (self.lo + self.hi)));
        }
    }

    /// The two searches `a` and `b` run to the end side by side (two systems per pass over
    /// the year while both run), `sys(i, k)` the system of search i at size k.
    fn both<'a>(
        hs: &HeatSimInput,
        mut searches: [SizeSearch; 2],
        sys: impl Fn(usize, f64) -> HeatSystem<'a>,
    ) -> [Option<f64>; 2] {
        loop {
            match [searches[0].next(), searches[1].next()] {
                [Some(a), Some(b)] => {
                    let [ra, rb] = simulate_heat_lanes(hs, [sys(0, a), sys(1, b)]);
                    searches[0].answer(ra.solar_fraction);
                    searches[1].answer(rb.solar_fraction);
                }
                [Some(k), None] | [None, Some(k)] => {
                    let i = usize::from(searches[0].next().is_none());
                    let [r] = simulate_heat_lanes(hs, [sys(i, k)]);
                    searches[i].answer(r.solar_fraction);
                }
                [None, None] => {
                    return searches.map(|s| s.result.expect("the search is over"));
                }
            }
        }
    }
}

/// The sky over the cluster: the hourly weather, the irradiance on the panel plane and
/// the PV output per kWp.
pub struct Sky {
    /// Weather year.
    pub weather: Arc<Weather>,
    /// Irradiance on the panel plane, W/m².
    pub poa_w_m2: Vec<f64>,
    /// PV output per kWp, kWh per hour.
    pub pv_kwh_per_kwp: Vec<f64>,
}

impl Sky {
    /// The case's weather file, or a synthetic year of the built-in climate.
    pub fn of(spec: &ClusterSpec, d: &HousingData, p: &ClusterInputs) -> Sky {
        let w = weather_for(spec, d, p);
        let poa = w.poa_w_m2(p.tilt_deg, p.azimuth_deg, d.solar.ground_albedo.value);
        let pv_per_kwp: Vec<f64> = (0..HOURS_PER_YEAR)
            .map(|t| solar::pv_ac_kwh(poa[t], w.temp_c[t], 1.0, &d.pv))
            .collect();
        Sky {
            weather: w,
            poa_w_m2: poa,
            pv_kwh_per_kwp: pv_per_kwp,
        }
    }

    /// The weather summary of the report; `builtin` when the year was synthesised from a
    /// built-in climate.
    pub fn summary(&self, d: &HousingData, p: &ClusterInputs, builtin: bool) -> WeatherSummary {
        let w = &self.weather;
        WeatherSummary {
            source: w.source.clone(),
            latitude: w.latitude,
            longitude: w.longitude,
            annual_ghi_gj_m2: w.annual_ghi_gj_m2(),
            annual_poa_gj_m2: self.poa_w_m2.iter().sum::<f64>() * 3600.0 / 1e9,
            tilt_deg: p.tilt_deg,
            azimuth_deg: p.azimuth_deg,
            location: builtin.then(|| p.location.clone()),
            synthetic_seed: builtin.then_some(d.solar.weather_seed.value as u64),
            location_source: builtin
                .then(|| d.locations.get(&p.location).map(|l| l.source.clone()))
                .flatten(),
        }
    }
}

/// The single-house systems, one cluster sized by the study's cut, and the aggregation
/// saving the simulation gives.
#[derive(Debug)]
pub struct Simulations {
    /// Every simulated household on its own study-sized system (combined).
    pub single: HeatSim,
    /// One shared system for the households, collector and tank cut by the study's saving.
    pub cluster: HeatSim,
    /// The study's aggregation saving against the simulated one.
    pub aggregation: AggregationSaving,
}

impl Simulations {
    /// The simulation a cost variant runs on.
    pub fn of(&self, v: super::Variant) -> &HeatSim {
        if v == super::Variant::Single {
            &self.single
        } else {
            &self.cluster
        }
    }
}

/// [`simulate`] once per case for the same inputs: systems that differ only in costs or
/// in which variant they price (single houses or a cluster) run on the same households,
/// sky and sizing, so they share one simulation (about 85 year-long tank runs). The memo
/// key is the bit pattern of everything the simulation reads, so a shared result is the
/// one a fresh run would give.
pub fn simulate_shared(
    cache: &crate::household::ModelCache,
    sky: &Sky,
    d: &HousingData,
    p: &ClusterInputs,
    sizing: &super::StudySizing,
    heat_kwh: &[Vec<f64>],
) -> Arc<Simulations> {
    let scalars = [
        p.collector_model as u64,
        p.tank_model as u64,
        p.solar_thermal_efficiency.to_bits(),
        p.tank_swing_k.to_bits(),
        p.aggregation_saving.to_bits(),
        p.pipe_m_per_dwelling.to_bits(),
        p.seed,
        sizing.single_collector_m2.to_bits(),
        sizing.single_tank_l.to_bits(),
        heat_kwh.len() as u64,
    ];
    let series = [&sky.poa_w_m2[..], &sky.weather.temp_c[..]]
        .into_iter()
        .chain(heat_kwh.iter().map(|h| &h[..]));
    let mut key: Vec<u64> = scalars.to_vec();
    for v in series {
        key.push(v.len() as u64);
        key.extend(v.iter().map(|x| x.to_bits()));
    }
    cache
        .cluster_simulations
        .get_or_init(key, || simulate(sky, d, p, sizing, heat_kwh))
}

/// Simulate the households' heat (`heat_kwh`, one series per household of the cluster)
/// on single-house systems and on one shared system, and find the cluster size per
/// dwelling that reaches the single houses' solar fraction, with and without pipe losses.
pub fn simulate(
    sky: &Sky,
    d: &HousingData,
    p: &ClusterInputs,
    sizing: &super::StudySizing,
    heat_kwh: &[Vec<f64>],
) -> Simulations {
    let hs = HeatSimInput {
        poa_w_m2: &sky.poa_w_m2,
        temp_c: &sky.weather.temp_c,
        data: d,
        model: p.collector_model,
        fixed_eff: p.solar_thermal_efficiency,
        swing_k: p.tank_swing_k,
        tank: p.tank_model,
    };
    let n_cluster = heat_kwh.len();
    // Single-house systems: every simulated household with its own study-sized system,
    // `SINGLE_LANES` households per pass over the year.
    const SINGLE_LANES: usize = 4;
    fn single_system<'h>(h: &'h [f64], sizing: &super::StudySizing) -> HeatSystem<'h> {
        HeatSystem {
            demand_kwh: h,
            dwellings: 1,
            collector_m2: sizing.single_collector_m2,
            tank_l: sizing.single_tank_l,
            pipe_m: 0.0,
        }
    }
    let mut singles: Vec<HeatSim> = Vec::with_capacity(n_cluster);
    let mut lanes = heat_kwh.chunks_exact(SINGLE_LANES);
    for c in &mut lanes {
        let sys: [HeatSystem; SINGLE_LANES] = std::array::from_fn(|i| single_system(&c[i], sizing));
        singles.extend(simulate_heat_lanes(&hs, sys));
    }
    for h in lanes.remainder() {
        singles.extend(simulate_heat_lanes(&hs, [single_system(h, sizing)]));
    }
    let single = combine(&singles);
    let group: Vec<f64> = (0..HOURS_PER_YEAR)
        .map(|t| heat_kwh.iter().map(|h| h[t]).sum())
        .collect();
    let n = n_cluster as f64;
    let cluster_system = |k: f64, pipe: f64| HeatSystem {
        demand_kwh: &group,
        dwellings: n_cluster,
        collector_m2: sizing.single_collector_m2 * k * n,
        tank_l: sizing.single_tank_l * k * n,
        pipe_m: pipe * n,
    };
    let [cluster] = simulate_heat_lanes(
        &hs,
        [cluster_system(
            1.0 - p.aggregation_saving,
            p.pipe_m_per_dwelling,
        )],
    );
    let target = single.solar_fraction;
    // The size at the single houses' solar fraction with and without pipe losses.
    let pipes = [p.pipe_m_per_dwelling, 0.0];
    let [k_pipe, k_nopipe] = SizeSearch::both(
        &hs,
        [SizeSearch::new(target), SizeSearch::new(target)],
        |i, k| cluster_system(k, pipes[i]),
    );
    let aggregation = AggregationSaving {
        study: p.aggregation_saving,
        target_solar_fraction: target,
        computed: k_pipe.map(|k| 1.0 - k),
        computed_without_pipe_losses: k_nopipe.map(|k| 1.0 - k),
        cluster_solar_fraction_at_study_cut: cluster.solar_fraction,
        method: Text::new(
            "note.aggregation_method",
            &[("n", n_cluster.to_string()), ("seed", p.seed.to_string())],
        ),
    };
    Simulations {
        single,
        cluster,
        aggregation,
    }
}

/// PV of `pv_kw` per dwelling on each household's electricity (`electricity_kwh`) plus the
/// solar loop's pump electricity of `sim`, spread evenly over the year.
pub fn pv(sky: &Sky, electricity_kwh: &[Vec<f64>], sim: &HeatSim, pv_kw: f64) -> PvSim {
    let pump_per_h = sim.pump_kwh / HOURS_PER_YEAR as f64;
    let elec_pump: Vec<Vec<f64>> = electricity_kwh
        .iter()
        .map(|v| v.iter().map(|x| x + pump_per_h).collect())
        .collect();
    simulate_pv(&sky.pv_kwh_per_kwp, &elec_pump, pv_kw)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Systems simulated side by side give their single runs' results bit for bit, and
    /// two size searches side by side give the one-at-a-time bisection's sizes.
    #[test]
    fn lanes_are_single_runs() {
        let d = HousingData::builtin().unwrap();
        let w = solar::synthetic_weather(&d.locations["fukuoka"], &d.solar, 7);
        let poa = w.poa_w_m2(30.0, 0.0, 0.2);
        for (model, tank) in [
            (CollectorModel::Curve, TankModel::Mixed),
            (CollectorModel::Curve, TankModel::Stratified),
            (CollectorModel::Fixed, TankModel::Mixed),
        ] {
            let hs = HeatSimInput {
                poa_w_m2: &poa,
                temp_c: &w.temp_c,
                data: &d,
                model,
                fixed_eff: 0.4,
                swing_k: 37.5,
                tank,
            };
            let demands: Vec<Vec<f64>> = (0..3)
                .map(|i| {
                    (0..HOURS_PER_YEAR)
                        .map(|t| 0.3 + 0.2 * i as f64 + 0.4 * ((t % 24) as f64 / 23.0))
                        .collect()
                })
                .collect();
            let sys = |i: usize| HeatSystem {
                demand_kwh: &demands[i],
                dwellings: i + 1,
                collector_m2: 3.0 + 4.0 * i as f64,
                tank_l: 150.0 + 200.0 * i as f64,
                pipe_m: 10.0 * i as f64,
            };
            let lanes = simulate_heat_lanes(&hs, [sys(0), sys(1), sys(2)]);
            for (i, lane) in lanes.iter().enumerate() {
                let s = sys(i);
                let one = simulate_heat(
                    &hs,
                    s.demand_kwh,
                    s.dwellings,
                    s.collector_m2,
                    s.tank_l,
                    s.pipe_m,
                );
                assert_eq!(format!("{lane:?}"), format!("{one:?}"), "lane {i}");
            }
            // The bisection one evaluation at a time (what the searches replace).
            let solve_size = |target: f64, sf: &dyn Fn(f64) -> f64| -> Option<f64> {
                let (mut lo, mut hi) = (0.02, 2.5);
                if sf(hi) < target {
                    return None;
                }
                if sf(lo) >= target {
                    return Some(lo);
                }
                for _ in 0..SIZE_HALVINGS {
                    let mid = 0.5 * (lo + hi);
                    if sf(mid) >= target {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                Some(0.5 * (lo + hi))
            };
            let scaled = |k: f64, pipe_m: f64| HeatSystem {
                demand_kwh: &demands[1],
                dwellings: 2,
                collector_m2: 5.0 * k,
                tank_l: 300.0 * k,
                pipe_m,
            };
            let sf = |k: f64, pipe_m: f64| {
                simulate_heat_lanes(&hs, [scaled(k, pipe_m)])[0].solar_fraction
            };
            // Targets: one reached inside the range, one never, one at the lower bound.
            let targets = [sf(0.7, 20.0), 1.5, 0.0];
            for (ta, tb) in [(targets[0], targets[1]), (targets[2], targets[0])] {
                let pipes = [20.0, 0.0];
                let both =
                    SizeSearch::both(&hs, [SizeSearch::new(ta), SizeSearch::new(tb)], |i, k| {
                        scaled(k, pipes[i])
                    });
                let one_by_one = [
                    solve_size(ta, &|k| sf(k, pipes[0])),
                    solve_size(tb, &|k| sf(k, pipes[1])),
                ];
                assert_eq!(
                    both.map(|k| k.map(f64::to_bits)),
                    one_by_one.map(|k| k.map(f64::to_bits)),
                    "targets {ta} {tb}"
                );
            }
        }
    }
}
