//! Gas cogeneration (CHP) in a DHC plant (issue 11 part 5): energy balance (fuel = power +
//! recovered heat + losses, LHV) hour by hour and annually, dispatch rules (heat-led never
//! dumps heat nor exceeds the usable heat; electricity-led follows the electricity base), the
//! sizing rule on the duration curve, the scale effect, and the credit at the case's area
//! factor set.

// Hour-indexed parallel series (loads, dispatch record) read side by side.
#![allow(clippy::needless_range_loop)]

mod common;
use common::system;
use kukaku::case;
use kukaku::library::Library;
use kukaku::report::{self, Report};
use kukaku::supply::dhc::chp::{
    self, ChpData, ChpDispatch, ChpSizing, ChpSpec, Loads, Run, Technology,
};

const HOURS: usize = 8760;

/// Synthetic hourly loads with seasons and days, kW: heating + hot water (winter), cooling
/// (summer), absorption capacity free, and the buildings' electricity (office hours).
fn synthetic() -> [Vec<f64>; 4] {
    let (mut heat, mut cool, mut abs, mut elec) = (vec![], vec![], vec![], vec![]);
    for t in 0..HOURS {
        let day = (t / 24) as f64;
        let hour = (t % 24) as f64;
        let season = (2.0 * std::f64::consts::PI * day / 365.0).cos(); // +1 winter, −1 summer
        let office = if (8.0..20.0).contains(&hour) {
            1.0
        } else {
            0.3
        };
        heat.push((1500.0 + 2500.0 * season.max(0.0)) * office + 300.0);
        cool.push(6000.0 * (-season).max(0.0) * office);
        abs.push(3000.0);
        let daily = -(2.0 * std::f64::consts::PI * hour / 24.0).cos(); // peak at noon
        elec.push((1800.0 + 1200.0 * daily) * (1.0 + 0.3 * season.abs()));
    }
    [heat, cool, abs, elec]
}

fn data() -> ChpData {
    Library::builtin().unwrap().supply.chp
}

fn run(spec: &ChpSpec) -> (chp::Design, Run, [Vec<f64>; 4]) {
    let d = data();
    let l = synthetic();
    let loads = Loads {
        heat_kw: &l[0],
        cool_kw: &l[1],
        absorption_free_kw: &l[2],
        electricity_kw: &l[3],
    };
    let cop = d
        .technology(spec.technology.unwrap_or(d.technology.value))
        .absorption_cop
        .value;
    let usable: Vec<f64> = (0..HOURS).map(|t| loads.usable_heat_kw(t, cop)).collect();
    let design = chp::design(&d, spec, &usable, &l[3]);
    let r = chp::dispatch(&design, &loads);
    (design, r, l)
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1e-300)
}

fn specs() -> Vec<ChpSpec> {
    let mut out = vec![];
    for technology in [Technology::GasEngine, Technology::GasTurbine] {
        for dispatch in [ChpDispatch::HeatLed, ChpDispatch::ElectricityLed] {
            for sizing in [ChpSizing::HeatBase, ChpSizing::ElectricityBase] {
                out.push(ChpSpec {
                    technology: Some(technology),
                    sizing: Some(sizing),
                    dispatch: Some(dispatch),
                    ..ChpSpec::default()
                });
            }
        }
    }
    out
}

#[test]
fn fuel_is_power_plus_recovered_heat_plus_losses_hour_by_hour_and_annually() {
    for spec in specs() {
        let (d, r, _) = run(&spec);
        assert!(d.size_kw_e > 0.0, "{spec:?}");
        let mut ran = 0;
        for t in 0..HOURS {
            let (f, p, q, l) = (r.fuel_kw[t], r.power_kw[t], r.recovered_kw[t], r.loss_kw[t]);
            assert!(p >= 0.0 && q >= 0.0 && l >= 0.0, "{spec:?} h{t}");
            if f > 0.0 {
                ran += 1;
                assert!(
                    rel(f, p + q + l) < 1e-9,
                    "{spec:?} h{t}: {f} vs {}",
                    p + q + l
                );
                // Recovered heat is used (heating, absorption) or dumped, nothing else.
                let split = r.to_heat_kw[t] + r.to_absorption_kw[t] + r.dumped_kw[t];
                assert!(rel(q, split) < 1e-9, "{spec:?} h{t}");
            } else {
                assert_eq!(p + q + l, 0.0);
            }
        }
        assert!(ran > 1000, "{spec:?} ran {ran} h");
        let sum = |v: &[f64]| v.iter().sum::<f64>();
        let annual = sum(&r.power_kw) + sum(&r.recovered_kw) + sum(&r.loss_kw);
        assert!(rel(sum(&r.fuel_kw), annual) < 1e-9, "{spec:?}");
    }
}

#[test]
fn heat_led_never_dumps_heat_and_never_exceeds_the_usable_heat() {
    for spec in specs()
        .into_iter()
        .filter(|s| s.dispatch == Some(ChpDispatch::HeatLed))
    {
        let (d, r, l) = run(&spec);
        let mut part_load = 0;
        for t in 0..HOURS {
            assert_eq!(r.dumped_kw[t], 0.0, "{spec:?} h{t}");
            assert!(
                r.to_heat_kw[t] <= l[0][t] * (1.0 + 1e-12) + 1e-9,
                "{spec:?} h{t}"
            );
            assert!(r.cool_kw[t] <= l[1][t].min(l[2][t]) * (1.0 + 1e-12) + 1e-9);
            let usable = l[0][t] + l[1][t].min(l[2][t]) / d.absorption_cop;
            assert!(
                r.recovered_kw[t] <= usable * (1.0 + 1e-12) + 1e-9,
                "{spec:?} h{t}"
            );
            // Heat first to heating and hot water: absorption only once heat is covered.
            if r.to_absorption_kw[t] > 0.0 {
                assert!(rel(r.to_heat_kw[t], l[0][t]) < 1e-12, "{spec:?} h{t}");
            }
            // Below capacity it follows the usable heat exactly, unless a unit would run
            // below its minimum load (then one fewer unit at full load, or none).
            let cap = d.size_kw_th();
            if usable <= cap && r.recovered_kw[t] > 0.0 && rel(r.recovered_kw[t], usable) > 1e-9 {
                part_load += 1;
                assert!(r.recovered_kw[t] < usable);
            }
            if r.units_on[t] > 0 {
                let load = r.fuel_kw[t] / (r.units_on[t] as f64 * d.unit_fuel_kw());
                assert!(load >= d.min_load - 1e-12 && load <= 1.0 + 1e-12, "{load}");
            }
        }
        assert!(part_load < HOURS / 2, "{spec:?}: {part_load}");
    }
}

#[test]
fn electricity_led_follows_the_electricity_base() {
    for spec in specs()
        .into_iter()
        .filter(|s| s.dispatch == Some(ChpDispatch::ElectricityLed))
    {
        let (d, r, l) = run(&spec);
        let unit = d.size_kw_e / d.units as f64;
        let (mut followed, mut capped) = (0, 0);
        for t in 0..HOURS {
            let e = l[3][t];
            if e >= d.size_kw_e {
                assert!(rel(r.power_kw[t], d.size_kw_e) < 1e-9, "{spec:?} h{t}");
                capped += 1;
            } else if e >= unit {
                // Enough for one unit at full load: the units share the load, each above the
                // minimum load (two units at half of a unit each at least).
                assert!(
                    rel(r.power_kw[t], e) < 1e-9,
                    "{spec:?} h{t}: {} vs {e}",
                    r.power_kw[t]
                );
                followed += 1;
            }
            assert!(r.power_kw[t] <= e * (1.0 + 1e-12), "{spec:?} h{t}");
            // The heat it cannot use is dumped, the rest used.
            let usable = l[0][t] + l[1][t].min(l[2][t]) / d.absorption_cop;
            let used = r.to_heat_kw[t] + r.to_absorption_kw[t];
            assert!(used <= usable * (1.0 + 1e-12));
            let excess = (r.recovered_kw[t] - usable).max(0.0);
            assert!((r.dumped_kw[t] - excess).abs() <= 1e-9 * r.recovered_kw[t].max(1.0));
        }
        assert!(followed > 1000, "{spec:?}: followed {followed} h");
        if spec.sizing == Some(ChpSizing::ElectricityBase) {
            // Sized on the electricity exceeded 4,000 h: at capacity in those hours (and in
            // hours tied with the 4,000th).
            assert!((4000..4010).contains(&capped), "{spec:?}: {capped}");
        }
    }
}

#[test]
fn sizing_rule_takes_the_load_exceeded_n_hours_on_the_duration_curve() {
    let series: Vec<f64> = (0..HOURS).map(|t| ((t * 7919) % HOURS) as f64).collect();
    // 0 … 8759 shuffled: the value exceeded n hours (the n-th largest) is 8760 − n.
    for n in [1.0, 100.0, 4000.0, 8760.0] {
        assert_eq!(chp::exceeded_hours(&series, n), HOURS as f64 - n);
    }
    let d = data();
    let l = synthetic();
    let cop = d.gas_engine.absorption_cop.value;
    let usable: Vec<f64> = (0..HOURS)
        .map(|t| l[0][t] + l[1][t].min(l[2][t]) / cop)
        .collect();
    let mut last = f64::INFINITY;
    for hours in [2000.0, 4000.0, 6000.0] {
        let spec = ChpSpec {
            sizing: Some(ChpSizing::HeatBase),
            sizing_hours: Some(hours),
            ..ChpSpec::default()
        };
        let design = chp::design(&d, &spec, &usable, &l[3]);
        // Heat base: the heat-recovery capacity is the usable heat exceeded `hours` hours,
        // and the efficiencies are those of the unit size it gives.
        let base = chp::exceeded_hours(&usable, hours);
        assert!(
            rel(design.size_kw_th(), base) < 1e-6,
            "{hours}: {}",
            design.size_kw_th()
        );
        let (e, h) = d
            .gas_engine
            .efficiencies(design.size_kw_e / design.units as f64);
        assert!(rel(design.electrical_efficiency, e) < 1e-12);
        assert!(rel(design.heat_efficiency, h) < 1e-12);
        assert!(design.size_kw_e < last, "longer hours, smaller CHP");
        last = design.size_kw_e;
        // Electricity base: the buildings' electricity exceeded `hours` hours.
        let spec = ChpSpec {
            sizing: Some(ChpSizing::ElectricityBase),
            ..spec
        };
        let design = chp::design(&d, &spec, &usable, &l[3]);
        assert_eq!(design.size_kw_e, chp::exceeded_hours(&l[3], hours));
    }
}

#[test]
fn scale_effect_is_monotone_and_passes_through_the_sourced_points() {
    let d = data();
    for t in [&d.gas_engine, &d.gas_turbine] {
        let (mut e0, mut c0) = (0.0, f64::INFINITY);
        let mut kw = 10.0;
        while kw < 100_000.0 {
            let (e, h) = t.efficiencies(kw);
            let c = t.usd_per_kw(kw);
            assert!(
                e >= e0 - 1e-12,
                "{}: electrical efficiency falls at {kw} kW",
                t.label
            );
            assert!(c <= c0 + 1e-9, "{}: cost per kW rises at {kw} kW", t.label);
            assert!(e > 0.0 && h > 0.0 && e + h < 1.0, "{}: {e} + {h}", t.label);
            (e0, c0) = (e, c);
            kw *= 1.25;
        }
        for p in &t.efficiency {
            let (e, h) = t.efficiencies(p.kw_e);
            assert!(rel(e, p.electrical) < 1e-12 && rel(h, p.heat) < 1e-12);
        }
        // A larger unit is cheaper and more efficient (strictly, between the end points).
        let (small, large) = (t.efficiency[0].kw_e, t.efficiency.last().unwrap().kw_e);
        assert!(t.efficiencies(large).0 > t.efficiencies(small).0);
        assert!(t.usd_per_kw(large) < t.usd_per_kw(small));
    }
}

fn build(path: &str, text: &str) -> Report {
    let lib = Library::builtin().unwrap();
    let c = case::parse(path, text, &lib).unwrap();
    let map = case::SourceMap::new(path, text);
    report::build(&lib, &c, &map).unwrap()
}

#[test]
fn district_a_mixed_chp_balances_and_displaces_boiler_heat() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/landuse_cases/district_a.yaml");
    let r = build(path, &std::fs::read_to_string(path).unwrap());
    let plain = system(&r, "mixed", "dhc");
    let s = system(&r, "mixed", "dhc_chp");
    let c = s.chp.as_ref().expect("dhc_chp has a CHP");
    assert!(plain.chp.is_none());
    // Annual balance on LHV.
    let out = c.power_mwh * 3.6 + c.recovered_heat_gj + c.losses_gj;
    assert!(rel(c.fuel_gj, out) < 1e-9, "{} vs {out}", c.fuel_gj);
    assert!(rel(c.recovered_heat_gj, c.heat_used_gj + c.heat_dumped_gj) < 1e-9);
    assert!(
        c.heat_dumped_gj.abs() < 1e-6,
        "heat-led: {}",
        c.heat_dumped_gj
    );
    assert!(c.overall_efficiency > 0.6 && c.overall_efficiency < 0.95);
    assert!(c.hours_run > 0.0 && c.hours_run <= 8760.0);
    assert!(c.full_load_hours <= c.hours_run);
    // The system balance carries the CHP: its gas, and its power as a negative purchase.
    assert!(rel(s.gas_by_purpose_knm3["chp"], c.gas_knm3) < 1e-12);
    assert!(rel(-s.electricity_by_purpose_mwh["chp_generation"], c.power_mwh) < 1e-12);
    // Recovered heat for heating displaces boiler heat one for one: the boiler gas for
    // heating and hot water falls by that heat at the boiler efficiency (LHV).
    let lib = Library::builtin().unwrap();
    let f = &lib.supply.factor_sets["district_a"];
    let boiler = lib.supply.equipment["steam_boiler_dhc"].efficiency.unwrap();
    let fall =
        plain.gas_by_purpose_knm3["heating_hot_water"] - s.gas_by_purpose_knm3["heating_hot_water"];
    let expected = c.heat_to_heating_gj * 1000.0 / boiler / f.gas_lhv_mj_per_nm3.value / 1000.0;
    assert!(rel(fall, expected) < 1e-9, "{fall} vs {expected}");
    // Same demand; credits at the study's factor set.
    assert_eq!(s.heat_demand_gj, plain.heat_demand_gj);
    assert!(
        rel(
            c.co2_credit_t,
            c.power_mwh * f.electricity_kg_co2_per_kwh.value
        ) < 1e-12
    );
    assert!(
        rel(
            c.primary_energy_credit_gj,
            c.power_mwh * f.electricity_primary_mj_per_kwh.value
        ) < 1e-12
    );
    // The CHP is in the equipment, costed on its own curve, and its O&M is a cost line.
    assert!(s
        .equipment
        .iter()
        .any(|e| e.role == "chp" && e.cost_kyen > 0.0));
    assert!(s.cost_lines.iter().any(|l| l.key == "chp_maintenance"));
}

const SENDAI: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/landuse_cases/sendai_station.yaml"
);

#[test]
fn the_credit_uses_the_case_area_factor_set() {
    let lib = Library::builtin().unwrap();
    let base = std::fs::read_to_string(SENDAI).unwrap().replace(
        "      - { id: dhc, kind: dhc, name: { en: \"DHC, electricity + gas\", ja: \"地域冷暖房（電気＋ガス）\" } }\n",
        "      - { id: dhc, kind: dhc, name: { en: \"DHC, electricity + gas\", ja: \"地域冷暖房（電気＋ガス）\" } }\n      - { id: dhc_chp, kind: dhc, chp: {} }\n",
    );
    assert!(base.contains("dhc_chp"));
    let credit = |area: &str| {
        let text = base.replace("area: sendai\n", &format!("area: {area}\n"));
        let r = build(SENDAI, &text);
        let s = system(&r, "base", "dhc_chp");
        let c = s.chp.clone().unwrap();
        (c, s.co2_t)
    };
    let (tohoku, co2_tohoku) = credit("sendai");
    let (tokyo, co2_tokyo) = credit("tokyo");
    let f = |id: &str| lib.supply.factor_sets[id].electricity_kg_co2_per_kwh.value;
    // Same loads and plant (the load region is the case's), different area factors.
    assert!(rel(tohoku.power_mwh, tokyo.power_mwh) < 1e-12);
    assert!(rel(tohoku.co2_credit_t, tohoku.power_mwh * f("tohoku_area")) < 1e-12);
    assert!(rel(tokyo.co2_credit_t, tokyo.power_mwh * f("tokyo_area")) < 1e-12);
    assert!(tohoku.co2_credit_t > tokyo.co2_credit_t * 1.05);
    assert_ne!(co2_tohoku, co2_tokyo);
}

#[test]
fn bad_chp_input_names_file_line_and_field() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/landuse_cases/district_a.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let lib = Library::builtin().unwrap();
    for (bad, field) in [
        ("chp: { units: 0 }", "chp.units"),
        ("chp: { sizing_hours: 9000 }", "chp.sizing_hours"),
        ("chp: { technology: steam_turbine }", "technology"),
        ("chp: { dispach: heat_led }", "dispach"),
    ] {
        let t = text.replace("chp: {}", bad);
        assert_ne!(t, text);
        let err = case::parse(path, &t, &lib)
            .and_then(|c| {
                let map = case::SourceMap::new(path, &t);
                report::build(&lib, &c, &map).map(|_| ())
            })
            .unwrap_err()
            .to_string();
        assert!(err.contains("district_a.yaml:"), "{bad}: {err}");
        assert!(err.contains(field), "{bad}: {err}");
    }
}
