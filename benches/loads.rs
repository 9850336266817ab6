//! Speed benchmarks (criterion, CPU time of the process: `support/cpu_time.rs`): README.md
//! "Speed" records the results.
//!
//! * `loads/district_a`: hourly loads (8760 h × 4 carriers) and metrics of every
//!   alternative of the bundled district A (foundation issue target < 5 ms).
//! * `loads/10000_parcels`: the same for a synthetic district of 10,000 parcels with mixed
//!   uses (target < 50 ms): floor is aggregated per use, so the cost hardly grows with the
//!   parcel count.
//! * `sweep/far_alternative`: one sweep point of district A's `mixed` alternative — scaled
//!   loads, individual plants and the DHC plant dispatched hour by hour with all its
//!   economic scenarios (target ≥ 1,000 alternatives per second per core).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
#[path = "support/cpu_time.rs"]
mod cpu_time;
use cpu_time::CpuTime;
use kukaku::case::{self, SourceMap};
use kukaku::library::Library;
use kukaku::load;
use kukaku::pipeline;
use kukaku::pipeline::sweep::{self, SweepVar};
use std::fmt::Write;

fn district_a_text() -> (String, String) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/landuse_cases/district_a.yaml");
    (path.to_string(), std::fs::read_to_string(path).unwrap())
}

/// A case with `n` parcels cycling through the built-in uses on site-area × FAR parcels.
fn synthetic_case_text(n: usize) -> String {
    let uses = [
        "office", "retail", "hotel", "hospital", "care", "sports", "housing",
    ];
    let mut s = String::from(
        "name: synthetic\ndistrict: { gross_area_ha: 500 }\nalternatives:\n  - id: big\n    parcels:\n",
    );
    for i in 0..n {
        let u = uses[i % uses.len()];
        let far = 200 + (i % 5) * 100;
        writeln!(
            s,
            "      - {{ id: p{i}, site_area_m2: {}, far_pct: {far}, use: {u} }}",
            500 + (i % 7) * 100
        )
        .unwrap();
    }
    s
}

fn bench_loads(c: &mut Criterion<CpuTime>) {
    let lib = Library::builtin().unwrap();
    let (path, text) = district_a_text();
    let case_a = case::parse(&path, &text, &lib).unwrap();
    let map_a = SourceMap::new(&path, &text);
    let prepared_a = pipeline::prepare(&lib, &case_a, &map_a).unwrap();
    c.bench_function("loads/district_a", |b| {
        b.iter(|| {
            for alt in &case_a.alternatives {
                let loads = load::aggregate(&prepared_a.models, &alt.floor_by_use_m2());
                black_box(load::load_metrics(
                    &prepared_a.calendar,
                    &prepared_a.models,
                    &loads,
                ));
            }
        })
    });

    let big_text = synthetic_case_text(10_000);
    let case_big = case::parse("synthetic.yaml", &big_text, &lib).unwrap();
    let map_big = SourceMap::new("synthetic.yaml", &big_text);
    let prepared_big = pipeline::prepare(&lib, &case_big, &map_big).unwrap();
    let alt = &case_big.alternatives[0];
    assert_eq!(alt.parcels.len(), 10_000);
    c.bench_function("loads/10000_parcels", |b| {
        b.iter(|| {
            let loads = load::aggregate(&prepared_big.models, &alt.floor_by_use_m2());
            black_box(load::load_metrics(
                &prepared_big.calendar,
                &prepared_big.models,
                &loads,
            ))
        })
    });
}

fn bench_sweep(c: &mut Criterion<CpuTime>) {
    let lib = Library::builtin().unwrap();
    let (path, text) = district_a_text();
    let case_a = case::parse(&path, &text, &lib).unwrap();
    let map_a = SourceMap::new(&path, &text);
    let prepared = pipeline::prepare(&lib, &case_a, &map_a).unwrap();
    // One step of a density sweep of each alternative: `base` (the issue-17 measurement:
    // building plants and DHC on both bases), `dense` (two systems) and `mixed` (eight,
    // with the hourly CHP system).
    let mut g = c.benchmark_group("sweep");
    for id in ["base", "dense", "mixed"] {
        let alt = case_a.alternatives.iter().find(|a| a.id == id).unwrap();
        let far = SweepVar::FarPct(vec![150.0]);
        // As `sweep::run_alternative` does: the reference of a density sweep (coincidence
        // factors, sorted connected loads) is computed once.
        let reference = sweep::DensityReference::of(&prepared, alt);
        let mut x = 50.0;
        g.bench_function(format!("far_step_{id}"), |b| {
            b.iter(|| {
                // A new density every iteration, as in a real sweep.
                x = if x > 400.0 { 50.0 } else { x + 10.0 };
                let v = sweep::variant(&prepared, alt, &far, x);
                black_box(sweep::evaluate_point_with(
                    &prepared,
                    &alt.id,
                    &v,
                    x,
                    Some((&reference, sweep::density_factor(alt, x))),
                ))
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = bench_loads, bench_sweep
}
criterion_main!(benches);
