//! What a set of sources is worth to its user (waste-heat.md §1, §2): capital and running
//! cost per source, plant energy avoided, CO2 (displaced fuel − pumps − diesel − lost
//! power generation), running balance, simple payback, annuity, CO2 abatement cost, share
//! of demand covered, utilisation and reserve — and the comparison against the simple
//! "x % of plant energy" assumption (district-a.md §2).
//!
//! Here: the result types and [`evaluate`]; `costs` prices each source's lines,
//! `comparison` puts the options side by side with their findings.

mod comparison;
mod costs;
pub mod steam_sale;

use super::dispatch::{Operation, Transport};
use super::study::{MonthlyPlan, StudyAccounting};
use super::{Delivery, TemperatureClass};
use crate::calendar::HOURS_PER_YEAR;
use crate::econ;
use crate::i18n::Text;
use crate::supply::data::{FactorSet, SupplyData};
use crate::supply::{energy_totals, Balance, CostLine, SystemResult};
use serde::Serialize;

pub use comparison::{comparison, ComparisonRow, UnusedComparison, UnusedOption};
pub use costs::added_costs;

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
    /// Planned deliveries (monthly plan) that found no full container or truck in their day.
    pub missed_deliveries: u32,
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
    pub name: crate::i18n::Local,
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
    /// Deliveries in the year (containers; none for a pipe): the FS's plan when the source
    /// follows it, else the hourly run.
    pub deliveries_per_year: Option<u32>,
    /// Net CO2 saved, kg/yr: the FS's accounting when the source follows its plan, else
    /// `co2.saved_t`.
    pub net_co2_kg: f64,
    /// Running balance before labour (drivers or the pipe's operator), ¥ thousand/yr: the
    /// FS's accounting when the source follows its plan.
    pub balance_without_labour_kyen: f64,
    /// Running balance after labour, ¥ thousand/yr.
    pub balance_with_labour_kyen: f64,
    /// The FS's plan and accounting (`logistics.plan: monthly`).
    pub study: Option<StudyResult>,
    /// A steam line sold by the tonne, as the MoE incinerator-to-industry study evaluates
    /// it (steam by pipe only).
    pub steam_sale: Option<steam_sale::SteamSale>,
    /// Method notes.
    pub notes: Vec<Text>,
}

/// The FS's monthly plan of a container source and its accounting.
#[derive(Debug, Clone, Serialize)]
pub struct StudyResult {
    /// The plan per user and the fleet.
    pub plan: MonthlyPlan,
    /// The accounting.
    pub accounting: StudyAccounting,
}

/// The four headline figures of a source (deliveries, net CO2, balance before and after
/// labour) and the FS's plan and accounting where the source follows it.
fn headline(
    op: &Operation,
    co2: &Co2,
    economics: &Economics,
    ctx: &Context,
) -> (Option<u32>, f64, f64, f64, Option<StudyResult>) {
    let labour_keys = ["unused_drivers", "unused_operator"];
    let labour: f64 = economics
        .cost_lines
        .iter()
        .filter(|l| labour_keys.contains(&l.key.as_str()))
        .map(|l| l.kyen)
        .sum();
    let hourly = (
        co2.saved_t * 1000.0,
        economics.running_balance_kyen + labour,
        economics.running_balance_kyen,
    );
    match &op.transport {
        Transport::Pipe(_) => (None, hourly.0, hourly.1, hourly.2, None),
        Transport::Containers { run, monthly, .. } => match monthly {
            None => (Some(run.deliveries()), hourly.0, hourly.1, hourly.2, None),
            Some(mp) => {
                let s = &op.source;
                let a = super::study::accounting(
                    mp,
                    ctx.data,
                    ctx.factors,
                    s.distance_km,
                    &s.logistics,
                );
                (
                    Some(a.deliveries_per_year),
                    a.net_co2_kg,
                    a.balance_without_labour_kyen,
                    a.balance_with_labour_kyen,
                    Some(StudyResult {
                        plan: (**mp).clone(),
                        accounting: a,
                    }),
                )
            }
        },
    }
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

/// Annual capacity of the transport, kW (the line's peak transfer or the fleet's daily
/// cap), and the heat it carried, MWh (`drawn` less the line's losses, or discharged).
fn capacity(op: &Operation, drawn_mwh: f64) -> (f64, f64) {
    match &op.transport {
        Transport::Pipe(p) => (
            p.peak_transfer_kw,
            drawn_mwh
                - p.heat_loss_kw * op.drawn_kw.iter().filter(|x| **x > 0.0).count() as f64 / 1000.0,
        ),
        Transport::Containers { plan, run, .. } => (
            plan.daily_cap as f64 * plan.capacity_kwh / 24.0,
            sum_mwh(&run.discharged_kw),
        ),
    }
}

/// The operating reserve of a source's user (waste-heat.md §2): spare source output, the
/// user's own boilers or a backup boiler.
fn reserve(op: &Operation, d: &super::data::WasteHeatData) -> Reserve {
    let backup = op.backup_boiler_kw;
    let spare = min_spare_share(op);
    let required = d.availability.reserve_share.value;
    Reserve {
        required_share: required,
        min_source_spare_share: spare,
        own_boilers_cover: op.own_boilers_cover,
        backup_boiler_kw: backup,
        ok: op.own_boilers_cover || backup > 0.0 || spare.is_none_or(|x| x >= required),
    }
}

/// Notes on how a source was evaluated: line sizing, firm output, containers, temperature
/// class, reserve.
fn source_notes(op: &Operation, reserve: &Reserve) -> Vec<Text> {
    let s = &op.source;
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
    if !reserve.ok {
        snotes.push(Text::new(
            "note.reserve_low",
            &[("pct", format!("{:.0}", reserve.required_share * 100.0))],
        ));
    }
    snotes
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
        let c = costs::source_costs(op, ctx.supply, d);
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
            let admin = costs::administration(d, &running, savings);
            running.push(admin);
        }
        all_capital.extend(c.capital.iter().cloned());
        all_running.extend(running.iter().cloned());
        let capital_kyen: f64 = c.capital.iter().map(|l| l.kyen).sum();
        let subsidy_kyen = capital_kyen * s.subsidy_share;
        let part = (capital_kyen - subsidy_kyen, c.life_years);
        parts.push(part);
        let steam_sale = match &op.transport {
            Transport::Pipe(p) if s.class == TemperatureClass::Steam => steam_sale::steam_sale(
                &steam_sale::SteamSaleInputs {
                    delivered_kwh: *del,
                    peak_transfer_kw: p.peak_transfer_kw,
                    savings_kyen: savings,
                    capital_net_kyen: part.0,
                    capital_recovery_kyen: part.0
                        * econ::capital_recovery_factor(ctx.interest, part.1),
                    running: &running,
                    co2_saved_t: co2.saved_t,
                    price_yen_per_t: s.steam_price_yen_per_t,
                },
                d,
            ),
            _ => None,
        };
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
        let (capacity_kw, carried_mwh) = capacity(op, drawn);
        let reserve = reserve(op, d);
        let snotes = source_notes(op, &reserve);
        let (deliveries_per_year, net_co2_kg, without, with, study) =
            headline(op, &co2, &economics, ctx);
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
            deliveries_per_year,
            net_co2_kg,
            balance_without_labour_kyen: without,
            balance_with_labour_kyen: with,
            study,
            steam_sale,
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
