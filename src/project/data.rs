//! Built-in defaults of the land-readjustment project (`src/data/project.yaml`): the
//! institutional survey's counts (dhc-benchmarks.md), its timing, the connection
//! assumptions, the 減歩 formulas and the subsidy programmes, each `{ value, unit, source }`.

use crate::sourced::{Sourced, SourcedText};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const PROJECT_YAML: &str = include_str!("../data/project.yaml");

/// The survey of 20 land-readjustment DHC districts (dhc-benchmarks.md).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    /// Districts surveyed.
    pub districts_surveyed: Sourced,
    /// Plant site leased inside a building.
    pub plant_site_lease_in_building: Sourced,
    /// Plant site bought as reserved land (保留地).
    pub plant_site_reserved_land: Sourced,
    /// Plant site on a replotted lot (換地).
    pub plant_site_replotted_land: Sourced,
    /// Conduit / tunnel built by the project.
    pub project_built_conduit: Sourced,
    /// Pipes built by the project.
    pub project_built_pipes: Sourced,
    /// Connection secured by sale conditions or agreements.
    pub connection_secured: Sourced,
}

/// Timing reported by the survey, years.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// Shortest lag from 仮換地指定 to supply start, years.
    pub supply_lag_min_years: Sourced,
    /// Longest lag from 仮換地指定 to supply start, years.
    pub supply_lag_max_years: Sourced,
    /// Shortest build-up, years.
    pub buildup_min_years: Sourced,
    /// Longest build-up, years.
    pub buildup_max_years: Sourced,
}

/// Voluntary connection (no obligation).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Connection {
    /// Share of built floor without obligation connected at the end of the ramp, 0–1.
    pub voluntary_final_share: Sourced,
    /// Years from supply start to that share (linear ramp).
    pub voluntary_ramp_years: Sourced,
}

/// Land arithmetic (texts with sources; the code follows them).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Land {
    /// Annual cost of a bought plant site.
    pub plant_land_annual_charge: SourcedText,
    /// Average contribution ratio.
    pub contribution_ratio: SourcedText,
    /// Extra reserved land for a cost.
    pub extra_reserved_land: SourcedText,
    /// Equal-value check.
    pub equal_value_check: SourcedText,
}

/// A subsidy programme for district pipe works.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// Name of the programme.
    pub label: String,
    /// Share of the eligible cost paid, 0–1.
    pub share: Sourced,
    /// Cap, ¥ thousand (none: uncapped in the source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_kyen: Option<Sourced>,
}

/// project.yaml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectData {
    /// Survey counts.
    pub survey: Survey,
    /// Survey timing.
    pub timing: Timing,
    /// Connection assumptions.
    pub connection: Connection,
    /// Land arithmetic.
    pub land: Land,
    /// Subsidy programmes by id.
    pub subsidies: BTreeMap<String, Programme>,
}

impl ProjectData {
    /// Parse the built-in project.yaml.
    pub fn builtin() -> Result<ProjectData, String> {
        let d: ProjectData = serde_yaml::from_str(PROJECT_YAML)
            .map_err(|e| format!("built-in project.yaml: {e}"))?;
        for (id, p) in &d.subsidies {
            if !(0.0..=1.0).contains(&p.share.value) {
                return Err(format!(
                    "project.yaml: subsidies.{id}.share must be in [0, 1]"
                ));
            }
        }
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_with_the_survey_counts() {
        let d = ProjectData::builtin().unwrap();
        assert_eq!(d.survey.plant_site_lease_in_building.value, 7.0);
        assert_eq!(d.survey.project_built_conduit.value, 5.0);
        assert!(d.subsidies.contains_key("toshi_saisei_seibi"));
    }
}
