//! Parsing and validating the `systems:` list of an alternative.

use super::{SystemKind, SystemSpec};
use crate::case::SourceMap;
use crate::error::Result;
use crate::library::Library;

/// Parse the system specs of one alternative (`(field path, YAML value)` pairs).
pub fn parse_systems(
    raw: &[(String, serde_yaml::Value)],
    lib: &Library,
    map: &SourceMap,
) -> Result<Vec<SystemSpec>> {
    let data = &lib.supply;
    let mut out: Vec<SystemSpec> = vec![];
    for (path, v) in raw {
        let spec: SystemSpec = crate::case::from_value(path, v, map)?;
        if out.iter().any(|s| s.id == spec.id) {
            return Err(map.error(
                &format!("{path}.id"),
                format!("duplicate system id `{}`", spec.id),
            ));
        }
        let frac = |field: &str, v: Option<f64>| -> Result<()> {
            match v {
                Some(x) if !(0.0..=1.0).contains(&x) || !x.is_finite() => Err(map.error(
                    &format!("{path}.{field}"),
                    format!("must be a fraction in [0, 1], got {x}"),
                )),
                _ => Ok(()),
            }
        };
        frac("unused_share", spec.unused_share)?;
        if let Some(m) = spec.margin {
            if !m.is_finite() || !(1.0..=3.0).contains(&m) {
                return Err(map.error(
                    &format!("{path}.margin"),
                    format!("sizing margin must be in [1, 3], got {m}"),
                ));
            }
        }
        for (field, v) in [("interest", spec.interest), ("staff", spec.staff)] {
            if let Some(x) = v {
                if !x.is_finite() || x < 0.0 {
                    return Err(
                        map.error(&format!("{path}.{field}"), format!("must be ≥ 0, got {x}"))
                    );
                }
            }
        }
        if let Some(y) = spec.years {
            if !y.is_finite() || !(1.0..=100.0).contains(&y) {
                return Err(map.error(
                    &format!("{path}.years"),
                    format!("recovery period must be 1–100 years, got {y}"),
                ));
            }
        }
        if let Some(b) = &spec.buildup {
            frac("buildup.takeup", b.takeup)?;
            frac("buildup.start", b.start)?;
            frac("buildup.end", b.end)?;
            if let Some(c) = &b.curve {
                if c.is_empty() || c.iter().any(|x| !(0.0..=1.0).contains(x)) {
                    return Err(map.error(
                        &format!("{path}.buildup.curve"),
                        "take-up curve needs values in [0, 1]",
                    ));
                }
            }
            if b.takeup == Some(0.0) {
                return Err(map.error(&format!("{path}.buildup.takeup"), "take-up 0 sells no heat"));
            }
        }
        let known = |id: &str| data.equipment.contains_key(id);
        let names = || {
            data.equipment
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(c) = &spec.cooling {
            for (i, s) in c.iter().enumerate() {
                if !known(&s.equipment) {
                    return Err(map.error(
                        &format!("{path}.cooling[{i}].equipment"),
                        format!("unknown equipment `{}`; known: {}", s.equipment, names()),
                    ));
                }
                if !(0.0..=2.0).contains(&s.share) {
                    return Err(map.error(
                        &format!("{path}.cooling[{i}].share"),
                        "share must be in [0, 2]",
                    ));
                }
            }
        }
        for (i, item) in spec.plant.iter().enumerate() {
            if !known(&item.equipment) {
                return Err(map.error(
                    &format!("{path}.plant[{i}].equipment"),
                    format!("unknown equipment `{}`; known: {}", item.equipment, names()),
                ));
            }
            if item.serves != "cooling" && item.serves != "heating" {
                return Err(map.error(
                    &format!("{path}.plant[{i}].serves"),
                    "serves must be `cooling` or `heating`",
                ));
            }
            if let Some(s) = item.share {
                if !(0.0..=1.0).contains(&s) {
                    return Err(map.error(
                        &format!("{path}.plant[{i}].share"),
                        "share must be in [0, 1]",
                    ));
                }
            }
            if let Some(c) = item.capacity_kwh {
                if !c.is_finite() || c < 0.0 {
                    return Err(map.error(
                        &format!("{path}.plant[{i}].capacity_kwh"),
                        "capacity must be ≥ 0",
                    ));
                }
            }
        }
        if spec.kind == SystemKind::SolarCluster {
            if spec.unused_share.is_some()
                || spec.buildup.is_some()
                || !spec.plant.is_empty()
                || spec.cooling.is_some()
                || spec.dispatch.is_some()
                || spec.margin.is_some()
                || spec.buildings.is_some()
                || spec.staff.is_some()
                || spec.sizing.is_some()
                || spec.subsidy != super::Subsidy::None
            {
                return Err(map.error(
                    path,
                    "a `solar_cluster` system takes its parameters under `cluster:` (plus interest, years); margin, sizing, cooling, plant, dispatch, unused_share, buildup, buildings, staff and subsidy apply to dhc/individual systems",
                ));
            }
            let d = &lib.housing;
            let default = super::cluster::ClusterSpec::default();
            let cs = spec.cluster.as_ref().unwrap_or(&default);
            if let Err((field, msg)) = super::cluster::validate(cs, d) {
                return Err(map.error(&format!("{path}.cluster.{field}"), msg));
            }
        } else if spec.cluster.is_some() {
            return Err(map.error(
                &format!("{path}.cluster"),
                "`cluster:` parameters apply to `kind: solar_cluster` systems",
            ));
        }
        if spec.kind == SystemKind::Individual
            && (spec.unused_share.is_some()
                || spec.buildup.is_some()
                || !spec.plant.is_empty()
                || spec.sizing.is_some())
        {
            return Err(map.error(
                path,
                "unused_share, buildup, plant and sizing apply to `kind: dhc` systems",
            ));
        }
        out.push(spec);
    }
    Ok(out)
}
