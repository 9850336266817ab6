//! The energy plan inside the land-readjustment project (issue 16): the project timeline
//! drives the DHC take-up year by year, and District A with the study's build-up (50 % over
//! 15 years) given as a timeline reproduces the `dhc_buildup50` price; the 減歩 effect of the
//! project's infrastructure share against a hand calculation; plant site and connection
//! levers move price and CO2 the way their mechanisms say.

use kukaku::case;
use kukaku::library::Library;
use kukaku::report::{self, Report};
use kukaku::supply::SystemResult;

/// District A (the bundled case) with a `project:` section and extra DHC systems in the
/// `mixed` alternative (Case 2).
fn district_a_with(project: &str, systems: &str) -> Report {
    let lib = Library::builtin().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/landuse_cases/district_a.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let anchor = "        buildup: { takeup: 0.5 }\n";
    assert!(text.contains(anchor));
    let text = text
        .replacen(
            "\nalternatives:\n",
            &format!("\nproject:\n{project}\nalternatives:\n"),
            1,
        )
        .replacen(anchor, &format!("{anchor}{systems}"), 1);
    let c = case::parse(path, &text, &lib).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let map = case::SourceMap::new(path, &text);
    report::build(&lib, &c, &map).unwrap()
}

fn system<'a>(r: &'a Report, alt: &str, sys: &str) -> &'a SystemResult {
    r.alternatives
        .iter()
        .find(|a| a.id == alt)
        .unwrap()
        .systems
        .iter()
        .find(|s| s.id == sys)
        .unwrap()
}

fn price(r: &Report, sys: &str) -> f64 {
    system(r, "mixed", sys).heat_price_yen_per_mj.unwrap()
}

const MILESTONES: &str = "  milestones: { approval: 2024, provisional_replotting: 2026, use_start: 2029, replotting_disposition: 2034 }\n  supply_start: 2030\n";

/// Land figures (illustrative, user-given): 9.0 ha of 宅地 before, public land +1.5 ha,
/// 0.5 ha reserved land, ¥200,000/m² before and ¥300,000/m² after.
const LAND: &str = "  land: { pre_project_takuchi_m2: 90000, public_land_increase_m2: 15000, reserved_land_m2: 5000, price_before_yen_per_m2: 200000, price_after_yen_per_m2: 300000 }\n";

#[test]
fn timeline_reproduces_the_buildup_scenarios() {
    // The study's build-up: 50 % of the demand over the 15-year horizon. As a timeline:
    // every parcel half built from the supply start on (a flat build-out curve), all built
    // floor connected. Second pair: a ramp 10 % → 100 % over 10 years, as `buildup:` and as
    // a build-out curve from 10 % at the supply start to 100 % ten years later.
    let project = format!("{MILESTONES}  buildout:\n    default: [[2030, 0.5]]\n");
    let systems = "      - { id: dhc_timeline50, kind: dhc, name: timeline 50 %, project: {} }\n";
    let r = district_a_with(&project, systems);
    let (a, b) = (price(&r, "dhc_buildup50"), price(&r, "dhc_timeline50"));
    assert!((a / b - 1.0).abs() < 1e-9, "buildup50 {a} vs timeline {b}");
    let s = system(&r, "mixed", "dhc_timeline50");
    let path = s.price_path.as_ref().unwrap();
    assert_eq!(path.years.len(), 15);
    assert_eq!(path.years[0].year, 2030);
    assert!(path.years.iter().all(|y| (y.takeup - 0.5).abs() < 1e-12));
    // The build-up scenario carries the same path on supply years 1…15.
    let bu = system(&r, "mixed", "dhc_buildup50")
        .price_path
        .as_ref()
        .unwrap();
    assert_eq!(bu.years[0].year, 1);
    for (x, y) in bu.years.iter().zip(&path.years) {
        assert!(
            (x.cumulative_cash_kyen - y.cumulative_cash_kyen).abs()
                < 1e-6 * x.revenue_kyen.abs().max(1.0)
        );
    }

    let ramp = format!("{MILESTONES}  buildout:\n    default: [[2030, 0.1], [2040, 1.0]]\n");
    let systems = "      - { id: dhc_ramp, kind: dhc, name: ramp, buildup: { start: 0.1, end: 1.0, ramp_years: 10 } }\n      - { id: dhc_ramp_timeline, kind: dhc, name: ramp timeline, project: {} }\n";
    let r = district_a_with(&ramp, systems);
    let (a, b) = (price(&r, "dhc_ramp"), price(&r, "dhc_ramp_timeline"));
    assert!((a / b - 1.0).abs() < 1e-9, "ramp {a} vs timeline {b}");
    // Take-up rising → the cumulative cash turns positive within the horizon, and the
    // levelised price lies between the first and the last year's own cost per MJ.
    let path = system(&r, "mixed", "dhc_ramp_timeline")
        .price_path
        .as_ref()
        .unwrap();
    let p = path.levelised_price_yen_per_mj;
    assert!(
        path.years[0].annual_price_yen_per_mj > p && path.years[14].annual_price_yen_per_mj < p
    );
    let year = path
        .cash_positive_year
        .expect("cash-positive within 15 years");
    let i = (year - 2030) as usize;
    assert!(path.years[i].cumulative_cash_kyen >= 0.0);
    assert!(i == 0 || path.years[i - 1].cumulative_cash_kyen < 0.0);
}

#[test]
fn land_contribution_follows_the_hand_calculation() {
    // Hand calculation (land figures above):
    //   average contribution ratio r = (public increase + reserved) / pre-project 宅地
    //     = (15,000 + 5,000) / 90,000 = 0.222222…
    //   a project cost C (¥) needs C / 300,000 m² of extra reserved land and raises r by
    //     C / (300,000 × 90,000). For C = ¥450 M: 1,500 m², +0.016667 → r = 0.238889.
    let land = kukaku::project::LandSpec {
        pre_project_takuchi_m2: 90_000.0,
        public_land_increase_m2: 15_000.0,
        reserved_land_m2: 5_000.0,
        price_before_yen_per_m2: 200_000.0,
        price_after_yen_per_m2: 300_000.0,
    };
    let e = kukaku::project::land::land_effect(&land, 450_000.0);
    assert!((e.ratio_before - 20_000.0 / 90_000.0).abs() < 1e-12);
    assert!((e.extra_reserved_m2 - 1_500.0).abs() < 1e-9);
    assert!((e.ratio_increase - 1_500.0 / 90_000.0).abs() < 1e-12);
    assert!((e.ratio_after - 0.238_888_888_9).abs() < 1e-9);
    // Equal-value check (1 − r) × 300,000 / 200,000 = 0.761111 × 1.5 = 1.141667 ≥ 1.
    assert!((e.equal_value_after - 1.141_666_666_7).abs() < 1e-9);

    // In District A: the project pays the conduit (civil works of the network); the
    // system's result carries the same arithmetic on its own conduit cost, and the heat
    // price it saves equals the conduit's annuity + maintenance over the levelised sales.
    let project = format!("{MILESTONES}  buildout:\n    default: [[2030, 0.5]]\n{LAND}");
    let systems = "      - { id: dhc_conduit, kind: dhc, name: conduit by project, project: { infrastructure: { conduit: project } } }\n      - { id: dhc_operator, kind: dhc, name: operator pays, project: {} }\n";
    let r = district_a_with(&project, systems);
    let s = system(&r, "mixed", "dhc_conduit");
    let p = s.project.as_ref().unwrap();
    let c = p.infrastructure.conduit_kyen;
    assert!(c > 0.0);
    assert!((p.infrastructure.project_kyen - c).abs() < 1e-9);
    let l = p.land.as_ref().unwrap();
    let extra_m2 = c * 1000.0 / 300_000.0;
    assert!((l.extra_reserved_m2 - extra_m2).abs() < 1e-6);
    assert!((l.ratio_after - (20_000.0 + extra_m2) / 90_000.0).abs() < 1e-12);
    let saving = price(&r, "dhc_operator") - price(&r, "dhc_conduit");
    assert!((l.price_saving_yen_per_mj - saving).abs() < 1e-9);
    // Annuity 3 %/15 yr (0.083767) + 2 % maintenance on C, over Σv·τ·H / Σv at τ = 0.5.
    let heat = s.heat_sold_gj.unwrap();
    let expected = c * (kukaku::econ::capital_recovery_factor(0.03, 15.0) + 0.02) / (0.5 * heat);
    assert!(
        (saving / expected - 1.0).abs() < 1e-9,
        "saving {saving} vs {expected}"
    );
    // The trade-off table: operator / project conduit / project all, 減歩 rising as the
    // price falls.
    let t = &p.tradeoff;
    assert_eq!(t.len(), 3);
    assert!(
        t[0].price_yen_per_mj > t[1].price_yen_per_mj
            && t[1].price_yen_per_mj > t[2].price_yen_per_mj
    );
    assert!(
        t[0].contribution_ratio < t[1].contribution_ratio
            && t[1].contribution_ratio < t[2].contribution_ratio
    );
    assert!(t[1].chosen && !t[0].chosen);
}
