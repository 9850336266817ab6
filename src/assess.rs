//! Verdict: rating bands, viability thresholds and plain-language findings
//! (dhc-benchmarks.md). Pure function of the alternative's floor and system results.

use crate::i18n::{Lang, Text};
use crate::sourced::Sourced;
use crate::supply::data::{Bands, SupplyData, Viability};
use crate::supply::{SystemKind, SystemResult};
use serde::Serialize;

/// Rating grade (CONTRACT.md `rating`: "good", "standard", "weak"; null when not rated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// ○: within the good band.
    Good,
    /// △: within the standard band.
    Standard,
    /// ●: below the standard band.
    Weak,
}

impl Grade {
    /// The CONTRACT.md name.
    pub fn id(self) -> &'static str {
        match self {
            Grade::Good => "good",
            Grade::Standard => "standard",
            Grade::Weak => "weak",
        }
    }
}

/// Ratings of an alternative (CONTRACT.md).
#[derive(Debug, Clone, Serialize)]
pub struct Rating {
    /// Gross FAR grade.
    pub density: Option<Grade>,
    /// Efficiency grade of the rated DHC system (else the reference individual plants).
    pub efficiency: Option<Grade>,
    /// Heat-price grade of the rated DHC system.
    pub price: Option<Grade>,
}

/// A threshold check.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Key.
    pub key: String,
    /// What is checked.
    pub label: Text,
    /// Value.
    pub value: f64,
    /// Threshold.
    pub threshold: f64,
    /// Passed: false only for a threshold that is not met. Informative checks always pass.
    pub pass: bool,
    /// An informative check: a legal consequence the plan triggers or not (`applies`), not a
    /// pass/fail test of viability.
    pub informative: bool,
    /// Of an informative check: whether the rule applies to the plan.
    pub applies: Option<bool>,
    /// Source.
    pub source: String,
}

impl Check {
    /// A pass/fail threshold check (`pass` when `value` reaches `threshold`, or stays below it
    /// when `below`).
    fn threshold(key: &str, label: Text, value: f64, threshold: &Sourced, below: bool) -> Check {
        let t = threshold.value;
        Check {
            key: key.into(),
            label,
            value,
            threshold: t,
            pass: if below { value < t } else { value >= t },
            informative: false,
            applies: None,
            source: threshold.source.clone(),
        }
    }

    /// An informative check: the rule `applies` to the plan or not.
    fn legal(key: &str, label: Text, value: f64, threshold: &Sourced, applies: bool) -> Check {
        Check {
            key: key.into(),
            label,
            value,
            threshold: threshold.value,
            pass: true,
            informative: true,
            applies: Some(applies),
            source: threshold.source.clone(),
        }
    }
}

/// Verdict of an alternative.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// Ratings.
    pub rating: Rating,
    /// Threshold checks.
    pub checks: Vec<Check>,
    /// Findings (plain language, English; the same texts as `finding_items`).
    pub findings: Vec<String>,
    /// Findings as translation keys with their numbers, for reports in any language.
    pub finding_items: Vec<Finding>,
    /// Id of the system whose efficiency is rated (the main DHC, else the first
    /// individual system).
    pub efficiency_system: Option<String>,
    /// Id of the DHC system whose heat price is rated; the base of the scenario
    /// comparisons (unused energy, build-up, subsidies).
    pub price_system: Option<String>,
}

/// A finding: a translatable phrase (key under `finding.` in `src/data/i18n/<lang>.yaml` and
/// its placeholder values, already formatted and language-neutral).
pub type Finding = crate::i18n::Phrase;

/// A finding under `finding.{key}` with placeholder values.
fn finding(key: &str, args: &[(&str, String)]) -> Finding {
    Finding::new(&format!("finding.{key}"), args)
}

/// "10 % lower" / "10 % higher" (a change as a fraction), as a phrase.
fn change_phrase(x: f64) -> Finding {
    let pct = format!("{:.0}", (x * 100.0).abs());
    finding(
        if x < 0.0 { "less_pct" } else { "more_pct" },
        &[("pct", pct)],
    )
}

/// Higher-is-better grade.
pub fn grade_high(v: f64, good: f64, standard: f64) -> Grade {
    if v >= good {
        Grade::Good
    } else if v >= standard {
        Grade::Standard
    } else {
        Grade::Weak
    }
}

/// Lower-is-better grade (price): good below `good`, standard below `standard`.
pub fn grade_low(v: f64, good: f64, standard: f64) -> Grade {
    if v < good {
        Grade::Good
    } else if v < standard {
        Grade::Standard
    } else {
        Grade::Weak
    }
}

/// Assess an alternative.
pub fn assess(
    d: &SupplyData,
    district_m2: f64,
    floor_m2: f64,
    gross_far: f64,
    specs: &[crate::supply::SystemSpec],
    systems: &[SystemResult],
) -> Verdict {
    let v = &d.viability;
    let (dhc_id, ind_id) = crate::supply::reference_systems(specs);
    let by_id = |id: Option<&str>| id.and_then(|id| systems.iter().find(|s| s.id == id));
    let dhc = by_id(dhc_id);
    let ind = by_id(ind_id);
    let eff_sys = dhc.or(ind);
    let site = Site {
        district_m2,
        floor_m2,
        gross_far,
    };
    let mut items = findings(v, &site, (dhc, ind), systems);
    items.extend(realistic_findings(&v.bands, specs, systems, dhc));
    Verdict {
        rating: rating(&v.bands, gross_far, eff_sys, dhc),
        checks: checks(v, &site, dhc),
        findings: items.iter().map(|f| f.text(Lang::En)).collect(),
        finding_items: items,
        efficiency_system: eff_sys.map(|s| s.id.clone()),
        price_system: dhc.map(|s| s.id.clone()),
    }
}

/// What the checks and findings read of the alternative's site.
struct Site {
    /// District area, m².
    district_m2: f64,
    /// Supplied floor, m².
    floor_m2: f64,
    /// Gross FAR.
    gross_far: f64,
}

/// ○/△/● of density (gross FAR), efficiency (`eff_sys`: the DHC, else the building plants) and
/// the DHC heat price.
fn rating(
    b: &Bands,
    gross_far: f64,
    eff_sys: Option<&SystemResult>,
    dhc: Option<&SystemResult>,
) -> Rating {
    Rating {
        density: Some(grade_high(
            gross_far,
            b.density_good.value,
            b.density_standard.value,
        )),
        efficiency: eff_sys.map(|s| {
            grade_high(
                s.energy_efficiency,
                b.efficiency_good.value,
                b.efficiency_standard.value,
            )
        }),
        price: dhc
            .and_then(|s| s.heat_price_yen_per_mj)
            .map(|p| grade_low(p, b.price_good.value, b.price_standard.value)),
    }
}

/// The checks: district, floor and gross FAR against the study's thresholds for considering
/// DHC and its minimum feasible scale; of the DHC plant its efficiency, and as informative
/// checks the Heat Supply Business Act (registration from 21 GJ/h of heating capacity supplying
/// more than one building) and the Energy Conservation Act (a specified business operator from
/// 1,500 kL crude-oil equivalent a year).
fn checks(v: &Viability, site: &Site, dhc: Option<&SystemResult>) -> Vec<Check> {
    let (district_m2, floor_m2, gross_far) = (site.district_m2, site.floor_m2, site.gross_far);
    let ha = |m2: f64| format!("{:.0}", m2 / 10_000.0);
    let mut checks = vec![
        Check::threshold(
            "district_area",
            Text::new(
                "check.district_area",
                &[("ha", ha(v.min_district_m2.value))],
            ),
            district_m2,
            &v.min_district_m2,
            false,
        ),
        Check::threshold(
            "floor_area",
            Text::new(
                "check.floor_area",
                &[("floor", crate::format::num(v.min_floor_m2.value, 0))],
            ),
            floor_m2,
            &v.min_floor_m2,
            false,
        ),
        Check::threshold(
            "gross_far",
            Text::new(
                "check.gross_far",
                &[("far", format!("{:.0}", v.min_gross_far.value * 100.0))],
            ),
            gross_far,
            &v.min_gross_far,
            false,
        ),
        Check::threshold(
            "min_scale_area",
            Text::new(
                "check.min_scale_area",
                &[("ha", ha(v.feasible_district_m2.value))],
            ),
            district_m2,
            &v.feasible_district_m2,
            false,
        ),
        Check::threshold(
            "min_scale_floor",
            Text::new(
                "check.min_scale_floor",
                &[("floor", crate::format::num(v.feasible_floor_m2.value, 0))],
            ),
            floor_m2,
            &v.feasible_floor_m2,
            false,
        ),
    ];
    if let Some(s) = dhc {
        if let Some(cap) = s.heating_capacity_gj_per_h {
            checks.push(Check::legal(
                "heat_supply_act",
                Text::new(
                    "check.heat_supply_act",
                    &[("gj", format!("{:.0}", v.heat_supply_act_gj_per_h.value))],
                ),
                cap,
                &v.heat_supply_act_gj_per_h,
                heat_supply_act_applies(v, s),
            ));
        }
        let kl = s.primary_energy_gj * v.crude_oil_kl_per_gj.value;
        checks.push(Check::legal(
            "energy_conservation_act",
            Text::new(
                "check.energy_conservation_act",
                &[(
                    "kl",
                    crate::format::num(v.energy_conservation_act_kl.value, 0),
                )],
            ),
            kl,
            &v.energy_conservation_act_kl,
            kl >= v.energy_conservation_act_kl.value,
        ));
        checks.push(Check::threshold(
            "efficiency",
            Text::new(
                "check.efficiency",
                &[("eff", format!("{}", v.efficiency_floor.value))],
            ),
            s.energy_efficiency,
            &v.efficiency_floor,
            false,
        ));
    }
    checks
}

/// Whether the Heat Supply Business Act applies to a DHC system: heating capacity at or above
/// the threshold, supplying at least the Act's number of buildings (one building's own plant
/// is not a heat supply business).
fn heat_supply_act_applies(v: &Viability, s: &SystemResult) -> bool {
    let buildings = s.network.as_ref().map_or(0.0, |n| n.buildings);
    s.heating_capacity_gj_per_h
        .is_some_and(|cap| cap >= v.heat_supply_act_gj_per_h.value)
        && buildings >= v.heat_supply_act_min_buildings.value
}

/// The plain-language findings, in order: Heat Supply Business Act, gross FAR, scale, DHC
/// against building plants, the price band, scenarios and unmet demand.
fn findings(
    v: &Viability,
    site: &Site,
    (dhc, ind): (Option<&SystemResult>, Option<&SystemResult>),
    systems: &[SystemResult],
) -> Vec<Finding> {
    let (district_m2, floor_m2, gross_far) = (site.district_m2, site.floor_m2, site.gross_far);
    let b = &v.bands;
    let mut items = vec![];
    let pct0 = |x: f64| format!("{:.0}", x * 100.0);
    let chg0 = |x: f64| format!("{:+.0}", x * 100.0);
    let p1 = |x: f64| format!("{x:.1}");
    if let Some(s) = dhc {
        if let Some(cap) = s.heating_capacity_gj_per_h {
            let act = v.heat_supply_act_gj_per_h.value;
            items.push(finding(
                if heat_supply_act_applies(v, s) {
                    "heat_supply_act_applies"
                } else {
                    "heat_supply_act_mini"
                },
                &[("cap", format!("{cap:.0}")), ("act", format!("{act:.0}"))],
            ));
        }
        let kl = s.primary_energy_gj * v.crude_oil_kl_per_gj.value;
        let limit = v.energy_conservation_act_kl.value;
        if kl >= limit {
            items.push(finding(
                "energy_conservation_act",
                &[
                    ("kl", crate::format::num(kl, 0)),
                    ("limit", crate::format::num(limit, 0)),
                ],
            ));
        }
    }
    if gross_far < v.min_gross_far.value {
        items.push(finding(
            "gross_far_below",
            &[
                ("far", pct0(gross_far)),
                ("threshold", pct0(v.min_gross_far.value)),
            ],
        ));
    } else {
        items.push(finding(
            "gross_far_meets",
            &[
                ("far", pct0(gross_far)),
                ("threshold", pct0(v.min_gross_far.value)),
            ],
        ));
    }
    if floor_m2 < v.feasible_floor_m2.value || district_m2 < v.feasible_district_m2.value {
        items.push(finding(
            "below_feasible_scale",
            &[
                (
                    "ha",
                    format!("{:.0}", v.feasible_district_m2.value / 10_000.0),
                ),
                ("floor", crate::format::num(v.feasible_floor_m2.value, 0)),
            ],
        ));
    }
    if let Some(l) = dhc.and_then(|s| s.levelling.as_ref()) {
        let r = &v.levelling_rule;
        items.push(finding(
            "levelling",
            &[
                ("cf_cool", pct0(l.coincidence_factor_cooling)),
                ("cf_heat", pct0(l.coincidence_factor_heat)),
                ("capacity", pct0(l.capacity_saving)),
                ("price", format!("{:.1}", l.price_saving * 100.0)),
                ("rule_cf", pct0(r.cf.value)),
                ("rule_capacity", pct0(r.capacity_saving.value)),
                ("rule_price", pct0(r.price_saving.value)),
            ],
        ));
    }
    if let (Some(d), Some(i)) = (dhc, ind) {
        items.push(
            finding(
                "dhc_vs_individual",
                &[
                    ("dhc_eff", format!("{:.2}", d.energy_efficiency)),
                    ("ind_eff", format!("{:.2}", i.energy_efficiency)),
                    (
                        "eff_change",
                        chg0(d.energy_efficiency / i.energy_efficiency - 1.0),
                    ),
                ],
            )
            .with("co2_change", change_phrase(d.co2_t / i.co2_t - 1.0)),
        );
        if let (Some(pd), Some(pi)) = (d.heat_price_yen_per_mj, i.heat_price_yen_per_mj) {
            items.push(finding(
                if pd < pi {
                    "price_dhc_cheaper"
                } else {
                    "price_plants_cheaper"
                },
                &[("dhc_price", p1(pd)), ("ind_price", p1(pi))],
            ));
        }
    }
    if let Some(p) = dhc.and_then(|s| s.heat_price_yen_per_mj) {
        let band = grade_low(p, b.price_good.value, b.price_standard.value);
        items.push(finding(
            match band {
                Grade::Good => "price_band_good",
                Grade::Standard => "price_band_standard",
                Grade::Weak => "price_band_weak",
            },
            &[
                ("price", p1(p)),
                ("good", format!("{}", b.price_good.value)),
                ("standard", format!("{}", b.price_standard.value)),
            ],
        ));
    }
    for s in systems.iter().filter(|s| s.kind == SystemKind::Dhc) {
        if let (Some(base), Some(p)) = (
            dhc.and_then(|x| x.heat_price_yen_per_mj),
            s.heat_price_yen_per_mj,
        ) {
            if !std::ptr::eq(s, dhc.unwrap()) {
                items.push(
                    finding(
                        "scenario_price",
                        &[
                            ("base", p1(base)),
                            ("price", p1(p)),
                            ("change", chg0(p / base - 1.0)),
                        ],
                    )
                    .with("id", s.name.clone()),
                );
            }
        }
        if s.unmet_mwh > 0.01 {
            items.push(finding("unmet", &[("mwh", p1(s.unmet_mwh))]).with("id", s.name.clone()));
        }
    }
    items
}

/// Findings of the DHC systems on the realistic basis: price and its band, efficiency, and
/// the change against the rated (study-basis) DHC.
fn realistic_findings(
    b: &Bands,
    specs: &[crate::supply::SystemSpec],
    systems: &[SystemResult],
    rated: Option<&SystemResult>,
) -> Vec<Finding> {
    let mut items = vec![];
    for spec in specs {
        let crate::supply::SystemSpec::Dhc(d) = spec else {
            continue;
        };
        if d.basis != crate::supply::dhc::Basis::Realistic {
            continue;
        }
        let Some(s) = systems.iter().find(|s| s.id == d.id) else {
            continue;
        };
        let (Some(p), Some(p0)) = (
            s.heat_price_yen_per_mj,
            rated.and_then(|r| r.heat_price_yen_per_mj),
        ) else {
            continue;
        };
        let band = grade_low(p, b.price_good.value, b.price_standard.value);
        items.push(
            finding(
                "realistic_price",
                &[
                    ("price", format!("{p:.1}")),
                    ("study", format!("{p0:.1}")),
                    ("eff", format!("{:.2}", s.energy_efficiency)),
                ],
            )
            .with(
                "band",
                crate::i18n::Phrase::new(&format!("grade.{}", band.id()), &[]),
            )
            .with("id", s.name.clone()),
        );
    }
    items
}

/// What crosses at a break-even point of a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakEvenKind {
    /// The rated DHC's heat price crosses a rating-band limit (`level`).
    PriceLevel,
    /// The rated DHC's heat price equals the reference individual plants'.
    PriceEqualsIndividual,
    /// The rated DHC's efficiency equals the reference individual plants'.
    EfficiencyEqualsIndividual,
}

/// A break-even point of a sweep, found by linear interpolation between two steps.
#[derive(Debug, Clone, Serialize)]
pub struct BreakEven {
    /// What crosses.
    #[serde(skip)]
    pub kind: BreakEvenKind,
    /// Its name in report.json: `dhc_price_{level}_yen_per_mj`,
    /// `dhc_price_equals_individual` or `dhc_efficiency_equals_individual`.
    pub what: String,
    /// Price level crossed, ¥/MJ (the rating band limits); none for the comparisons with
    /// the individual plants.
    pub level: Option<f64>,
    /// Swept value at the crossing.
    pub x: f64,
    /// Gross FAR at the crossing (fraction).
    pub gross_far: f64,
    /// Assumption set of the DHC system the crossing is of: `study` or `realistic`.
    pub basis: String,
}

impl BreakEven {
    /// A break-even of `kind` (at price `level` for [`BreakEvenKind::PriceLevel`]) at the
    /// swept value `x` and gross FAR `gross_far`.
    pub fn new(kind: BreakEvenKind, level: Option<f64>, x: f64, gross_far: f64) -> BreakEven {
        BreakEven::of_basis(kind, level, x, gross_far, "study")
    }

    /// A break-even of a DHC system on `basis`.
    pub fn of_basis(
        kind: BreakEvenKind,
        level: Option<f64>,
        x: f64,
        gross_far: f64,
        basis: &str,
    ) -> BreakEven {
        let what = match kind {
            BreakEvenKind::PriceLevel => {
                format!("dhc_price_{}_yen_per_mj", level.unwrap_or(f64::NAN))
            }
            BreakEvenKind::PriceEqualsIndividual => "dhc_price_equals_individual".into(),
            BreakEvenKind::EfficiencyEqualsIndividual => "dhc_efficiency_equals_individual".into(),
        };
        BreakEven {
            kind,
            what,
            level,
            x,
            gross_far,
            basis: basis.into(),
        }
    }
}

/// Findings of the automatic density sweep of an alternative over gross FAR `from_far` to
/// `to_far` (fractions): the gross FAR where DHC heat costs the same as building-plant
/// heat and where its price crosses the rating band limits, or that no break-even lies in
/// the range swept.
pub fn density_findings(from_far: f64, to_far: f64, break_even: &[BreakEven]) -> Vec<Finding> {
    let far = |b: &BreakEven| format!("{:.0}", b.gross_far * 100.0);
    let (from, to) = (from_far * 100.0, to_far * 100.0);
    let range = [("from", format!("{from:.0}")), ("to", format!("{to:.0}"))];
    let mut items = vec![];
    let mut bases: Vec<&str> = vec!["study"];
    for b in break_even {
        if !bases.contains(&b.basis.as_str()) {
            bases.push(&b.basis);
        }
    }
    for basis in bases {
        let label = || crate::i18n::Phrase::new(&format!("basis.{basis}"), &[]);
        let mut own = vec![];
        for b in break_even.iter().filter(|b| b.basis == basis) {
            if b.kind == BreakEvenKind::PriceEqualsIndividual {
                let mut args = vec![("far", far(b))];
                args.extend(range.iter().cloned());
                own.push(finding("density_break_even_individual", &args).with("basis", label()));
            }
        }
        for b in break_even.iter().filter(|b| b.basis == basis) {
            if let (BreakEvenKind::PriceLevel, Some(level)) = (b.kind, b.level) {
                own.push(
                    finding(
                        "density_break_even_price",
                        &[("far", far(b)), ("level", format!("{level}"))],
                    )
                    .with("basis", label()),
                );
            }
        }
        if own.is_empty() {
            own.push(finding("density_break_even_none", &range).with("basis", label()));
        }
        items.extend(own);
    }
    items
}

/// Values of an alternative against the base alternative, for [`base_findings`].
pub struct AgainstBase<'a> {
    /// Base alternative's name.
    pub base: &'a crate::i18n::Local,
    /// Coincidence factors (base, this) of heating, hot water and cooling.
    pub cf: [(f64, f64); 3],
    /// Rated DHC of both: (efficiency base, this), (price base, this) ¥/MJ.
    pub dhc: Option<((f64, f64), (f64, f64))>,
    /// The rated DHC's price change by part, ¥/MJ: capital, energy, fixed.
    pub price_parts_change: Option<[f64; 3]>,
}

/// Findings that compare an alternative with the base alternative: the coincidence factors
/// when one changes by at least `cf_change` (fraction), and the rated DHC's efficiency and
/// heat price.
pub fn base_findings(x: &AgainstBase, cf_change: f64) -> Vec<Finding> {
    let pct = |v: f64| format!("{:.0}", v * 100.0);
    let mut items = vec![];
    if x.cf.iter().any(|(b, v)| (b - v).abs() >= cf_change) {
        let [(h0, h1), (w0, w1), (c0, c1)] = x.cf;
        items.push(
            finding(
                "base_cf",
                &[
                    ("h0", pct(h0)),
                    ("h1", pct(h1)),
                    ("w0", pct(w0)),
                    ("w1", pct(w1)),
                    ("c0", pct(c0)),
                    ("c1", pct(c1)),
                ],
            )
            .with("base", Text::Local(x.base.clone())),
        );
    }
    if let Some(((e0, e1), (p0, p1))) = x.dhc {
        items.push(
            finding(
                "base_dhc",
                &[
                    ("e0", format!("{e0:.2}")),
                    ("e1", format!("{e1:.2}")),
                    ("p0", format!("{p0:.1}")),
                    ("p1", format!("{p1:.1}")),
                    ("change", format!("{:+.0}", (p1 / p0 - 1.0) * 100.0)),
                ],
            )
            .with("base", Text::Local(x.base.clone())),
        );
    }
    if let (Some([c, e, f]), Some((_, (p0, p1)))) = (x.price_parts_change, x.dhc) {
        items.push(finding(
            "base_price_parts",
            &[
                ("change", format!("{:+.2}", p1 - p0)),
                ("capital", format!("{c:+.2}")),
                ("energy", format!("{e:+.2}")),
                ("fixed", format!("{f:+.2}")),
            ],
        ));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_dhc_benchmarks() {
        assert_eq!(grade_high(2.0, 2.0, 1.0), Grade::Good);
        assert_eq!(grade_high(1.5, 2.0, 1.0), Grade::Standard);
        assert_eq!(grade_high(0.99, 2.0, 1.0), Grade::Weak);
        assert_eq!(grade_low(5.99, 6.0, 8.0), Grade::Good);
        assert_eq!(grade_low(6.0, 6.0, 8.0), Grade::Standard);
        assert_eq!(grade_low(8.0, 6.0, 8.0), Grade::Weak);
        // CONTRACT.md names.
        for g in [Grade::Good, Grade::Standard, Grade::Weak] {
            assert_eq!(serde_json::to_value(g).unwrap(), g.id());
        }
    }
}
