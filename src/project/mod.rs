//! The energy plan inside the land-readjustment project (土地区画整理事業, issue 16).
//!
//! A case's optional `project:` section ([`ProjectSpec`]) gives the project's milestones
//! (事業認可, 仮換地指定, 使用収益開始, 換地処分) in years, the DHC supply start, a build-out
//! curve per parcel or use, and the land figures of the project (pre-project 宅地 area,
//! public-land increase, reserved land, land prices before/after). A DHC system's own
//! `project:` block ([`DhcProjectSpec`]) chooses the plant site, who pays the conduit and the
//! pipes (operator, project, a named subsidy programme) and the connection levers
//! (obligation by reserved-land sale conditions or a まちづくり協定 against voluntary take-up).
//!
//! - [`timeline`]: take-up by year from the build-out curves and the connection levers,
//!   and plant staging by units;
//! - [`land`]: infrastructure cost sharing and its effect on the average land contribution
//!   ratio (平均減歩率), the plant-site cost;
//! - [`data`]: the defaults of `src/data/project.yaml`.
//!
//! The year-by-year economics (take-up → heat sold, capital by stage, revenue at the
//! levelised price, cumulative cash) is [`crate::econ::price_path`], called by the DHC
//! economics (`supply::dhc::economics`).

pub mod data;
pub mod land;
pub mod timeline;

pub use data::ProjectData;

use crate::case::{from_value, Case, SourceMap};
use crate::error::Result;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A build-out curve: `[year, share]` points (share of the final floor completed by the end
/// of that year, 0–1), linear between points and flat outside them.
pub type Curve = Vec<[f64; 2]>;

/// The project's milestones, years (any origin: project years or calendar years).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Milestones {
    /// Project approval (事業認可).
    pub approval: f64,
    /// Provisional replotting designation (仮換地指定).
    pub provisional_replotting: f64,
    /// Start of use of the provisional lots (使用収益開始).
    pub use_start: f64,
    /// Replotting disposition (換地処分).
    pub replotting_disposition: f64,
}

/// Build-out curves: per parcel, else per use, else the default.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BuildoutSpec {
    /// Curve of every parcel and use not listed below (default: all built at 使用収益開始).
    #[serde(default)]
    pub default: Option<Curve>,
    /// Curves by use id.
    #[serde(default)]
    pub by_use: BTreeMap<String, Curve>,
    /// Curves by parcel id.
    #[serde(default)]
    pub by_parcel: BTreeMap<String, Curve>,
}

/// Land figures of the project (user-given).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LandSpec {
    /// Pre-project 宅地 area (整理前宅地総地積), m².
    pub pre_project_takuchi_m2: f64,
    /// Increase of public land (整理後公共用地 − 整理前公共用地), m².
    pub public_land_increase_m2: f64,
    /// Reserved land (保留地) in the plan, m².
    pub reserved_land_m2: f64,
    /// Land price before the project, ¥/m².
    pub price_before_yen_per_m2: f64,
    /// Land price after the project, ¥/m².
    pub price_after_yen_per_m2: f64,
}

/// The case's `project:` section as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectSpec {
    /// Milestones, years.
    pub milestones: Milestones,
    /// DHC supply start, year (default: 使用収益開始).
    #[serde(default)]
    pub supply_start: Option<f64>,
    /// Build-out curves.
    #[serde(default)]
    pub buildout: BuildoutSpec,
    /// Land figures (needed for the 減歩 effect and a reserved-land plant site's price).
    #[serde(default)]
    pub land: Option<LandSpec>,
}

/// The case's project, checked.
#[derive(Debug, Clone, Serialize)]
pub struct Project {
    /// As written.
    pub spec: ProjectSpec,
    /// Supply start, year.
    pub supply_start: f64,
}

/// Where the DHC plant stands (the survey: lease 7, reserved land 2, replotted lot 1 of 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlantSiteKind {
    /// Leased floor inside a building: rent per m² and month.
    LeaseInBuilding,
    /// Reserved land (保留地) bought from the project: area × land price, and a sale for the
    /// project.
    ReservedLand,
    /// A replotted lot (換地) bought from its owner: area × land price.
    ReplottedLand,
}

impl PlantSiteKind {
    /// Identifier as written in case files (catalogue key under `plant_site.`).
    pub fn id(self) -> &'static str {
        match self {
            PlantSiteKind::LeaseInBuilding => "lease_in_building",
            PlantSiteKind::ReservedLand => "reserved_land",
            PlantSiteKind::ReplottedLand => "replotted_land",
        }
    }
}

/// The plant site of a DHC system.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlantSiteSpec {
    /// Kind of site.
    pub kind: PlantSiteKind,
    /// Area, m² (floor for a lease, land otherwise).
    pub area_m2: f64,
    /// Land price, ¥/m² (default: the project's post-project price).
    #[serde(default)]
    pub land_price_yen_per_m2: Option<f64>,
    /// Rent, ¥/m²·month (lease only).
    #[serde(default)]
    pub rent_yen_per_m2_month: Option<f64>,
}

/// Who pays an infrastructure item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Payer {
    /// The heat supplier.
    #[default]
    Operator,
    /// The land-readjustment project (funded by reserved-land sales).
    Project,
}

impl Payer {
    /// Identifier (catalogue key under `payer.`).
    pub fn id(self) -> &'static str {
        match self {
            Payer::Operator => "operator",
            Payer::Project => "project",
        }
    }
}

/// Who pays the conduit (civil works, tunnel space) and the pipes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InfrastructureSpec {
    /// Conduit / utility-tunnel civil works.
    #[serde(default)]
    pub conduit: Payer,
    /// Pipes.
    #[serde(default)]
    pub pipes: Payer,
    /// Subsidy programme (an id of project.yaml `subsidies`) on conduit and pipes.
    #[serde(default)]
    pub subsidy: Option<String>,
}

/// Means by which connection is obliged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObligationMeans {
    /// Conditions on reserved-land sales.
    ReservedLandSale,
    /// A town-development agreement (まちづくり協定).
    Agreement,
}

/// Connection levers: obliged floor connects when built, the rest voluntarily.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionSpec {
    /// Share of every parcel's floor obliged to connect, 0–1 (default 0).
    #[serde(default)]
    pub obliged_share: Option<f64>,
    /// Parcels wholly obliged (e.g. reserved-land parcels sold with the condition).
    #[serde(default)]
    pub obliged_parcels: Vec<String>,
    /// How the obligation is secured.
    #[serde(default)]
    pub means: Option<ObligationMeans>,
    /// Share of voluntary floor connected at the end of the ramp (default project.yaml).
    #[serde(default)]
    pub voluntary_share: Option<f64>,
    /// Years to reach it (default project.yaml).
    #[serde(default)]
    pub voluntary_ramp_years: Option<f64>,
}

/// A DHC system's `project:` block.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DhcProjectSpec {
    /// Plant units added as demand arrives (each equipment group in whole units).
    #[serde(default)]
    pub staged: bool,
    /// Plant site.
    #[serde(default)]
    pub plant_site: Option<PlantSiteSpec>,
    /// Who pays the infrastructure.
    #[serde(default)]
    pub infrastructure: Option<InfrastructureSpec>,
    /// Connection levers (default: all built floor connects, the study's assumption).
    #[serde(default)]
    pub connection: Option<ConnectionSpec>,
}

/// Parse and check the case's `project:` section (`None` when absent).
pub fn parse(case: &Case, map: &SourceMap) -> Result<Option<Project>> {
    let Some(value) = &case.raw.project else {
        return Ok(None);
    };
    let spec: ProjectSpec = from_value("project", value, map)?;
    let m = &spec.milestones;
    let order = [
        ("approval", m.approval),
        ("provisional_replotting", m.provisional_replotting),
        ("use_start", m.use_start),
        ("replotting_disposition", m.replotting_disposition),
    ];
    for (f, v) in order {
        if !v.is_finite() {
            return Err(map.error(&format!("project.milestones.{f}"), "year must be a number"));
        }
    }
    for w in order.windows(2) {
        if w[1].1 < w[0].1 {
            return Err(map.error(
                &format!("project.milestones.{}", w[1].0),
                format!(
                    "milestones must follow 事業認可 ≤ 仮換地指定 ≤ 使用収益開始 ≤ 換地処分: {} ({}) is before {} ({})",
                    w[1].0, w[1].1, w[0].0, w[0].1
                ),
            ));
        }
    }
    let supply_start = spec.supply_start.unwrap_or(m.use_start);
    if !supply_start.is_finite() || supply_start < m.use_start {
        return Err(map.error(
            "project.supply_start",
            format!(
                "DHC supply cannot start ({supply_start}) before the lots can be used (使用収益開始 {})",
                m.use_start
            ),
        ));
    }
    let check_curve = |path: String, c: &Curve| -> Result<()> {
        if c.is_empty() {
            return Err(map.error(
                &path,
                "a build-out curve needs at least one [year, share] point",
            ));
        }
        for (i, [y, s]) in c.iter().enumerate() {
            if !y.is_finite() || !(0.0..=1.0).contains(s) {
                return Err(map.error(
                    &format!("{path}[{i}]"),
                    format!("point [{y}, {s}]: share must be in [0, 1]"),
                ));
            }
            if i > 0 && *y <= c[i - 1][0] {
                return Err(map.error(&format!("{path}[{i}]"), "years must ascend"));
            }
        }
        Ok(())
    };
    let b = &spec.buildout;
    if let Some(c) = &b.default {
        check_curve("project.buildout.default".into(), c)?;
    }
    let uses: std::collections::BTreeSet<&str> = case
        .alternatives
        .iter()
        .flat_map(|a| a.parcels.iter().flat_map(|p| p.floor_by_use_m2.iter()))
        .map(|(u, _)| u.as_ref())
        .collect();
    for (u, c) in &b.by_use {
        let path = format!("project.buildout.by_use.{u}");
        if !uses.contains(u.as_str()) {
            return Err(map.error(&path, format!("no parcel of any alternative has use `{u}`")));
        }
        check_curve(path, c)?;
    }
    let parcels: std::collections::BTreeSet<&String> = case
        .alternatives
        .iter()
        .flat_map(|a| a.parcels.iter().map(|p| &p.id))
        .collect();
    for (p, c) in &b.by_parcel {
        let path = format!("project.buildout.by_parcel.{p}");
        if !parcels.contains(p) {
            return Err(map.error(&path, format!("no alternative has a parcel `{p}`")));
        }
        check_curve(path, c)?;
    }
    if let Some(l) = &spec.land {
        let fields = [
            ("pre_project_takuchi_m2", l.pre_project_takuchi_m2),
            ("public_land_increase_m2", l.public_land_increase_m2),
            ("reserved_land_m2", l.reserved_land_m2),
            ("price_before_yen_per_m2", l.price_before_yen_per_m2),
            ("price_after_yen_per_m2", l.price_after_yen_per_m2),
        ];
        for (f, v) in fields {
            let positive = f != "public_land_increase_m2" && f != "reserved_land_m2";
            if !v.is_finite() || v < 0.0 || (positive && v == 0.0) {
                return Err(map.error(
                    &format!("project.land.{f}"),
                    format!("must be {}, got {v}", if positive { "> 0" } else { "≥ 0" }),
                ));
            }
        }
        if l.public_land_increase_m2 + l.reserved_land_m2 >= l.pre_project_takuchi_m2 {
            return Err(map.error(
                "project.land.public_land_increase_m2",
                "public-land increase + reserved land must be smaller than the pre-project 宅地 area",
            ));
        }
    }
    Ok(Some(Project { spec, supply_start }))
}

/// Check a DHC system's `project:` block (`path`: its field path).
pub fn check_dhc(
    spec: &DhcProjectSpec,
    path: &str,
    project: Option<&Project>,
    data: &ProjectData,
    map: &SourceMap,
) -> Result<()> {
    let Some(project) = project else {
        return Err(map.error(
            path,
            "a DHC `project:` block needs the case's `project:` section (milestones, build-out)",
        ));
    };
    if let Some(s) = &spec.plant_site {
        let p = format!("{path}.plant_site");
        if !s.area_m2.is_finite() || s.area_m2 <= 0.0 {
            return Err(map.error(&format!("{p}.area_m2"), "plant-site area must be > 0"));
        }
        match s.kind {
            PlantSiteKind::LeaseInBuilding => {
                if !s
                    .rent_yen_per_m2_month
                    .is_some_and(|r| r.is_finite() && r >= 0.0)
                {
                    return Err(map.error(
                        &format!("{p}.rent_yen_per_m2_month"),
                        "a lease inside a building needs its rent (¥/m²·month, ≥ 0)",
                    ));
                }
            }
            PlantSiteKind::ReservedLand | PlantSiteKind::ReplottedLand => {
                if let Some(v) = s.land_price_yen_per_m2 {
                    if !v.is_finite() || v <= 0.0 {
                        return Err(map.error(
                            &format!("{p}.land_price_yen_per_m2"),
                            "land price must be > 0",
                        ));
                    }
                } else if project.spec.land.is_none() {
                    return Err(map.error(
                        &format!("{p}.land_price_yen_per_m2"),
                        "give the land price, or the case's project.land (its post-project price is used)",
                    ));
                }
            }
        }
    }
    if let Some(i) = &spec.infrastructure {
        if let Some(id) = &i.subsidy {
            if !data.subsidies.contains_key(id) {
                let known = data.subsidies.keys().cloned().collect::<Vec<_>>();
                return Err(map.error(
                    &format!("{path}.infrastructure.subsidy"),
                    format!(
                        "unknown subsidy programme `{id}`{}; known: {}",
                        crate::case::did_you_mean(id, known.iter().map(String::as_str))
                            .map(|d| format!(" (did you mean `{d}`?)"))
                            .unwrap_or_default(),
                        known.join(", ")
                    ),
                ));
            }
        }
        if (i.conduit == Payer::Project || i.pipes == Payer::Project) && project.spec.land.is_none()
        {
            return Err(map.error(
                &format!("{path}.infrastructure"),
                "the project's share needs the case's project.land (to turn it into reserved land and 減歩)",
            ));
        }
    }
    if let Some(c) = &spec.connection {
        let p = format!("{path}.connection");
        for (f, v) in [
            ("obliged_share", c.obliged_share),
            ("voluntary_share", c.voluntary_share),
        ] {
            if v.is_some_and(|x| !(0.0..=1.0).contains(&x)) {
                return Err(map.error(&format!("{p}.{f}"), "must be a fraction in [0, 1]"));
            }
        }
        if c.voluntary_ramp_years
            .is_some_and(|x| !x.is_finite() || x < 1.0)
        {
            return Err(map.error(&format!("{p}.voluntary_ramp_years"), "must be ≥ 1 year"));
        }
    }
    Ok(())
}

/// What the project block of a DHC system gives: the path, the plant site, the
/// infrastructure split and its 減歩 effect, the connection levers' effect.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectResult {
    /// Milestones, years.
    pub milestones: Milestones,
    /// Supply start, year.
    pub supply_start: f64,
    /// Floor built by year (heat-weighted share of the full build-out), one per path year.
    pub built: Vec<f64>,
    /// Share of the plant's cost installed by year (staging).
    pub plant_stage: Vec<f64>,
    /// Plant site.
    pub plant_site: Option<land::PlantSiteResult>,
    /// Infrastructure split.
    pub infrastructure: land::InfrastructureResult,
    /// The project's share as reserved land and 減歩 (when the case gives project.land).
    pub land: Option<land::LandEffect>,
    /// Who-pays options side by side: heat price against 減歩.
    pub tradeoff: Vec<land::TradeoffRow>,
    /// Connection levers and their effect.
    pub connection: timeline::ConnectionResult,
}
