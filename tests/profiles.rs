//! The built-in hourly shapes reproduce the published DHC-handbook statistics
//! (loads.md §4–§6) within the tolerances of the foundation issue:
//! design-day peak ±5 %, daily load factor ±3 points, annual energy ±2 %, annual load
//! factor ±2 points, within-use combined columns ±5 %, and the published timing facts.
//! Expected values are read from the `published` blocks of src/data/profiles.yaml, which
//! cite loads.md line by line.

use kukaku::calendar::Calendar;
use kukaku::carrier::Carrier;
use kukaku::library::Library;
use kukaku::load::{self, UseModel};
use kukaku::profile::builtin_models;
use std::collections::BTreeMap;

/// Built-in use that carries each handbook shape.
fn use_of_shape(shape: &str) -> &'static str {
    match shape {
        "office" => "office",
        "retail" => "retail",
        "hotel" => "hotel",
        "medical" => "hospital",
        "sports" => "sports",
        "housing" => "housing",
        other => panic!("unexpected shape {other}"),
    }
}

fn handbook_models() -> (Library, Calendar, BTreeMap<String, UseModel>) {
    let lib = Library::builtin().unwrap();
    let cal = Calendar::new(2023, true);
    let models = builtin_models(&lib, &cal, "handbook", "kanto").unwrap();
    (lib, cal, models)
}

#[test]
fn every_use_and_carrier_reproduces_the_handbook_statistics() {
    let (lib, cal, models) = handbook_models();
    let mut failures = vec![];
    let mut checked = 0;
    for (shape, carriers) in &lib.profiles.uses {
        let m = &models[use_of_shape(shape)];
        for c in Carrier::ALL {
            let p = carriers[c.id()]
                .published
                .as_ref()
                .unwrap_or_else(|| panic!("{shape}.{} has no published stats", c.id()));
            let s: Vec<f64> = m.unit_kw_per_m2[c.index()]
                .iter()
                .map(|v| v * 10_000.0)
                .collect();
            let d = load::design_day(&cal, &s, c.design_month());
            let peak = load::peak(load::day_slice(&s, d));
            let dlf = load::daily_load_factor(&s, d);
            let annual_mwh = s.iter().sum::<f64>() / 1000.0;
            let alf = load::annual_load_factor(&s);
            let checks = [
                (
                    "design peak ±5 %",
                    (peak / p.design_peak_kw_per_10000m2 - 1.0).abs() <= 0.05,
                    peak,
                    p.design_peak_kw_per_10000m2,
                ),
                (
                    "DLF ±3 points",
                    (dlf - p.daily_load_factor).abs() <= 0.03,
                    dlf,
                    p.daily_load_factor,
                ),
                (
                    "annual ±2 %",
                    (annual_mwh / p.annual_mwh_per_10000m2 - 1.0).abs() <= 0.02,
                    annual_mwh,
                    p.annual_mwh_per_10000m2,
                ),
                (
                    "ALF ±2 points",
                    (alf - p.annual_load_factor).abs() <= 0.02,
                    alf,
                    p.annual_load_factor,
                ),
            ];
            for (what, ok, got, want) in checks {
                checked += 1;
                if !ok {
                    failures.push(format!(
                        "{shape}.{} {what}: got {got:.4}, published {want:.4}",
                        c.id()
                    ));
                }
            }
            // The annual peak lies on the design day.
            assert!(
                (load::peak(&s) - peak).abs() < 1e-9 * peak.max(1.0),
                "{shape}.{}: annual peak off the design day",
                c.id()
            );
        }
    }
    assert_eq!(checked, 6 * 4 * 4);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn within_use_combined_columns_match() {
    let (lib, cal, models) = handbook_models();
    let mut failures = vec![];
    for (shape, groups) in &lib.profiles.combined_published {
        let m = &models[use_of_shape(shape)];
        for (gid, want) in groups {
            let (cs, month): (&[Carrier], u32) = match gid.as_str() {
                "heating_hot_water" => (&[Carrier::Heating, Carrier::HotWater], 1),
                "cooling_electricity" => (&[Carrier::Cooling, Carrier::Electricity], 8),
                other => panic!("unknown group {other}"),
            };
            let s: Vec<f64> = (0..8760)
                .map(|t| {
                    cs.iter()
                        .map(|c| m.unit_kw_per_m2[c.index()][t] * 10_000.0)
                        .sum()
                })
                .collect();
            let d = load::design_day(&cal, &s, month);
            let peak = load::peak(load::day_slice(&s, d));
            let dlf = load::daily_load_factor(&s, d);
            if (peak / want.peak_kw_per_10000m2 - 1.0).abs() > 0.05 {
                failures.push(format!(
                    "{shape}.{gid} peak {peak:.0} vs {}",
                    want.peak_kw_per_10000m2
                ));
            }
            if (dlf / want.daily_load_factor - 1.0).abs() > 0.05 {
                failures.push(format!(
                    "{shape}.{gid} DLF {dlf:.3} vs {}",
                    want.daily_load_factor
                ));
            }
        }
    }
    assert_eq!(
        lib.profiles.combined_published.len(),
        6,
        "all six uses carry combined columns"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn design_day_peak_hour(cal: &Calendar, m: &UseModel, c: Carrier) -> usize {
    let s = &m.unit_kw_per_m2[c.index()];
    let d = load::design_day(cal, s, c.design_month());
    load::peak_hour(load::day_slice(s, d))
}

#[test]
fn published_timing_facts_hold() {
    let (_, cal, models) = handbook_models();
    // loads.md §6. Hour index h covers h:00–h+1:00; Japanese tables label the hour by its
    // end, so "09:00" is index 8 and "17:00" index 16.
    assert_eq!(
        design_day_peak_hour(&cal, &models["office"], Carrier::Heating),
        8,
        "office heating peaks at 09:00"
    );
    assert_eq!(
        design_day_peak_hour(&cal, &models["hotel"], Carrier::Heating),
        16,
        "hotel heating peaks at 17:00"
    );
    let hw = design_day_peak_hour(&cal, &models["housing"], Carrier::HotWater);
    assert!(
        (17..=23).contains(&hw),
        "housing hot water peaks in the evening, got {hw}"
    );
    let el = design_day_peak_hour(&cal, &models["housing"], Carrier::Electricity);
    assert!(
        el >= 17 || el <= 1,
        "housing electricity peaks in the evening/night, got {el}"
    );
    // Medical heating is flat: its design-day load factor is far above the office's.
    let dlf = |u: &str, c: Carrier| {
        let s = &models[u].unit_kw_per_m2[c.index()];
        load::daily_load_factor(s, load::design_day(&cal, s, c.design_month()))
    };
    assert!(dlf("hospital", Carrier::Heating) > 1.5 * dlf("office", Carrier::Heating));
    // Offices are idle on Sundays: a January Sunday carries far less heat than a weekday.
    let s = &models["office"].unit_kw_per_m2[Carrier::Heating.index()];
    let sunday = cal
        .days
        .iter()
        .position(|d| d.month == 1 && d.weekday == 6 && d.day_of_month > 7)
        .unwrap();
    let weekday = load::design_day(&cal, s, 1);
    let e = |d: usize| load::day_slice(s, d).iter().sum::<f64>();
    assert!(e(sunday) < 0.5 * e(weekday));
    // Heat varies more than electricity for every use (coefficient of variation of monthly energy).
    for u in ["office", "retail", "hotel", "hospital", "sports", "housing"] {
        let cv = |c: Carrier| {
            let m = load::monthly_sums(&cal, &models[u].unit_kw_per_m2[c.index()]);
            let mean = m.iter().sum::<f64>() / 12.0;
            (m.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 12.0).sqrt() / mean
        };
        assert!(
            cv(Carrier::Heating) > cv(Carrier::Electricity),
            "{u}: heating should vary more than electricity"
        );
    }
}

#[test]
fn regional_coefficients_scale_peak_and_energy_separately() {
    let lib = Library::builtin().unwrap();
    let cal = Calendar::new(2023, true);
    let kanto = builtin_models(&lib, &cal, "cogeneration", "kanto").unwrap();
    for (region, c) in [
        ("hokkaido", Carrier::Heating),
        ("tohoku", Carrier::Heating),
        ("kinki", Carrier::Cooling),
        ("okinawa", Carrier::Cooling),
        ("hokuriku", Carrier::Heating),
    ] {
        let r = &lib.regions[region];
        let (pk, an) = match c {
            Carrier::Heating => (r.peak_heating, r.annual_heating),
            _ => (r.peak_cooling, r.annual_cooling),
        };
        let m = builtin_models(&lib, &cal, "cogeneration", region).unwrap();
        for u in ["office", "hotel", "housing"] {
            let base = &kanto[u];
            let reg = &m[u];
            let peak_ratio =
                reg.design_peak_w_per_m2[c.index()] / base.design_peak_w_per_m2[c.index()];
            let annual_ratio = reg.annual_kwh_per_m2[c.index()] / base.annual_kwh_per_m2[c.index()];
            assert!(
                (peak_ratio - pk).abs() < 1e-9,
                "{region} {u} peak ratio {peak_ratio} vs {pk}"
            );
            assert!(
                (annual_ratio / an - 1.0).abs() < 0.02,
                "{region} {u} annual ratio {annual_ratio} vs {an}"
            );
            // Hot water and electricity are not regionally adjusted.
            assert!(
                (reg.annual_kwh_per_m2[Carrier::HotWater.index()]
                    - base.annual_kwh_per_m2[Carrier::HotWater.index()])
                .abs()
                    < 1e-9
            );
        }
    }
}
