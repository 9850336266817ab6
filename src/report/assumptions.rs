//! The assumptions appendix: every default the run used, with its value, unit and source,
//! and every value the case file overrode. Rows of the supply and unused-energy data come
//! from the data types' own `{ value, unit, source }` entries ([`crate::appendix`]),
//! labelled through the catalogue (`appendix.*` in `src/data/i18n/<lang>.yaml`, the entry's
//! path when it has no label); the housing rows from [`crate::housing::HousingData::assumptions`]; the load
//! rows from the use models the case built.

use crate::appendix::{self, Entry};
use crate::carrier::Carrier;
use crate::i18n::{I18n, Lang};
use crate::pipeline::Prepared;
use crate::supply::SystemSpec;
use serde::Serialize;
use std::collections::BTreeMap;

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
    /// Path of the entry in its data file (`supply.network.route_factor`), the key of its
    /// label in the catalogue (`appendix.<key>`); empty for rows that are not data entries.
    pub key: String,
}

/// Every assumption of a prepared case: load, supply and housing stages.
pub fn assumptions(p: &Prepared) -> Vec<Assumption> {
    let mut out = load(p);
    out.extend(supply(p));
    out.extend(housing(p));
    out
}

/// English text at `appendix.<path>` with placeholders filled, if the catalogue has it.
fn label(path: &str, args: &[(&str, String)]) -> Option<String> {
    label_in(Lang::En, path, args)
}

/// Text at `appendix.<path>` in `lang` with placeholders filled, if the catalogue has it.
fn label_in(lang: Lang, path: &str, args: &[(&str, String)]) -> Option<String> {
    let tr = I18n::builtin();
    tr.lookup(lang, &format!("appendix.{path}"))?;
    let args: BTreeMap<String, String> = args
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    Some(tr.fill(lang, &format!("appendix.{path}"), &args))
}

/// The catalogue label of a data entry (`key`: its path under `appendix.`) in `lang`: its
/// own, or that of the list or map it is a member of.
pub fn entry_label(lang: Lang, key: &str) -> Option<String> {
    label_in(lang, key, &[]).or_else(|| member_label(lang, key))
}

/// The English name of an appendix group.
fn group(id: &str, args: &[(&str, String)]) -> String {
    label(&format!("group.{id}"), args).unwrap_or_else(|| id.to_string())
}

/// Rows of data entries under `scope` (`supply`, `waste_heat`): the catalogue label of each
/// entry, prefixed by the name of the group of values it belongs to (a tariff), else its
/// path.
fn rows(group: &str, scope: &str, entries: Vec<Entry>) -> Vec<Assumption> {
    entries
        .into_iter()
        .map(|e| {
            let item = entry_label(Lang::En, &format!("{scope}.{}", e.key));
            let item = match (item, &e.context) {
                (Some(l), Some(c)) => format!("{c}: {l}"),
                (Some(l), None) => l,
                (None, Some(c)) => format!("{c}: {}", e.key),
                (None, None) => e.key.clone(),
            };
            Assumption {
                group: group.to_string(),
                item,
                value: e.value,
                unit: e.unit,
                source: e.source,
                overridden: false,
                key: format!("{scope}.{}", e.key),
            }
        })
        .collect()
}

/// The label of a list item (`pipe.cost_classes[1]`: the list's label with `{n}` = 2) or
/// of a named entry of a map (`containers.pcm.erythritol`: the map's label with `{id}`),
/// when the catalogue labels the list or map that way.
fn member_label(lang: Lang, path: &str) -> Option<String> {
    let tr = I18n::builtin();
    let with = |parent: &str, placeholder: &str, arg: String| {
        let text = tr.lookup(lang, &format!("appendix.{parent}"))?;
        text.contains(&format!("{{{placeholder}}}"))
            .then(|| label_in(lang, parent, &[(placeholder, arg)]))
            .flatten()
    };
    if let Some((list, i)) = path
        .strip_suffix(']')
        .and_then(|p| p.rsplit_once('['))
        .and_then(|(list, i)| Some((list, i.parse::<usize>().ok()?)))
    {
        return with(list, "n", (i + 1).to_string());
    }
    let (map, id) = path.rsplit_once('.')?;
    with(map, "id", id.to_string())
}

/// A row for a value the case file set (its field, with the file as source).
fn case_override(p: &Prepared, item: String, value: String) -> Assumption {
    Assumption {
        group: group("overrides", &[]),
        item,
        value,
        unit: String::new(),
        source: p.case.path.clone(),
        overridden: true,
        key: String::new(),
    }
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

/// Assumptions of the load stage: intensity of every use present, regional coefficients,
/// floor rule, reference calendar and dataset.
fn load(p: &Prepared) -> Vec<Assumption> {
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
    let row = |group: &str, item: String, value: String, unit: &str, source: String, o: bool| {
        Assumption {
            group: group.to_string(),
            item,
            value,
            unit: unit.to_string(),
            source,
            overridden: o,
            key: String::new(),
        }
    };
    let intensity = group("intensity", &[]);
    for u in &used {
        let Some(m) = p.models.get(u) else { continue };
        let o = case.raw.uses.contains_key(u);
        for c in Carrier::ALL {
            let args = [
                ("use", m.label_en.clone()),
                ("carrier", c.label_en().into()),
            ];
            out.push(row(
                &intensity,
                label("load.annual", &args).unwrap_or_default(),
                format!("{:.1}", m.annual_kwh_per_m2[c]),
                "kWh/m²·yr",
                m.source.clone(),
                o,
            ));
            out.push(row(
                &intensity,
                label("load.sizing", &args).unwrap_or_default(),
                format!("{:.1}", m.sizing_w_per_m2[c]),
                "W/m²",
                m.source.clone(),
                o,
            ));
        }
    }
    if let Some((id, r)) = lib.region(&case.region) {
        for (key, v) in [
            ("peak_cooling", r.peak_cooling),
            ("peak_heating", r.peak_heating),
            ("annual_cooling", r.annual_cooling),
            ("annual_heating", r.annual_heating),
        ] {
            let args = [("region", r.label_en.clone()), ("id", id.to_string())];
            out.push(row(
                &group("region", &[]),
                label(&format!("load.region.{key}"), &args).unwrap_or_default(),
                format!("{v}"),
                "×",
                r.source.clone(),
                case.raw.region.is_some(),
            ));
        }
    }
    let floor_rule = group("floor_rule", &[]);
    for (key, field, given, default) in [
        (
            "coverage",
            "district.coverage",
            case.raw.district.coverage,
            &lib.floor_rule.coverage,
        ),
        (
            "buildout",
            "district.buildout",
            case.raw.district.buildout,
            &lib.floor_rule.buildout,
        ),
    ] {
        out.push(row(
            &floor_rule,
            label(&format!("load.floor_rule.{key}"), &[]).unwrap_or_default(),
            format!("{}", given.unwrap_or(default.value)),
            &default.unit,
            overridden_source(
                given.is_some(),
                &case.path,
                field,
                default.value,
                &default.source,
            ),
            given.is_some(),
        ));
    }
    let cal = &lib.reference_calendar;
    out.push(row(
        &group("calendar", &[]),
        label("load.reference_calendar", &[]).unwrap_or_default(),
        if case.year_end_break {
            case.calendar_year.to_string()
        } else {
            label(
                "load.no_year_end_break",
                &[("year", case.calendar_year.to_string())],
            )
            .unwrap_or_default()
        },
        "",
        format!("{}; {}", cal.year.source, cal.year_end_break.source),
        case.raw.calendar.is_some(),
    ));
    let ds = &lib.datasets[&case.dataset];
    out.push(row(
        &intensity,
        label("load.dataset", &[("id", case.dataset.clone())]).unwrap_or_default(),
        ds.title.clone(),
        "",
        ds.source.clone(),
        case.raw.dataset.is_some(),
    ));
    out
}

/// Sections of supply.yaml the appendix shows in their own way (the chosen factor set,
/// the equipment the systems install) or not at all.
const SUPPLY_SECTIONS_ABOVE: [&str; 4] =
    ["version", "default_factor_set", "factor_sets", "equipment"];

/// The pump designs of the auxiliaries as ΔT, head and efficiency with the resulting
/// kWh of pump electricity per kWh of heat moved.
fn pump_designs(rows: &mut [Assumption], a: &crate::supply::data::Auxiliaries) {
    for (key, pd) in [
        (
            "building_chilled_water_pump",
            &a.building_chilled_water_pump,
        ),
        ("building_hot_water_pump", &a.building_hot_water_pump),
        ("dhc_chilled_water_pump", &a.dhc_chilled_water_pump),
    ] {
        if let Some(r) = rows
            .iter_mut()
            .find(|r| r.key == format!("supply.auxiliaries.{key}"))
        {
            r.value = format!(
                "ΔT {} K, head {} m, η {} → {:.4}",
                pd.dt_k,
                pd.head_m,
                pd.efficiency,
                pd.kwh_per_kwh()
            );
            r.unit = label("unit.pump_design", &[]).unwrap_or_default();
        }
    }
}

/// Assumptions of the supply stage (only when some alternative has systems): the factor
/// set, the equipment installed, every entry of supply.yaml, the unused-energy defaults
/// when a system takes sources, and the case's overrides per system.
fn supply(p: &Prepared) -> Vec<Assumption> {
    let specs: Vec<&SystemSpec> = p.systems.values().flatten().collect();
    if specs.is_empty() {
        return vec![];
    }
    let d = &p.lib.supply;
    let mut fs = rows(
        &group("factor_set", &[("set", p.factor_set.clone())]),
        "supply.factor_set",
        appendix::entries("", p.factors())
            .into_iter()
            .map(|e| Entry { context: None, ..e })
            .collect(),
    );
    if p.case.raw.factor_set.is_some() {
        for a in fs.iter_mut() {
            a.overridden = p.factor_set != d.default_factor_set;
        }
    }
    let mut out = fs;
    let mut used_eq: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for s in &specs {
        used_eq.extend(s.equipment(d));
    }
    used_eq.extend(d.dwelling_level.values().map(|x| x.equipment.clone()));
    let equipment = group("equipment", &[]);
    for id in &used_eq {
        let e = &d.equipment[id];
        let (value, unit) = e.rated();
        out.push(Assumption {
            group: equipment.clone(),
            item: id.clone(),
            value,
            unit: unit.into(),
            source: e.source.clone(),
            overridden: false,
            key: format!("supply.equipment.{id}"),
        });
    }
    // Every other section of supply.yaml, in file order (a plant kind's own section
    // included): its `{ value, unit, source }` entries, a few completed below.
    for (section, v) in appendix::sections(d) {
        if SUPPLY_SECTIONS_ABOVE.contains(&section.as_str()) {
            continue;
        }
        let mut rows = rows(
            &group(&section, &[]),
            "supply",
            appendix::entries_of(&section, &v),
        );
        match section.as_str() {
            "auxiliaries" => pump_designs(&mut rows, &d.auxiliaries),
            "costs" => rows.push(Assumption {
                group: group("costs", &[]),
                item: label("supply.costs.calibration_note", &[]).unwrap_or_default(),
                value: String::new(),
                unit: String::new(),
                source: d.costs.calibration_note.clone(),
                overridden: false,
                key: "supply.costs.calibration_note".into(),
            }),
            "dhc_plant" => {
                let dhc = |f: fn(&crate::supply::DhcSpec) -> bool| {
                    specs
                        .iter()
                        .any(|s| matches!(s, SystemSpec::Dhc(x) if f(x)))
                };
                for r in rows.iter_mut() {
                    r.overridden = match r.key.as_str() {
                        "supply.dhc_plant.sizing" => dhc(|x| x.sizing.is_some()),
                        "supply.dhc_plant.dispatch" => dhc(|x| x.dispatch.is_some()),
                        _ => false,
                    };
                }
            }
            _ => {}
        }
        out.extend(rows);
    }
    if specs.iter().any(|s| s.has_sources()) {
        out.extend(unused(p));
    }
    for (alt, list) in &p.systems {
        for s in list {
            for (field, v) in s.overrides() {
                out.push(case_override(p, format!("{alt}/{}: {field}", s.id()), v));
            }
        }
    }
    out
}

/// Assumptions of the unused-energy sources: every entry of waste_heat.yaml, each source's
/// availability and the values the case set instead of a default.
fn unused(p: &Prepared) -> Vec<Assumption> {
    let g = group("unused", &[]);
    let mut out = rows(&g, "waste_heat", appendix::entries("", &p.lib.waste_heat));
    for s in p.sources.values() {
        out.push(Assumption {
            group: g.clone(),
            item: label("waste_heat.source_available", &[("id", s.id.clone())]).unwrap_or_default(),
            value: format!(
                "{} ({:.0} MWh/yr)",
                s.availability_note.text(Lang::En),
                s.available_kw.iter().sum::<f64>() / 1000.0
            ),
            unit: String::new(),
            source: p.case.path.clone(),
            overridden: true,
            key: String::new(),
        });
        for (field, v) in &s.overrides {
            out.push(case_override(
                p,
                format!("source {}: {field}", s.id),
                v.clone(),
            ));
        }
    }
    out
}

/// Assumptions of the housing / solar-cluster stage (only when some alternative has a
/// `solar_cluster` system): every sourced number of housing.yaml plus case overrides.
fn housing(p: &Prepared) -> Vec<Assumption> {
    let clusters: Vec<(&String, &crate::supply::cluster::SolarClusterSpec)> = p
        .systems
        .iter()
        .flat_map(|(a, l)| l.iter().map(move |s| (a, s)))
        .filter_map(|(a, s)| match s {
            SystemSpec::SolarCluster(c) => Some((a, c)),
            _ => None,
        })
        .collect();
    if clusters.is_empty() {
        return vec![];
    }
    let mut out: Vec<Assumption> = p
        .lib
        .housing
        .assumptions()
        .into_iter()
        .map(|(group, item, value, unit, source)| Assumption {
            key: format!("housing.{item}"),
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
            out.push(case_override(p, format!("{alt}/{}: {k}", s.id), v));
        }
    }
    out
}
