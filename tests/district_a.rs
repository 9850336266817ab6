//! Reproduction of the published Case 0 (base/individual) and Case 1 (base/dhc) figures of
//! the MLIT mixed-use model study (district-a.md §6), with the bundled case and the
//! built-in defaults only: energy and CO2 within ±3 %, heat price within ±5 %.

mod common;
use common::system;
use kukaku::carrier::Carrier;
use kukaku::case;
use kukaku::library::Library;
use kukaku::report::{self, Report};

fn district_a() -> Report {
    let lib = Library::builtin().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/landuse_cases/district_a.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let c = case::parse(path, &text, &lib).unwrap();
    let map = case::SourceMap::new(path, &text);
    report::build(&lib, &c, &map).unwrap()
}

fn within(what: &str, got: f64, published: f64, tol: f64, errors: &mut Vec<String>) {
    let rel = got / published - 1.0;
    if rel.abs() > tol {
        errors.push(format!(
            "{what}: {got:.3} vs published {published} ({:+.1} %, tolerance ±{:.0} %)",
            rel * 100.0,
            tol * 100.0
        ));
    }
}

/// Published figures: (heat demand GJ, electricity MWh, gas kNm³, primary GJ, efficiency, CO2 t, CO2 kg/m²).
const CASE0: [f64; 7] = [99_987.0, 4_666.0, 1_586.0, 116_893.0, 0.855, 5_396.0, 36.5];
const CASE1: [f64; 7] = [99_987.0, 3_416.0, 1_594.0, 105_078.0, 0.952, 4_942.0, 33.4];

fn check_energy(
    s: &kukaku::supply::SystemResult,
    p: [f64; 7],
    label: &str,
    errors: &mut Vec<String>,
) {
    within(
        &format!("{label} heat demand"),
        s.heat_demand_gj,
        p[0],
        0.03,
        errors,
    );
    within(
        &format!("{label} electricity"),
        s.electricity_mwh,
        p[1],
        0.03,
        errors,
    );
    within(&format!("{label} gas"), s.gas_knm3, p[2], 0.03, errors);
    within(
        &format!("{label} primary energy"),
        s.primary_energy_gj,
        p[3],
        0.03,
        errors,
    );
    within(
        &format!("{label} efficiency"),
        s.energy_efficiency,
        p[4],
        0.03,
        errors,
    );
    within(&format!("{label} CO2"), s.co2_t, p[5], 0.03, errors);
    within(
        &format!("{label} CO2 per m²"),
        s.co2_kg_per_m2,
        p[6],
        0.03,
        errors,
    );
}

#[test]
fn case0_individual_plants_match_the_study() {
    let r = district_a();
    let mut e = vec![];
    check_energy(system(&r, "base", "individual"), CASE0, "Case 0", &mut e);
    assert!(e.is_empty(), "{}", e.join("\n"));
}

#[test]
fn case1_dhc_matches_the_study() {
    let r = district_a();
    let mut e = vec![];
    let s = system(&r, "base", "dhc");
    check_energy(s, CASE1, "Case 1", &mut e);
    // Heat price 4.3 ¥/MJ (district-a.md §6), ±5 %.
    within(
        "Case 1 heat price",
        s.heat_price_yen_per_mj.unwrap(),
        4.3,
        0.05,
        &mut e,
    );
    assert!(e.is_empty(), "{}", e.join("\n"));
}

#[test]
fn case1_cost_lines_are_consistent() {
    let r = district_a();
    let s = system(&r, "base", "dhc");
    let line = |k: &str| s.cost_lines.iter().find(|l| l.key == k).unwrap().kyen;
    let annual = [
        "capital",
        "electricity",
        "gas",
        "water",
        "maintenance",
        "personnel",
    ]
    .iter()
    .map(|k| line(k))
    .sum::<f64>();
    assert!((annual - line("annual")).abs() < 1e-6 * annual);
    assert!(
        (line("capital") / line("construction")
            - kukaku::econ::capital_recovery_factor(0.03, 15.0))
        .abs()
            < 1e-12
    );
    assert!((line("maintenance") / line("construction") - 0.02).abs() < 1e-12);
    assert!((line("personnel") - 36_000.0).abs() < 1e-9);
    // Heat sold exceeds demand by the network losses (the study: ≈ 4 %).
    let sold = s.heat_sold_gj.unwrap();
    assert!(
        sold > s.heat_demand_gj && sold < 1.10 * s.heat_demand_gj,
        "heat sold {sold} vs demand {}",
        s.heat_demand_gj
    );
    assert!((s.heat_price_yen_per_mj.unwrap() - line("annual") / sold).abs() < 1e-9);
}

#[test]
fn scenario_directions_follow_the_study() {
    // district-a.md §6 headline conclusions: DHC beats individual plants on efficiency;
    // delayed build-up is the biggest threat to the price; subsidies and unused energy help;
    // doubling density lowers the heat price.
    let r = district_a();
    let price = |a: &str, s: &str| system(&r, a, s).heat_price_yen_per_mj.unwrap();
    assert!(
        system(&r, "base", "dhc").energy_efficiency
            > system(&r, "base", "individual").energy_efficiency
    );
    assert!(
        system(&r, "mixed", "dhc").energy_efficiency
            > system(&r, "mixed", "individual").energy_efficiency
    );
    let p2 = price("mixed", "dhc");
    assert!(price("mixed", "dhc_buildup50") > p2 * 1.2);
    assert!(price("mixed", "dhc_pipe_subsidy") < price("mixed", "dhc_tunnel_subsidy"));
    assert!(price("mixed", "dhc_tunnel_subsidy") < p2);
    assert!(price("mixed", "dhc_unused30") < p2);
    assert!(price("dense", "dhc") < p2);
    let biggest = ["dhc_unused30", "dhc_pipe_subsidy", "dhc_tunnel_subsidy"]
        .iter()
        .map(|s| (price("mixed", s) - p2).abs())
        .fold(0.0, f64::max);
    assert!(
        (price("mixed", "dhc_buildup50") - p2).abs() > biggest,
        "build-up delay moves the price most"
    );
}

/// Issue 10: mixing half of the office/retail floor into hotel and geriatric care (Case 2)
/// shrinks the plant and cheapens the heat, mainly through the smaller plant. The study has
/// Case 2's construction at ¥1,886 M against ¥2,055 M (−8 %) and its price 3.7 against
/// 4.3 ¥/MJ; the acceptance band is 5–12 % lower construction and 3.7 ¥/MJ ± 5 %.
#[test]
fn mixing_shrinks_the_plant_and_cheapens_the_heat() {
    let r = district_a();
    let (b, m) = (system(&r, "base", "dhc"), system(&r, "mixed", "dhc"));
    let saving = 1.0 - m.construction_cost_kyen.unwrap() / b.construction_cost_kyen.unwrap();
    assert!(
        (0.05..=0.12).contains(&saving),
        "construction saving {saving:.3}"
    );
    let price = m.heat_price_yen_per_mj.unwrap();
    assert!(
        (price / 3.7 - 1.0).abs() <= 0.05,
        "mixed/dhc price {price:.3}"
    );
    // The capital part carries most of the price change.
    let alt = r
        .comparison
        .alternatives
        .iter()
        .find(|a| a.alternative == "mixed")
        .unwrap();
    let parts = alt
        .main_system
        .as_ref()
        .unwrap()
        .heat_price_parts
        .as_ref()
        .unwrap();
    assert!(parts.capital.difference < 0.0);
    assert!(parts.capital.difference.abs() > parts.energy.difference.abs());
    assert!(parts.capital.difference.abs() > parts.fixed.difference.abs());
}

/// district-a.md §2: the simple unused share replaces 30 % of the main plant's electricity
/// and gas; the plant's electricity falls by less (auxiliaries keep theirs: the study's
/// −18 %), its gas by the full 30 %.
#[test]
fn unused_share_replaces_the_main_plants_energy() {
    let r = district_a();
    let (d, u) = (
        system(&r, "mixed", "dhc"),
        system(&r, "mixed", "dhc_unused30"),
    );
    let fall = |a: f64, b: f64| 1.0 - b / a;
    let e = fall(d.electricity_mwh, u.electricity_mwh);
    assert!((e - 0.18).abs() <= 0.04, "electricity falls {e:.3}");
    assert!((fall(d.gas_knm3, u.gas_knm3) - 0.3).abs() < 1e-6);
}

#[test]
fn case1_load_composition_matches_the_study() {
    // district-a.md §6: heating CF 99 %, DLF 32.0 %; hot water CF 85 %, DLF 41.7 %;
    // annual LFs heating 9 %, hot water 37 %, cooling 12 %, electricity 48 % (printed
    // truncated to whole percent). The study added housing at its per-10,000 m² value
    // instead of 16,000 m², so a few points of difference are expected (±3 points here).
    let r = district_a();
    let a = r.alternatives.iter().find(|a| a.id == "base").unwrap();
    let mut e = vec![];
    let mut pts = |what: &str, got: f64, want: f64| {
        if (got - want).abs() > 0.03 {
            e.push(format!("{what}: {got:.3} vs published {want}"));
        }
    };
    pts(
        "heating CF",
        a.loads[Carrier::Heating].coincidence_factor,
        0.99,
    );
    pts(
        "heating DLF",
        a.loads[Carrier::Heating].daily_load_factor,
        0.320,
    );
    pts(
        "hot-water CF",
        a.loads[Carrier::HotWater].coincidence_factor,
        0.85,
    );
    pts(
        "hot-water DLF",
        a.loads[Carrier::HotWater].daily_load_factor,
        0.417,
    );
    // Truncated ALFs: the true value lies in [printed, printed + 1 point).
    for (c, alf) in [
        (Carrier::Heating, 0.09),
        (Carrier::HotWater, 0.37),
        (Carrier::Cooling, 0.12),
        (Carrier::Electricity, 0.48),
    ] {
        pts(
            &format!("{} ALF", c.id()),
            a.loads[c].annual_load_factor,
            alf + 0.005,
        );
    }
    assert!(e.is_empty(), "{}", e.join("\n"));
}
