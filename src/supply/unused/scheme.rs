//! What a set of sources is worth to its user (waste-heat.md §1, §2): capital and running
//! cost per source, plant energy avoided, CO2 (displaced fuel − pumps − diesel − lost
//! power generation), running balance, simple payback, annuity, CO2 abatement cost, share
//! of demand covered, utilisation and reserve — and the comparison against the simple
//! "x % of plant energy" assumption (district-a.md §2).

use super::containers;
use super::dispatch::{Operation, Transport};
use super::{Delivery, TemperatureClass};
use crate::calendar::HOURS_PER_YEAR;
use crate::econ;
use crate::i18n::{Arg, Phrase, Text};
use crate::supply::data::{FactorSet, SupplyData};
use crate::supply::{energy_totals, Balance, CostLine, SystemResult};
use serde::Serialize;

/// CO2 of a scheme, t/yr.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Co2 {
    /// Plant fuel and electricity displaced (net of the heat pumps and towers the sources need).
    pub displaced_t: f64,
    /// Electricity of transfer and container pumps outside the plant.
    pub transport_pumps_t: f64,
    /// Truck diesel.
    pub diesel_t: f64,
    /// Power the source no longer generates (made up by the grid).
    pub lost_power_t: f64,
    /// displaced − pumps − diesel − lost power.
    pub saved_t: f64,
}

/// Plant energy avoided.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EnergyAvoided {
    /// Purchased electricity, MWh/yr (negative when heat pumps add more than is saved).
    pub electricity_mwh: f64,
    /// Gas, thousand Nm³/yr.
    pub gas_knm3: f64,
    /// Primary energy of the plant, GJ/yr.
    pub primary_gj: f64,
}

/// Energy the sources use outside the user's plant.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TransportEnergy {
    /// Transfer-line and container pumps, MWh/yr (purchased electricity).
    pub pump_mwh: f64,
    /// Truck diesel, L/yr.
    pub diesel_l: f64,
    /// Power generation the source loses, MWh/yr (made up by the grid).
    pub lost_power_mwh: f64,
    /// Primary energy of the three, GJ/yr.
    pub primary_gj: f64,
}

/// Money of a scheme (or of one source within it), ¥ thousand unless stated.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Economics {
    /// Capital before subsidy.
    pub capital_kyen: f64,
    /// Subsidy.
    pub subsidy_kyen: f64,
    /// Running cost per year: labour, diesel, pumps, maintenance, lost power sales,
    /// administration.
    pub running_kyen: f64,
    /// Energy and water bills the user's plant no longer pays, per year.
    pub savings_kyen: f64,
    /// savings − running, per year.
    pub running_balance_kyen: f64,
    /// The study's annual balance: savings − (capital net of subsidy ÷ write-off years + running).
    pub study_balance_kyen: f64,
    /// Capital net of subsidy ÷ running balance, years (none when the balance is ≤ 0).
    pub simple_payback_years: Option<f64>,
    /// Capital net of subsidy × capital recovery factor (interest, life), per year.
    pub annuity_kyen: f64,
    /// annuity + running − savings, per year (negative = the scheme earns).
    pub net_annual_cost_kyen: f64,
    /// Horizon cost ÷ horizon CO2 cut, ¥/t: (capital net ÷ life × horizon + (running −
    /// savings) × horizon) ÷ (CO2 saved × horizon); none when no CO2 is saved.
    pub abatement_cost_yen_per_t: Option<f64>,
    /// CO2 saved valued at the study's price, per year.
    pub co2_value_kyen: f64,
    /// Capital and running lines with their assumptions.
    pub cost_lines: Vec<CostLine>,
}

/// Container logistics of a source over the year.
#[derive(Debug, Clone, Serialize)]
pub struct ContainerResult {
    /// Containers (sets).
    pub containers: u32,
    /// Drivers (one truck each).
    pub drivers: u32,
    /// Trucks.
    pub trucks: u32,
    /// Phase-change material.
    pub pcm: String,
    /// Deliveries a day the fleet was sized for.
    pub design_deliveries_per_day: u32,
    /// Daily delivery cap enforced.
    pub daily_cap: u32,
    /// Deliveries in the year.
    pub deliveries: u32,
    /// Round trips that only collected empty containers.
    pub collection_trips: u32,
    /// Most deliveries on one day.
    pub deliveries_per_day_max: u32,
    /// Mean deliveries per day.
    pub deliveries_per_day_mean: f64,
    /// Days on which the cap was reached.
    pub days_at_cap: u32,
    /// Truck departures by hour of day.
    pub departures_by_hour: [u32; 24],
    /// Diesel per round trip, L.
    pub diesel_l_per_trip: f64,
    /// Diesel per year, L.
    pub diesel_l: f64,
    /// Pump electricity per delivery and side, kWh.
    pub pump_kwh_per_side: f64,
    /// Pump electricity per year (both sides), kWh.
    pub pump_kwh: f64,
}

/// Operating reserve check (waste-heat.md §2: ≥ 15 % of daily demand).
#[derive(Debug, Clone, Serialize)]
pub struct Reserve {
    /// Required reserve, share of the day's delivered heat.
    pub required_share: f64,
    /// Lowest spare source output over a day with deliveries, share of that day's
    /// delivered heat (none when nothing is delivered).
    pub min_source_spare_share: Option<f64>,
    /// The user's own boilers can replace the source's peak.
    pub own_boilers_cover: bool,
    /// Backup boiler installed for the source, kW.
    pub backup_boiler_kw: f64,
    /// Reserve met by spare output, the user's boilers or the backup boiler.
    pub ok: bool,
}

/// Results of one source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceResult {
    /// Source id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Temperature class.
    pub temperature: TemperatureClass,
    /// Delivery mode.
    pub delivery: Delivery,
    /// One-way distance, km.
    pub distance_km: f64,
    /// How the availability was given.
    pub availability: Text,
    /// Heat the source could give, MWh/yr.
    pub available_mwh: f64,
    /// Heat drawn from the source (incl. line loss or container charging), MWh/yr.
    pub drawn_mwh: f64,
    /// Heat delivered to heating and hot water, MWh/yr.
    pub heat_mwh: f64,
    /// Cooling produced on the source's heat, MWh/yr.
    pub cooling_mwh: f64,
    /// Share of the user's heat demand (heating, hot water and cooling) covered.
    pub share_of_demand_covered: f64,
    /// Heat carried ÷ (capacity × 8,760 h).
    pub utilisation: f64,
    /// Heat drawn ÷ heat available.
    pub source_use_share: f64,
    /// Transfer capacity, kW (line peak, or fleet: daily cap × container ÷ 24 h).
    pub capacity_kw: f64,
    /// The line (pipe delivery).
    pub pipe: Option<super::pipe::PipeDesign>,
    /// The fleet (container delivery).
    pub containers: Option<ContainerResult>,
    /// Heat pump installed for a low-temperature source, kW.
    pub heat_pump_kw: f64,
    /// Hot-water absorption chiller installed for the source, kW.
    pub absorption_kw: f64,
    /// Reserve check.
    pub reserve: Reserve,
    /// CO2 (plant displacement attributed by delivered heat).
    pub co2: Co2,
    /// Money (savings attributed by delivered heat).
    pub economics: Economics,
    /// Method notes.
    pub notes: Vec<Text>,
}

/// Results of a system's sources together, against its reference (the same plant without
/// sources), carried under the system in report.json as `unused`.
#[derive(Debug, Clone, Serialize)]
pub struct UnusedResult {
    /// What the sources are measured against.
    pub reference: Text,
    /// Heat-equivalent delivered ÷ the user's heat demand (heating, hot water, cooling).
    pub share_of_demand_covered: f64,
    /// Share of heating + hot water covered.
    pub heat_share_covered: f64,
    /// Share of cooling covered.
    pub cooling_share_covered: f64,
    /// Plant energy avoided.
    pub plant_energy_avoided: EnergyAvoided,
    /// Energy used outside the plant.
    pub transport_energy: TransportEnergy,
    /// Share of the plant's primary energy covered net of transport energy: what the
    /// sources actually achieve in the terms of the simple `unused_share` assumption.
    pub unused_share_achieved: f64,
    /// The simple assumption compared against (district-a.md §2: 0.30).
    pub simple_share: f64,
    /// Its source.
    pub simple_share_source: String,
    /// True when the simple assumption promises more than the sources achieve.
    pub simple_share_optimistic: bool,
    /// True when the simple assumption (no extra cost) promises a lower heat price than the
    /// sources give (DHC).
    pub simple_share_price_optimistic: Option<bool>,
    /// CO2.
    pub co2: Co2,
    /// Money.
    pub economics: Economics,
    /// CO2 of the reference system, t/yr.
    pub reference_co2_t: f64,
    /// Heat price of the reference system, ¥/MJ.
    pub reference_heat_price_yen_per_mj: Option<f64>,
    /// Heat price with the sources − reference, ¥/MJ.
    pub heat_price_effect_yen_per_mj: Option<f64>,
    /// Heat price the simple assumption would give, ¥/MJ (DHC).
    pub simple_share_heat_price_yen_per_mj: Option<f64>,
    /// CO2 the simple assumption would give, t/yr (DHC).
    pub simple_share_co2_t: Option<f64>,
    /// Per source.
    pub sources: Vec<SourceResult>,
    /// Method notes.
    pub notes: Vec<Text>,
}

impl UnusedResult {
    /// Record the reference system's CO2 and heat price and the price effect of the sources
    /// on the system `with` them.
    pub fn set_reference(&mut self, with: &SystemResult, reference: &SystemResult) {
        self.reference_co2_t = reference.co2_t;
        self.reference_heat_price_yen_per_mj = reference.heat_price_yen_per_mj;
        self.heat_price_effect_yen_per_mj = with
            .heat_price_yen_per_mj
            .zip(reference.heat_price_yen_per_mj)
            .map(|(a, b)| a - b);
    }
}

/// What a scheme is evaluated against.
pub struct Context<'a> {
    /// Name of the reference ("plant-only DHC", "individual plants").
    pub reference: Text,
    /// Supply data (cost curves, tariffs).
    pub supply: &'a SupplyData,
    /// Factor set.
    pub factors: &'a FactorSet,
    /// The user's plant energy without the sources.
    pub plant_ref: &'a Balance,
    /// The user's plant energy with the sources.
    pub plant_with: &'a Balance,
    /// Bills (energy, water) avoided, ¥ thousand/yr.
    pub savings_kyen: f64,
    /// Heat (heating + hot water incl. losses) the user's plant must produce, kWh/yr.
    pub demand_heat_kwh: f64,
    /// Cooling the user's plant must produce, kWh/yr.
    pub demand_cool_kwh: f64,
    /// Interest rate of the annuity.
    pub interest: f64,
    /// Waste-heat defaults.
    pub data: &'a super::data::WasteHeatData,
}

/// Capital and running cost of one source before attribution of savings.
struct Costs {
    capital: Vec<CostLine>,
    running: Vec<CostLine>,
    transport_pump_kwh: f64,
    diesel_l: f64,
    lost_power_kwh: f64,
    life_years: f64,
    containers: Option<ContainerResult>,
}

/// A cost line of a source: key, item (`unused.line.<item>`), amount in ¥ and the note
/// (`cost_note.<note>` with its values).
fn line(key: &str, item: &str, yen: f64, note: &str, args: &[(&str, String)]) -> CostLine {
    CostLine::phrased(
        key,
        Text::new(&format!("unused.line.{item}"), &[]),
        yen / 1000.0,
        Phrase::new(&format!("cost_note.{note}"), args),
    )
}

/// Whole number.
fn n0(v: f64) -> String {
    format!("{v:.0}")
}

/// Installed cost of one unit of `kw` on a supply.yaml cost curve, ¥.
fn curve_yen(supply: &SupplyData, unit_cost_yen_per_kw_at_ref: f64, kw: f64) -> f64 {
    let c = &supply.costs;
    econ::scaled_cost_yen(
        unit_cost_yen_per_kw_at_ref,
        c.ref_kw.value,
        c.exponent.value,
        kw,
        1,
    )
}

fn source_costs(op: &Operation, supply: &SupplyData, d: &super::data::WasteHeatData) -> Costs {
    let s = &op.source;
    let ev = &d.evaluation;
    let pc = &supply.costs.plant_yen_per_kw_at_ref;
    let mut capital = vec![];
    let mut running = vec![];
    let mut equipment_yen = 0.0;
    let drawn_kwh: f64 = op.drawn_kw.iter().sum();
    let transport_pump_kwh;
    let mut diesel_l = 0.0;
    let mut containers_result = None;
    // Receiving equipment priced on the plant cost curves (one unit each).
    if op.heat_pump_kw > 0.0 {
        let y = curve_yen(supply, pc.heat_pump.value, op.heat_pump_kw);
        equipment_yen += y;
        capital.push(line(
            "unused_heat_pump",
            "unused_heat_pump",
            y,
            "unused_heat_pump",
            &[("kw", n0(op.heat_pump_kw))],
        ));
    }
    if op.absorption_kw > 0.0 {
        let y = curve_yen(supply, pc.absorption_chiller.value, op.absorption_kw);
        equipment_yen += y;
        capital.push(line(
            "unused_absorption",
            "unused_absorption",
            y,
            "unused_absorption",
            &[
                ("kw", n0(op.absorption_kw)),
                (
                    "cop",
                    format!("{}", d.temperature.hot_water_absorption_cop.value),
                ),
            ],
        ));
    }
    if op.backup_boiler_kw > 0.0 {
        let y = curve_yen(supply, pc.boiler.value, op.backup_boiler_kw);
        equipment_yen += y;
        capital.push(line(
            "unused_backup_boiler",
            "unused_backup_boiler",
            y,
            "unused_backup_boiler",
            &[("kw", n0(op.backup_boiler_kw))],
        ));
    }
    let life_years;
    match &op.transport {
        Transport::Pipe(p) => {
            let pd = &d.pipe;
            life_years = pd.life_years.value;
            capital.push(line(
                "unused_pipe",
                "unused_pipe",
                p.line_cost_yen,
                "unused_pipe",
                &[
                    ("m", n0(p.length_m)),
                    ("pipes", p.pipes.to_string()),
                    ("d", n0(p.diameter_m * 1000.0)),
                    ("yen", n0(p.yen_per_m_per_pipe)),
                    ("source", p.cost_source.clone()),
                ],
            ));
            let eq = pd.equipment_yen_per_kw.value * p.peak_transfer_kw;
            equipment_yen += eq;
            capital.push(line(
                "unused_equipment",
                "unused_equipment",
                eq,
                "unused_equipment",
                &[
                    ("yen", format!("{}", pd.equipment_yen_per_kw.value)),
                    ("kw", n0(p.peak_transfer_kw)),
                    ("source", pd.equipment_yen_per_kw.source.clone()),
                ],
            ));
            let other = pd.other_works_share.value * (eq + p.line_cost_yen);
            capital.push(line(
                "unused_other_works",
                "unused_other_works",
                other,
                "unused_other_works",
                &[
                    ("pct", n0(pd.other_works_share.value * 100.0)),
                    ("source", pd.other_works_share.source.clone()),
                ],
            ));
            if p.accumulator_m3 > 0.0 {
                let y = p.accumulator_m3 * pd.accumulator_yen_per_m3.value;
                equipment_yen += y;
                capital.push(line(
                    "unused_accumulator",
                    "unused_accumulator",
                    y,
                    "unused_accumulator",
                    &[
                        ("m3", n0(p.accumulator_m3)),
                        ("pct", n0(s.output_variation * 100.0)),
                        ("h", format!("{}", pd.accumulator_hold_h.value)),
                        ("yen", n0(pd.accumulator_yen_per_m3.value)),
                    ],
                ));
            }
            running.push(line(
                "unused_maintenance",
                "unused_maintenance",
                pd.maintenance_share_of_equipment.value * equipment_yen,
                "unused_pipe_maintenance",
                &[
                    ("pct", n0(pd.maintenance_share_of_equipment.value * 100.0)),
                    ("source", pd.maintenance_share_of_equipment.source.clone()),
                ],
            ));
            running.push(line(
                "unused_operator",
                "unused_operator",
                pd.operator_yen_per_yr.value,
                "source_only",
                &[("source", pd.operator_yen_per_yr.source.clone())],
            ));
            transport_pump_kwh = p.pump_kwh_per_kwh * drawn_kwh;
            if transport_pump_kwh > 0.0 {
                running.push(line(
                    "unused_pumps",
                    "unused_transfer_pumps",
                    transport_pump_kwh * ev.electricity_yen_per_kwh.value,
                    "unused_transfer_pumps",
                    &[
                        ("mwh", n0(transport_pump_kwh / 1000.0)),
                        ("head", n0(p.pump_head_m)),
                        ("price", format!("{}", ev.electricity_yen_per_kwh.value)),
                    ],
                ));
            }
        }
        Transport::Containers { plan, run } => {
            let cd = &d.containers;
            life_years = cd.life_years.value;
            let pcm_id = s.pcm.clone().unwrap_or_default();
            let pcm = &cd.pcm[&pcm_id];
            let n = plan.containers as f64;
            let trucks = plan.drivers;
            let units = |count: String, yen: f64, source: &str| {
                [
                    ("n", count),
                    ("myen", n0(yen / 1e6)),
                    ("source", source.to_string()),
                ]
            };
            capital.push(line(
                "unused_containers",
                "unused_containers",
                n * pcm.container_yen,
                "unused_units",
                &units(plan.containers.to_string(), pcm.container_yen, &pcm.source),
            ));
            capital.push(line(
                "unused_supply_side",
                "unused_supply_side",
                n * cd.supply_side_yen.value,
                "unused_sets",
                &units(
                    plan.containers.to_string(),
                    cd.supply_side_yen.value,
                    &cd.supply_side_yen.source,
                ),
            ));
            capital.push(line(
                "unused_user_side",
                "unused_user_side",
                n * cd.user_side_yen.value,
                "unused_sets",
                &units(
                    plan.containers.to_string(),
                    cd.user_side_yen.value,
                    &cd.user_side_yen.source,
                ),
            ));
            capital.push(line(
                "unused_trucks",
                "unused_trucks",
                trucks as f64 * cd.truck_yen.value,
                "unused_units",
                &units(trucks.to_string(), cd.truck_yen.value, &cd.truck_yen.source),
            ));
            let per_trip = containers::diesel_l_per_delivery(s.distance_km, cd.km_per_l.value);
            diesel_l = per_trip * run.round_trips() as f64;
            let side = containers::pump_kwh_per_side(
                cd.pump_kw.value,
                cd.pump_load.value,
                cd.pump_hours_per_side.value,
            );
            transport_pump_kwh = 2.0 * side * run.deliveries() as f64;
            running.push(line(
                "unused_drivers",
                "unused_drivers",
                plan.drivers as f64 * cd.driver_yen_per_yr.value,
                "unused_drivers",
                &[
                    ("n", plan.drivers.to_string()),
                    ("myen", format!("{:.1}", cd.driver_yen_per_yr.value / 1e6)),
                    ("source", cd.driver_yen_per_yr.source.clone()),
                ],
            ));
            running.push(line(
                "unused_diesel",
                "unused_diesel",
                diesel_l * cd.diesel_yen_per_l.value,
                "unused_diesel",
                &[
                    ("trips", run.round_trips().to_string()),
                    ("l", format!("{per_trip:.1}")),
                    ("km", n0(s.distance_km)),
                    ("km_per_l", format!("{}", cd.km_per_l.value)),
                    ("price", format!("{}", cd.diesel_yen_per_l.value)),
                ],
            ));
            running.push(line(
                "unused_pumps",
                "unused_pumps",
                transport_pump_kwh * ev.electricity_yen_per_kwh.value,
                "unused_container_pumps",
                &[
                    ("n", run.deliveries().to_string()),
                    ("kwh", n0(side)),
                    ("kw", format!("{}", cd.pump_kw.value)),
                    ("load", format!("{}", cd.pump_load.value)),
                    ("h", format!("{}", cd.pump_hours_per_side.value)),
                    ("price", format!("{}", ev.electricity_yen_per_kwh.value)),
                ],
            ));
            let absorption_maint = supply.economics.maintenance_share.value * equipment_yen;
            let mut maint = Phrase::new(
                "cost_note.unused_container_maintenance",
                &[
                    ("n", plan.containers.to_string()),
                    (
                        "myen",
                        format!("{:.1}", cd.maintenance_yen_per_container_yr.value / 1e6),
                    ),
                    ("source", cd.maintenance_yen_per_container_yr.source.clone()),
                    ("plus", String::new()),
                ],
            );
            if absorption_maint > 0.0 {
                maint = maint.with(
                    "plus",
                    Phrase::new(
                        "cost_note.unused_receiving_maintenance",
                        &[("pct", n0(supply.economics.maintenance_share.value * 100.0))],
                    ),
                );
            }
            running.push(CostLine::phrased(
                "unused_maintenance",
                Text::new("unused.line.unused_maintenance", &[]),
                (n * cd.maintenance_yen_per_container_yr.value + absorption_maint) / 1000.0,
                maint,
            ));
            let days = run.deliveries_by_day.len().max(1);
            containers_result = Some(ContainerResult {
                containers: plan.containers,
                drivers: plan.drivers,
                trucks,
                pcm: pcm_id,
                design_deliveries_per_day: plan.design_deliveries_per_day,
                daily_cap: plan.daily_cap,
                deliveries: run.deliveries(),
                collection_trips: run.collection_trips,
                deliveries_per_day_max: run.deliveries_by_day.iter().copied().max().unwrap_or(0),
                deliveries_per_day_mean: run.deliveries() as f64 / days as f64,
                days_at_cap: run
                    .deliveries_by_day
                    .iter()
                    .filter(|&&x| x >= plan.daily_cap)
                    .count() as u32,
                departures_by_hour: run.departures_by_hour,
                diesel_l_per_trip: per_trip,
                diesel_l,
                pump_kwh_per_side: side,
                pump_kwh: transport_pump_kwh,
            });
        }
    }
    let lost_power_kwh = s.lost_power_kwh_per_kwh * drawn_kwh;
    if lost_power_kwh > 0.0 {
        let price = d.pipe.lost_power_yen_per_kwh.value;
        running.push(line(
            "unused_lost_power",
            "unused_lost_power",
            lost_power_kwh * price,
            "unused_lost_power",
            &[
                ("mwh", n0(lost_power_kwh / 1000.0)),
                ("per", format!("{}", s.lost_power_kwh_per_kwh)),
                ("price", format!("{price}")),
                ("source", d.pipe.lost_power_yen_per_kwh.source.clone()),
            ],
        ));
    }
    Costs {
        capital,
        running,
        transport_pump_kwh,
        diesel_l,
        lost_power_kwh,
        life_years,
        containers: containers_result,
    }
}

/// Money metrics from capital lines, running lines, savings and CO2 saved. `parts` gives
/// the capital net of subsidy and its write-off life of each source (¥ thousand, years).
#[allow(clippy::too_many_arguments)]
fn money(
    capital: Vec<CostLine>,
    running: Vec<CostLine>,
    savings_kyen: f64,
    co2_saved_t: f64,
    subsidy_kyen: f64,
    parts: &[(f64, f64)],
    interest: f64,
    ev: &super::data::Evaluation,
) -> Economics {
    let capital_kyen: f64 = capital.iter().map(|l| l.kyen).sum();
    let running_kyen: f64 = running.iter().map(|l| l.kyen).sum();
    let net: f64 = parts.iter().map(|p| p.0).sum();
    let balance = savings_kyen - running_kyen;
    let annuity: f64 = parts
        .iter()
        .map(|(n, life)| n * econ::capital_recovery_factor(interest, *life))
        .sum();
    // The study's horizon cost: capital written off straight-line over its life (replaced
    // as often as the horizon needs), undiscounted, per year of the horizon.
    let capital_per_year: f64 = parts.iter().map(|(n, life)| n / life).sum();
    let abatement = (co2_saved_t > 0.0)
        .then(|| (capital_per_year + running_kyen - savings_kyen) * 1000.0 / co2_saved_t);
    let mut cost_lines = capital;
    cost_lines.extend(running);
    Economics {
        capital_kyen,
        subsidy_kyen,
        running_kyen,
        savings_kyen,
        running_balance_kyen: balance,
        study_balance_kyen: savings_kyen - (net / ev.study_write_off_years.value + running_kyen),
        simple_payback_years: (balance > 0.0).then(|| net / balance),
        annuity_kyen: annuity,
        net_annual_cost_kyen: annuity + running_kyen - savings_kyen,
        abatement_cost_yen_per_t: abatement,
        co2_value_kyen: co2_saved_t * ev.co2_value_yen_per_t.value / 1000.0,
        cost_lines,
    }
}

fn sum_mwh(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / 1000.0
}

/// Lowest spare source output over a day with deliveries, as a share of the day's
/// delivered heat.
fn min_spare_share(op: &Operation) -> Option<f64> {
    let mut best: Option<f64> = None;
    for d in 0..HOURS_PER_YEAR / 24 {
        let r = d * 24..d * 24 + 24;
        let delivered: f64 = r.clone().map(|t| op.delivered_kw(t)).sum();
        if delivered <= 0.0 {
            continue;
        }
        let spare: f64 = r
            .map(|t| (op.source.available_kw[t] - op.drawn_kw[t]).max(0.0))
            .sum();
        let share = spare / delivered;
        best = Some(best.map_or(share, |b: f64| b.min(share)));
    }
    best
}

/// Evaluate the sources of one user against its reference.
pub fn evaluate(ops: &[Operation], ctx: &Context) -> UnusedResult {
    let f = ctx.factors;
    let (e_ref, g_ref, p_ref, c_ref) = energy_totals(ctx.plant_ref, f);
    let (e_with, g_with, p_with, c_with) = energy_totals(ctx.plant_with, f);
    let e_kg = f.electricity_kg_co2_per_kwh.value;
    let e_mj = f.electricity_primary_mj_per_kwh.value;
    let delivered: Vec<f64> = ops
        .iter()
        .map(|o| (0..HOURS_PER_YEAR).map(|t| o.delivered_kw(t)).sum())
        .collect();
    let delivered_total: f64 = delivered.iter().sum();
    let displaced_t = c_ref - c_with;
    let demand = ctx.demand_heat_kwh + ctx.demand_cool_kwh;
    let mut sources = vec![];
    let mut total_co2 = Co2 {
        displaced_t,
        ..Default::default()
    };
    let mut all_capital = vec![];
    let mut all_running = vec![];
    let mut transport_primary_gj = 0.0;
    let mut transport = TransportEnergy::default();
    let mut parts = vec![];
    let mut notes = vec![];
    for (op, del) in ops.iter().zip(&delivered) {
        let s = &op.source;
        let d = ctx.data;
        let c = source_costs(op, ctx.supply, d);
        let w = if delivered_total > 0.0 {
            del / delivered_total
        } else {
            0.0
        };
        let diesel_kg = d.containers.diesel_kg_co2_per_l.value;
        let co2 = {
            let pumps = c.transport_pump_kwh * e_kg / 1000.0;
            let diesel = c.diesel_l * diesel_kg / 1000.0;
            let lost = c.lost_power_kwh * e_kg / 1000.0;
            Co2 {
                displaced_t: displaced_t * w,
                transport_pumps_t: pumps,
                diesel_t: diesel,
                lost_power_t: lost,
                saved_t: displaced_t * w - pumps - diesel - lost,
            }
        };
        transport_primary_gj += ((c.transport_pump_kwh + c.lost_power_kwh) * e_mj
            + c.diesel_l * d.containers.diesel_mj_per_l.value)
            / 1000.0;
        transport.pump_mwh += c.transport_pump_kwh / 1000.0;
        transport.diesel_l += c.diesel_l;
        transport.lost_power_mwh += c.lost_power_kwh / 1000.0;
        total_co2.transport_pumps_t += co2.transport_pumps_t;
        total_co2.diesel_t += co2.diesel_t;
        total_co2.lost_power_t += co2.lost_power_t;
        let savings = ctx.savings_kyen * w;
        let mut running = c.running;
        if let Transport::Pipe(_) = op.transport {
            let pd = &d.pipe;
            let before: f64 = running.iter().map(|l| l.kyen).sum();
            let admin = pd.administration_share_of_saving.value * (savings - before).max(0.0);
            running.push(CostLine::phrased(
                "unused_administration",
                Text::new("unused.line.unused_administration", &[]),
                admin,
                Phrase::new(
                    "cost_note.unused_administration",
                    &[
                        (
                            "pct",
                            format!("{:.0}", pd.administration_share_of_saving.value * 100.0),
                        ),
                        (
                            "source",
                            pd.administration_share_of_saving.source.to_string(),
                        ),
                    ],
                ),
            ));
        }
        all_capital.extend(c.capital.iter().cloned());
        all_running.extend(running.iter().cloned());
        let capital_kyen: f64 = c.capital.iter().map(|l| l.kyen).sum();
        let subsidy_kyen = capital_kyen * s.subsidy_share;
        let part = (capital_kyen - subsidy_kyen, c.life_years);
        parts.push(part);
        let economics = money(
            c.capital,
            running,
            savings,
            co2.saved_t,
            subsidy_kyen,
            &[part],
            ctx.interest,
            &d.evaluation,
        );
        let drawn = sum_mwh(&op.drawn_kw);
        let available = sum_mwh(&s.available_kw);
        let (capacity_kw, carried_mwh) = match &op.transport {
            Transport::Pipe(p) => (
                p.peak_transfer_kw,
                drawn
                    - p.heat_loss_kw * op.drawn_kw.iter().filter(|x| **x > 0.0).count() as f64
                        / 1000.0,
            ),
            Transport::Containers { plan, run } => (
                plan.daily_cap as f64 * plan.capacity_kwh / 24.0,
                sum_mwh(&run.discharged_kw),
            ),
        };
        let mut snotes = vec![];
        match &op.transport {
            Transport::Pipe(p) => {
                snotes.push(Text::new(
                    "note.line_sized",
                    &[
                        ("kw", format!("{:.0}", p.peak_transfer_kw)),
                        ("d", format!("{:.0}", p.diameter_m * 1000.0)),
                        ("dp", format!("{:.0}", p.pressure_drop_kpa)),
                        ("u", format!("{:.1}", p.velocity_m_per_s)),
                    ],
                ));
                if p.beyond_published_sizes {
                    snotes.push(Text::new(
                        "note.line_beyond_published",
                        &[("d", format!("{:.0}", p.diameter_m * 1000.0))],
                    ));
                }
                if s.accumulator {
                    snotes.push(Text::new("note.accumulator", &[]));
                } else if s.output_variation > 0.0 {
                    snotes.push(Text::new(
                        "note.firm_lower_edge",
                        &[("pct", format!("{:.0}", s.output_variation * 100.0))],
                    ));
                }
            }
            Transport::Containers { .. } => {
                snotes.push(Text::new("note.containers_cycle", &[]));
                snotes.push(Text::new("note.pcm_hot_water", &[]));
            }
        }
        if s.class == TemperatureClass::HotWater80 && s.delivery == Delivery::Pipe {
            snotes.push(Text::new("note.hot_water_80", &[]));
        }
        if s.class == TemperatureClass::LowTemperature {
            snotes.push(Text::new(
                "note.low_temperature",
                &[("cop", format!("{}", s.heat_pump_cop))],
            ));
        }
        let backup = op.backup_boiler_kw;
        let spare = min_spare_share(op);
        let required = d.availability.reserve_share.value;
        let reserve = Reserve {
            required_share: required,
            min_source_spare_share: spare,
            own_boilers_cover: op.own_boilers_cover,
            backup_boiler_kw: backup,
            ok: op.own_boilers_cover || backup > 0.0 || spare.is_none_or(|x| x >= required),
        };
        if !reserve.ok {
            snotes.push(Text::new(
                "note.reserve_low",
                &[("pct", format!("{:.0}", required * 100.0))],
            ));
        }
        sources.push(SourceResult {
            id: s.id.clone(),
            name: s.name.clone(),
            temperature: s.class,
            delivery: s.delivery,
            distance_km: s.distance_km,
            availability: s.availability_note.clone(),
            available_mwh: available,
            drawn_mwh: drawn,
            heat_mwh: sum_mwh(&op.heat_kw),
            cooling_mwh: sum_mwh(&op.cool_kw),
            share_of_demand_covered: if demand > 0.0 { del / demand } else { 0.0 },
            utilisation: if capacity_kw > 0.0 {
                carried_mwh * 1000.0 / (capacity_kw * HOURS_PER_YEAR as f64)
            } else {
                0.0
            },
            source_use_share: if available > 0.0 {
                drawn / available
            } else {
                0.0
            },
            capacity_kw,
            pipe: match &op.transport {
                Transport::Pipe(p) => Some(p.clone()),
                _ => None,
            },
            containers: c.containers,
            heat_pump_kw: op.heat_pump_kw,
            absorption_kw: op.absorption_kw,
            reserve,
            co2,
            economics,
            notes: snotes,
        });
    }
    total_co2.saved_t = total_co2.displaced_t
        - total_co2.transport_pumps_t
        - total_co2.diesel_t
        - total_co2.lost_power_t;
    let subsidy: f64 = sources.iter().map(|s| s.economics.subsidy_kyen).sum();
    let economics = money(
        all_capital,
        all_running,
        ctx.savings_kyen,
        total_co2.saved_t,
        subsidy,
        &parts,
        ctx.interest,
        &ctx.data.evaluation,
    );
    let heat: f64 = ops.iter().map(|o| o.heat_kw.iter().sum::<f64>()).sum();
    let cool: f64 = ops.iter().map(|o| o.cool_kw.iter().sum::<f64>()).sum();
    let simple = ctx.data.evaluation.simple_unused_share.value;
    let achieved = if p_ref > 0.0 {
        (p_ref - p_with - transport_primary_gj) / p_ref
    } else {
        0.0
    };
    notes.push(Text::new(
        if achieved < simple {
            "note.sources_below_simple"
        } else {
            "note.sources_reach_simple"
        },
        &[
            ("achieved", format!("{:.0}", achieved * 100.0)),
            ("simple", format!("{:.0}", simple * 100.0)),
        ],
    ));
    UnusedResult {
        reference: ctx.reference.clone(),
        share_of_demand_covered: if demand > 0.0 {
            delivered_total / demand
        } else {
            0.0
        },
        heat_share_covered: if ctx.demand_heat_kwh > 0.0 {
            heat / ctx.demand_heat_kwh
        } else {
            0.0
        },
        cooling_share_covered: if ctx.demand_cool_kwh > 0.0 {
            cool / ctx.demand_cool_kwh
        } else {
            0.0
        },
        plant_energy_avoided: EnergyAvoided {
            electricity_mwh: e_ref - e_with,
            gas_knm3: g_ref - g_with,
            primary_gj: p_ref - p_with,
        },
        transport_energy: TransportEnergy {
            primary_gj: transport_primary_gj,
            ..transport
        },
        unused_share_achieved: achieved,
        simple_share: simple,
        simple_share_source: ctx.data.evaluation.simple_unused_share.source.clone(),
        simple_share_optimistic: achieved < simple,
        simple_share_price_optimistic: None,
        co2: total_co2,
        economics,
        reference_co2_t: 0.0,
        reference_heat_price_yen_per_mj: None,
        heat_price_effect_yen_per_mj: None,
        simple_share_heat_price_yen_per_mj: None,
        simple_share_co2_t: None,
        sources,
        notes,
    }
}

/// One row of the side-by-side table of an alternative's unused-energy options.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// System id the row comes from.
    pub system: String,
    /// What the row is.
    pub option: UnusedOption,
    /// Label.
    pub label: Text,
    /// Source ids with their delivery (`incinerator (pipe)`).
    pub sources: Vec<String>,
    /// `pipe`, `containers` or `mixed` (source rows).
    pub delivery: Option<String>,
    /// Share of the user's heat demand covered (source rows).
    pub share_of_demand_covered: Option<f64>,
    /// Share of the plant's energy covered: achieved (source rows) or assumed.
    pub unused_share: f64,
    /// CO2 of the system, t/yr.
    pub co2_t: f64,
    /// CO2 saved against the reference, t/yr.
    pub co2_saved_t: f64,
    /// Heat price, ¥/MJ.
    pub heat_price_yen_per_mj: Option<f64>,
    /// Heat price − the reference's, ¥/MJ.
    pub heat_price_effect_yen_per_mj: Option<f64>,
    /// Capital of the sources net of subsidy, ¥ thousand (source rows; the simple
    /// assumption has none).
    pub source_capital_kyen: Option<f64>,
    /// Simple payback, years (source rows).
    pub simple_payback_years: Option<f64>,
    /// CO2 abatement cost, ¥/t (source rows).
    pub abatement_cost_yen_per_t: Option<f64>,
    /// The simple assumption promises more than these sources achieve (source rows).
    pub simple_share_optimistic: Option<bool>,
    /// The simple assumption promises a lower heat price than these sources give.
    pub simple_share_price_optimistic: Option<bool>,
}

/// A row of the unused-energy comparison (report.json `unused_energy.rows[].option`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnusedOption {
    /// The plant without sources.
    Reference,
    /// The simple "x % of plant energy" assumption.
    SimpleShare,
    /// Named sources.
    Sources,
}

impl UnusedOption {
    /// Identifier (the serde name).
    pub fn id(self) -> &'static str {
        match self {
            UnusedOption::Reference => "reference",
            UnusedOption::SimpleShare => "simple_share",
            UnusedOption::Sources => "sources",
        }
    }
}

/// The side-by-side table of an alternative: each reference plant, the simple assumption
/// and every source option (report.json `unused_energy`).
#[derive(Debug, Clone, Serialize)]
pub struct UnusedComparison {
    /// The simple assumption's share.
    pub simple_share: f64,
    /// Its source.
    pub simple_share_source: String,
    /// Rows.
    pub rows: Vec<ComparisonRow>,
    /// Plain-language findings.
    pub findings: Vec<Text>,
}

/// Build the comparison of an alternative's systems; none when no system has sources.
pub fn comparison(systems: &[SystemResult]) -> Option<UnusedComparison> {
    let with: Vec<(&SystemResult, &UnusedResult)> = systems
        .iter()
        .filter_map(|s| s.unused.as_ref().map(|u| (s, u)))
        .collect();
    let (_, first) = with.first()?;
    let simple = first.simple_share;
    let mut rows: Vec<ComparisonRow> = vec![];
    let mut findings = vec![];
    let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    };
    for (s, u) in &with {
        let known = rows.iter().any(|r| {
            r.option == UnusedOption::Reference
                && r.label == u.reference
                && (r.co2_t - u.reference_co2_t).abs() < 1e-6
                && same(r.heat_price_yen_per_mj, u.reference_heat_price_yen_per_mj)
        });
        if !known {
            rows.push(ComparisonRow {
                system: s.id.clone(),
                option: UnusedOption::Reference,
                label: u.reference.clone(),
                sources: vec![],
                delivery: None,
                share_of_demand_covered: None,
                unused_share: 0.0,
                co2_t: u.reference_co2_t,
                co2_saved_t: 0.0,
                heat_price_yen_per_mj: u.reference_heat_price_yen_per_mj,
                heat_price_effect_yen_per_mj: None,
                source_capital_kyen: None,
                simple_payback_years: None,
                abatement_cost_yen_per_t: None,
                simple_share_optimistic: None,
                simple_share_price_optimistic: None,
            });
            if let (Some(p), Some(c)) = (u.simple_share_heat_price_yen_per_mj, u.simple_share_co2_t)
            {
                rows.push(ComparisonRow {
                    system: s.id.clone(),
                    option: UnusedOption::SimpleShare,
                    label: Phrase::new(
                        "unused.simple_row",
                        &[("pct", format!("{:.0}", simple * 100.0))],
                    )
                    .with("reference", u.reference.clone())
                    .into(),
                    sources: vec![],
                    delivery: None,
                    share_of_demand_covered: None,
                    unused_share: simple,
                    co2_t: c,
                    co2_saved_t: u.reference_co2_t - c,
                    heat_price_yen_per_mj: Some(p),
                    heat_price_effect_yen_per_mj: u.reference_heat_price_yen_per_mj.map(|r| p - r),
                    source_capital_kyen: None,
                    simple_payback_years: None,
                    abatement_cost_yen_per_t: None,
                    simple_share_optimistic: None,
                    simple_share_price_optimistic: None,
                });
            }
        }
        let deliveries: std::collections::BTreeSet<String> = u
            .sources
            .iter()
            .map(|x| x.delivery.id().to_string())
            .collect();
        let delivery = if deliveries.len() == 1 {
            deliveries.into_iter().next()
        } else {
            Some("mixed".to_string())
        };
        let e = &u.economics;
        rows.push(ComparisonRow {
            system: s.id.clone(),
            option: UnusedOption::Sources,
            label: s.name.clone(),
            sources: u
                .sources
                .iter()
                .map(|x| format!("{} ({})", x.id, x.delivery.id()))
                .collect(),
            delivery,
            share_of_demand_covered: Some(u.share_of_demand_covered),
            unused_share: u.unused_share_achieved,
            co2_t: s.co2_t,
            co2_saved_t: u.reference_co2_t - s.co2_t,
            heat_price_yen_per_mj: s.heat_price_yen_per_mj,
            heat_price_effect_yen_per_mj: u.heat_price_effect_yen_per_mj,
            source_capital_kyen: Some(e.capital_kyen - e.subsidy_kyen),
            simple_payback_years: e.simple_payback_years,
            abatement_cost_yen_per_t: e.abatement_cost_yen_per_t,
            simple_share_optimistic: Some(u.simple_share_optimistic),
            simple_share_price_optimistic: u.simple_share_price_optimistic,
        });
        findings.push(finding(s, u, simple));
    }
    Some(UnusedComparison {
        simple_share: simple,
        simple_share_source: first.simple_share_source.clone(),
        rows,
        findings,
    })
}

/// The plain-language finding of a system with sources: coverage against the simple
/// assumption, CO2, payback, abatement cost and heat price.
fn finding(s: &SystemResult, u: &UnusedResult, simple: f64) -> Text {
    let e = &u.economics;
    let price: Option<Phrase> = match (
        u.heat_price_effect_yen_per_mj,
        u.simple_share_heat_price_yen_per_mj,
    ) {
        (Some(d), Some(p)) => Some(
            Phrase::new(
                "unused.finding.price_against_simple",
                &[("d", format!("{d:+.2}")), ("p", format!("{p:.2}"))],
            )
            .with("reference", u.reference.clone())
            .with(
                "optimistic",
                if u.simple_share_price_optimistic == Some(true) {
                    Arg::from(Phrase::new("unused.finding.optimistic_on_price", &[]))
                } else {
                    Arg::Text(String::new())
                },
            ),
        ),
        (Some(d), None) => Some(
            Phrase::new("unused.finding.price", &[("d", format!("{d:+.2}"))])
                .with("reference", u.reference.clone()),
        ),
        _ => None,
    };
    let abatement = |a: f64| Phrase::new("unused.finding.abatement", &[("a", format!("{a:.0}"))]);
    let rest: Arg = match (e.abatement_cost_yen_per_t, price) {
        (Some(a), None) => abatement(a).into(),
        (Some(a), Some(price)) => Phrase::new("unused.finding.abatement_and_price", &[])
            .with("abatement", abatement(a))
            .with("price", price)
            .into(),
        (None, Some(price)) => price.into(),
        (None, None) => Arg::Text(String::new()),
    };
    Phrase::new(
        "unused.finding.summary",
        &[
            (
                "demand",
                format!("{:.0}", u.share_of_demand_covered * 100.0),
            ),
            ("energy", format!("{:.0}", u.unused_share_achieved * 100.0)),
            ("simple", format!("{:.0}", simple * 100.0)),
            ("co2", format!("{:.0}", u.reference_co2_t - s.co2_t)),
        ],
    )
    .with("name", s.name.clone())
    .with(
        "verdict",
        Phrase::new(
            if u.simple_share_optimistic {
                "unused.finding.simple_optimistic"
            } else {
                "unused.finding.simple_reached"
            },
            &[],
        ),
    )
    .with("reference", u.reference.clone())
    .with(
        "payback",
        match e.simple_payback_years {
            Some(y) => Phrase::new("unused.finding.payback", &[("years", format!("{y:.1}"))]),
            None => Phrase::new("unused.finding.no_payback", &[]),
        },
    )
    .with("rest", rest)
    .into()
}

/// The sources' annual lines for the user's cost table: capital charge (net of subsidy,
/// over each source's life) and running cost, with the capital for the construction line.
pub fn added_costs(u: &UnusedResult) -> crate::supply::dhc::AddedCosts {
    let e = &u.economics;
    let net = e.capital_kyen - e.subsidy_kyen;
    let running: Vec<Arg> = e
        .cost_lines
        .iter()
        .filter(|l| !is_capital_key(&l.key))
        .filter(|l| l.kyen != 0.0)
        .map(|l| {
            Phrase::new("cost_note.item_amount", &[("kyen", n0(l.kyen))])
                .with("item", l.item.clone())
                .into()
        })
        .collect();
    let capitals: Vec<Arg> = u
        .sources
        .iter()
        .map(|s| {
            Phrase::new(
                "cost_note.item_amount",
                &[
                    ("item", s.id.clone()),
                    (
                        "kyen",
                        n0(s.economics.capital_kyen - s.economics.subsidy_kyen),
                    ),
                ],
            )
            .into()
        })
        .collect();
    crate::supply::dhc::AddedCosts {
        construction_kyen: net,
        subsidy_kyen: e.subsidy_kyen,
        lines: vec![
            CostLine::phrased(
                "unused_capital",
                Text::new("unused.line.unused_capital", &[]),
                e.annuity_kyen,
                Phrase::new("cost_note.unused_capital", &[("net", n0(net))])
                    .with("sources", Arg::List(capitals)),
            ),
            CostLine::phrased(
                "unused_running",
                Text::new("unused.line.unused_running", &[]),
                e.running_kyen,
                if running.is_empty() {
                    Phrase::new("cost_note.none", &[])
                } else {
                    Phrase::new("cost_note.list", &[]).with("items", Arg::List(running))
                },
            ),
        ],
    }
}

fn is_capital_key(key: &str) -> bool {
    matches!(
        key,
        "unused_pipe"
            | "unused_equipment"
            | "unused_other_works"
            | "unused_accumulator"
            | "unused_backup_boiler"
            | "unused_heat_pump"
            | "unused_absorption"
            | "unused_containers"
            | "unused_supply_side"
            | "unused_user_side"
            | "unused_trucks"
    )
}

/// Add the energy the sources use outside the plant to a system's totals: pump electricity
/// as purchased electricity (`unused_transport_pumps`), diesel and lost power generation in
/// primary energy and CO2.
pub fn add_transport_energy(r: &mut SystemResult, u: &UnusedResult) {
    let t = &u.transport_energy;
    if t.pump_mwh > 0.0 {
        r.electricity_mwh += t.pump_mwh;
        *r.electricity_by_purpose_mwh
            .entry("unused_transport_pumps".into())
            .or_insert(0.0) += t.pump_mwh;
    }
    r.primary_energy_gj += t.primary_gj;
    let extra_co2 = u.co2.transport_pumps_t + u.co2.diesel_t + u.co2.lost_power_t;
    let old = r.co2_t;
    r.co2_t += extra_co2;
    if old > 0.0 {
        r.co2_kg_per_m2 *= r.co2_t / old;
    }
    if r.primary_energy_gj > 0.0 {
        r.energy_efficiency = r.heat_demand_gj / r.primary_energy_gj;
    }
}
