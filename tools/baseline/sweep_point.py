#!/usr/bin/env python3
"""Vectorised numpy baseline of one kukaku density-sweep point (issue 17).

Issue 17 measures kukaku against "a straightforward vectorised numpy version of the same
job". This script is that version: it reads kukaku's own data files (src/data/*.yaml) and a
case file with PyYAML once at start-up, then evaluates one point of a gross-FAR sweep of
an alternative the way an analyst would write it in numpy — whole 8760-h arrays, no Python
loop over hours:

  floor by use scaled to the FAR
  → hourly unit loads per use and carrier (profiles.yaml monthly factors × day shapes on
    the Japanese calendar with holidays and the year-end break, scaled to the annual
    intensities of the case's dataset, regional coefficients)
  → district loads and metrics (coincident peak, CF, design-day DLF, ALF per carrier)
  → individual building plants (chillers in list order, boilers, room ACs, pumps, towers)
  → DHC plant (coincident-peak sizing, electric-first dispatch, network losses and pumps,
    auxiliaries)
  → economics (cost curves, CRF, two-part tariffs, water, maintenance, staff → ¥/MJ).

The physics follows kukaku's main branch (src/load.rs, src/profile.rs, src/calendar.rs,
src/supply/individual.rs, src/supply/dhc.rs, src/supply/network.rs, src/econ.rs). Only
what a plain sweep of a plain alternative needs is implemented: no thermal storage, heat
pumps, unused-energy sources, build-up or subsidy scenarios, external buildings or
user-defined uses; the script stops with a message if the case asks for them.

Three timings are printed (mean ms per point over a FAR sweep):

  full              the whole chain above at every point (unit profiles re-synthesised);
  cached_profiles   unit profiles (kW per m²) built once per case, as any analyst would
                    notice they do not depend on the FAR; everything else per point;
  kukaku_equivalent also the building plants per m² of each use computed once and scaled
                    (they are linear in floor): exactly the per-point work of
                    `kukaku sweep` (src/sweep.rs evaluate_point, supply::UnitCache).

If the kukaku binary is found, the same sweep is timed with it in the same run and the
outputs of both are printed side by side.

Usage: python3 tools/baseline/sweep_point.py [--case landuse_cases/district_a.yaml]
       [--alternative base] [--points 200] [--kukaku target/release/kukaku]
Dependencies: numpy, pyyaml (see README.md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[2]
CARRIERS = ("heating", "hot_water", "cooling", "electricity")
HEAT, HW, COOL, ELEC = range(4)
DESIGN_MONTH = {HEAT: 1, HW: 1, COOL: 8, ELEC: 8}  # loads.md §1
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
HOURS = 8760
WEEKDAY, SATURDAY, HOLIDAY = range(3)
GRAVITY = 9.81  # m/s² (src/supply/data.rs)
WATER_KJ_PER_KG_K = 4.186
WATER_KJ_PER_M3_K = 4186.0


# ---------------------------------------------------------------------------------------
# Start-up (not timed): data files, case, calendar.
# ---------------------------------------------------------------------------------------


def v(x):
    """Value of a `{value, source}` entry (or a bare number)."""
    return x["value"] if isinstance(x, dict) else x


@dataclass
class Shape:
    """One use × carrier of profiles.yaml as arrays."""

    monthly: np.ndarray  # (12,) monthly factors, January first
    days: np.ndarray  # (season groups, 3 day types, 24 h)
    by_month: np.ndarray  # (12,) season group of each month


@dataclass
class Data:
    profiles: dict
    intensities: dict
    supply: dict
    shapes: dict  # (shape name, carrier id) → Shape


def load_data(data_dir: Path) -> Data:
    read = lambda name: yaml.safe_load((data_dir / name).read_text(encoding="utf-8"))
    profiles = read("profiles.yaml")
    shapes = {}
    for name, carriers in profiles["uses"].items():
        for cid, sh in carriers.items():
            by_month = np.zeros(12, int)
            for i, d in enumerate(sh["days"]):
                months = range(1, 13) if d["season"] == "all" else profiles["seasons"][d["season"]]
                by_month[np.asarray(months) - 1] = i
            days = np.array([[d["weekday"], d["saturday"], d["holiday"]] for d in sh["days"]], float)
            shapes[name, cid] = Shape(np.array(sh["monthly"], float), days, by_month)
    return Data(profiles, read("intensities.yaml"), read("supply.yaml"), shapes)


def weekday_of(year: int, month: int, day: int) -> int:
    """0 = Monday … 6 = Sunday (Sakamoto)."""
    t = (0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4)
    y = year - 1 if month < 3 else year
    w = (y + y // 4 - y // 100 + y // 400 + t[month - 1] + day) % 7  # 0 = Sunday
    return (w + 6) % 7


def nth_monday(year: int, month: int, n: int) -> int:
    return 1 + (7 - weekday_of(year, month, 1)) % 7 + 7 * (n - 1)


def calendar(year: int, year_end_break: bool):
    """Month (1..12) and day type of the 365 days (Act on National Holidays since 2020)."""
    y80 = year - 1980
    fixed = [
        (1, 1), (1, nth_monday(year, 1, 2)), (2, 11),
        (3, int(20.8431 + 0.242194 * y80 - y80 // 4)), (4, 29), (5, 3), (5, 4), (5, 5),
        (7, nth_monday(year, 7, 3)), (8, 11), (9, nth_monday(year, 9, 3)),
        (9, int(23.2488 + 0.242194 * y80 - y80 // 4)), (10, nth_monday(year, 10, 2)),
        (11, 3), (11, 23),
    ]
    if year >= 2020:
        fixed.append((2, 23))
    month = np.repeat(np.arange(1, 13), DAYS_IN_MONTH)
    dom = np.concatenate([np.arange(1, n + 1) for n in DAYS_IN_MONTH])
    wd = np.array([weekday_of(year, int(m), int(d)) for m, d in zip(month, dom)])
    start = np.concatenate([[0], np.cumsum(DAYS_IN_MONTH)[:-1]])
    hol = np.zeros(365, bool)
    for m, d in fixed:
        hol[start[m - 1] + d - 1] = True
    for i in np.flatnonzero(hol & (wd == 6)):  # substitute holiday
        j = i + 1
        while j < 365 and hol[j]:
            j += 1
        if j < 365:
            hol[j] = True
    mid = ~hol[1:-1] & (wd[1:-1] != 6) & hol[:-2] & hol[2:]  # citizens' holiday
    hol[1:-1] |= mid
    brk = year_end_break & (((month == 12) & (dom >= 29)) | ((month == 1) & (dom <= 3)))
    day_type = np.where(hol | (wd == 6) | brk, HOLIDAY, np.where(wd == 5, SATURDAY, WEEKDAY))
    return month, day_type


@dataclass
class Case:
    """The parts of a case file a plain density sweep needs."""

    district_area_m2: float
    floor_by_use_m2: dict  # at the plan's own FAR
    buildings: float  # connected buildings (src/supply/network.rs buildings_of_parcels)
    dataset: str
    region: str
    factor_set: str
    year: int
    year_end_break: bool
    systems: list  # (id, kind)

    @property
    def gross_far(self) -> float:
        return sum(self.floor_by_use_m2.values()) / self.district_area_m2


def load_case(path: Path, alt_id: str, data: Data) -> Case:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    dist = raw["district"]
    area = dist.get("gross_area_m2") or dist["gross_area_ha"] * 10_000.0
    rule = data.intensities["floor_rule"]
    cov0 = dist.get("coverage", v(rule["coverage"]))
    bo0 = dist.get("buildout", v(rule["buildout"]))
    alt = next(a for a in raw["alternatives"] if a["id"] == alt_id)
    unsupported = {"from", "replace", "external", "scale"} & alt.keys()
    if unsupported or raw.get("uses"):
        sys.exit(f"sweep_point.py handles plain alternatives only; `{alt_id}` uses {unsupported}")
    floor, buildings = {}, 0.0
    net = data.supply["network"]
    for p in alt["parcels"]:
        site = p.get("site_area_m2") or (p["site_area_ha"] * 10_000.0 if "site_area_ha" in p else None)
        if "floor_m2" in p:
            f = p["floor_m2"]
        else:
            f = site * p.get("coverage", cov0) * p["far_pct"] / 100.0 * p.get("buildout", bo0)
        shares = {p["use"]: 1.0} if "use" in p else p["uses"]
        total = sum(shares.values())
        for u, s in shares.items():
            if s > 0:
                floor[u] = floor.get(u, 0.0) + f * s / total
        per = site / v(net["building_site_m2"]) if site else f / v(net["building_floor_m2"])
        buildings += max(per, 1.0)
    systems = []
    for s in alt.get("systems", []):
        extra = set(s) - {"id", "kind", "name"}
        if extra or s["kind"] not in ("individual", "dhc"):
            sys.exit(f"system `{s['id']}`: only plain individual/dhc systems are modelled ({extra})")
        systems.append((s["id"], s["kind"]))
    cal = raw.get("calendar") or {}
    return Case(
        district_area_m2=area,
        floor_by_use_m2=floor,
        buildings=max(buildings, 1.0),
        dataset=raw.get("dataset", data.intensities["default_dataset"]),
        region=raw.get("region", "kanto"),
        factor_set=raw.get("factor_set", data.supply["default_factor_set"]),
        year=cal.get("year", 2023),
        year_end_break=cal.get("year_end_break", True),
        systems=systems,
    )


# ---------------------------------------------------------------------------------------
# Load synthesis (src/load.rs synthesize, src/profile.rs builtin_models).
# ---------------------------------------------------------------------------------------

ANNUAL_UNIT = {"kWh_per_m2_yr": 1.0, "MJ_per_m2_yr": 1 / 3.6, "MWh_per_10000m2_yr": 0.1}
PEAK_UNIT = {"W_per_m2": 1.0, "kJ_per_m2_h": 1 / 3.6, "kWh_per_h_per_10000m2": 0.1}


def intensity(data: Data, dataset: str, row: str):
    """(annual kWh/m²·yr, sizing W/m²) per carrier, following the dataset's fallback."""
    ds = data.intensities["datasets"][dataset]
    if row not in ds["rows"]:
        return intensity(data, ds["fallback"], row)
    r = ds["rows"][row]
    fa, fp = ANNUAL_UNIT[ds["annual_unit"]], PEAK_UNIT[ds["peak_unit"]]
    return (np.array([r["annual"][c] * fa for c in CARRIERS]),
            np.array([r["peak"][c] * fp for c in CARRIERS]))


def regional(data: Data, region: str, c: int):
    """(peak, annual) regional coefficients; hot water and electricity are not adjusted."""
    region = data.intensities["region_aliases"].get(region, region)
    r = data.intensities["regions"].get(region)
    if r is None or c in (HW, ELEC):
        return 1.0, 1.0
    kind = "heating" if c == HEAT else "cooling"
    return r[f"peak_{kind}"], r[f"annual_{kind}"]


def raw_series(shape: Shape, month, day_type, monthly):
    """Monthly factor × day shape of each day's month and day type, 8760 values."""
    prof = shape.days[shape.by_month[month - 1], day_type]  # (365, 24)
    return (prof * monthly[month - 1, None]).ravel()


def synthesize(shape: Shape, month, day_type, annual_kwh_m2, rc):
    """Hourly intensity kW/m²: shape scaled to the annual energy; with regional
    coefficients the design month follows the peak coefficient and the monthly factors are
    reshaped m → m^γ (γ by bisection in [0.05, 40]) so the annual energy follows."""
    m = shape.monthly
    base = raw_series(shape, month, day_type, m)
    base_sum = base.sum()
    if base_sum <= 0 or annual_kwh_m2 <= 0:
        return np.zeros(HOURS)
    if rc == (1.0, 1.0):
        return base * (annual_kwh_m2 / base_sum)
    peak_c, annual_c = rc
    s_month = raw_series(shape, month, day_type, np.ones(12)).reshape(365, 24).sum(1)
    s_month = np.bincount(month - 1, s_month, 12)
    pw = lambda g: np.where(m > 0, np.power(m, g, where=m > 0, out=np.zeros(12)), 0.0)
    energy = lambda g: (pw(g) * s_month).sum()
    target = annual_c / peak_c * base_sum
    k = peak_c * annual_kwh_m2 / base_sum
    lo, hi = 0.05, 40.0
    if target >= energy(lo):  # lengthen the season: idle months at level β
        e_lo, allm = energy(lo), s_month.sum()
        beta = float(np.clip((target - e_lo) / (allm - e_lo), 0, 1)) if allm > e_lo else 0.0
        p = pw(lo)
        return raw_series(shape, month, day_type, p + beta * (1 - p)) * k
    if target <= energy(hi):
        gamma = hi
    else:
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if energy(mid) > target else (lo, mid)
        gamma = 0.5 * (lo + hi)
    return raw_series(shape, month, day_type, pw(gamma)) * k


@dataclass
class Models:
    """Unit models of the uses of a case: arrays over (use, carrier[, hour])."""

    uses: list
    unit_kw_m2: np.ndarray  # (U, 4, 8760)
    annual_kwh_m2: np.ndarray  # (U, 4)
    design_peak_w_m2: np.ndarray  # (U, 4): own annual hourly peak
    sizing_w_m2: np.ndarray  # (U, 4): equipment-sizing maxima × regional peak coefficient


def build_models(data: Data, case: Case, cal, uses) -> Models:
    month, day_type = cal
    unit = np.empty((len(uses), 4, HOURS))
    sizing = np.empty((len(uses), 4))
    for i, u in enumerate(uses):
        d = data.intensities["uses"][u]
        annual, peak = intensity(data, case.dataset, d["intensity"])
        for c, cid in enumerate(CARRIERS):
            rc = regional(data, case.region, c)
            unit[i, c] = synthesize(data.shapes[d["shape"], cid], month, day_type, annual[c], rc)
            sizing[i, c] = peak[c] * rc[0]
    return Models(uses, unit, unit.sum(2), unit.max(2) * 1000.0, sizing)


# ---------------------------------------------------------------------------------------
# Load metrics (src/load.rs).
# ---------------------------------------------------------------------------------------


def load_metrics(total_kw, floor, models: Models, cal, lean=False):
    """Per carrier: coincident peak, CF, DLF on the design day, ALF (`lean`: peak and CF
    only, as `kukaku sweep` computes them)."""
    month, day_type = cal
    peak = total_kw.max(1)
    sum_design = floor @ models.design_peak_w_m2 / 1000.0
    cf = np.where(sum_design > 0, peak / np.where(sum_design > 0, sum_design, 1), 1.0)
    if lean:
        return {cid: dict(coincident_peak_kw=peak[c], coincidence_factor=cf[c])
                for c, cid in enumerate(CARRIERS)}
    daily = total_kw.reshape(4, 365, 24)
    day_peak, day_sum = daily.max(2), daily.sum(2)
    out = {}
    for c, cid in enumerate(CARRIERS):
        cand = np.flatnonzero((month == DESIGN_MONTH[c]) & (day_type == WEEKDAY))
        d = cand[np.argmax(day_peak[c, cand])] if cand.size else int(total_kw[c].argmax()) // 24
        out[cid] = dict(
            coincident_peak_kw=peak[c],
            coincidence_factor=cf[c],
            daily_load_factor=day_sum[c, d] / (24 * day_peak[c, d]) if day_peak[c, d] > 0 else 0.0,
            annual_load_factor=total_kw[c].sum() / (HOURS * peak[c]) if peak[c] > 0 else 0.0,
        )
    return out


# ---------------------------------------------------------------------------------------
# Supply: shared constants of a run.
# ---------------------------------------------------------------------------------------


@dataclass
class Supply:
    """Supply data resolved once (not timed): equipment, auxiliaries, tariffs, factors."""

    s: dict
    factors: dict
    pump: dict = field(default_factory=dict)

    @classmethod
    def of(cls, data: Data, case: Case) -> "Supply":
        s = data.supply
        fs = {k: v(x) for k, x in s["factor_sets"][case.factor_set].items() if k != "label"}
        aux = s["auxiliaries"]
        pump = {k: pump_kwh_per_kwh(aux[k]) for k in
                ("building_chilled_water_pump", "building_hot_water_pump", "dhc_chilled_water_pump")}
        return cls(s, fs, pump)

    def eq(self, eid):
        return self.s["equipment"][eid]

    def gas_nm3(self, heat_kwh, eff):
        """Gas volume for a heat output from equipment of LHV efficiency `eff`."""
        return heat_kwh * 3.6 / eff / self.factors["gas_lhv_mj_per_nm3"]

    def totals(self, elec_kwh, gas_nm3):
        """(primary GJ, CO2 t)."""
        f = self.factors
        primary = (elec_kwh * f["electricity_primary_mj_per_kwh"] + gas_nm3 * f["gas_hhv_mj_per_nm3"]) / 1000
        co2 = (elec_kwh * f["electricity_kg_co2_per_kwh"] + gas_nm3 * f["gas_kg_co2_per_nm3"]) / 1000
        return primary, co2


def pump_kwh_per_kwh(p, head_m=None):
    """Pump electricity per kWh of heat carried at the design point: g·H/(c·ΔT)/η."""
    h = p["head_m"] if head_m is None else head_m
    return GRAVITY * h / (WATER_KJ_PER_KG_K * p["dt_k"]) / p["efficiency"] / 1000.0


def crf(rate, years):
    if abs(rate) < 1e-12:
        return 1.0 / years
    g = (1 + rate) ** years
    return rate * g / (g - 1)


def scaled_cost_yen(unit_cost, ref_kw, exponent, unit_kw, units):
    """units × c_ref × ref_kw × (unit_kw/ref_kw)^exponent."""
    if unit_kw <= 0 or units == 0:
        return 0.0
    return units * unit_cost * ref_kw * (unit_kw / ref_kw) ** exponent


def unit_cost_of(sup: Supply, kind):
    c = sup.s["costs"]["plant_yen_per_kw_at_ref"]
    return v({"absorption_chiller": c["absorption_chiller"], "heat_pump": c["heat_pump"],
              "boiler": c["boiler"]}.get(kind, c["electric_chiller"]))


# ---------------------------------------------------------------------------------------
# Individual building plants (src/supply/individual.rs, supply/mod.rs dwelling level).
# ---------------------------------------------------------------------------------------


def building_plant(sup: Supply, use, uc, uh, uw, sizing, floor_m2):
    """Hourly run of the building plants of `floor_m2` of one use on its own loads.

    Returns a dict of annual sums and peaks plus the plant's cooling and boiler W/m²."""
    bp = sup.s["building_plants"]
    plant = bp["by_use"].get(use, bp["default"])
    margin = v(bp["margin"])
    dl = sup.s["dwelling_level"].get(use, {})
    share_cool, share_heat = 1 - dl.get("cooling", 0.0), 1 - dl.get("heating", 0.0)
    aux = sup.s["auxiliaries"]
    op, heat_to_water = v(aux["pump_operating_factor"]), v(aux["pump_heat_to_water"])
    k_tower = v(aux["cooling_tower_kwh_per_kwh_rejected"])
    central = bool(plant["cooling"])
    k_pump_cool = sup.pump["building_chilled_water_pump"] * op if central else 0.0
    k_pump_heat = sup.pump["building_hot_water_pump"] * op
    heat_eff = sup.eq(plant["heating"])["efficiency"]
    hw_eff = sup.eq(plant["hot_water"])["efficiency"]

    cool_cap = sizing[COOL] / 1000 * margin * share_cool * floor_m2
    cool = uc * (share_cool * floor_m2)
    heat = uh * (share_heat * floor_m2)
    hw = uw * floor_m2
    rest = cool * (1 + k_pump_cool * heat_to_water)  # pump work heats the chilled water
    e = np.zeros(HOURS)
    steam_abs = np.zeros(HOURS)
    rejected = np.zeros(HOURS)
    for p in plant["cooling"]:  # chillers in list order
        e_q = sup.eq(p["equipment"])
        q = np.minimum(rest, p["share"] * cool_cap)
        rest = rest - q
        rejected += q * (1 + 1 / e_q["cop"])
        if e_q["kind"] == "absorption_chiller":
            steam_abs += q / e_q["cop"]
        else:
            e += q / e_q["cop"]
    if not central:
        rest = np.zeros(HOURS)  # the use's cooling is all dwelling-level
    served = cool - np.maximum(rest, 0)
    pump = k_pump_cool * served + k_pump_heat * (heat + (hw if central else 0.0))
    tower = k_tower * rejected
    gas_h = sup.gas_nm3(heat + steam_abs, heat_eff) + sup.gas_nm3(hw, hw_eff)
    boiler_w = (sizing[HEAT] * share_heat + sizing[HW]) * margin
    return dict(
        chillers=e.sum(), pumps=pump.sum(), cooling_towers=tower.sum(),
        gas_heating=sup.gas_nm3(heat.sum(), heat_eff), gas_hot_water=sup.gas_nm3(hw.sum(), hw_eff),
        gas_absorption=sup.gas_nm3(steam_abs.sum(), heat_eff),
        heat_demand=heat.sum() + hw.sum() + served.sum(), rejected=rejected.sum(),
        peak_e=(e + pump + tower).max(), peak_g=gas_h.max(), unmet=np.maximum(rest, 0).sum(),
        cool_w=sizing[COOL] * margin * share_cool, boiler_w=boiler_w,
    )


def dwelling_level(sup: Supply, models: Models, floor):
    """Room-AC electricity (kWh) and peak (kW) for the dwelling-level loads."""
    kwh = peak = 0.0
    for i, u in enumerate(models.uses):
        dl = sup.s["dwelling_level"].get(u)
        if not dl or floor[i] == 0:
            continue
        eq = sup.eq(dl["equipment"])
        cop = eq.get("cop", 1.0)
        hcop = eq.get("heating_cop", cop)
        a, dp = models.annual_kwh_m2[i], models.design_peak_w_m2[i]
        kwh += floor[i] * (dl["cooling"] * a[COOL] / cop + dl["heating"] * a[HEAT] / hcop)
        peak += floor[i] * max(dl["cooling"] * dp[COOL] / cop, dl["heating"] * dp[HEAT] / hcop) / 1000
    return kwh, peak


def individual(sup: Supply, models: Models, floor, unit_plants=None):
    """Individual plants of a floor mix: energy, CO2, construction, annual cost, ¥/MJ.

    `unit_plants` (per-m² runs of each use, computed once) makes it kukaku's cached path;
    without it each use's plant is run on its hourly loads at this floor."""
    tot = dict.fromkeys(("chillers", "pumps", "cooling_towers", "gas_heating", "gas_hot_water",
                         "gas_absorption", "heat_demand", "rejected", "peak_e", "peak_g", "unmet"), 0.0)
    costs, ec = sup.s["costs"], sup.s["economics"]
    bfloor = v(sup.s["network"]["building_floor_m2"])
    bp = sup.s["building_plants"]
    construction = 0.0
    for i, u in enumerate(models.uses):
        f = floor[i]
        if f == 0:
            continue
        if unit_plants is None:
            r = building_plant(sup, u, *models.unit_kw_m2[i, [COOL, HEAT, HW]], models.sizing_w_m2[i], f)
        else:
            r = {k: (x if k in ("cool_w", "boiler_w") else x * f) for k, x in unit_plants[u].items()}
        for k in tot:
            tot[k] += r[k]
        # Cost: the use's floor split into buildings of the typical floor (continuous).
        n_bldg = max(f / bfloor, 1.0)
        cool_kw, boiler_kw = r["cool_w"] * f / 1000 / n_bldg, r["boiler_w"] * f / 1000 / n_bldg
        for p in bp["by_use"].get(u, bp["default"])["cooling"]:
            kind = sup.eq(p["equipment"])["kind"]
            units = max(p.get("units", 3), 1)
            unit_kw = cool_kw * p["share"] / units
            construction += n_bldg * scaled_cost_yen(unit_cost_of(sup, kind), costs["ref_kw"],
                                                     v(costs["exponent"]), unit_kw, units)
        construction += n_bldg * scaled_cost_yen(unit_cost_of(sup, "boiler"), costs["ref_kw"],
                                                 v(costs["exponent"]), boiler_kw / 2, 2)
    room_ac_kwh, room_ac_peak = dwelling_level(sup, models, floor)
    plant_kwh = tot["chillers"] + tot["pumps"] + tot["cooling_towers"]
    gas = tot["gas_heating"] + tot["gas_hot_water"] + tot["gas_absorption"]
    construction_k = construction * v(costs["individual_multiplier"]) / 1000
    el, ga = ec["individual_electricity"], ec["individual_gas"]
    # Room-AC energy is billed to the dwellings; its peak sits in the summed contracts.
    elec_k = (v(el["basic_yen_per_kw_month"]) * (tot["peak_e"] + room_ac_peak) * 12
              + v(el["energy_yen_per_kwh"]) * plant_kwh) / 1000
    gas_k = (v(ga["basic_yen_per_nm3h_month"]) * tot["peak_g"] * 12
             + v(ga["energy_yen_per_nm3"]) * gas) / 1000
    water_k = tot["rejected"] / 1000 * v(sup.s["auxiliaries"]["makeup_water_m3_per_mwh_rejected"]) \
        * v(ec["water_yen_per_m3"]) / 1000
    annual = (construction_k * (crf(v(ec["interest"]), v(ec["years"])) + v(ec["maintenance_share"]))
              + elec_k + gas_k + water_k + v(ec["individual_staff"]) * v(ec["staff_yen"]) / 1000)
    elec_total = plant_kwh + room_ac_kwh
    primary, co2 = sup.totals(elec_total, gas)
    heat_gj = tot["heat_demand"] * 3.6 / 1000
    return dict(electricity_mwh=elec_total / 1000, gas_knm3=gas / 1000, heat_demand_gj=heat_gj,
                primary_energy_gj=primary, energy_efficiency=heat_gj / primary if primary > 0 else 0.0,
                co2_t=co2, construction_cost_kyen=construction_k, annual_cost_kyen=annual,
                heat_price_yen_per_mj=annual / heat_gj if heat_gj > 0 else None,
                unmet_mwh=tot["unmet"] / 1000)


# ---------------------------------------------------------------------------------------
# DHC (src/supply/dhc.rs operate + economics, src/supply/network.rs).
# ---------------------------------------------------------------------------------------


def dhc(sup: Supply, models: Models, floor, case: Case, room_ac_kwh=None):
    s, aux = sup.s, sup.s["auxiliaries"]
    net, plant_d, ec, costs = s["network"], s["dhc_plant"], s["economics"], s["costs"]
    # Connected loads: room-AC shares of dwellings stay in the dwellings.
    dl = [s["dwelling_level"].get(u, {}) for u in models.uses]
    k_heat = floor * np.array([1 - d.get("heating", 0.0) for d in dl])
    k_cool = floor * np.array([1 - d.get("cooling", 0.0) for d in dl])
    heat = k_heat @ models.unit_kw_m2[:, HEAT] + floor @ models.unit_kw_m2[:, HW]
    cool = k_cool @ models.unit_kw_m2[:, COOL]
    peak_heat, peak_cool = heat.max(), cool.max()
    margin = v(plant_d["margin"])
    if plant_d["sizing"] == "coincident_peak":
        cap_cool, cap_heat = peak_cool * margin, peak_heat * margin
    else:  # cf_sizing_maxima: CF × Σ sizing maxima
        dp_c = k_cool @ models.design_peak_w_m2[:, COOL] / 1000
        dp_h = (k_heat @ models.design_peak_w_m2[:, HEAT] + floor @ models.design_peak_w_m2[:, HW]) / 1000
        sz_c = k_cool @ models.sizing_w_m2[:, COOL] / 1000
        sz_h = (k_heat @ models.sizing_w_m2[:, HEAT] + floor @ models.sizing_w_m2[:, HW]) / 1000
        cap_cool = max(peak_cool / dp_c * sz_c if dp_c > 0 else sz_c, peak_cool) * margin
        cap_heat = max(peak_heat / dp_h * sz_h if dp_h > 0 else sz_h, peak_heat) * margin

    # Network: trench k·√(N·A) + branches; main from the chilled-water flow at design velocity.
    n_bldg = max(case.buildings, 1.0)
    length = v(net["route_factor"]) * math.sqrt(n_bldg * case.district_area_m2) \
        + v(net["service_m_per_building"]) * n_bldg
    u_ms = v(net["velocity_m_per_s"])
    diameter = math.sqrt(4 * cap_cool / (WATER_KJ_PER_M3_K * v(net["chilled_dt_k"])) / (math.pi * u_ms))
    head = (2 * v(net["friction_factor"]) * v(net["index_path_share"]) * length / diameter * u_ms ** 2
            / (2 * GRAVITY)) if diameter > 0 else 0.0
    loss_kw = v(net["heat_loss_w_per_m"]) * length / 1000
    gain_kw = v(net["cool_gain_w_per_m"]) * length / 1000

    op, heat_to_water = v(aux["pump_operating_factor"]), v(aux["pump_heat_to_water"])
    k_chw = sup.pump["dhc_chilled_water_pump"] * op
    k_net = pump_kwh_per_kwh(aux["dhc_chilled_water_pump"], head) * op
    k_steam, k_tower = v(aux["dhc_steam_kwh_per_kwh"]), v(aux["cooling_tower_kwh_per_kwh_rejected"])
    boiler_eff = sup.eq(plant_d["boiler"])["efficiency"]

    # Hourly operation, electric chillers first, steam absorption the rest, boilers for heat.
    loss = np.where(heat > 0, loss_kw, 0.0)
    gain = np.where(cool > 0, gain_kw, 0.0)
    heat_need = heat + loss
    rest = cool + gain + (k_chw * (cool + gain) + k_net * cool) * heat_to_water
    is_absorption = lambda p: sup.eq(p["equipment"])["kind"] == "absorption_chiller"
    chillers = sorted(plant_d["cooling"], key=is_absorption)  # electric first (stable)
    e = np.zeros(HOURS)
    steam_abs = np.zeros(HOURS)
    rejected = np.zeros(HOURS)
    equipment = []  # (kind, capacity kW, units)
    for p in chillers:
        eq = sup.eq(p["equipment"])
        cap = p["share"] * cap_cool
        q = np.minimum(rest, cap)
        rest = rest - q
        rejected += q * (1 + 1 / eq["cop"])
        if eq["kind"] == "absorption_chiller":
            steam_abs += q / eq["cop"]
        else:
            e += q / eq["cop"]
        equipment.append((eq["kind"], cap, p.get("units", 3)))
    boiler_cap = cap_heat + sum(c / sup.eq(p["equipment"])["cop"] for p, (k, c, _) in zip(chillers, equipment)
                                if k == "absorption_chiller")
    equipment.append(("boiler", boiler_cap, plant_d["units"]))
    steam = heat_need + steam_abs
    unmet = np.maximum(rest, 0).sum() + np.where(steam > boiler_cap * (1 + 1e-9), steam - boiler_cap, 0).sum()
    tower = k_tower * rejected
    plant_pump = k_chw * (cool + gain) + k_steam * steam
    net_pump = k_net * cool
    e_total = e + tower + plant_pump + net_pump
    plant_kwh = e_total.sum()
    plant_gas = sup.gas_nm3(steam.sum(), boiler_eff)
    peak_e, peak_g = e_total.max(), sup.gas_nm3(steam.max(), boiler_eff)
    delivered = heat.sum() + cool.sum()
    loss_kwh, gain_kwh = loss.sum(), gain.sum()

    # Economics.
    plant_k = sum(scaled_cost_yen(unit_cost_of(sup, k), costs["ref_kw"], v(costs["exponent"]), c / u, u)
                  for k, c, u in equipment) / 1000
    civil_k = v(costs["pipe_civil_yen_per_m"]) * length / 1000
    pipe_k = v(costs["pipe_yen_per_m_per_m_diameter"]) * diameter * length / 1000
    construction_k = plant_k + civil_k + pipe_k
    el, ga = ec["dhc_electricity"], ec["dhc_gas"]
    elec_k = (v(el["basic_yen_per_kw_month"]) * peak_e * 12 + v(el["energy_yen_per_kwh"]) * plant_kwh) / 1000
    gas_k = (v(ga["basic_yen_per_nm3h_month"]) * peak_g * 12 + v(ga["energy_yen_per_nm3"]) * plant_gas) / 1000
    water_m3 = rejected.sum() / 1000 * v(aux["makeup_water_m3_per_mwh_rejected"])
    water_k = water_m3 * v(ec["water_yen_per_m3"]) / 1000
    annual = (construction_k * (crf(v(ec["interest"]), v(ec["years"])) + v(ec["maintenance_share"]))
              + v(ec["staff"]) * v(ec["staff_yen"]) / 1000 + elec_k + gas_k + water_k)
    heat_sold_gj = (delivered + loss_kwh + gain_kwh) * 3.6 / 1000
    if room_ac_kwh is None:
        room_ac_kwh = dwelling_level(sup, models, floor)[0]
    elec_total = plant_kwh + room_ac_kwh
    primary, co2 = sup.totals(elec_total, plant_gas)
    heat_gj = delivered * 3.6 / 1000
    return dict(electricity_mwh=elec_total / 1000, gas_knm3=plant_gas / 1000, heat_demand_gj=heat_gj,
                primary_energy_gj=primary, energy_efficiency=heat_gj / primary if primary > 0 else 0.0,
                co2_t=co2, construction_cost_kyen=construction_k, annual_cost_kyen=annual,
                heat_sold_gj=heat_sold_gj, heat_price_yen_per_mj=annual / heat_sold_gj,
                cooling_capacity_kw=cap_cool, boiler_capacity_kw=boiler_cap, network_length_m=length,
                main_diameter_m=diameter, heat_loss_mwh=loss_kwh / 1000, unmet_mwh=unmet / 1000)


# ---------------------------------------------------------------------------------------
# One sweep point.
# ---------------------------------------------------------------------------------------


@dataclass
class Setup:
    data: Data
    case: Case
    cal: tuple
    sup: Supply
    uses: list
    models: Models  # unit profiles built once (cached variants)
    unit_plants: dict  # per-m² building-plant runs (kukaku_equivalent)


def setup(case_path: Path, alt: str, data_dir: Path) -> Setup:
    data = load_data(data_dir)
    case = load_case(case_path, alt, data)
    cal = calendar(case.year, case.year_end_break)
    sup = Supply.of(data, case)
    uses = sorted(case.floor_by_use_m2)
    models = build_models(data, case, cal, uses)
    unit_plants = {u: building_plant(sup, u, *models.unit_kw_m2[i, [COOL, HEAT, HW]],
                                     models.sizing_w_m2[i], 1.0)
                   for i, u in enumerate(uses)}
    return Setup(data, case, cal, sup, uses, models, unit_plants)


def sweep_point(st: Setup, far_pct: float, mode: str = "full") -> dict:
    """Evaluate the alternative's systems with its floor scaled to gross FAR `far_pct` (%).

    mode: "full" re-synthesises the unit profiles; "cached_profiles" reuses them;
    "kukaku_equivalent" also reuses the per-m² building-plant runs and computes only the
    peak and CF of the load metrics."""
    case = st.case
    k = far_pct / 100.0 / case.gross_far
    floor = np.array([case.floor_by_use_m2[u] * k for u in st.uses])
    models = build_models(st.data, case, st.cal, st.uses) if mode == "full" else st.models
    total_kw = np.tensordot(floor, models.unit_kw_m2, axes=1)  # (4, 8760)
    out = dict(x=far_pct, gross_far=far_pct / 100, floor_area_m2=floor.sum(),
               loads=load_metrics(total_kw, floor, models, st.cal, lean=mode == "kukaku_equivalent"),
               systems={})
    unit_plants = st.unit_plants if mode == "kukaku_equivalent" else None
    for sid, kind in case.systems:
        out["systems"][sid] = (individual(st.sup, models, floor, unit_plants) if kind == "individual"
                               else dhc(st.sup, models, floor, case))
    return out


# ---------------------------------------------------------------------------------------
# Comparison with kukaku and timing.
# ---------------------------------------------------------------------------------------


def run_kukaku(exe, args):
    r = subprocess.run([str(exe), *args], capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def time_kukaku(exe, case_path, alt, far_range, reps):
    """Wall and CPU seconds of `kukaku sweep` over `reps` runs: (median, best) of each."""
    wall, cpu = [], []
    for _ in range(reps):
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([str(exe), "sweep", str(case_path), "--alternative", alt, "--far", far_range,
                        "--format", "json"], stdout=subprocess.DEVNULL, check=True)
        wall.append(time.perf_counter() - t0)
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime))
    return (float(np.median(wall)), min(wall)), (float(np.median(cpu)), min(cpu))


def rel(a, b):
    return (a - b) / b if b else (0.0 if a == b else math.inf)


def print_table(rows):
    print(f"  {'quantity':<44}{'numpy':>16}{'kukaku':>16}{'diff':>10}")
    worst = 0.0
    for name, a, b in rows:
        d = rel(a, b)
        worst = max(worst, abs(d))
        print(f"  {name:<44}{a:>16.6g}{b:>16.6g}{d * 100:>10.1e}%")
    print(f"  largest relative difference: {worst * 100:.2e} %")
    return worst


def compare_run(st: Setup, run_json, alt):
    """One point at the plan's own FAR against `kukaku run` (full system results)."""
    a = next(x for x in run_json["alternatives"] if x["id"] == alt)
    p = sweep_point(st, st.case.gross_far * 100, "full")
    rows = []
    for cid in CARRIERS:
        m, k = p["loads"][cid], a["loads"][cid]
        rows += [(f"{cid}: coincident peak kW", m["coincident_peak_kw"], k["coincident_peak_kw"]),
                 (f"{cid}: CF", m["coincidence_factor"], k["coincidence_factor"]),
                 (f"{cid}: DLF (design day)", m["daily_load_factor"], k["daily_load_factor"]),
                 (f"{cid}: ALF", m["annual_load_factor"], k["annual_load_factor"])]
    ks = {s["id"]: s for s in a["systems"]}
    for sid, r in p["systems"].items():
        k = ks[sid]
        for q in ("electricity_mwh", "gas_knm3", "heat_demand_gj", "energy_efficiency", "co2_t",
                  "construction_cost_kyen", "annual_cost_kyen", "heat_price_yen_per_mj"):
            rows.append((f"{sid}: {q}", r[q], k[q]))
        if "network" in k and k["network"]:
            rows += [(f"{sid}: network length m", r["network_length_m"], k["network"]["length_m"]),
                     (f"{sid}: main diameter m", r["main_diameter_m"], k["network"]["main_diameter_m"]),
                     (f"{sid}: network heat loss MWh", r["heat_loss_mwh"], k["network"]["heat_loss_mwh"])]
    print(f"\nOne point at the plan's own gross FAR ({st.case.gross_far * 100:.1f} %), "
          f"numpy (mode full) vs `kukaku run --format json`:")
    return print_table(rows)


def compare_sweep(st: Setup, sweep_json):
    """Every point of a kukaku sweep: CF, price, efficiency and CO2 per system."""
    worst = {}
    for kp in sweep_json["points"]:
        for mode in ("full", "kukaku_equivalent"):
            p = sweep_point(st, kp["x"], mode)
            for cid in CARRIERS:
                d = abs(rel(p["loads"][cid]["coincidence_factor"], kp["coincidence_factor"][cid]))
                worst["CF " + cid] = max(worst.get("CF " + cid, 0.0), d)
            for sid, ks in kp["systems"].items():
                for q in ("heat_price_yen_per_mj", "energy_efficiency", "co2_t"):
                    key = f"{sid} {q}"
                    worst[key] = max(worst.get(key, 0.0), abs(rel(p["systems"][sid][q], ks[q])))
    xs = [kp["x"] for kp in sweep_json["points"]]
    print(f"\nSweep {xs[0]:g}–{xs[-1]:g} % ({len(xs)} points, modes full and kukaku_equivalent) vs "
          f"`kukaku sweep --format json`: largest relative difference over all points")
    for key, d in worst.items():
        print(f"  {key:<44}{d * 100:>12.2e} %")
    return max(worst.values())


def keep_freed_memory() -> bool:
    """Ask glibc malloc to keep freed memory instead of returning it to the kernel.

    The full mode allocates ~1 MB of unit profiles per point; with glibc's defaults such
    blocks are mmap-ed or trimmed and re-faulted page by page on every point, which can
    double the measured time depending on what ran before (an allocator artefact, not
    numpy work). Thresholds as with GLIBC_TUNABLES=glibc.malloc.mmap_threshold=32 MiB:
    trim_threshold=256 MiB. Returns False where this is not glibc."""
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        return bool(libc.mallopt(m_mmap_threshold, 32 << 20) and libc.mallopt(m_trim_threshold, 256 << 20))
    except (OSError, AttributeError):
        return False


def time_numpy(st: Setup, xs, mode):
    sweep_point(st, xs[0], mode)  # warm-up
    t = np.empty(len(xs))
    for i, x in enumerate(xs):
        t0 = time.perf_counter()
        sweep_point(st, x, mode)
        t[i] = time.perf_counter() - t0
    return t * 1000.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--case", default=str(REPO / "landuse_cases" / "district_a.yaml"))
    ap.add_argument("--alternative", default="base")
    ap.add_argument("--data", default=str(REPO / "src" / "data"), help="kukaku's data directory")
    ap.add_argument("--points", type=int, default=200, help="timed points of the FAR sweep")
    ap.add_argument("--far-from", type=float, default=50.0)
    ap.add_argument("--far-to", type=float, default=400.0)
    ap.add_argument("--kukaku", default=str(REPO / "target" / "release" / "kukaku"),
                    help="kukaku binary for the comparison and its timing ('' to skip)")
    ap.add_argument("--kukaku-reps", type=int, default=10, help="repetitions of the timed kukaku sweep")
    ap.add_argument("--default-malloc", action="store_true",
                    help="leave glibc malloc's trim/mmap thresholds at their defaults")
    args = ap.parse_args()
    tuned = False if args.default_malloc else keep_freed_memory()
    case_path = Path(args.case)

    st = setup(case_path, args.alternative, Path(args.data))
    print(f"case {case_path.name}, alternative `{args.alternative}`: plan gross FAR "
          f"{st.case.gross_far * 100:.1f} %, floor {st.case.floor_by_use_m2}, "
          f"{st.case.buildings:g} buildings, dataset {st.case.dataset}, region {st.case.region}")
    print(f"numpy {np.__version__}, PyYAML {yaml.__version__}, Python {sys.version.split()[0]}")

    exe = Path(args.kukaku) if args.kukaku else None
    if exe and exe.exists():
        compare_run(st, run_kukaku(exe, ["run", str(case_path), "--format", "json"]), args.alternative)
        far10 = f"{args.far_from:g}:{args.far_to:g}:10"
        compare_sweep(st, run_kukaku(exe, ["sweep", str(case_path), "--alternative", args.alternative,
                                           "--far", far10, "--format", "json"]))
    elif exe:
        print(f"\n(no kukaku binary at {exe}: comparison and kukaku timing skipped)")

    xs = np.linspace(args.far_from, args.far_to, args.points)
    print(f"\nTiming: {args.points} points of a gross-FAR sweep {args.far_from:g}→{args.far_to:g} %, "
          "time.perf_counter per point (data files parsed once, not timed; glibc malloc "
          f"{'keeps freed memory' if tuned else 'defaults'})")
    results = {}
    for mode in ("full", "cached_profiles", "kukaku_equivalent"):
        t = time_numpy(st, xs, mode)
        results[mode] = t
        print(f"  numpy {mode:<18} mean {t.mean():7.3f} ms/point  (median {np.median(t):.3f}, "
              f"min {t.min():.3f}, max {t.max():.3f})")
    if exe and exe.exists():
        n = int(round(args.far_to - args.far_from)) + 1
        rng = f"{args.far_from:g}:{args.far_to:g}:1"
        (wall_n, best_n), (cpu_n, _) = time_kukaku(exe, case_path, args.alternative, rng, args.kukaku_reps)
        (wall_1, best_1), _ = time_kukaku(exe, case_path, args.alternative,
                                          f"{args.far_from:g}:{args.far_from:g}:1", args.kukaku_reps)
        print(f"  kukaku sweep --far {rng} ({n} points, {args.kukaku_reps} runs): "
              f"median {wall_n * 1000:.1f} ms wall ({cpu_n * 1000:.1f} ms CPU), best {best_n * 1000:.1f} ms;"
              f" one-point sweep (start-up, case preparation, JSON) median {wall_1 * 1000:.1f} ms, "
              f"best {best_1 * 1000:.1f} ms")
        med = (wall_n / n * 1000, (wall_n - wall_1) / (n - 1) * 1000)
        best = (best_n / n * 1000, (best_n - best_1) / (n - 1) * 1000)
        print(f"    kukaku per point: median run {med[0]:.3f} ms incl. start-up, {med[1]:.3f} ms marginal; "
              f"best run {best[0]:.3f} ms, {best[1]:.3f} ms")
        print("    numpy ÷ kukaku (mean numpy point ÷ median kukaku run; fastest numpy point ÷ best "
              "kukaku run), incl. start-up / marginal:")
        for mode, t in results.items():
            print(f"      {mode:<18} {t.mean() / med[0]:5.1f}× / {t.mean() / med[1]:5.1f}×   "
                  f"(quiet-machine bound {t.min() / best[0]:5.1f}× / {t.min() / best[1]:5.1f}×)")
    print(f"  load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
