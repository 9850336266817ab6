//! The pipeline, in one direction: case → [`prepare()`] (every file attached, system specs
//! resolved) → per alternative [`run_alternative`] (floor plan → loads → systems →
//! assessment, with the automatic density sweep) → [`compare`] (every alternative against
//! the base, and the findings that follow from it). The report (`crate::report`) only
//! assembles and renders what [`run`] returns; sweeps ([`sweep`]) evaluate the same systems
//! on scaled variants of an alternative.
//!
//! Submodules depend only on the ones before them: `prepare` → `sweep` → `alternative` →
//! `compare` → this module.

pub mod alternative;
pub mod compare;
pub mod decision;
pub mod prepare;
pub mod sweep;

pub use alternative::{run_alternative, AlternativeResult};
pub use prepare::{prepare, Prepared};

use crate::carrier::Carrier;
use crate::error::Result;
use compare::Comparison;
use rayon::prelude::*;

/// Every alternative of a case through the pipeline, and their comparison with the base.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// Alternatives in file order.
    pub alternatives: Vec<AlternativeResult>,
    /// Every alternative against the base alternative (`case.base`).
    pub comparison: Comparison,
    /// The alternatives ranked on the case's decision criteria.
    pub decision: decision::Decision,
}

/// Run every alternative of a prepared case, compare them with the base alternative and add
/// the findings against the base. Alternatives (and their density sweeps) run on the
/// current rayon thread pool; each is a pure function of `(&Prepared, &Alternative)`, so the
/// result does not depend on the number of threads.
pub fn run(p: &Prepared) -> Result<CaseResult> {
    let mut alternatives = p
        .case
        .alternatives
        .par_iter()
        .map(|a| run_alternative(p, a))
        .collect::<Result<Vec<_>>>()?;
    let comparison = compare::compare(&p.case.base, &alternatives);
    if alternatives.iter().any(|a| a.id == p.case.base) {
        let cf_change = p.lib.supply.viability.cf_change_reported.value;
        let base_name = alternatives
            .iter()
            .find(|a| a.id == p.case.base)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| crate::i18n::Local::Plain(p.case.base.clone()));
        for (a, d) in alternatives.iter_mut().zip(&comparison.alternatives) {
            if !d.is_base {
                add_base_findings(a, d, &base_name, cf_change);
            }
        }
    }
    let decision = decision::decide(&p.decision, &alternatives);
    Ok(CaseResult {
        alternatives,
        comparison,
        decision,
    })
}

/// Findings against the base alternative, from the comparison deltas.
fn add_base_findings(
    a: &mut AlternativeResult,
    d: &compare::AltDelta,
    base: &crate::i18n::Local,
    cf_change: f64,
) {
    let cf = |c: Carrier| {
        let l = &d.loads[c].coincidence_factor;
        (l.base, l.value)
    };
    // The main-system delta speaks of the rated DHC only when both alternatives have one.
    let dhc = d.main_system.as_ref().and_then(|m| {
        let price = m.heat_price_yen_per_mj?;
        a.viability.price_system.as_ref()?;
        Some((
            (m.energy_efficiency.base, m.energy_efficiency.value),
            (price.base, price.value),
        ))
    });
    let x = crate::assess::AgainstBase {
        base,
        cf: [
            cf(Carrier::Heating),
            cf(Carrier::HotWater),
            cf(Carrier::Cooling),
        ],
        dhc,
        price_parts_change: dhc.and(d.main_system.as_ref()).and_then(|m| {
            let p = m.heat_price_parts.as_ref()?;
            Some([
                p.capital.difference,
                p.energy.difference,
                p.fixed.difference,
            ])
        }),
    };
    a.push_findings(crate::assess::base_findings(&x, cf_change));
}

#[cfg(test)]
mod tests {
    /// The per-alternative work reads a shared `Prepared` and returns an owned result, so
    /// alternatives and sweep points can be evaluated on several threads.
    #[test]
    fn per_alternative_work_can_run_on_threads() {
        fn shared<T: Sync>() {}
        fn owned<T: Send>() {}
        shared::<super::Prepared>();
        shared::<crate::case::Alternative>();
        owned::<super::AlternativeResult>();
    }
}
