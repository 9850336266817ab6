//! One alternative through the pipeline: floor plan → hourly loads and metrics → supply
//! systems → assessment (verdict, scenario sensitivity, unused-energy comparison, automatic
//! density sweep). [`run_alternative`] is a pure function of `(&Prepared, &Alternative)`.

use super::prepare::Prepared;
use super::sweep::{self, Sweep, SweepVar};
use crate::assess::{Finding, Rating, Verdict};
use crate::carrier::{Carrier, PerCarrier};
use crate::case::{Alternative, Parcel};
use crate::error::Result;
use crate::load::{self, CarrierMetrics, PairMix};
use crate::supply::{Lever, SystemKind, SystemResult, SystemSpec};
use serde::Serialize;
use std::collections::BTreeMap;

/// Floor area per use in the pairwise mixing table, m² (DHC handbook convention: per
/// 10,000 m² of each use, loads.md §4).
pub const MIX_UNIT_FLOOR_M2: f64 = 10_000.0;

/// Most parcel rows in report.json and on the zoning card (parcels.csv lists every parcel).
pub const MAX_PARCEL_ROWS: usize = 1_000;

/// A parcel row of the zoning card.
#[derive(Debug, Clone, Serialize)]
pub struct ParcelRow {
    /// Parcel id.
    pub id: String,
    /// Label.
    pub name: Option<crate::i18n::Local>,
    /// Site area, m².
    pub site_area_m2: Option<f64>,
    /// Building coverage (fraction).
    pub coverage: Option<f64>,
    /// Designated FAR, %.
    pub far_pct: Option<f64>,
    /// Build-out yield (fraction).
    pub buildout: Option<f64>,
    /// Floor area, m².
    pub floor_m2: f64,
    /// Floor by use, m².
    pub floor_by_use_m2: BTreeMap<String, f64>,
    /// Dwellings.
    pub dwellings: Option<f64>,
    /// Position on the site diagram, m east (when the case gives one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x_m: Option<f64>,
    /// Position on the site diagram, m north (when the case gives one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y_m: Option<f64>,
}

impl From<&Parcel> for ParcelRow {
    fn from(p: &Parcel) -> ParcelRow {
        ParcelRow {
            id: p.id.clone(),
            name: p.name.clone(),
            site_area_m2: p.site_area_m2,
            coverage: p.coverage,
            far_pct: p.far_pct,
            buildout: p.buildout,
            floor_m2: p.floor_m2(),
            floor_by_use_m2: p
                .floor_by_use_m2
                .iter()
                .map(|(u, f)| (u.to_string(), *f))
                .collect(),
            dwellings: p.dwellings,
            x_m: p.xy_m.map(|[x, _]| x),
            y_m: p.xy_m.map(|[_, y]| y),
        }
    }
}

/// Per-use contribution to one carrier.
#[derive(Debug, Clone, Serialize)]
pub struct UseCarrierLoad {
    /// Annual energy, MWh.
    pub annual_mwh: f64,
    /// Own hourly design-day peak, kW.
    pub design_peak_kw: f64,
    /// Sizing maximum, kW.
    pub sizing_peak_kw: f64,
    /// Own daily load factor on its design day.
    pub daily_load_factor: f64,
    /// Own annual load factor.
    pub annual_load_factor: f64,
    /// The use's load on the district's design day, kW (24 values).
    pub district_design_day_kw: Vec<f64>,
    /// The use's energy per month, MWh (12 values, January first).
    pub monthly_mwh: Vec<f64>,
}

/// Everything evaluated for one alternative (the `alternatives[]` objects of report.json).
#[derive(Debug, Clone, Serialize)]
pub struct AlternativeResult {
    /// Id.
    pub id: String,
    /// Name (serialized in English, CONTRACT.md; views print it in the report language).
    pub name: crate::i18n::Local,
    /// Description.
    pub description: Option<crate::i18n::Local>,
    /// District gross area, m².
    pub district_area_m2: f64,
    /// Supplied floor inside the district, m².
    pub floor_area_m2: f64,
    /// floor_area_m2 / district_area_m2.
    pub gross_far: f64,
    /// Floor by use inside the district, m².
    pub floor_by_use_m2: BTreeMap<String, f64>,
    /// Floor by use of external buildings, m².
    pub external_floor_by_use_m2: BTreeMap<String, f64>,
    /// Dwellings.
    pub dwellings: f64,
    /// Parcels (the first [`MAX_PARCEL_ROWS`]; every parcel is in parcels.csv).
    pub parcels: Vec<ParcelRow>,
    /// Number of parcels inside the district.
    pub parcel_count: usize,
    /// Every parcel (for parcels.csv; not in report.json).
    #[serde(skip)]
    pub all_parcels: std::sync::Arc<Vec<Parcel>>,
    /// Load metrics per carrier.
    pub loads: PerCarrier<CarrierMetrics>,
    /// Per-use loads per carrier.
    pub loads_by_use: PerCarrier<BTreeMap<String, UseCarrierLoad>>,
    /// Pairwise mixing table of the uses present (each at 10,000 m²).
    pub mixing: Vec<PairMix>,
    /// Design-day curves of the two largest uses (by floor) and their sum, per carrier, at
    /// the alternative's floors (the study's pair charts); empty with fewer than two uses.
    pub pair_days: Vec<load::MixDay>,
    /// Supply systems evaluated.
    pub systems: Vec<SystemResult>,
    /// Ratings.
    pub rating: Rating,
    /// Plain-language findings.
    pub findings: Vec<String>,
    /// Threshold checks and ratings.
    pub viability: Verdict,
    /// Automatic density sweep of this use mix (gross FAR 30 % to 400 %, or twice the plan's
    /// density if higher) with its break-even points, when the alternative compares building
    /// plants with DHC.
    pub density_sweep: Option<Sweep>,
    /// Roof-area balance by building group of the first `solar_cluster` system
    /// (CONTRACT.md), null without one.
    pub roof: Option<crate::supply::cluster::RoofBalance>,
    /// CO2 waterfall BAU → demand reduction → PV → solar thermal of the first
    /// `solar_cluster` system (CONTRACT.md; the study's annual accounting), null without one.
    pub co2_steps: Option<Vec<crate::supply::cluster::Co2Step>>,
    /// Heat-price sensitivity: each DHC scenario against the rated DHC system.
    pub sensitivity: Vec<Sensitivity>,
    /// Unused-energy options side by side: the plant without sources, the simple
    /// "x % of plant energy" assumption and each source option (none without sources).
    pub unused_energy: Option<crate::supply::unused::UnusedComparison>,
}

impl AlternativeResult {
    /// Append findings (translatable items and their English text).
    pub fn push_findings(&mut self, items: Vec<Finding>) {
        for f in items {
            let text = f.text(crate::i18n::Lang::En);
            self.findings.push(text.clone());
            self.viability.findings.push(text);
            self.viability.finding_items.push(f);
        }
    }
}

/// One DHC scenario (unused energy, build-up, subsidy, other plant) against the
/// alternative's rated DHC system (`viability.price_system`).
#[derive(Debug, Clone, Serialize)]
pub struct Sensitivity {
    /// Scenario system id.
    pub system: String,
    /// Lever: `unused_energy`, `buildup`, `subsidy_pipes`, `subsidy_tunnel` or `plant`
    /// (another plant configuration).
    pub lever: Lever,
    /// Id of the system it is compared with.
    pub base_system: String,
    /// Heat price of the base system, ¥/MJ.
    pub base_price_yen_per_mj: Option<f64>,
    /// Heat price of the scenario, ¥/MJ.
    pub price_yen_per_mj: Option<f64>,
    /// Relative change of the heat price (fraction, −0.14 = −14 %).
    pub price_change: Option<f64>,
    /// Energy efficiency of the base system.
    pub base_energy_efficiency: f64,
    /// Energy efficiency of the scenario.
    pub energy_efficiency: f64,
    /// CO2 of the base system, t/yr.
    pub base_co2_t: f64,
    /// CO2 of the scenario, t/yr.
    pub co2_t: f64,
}

/// Run one alternative through loads, supply and assessment, including its automatic
/// density sweep (when it compares building plants with DHC) and the sweep's findings.
pub fn run_alternative(p: &Prepared, alt: &Alternative) -> Result<AlternativeResult> {
    let mut a = evaluate(p, alt);
    add_density_sweep(p, alt, &mut a)?;
    Ok(a)
}

/// Loads, metrics, systems and verdict of one alternative (without the density sweep).
fn evaluate(p: &Prepared, alt: &Alternative) -> AlternativeResult {
    let plan = p.plan(alt);
    let floor = plan.floor_by_use_m2.clone();
    let loads = load::aggregate(&p.models, &floor);
    let metrics = load::load_metrics(&p.calendar, &p.models, &loads);
    let by_use = PerCarrier::from_fn(|c: Carrier| {
        let m = &metrics[c];
        let day = p
            .calendar
            .days
            .iter()
            .position(|d| format!("{:02}-{:02}", d.month, d.day_of_month) == m.design_day)
            .unwrap_or(0);
        let mut per = BTreeMap::new();
        for (u, &f) in &floor {
            let Some(um) = p.models.get(u) else { continue };
            let s = &um.unit_kw_per_m2[c];
            let d = load::design_day(&p.calendar, s, c.design_month());
            per.insert(
                u.clone(),
                UseCarrierLoad {
                    annual_mwh: f * um.annual_kwh_per_m2[c] / 1000.0,
                    design_peak_kw: f * um.design_peak_w_per_m2[c] / 1000.0,
                    sizing_peak_kw: f * um.sizing_w_per_m2[c] / 1000.0,
                    daily_load_factor: load::daily_load_factor(s, d),
                    annual_load_factor: load::annual_load_factor(s),
                    district_design_day_kw: load::day_slice(s, day).iter().map(|v| v * f).collect(),
                    monthly_mwh: load::monthly_sums(&p.calendar, s)
                        .iter()
                        .map(|v| v * f / 1000.0)
                        .collect(),
                },
            );
        }
        per
    });
    let uses: Vec<String> = floor.keys().cloned().collect();
    let mixing = load::mixing_matrix(&p.calendar, &p.models, &uses, MIX_UNIT_FLOOR_M2);
    let shape_of = |u: &str| p.lib.uses.get(u).map_or(u.to_string(), |d| d.shape.clone());
    let pair_days = largest_pair(&floor, shape_of)
        .map(|pair| load::mix_days(&p.calendar, &p.models, &pair))
        .unwrap_or_default();
    let gross_far = plan.gross_far();
    let input = p.supply_input(&plan);
    let specs = p.specs(&alt.id);
    let systems = crate::supply::evaluate::evaluate_all(&input, specs);
    let verdict = crate::assess::assess(
        &p.lib.supply,
        alt.district_area_m2,
        plan.floor_m2,
        gross_far,
        specs,
        &systems,
    );
    let first_cluster = systems.iter().find_map(|s| s.cluster.as_ref());
    let roof = first_cluster.map(|c| c.roof.clone());
    let co2_steps = first_cluster.map(|c| c.co2_steps.clone());
    let sensitivity = sensitivity(specs, &systems, verdict.price_system.as_deref());
    let unused_energy = crate::supply::unused::scheme::comparison(&systems);
    AlternativeResult {
        roof,
        co2_steps,
        id: alt.id.clone(),
        name: alt.name.clone(),
        description: alt.description.clone(),
        district_area_m2: alt.district_area_m2,
        floor_area_m2: plan.floor_m2,
        gross_far,
        floor_by_use_m2: floor,
        external_floor_by_use_m2: plan.external_floor_by_use_m2.clone(),
        dwellings: plan.dwellings,
        parcel_count: alt.parcels.len(),
        parcels: alt
            .parcels
            .iter()
            .take(MAX_PARCEL_ROWS)
            .map(ParcelRow::from)
            .collect(),
        all_parcels: alt.parcels.clone(),
        loads: metrics,
        loads_by_use: by_use,
        mixing,
        pair_days,
        systems,
        rating: verdict.rating.clone(),
        findings: verdict.findings.clone(),
        viability: verdict,
        sensitivity,
        density_sweep: None,
        unused_energy,
    }
}

/// Gross FAR steps of the automatic density sweep, % (supply.yaml `viability.density_sweep`):
/// from `from_pct` in `step_pct` steps up to `min_to_pct` or `plan_multiple` × the plan's
/// gross FAR, whichever is higher.
pub fn density_sweep_steps(gross_far: f64, d: &crate::supply::data::DensitySweep) -> Vec<f64> {
    let (from, step) = (d.from_pct.value, d.step_pct.value);
    let top = (gross_far * 100.0 * d.plan_multiple.value)
        .clamp(d.min_to_pct.value, crate::case::MAX_FAR_PCT);
    let n = ((top - from) / step).floor() as usize;
    (0..=n).map(|i| from + step * i as f64).collect()
}

/// Run the automatic density sweep of an alternative that has both building plants and DHC,
/// and add its break-even findings.
fn add_density_sweep(p: &Prepared, alt: &Alternative, a: &mut AlternativeResult) -> Result<()> {
    let has = |k: SystemKind| a.systems.iter().any(|s| s.kind == k);
    if !(has(SystemKind::Individual) && has(SystemKind::Dhc)) {
        return Ok(());
    }
    let steps = density_sweep_steps(a.gross_far, &p.lib.supply.viability.density_sweep);
    let sw = sweep::run_alternative(p, alt, &SweepVar::FarPct(steps), |_, _| {})?;
    let far = |pt: Option<&sweep::SweepPoint>| pt.map_or(0.0, |x| x.gross_far);
    a.push_findings(crate::assess::density_findings(
        far(sw.points.first()),
        far(sw.points.last()),
        &sw.break_even,
    ));
    a.density_sweep = Some(sw);
    Ok(())
}

/// Every DHC system other than the rated one, against the rated one.
pub fn sensitivity(
    specs: &[SystemSpec],
    systems: &[SystemResult],
    rated: Option<&str>,
) -> Vec<Sensitivity> {
    let Some(base) = rated.and_then(|r| systems.iter().find(|s| s.id == r)) else {
        return vec![];
    };
    systems
        .iter()
        .filter(|s| s.kind == SystemKind::Dhc && s.id != base.id)
        .map(|s| {
            let lever = specs
                .iter()
                .find(|x| x.id() == s.id)
                .and_then(|x| x.scenario_lever())
                .unwrap_or(Lever::Plant);
            let change = match (base.heat_price_yen_per_mj, s.heat_price_yen_per_mj) {
                (Some(b), Some(v)) if b > 0.0 => Some(v / b - 1.0),
                _ => None,
            };
            Sensitivity {
                system: s.id.clone(),
                lever,
                base_system: base.id.clone(),
                base_price_yen_per_mj: base.heat_price_yen_per_mj,
                price_yen_per_mj: s.heat_price_yen_per_mj,
                price_change: change,
                base_energy_efficiency: base.energy_efficiency,
                energy_efficiency: s.energy_efficiency,
                base_co2_t: base.co2_t,
                co2_t: s.co2_t,
            }
        })
        .collect()
}

/// The two uses with the largest floor (ties by id) whose load shapes differ (a pair of one
/// shape shows no levelling), with their floors.
fn largest_pair(
    floor: &BTreeMap<String, f64>,
    shape_of: impl Fn(&str) -> String,
) -> Option<BTreeMap<String, f64>> {
    let mut v: Vec<(&String, &f64)> = floor.iter().filter(|(_, f)| **f > 0.0).collect();
    v.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    let (first, rest) = v.split_first()?;
    let second = rest
        .iter()
        .find(|(u, _)| shape_of(u) != shape_of(first.0))
        .or(rest.first())?;
    Some(
        [first, second]
            .iter()
            .map(|(u, f)| ((*u).clone(), **f))
            .collect(),
    )
}
