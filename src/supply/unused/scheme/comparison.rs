//! The side-by-side comparison of an alternative's unused-energy options: each reference
//! plant, the simple "x % of plant energy" assumption and every system with sources, and
//! a plain-language finding per system.

use super::UnusedResult;
use crate::i18n::{Arg, Phrase, Text};
use crate::supply::SystemResult;
use serde::Serialize;

/// One row of the side-by-side table of an alternative's unused-energy options.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// System id the row comes from.
    pub system: String,
    /// What the row is.
    pub option: UnusedOption,
    /// Label.
    pub label: Text,
    /// Source ids with their delivery (`incinerator (pipe)`).
    pub sources: Vec<String>,
    /// `pipe`, `containers` or `mixed` (source rows).
    pub delivery: Option<String>,
    /// Share of the user's heat demand covered (source rows).
    pub share_of_demand_covered: Option<f64>,
    /// Share of the plant's energy covered: achieved (source rows) or assumed.
    pub unused_share: f64,
    /// CO2 of the system, t/yr.
    pub co2_t: f64,
    /// CO2 saved against the reference, t/yr.
    pub co2_saved_t: f64,
    /// Heat price, ¥/MJ.
    pub heat_price_yen_per_mj: Option<f64>,
    /// Heat price − the reference's, ¥/MJ.
    pub heat_price_effect_yen_per_mj: Option<f64>,
    /// Capital of the sources net of subsidy, ¥ thousand (source rows; the simple
    /// assumption has none).
    pub source_capital_kyen: Option<f64>,
    /// Simple payback, years (source rows).
    pub simple_payback_years: Option<f64>,
    /// CO2 abatement cost, ¥/t (source rows).
    pub abatement_cost_yen_per_t: Option<f64>,
    /// The simple assumption promises more than these sources achieve (source rows).
    pub simple_share_optimistic: Option<bool>,
    /// The simple assumption promises a lower heat price than these sources give.
    pub simple_share_price_optimistic: Option<bool>,
}

/// A row of the unused-energy comparison (report.json `unused_energy.rows[].option`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnusedOption {
    /// The plant without sources.
    Reference,
    /// The simple "x % of plant energy" assumption.
    SimpleShare,
    /// Named sources.
    Sources,
}

impl UnusedOption {
    /// Identifier (the serde name).
    pub fn id(self) -> &'static str {
        match self {
            UnusedOption::Reference => "reference",
            UnusedOption::SimpleShare => "simple_share",
            UnusedOption::Sources => "sources",
        }
    }
}

/// The side-by-side table of an alternative: each reference plant, the simple assumption
/// and every source option (report.json `unused_energy`).
#[derive(Debug, Clone, Serialize)]
pub struct UnusedComparison {
    /// The simple assumption's share.
    pub simple_share: f64,
    /// Its source.
    pub simple_share_source: String,
    /// Rows.
    pub rows: Vec<ComparisonRow>,
    /// Plain-language findings.
    pub findings: Vec<Text>,
}

/// Build the comparison of an alternative's systems; none when no system has sources.
pub fn comparison(systems: &[SystemResult]) -> Option<UnusedComparison> {
    let with: Vec<(&SystemResult, &UnusedResult)> = systems
        .iter()
        .filter_map(|s| s.unused.as_ref().map(|u| (s, u)))
        .collect();
    let (_, first) = with.first()?;
    let simple = first.simple_share;
    let mut rows: Vec<ComparisonRow> = vec![];
    let mut findings = vec![];
    let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    };
    for (s, u) in &with {
        let known = rows.iter().any(|r| {
            r.option == UnusedOption::Reference
                && r.label == u.reference
                && (r.co2_t - u.reference_co2_t).abs() < 1e-6
                && same(r.heat_price_yen_per_mj, u.reference_heat_price_yen_per_mj)
        });
        if !known {
            rows.push(ComparisonRow {
                system: s.id.clone(),
                option: UnusedOption::Reference,
                label: u.reference.clone(),
                sources: vec![],
                delivery: None,
                share_of_demand_covered: None,
                unused_share: 0.0,
                co2_t: u.reference_co2_t,
                co2_saved_t: 0.0,
                heat_price_yen_per_mj: u.reference_heat_price_yen_per_mj,
                heat_price_effect_yen_per_mj: None,
                source_capital_kyen: None,
                simple_payback_years: None,
                abatement_cost_yen_per_t: None,
                simple_share_optimistic: None,
                simple_share_price_optimistic: None,
            });
            if let (Some(p), Some(c)) = (u.simple_share_heat_price_yen_per_mj, u.simple_share_co2_t)
            {
                rows.push(ComparisonRow {
                    system: s.id.clone(),
                    option: UnusedOption::SimpleShare,
                    label: Phrase::new(
                        "unused.simple_row",
                        &[("pct", format!("{:.0}", simple * 100.0))],
                    )
                    .with("reference", u.reference.clone())
                    .into(),
                    sources: vec![],
                    delivery: None,
                    share_of_demand_covered: None,
                    unused_share: simple,
                    co2_t: c,
                    co2_saved_t: u.reference_co2_t - c,
                    heat_price_yen_per_mj: Some(p),
                    heat_price_effect_yen_per_mj: u.reference_heat_price_yen_per_mj.map(|r| p - r),
                    source_capital_kyen: None,
                    simple_payback_years: None,
                    abatement_cost_yen_per_t: None,
                    simple_share_optimistic: None,
                    simple_share_price_optimistic: None,
                });
            }
        }
        let deliveries: std::collections::BTreeSet<String> = u
            .sources
            .iter()
            .map(|x| x.delivery.id().to_string())
            .collect();
        let delivery = if deliveries.len() == 1 {
            deliveries.into_iter().next()
        } else {
            Some("mixed".to_string())
        };
        let e = &u.economics;
        rows.push(ComparisonRow {
            system: s.id.clone(),
            option: UnusedOption::Sources,
            label: s.name.clone(),
            sources: u
                .sources
                .iter()
                .map(|x| format!("{} ({})", x.id, x.delivery.id()))
                .collect(),
            delivery,
            share_of_demand_covered: Some(u.share_of_demand_covered),
            unused_share: u.unused_share_achieved,
            co2_t: s.co2_t,
            co2_saved_t: u.reference_co2_t - s.co2_t,
            heat_price_yen_per_mj: s.heat_price_yen_per_mj,
            heat_price_effect_yen_per_mj: u.heat_price_effect_yen_per_mj,
            source_capital_kyen: Some(e.capital_kyen - e.subsidy_kyen),
            simple_payback_years: e.simple_payback_years,
            abatement_cost_yen_per_t: e.abatement_cost_yen_per_t,
            simple_share_optimistic: Some(u.simple_share_optimistic),
            simple_share_price_optimistic: u.simple_share_price_optimistic,
        });
        findings.push(finding(s, u, simple));
    }
    Some(UnusedComparison {
        simple_share: simple,
        simple_share_source: first.simple_share_source.clone(),
        rows,
        findings,
    })
}

/// The plain-language finding of a system with sources: coverage against the simple
/// assumption, CO2, payback, abatement cost and heat price.
fn finding(s: &SystemResult, u: &UnusedResult, simple: f64) -> Text {
    let e = &u.economics;
    let price: Option<Phrase> = match (
        u.heat_price_effect_yen_per_mj,
        u.simple_share_heat_price_yen_per_mj,
    ) {
        (Some(d), Some(p)) => Some(
            Phrase::new(
                "unused.finding.price_against_simple",
                &[("d", format!("{d:+.2}")), ("p", format!("{p:.2}"))],
            )
            .with("reference", u.reference.clone())
            .with(
                "optimistic",
                if u.simple_share_price_optimistic == Some(true) {
                    Arg::from(Phrase::new("unused.finding.optimistic_on_price", &[]))
                } else {
                    Arg::Text(String::new())
                },
            ),
        ),
        (Some(d), None) => Some(
            Phrase::new("unused.finding.price", &[("d", format!("{d:+.2}"))])
                .with("reference", u.reference.clone()),
        ),
        _ => None,
    };
    let abatement = |a: f64| Phrase::new("unused.finding.abatement", &[("a", format!("{a:.0}"))]);
    let rest: Arg = match (e.abatement_cost_yen_per_t, price) {
        (Some(a), None) => abatement(a).into(),
        (Some(a), Some(price)) => Phrase::new("unused.finding.abatement_and_price", &[])
            .with("abatement", abatement(a))
            .with("price", price)
            .into(),
        (None, Some(price)) => price.into(),
        (None, None) => Arg::Text(String::new()),
    };
    Phrase::new(
        "unused.finding.summary",
        &[
            (
                "demand",
                format!("{:.0}", u.share_of_demand_covered * 100.0),
            ),
            ("energy", format!("{:.0}", u.unused_share_achieved * 100.0)),
            ("simple", format!("{:.0}", simple * 100.0)),
            ("co2", format!("{:.0}", u.reference_co2_t - s.co2_t)),
        ],
    )
    .with("name", s.name.clone())
    .with(
        "verdict",
        Phrase::new(
            if u.simple_share_optimistic {
                "unused.finding.simple_optimistic"
            } else {
                "unused.finding.simple_reached"
            },
            &[],
        ),
    )
    .with("reference", u.reference.clone())
    .with(
        "payback",
        match e.simple_payback_years {
            Some(y) => Phrase::new("unused.finding.payback", &[("years", format!("{y:.1}"))]),
            None => Phrase::new("unused.finding.no_payback", &[]),
        },
    )
    .with("rest", rest)
    .into()
}
