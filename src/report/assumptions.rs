//! The assumptions appendix: every default the run used, with its value, unit and source,
//! and every value the case file overrode. Rows of the supply and unused-energy data come
//! from the data types' own `{ value, unit, source }` entries ([`crate::appendix`]),
//! labelled through the catalogue (`appendix.*` in `src/data/i18n/<lang>.yaml`, the entry's
//! path when it has no label); the housing rows from [`crate::housing::HousingData::assumptions`]; the load
//! rows from the use models the case built.

use crate::appendix::{self, Entry};
use crate::carrier::Carrier;
use crate::i18n::{I18n, Lang, Local, Phrase, Text};
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
    /// The group as a catalogue text (report languages); `group` is its English text.
    #[serde(skip)]
    pub group_text: Text,
    /// The item as a catalogue text, where it has one; `item` is its English text.
    #[serde(skip)]
    pub item_text: Option<Text>,
    /// The value in the report languages, where it is a text rather than a number or a
    /// data word (names of the case's parcels and sources); `value` is its English text.
    #[serde(skip)]
    pub value_text: Option<Text>,
}

/// Every assumption of a prepared case: load, supply and housing stages.
pub fn assumptions(p: &Prepared) -> Vec<Assumption> {
    let mut out = load(p);
    out.extend(supply(p));
    out.extend(housing(p));
    out.extend(project(p));
    out.extend(decision(p));
    out
}

/// The criteria weights of the executive summary's decision (decision.yaml), and the
/// case's own `decision:` block when it gives one.
fn decision(p: &Prepared) -> Vec<Assumption> {
    let mut out = rows(
        &group_text("decision", &[]),
        "decision",
        appendix::entries("", &p.lib.decision),
    );
    if let Some(d) = &p.case.raw.decision {
        out.extend(block_overrides(p, "decision", d));
    }
    out
}

/// Assumptions of the land-readjustment project (only when the case has a `project:`
/// section): every entry of project.yaml (survey, timing, connection, 減歩 formulas,
/// subsidy programmes).
fn project(p: &Prepared) -> Vec<Assumption> {
    let Some(project) = &p.project else {
        return vec![];
    };
    let mut out = rows(
        &group_text("project", &[]),
        "project",
        appendix::entries("", &p.lib.project),
    );
    // The case's own project inputs (milestones, supply start, build-out, land figures).
    out.extend(block_overrides(p, "project", &project.spec));
    out
}

/// One override row per field a case block sets (`<name>.<field>`, the value as JSON).
fn block_overrides<T: Serialize>(p: &Prepared, name: &str, block: &T) -> Vec<Assumption> {
    match serde_json::to_value(block).unwrap_or_default() {
        serde_json::Value::Object(m) => m
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(field, v)| {
                let item = text(&format!("{name}_case.{field}"), &[], &[])
                    .unwrap_or_else(|| format!("{name}.{field}").into());
                case_override(p, item, plain(&v))
            })
            .collect(),
        _ => vec![],
    }
}

/// A case value as a reader reads it: numbers without a trailing `.0`, a map as
/// `key value; key value` (empty maps left out), a list as `(a, b)`. Map keys stay ids (the
/// appendix translates the ones the catalogue names).
fn plain(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("({})", a.iter().map(plain).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => m
            .iter()
            .filter(|(_, x)| !matches!(x, Value::Object(o) if o.is_empty()))
            .map(|(k, x)| format!("{k} {}", plain(x)))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// The catalogue text at `appendix.<path>` with placeholders filled, if the catalogue has
/// it (names given in both languages go in as [`Local`] arguments).
fn text(path: &str, args: &[(&str, String)], names: &[(&str, Local)]) -> Option<Text> {
    let key = format!("appendix.{path}");
    I18n::builtin().lookup(Lang::En, &key)?;
    let mut p = Phrase::new(&key, args);
    for (k, v) in names {
        p = p.with(k, Text::Local(v.clone()));
    }
    Some(Text::Phrase(p))
}

/// English text at `appendix.<path>` with placeholders filled, if the catalogue has it.
fn label(path: &str, args: &[(&str, String)]) -> Option<String> {
    text(path, args, &[]).map(|t| t.text(Lang::En))
}

/// An appendix group: its catalogue text (the id when the catalogue has none).
fn group_text(id: &str, args: &[(&str, String)]) -> Text {
    text(&format!("group.{id}"), args, &[]).unwrap_or_else(|| Text::Given(id.to_string()))
}

/// The English name of an appendix group.
fn group(id: &str, args: &[(&str, String)]) -> String {
    group_text(id, args).text(Lang::En)
}

/// Rows of data entries under `scope` (`supply`, `waste_heat`): the catalogue label of each
/// entry, prefixed by the name of the group of values it belongs to (a tariff), else its
/// path.
fn rows(group: &Text, scope: &str, entries: Vec<Entry>) -> Vec<Assumption> {
    entries
        .into_iter()
        .map(|e| {
            let label = entry_text(&format!("{scope}.{}", e.key));
            let context = e.context.as_ref().map(|en| Local::ByLang {
                en: Some(en.clone()),
                ja: e.context_ja.clone(),
            });
            let item_text = match (label, context) {
                (Some(l), Some(c)) => Some(Text::Phrase(
                    Phrase::new("appendix.with_context", &[])
                        .with("context", Text::Local(c))
                        .with("label", l),
                )),
                (Some(l), None) => Some(l),
                (None, Some(c)) => Some(Text::Phrase(
                    Phrase::new("appendix.with_context", &[("label", e.key.clone())])
                        .with("context", Text::Local(c)),
                )),
                (None, None) => None,
            };
            Assumption {
                group: group.text(Lang::En),
                item: item_text
                    .as_ref()
                    .map_or_else(|| e.key.clone(), |t| t.text(Lang::En)),
                value: e.value,
                unit: e.unit,
                source: e.source,
                overridden: false,
                key: format!("{scope}.{}", e.key),
                group_text: group.clone(),
                item_text,
                value_text: None,
            }
        })
        .collect()
}

/// The catalogue text of a data entry (`path`: its path under `appendix.`): its own, or
/// that of the list or map it is a member of.
fn entry_text(path: &str) -> Option<Text> {
    text(path, &[], &[]).or_else(|| member_text(path))
}

/// The text of a list item (`pipe.cost_classes[1]`: the list's label with `{n}` = 2) or
/// of a named entry of a map (`containers.pcm.erythritol`: the map's label with `{id}`),
/// when the catalogue labels the list or map that way.
fn member_text(path: &str) -> Option<Text> {
    let with = |parent: &str, placeholder: &str, arg: String| {
        let label = I18n::builtin().lookup(Lang::En, &format!("appendix.{parent}"))?;
        label
            .contains(&format!("{{{placeholder}}}"))
            .then(|| text(parent, &[(placeholder, arg)], &[]))
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
fn case_override(p: &Prepared, item: Text, value: String) -> Assumption {
    let g = group_text("overrides", &[]);
    let value_text = id_names(p, &value);
    Assumption {
        group: g.text(Lang::En),
        item: item.text(Lang::En),
        value,
        unit: String::new(),
        source: p.case.path.clone(),
        overridden: true,
        key: String::new(),
        group_text: g,
        item_text: Some(item),
        value_text,
    }
}

/// An override's value that is an id of the case's parcels, sources, alternatives or uses,
/// or a list of them (`pool_a, pool_e`), as their names: in Japanese their Japanese names;
/// in English the ids as given (report.json keeps the ids). `None` for any other value.
fn id_names(p: &Prepared, value: &str) -> Option<Text> {
    let alts = &p.case.alternatives;
    let parcels = alts
        .iter()
        .flat_map(|a| a.parcels.iter().chain(a.external.iter()))
        .filter_map(|x| Some((x.id.as_str(), x.name.as_ref()?.text(Lang::Ja).to_string())));
    let names: BTreeMap<&str, String> = parcels
        .chain(
            alts.iter()
                .map(|a| (a.id.as_str(), a.name.text(Lang::Ja).to_string())),
        )
        .chain(
            p.sources
                .values()
                .map(|s| (s.id.as_str(), s.name.text(Lang::Ja).to_string())),
        )
        .chain(
            p.models
                .values()
                .map(|m| (m.id.as_str(), m.label_ja.clone())),
        )
        .filter(|(_, ja)| !ja.is_empty())
        .collect();
    let ja: Option<Vec<&str>> = value
        .split(", ")
        .map(|id| names.get(id).map(String::as_str))
        .collect();
    Some(Text::Local(Local::ByLang {
        en: Some(value.to_string()),
        ja: Some(ja?.join(Lang::Ja.list_separator())),
    }))
}

/// A row of the load stage: group, item (catalogue texts), value, unit, source and
/// whether the case file set it.
fn load_row(
    g: &Text,
    item: Text,
    value: String,
    unit: &str,
    source: String,
    o: bool,
) -> Assumption {
    Assumption {
        group: g.text(Lang::En),
        item: item.text(Lang::En),
        value,
        unit: unit.to_string(),
        source,
        overridden: o,
        key: String::new(),
        group_text: g.clone(),
        item_text: Some(item),
        value_text: None,
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
    let row = load_row;
    let none = || Text::Given(String::new());
    let intensity = group_text("intensity", &[]);
    for u in &used {
        let Some(m) = p.models.get(u) else { continue };
        let o = case.raw.uses.contains_key(u);
        for c in Carrier::ALL {
            let names = [
                (
                    "use",
                    Local::ByLang {
                        en: Some(m.label_en.clone()),
                        ja: Some(m.label_ja.clone()),
                    },
                ),
                (
                    "carrier",
                    Local::ByLang {
                        en: Some(c.label_en().into()),
                        ja: I18n::builtin()
                            .lookup(Lang::Ja, &format!("carrier.{}", c.id()))
                            .map(str::to_string),
                    },
                ),
            ];
            out.push(row(
                &intensity,
                text("load.annual", &[], &names).unwrap_or_else(none),
                format!("{:.1}", m.annual_kwh_per_m2[c]),
                "kWh/m²·yr",
                m.source.clone(),
                o,
            ));
            out.push(row(
                &intensity,
                text("load.sizing", &[], &names).unwrap_or_else(none),
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
            let names = [(
                "region",
                Local::ByLang {
                    en: Some(r.label_en.clone()),
                    ja: Some(r.label_ja.clone()),
                },
            )];
            out.push(row(
                &group_text("region", &[]),
                text(
                    &format!("load.region.{key}"),
                    &[("id", id.to_string())],
                    &names,
                )
                .unwrap_or_else(none),
                format!("{v}"),
                "×",
                r.source.clone(),
                case.raw.region.is_some(),
            ));
        }
    }
    let floor_rule = group_text("floor_rule", &[]);
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
            text(&format!("load.floor_rule.{key}"), &[], &[]).unwrap_or_else(none),
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
        &group_text("calendar", &[]),
        text("load.reference_calendar", &[], &[]).unwrap_or_else(none),
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
        text("load.dataset", &[], &[]).unwrap_or_else(none),
        case.dataset.clone(),
        "",
        ds.source.clone(),
        case.raw.dataset.is_some(),
    ));
    out
}

/// Sections of supply.yaml the appendix shows in their own way (the chosen factor set,
/// the equipment the systems install) or not at all.
const SUPPLY_SECTIONS_ABOVE: [&str; 6] = [
    "version",
    "default_factor_set",
    "factor_sets",
    "equipment",
    "tariff_sets",
    "areas",
];

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
    let set_name =
        |lang| crate::report::view::appendix::words(I18n::builtin(), lang, &p.factor_set);
    let set = Local::ByLang {
        en: Some(set_name(Lang::En)),
        ja: Some(set_name(Lang::Ja)),
    };
    let mut fs = rows(
        &text("group.factor_set", &[], &[("set", set)])
            .unwrap_or_else(|| Text::Given(p.factor_set.clone())),
        "supply.factor_set",
        appendix::entries("", p.factors())
            .into_iter()
            .map(|e| Entry {
                context: None,
                context_ja: None,
                ..e
            })
            .collect(),
    );
    let area = &d.areas[&p.area];
    if p.case.raw.factor_set.is_some() {
        for a in fs.iter_mut() {
            a.overridden = p.factor_set != area.factor_set;
        }
    }
    let mut out = vec![Assumption {
        group: group("area", &[]),
        group_text: group_text("area", &[]),
        item_text: Some(Text::Local(crate::i18n::Local::ByLang {
            en: Some(format!("{} ({})", area.label_en, p.area)),
            ja: Some(area.label_ja.clone()),
        })),
        item: format!("{} ({})", area.label_en, p.area),
        value: format!("{} / {}", area.factor_set, area.tariff_set),
        unit: String::new(),
        source: area.source.clone(),
        overridden: p.case.raw.area.is_some(),
        key: format!("supply.areas.{}", p.area),
        value_text: None,
    }];
    out.extend(fs);
    let ts = &d.tariff_sets[&p.tariff_set];
    out.extend(
        rows(
            &group_text("tariff_set", &[("set", p.tariff_set.clone())]),
            "supply.tariff_set",
            appendix::entries("", &p.tariffs),
        )
        .into_iter()
        .zip(appendix::entries("", ts).into_iter().map(|e| e.value))
        .map(|(mut a, default)| {
            a.overridden = p.tariff_set != area.tariff_set || a.value != default;
            a
        }),
    );
    let mut used_eq: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for s in &specs {
        used_eq.extend(s.equipment(d));
    }
    used_eq.extend(d.dwelling_level.values().map(|x| x.equipment.clone()));
    let equipment = group_text("equipment", &[]);
    for id in &used_eq {
        let e = &d.equipment[id];
        let (value, unit) = e.rated();
        let item_text = Some(Text::new(&format!("equipment.{id}"), &[])).filter(|_| {
            I18n::builtin()
                .lookup(Lang::En, &format!("equipment.{id}"))
                .is_some()
        });
        out.push(Assumption {
            group: equipment.text(Lang::En),
            item: id.clone(),
            value,
            unit: unit.into(),
            source: e.source.clone(),
            overridden: false,
            key: format!("supply.equipment.{id}"),
            group_text: equipment.clone(),
            item_text,
            value_text: None,
        });
    }
    // Every other section of supply.yaml, in file order (a plant kind's own section
    // included): its `{ value, unit, source }` entries, a few completed below.
    for (section, v) in appendix::sections(d) {
        if SUPPLY_SECTIONS_ABOVE.contains(&section.as_str()) {
            continue;
        }
        let mut rows = rows(
            &group_text(&section, &[]),
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
                group_text: group_text("costs", &[]),
                item_text: text("supply.costs.calibration_note", &[], &[]),
                value_text: None,
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
                out.push(case_override(p, system_field(p, alt, &s.name(), &field), v));
            }
        }
    }
    out
}

/// "alternative / system: field" of a value a system of the case file sets.
fn system_field(p: &Prepared, alt: &str, system: &Local, field: &str) -> Text {
    let alt_name = p
        .case
        .alternatives
        .iter()
        .find(|a| a.id == alt)
        .map_or_else(|| Local::Plain(alt.to_string()), |a| a.name.clone());
    // English keeps the case file's field (report.json names it as the file does); Japanese
    // pages name it from the catalogue.
    let ja = I18n::builtin()
        .lookup(Lang::Ja, &format!("appendix.case_field.{field}"))
        .map(str::to_string);
    let field = Text::Local(Local::ByLang {
        en: Some(field.to_string()),
        ja,
    });
    Text::Phrase(
        Phrase::new("appendix.system_field", &[])
            .with("field", field)
            .with("alternative", Text::Local(alt_name))
            .with("system", Text::Local(system.clone())),
    )
}

/// Assumptions of the unused-energy sources: every entry of waste_heat.yaml, each source's
/// availability and the values the case set instead of a default.
fn unused(p: &Prepared) -> Vec<Assumption> {
    let g = group_text("unused", &[]);
    let mut out = rows(&g, "waste_heat", appendix::entries("", &p.lib.waste_heat));
    for s in p.sources.values() {
        let availability = Text::Phrase(
            Phrase::new(
                "appendix.source_availability",
                &[(
                    "mwh",
                    format!("{:.0}", s.available_kw.iter().sum::<f64>() / 1000.0),
                )],
            )
            .with("note", s.availability_note.clone()),
        );
        let item = text(
            "waste_heat.source_available",
            &[("id", s.id.clone())],
            &[("name", s.name.clone())],
        );
        out.push(Assumption {
            group: g.text(Lang::En),
            item: item.as_ref().map(|t| t.text(Lang::En)).unwrap_or_default(),
            value: availability.text(Lang::En),
            unit: String::new(),
            source: p.case.path.clone(),
            overridden: true,
            key: String::new(),
            group_text: g.clone(),
            item_text: item,
            value_text: Some(availability),
        });
        for (field, v) in &s.overrides {
            out.push(case_override(
                p,
                Text::Phrase(
                    Phrase::new("appendix.source_field", &[("field", field.clone())])
                        .with("source", Text::Local(s.name.clone())),
                ),
                v.clone(),
            ));
        }
    }
    out
}

/// The appendix group of a housing.yaml row in both languages
/// (`appendix.housing_group.<section>`), from its group as housing.yaml's reader names it
/// (`housing: <section>` or a described group).
fn housing_group(group: &str) -> Text {
    let section = group.strip_prefix("housing: ").unwrap_or(group);
    let (key, id) = match section {
        "end uses (BAU per dwelling)" => ("end_uses", None),
        "household-type mixes" => ("household_mixes", None),
        "household types" => ("household_types", None),
        s => match s.strip_prefix("package ") {
            Some(id) => ("packages", Some(id.trim_matches('`'))),
            None => (s, None),
        },
    };
    let args: Vec<(&str, String)> = id.map(|i| ("id", i.to_string())).into_iter().collect();
    Text::Phrase(Phrase::new(&format!("appendix.housing_group.{key}"), &args))
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
        .map(|(group, item, value, unit, source, item_ja)| Assumption {
            key: format!("housing.{item}"),
            group_text: housing_group(&group),
            item_text: item_ja.map(|ja| {
                Text::Local(Local::ByLang {
                    en: Some(super::view::appendix::words(
                        I18n::builtin(),
                        Lang::En,
                        &item,
                    )),
                    ja: Some(ja),
                })
            }),
            value_text: None,
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
            let name = s.name.clone().unwrap_or_else(|| Local::Plain(s.id.clone()));
            out.push(case_override(p, system_field(p, alt, &name, &k), v));
        }
    }
    out
}
