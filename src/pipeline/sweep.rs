//! Sweeps: scale density (gross FAR) or move floor from one use to another, evaluate the
//! alternative's systems at every step, and find the break-even points (where DHC's price
//! or efficiency crosses the individual option, where the price crosses 6 and 8 ¥/MJ).

use super::prepare::Prepared;
pub use crate::assess::{BreakEven, BreakEvenKind};
use crate::carrier::{Carrier, PerCarrier};
use crate::case::{Alternative, FloorPlan};
use crate::error::{Error, Result};
use crate::load;
use crate::supply::dhc::scaled::ConnectedProfile;
use crate::supply::SystemKind;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// What is swept.
#[derive(Debug, Clone, PartialEq)]
pub enum SweepVar {
    /// Gross FAR in percent (floor scaled uniformly).
    FarPct(Vec<f64>),
    /// Share of `from` floor moved to `to` (0–1).
    Replace {
        /// Use giving floor.
        from: String,
        /// Use receiving floor.
        to: String,
        /// Shares.
        shares: Vec<f64>,
    },
}

/// Parse `start:stop:step` into values (inclusive stop, tolerant of rounding).
pub fn parse_range(s: &str, what: &str) -> Result<Vec<f64>> {
    let parts: Vec<&str> = s.split(':').collect();
    let bad = || {
        Error::input(
            "<command line>",
            None,
            None,
            what,
            format!("`{s}` must be START:STOP:STEP with numbers, e.g. 50:400:10"),
        )
    };
    if parts.len() != 3 {
        return Err(bad());
    }
    let v: Vec<f64> = parts
        .iter()
        .map(|p| p.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| bad())?;
    let (a, b, st) = (v[0], v[1], v[2]);
    if !(a.is_finite() && b.is_finite() && st.is_finite()) || st <= 0.0 || b < a {
        return Err(Error::input(
            "<command line>",
            None,
            None,
            what,
            format!("`{s}`: need STEP > 0 and STOP ≥ START"),
        ));
    }
    // Counted in floating point before anything is allocated: a tiny step must not
    // overflow the count (it once wrapped to no points at all).
    let steps = ((b - a) / st + 1e-9).floor() + 1.0;
    let max = crate::limits::MAX_SWEEP_POINTS;
    if !steps.is_finite() || steps > max as f64 {
        return Err(Error::input(
            "<command line>",
            None,
            None,
            what,
            format!(
                "`{s}` gives {} points; a sweep has at most {max} (see `kukaku library`, limits)",
                crate::limits::show(steps)
            ),
        ));
    }
    let n = steps as usize;
    Ok((0..n).map(|i| a + st * i as f64).collect())
}

/// Parse `office->hotel:0:1:0.1`.
pub fn parse_replace(s: &str) -> Result<SweepVar> {
    let bad = || {
        Error::input(
            "<command line>",
            None,
            None,
            "--replace",
            format!("`{s}` must look like office->hotel:0:1:0.1"),
        )
    };
    let (uses, range) = s.split_once(':').ok_or_else(bad)?;
    let (from, to) = uses.split_once("->").ok_or_else(bad)?;
    let shares = parse_range(range, "--replace")?;
    if shares.iter().any(|x| !(0.0..=1.0 + 1e-9).contains(x)) {
        return Err(Error::input(
            "<command line>",
            None,
            None,
            "--replace",
            "shares must lie in [0, 1]",
        ));
    }
    Ok(SweepVar::Replace {
        from: from.trim().to_string(),
        to: to.trim().to_string(),
        shares,
    })
}

/// One evaluated step.
#[derive(Debug, Clone, Serialize)]
pub struct SweepPoint {
    /// Swept value (gross FAR % or moved share).
    pub x: f64,
    /// Gross FAR (fraction).
    pub gross_far: f64,
    /// Floor, m².
    pub floor_area_m2: f64,
    /// Coincidence factor per carrier.
    pub coincidence_factor: PerCarrier<f64>,
    /// Per system: price, efficiency, CO2.
    pub systems: BTreeMap<String, SweepSystem>,
}

/// System figures at one step.
#[derive(Debug, Clone, Serialize)]
pub struct SweepSystem {
    /// Kind.
    pub kind: SystemKind,
    /// ¥/MJ.
    pub heat_price_yen_per_mj: Option<f64>,
    /// Efficiency.
    pub energy_efficiency: f64,
    /// CO2 t/yr.
    pub co2_t: f64,
    /// CO2 kg/m²·yr.
    pub co2_kg_per_m2: f64,
}

/// The sweep result.
#[derive(Debug, Clone, Serialize)]
pub struct Sweep {
    /// Alternative id.
    pub alternative: String,
    /// Variable name (`gross_far_pct` or `share_<from>_to_<to>`).
    pub variable: String,
    /// Steps.
    pub points: Vec<SweepPoint>,
    /// Break-even points.
    pub break_even: Vec<BreakEven>,
}

/// Floor plan of an alternative at one sweep step (its parcels are not copied).
pub fn variant(p: &Prepared, alt: &Alternative, var: &SweepVar, x: f64) -> FloorPlan {
    let network = &p.lib.supply.network;
    match var {
        SweepVar::FarPct(_) => {
            let k = density_factor(alt, x);
            alt.plan_with(network, |f| f.iter_mut().for_each(|(_, v)| *v *= k))
        }
        SweepVar::Replace { from, to, .. } => {
            let to: std::sync::Arc<str> = std::sync::Arc::from(to.as_str());
            alt.plan_with(network, |f| {
                let mut moved = 0.0;
                for (u, v) in f.iter_mut() {
                    if u.as_ref() == from {
                        moved = *v * x;
                        *v -= moved;
                    }
                }
                if moved > 0.0 {
                    match f.iter_mut().find(|(u, _)| *u == to) {
                        Some((_, v)) => *v += moved,
                        None => f.push((to.clone(), moved)),
                    }
                }
            })
        }
    }
}

/// Coincidence factor per carrier of a floor mix (peak of the summed hourly load ÷ Σ of
/// each use's own design peak).
pub fn coincidence_factors(p: &Prepared, floor: &BTreeMap<String, f64>) -> PerCarrier<f64> {
    let loads = load::aggregate(&p.models, floor);
    PerCarrier::from_fn(|c| {
        let (design, _) = load::peak_sums(&p.models, floor, &[c]);
        load::coincidence_factor(load::peak(&loads.total_kw[c]), design)
    })
}

/// Evaluate one step (lean: no duration curves or mixing tables) of the alternative
/// `alt_id` with the floor plan `plan`.
pub fn evaluate_point(p: &Prepared, alt_id: &str, plan: &FloorPlan, x: f64) -> SweepPoint {
    evaluate_point_with(p, alt_id, plan, x, None)
}

/// What a density sweep knows once for all its steps: every floor is the alternative's
/// own × one factor, so the coincidence factors do not change and the connected loads are
/// that factor × the alternative's own ([`ConnectedProfile`]).
pub struct DensityReference {
    /// Coincidence factors per carrier (scale-invariant).
    pub coincidence_factors: PerCarrier<f64>,
    /// The alternative's connected loads, sorted for the plain DHC plants (`None` when they
    /// cannot be: the hourly path runs).
    pub connected: Option<ConnectedProfile>,
}

impl DensityReference {
    /// The reference of a density sweep of `alt`.
    pub fn of(p: &Prepared, alt: &Alternative) -> DensityReference {
        let plan = p.plan(alt);
        let input = p.supply_input(&plan);
        // (sorted only for an alternative with a DHC system: nothing else reads it)
        let has_dhc = p.specs(&alt.id).iter().any(|s| s.kind() == SystemKind::Dhc);
        DensityReference {
            coincidence_factors: coincidence_factors(p, &plan.floor_by_use_m2),
            connected: has_dhc
                .then(|| {
                    ConnectedProfile::new(&crate::supply::connected_series(
                        &input,
                        &plan.floor_by_use_m2,
                    ))
                })
                .flatten(),
        }
    }
}

/// The factor a density sweep multiplies the floors of `alt` by to reach gross FAR `x` %.
pub fn density_factor(alt: &Alternative, x: f64) -> f64 {
    x / 100.0 / alt.gross_far()
}

/// [`evaluate_point`] at a step of a density sweep when the caller gives its reference and
/// the step's factor `k` ([`density_factor`]): the coincidence factors are the reference's
/// (a common factor leaves them unchanged) and plain DHC plants run from the reference's
/// sorted loads, instead of a fresh 8760-h aggregation and dispatch per step.
pub fn evaluate_point_with(
    p: &Prepared,
    alt_id: &str,
    plan: &FloorPlan,
    x: f64,
    density: Option<(&DensityReference, f64)>,
) -> SweepPoint {
    let floor = &plan.floor_by_use_m2;
    let cf = match density {
        Some((r, _)) => r.coincidence_factors,
        None => coincidence_factors(p, floor),
    };
    let mut input = p.supply_input(plan);
    input.headline_only = true;
    input.density_step = density.and_then(|(r, k)| {
        r.connected
            .as_ref()
            .map(|profile| crate::supply::dhc::scaled::Scaled { profile, k })
    });
    let mut systems = BTreeMap::new();
    // Solar clusters depend on dwellings, not on density, and simulate households hour by
    // hour: they are not re-evaluated at every sweep step.
    let specs = || {
        p.specs(alt_id)
            .iter()
            .filter(|s| s.kind() != SystemKind::SolarCluster)
    };
    for (s, r) in specs().zip(crate::supply::evaluate::evaluate_each(&input, specs())) {
        systems.insert(
            s.id().to_string(),
            SweepSystem {
                kind: r.kind,
                heat_price_yen_per_mj: r.heat_price_yen_per_mj,
                energy_efficiency: r.energy_efficiency,
                co2_t: r.co2_t,
                co2_kg_per_m2: r.co2_kg_per_m2,
            },
        );
    }
    SweepPoint {
        x,
        gross_far: plan.gross_far(),
        floor_area_m2: plan.floor_m2,
        coincidence_factor: cf,
        systems,
    }
}

fn crossings(
    points: &[SweepPoint],
    (kind, level, basis): (BreakEvenKind, Option<f64>, &str),
    f: impl Fn(&SweepPoint) -> Option<f64>,
) -> Vec<BreakEven> {
    let mut out = vec![];
    for w in points.windows(2) {
        let (Some(a), Some(b)) = (f(&w[0]), f(&w[1])) else {
            continue;
        };
        if a == 0.0 {
            out.push(BreakEven::of_basis(
                kind,
                level,
                w[0].x,
                w[0].gross_far,
                basis,
            ));
        } else if a * b < 0.0 {
            let t = a / (a - b);
            out.push(BreakEven::of_basis(
                kind,
                level,
                w[0].x + t * (w[1].x - w[0].x),
                w[0].gross_far + t * (w[1].gross_far - w[0].gross_far),
                basis,
            ));
        }
    }
    out
}

/// Run a sweep over an alternative named on the command line: check the alternative, its
/// systems and the swept variable, then [`run_alternative`]; `progress` is called after
/// every step.
pub fn run(
    p: &Prepared,
    alt_id: &str,
    var: &SweepVar,
    progress: impl Fn(usize, usize) + Sync,
) -> Result<Sweep> {
    let alt = p
        .case
        .alternatives
        .iter()
        .find(|a| a.id == alt_id)
        .ok_or_else(|| {
            Error::input(
                "<command line>",
                None,
                None,
                "--alternative",
                format!(
                    "no alternative `{alt_id}`; known: {}",
                    p.case
                        .alternatives
                        .iter()
                        .map(|a| a.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
    if p.specs(alt_id).is_empty() {
        return Err(Error::input(
            p.case.path.clone(),
            None,
            None,
            "systems",
            format!("alternative `{alt_id}` has no systems to sweep; add `systems:` to it"),
        ));
    }
    match var {
        SweepVar::FarPct(xs) => {
            if xs
                .iter()
                .any(|x| *x <= 0.0 || *x > crate::case::MAX_FAR_PCT)
            {
                return Err(Error::input(
                    "<command line>",
                    None,
                    None,
                    "--far",
                    "gross FAR values must be in (0, 2000] %",
                ));
            }
        }
        SweepVar::Replace { from, to, .. } => {
            for u in [from, to] {
                if !p.models.contains_key(u) {
                    return Err(Error::input(
                        "<command line>",
                        None,
                        None,
                        "--replace",
                        format!("unknown use `{u}`"),
                    ));
                }
            }
            if !alt.floor_by_use_m2().contains_key(from) {
                return Err(Error::input(
                    "<command line>",
                    None,
                    None,
                    "--replace",
                    format!("alternative `{alt_id}` has no `{from}` floor to move"),
                ));
            }
        }
    }
    run_alternative(p, alt, var, progress)
}

/// Sweep an alternative over a checked variable: evaluate its systems at every step and
/// find the break-even points; `progress` is called after every step with the number of
/// steps done (steps run in parallel on the current rayon pool).
pub fn run_alternative(
    p: &Prepared,
    alt: &Alternative,
    var: &SweepVar,
    progress: impl Fn(usize, usize) + Sync,
) -> Result<Sweep> {
    let (xs, name) = match var {
        SweepVar::FarPct(v) => (v.clone(), "gross_far_pct".to_string()),
        SweepVar::Replace { from, to, shares } => (shares.clone(), format!("share_{from}_to_{to}")),
    };
    let n = xs.len();
    // Steps run on the current rayon pool, collected in step order; each is a pure
    // function of the prepared case and the step's floor plan.
    let done = std::sync::atomic::AtomicUsize::new(0);
    let density = match var {
        SweepVar::FarPct(_) => Some(DensityReference::of(p, alt)),
        SweepVar::Replace { .. } => None,
    };
    let points: Vec<SweepPoint> = xs
        .par_iter()
        .map(|x| {
            let pt = evaluate_point_with(
                p,
                &alt.id,
                &variant(p, alt, var, *x),
                *x,
                density.as_ref().map(|r| (r, density_factor(alt, *x))),
            );
            progress(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                n,
            );
            pt
        })
        .collect();
    let specs = p.specs(&alt.id);
    let (dhc, ind) = crate::supply::reference_systems(specs);
    let bands = &p.lib.supply.viability.bands;
    let basis_of = |id: &str| {
        specs
            .iter()
            .find_map(|s| match s {
                crate::supply::SystemSpec::Dhc(d) if d.id == id => Some(d.basis),
                _ => None,
            })
            .unwrap_or_default()
    };
    // The rated DHC, and the first DHC on the other basis: break-evens per basis.
    let mut rated: Vec<&str> = dhc.into_iter().collect();
    if let Some(other) = specs.iter().find_map(|s| match s {
        crate::supply::SystemSpec::Dhc(d)
            if dhc.is_some_and(|r| basis_of(r) != d.basis && r != d.id) =>
        {
            Some(d.id.as_str())
        }
        _ => None,
    }) {
        rated.push(other);
    }
    // Building plants on the same basis as the DHC when the alternative has them (a
    // realistic DHC against realistic building plants), else the reference ones.
    let ind_on = |b: crate::supply::dhc::Basis| {
        specs
            .iter()
            .find_map(|s| match s {
                crate::supply::SystemSpec::Individual(x)
                    if x.basis == b && x.sources.is_empty() =>
                {
                    Some(x.id.as_str())
                }
                _ => None,
            })
            .or(ind)
    };
    let mut be = vec![];
    for d in rated {
        let ind = ind_on(basis_of(d));
        let basis = basis_of(d).id();
        let price = |pt: &SweepPoint| pt.systems.get(d).and_then(|s| s.heat_price_yen_per_mj);
        for level in [bands.price_good.value, bands.price_standard.value] {
            be.extend(crossings(
                &points,
                (BreakEvenKind::PriceLevel, Some(level), basis),
                |pt| price(pt).map(|v| v - level),
            ));
        }
        if let Some(i) = ind {
            be.extend(crossings(
                &points,
                (BreakEvenKind::PriceEqualsIndividual, None, basis),
                |pt| Some(price(pt)? - pt.systems.get(i)?.heat_price_yen_per_mj?),
            ));
            be.extend(crossings(
                &points,
                (BreakEvenKind::EfficiencyEqualsIndividual, None, basis),
                |pt| {
                    Some(
                        pt.systems.get(d)?.energy_efficiency - pt.systems.get(i)?.energy_efficiency,
                    )
                },
            ));
        }
    }
    Ok(Sweep {
        alternative: alt.id.clone(),
        variable: name,
        points,
        break_even: be,
    })
}

/// CSV of a sweep: one row per step and system.
pub fn to_csv(s: &Sweep) -> Result<String> {
    let mut w = csv::Writer::from_writer(vec![]);
    let e = |e: csv::Error| Error::Runtime(e.to_string());
    w.write_record([
        s.variable.as_str(),
        "gross_far",
        "floor_area_m2",
        "cf_heating",
        "cf_hot_water",
        "cf_cooling",
        "cf_electricity",
        "system",
        "kind",
        "heat_price_yen_per_mj",
        "energy_efficiency",
        "co2_t",
        "co2_kg_per_m2",
    ])
    .map_err(e)?;
    for p in &s.points {
        for (id, sys) in &p.systems {
            w.write_record([
                format!("{}", p.x),
                format!("{:.6}", p.gross_far),
                format!("{:.1}", p.floor_area_m2),
                format!("{:.6}", p.coincidence_factor[Carrier::Heating]),
                format!("{:.6}", p.coincidence_factor[Carrier::HotWater]),
                format!("{:.6}", p.coincidence_factor[Carrier::Cooling]),
                format!("{:.6}", p.coincidence_factor[Carrier::Electricity]),
                id.clone(),
                sys.kind.id().to_string(),
                sys.heat_price_yen_per_mj
                    .map(|v| format!("{v:.6}"))
                    .unwrap_or_default(),
                format!("{:.6}", sys.energy_efficiency),
                format!("{:.3}", sys.co2_t),
                format!("{:.4}", sys.co2_kg_per_m2),
            ])
            .map_err(e)?;
        }
    }
    String::from_utf8(w.into_inner().map_err(|e| Error::Runtime(e.to_string()))?)
        .map_err(|e| Error::Runtime(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_inclusively() {
        assert_eq!(
            parse_range("50:80:10", "--far").unwrap(),
            vec![50.0, 60.0, 70.0, 80.0]
        );
        assert_eq!(parse_range("0:1:0.1", "x").unwrap().len(), 11);
        assert!(parse_range("1:0:1", "x").is_err());
        assert!(parse_range("a:b", "x").is_err());
        let SweepVar::Replace { from, to, shares } =
            parse_replace("office->hotel:0:1:0.5").unwrap()
        else {
            panic!()
        };
        assert_eq!(
            (from.as_str(), to.as_str(), shares.len()),
            ("office", "hotel", 3)
        );
        assert!(parse_replace("office-hotel:0:1:0.5").is_err());
    }

    #[test]
    fn crossing_interpolates() {
        let mk = |x: f64, v: f64| SweepPoint {
            x,
            gross_far: x / 100.0,
            floor_area_m2: 0.0,
            coincidence_factor: PerCarrier::default(),
            systems: [(
                "d".to_string(),
                SweepSystem {
                    kind: SystemKind::Dhc,
                    heat_price_yen_per_mj: Some(v),
                    energy_efficiency: 0.0,
                    co2_t: 0.0,
                    co2_kg_per_m2: 0.0,
                },
            )]
            .into(),
        };
        let pts = vec![mk(50.0, 10.0), mk(100.0, 6.0), mk(150.0, 4.0)];
        let c = crossings(&pts, (BreakEvenKind::PriceLevel, Some(8.0), "study"), |p| {
            Some(p.systems["d"].heat_price_yen_per_mj.unwrap() - 8.0)
        });
        assert_eq!(c.len(), 1);
        assert!((c[0].x - 75.0).abs() < 1e-12);
    }
}
