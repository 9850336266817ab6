//! The Nagoya PCM-container FS (issue 14 part 2): the bundled case
//! `landuse_cases/waste_heat_nagoya_fs.yaml` run by the real binary and its per-source
//! figures — deliveries a year, net CO2, balance without and with labour — against the
//! study's results of cases A–M (waste-heat-fs-cases.md, "Results of the study for cases
//! A–M"; deliveries ±5 %, CO2 and balance ±10 %); the hospitals' required heat against
//! the study's rows (an independent check of the fuel-record import); the hospital and the
//! networked cases; bad input (exit 2 with file, line, column and field).

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;
use common::num;

fn kukaku() -> Command {
    Command::cargo_bin("kukaku").unwrap()
}

fn case_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("landuse_cases/waste_heat_nagoya_fs.yaml")
}

/// report.json of the bundled case, run once.
fn report() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    REPORT.get_or_init(|| common::run_json(&case_path()))
}

/// The container source of alternative `alt` (one system, one source).
fn source(alt: &str) -> &'static Value {
    let a = report()["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == alt)
        .unwrap_or_else(|| panic!("alternative {alt}"));
    &a["systems"][0]["unused"]["sources"][0]
}

/// The study's results of one case (waste-heat-fs-cases.md, results tables).
struct Published {
    case: &'static str,
    /// Annual containers (results table "Annual containers").
    deliveries: f64,
    /// Balance without labour, ¥ thousand/yr.
    without_kyen: f64,
    /// Balance with labour, ¥ thousand/yr.
    with_kyen: f64,
    /// Net CO2, kg/yr.
    net_co2_kg: f64,
    /// Where the study prints them.
    lines: &'static str,
}

const PUBLISHED: [Published; 13] = [
    Published {
        case: "a",
        deliveries: 49.0,
        without_kyen: -207.0,
        with_kyen: -6207.0,
        net_co2_kg: 12725.0,
        lines: "L2375, L2389",
    },
    Published {
        case: "b",
        deliveries: 546.0,
        without_kyen: 6023.0,
        with_kyen: 23.0,
        net_co2_kg: 127626.0,
        lines: "L2451, L2465",
    },
    Published {
        case: "c",
        deliveries: 675.0,
        without_kyen: 7858.0,
        with_kyen: 1858.0,
        net_co2_kg: 156842.0,
        lines: "L2527, L2541",
    },
    Published {
        case: "d",
        deliveries: 330.0,
        without_kyen: 2996.0,
        with_kyen: -3004.0,
        net_co2_kg: 79707.0,
        lines: "L2603, L2617",
    },
    Published {
        case: "e",
        deliveries: 27.0,
        without_kyen: -570.0,
        with_kyen: -6570.0,
        net_co2_kg: 6892.0,
        lines: "L2679, L2693",
    },
    Published {
        case: "f",
        deliveries: 210.0,
        without_kyen: 881.0,
        with_kyen: -5119.0,
        net_co2_kg: 45562.0,
        lines: "L2755, L2769",
    },
    Published {
        case: "g",
        deliveries: 594.0,
        without_kyen: 6150.0,
        with_kyen: 150.0,
        net_co2_kg: 128902.0,
        lines: "L2831, L2845",
    },
    Published {
        case: "h",
        deliveries: 273.0,
        without_kyen: 1808.0,
        with_kyen: -4192.0,
        net_co2_kg: 60358.0,
        lines: "L2907, L2921",
    },
    Published {
        case: "i",
        deliveries: 130.0,
        without_kyen: -378.0,
        with_kyen: -6378.0,
        net_co2_kg: 25404.0,
        lines: "L2983, L2997",
    },
    Published {
        case: "j",
        deliveries: 300.0,
        without_kyen: 2383.0,
        with_kyen: -3617.0,
        net_co2_kg: 69703.0,
        lines: "L3068, L3082",
    },
    Published {
        case: "k",
        deliveries: 608.0,
        without_kyen: 7575.0,
        with_kyen: 1575.0,
        net_co2_kg: 153275.0,
        lines: "L3144, L3158",
    },
    Published {
        case: "l",
        deliveries: 608.0,
        without_kyen: 7295.0,
        with_kyen: 1295.0,
        net_co2_kg: 148420.0,
        lines: "L3220, L3234",
    },
    Published {
        case: "m",
        deliveries: 107.0,
        without_kyen: -180.0,
        with_kyen: -6180.0,
        net_co2_kg: 12017.0,
        lines: "L3296, L3310",
    },
];

/// Pool F's reduction includes October's 946 m³ although the study delivers no container
/// in October (results table: "26,022 m³ (includes 946 in Oct with 0 containers)").
/// kukaku credits no heat that was not delivered, so F's balance lies this much lower.
const F_OCTOBER_GAS_M3: f64 = 946.0;

#[test]
fn cases_a_to_m_reproduce_the_studys_deliveries_co2_and_balance() {
    let gas_price = 120.0; // ¥/m³ of the study (waste_heat.yaml study_accounting)
    for p in &PUBLISHED {
        let s = source(&format!("fs_{}", p.case));
        let what = format!("case {} ({})", p.case.to_uppercase(), p.lines);
        let deliveries = num(&s["deliveries_per_year"]);
        assert!(
            (deliveries / p.deliveries - 1.0).abs() <= 0.05,
            "{what}: deliveries {deliveries} vs {}",
            p.deliveries
        );
        let co2 = num(&s["net_co2_kg"]);
        assert!(
            (co2 / p.net_co2_kg - 1.0).abs() <= 0.10,
            "{what}: net CO2 {co2} vs {}",
            p.net_co2_kg
        );
        // Balances: ±10 % of the published balance without labour (the balance with labour
        // is that minus the drivers, so it carries the same absolute error).
        let explained = if p.case == "f" {
            F_OCTOBER_GAS_M3 * gas_price / 1000.0
        } else {
            0.0
        };
        let tol = 0.10 * p.without_kyen.abs();
        for (field, published) in [
            ("balance_without_labour_kyen", p.without_kyen),
            ("balance_with_labour_kyen", p.with_kyen),
        ] {
            let b = num(&s[field]) + explained;
            assert!(
                (b - published).abs() <= tol,
                "{what}: {field} {b} (+ {explained} explained) vs {published}"
            );
        }
    }
}

#[test]
fn pool_f_differs_only_by_the_october_gas_the_study_credits_without_a_delivery() {
    let s = source("fs_f");
    let b = num(&s["balance_without_labour_kyen"]);
    // Without the explanation F misses the ±10 % band; with it, it lies within 1 %.
    assert!((b - 881.0).abs() > 0.10 * 881.0, "{b}");
    assert!(
        (b + F_OCTOBER_GAS_M3 * 0.120 - 881.0).abs() <= 0.01 * 881.0,
        "{b}"
    );
    let oct = &s["study"]["plan"]["users"][0]["months"][6];
    assert_eq!(num(&oct["month"]), 10.0);
    assert_eq!(num(&oct["deliveries"]), 0.0);
}

/// Containers a day by fiscal month as the study delivers them (results table), for the
/// facilities its rounding rule decides (not the case's `delivery_plan`).
#[test]
fn the_rounding_rule_gives_the_studys_rows_for_the_daily_served_pools() {
    let rows: [(&str, [u32; 12]); 6] = [
        ("b", [4, 2, 2, 1, 0, 1, 1, 2, 4, 3, 3, 3]),
        ("c", [3, 2, 2, 1, 1, 1, 1, 2, 3, 3, 3, 4]),
        ("f", [1, 1, 1, 0, 0, 0, 0, 1, 1, 2, 2, 1]),
        ("g", [3, 2, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3]),
        ("h", [1, 1, 1, 0, 0, 0, 1, 1, 1, 3, 2, 2]),
        ("i", [2, 0, 0, 0, 0, 0, 0, 0, 1, 4, 3, 3]),
    ];
    for (case, row) in rows {
        let u = &source(&format!("fs_{case}"))["study"]["plan"]["users"][0];
        assert_eq!(u["planned_by"], "rule", "{case}");
        for (m, want) in u["months"].as_array().unwrap().iter().zip(row) {
            let per_day = num(&m["deliveries"]) / num(&m["days"]);
            assert_eq!(per_day, want as f64, "{case} month {}", m["month"]);
        }
    }
    // The study's planning choices are kept as the case's plans.
    for case in ["d", "j", "k", "l", "m"] {
        let u = &source(&format!("fs_{case}"))["study"]["plan"]["users"][0];
        assert_eq!(u["planned_by"], "case_plan", "{case}");
    }
}

#[test]
fn the_study_conventions_hold_one_round_trip_and_the_fleet_it_holds() {
    for (case, containers) in [("a", 1.0), ("b", 2.0), ("e", 1.0), ("k", 2.0), ("m", 1.0)] {
        let a = &source(&format!("fs_{case}"))["study"]["accounting"];
        assert_eq!(
            num(&a["diesel_l_per_delivery"]),
            8.0,
            "{case}: 2 × 10 km at 2.5 km/L"
        );
        assert_eq!(num(&a["pump_kwh_per_side"]), 18.0);
        assert_eq!(num(&a["containers"]), containers, "{case}: containers held");
        assert_eq!(num(&a["drivers"]), 1.0, "{case}");
    }
    // The hourly run keeps the plan and swaps containers on every delivery trip; a fleet of
    // one container serving now and then must fetch it back first — the trip the study's
    // 8 L leave out.
    for case in ["b", "d", "k"] {
        let c = &source(&format!("fs_{case}"))["containers"];
        assert_eq!(num(&c["collection_trips"]), 0.0, "{case}");
        assert_eq!(num(&c["missed_deliveries"]), 0.0, "{case}");
        assert_eq!(
            num(&c["deliveries"]),
            num(&source(&format!("fs_{case}"))["deliveries_per_year"]),
            "{case}"
        );
    }
    let a = &source("fs_a")["containers"];
    assert!(num(&a["collection_trips"]) > 0.0);
}

/// The hospitals' required heat per day by fiscal month as the study prints it (Tables
/// 5.14–5.20, "MJ/day"): the import computes it from the fuel rows alone.
#[test]
fn hospital_required_heat_follows_the_studys_rows() {
    let rows: [(&str, [f64; 12]); 7] = [
        (
            "fs_n",
            [
                233540.0, 201689.0, 250199.0, 377781.0, 357230.0, 320605.0, 218686.0, 222857.0,
                274490.0, 411755.0, 433254.0, 306885.0,
            ],
        ),
        (
            "fs_o_gas",
            [
                38310.0, 35808.0, 74411.0, 103805.0, 163465.0, 122559.0, 38017.0, 39253.0, 62705.0,
                78506.0, 75170.0, 66968.0,
            ],
        ),
        (
            "fs_o_electricity",
            [
                0.0, 21023.0, 68972.0, 113809.0, 172935.0, 117751.0, 23913.0, 11820.0, 30234.0,
                34106.0, 16431.0, 33127.0,
            ],
        ),
        (
            "fs_p_gas",
            [
                25308.0, 18156.0, 31359.0, 52341.0, 82751.0, 56076.0, 21844.0, 22509.0, 32137.0,
                47339.0, 41126.0, 38336.0,
            ],
        ),
        (
            "fs_p_electricity",
            [
                0.0, 4646.0, 39053.0, 72588.0, 101960.0, 72502.0, 16699.0, 2074.0, 17124.0,
                19674.0, 9498.0, 15552.0,
            ],
        ),
        (
            "fs_q_gas",
            [
                24016.0, 14987.0, 16410.0, 31961.0, 39482.0, 39027.0, 27366.0, 14404.0, 32512.0,
                22819.0, 29018.0, 25515.0,
            ],
        ),
        (
            "fs_q_electricity",
            [
                0.0, 8243.0, 43195.0, 72833.0, 105394.0, 73438.0, 15107.0, 6318.0, 15244.0,
                27358.0, 30238.0, 19959.0,
            ],
        ),
    ];
    for (alt, row) in rows {
        let months = source(alt)["study"]["plan"]["users"][0]["months"]
            .as_array()
            .unwrap();
        for (m, want) in months.iter().zip(row) {
            let got = num(&m["required_mj"]) / num(&m["days"]);
            // Hospital Q's November uses less gas than its May base: the study's sheet
            // subtracts the shortfall at the heating efficiency from the base (14,404);
            // the import keeps the month's own gas as hot water (+3.9 %).
            let tol = if alt == "fs_q_gas" && num(&m["month"]) == 11.0 {
                0.04
            } else {
                0.005
            };
            assert!(
                (got - want).abs() <= tol * want.max(100.0),
                "{alt} month {}: {got} vs {want}",
                m["month"]
            );
        }
    }
}

#[test]
fn hospital_n_runs_at_the_sources_daily_cap_with_one_round_trip_a_delivery() {
    let s = source("fs_n");
    // 43–80 containers a day needed; the source delivers at most 8 a day (waste-heat.md
    // §1): 8 × 365 = 2,920, the study's figure for its hospital case.
    assert_eq!(num(&s["deliveries_per_year"]), 2920.0);
    let a = &s["study"]["accounting"];
    assert_eq!(num(&a["diesel_l_per_delivery"]), 8.0);
    assert_eq!(num(&a["drivers"]), 2.0, "one driver per 4 a day");
    let capped: f64 = s["study"]["plan"]["users"][0]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| num(&m["capped"]))
        .sum();
    assert!(capped > 10_000.0, "{capped}");
    // Capped months are credited with what they got, not the whole month.
    let displaced = num(&a["users"][0]["displaced_fuel"]);
    let delivered_gas = 2920.0 * 5400.0 / (41.1 * 0.85);
    assert!(
        (displaced / delivered_gas - 1.0).abs() < 1e-9,
        "{displaced}"
    );
}

#[test]
fn networks_share_one_fleet() {
    // Pools D, H and I on one fleet: the same deliveries as apart (the daily cap is not
    // reached), one set of drivers and fewer containers, so a better balance with labour.
    let net = source("fs_net_dhi");
    let members = ["fs_d", "fs_h", "fs_i"].map(source);
    let sum = |f: &str| members.iter().map(|s| num(&s[f])).sum::<f64>();
    assert_eq!(num(&net["deliveries_per_year"]), sum("deliveries_per_year"));
    let a = &net["study"]["accounting"];
    let apart: f64 = members
        .iter()
        .map(|s| num(&s["study"]["accounting"]["containers"]))
        .sum();
    assert!(num(&a["containers"]) < apart);
    assert!(num(&a["drivers"]) < 3.0);
    assert!(num(&net["balance_with_labour_kyen"]) > sum("balance_with_labour_kyen"));
    assert_eq!(a["users"].as_array().unwrap().len(), 3);
    // The fleet never exceeds the source's daily cap.
    for alt in ["fs_net_dhi", "fs_net_klm", "fs_net_aefg", "fs_net_gj"] {
        let c = &source(alt)["containers"];
        assert!(num(&c["deliveries_per_day_max"]) <= 8.0, "{alt}");
        assert!(num(&source(alt)["net_co2_kg"]) > 0.0, "{alt}");
    }
}

fn write_case(text: &str) -> (PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.yaml");
    std::fs::write(&path, text).unwrap();
    (path, dir)
}

/// A one-pool case: `source_extra` under the source, `use_extra` under the use's fuel
/// records, `system_extra` under the system.
fn pool_case(source_extra: &str, use_extra: &str, system_extra: &str) -> String {
    format!(
        "name: t\nfactor_set: waste_heat_study\ndistrict: {{ gross_area_ha: 1 }}\nsources:\n  - id: s\n    temperature: hot_water_80\n    delivery: containers\n    distance_km: 10\n    available_kw: 600\n{source_extra}uses:\n  pool:\n    like: sports\n    fuel_records:\n      fuel: city_gas\n      monthly: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]\n      operating_days: 21\n      efficiency: 0.85\n      floor_m2: 1000\n{use_extra}alternatives:\n  - id: a\n    parcels: [{{ id: p, floor_m2: 1000, use: pool }}]\n    systems:\n      - id: c\n        kind: individual\n        sources: [s]\n        source_user: pool\n{system_extra}"
    )
}

fn check_fails(text: &str, field: &str) {
    let (path, _dir) = write_case(text);
    let out = kukaku().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("case.yaml:"), "{err}");
    assert!(err.contains(field), "expected `{field}` in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_study_input_is_an_input_error_naming_the_field() {
    let monthly = "    logistics: { plan: monthly }\n";
    check_fails(
        &pool_case("    logistics: { roster_h: 30 }\n", "", ""),
        "sources[0].logistics.roster_h",
    );
    check_fails(
        &pool_case("    logistics: { plan: weekly }\n", "", ""),
        "sources[0]",
    );
    check_fails(
        &pool_case(monthly, "      carrier: cooling\n", ""),
        "uses.pool.fuel_records.carrier",
    );
    check_fails(
        &pool_case(
            monthly,
            "",
            "        delivery_plan: { hotel: { per_day: [1,1,1,1,1,1,1,1,1,1,1,1] } }\n",
        ),
        "delivery_plan.hotel",
    );
    check_fails(
        &pool_case(
            monthly,
            "",
            "        delivery_plan: { pool: { per_day: [1, 1] } }\n",
        ),
        "delivery_plan.pool.per_day",
    );
    check_fails(
        &pool_case(
            "",
            "",
            "        delivery_plan: { pool: { per_month: [1,1,1,1,1,1,1,1,1,1,1,1] } }\n",
        ),
        "delivery_plan",
    );
    // A monthly plan needs the users' fuel records, and a DHC plant has none.
    let dhc = pool_case(monthly, "", "").replace(
        "      - id: c\n        kind: individual\n        sources: [s]\n        source_user: pool\n",
        "      - id: c\n        kind: dhc\n        sources: [s]\n",
    );
    check_fails(&dhc, "systems[0].sources[0]");
    let no_records = pool_case(monthly, "", "")
        .replace("use: pool", "use: hotel")
        .replace("source_user: pool", "source_user: hotel");
    check_fails(&no_records, "source_user");
    // A pipe takes no container logistics.
    let pipe = pool_case(monthly, "", "").replace("delivery: containers", "delivery: pipe");
    check_fails(&pipe, "sources[0].logistics");
}

#[test]
fn a_small_monthly_case_runs_and_its_figures_add_up() {
    let (path, _dir) = write_case(&pool_case(
        "    logistics: { plan: monthly, round_trip: full_out_empty_back, roster_h: 24 }\n",
        "",
        "",
    ));
    let v = common::run_json(&path);
    let s = &v["alternatives"][0]["systems"][0]["unused"]["sources"][0];
    // 100 m³ a month over 21 days: 3,493.5 MJ/month, 0.03 container a day → no delivery.
    assert_eq!(num(&s["deliveries_per_year"]), 0.0);
    let a = &s["study"]["accounting"];
    let parts = num(&a["savings_kyen"])
        - num(&a["source_pump_kyen"])
        - num(&a["user_pump_kyen"])
        - num(&a["diesel_kyen"])
        - num(&a["container_maintenance_kyen"]);
    assert!((parts - num(&s["balance_without_labour_kyen"])).abs() < 1e-9);
    assert!(
        (num(&s["balance_without_labour_kyen"])
            - num(&a["labour_kyen"])
            - num(&s["balance_with_labour_kyen"]))
        .abs()
            < 1e-9
    );
}
