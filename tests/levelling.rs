//! The levelling mechanism of issue 10: a mix whose uses peak at different hours has a
//! lower coincidence factor, so its DHC plant is smaller and cheaper and its heat price
//! lower; the report shows the capacity saving against the sum of the uses' own peaks.
//! The two alternatives below have identical floors, intensities and sizing maxima; only
//! the hour of one use's cooling differs (a user use `like: office` with its cooling day
//! shape moved eight hours later), so every difference comes from the timing.

use kukaku::case;
use kukaku::library::Library;
use kukaku::pipeline;
use kukaku::supply::SystemResult;

/// Rotate a 24-value day shape `by` hours later.
fn later(day: &[f64], by: usize) -> Vec<f64> {
    (0..24).map(|h| day[(h + 24 - by) % 24]).collect()
}

fn case_text(lib: &Library) -> String {
    let office = &lib.profiles.uses["office"]["cooling"];
    let d = &office.days[0];
    let fmt = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let monthly = fmt(&office.monthly);
    let shape = |by: usize| {
        format!(
            "{{ design_month: {}, monthly: [{monthly}], days: [ {{ season: all, weekday: [{}], saturday: [{}], holiday: [{}] }} ] }}",
            office.design_month,
            fmt(&later(&d.weekday, by)),
            fmt(&later(&d.saturday, by)),
            fmt(&later(&d.holiday, by))
        )
    };
    format!(
        "name: levelling\ndistrict: {{ gross_area_ha: 10 }}\nuses:\n  twin:\n    like: office\n    shapes: {{ cooling: {} }}\n  late:\n    like: office\n    shapes: {{ cooling: {} }}\nalternatives:\n  - id: same_hours\n    parcels:\n      - {{ id: a, floor_m2: 80000, use: office }}\n      - {{ id: b, floor_m2: 80000, use: twin }}\n    systems: [ {{ id: dhc, kind: dhc }} ]\n  - id: shifted\n    parcels:\n      - {{ id: a, floor_m2: 80000, use: office }}\n      - {{ id: b, floor_m2: 80000, use: late }}\n    systems: [ {{ id: dhc, kind: dhc }} ]\n",
        shape(0),
        shape(8)
    )
}

fn dhc<'a>(r: &'a pipeline::CaseResult, alt: &str) -> (&'a SystemResult, f64) {
    let a = r.alternatives.iter().find(|a| a.id == alt).unwrap();
    let s = a.systems.iter().find(|s| s.id == "dhc").unwrap();
    (
        s,
        a.loads[kukaku::carrier::Carrier::Cooling].coincidence_factor,
    )
}

#[test]
fn lower_coincidence_gives_a_smaller_cheaper_plant_and_cheaper_heat() {
    let lib = Library::builtin().unwrap();
    let text = case_text(&lib);
    let path = "levelling.yaml";
    let c = case::parse(path, &text, &lib).unwrap();
    let map = case::SourceMap::new(path, &text);
    let p = pipeline::prepare(&lib, &c, &map).unwrap();
    let r = pipeline::run(&p).unwrap();
    let (same, cf_same) = dhc(&r, "same_hours");
    let (shifted, cf_shifted) = dhc(&r, "shifted");
    // Same hours: no cooling diversity; moved hours: clearly less.
    assert!(cf_same > 0.999, "{cf_same}");
    assert!(cf_shifted < 0.9, "{cf_shifted}");
    let cooling = |s: &SystemResult| -> f64 {
        s.equipment
            .iter()
            .filter(|e| e.role == "cooling")
            .map(|e| e.capacity_kw)
            .sum()
    };
    // The plant follows the coincident design peak: CF × Σ sizing maxima × margin.
    let ratio = cooling(shifted) / cooling(same);
    assert!((ratio - cf_shifted / cf_same).abs() < 0.02, "{ratio} vs CF");
    // … so it costs less to build and its heat is cheaper; the energy bills barely move.
    let build = |s: &SystemResult| s.construction_cost_kyen.unwrap();
    assert!(build(shifted) < build(same));
    let price = |s: &SystemResult| s.heat_price_yen_per_mj.unwrap();
    assert!(price(shifted) < price(same));
    // The report shows the saving against the sum of the uses' own peaks.
    let (ls, lh) = (
        same.levelling.as_ref().unwrap(),
        shifted.levelling.as_ref().unwrap(),
    );
    assert!(ls.capacity_saving.abs() < 0.02, "{}", ls.capacity_saving);
    assert!(lh.capacity_saving > 0.05, "{}", lh.capacity_saving);
    assert!(lh.plant_cost_kyen < lh.plant_cost_unlevelled_kyen);
    assert!(lh.price_saving > 0.0 && lh.price_yen_per_mj < lh.price_unlevelled_yen_per_mj);
    // The levelling finding is on the page, beside the study's rule of thumb.
    let a = r.alternatives.iter().find(|a| a.id == "shifted").unwrap();
    assert!(
        a.findings
            .iter()
            .any(|f| f.starts_with("Levelling:") && f.contains("CF 80 %")),
        "{:?}",
        a.findings
    );
}
