#!/usr/bin/env python3
"""Design the built-in hourly load shapes of kukaku (src/data/profiles.yaml).

The DHC handbook (地域冷暖房技術手引書, 2002; loads.md §4–§6) published its hourly and
monthly curves only as charts, with statistics per use and carrier: the design-day peak and
daily load factor (DLF), the annual energy, full-load hours and annual load factor (ALF),
the within-use combined columns (heating + hot water, cooling + electricity) and timing
facts (office heating peaks at 09:00, hotel heating at 17:00, housing at night, medical
flat, offices idle on Sundays).

This script turns hand-drawn *templates* into shapes that reproduce those statistics:

* Each use × carrier has a weekday template of the design season (24 values, index h =
  h:00–h+1:00; Japanese tables label an hour by its end, so "09:00" is index 8), Saturday
  and Sunday/holiday templates, optional templates for the other season, and a template of
  12 monthly factors. The templates carry the timing: they are drawn from the handbook's
  shape facts and from ordinary Japanese operating hours (offices 9–18, shops 10–20,
  hotel check-in in the late afternoon and baths at night, hospital outpatients in the
  morning and inpatient baths late morning, apartments in the morning and evening).
* One exponent k per use × carrier (s = template^k) brings the design-day DLF to the
  published value without moving the peak hour; k is printed so a large reshaping is
  visible. The same k is applied to that carrier's other day types and seasons.
* One exponent γ on the monthly template (f = m^γ, design month = 1) brings the
  full-load hours (annual energy ÷ design-day peak) to the published value, so the
  annual energy and the design-day peak are met together.

Run `python3 tools/design_profiles.py` to print the check table, the Case 1 district
composition of district-a.md §6 and the pairwise mixing table;
`python3 tools/design_profiles.py --write` rewrites src/data/profiles.yaml.
tests/profiles.rs re-checks every statistic in Rust; this script is not needed to build.
Pure Python 3 (no third-party packages).
"""

import datetime
import itertools
import sys

YEAR = 2023
MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
WINTER = [11, 12, 1, 2, 3, 4]  # loads.md §6: heating season November–April
SUMMER = [5, 6, 7, 8, 9, 10]  # cooling season May–October
SEASONS = {
    "winter": (WINTER, "loads.md §6: heating season November–April"),
    "summer": (SUMMER, "loads.md §6: cooling season May–October"),
    # Night-time cooling of wards, guest rooms and halls only in the hot months.
    "midsummer": ([7, 8, 9], "hot months with night-time cooling (Japanese climate, July–September)"),
    "not_midsummer": ([1, 2, 3, 4, 5, 6, 10, 11, 12], "the other months"),
}
CARRIERS = ["heating", "hot_water", "cooling", "electricity"]
DESIGN_MONTH = {"heating": 1, "hot_water": 1, "cooling": 8, "electricity": 8}


# ----------------------------------------------------------------------------- calendar
# Mirrors src/calendar.rs: Japanese national holidays, substitute and citizens' holidays,
# year-end break 29 Dec – 3 Jan counted as holidays.

def nth_monday(year, month, n):
    first = datetime.date(year, month, 1).weekday()
    return 1 + (7 - first) % 7 + 7 * (n - 1)


def equinoxes(year):
    y = year - 1980
    return (int(20.8431 + 0.242194 * y - y // 4), int(23.2488 + 0.242194 * y - y // 4))


def day_types(year=YEAR):
    v, a = equinoxes(year)
    hol = {
        (1, 1), (1, nth_monday(year, 1, 2)), (2, 11), (2, 23), (3, v), (4, 29), (5, 3),
        (5, 4), (5, 5), (7, nth_monday(year, 7, 3)), (8, 11), (9, nth_monday(year, 9, 3)),
        (9, a), (10, nth_monday(year, 10, 2)), (11, 3), (11, 23),
    }
    days = []
    for m in range(1, 13):
        for d in range(1, MONTH_DAYS[m - 1] + 1):
            days.append([m, d, datetime.date(year, m, d).weekday(), (m, d) in hol])
    for i, (m, d, wd, h) in enumerate(days):
        if h and wd == 6:
            j = i + 1
            while j < len(days) and days[j][3]:
                j += 1
            if j < len(days):
                days[j][3] = True
    for i in range(1, len(days) - 1):
        if not days[i][3] and days[i][2] != 6 and days[i - 1][3] and days[i + 1][3]:
            days[i][3] = True
    out = []
    for m, d, wd, h in days:
        brk = (m == 12 and d >= 29) or (m == 1 and d <= 3)
        if h or wd == 6 or brk:
            t = "holiday"
        elif wd == 5:
            t = "saturday"
        else:
            t = "weekday"
        out.append((m, t))
    return out


CAL = day_types()


# ----------------------------------------------------------------------------- published
# loads.md §4 (design-day peak kWh/h per 10,000 m² and DLF) and §5 (annual MWh per
# 10,000 m², ALF truncated to whole percent). Annual cooling/electricity not printed in §5
# are peak × 8,760 × (ALF + 0.5 point) (the truncated ALF is up to 1 point low), except
# where the Cogeneration Planning Manual (§2) gives a value consistent with the ALF.
PUB = {
    "office": {
        "heating": (511, 0.246, 360, 0.08), "hot_water": (31, 0.155, 26, 0.09),
        "cooling": (862, 0.390, 814, 0.10), "electricity": (388, 0.533, 1560, 0.45)},
    "retail": {
        "heating": (727, 0.247, 407, 0.06), "hot_water": (113, 0.243, 267, 0.26),
        "cooling": (1093, 0.372, 1453, 0.15), "electricity": (604, 0.448, 2260, 0.42)},
    "hotel": {
        "heating": (446, 0.576, 930, 0.23), "hot_water": (273, 0.465, 930, 0.38),
        "cooling": (806, 0.480, 1163, 0.16), "electricity": (372, 0.752, 2000, 0.61)},
    "medical": {
        "heating": (785, 0.405, 860, 0.12), "hot_water": (287, 0.414, 930, 0.36),
        "cooling": (948, 0.604, 930, 0.11), "electricity": (334, 0.688, 1700, 0.58)},
    "sports": {
        "heating": (401, 0.539, 942, 0.26), "hot_water": (289, 0.530, 1017, 0.40),
        "cooling": (538, 0.638, 942, 0.19), "electricity": (501, 0.645, 2480, 0.56)},
    "housing": {
        "heating": (248, 0.488, 389, 0.17), "hot_water": (322, 0.328, 703, 0.24),
        "cooling": (211, 0.501, 194, 0.10), "electricity": (125, 0.584, 805, 0.73)},
}
PUB_SOURCE = {
    "heating": "loads.md §4 (peak, DLF), §5 (annual, ALF)",
    "hot_water": "loads.md §4 (peak, DLF), §5 (annual, ALF)",
}
COMBINED = {  # loads.md §4: (peak, DLF) of the within-use hourly sums
    "office": {"heating_hot_water": (513, 0.254), "cooling_electricity": (1247, 0.435)},
    "retail": {"heating_hot_water": (736, 0.281), "cooling_electricity": (1697, 0.399)},
    "hotel": {"heating_hot_water": (575, 0.667), "cooling_electricity": (1158, 0.576)},
    "medical": {"heating_hot_water": (1002, 0.436), "cooling_electricity": (1274, 0.630)},
    "sports": {"heating_hot_water": (612, 0.604), "cooling_electricity": (1027, 0.648)},
    "housing": {"heating_hot_water": (571, 0.413), "cooling_electricity": (334, 0.557)},
}


def annual_source(use, carrier):
    if carrier in ("heating", "hot_water"):
        return "loads.md §5 annual table"
    if (use, carrier) in (("office", "cooling"), ("office", "electricity"), ("sports", "cooling")):
        return "loads.md §5 known annual values"
    if use in ("retail", "hotel", "medical") or (use, carrier) == ("housing", "cooling"):
        if use == "housing":
            return "peak × 8,760 × (truncated ALF + 0.5 point), loads.md §5"
        return ("Cogeneration Planning Manual value (loads.md §2), consistent with the "
                "truncated ALF of loads.md §5")
    return "peak × 8,760 × (truncated ALF + 0.5 point), loads.md §5"


# ----------------------------------------------------------------------------- templates
def hours(spec, default=0.0):
    """24 values from {hour index or (first, last): value}."""
    v = [default] * 24
    for k, x in spec.items():
        if isinstance(k, tuple):
            for h in range(k[0], k[1] + 1):
                v[h] = x
        else:
            v[k] = x
    return v


def scale(v, f):
    return [x * f for x in v]


def blend(a, b, wa):
    return [wa * x + (1 - wa) * y for x, y in zip(a, b)]


# Monthly templates, January first. Heating falls to zero in the cooling season for
# day-time buildings; hotels, hospitals and sports halls keep some reheat and pool heat.
M_HEAT_DAY = [1.0, 0.95, 0.7, 0.3, 0.04, 0, 0, 0, 0, 0.04, 0.3, 0.75]
M_HEAT_24H = [1.0, 0.96, 0.78, 0.48, 0.22, 0.1, 0.06, 0.05, 0.08, 0.22, 0.5, 0.82]
M_HEAT_HOME = [1.0, 0.95, 0.72, 0.35, 0.08, 0, 0, 0, 0, 0.06, 0.35, 0.78]
# Hot water: feed-water temperature and bathing habits, winter high, summer low.
M_HW = [1.0, 0.98, 0.92, 0.84, 0.74, 0.66, 0.6, 0.58, 0.62, 0.72, 0.84, 0.94]
M_HW_HOME = [1.0, 0.98, 0.9, 0.78, 0.66, 0.56, 0.48, 0.45, 0.5, 0.64, 0.8, 0.93]
# Cooling: interior zones of large commercial buildings keep a small winter cooling load.
M_COOL_COM = [0.06, 0.06, 0.1, 0.18, 0.38, 0.62, 0.9, 1.0, 0.8, 0.42, 0.15, 0.07]
M_COOL_24H = [0.1, 0.1, 0.14, 0.22, 0.4, 0.64, 0.9, 1.0, 0.82, 0.46, 0.2, 0.12]
M_COOL_HOME = [0, 0, 0, 0, 0.12, 0.45, 0.85, 1.0, 0.6, 0.1, 0, 0]
# Electricity (lighting and power, cooling excluded): small variation, summer high.
M_ELEC_COM = [0.93, 0.93, 0.92, 0.9, 0.9, 0.93, 0.98, 1.0, 0.96, 0.91, 0.9, 0.93]
M_ELEC_HOME = [1.0, 1.0, 0.98, 0.93, 0.9, 0.9, 0.96, 1.0, 0.94, 0.9, 0.94, 1.0]

T = {}

# --- Office (業務): daytime type; offices work 9–18 on weekdays, partly on Saturdays and
# are idle on Sundays and holidays (loads.md §6). Heating peaks at the 09:00 warm-up.
wd = hours({6: 0.08, 7: 0.55, 8: 1.0, 9: 0.72, 10: 0.52, 11: 0.42, 12: 0.34, 13: 0.34,
            14: 0.3, 15: 0.28, 16: 0.26, 17: 0.22, 18: 0.12, 19: 0.06})
T["office", "heating"] = dict(
    monthly=M_HEAT_DAY,
    days={"all": (wd, scale(hours({7: 0.4, 8: 0.7, 9: 0.5, 10: 0.35, 11: 0.3, 12: 0.2,
                                   13: 0.1}), 0.9), hours({8: 0.05, 9: 0.05}))},
    note="warm-up peak at 09:00 (index 8), internal gains cut the afternoon load")
wd = hours({7: 0.08, 8: 0.3, 9: 0.28, 10: 0.25, 11: 0.42, 12: 1.0, 13: 0.62, 14: 0.28,
            15: 0.32, 16: 0.26, 17: 0.3, 18: 0.14, 19: 0.05})
T["office", "hot_water"] = dict(
    monthly=M_HW,
    days={"all": (wd, hours({8: 0.15, 9: 0.15, 10: 0.15, 11: 0.25, 12: 0.45, 13: 0.2}),
                  hours({})), },
    note="kitchenettes and washrooms: lunch peak, small morning and evening use")
wd = hours({7: 0.25, 8: 0.8, 9: 0.78, 10: 0.84, 11: 0.9, 12: 0.86, 13: 0.95, 14: 1.0,
            15: 0.98, 16: 0.93, 17: 0.78, 18: 0.4, 19: 0.24, 20: 0.14, 21: 0.06})
T["office", "cooling"] = dict(
    monthly=M_COOL_COM,
    days={"all": (wd, blend(wd, hours({}), 0.4), scale(wd, 0.06))},
    note="pull-down at 09:00, peak in the afternoon with solar and internal gains")
wd = hours({(0, 7): 0.3, 8: 0.5, 9: 0.88, 10: 1.0, 11: 1.0, 12: 0.8, 13: 0.95, 14: 1.0,
            15: 1.0, 16: 0.92, 17: 0.7, 18: 0.45, 19: 0.36, 20: 0.32, (21, 23): 0.3})
T["office", "electricity"] = dict(
    monthly=M_ELEC_COM, floor=0.3,
    days={"all": (wd, blend(wd, hours({}, 0.3), 0.45), hours({}, 0.3))},
    note="lighting and office equipment 9–18 with a lunch dip; night base load")

# --- Retail (商業): daytime type like offices; shops open 10–20 every day, busier at
# weekends. Heating is the pre-opening warm-up; hot water serves restaurants and cleaning.
wd = hours({6: 0.15, 7: 0.62, 8: 1.0, 9: 0.88, 10: 0.62, 11: 0.46, 12: 0.36, 13: 0.3,
            14: 0.28, 15: 0.28, 16: 0.3, 17: 0.3, 18: 0.26, 19: 0.2, 20: 0.08})
T["retail", "heating"] = dict(
    monthly=M_HEAT_DAY,
    days={"all": (wd, wd, blend(wd, hours({}), 0.95))},
    note="pre-opening warm-up peak at 09:00, customers and lighting heat the afternoon")
wd = hours({8: 0.06, 9: 0.2, 10: 0.4, 11: 0.75, 12: 1.0, 13: 0.8, 14: 0.5, 15: 0.45,
            16: 0.5, 17: 0.68, 18: 0.85, 19: 0.72, 20: 0.5, 21: 0.3, 22: 0.1})
we = hours({8: 0.08, 9: 0.3, 10: 0.6, 11: 0.9, 12: 1.0, 13: 0.98, 14: 0.9, 15: 0.85,
            16: 0.88, 17: 0.95, 18: 1.0, 19: 0.92, 20: 0.7, 21: 0.4, 22: 0.12})
T["retail", "hot_water"] = dict(
    monthly=M_HW,
    days={"all": (wd, we, we)},
    note="restaurant lunch and dinner peaks, after-hours cleaning; busier weekends")
wd = hours({8: 0.18, 9: 0.5, 10: 0.62, 11: 0.72, 12: 0.82, 13: 0.92, 14: 1.0, 15: 0.98,
            16: 0.92, 17: 0.84, 18: 0.74, 19: 0.6, 20: 0.22, 21: 0.06})
T["retail", "cooling"] = dict(
    monthly=M_COOL_COM,
    days={"all": (wd, wd, wd)},
    note="pre-cooling before 10:00 opening, afternoon peak, closes 20:00")
wd = hours({(0, 7): 0.12, 8: 0.2, 9: 0.5, 10: 0.85, 11: 0.95, 12: 0.98, (13, 17): 1.0,
            18: 0.92, 19: 0.6, 20: 0.25, 21: 0.15, (22, 23): 0.12})
T["retail", "electricity"] = dict(
    monthly=M_ELEC_COM, floor=0.12,
    days={"all": (wd, wd, wd)},
    note="sales-floor lighting 10–20 every day, refrigeration base load at night")

# --- Hotel (宿泊): flat, high load factors, small monthly variation (loads.md §6).
# Heating peaks at 17:00 (guests check in, banquets); baths in the evening and morning.
wd = hours({(0, 4): 0.52, 5: 0.56, 6: 0.66, 7: 0.72, 8: 0.66, 9: 0.56, (10, 13): 0.5,
            14: 0.56, 15: 0.72, 16: 1.0, 17: 0.9, 18: 0.84, 19: 0.78, 20: 0.74, 21: 0.7,
            22: 0.64, 23: 0.58})
T["hotel", "heating"] = dict(
    monthly=M_HEAT_24H,
    days={"all": (wd, wd, wd)},
    note="peak at 17:00 (index 16) with check-in and banquets; rooms heated all night")
wd = hours({0: 0.42, 1: 0.22, 2: 0.12, 3: 0.1, 4: 0.12, 5: 0.3, 6: 0.72, 7: 0.9, 8: 0.7,
            9: 0.45, 10: 0.35, 11: 0.4, 12: 0.45, 13: 0.35, 14: 0.3, 15: 0.35, 16: 0.45,
            17: 0.55, 18: 0.65, 19: 0.78, 20: 0.9, 21: 1.0, 22: 0.9, 23: 0.68})
T["hotel", "hot_water"] = dict(
    monthly=M_HW,
    days={"all": (wd, wd, wd)},
    note="guest baths at night and in the morning, kitchen at meal times")
wd = hours({(0, 5): 0.34, 6: 0.38, 7: 0.46, 8: 0.55, 9: 0.64, 10: 0.74, 11: 0.84, 12: 0.91,
            13: 0.97, 14: 1.0, 15: 0.98, 16: 0.93, 17: 0.86, 18: 0.78, 19: 0.7, 20: 0.62,
            21: 0.54, 22: 0.46, 23: 0.4})
off = [max(0.0, x - 0.3 * max(0.0, 1 - abs(h - 3) / 9)) for h, x in enumerate(wd)]
off = [min(a, b) for a, b in zip(off, hours({(0, 5): 0.1, 6: 0.14, 7: 0.25, 22: 0.3, 23: 0.2}, 1.0))]
T["hotel", "cooling"] = dict(
    monthly=M_COOL_24H,
    days={"midsummer": (wd, wd, wd), "not_midsummer": (off, off, off)},
    note="public areas and banquets by day, guest rooms through the night in July–September")
wd = hours({(0, 4): 0.56, 5: 0.6, 6: 0.7, 7: 0.78, 8: 0.8, 9: 0.8, 10: 0.84, 11: 0.9,
            12: 0.95, 13: 0.95, 14: 0.95, 15: 0.93, 16: 0.94, 17: 0.98, 18: 1.0, 19: 1.0,
            20: 0.97, 21: 0.9, 22: 0.8, 23: 0.68})
T["hotel", "electricity"] = dict(
    monthly=M_ELEC_COM,
    days={"all": (wd, wd, wd)},
    note="restaurants and banquets by day, guest rooms in the evening")

# --- Medical (医療; hospital, geriatric health facility 老健): flat type (loads.md §6).
# Wards run day and night; outpatients and treatment 9–17 on weekdays, half on Saturday.
wd = hours({(0, 4): 0.3, 5: 0.34, 6: 0.44, 7: 0.72, 8: 1.0, 9: 0.96, 10: 0.88, 11: 0.8,
            12: 0.72, 13: 0.68, 14: 0.64, 15: 0.6, 16: 0.55, 17: 0.48, 18: 0.42, 19: 0.38,
            20: 0.36, 21: 0.34, 22: 0.32, 23: 0.31})
sat = blend(wd, hours({}, 0.34), 0.8)
T["medical", "heating"] = dict(
    monthly=M_HEAT_24H,
    days={"all": (wd, sat, blend(wd, hours({}, 0.34), 0.65))},
    note="wards heated all night, morning warm-up of outpatient areas at 09:00")
wd = hours({(0, 4): 0.12, 5: 0.2, 6: 0.45, 7: 0.62, 8: 0.8, 9: 0.9, 10: 0.98, 11: 1.0,
            12: 0.94, 13: 0.86, 14: 0.84, 15: 0.8, 16: 0.65, 17: 0.62, 18: 0.48, 19: 0.34,
            20: 0.26, 21: 0.2, 22: 0.16, 23: 0.13})
T["medical", "hot_water"] = dict(
    monthly=M_HW,
    days={"all": (wd, blend(wd, hours({}, 0.2), 0.85), blend(wd, hours({}, 0.2), 0.75))},
    note="kitchen at meal times (lunch peak), patients' baths late morning and afternoon")
wd = hours({(0, 5): 0.48, 6: 0.52, 7: 0.6, 8: 0.76, 9: 0.86, 10: 0.92, 11: 0.96, 12: 0.97,
            13: 0.99, 14: 1.0, 15: 0.98, 16: 0.93, 17: 0.84, 18: 0.74, 19: 0.66, 20: 0.6,
            21: 0.55, 22: 0.52, 23: 0.5})
off = [min(a, b) for a, b in zip(wd, hours({(0, 5): 0.12, 6: 0.18, 7: 0.35, 20: 0.4,
                                             21: 0.28, 22: 0.2, 23: 0.15}, 1.0))]
T["medical", "cooling"] = dict(
    monthly=M_COOL_24H,
    days={"midsummer": (wd, blend(wd, hours({}, 0.5), 0.8), blend(wd, hours({}, 0.5), 0.6)),
          "not_midsummer": (off, blend(off, hours({}, 0.12), 0.8),
                            blend(off, hours({}, 0.12), 0.6))},
    note="wards cooled day and night in July–September, otherwise outpatient areas by day")
wd = hours({(0, 5): 0.55, 6: 0.6, 7: 0.7, 8: 0.86, 9: 0.97, 10: 1.0, 11: 1.0, 12: 0.96,
            13: 0.98, 14: 0.99, 15: 0.96, 16: 0.9, 17: 0.8, 18: 0.72, 19: 0.67, 20: 0.64,
            21: 0.6, 22: 0.57, 23: 0.56})
T["medical", "electricity"] = dict(
    monthly=M_ELEC_COM,
    days={"all": (wd, blend(wd, hours({}, 0.55), 0.6), blend(wd, hours({}, 0.55), 0.4))},
    note="treatment and outpatients 9–17, wards and equipment day and night")

# --- Sports (スポーツ): flat type with the highest load factors; open 9–21, pool heat.
wd = hours({(0, 5): 0.34, 6: 0.44, 7: 0.72, 8: 1.0, 9: 0.9, 10: 0.82, 11: 0.77, 12: 0.72,
            13: 0.7, 14: 0.7, 15: 0.7, 16: 0.72, 17: 0.75, 18: 0.75, 19: 0.7, 20: 0.6,
            21: 0.46, 22: 0.38, 23: 0.35})
T["sports", "heating"] = dict(
    monthly=M_HEAT_24H,
    days={"all": (wd, wd, wd)},
    note="hall warm-up before 09:00 opening, pool and hall heat through the day")
wd = hours({(0, 5): 0.22, 6: 0.34, 7: 0.62, 8: 0.82, 9: 0.84, 10: 0.82, 11: 0.8, 12: 0.8,
            13: 0.76, 14: 0.76, 15: 0.8, 16: 0.86, 17: 0.92, 18: 0.96, 19: 1.0, 20: 0.95,
            21: 0.7, 22: 0.36, 23: 0.26})
T["sports", "hot_water"] = dict(
    monthly=M_HW,
    days={"all": (wd, wd, wd)},
    note="showers through the day, evening peak after work; pool make-up water")
wd = hours({(0, 5): 0.38, 6: 0.42, 7: 0.55, 8: 0.72, 9: 0.84, 10: 0.9, 11: 0.94, 12: 0.96,
            13: 0.99, 14: 1.0, 15: 0.99, 16: 0.97, 17: 0.94, 18: 0.9, 19: 0.86, 20: 0.78,
            21: 0.6, 22: 0.46, 23: 0.4})
off = [min(a, b) for a, b in zip(wd, hours({(0, 5): 0.08, 6: 0.12, 7: 0.3, 22: 0.25,
                                             23: 0.12}, 1.0))]
T["sports", "cooling"] = dict(
    monthly=M_COOL_24H,
    days={"midsummer": (wd, wd, wd), "not_midsummer": (off, off, off)},
    note="halls and pool hall cooled through opening hours")
wd = hours({(0, 5): 0.4, 6: 0.44, 7: 0.56, 8: 0.76, 9: 0.88, 10: 0.93, 11: 0.96, 12: 0.97,
            13: 0.99, 14: 1.0, 15: 0.99, 16: 0.98, 17: 0.97, 18: 0.97, 19: 0.95, 20: 0.88,
            21: 0.68, 22: 0.5, 23: 0.42})
T["sports", "electricity"] = dict(
    monthly=M_ELEC_COM,
    days={"all": (wd, wd, wd)},
    note="lighting and pool plant through opening hours")

# --- Apartment housing (集合住宅): night type (loads.md §6). Morning and a larger evening
# peak; hot water peaks at bath time; weekends are occupied through the day.
wd = hours({0: 0.42, 1: 0.3, 2: 0.24, 3: 0.22, 4: 0.22, 5: 0.3, 6: 0.56, 7: 0.74, 8: 0.62,
            9: 0.44, 10: 0.34, 11: 0.3, 12: 0.32, 13: 0.3, 14: 0.3, 15: 0.32, 16: 0.4,
            17: 0.58, 18: 0.78, 19: 0.93, 20: 1.0, 21: 0.96, 22: 0.8, 23: 0.6})
we = blend(wd, hours({(9, 17): 0.55}), 0.6)
we = [max(a, b) for a, b in zip(wd, we)]
T["housing", "heating"] = dict(
    monthly=M_HEAT_HOME,
    days={"all": (wd, we, we)},
    note="morning and evening living-room heating, peak at bedtime preparation")
wd = hours({0: 0.36, 1: 0.14, 2: 0.06, 3: 0.05, 4: 0.05, 5: 0.1, 6: 0.36, 7: 0.5, 8: 0.34,
            9: 0.24, 10: 0.2, 11: 0.24, 12: 0.3, 13: 0.2, 14: 0.15, 15: 0.18, 16: 0.26,
            17: 0.46, 18: 0.68, 19: 0.86, 20: 1.0, 21: 0.98, 22: 0.8, 23: 0.56})
we = blend(wd, hours({(9, 17): 0.36}), 0.7)
we = [max(a, b) for a, b in zip(wd, we)]
T["housing", "hot_water"] = dict(
    monthly=M_HW_HOME,
    days={"all": (wd, we, we)},
    note="bath time 19–22 (peak 20:00–21:00), morning washing, cooking")
wd = hours({0: 0.66, 1: 0.56, 2: 0.5, 3: 0.46, 4: 0.42, 5: 0.38, 6: 0.36, 7: 0.34, 8: 0.3,
            9: 0.28, 10: 0.3, 11: 0.34, 12: 0.38, 13: 0.42, 14: 0.44, 15: 0.45, 16: 0.5,
            17: 0.6, 18: 0.76, 19: 0.9, 20: 1.0, 21: 0.96, 22: 0.88, 23: 0.76})
T["housing", "cooling"] = dict(
    monthly=M_COOL_HOME,
    days={"all": (wd, [max(a, b) for a, b in zip(wd, hours({(10, 17): 0.6}))],
                  [max(a, b) for a, b in zip(wd, hours({(10, 17): 0.6}))])},
    note="evening and night cooling of living rooms and bedrooms")
wd_s = hours({0: 0.5, 1: 0.4, 2: 0.36, 3: 0.34, 4: 0.34, 5: 0.38, 6: 0.56, 7: 0.66, 8: 0.56,
              9: 0.46, 10: 0.42, 11: 0.44, 12: 0.48, 13: 0.44, 14: 0.42, 15: 0.44, 16: 0.52,
              17: 0.66, 18: 0.82, 19: 0.94, 20: 1.0, 21: 0.97, 22: 0.86, 23: 0.68})
we_s = [max(a, b) for a, b in zip(wd_s, hours({(8, 17): 0.7}))]
wd_w = [0.7 + 0.3 * x for x in wd_s]
we_w = [max(a, b) for a, b in zip(wd_w, hours({(8, 18): 0.92}))]
T["housing", "electricity"] = dict(
    monthly=M_ELEC_HOME,
    floor=0.3,
    days={"summer": (wd_s, we_s, we_s), "winter": (scale(wd_w, 0.97), scale(we_w, 0.97),
                                                   scale(we_w, 0.97))},
    note="evening peak; winter days carry longer lighting and appliance use")


# ----------------------------------------------------------------------------- machinery
def day_sets(tpl):
    """{month: (weekday, saturday, holiday)} of a template."""
    out = {}
    for season, shapes in tpl["days"].items():
        months = range(1, 13) if season == "all" else SEASONS[season][0]
        for m in months:
            out[m] = shapes
    return out


def reshape(x, k, floor):
    """Raise the part of a value above `floor` (relative to 1 - floor) to the power k."""
    if x <= floor:
        return x
    return floor + (1 - floor) * ((x - floor) / (1 - floor)) ** k


def shaped(tpl, k):
    ds = day_sets(tpl)
    fl = tpl.get("floor", 0.0)
    return {m: tuple([reshape(x, k, fl) for x in s] for s in v) for m, v in ds.items()}


def dlf(day):
    p = max(day)
    return sum(day) / (24 * p) if p > 0 else 0.0


def bisect(f, lo, hi, target, n=80):
    """Solve f(x) = target for monotone f on [lo, hi]."""
    flo, fhi = f(lo), f(hi)
    inc = fhi > flo
    for _ in range(n):
        mid = 0.5 * (lo + hi)
        if (f(mid) < target) == inc:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def series(days, monthly):
    idx = {"weekday": 0, "saturday": 1, "holiday": 2}
    s = []
    for m, t in CAL:
        prof = days[m][idx[t]]
        f = monthly[m - 1]
        s.extend(x * f for x in prof)
    return s


def design_day_index(s, month):
    best, bp = None, -1
    for i, (m, t) in enumerate(CAL):
        if m == month and t == "weekday":
            p = max(s[24 * i:24 * i + 24])
            if p > bp:
                best, bp = i, p
    return best


def fit(use, carrier):
    tpl = T[use, carrier]
    peak, dlf_pub, annual, alf_pub = PUB[use][carrier]
    dm = DESIGN_MONTH[carrier]
    w = day_sets(tpl)[dm][0]
    top = max(w)
    fl = tpl.get("floor", 0.0)
    k = bisect(lambda k: dlf([reshape(x, k, fl) for x in w]), 0.2, 5.0, dlf_pub)
    days = shaped(tpl, k)
    top = reshape(top, k, fl)
    days = {m: tuple([x / top for x in s] for s in v) for m, v in days.items()}
    base = tpl["monthly"]
    flh_target = annual * 1000.0 / peak

    def flh(g):
        mon = [x ** g if x > 0 else 0.0 for x in base]
        s = series(days, mon)
        d = design_day_index(s, dm)
        return sum(s) / max(s[24 * d:24 * d + 24])

    g = bisect(flh, 0.02, 20.0, flh_target)
    mon = [x ** g if x > 0 else 0.0 for x in base]
    return dict(k=k, gamma=g, days=days, monthly=mon, flh_target=flh_target)


def unit_series(use, carrier, f, annual_mwh=None):
    """kW per 10,000 m² scaled to the handbook's annual energy (or `annual_mwh`)."""
    s = series(f["days"], f["monthly"])
    a = PUB[use][carrier][2] if annual_mwh is None else annual_mwh
    k = a * 1000.0 / sum(s)
    return [x * k for x in s]


def stats(s, month):
    d = design_day_index(s, month)
    day = s[24 * d:24 * d + 24]
    return dict(peak=max(day), dlf=dlf(day), annual=sum(s) / 1000, alf=sum(s) / (8760 * max(s)),
                hour=day.index(max(day)), annual_peak_on_design_day=abs(max(s) - max(day)) < 1e-9)


def main():
    write = "--write" in sys.argv
    fits = {}
    bad = 0
    print(f"{'use':8} {'carrier':11} {'k':>5} {'γ':>5} {'peak':>6}/{'pub':<5} {'DLF':>5}/{'pub':<5}"
          f" {'MWh':>6}/{'pub':<5} {'ALF':>5}/{'pub':<4} hr")
    for use in PUB:
        for c in CARRIERS:
            f = fit(use, c)
            fits[use, c] = f
            s = unit_series(use, c, f)
            st = stats(s, DESIGN_MONTH[c])
            p, dl, an, al = PUB[use][c]
            ok = (abs(st["peak"] / p - 1) <= 0.05 and abs(st["dlf"] - dl) <= 0.03
                  and abs(st["annual"] / an - 1) <= 0.02 and abs(st["alf"] - al) <= 0.02
                  and 0 <= st["alf"] - al and st["annual_peak_on_design_day"])
            warn = "" if 0.5 <= f["k"] <= 2.0 else "  <-- template far from target"
            bad += not ok
            print(f"{use:8} {c:11} {f['k']:5.2f} {f['gamma']:5.2f} {st['peak']:6.0f}/{p:<5}"
                  f" {st['dlf']*100:5.1f}/{dl*100:<5.1f} {st['annual']:6.0f}/{an:<5}"
                  f" {st['alf']*100:5.1f}/{al*100:<4.0f} {st['hour']:2d}"
                  f"{'' if ok else '  FAIL'}{warn}")
    print("\ncombined columns (loads.md §4):")
    for use, groups in COMBINED.items():
        for gid, (p, dl) in groups.items():
            cs, m = (("heating", "hot_water"), 1) if gid == "heating_hot_water" else \
                (("cooling", "electricity"), 8)
            a = unit_series(use, cs[0], fits[use, cs[0]])
            b = unit_series(use, cs[1], fits[use, cs[1]])
            s = [x + y for x, y in zip(a, b)]
            st = stats(s, m)
            flag = "" if abs(st["peak"] / p - 1) <= 0.05 and abs(st["dlf"] / dl - 1) <= 0.05 else "  FAIL"
            bad += bool(flag)
            print(f"  {use:8} {gid:20} peak {st['peak']:6.0f}/{p:<5} DLF {st['dlf']*100:5.1f}/{dl*100:.1f}{flag}")

    # district-a.md §6 Case 1 composition: office 42,000, retail 42,000, medical 48,000 at
    # the handbook values, housing added at its per-10,000 m² value (the study's erratum).
    print("\nCase 1 composition (district-a.md §6; housing at 10,000 m² as published):")
    comp = {"office": 4.2, "retail": 4.2, "medical": 4.8, "housing": 1.0}
    pub = {"heating": (9152, 9224, 0.320, 0.09), "hot_water": (1958, 2307, 0.417, 0.37),
           "cooling": (None, None, None, 0.12), "electricity": (None, None, None, 0.48)}
    for c in CARRIERS:
        tot = [0.0] * 8760
        sum_p = 0.0
        for u, n in comp.items():
            s = unit_series(u, c, fits[u, c])
            sum_p += n * max(s)
            tot = [t + n * x for t, x in zip(tot, s)]
        st = stats(tot, DESIGN_MONTH[c])
        pp, ps, pd, pa = pub[c]
        print(f"  {c:11} peak {max(tot):7.0f} (pub {pp}) Σ {sum_p:7.0f} (pub {ps}) "
              f"CF {max(tot)/sum_p*100:5.1f} DLF {st['dlf']*100:5.1f} (pub {pd}) "
              f"ALF {st['alf']*100:5.1f} (pub {pa})")

    print("\npairwise CF at 10,000 m² each (heating / hot water / cooling / electricity):")
    for a, b in itertools.combinations(PUB, 2):
        row = []
        for c in CARRIERS:
            sa = unit_series(a, c, fits[a, c])
            sb = unit_series(b, c, fits[b, c])
            s = [x + y for x, y in zip(sa, sb)]
            row.append(f"{max(s)/(max(sa)+max(sb))*100:5.1f}")
        print(f"  {a:8}+{b:8} " + " ".join(row))

    if write:
        write_yaml(fits)
        print("\nwrote src/data/profiles.yaml")
    if bad:
        print(f"\n{bad} check(s) failed")
        sys.exit(1)


def fmt(v):
    return "[" + ", ".join(f"{x:.4f}".rstrip("0").rstrip(".") if x else "0" for x in v) + "]"


def write_yaml(fits):
    L = []
    L.append("# Built-in hourly load shapes (負荷パターン) of kukaku, per use × carrier.")
    L.append("#")
    L.append("# GENERATED by tools/design_profiles.py — edit the templates there, not this file.")
    L.append("# Sources: the DHC handbook (地域冷暖房技術手引書, Japan District Heating & Cooling")
    L.append("# Association, 2002, based on SHASE research on CGS design) published the hourly and")
    L.append("# monthly curves only as charts, with statistics per 10,000 m² (loads.md §4–§6). The")
    L.append("# shapes below were drawn from the handbook's shape facts and Japanese operating hours")
    L.append("# and reshaped (one exponent k on the day shapes, one exponent γ on the monthly")
    L.append("# factors, both recorded in `note`) to reproduce each `published` block: design-day")
    L.append("# peak, daily load factor, annual energy and annual load factor. tests/profiles.rs")
    L.append("# checks them and the within-use combined columns (`combined_published`).")
    L.append("#")
    L.append("# Model: load(hour) = annual energy × monthly[month] × day shape[season][day type][hour]")
    L.append("# ÷ (sum of that product over the reference year). Hour index h covers h:00–h+1:00.")
    L.append("# Day types: weekday, Saturday, Sunday/holiday (incl. 29 Dec – 3 Jan). Design days:")
    L.append("# January weekday for heating and hot water, August weekday for cooling and electricity.")
    L.append("version: 1")
    L.append("seasons:")
    for name, (months, why) in SEASONS.items():
        L.append(f"  {name}: {months}   # {why}")
    L.append("uses:")
    for use in PUB:
        L.append(f"  {use}:")
        for c in CARRIERS:
            f = fits[use, c]
            tpl = T[use, c]
            p, dl, an, al = PUB[use][c]
            L.append(f"    {c}:")
            L.append(f"      design_month: {DESIGN_MONTH[c]}")
            L.append(f"      monthly: {fmt(f['monthly'])}")
            L.append("      days:")
            for season in tpl["days"]:
                months = range(1, 13) if season == "all" else SEASONS[season][0]
                m = DESIGN_MONTH[c] if DESIGN_MONTH[c] in months else months[0]
                wd, sa, ho = f["days"][m]
                L.append(f"        - season: {season}")
                L.append(f"          weekday: {fmt(wd)}")
                L.append(f"          saturday: {fmt(sa)}")
                L.append(f"          holiday: {fmt(ho)}")
            L.append("      published:")
            L.append(f"        design_peak_kw_per_10000m2: {p}")
            L.append(f"        daily_load_factor: {dl}")
            L.append(f"        annual_mwh_per_10000m2: {an}")
            L.append(f"        annual_load_factor: {al}")
            L.append(f"        source: \"{PUB_SOURCE.get(c, 'loads.md §4 (peak, DLF), §5 (ALF)')}; "
                     f"annual: {annual_source(use, c)}\"")
            L.append(f"      note: \"{tpl['note']}; design: k = {f['k']:.3f}, γ = {f['gamma']:.3f}\"")
    L.append("")
    L.append("# loads.md §4: peak (kWh/h per 10,000 m²) and DLF of the within-use hourly sums.")
    L.append("combined_published:")
    for use, groups in COMBINED.items():
        L.append(f"  {use}:")
        for gid, (p, dl) in groups.items():
            L.append(f"    {gid}: {{ peak_kw_per_10000m2: {p}, daily_load_factor: {dl} }}")
    with open("src/data/profiles.yaml", "w") as fh:
        fh.write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
