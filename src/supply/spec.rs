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

/// What every stage asks of a system, whatever its kind. A plant kind implements it on
/// its spec struct (the kind's case-file schema) in its own module and registers one
/// variant in [`SystemSpec`].
pub trait Plant: std::fmt::Debug {
    /// Identifier (unique in the alternative).
    fn id(&self) -> &str;

    /// Kind.
    fn kind(&self) -> SystemKind;

    /// The name the case file gives, if any.
    fn name(&self) -> Option<&crate::i18n::Local>;

    /// Check the values against their ranges and the library (`path`: the system's field
    /// path, for errors).
    fn check(&self, path: &str, lib: &Library, map: &SourceMap) -> Result<()>;

    /// Evaluate the system for an alternative (`shared`: plant runs the alternative's
    /// systems share).
    fn evaluate(&self, input: &SupplyInput, shared: &mut Shared) -> SystemResult;

    /// The scenario lever if the system is a variant of a plain system (build-up, sources,
    /// unused-energy share, subsidy); none for the plain system.
    fn scenario_lever(&self) -> Option<Lever> {
        None
    }

    /// True when the system takes unused-energy sources.
    fn has_sources(&self) -> bool {
        false
    }

    /// The values the case file set instead of a library default, as (field, value), for
    /// the assumptions appendix.
    fn overrides(&self) -> Vec<(String, String)>;

    /// The equipment ids of supply.yaml the system installs (for the assumptions appendix).
    fn equipment(&self, _d: &SupplyData) -> Vec<String> {
        vec![]
    }

    /// Check the system's `sources:` against the case's sources and attach them.
    fn attach(
        &mut self,
        _path: &str,
        _sources: &BTreeMap<String, Arc<unused::Source>>,
        _alt: &Alternative,
        _map: &SourceMap,
    ) -> Result<()> {
        Ok(())
    }
}

impl SystemSpec {
    /// The system as a [`Plant`] (the one place that lists the kinds' specs).
    pub fn plant(&self) -> &dyn Plant {
        match self {
            SystemSpec::Individual(s) => s,
            SystemSpec::Dhc(s) => s,
            SystemSpec::SolarCluster(s) => s,
        }
    }

    fn plant_mut(&mut self) -> &mut dyn Plant {
        match self {
            SystemSpec::Individual(s) => s,
            SystemSpec::Dhc(s) => s,
            SystemSpec::SolarCluster(s) => s,
        }
    }

    /// Identifier (unique in the alternative).
    pub fn id(&self) -> &str {
        self.plant().id()
    }

    /// Kind.
    pub fn kind(&self) -> SystemKind {
        self.plant().kind()
    }

    /// The name the case file gives, else the id.
    pub fn name(&self) -> crate::i18n::Local {
        self.plant()
            .name()
            .cloned()
            .unwrap_or_else(|| crate::i18n::Local::Plain(self.id().to_string()))
    }

    /// See [`Plant::scenario_lever`].
    pub fn scenario_lever(&self) -> Option<Lever> {
        self.plant().scenario_lever()
    }

    /// See [`Plant::has_sources`].
    pub fn has_sources(&self) -> bool {
        self.plant().has_sources()
    }

    /// See [`Plant::overrides`].
    pub fn overrides(&self) -> Vec<(String, String)> {
        self.plant().overrides()
    }

    /// See [`Plant::equipment`].
    pub fn equipment(&self, d: &SupplyData) -> Vec<String> {
        self.plant().equipment(d)
    }

    /// See [`Plant::evaluate`].
    pub fn evaluate(&self, input: &SupplyInput, shared: &mut Shared) -> SystemResult {
        self.plant().evaluate(input, shared)
    }

    /// See [`Plant::attach`].
    pub fn attach(
        &mut self,
        path: &str,
        sources: &BTreeMap<String, Arc<unused::Source>>,
        alt: &Alternative,
        map: &SourceMap,
    ) -> Result<()> {
        self.plant_mut().attach(path, sources, alt, map)
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
            .map_err(|e| hint_other_kind(e, kind, &body, map))?;
        spec.plant().check(path, lib, map)?;
        Ok(spec)
    }

    /// The spec of `kind` from the system's fields (the one place that maps kinds to their
    /// specs).
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

/// A field unknown to its kind gets a hint naming the kinds that take it.
fn hint_other_kind(e: Error, kind: SystemKind, body: &serde_yaml::Value, map: &SourceMap) -> Error {
    let Error::Input(mut ie) = e else { return e };
    let Some(field) = ie
        .message
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
        .map(str::to_string)
    else {
        return Error::Input(ie);
    };
    // Does kind `k` take the field (with the value given)?
    let probe = |k: SystemKind| {
        let mut m = serde_yaml::Mapping::new();
        m.insert("id".into(), "probe".into());
        if let Some(v) = body.get(field.as_str()) {
            m.insert(field.as_str().into(), v.clone());
        }
        let unknown = format!("unknown field `{field}`");
        !matches!(
            SystemSpec::parse_kind(k, "", &serde_yaml::Value::Mapping(m), map),
            Err(Error::Input(e)) if e.message.starts_with(&unknown)
        )
    };
    let takers: Vec<String> = SystemKind::ALL
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

    /// A number in [`lo`, `hi`] `unit` (the range in the message).
    pub fn range(&self, field: &str, v: Option<f64>, lo: f64, hi: f64, unit: &str) -> Result<()> {
        match v.and_then(|x| crate::limits::out_of_range(x, lo, hi, unit)) {
            Some(m) => Err(self.error(field, m)),
            None => Ok(()),
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

/// The finance overrides every kind may carry: interest in [0, `MAX_INTEREST`], recovery
/// period 1–100 years.
pub fn check_finance(c: &Checker, interest: Option<f64>, years: Option<f64>) -> Result<()> {
    c.range(
        "interest",
        interest,
        0.0,
        crate::limits::MAX_INTEREST,
        "per year",
    )?;
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
