//! Verdict: rating bands, viability thresholds and plain-language findings
//! (dhc-benchmarks.md). Pure function of the alternative's floor and system results.

use crate::supply::data::SupplyData;
use crate::supply::{SystemKind, SystemResult};
use serde::Serialize;

/// Rating grade: "good" (○), "standard" (△), "weak" (●), or none.
pub type Grade = Option<&'static str>;

/// Ratings of an alternative (CONTRACT.md).
#[derive(Debug, Clone, Serialize)]
pub struct Rating {
    /// Gross FAR grade.
    pub density: Grade,
    /// Efficiency grade of the first DHC system (or best system).
    pub efficiency: Grade,
    /// Heat-price grade of the first DHC system.
    pub price: Grade,
}

/// A threshold check.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Key.
    pub key: String,
    /// What is checked.
    pub label: String,
    /// Value.
    pub value: f64,
    /// Threshold.
    pub threshold: f64,
    /// Passed.
    pub pass: bool,
    /// Source.
    pub source: String,
}

/// Verdict of an alternative.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// Ratings.
    pub rating: Rating,
    /// Threshold checks.
    pub checks: Vec<Check>,
    /// Findings (plain language).
    pub findings: Vec<String>,
}

/// Higher-is-better grade.
pub fn grade_high(v: f64, good: f64, standard: f64) -> &'static str {
    if v >= good {
        "good"
    } else if v >= standard {
        "standard"
    } else {
        "weak"
    }
}

/// Lower-is-better grade (price): good below `good`, standard below `standard`.
pub fn grade_low(v: f64, good: f64, standard: f64) -> &'static str {
    if v < good {
        "good"
    } else if v < standard {
        "standard"
    } else {
        "weak"
    }
}

/// Assess an alternative.
pub fn assess(
    d: &SupplyData,
    district_m2: f64,
    floor_m2: f64,
    gross_far: f64,
    systems: &[SystemResult],
) -> Verdict {
    let v = &d.viability;
    let b = &v.bands;
    let dhc = systems.iter().find(|s| {
        s.kind == SystemKind::Dhc
            && !s.notes.iter().any(|n| {
                n.starts_with("Build-up")
                    || n.starts_with("Infrastructure")
                    || n.starts_with("Unused")
            })
    });
    let dhc = dhc.or_else(|| systems.iter().find(|s| s.kind == SystemKind::Dhc));
    let ind = systems.iter().find(|s| s.kind == SystemKind::Individual);
    let eff_sys = dhc.or(ind);
    let rating = Rating {
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
    };
    let mut checks = vec![
        Check {
            key: "district_area".into(),
            label: "District area ≥ 10 ha".into(),
            value: district_m2,
            threshold: v.min_district_m2.value,
            pass: district_m2 >= v.min_district_m2.value,
            source: v.min_district_m2.source.clone(),
        },
        Check {
            key: "floor_area".into(),
            label: "Supplied floor ≥ 100,000 m²".into(),
            value: floor_m2,
            threshold: v.min_floor_m2.value,
            pass: floor_m2 >= v.min_floor_m2.value,
            source: v.min_floor_m2.source.clone(),
        },
        Check {
            key: "gross_far".into(),
            label: "Gross FAR ≥ 100 %".into(),
            value: gross_far,
            threshold: v.min_gross_far.value,
            pass: gross_far >= v.min_gross_far.value,
            source: v.min_gross_far.source.clone(),
        },
    ];
    if let Some(s) = dhc {
        if let Some(cap) = s.heating_capacity_gj_per_h {
            checks.push(Check {
                key: "heat_supply_act".into(),
                label: "Heating capacity below 21 GJ/h (a mini-DHC outside the Heat Supply Business Act)"
                    .into(),
                value: cap,
                threshold: v.heat_supply_act_gj_per_h.value,
                pass: cap < v.heat_supply_act_gj_per_h.value,
                source: v.heat_supply_act_gj_per_h.source.clone(),
            });
        }
        checks.push(Check {
            key: "efficiency".into(),
            label: "DHC efficiency ≥ 0.6 (competes with individual AC)".into(),
            value: s.energy_efficiency,
            threshold: v.efficiency_floor.value,
            pass: s.energy_efficiency >= v.efficiency_floor.value,
            source: v.efficiency_floor.source.clone(),
        });
    }
    let mut findings = vec![];
    if let Some(cap) = dhc.and_then(|s| s.heating_capacity_gj_per_h) {
        let act = v.heat_supply_act_gj_per_h.value;
        findings.push(if cap >= act {
            format!("The DHC plant's heating capacity of {cap:.0} GJ/h is at or above {act:.0} GJ/h: the Heat Supply Business Act (熱供給事業法) applies, with registration and supply obligations.")
        } else {
            format!("The DHC plant's heating capacity of {cap:.0} GJ/h stays below {act:.0} GJ/h: a mini-DHC outside the Heat Supply Business Act.")
        });
    }
    if gross_far < v.min_gross_far.value {
        findings.push(format!("Gross FAR {:.0} % is below the 100 % rule of thumb: real land-readjustment DHC districts below it all had poor efficiency and high heat prices.", gross_far * 100.0));
    } else {
        findings.push(format!(
            "Gross FAR {:.0} % meets the 100 % density threshold for DHC.",
            gross_far * 100.0
        ));
    }
    if floor_m2 < v.feasible_floor_m2.value || district_m2 < v.feasible_district_m2.value {
        findings.push(
            "The district is below the minimum feasible DHC scale (about 5 ha and 50,000 m²)."
                .into(),
        );
    }
    if let (Some(d), Some(i)) = (dhc, ind) {
        let de = (d.energy_efficiency / i.energy_efficiency - 1.0) * 100.0;
        let dc = (d.co2_t / i.co2_t - 1.0) * 100.0;
        findings.push(format!(
            "DHC reaches an energy efficiency of {:.2} against {:.2} for individual plants ({:+.0} %), and changes CO2 by {:+.0} %.",
            d.energy_efficiency, i.energy_efficiency, de, dc
        ));
        if let (Some(pd), Some(pi)) = (d.heat_price_yen_per_mj, i.heat_price_yen_per_mj) {
            findings.push(format!(
                "Heat from the DHC costs {:.1} ¥/MJ against an equivalent {:.1} ¥/MJ from building plants ({}).",
                pd,
                pi,
                if pd < pi { "DHC is cheaper" } else { "building plants are cheaper" }
            ));
        }
    }
    if let Some(p) = dhc.and_then(|s| s.heat_price_yen_per_mj) {
        let band = grade_low(p, b.price_good.value, b.price_standard.value);
        findings.push(format!(
            "DHC heat price {:.1} ¥/MJ is {} (bands: < 6 good, 6–8 standard, ≥ 8 weak; land-readjustment DHC average 6.0 ¥/MJ).",
            p,
            match band {
                "good" => "in the good band",
                "standard" => "in the standard band",
                _ => "in the weak band",
            }
        ));
    }
    for s in systems.iter().filter(|s| s.kind == SystemKind::Dhc) {
        if let (Some(base), Some(p)) = (
            dhc.and_then(|x| x.heat_price_yen_per_mj),
            s.heat_price_yen_per_mj,
        ) {
            if !std::ptr::eq(s, dhc.unwrap()) {
                findings.push(format!(
                    "Scenario `{}`: heat price {:.1} → {:.1} ¥/MJ ({:+.0} %).",
                    s.id,
                    base,
                    p,
                    (p / base - 1.0) * 100.0
                ));
            }
        }
        if s.unmet_mwh > 0.01 {
            findings.push(format!(
                "System `{}` leaves {:.1} MWh/yr unmet: its capacity is below the hourly load.",
                s.id, s.unmet_mwh
            ));
        }
    }
    Verdict {
        rating,
        checks,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_dhc_benchmarks() {
        assert_eq!(grade_high(2.0, 2.0, 1.0), "good");
        assert_eq!(grade_high(1.5, 2.0, 1.0), "standard");
        assert_eq!(grade_high(0.99, 2.0, 1.0), "weak");
        assert_eq!(grade_low(5.99, 6.0, 8.0), "good");
        assert_eq!(grade_low(6.0, 6.0, 8.0), "standard");
        assert_eq!(grade_low(8.0, 6.0, 8.0), "weak");
    }
}
