//! The `systems:` list of an alternative: one typed spec per plant kind. The kind's own
//! module owns its schema and checks ([`IndividualSpec`], [`DhcSpec`],
//! [`SolarClusterSpec`]); this module reads the `kind:` tag, parses the rest into the
//! kind's struct (with file, line, column and field path on every error) and dispatches
//! the few questions every stage asks of a system.

use super::cluster::SolarClusterSpec;
use super::data::SupplyData;
use super::dhc::DhcSpec;
use super::evaluate::Shared;
use super::individual::IndividualSpec;
use super::{unused, Lever, SupplyInput, SystemKind, SystemResult};
use crate::case::{from_value, Alternative, SourceMap};
use crate::error::{Error, Result};
use crate::library::Library;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A supply system of an alternative: the parameters of its kind.
#[derive(Debug, Clone)]
pub enum SystemSpec {
    /// Every building on its own plant.
    Individual(IndividualSpec),
    /// District heating & cooling.
    Dhc(DhcSpec),
    /// PV and shared solar heat stores per block of dwellings.
    SolarCluster(SolarClusterSpec),
}

impl SystemSpec {
    /// Identifier (unique in the alternative).
    pub fn id(&self) -> &str {
        match self {
            SystemSpec::Individual(s) => &s.id,
            SystemSpec::Dhc(s) => &s.id,
            SystemSpec::SolarCluster(s) => &s.id,
        }
    }

    /// Kind.
    pub fn kind(&self) -> SystemKind {
        match self {
            SystemSpec::Individual(_) => SystemKind::Individual,
            SystemSpec::Dhc(_) => SystemKind::Dhc,
            SystemSpec::SolarCluster(_) => SystemKind::SolarCluster,
        }
    }

    /// The scenario lever if the system is a variant of a plain system (build-up, sources,
    /// unused-energy share, subsidy); none for the plain system.
    pub fn scenario_lever(&self) -> Option<Lever> {
        match self {
            SystemSpec::Individual(s) => s.scenario_lever(),
            SystemSpec::Dhc(s) => s.scenario_lever(),
            SystemSpec::SolarCluster(_) => None,
        }
    }

    /// True when the system takes unused-energy sources.
    pub fn has_sources(&self) -> bool {
        match self {
            SystemSpec::Individual(s) => !s.resolved_sources.is_empty(),
            SystemSpec::Dhc(s) => !s.resolved_sources.is_empty(),
            SystemSpec::SolarCluster(_) => false,
        }
    }

    /// The values the case file set instead of a library default, as (field, value), for
    /// the assumptions appendix.
    pub fn overrides(&self) -> Vec<(String, String)> {
        match self {
            SystemSpec::Individual(s) => s.overrides(),
            SystemSpec::Dhc(s) => s.overrides(),
            SystemSpec::SolarCluster(s) => s.overrides(),
        }
    }

    /// The equipment ids of supply.yaml the system installs (for the assumptions appendix).
    pub fn equipment(&self, d: &SupplyData) -> Vec<String> {
        match self {
            SystemSpec::Individual(_) => super::individual::equipment(d),
            SystemSpec::Dhc(s) => s.equipment(d),
            SystemSpec::SolarCluster(_) => vec![],
        }
    }

    /// Evaluate the system for an alternative (`shared`: plant runs the alternative's
    /// systems share).
    pub fn evaluate(&self, input: &SupplyInput, shared: &mut Shared) -> SystemResult {
        match self {
            SystemSpec::Individual(s) => super::individual::evaluate(input, s),
            SystemSpec::Dhc(s) => super::dhc::evaluate(input, s, shared),
            SystemSpec::SolarCluster(s) => super::cluster::evaluate(input, s),
        }
    }

    /// Check the system's `sources:` against the case's sources and attach them.
    pub fn attach(
        &mut self,
        path: &str,
        sources: &BTreeMap<String, Arc<unused::Source>>,
        alt: &Alternative,
        map: &SourceMap,
    ) -> Result<()> {
        match self {
            SystemSpec::Individual(s) => s.attach(path, sources, alt, map),
            SystemSpec::Dhc(s) => s.attach(path, sources, map),
            SystemSpec::SolarCluster(_) => Ok(()),
        }
    }

    /// Parse one system of the case file (`value` at field path `path`) into the spec of
    /// its kind and check it.
    fn parse(
        path: &str,
        value: &serde_yaml::Value,
        lib: &Library,
        map: &SourceMap,
    ) -> Result<Self> {
        #[derive(serde::Deserialize)]
        struct Head {
            kind: SystemKind,
        }
        let kind = from_value::<Head>(path, value, map)?.kind;
        let mut body = value.clone();
        if let serde_yaml::Value::Mapping(m) = &mut body {
            m.remove("kind");
        }
        let spec = Self::parse_kind(kind, path, &body, map)
            .map_err(|e| hint_other_kind(e, kind, &body))?;
        match &spec {
            SystemSpec::Individual(s) => s.check(path, map)?,
            SystemSpec::Dhc(s) => s.check(path, lib, map)?,
            SystemSpec::SolarCluster(s) => s.check(path, lib, map)?,
        }
        Ok(spec)
    }

    fn parse_kind(
        kind: SystemKind,
        path: &str,
        body: &serde_yaml::Value,
        map: &SourceMap,
    ) -> Result<Self> {
        Ok(match kind {
            SystemKind::Individual => SystemSpec::Individual(from_value(path, body, map)?),
            SystemKind::Dhc => SystemSpec::Dhc(from_value(path, body, map)?),
            SystemKind::SolarCluster => SystemSpec::SolarCluster(from_value(path, body, map)?),
        })
    }
}

/// Every kind, for hints.
const KINDS: [SystemKind; 3] = [
    SystemKind::Individual,
    SystemKind::Dhc,
    SystemKind::SolarCluster,
];

/// A field unknown to its kind gets a hint naming the kinds that take it.
fn hint_other_kind(e: Error, kind: SystemKind, body: &serde_yaml::Value) -> Error {
    let Error::Input(mut ie) = e else { return e };
    let Some(field) = ie
        .message
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
        .map(str::to_string)
    else {
        return Error::Input(ie);
    };
    let probe = |k: SystemKind| {
        let mut m = serde_yaml::Mapping::new();
        m.insert("id".into(), "probe".into());
        if let Some(v) = body.get(field.as_str()) {
            m.insert(field.as_str().into(), v.clone());
        }
        let v = serde_yaml::Value::Mapping(m);
        let unknown = |r: std::result::Result<(), serde_yaml::Error>| {
            r.err()
                .is_some_and(|e| e.to_string().contains(&format!("unknown field `{field}`")))
        };
        !match k {
            SystemKind::Individual => {
                unknown(serde_yaml::from_value::<IndividualSpec>(v).map(|_| ()))
            }
            SystemKind::Dhc => unknown(serde_yaml::from_value::<DhcSpec>(v).map(|_| ())),
            SystemKind::SolarCluster => {
                unknown(serde_yaml::from_value::<SolarClusterSpec>(v).map(|_| ()))
            }
        }
    };
    let takers: Vec<String> = KINDS
        .iter()
        .filter(|k| **k != kind && probe(**k))
        .map(|k| format!("`kind: {}`", k.id()))
        .collect();
    if !takers.is_empty() {
        // The field is right, the kind is not: no "did you mean" another field.
        let base = ie
            .message
            .split(" — did you mean")
            .next()
            .unwrap_or_default();
        ie.message = format!(
            "{base}; `{field}` applies to {} systems",
            takers.join(" and ")
        );
    }
    Error::Input(ie)
}

/// Field checks of one system at its field path.
pub struct Checker<'a> {
    /// The system's field path.
    pub path: &'a str,
    /// Positions of the case file.
    pub map: &'a SourceMap,
}

impl Checker<'_> {
    /// An input error at `field` of the system.
    pub fn error(&self, field: &str, message: impl Into<String>) -> Error {
        self.map.error(&format!("{}.{field}", self.path), message)
    }

    /// A fraction in [0, 1].
    pub fn fraction(&self, field: &str, v: Option<f64>) -> Result<()> {
        match v {
            Some(x) if !(0.0..=1.0).contains(&x) || !x.is_finite() => {
                Err(self.error(field, format!("must be a fraction in [0, 1], got {x}")))
            }
            _ => Ok(()),
        }
    }

    /// A number ≥ 0.
    pub fn non_negative(&self, field: &str, v: Option<f64>) -> Result<()> {
        match v {
            Some(x) if !x.is_finite() || x < 0.0 => {
                Err(self.error(field, format!("must be ≥ 0, got {x}")))
            }
            _ => Ok(()),
        }
    }

    /// An equipment id of supply.yaml.
    pub fn equipment<T>(
        &self,
        field: &str,
        id: &str,
        equipment: &BTreeMap<String, T>,
    ) -> Result<()> {
        if equipment.contains_key(id) {
            return Ok(());
        }
        let names = equipment.keys().cloned().collect::<Vec<_>>().join(", ");
        Err(self.error(field, format!("unknown equipment `{id}`; known: {names}")))
    }
}

/// The finance overrides every kind may carry: interest ≥ 0, recovery period 1–100 years.
pub fn check_finance(c: &Checker, interest: Option<f64>, years: Option<f64>) -> Result<()> {
    c.non_negative("interest", interest)?;
    if let Some(y) = years {
        if !y.is_finite() || !(1.0..=100.0).contains(&y) {
            return Err(c.error(
                "years",
                format!("recovery period must be 1–100 years, got {y}"),
            ));
        }
    }
    Ok(())
}

/// Parse the system specs of one alternative (`(field path, YAML value)` pairs).
pub fn parse_systems(
    raw: &[(String, serde_yaml::Value)],
    lib: &Library,
    map: &SourceMap,
) -> Result<Vec<SystemSpec>> {
    let mut out: Vec<SystemSpec> = vec![];
    for (path, v) in raw {
        let spec = SystemSpec::parse(path, v, lib, map)?;
        if out.iter().any(|s| s.id() == spec.id()) {
            return Err(map.error(
                &format!("{path}.id"),
                format!("duplicate system id `{}`", spec.id()),
            ));
        }
        out.push(spec);
    }
    Ok(out)
}
