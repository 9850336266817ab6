//! The Report model (exactly what `report.json` serializes and the HTML templates read),
//! plus the writers. The model assembles what the pipeline computed ([`crate::pipeline`])
//! with the case information, the assumptions appendix and the benchmarks; building it is a
//! pure function of the case and the library.

pub use crate::pipeline::compare;
pub mod districts;
pub use crate::format;
pub mod html;
pub mod svg;
pub mod view;
pub mod write;

pub use html::html_files;

use crate::carrier::Carrier;
use crate::case::{Case, SourceMap};
use crate::error::Result;
use crate::library::Library;
use crate::pipeline::Prepared;
pub use crate::pipeline::{alternative::Sensitivity, AlternativeResult};
use serde::Serialize;
use std::collections::BTreeMap;

/// JSON schema id (CONTRACT.md).
pub const SCHEMA: &str = "kukaku.report/1";

/// A default or override used in the run, for the assumptions appendix.
#[derive(Debug, Clone, Serialize)]
pub struct Assumption {
    /// Topic (e.g. `intensity`, `region`).
    pub group: String,
    /// What it is.
    pub item: String,
    /// Value as printed.
    pub value: String,
    /// Unit.
    pub unit: String,
    /// Source.
    pub source: String,
    /// True when the case file overrode the library default.
    pub overridden: bool,
}

/// Case-level information.
#[derive(Debug, Clone, Serialize)]
pub struct CaseInfo {
    /// Case name.
    pub name: String,
    /// Japanese name.
    pub name_ja: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Region id.
    pub region: String,
    /// Region label.
    pub region_label: String,
    /// Region label in Japanese.
    pub region_label_ja: String,
    /// Factor set id.
    pub factor_set: String,
    /// Intensity dataset id.
    pub dataset: String,
    /// Calendar year of the reference year.
    pub calendar_year: i32,
    /// Base alternative for comparisons.
    pub base: String,
    /// Case file as given.
    pub file: String,
}

pub use crate::assess::{Grade, Rating};

/// Labels of a use in both report languages.
#[derive(Debug, Clone, Serialize)]
pub struct UseLabel {
    /// English label.
    pub en: String,
    /// Japanese label.
    pub ja: String,
}

/// A value the case file set in place of a library default.
#[derive(Debug, Clone, Serialize)]
pub struct CaseOverride {
    /// Field path in the case file.
    pub field: String,
    /// Value the case file gave.
    pub value: String,
    /// Library default it replaced.
    pub default: String,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Schema id.
    pub schema: &'static str,
    /// Case info.
    pub case: CaseInfo,
    /// Alternatives in file order.
    pub alternatives: Vec<AlternativeResult>,
    /// Defaults and overrides used.
    pub assumptions: Vec<Assumption>,
    /// Values the case file overrode (field, value, default).
    pub case_overrides: Vec<CaseOverride>,
    /// Labels of every use that appears, by use id.
    pub use_labels: BTreeMap<String, UseLabel>,
    /// Every alternative against the base alternative (`case.base`).
    pub comparison: compare::Comparison,
    /// Real DHC districts and the threshold lines of the viability scatter.
    pub benchmarks: districts::Benchmarks,
}

/// Source text of a default the case file may override: the case file and field when it
/// does (with the default it replaced), else the default's own source.
fn overridden_source(
    overridden: bool,
    file: &str,
    field: &str,
    default: f64,
    source: &str,
) -> String {
    if overridden {
        format!("{file}: `{field}` (default {default}: {source})")
    } else {
        source.to_string()
    }
}

/// Assumptions of the load stage: dataset rows, regional coefficients, floor rule.
pub fn load_assumptions(p: &Prepared) -> Vec<Assumption> {
    let mut out = vec![];
    let lib = p.lib;
    let case = p.case;
    let used: std::collections::BTreeSet<String> = case
        .alternatives
        .iter()
        .flat_map(|a| {
            a.floor_by_use_m2()
                .into_keys()
                .chain(a.external_floor_by_use_m2().into_keys())
        })
        .collect();
    for u in &used {
        let Some(m) = p.models.get(u) else { continue };
        for c in Carrier::ALL {
            out.push(Assumption {
                group: "intensity".into(),
                item: format!("{} — {} annual energy", m.label_en, c.label_en()),
                value: format!("{:.1}", m.annual_kwh_per_m2[c.index()]),
                unit: "kWh/m²·yr".into(),
                source: m.source.clone(),
                overridden: case.raw.uses.contains_key(u),
            });
            out.push(Assumption {
                group: "intensity".into(),
                item: format!("{} — {} sizing maximum", m.label_en, c.label_en()),
                value: format!("{:.1}", m.sizing_w_per_m2[c.index()]),
                unit: "W/m²".into(),
                source: m.source.clone(),
                overridden: case.raw.uses.contains_key(u),
            });
        }
    }
    if let Some((id, r)) = lib.region(&case.region) {
        for (item, v) in [
            ("peak cooling", r.peak_cooling),
            ("peak heating", r.peak_heating),
            ("annual cooling", r.annual_cooling),
            ("annual heating", r.annual_heating),
        ] {
            out.push(Assumption {
                group: "region".into(),
                item: format!("{} ({id}) — {item} coefficient", r.label_en),
                value: format!("{v}"),
                unit: "×".into(),
                source: r.source.clone(),
                overridden: case.raw.region.is_some(),
            });
        }
    }
    let cov = case.raw.district.coverage;
    let bo = case.raw.district.buildout;
    out.push(Assumption {
        group: "floor rule".into(),
        item: "building coverage of the usable site".into(),
        value: format!("{}", cov.unwrap_or(lib.floor_rule.coverage.value)),
        unit: "fraction".into(),
        source: overridden_source(
            cov.is_some(),
            &case.path,
            "district.coverage",
            lib.floor_rule.coverage.value,
            &lib.floor_rule.coverage.source,
        ),
        overridden: cov.is_some(),
    });
    out.push(Assumption {
        group: "floor rule".into(),
        item: "build-out yield (share of designated FAR taken up)".into(),
        value: format!("{}", bo.unwrap_or(lib.floor_rule.buildout.value)),
        unit: "fraction".into(),
        source: overridden_source(
            bo.is_some(),
            &case.path,
            "district.buildout",
            lib.floor_rule.buildout.value,
            &lib.floor_rule.buildout.source,
        ),
        overridden: bo.is_some(),
    });
    out.push(Assumption {
        group: "calendar".into(),
        item: "reference year (day types, Japanese holidays; 29 Dec – 3 Jan as holidays)".into(),
        value: format!(
            "{}{}",
            case.calendar_year,
            if case.year_end_break {
                ""
            } else {
                " (no year-end break)"
            }
        ),
        unit: "".into(),
        source: "Act on National Holidays; loads.md §6 (Japanese working pattern)".into(),
        overridden: case.raw.calendar.is_some(),
    });
    let ds = &lib.datasets[&case.dataset];
    out.push(Assumption {
        group: "intensity".into(),
        item: format!("dataset `{}`", case.dataset),
        value: ds.title.clone(),
        unit: "".into(),
        source: ds.source.clone(),
        overridden: case.raw.dataset.is_some(),
    });
    out
}

/// Build the full report model of a case: prepare it, run the pipeline, assemble.
pub fn build(lib: &Library, case: &Case, map: &SourceMap) -> Result<Report> {
    let p = crate::pipeline::prepare(lib, case, map)?;
    let crate::pipeline::CaseResult {
        alternatives,
        comparison,
    } = crate::pipeline::run(&p)?;
    let (region_label, region_label_ja) = lib
        .region(&case.region)
        .map(|(_, r)| (r.label_en.clone(), r.label_ja.clone()))
        .unwrap_or_default();
    let mut use_labels = BTreeMap::new();
    for a in &alternatives {
        for u in a
            .floor_by_use_m2
            .keys()
            .chain(a.external_floor_by_use_m2.keys())
        {
            if let Some(m) = p.models.get(u) {
                use_labels.insert(
                    u.clone(),
                    UseLabel {
                        en: m.label_en.clone(),
                        ja: m.label_ja.clone(),
                    },
                );
            }
        }
    }
    let (source, real) = districts::districts().map_err(crate::error::Error::Runtime)?;
    let bands = &lib.supply.viability.bands;
    let benchmarks = districts::Benchmarks {
        source,
        districts: real,
        thresholds: districts::Thresholds {
            gross_far: lib.supply.viability.min_gross_far.value,
            efficiency_good: bands.efficiency_good.value,
            efficiency_standard: bands.efficiency_standard.value,
            price_good_yen_per_mj: bands.price_good.value,
            price_standard_yen_per_mj: bands.price_standard.value,
        },
    };
    Ok(Report {
        schema: SCHEMA,
        case: CaseInfo {
            name: case.raw.name.clone(),
            name_ja: case.raw.name_ja.clone(),
            description: case.raw.description.clone(),
            region: case.region.clone(),
            region_label,
            region_label_ja,
            factor_set: p.factor_set.clone(),
            dataset: case.dataset.clone(),
            calendar_year: case.calendar_year,
            base: case.base.clone(),
            file: case.path.clone(),
        },
        alternatives,
        assumptions: load_assumptions(&p)
            .into_iter()
            .chain(supply_assumptions(&p))
            .chain(housing_assumptions(&p))
            .collect(),
        case_overrides: case
            .overrides
            .iter()
            .map(|(field, value, default)| CaseOverride {
                field: field.clone(),
                value: value.clone(),
                default: default.clone(),
            })
            .collect(),
        use_labels,
        comparison,
        benchmarks,
    })
}

/// Assumptions of the housing / solar-cluster stage (only when some alternative has a
/// `solar_cluster` system): every sourced number of housing.yaml plus case overrides.
pub fn housing_assumptions(p: &Prepared) -> Vec<Assumption> {
    let clusters: Vec<(&String, &crate::supply::cluster::SolarClusterSpec)> = p
        .systems
        .iter()
        .flat_map(|(a, l)| l.iter().map(move |s| (a, s)))
        .filter_map(|(a, s)| match s {
            crate::supply::SystemSpec::SolarCluster(c) => Some((a, c)),
            _ => None,
        })
        .collect();
    if clusters.is_empty() {
        return vec![];
    }
    let d = &p.lib.housing;
    let mut out: Vec<Assumption> = d
        .assumptions()
        .into_iter()
        .map(|(group, item, value, unit, source)| Assumption {
            group,
            item,
            value,
            unit,
            source,
            overridden: false,
        })
        .collect();
    for (alt, s) in clusters {
        for (k, v) in s.cluster_overrides() {
            out.push(Assumption {
                group: "case overrides".into(),
                item: format!("{alt}/{}: {k}", s.id),
                value: v,
                unit: String::new(),
                source: p.case.path.clone(),
                overridden: true,
            });
        }
    }
    out
}

fn sourced(group: &str, item: &str, s: &crate::sourced::Sourced, unit: &str) -> Assumption {
    Assumption {
        group: group.into(),
        item: item.into(),
        value: format!("{}", s.value),
        unit: unit.into(),
        source: s.source.clone(),
        overridden: false,
    }
}

/// Assumptions of the supply stage (only when some alternative has systems).
pub fn supply_assumptions(p: &Prepared) -> Vec<Assumption> {
    let specs: Vec<&crate::supply::SystemSpec> = p.systems.values().flatten().collect();
    if specs.is_empty() {
        return vec![];
    }
    let d = &p.lib.supply;
    let fs = p.factors();
    let g = format!("factors ({})", p.factor_set);
    let mut out = vec![
        sourced(
            &g,
            "electricity CO2",
            &fs.electricity_kg_co2_per_kwh,
            "kg-CO2/kWh",
        ),
        sourced(&g, "city gas CO2", &fs.gas_kg_co2_per_nm3, "kg-CO2/Nm³"),
        sourced(
            &g,
            "electricity primary energy",
            &fs.electricity_primary_mj_per_kwh,
            "MJ/kWh",
        ),
        sourced(
            &g,
            "city gas HHV (primary energy)",
            &fs.gas_hhv_mj_per_nm3,
            "MJ/Nm³",
        ),
        sourced(
            &g,
            "city gas LHV (equipment efficiencies)",
            &fs.gas_lhv_mj_per_nm3,
            "MJ/Nm³",
        ),
    ];
    if p.case.raw.factor_set.is_some() {
        for a in out.iter_mut() {
            a.overridden = p.factor_set != d.default_factor_set;
        }
    }
    let mut used_eq: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for s in &specs {
        used_eq.extend(s.equipment(d));
    }
    used_eq.extend(d.dwelling_level.values().map(|x| x.equipment.clone()));
    for id in &used_eq {
        let e = &d.equipment[id];
        let (v, unit) = match (e.cop, e.efficiency, e.loss_per_day) {
            (Some(c), _, _) => (format!("{c}"), "annual COP"),
            (_, Some(x), _) => (format!("{x}"), "annual efficiency (LHV)"),
            (_, _, Some(l)) => (format!("{l}"), "standing loss per day"),
            _ => (String::new(), ""),
        };
        out.push(Assumption {
            group: "equipment".into(),
            item: id.clone(),
            value: v,
            unit: unit.into(),
            source: e.source.clone(),
            overridden: false,
        });
    }
    out.push(sourced(
        "equipment",
        "building plant sizing margin",
        &d.building_plants.margin,
        "×",
    ));
    out.push(sourced(
        "equipment",
        "DHC plant sizing margin",
        &d.dhc_plant.margin,
        "×",
    ));
    out.push(Assumption {
        group: "equipment".into(),
        item: "DHC plant sizing basis".into(),
        value: format!("{:?}", d.dhc_plant.sizing),
        unit: String::new(),
        source: d.dhc_plant.sizing_source.clone(),
        overridden: specs
            .iter()
            .any(|s| matches!(s, crate::supply::SystemSpec::Dhc(x) if x.sizing.is_some())),
    });
    out.push(Assumption {
        group: "equipment".into(),
        item: "DHC cooling dispatch".into(),
        value: d.dhc_plant.dispatch.id().to_string(),
        unit: String::new(),
        source: d.dhc_plant.dispatch_source.clone(),
        overridden: specs
            .iter()
            .any(|s| matches!(s, crate::supply::SystemSpec::Dhc(x) if x.dispatch.is_some())),
    });
    for (u, dl) in &d.dwelling_level {
        out.push(Assumption {
            group: "equipment".into(),
            item: format!("{u}: loads on room air conditioners (cooling, heating shares)"),
            value: format!("{}, {}", dl.cooling, dl.heating),
            unit: "fraction".into(),
            source: dl.source.clone(),
            overridden: false,
        });
    }
    let a = &d.auxiliaries;
    out.push(sourced(
        "auxiliaries",
        "cooling towers",
        &a.cooling_tower_kwh_per_kwh_rejected,
        "kWh/kWh rejected",
    ));
    for (item, pd) in [
        (
            "building chilled-water pumps",
            &a.building_chilled_water_pump,
        ),
        ("building hot-water pumps", &a.building_hot_water_pump),
        (
            "DHC chilled-water pumps (plant side)",
            &a.dhc_chilled_water_pump,
        ),
    ] {
        out.push(Assumption {
            group: "auxiliaries".into(),
            item: item.into(),
            value: format!(
                "ΔT {} K, head {} m, η {} → {:.4}",
                pd.dt_k,
                pd.head_m,
                pd.efficiency,
                pd.kwh_per_kwh()
            ),
            unit: "kWh/kWh at design point".into(),
            source: pd.source.clone(),
            overridden: false,
        });
    }
    out.push(sourced(
        "auxiliaries",
        "DHC boiler-house auxiliaries",
        &a.dhc_steam_kwh_per_kwh,
        "kWh/kWh steam",
    ));
    out.push(sourced(
        "auxiliaries",
        "pump heat added to the chilled water",
        &a.pump_heat_to_water,
        "share of pump electricity",
    ));
    out.push(sourced(
        "auxiliaries",
        "pump operating factor",
        &a.pump_operating_factor,
        "× design-point energy",
    ));
    out.push(sourced(
        "auxiliaries",
        "make-up water",
        &a.makeup_water_m3_per_mwh_rejected,
        "m³/MWh rejected",
    ));
    let n = &d.network;
    out.push(sourced(
        "network",
        "typical building floor",
        &n.building_floor_m2,
        "m²",
    ));
    out.push(sourced(
        "network",
        "building site per connected building",
        &n.building_site_m2,
        "m²",
    ));
    out.push(sourced(
        "network",
        "route factor k (L = k·√(N·A))",
        &n.route_factor,
        "–",
    ));
    out.push(sourced(
        "network",
        "service branch per building",
        &n.service_m_per_building,
        "m",
    ));
    out.push(sourced("network", "chilled-water ΔT", &n.chilled_dt_k, "K"));
    out.push(sourced(
        "network",
        "design velocity",
        &n.velocity_m_per_s,
        "m/s",
    ));
    out.push(sourced(
        "network",
        "steam/hot-water pipe heat loss",
        &n.heat_loss_w_per_m,
        "W/m",
    ));
    out.push(sourced(
        "network",
        "chilled-water pipe heat gain",
        &n.cool_gain_w_per_m,
        "W/m",
    ));
    out.push(sourced(
        "network",
        "Darcy friction factor of the mains",
        &n.friction_factor,
        "–",
    ));
    out.push(sourced(
        "network",
        "index-circuit share of the trench",
        &n.index_path_share,
        "–",
    ));
    let c = &d.costs;
    out.push(sourced(
        "costs",
        "cost-curve scale exponent",
        &c.exponent,
        "–",
    ));
    out.push(sourced(
        "costs",
        "electric chillers at 1,000 kW",
        &c.plant_yen_per_kw_at_ref.electric_chiller,
        "¥/kW",
    ));
    out.push(sourced(
        "costs",
        "absorption chillers at 1,000 kW",
        &c.plant_yen_per_kw_at_ref.absorption_chiller,
        "¥/kW",
    ));
    out.push(sourced(
        "costs",
        "boilers at 1,000 kW",
        &c.plant_yen_per_kw_at_ref.boiler,
        "¥/kW",
    ));
    out.push(sourced(
        "costs",
        "heat pumps at 1,000 kW",
        &c.plant_yen_per_kw_at_ref.heat_pump,
        "¥/kW",
    ));
    out.push(sourced(
        "costs",
        "thermal storage",
        &c.plant_yen_per_kw_at_ref.storage_yen_per_kwh,
        "¥/kWh",
    ));
    out.push(sourced(
        "costs",
        "pipe civil works",
        &c.pipe_civil_yen_per_m,
        "¥/m",
    ));
    out.push(sourced(
        "costs",
        "pipes per metre of main diameter",
        &c.pipe_yen_per_m_per_m_diameter,
        "¥/m per m",
    ));
    out.push(Assumption {
        group: "costs".into(),
        item: "calibration".into(),
        value: String::new(),
        unit: String::new(),
        source: c.calibration_note.clone(),
        overridden: false,
    });
    let e = &d.economics;
    out.push(sourced("economics", "interest", &e.interest, "fraction"));
    out.push(sourced("economics", "recovery period", &e.years, "years"));
    out.push(sourced(
        "economics",
        "maintenance",
        &e.maintenance_share,
        "of construction per year",
    ));
    out.push(sourced("economics", "DHC staff", &e.staff, "persons"));
    out.push(sourced("economics", "cost per staff", &e.staff_yen, "¥/yr"));
    out.push(sourced("economics", "water", &e.water_yen_per_m3, "¥/m³"));
    for t in [&e.dhc_electricity, &e.individual_electricity] {
        out.push(sourced(
            "tariffs",
            &format!("{} basic", t.label),
            &t.basic_yen_per_kw_month,
            "¥/kW·month",
        ));
        out.push(sourced(
            "tariffs",
            &format!("{} energy", t.label),
            &t.energy_yen_per_kwh,
            "¥/kWh",
        ));
    }
    for t in [&e.dhc_gas, &e.individual_gas] {
        out.push(sourced(
            "tariffs",
            &format!("{} basic", t.label),
            &t.basic_yen_per_nm3h_month,
            "¥/(m³/h)·month",
        ));
        out.push(sourced(
            "tariffs",
            &format!("{} volumetric", t.label),
            &t.energy_yen_per_nm3,
            "¥/m³",
        ));
    }
    let v = &d.viability;
    for (item, s, unit) in [
        ("consider DHC from district area", &v.min_district_m2, "m²"),
        ("consider DHC from supplied floor", &v.min_floor_m2, "m²"),
        ("gross FAR threshold", &v.min_gross_far, "fraction"),
        (
            "Heat Supply Business Act threshold",
            &v.heat_supply_act_gj_per_h,
            "GJ/h",
        ),
        ("efficiency floor", &v.efficiency_floor, "–"),
        ("density band ○", &v.bands.density_good, "gross FAR"),
        ("density band △", &v.bands.density_standard, "gross FAR"),
        ("efficiency band ○", &v.bands.efficiency_good, "–"),
        ("efficiency band △", &v.bands.efficiency_standard, "–"),
        ("price band ○ (below)", &v.bands.price_good, "¥/MJ"),
        ("price band △ (below)", &v.bands.price_standard, "¥/MJ"),
        (
            "density sweep from",
            &v.density_sweep.from_pct,
            "% gross FAR",
        ),
        (
            "density sweep step",
            &v.density_sweep.step_pct,
            "% gross FAR",
        ),
        (
            "density sweep up to at least",
            &v.density_sweep.min_to_pct,
            "% gross FAR",
        ),
        (
            "density sweep up to the plan's FAR ×",
            &v.density_sweep.plan_multiple,
            "×",
        ),
        (
            "coincidence-factor change reported",
            &v.cf_change_reported,
            "fraction",
        ),
    ] {
        out.push(sourced("viability", item, s, unit));
    }
    if specs.iter().any(|s| s.has_sources()) {
        out.extend(unused_assumptions(p));
    }
    for (alt, list) in &p.systems {
        for s in list {
            for (field, v) in s.overrides() {
                out.push(Assumption {
                    group: "case overrides".into(),
                    item: format!("{alt}/{}: {field}", s.id()),
                    value: v,
                    unit: String::new(),
                    source: p.case.path.clone(),
                    overridden: true,
                });
            }
        }
    }
    out
}

/// Assumptions of the unused-energy sources (waste_heat.yaml), their availability and the
/// values the case set instead of a default.
fn unused_assumptions(p: &Prepared) -> Vec<Assumption> {
    let w = &p.lib.waste_heat;
    let g = "unused energy";
    let ev = &w.evaluation;
    let av = &w.availability;
    let pd = &w.pipe;
    let cd = &w.containers;
    let mut out: Vec<Assumption> = [
        (
            "simple unused-energy share compared against",
            &ev.simple_unused_share,
            "of plant energy",
        ),
        ("CO2 abatement horizon", &ev.horizon_years, "years"),
        ("study write-off period", &ev.study_write_off_years, "years"),
        ("value of CO2", &ev.co2_value_yen_per_t, "¥/t"),
        (
            "electricity for transport pumps",
            &ev.electricity_yen_per_kwh,
            "¥/kWh",
        ),
        (
            "subsidy share of capital (default)",
            &ev.subsidy_share,
            "fraction",
        ),
        ("source output variation", &av.output_variation, "±fraction"),
        ("operating reserve", &av.reserve_share, "of daily demand"),
        (
            "lost power generation (default)",
            &av.lost_power_kwh_per_kwh,
            "kWh per kWh of heat",
        ),
        (
            "hot-water absorption chiller COP",
            &w.temperature.hot_water_absorption_cop,
            "–",
        ),
        ("steam heat per kg", &pd.steam_kj_per_kg, "kJ/kg"),
        (
            "steam specific volume",
            &pd.steam_specific_volume_m3_per_kg,
            "m³/kg",
        ),
        ("steam design velocity", &pd.steam_velocity_m_per_s, "m/s"),
        (
            "steam line allowed pressure drop",
            &pd.steam_allowed_drop_kpa,
            "kPa",
        ),
        ("hot-water line ΔT", &pd.hot_water_dt_k, "K"),
        (
            "low-temperature source-water ΔT",
            &pd.low_temperature_dt_k,
            "K",
        ),
        (
            "hot-water line heat loss",
            &pd.hot_water_heat_loss_w_per_m,
            "W/m",
        ),
        (
            "low-temperature line heat loss",
            &pd.low_temperature_heat_loss_w_per_m,
            "W/m",
        ),
        (
            "water line friction-gradient limit",
            &pd.water_max_drop_pa_per_m,
            "Pa/m",
        ),
        (
            "largest pipe with a published cost",
            &pd.largest_published_diameter_m,
            "m",
        ),
        (
            "source-side and receiving equipment",
            &pd.equipment_yen_per_kw,
            "¥/kW of peak transfer",
        ),
        ("other works", &pd.other_works_share, "of equipment + line"),
        (
            "pipe scheme maintenance",
            &pd.maintenance_share_of_equipment,
            "of equipment per year",
        ),
        ("pipe scheme operator", &pd.operator_yen_per_yr, "¥/yr"),
        (
            "pipe scheme administration",
            &pd.administration_share_of_saving,
            "of net saving",
        ),
        ("lost power sales", &pd.lost_power_yen_per_kwh, "¥/kWh"),
        ("pipe scheme life", &pd.life_years, "years"),
        (
            "steam accumulator holding time",
            &pd.accumulator_hold_h,
            "h",
        ),
        (
            "accumulator charging pressure",
            &pd.accumulator_p1_mpa,
            "MPa abs",
        ),
        (
            "accumulator lowest pressure",
            &pd.accumulator_p2_mpa,
            "MPa abs",
        ),
        ("accumulator vessel", &pd.accumulator_yen_per_m3, "¥/m³"),
        ("container capacity", &cd.capacity_kwh, "kWh"),
        ("container charging rate", &cd.charge_kw, "kW"),
        ("container discharge rate", &cd.discharge_kw, "kW"),
        ("container transport time", &cd.transport_h, "h one way"),
        ("truck fuel economy", &cd.km_per_l, "km/L"),
        ("diesel price", &cd.diesel_yen_per_l, "¥/L"),
        ("diesel CO2", &cd.diesel_kg_co2_per_l, "kg-CO2/L"),
        ("diesel heating value", &cd.diesel_mj_per_l, "MJ/L"),
        ("container pump power", &cd.pump_kw, "kW per side"),
        ("container pump load", &cd.pump_load, "–"),
        (
            "container pump hours",
            &cd.pump_hours_per_side,
            "h per side and delivery",
        ),
        (
            "container maintenance",
            &cd.maintenance_yen_per_container_yr,
            "¥/container·yr",
        ),
        ("driver", &cd.driver_yen_per_yr, "¥/yr"),
        (
            "deliveries per driver",
            &cd.deliveries_per_driver_day,
            "per day",
        ),
        (
            "delivery cap per source",
            &cd.max_deliveries_per_day,
            "per day",
        ),
        (
            "deliveries per busy container",
            &cd.deliveries_per_container_day,
            "per day",
        ),
        (
            "fleet sizing: deliveries per container",
            &cd.min_deliveries_per_container_yr,
            "per year",
        ),
        ("supply-side equipment", &cd.supply_side_yen, "¥ per set"),
        ("user-side equipment", &cd.user_side_yen, "¥ per set"),
        ("truck", &cd.truck_yen, "¥"),
        ("container scheme life", &cd.life_years, "years"),
        ("container range", &cd.max_distance_km, "km"),
    ]
    .into_iter()
    .map(|(item, v, unit)| sourced(g, item, v, unit))
    .collect();
    // Defaults that are not numbers: (item, value, unit, source).
    let hours = cd.operating_hours.value;
    let mut others: Vec<(String, String, String, String)> = vec![
        (
            "truck operating hours".into(),
            format!("{:02}:00–{:02}:00", hours[0], hours[1]),
            String::new(),
            cd.operating_hours.source.clone(),
        ),
        (
            "steam lines get an accumulator".into(),
            pd.accumulator.value.to_string(),
            String::new(),
            pd.accumulator.source.clone(),
        ),
        (
            "sources get a dedicated backup boiler".into(),
            pd.backup_boiler.value.to_string(),
            String::new(),
            pd.backup_boiler.source.clone(),
        ),
        (
            "steam lines return their condensate".into(),
            pd.condensate_return.value.to_string(),
            String::new(),
            pd.condensate_return.source.clone(),
        ),
        (
            "default PCM".into(),
            cd.default_pcm.value.clone(),
            String::new(),
            cd.default_pcm.source.clone(),
        ),
        (
            format!(
                "low-temperature heat pump `{}`",
                w.temperature.low_temperature_heat_pump
            ),
            String::new(),
            String::new(),
            w.temperature.low_temperature_heat_pump_source.clone(),
        ),
    ];
    others.extend(pd.cost_classes.iter().map(|c| {
        (
            match c.max_diameter_m {
                Some(m) => format!("pipe cost, d ≤ {m} m (per pipe)"),
                None => "pipe cost, larger pipes (per pipe)".into(),
            },
            c.yen_per_m_per_pipe.to_string(),
            "¥/m".into(),
            c.source.clone(),
        )
    }));
    others.extend(cd.pcm.iter().map(|(id, m)| {
        (
            format!("PCM `{id}` container"),
            m.container_yen.to_string(),
            "¥".into(),
            m.source.clone(),
        )
    }));
    out.extend(
        others
            .into_iter()
            .map(|(item, value, unit, source)| Assumption {
                group: g.into(),
                item,
                value,
                unit,
                source,
                overridden: false,
            }),
    );
    for s in p.sources.values() {
        out.push(Assumption {
            group: g.into(),
            item: format!("source `{}` available heat", s.id),
            value: format!(
                "{} ({:.0} MWh/yr)",
                s.availability_note,
                s.available_kw.iter().sum::<f64>() / 1000.0
            ),
            unit: String::new(),
            source: p.case.path.clone(),
            overridden: true,
        });
        for (field, v) in &s.overrides {
            out.push(Assumption {
                group: "case overrides".into(),
                item: format!("source {}: {field}", s.id),
                value: v.clone(),
                unit: String::new(),
                source: p.case.path.clone(),
                overridden: true,
            });
        }
    }
    out
}
