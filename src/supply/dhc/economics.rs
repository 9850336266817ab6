//! Economics of the DHC business (district-a.md §5): plant cost on the cost curves, pipe
//! works with the subsidy scenarios, two-part tariffs, water, maintenance and staff, heat
//! sold and the heat unit price, levelised over the horizon for build-up scenarios.

use super::operate::DhcOutcome;
use super::{BuildupSpec, DhcSpec, Subsidy};
use crate::econ;
use crate::i18n::{Phrase, Text};
use crate::project::land::{self, InfrastructureResult};
use crate::project::{timeline, DhcProjectSpec, InfrastructureSpec, Payer, Project, ProjectResult};
use crate::supply::data::EquipmentKind;
use crate::supply::{CostLine, Installed, NetworkResult, SupplyInput};

/// Cost of an equipment group on its cost curve, ¥.
pub fn equipment_cost_yen(input: &SupplyInput, item: &Installed) -> f64 {
    if let Some(y) = super::chp::capital_yen(input.data(), item) {
        return y;
    }
    let c = &input.data().costs;
    let kind = input.data().equipment.get(&item.equipment).map(|e| e.kind);
    let unit_cost = match kind {
        Some(EquipmentKind::ElectricChiller) => c.plant_yen_per_kw_at_ref.electric_chiller.value,
        Some(EquipmentKind::AbsorptionChiller) => {
            c.plant_yen_per_kw_at_ref.absorption_chiller.value
        }
        Some(EquipmentKind::Boiler) => c.plant_yen_per_kw_at_ref.boiler.value,
        Some(EquipmentKind::HeatPump) => c.plant_yen_per_kw_at_ref.heat_pump.value,
        Some(EquipmentKind::Storage) => {
            return item.capacity_kw * c.plant_yen_per_kw_at_ref.storage_yen_per_kwh.value
        }
        None => 0.0,
    };
    let units = item.units.max(1);
    econ::scaled_cost_yen(
        unit_cost,
        c.ref_kw.value,
        c.exponent.value,
        item.capacity_kw / units as f64,
        units,
    )
}

/// Economics of a DHC outcome: cost lines, annual cost, heat sold and price, with the
/// spec's unused-energy, build-up and subsidy scenarios.
pub struct DhcEconomics {
    /// Construction cost borne by the operator, ¥ thousand.
    pub construction_kyen: f64,
    /// Annual cost at full build-out, ¥ thousand.
    pub annual_kyen: f64,
    /// Heat sold, GJ.
    pub heat_sold_gj: f64,
    /// Price, ¥/MJ (levelised over the horizon when a build-up is given).
    pub price_yen_per_mj: f64,
    /// Cost lines.
    pub lines: Vec<CostLine>,
    /// Energy and water bills (electricity + gas + water) at full build-out, ¥ thousand/yr.
    pub bills_kyen: f64,
    /// Network cost summary (civil, pipe) in ¥ thousand before subsidy.
    pub civil_kyen: f64,
    /// Pipe cost ¥ thousand.
    pub pipe_kyen: f64,
    /// Notes.
    pub notes: Vec<Text>,
    /// What levelling saves the plant.
    pub levelling: super::LevellingEffect,
    /// Year-by-year path (build-up or project timeline).
    pub path: Option<econ::PricePath>,
    /// The DHC inside the land-readjustment project.
    pub project: Option<ProjectResult>,
}

/// Costs of parts outside the plant and the district network that the DHC business also
/// carries (unused-energy sources): shown in the construction cost and added as annual
/// lines, ¥ thousand.
#[derive(Debug, Clone, Default)]
pub struct AddedCosts {
    /// Capital borne by the operator (after subsidies).
    pub construction_kyen: f64,
    /// Subsidy deducted from the sources' capital, ¥ thousand.
    pub subsidy_kyen: f64,
    /// Annual lines (capital charge, running), inserted before the annual total.
    pub lines: Vec<CostLine>,
}

/// Annual economics of the DHC business (district-a.md §5).
pub fn economics(input: &SupplyInput, spec: &DhcSpec, o: &mut DhcOutcome) -> DhcEconomics {
    economics_with(input, spec, o, &AddedCosts::default())
}

/// Fixed costs of the business while demand builds up, ¥ thousand: the operator's
/// infrastructure and plant capital (charged at the annuity + maintenance share), staff,
/// the sources' annual lines and the plant site.
struct Fixed {
    pipes_capex_kyen: f64,
    plant_capex_kyen: f64,
    /// Capital recovery factor + maintenance share, 1/yr.
    annuity: f64,
    maintenance_share: f64,
    staff_kyen: f64,
    added_kyen: f64,
    site_kyen: f64,
}

impl Fixed {
    /// The year-by-year path (district-a.md §5 generalised): demand follows the take-up
    /// `tau`, the plant's capital follows `stage` (share installed, 1 when not staged), the
    /// network is built before supply starts; variable costs and sales follow the take-up.
    fn path(
        &self,
        (rate, first_year): (f64, i32),
        tau: Vec<f64>,
        stage: &[f64],
        variable_kyen: f64,
        heat_sold_gj: f64,
    ) -> econ::PricePath {
        let n = tau.len();
        let plant_annual = self.plant_capex_kyen * self.annuity;
        let fixed_kyen = (0..n)
            .map(|y| {
                self.pipes_capex_kyen * self.annuity
                    + self.staff_kyen
                    + self.added_kyen
                    + plant_annual * stage[y]
                    + self.site_kyen
            })
            .collect();
        let capex_kyen = (0..n)
            .map(|y| {
                let before = if y == 0 { 0.0 } else { stage[y - 1] };
                let network = if y == 0 { self.pipes_capex_kyen } else { 0.0 };
                network + self.plant_capex_kyen * (stage[y] - before)
            })
            .collect();
        let cash_fixed_kyen = (0..n)
            .map(|y| {
                self.maintenance_share * (self.pipes_capex_kyen + self.plant_capex_kyen * stage[y])
                    + self.staff_kyen
                    + self.added_kyen
                    + self.site_kyen
            })
            .collect();
        econ::price_path(&econ::PathCosts {
            rate,
            first_year,
            takeup: tau,
            fixed_kyen,
            capex_kyen,
            cash_fixed_kyen,
            variable_kyen,
            heat_gj: heat_sold_gj,
        })
    }
}

/// The heat price levelised over the build-up (district-a.md §5): demand follows the
/// take-up curve, fixed costs stay (the plant follows the highest take-up so far when
/// staged), variable costs and sales follow the take-up; the path by supply year (1 = first)
/// and the note saying so.
fn buildup_price(
    bu: &BuildupSpec,
    (rate, years): (f64, f64),
    fixed: &Fixed,
    variable_kyen: f64,
    heat_sold_gj: f64,
) -> (econ::PricePath, Text) {
    let n = years.round().max(1.0) as usize;
    let tau = econ::takeup_curve(
        n,
        bu.takeup,
        bu.curve.as_deref(),
        bu.start,
        bu.end,
        bu.ramp_years,
    );
    let mut running_max = 0.0_f64;
    let stage: Vec<f64> = tau
        .iter()
        .map(|t| {
            running_max = running_max.max(*t);
            if bu.staged {
                running_max
            } else {
                1.0
            }
        })
        .collect();
    let path = fixed.path((rate, 1), tau, &stage, variable_kyen, heat_sold_gj);
    let note = Text::new(
        if bu.staged {
            "note.buildup_staged"
        } else {
            "note.buildup"
        },
        &[
            ("avg", format!("{:.0}", path.average_takeup * 100.0)),
            ("n", n.to_string()),
            ("rate", format!("{:.1}", rate * 100.0)),
        ],
    );
    (path, note)
}

/// The DHC inside the land-readjustment project: take-up from the case's timeline and the
/// connection levers, plant units staged as demand arrives, the plant site in the fixed
/// costs, the infrastructure split with its 減歩 effect and the who-pays trade-off.
struct ProjectEconomics {
    path: econ::PricePath,
    result: ProjectResult,
    notes: Vec<Text>,
}

/// Inputs of [`project_economics`] besides the spec.
struct ProjectInputs<'a> {
    fixed: Fixed,
    rate: f64,
    years: f64,
    variable_kyen: f64,
    heat_sold_gj: f64,
    split: InfrastructureResult,
    plant_co2_t: f64,
    o: &'a DhcOutcome,
}

/// Heat-demand weights of the connected floor by parcel and use (each use's building-plant
/// heat demand per m² × floor; by floor when no use has heat demand).
fn parts(input: &SupplyInput) -> Vec<timeline::Part> {
    let heat = |u: &str| {
        input
            .unit_plants
            .get(u)
            .map_or(0.0, |p| p.balance.heat_demand_kwh)
    };
    let mut parts: Vec<(timeline::Part, f64)> = input
        .parcels
        .iter()
        .flat_map(|p| {
            p.floor_by_use_m2.iter().map(|(u, f)| {
                let part = timeline::Part {
                    parcel: p.id.clone(),
                    use_id: u.to_string(),
                    weight: f * heat(u),
                };
                (part, *f)
            })
        })
        .collect();
    let total: f64 = parts.iter().map(|(p, _)| p.weight).sum();
    let floor: f64 = parts.iter().map(|(_, f)| f).sum();
    for (p, f) in parts.iter_mut() {
        p.weight = if total > 0.0 {
            p.weight / total
        } else if floor > 0.0 {
            *f / floor
        } else {
            0.0
        };
    }
    parts.into_iter().map(|(p, _)| p).collect()
}

fn project_economics(
    input: &SupplyInput,
    pb: &DhcProjectSpec,
    project: &Project,
    pi: ProjectInputs,
) -> ProjectEconomics {
    let data = &input.lib.project;
    let n = pi.years.round().max(1.0) as usize;
    let levers = timeline::Levers::resolve(pb.connection.as_ref(), data);
    let takeup = project.takeup(&parts(input), n, &levers);
    let stage = if pb.staged {
        let groups: Vec<(f64, u32)> =
            pi.o.equipment
                .iter()
                .map(|e| (e.cost_kyen, e.units))
                .collect();
        timeline::unit_stages(&takeup.connected, &groups)
    } else {
        vec![1.0; n]
    };
    let first_year = project.supply_start.round() as i32;
    let price_with = |fixed: &Fixed| {
        fixed.path(
            (pi.rate, first_year),
            takeup.connected.clone(),
            &stage,
            pi.variable_kyen,
            pi.heat_sold_gj,
        )
    };
    let path = price_with(&pi.fixed);
    let price = path.levelised_price_yen_per_mj;
    let plant_site = pb.plant_site.as_ref().map(|s| {
        let mut r = land::plant_site(s, project, pi.rate);
        let without = price_with(&Fixed {
            site_kyen: 0.0,
            ..pi.fixed
        });
        r.price_share_yen_per_mj = price - without.levelised_price_yen_per_mj;
        r
    });
    let infra_spec = pb.infrastructure.clone().unwrap_or_default();
    let mut tradeoff: Vec<land::TradeoffRow> = land::tradeoff_options(&infra_spec)
        .into_iter()
        .map(|(id, option)| {
            let s = land::split(pi.split.conduit_kyen, pi.split.pipes_kyen, &option, data);
            let p = price_with(&Fixed {
                pipes_capex_kyen: s.operator_kyen,
                ..pi.fixed
            })
            .levelised_price_yen_per_mj;
            let effect = project
                .spec
                .land
                .as_ref()
                .map(|l| land::land_effect(l, s.project_kyen));
            land::TradeoffRow {
                option: id.to_string(),
                chosen: option.conduit == pi.split.conduit_payer
                    && option.pipes == pi.split.pipes_payer,
                project_kyen: s.project_kyen,
                extra_reserved_m2: effect.as_ref().map_or(0.0, |e| e.extra_reserved_m2),
                contribution_ratio: effect.as_ref().map_or(0.0, |e| e.ratio_after),
                price_yen_per_mj: p,
                price_saving_yen_per_mj: 0.0,
            }
        })
        .collect();
    let operator_price = tradeoff[0].price_yen_per_mj;
    for row in tradeoff.iter_mut() {
        row.price_saving_yen_per_mj = operator_price - row.price_yen_per_mj;
    }
    let land = project.spec.land.as_ref().map(|l| {
        let mut e = land::land_effect(l, pi.split.project_kyen);
        e.price_saving_yen_per_mj = operator_price - price;
        e
    });
    let ind_co2_t: f64 = input
        .floor_by_use_m2
        .iter()
        .filter_map(|(u, f)| {
            let p = input.unit_plants.get(u)?;
            Some(f * crate::supply::energy_totals(&p.balance, input.factors).3)
        })
        .sum();
    let years = n as f64;
    let co2_average_t = takeup
        .connected
        .iter()
        .zip(&takeup.built)
        .map(|(c, b)| c * pi.plant_co2_t + (b - c) * ind_co2_t)
        .sum::<f64>()
        / years;
    let co2_saving_t = takeup
        .connected
        .iter()
        .map(|c| c * (ind_co2_t - pi.plant_co2_t))
        .sum::<f64>()
        / years;
    let average_built = takeup.built.iter().sum::<f64>() / years;
    let note = Text::new(
        if pb.staged {
            "note.project_takeup_staged"
        } else {
            "note.project_takeup"
        },
        &[
            ("start", format!("{}", first_year)),
            ("built", format!("{:.0}", average_built * 100.0)),
            ("avg", format!("{:.0}", path.average_takeup * 100.0)),
            ("n", n.to_string()),
            ("rate", format!("{:.1}", pi.rate * 100.0)),
        ],
    );
    let mut notes = vec![note];
    let t = &data.timing;
    let lag = project.supply_start - project.spec.milestones.provisional_replotting;
    if lag < t.supply_lag_min_years.value || lag > t.supply_lag_max_years.value {
        notes.push(Text::new(
            "note.project_supply_lag",
            &[
                ("lag", format!("{lag:.0}")),
                ("min", format!("{}", t.supply_lag_min_years.value)),
                ("max", format!("{}", t.supply_lag_max_years.value)),
            ],
        ));
    }
    let result = ProjectResult {
        milestones: project.spec.milestones.clone(),
        supply_start: project.supply_start,
        built: takeup.built.clone(),
        plant_stage: stage,
        plant_site,
        infrastructure: pi.split,
        land,
        tradeoff,
        connection: timeline::ConnectionResult {
            given: levers.given,
            means: levers.means,
            obliged_share: takeup.obliged_share,
            voluntary_share: levers.voluntary_share,
            average_built,
            average_takeup: path.average_takeup,
            co2_average_t,
            co2_saving_t,
        },
    };
    ProjectEconomics {
        path,
        result,
        notes,
    }
}

/// The infrastructure split a `subsidy:` scenario stands for (pipes: project pays conduit
/// and pipes; tunnel: the conduit).
fn legacy_infrastructure(s: Subsidy) -> InfrastructureSpec {
    let (conduit, pipes) = match s {
        Subsidy::None => (Payer::Operator, Payer::Operator),
        Subsidy::Pipes => (Payer::Project, Payer::Project),
        Subsidy::Tunnel => (Payer::Project, Payer::Operator),
    };
    InfrastructureSpec {
        conduit,
        pipes,
        subsidy: None,
    }
}

/// [`economics`] with added costs (their annual lines count as fixed costs in build-up
/// scenarios).
pub fn economics_with(
    input: &SupplyInput,
    spec: &DhcSpec,
    o: &mut DhcOutcome,
    added: &AddedCosts,
) -> DhcEconomics {
    let d = input.data();
    let ec = &d.economics;
    // A CHP's O&M beyond the maintenance share joins the added annual lines.
    let with_chp;
    let added = match &o.chp {
        Some(run) => {
            with_chp = AddedCosts {
                lines: [added.lines.clone(), super::chp::cost_lines(input, run)].concat(),
                ..added.clone()
            };
            &with_chp
        }
        None => added,
    };
    let mut notes = vec![];
    for item in o.equipment.iter_mut() {
        item.cost_kyen = equipment_cost_yen(input, item) / 1000.0;
    }
    let plant_kyen: f64 = o.equipment.iter().map(|e| e.cost_kyen).sum();
    let len = o.network.length_m;
    let civil_kyen = d.costs.pipe_civil_yen_per_m.value * len / 1000.0;
    let pipe_kyen =
        d.costs.pipe_yen_per_m_per_m_diameter.value * o.network.main_diameter_m * len / 1000.0;
    let project = spec.project.as_ref().zip(input.project);
    let split = project.map(|(pb, _)| {
        let infra = pb
            .infrastructure
            .clone()
            .unwrap_or_else(|| legacy_infrastructure(spec.subsidy));
        land::split(civil_kyen, pipe_kyen, &infra, &input.lib.project)
    });
    let (civil_paid, pipe_paid) = match (&split, spec.subsidy) {
        (Some(s), _) => s.operator_items(),
        (None, Subsidy::None) => (civil_kyen, pipe_kyen),
        (None, Subsidy::Pipes) => {
            notes.push(Text::new("note.subsidy_pipes", &[]));
            (0.0, 0.0)
        }
        (None, Subsidy::Tunnel) => {
            notes.push(Text::new("note.subsidy_tunnel", &[]));
            (0.0, pipe_kyen)
        }
    };
    let construction = plant_kyen + civil_paid + pipe_paid;
    let rate = spec.interest.unwrap_or(ec.interest.value);
    let years = spec.years.unwrap_or(ec.years.value);
    let crf = econ::capital_recovery_factor(rate, years);
    let unused = spec.unused_share.unwrap_or(0.0);
    let plant = &super::unused_share_balance(input, spec, &o.plant);
    let e_kwh = plant.electricity_total_kwh();
    let g_nm3 = plant.gas_total_nm3();
    let el = &input.tariffs.dhc_electricity;
    let ga = &input.tariffs.dhc_gas;
    let elec_kyen = econ::two_part_bill_yen(
        el.basic_yen_per_kw_month.value,
        plant.peak_electricity_kw,
        el.energy_yen_per_kwh.value,
        e_kwh,
    ) / 1000.0;
    let gas_kyen = econ::two_part_bill_yen(
        ga.basic_yen_per_nm3h_month.value,
        plant.peak_gas_nm3_per_h,
        ga.energy_yen_per_nm3.value,
        g_nm3,
    ) / 1000.0;
    let water_kyen = o.water_m3 * ec.water_yen_per_m3.value / 1000.0;
    let realistic = spec.basis == super::Basis::Realistic;
    // Realistic basis: the property tax on the plant and pipes, and the part of the
    // electricity (constant-speed pumps and cooling towers) that runs whatever the take-up.
    let tax_kyen = if realistic {
        construction * d.realistic.property_tax_share.value
    } else {
        0.0
    };
    let no_load_kyen = if realistic {
        elec_kyen * d.realistic.part_load_fixed_share.value
    } else {
        0.0
    };
    let staff = spec.staff.unwrap_or(ec.staff.value);
    let staff_kyen = staff * ec.staff_yen.value / 1000.0;
    let maint_kyen = construction * ec.maintenance_share.value;
    let capital_kyen = construction * crf;
    let heat_sold_kwh = plant.heat_demand_kwh + o.heat_loss_kwh + o.cool_gain_kwh;
    let heat_sold_gj = heat_sold_kwh * 3.6 / 1000.0;
    let variable = elec_kyen + gas_kyen + water_kyen;
    let added_kyen: f64 = added.lines.iter().map(|l| l.kyen).sum();
    let site =
        project.and_then(|(pb, p)| pb.plant_site.as_ref().map(|s| land::plant_site(s, p, rate)));
    let site_kyen = site.as_ref().map_or(0.0, |s| s.annual_kyen);
    let annual =
        capital_kyen + maint_kyen + staff_kyen + variable + added_kyen + tax_kyen + site_kyen;
    let mut price = annual / heat_sold_gj;
    let plant_unlevelled_kyen: f64 = o
        .unlevelled_equipment
        .iter()
        .map(|i| equipment_cost_yen(input, i) / 1000.0)
        .sum();
    let levelling = super::LevellingEffect {
        coincidence_factor_cooling: o.cf_cooling,
        coincidence_factor_heat: o.cf_heat,
        cooling_capacity_kw: o.cooling_capacity_kw,
        cooling_capacity_unlevelled_kw: o.cooling_unlevelled_kw,
        heat_capacity_kw: o.heating_capacity_kw,
        heat_capacity_unlevelled_kw: o.heating_unlevelled_kw,
        capacity_saving: 1.0
            - (o.cooling_capacity_kw + o.heating_capacity_kw)
                / (o.cooling_unlevelled_kw + o.heating_unlevelled_kw).max(f64::MIN_POSITIVE),
        plant_cost_kyen: plant_kyen,
        plant_cost_unlevelled_kyen: plant_unlevelled_kyen,
        price_yen_per_mj: price,
        price_unlevelled_yen_per_mj: price
            + (plant_unlevelled_kyen - plant_kyen) * (crf + ec.maintenance_share.value)
                / heat_sold_gj,
        price_saving: 0.0,
    };
    let levelling = super::LevellingEffect {
        price_saving: 1.0 - levelling.price_yen_per_mj / levelling.price_unlevelled_yen_per_mj,
        ..levelling
    };
    if unused > 0.0 {
        let lowered = spec
            .unused_reduces_contracts
            .unwrap_or(d.dhc_plant.unused_share_reduces_contracts.value);
        notes.push(Text::new(
            if lowered {
                "note.unused_share_contracts"
            } else {
                "note.unused_share"
            },
            &[("pct", format!("{:.0}", unused * 100.0))],
        ));
    }
    // The realistic basis's property tax and no-load auxiliaries are fixed costs: they do
    // not shrink with the heat sold while take-up builds up.
    let fixed = Fixed {
        pipes_capex_kyen: civil_paid + pipe_paid,
        plant_capex_kyen: plant_kyen,
        annuity: crf + ec.maintenance_share.value,
        maintenance_share: ec.maintenance_share.value,
        staff_kyen,
        added_kyen: added_kyen + tax_kyen + no_load_kyen,
        site_kyen,
    };
    let mut path = None;
    let mut project_result = None;
    if let (Some((pb, p)), Some(split)) = (project, split) {
        let pe = project_economics(
            input,
            pb,
            p,
            ProjectInputs {
                fixed,
                rate,
                years,
                variable_kyen: variable - no_load_kyen,
                heat_sold_gj,
                split,
                plant_co2_t: crate::supply::energy_totals(plant, input.factors).3,
                o,
            },
        );
        price = pe.path.levelised_price_yen_per_mj;
        notes.extend(pe.notes);
        path = Some(pe.path);
        project_result = Some(pe.result);
    } else if let Some(bu) = &spec.buildup {
        let (p, note) = buildup_price(
            bu,
            (rate, years),
            &fixed,
            variable - no_load_kyen,
            heat_sold_gj,
        );
        price = p.levelised_price_yen_per_mj;
        path = Some(p);
        notes.push(note);
    }
    // The cost lines with their notes (formatted figures): not at a step of a sweep, which
    // reads the headline figures only.
    let lines = if input.headline_only {
        vec![]
    } else {
        let k0 = |v: f64| format!("{v:.0}");
        let mut construction_args = vec![
            ("plant", k0(plant_kyen)),
            ("exp", format!("{}", d.costs.exponent.value)),
            ("civil", k0(civil_paid)),
            ("pipe", k0(pipe_paid)),
            ("len", k0(len)),
        ];
        let construction_key = if added.construction_kyen > 0.0 {
            construction_args.push(("net", k0(added.construction_kyen)));
            construction_args.push(("subsidy", k0(added.subsidy_kyen)));
            "cost_note.dhc_construction_unused"
        } else {
            "cost_note.dhc_construction"
        };
        let mut lines = vec![
            CostLine::phrased(
                "construction",
                Text::new("cost.construction", &[]),
                construction + added.construction_kyen,
                Phrase::new(construction_key, &construction_args),
            ),
            CostLine::phrased(
                "capital",
                Text::new("cost.capital", &[]),
                capital_kyen,
                Phrase::new(
                    "cost_note.capital",
                    &[
                        ("crf", format!("{crf:.6}")),
                        ("rate", format!("{:.1}", rate * 100.0)),
                        ("years", k0(years)),
                    ],
                ),
            ),
            CostLine::phrased(
                "electricity",
                Text::new("cost.electricity", &[]),
                elec_kyen,
                Phrase::new(
                    "cost_note.dhc_electricity",
                    &[
                        ("tariff", el.label.clone()),
                        ("tariff_ja", el.label_ja.clone()),
                        ("basic", format!("{}", el.basic_yen_per_kw_month.value)),
                        ("kw", k0(plant.peak_electricity_kw)),
                        ("energy", format!("{}", el.energy_yen_per_kwh.value)),
                        ("mwh", k0(e_kwh / 1000.0)),
                    ],
                ),
            ),
            CostLine::phrased(
                "gas",
                Text::new("cost.gas", &[]),
                gas_kyen,
                Phrase::new(
                    "cost_note.dhc_gas",
                    &[
                        ("tariff", ga.label.clone()),
                        ("tariff_ja", ga.label_ja.clone()),
                        ("basic", format!("{}", ga.basic_yen_per_nm3h_month.value)),
                        ("flow", k0(plant.peak_gas_nm3_per_h)),
                        ("energy", format!("{}", ga.energy_yen_per_nm3.value)),
                        ("knm3", k0(g_nm3 / 1000.0)),
                    ],
                ),
            ),
            CostLine::phrased(
                "water",
                Text::new("cost.water", &[]),
                water_kyen,
                Phrase::new(
                    "cost_note.dhc_water",
                    &[
                        ("m3", k0(o.water_m3)),
                        ("price", format!("{}", ec.water_yen_per_m3.value)),
                    ],
                ),
            ),
            CostLine::maintenance(
                maint_kyen,
                "cost_note.maintenance",
                ec.maintenance_share.value,
            ),
            CostLine::phrased(
                "personnel",
                Text::new("cost.personnel", &[]),
                staff_kyen,
                Phrase::new(
                    "cost_note.personnel",
                    &[
                        ("staff", format!("{staff}")),
                        ("salary", format!("{:.1}", ec.staff_yen.value / 1e6)),
                    ],
                ),
            ),
        ];
        if realistic {
            lines.push(CostLine::phrased(
                "property_tax",
                Text::new("cost.property_tax", &[]),
                tax_kyen,
                Phrase::new(
                    "cost_note.property_tax",
                    &[(
                        "share",
                        format!("{:.2}", d.realistic.property_tax_share.value * 100.0),
                    )],
                ),
            ));
        }
        lines.extend(added.lines.iter().cloned());
        if let Some(site) = &site {
            lines.push(CostLine::phrased(
                "plant_site",
                Text::new("cost.plant_site", &[]),
                site.annual_kyen,
                Phrase::new(
                    &format!("cost_note.plant_site_{}", site.kind.id()),
                    &[
                        ("area", k0(site.area_m2)),
                        ("rent", k0(site.rent_yen_per_m2_month.unwrap_or(0.0))),
                        ("price", k0(site.land_price_yen_per_m2.unwrap_or(0.0))),
                        ("rate", format!("{:.1}", rate * 100.0)),
                    ],
                ),
            ));
        }
        lines.push(CostLine::phrased(
            "annual",
            Text::new("cost.annual", &[]),
            annual,
            Phrase::new("cost_note.dhc_annual", &[]),
        ));
        lines
    };
    DhcEconomics {
        construction_kyen: construction + added.construction_kyen,
        annual_kyen: annual,
        heat_sold_gj,
        price_yen_per_mj: price,
        lines,
        bills_kyen: variable,
        civil_kyen,
        pipe_kyen,
        notes,
        levelling,
        path,
        project: project_result,
    }
}

/// Network summary for the report.
pub fn network_result(o: &DhcOutcome, e: &DhcEconomics) -> NetworkResult {
    let delivered = o.plant.heat_demand_kwh;
    NetworkResult {
        buildings: o.network.buildings,
        length_m: o.network.length_m,
        main_diameter_m: o.network.main_diameter_m,
        heat_loss_mwh: o.heat_loss_kwh / 1000.0,
        cool_gain_mwh: o.cool_gain_kwh / 1000.0,
        loss_share: if delivered > 0.0 {
            (o.heat_loss_kwh + o.cool_gain_kwh) / delivered
        } else {
            0.0
        },
        pump_mwh: o.network_pump_kwh / 1000.0,
        civil_kyen: e.civil_kyen,
        pipe_kyen: e.pipe_kyen,
    }
}
