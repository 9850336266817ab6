//! Individual building plants (個別熱源): every building has its own plant sized on its
//! own design maxima × margin (district-a.md §3), dispatched hour by hour on its own
//! loads. Plants scale linearly with floor, so each use is evaluated once per m².

use super::data::{EquipmentKind, FactorSet, SupplyData};
use super::evaluate::{base_result, Common, Shared};
use super::plant::{Chillers, Group, Hour, Order};
use super::spec::{check_finance, Checker, Plant};
use super::{
    add_to, dwelling_level_balance, gas_nm3_for, unused, Balance, Lever, SupplyInput, SystemKind,
    SystemResult, UnitPlant, UnitPlants,
};
use crate::calendar::HOURS_PER_YEAR;
use crate::carrier::Carrier;
use crate::case::{did_you_mean, Alternative, SourceMap};
use crate::error::Result;
use crate::i18n::Text;
use crate::library::Library;
use crate::load::UseModel;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The building plant of one m² of every use of `models` on its own loads (excluding
/// room-AC loads, which [`dwelling_level_balance`] adds): balance and capacities. They
/// depend only on the use model, the supply data and the factor set, so a case computes
/// them once.
pub fn unit_plants(
    models: &BTreeMap<String, UseModel>,
    d: &SupplyData,
    f: &FactorSet,
) -> UnitPlants {
    models
        .iter()
        .map(|(u, m)| {
            let (balance, cool_w, boiler_w) = run_plant(m, u, d, f, 1.0, &[]);
            (
                u.clone(),
                UnitPlant {
                    balance,
                    cooling_w_per_m2: cool_w,
                    boiler_w_per_m2: boiler_w,
                },
            )
        })
        .collect()
}

/// The per-m² building plant of a use, if the use has a model.
pub fn unit_plant<'a>(input: &'a SupplyInput, use_id: &str) -> Option<&'a UnitPlant> {
    input.unit_plants.get(use_id)
}

/// Hourly loads the building plants of one use offer to unused-energy sources.
pub struct SourceLoads {
    /// Heat: heating on the plant + hot water, kW.
    pub heat_kw: Vec<f64>,
    /// Cooling as the chillers produce it (incl. pump heat), kW.
    pub cool_kw: Vec<f64>,
    /// Steam absorption chillers: cooling capacity kW and COP.
    pub steam_absorption: Option<(f64, f64)>,
    /// Boiler capacity, kW.
    pub boiler_kw: f64,
}

/// The loads the building plants of `floor_m2` of a use offer to unused-energy sources.
pub fn source_loads(input: &SupplyInput, use_id: &str, floor_m2: f64) -> SourceLoads {
    let n = HOURS_PER_YEAR;
    let Some(m) = input.models.get(use_id) else {
        return SourceLoads {
            heat_kw: vec![0.0; n],
            cool_kw: vec![0.0; n],
            steam_absorption: None,
            boiler_kw: 0.0,
        };
    };
    let d = input.data();
    let plant = d.building_plants.of(use_id);
    let dl = d.dwelling_level.get(use_id);
    let share_cool = 1.0 - dl.map_or(0.0, |x| x.cooling);
    let share_heat = 1.0 - dl.map_or(0.0, |x| x.heating);
    let aux = &d.auxiliaries;
    let k_pump_cool = if plant.cooling.is_empty() {
        0.0
    } else {
        aux.building_chilled_water_pump.kwh_per_kwh() * aux.pump_operating_factor.value
    };
    let pump_heat = 1.0 + k_pump_cool * aux.pump_heat_to_water.value;
    let (uc, uh, uw) = (
        &m.unit_kw_per_m2[Carrier::Cooling.index()],
        &m.unit_kw_per_m2[Carrier::Heating.index()],
        &m.unit_kw_per_m2[Carrier::HotWater.index()],
    );
    let heat = (0..n)
        .map(|t| floor_m2 * (uh[t] * share_heat + uw[t]))
        .collect();
    let cool = (0..n)
        .map(|t| floor_m2 * uc[t] * share_cool * pump_heat)
        .collect();
    let (cool_w, boiler_w) =
        unit_plant(input, use_id).map_or((0.0, 0.0), |u| (u.cooling_w_per_m2, u.boiler_w_per_m2));
    let cool_cap_kw = cool_w / 1000.0 * floor_m2;
    let (mut abs_cap, mut abs_steam) = (0.0, 0.0);
    for p in &plant.cooling {
        let e = &d.equipment[&p.equipment];
        if e.kind == EquipmentKind::AbsorptionChiller {
            abs_cap += p.share * cool_cap_kw;
            abs_steam += p.share * cool_cap_kw / e.cop.unwrap_or(1.0);
        }
    }
    SourceLoads {
        heat_kw: heat,
        cool_kw: cool,
        steam_absorption: (abs_cap > 0.0).then(|| (abs_cap, abs_cap / abs_steam)),
        boiler_kw: boiler_w / 1000.0 * floor_m2,
    }
}

/// Hourly run of the building plants of `floor_m2` of a use on their own loads, after the
/// unused-energy sources in `taken` served their share (none: the plain plant). Returns
/// the balance and the plant's cooling and boiler capacity per m² (W/m²).
pub fn plant_run(
    input: &SupplyInput,
    use_id: &str,
    floor_m2: f64,
    taken: &[super::unused::Operation],
) -> (Balance, f64, f64) {
    match input.models.get(use_id) {
        Some(m) => run_plant(m, use_id, input.data(), input.factors, floor_m2, taken),
        None => (Balance::default(), 0.0, 0.0),
    }
}

/// [`plant_run`] on a use model.
fn run_plant(
    m: &UseModel,
    use_id: &str,
    d: &SupplyData,
    f: &FactorSet,
    floor_m2: f64,
    taken: &[super::unused::Operation],
) -> (Balance, f64, f64) {
    let mut b = Balance::default();
    let plant = d.building_plants.of(use_id);
    let margin = d.building_plants.margin.value;
    let dl = d.dwelling_level.get(use_id);
    let share_cool = 1.0 - dl.map_or(0.0, |x| x.cooling);
    let share_heat = 1.0 - dl.map_or(0.0, |x| x.heating);
    let cool_cap_kw =
        m.sizing_w_per_m2[Carrier::Cooling.index()] / 1000.0 * margin * share_cool * floor_m2;
    let mut chillers = Chillers::new(
        plant
            .cooling
            .iter()
            .map(|p| Group::cooling(d, p, cool_cap_kw))
            .collect(),
        Order::Listed,
    );
    let abs_cap_total = chillers.absorption_kw();
    let heat_eff = d.efficiency(&plant.heating);
    let hw_eff = d.efficiency(&plant.hot_water);
    let central = !plant.cooling.is_empty();
    let aux = &d.auxiliaries;
    let op = aux.pump_operating_factor.value;
    // Chilled-water pumps only where the building has chillers (not for room AC).
    let k_pump_cool = if central {
        aux.building_chilled_water_pump.kwh_per_kwh() * op
    } else {
        0.0
    };
    let k_pump_heat = aux.building_hot_water_pump.kwh_per_kwh() * op;
    let pump_heat_share = aux.pump_heat_to_water.value;
    let k_tower = d.auxiliaries.cooling_tower_kwh_per_kwh_rejected.value;
    let (uc, uh, uw) = (
        &m.unit_kw_per_m2[Carrier::Cooling.index()],
        &m.unit_kw_per_m2[Carrier::Heating.index()],
        &m.unit_kw_per_m2[Carrier::HotWater.index()],
    );
    let (mut e_chiller, mut e_pump, mut e_tower, mut e_src) = (0.0, 0.0, 0.0, 0.0);
    let (mut steam_abs, mut heat_out, mut hw_out, mut cool_out) = (0.0, 0.0, 0.0, 0.0);
    let (mut heat_fired, mut hw_fired) = (0.0, 0.0);
    let (mut peak_e, mut peak_g) = (0.0_f64, 0.0_f64);
    for t in 0..HOURS_PER_YEAR {
        let src = super::unused::HourTotal::of(taken, t);
        let abs_scale = src.absorption_left_share(abs_cap_total);
        let cool = uc[t] * share_cool * floor_m2;
        // Chilled-water pump work ends up as heat in the water the chillers must remove.
        let cool_prod = cool * (1.0 + k_pump_cool * pump_heat_share);
        let heat = uh[t] * share_heat * floor_m2;
        let hw = uw[t] * floor_m2;
        let mut hour = Hour {
            electricity_kw: src.electricity_kw,
            steam_kw: 0.0,
            rejected_kw: src.rejected_kw,
        };
        let mut rest = chillers.serve(cool_prod - src.cool_kw, abs_scale, &mut hour);
        let Hour {
            electricity_kw: e_t,
            steam_kw: s_t,
            rejected_kw: rej_t,
        } = hour;
        if cool > 0.0 && chillers.groups.is_empty() {
            rest = 0.0; // no chiller: the use's cooling is all dwelling-level
        }
        b.unmet_kwh += rest.max(0.0);
        // Source heat takes space heating first, then hot water.
        let heat_own = (heat - src.heat_kw).max(0.0);
        let hw_own = (hw - (src.heat_kw - heat).max(0.0)).max(0.0);
        // Dwellings heat tap water at the point of use (no circulation pump).
        let pumped_hw = if central { hw } else { 0.0 };
        let pump_t = k_pump_cool * (cool - rest.max(0.0)) + k_pump_heat * (heat + pumped_hw);
        let tower_t = k_tower * rej_t;
        e_chiller += e_t - src.electricity_kw;
        e_src += src.electricity_kw;
        e_pump += pump_t;
        e_tower += tower_t;
        steam_abs += s_t;
        heat_out += heat;
        hw_out += hw;
        heat_fired += heat_own;
        hw_fired += hw_own;
        cool_out += cool - rest.max(0.0);
        b.rejected_kwh += rej_t;
        peak_e = peak_e.max(e_t + pump_t + tower_t);
        peak_g =
            peak_g.max(gas_nm3_for(heat_own + s_t, heat_eff, f) + gas_nm3_for(hw_own, hw_eff, f));
    }
    add_to(&mut b.electricity_kwh, "chillers", e_chiller);
    add_to(&mut b.electricity_kwh, "pumps", e_pump);
    add_to(&mut b.electricity_kwh, "cooling_towers", e_tower);
    add_to(&mut b.electricity_kwh, "unused_heat_pumps", e_src);
    add_to(
        &mut b.gas_nm3,
        "heating",
        gas_nm3_for(heat_fired, heat_eff, f),
    );
    add_to(
        &mut b.gas_nm3,
        "hot_water",
        gas_nm3_for(hw_fired, hw_eff, f),
    );
    add_to(
        &mut b.gas_nm3,
        "absorption",
        gas_nm3_for(steam_abs, heat_eff, f),
    );
    b.heat_demand_kwh = heat_out + hw_out + cool_out;
    b.peak_electricity_kw = peak_e;
    b.peak_gas_nm3_per_h = peak_g;
    let boiler_w = (m.sizing_w_per_m2[Carrier::Heating.index()] * share_heat
        + m.sizing_w_per_m2[Carrier::HotWater.index()])
        * margin;
    (b, cool_cap_kw / floor_m2 * 1000.0, boiler_w)
}

/// Balance of a floor mix on individual plants, including room-AC loads.
pub fn balance(input: &SupplyInput, floor: &BTreeMap<String, f64>) -> Balance {
    let mut total = dwelling_level_balance(input, floor);
    // Room-AC loads are not heat demand (district-a.md §6), so only the plant part counts.
    for (u, &f) in floor {
        if let Some(unit) = unit_plant(input, u) {
            total.add(&unit.balance.scaled(f));
        }
    }
    total
}

/// Construction and annual cost of the building plants of a floor mix, and the cost lines
/// (¥ thousand). Each use is split into buildings of the typical floor; every building's
/// plant is priced on the same cost curves at its own size.
pub fn economics(
    input: &SupplyInput,
    floor: &BTreeMap<String, f64>,
    b: &Balance,
) -> (f64, f64, Vec<super::CostLine>) {
    economics_with(input, floor, b, &super::dhc::AddedCosts::default())
}

/// [`economics`] with added costs (unused-energy sources of a single large user): their
/// capital joins the construction cost and their annual lines the annual cost.
pub fn economics_with(
    input: &SupplyInput,
    floor: &BTreeMap<String, f64>,
    b: &Balance,
    added: &super::dhc::AddedCosts,
) -> (f64, f64, Vec<super::CostLine>) {
    use crate::econ;
    let d = input.data();
    let c = &d.costs;
    let ec = &d.economics;
    let mut construction_yen = 0.0;
    for (u, &fl) in floor {
        let (cool_w, boiler_w) =
            unit_plant(input, u).map_or((0.0, 0.0), |u| (u.cooling_w_per_m2, u.boiler_w_per_m2));
        // Continuous building count keeps sweeps smooth (a fraction = a smaller last building).
        let n_bldg = (fl / d.network.building_floor_m2.value).max(1.0);
        let per_bldg_cool_kw = cool_w * fl / 1000.0 / n_bldg;
        let per_bldg_boiler_kw = boiler_w * fl / 1000.0 / n_bldg;
        let plant = d.building_plants.of(u);
        for p in &plant.cooling {
            let kind = d.equipment[&p.equipment].kind;
            let unit_cost = match kind {
                EquipmentKind::AbsorptionChiller => {
                    c.plant_yen_per_kw_at_ref.absorption_chiller.value
                }
                EquipmentKind::HeatPump => c.plant_yen_per_kw_at_ref.heat_pump.value,
                _ => c.plant_yen_per_kw_at_ref.electric_chiller.value,
            };
            let units = p.units.max(1);
            construction_yen += n_bldg
                * econ::scaled_cost_yen(
                    unit_cost,
                    c.ref_kw.value,
                    c.exponent.value,
                    per_bldg_cool_kw * p.share / units as f64,
                    units,
                );
        }
        construction_yen += n_bldg
            * econ::scaled_cost_yen(
                c.plant_yen_per_kw_at_ref.boiler.value,
                c.ref_kw.value,
                c.exponent.value,
                per_bldg_boiler_kw / 2.0,
                2,
            );
    }
    let construction = construction_yen * c.individual_multiplier.value / 1000.0;
    let crf = econ::capital_recovery_factor(ec.interest.value, ec.years.value);
    let el = &input.tariffs.individual_electricity;
    let ga = &input.tariffs.individual_gas;
    // Room-AC electricity is billed to dwellings, not to the heat plants.
    let plant_kwh =
        b.electricity_total_kwh() - b.electricity_kwh.get("room_ac").copied().unwrap_or(0.0);
    let elec = econ::two_part_bill_yen(
        el.basic_yen_per_kw_month.value,
        b.peak_electricity_kw,
        el.energy_yen_per_kwh.value,
        plant_kwh,
    ) / 1000.0;
    let gas = econ::two_part_bill_yen(
        ga.basic_yen_per_nm3h_month.value,
        b.peak_gas_nm3_per_h,
        ga.energy_yen_per_nm3.value,
        b.gas_total_nm3(),
    ) / 1000.0;
    let water_m3 = b.rejected_kwh / 1000.0 * d.auxiliaries.makeup_water_m3_per_mwh_rejected.value;
    let water = water_m3 * ec.water_yen_per_m3.value / 1000.0;
    let maint = construction * ec.maintenance_share.value;
    let staff = ec.individual_staff.value * ec.staff_yen.value / 1000.0;
    let capital = construction * crf;
    let added_kyen: f64 = added.lines.iter().map(|l| l.kyen).sum();
    let annual = capital + elec + gas + water + maint + staff + added_kyen;
    use super::CostLine;
    let ph = crate::i18n::Phrase::new;
    let construction_note = if added.construction_kyen > 0.0 {
        ph(
            "cost_note.ind_construction_unused",
            &[
                ("net", format!("{:.0}", added.construction_kyen)),
                ("subsidy", format!("{:.0}", added.subsidy_kyen)),
            ],
        )
    } else {
        ph("cost_note.ind_construction", &[])
    };
    let mut lines = vec![
        CostLine::phrased(
            "construction",
            Text::new("cost.construction", &[]),
            construction + added.construction_kyen,
            construction_note,
        ),
        CostLine::phrased(
            "capital",
            Text::new("cost.capital", &[]),
            capital,
            ph("cost_note.ind_capital", &[("crf", format!("{crf:.6}"))]),
        ),
        CostLine::phrased(
            "electricity",
            Text::new("cost.electricity", &[]),
            elec,
            ph(
                "cost_note.ind_electricity",
                &[
                    ("tariff", el.label.clone()),
                    ("tariff_ja", el.label_ja.clone()),
                ],
            ),
        ),
        CostLine::phrased(
            "gas",
            Text::new("cost.gas", &[]),
            gas,
            ph(
                "cost_note.ind_gas",
                &[
                    ("tariff", ga.label.clone()),
                    ("tariff_ja", ga.label_ja.clone()),
                ],
            ),
        ),
        CostLine::phrased(
            "water",
            Text::new("cost.water", &[]),
            water,
            ph("cost_note.ind_water", &[("m3", format!("{water_m3:.0}"))]),
        ),
        CostLine::maintenance(
            maint,
            "cost_note.ind_maintenance",
            ec.maintenance_share.value,
        ),
        CostLine::phrased(
            "personnel",
            Text::new("cost.personnel", &[]),
            staff,
            ph("cost_note.ind_personnel", &[]),
        ),
    ];
    lines.extend(added.lines.iter().cloned());
    lines.push(CostLine::phrased(
        "annual",
        Text::new("cost.annual", &[]),
        annual,
        ph("cost_note.ind_annual", &[]),
    ));
    (construction + added.construction_kyen, annual, lines)
}

/// One use id or several (`source_user:`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum SourceUsers {
    /// One user.
    One(String),
    /// Several users served by the same sources (one container fleet).
    Many(Vec<String>),
}

impl SourceUsers {
    /// The use ids.
    pub fn ids(&self) -> Vec<String> {
        match self {
            SourceUsers::One(u) => vec![u.clone()],
            SourceUsers::Many(v) => v.clone(),
        }
    }
}

/// A `kind: individual` system as written in the case file: every building on its own
/// plant (supply.yaml `building_plants`), optionally with one large user — or several,
/// served by one container fleet — taking unused-energy sources on their own plants.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndividualSpec {
    /// Identifier (unique in the alternative).
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<crate::i18n::Local>,
    /// Interest of the sources' annuity (default supply.yaml `economics.interest`).
    #[serde(default)]
    pub interest: Option<f64>,
    /// Unused-energy sources (ids of the case's `sources:`) taken by `source_user`.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The use (or uses) whose building plants take the sources' heat (a single large user
    /// such as a hospital; several users share the sources' fleet).
    #[serde(default)]
    pub source_user: Option<SourceUsers>,
    /// The study's own deliveries per user (`<use>: { per_day | per_month: [12 values] }`,
    /// in the month order of the user's fuel records) for sources with
    /// `logistics.plan: monthly`; users not listed follow the FS's rounding rule.
    #[serde(default)]
    pub delivery_plan: BTreeMap<String, unused::study::DeliveryPlanSpec>,
    /// The resolved sources (attached when the case is prepared; not written in the file).
    #[serde(skip)]
    pub resolved_sources: Vec<Arc<unused::Source>>,
    /// The resolved users with their fuel records and delivery plans (attached when the
    /// case is prepared).
    #[serde(skip)]
    pub users: Vec<unused::study::SourceUser>,
    /// Assumption set: `study` (default, the study's building-grade equipment at its annual
    /// COPs) or `realistic` (typical operation and property tax, supply.yaml `realistic`).
    #[serde(default)]
    pub basis: super::dhc::Basis,
}

impl Plant for IndividualSpec {
    fn id(&self) -> &str {
        &self.id
    }

    fn name(&self) -> Option<&crate::i18n::Local> {
        self.name.as_ref()
    }

    fn kind(&self) -> SystemKind {
        SystemKind::Individual
    }

    /// Check the values against their ranges (`path`: the system's field path).
    fn check(&self, path: &str, _lib: &Library, map: &SourceMap) -> Result<()> {
        let c = Checker { path, map };
        if self.basis != super::dhc::Basis::Study && !self.sources.is_empty() {
            return Err(c.error(
                "basis",
                "the realistic basis of building plants does not take unused-energy sources yet: give either `basis: realistic` or `sources`",
            ));
        }
        check_finance(&c, self.interest, None)
    }

    fn evaluate(&self, input: &SupplyInput, _shared: &mut Shared) -> SystemResult {
        evaluate(input, self)
    }

    /// Check the `sources:` references and the user that takes them, and attach the
    /// resolved sources.
    fn attach(
        &mut self,
        path: &str,
        sources: &BTreeMap<String, Arc<unused::Source>>,
        alt: &Alternative,
        map: &SourceMap,
    ) -> Result<()> {
        if self.sources.is_empty() {
            if self.source_user.is_some() {
                return Err(map.error(
                    &format!("{path}.source_user"),
                    "source_user names the building use that takes a source's heat; add `sources: [..]`",
                ));
            }
            return Ok(());
        }
        let Some(users) = &self.source_user else {
            return Err(map.error(
                &format!("{path}.sources"),
                "on individual plants a large user takes the heat: add `source_user: <use id>` (e.g. hospital), or a list of uses served by the same fleet",
            ));
        };
        let ids = users.ids();
        if ids.is_empty() {
            return Err(map.error(
                &format!("{path}.source_user"),
                "name at least one use that takes the sources' heat",
            ));
        }
        let present = alt.floor_by_use_m2();
        for (j, u) in ids.iter().enumerate() {
            let field = match users {
                SourceUsers::One(_) => format!("{path}.source_user"),
                SourceUsers::Many(_) => format!("{path}.source_user[{j}]"),
            };
            if ids[..j].contains(u) {
                return Err(map.error(&field, format!("use `{u}` listed twice")));
            }
            if !present.contains_key(u) {
                let uses: Vec<String> = present.keys().cloned().collect();
                let hint = did_you_mean(u, uses.iter().map(String::as_str))
                    .map(|b| format!(" — did you mean `{b}`?"))
                    .unwrap_or_default();
                return Err(map.error(
                    &field,
                    format!(
                        "alternative `{}` has no floor of use `{u}`{hint}; uses present: {}",
                        alt.id,
                        uses.join(", ")
                    ),
                ));
            }
        }
        if let Some(k) = self.delivery_plan.keys().find(|k| !ids.contains(k)) {
            return Err(map.error(
                &format!("{path}.delivery_plan.{k}"),
                format!(
                    "`{k}` is not a source_user of this system ({})",
                    ids.join(", ")
                ),
            ));
        }
        self.users = ids
            .into_iter()
            .map(|id| unused::study::SourceUser {
                id,
                record: None,
                plan: None,
            })
            .collect();
        self.resolved_sources = unused::resolve(&self.sources, path, sources, map)?;
        Ok(())
    }

    /// The scenario lever: named unused-energy sources, if any.
    fn scenario_lever(&self) -> Option<Lever> {
        (!self.sources.is_empty()).then_some(Lever::UnusedSources)
    }

    fn has_sources(&self) -> bool {
        !self.resolved_sources.is_empty()
    }

    /// The values the case file set instead of a default, as (field, value).
    fn overrides(&self) -> Vec<(String, String)> {
        let mut out = vec![];
        if let Some(x) = self.interest {
            out.push(("interest".to_string(), x.to_string()));
        }
        if !self.sources.is_empty() {
            out.push(("sources".to_string(), self.sources.join(", ")));
        }
        if self.basis != super::dhc::Basis::Study {
            out.push(("basis".to_string(), self.basis.id().to_string()));
        }
        if let Some(u) = &self.source_user {
            out.push(("source_user".to_string(), u.ids().join(", ")));
        }
        for (u, p) in &self.delivery_plan {
            let v = p.per_day.as_ref().or(p.per_month.as_ref());
            let what = if p.per_day.is_some() {
                "per_day"
            } else {
                "per_month"
            };
            out.push((
                format!("delivery_plan.{u}.{what}"),
                v.map(|v| v.iter().map(u32::to_string).collect::<Vec<_>>().join(" "))
                    .unwrap_or_default(),
            ));
        }
        out
    }

    /// Every use's building plant (supply.yaml `building_plants`).
    fn equipment(&self, d: &SupplyData) -> Vec<String> {
        equipment(d)
    }
}

impl IndividualSpec {
    /// Attach the users' monthly fuel records and the study's delivery plans (after the
    /// use models are built): a source with the FS's monthly plan needs records for every
    /// user, a delivery plan needs the user's records for its month order.
    pub fn attach_records(
        &mut self,
        path: &str,
        models: &BTreeMap<String, UseModel>,
        map: &SourceMap,
    ) -> Result<()> {
        let monthly = self
            .resolved_sources
            .iter()
            .any(|s| s.logistics.plan == unused::containers::PlanMethod::Monthly);
        for u in self.users.iter_mut() {
            u.record = models.get(&u.id).and_then(|m| m.fuel_record.clone());
            if monthly && u.record.is_none() {
                return Err(map.error(
                    &format!("{path}.source_user"),
                    format!(
                        "use `{}` has no `fuel_records`: a source with `logistics.plan: monthly` plans its deliveries from each user's monthly fuel (uses.{}.fuel_records)",
                        u.id, u.id
                    ),
                ));
            }
            let Some(spec) = self.delivery_plan.get(&u.id) else {
                continue;
            };
            let fp = format!("{path}.delivery_plan.{}", u.id);
            let Some(rec) = &u.record else {
                return Err(map.error(
                    &fp,
                    format!(
                        "a delivery plan follows the user's fuel records; use `{}` has none",
                        u.id
                    ),
                ));
            };
            let (field, values) = match (&spec.per_day, &spec.per_month) {
                (Some(v), None) => ("per_day", v),
                (None, Some(v)) => ("per_month", v),
                _ => {
                    return Err(map.error(
                        &fp,
                        "give exactly one of per_day (containers a day on each operating day) or per_month (containers a month), 12 values each",
                    ))
                }
            };
            if values.len() != 12 {
                return Err(map.error(
                    &format!("{fp}.{field}"),
                    format!("needs 12 values, got {}", values.len()),
                ));
            }
            let mut cal = [0u32; 12];
            for (i, v) in values.iter().enumerate() {
                cal[rec.order.month(i) as usize - 1] = *v;
            }
            u.plan = Some(if field == "per_day" {
                unused::study::DeliveryPlan::PerDay(cal)
            } else {
                unused::study::DeliveryPlan::PerMonth(cal)
            });
        }
        if !self.delivery_plan.is_empty() && !monthly {
            return Err(map.error(
                &format!("{path}.delivery_plan"),
                "a delivery plan needs a source with `logistics.plan: monthly`",
            ));
        }
        Ok(())
    }
}

/// The equipment ids of supply.yaml the building plants install (every use's plant).
pub fn equipment(d: &SupplyData) -> Vec<String> {
    let mut out = vec![];
    for plant in
        std::iter::once(&d.building_plants.default).chain(d.building_plants.by_use.values())
    {
        out.extend(plant.cooling.iter().map(|c| c.equipment.clone()));
        out.push(plant.heating.clone());
        out.push(plant.hot_water.clone());
    }
    out
}

/// Evaluate individual building plants for the alternative's floor.
pub fn evaluate(input: &SupplyInput, spec: &IndividualSpec) -> SystemResult {
    let common = Common::of(input);
    let inside = balance(input, input.floor_by_use_m2);
    if spec.basis == super::dhc::Basis::Realistic {
        return realistic(input, spec, &inside, &common);
    }
    let econ = economics(input, input.floor_by_use_m2, &inside);
    if spec.resolved_sources.is_empty() {
        result(input, spec, &inside, econ, common.notes.clone(), &common)
    } else {
        single_user(input, spec, inside, econ, &common)
    }
}

/// Building plants on the realistic basis (supply.yaml `realistic`): the heat-source
/// equipment's energy and design-hour draw × the building operating energy factor (typical
/// operation against annual catalogue COPs, as for the DHC), and property tax on the plants
/// as the DHC pays it. Their equipment is already the building grade the DHC's vintage set
/// uses, and a building plant has no take-up. Sources, if any, are left to the study basis.
fn realistic(
    input: &SupplyInput,
    spec: &IndividualSpec,
    inside: &Balance,
    common: &Common,
) -> SystemResult {
    let r = &input.data().realistic;
    let k = r.building_operating_energy_factor.value;
    let mut b = inside.with_purposes_scaled(&r.building_operating_covers.value, k);
    b.peak_electricity_kw *= k;
    b.peak_gas_nm3_per_h *= k;
    let (construction, annual, mut lines) = economics(input, input.floor_by_use_m2, &b);
    let tax = construction * r.property_tax_share.value;
    let at = lines.len().saturating_sub(1);
    lines.insert(
        at,
        super::CostLine::phrased(
            "property_tax",
            Text::new("cost.property_tax", &[]),
            tax,
            crate::i18n::Phrase::new(
                "cost_note.property_tax",
                &[(
                    "share",
                    format!("{:.2}", r.property_tax_share.value * 100.0),
                )],
            ),
        ),
    );
    if let Some(total) = lines.last_mut() {
        total.kyen += tax;
    }
    let mut notes = common.notes.clone();
    notes.push(Text::new(
        "note.individual_realistic",
        &[("k", format!("{k}"))],
    ));
    result(
        input,
        spec,
        &b,
        (construction, annual + tax, lines),
        notes,
        common,
    )
}

/// The CONTRACT result of individual building plants from their balance (inside the
/// district) and economics (construction, annual, lines).
fn result(
    input: &SupplyInput,
    spec: &IndividualSpec,
    inside: &Balance,
    (construction, annual, lines): (f64, f64, Vec<super::CostLine>),
    notes: Vec<Text>,
    common: &Common,
) -> SystemResult {
    let mut total = inside.clone();
    total.add(&common.external);
    let mut r = base_result(
        input,
        (&spec.id, SystemKind::Individual, spec.name.as_ref()),
        Text::new("name.individual", &[]),
        &total,
        common.floor_total_m2,
    );
    r.construction_cost_kyen = Some(construction);
    r.annual_cost_kyen = Some(annual);
    let h = inside.heat_demand_kwh * 3.6 / 1000.0;
    r.heat_price_yen_per_mj = (h > 0.0).then(|| annual / h);
    r.cost_lines = lines;
    r.notes = notes;
    r
}

/// Individual plants where one large user (`source_user`, e.g. the hospital) — or several
/// users sharing the sources' fleet — take the sources' heat on their own plants; their
/// energy contracts stay (the plants back the sources up), so the savings are energy
/// charges. The sources serve the users' summed loads; each user's plant then runs on its
/// share of the heat in every hour (in proportion to its own load).
fn single_user(
    input: &SupplyInput,
    spec: &IndividualSpec,
    inside: Balance,
    reference_econ: (f64, f64, Vec<super::CostLine>),
    common: &Common,
) -> SystemResult {
    let d = input.data();
    let data = &input.lib.waste_heat;
    let ids: Vec<&str> = spec.users.iter().map(|u| u.id.as_str()).collect();
    let floors: Vec<f64> = ids
        .iter()
        .map(|u| input.floor_by_use_m2.get(*u).copied().unwrap_or(0.0))
        .collect();
    let per_user: Vec<SourceLoads> = ids
        .iter()
        .zip(&floors)
        .map(|(u, f)| source_loads(input, u, *f))
        .collect();
    let loads = summed(&per_user);
    let ops = unused::dispatch(
        &spec.resolved_sources,
        &unused::UserLoads {
            heat_kw: &loads.heat_kw,
            cool_kw: &loads.cool_kw,
            steam_absorption: loads.steam_absorption,
            boiler_kw: loads.boiler_kw,
            month_ranges: input.calendar.month_ranges(),
            users: &spec.users,
        },
        input.lib,
    );
    let mut plant_ref = Balance::default();
    let mut plant_with = Balance::default();
    for ((u, f), l) in ids.iter().zip(&floors).zip(&per_user) {
        let r = unit_plant(input, u)
            .map(|x| x.balance.scaled(*f))
            .unwrap_or_default();
        let (w, _, _) = if ids.len() == 1 {
            plant_run(input, u, *f, &ops)
        } else {
            let share = |part: &[f64], all: &[f64]| -> Vec<f64> {
                part.iter()
                    .zip(all)
                    .map(|(p, a)| if *a > 0.0 { p / a } else { 0.0 })
                    .collect()
            };
            let hs = share(&l.heat_kw, &loads.heat_kw);
            let cs = share(&l.cool_kw, &loads.cool_kw);
            let mine: Vec<unused::Operation> = ops.iter().map(|o| o.share(&hs, &cs)).collect();
            plant_run(input, u, *f, &mine)
        };
        plant_with.add(&w);
        plant_ref.add(&r);
    }
    plant_with.peak_electricity_kw = plant_ref.peak_electricity_kw;
    plant_with.peak_gas_nm3_per_h = plant_ref.peak_gas_nm3_per_h;
    let mut inside_with = inside.clone();
    inside_with.add(&plant_ref.scaled(-1.0));
    inside_with.add(&plant_with);
    let (_, annual_bare, _) = economics(input, input.floor_by_use_m2, &inside_with);
    let ctx = unused::scheme::Context {
        reference: Text::new("name.individual_reference", &[]),
        supply: d,
        factors: input.factors,
        plant_ref: &plant_ref,
        plant_with: &plant_with,
        savings_kyen: reference_econ.1 - annual_bare,
        demand_heat_kwh: loads.heat_kw.iter().sum(),
        demand_cool_kwh: loads.cool_kw.iter().sum(),
        interest: spec.interest.unwrap_or(d.economics.interest.value),
        data,
    };
    let mut u = unused::scheme::evaluate(&ops, &ctx);
    let added = unused::scheme::added_costs(&u);
    let (construction, annual, lines) =
        economics_with(input, input.floor_by_use_m2, &inside_with, &added);
    let mut notes = common.notes.clone();
    notes.push(Text::new(
        "note.single_user",
        &[
            ("user", ids.join(", ")),
            ("floor", format!("{:.0}", floors.iter().sum::<f64>())),
        ],
    ));
    notes.extend(u.notes.iter().cloned());
    let mut r = result(
        input,
        spec,
        &inside_with,
        (construction, annual, lines),
        notes,
        common,
    );
    unused::scheme::add_transport_energy(&mut r, &u);
    let reference = result(input, spec, &inside, reference_econ, vec![], common);
    u.set_reference(&r, &reference);
    r.unused = Some(u);
    r
}

/// The loads of several users added hour by hour; their steam absorption chillers pooled
/// (capacity summed, COP of the pooled steam use).
fn summed(per_user: &[SourceLoads]) -> SourceLoads {
    let n = HOURS_PER_YEAR;
    let add = |f: fn(&SourceLoads) -> &Vec<f64>| -> Vec<f64> {
        (0..n)
            .map(|t| per_user.iter().map(|l| f(l)[t]).sum())
            .collect()
    };
    let (cap, steam) = per_user
        .iter()
        .filter_map(|l| l.steam_absorption)
        .fold((0.0, 0.0), |(c, s), (cap, cop)| (c + cap, s + cap / cop));
    SourceLoads {
        heat_kw: add(|l| &l.heat_kw),
        cool_kw: add(|l| &l.cool_kw),
        steam_absorption: (cap > 0.0).then(|| (cap, cap / steam)),
        boiler_kw: per_user.iter().map(|l| l.boiler_kw).sum(),
    }
}
