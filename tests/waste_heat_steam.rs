//! Incinerator steam to industry as the MoE study evaluates it (issue 14 part 3): the
//! bundled cases `landuse_cases/waste_heat_incinerator_steam.yaml` (chemical complex,
//! 87.2 t/h of 2.3 MPa steam over 2 km) and `landuse_cases/waste_heat_industrial_park.yaml`
//! (asphalt plant, foundry, feed plant and office over 620 m), waste-heat.md §2, run by the
//! real binary. The chemical complex's construction cost and CO2 against the study's
//! (±10 %); the MoE evaluation (sales − running, administration 10 % of the net saving,
//! lost power sales, payback) re-derived from the report's own lines; the steam price from
//! its rule (the supplier's full cost plus a share of the surplus up to the users' own
//! cost); the steam price the study's 3.5-year payback implies, which must lie between the
//! supplier's full cost and the complex's own cost; the industrial park's construction cost
//! and the utilisation lever (fixed costs stay while sales fall) against the study's
//! paybacks. Inputs the reference lacks are assumptions in the case files, not fitted.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

mod common;
use common::num;

/// The study's chemical-complex results (waste-heat.md §2).
const PUBLISHED_CONSTRUCTION_KYEN: f64 = 1_390_000.0;
const PUBLISHED_PAYBACK_YEARS: f64 = 3.5;
const PUBLISHED_CO2_T: f64 = 50_600.0;
const TOLERANCE: f64 = 0.10;
/// Administration: 10 % of the net saving (waste-heat.md §2).
const ADMIN_SHARE: f64 = 0.10;

/// Run a bundled case to JSON.
fn run(file: &str) -> Value {
    common::run_json(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("landuse_cases")
            .join(file),
    )
}

/// The incinerator source of the `incinerator_steam` system of a report.
fn steam_source(report: &Value) -> &Value {
    let sys = report["alternatives"][0]["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "incinerator_steam")
        .unwrap();
    &sys["unused"]["sources"][0]
}

fn source() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    steam_source(REPORT.get_or_init(|| run("waste_heat_incinerator_steam.yaml")))
}

fn park() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    steam_source(REPORT.get_or_init(|| run("waste_heat_industrial_park.yaml")))
}

/// Running cost before administration of a year of a steam sale, ¥ thousand.
fn running_before(s: &Value, y: &Value) -> f64 {
    num(&s["maintenance_kyen"])
        + num(&s["operator_kyen"])
        + num(&y["lost_power_kyen"])
        + num(&y["pumps_kyen"])
}

fn within(x: f64, target: f64, tol: f64) -> bool {
    (x / target - 1.0).abs() <= tol
}

#[test]
fn construction_cost_and_co2_match_the_chemical_complex_study() {
    let s = source();
    let capital = num(&s["economics"]["capital_kyen"]);
    assert!(
        within(capital, PUBLISHED_CONSTRUCTION_KYEN, TOLERANCE),
        "construction ¥{capital:.0} thousand against ¥{PUBLISHED_CONSTRUCTION_KYEN} thousand"
    );
    let co2 = num(&s["steam_sale"]["managed"]["co2_t"]);
    assert!(
        within(co2, PUBLISHED_CO2_T, TOLERANCE),
        "CO2 {co2:.0} t/yr against {PUBLISHED_CO2_T}"
    );
    // CO2 = displaced fuel − lost power generation (no pumps on a steam line).
    let c = &s["co2"];
    let net = num(&c["displaced_t"]) - num(&c["lost_power_t"]) - num(&c["transport_pumps_t"]);
    assert!((net - co2).abs() < 1e-6 * co2);
    assert!(num(&c["lost_power_t"]) > 0.0);
}

#[test]
fn the_moe_evaluation_adds_up_from_the_reports_own_lines() {
    let s = &source()["steam_sale"];
    let y = &s["managed"];
    let sales = num(&y["steam_t"]) * num(&s["price_yen_per_t"]) / 1000.0;
    assert!((num(&y["sales_kyen"]) - sales).abs() < 1e-6 * sales);
    let before = running_before(s, y);
    // Administration: 10 % of the net saving (waste-heat.md §2).
    let admin = num(&y["administration_kyen"]);
    assert!((admin - ADMIN_SHARE * (sales - before)).abs() < 1e-6 * sales);
    let net = sales - before - admin;
    assert!((num(&y["net_kyen"]) - net).abs() < 1e-6 * sales);
    let payback = num(&s["capital_net_kyen"]) / net;
    assert!((num(&y["payback_years"]) - payback).abs() < 1e-9 * payback);
    // Maintenance 5 % of equipment, one operator ¥300,000 a month.
    assert!((num(&s["operator_kyen"]) - 3600.0).abs() < 1e-9);
    // Utilisation = steam ÷ (capacity × 8,760 h).
    let u = num(&y["steam_t"]) / (num(&s["capacity_t_per_h"]) * 8760.0);
    assert!((num(&y["utilisation"]) - u).abs() < 1e-9);
}

#[test]
fn without_demand_supply_management_the_payback_lengthens() {
    let s = &source()["steam_sale"];
    let (m, w) = (&s["managed"], &s["without_management"]);
    assert!(num(&m["utilisation"]) > 0.5);
    assert!((num(&w["utilisation"]) - 0.5).abs() < 1e-9);
    let (pm, pw) = (num(&m["payback_years"]), num(&w["payback_years"]));
    // Fixed costs stay while sales fall with the steam: the payback grows faster than
    // the utilisation falls.
    let ratio = num(&m["utilisation"]) / num(&w["utilisation"]);
    assert!(
        pw > pm * ratio,
        "{pm:.2} → {pw:.2} y, utilisation ratio {ratio:.2}"
    );
}

#[test]
fn the_steam_price_follows_its_rule_and_the_studys_payback_implies_a_price_within_it() {
    let s = &source()["steam_sale"];
    let y = &s["managed"];
    let (floor, ceiling) = (
        num(&s["supplier_full_cost_yen_per_t"]),
        num(&s["users_own_cost_yen_per_t"]),
    );
    // The full cost: the net after administration recovers the capital over the line's
    // life, so it lies above the running-cost break-even.
    assert!(num(&s["supplier_break_even_yen_per_t"]) < floor && floor < ceiling);
    // The default price: the full cost plus the supplier's share of the surplus.
    assert_eq!(s["price_basis"], "shared_saving");
    let share = num(&s["supplier_share_of_surplus"]);
    let price = num(&s["price_yen_per_t"]);
    assert!((price - (floor + share * (ceiling - floor))).abs() < 1e-6 * price);
    // The published payback is a check, not an input: solve the study's evaluation for
    // the price it implies on our line and see that a supplier and a user would both
    // agree to it (between the supplier's full cost and the complex's own cost).
    let net = num(&s["capital_net_kyen"]) / PUBLISHED_PAYBACK_YEARS;
    let implied = (net / (1.0 - ADMIN_SHARE) + running_before(s, y)) * 1000.0 / num(&y["steam_t"]);
    assert!(
        floor < implied && implied < ceiling,
        "implied ¥{implied:.0}/t, full cost ¥{floor:.0}/t, own cost ¥{ceiling:.0}/t"
    );
    // Not reproduced: the study's payback implies a supplier's share of ≈ 0.13 of the
    // surplus (waste_heat.yaml `supplier_share_of_surplus`); with the even split the line
    // pays back faster than the study's 3.5 years.
    let implied_share = (implied - floor) / (ceiling - floor);
    assert!(implied_share < share, "implied share {implied_share:.3}");
    let payback = num(&y["payback_years"]);
    assert!(
        payback < PUBLISHED_PAYBACK_YEARS * (1.0 - TOLERANCE),
        "{payback:.2} y"
    );
}

/// The study's industrial-park plan (waste-heat.md §2).
const PARK_CONSTRUCTION_KYEN: f64 = 2_150_000.0;
const PARK_PAYBACK_MANAGED_YEARS: f64 = 8.6;
const PARK_PAYBACK_WITHOUT_YEARS: f64 = 20.3;
/// The pipe's published cost: small steam pipe with condensate return ≈ ¥490,000/m over
/// the industrial park's 620 m (waste-heat.md §2).
const PARK_PIPE_YEN_PER_M: f64 = 490_000.0;
const PARK_PIPE_M: f64 = 620.0;

#[test]
fn the_industrial_park_line_is_costed_by_the_mechanism_and_falls_short_of_the_plan() {
    let s = park();
    let lines = s["economics"]["cost_lines"].as_array().unwrap();
    let pipe = lines.iter().find(|l| l["key"] == "unused_pipe").unwrap();
    // The 620 m line with condensate return at the study's own metre price.
    assert!((num(&pipe["kyen"]) - PARK_PIPE_YEN_PER_M * PARK_PIPE_M / 1000.0).abs() < 1e-6);
    assert_eq!(s["pipe"]["pipes"], 2);
    // The four users' steam (assumptions of the case) ask for a line of ≈ 5 t/h; priced on
    // the chemical complex's ¥/kW of equipment and share of other works it costs about a
    // quarter of the study's ¥2.15 bn plan, whose make-up the reference does not give.
    let capital = num(&s["economics"]["capital_kyen"]);
    assert!(
        capital < 0.5 * PARK_CONSTRUCTION_KYEN,
        "¥{capital:.0} thousand against the plan's ¥{PARK_CONSTRUCTION_KYEN}"
    );
    // Every user is served from the one line.
    assert!(num(&s["share_of_demand_covered"]) > 0.95);
}

#[test]
fn without_management_the_parks_payback_lengthens_by_its_fixed_costs() {
    let s = &park()["steam_sale"];
    let (m, w) = (&s["managed"], &s["without_management"]);
    let (um, uw) = (num(&m["utilisation"]), num(&w["utilisation"]));
    assert!(um > uw && (uw - 0.5).abs() < 1e-9, "{um:.3} {uw:.3}");
    // Sales, lost power and CO2 fall with the steam; maintenance and the operator stay.
    let k = uw / um;
    for key in ["steam_t", "sales_kyen", "lost_power_kyen", "co2_t"] {
        assert!(
            (num(&w[key]) - k * num(&m[key])).abs() < 1e-6 * num(&m[key]),
            "{key}"
        );
    }
    let fixed = num(&s["maintenance_kyen"]) + num(&s["operator_kyen"]);
    let before_w = fixed + num(&w["lost_power_kyen"]) + num(&w["pumps_kyen"]);
    let net_w = (num(&w["sales_kyen"]) - before_w) * (1.0 - ADMIN_SHARE);
    assert!((num(&w["net_kyen"]) - net_w).abs() < 1e-6 * net_w);
    // So the payback grows faster than the utilisation falls …
    let (pm, pw) = (num(&m["payback_years"]), num(&w["payback_years"]));
    let ratio = pw / pm;
    assert!(ratio > um / uw, "{pm:.2} → {pw:.2} y");
    // … but by far less than the study's 20.3 / 8.6 = 2.36: with a quarter of the plan's
    // capital the fixed maintenance is small beside the margin on the steam. Not
    // reproduced; the gap is reported (README), never closed by tuning the users.
    let published = PARK_PAYBACK_WITHOUT_YEARS / PARK_PAYBACK_MANAGED_YEARS;
    assert!(ratio < published, "ratio {ratio:.2} against {published:.2}");
}

#[test]
fn a_steam_price_on_a_container_source_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("bad.yaml");
    std::fs::write(
        &case,
        "name: bad\ndistrict: { gross_area_ha: 5 }\nsources:\n  - id: f\n    temperature: hot_water_80\n    delivery: containers\n    distance_km: 5\n    available_kw: 500\n    steam_price_yen_per_t: 3000\nalternatives:\n  - id: a\n    parcels: [ { id: h, floor_m2: 20000, use: hospital } ]\n    systems: [ { id: s, kind: individual, sources: [f], source_user: hospital } ]\n",
    )
    .unwrap();
    let out = Command::cargo_bin("kukaku")
        .unwrap()
        .arg("check")
        .arg(&case)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("steam_price_yen_per_t"), "{err}");
    assert!(err.contains("bad.yaml:"), "{err}");
}
