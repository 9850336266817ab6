//! Regional tariffs and factor sets (issue 11): a case takes its utility area's factor set and
//! tariffs from its region by default, an `area:` (area, prefecture or city) or `tariffs:`
//! in the case overrides them, and every area names a factor set and a tariff set that exist.

use kukaku::case;
use kukaku::library::Library;
use kukaku::pipeline::{self, Prepared};

fn prepared<'a>(lib: &'a Library, c: &'a case::Case, text: &str) -> Prepared<'a> {
    let map = case::SourceMap::new(&c.path, text);
    pipeline::prepare(lib, c, &map).unwrap()
}

const SENDAI: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/landuse_cases/sendai_station.yaml"
);

fn sendai_text() -> String {
    std::fs::read_to_string(SENDAI).unwrap()
}

/// The Sendai case with its `area:` line replaced by `area_line` and `extra` appended at the
/// top level.
fn variant(area_line: &str, extra: &str) -> String {
    sendai_text().replace("area: sendai\n", &format!("{area_line}{extra}"))
}

#[test]
fn every_area_names_existing_sets_and_every_region_an_area() {
    let lib = Library::builtin().unwrap();
    let d = &lib.supply;
    assert_eq!(d.areas.len(), 10, "the ten electricity utility areas");
    for (id, a) in &d.areas {
        assert!(
            d.factor_sets.contains_key(&a.factor_set),
            "{id}: {}",
            a.factor_set
        );
        assert!(
            d.tariff_sets.contains_key(&a.tariff_set),
            "{id}: {}",
            a.tariff_set
        );
    }
    for region in lib.regions.keys() {
        let area = &d.region_areas.value[region];
        assert!(d.areas.contains_key(area), "{region} → {area}");
    }
}

#[test]
fn sendai_case_uses_tohoku_factors_and_tariffs_by_default() {
    let lib = Library::builtin().unwrap();
    // By the region alone (no `area:`) and by the city.
    for text in [variant("", ""), sendai_text()] {
        let c = case::parse(SENDAI, &text, &lib).unwrap();
        let p = prepared(&lib, &c, &text);
        assert_eq!(p.area, "tohoku");
        assert_eq!(p.factor_set, "tohoku_area");
        assert_eq!(p.tariff_set, lib.supply.areas["tohoku"].tariff_set);
        let f = p.factors();
        assert!(
            (f.electricity_kg_co2_per_kwh.value
                - lib.supply.factor_sets["tohoku_area"]
                    .electricity_kg_co2_per_kwh
                    .value)
                .abs()
                < 1e-12
        );
        // Not the year-2000 Tokyo grid factor of the study.
        assert!(
            (f.electricity_kg_co2_per_kwh.value
                - lib.supply.factor_sets["district_a"]
                    .electricity_kg_co2_per_kwh
                    .value)
                .abs()
                > 0.01
        );
    }
}

#[test]
fn area_by_prefecture_and_overrides() {
    let lib = Library::builtin().unwrap();
    // A prefecture chooses its area whatever the load region.
    let text = variant("area: fukuoka\n", "");
    let c = case::parse(SENDAI, &text, &lib).unwrap();
    let p = prepared(&lib, &c, &text);
    assert_eq!(p.area, "kyushu");
    assert_eq!(p.factor_set, "kyushu_area");
    // A named factor set and tariff set win; single rates override the set.
    let text = variant(
        "factor_set: district_a\n",
        "tariffs:\n  set: study_fy2008\n  dhc_gas: { energy_yen_per_nm3: 90 }\n",
    );
    let c = case::parse(SENDAI, &text, &lib).unwrap();
    let p = prepared(&lib, &c, &text);
    assert_eq!(p.area, "tohoku");
    assert_eq!(p.factor_set, "district_a");
    assert_eq!(p.tariff_set, "study_fy2008");
    let study = &lib.supply.tariff_sets["study_fy2008"];
    assert_eq!(p.tariffs.dhc_gas.energy_yen_per_nm3.value, 90.0);
    assert!(p
        .tariffs
        .dhc_gas
        .energy_yen_per_nm3
        .source
        .contains("case file"));
    assert_eq!(
        p.tariffs.dhc_electricity.energy_yen_per_kwh.value,
        study.dhc_electricity.energy_yen_per_kwh.value
    );
}

#[test]
fn tariff_override_changes_the_dhc_price_the_right_way() {
    let lib = Library::builtin().unwrap();
    let price = |text: &str| {
        let c = case::parse(SENDAI, text, &lib).unwrap();
        let p = prepared(&lib, &c, text);
        let r = pipeline::run(&p).unwrap();
        let a = &r.alternatives[0];
        a.systems
            .iter()
            .find(|s| s.id == "dhc")
            .and_then(|s| s.heat_price_yen_per_mj)
            .unwrap()
    };
    let base = price(&sendai_text());
    let dearer = price(&variant(
        "area: sendai\n",
        "tariffs:\n  dhc_gas: { energy_yen_per_nm3: 200 }\n",
    ));
    assert!(dearer > base, "{dearer} vs {base}");
}

#[test]
fn unknown_area_and_tariff_set_are_input_errors_with_position() {
    let lib = Library::builtin().unwrap();
    for (text, field) in [
        (variant("area: atlantis\n", ""), "area"),
        (variant("", "tariffs:\n  set: nowhere\n"), "tariffs.set"),
    ] {
        let c = case::parse(SENDAI, &text, &lib).unwrap();
        let map = case::SourceMap::new(SENDAI, &text);
        let e = pipeline::prepare(&lib, &c, &map).err().expect("an error");
        let msg = e.to_string();
        assert!(msg.contains(field), "{msg}");
        assert!(msg.contains("sendai_station.yaml"), "{msg}");
    }
}

#[test]
fn legal_checks_are_informative_with_their_law() {
    let lib = Library::builtin().unwrap();
    let text = sendai_text();
    let c = case::parse(SENDAI, &text, &lib).unwrap();
    let p = prepared(&lib, &c, &text);
    let r = pipeline::run(&p).unwrap();
    let checks = &r.alternatives[0].viability.checks;
    let v = &lib.supply.viability;
    let act = checks.iter().find(|c| c.key == "heat_supply_act").unwrap();
    assert!(act.informative && act.pass, "never a failure");
    // 115,200 m² supplied in several buildings: the plant is above 21 GJ/h.
    assert_eq!(
        act.applies,
        Some(act.value >= v.heat_supply_act_gj_per_h.value)
    );
    assert!(act.source.contains("熱供給事業法施行令"));
    let eca = checks
        .iter()
        .find(|c| c.key == "energy_conservation_act")
        .unwrap();
    assert!(eca.informative);
    assert_eq!(eca.threshold, 1500.0);
    assert_eq!(eca.applies, Some(eca.value >= 1500.0));
    // The study's minimum scale is a threshold check (5 ha, 50,000 m²): met here.
    for key in ["min_scale_area", "min_scale_floor"] {
        let c = checks.iter().find(|c| c.key == key).unwrap();
        assert!(!c.informative && c.pass, "{key}");
    }
    // Below 100 % gross FAR the study's threshold check is not met.
    let far = checks.iter().find(|c| c.key == "gross_far").unwrap();
    assert!(!far.pass);
}
