//! District heating & cooling (地域冷暖房), `kind: dhc`: one central plant for the
//! alternative's connected loads, the pipe network and the heat unit price, with the
//! scenarios of district-a.md §2 and §5 (unused-energy share, build-up, subsidies) and
//! named unused-energy sources taken before the plant (waste-heat.md).
//!
//! [`DhcSpec`] is the case-file schema of the kind and its checks; [`operate()`] designs and
//! runs the plant hour by hour; [`economics()`] prices it; [`evaluate`] turns both into the
//! system's result.

pub mod chp;
pub mod economics;
pub mod operate;
pub mod scaled;

pub use economics::{
    economics, economics_with, equipment_cost_yen, network_result, AddedCosts, DhcEconomics,
};
pub use operate::{operate, operate_scaled, DhcOutcome};

use super::data::{PlantShare, SizingBasis, SupplyData};
use super::evaluate::{base_result, Common, Shared};
use super::plant::Dispatch;
use super::spec::{check_finance, Checker, Plant};
use super::{unused, Lever, SupplyInput, SystemKind, SystemResult};
use crate::case::{Alternative, SourceMap};
use crate::error::Result;
use crate::i18n::Text;
use crate::library::Library;
use crate::limits;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Who pays the district pipe works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Subsidy {
    /// The operator pays everything.
    #[default]
    None,
    /// Pipe works (civil + pipes) paid by the land-readjustment side.
    Pipes,
    /// Only the utility-tunnel / conduit space (civil part) paid.
    Tunnel,
}

/// Demand build-up scenario.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BuildupSpec {
    /// Average share of the full demand taken up over the horizon (flat), 0–1.
    #[serde(default)]
    pub takeup: Option<f64>,
    /// Or a take-up curve by year (each 0–1), year 1 first.
    #[serde(default)]
    pub curve: Option<Vec<f64>>,
    /// Or a linear ramp: take-up in year 1 …
    #[serde(default)]
    pub start: Option<f64>,
    /// … rising to this share …
    #[serde(default)]
    pub end: Option<f64>,
    /// … over this many years (then flat to the horizon).
    #[serde(default)]
    pub ramp_years: Option<f64>,
    /// Plant capacity installed in stages following the take-up (pipes still built at once).
    #[serde(default)]
    pub staged: bool,
}

/// The load a plant item serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Serves {
    /// Cooling (chillers, storage).
    Cooling,
    /// Space heating and hot water (heat pumps).
    Heating,
}

impl Serves {
    /// Identifier as written in case files.
    pub fn id(self) -> &'static str {
        match self {
            Serves::Cooling => "cooling",
            Serves::Heating => "heating",
        }
    }
}

/// An extra equipment item in a DHC plant (heat pump, storage, …).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlantItemSpec {
    /// Equipment id from supply.yaml.
    pub equipment: String,
    /// Load it serves.
    pub serves: Serves,
    /// Share of the capacity of that role (heat pumps, chillers).
    #[serde(default)]
    pub share: Option<f64>,
    /// Storage capacity, kWh.
    #[serde(default)]
    pub capacity_kwh: Option<f64>,
    /// Units.
    #[serde(default)]
    pub units: Option<u32>,
}

/// A `kind: dhc` system as written in the case file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DhcSpec {
    /// Identifier (unique in the alternative).
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<crate::i18n::Local>,
    /// Sizing margin (default supply.yaml `dhc_plant.margin`).
    #[serde(default)]
    pub margin: Option<f64>,
    /// Sizing basis (default supply.yaml: the coincident hourly peak).
    #[serde(default)]
    pub sizing: Option<SizingBasis>,
    /// Replace the default chiller set.
    #[serde(default)]
    pub cooling: Option<Vec<PlantShare>>,
    /// Extra plant items (heat pumps, storage).
    #[serde(default)]
    pub plant: Vec<PlantItemSpec>,
    /// Cooling dispatch rule (default supply.yaml `dhc_plant.dispatch`).
    #[serde(default)]
    pub dispatch: Option<Dispatch>,
    /// Share of the main plant's electricity and gas covered by unused/renewable energy.
    #[serde(default)]
    pub unused_share: Option<f64>,
    /// Whether `unused_share` also lowers the electricity and gas contracts (default
    /// supply.yaml `dhc_plant.unused_share_reduces_contracts`).
    #[serde(default)]
    pub unused_reduces_contracts: Option<bool>,
    /// Demand build-up scenario.
    #[serde(default)]
    pub buildup: Option<BuildupSpec>,
    /// Infrastructure subsidy.
    #[serde(default)]
    pub subsidy: Subsidy,
    /// The DHC inside the land-readjustment project (take-up from the case's timeline,
    /// plant site, who pays the infrastructure, connection levers).
    #[serde(default)]
    pub project: Option<crate::project::DhcProjectSpec>,
    /// Connected buildings (default: from the parcels, `network::buildings_of_parcels`).
    #[serde(default)]
    pub buildings: Option<f64>,
    /// Staff count override.
    #[serde(default)]
    pub staff: Option<f64>,
    /// Interest override.
    #[serde(default)]
    pub interest: Option<f64>,
    /// Recovery years override.
    #[serde(default)]
    pub years: Option<f64>,
    /// Unused-energy sources (ids of the case's `sources:`) taken before the plant.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The resolved sources (attached when the case is prepared; not written in the file).
    #[serde(skip)]
    pub resolved_sources: Vec<Arc<unused::Source>>,
    /// Assumption set: `study` (default, the study's best case: every building finished at
    /// once, best equipment on the market) or `realistic` (take-up over years, equipment of
    /// typical vintage, part-load losses, fixed costs; supply.yaml `realistic`).
    #[serde(default)]
    pub basis: Basis,
    /// Boiler equipment id (set by the basis; default supply.yaml `dhc_plant.boiler`).
    #[serde(skip)]
    pub boiler: Option<String>,
    /// Gas cogeneration in the plant (supply.yaml `chp` defaults).
    #[serde(default)]
    pub chp: Option<chp::ChpSpec>,
}

/// Assumption set of a DHC system.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The study's best case (district-a.md).
    #[default]
    Study,
    /// Realistic: supply.yaml `realistic`, set with the back-cast against real districts.
    Realistic,
}

impl Basis {
    /// Both bases, study first.
    pub const ALL: [Basis; 2] = [Basis::Study, Basis::Realistic];

    /// The serde name.
    pub fn id(self) -> &'static str {
        match self {
            Basis::Study => "study",
            Basis::Realistic => "realistic",
        }
    }
}

impl Plant for DhcSpec {
    fn id(&self) -> &str {
        &self.id
    }

    fn name(&self) -> Option<&crate::i18n::Local> {
        self.name.as_ref()
    }

    fn kind(&self) -> SystemKind {
        SystemKind::Dhc
    }

    fn evaluate(&self, input: &SupplyInput, shared: &mut Shared) -> SystemResult {
        evaluate(input, self, shared)
    }

    fn has_sources(&self) -> bool {
        !self.resolved_sources.is_empty()
    }

    /// Check the values against their ranges and the library (`path`: the system's field
    /// path).
    fn check(&self, path: &str, lib: &Library, map: &SourceMap) -> Result<()> {
        let c = Checker { path, map };
        c.fraction("unused_share", self.unused_share)?;
        if let Some(m) = self.margin {
            if !m.is_finite() || !(1.0..=3.0).contains(&m) {
                return Err(c.error(
                    "margin",
                    format!("sizing margin must be in [1, 3], got {m}"),
                ));
            }
        }
        check_finance(&c, self.interest, self.years)?;
        c.range("staff", self.staff, 0.0, limits::MAX_STAFF, "persons")?;
        c.range(
            "buildings",
            self.buildings,
            1.0,
            limits::MAX_BUILDINGS,
            "buildings",
        )?;
        if let Some(b) = &self.buildup {
            // A take-up below MIN_TAKEUP sells almost no heat: its price means nothing.
            let t = limits::MIN_TAKEUP;
            c.range("buildup.takeup", b.takeup, t, 1.0, "")?;
            c.fraction("buildup.start", b.start)?;
            c.range("buildup.end", b.end, t, 1.0, "")?;
            c.range(
                "buildup.ramp_years",
                b.ramp_years,
                0.0,
                limits::MAX_YEARS,
                "years",
            )?;
            if let Some(curve) = &b.curve {
                let n = curve.len() as f64;
                if curve.is_empty()
                    || curve.len() > limits::MAX_YEARS as usize
                    || curve.iter().any(|x| !(0.0..=1.0).contains(x))
                    || curve.iter().sum::<f64>() / n < t
                {
                    return Err(c.error(
                        "buildup.curve",
                        format!(
                            "a take-up curve has 1 to {} yearly values in [0, 1] averaging at least {t}",
                            limits::MAX_YEARS
                        ),
                    ));
                }
            }
        }
        if let Some(p) = &self.project {
            if self.buildup.is_some() {
                return Err(c.error(
                    "project",
                    "give either `buildup` (a take-up share or curve) or `project` (take-up from the case's project timeline), not both",
                ));
            }
            if p.infrastructure.is_some() && self.subsidy != Subsidy::None {
                return Err(c.error(
                    "project.infrastructure",
                    "give either `subsidy` or `project.infrastructure` (who pays conduit and pipes), not both",
                ));
            }
        }
        if let Some(x) = &self.chp {
            c.range("chp.sizing_hours", x.sizing_hours, 1.0, 8760.0, "h")?;
            c.range("chp.size_kw_e", x.size_kw_e, 0.0, limits::MAX_KWH, "kW")?;
            if let Some(u) = x.units.filter(|u| *u == 0 || *u > limits::MAX_PLANT_UNITS) {
                return Err(c.error(
                    "chp.units",
                    format!("units must be 1 to {}, got {u}", limits::MAX_PLANT_UNITS),
                ));
            }
        }
        let equipment = &lib.supply.equipment;
        if let Some(cooling) = &self.cooling {
            for (i, s) in cooling.iter().enumerate() {
                c.equipment(&format!("cooling[{i}].equipment"), &s.equipment, equipment)?;
                if !(0.0..=2.0).contains(&s.share) {
                    return Err(c.error(&format!("cooling[{i}].share"), "share must be in [0, 2]"));
                }
            }
        }
        for (i, item) in self.plant.iter().enumerate() {
            c.equipment(&format!("plant[{i}].equipment"), &item.equipment, equipment)?;
            if let Some(s) = item.share {
                if !(0.0..=1.0).contains(&s) {
                    return Err(c.error(&format!("plant[{i}].share"), "share must be in [0, 1]"));
                }
            }
            c.range(
                &format!("plant[{i}].capacity_kwh"),
                item.capacity_kwh,
                0.0,
                limits::MAX_KWH,
                "kWh",
            )?;
            if let Some(u) = item
                .units
                .filter(|u| *u == 0 || *u > limits::MAX_PLANT_UNITS)
            {
                return Err(c.error(
                    &format!("plant[{i}].units"),
                    format!("units must be 1 to {}, got {u}", limits::MAX_PLANT_UNITS),
                ));
            }
        }
        Ok(())
    }

    /// Check the `sources:` references and attach the resolved sources.
    fn attach(
        &mut self,
        path: &str,
        sources: &BTreeMap<String, Arc<unused::Source>>,
        _alt: &Alternative,
        map: &SourceMap,
    ) -> Result<()> {
        if self.sources.is_empty() {
            return Ok(());
        }
        if self.unused_share.is_some() {
            return Err(map.error(
                &format!("{path}.unused_share"),
                "give either the simple `unused_share` or named `sources`, not both (the sources are compared against the simple share in the report)",
            ));
        }
        self.resolved_sources = unused::resolve(&self.sources, path, sources, map)?;
        unused::check_monthly_plan(&self.resolved_sources, &self.sources, path, false, map)
    }

    /// The scenario lever if the system is a variant of the plain plant: a build-up delay,
    /// named unused-energy sources, the simple unused-energy share or an infrastructure
    /// subsidy (district-a.md §2, §5; waste-heat.md).
    fn scenario_lever(&self) -> Option<Lever> {
        if self.project.is_some() {
            Some(Lever::Project)
        } else if self.basis == Basis::Realistic {
            Some(Lever::Plant)
        } else if self.chp.is_some() {
            Some(Lever::Chp)
        } else if self.buildup.is_some() {
            Some(Lever::Buildup)
        } else if !self.sources.is_empty() {
            Some(Lever::UnusedSources)
        } else if self.unused_share.is_some_and(|x| x > 0.0) {
            Some(Lever::UnusedEnergy)
        } else {
            match self.subsidy {
                Subsidy::Pipes => Some(Lever::SubsidyPipes),
                Subsidy::Tunnel => Some(Lever::SubsidyTunnel),
                Subsidy::None => None,
            }
        }
    }

    /// The values the case file set instead of a default, as (field, value) for the
    /// assumptions appendix.
    fn overrides(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = vec![];
        let mut ov = |field: &str, v: String| out.push((field.to_string(), v));
        if let Some(m) = self.margin {
            ov("margin", m.to_string());
        }
        if let Some(x) = self.unused_share {
            ov("unused_share", x.to_string());
        }
        if let Some(x) = self.unused_reduces_contracts {
            ov("unused_reduces_contracts", x.to_string());
        }
        if let Some(x) = self.staff {
            ov("staff", x.to_string());
        }
        if let Some(x) = self.interest {
            ov("interest", x.to_string());
        }
        if let Some(x) = self.years {
            ov("years", x.to_string());
        }
        if let Some(x) = self.buildings {
            ov("buildings", x.to_string());
        }
        if let Some(x) = self.dispatch {
            ov("dispatch", format!("{x:?}"));
        }
        if self.subsidy != Subsidy::None {
            ov("subsidy", format!("{:?}", self.subsidy));
        }
        if let Some(b) = &self.buildup {
            ov("buildup", serde_json::to_string(b).unwrap_or_default());
        }
        if let Some(p) = &self.project {
            ov("project", serde_json::to_string(p).unwrap_or_default());
        }
        if let Some(c) = &self.cooling {
            ov(
                "cooling",
                c.iter()
                    .map(|x| format!("{} {}", x.equipment, x.share))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        for i in &self.plant {
            ov("plant", format!("{} ({})", i.equipment, i.serves.id()));
        }
        if !self.sources.is_empty() {
            ov("sources", self.sources.join(", "));
        }
        if let Some(x) = &self.chp {
            ov("chp", serde_json::to_string(x).unwrap_or_default());
        }
        out
    }

    /// The equipment ids of supply.yaml the plant installs.
    fn equipment(&self, d: &SupplyData) -> Vec<String> {
        let s = self.for_basis(d);
        let mut out: Vec<String> = s
            .cooling
            .clone()
            .unwrap_or_else(|| d.dhc_plant.cooling.clone())
            .into_iter()
            .map(|c| c.equipment)
            .collect();
        out.push(s.boiler_id(d).to_string());
        out.extend(self.plant.iter().map(|i| i.equipment.clone()));
        out
    }
}

impl DhcSpec {
    /// The boiler equipment id of the plant.
    pub fn boiler_id<'a>(&'a self, d: &'a SupplyData) -> &'a str {
        self.boiler.as_deref().unwrap_or(&d.dhc_plant.boiler)
    }

    /// The spec with its basis applied: under `realistic`, the vintage equipment (unless the
    /// case names chillers) and the take-up curve over the years (unless the case gives a
    /// build-up) of supply.yaml `realistic`.
    pub fn for_basis(&self, d: &SupplyData) -> DhcSpec {
        let mut s = self.clone();
        if self.basis == Basis::Realistic {
            let r = &d.realistic;
            if s.cooling.is_none() {
                s.cooling = Some(r.vintage.cooling.clone());
            }
            s.boiler = Some(r.vintage.boiler.clone());
            if s.buildup.is_none() {
                s.buildup = Some(BuildupSpec {
                    takeup: None,
                    curve: None,
                    start: Some(r.takeup_start.value),
                    end: Some(r.takeup_end.value),
                    ramp_years: Some(r.takeup_ramp_years.value),
                    staged: false,
                });
            }
        }
        s
    }

    /// The same system without its unused-energy sources (the reference it is compared to).
    pub fn without_sources(&self) -> DhcSpec {
        DhcSpec {
            sources: vec![],
            resolved_sources: vec![],
            ..self.clone()
        }
    }

    /// Key of the fields that change the hourly operation of the plant: scenarios that
    /// differ only in economics share one operation.
    fn operation_key(&self) -> String {
        serde_json::to_string(&(
            self.margin,
            self.sizing,
            &self.cooling,
            &self.plant,
            self.dispatch,
            self.buildings,
            &self.sources,
            &self.boiler,
            &self.chp,
        ))
        .unwrap_or_default()
    }
}

/// The hourly operation of a spec, computed once per alternative for every spec with the
/// same operation key.
fn operation(input: &SupplyInput, spec: &DhcSpec, shared: &mut Shared) -> DhcOutcome {
    let key = spec.operation_key();
    if let Some(o) = shared.dhc_operations.get(&key) {
        return o.clone();
    }
    let o = match input
        .density_step
        .as_ref()
        .and_then(|step| operate_scaled(input, spec, step))
    {
        Some(o) => o,
        None => {
            let connected = shared
                .connected
                .get_or_init(|| crate::supply::connected_series(input, input.floor_by_use_m2));
            operate(input, spec, connected)
        }
    };
    shared.dhc_operations.insert(key, o.clone());
    o
}

/// Evaluate a DHC system of an alternative.
pub fn evaluate(input: &SupplyInput, spec: &DhcSpec, shared: &mut Shared) -> SystemResult {
    let spec = &spec.for_basis(input.data());
    let common = Common::of(input);
    let mut o = operation(input, spec, shared);
    if o.sources.is_empty() {
        let econ = economics(input, spec, &mut o);
        result(input, spec, &o, econ, &common)
    } else {
        with_sources(input, spec, o, shared, &common)
    }
}

/// What levelling (mixing uses that peak at different hours) saves the DHC plant: its
/// capacities against the sum of the same uses' own peaks (the buildings' own plants, on the
/// same sizing basis), the plant cost of both, and the heat price with the capital and
/// maintenance of the unlevelled plant instead (energy bills kept: the capacity effect only).
#[derive(Debug, Clone, Serialize)]
pub struct LevellingEffect {
    /// Coincidence factor of the connected cooling load (hourly).
    pub coincidence_factor_cooling: f64,
    /// Coincidence factor of the connected heating + hot-water load (hourly).
    pub coincidence_factor_heat: f64,
    /// Installed cooling capacity, kW.
    pub cooling_capacity_kw: f64,
    /// Cooling capacity without levelling, kW.
    pub cooling_capacity_unlevelled_kw: f64,
    /// Installed heating + hot-water capacity, kW.
    pub heat_capacity_kw: f64,
    /// Heat capacity without levelling, kW.
    pub heat_capacity_unlevelled_kw: f64,
    /// Capacity saving (cooling + heat) against the unlevelled plant, fraction.
    pub capacity_saving: f64,
    /// Plant equipment cost, ¥ thousand.
    pub plant_cost_kyen: f64,
    /// Plant equipment cost without levelling, ¥ thousand.
    pub plant_cost_unlevelled_kyen: f64,
    /// Heat price, ¥/MJ (at full build-out, before scenarios).
    pub price_yen_per_mj: f64,
    /// Heat price with the unlevelled plant's capital and maintenance, ¥/MJ.
    pub price_unlevelled_yen_per_mj: f64,
    /// Price saving against the unlevelled plant, fraction.
    pub price_saving: f64,
}

/// The plant balance after the simple unused-energy share (district-a.md §2): the share of
/// the main plant's energy (supply.yaml `dhc_plant.unused_share_covers`) replaced, the
/// contracts lowered only if the case says so; and the realistic basis's operating energy
/// factor on the same equipment.
pub fn unused_share_balance(
    input: &SupplyInput,
    spec: &DhcSpec,
    plant: &super::Balance,
) -> super::Balance {
    let d = input.data();
    let share = spec.unused_share.unwrap_or(0.0);
    // Realistic basis: heat-source equipment of typical operation uses more energy, at the
    // design hour too (supply.yaml `realistic.operating_energy_factor`).
    let k = if spec.basis == Basis::Realistic {
        d.realistic.operating_energy_factor.value
    } else {
        1.0
    };
    if share <= 0.0 && k == 1.0 {
        return plant.clone();
    }
    let mut b =
        plant.with_purposes_scaled(&d.dhc_plant.unused_share_covers.value, (1.0 - share) * k);
    b.peak_electricity_kw *= k;
    b.peak_gas_nm3_per_h *= k;
    if spec
        .unused_reduces_contracts
        .unwrap_or(d.dhc_plant.unused_share_reduces_contracts.value)
    {
        b.peak_electricity_kw *= 1.0 - share;
        b.peak_gas_nm3_per_h *= 1.0 - share;
    }
    b
}

/// The CONTRACT result of a DHC system from its operation and economics.
fn result(
    input: &SupplyInput,
    spec: &DhcSpec,
    o: &DhcOutcome,
    econ: DhcEconomics,
    common: &Common,
) -> SystemResult {
    let mut notes = common.notes.clone();
    notes.extend(econ.notes.iter().cloned());
    let mut total = unused_share_balance(input, spec, &o.plant);
    total.add(&super::dwelling_level_balance(input, input.floor_by_use_m2));
    total.add(&common.external);
    let mut r = base_result(
        input,
        (&spec.id, SystemKind::Dhc, spec.name.as_ref()),
        Text::new("name.dhc", &[]),
        &total,
        common.floor_total_m2,
    );
    r.network = Some(network_result(o, &econ));
    r.levelling = Some(econ.levelling.clone());
    r.construction_cost_kyen = Some(econ.construction_kyen);
    r.annual_cost_kyen = Some(econ.annual_kyen);
    r.heat_sold_gj = Some(econ.heat_sold_gj);
    r.heat_price_yen_per_mj = Some(econ.price_yen_per_mj);
    r.equipment = o.equipment.clone();
    r.cost_lines = econ.lines;
    r.notes = notes;
    r.heating_capacity_gj_per_h = Some(o.heating_capacity_kw * 3.6 / 1000.0);
    r.price_path = econ.path;
    r.project = econ.project.map(Box::new);
    r.chp = o
        .chp
        .as_ref()
        .and_then(|run| chp::result(input, run))
        .map(Box::new);
    if let Some(c) = &r.chp {
        r.notes.push(Text::new(
            "note.chp_credit",
            &[
                ("mwh", format!("{:.0}", c.power_mwh)),
                ("gj", format!("{:.0}", c.primary_energy_credit_gj)),
                ("t", format!("{:.0}", c.co2_credit_t)),
            ],
        ));
    }
    r
}

/// A DHC with unused-energy sources: the sources' capital and running costs enter the
/// DHC's cost lines; the result carries what they achieve against the same plant without
/// them and against the simple "x % of plant energy" assumption.
fn with_sources(
    input: &SupplyInput,
    spec: &DhcSpec,
    mut o: DhcOutcome,
    shared: &mut Shared,
    common: &Common,
) -> SystemResult {
    let d = input.data();
    let data = &input.lib.waste_heat;
    let spec_ref = spec.without_sources();
    let mut o_ref = operation(input, &spec_ref, shared);
    let e_ref = economics(input, &spec_ref, &mut o_ref);
    // The plant backs the sources up, so its contracts stay sized for the plant alone.
    o.plant.peak_electricity_kw = o
        .plant
        .peak_electricity_kw
        .max(o_ref.plant.peak_electricity_kw);
    o.plant.peak_gas_nm3_per_h = o
        .plant
        .peak_gas_nm3_per_h
        .max(o_ref.plant.peak_gas_nm3_per_h);
    let e_bare = economics(input, spec, &mut o);
    let ctx = unused::scheme::Context {
        reference: Text::new("name.dhc_reference", &[]),
        supply: d,
        factors: input.factors,
        plant_ref: &o_ref.plant,
        plant_with: &o.plant,
        savings_kyen: e_ref.bills_kyen - e_bare.bills_kyen,
        demand_heat_kwh: o.source_loads_kwh[0],
        demand_cool_kwh: o.source_loads_kwh[1],
        interest: spec.interest.unwrap_or(d.economics.interest.value),
        data,
    };
    let mut u = unused::scheme::evaluate(&o.sources, &ctx);
    u.notes.push(Text::new("note.contracts_stay", &[]));
    let added = unused::scheme::added_costs(&u);
    let econ = economics_with(input, spec, &mut o, &added);
    let mut r = result(input, spec, &o, econ, common);
    unused::scheme::add_transport_energy(&mut r, &u);
    let bare = Common {
        notes: vec![],
        ..common.clone()
    };
    let reference = result(input, &spec_ref, &o_ref, e_ref, &bare);
    let simple_spec = DhcSpec {
        unused_share: Some(data.evaluation.simple_unused_share.value),
        ..spec_ref.clone()
    };
    let mut o_simple = o_ref.clone();
    let e_simple = economics(input, &simple_spec, &mut o_simple);
    let simple = result(input, &simple_spec, &o_simple, e_simple, &bare);
    u.set_reference(&r, &reference);
    u.simple_share_heat_price_yen_per_mj = simple.heat_price_yen_per_mj;
    u.simple_share_price_optimistic = simple
        .heat_price_yen_per_mj
        .zip(r.heat_price_yen_per_mj)
        .map(|(s, w)| s < w);
    u.simple_share_co2_t = Some(simple.co2_t);
    r.notes.extend(u.notes.iter().cloned());
    r.unused = Some(u);
    r
}
