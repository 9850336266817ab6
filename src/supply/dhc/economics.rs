//! Economics of the DHC business (district-a.md §5): plant cost on the cost curves, pipe
//! works with the subsidy scenarios, two-part tariffs, water, maintenance and staff, heat
//! sold and the heat unit price, levelised over the horizon for build-up scenarios.

use super::operate::DhcOutcome;
use super::{BuildupSpec, DhcSpec, Subsidy};
use crate::econ;
use crate::i18n::{Phrase, Text};
use crate::supply::data::EquipmentKind;
use crate::supply::{CostLine, Installed, NetworkResult, SupplyInput};

/// Cost of an equipment group on its cost curve, ¥.
pub fn equipment_cost_yen(input: &SupplyInput, item: &Installed) -> f64 {
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

/// Fixed annual costs of the plant while demand builds up, ¥ thousand: pipes (capital and
/// maintenance), plant equipment (the same, staged with take-up or not), staff and the
/// sources' lines.
struct Fixed {
    pipes_kyen: f64,
    plant_kyen: f64,
    staff_kyen: f64,
    added_kyen: f64,
}

/// The heat price levelised over the build-up (district-a.md §5): demand follows the
/// take-up curve, fixed costs stay (the plant follows the highest take-up so far when
/// staged), variable costs and sales follow the take-up; and the note saying so.
fn buildup_price(
    bu: &BuildupSpec,
    (rate, years): (f64, f64),
    fixed: &Fixed,
    variable_kyen: f64,
    heat_sold_gj: f64,
) -> (f64, Text) {
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
            running_max
        })
        .collect();
    let price = econ::levelised_price_yen_per_mj(
        rate,
        &tau,
        |y| {
            fixed.pipes_kyen
                + fixed.staff_kyen
                + fixed.added_kyen
                + if bu.staged {
                    fixed.plant_kyen * stage[y]
                } else {
                    fixed.plant_kyen
                }
        },
        variable_kyen,
        heat_sold_gj,
    );
    let avg = tau.iter().sum::<f64>() / n as f64;
    let note = Text::new(
        if bu.staged {
            "note.buildup_staged"
        } else {
            "note.buildup"
        },
        &[
            ("avg", format!("{:.0}", avg * 100.0)),
            ("n", n.to_string()),
            ("rate", format!("{:.1}", rate * 100.0)),
        ],
    );
    (price, note)
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
    let mut notes = vec![];
    for item in o.equipment.iter_mut() {
        item.cost_kyen = equipment_cost_yen(input, item) / 1000.0;
    }
    let plant_kyen: f64 = o.equipment.iter().map(|e| e.cost_kyen).sum();
    let len = o.network.length_m;
    let civil_kyen = d.costs.pipe_civil_yen_per_m.value * len / 1000.0;
    let pipe_kyen =
        d.costs.pipe_yen_per_m_per_m_diameter.value * o.network.main_diameter_m * len / 1000.0;
    let (civil_paid, pipe_paid) = match spec.subsidy {
        Subsidy::None => (civil_kyen, pipe_kyen),
        Subsidy::Pipes => {
            notes.push(Text::new("note.subsidy_pipes", &[]));
            (0.0, 0.0)
        }
        Subsidy::Tunnel => {
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
    let el = &ec.dhc_electricity;
    let ga = &ec.dhc_gas;
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
    let staff = spec.staff.unwrap_or(ec.staff.value);
    let staff_kyen = staff * ec.staff_yen.value / 1000.0;
    let maint_kyen = construction * ec.maintenance_share.value;
    let capital_kyen = construction * crf;
    let heat_sold_kwh = plant.heat_demand_kwh + o.heat_loss_kwh + o.cool_gain_kwh;
    let heat_sold_gj = heat_sold_kwh * 3.6 / 1000.0;
    let variable = elec_kyen + gas_kyen + water_kyen;
    let added_kyen: f64 = added.lines.iter().map(|l| l.kyen).sum();
    let annual = capital_kyen + maint_kyen + staff_kyen + variable + added_kyen;
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
    if let Some(bu) = &spec.buildup {
        let fixed = Fixed {
            pipes_kyen: (civil_paid + pipe_paid) * (crf + ec.maintenance_share.value),
            plant_kyen: plant_kyen * (crf + ec.maintenance_share.value),
            staff_kyen,
            added_kyen,
        };
        let (levelised, note) = buildup_price(bu, (rate, years), &fixed, variable, heat_sold_gj);
        price = levelised;
        notes.push(note);
    }
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
        CostLine::phrased(
            "maintenance",
            Text::new("cost.maintenance", &[]),
            maint_kyen,
            Phrase::new(
                "cost_note.maintenance",
                &[(
                    "share",
                    format!("{:.1}", ec.maintenance_share.value * 100.0),
                )],
            ),
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
    lines.extend(added.lines.iter().cloned());
    lines.push(CostLine::phrased(
        "annual",
        Text::new("cost.annual", &[]),
        annual,
        Phrase::new("cost_note.dhc_annual", &[]),
    ));
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
