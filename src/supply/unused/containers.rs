//! Delivery by phase-change-material containers on trucks (waste-heat.md §1): per-delivery
//! arithmetic (diesel, pump energy), fleet sizing (containers, trucks, drivers), and an
//! hour-by-hour logistics run that enforces the capacity limits — charging rate and the
//! source's output at the source, discharge rate at the user, trucks only within their
//! operating hours, at most the daily delivery cap per source.

use super::data::ContainerData;
use crate::calendar::HOURS_PER_YEAR;
use serde::{Deserialize, Serialize};

/// What one round trip of a truck carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundTrip {
    /// The truck brings back a container only when one is empty at the user; a later
    /// round trip collects the others (kukaku's hourly model).
    CollectWhenEmpty,
    /// The full container goes out and the emptiest one at the user comes back on the same
    /// trip, whatever heat it still holds (the FS's convention: 8 L per delivery).
    FullOutEmptyBack,
}

/// How deliveries are planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanMethod {
    /// A truck leaves when the heat at the user would run short before the next delivery
    /// could arrive.
    JustInTime,
    /// The FS's plan: deliveries per operating day by month from the monthly requirement,
    /// rounded by its rule (or the case's `delivery_plan`), spread evenly over the roster.
    Monthly,
}

/// How the fuel a delivery displaces is counted in the FS's accounting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Credit {
    /// The heat delivered, at most the month's requirement.
    Delivered,
    /// A month with at least one delivery is substituted wholly, one without not at all.
    ServedMonths,
}

/// Resolved logistics options of a container source.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Logistics {
    /// What a round trip carries.
    pub round_trip: RoundTrip,
    /// How deliveries are planned.
    pub plan: PlanMethod,
    /// How displaced fuel is counted.
    pub credit: Credit,
    /// Hours of day trucks run, `[start, end)` (`[0, 24]`: round the clock).
    pub roster: [usize; 2],
}

impl Logistics {
    /// kukaku's defaults (waste_heat.yaml `logistics` and the containers' operating hours).
    pub fn defaults(d: &super::data::WasteHeatData) -> Logistics {
        Logistics {
            round_trip: d.logistics.round_trip.value,
            plan: d.logistics.plan.value,
            credit: d.logistics.credit.value,
            roster: d.containers.operating_hours.value,
        }
    }

    /// Roster hours per day.
    pub fn roster_h(&self) -> usize {
        self.roster[1] - self.roster[0]
    }
}

/// How the hourly run departs trucks: the roster, what a round trip carries and, for a
/// monthly plan, the deliveries of each day.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// Hours of day trucks run, `[start, end)`.
    pub roster: [usize; 2],
    /// The full container goes out and the emptiest comes back on the same trip.
    pub swap: bool,
    /// Deliveries planned on each day of the year (none: just in time).
    pub schedule: Option<&'a [u32]>,
}

impl<'a> Rules<'a> {
    /// The rules of `logistics`, with the day schedule of a monthly plan.
    pub fn of(l: &Logistics, schedule: Option<&'a [u32]>) -> Rules<'a> {
        Rules {
            roster: l.roster,
            swap: l.round_trip == RoundTrip::FullOutEmptyBack,
            schedule,
        }
    }
}

/// Diesel burnt per delivery: a round trip of 2 × `distance_km` at `km_per_l`, L.
/// waste-heat.md §1: 10 km one way at 2.5 km/L → 8 L.
pub fn diesel_l_per_delivery(distance_km: f64, km_per_l: f64) -> f64 {
    2.0 * distance_km / km_per_l
}

/// Pump electricity on one side (charging or discharging) of a delivery, kWh:
/// rated kW × load × hours. waste-heat.md §1: 7.5 kW × 0.6 × 4 h = 18 kWh.
pub fn pump_kwh_per_side(pump_kw: f64, load: f64, hours: f64) -> f64 {
    pump_kw * load * hours
}

/// Drivers needed for a number of deliveries a day: one per up to
/// `deliveries_per_driver` (waste-heat.md §1: one driver per up to 4 containers a day).
pub fn drivers_for(deliveries_per_day: u32, deliveries_per_driver: u32) -> u32 {
    deliveries_per_day.div_ceil(deliveries_per_driver.max(1))
}

/// Fleet of one source.
#[derive(Debug, Clone, Serialize)]
pub struct FleetPlan {
    /// Containers (each with its supply-side and user-side set).
    pub containers: u32,
    /// Drivers, one truck each.
    pub drivers: u32,
    /// Deliveries a day the fleet is sized for.
    pub design_deliveries_per_day: u32,
    /// Daily cap actually enforced: min(cap per source, drivers × deliveries per driver).
    pub daily_cap: u32,
    /// Heat per container, kWh.
    pub capacity_kwh: f64,
}

/// Size a fleet for the heat a source can serve. The design day is the mean day of the
/// month with the most servable heat (waste-heat.md §1 warns that flat 24-h demand
/// overstates usable heat, so the fleet follows the hourly demand, month by month); the
/// deliveries it needs set the drivers (one per 4 a day); the containers are the largest
/// number, from one per `deliveries_per_container_day` daily deliveries up to two per daily
/// delivery, whose hourly run still gives every container `min_deliveries_per_container_yr`
/// on average (else the smallest). `servable_kw` and `available_kw` are hourly series.
pub fn plan(
    data: &ContainerData,
    servable_kw: &[f64],
    available_kw: &[f64],
    month_ranges: &[(usize, usize); 12],
    containers: Option<u32>,
    drivers: Option<u32>,
    rules: Rules,
) -> FleetPlan {
    let e = data.capacity_kwh.value;
    let cap = data.max_deliveries_per_day.value as u32;
    // Heat a day could use: the smaller of the day's servable demand and the source's output.
    let daily: Vec<f64> = (0..HOURS_PER_YEAR / 24)
        .map(|d| {
            let r = d * 24..d * 24 + 24;
            servable_kw[r.clone()]
                .iter()
                .sum::<f64>()
                .min(available_kw[r].iter().sum())
        })
        .collect();
    let (start, len) = month_ranges
        .iter()
        .copied()
        .max_by(|a, b| {
            let s = |(s, l): (usize, usize)| daily[s / 24..(s + l) / 24].iter().sum::<f64>();
            s(*a).total_cmp(&s(*b))
        })
        .unwrap_or((0, 24));
    let days = &daily[start / 24..(start + len) / 24];
    let design_kwh = days.iter().sum::<f64>() / days.len().max(1) as f64;
    let design = ((design_kwh / e).ceil() as u32).clamp(1, cap.max(1));
    let per_driver = data.deliveries_per_driver_day.value as u32;
    let drivers = drivers
        .unwrap_or_else(|| drivers_for(design, per_driver))
        .max(1);
    let with = |n: u32| FleetPlan {
        containers: n,
        drivers,
        design_deliveries_per_day: design,
        daily_cap: cap.min(drivers * per_driver),
        capacity_kwh: e,
    };
    if let Some(n) = containers {
        return with(n.max(1));
    }
    // Keep containers busy (waste-heat.md §1: schemes pay only when containers make
    // round trips every day): the largest fleet, up to two containers per daily delivery
    // (the night's heat waits at the user while the next ones charge), whose containers
    // still average the minimum deliveries a year; else the smallest fleet tried.
    let fewest = ((design as f64 / data.deliveries_per_container_day.value).ceil() as u32).max(1);
    let most = (2 * design).max(fewest);
    let min_per_container = data.min_deliveries_per_container_yr.value;
    let busy = |n: u32| {
        let busy_enough = |deliveries: u32| deliveries as f64 / n as f64 >= min_per_container;
        let (_, verdict) = run_year(
            data,
            &with(n),
            servable_kw,
            available_kw,
            rules,
            Some(&busy_enough),
        );
        verdict
    };
    let n = (fewest..=most).rev().find(|&n| busy(n)).unwrap_or(fewest);
    with(n)
}

/// Result of the hourly logistics run.
#[derive(Debug, Clone, Serialize)]
pub struct FleetRun {
    /// Heat discharged at the user in each hour, kW.
    #[serde(skip)]
    pub discharged_kw: Vec<f64>,
    /// Heat taken from the source (charging) in each hour, kW.
    #[serde(skip)]
    pub charged_kw: Vec<f64>,
    /// Deliveries on each day of the year.
    #[serde(skip)]
    pub deliveries_by_day: Vec<u32>,
    /// Truck departures by hour of day (deliveries and collections).
    pub departures_by_hour: [u32; 24],
    /// Round trips that only brought empty containers back.
    pub collection_trips: u32,
    /// Planned deliveries that found no full container or free truck within their day.
    pub missed_deliveries: u32,
}

impl FleetRun {
    /// Deliveries in the year.
    pub fn deliveries(&self) -> u32 {
        self.deliveries_by_day.iter().sum()
    }
    /// Round trips in the year (deliveries + collections).
    pub fn round_trips(&self) -> u32 {
        self.deliveries() + self.collection_trips
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    Source,
    User,
    ToUser(usize),
    ToSource(usize),
}

/// A truck standing at the user at hour `at`.
#[derive(Debug, Clone, Copy)]
struct Pickup {
    /// Hour it stands at the user.
    at: usize,
    /// The container it brought (none: a collection-only trip).
    brought: Option<usize>,
}

/// Share of a container's capacity below which it counts as empty.
const EMPTY_SHARE: f64 = 0.005;

/// Run the fleet hour by hour over the year. `servable_kw[t]` is the heat the user can take
/// from containers in hour t, `available_kw[t]` the source's output for charging.
///
/// Rules: containers start the year full at the source. Each hour: arrivals; a truck that
/// reached the user takes back a container — an empty one, or with `rules.swap` the
/// emptiest other than the one it brought, whatever heat it still holds; containers at the
/// user discharge (emptiest first, each at most `discharge_kw`); containers at the source
/// charge (each at most `charge_kw`, together at most the source's output). Trucks leave
/// only within the roster (the whole round trip inside it unless the roster is round the
/// clock). Just in time (no schedule): a full container leaves when the heat at or on its
/// way to the user falls short of the servable demand until the next delivery could
/// arrive (the next round trip, or the next roster start after the day's last) and the
/// day's cap is not reached; otherwise, without swapping, an idle truck fetches an empty
/// container no other truck is on its way to collect. With a schedule, the day's planned
/// deliveries leave at evenly spaced hours of the roster (later when no full container or
/// truck is ready; planned deliveries still waiting at the end of the day are missed).
pub fn simulate(
    data: &ContainerData,
    plan: &FleetPlan,
    servable_kw: &[f64],
    available_kw: &[f64],
    rules: Rules,
) -> FleetRun {
    run_year(data, plan, servable_kw, available_kw, rules, None).0
}

/// [`simulate`], optionally stopping as soon as the year's verdict on `busy_enough` (a
/// predicate of the deliveries in the year, true for every count above one it is true
/// for) is known: deliveries only accumulate, so it is known once it holds, or once
/// the deliveries so far plus the daily cap on every day left cannot make it hold (just
/// in time only; a schedule is not capped per day here). Returns the run (cut short when
/// stopped early) and the verdict.
fn run_year(
    data: &ContainerData,
    plan: &FleetPlan,
    servable_kw: &[f64],
    available_kw: &[f64],
    rules: Rules,
    busy_enough: Option<&dyn Fn(u32) -> bool>,
) -> (FleetRun, bool) {
    let n = HOURS_PER_YEAR;
    let cap_kwh = plan.capacity_kwh;
    let empty = cap_kwh * EMPTY_SHARE;
    let t_h = data.transport_h.value.round().max(1.0) as usize;
    let [open, close] = rules.roster;
    let all_day = open == 0 && close >= 24;
    let (discharge_kw, charge_kw) = (data.discharge_kw.value, data.charge_kw.value);
    let mut soc = vec![cap_kwh; plan.containers as usize];
    let mut place = vec![Place::Source; plan.containers as usize];
    let mut truck_free_at = vec![0usize; plan.drivers as usize];
    // Trucks standing at the user.
    let mut pickups: Vec<Pickup> = vec![];
    // Containers at the user, reused every hour (no allocation per hour).
    let mut at_user: Vec<usize> = Vec::with_capacity(soc.len());
    let mut run = FleetRun {
        discharged_kw: vec![0.0; n],
        charged_kw: vec![0.0; n],
        deliveries_by_day: vec![0; n / 24],
        departures_by_hour: [0; 24],
        collection_trips: 0,
        missed_deliveries: 0,
    };
    let mut delivered = 0u32;
    // Suffix sums give the next hours of servable demand in O(1).
    let mut suffix = vec![0.0; n + 1];
    for t in (0..n).rev() {
        suffix[t] = suffix[t + 1] + servable_kw[t];
    }
    // Departure slots of a scheduled day: the hours a round trip may start.
    let slots = if all_day {
        24
    } else {
        (close + 1).saturating_sub(open + 2 * t_h).max(1)
    };
    for t in 0..n {
        let hour = t % 24;
        let day = t / 24;
        for p in place.iter_mut() {
            match *p {
                Place::ToUser(a) if a <= t => *p = Place::User,
                Place::ToSource(a) if a <= t => *p = Place::Source,
                _ => {}
            }
        }
        // Trucks standing at the user take a container back (in the order they came).
        if pickups.iter().any(|p| p.at == t) {
            for p in &pickups {
                if p.at != t {
                    continue;
                }
                let back = (0..soc.len())
                    .filter(|&i| place[i] == Place::User && Some(i) != p.brought)
                    .filter(|&i| rules.swap || soc[i] <= empty)
                    .min_by(|&a, &b| soc[a].total_cmp(&soc[b]));
                if let Some(i) = back {
                    place[i] = Place::ToSource(t + t_h);
                }
            }
            pickups.retain(|p| p.at != t);
        }
        // Discharge at the user, emptiest first so containers free up for collection.
        let mut need = servable_kw[t];
        at_user.clear();
        at_user.extend((0..soc.len()).filter(|&i| place[i] == Place::User));
        if at_user.len() > 1 {
            at_user.sort_by(|&a, &b| soc[a].total_cmp(&soc[b]));
        }
        let mut discharged = 0.0;
        for &i in &at_user {
            let q = need.min(discharge_kw).min(soc[i]);
            soc[i] -= q;
            need -= q;
            discharged += q;
        }
        run.discharged_kw[t] = discharged;
        // Charge at the source within its output.
        let mut avail = available_kw[t];
        let mut charged = 0.0;
        for (s, p) in soc.iter_mut().zip(&place) {
            if *p == Place::Source && *s < cap_kwh {
                let q = avail.min(charge_kw).min(cap_kwh - *s);
                *s += q;
                avail -= q;
                charged += q;
            }
        }
        run.charged_kw[t] = charged;
        let in_roster = all_day || (hour >= open && hour + 2 * t_h <= close);
        if in_roster {
            match rules.schedule {
                Some(sched) => {
                    // Planned deliveries due by now: the k-th of the day's n leaves at the
                    // roster start + k × slots ÷ n.
                    let planned = sched[day] as usize;
                    let start = if all_day { 0 } else { open };
                    let due = (0..planned)
                        .filter(|k| start + k * slots / planned.max(1) <= hour)
                        .count();
                    for free_at in truck_free_at.iter_mut() {
                        if (run.deliveries_by_day[day] as usize) >= due || *free_at > t {
                            continue;
                        }
                        let Some(i) = (0..soc.len())
                            .find(|&i| place[i] == Place::Source && soc[i] >= cap_kwh - 1e-9)
                        else {
                            // Every container is at the user (a fleet of one serving now
                            // and then): fetch one back to charge — a round trip of its own.
                            let none_back = !place
                                .iter()
                                .any(|q| matches!(q, Place::Source | Place::ToSource(_)));
                            let fetching = pickups.iter().any(|p| p.brought.is_none());
                            if rules.swap && none_back && !fetching {
                                run.collection_trips += 1;
                                pickups.push(Pickup {
                                    at: t + t_h,
                                    brought: None,
                                });
                                *free_at = t + 2 * t_h;
                                run.departures_by_hour[hour] += 1;
                            }
                            break;
                        };
                        place[i] = Place::ToUser(t + t_h);
                        run.deliveries_by_day[day] += 1;
                        *free_at = t + 2 * t_h;
                        pickups.push(Pickup {
                            at: t + t_h,
                            brought: Some(i),
                        });
                        run.departures_by_hour[hour] += 1;
                    }
                }
                None => depart_just_in_time(
                    &mut run,
                    (&mut place, &soc, &mut truck_free_at, &mut pickups),
                    (t, t_h, open, close, all_day, empty, cap_kwh),
                    &suffix,
                    plan,
                    rules.swap,
                ),
            }
        }
        if hour == 23 {
            if let Some(sched) = rules.schedule {
                run.missed_deliveries += sched[day].saturating_sub(run.deliveries_by_day[day]);
            }
            delivered += run.deliveries_by_day[day];
            if let Some(ok) = busy_enough {
                if ok(delivered) {
                    return (run, true);
                }
                let days_left = (n / 24 - day - 1) as u32;
                if rules.schedule.is_none() && !ok(delivered + days_left * plan.daily_cap) {
                    return (run, false);
                }
            }
        }
    }
    let verdict = busy_enough.is_some_and(|ok| ok(delivered));
    (run, verdict)
}

/// The just-in-time departures of hour `t` (see [`simulate`]).
fn depart_just_in_time(
    run: &mut FleetRun,
    (place, soc, truck_free_at, pickups): (&mut [Place], &[f64], &mut [usize], &mut Vec<Pickup>),
    (t, t_h, open, close, all_day, empty, cap_kwh): (usize, usize, usize, usize, bool, f64, f64),
    suffix: &[f64],
    plan: &FleetPlan,
    swap: bool,
) {
    let n = suffix.len() - 1;
    let hour = t % 24;
    let day = t / 24;
    // Just in time: the heat at the user must last until the next delivery could
    // arrive — after this truck's round trip, or at the next roster start after the last.
    let next_arrival = if all_day || hour + 4 * t_h <= close {
        3 * t_h
    } else {
        24 - hour + open + t_h
    };
    let ahead = suffix[t + 1] - suffix[(t + 1 + next_arrival).min(n)];
    for free_at in truck_free_at.iter_mut() {
        if *free_at > t {
            continue;
        }
        let stored: f64 = (0..soc.len())
            .filter(|&i| matches!(place[i], Place::User | Place::ToUser(_)))
            .map(|i| soc[i])
            .sum();
        let full = (0..soc.len()).find(|&i| place[i] == Place::Source && soc[i] >= cap_kwh - 1e-9);
        let under_cap = run.deliveries_by_day[day] < plan.daily_cap;
        if let (Some(i), true, true) = (full, under_cap, stored < ahead) {
            place[i] = Place::ToUser(t + t_h);
            run.deliveries_by_day[day] += 1;
            pickups.push(Pickup {
                at: t + t_h,
                brought: Some(i),
            });
        } else {
            if swap {
                continue;
            }
            let empties = (0..soc.len())
                .filter(|&i| place[i] == Place::User && soc[i] <= empty)
                .count();
            if empties <= pickups.len() {
                continue;
            }
            run.collection_trips += 1;
            pickups.push(Pickup {
                at: t + t_h,
                brought: None,
            });
        }
        *free_at = t + 2 * t_h;
        run.departures_by_hour[hour] += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supply::unused::data::WasteHeatData;

    fn data() -> ContainerData {
        WasteHeatData::builtin().unwrap().containers
    }

    /// kukaku's default rules: daytime roster, collect when empty, just in time.
    fn rules() -> Rules<'static> {
        Rules::of(
            &Logistics::defaults(&WasteHeatData::builtin().unwrap()),
            None,
        )
    }

    #[test]
    fn per_delivery_arithmetic_matches_the_study() {
        let d = data();
        // waste-heat.md §1: 10 km one way at 2.5 km/L → 8 L per round trip.
        assert_eq!(diesel_l_per_delivery(10.0, d.km_per_l.value), 8.0);
        // 7.5 kW × 0.6 × 4 h = 18 kWh per side.
        let side = pump_kwh_per_side(
            d.pump_kw.value,
            d.pump_load.value,
            d.pump_hours_per_side.value,
        );
        assert!((side - 18.0).abs() < 1e-12);
        // One driver per up to 4 containers a day.
        let per = d.deliveries_per_driver_day.value as u32;
        assert_eq!(drivers_for(1, per), 1);
        assert_eq!(drivers_for(4, per), 1);
        assert_eq!(drivers_for(5, per), 2);
        assert_eq!(drivers_for(8, per), 2);
    }

    fn month_ranges() -> [(usize, usize); 12] {
        crate::calendar::Calendar::new(2023, true).month_ranges()
    }

    #[test]
    fn limits_hold_hour_by_hour_under_unlimited_demand() {
        let d = data();
        let servable = vec![1e6; HOURS_PER_YEAR];
        let available = vec![1e6; HOURS_PER_YEAR];
        let plan = plan(
            &d,
            &servable,
            &available,
            &month_ranges(),
            Some(10),
            Some(3),
            rules(),
        );
        assert_eq!(
            plan.daily_cap, 8,
            "3 drivers could do 12; the per-source cap is 8"
        );
        let run = simulate(&d, &plan, &servable, &available, rules());
        assert!(run.deliveries_by_day.iter().all(|&x| x <= 8));
        assert!(
            run.deliveries_by_day.iter().filter(|&&x| x == 8).count() > 300,
            "the cap binds"
        );
        let [open, close] = d.operating_hours.value;
        for (h, n) in run.departures_by_hour.iter().enumerate() {
            if h < open || h + 2 > close {
                assert_eq!(*n, 0, "departure at {h}:00 outside operating hours");
            }
        }
        for t in 0..HOURS_PER_YEAR {
            assert!(run.discharged_kw[t] <= 10.0 * d.discharge_kw.value + 1e-9);
            assert!(run.charged_kw[t] <= 10.0 * d.charge_kw.value + 1e-9);
        }
        // Heat is conserved: discharged ≤ charged + the initial fill.
        let out: f64 = run.discharged_kw.iter().sum();
        let inn: f64 = run.charged_kw.iter().sum();
        assert!(out <= inn + 10.0 * d.capacity_kwh.value + 1e-6);
        // Each delivery empties about one container.
        let per_delivery = out / run.deliveries() as f64;
        assert!(
            (per_delivery / d.capacity_kwh.value - 1.0).abs() < 0.05,
            "{per_delivery}"
        );
    }

    #[test]
    fn source_output_and_drivers_limit_deliveries() {
        let d = data();
        let servable = vec![1e6; HOURS_PER_YEAR];
        // 100 kW from the source: 2.4 MWh a day charges at most 1.6 containers a day.
        let weak = vec![100.0; HOURS_PER_YEAR];
        let p = plan(
            &d,
            &servable,
            &weak,
            &month_ranges(),
            Some(4),
            None,
            rules(),
        );
        let run = simulate(&d, &p, &servable, &weak, rules());
        let per_day = run.deliveries() as f64 / 365.0;
        assert!(per_day <= 2.4e3 / d.capacity_kwh.value + 0.05, "{per_day}");
        let charged: f64 = run.charged_kw.iter().sum();
        assert!(charged <= 100.0 * HOURS_PER_YEAR as f64 + 1e-6);
        // One driver: at most 4 deliveries a day even with plenty of heat.
        let strong = vec![1e6; HOURS_PER_YEAR];
        let p1 = plan(
            &d,
            &servable,
            &strong,
            &month_ranges(),
            Some(8),
            Some(1),
            rules(),
        );
        let run1 = simulate(&d, &p1, &servable, &strong, rules());
        assert!(run1.deliveries_by_day.iter().all(|&x| x <= 4));
    }

    #[test]
    fn fleet_is_the_largest_that_keeps_containers_busy() {
        let d = data();
        let mr = month_ranges();
        // Weekday daytime source, round-the-clock demand well above the daily cap.
        let servable = vec![2000.0; HOURS_PER_YEAR];
        let cal = crate::calendar::Calendar::new(2023, true);
        let available: Vec<f64> = (0..HOURS_PER_YEAR)
            .map(|t| {
                let day = &cal.days[t / 24];
                let h = t % 24;
                if day.day_type == crate::calendar::DayType::Weekday && (8..20).contains(&h) {
                    3000.0
                } else {
                    0.0
                }
            })
            .collect();
        let p = plan(&d, &servable, &available, &mr, None, None, rules());
        assert_eq!(p.design_deliveries_per_day, 8);
        assert_eq!(p.drivers, 2);
        let per_container = |n: u32| {
            let q = FleetPlan {
                containers: n,
                ..p.clone()
            };
            simulate(&d, &q, &servable, &available, rules()).deliveries() as f64 / n as f64
        };
        let floor = d.min_deliveries_per_container_yr.value;
        assert!(per_container(p.containers) >= floor);
        for n in p.containers + 1..=16 {
            assert!(
                per_container(n) < floor,
                "{n} containers would still be busy"
            );
        }
    }

    #[test]
    fn fleet_follows_the_peak_month_and_no_demand_means_no_trips() {
        let d = data();
        let mr = month_ranges();
        // 250 kW all day in January only: 6 MWh/day → 4 deliveries → 1 driver.
        let mut servable = vec![0.0; HOURS_PER_YEAR];
        servable[..mr[0].1].iter_mut().for_each(|v| *v = 250.0);
        let available = vec![5000.0; HOURS_PER_YEAR];
        let p = plan(&d, &servable, &available, &mr, None, None, rules());
        assert_eq!(p.design_deliveries_per_day, 4);
        assert_eq!(p.drivers, 1);
        // January alone keeps no container busy all year: the smallest fleet tried,
        // one container per 3 daily deliveries.
        assert_eq!(p.containers, 2);
        let run = simulate(&d, &p, &servable, &available, rules());
        let after_jan: u32 = run.deliveries_by_day[32..].iter().sum();
        assert_eq!(after_jan, 0, "no demand, no deliveries");
        let served: f64 = run.discharged_kw[..mr[0].1].iter().sum();
        let wanted: f64 = servable.iter().sum();
        assert!(
            served > 0.4 * wanted && served < wanted,
            "{served} of {wanted}"
        );
    }

    #[test]
    fn a_scheduled_fleet_swaps_containers_and_makes_no_collection_trips() {
        let d = data();
        // 200 kW all day: 4.8 MWh a day, about 3.2 containers; the plan sends 3 a day.
        let servable = vec![200.0; HOURS_PER_YEAR];
        let available = vec![600.0; HOURS_PER_YEAR];
        let schedule = vec![3u32; HOURS_PER_YEAR / 24];
        let swap = Rules {
            roster: [0, 24],
            swap: true,
            schedule: Some(&schedule),
        };
        let p = FleetPlan {
            containers: 2,
            drivers: 1,
            design_deliveries_per_day: 3,
            daily_cap: 8,
            capacity_kwh: d.capacity_kwh.value,
        };
        let run = simulate(&d, &p, &servable, &available, swap);
        assert_eq!(
            run.collection_trips, 0,
            "every trip carries a full one out and one back"
        );
        assert_eq!(run.deliveries() + run.missed_deliveries, 3 * 365);
        assert!(
            run.missed_deliveries < 10,
            "two containers turn three deliveries a day: {}",
            run.missed_deliveries
        );
        // Departures spread over the day (every 8 h), at any hour of a 24-h roster.
        assert!(run.departures_by_hour[0] > 300 && run.departures_by_hour[16] > 300);
        // Heat delivered ≤ three containers a day, and less than the 4.8 MWh needed.
        let out: f64 = run.discharged_kw.iter().sum();
        assert!(out <= 3.0 * 365.0 * d.capacity_kwh.value + 2.0 * d.capacity_kwh.value);
        assert!(out < servable.iter().sum::<f64>());
        // Collecting only empties, the same plan needs extra round trips in a day roster.
        let collect = Rules {
            roster: d.operating_hours.value,
            swap: false,
            schedule: None,
        };
        let jit = simulate(
            &d,
            &FleetPlan {
                containers: 4,
                ..p.clone()
            },
            &servable,
            &available,
            collect,
        );
        assert!(jit.collection_trips > 0);
    }
}
