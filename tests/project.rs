//! The energy plan inside the land-readjustment project (issue 16): the project timeline
//! drives the DHC take-up year by year, and District A with the study's build-up (50 % over
//! 15 years) given as a timeline reproduces the `dhc_buildup50` price; the 減歩 effect of the
//! project's infrastructure share against a hand calculation; plant site and connection
//! levers move price and CO2 the way their mechanisms say.

mod common;
use common::system;
use kukaku::case;
use kukaku::library::Library;
use kukaku::report::{self, Report};

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

#[test]
fn plant_site_costs_enter_the_price_and_reserved_land_is_a_project_sale() {
    // Half built throughout (τ = 0.5): a fixed annual cost A raises the levelised price by
    // A / (0.5 × heat sold). Reserved land 1,500 m² at the post-project ¥300,000/m²:
    // ¥450 M, interest 3 % → ¥13.5 M/yr; a lease of 1,500 m² at ¥3,000/m²·month → ¥54 M/yr.
    let project = format!("{MILESTONES}  buildout:\n    default: [[2030, 0.5]]\n{LAND}");
    let systems = "      - { id: dhc_plain, kind: dhc, name: plain, project: {} }
      - { id: dhc_reserved, kind: dhc, name: reserved, project: { plant_site: { kind: reserved_land, area_m2: 1500 } } }
      - { id: dhc_lease, kind: dhc, name: lease, project: { plant_site: { kind: lease_in_building, area_m2: 1500, rent_yen_per_m2_month: 3000 } } }
";
    let r = district_a_with(&project, systems);
    let heat = system(&r, "mixed", "dhc_plain").heat_sold_gj.unwrap();
    let base = price(&r, "dhc_plain");
    for (id, annual_kyen) in [("dhc_reserved", 13_500.0), ("dhc_lease", 54_000.0)] {
        let site = system(&r, "mixed", id)
            .project
            .as_ref()
            .unwrap()
            .plant_site
            .clone()
            .unwrap();
        assert!(
            (site.annual_kyen - annual_kyen).abs() < 1e-6,
            "{id} {}",
            site.annual_kyen
        );
        let rise = price(&r, id) - base;
        assert!(
            (rise - annual_kyen / (0.5 * heat)).abs() < 1e-9,
            "{id} rise {rise}"
        );
        assert!((site.price_share_yen_per_mj - rise).abs() < 1e-9);
    }
    let reserved = system(&r, "mixed", "dhc_reserved")
        .project
        .as_ref()
        .unwrap();
    let site = reserved.plant_site.as_ref().unwrap();
    assert!((site.reserved_land_sale_kyen - 450_000.0).abs() < 1e-6);
    assert!((site.reserved_land_share.unwrap() - 0.3).abs() < 1e-12);
}

#[test]
fn connection_levers_move_takeup_price_and_co2() {
    // Everything built from the supply start. Obliged half connects at once; the voluntary
    // half connects on the ramp: 60 % after 10 years (project.yaml, an assumption), linear:
    // τ_y = 0.5 + 0.5 × 0.6 × min(1, (y + 1) / 10).
    let project = format!("{MILESTONES}  buildout:\n    default: [[2030, 1.0]]\n");
    let systems = "      - { id: dhc_all, kind: dhc, name: all connect, project: {} }
      - { id: dhc_half, kind: dhc, name: half obliged, project: { connection: { obliged_share: 0.5, means: agreement } } }
      - { id: dhc_none, kind: dhc, name: voluntary, project: { connection: { obliged_share: 0 } } }
";
    let r = district_a_with(&project, systems);
    let half = system(&r, "mixed", "dhc_half");
    let path = half.price_path.as_ref().unwrap();
    for (y, row) in path.years.iter().enumerate() {
        let want = 0.5 + 0.5 * 0.6 * ((y as f64 + 1.0) / 10.0).min(1.0);
        assert!(
            (row.takeup - want).abs() < 1e-12,
            "year {y}: {} vs {want}",
            row.takeup
        );
    }
    // All connected equals the plain plant (no build-up) at full take-up.
    assert!((price(&r, "dhc_all") / price(&r, "dhc") - 1.0).abs() < 1e-9);
    assert!(price(&r, "dhc_all") < price(&r, "dhc_half"));
    assert!(price(&r, "dhc_half") < price(&r, "dhc_none"));
    let c = |id: &str| {
        system(&r, "mixed", id)
            .project
            .as_ref()
            .unwrap()
            .connection
            .clone()
    };
    assert!(c("dhc_all").co2_saving_t > c("dhc_half").co2_saving_t);
    assert!(c("dhc_half").co2_saving_t > c("dhc_none").co2_saving_t);
    assert!(
        c("dhc_none").co2_saving_t > 0.0,
        "the DHC emits less than building plants"
    );
    assert!((c("dhc_half").obliged_share - 0.5).abs() < 1e-12);
    // With all built, CO2 of the district = DHC on the connected share + building plants
    // on the rest; the saving is the gap times the average take-up.
    let all = c("dhc_all");
    let ind_minus_dhc = all.co2_saving_t / all.average_takeup;
    let h = c("dhc_half");
    assert!((h.co2_saving_t - ind_minus_dhc * h.average_takeup).abs() < 1e-6 * all.co2_saving_t);
}

#[test]
fn staged_units_follow_the_demand() {
    let project = format!("{MILESTONES}  buildout:\n    default: [[2030, 0.1], [2044, 1.0]]\n");
    let systems = "      - { id: dhc_once, kind: dhc, name: built at once, project: {} }
      - { id: dhc_staged, kind: dhc, name: staged, project: { staged: true } }
";
    let r = district_a_with(&project, systems);
    assert!(price(&r, "dhc_staged") < price(&r, "dhc_once"));
    let s = system(&r, "mixed", "dhc_staged");
    let p = s.project.as_ref().unwrap();
    let path = s.price_path.as_ref().unwrap();
    // The installed share never falls, never lags the take-up and reaches 1 at full take-up.
    for (w, y) in p.plant_stage.windows(2).zip(&path.years[1..]) {
        assert!(w[1] >= w[0]);
        assert!(w[1] + 1e-12 >= y.takeup);
    }
    assert!((p.plant_stage.last().unwrap() - 1.0).abs() < 1e-12);
    // Capital spent over the horizon = network + the whole plant.
    let capex: f64 = path.years.iter().map(|y| y.capex_kyen).sum();
    let plant: f64 = s.equipment.iter().map(|e| e.cost_kyen).sum();
    let net = s.network.as_ref().unwrap();
    assert!((capex - plant - net.civil_kyen - net.pipe_kyen).abs() < 1e-6 * capex);
}

#[test]
fn bad_project_input_is_located() {
    let lib = Library::builtin().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/landuse_cases/district_a.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let with = |project: &str, system: &str| {
        let t = text
            .replacen(
                "\nalternatives:\n",
                &format!("\nproject:\n{project}\nalternatives:\n"),
                1,
            )
            .replacen(
                "        buildup: { takeup: 0.5 }\n",
                &format!("        buildup: {{ takeup: 0.5 }}\n{system}"),
                1,
            );
        let map = case::SourceMap::new("case.yaml", &t);
        case::parse("case.yaml", &t, &lib)
            .and_then(|c| kukaku::pipeline::prepare(&lib, &c, &map).map(|_| ()))
            .unwrap_err()
            .to_string()
    };
    let ok_sys = "      - { id: p, kind: dhc, project: {} }\n";
    let cases = [
        (
            with(&MILESTONES.replace("use_start: 2029", "use_start: 2020"), ok_sys),
            vec!["case.yaml:", "project.milestones.use_start", "仮換地指定"],
        ),
        (
            with(&format!("{MILESTONES}  buildout:\n    default: [[2030, 1.5]]\n"), ok_sys),
            vec!["project.buildout.default[0]", "[0, 1]"],
        ),
        (
            with(&format!("{MILESTONES}  buildout:\n    by_use: {{ ofice: [[2030, 1]] }}\n"), ok_sys),
            vec!["project.buildout.by_use.ofice", "ofice"],
        ),
        (
            with(MILESTONES, "      - { id: p, kind: dhc, project: { plant_site: { kind: reserved_land, area_m2: 100 } } }\n"),
            vec!["systems[4].project.plant_site.land_price_yen_per_m2", "project.land"],
        ),
        (
            with(MILESTONES, "      - { id: p, kind: dhc, project: { infrastructure: { subsidy: toshi_saisei } } }\n"),
            vec!["project.infrastructure.subsidy", "did you mean `toshi_saisei_seibi`"],
        ),
        (
            with(MILESTONES, "      - { id: p, kind: dhc, buildup: { takeup: 0.5 }, project: {} }\n"),
            vec!["systems[4].project", "not both"],
        ),
        (
            with(MILESTONES, "      - { id: p, kind: dhc, project: { staged: yes_please } }\n"),
            vec!["systems[4].project.staged"],
        ),
    ];
    for (err, want) in cases {
        for w in want {
            assert!(err.contains(w), "`{w}` missing from: {err}");
        }
    }
}

#[test]
fn bundled_example_reports_the_path_and_the_tradeoff() {
    // landuse_cases/district_a_project.yaml: the report section, in both languages, shows
    // the same numbers as the model (report.json): the trade-off's extra reserved land and
    // the year-by-year path of the first project system.
    let lib = Library::builtin().unwrap();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/landuse_cases/district_a_project.yaml"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let c = case::parse(path, &text, &lib).unwrap();
    let r = report::build(&lib, &c, &case::SourceMap::new(path, &text)).unwrap();
    let s = system(&r, "mixed", "dhc_project");
    let p = s.project.as_ref().unwrap();
    let pp = s.price_path.as_ref().unwrap();
    assert_eq!(pp.years[0].year, 2031);
    // Connection by sale conditions beats voluntary take-up on price and CO2.
    let vol = system(&r, "mixed", "dhc_project_voluntary");
    assert!(s.heat_price_yen_per_mj < vol.heat_price_yen_per_mj);
    assert!(p.connection.co2_saving_t > vol.project.as_ref().unwrap().connection.co2_saving_t);
    for lang in [kukaku::i18n::Lang::En, kukaku::i18n::Lang::Ja] {
        let files = report::html::html_files(&r, lang).unwrap();
        let (_, page) = files.iter().find(|(n, _)| n == "alt-mixed.html").unwrap();
        let page = String::from_utf8_lossy(page);
        assert!(page.contains("id=\"project\""));
        assert!(page.contains("id=\"fig-project-price\""));
        let extra = kukaku::format::num(p.tradeoff[1].extra_reserved_m2, 0);
        let tradeoff = &page[page.find("tbl-project-tradeoff").unwrap()..];
        assert!(tradeoff.contains(&format!("data-col=\"extra_reserved_m2\">{extra}<")));
        let cum = kukaku::format::signed(pp.years[14].cumulative_cash_kyen / 1000.0, 0);
        assert!(page.contains(&format!("data-col=\"cumulative_myen\">{cum}<")));
        let (_, cmp) = files.iter().find(|(n, _)| n == "comparison.html").unwrap();
        assert!(String::from_utf8_lossy(cmp).contains("tbl-cmp-project"));
    }
}
