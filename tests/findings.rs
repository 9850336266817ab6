//! Findings that agree with each other (issue 11 part 2), over every bundled case: the density
//! findings come per basis (study, realistic) and a basis either has break-evens or says it has
//! none; where the rated DHC is cheaper (dearer) than building plants at the plan's own gross
//! FAR, its single study-basis break-even with building plants lies at or below (above) that
//! FAR; and the price band at the plan's FAR agrees with the band-limit crossings.

use kukaku::assess::{BreakEvenKind, Grade};
use kukaku::case;
use kukaku::library::Library;
use kukaku::report;

fn cases() -> Vec<std::path::PathBuf> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/landuse_cases");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    v.sort();
    v
}

#[test]
fn findings_do_not_contradict_each_other() {
    let lib = Library::builtin().unwrap();
    // One sweep step of tolerance: break-evens are interpolated between steps.
    let tol = lib.supply.viability.density_sweep.step_pct.value / 100.0;
    let mut checked = 0;
    for path in cases() {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let c = case::parse(&name, &text, &lib).unwrap();
        let map = case::SourceMap::new(&name, &text);
        let r = report::build(&lib, &c, &map).unwrap();
        for a in &r.alternatives {
            let keys: Vec<(&str, String)> = a
                .viability
                .finding_items
                .iter()
                .map(|f| {
                    let basis = f
                        .args
                        .get("basis")
                        .map(|b| format!("{b:?}"))
                        .unwrap_or_default();
                    (f.key.as_str(), basis)
                })
                .collect();
            let density: Vec<&(&str, String)> = keys
                .iter()
                .filter(|(k, _)| k.starts_with("finding.density_break_even"))
                .collect();
            for (k, basis) in &density {
                if *k == "finding.density_break_even_none" {
                    assert!(
                        !density.iter().any(|(k2, b2)| b2 == basis && *k2 != *k),
                        "{name} {}: a basis both with and without break-evens",
                        a.id
                    );
                }
            }
            let Some(sw) = &a.density_sweep else { continue };
            let rated = a.viability.price_system.as_deref();
            let Some(dhc) = a.systems.iter().find(|s| Some(s.id.as_str()) == rated) else {
                continue;
            };
            let study = |kind: BreakEvenKind, level: Option<f64>| -> Vec<f64> {
                sw.break_even
                    .iter()
                    .filter(|b| b.basis == "study" && b.kind == kind && b.level == level)
                    .map(|b| b.gross_far)
                    .collect()
            };
            let far = a.gross_far;
            let cheaper = keys.iter().any(|(k, _)| *k == "finding.price_dhc_cheaper");
            let dearer = keys
                .iter()
                .any(|(k, _)| *k == "finding.price_plants_cheaper");
            if let [be] = study(BreakEvenKind::PriceEqualsIndividual, None)[..] {
                if cheaper {
                    assert!(
                        far >= be - tol,
                        "{name} {}: DHC cheaper at {far} but breaks even at {be}",
                        a.id
                    );
                }
                if dearer {
                    assert!(
                        far <= be + tol,
                        "{name} {}: plants cheaper at {far} but DHC breaks even at {be}",
                        a.id
                    );
                }
            }
            let bands = &lib.supply.viability.bands;
            let p = dhc.heat_price_yen_per_mj.unwrap();
            let grade =
                kukaku::assess::grade_low(p, bands.price_good.value, bands.price_standard.value);
            for (limit, better) in [
                (bands.price_good.value, grade == Grade::Good),
                (bands.price_standard.value, grade != Grade::Weak),
            ] {
                if let [x] = study(BreakEvenKind::PriceLevel, Some(limit))[..] {
                    // Prices fall with density: below the limit only at or above its crossing.
                    let ok = if better {
                        far >= x - tol
                    } else {
                        far <= x + tol
                    };
                    assert!(
                        ok,
                        "{name} {}: price {p:.2} at gross FAR {far:.2}, crossing {limit} at {x:.2}",
                        a.id
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 5,
        "alternatives with a density sweep checked: {checked}"
    );
}
