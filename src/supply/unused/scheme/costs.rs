//! The cost lines of a source: receiving equipment on the plant cost curves, the pipe or
//! the container fleet, running costs and lost power sales (waste-heat.md §1, §2); and the
//! sources' lines as they enter the user's cost table.

use super::super::containers::{self, FleetPlan, FleetRun};
use super::super::data::WasteHeatData;
use super::super::dispatch::{Operation, Transport};
use super::super::pipe::PipeDesign;
use super::{ContainerResult, UnusedResult};
use crate::econ;
use crate::i18n::{Arg, Phrase, Text};
use crate::supply::data::SupplyData;
use crate::supply::CostLine;

/// Capital and running cost of one source before attribution of savings.
pub(super) struct Costs {
    /// Capital lines.
    pub capital: Vec<CostLine>,
    /// Running lines (before administration).
    pub running: Vec<CostLine>,
    /// Electricity of the transfer or container pumps, kWh/yr.
    pub transport_pump_kwh: f64,
    /// Diesel of the trucks, L/yr.
    pub diesel_l: f64,
    /// Power generation the source loses, kWh/yr.
    pub lost_power_kwh: f64,
    /// Write-off life of the capital, years.
    pub life_years: f64,
    /// The fleet's year (containers only).
    pub containers: Option<ContainerResult>,
}

/// The administration line of a pipe scheme: a share of the net saving after the other
/// running costs (waste-heat.md §2).
pub(super) fn administration(
    d: &WasteHeatData,
    running: &[CostLine],
    savings_kyen: f64,
) -> CostLine {
    let pd = &d.pipe;
    let before: f64 = running.iter().map(|l| l.kyen).sum();
    let admin = pd.administration_share_of_saving.value * (savings_kyen - before).max(0.0);
    CostLine::phrased(
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
    )
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

pub(super) fn source_costs(op: &Operation, supply: &SupplyData, d: &WasteHeatData) -> Costs {
    let s = &op.source;
    let drawn_kwh: f64 = op.drawn_kw.iter().sum();
    let mut c = Costs {
        capital: vec![],
        running: vec![],
        transport_pump_kwh: 0.0,
        diesel_l: 0.0,
        lost_power_kwh: 0.0,
        life_years: 0.0,
        containers: None,
    };
    let equipment_yen = receiving_equipment(op, supply, d, &mut c.capital);
    match &op.transport {
        Transport::Pipe(p) => pipe_costs(&mut c, p, op, d, drawn_kwh, equipment_yen),
        Transport::Containers { plan, run, .. } => {
            container_costs(&mut c, (plan, run), op, supply, d, equipment_yen)
        }
    }
    c.lost_power_kwh = s.lost_power_kwh_per_kwh * drawn_kwh;
    if c.lost_power_kwh > 0.0 {
        let price = d.pipe.lost_power_yen_per_kwh.value;
        c.running.push(line(
            "unused_lost_power",
            "unused_lost_power",
            c.lost_power_kwh * price,
            "unused_lost_power",
            &[
                ("mwh", n0(c.lost_power_kwh / 1000.0)),
                ("per", format!("{}", s.lost_power_kwh_per_kwh)),
                ("price", format!("{price}")),
                ("source", d.pipe.lost_power_yen_per_kwh.source.clone()),
            ],
        ));
    }
    c
}

/// Receiving equipment priced on the plant cost curves (one unit each): the heat pump of a
/// low-temperature source, a hot-water absorption chiller, a backup boiler. Returns their
/// cost, ¥.
fn receiving_equipment(
    op: &Operation,
    supply: &SupplyData,
    d: &WasteHeatData,
    capital: &mut Vec<CostLine>,
) -> f64 {
    let pc = &supply.costs.plant_yen_per_kw_at_ref;
    let cop = format!("{}", d.temperature.hot_water_absorption_cop.value);
    let mut equipment_yen = 0.0;
    for (key, kw, yen_per_kw_at_ref, extra) in [
        (
            "unused_heat_pump",
            op.heat_pump_kw,
            pc.heat_pump.value,
            None,
        ),
        (
            "unused_absorption",
            op.absorption_kw,
            pc.absorption_chiller.value,
            Some(("cop", cop)),
        ),
        (
            "unused_backup_boiler",
            op.backup_boiler_kw,
            pc.boiler.value,
            None,
        ),
    ] {
        if kw > 0.0 {
            let y = curve_yen(supply, yen_per_kw_at_ref, kw);
            equipment_yen += y;
            let args: Vec<(&str, String)> = std::iter::once(("kw", n0(kw))).chain(extra).collect();
            capital.push(line(key, key, y, key, &args));
        }
    }
    equipment_yen
}

/// The line from the source: pipe, transfer equipment, other works, accumulator;
/// maintenance, operator and transfer pumps (waste-heat.md §2).
fn pipe_costs(
    c: &mut Costs,
    p: &PipeDesign,
    op: &Operation,
    d: &WasteHeatData,
    drawn_kwh: f64,
    mut equipment_yen: f64,
) {
    let (s, ev) = (&op.source, &d.evaluation);
    let (capital, running) = (&mut c.capital, &mut c.running);
    let pd = &d.pipe;
    c.life_years = pd.life_years.value;
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
        "unused_operator",
        &[("source", pd.operator_yen_per_yr.source.clone())],
    ));
    let transport_pump_kwh = p.pump_kwh_per_kwh * drawn_kwh;
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
    c.transport_pump_kwh = transport_pump_kwh;
}

/// The container fleet: containers, supply- and user-side sets, trucks; drivers, diesel,
/// pumps and maintenance (waste-heat.md §1); and the fleet's year for the report.
fn container_costs(
    c: &mut Costs,
    (plan, run): (&FleetPlan, &FleetRun),
    op: &Operation,
    supply: &SupplyData,
    d: &WasteHeatData,
    equipment_yen: f64,
) {
    let (s, ev) = (&op.source, &d.evaluation);
    let (capital, running) = (&mut c.capital, &mut c.running);
    let cd = &d.containers;
    c.life_years = cd.life_years.value;
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
    let diesel_l = per_trip * run.round_trips() as f64;
    let side = containers::pump_kwh_per_side(
        cd.pump_kw.value,
        cd.pump_load.value,
        cd.pump_hours_per_side.value,
    );
    let transport_pump_kwh = 2.0 * side * run.deliveries() as f64;
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
    c.diesel_l = diesel_l;
    c.transport_pump_kwh = transport_pump_kwh;
    c.containers = Some(ContainerResult {
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
        missed_deliveries: run.missed_deliveries,
        diesel_l_per_trip: per_trip,
        diesel_l,
        pump_kwh_per_side: side,
        pump_kwh: transport_pump_kwh,
    });
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
