//! Unused-energy sources (issue 6): the bundled waste-heat example run by the real binary,
//! the results it carries under the systems in report.json, checks against independent
//! evaluations of the same plant, temperature classes through the whole pipeline, and bad
//! source input (exit 2 with file:line:column and field, never a panic).

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;
use common::{num, run_json};

fn kukaku() -> Command {
    Command::cargo_bin("kukaku").unwrap()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("landuse_cases/waste_heat_hospital.yaml")
}

fn system<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["alternatives"][0]["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("system {id}"))
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        "{what}: {a} vs {b}"
    );
}

/// A case of one DHC district (hospital + hotel) with the given sources and systems.
fn case_text(sources: &str, systems: &str) -> String {
    format!(
        "name: Waste-heat test\nfactor_set: waste_heat_study\ndistrict:\n  gross_area_ha: 6\nsources:\n{sources}alternatives:\n  - id: base\n    parcels:\n      - {{ id: h, floor_m2: 48000, use: hospital }}\n      - {{ id: t, floor_m2: 40000, use: hotel }}\n    systems:\n      - {{ id: dhc, kind: dhc }}\n{systems}"
    )
}

fn write_case(text: &str) -> (PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.yaml");
    std::fs::write(&path, text).unwrap();
    (path, dir)
}

#[test]
fn example_carries_source_results_under_the_dhc_systems() {
    let v = run_json(&example());
    let plain = system(&v, "dhc");
    for id in ["dhc_incinerator_pipe", "dhc_factory_containers"] {
        let s = system(&v, id);
        assert_eq!(s["kind"], "dhc");
        let u = &s["unused"];
        let share = num(&u["share_of_demand_covered"]);
        assert!(share > 0.0 && share <= 1.0, "{id}: share {share}");
        for k in [
            "saved_t",
            "displaced_t",
            "diesel_t",
            "transport_pumps_t",
            "lost_power_t",
        ] {
            num(&u["co2"][k]);
        }
        let e = &u["economics"];
        for k in [
            "capital_kyen",
            "running_kyen",
            "savings_kyen",
            "annuity_kyen",
            "running_balance_kyen",
        ] {
            num(&e[k]);
        }
        assert!(e["simple_payback_years"].is_number() || e["simple_payback_years"].is_null());
        assert!(
            e["abatement_cost_yen_per_t"].is_number(),
            "{id}: CO2 is saved"
        );
        assert_eq!(num(&u["simple_share"]), 0.3, "district-a.md §2");
        // The sources change neither the demand nor the heat sold.
        close(
            num(&s["heat_demand_gj"]),
            num(&plain["heat_demand_gj"]),
            "heat demand",
        );
        close(
            num(&s["heat_sold_gj"]),
            num(&plain["heat_sold_gj"]),
            "heat sold",
        );
        assert_eq!(num(&s["unmet_mwh"]), 0.0);
        // The internal reference is the case's own plant-only DHC.
        close(
            num(&u["reference_co2_t"]),
            num(&plain["co2_t"]),
            "reference CO2",
        );
        close(
            num(&u["reference_heat_price_yen_per_mj"]),
            num(&plain["heat_price_yen_per_mj"]),
            "reference price",
        );
        close(
            num(&u["heat_price_effect_yen_per_mj"]),
            num(&s["heat_price_yen_per_mj"]) - num(&plain["heat_price_yen_per_mj"]),
            "price effect",
        );
        // CO2: displaced − pumps − diesel − lost power; the system total falls by the saving.
        let c = &u["co2"];
        close(
            num(&c["saved_t"]),
            num(&c["displaced_t"])
                - num(&c["transport_pumps_t"])
                - num(&c["diesel_t"])
                - num(&c["lost_power_t"]),
            "CO2 balance",
        );
        close(
            num(&plain["co2_t"]) - num(&s["co2_t"]),
            num(&c["saved_t"]),
            "system CO2",
        );
        // The sources' capital and running costs are DHC cost lines; the annual line adds up.
        let lines = s["cost_lines"].as_array().unwrap();
        let line = |k: &str| num(&lines.iter().find(|l| l["key"] == k).unwrap()["kyen"]);
        close(
            line("unused_capital"),
            num(&e["annuity_kyen"]),
            "capital line",
        );
        close(
            line("unused_running"),
            num(&e["running_kyen"]),
            "running line",
        );
        let sum: f64 = lines
            .iter()
            .filter(|l| l["key"] != "construction" && l["key"] != "annual")
            .map(|l| num(&l["kyen"]))
            .sum();
        close(line("annual"), sum, "annual cost");
        close(
            line("construction") - num(&plain["construction_cost_kyen"]),
            num(&e["capital_kyen"]) - num(&e["subsidy_kyen"]),
            "construction incl. the sources net of subsidy",
        );
        let achieved = num(&u["unused_share_achieved"]);
        assert_eq!(
            u["simple_share_optimistic"].as_bool().unwrap(),
            achieved < 0.3
        );
    }
    let pipe = &system(&v, "dhc_incinerator_pipe")["unused"]["sources"][0];
    assert_eq!(pipe["delivery"], "pipe");
    assert_eq!(pipe["temperature"], "steam");
    assert!(num(&pipe["pipe"]["diameter_m"]) > 0.0);
    assert!(num(&pipe["pipe"]["pressure_drop_kpa"]) <= 300.0 + 1e-6);
    assert!(
        num(&pipe["cooling_mwh"]) > 0.0,
        "steam drives the absorption chillers"
    );
}

#[test]
fn container_arithmetic_and_limits_in_the_example() {
    let v = run_json(&example());
    for id in ["dhc_factory_containers", "hospital_factory_containers"] {
        let src = &system(&v, id)["unused"]["sources"][0];
        let c = &src["containers"];
        let deliveries = num(&c["deliveries"]);
        let trips = deliveries + num(&c["collection_trips"]);
        // waste-heat.md §1: 10 km one way at 2.5 km/L → 8 L per round trip.
        assert_eq!(num(&c["diesel_l_per_trip"]), 8.0);
        close(num(&c["diesel_l"]), 8.0 * trips, "diesel");
        // 7.5 kW × 0.6 × 4 h = 18 kWh per side and delivery.
        assert_eq!(num(&c["pump_kwh_per_side"]), 18.0);
        close(num(&c["pump_kwh"]), 2.0 * 18.0 * deliveries, "pump energy");
        close(
            num(&src["co2"]["diesel_t"]),
            num(&c["diesel_l"]) * 2.62 / 1000.0,
            "diesel CO2",
        );
        // One driver per up to 4 deliveries a day; at most 8 deliveries a day per source.
        let design = num(&c["design_deliveries_per_day"]);
        assert_eq!(num(&c["drivers"]), (design / 4.0).ceil());
        assert!(num(&c["daily_cap"]) <= 8.0);
        assert!(num(&c["deliveries_per_day_max"]) <= num(&c["daily_cap"]));
        let deps: Vec<f64> = c["departures_by_hour"]
            .as_array()
            .unwrap()
            .iter()
            .map(num)
            .collect();
        for (h, n) in deps.iter().enumerate() {
            if !(8..=16).contains(&h) {
                assert_eq!(
                    *n, 0.0,
                    "departure at {h}:00 outside 08:00–18:00 round trips"
                );
            }
        }
        close(
            deps.iter().sum::<f64>(),
            trips,
            "every round trip departs once",
        );
        // Heat discharged never exceeds what was charged from the factory plus the initial fill.
        let fill = num(&c["containers"]) * 1.5;
        assert!(
            num(&src["heat_mwh"]) + num(&src["cooling_mwh"])
                <= num(&src["drawn_mwh"]) + fill + 1e-6
        );
        // PCM heat from sodium acetate serves heating and hot water, not cooling.
        assert_eq!(num(&src["cooling_mwh"]), 0.0);
    }
}

#[test]
fn comparison_table_puts_plant_simple_share_and_sources_side_by_side() {
    // Add a DHC with the simple 30 % share to the example: the table's simple-share row
    // must equal that independent evaluation.
    let dir = tempfile::tempdir().unwrap();
    let src_dir = example().parent().unwrap().to_path_buf();
    std::fs::copy(
        src_dir.join("waste_heat_incinerator.csv"),
        dir.path().join("waste_heat_incinerator.csv"),
    )
    .unwrap();
    let line = "      - { id: dhc, kind: dhc, name: { en: \"DHC, plant only\", ja: \"地域冷暖房（プラントのみ）\" } }\n";
    let original = std::fs::read_to_string(example()).unwrap();
    assert!(
        original.contains(line),
        "the bundled case's plant-only DHC line changed"
    );
    let text = original.replace(
        line,
        &format!("{line}      - {{ id: dhc_simple, kind: dhc, unused_share: 0.3 }}\n"),
    );
    let path = dir.path().join("case.yaml");
    std::fs::write(&path, text).unwrap();
    let v = run_json(&path);
    let table = &v["alternatives"][0]["unused_energy"];
    let rows = table["rows"].as_array().unwrap();
    let options: Vec<&str> = rows.iter().map(|r| r["option"].as_str().unwrap()).collect();
    assert!(options.contains(&"reference") && options.contains(&"simple_share"));
    let deliveries: Vec<&str> = rows.iter().filter_map(|r| r["delivery"].as_str()).collect();
    assert!(deliveries.contains(&"pipe") && deliveries.contains(&"containers"));
    let simple_row = rows.iter().find(|r| r["option"] == "simple_share").unwrap();
    let simple = system(&v, "dhc_simple");
    close(
        num(&simple_row["heat_price_yen_per_mj"]),
        num(&simple["heat_price_yen_per_mj"]),
        "simple price",
    );
    close(
        num(&simple_row["co2_t"]),
        num(&simple["co2_t"]),
        "simple CO2",
    );
    for r in rows.iter().filter(|r| r["option"] == "sources") {
        let s = system(&v, r["system"].as_str().unwrap());
        close(num(&r["co2_t"]), num(&s["co2_t"]), "row CO2");
        assert_eq!(
            r["simple_share_optimistic"].as_bool().unwrap(),
            num(&r["unused_share"]) < num(&table["simple_share"])
        );
    }
    assert_eq!(
        table["findings"].as_array().unwrap().len(),
        rows.iter().filter(|r| r["option"] == "sources").count()
    );
    // The single-user option is measured against individual plants.
    let hosp = rows
        .iter()
        .find(|r| r["system"] == "hospital_factory_containers" && r["option"] == "reference")
        .unwrap();
    close(
        num(&hosp["co2_t"]),
        num(&system(&v, "individual")["co2_t"]),
        "individual reference",
    );
    // The assumptions appendix lists the waste-heat defaults with their sources.
    let a = v["assumptions"].as_array().unwrap();
    let wh: Vec<&Value> = a.iter().filter(|x| x["group"] == "unused energy").collect();
    assert!(wh.iter().any(|x| x["item"] == "container capacity"
        && x["source"].as_str().unwrap().contains("waste-heat.md")));
    assert!(wh.iter().all(|x| !x["source"].as_str().unwrap().is_empty()));
}

#[test]
fn a_dry_source_leaves_the_plant_unchanged() {
    let (path, _d) = write_case(&case_text(
        "  - { id: dry, temperature: steam, delivery: pipe, distance_km: 1, available_kw: 0 }\n",
        "      - { id: dhc_dry, kind: dhc, sources: [dry] }\n",
    ));
    let v = run_json(&path);
    let plain = system(&v, "dhc");
    let dry = system(&v, "dhc_dry");
    for k in ["electricity_mwh", "gas_knm3", "primary_energy_gj", "co2_t"] {
        close(num(&dry[k]), num(&plain[k]), k);
    }
    let u = &dry["unused"];
    assert_eq!(num(&u["share_of_demand_covered"]), 0.0);
    assert_eq!(num(&u["economics"]["savings_kyen"]), 0.0);
    assert_eq!(num(&u["sources"][0]["pipe"]["line_cost_yen"]), 0.0);
    assert!(u["economics"]["simple_payback_years"].is_null());
}

#[test]
fn temperature_classes_decide_what_the_dhc_takes() {
    let (path, _d) = write_case(&case_text(
        "  - { id: steam, temperature: steam, delivery: pipe, distance_km: 1, available_kw: 3000 }\n\
         \x20 - { id: water, temperature: hot_water_80, delivery: pipe, distance_km: 1, available_kw: 3000 }\n\
         \x20 - { id: water_abs, temperature: hot_water_80, delivery: pipe, distance_km: 1, available_kw: 3000, absorption_kw: 1000 }\n\
         \x20 - { id: sewage, temperature: low_temperature, delivery: pipe, distance_km: 1, available_kw: 1000, heat_pump_cop: 4 }\n",
        "      - { id: with_steam, kind: dhc, sources: [steam] }\n\
         \x20     - { id: with_water, kind: dhc, sources: [water] }\n\
         \x20     - { id: with_water_abs, kind: dhc, sources: [water_abs] }\n\
         \x20     - { id: with_sewage, kind: dhc, sources: [sewage] }\n",
    ));
    let v = run_json(&path);
    let src = |id: &str| system(&v, id)["unused"]["sources"][0].clone();
    assert!(
        num(&src("with_steam")["cooling_mwh"]) > 0.0,
        "steam → absorption chillers"
    );
    assert_eq!(
        num(&src("with_water")["cooling_mwh"]),
        0.0,
        "80 °C water without a hot-water absorption chiller"
    );
    assert!(
        num(&src("with_water_abs")["cooling_mwh"]) > 0.0,
        "80 °C water with one"
    );
    assert!(num(&src("with_water_abs")["absorption_kw"]) == 1000.0);
    let sewage = src("with_sewage");
    assert_eq!(
        num(&sewage["cooling_mwh"]),
        0.0,
        "low temperature: heat only"
    );
    assert!(num(&sewage["heat_pump_kw"]) > 0.0);
    let hp = num(&system(&v, "with_sewage")["electricity_by_purpose_mwh"]["unused_heat_pumps"]);
    // COP 4: the heat pump's electricity is a quarter of the heat it delivers.
    close(hp, num(&sewage["heat_mwh"]) / 4.0, "heat-pump electricity");
    // A steam source of the same output replaces more plant energy than 80 °C water.
    assert!(
        num(&system(&v, "with_steam")["unused"]["plant_energy_avoided"]["primary_gj"])
            > num(&system(&v, "with_water")["unused"]["plant_energy_avoided"]["primary_gj"])
    );
}

#[test]
fn single_user_takes_the_heat_on_its_own_plant() {
    let (path, _d) = write_case(&case_text(
        "  - { id: f, temperature: hot_water_80, delivery: containers, distance_km: 10, available_kw: 3000 }\n",
        "      - { id: ind, kind: individual }\n      - { id: hosp, kind: individual, sources: [f], source_user: hospital }\n",
    ));
    let v = run_json(&path);
    let ind = system(&v, "ind");
    let hosp = system(&v, "hosp");
    let u = &hosp["unused"];
    assert_eq!(u["reference"], "individual plants");
    close(
        num(&hosp["heat_demand_gj"]),
        num(&ind["heat_demand_gj"]),
        "heat demand",
    );
    // Heat from the containers replaces hospital boiler gas at the building boiler's
    // efficiency (0.828) on the factor set's LHV (37.0 MJ/Nm³).
    let heat_mwh = num(&u["sources"][0]["heat_mwh"]);
    let gas = heat_mwh * 3.6 / 0.828 / 37.0;
    close(
        num(&u["plant_energy_avoided"]["gas_knm3"]),
        gas,
        "gas avoided",
    );
    close(
        num(&ind["gas_knm3"]) - num(&hosp["gas_knm3"]),
        gas,
        "system gas",
    );
}

fn check(text: &str) -> (i32, String) {
    let (path, _d) = write_case(text);
    let out = kukaku().arg("check").arg(&path).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// True when the message carries `case.yaml:LINE:COLUMN:`.
fn has_position(err: &str) -> bool {
    err.split("case.yaml:").skip(1).any(|rest| {
        let mut parts = rest.splitn(3, ':');
        let line = parts.next().unwrap_or("");
        let col = parts.next().unwrap_or("");
        !line.is_empty()
            && line.chars().all(|c| c.is_ascii_digit())
            && !col.is_empty()
            && col.chars().all(|c| c.is_ascii_digit())
    })
}

#[test]
fn bad_source_input_exits_2_with_position_and_field() {
    let good_src =
        "  - { id: inc, temperature: steam, delivery: pipe, distance_km: 1, available_kw: 3000 }\n";
    let uses = "      - { id: d2, kind: dhc, sources: [inc] }\n";
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            case_text(good_src, "      - { id: d2, kind: dhc, sources: [inx] }\n"),
            vec![
                "alternatives[0].systems[1].sources[0]",
                "unknown source `inx`",
                "did you mean `inc`",
            ],
        ),
        (
            case_text(&good_src.replace("steam", "hot_water"), uses),
            vec!["sources[0].temperature", "did you mean `hot_water_80`"],
        ),
        (
            case_text(
                &good_src.replace(
                    "steam, delivery: pipe",
                    "low_temperature, delivery: containers",
                ),
                uses,
            ),
            vec!["sources[0].delivery", "80 °C"],
        ),
        (
            case_text(&good_src.replace(", available_kw: 3000", ""), uses),
            vec!["sources[0]", "exactly one of available_kw"],
        ),
        (
            case_text(
                &good_src.replace("available_kw: 3000", "available_kw_by_month: [1, 2, 3]"),
                uses,
            ),
            vec!["sources[0].available_kw_by_month", "12 monthly"],
        ),
        (
            case_text(&good_src.replace("distance_km: 1", "distance_km: -1"), uses),
            vec!["sources[0].distance_km", "positive"],
        ),
        (
            case_text(
                &good_src.replace(
                    "available_kw: 3000",
                    "available_file: { file: nowhere.csv }",
                ),
                uses,
            ),
            vec!["sources[0].available_file.file", "nowhere.csv"],
        ),
        (
            case_text(
                &good_src
                    .replace("delivery: pipe", "delivery: containers, pcm: erythritol")
                    .replace("distance_km: 1", "distance_km: 30"),
                uses,
            ),
            vec!["sources[0].distance_km", "within about 20 km"],
        ),
        (
            case_text(
                &good_src.replace(
                    "steam, delivery: pipe",
                    "hot_water_80, delivery: containers, pcm: erythritol",
                ),
                uses,
            ),
            vec!["sources[0].pcm", "needs a `steam` source"],
        ),
        (
            case_text(
                good_src,
                "      - { id: d2, kind: dhc, sources: [inc], unused_share: 0.3 }\n",
            ),
            vec!["alternatives[0].systems[1].unused_share", "not both"],
        ),
        (
            case_text(
                good_src,
                "      - { id: i2, kind: individual, sources: [inc] }\n",
            ),
            vec!["alternatives[0].systems[1].sources", "source_user"],
        ),
        (
            case_text(
                good_src,
                "      - { id: i2, kind: individual, sources: [inc], source_user: hospitl }\n",
            ),
            vec![
                "alternatives[0].systems[1].source_user",
                "did you mean `hospital`",
            ],
        ),
        (
            case_text(
                &good_src.replace("available_kw: 3000", "available_kw: 3000, heat_pump_cop: 4"),
                uses,
            ),
            vec!["sources[0].heat_pump_cop", "low_temperature"],
        ),
        (
            case_text(
                &good_src.replace(
                    "available_kw: 3000",
                    "available_kw: 3000, absorption_kw: 500",
                ),
                uses,
            ),
            vec!["sources[0].absorption_kw"],
        ),
        (
            case_text(
                &good_src.replace("available_kw: 3000", "available_kw: 3000, hours: [20, 8]"),
                uses,
            ),
            vec!["sources[0].hours"],
        ),
        (
            case_text(&good_src.replace("id: inc,", "id: inc, colour: red,"), uses),
            vec!["sources[0]", "unknown field `colour`"],
        ),
        (
            case_text(&format!("{good_src}{good_src}"), uses),
            vec!["sources[1].id", "duplicate source id"],
        ),
    ];
    for (yaml, want) in cases {
        let (code, err) = check(&yaml);
        assert_eq!(code, 2, "exit code 2 for:\n{yaml}\n{err}");
        assert!(!err.contains("panicked"), "no panic: {err}");
        assert!(has_position(&err), "file:line:column in: {err}");
        for w in want {
            assert!(
                err.contains(w),
                "`{w}` missing from: {err}\n--- for:\n{yaml}"
            );
        }
    }
    // The good case checks.
    let (code, err) = check(&case_text(good_src, uses));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn starter_case_documents_sources_that_run_when_uncommented() {
    let out = kukaku().arg("init").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // Uncomment the `sources:` block and the commented systems of the first alternative.
    let mut lines = vec![];
    let mut in_sources = false;
    for l in text.lines() {
        if l == "# sources:" {
            in_sources = true;
            lines.push("sources:".to_string());
            continue;
        }
        if in_sources && l.starts_with("#   ") {
            lines.push(l[1..].to_string());
            continue;
        }
        in_sources = false;
        if let Some(rest) = l.strip_prefix("      # - {") {
            lines.push(format!("      - {{{rest}"));
            continue;
        }
        lines.push(l.to_string());
    }
    let (path, _d) = write_case(&lines.join("\n"));
    let v = run_json(&path);
    let base = &v["alternatives"][0];
    let ids: Vec<&str> = base["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"dhc_incinerator") && ids.contains(&"hospital_factory"),
        "{ids:?}"
    );
    assert!(base["unused_energy"]["rows"].as_array().unwrap().len() >= 4);
}
