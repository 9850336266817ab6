//! Builds the hourly use models of a case from the library: built-in uses with the case's
//! dataset and region, plus user-defined uses (borrowed or own shapes, overridden
//! intensities, imported measured series).

use crate::calendar::Calendar;
use crate::carrier::{Carrier, PerCarrier};
use crate::case::{Case, SourceMap, UserUseSpec};
use crate::error::Result;
use crate::import;
use crate::library::{CarrierShape, Library};
use crate::load::{synthesize, RegionalCoefficients, UseModel};
use std::collections::BTreeMap;

/// Regional coefficients of a carrier in a region (hot water and electricity: none).
pub fn regional(lib: &Library, region: &str, carrier: Carrier) -> RegionalCoefficients {
    let Some((_, r)) = lib.region(region) else {
        return RegionalCoefficients::NONE;
    };
    match carrier {
        Carrier::Heating => RegionalCoefficients {
            peak: r.peak_heating,
            annual: r.annual_heating,
        },
        Carrier::Cooling => RegionalCoefficients {
            peak: r.peak_cooling,
            annual: r.annual_cooling,
        },
        _ => RegionalCoefficients::NONE,
    }
}

/// The models of every built-in use for a dataset and region.
pub fn builtin_models(
    lib: &Library,
    calendar: &Calendar,
    dataset: &str,
    region: &str,
) -> std::result::Result<BTreeMap<String, UseModel>, String> {
    let mut out = BTreeMap::new();
    for (id, def) in &lib.uses {
        let intensity = lib.intensity(dataset, &def.intensity)?;
        let shapes = &lib.profiles.uses[&def.shape];
        let mut unit: PerCarrier<Vec<f64>> = Default::default();
        let mut sizing = PerCarrier::<f64>::default();
        for c in Carrier::ALL {
            let rc = regional(lib, region, c);
            let (s, _) = synthesize(
                &shapes[c.id()],
                &lib.profiles.seasons,
                calendar,
                intensity.annual_kwh_per_m2[c.index()],
                rc,
            );
            unit[c.index()] = s;
            sizing[c.index()] = intensity.sizing_w_per_m2[c.index()] * rc.peak;
        }
        let source = format!(
            "shape `{}` (profiles.yaml); intensities: {}; {}",
            def.shape, intensity.source, def.source
        );
        out.insert(
            id.clone(),
            UseModel::new(
                id,
                &def.label_en,
                &def.label_ja,
                unit,
                sizing,
                calendar,
                source,
            ),
        );
    }
    Ok(out)
}

/// The calendar of a case.
pub fn case_calendar(case: &Case) -> Calendar {
    Calendar::new(case.calendar_year, case.year_end_break)
}

/// All use models of a case (built-in and user-defined).
pub fn case_models(
    lib: &Library,
    case: &Case,
    calendar: &Calendar,
    map: &SourceMap,
) -> Result<BTreeMap<String, UseModel>> {
    let mut models = builtin_models(lib, calendar, &case.dataset, &case.region)
        .map_err(crate::error::Error::Runtime)?;
    for (id, spec) in &case.raw.uses {
        let m = user_model(lib, case, calendar, map, id, spec)?;
        models.insert(id.clone(), m);
    }
    Ok(models)
}

fn user_model(
    lib: &Library,
    case: &Case,
    calendar: &Calendar,
    map: &SourceMap,
    id: &str,
    spec: &UserUseSpec,
) -> Result<UseModel> {
    let p = format!("uses.{id}");
    let like_id = spec.like.clone().unwrap_or_else(|| id.to_string());
    let like = lib.uses.get(&like_id);
    let intensity_row = spec
        .intensity
        .clone()
        .or_else(|| like.map(|l| l.intensity.clone()))
        .unwrap_or_else(|| like_id.clone());
    let intensity = lib.intensity(&case.dataset, &intensity_row).ok();
    let mut unit: PerCarrier<Vec<f64>> = Default::default();
    let mut sizing = PerCarrier::<f64>::default();
    let mut notes = vec![];
    let (record, from_records) = fuel_records(lib, case, calendar, map, id, spec, like)?;
    for c in Carrier::ALL {
        let rc = regional(lib, &case.region, c);
        let shape: Option<&CarrierShape> = spec
            .shapes
            .get(c.id())
            .or_else(|| like.map(|l| &lib.profiles.uses[&l.shape][c.id()]));
        let annual = spec
            .annual_kwh_m2
            .get(c.id())
            .copied()
            .or_else(|| intensity.as_ref().map(|i| i.annual_kwh_per_m2[c.index()]));
        let series = if let Some(h) = from_records[c.index()].clone() {
            h
        } else if let Some(ms) = spec.measured.get(c.id()) {
            let mp = format!("{p}.measured.{}", c.id());
            let f = import::read_import(case.imports(), map, &format!("{mp}.file"), &ms.file)?;
            let series =
                import::parse_series(&f.name, &f.text, ms.column).map_err(|e| f.locate(map, e))?;
            let template = match shape {
                Some(s) => {
                    synthesize(
                        s,
                        &lib.profiles.seasons,
                        calendar,
                        1.0,
                        RegionalCoefficients::NONE,
                    )
                    .0
                }
                None => vec![1.0; crate::calendar::HOURS_PER_YEAR],
            };
            let mut h = import::to_hourly(&series, &template, &calendar.month_ranges());
            if let Some(f) = ms.floor_m2 {
                if !f.is_finite() || f <= 0.0 {
                    return Err(map.error(&format!("{mp}.floor_m2"), "floor_m2 must be positive"));
                }
                h.iter_mut().for_each(|v| *v /= f);
            }
            notes.push(format!("{}: measured {}", c.id(), ms.file));
            h
        } else {
            let Some(shape) = shape else {
                return Err(map.error(
                    &p,
                    format!(
                        "no shape for {}: add `like:` or `shapes.{}`",
                        c.id(),
                        c.id()
                    ),
                ));
            };
            let Some(annual) = annual else {
                return Err(map.error(
                    &format!("{p}.annual_kwh_m2"),
                    format!(
                        "no annual intensity for {}: give annual_kwh_m2.{} or `intensity:`",
                        c.id(),
                        c.id()
                    ),
                ));
            };
            synthesize(shape, &lib.profiles.seasons, calendar, annual, rc).0
        };
        sizing[c.index()] = match spec.sizing_w_m2.get(c.id()) {
            Some(v) => *v,
            None => match (
                &intensity,
                spec.annual_kwh_m2.contains_key(c.id())
                    || spec.measured.contains_key(c.id())
                    || from_records[c.index()].is_some(),
            ) {
                (Some(i), false) => i.sizing_w_per_m2[c.index()] * rc.peak,
                // Own energy but no sizing maximum: size on the hourly peak itself.
                _ => crate::load::peak(&series) * 1000.0,
            },
        };
        unit[c.index()] = series;
    }
    let label = spec.label.clone().unwrap_or_else(|| id.to_string());
    let label_ja = spec.label_ja.clone().unwrap_or_else(|| label.clone());
    let source = format!(
        "user-defined in {} (like `{}`, intensities `{}`){}{}",
        case.path,
        like_id,
        intensity_row,
        if notes.is_empty() {
            String::new()
        } else {
            format!("; {}", notes.join("; "))
        },
        spec.source
            .as_ref()
            .map(|s| format!("; {s}"))
            .unwrap_or_default()
    );
    let mut model = UseModel::new(id, &label, &label_ja, unit, sizing, calendar, source);
    model.fuel_record = record;
    Ok(model)
}

/// A user use's monthly fuel records (`uses.<id>.fuel_records`), resolved with the case's
/// factor set, and the heat-carrier series they give (kW/m², along the borrowed shapes on
/// the facility's operating days; `None` for carriers left to the use's other inputs).
#[allow(clippy::type_complexity)]
fn fuel_records(
    lib: &Library,
    case: &Case,
    calendar: &Calendar,
    map: &SourceMap,
    id: &str,
    spec: &UserUseSpec,
    like: Option<&crate::library::UseDef>,
) -> Result<(
    Option<std::sync::Arc<crate::fuel_records::FuelRecord>>,
    PerCarrier<Option<Vec<f64>>>,
)> {
    let Some(fr) = &spec.fuel_records else {
        return Ok((None, Default::default()));
    };
    let p = format!("uses.{id}.fuel_records");
    if let Some(c) = [Carrier::Heating, Carrier::HotWater, Carrier::Cooling]
        .into_iter()
        .find(|c| spec.measured.contains_key(c.id()) || spec.annual_kwh_m2.contains_key(c.id()))
    {
        return Err(map.error(
            &p,
            format!("the fuel records give the heat loads; drop measured/annual_kwh_m2 `{}` of this use", c.id()),
        ));
    }
    let sets = &lib.supply.factor_sets;
    let set = case.raw.factor_set.as_ref().and_then(|f| sets.get(f));
    let factors = set.unwrap_or(&sets[&lib.supply.default_factor_set]);
    let record = crate::fuel_records::resolve(fr, &p, lib, factors, calendar, map)?;
    let template = |c: Carrier| -> Vec<f64> {
        match spec
            .shapes
            .get(c.id())
            .or_else(|| like.map(|l| &lib.profiles.uses[&l.shape][c.id()]))
        {
            Some(s) => {
                synthesize(
                    s,
                    &lib.profiles.seasons,
                    calendar,
                    1.0,
                    RegionalCoefficients::NONE,
                )
                .0
            }
            None => vec![1.0; crate::calendar::HOURS_PER_YEAR],
        }
    };
    let series = crate::fuel_records::hourly_kw_per_m2(&record, template, calendar);
    Ok((Some(std::sync::Arc::new(record)), series))
}
