//! Building plants on the realistic basis (issue 11 follow-up): the heat-source equipment's
//! energy × the building operating energy factor, property tax as the DHC pays it, the study
//! basis unchanged, and the realistic DHC's break-even against building plants taken against
//! building plants on the same basis.

use kukaku::case;
use kukaku::library::Library;
use kukaku::report;
use serde_json::Value;

fn district_a() -> Value {
    let lib = Library::builtin().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/landuse_cases/district_a.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let c = case::parse(path, &text, &lib).unwrap();
    let map = case::SourceMap::new(path, &text);
    serde_json::to_value(report::build(&lib, &c, &map).unwrap()).unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1e-300)
}

#[test]
fn realistic_building_plants_scale_their_heat_source_energy_and_pay_property_tax() {
    let lib = Library::builtin().unwrap();
    let r = &lib.supply.realistic;
    let k = r.building_operating_energy_factor.value;
    let covers = &r.building_operating_covers.value;
    let report = district_a();
    let base = &report["alternatives"][0];
    let sys = |id: &str| {
        base["systems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
            .clone()
    };
    let (study, real) = (sys("individual"), sys("individual_realistic"));
    for key in ["electricity_by_purpose_mwh", "gas_by_purpose_knm3"] {
        for (purpose, v) in study[key].as_object().unwrap() {
            let v = v.as_f64().unwrap();
            let got = real[key][purpose].as_f64().unwrap();
            let want = if covers.contains(purpose) { v * k } else { v };
            assert!(rel(got, want) < 1e-12, "{key}.{purpose}: {got} vs {want}");
        }
    }
    assert_eq!(study["heat_demand_gj"], real["heat_demand_gj"]);
    let eff = |s: &Value| s["energy_efficiency"].as_f64().unwrap();
    let price = |s: &Value| s["heat_price_yen_per_mj"].as_f64().unwrap();
    assert!(eff(&real) < eff(&study) && price(&real) > price(&study));
    // Same plants: same construction; property tax at the DHC's share of it.
    assert_eq!(
        study["construction_cost_kyen"],
        real["construction_cost_kyen"]
    );
    let line = |s: &Value, key: &str| {
        s["cost_lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["key"] == key)
            .map(|l| l["kyen"].as_f64().unwrap())
    };
    let construction = real["construction_cost_kyen"].as_f64().unwrap();
    let tax = line(&real, "property_tax").expect("property tax line");
    assert!(rel(tax, construction * r.property_tax_share.value) < 1e-12);
    assert!(line(&study, "property_tax").is_none());
    // The annual total is the sum of its lines.
    let lines: f64 = real["cost_lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["key"] != "construction" && l["key"] != "annual")
        .map(|l| l["kyen"].as_f64().unwrap())
        .sum();
    assert!(rel(lines, line(&real, "annual").unwrap()) < 1e-9);
    assert!(rel(lines, real["annual_cost_kyen"].as_f64().unwrap()) < 1e-9);
}

#[test]
fn realistic_break_even_is_against_realistic_building_plants() {
    let report = district_a();
    let sweep = &report["alternatives"][0]["density_sweep"];
    let be = sweep["break_even"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["what"] == "dhc_price_equals_individual" && b["basis"] == "realistic")
        .expect("a realistic break-even against building plants");
    let x = be["x"].as_f64().unwrap();
    // Between the two sweep points around it, DHC (realistic) − building plants (realistic)
    // changes sign; against the study-basis building plants it does not there.
    let points = sweep["points"].as_array().unwrap();
    let diff = |p: &Value, ind: &str| {
        p["systems"]["dhc_realistic"]["heat_price_yen_per_mj"]
            .as_f64()
            .unwrap()
            - p["systems"][ind]["heat_price_yen_per_mj"].as_f64().unwrap()
    };
    let i = points
        .windows(2)
        .position(|w| w[0]["x"].as_f64().unwrap() <= x && x <= w[1]["x"].as_f64().unwrap())
        .unwrap();
    let (a, b) = (&points[i], &points[i + 1]);
    assert!(diff(a, "individual_realistic") * diff(b, "individual_realistic") <= 0.0);
    assert!(diff(a, "individual") * diff(b, "individual") > 0.0);
}
