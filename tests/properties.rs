//! Property tests (proptest): load metrics stay in their ranges for any non-negative
//! series, aggregation is linear in floor area, coincidence factors never exceed 1, and the
//! case parser answers any text with a value or an input error, never a panic.

use kukaku::calendar::{Calendar, HOURS_PER_YEAR};
use kukaku::carrier::Carrier;
use kukaku::case;
use kukaku::library::Library;
use kukaku::load::{self, UseModel};
use kukaku::profile::builtin_models;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

struct Fixture {
    lib: Library,
    cal: Calendar,
    models: BTreeMap<String, UseModel>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let lib = Library::builtin().unwrap();
        let cal = Calendar::new(2023, true);
        let models = builtin_models(&lib, &cal, "cogeneration", "kanto").unwrap();
        Fixture { lib, cal, models }
    })
}

const USES: [&str; 7] = [
    "office", "retail", "hotel", "hospital", "care", "sports", "housing",
];

/// A floor mix: 0–7 uses with 0–50,000 m² each.
fn floor_mix() -> impl Strategy<Value = BTreeMap<String, f64>> {
    proptest::collection::vec(0.0..50_000.0_f64, USES.len()).prop_map(|v| {
        USES.iter()
            .zip(v)
            .filter(|(_, f)| *f > 1.0)
            .map(|(u, f)| (u.to_string(), f))
            .collect()
    })
}

/// A year of non-negative hourly values built from a daily pattern, day factors and noise.
fn hourly_series() -> impl Strategy<Value = Vec<f64>> {
    (
        proptest::collection::vec(0.0..10.0_f64, 24),
        proptest::collection::vec(0.0..2.0_f64, 12),
        any::<u64>(),
    )
        .prop_map(|(day, months, seed)| {
            let cal = &fixture().cal;
            let mut x = seed | 1;
            (0..HOURS_PER_YEAR)
                .map(|t| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    let noise = (x % 1000) as f64 / 1000.0;
                    day[t % 24] * months[(cal.month_of_hour(t) - 1) as usize] * (0.5 + noise)
                })
                .collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn metrics_stay_in_range(s in hourly_series(), day in 0usize..365) {
        let dlf = load::daily_load_factor(&s, day);
        let alf = load::annual_load_factor(&s);
        let flh = load::full_load_hours(&s);
        prop_assert!((0.0..=1.0 + 1e-12).contains(&dlf));
        prop_assert!((0.0..=1.0 + 1e-12).contains(&alf));
        prop_assert!((0.0..=8760.0 + 1e-9).contains(&flh));
        prop_assert!((flh - alf * 8760.0).abs() < 1e-6 * flh.max(1.0));
        let dc = load::duration_curve(&s, 101);
        prop_assert!(dc.windows(2).all(|w| w[0] >= w[1]));
        prop_assert!((dc[0] - load::peak(&s)).abs() < 1e-12);
        let months = load::monthly_sums(&fixture().cal, &s);
        let total: f64 = s.iter().sum();
        prop_assert!((months.iter().sum::<f64>() - total).abs() < 1e-6 * total.max(1.0));
    }

    #[test]
    fn aggregation_is_linear_in_floor(a in floor_mix(), b in floor_mix(), k in 0.1..10.0_f64) {
        let f = fixture();
        let la = load::aggregate(&f.models, &a);
        let lb = load::aggregate(&f.models, &b);
        let mut ab = a.clone();
        for (u, v) in &b {
            *ab.entry(u.clone()).or_insert(0.0) += v;
        }
        let lab = load::aggregate(&f.models, &ab);
        let scaled: BTreeMap<String, f64> = a.iter().map(|(u, v)| (u.clone(), v * k)).collect();
        let lk = load::aggregate(&f.models, &scaled);
        for c in Carrier::ALL {
            let i = c.index();
            for t in (0..HOURS_PER_YEAR).step_by(97) {
                let sum = la.total_kw[i][t] + lb.total_kw[i][t];
                prop_assert!((lab.total_kw[i][t] - sum).abs() <= 1e-9 * sum.max(1.0));
                let sc = k * la.total_kw[i][t];
                prop_assert!((lk.total_kw[i][t] - sc).abs() <= 1e-9 * sc.max(1.0));
            }
        }
        // Scaling every floor by k leaves every ratio metric unchanged.
        if !a.is_empty() {
            let ma = load::load_metrics(&f.cal, &f.models, &la);
            let mk = load::load_metrics(&f.cal, &f.models, &lk);
            for c in Carrier::ALL {
                let (x, y) = (&ma[c], &mk[c]);
                prop_assert!((x.coincidence_factor - y.coincidence_factor).abs() < 1e-9);
                prop_assert!((x.daily_load_factor - y.daily_load_factor).abs() < 1e-9);
                prop_assert!((x.annual_load_factor - y.annual_load_factor).abs() < 1e-9);
                prop_assert!((y.annual_mwh - k * x.annual_mwh).abs() < 1e-6 * y.annual_mwh.max(1.0));
            }
        }
    }

    #[test]
    fn coincidence_never_exceeds_one(mix in floor_mix()) {
        let f = fixture();
        prop_assume!(!mix.is_empty());
        let stats = load::mix_stats(&f.cal, &f.models, &mix);
        for (g, s) in &stats {
            prop_assert!(s.coincidence_factor > 0.0, "{g}");
            prop_assert!(s.coincidence_factor <= 1.0 + 1e-9, "{g}: {}", s.coincidence_factor);
            prop_assert!(s.coincident_peak_kw <= s.sum_of_design_peaks_kw * (1.0 + 1e-9));
        }
        if mix.len() == 1 {
            for s in stats.values() {
                prop_assert!((s.coincidence_factor - 1.0).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn parser_never_panics(text in "[ -~\n]{0,300}") {
        let lib = &fixture().lib;
        let _ = case::parse("fuzz.yaml", &text, lib);
    }

    #[test]
    fn parser_never_panics_on_mutated_cases(
        far in prop_oneof![Just("-1".to_string()), Just("1e400".to_string()), Just(".nan".to_string()),
                            Just("0".to_string()), "[0-9]{1,5}", Just("[]".to_string()), Just("~".to_string())],
        share in prop_oneof![Just("0".to_string()), Just("-0.5".to_string()), "[0-9.]{1,4}"],
        scale in prop_oneof![Just("0".to_string()), Just("-2".to_string()), "[0-9.]{1,4}"],
    ) {
        let text = format!(
            "name: m\ndistrict: {{ gross_area_ha: 5 }}\nalternatives:\n  - id: a\n    parcels:\n      - {{ id: p, site_area_ha: 1, far_pct: {far}, uses: {{ office: {share}, hotel: 0.5 }} }}\n  - id: b\n    from: a\n    scale: {scale}\n"
        );
        let lib = &fixture().lib;
        if let Ok(c) = case::parse("m.yaml", &text, lib) {
            for alt in &c.alternatives {
                let f = alt.floor_m2();
                prop_assert!(f.is_finite() && f >= 0.0);
            }
        }
    }
}
