//! A density sweep runs plain DHC plants from sums over the sorted reference loads
//! (`supply::dhc::scaled`) instead of hour by hour: the plant's whole year must equal the
//! hourly dispatch of the same step up to floating-point rounding, for the bundled plants and
//! for plants with heat pumps, several chiller groups and every dispatch rule.

use kukaku::case::{self, SourceMap};
use kukaku::library::Library;
use kukaku::pipeline::{self, sweep};
use kukaku::supply::data::EquipmentKind;
use kukaku::supply::dhc::{operate, operate_scaled, DhcOutcome};
use kukaku::supply::SystemSpec;

/// Relative agreement required of every figure (rounding of sums in another order).
const TOLERANCE: f64 = 1e-9;

fn close(what: &str, a: f64, b: f64) {
    // (relative, and 1e-9 absolute near zero: kWh, kW and m³ below that are rounding)
    let scale = a.abs().max(b.abs()).max(1.0);
    assert!(
        (a - b).abs() <= TOLERANCE * scale,
        "{what}: hourly {a} vs scaled {b}"
    );
}

fn same(ctx: &str, h: &DhcOutcome, s: &DhcOutcome) {
    let (hp, sp) = (&h.plant, &s.plant);
    for (what, a, b) in [
        ("electricity", &hp.electricity_kwh, &sp.electricity_kwh),
        ("gas", &hp.gas_nm3, &sp.gas_nm3),
    ] {
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{ctx}"
        );
        for (k, v) in a {
            close(&format!("{ctx} {what} {k}"), *v, b[k]);
        }
    }
    for (what, a, b) in [
        ("heat demand", hp.heat_demand_kwh, sp.heat_demand_kwh),
        ("rejected", hp.rejected_kwh, sp.rejected_kwh),
        (
            "peak electricity",
            hp.peak_electricity_kw,
            sp.peak_electricity_kw,
        ),
        ("peak gas", hp.peak_gas_nm3_per_h, sp.peak_gas_nm3_per_h),
        ("unmet", hp.unmet_kwh, sp.unmet_kwh),
        ("heat loss", h.heat_loss_kwh, s.heat_loss_kwh),
        ("cool gain", h.cool_gain_kwh, s.cool_gain_kwh),
        ("network pumps", h.network_pump_kwh, s.network_pump_kwh),
        (
            "cooling capacity",
            h.cooling_capacity_kw,
            s.cooling_capacity_kw,
        ),
        (
            "heating capacity",
            h.heating_capacity_kw,
            s.heating_capacity_kw,
        ),
        ("water", h.water_m3, s.water_m3),
        ("cf cooling", h.cf_cooling, s.cf_cooling),
        ("cf heat", h.cf_heat, s.cf_heat),
    ] {
        close(&format!("{ctx} {what}"), a, b);
    }
    assert_eq!(h.equipment.len(), s.equipment.len(), "{ctx}");
    for (a, b) in h.equipment.iter().zip(&s.equipment) {
        assert_eq!(a.equipment, b.equipment, "{ctx}");
        close(
            &format!("{ctx} {} capacity", a.equipment),
            a.capacity_kw,
            b.capacity_kw,
        );
        close(
            &format!("{ctx} {} output", a.equipment),
            a.output_mwh,
            b.output_mwh,
        );
    }
}

/// Compare the hourly and the scaled year of every DHC system of every alternative of a
/// case at several densities; returns how many plants ran on the scaled path and how many
/// plain plants needed the hours (steam beyond the boilers).
fn compare(path: &str, text: &str, fars_pct: &[f64]) -> (usize, usize) {
    let lib = Library::builtin().unwrap();
    let c = case::parse(path, text, &lib).unwrap();
    let map = SourceMap::new(path, text);
    let p = pipeline::prepare(&lib, &c, &map).unwrap();
    let (mut scaled_runs, mut fallbacks) = (0, 0);
    for alt in &c.alternatives {
        let reference = sweep::DensityReference::of(&p, alt);
        let profile = reference.connected.as_ref().expect("loads ≥ 0");
        for &far in fars_pct {
            let var = sweep::SweepVar::FarPct(vec![far]);
            let plan = sweep::variant(&p, alt, &var, far);
            let mut input = p.supply_input(&plan);
            let connected = kukaku::supply::connected_series(&input, &plan.floor_by_use_m2);
            input.density_step = Some(kukaku::supply::dhc::scaled::Scaled {
                profile,
                k: sweep::density_factor(alt, far),
            });
            for spec in p.specs(&alt.id) {
                let SystemSpec::Dhc(d) = spec else { continue };
                let d = d.for_basis(&lib.supply);
                let ctx = format!("{path} {} {} at {far} %", alt.id, d.id);
                let hourly = operate(&input, &d, &connected);
                let plain = d.chp.is_none()
                    && d.resolved_sources.is_empty()
                    && !d
                        .plant
                        .iter()
                        .any(|i| lib.supply.equipment[&i.equipment].kind == EquipmentKind::Storage);
                match operate_scaled(&input, &d, input.density_step.as_ref().unwrap()) {
                    Some(s) => {
                        assert!(plain, "{ctx}: ran scaled with storage, sources or CHP");
                        same(&ctx, &hourly, &s);
                        scaled_runs += 1;
                    }
                    // A plain plant leaves the hours only when its boilers fall short.
                    None if plain => {
                        assert!(hourly.plant.unmet_kwh > 0.0, "{ctx}: not run scaled");
                        fallbacks += 1;
                    }
                    None => {}
                }
            }
        }
    }
    (scaled_runs, fallbacks)
}

fn bundled(name: &str) -> (String, String) {
    let path = format!("{}/landuse_cases/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

#[test]
fn district_a_plants_agree_with_the_hourly_dispatch() {
    let (path, text) = bundled("district_a.yaml");
    let (n, fallbacks) = compare(&path, &text, &[35.0, 80.0, 150.0, 400.0, 1200.0]);
    // The ten plain plants of the five alternatives (all but `mixed/dhc_chp`) ran scaled at
    // every density.
    assert_eq!((n, fallbacks), (5 * 10, 0));
}

#[test]
fn heat_pumps_groups_and_dispatch_rules_agree() {
    for dispatch in ["electric_first", "absorption_first", "proportional"] {
        let text = format!(
            "\
name: Scaled dispatch
district:
  gross_area_ha: 12
alternatives:
  - id: mix
    parcels:
      - {{ id: a, floor_m2: 60000, use: office }}
      - {{ id: b, floor_m2: 25000, use: hotel }}
      - {{ id: c, floor_m2: 30000, use: housing }}
      - {{ id: d, floor_m2: 15000, use: retail }}
    systems:
      - id: dhc_hp
        kind: dhc
        dispatch: {dispatch}
        sizing: coincident_peak
        plant:
          - {{ equipment: heat_pump_dhc, serves: heating, share: 0.3 }}
          - {{ equipment: turbo_chiller_dhc, serves: cooling, share: 0.2 }}
"
        );
        let (n, fallbacks) = compare("scaled.yaml", &text, &[20.0, 100.0, 300.0]);
        assert_eq!((n, fallbacks), (3, 0), "{dispatch}");
    }
}

#[test]
fn boilers_short_of_steam_take_the_hours_and_the_sweep_agrees() {
    // A thin district on a long network: at low density the pipes' heat loss outgrows the
    // boilers' margin over the heat peak, so some hours' steam exceeds the boilers and the
    // plant must run hour by hour (the unmet steam needs the hours).
    let text = "\
name: Thin district
district:
  gross_area_ha: 200
alternatives:
  - id: thin
    parcels:
      - { id: a, floor_m2: 40000, use: office }
      - { id: b, floor_m2: 40000, use: housing }
    systems:
      - { id: dhc, kind: dhc }
";
    let (_, fallbacks) = compare("thin.yaml", text, &[0.5, 1.0, 2.0, 4.0]);
    assert!(fallbacks > 0, "no step fell back to the hours");
    // And a sweep step gives the same figures either way.
    let lib = Library::builtin().unwrap();
    let c = case::parse("thin.yaml", text, &lib).unwrap();
    let p = pipeline::prepare(&lib, &c, &SourceMap::new("thin.yaml", text)).unwrap();
    let alt = &c.alternatives[0];
    let reference = sweep::DensityReference::of(&p, alt);
    for far in [0.5, 1.0, 2.0, 4.0, 50.0] {
        let plan = sweep::variant(&p, alt, &sweep::SweepVar::FarPct(vec![far]), far);
        let hourly = sweep::evaluate_point(&p, &alt.id, &plan, far);
        let scaled = sweep::evaluate_point_with(
            &p,
            &alt.id,
            &plan,
            far,
            Some((&reference, sweep::density_factor(alt, far))),
        );
        let (h, s) = (&hourly.systems["dhc"], &scaled.systems["dhc"]);
        close(
            "price",
            h.heat_price_yen_per_mj.unwrap(),
            s.heat_price_yen_per_mj.unwrap(),
        );
        close("efficiency", h.energy_efficiency, s.energy_efficiency);
        close("co2", h.co2_t, s.co2_t);
    }
}
