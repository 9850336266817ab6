//! The reference year: 8760 hours, months, Japanese day types and design days.
//!
//! Day types follow the Japanese working pattern used by the DHC handbook load data
//! (loads.md §6): offices work on weekdays, partly on Saturdays and are idle on Sundays,
//! national holidays and the year-end/new-year break (年末年始, 29 Dec – 3 Jan).
//! National holidays follow the Act on National Holidays (国民の祝日に関する法律) as in force
//! since 2020: fixed days, Happy-Monday days, equinoxes by the astronomical approximation,
//! substitute holidays (振替休日) and the sandwiched citizens' holiday (国民の休日).

use serde::Serialize;

/// Hours in the (non-leap) reference year.
pub const HOURS_PER_YEAR: usize = 8760;
/// Days in the reference year.
pub const DAYS_PER_YEAR: usize = 365;
/// Days per month in a non-leap year.
pub const DAYS_IN_MONTH: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Day type of the load library (weekday / Saturday / Sunday-or-holiday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum DayType {
    /// Monday–Friday that is not a holiday.
    Weekday,
    /// Saturday that is not a holiday.
    Saturday,
    /// Sunday, national holiday, substitute holiday or year-end/new-year break.
    Holiday,
}

/// One day of the reference year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    /// Month 1..=12.
    pub month: u32,
    /// Day of month 1..=31.
    pub day_of_month: u32,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u32,
    /// Load-library day type.
    pub day_type: DayType,
    /// Name of the national holiday, if any.
    pub holiday_name: Option<&'static str>,
}

/// The reference year used for all hourly series.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// Calendar year the day types are taken from (29 Feb is dropped in leap years).
    pub year: i32,
    /// The 365 days in order.
    pub days: Vec<Day>,
    /// Whether 29 Dec – 3 Jan count as holidays (default true: Japanese business practice).
    pub year_end_break: bool,
}

/// Day of week for a Gregorian date, 0 = Monday … 6 = Sunday (Sakamoto's method).
pub fn weekday_of(year: i32, month: u32, day: u32) -> u32 {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let w = (y + y / 4 - y / 100 + y / 400 + T[(month - 1) as usize] + day as i32).rem_euclid(7);
    // w: 0 = Sunday
    ((w + 6) % 7) as u32
}

/// Day of month of the n-th Monday (n ≥ 1) of a month.
fn nth_monday(year: i32, month: u32, n: u32) -> u32 {
    let first = weekday_of(year, month, 1);
    let offset = (7 - first) % 7; // days until the first Monday
    1 + offset + 7 * (n - 1)
}

/// Vernal equinox day (March) by the standard approximation valid 1980–2099.
pub fn vernal_equinox_day(year: i32) -> u32 {
    let y = (year - 1980) as f64;
    (20.8431 + 0.242194 * y - (y / 4.0).floor()) as u32
}

/// Autumnal equinox day (September) by the standard approximation valid 1980–2099.
pub fn autumnal_equinox_day(year: i32) -> u32 {
    let y = (year - 1980) as f64;
    (23.2488 + 0.242194 * y - (y / 4.0).floor()) as u32
}

/// National holidays of a year as (month, day, name), before substitute holidays.
fn statutory_holidays(year: i32) -> Vec<(u32, u32, &'static str)> {
    let mut h = vec![
        (1, 1, "New Year's Day"),
        (1, nth_monday(year, 1, 2), "Coming of Age Day"),
        (2, 11, "National Foundation Day"),
        (3, vernal_equinox_day(year), "Vernal Equinox Day"),
        (4, 29, "Shōwa Day"),
        (5, 3, "Constitution Memorial Day"),
        (5, 4, "Greenery Day"),
        (5, 5, "Children's Day"),
        (7, nth_monday(year, 7, 3), "Marine Day"),
        (8, 11, "Mountain Day"),
        (9, nth_monday(year, 9, 3), "Respect for the Aged Day"),
        (9, autumnal_equinox_day(year), "Autumnal Equinox Day"),
        (10, nth_monday(year, 10, 2), "Sports Day"),
        (11, 3, "Culture Day"),
        (11, 23, "Labour Thanksgiving Day"),
    ];
    if year >= 2020 {
        h.push((2, 23, "Emperor's Birthday"));
    }
    h.sort();
    h
}

fn day_index(month: u32, day: u32) -> usize {
    DAYS_IN_MONTH[..(month - 1) as usize].iter().sum::<usize>() + (day - 1) as usize
}

impl Calendar {
    /// Build the reference calendar for `year` (29 Feb dropped in leap years so that every
    /// series has 8760 hours).
    pub fn new(year: i32, year_end_break: bool) -> Calendar {
        let mut names: Vec<Option<&'static str>> = vec![None; DAYS_PER_YEAR];
        for (m, d, name) in statutory_holidays(year) {
            names[day_index(m, d)] = Some(name);
        }
        let mut days = Vec::with_capacity(DAYS_PER_YEAR);
        for (mi, &n) in DAYS_IN_MONTH.iter().enumerate() {
            let month = mi as u32 + 1;
            for d in 1..=n as u32 {
                let weekday = weekday_of(year, month, d);
                days.push(Day {
                    month,
                    day_of_month: d,
                    weekday,
                    day_type: DayType::Weekday,
                    holiday_name: names[day_index(month, d)],
                });
            }
        }
        // Substitute holiday: a holiday on a Sunday moves to the next non-holiday day.
        for i in 0..DAYS_PER_YEAR {
            if days[i].holiday_name.is_some() && days[i].weekday == 6 {
                let mut j = i + 1;
                while j < DAYS_PER_YEAR && days[j].holiday_name.is_some() {
                    j += 1;
                }
                if j < DAYS_PER_YEAR {
                    days[j].holiday_name = Some("Substitute holiday");
                }
            }
        }
        // Citizens' holiday: a non-Sunday day between two holidays.
        for i in 1..DAYS_PER_YEAR - 1 {
            if days[i].holiday_name.is_none()
                && days[i].weekday != 6
                && days[i - 1].holiday_name.is_some()
                && days[i + 1].holiday_name.is_some()
            {
                days[i].holiday_name = Some("Citizens' holiday");
            }
        }
        for d in days.iter_mut() {
            let break_day = year_end_break
                && ((d.month == 12 && d.day_of_month >= 29)
                    || (d.month == 1 && d.day_of_month <= 3));
            d.day_type = if d.holiday_name.is_some() || d.weekday == 6 || break_day {
                DayType::Holiday
            } else if d.weekday == 5 {
                DayType::Saturday
            } else {
                DayType::Weekday
            };
        }
        Calendar {
            year,
            days,
            year_end_break,
        }
    }

    /// Month (1..=12) of an hour index 0..8760.
    pub fn month_of_hour(&self, hour: usize) -> u32 {
        self.days[hour / 24].month
    }

    /// First hour index of each month and the month's hour count.
    pub fn month_ranges(&self) -> [(usize, usize); 12] {
        let mut out = [(0, 0); 12];
        let mut start = 0;
        for (i, &n) in DAYS_IN_MONTH.iter().enumerate() {
            out[i] = (start, n * 24);
            start += n * 24;
        }
        out
    }

    /// Day indices (0..365) of the weekdays of a month: candidates for the design day.
    pub fn weekdays_of_month(&self, month: u32) -> impl Iterator<Item = usize> + '_ {
        self.days
            .iter()
            .enumerate()
            .filter(move |(_, d)| d.month == month && d.day_type == DayType::Weekday)
            .map(|(i, _)| i)
    }

    /// Count of days of each type: (weekday, saturday, holiday).
    pub fn day_type_counts(&self) -> (usize, usize, usize) {
        self.days
            .iter()
            .fold((0, 0, 0), |(w, s, h), d| match d.day_type {
                DayType::Weekday => (w + 1, s, h),
                DayType::Saturday => (w, s + 1, h),
                DayType::Holiday => (w, s, h + 1),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_known_dates() {
        assert_eq!(weekday_of(2023, 1, 1), 6); // Sunday
        assert_eq!(weekday_of(2024, 2, 29), 3); // Thursday
        assert_eq!(weekday_of(2000, 1, 1), 5); // Saturday
    }

    #[test]
    fn holidays_2023_match_cabinet_office_list() {
        let c = Calendar::new(2023, false);
        let names: Vec<(u32, u32)> = c
            .days
            .iter()
            .filter(|d| d.holiday_name.is_some())
            .map(|d| (d.month, d.day_of_month))
            .collect();
        // Cabinet Office list of 2023 national holidays (incl. the 2 Jan substitute day).
        let expected = vec![
            (1, 1),
            (1, 2),
            (1, 9),
            (2, 11),
            (2, 23),
            (3, 21),
            (4, 29),
            (5, 3),
            (5, 4),
            (5, 5),
            (7, 17),
            (8, 11),
            (9, 18),
            (9, 23),
            (10, 9),
            (11, 3),
            (11, 23),
        ];
        assert_eq!(names, expected);
    }

    #[test]
    fn citizens_holiday_2026_september() {
        // 2026: Respect for the Aged Day 21 Sep (Mon), Autumnal Equinox 23 Sep (Wed) → 22 Sep.
        let c = Calendar::new(2026, false);
        let d = c.days[day_index(9, 22)];
        assert_eq!(d.holiday_name, Some("Citizens' holiday"));
    }

    #[test]
    fn day_types_and_year_end_break() {
        let c = Calendar::new(2023, true);
        assert_eq!(c.days.len(), DAYS_PER_YEAR);
        assert_eq!(c.days[day_index(12, 29)].day_type, DayType::Holiday); // Friday
        assert_eq!(c.days[day_index(1, 4)].day_type, DayType::Weekday);
        assert_eq!(c.days[day_index(1, 7)].day_type, DayType::Saturday);
        let (w, s, h) = c.day_type_counts();
        assert_eq!(w + s + h, 365);
        assert_eq!(c.weekdays_of_month(1).next(), Some(day_index(1, 4)));
    }

    #[test]
    fn leap_year_drops_29_february() {
        let c = Calendar::new(2024, true);
        assert_eq!(c.days.len(), 365);
        assert_eq!(c.days[day_index(3, 1)].weekday, 4); // 1 Mar 2024 is a Friday
    }
}
