//! The case-level decision of the executive summary: every alternative scored on the
//! planner's criteria (the case's `decision:` block, else the defaults of
//! `src/data/decision.yaml`), ranked, the preferred alternative with the criteria where it
//! wins (and by how much), where another alternative does better, and the caveats its own
//! findings raise. A pure function of the alternatives' results, computed after the
//! comparison with the base ([`super::run`]); the report only renders it.
//!
//! Scoring: on each criterion an alternative with a value scores 1 at the best value of
//! the case and 0 at the worst, linearly between (1 for all when every value is equal);
//! its overall score is the weighted mean over the criteria it has a value for. Criteria
//! with a value for fewer than two alternatives are shown but do not score.

use super::alternative::AlternativeResult;
use super::compare::main_system;
use crate::assess::Grade;
use crate::case::{DecisionSpec, SourceMap};
use crate::error::Result;
use crate::i18n::{Phrase, Text};
use crate::sourced::Sourced;
use crate::supply::Lever;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const DECISION_YAML: &str = include_str!("../data/decision.yaml");

/// A decision criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Heat price of the main system, ¥/MJ (lower is better).
    Price,
    /// CO2 per m² of floor, kg/m²·yr, of the main system, else of the first solar cluster
    /// (lower is better).
    Co2,
    /// Energy efficiency of the main system (higher is better).
    Efficiency,
    /// Mean of the ○/△/● ratings of an alternative with DHC, ○ = 1, △ = 0.5, ● = 0
    /// (higher is better).
    Viability,
    /// Heat Supply Business Act registration: 1 when it applies to the DHC, else 0 (lower
    /// is better; only alternatives with the check).
    HeatSupplyAct,
    /// Initial cost of the solar-thermal system per dwelling of the first solar cluster, ¥
    /// (lower is better).
    ClusterCost,
    /// Roof balance (usable − required roof) of the first solar cluster, m² (higher is
    /// better).
    RoofBalance,
}

impl Criterion {
    /// Every criterion, in the order of the summary table.
    pub const ALL: [Criterion; 7] = [
        Criterion::Price,
        Criterion::Co2,
        Criterion::Efficiency,
        Criterion::Viability,
        Criterion::HeatSupplyAct,
        Criterion::ClusterCost,
        Criterion::RoofBalance,
    ];

    /// The serde name (a key of the catalogues under `decision.criterion.`).
    pub fn id(self) -> &'static str {
        match self {
            Criterion::Price => "price",
            Criterion::Co2 => "co2",
            Criterion::Efficiency => "efficiency",
            Criterion::Viability => "viability",
            Criterion::HeatSupplyAct => "heat_supply_act",
            Criterion::ClusterCost => "cluster_cost",
            Criterion::RoofBalance => "roof_balance",
        }
    }

    /// The criterion named `id`.
    pub fn of_id(id: &str) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|c| c.id() == id)
    }

    /// A lower value is better.
    pub fn lower_is_better(self) -> bool {
        matches!(
            self,
            Criterion::Price | Criterion::Co2 | Criterion::HeatSupplyAct | Criterion::ClusterCost
        )
    }

    /// The alternative's value on this criterion (none when it does not apply).
    pub fn value(self, a: &AlternativeResult) -> Option<f64> {
        let main = main_system(a);
        let cluster = a.systems.iter().find_map(|s| s.per_dwelling.as_ref());
        match self {
            Criterion::Price => main?.heat_price_yen_per_mj,
            Criterion::Co2 => main
                .or_else(|| a.systems.iter().find(|s| s.per_dwelling.is_some()))
                .map(|s| s.co2_kg_per_m2),
            Criterion::Efficiency => main.map(|s| s.energy_efficiency),
            Criterion::Viability => {
                a.viability.price_system.as_ref()?;
                let r = &a.rating;
                let grades: Vec<f64> = [r.density, r.efficiency, r.price]
                    .into_iter()
                    .flatten()
                    .map(|g| match g {
                        Grade::Good => 1.0,
                        Grade::Standard => 0.5,
                        Grade::Weak => 0.0,
                    })
                    .collect();
                (!grades.is_empty()).then(|| grades.iter().sum::<f64>() / grades.len() as f64)
            }
            Criterion::HeatSupplyAct => a
                .viability
                .checks
                .iter()
                .find(|c| c.key == "heat_supply_act")
                .and_then(|c| c.applies)
                .map(|applies| if applies { 1.0 } else { 0.0 }),
            Criterion::ClusterCost => cluster.map(|p| p.initial_cost_yen),
            Criterion::RoofBalance => a.roof.as_ref().map(|r| r.balance_m2),
        }
    }

    /// `x` is better than `y` on this criterion.
    fn better(self, x: f64, y: f64) -> bool {
        if self.lower_is_better() {
            x < y
        } else {
            x > y
        }
    }
}

/// decision.yaml: the default weight of every criterion, with its source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionData {
    /// Default weight by criterion id.
    pub weights: BTreeMap<String, Sourced>,
}

impl DecisionData {
    /// Parse the built-in decision.yaml (every criterion weighted, weights ≥ 0).
    pub fn builtin() -> std::result::Result<DecisionData, String> {
        let d: DecisionData = serde_yaml::from_str(DECISION_YAML)
            .map_err(|e| format!("built-in decision.yaml: {e}"))?;
        for c in Criterion::ALL {
            let w = d
                .weights
                .get(c.id())
                .ok_or_else(|| format!("decision.yaml: no weight for `{}`", c.id()))?;
            if !(w.value >= 0.0 && w.value.is_finite()) {
                return Err(format!("decision.yaml: weights.{} must be ≥ 0", c.id()));
            }
        }
        if let Some(k) = d.weights.keys().find(|k| Criterion::of_id(k).is_none()) {
            return Err(format!("decision.yaml: unknown criterion `{k}`"));
        }
        Ok(d)
    }
}

/// The criteria a case decides on, with their weights.
#[derive(Debug, Clone, Serialize)]
pub struct Weights {
    /// Criterion and weight (> 0), in the order of [`Criterion::ALL`].
    pub criteria: Vec<(Criterion, f64)>,
    /// `default` (decision.yaml), `weights` or `order` (the case's block).
    pub method: &'static str,
}

/// The weights of a case: its `decision:` block checked (path `decision`), else the
/// defaults.
pub fn weights(
    data: &DecisionData,
    spec: Option<&DecisionSpec>,
    map: &SourceMap,
) -> Result<Weights> {
    let known = || {
        Criterion::ALL
            .iter()
            .map(|c| c.id())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let criterion = |path: &str, id: &str| {
        Criterion::of_id(id).ok_or_else(|| {
            map.located(
                path,
                format!("unknown decision criterion `{id}`; known: {}", known()),
            )
        })
    };
    let mut out: BTreeMap<Criterion, f64> = BTreeMap::new();
    let method = match spec {
        None => {
            for c in Criterion::ALL {
                out.insert(c, data.weights[c.id()].value);
            }
            "default"
        }
        Some(DecisionSpec {
            weights: Some(_),
            order: Some(_),
        }) => {
            return Err(map.located(
                "decision",
                "give either `weights:` or `order:` in `decision`, not both",
            ))
        }
        Some(DecisionSpec {
            weights: Some(w), ..
        }) => {
            for (id, v) in w {
                let path = format!("decision.weights.{id}");
                let c = criterion(&path, id)?;
                if !(v.is_finite() && *v >= 0.0) {
                    return Err(map.located(&path, format!("a weight must be ≥ 0, got {v}")));
                }
                out.insert(c, *v);
            }
            "weights"
        }
        Some(DecisionSpec { order: Some(o), .. }) => {
            let n = o.len();
            for (i, id) in o.iter().enumerate() {
                let path = format!("decision.order[{i}]");
                let c = criterion(&path, id)?;
                if out.insert(c, (n - i) as f64).is_some() {
                    return Err(map.located(&path, format!("criterion `{id}` is listed twice")));
                }
            }
            "order"
        }
        Some(_) => {
            return Err(map.located(
                "decision",
                "`decision` needs `weights: {criterion: weight, …}` or `order: [criterion, …]`",
            ))
        }
    };
    out.retain(|_, w| *w > 0.0);
    if out.is_empty() {
        return Err(map.located(
            "decision",
            "every decision criterion has weight 0: give at least one a positive weight",
        ));
    }
    Ok(Weights {
        criteria: out.into_iter().collect(),
        method,
    })
}

/// A criterion as used in a case's decision.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionUse {
    /// Criterion.
    pub criterion: Criterion,
    /// Weight (relative).
    pub weight: f64,
    /// Weight as a share of the total (fraction).
    pub weight_share: f64,
    /// A lower value is better.
    pub lower_is_better: bool,
    /// At least two alternatives have a value: the criterion scores.
    pub scores: bool,
}

/// One alternative in the ranking.
#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    /// Alternative id.
    pub alternative: String,
    /// Overall rank, 1 = preferred.
    pub rank: usize,
    /// Overall score, 0–1 (weighted mean of the criterion scores).
    pub score: f64,
    /// Value on each criterion, in the order of `criteria`.
    pub values: Vec<Option<f64>>,
    /// Rank on each criterion (1 = best; ties share a rank), in the order of `criteria`.
    pub ranks: Vec<Option<usize>>,
    /// Score on each criterion (0–1), in the order of `criteria`.
    pub scores: Vec<Option<f64>>,
}

/// The preferred alternative against another one on a criterion.
#[derive(Debug, Clone, Serialize)]
pub struct Margin {
    /// Criterion.
    pub criterion: Criterion,
    /// The preferred alternative's value.
    pub value: f64,
    /// The alternative compared with: the next best on a criterion the preferred wins, the
    /// best on one it does not.
    pub other: String,
    /// Its value.
    pub other_value: f64,
    /// value − other_value, in the criterion's unit.
    pub difference: f64,
    /// value ÷ other_value − 1 (none when other_value is 0).
    pub change: Option<f64>,
}

/// The decision of a case (report.json `decision`).
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// `default` (decision.yaml), `weights` or `order` (the case's `decision:` block).
    pub method: &'static str,
    /// The criteria with a value for some alternative, weights > 0.
    pub criteria: Vec<CriterionUse>,
    /// Alternatives by rank (ties in file order).
    pub ranking: Vec<Ranked>,
    /// The preferred alternative (rank 1).
    pub preferred: Option<String>,
    /// Criteria where the preferred alternative is best, against the next best.
    pub reasons: Vec<Margin>,
    /// Criteria where another alternative is better, against the best.
    pub trade_offs: Vec<Margin>,
    /// Caveats of the preferred alternative, from its findings and checks.
    pub caveats: Vec<Text>,
}

/// Finding keys that qualify a recommendation: legal duties, density and scale below the
/// study's thresholds, a weak price band, the realistic-basis price, unmet load.
const CAVEAT_FINDINGS: [&str; 7] = [
    "finding.heat_supply_act_applies",
    "finding.energy_conservation_act",
    "finding.gross_far_below",
    "finding.below_feasible_scale",
    "finding.price_band_weak",
    "finding.realistic_price",
    "finding.unmet",
];

/// Caveat findings about the thresholds for considering DHC (density, scale).
const DHC_THRESHOLD_FINDINGS: [&str; 2] =
    ["finding.gross_far_below", "finding.below_feasible_scale"];

/// Rank the alternatives on the weighted criteria.
pub fn decide(w: &Weights, alts: &[AlternativeResult]) -> Decision {
    let values: Vec<(Criterion, f64, Vec<Option<f64>>)> = w
        .criteria
        .iter()
        .map(|(c, wt)| (*c, *wt, alts.iter().map(|a| c.value(a)).collect::<Vec<_>>()))
        .filter(|(_, _, v)| v.iter().any(Option::is_some))
        .collect();
    let total_w: f64 = values.iter().map(|(_, w, _)| w).sum();
    let criteria: Vec<CriterionUse> = values
        .iter()
        .map(|(c, wt, v)| CriterionUse {
            criterion: *c,
            weight: *wt,
            weight_share: wt / total_w,
            lower_is_better: c.lower_is_better(),
            scores: v.iter().flatten().count() >= 2,
        })
        .collect();
    let mut ranked: Vec<Ranked> = alts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut row = Ranked {
                alternative: a.id.clone(),
                rank: 0,
                score: 0.0,
                values: vec![],
                ranks: vec![],
                scores: vec![],
            };
            let (mut sum, mut wsum) = (0.0, 0.0);
            for ((c, wt, v), u) in values.iter().zip(&criteria) {
                let x = v[i];
                let present: Vec<f64> = v.iter().flatten().copied().collect();
                let rank = x.map(|x| 1 + present.iter().filter(|y| c.better(**y, x)).count());
                let score = x.filter(|_| u.scores).map(|x| {
                    let (lo, hi) = present
                        .iter()
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), y| {
                            (l.min(*y), h.max(*y))
                        });
                    let (best, worst) = if c.lower_is_better() {
                        (lo, hi)
                    } else {
                        (hi, lo)
                    };
                    if best == worst {
                        1.0
                    } else {
                        (worst - x) / (worst - best)
                    }
                });
                if let Some(s) = score {
                    sum += wt * s;
                    wsum += wt;
                }
                row.values.push(x);
                row.ranks.push(rank);
                row.scores.push(score);
            }
            row.score = if wsum > 0.0 { sum / wsum } else { 0.0 };
            row
        })
        .collect();
    // Stable sort: equal scores keep file order.
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    for (i, r) in ranked.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    let preferred = ranked.first().map(|r| r.alternative.clone());
    let p_idx = preferred
        .as_ref()
        .and_then(|id| alts.iter().position(|a| &a.id == id));
    let (mut reasons, mut trade_offs) = (vec![], vec![]);
    if let Some(p) = p_idx {
        for (c, _, v) in &values {
            let Some(x) = v[p] else { continue };
            // The best other alternative on this criterion (first in file order on ties).
            let other = v
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != p)
                .filter_map(|(i, y)| Some((i, (*y)?)))
                .fold(None, |best: Option<(usize, f64)>, (i, y)| match best {
                    Some((_, b)) if !c.better(y, b) => best,
                    _ => Some((i, y)),
                });
            let Some((o, y)) = other else { continue };
            let m = Margin {
                criterion: *c,
                value: x,
                other: alts[o].id.clone(),
                other_value: y,
                difference: x - y,
                change: (y != 0.0).then(|| x / y - 1.0),
            };
            if c.better(x, y) {
                reasons.push(m);
            } else if c.better(y, x) {
                trade_offs.push(m);
            }
        }
    }
    let caveats = p_idx.map(|p| caveats(&alts[p])).unwrap_or_default();
    Decision {
        method: w.method,
        criteria,
        ranking: ranked,
        preferred,
        reasons,
        trade_offs,
        caveats,
    }
}

/// The caveats of an alternative: its findings on legal duties, density, scale, price band,
/// the realistic basis and unmet load; the threshold checks it fails (with a DHC system);
/// what a build-up over years does to the heat price; a negative roof balance.
fn caveats(a: &AlternativeResult) -> Vec<Text> {
    // Without a DHC system the density and scale thresholds (for considering DHC) do not
    // qualify the plan.
    let dhc = a.viability.price_system.is_some();
    let mut out: Vec<Text> = a
        .viability
        .finding_items
        .iter()
        .filter(|f| CAVEAT_FINDINGS.contains(&f.key.as_str()))
        .filter(|f| dhc || !DHC_THRESHOLD_FINDINGS.contains(&f.key.as_str()))
        .map(|f| Text::Phrase(f.clone()))
        .collect();
    for c in a.viability.checks.iter().filter(|c| !c.pass && dhc) {
        out.push(Text::Phrase(
            Phrase::new("decision.caveat.check", &[]).with("check", c.label.clone()),
        ));
    }
    for s in a.sensitivity.iter().filter(|s| s.lever == Lever::Buildup) {
        if let (Some(b), Some(p)) = (s.base_price_yen_per_mj, s.price_yen_per_mj) {
            out.push(Text::new(
                "decision.caveat.buildup",
                &[
                    ("base", format!("{b:.1}")),
                    ("price", format!("{p:.1}")),
                    ("change", format!("{:+.0}", (p / b - 1.0) * 100.0)),
                ],
            ));
        }
    }
    if let Some(r) = a.roof.as_ref().filter(|r| r.balance_m2 < 0.0) {
        out.push(Text::new(
            "decision.caveat.roof",
            &[("m2", crate::format::num(-r.balance_m2, 0))],
        ));
    }
    out
}
