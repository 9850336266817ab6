//! Whole-run benchmarks (criterion, CPU time of the process: `support/cpu_time.rs`), issue
//! 17; README.md "Speed" records the results.
//!
//! Each runs on a one-thread rayon pool, as `kukaku … --jobs 1` does:
//!
//! * `run/district_b` and `run/waste_heat_hospital`: what `kukaku run CASE` does except
//!   writing the files — the built-in library, parsing, every alternative (households and
//!   the solar-cluster simulation, the container logistics), the report model, JSON, CSV
//!   tables and the English HTML pages (target < 0.5 s each).
//! * `check/100000_parcels`: what `kukaku check` does on a generated case of 100,000
//!   parcels (the case `tools/bench_parcels.sh` writes): parse, validate and build the use
//!   models (target, for `run`: < 1 s and < 200 MB).
//!
//! The sweep point is `sweep/far_alternative` in `benches/loads.rs`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
#[path = "support/cpu_time.rs"]
mod cpu_time;
use cpu_time::CpuTime;
use kukaku::case::{self, SourceMap};
use kukaku::i18n::Lang;
use kukaku::library::Library;
use kukaku::pipeline;
use kukaku::report::{self, write};
use std::fmt::Write;
use std::time::Duration;

fn one_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
}

/// `kukaku run PATH` without writing the files: the bytes of every file it would write.
fn whole_run(path: &str, text: &str) -> usize {
    let lib = Library::builtin().unwrap();
    let c = case::parse(path, text, &lib).unwrap();
    let map = SourceMap::new(path, text);
    let rep = report::build(&lib, &c, &map).unwrap();
    let json = write::json(&rep).unwrap();
    let csv = write::csv_tables(&rep).unwrap();
    let html = report::html_files(&rep, Lang::En).unwrap();
    json.len()
        + csv.iter().map(|(_, b)| b.len()).sum::<usize>()
        + html.iter().map(|(_, b)| b.len()).sum::<usize>()
}

fn bench_runs(c: &mut Criterion<CpuTime>) {
    let pool = one_thread();
    let mut g = c.benchmark_group("run");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    for name in ["district_b", "waste_heat_hospital"] {
        let path = format!("{}/landuse_cases/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        g.bench_function(name, |b| {
            b.iter(|| pool.install(|| black_box(whole_run(&path, &text))))
        });
    }
    g.finish();
}

/// The case `tools/bench_parcels.sh` generates: `n` parcels of 150 m² cycling through
/// office, retail, hotel and housing, individual and DHC systems, gross FAR about 300 %.
fn parcels_case_text(n: usize) -> String {
    let uses = ["office", "retail", "hotel", "housing"];
    let mut s = format!(
        "name: {n} parcels\ndistrict: {{ gross_area_ha: {} }}\nalternatives:\n  - id: base\n    systems: [{{ id: ind, kind: individual }}, {{ id: dhc, kind: dhc }}]\n    parcels:\n",
        n * 150 / 15000 / 2 + 1
    );
    for i in 0..n {
        writeln!(
            s,
            "      - {{ id: p{i}, floor_m2: 150, use: {} }}",
            uses[i % 4]
        )
        .unwrap();
    }
    s
}

fn bench_parcels(c: &mut Criterion<CpuTime>) {
    let pool = one_thread();
    let text = parcels_case_text(100_000);
    let path = "parcels_100000.yaml";
    let mut g = c.benchmark_group("check");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("100000_parcels", |b| {
        b.iter(|| {
            pool.install(|| {
                let lib = Library::builtin().unwrap();
                let c = case::parse(path, &text, &lib).unwrap();
                let map = SourceMap::new(path, &text);
                let p = pipeline::prepare(&lib, &c, &map).unwrap();
                black_box(p.case.alternatives[0].parcels.len())
            })
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = bench_runs, bench_parcels
}
criterion_main!(benches);
