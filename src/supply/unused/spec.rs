//! The case's `sources:` list: each entry checked (errors name its field, file and line),
//! its availability read (constant, monthly means or a measured series, within its
//! operating hours) and its defaults applied from waste_heat.yaml; and the `sources:` ids
//! of systems resolved against it.

use super::containers::{Credit, Logistics, PlanMethod, RoundTrip};
use super::{low_temperature_heat_pump_cop, Delivery, Source, TemperatureClass};
use crate::calendar::{Calendar, DayType, HOURS_PER_YEAR};
use crate::case::{did_you_mean, from_value, SourceMap};
use crate::error::{Error, Result};
use crate::i18n::{Phrase, Text};
use crate::import;
use crate::library::Library;
use crate::limits::{self, MAX_CONTAINERS, MAX_DISTANCE_KM, MAX_DRIVERS, MAX_KW};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A measured availability series file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesFile {
    /// CSV file, relative to the case file: heat available in kWh per hour (8760 or 8784
    /// values), per day (365), per month (12) or per year (1).
    pub file: String,
    /// 1-based column (default: the last column).
    #[serde(default)]
    pub column: Option<usize>,
}

/// Container logistics as written (`logistics:` of a container source); unset fields take
/// waste_heat.yaml `logistics`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogisticsSpec {
    /// What one round trip carries.
    #[serde(default)]
    pub round_trip: Option<RoundTrip>,
    /// How deliveries are planned.
    #[serde(default)]
    pub plan: Option<PlanMethod>,
    /// How the fuel a delivery displaces is counted.
    #[serde(default)]
    pub credit: Option<Credit>,
    /// Hours a day the trucks run (24: round the clock; default the containers' operating
    /// hours).
    #[serde(default)]
    pub roster_h: Option<usize>,
}

/// A source as written in the case file (`sources:` list).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// Identifier referenced by systems.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<crate::i18n::Local>,
    /// Temperature class.
    pub temperature: TemperatureClass,
    /// Delivery mode.
    pub delivery: Delivery,
    /// One-way route length from the source to the user, km (pipe route or road).
    pub distance_km: f64,
    /// Heat available, constant, kW (during `hours`).
    #[serde(default)]
    pub available_kw: Option<f64>,
    /// Heat available as 12 monthly means, kW (during `hours`).
    #[serde(default)]
    pub available_kw_by_month: Option<Vec<f64>>,
    /// Heat available as a measured series (CSV).
    #[serde(default)]
    pub available_file: Option<SeriesFile>,
    /// Hours of day the source runs, `[start, end)` (default all day).
    #[serde(default)]
    pub hours: Option<[usize; 2]>,
    /// The source runs on weekdays only (not Saturdays, Sundays, holidays).
    #[serde(default)]
    pub weekdays_only: bool,
    /// Output swing around the hourly mean (fraction; default waste_heat.yaml).
    #[serde(default)]
    pub output_variation: Option<f64>,
    /// Steam accumulator on a steam line (default waste_heat.yaml: yes).
    #[serde(default)]
    pub accumulator: Option<bool>,
    /// Dedicated backup boiler at the user (default waste_heat.yaml: no, the user's own
    /// boilers cover).
    #[serde(default)]
    pub backup_boiler: Option<bool>,
    /// Steam line with a condensate return pipe (default waste_heat.yaml).
    #[serde(default)]
    pub condensate_return: Option<bool>,
    /// Heating COP of the heat pump lifting low-temperature heat.
    #[serde(default)]
    pub heat_pump_cop: Option<f64>,
    /// Heat-pump capacity, kW (default: the peak it is asked for).
    #[serde(default)]
    pub heat_pump_kw: Option<f64>,
    /// Hot-water absorption chiller installed for this source, kW of cooling (80 °C water
    /// or erythritol containers; default none).
    #[serde(default)]
    pub absorption_kw: Option<f64>,
    /// Power generation the source loses per kWh of heat exported (incinerator turbines;
    /// default waste_heat.yaml: none).
    #[serde(default)]
    pub lost_power_kwh_per_kwh: Option<f64>,
    /// Price the users pay the supplier for steam, ¥ per tonne (a steam line; default
    /// waste_heat.yaml `steam_sale.steam_price`: the supplier's full cost plus its share of
    /// the surplus up to the users' own cost of raising it).
    #[serde(default)]
    pub steam_price_yen_per_t: Option<f64>,
    /// Subsidy share of the scheme's capital (0–1).
    #[serde(default)]
    pub subsidy: Option<f64>,
    /// Phase-change material of the containers (default waste_heat.yaml: sodium acetate).
    #[serde(default)]
    pub pcm: Option<String>,
    /// Number of containers (default: sized on the peak month's daily demand).
    #[serde(default)]
    pub containers: Option<u32>,
    /// Number of drivers, one truck each (default: one per 4 deliveries a day).
    #[serde(default)]
    pub drivers: Option<u32>,
    /// Container logistics options (the FS's conventions or kukaku's defaults).
    #[serde(default)]
    pub logistics: Option<LogisticsSpec>,
}

/// Operating schedule of a source: 1 in the hours it runs, 0 otherwise.
fn schedule(calendar: &Calendar, hours: [usize; 2], weekdays_only: bool) -> Vec<f64> {
    (0..HOURS_PER_YEAR)
        .map(|t| {
            let day = &calendar.days[t / 24];
            let h = t % 24;
            let on_day = !weekdays_only || day.day_type == DayType::Weekday;
            if on_day && h >= hours[0] && h < hours[1] {
                1.0
            } else {
                0.0
            }
        })
        .collect()
}

/// Where a source entry is written: errors name the field under `sources[i]`.
struct Fields<'a> {
    map: &'a SourceMap,
    path: String,
}

impl Fields<'_> {
    fn err(&self, field: &str, msg: String) -> Error {
        self.map.error(&format!("{}.{field}", self.path), msg)
    }

    /// A number in (0, `max`] `unit`.
    fn positive(&self, field: &str, x: f64, max: f64, unit: &str) -> Result<()> {
        if x.is_finite() && x > 0.0 && x <= max {
            Ok(())
        } else {
            Err(self.err(
                field,
                format!(
                    "must be a positive number up to {max} {unit}, got {}",
                    limits::show(x)
                ),
            ))
        }
    }

    /// A number in [0, `max`] `unit`.
    fn non_negative(&self, field: &str, x: f64, max: f64, unit: &str) -> Result<()> {
        match limits::out_of_range(x, 0.0, max, unit) {
            Some(m) => Err(self.err(field, m)),
            None => Ok(()),
        }
    }

    fn fraction(&self, field: &str, x: f64) -> Result<()> {
        if x.is_finite() && (0.0..=1.0).contains(&x) {
            Ok(())
        } else {
            Err(self.err(field, format!("must be a fraction in [0, 1], got {x}")))
        }
    }

    /// Error when `field` is set on a source it does not apply to.
    fn only_for(&self, fields: &[(&str, bool)], applies_to: &str) -> Result<()> {
        match fields.iter().find(|(_, set)| *set) {
            Some((field, _)) => Err(self.err(field, format!("{field} applies to {applies_to}"))),
            None => Ok(()),
        }
    }
}

/// Values the case set instead of a default: (field, value), for the appendix.
type Overrides = Vec<(String, String)>;

/// Parse and resolve the case's `sources:` list (`raw` as written). CSV paths are relative
/// to the case file (`imports`).
pub fn parse_sources(
    raw: &[serde_yaml::Value],
    lib: &Library,
    calendar: &Calendar,
    imports: import::ImportRoot,
    map: &SourceMap,
) -> Result<BTreeMap<String, Arc<Source>>> {
    let mut out: BTreeMap<String, Arc<Source>> = BTreeMap::new();
    for (i, v) in raw.iter().enumerate() {
        let f = Fields {
            map,
            path: format!("sources[{i}]"),
        };
        let s: SourceSpec = from_value(&f.path, v, map)?;
        check_id(&s, &out, &f)?;
        let source = source(&s, lib, calendar, imports, &f)?;
        out.insert(s.id.clone(), Arc::new(source));
    }
    Ok(out)
}

/// Ids are non-empty letters, digits, `_` or `-`, and unique.
fn check_id(s: &SourceSpec, known: &BTreeMap<String, Arc<Source>>, f: &Fields) -> Result<()> {
    if s.id.trim().is_empty()
        || !s
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(f.err(
            "id",
            format!(
                "source id `{}` must be non-empty letters, digits, `_` or `-`",
                s.id
            ),
        ));
    }
    if known.contains_key(&s.id) {
        return Err(f.err("id", format!("duplicate source id `{}`", s.id)));
    }
    Ok(())
}

/// One source resolved: checked, availability read, defaults applied.
fn source(
    s: &SourceSpec,
    lib: &Library,
    calendar: &Calendar,
    imports: import::ImportRoot,
    f: &Fields,
) -> Result<Source> {
    let data = &lib.waste_heat;
    f.positive("distance_km", s.distance_km, MAX_DISTANCE_KM, "km")?;
    let (available_kw, availability_note) = availability(s, calendar, imports, f)?;
    let mut over: Overrides = vec![];
    let mut fraction = |field: &str, given: Option<f64>, default: f64| -> Result<f64> {
        match given {
            Some(x) => {
                f.fraction(field, x)?;
                over.push((field.to_string(), x.to_string()));
                Ok(x)
            }
            None => Ok(default),
        }
    };
    let output_variation = fraction(
        "output_variation",
        s.output_variation,
        data.availability.output_variation.value,
    )?;
    let subsidy_share = fraction("subsidy", s.subsidy, data.evaluation.subsidy_share.value)?;
    let lost_power = fraction(
        "lost_power_kwh_per_kwh",
        s.lost_power_kwh_per_kwh,
        data.availability.lost_power_kwh_per_kwh.value,
    )?;
    let is_steam_pipe = s.delivery == Delivery::Pipe && s.temperature == TemperatureClass::Steam;
    if !is_steam_pipe {
        f.only_for(
            &[
                ("accumulator", s.accumulator.is_some()),
                ("condensate_return", s.condensate_return.is_some()),
                ("steam_price_yen_per_t", s.steam_price_yen_per_t.is_some()),
            ],
            "steam delivered by pipe",
        )?;
    }
    let heat_pump_cop = heat_pump_cop(s, lib, f, &mut over)?;
    let pcm = pcm(s, lib, f, &mut over)?;
    let logistics = logistics(s, lib, f, &mut over)?;
    for (field, v, max) in [
        ("containers", s.containers, MAX_CONTAINERS),
        ("drivers", s.drivers, MAX_DRIVERS),
    ] {
        if let Some(n) = v.filter(|n| *n == 0 || u64::from(*n) > max) {
            return Err(f.err(
                field,
                format!("{field} must be 1 to {max} (see `kukaku library`, limits), got {n}"),
            ));
        }
        if let Some(n) = v {
            over.push((field.to_string(), n.to_string()));
        }
    }
    let mut source = Source {
        id: s.id.clone(),
        name: s
            .name
            .clone()
            .unwrap_or_else(|| crate::i18n::Local::Plain(s.id.clone())),
        class: s.temperature,
        delivery: s.delivery,
        distance_km: s.distance_km,
        available_kw,
        availability_note,
        output_variation,
        accumulator: is_steam_pipe && s.accumulator.unwrap_or(data.pipe.accumulator.value),
        backup_boiler: s.backup_boiler.unwrap_or(data.pipe.backup_boiler.value),
        condensate_return: s
            .condensate_return
            .unwrap_or(data.pipe.condensate_return.value),
        heat_pump_cop,
        heat_pump_kw: s.heat_pump_kw,
        absorption_kw: 0.0,
        lost_power_kwh_per_kwh: lost_power,
        steam_price_yen_per_t: None,
        subsidy_share,
        pcm,
        containers: s.containers,
        drivers: s.drivers,
        logistics,
        overrides: vec![],
    };
    if let Some(p) = s.steam_price_yen_per_t {
        f.non_negative(
            "steam_price_yen_per_t",
            p,
            crate::limits::MAX_STEAM_PRICE_YEN_PER_T,
            "¥/t",
        )?;
        over.push(("steam_price_yen_per_t".into(), p.to_string()));
        source.steam_price_yen_per_t = Some(p);
    }
    if let Some(a) = s.absorption_kw {
        f.non_negative("absorption_kw", a, MAX_KW, "kW")?;
        if a > 0.0 && !source.hot_water_absorption(data) {
            return Err(f.err(
                "absorption_kw",
                "a hot-water absorption chiller needs 80 °C water by pipe or erythritol containers; steam drives the user's own steam absorption chillers".into(),
            ));
        }
        over.push(("absorption_kw".into(), a.to_string()));
        source.absorption_kw = a;
    }
    for (field, v) in [
        ("backup_boiler", s.backup_boiler),
        ("accumulator", s.accumulator),
        ("condensate_return", s.condensate_return),
    ] {
        if let Some(b) = v {
            over.push((field.to_string(), b.to_string()));
        }
    }
    source.overrides = over;
    Ok(source)
}

/// Heat available each hour, kW, within the source's operating hours, from exactly one of
/// a constant, 12 monthly means or a measured series; and how it was given.
fn availability(
    s: &SourceSpec,
    calendar: &Calendar,
    imports: import::ImportRoot,
    f: &Fields,
) -> Result<(Vec<f64>, Text)> {
    let hours = s.hours.unwrap_or([0, 24]);
    if hours[0] >= hours[1] || hours[1] > 24 {
        return Err(f.err(
            "hours",
            format!(
                "hours must be [start, end) with 0 ≤ start < end ≤ 24, got [{}, {}]",
                hours[0], hours[1]
            ),
        ));
    }
    let sched = schedule(calendar, hours, s.weekdays_only);
    let given = [
        s.available_kw.is_some(),
        s.available_kw_by_month.is_some(),
        s.available_file.is_some(),
    ];
    if given.iter().filter(|x| **x).count() != 1 {
        return Err(f.map.error(
            &f.path,
            "give exactly one of available_kw (constant), available_kw_by_month (12 monthly means) or available_file (CSV)",
        ));
    }
    let (available_kw, note) = if let Some(kw) = s.available_kw {
        f.non_negative("available_kw", kw, MAX_KW, "kW")?;
        (
            sched.iter().map(|on| on * kw).collect::<Vec<f64>>(),
            Phrase::new("note.available_constant", &[("kw", kw.to_string())]),
        )
    } else if let Some(m) = &s.available_kw_by_month {
        if m.len() != 12 {
            return Err(f.err(
                "available_kw_by_month",
                format!("needs 12 monthly means (kW), got {}", m.len()),
            ));
        }
        for (j, x) in m.iter().enumerate() {
            f.non_negative(&format!("available_kw_by_month[{j}]"), *x, MAX_KW, "kW")?;
        }
        (
            (0..HOURS_PER_YEAR)
                .map(|t| sched[t] * m[calendar.month_of_hour(t) as usize - 1])
                .collect(),
            Phrase::new("note.available_monthly", &[]),
        )
    } else {
        let file = s
            .available_file
            .as_ref()
            .expect("checked: exactly one given");
        let field = format!("{}.available_file.file", f.path);
        let imported = import::read_import(imports, f.map, &field, &file.file)?;
        let series = import::parse_series(&imported.name, &imported.text, file.column)
            .map_err(|e| imported.locate(f.map, e))?;
        (
            import::to_hourly(&series, &sched, &calendar.month_ranges()),
            Phrase::new("note.available_measured", &[("file", file.file.clone())]),
        )
    };
    let note = match (hours, s.weekdays_only) {
        ([0, 24], false) => note,
        ([a, b], w) => Phrase::new(
            if w {
                "note.available_hours_weekdays"
            } else {
                "note.available_hours"
            },
            &[("from", format!("{a:02}:00")), ("to", format!("{b:02}:00"))],
        )
        .with("availability", note),
    };
    Ok((available_kw, note.into()))
}

/// Heating COP of the heat pump that lifts a low-temperature source (0 for hotter ones,
/// which must not set heat-pump fields).
fn heat_pump_cop(s: &SourceSpec, lib: &Library, f: &Fields, over: &mut Overrides) -> Result<f64> {
    if s.temperature != TemperatureClass::LowTemperature {
        f.only_for(
            &[
                ("heat_pump_cop", s.heat_pump_cop.is_some()),
                ("heat_pump_kw", s.heat_pump_kw.is_some()),
            ],
            "`temperature: low_temperature` sources",
        )?;
        return Ok(0.0);
    }
    let cop = match s.heat_pump_cop {
        Some(c) => {
            if !c.is_finite() || c <= 1.0 {
                return Err(f.err(
                    "heat_pump_cop",
                    format!("a heat-pump COP must exceed 1, got {c}"),
                ));
            }
            over.push(("heat_pump_cop".into(), c.to_string()));
            c
        }
        None => low_temperature_heat_pump_cop(&lib.waste_heat, &lib.supply)?,
    };
    if let Some(k) = s.heat_pump_kw {
        f.positive("heat_pump_kw", k, MAX_KW, "kW")?;
    }
    Ok(cop)
}

/// The PCM of a container source (default waste_heat.yaml), checked against the source's
/// temperature and distance; none for a pipe, which must not set container fields.
fn pcm(s: &SourceSpec, lib: &Library, f: &Fields, over: &mut Overrides) -> Result<Option<String>> {
    let data = &lib.waste_heat;
    if s.delivery == Delivery::Pipe {
        f.only_for(
            &[
                ("pcm", s.pcm.is_some()),
                ("containers", s.containers.is_some()),
                ("drivers", s.drivers.is_some()),
            ],
            "`delivery: containers`",
        )?;
        return Ok(None);
    }
    if s.temperature == TemperatureClass::LowTemperature {
        return Err(f.err(
            "delivery",
            "PCM containers need a source of at least 80 °C (waste-heat.md §1); a low-temperature source needs a pipe and a heat pump".into(),
        ));
    }
    let id = s
        .pcm
        .clone()
        .unwrap_or_else(|| data.containers.default_pcm.value.clone());
    let Some(m) = data.containers.pcm.get(&id) else {
        let known: Vec<&str> = data.containers.pcm.keys().map(String::as_str).collect();
        let hint = did_you_mean(&id, known.iter().copied())
            .map(|b| format!(" — did you mean `{b}`?"))
            .unwrap_or_default();
        return Err(f.err(
            "pcm",
            format!("unknown PCM `{id}`{hint}; known: {}", known.join(", ")),
        ));
    };
    if s.temperature < m.min_class {
        return Err(f.err(
            "pcm",
            format!(
                "{id} needs a `{}` source or hotter ({})",
                m.min_class.id(),
                m.source
            ),
        ));
    }
    if s.distance_km > data.containers.max_distance_km.value {
        return Err(f.err(
            "distance_km",
            format!(
                "containers serve users within about {} km of the source (waste-heat.md §1), got {}",
                data.containers.max_distance_km.value, s.distance_km
            ),
        ));
    }
    if s.pcm.is_some() {
        over.push(("pcm".into(), id.clone()));
    }
    Ok(Some(id))
}

/// The logistics options of a container source (defaults from waste_heat.yaml); a pipe
/// must not set them.
fn logistics(s: &SourceSpec, lib: &Library, f: &Fields, over: &mut Overrides) -> Result<Logistics> {
    let mut l = Logistics::defaults(&lib.waste_heat);
    let Some(spec) = &s.logistics else {
        return Ok(l);
    };
    if s.delivery == Delivery::Pipe {
        return Err(f.err(
            "logistics",
            "logistics applies to `delivery: containers`".into(),
        ));
    }
    if let Some(x) = spec.round_trip {
        l.round_trip = x;
        over.push(("logistics.round_trip".into(), serde_name(&x)));
    }
    if let Some(x) = spec.plan {
        l.plan = x;
        over.push(("logistics.plan".into(), serde_name(&x)));
    }
    if let Some(x) = spec.credit {
        l.credit = x;
        over.push(("logistics.credit".into(), serde_name(&x)));
    }
    if let Some(h) = spec.roster_h {
        if h == 0 || h > 24 {
            return Err(f.err(
                "logistics.roster_h",
                format!("a roster is 1–24 hours a day, got {h}"),
            ));
        }
        let transport = lib.waste_heat.containers.transport_h.value.round().max(1.0) as usize;
        if h < 2 * transport {
            return Err(f.err(
                "logistics.roster_h",
                format!("{h} h cannot hold one round trip of 2 × {transport} h"),
            ));
        }
        l.roster = if h == 24 {
            [0, 24]
        } else {
            let start = l.roster[0].min(24 - h);
            [start, start + h]
        };
        over.push(("logistics.roster_h".into(), h.to_string()));
    }
    Ok(l)
}

/// The serde name of a unit enum value (as the case file writes it).
fn serde_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Resolve the `sources:` ids of the system at `path` against the case's sources (no
/// unknown or repeated ids).
pub fn resolve(
    ids: &[String],
    path: &str,
    sources: &BTreeMap<String, Arc<Source>>,
    map: &SourceMap,
) -> Result<Vec<Arc<Source>>> {
    let mut resolved = vec![];
    for (j, id) in ids.iter().enumerate() {
        let fp = format!("{path}.sources[{j}]");
        let Some(s) = sources.get(id) else {
            let hint = did_you_mean(id, sources.keys().map(String::as_str))
                .map(|b| format!(" — did you mean `{b}`?"))
                .unwrap_or_default();
            let known = if sources.is_empty() {
                "the case has no `sources:` list".to_string()
            } else {
                format!(
                    "known: {}",
                    sources.keys().cloned().collect::<Vec<_>>().join(", ")
                )
            };
            return Err(map.error(&fp, format!("unknown source `{id}`{hint}; {known}")));
        };
        if ids[..j].contains(id) {
            return Err(map.error(&fp, format!("source `{id}` listed twice")));
        }
        resolved.push(s.clone());
    }
    Ok(resolved)
}

/// A source with the FS's monthly plan follows its users' fuel records: only a
/// `kind: individual` system with `source_user:` can take it (`has_users`).
pub fn check_monthly_plan(
    resolved: &[Arc<Source>],
    ids: &[String],
    path: &str,
    has_users: bool,
    map: &SourceMap,
) -> Result<()> {
    match resolved
        .iter()
        .position(|s| s.logistics.plan == PlanMethod::Monthly)
    {
        Some(j) if !has_users => Err(map.error(
            &format!("{path}.sources[{j}]"),
            format!(
                "source `{}` plans its deliveries monthly from its users' fuel records (logistics.plan: monthly): take it on a `kind: individual` system with `source_user:` uses that have `fuel_records`",
                ids[j]
            ),
        )),
        _ => Ok(()),
    }
}
