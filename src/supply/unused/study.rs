//! The Nagoya FS's way of planning and accounting a container scheme
//! (waste-heat-fs-cases.md; `logistics: { plan: monthly }` of a container source).
//!
//! Plan: for every user with monthly fuel records (`crate::fuel_records`), the containers
//! a day each month = required heat per operating day ÷ one container (5,400 MJ), rounded
//! by the FS's rule — none below `rounding_zero_below`, one up to a full container, above
//! that rounded up from `rounding_up_fraction` — or the case's `delivery_plan` where the
//! study made its own planning choice. Facilities analysed per month (pools A, E) are
//! rounded per month. The deliveries fall on the user's operating days; the users of one
//! source share its fleet and its daily cap (8 a day, waste-heat.md §1). The fleet: one
//! container stays at every user served each operating day, the source holds enough for
//! the peak day's turnaround (charge + two transports) within the roster; one driver per
//! up to 4 deliveries a day.
//!
//! Accounting (the FS's results of cases A–M): savings = fuel displaced × its price;
//! pump power at the source and at the user = deliveries × 18 kWh × ¥14.7 each; diesel =
//! deliveries × litres per delivery × ¥78.5; container maintenance = containers × ¥1 M;
//! labour = drivers × ¥6 M; CO2 = fuel displaced − both pumps − diesel. The fuel displaced
//! is the heat delivered up to the month's requirement, or — the FS's convention — the
//! whole month's fuel in every month with a delivery (`credit: served_months`).

use super::containers::{Credit, Logistics, RoundTrip};
use super::data::WasteHeatData;
use crate::calendar::HOURS_PER_YEAR;
use crate::fuel_records::{day_mask, Fuel, FuelRecord};
use crate::supply::data::FactorSet;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The study's own deliveries for one user (`delivery_plan.<use>` of a system), in the
/// month order of the user's fuel records: containers a day on each operating day, or
/// containers a month.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryPlanSpec {
    /// Containers a day on each operating day, 12 values.
    #[serde(default)]
    pub per_day: Option<Vec<u32>>,
    /// Containers a month, 12 values.
    #[serde(default)]
    pub per_month: Option<Vec<u32>>,
}

/// A resolved delivery plan, January first.
#[derive(Debug, Clone, Serialize)]
pub enum DeliveryPlan {
    /// Containers a day on each operating day.
    PerDay([u32; 12]),
    /// Containers a month.
    PerMonth([u32; 12]),
}

/// A user a container source serves: its use id, fuel records and the study's plan.
#[derive(Debug, Clone)]
pub struct SourceUser {
    /// Use id.
    pub id: String,
    /// Monthly fuel records (needed by the monthly plan).
    pub record: Option<Arc<FuelRecord>>,
    /// The case's delivery plan (none: the FS's rounding rule).
    pub plan: Option<DeliveryPlan>,
}

/// How a user's deliveries were decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlannedBy {
    /// The FS's rounding rule (waste_heat.yaml `logistics.rounding_*`).
    Rule,
    /// The case's `delivery_plan` (the study's own planning choice).
    CasePlan,
}

/// One month of a user's plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanMonth {
    /// Calendar month, 1–12.
    pub month: u32,
    /// Operating days (none: analysed as a whole month).
    pub days: Option<u32>,
    /// Required heat, MJ/month.
    pub required_mj: f64,
    /// Containers needed a day (a month when analysed as a whole).
    pub need: f64,
    /// Deliveries in the month (after the source's daily cap).
    pub deliveries: u32,
    /// Deliveries the source's daily cap removed from the month.
    pub capped: u32,
    /// Heat delivered, MJ.
    pub delivered_mj: f64,
    /// Fuel displaced, fuel unit.
    pub displaced_fuel: f64,
}

/// One user's plan over the year.
#[derive(Debug, Clone, Serialize)]
pub struct UserPlan {
    /// Use id.
    pub user: String,
    /// Fuel of the records.
    pub fuel: Fuel,
    /// How the deliveries were decided.
    pub planned_by: PlannedBy,
    /// Served every operating day in its busiest month (keeps a container on site).
    pub daily_service: bool,
    /// Months in the order the records are written.
    pub months: Vec<PlanMonth>,
    /// Deliveries in the year.
    pub deliveries: u32,
    /// Fuel displaced in the year, fuel unit.
    pub displaced_fuel: f64,
    /// The records (prices and CO2 per unit).
    #[serde(skip)]
    pub record: Arc<FuelRecord>,
}

/// The monthly plan of a source's fleet.
#[derive(Debug, Clone, Serialize)]
pub struct MonthlyPlan {
    /// Per user.
    pub users: Vec<UserPlan>,
    /// Deliveries on each day of the year, all users.
    #[serde(skip)]
    pub schedule_by_day: Vec<u32>,
    /// Deliveries the users would have had beyond the source's daily cap.
    pub capped_deliveries: u32,
    /// Most deliveries on one day.
    pub peak_day: u32,
    /// Containers held.
    pub containers: u32,
    /// Drivers (one truck each).
    pub drivers: u32,
}

/// Containers for a need `x` (a day, or a month when analysed as a whole) by the FS's
/// rounding: 0 below `zero_below`, 1 up to one container, above that the whole containers
/// plus one when the fraction reaches `up_fraction`.
pub fn round_need(x: f64, zero_below: f64, up_fraction: f64) -> u32 {
    // NaN or below the threshold: no delivery.
    if x.is_nan() || x < zero_below {
        return 0;
    }
    if x <= 1.0 {
        return 1;
    }
    let whole = x.floor();
    whole as u32 + u32::from(x - whole >= up_fraction)
}

/// Spread `n` items evenly over `slots` (returns how many fall in each).
fn spread(n: u32, slots: usize) -> Vec<u32> {
    (0..slots)
        .map(|k| {
            ((k + 1) as u64 * n as u64 / slots as u64 - k as u64 * n as u64 / slots as u64) as u32
        })
        .collect()
}

/// Deliveries of one user on each day of the year, uncapped, and how they were decided.
fn user_days(
    u: &SourceUser,
    rec: &FuelRecord,
    d: &WasteHeatData,
    month_ranges: &[(usize, usize); 12],
) -> (Vec<u32>, PlannedBy) {
    let cap_mj = d.containers.capacity_kwh.value * 3.6;
    let (zero, up) = (
        d.logistics.rounding_zero_below.value,
        d.logistics.rounding_up_fraction.value,
    );
    let mask = day_mask(rec, month_ranges);
    let mut days = vec![0u32; HOURS_PER_YEAR / 24];
    for (m, (start, hours)) in month_ranges.iter().enumerate() {
        let r = &rec.months[m];
        let first = start / 24;
        let on: Vec<usize> = (first..first + hours / 24).filter(|&k| mask[k]).collect();
        let per_day = |n: u32| on.iter().map(|_| n).collect::<Vec<u32>>();
        let rule = round_need(r.required_mj_per_day() / cap_mj, zero, up);
        let counts = match (&u.plan, r.days) {
            (Some(DeliveryPlan::PerDay(p)), _) => per_day(p[m]),
            (Some(DeliveryPlan::PerMonth(p)), _) => spread(p[m], on.len()),
            (None, Some(_)) => per_day(rule),
            (None, None) => spread(rule, on.len()),
        };
        for (k, c) in on.iter().zip(counts) {
            days[*k] = c;
        }
    }
    let by = if u.plan.is_some() {
        PlannedBy::CasePlan
    } else {
        PlannedBy::Rule
    };
    (days, by)
}

/// The monthly plan of a source serving `users` (each with fuel records; others are not
/// served by the plan). `logistics` gives the roster and the credit convention.
pub fn plan(
    users: &[SourceUser],
    d: &WasteHeatData,
    logistics: &Logistics,
    month_ranges: &[(usize, usize); 12],
) -> MonthlyPlan {
    let c = &d.containers;
    let cap = c.max_deliveries_per_day.value as u32;
    let cap_mj = c.capacity_kwh.value * 3.6;
    let n_days = HOURS_PER_YEAR / 24;
    let planned: Vec<(&SourceUser, &Arc<FuelRecord>, Vec<u32>, PlannedBy)> = users
        .iter()
        .filter_map(|u| {
            let rec = u.record.as_ref()?;
            let (days, by) = user_days(u, rec, d, month_ranges);
            Some((u, rec, days, by))
        })
        .collect();
    // The source's daily cap, shared by the users in proportion to their plans (largest
    // remainders get the leftover deliveries).
    let mut capped = 0;
    let mut alloc: Vec<Vec<u32>> = planned.iter().map(|p| p.2.clone()).collect();
    for day in 0..n_days {
        let want: u32 = alloc.iter().map(|a| a[day]).sum();
        if want <= cap {
            continue;
        }
        capped += want - cap;
        let share: Vec<f64> = alloc
            .iter()
            .map(|a| a[day] as f64 * cap as f64 / want as f64)
            .collect();
        let mut got: Vec<u32> = share.iter().map(|s| s.floor() as u32).collect();
        let mut left = cap - got.iter().sum::<u32>();
        let mut order: Vec<usize> = (0..share.len()).collect();
        order.sort_by(|&a, &b| {
            (share[b] - share[b].floor()).total_cmp(&(share[a] - share[a].floor()))
        });
        for i in order {
            if left == 0 {
                break;
            }
            got[i] += 1;
            left -= 1;
        }
        for (a, g) in alloc.iter_mut().zip(got) {
            a[day] = g;
        }
    }
    let schedule_by_day: Vec<u32> = (0..n_days)
        .map(|k| alloc.iter().map(|a| a[k]).sum())
        .collect();
    let peak_day = schedule_by_day.iter().copied().max().unwrap_or(0);
    let served_months = logistics.credit == Credit::ServedMonths;
    let mut users_out = vec![];
    for ((u, rec, wanted, by), days) in planned.iter().zip(&alloc) {
        let mask = day_mask(rec, month_ranges);
        let mut months_cal = vec![];
        let mut daily_service = false;
        for (m, (start, hours)) in month_ranges.iter().enumerate() {
            let r = &rec.months[m];
            let k = start / 24..(start + hours) / 24;
            let deliveries: u32 = days[k.clone()].iter().sum();
            let capped = wanted[k.clone()].iter().sum::<u32>() - deliveries;
            let on = k.clone().filter(|&j| mask[j]).count() as u32;
            daily_service |=
                r.days.is_some() && on > 0 && k.clone().filter(|&j| mask[j]).all(|j| days[j] >= 1);
            let delivered_mj = deliveries as f64 * cap_mj;
            months_cal.push(PlanMonth {
                month: m as u32 + 1,
                days: r.days,
                required_mj: r.required_mj,
                need: r.required_mj_per_day() / cap_mj,
                deliveries,
                capped,
                delivered_mj,
                // A month the cap cut short is credited with what it got, whatever the
                // convention: the FS substitutes whole months its rounded plan serves.
                displaced_fuel: rec.displaced_fuel(m, delivered_mj, served_months && capped == 0),
            });
        }
        let months: Vec<PlanMonth> = rec
            .months_as_written()
            .iter()
            .map(|r| months_cal[r.month as usize - 1].clone())
            .collect();
        users_out.push(UserPlan {
            user: u.id.clone(),
            fuel: rec.fuel,
            planned_by: *by,
            daily_service,
            deliveries: months.iter().map(|m| m.deliveries).sum(),
            displaced_fuel: months.iter().map(|m| m.displaced_fuel).sum(),
            months,
            record: Arc::clone(rec),
        });
    }
    // The fleet: one container on site per daily user; at the source enough for the peak
    // day's turnaround (charge + out and back) within the roster.
    let turnaround_h = c.capacity_kwh.value / c.charge_kw.value + 2.0 * c.transport_h.value;
    let at_source = (peak_day as f64 * turnaround_h / logistics.roster_h().max(1) as f64).ceil();
    let on_site = users_out.iter().filter(|u| u.daily_service).count() as f64
        * d.logistics.containers_at_daily_user.value;
    let per_driver = c.deliveries_per_driver_day.value as u32;
    MonthlyPlan {
        users: users_out,
        schedule_by_day,
        capped_deliveries: capped,
        peak_day,
        containers: ((on_site + at_source) as u32).max(1),
        drivers: super::containers::drivers_for(peak_day, per_driver).max(1),
    }
}

/// One user's part of the FS's accounting.
#[derive(Debug, Clone, Serialize)]
pub struct UserAccounting {
    /// Use id.
    pub user: String,
    /// Fuel.
    pub fuel: Fuel,
    /// Deliveries in the year.
    pub deliveries: u32,
    /// Fuel displaced, fuel unit (m³ or kWh).
    pub displaced_fuel: f64,
    /// Its price, ¥ per unit.
    pub price_yen_per_unit: f64,
    /// Savings, ¥ thousand/yr.
    pub savings_kyen: f64,
    /// CO2 of the fuel displaced, kg/yr.
    pub co2_displaced_kg: f64,
}

/// The FS's accounting of a container scheme, per year.
#[derive(Debug, Clone, Serialize)]
pub struct StudyAccounting {
    /// Deliveries.
    pub deliveries_per_year: u32,
    /// Containers held.
    pub containers: u32,
    /// Drivers.
    pub drivers: u32,
    /// Diesel per delivery, L (one round trip, or two when empties are collected apart).
    pub diesel_l_per_delivery: f64,
    /// Pump electricity per delivery and side, kWh.
    pub pump_kwh_per_side: f64,
    /// Per user.
    pub users: Vec<UserAccounting>,
    /// Fuel savings, ¥ thousand.
    pub savings_kyen: f64,
    /// Pump power at the source, ¥ thousand.
    pub source_pump_kyen: f64,
    /// Pump power at the users, ¥ thousand.
    pub user_pump_kyen: f64,
    /// Diesel, ¥ thousand.
    pub diesel_kyen: f64,
    /// Container maintenance, ¥ thousand.
    pub container_maintenance_kyen: f64,
    /// Drivers, ¥ thousand.
    pub labour_kyen: f64,
    /// savings − pumps − diesel − maintenance, ¥ thousand.
    pub balance_without_labour_kyen: f64,
    /// … − labour, ¥ thousand.
    pub balance_with_labour_kyen: f64,
    /// CO2 of the fuel displaced, kg.
    pub co2_displaced_kg: f64,
    /// CO2 of the pumps at the source, kg.
    pub co2_source_pump_kg: f64,
    /// CO2 of the pumps at the users, kg.
    pub co2_user_pump_kg: f64,
    /// CO2 of the diesel, kg.
    pub co2_diesel_kg: f64,
    /// displaced − pumps − diesel, kg.
    pub net_co2_kg: f64,
}

/// The FS's accounting of a plan (`distance_km` one way, `logistics` for the round trip).
pub fn accounting(
    p: &MonthlyPlan,
    d: &WasteHeatData,
    f: &FactorSet,
    distance_km: f64,
    logistics: &Logistics,
) -> StudyAccounting {
    let c = &d.containers;
    let deliveries: u32 = p.users.iter().map(|u| u.deliveries).sum();
    let n = deliveries as f64;
    let trips = match logistics.round_trip {
        RoundTrip::FullOutEmptyBack => 1.0,
        RoundTrip::CollectWhenEmpty => 2.0,
    };
    let diesel_l_per_delivery =
        trips * super::containers::diesel_l_per_delivery(distance_km, c.km_per_l.value);
    let side = super::containers::pump_kwh_per_side(
        c.pump_kw.value,
        c.pump_load.value,
        c.pump_hours_per_side.value,
    );
    let e_price = d.study_accounting.electricity_yen_per_kwh.value;
    let e_kg = f.electricity_kg_co2_per_kwh.value;
    let users: Vec<UserAccounting> = p
        .users
        .iter()
        .map(|u| (u, &u.record))
        .map(|(u, r)| UserAccounting {
            user: u.user.clone(),
            fuel: u.fuel,
            deliveries: u.deliveries,
            displaced_fuel: u.displaced_fuel,
            price_yen_per_unit: r.price_yen_per_unit,
            savings_kyen: u.displaced_fuel * r.price_yen_per_unit / 1000.0,
            co2_displaced_kg: u.displaced_fuel * r.kg_co2_per_unit,
        })
        .collect();
    let savings: f64 = users.iter().map(|u| u.savings_kyen).sum();
    let pump = n * side * e_price / 1000.0;
    let diesel_l = n * diesel_l_per_delivery;
    let diesel = diesel_l * c.diesel_yen_per_l.value / 1000.0;
    let maint = p.containers as f64 * c.maintenance_yen_per_container_yr.value / 1000.0;
    let labour = p.drivers as f64 * c.driver_yen_per_yr.value / 1000.0;
    let without = savings - 2.0 * pump - diesel - maint;
    let co2_displaced: f64 = users.iter().map(|u| u.co2_displaced_kg).sum();
    let co2_pump = n * side * e_kg;
    let co2_diesel = diesel_l * c.diesel_kg_co2_per_l.value;
    StudyAccounting {
        deliveries_per_year: deliveries,
        containers: p.containers,
        drivers: p.drivers,
        diesel_l_per_delivery,
        pump_kwh_per_side: side,
        users,
        savings_kyen: savings,
        source_pump_kyen: pump,
        user_pump_kyen: pump,
        diesel_kyen: diesel,
        container_maintenance_kyen: maint,
        labour_kyen: labour,
        balance_without_labour_kyen: without,
        balance_with_labour_kyen: without - labour,
        co2_displaced_kg: co2_displaced,
        co2_source_pump_kg: co2_pump,
        co2_user_pump_kg: co2_pump,
        co2_diesel_kg: co2_diesel,
        net_co2_kg: co2_displaced - 2.0 * co2_pump - co2_diesel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rounding_rule_reproduces_the_studys_daily_decisions() {
        let d = WasteHeatData::builtin().unwrap();
        let (z, u) = (
            d.logistics.rounding_zero_below.value,
            d.logistics.rounding_up_fraction.value,
        );
        // (need a day, the FS's containers a day): Tables 5.2–5.9 against Table 6.
        for (x, n) in [
            (0.26, 0),  // B Aug
            (0.29, 0),  // F Oct
            (0.36, 1),  // G Sep
            (0.45, 1),  // B Jul
            (1.0, 1),   // B Sep
            (1.18, 1),  // H Dec
            (1.195, 2), // F Feb
            (2.08, 2),  // C Jan (needs 3.0 → 3, whole numbers stay)
            (3.23, 4),  // B Apr
        ] {
            assert_eq!(round_need(x, z, u), n, "need {x}");
        }
        assert_eq!(round_need(3.0, z, u), 3);
        assert_eq!(round_need(f64::NAN, z, u), 0);
    }

    #[test]
    fn spreading_keeps_the_count() {
        for (n, s) in [(15, 31), (0, 30), (40, 30), (7, 7)] {
            let v = spread(n, s);
            assert_eq!(v.iter().sum::<u32>(), n);
            assert!(v.iter().max().unwrap() - v.iter().min().unwrap() <= 1);
        }
    }
}
