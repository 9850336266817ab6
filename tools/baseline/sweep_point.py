#!/usr/bin/env python3
"""Vectorised numpy baseline of one kukaku density-sweep point (issue 17).

Issue 17 measures kukaku against "a straightforward vectorised numpy version of the same
job". This script is that version: it reads kukaku's own data files (src/data/*.yaml) and a
case file with PyYAML once at start-up, then evaluates one point of a gross-FAR sweep of
an alternative the way an analyst would write it in numpy — whole 8760-h arrays, no Python
loop over hours (only over the handful of uses, chiller groups and systems):

  floor by use scaled to the FAR
  → hourly unit loads per use and carrier (profiles.yaml monthly factors × day shapes on
    the Japanese calendar with holidays and the year-end break, scaled to the annual
    intensities of the case's dataset, regional coefficients)
  → district loads and metrics (coincident peak, CF, design-day DLF, ALF per carrier)
  → individual building plants (chillers in list order, boilers, room ACs, pumps, towers),
    on the study basis and on the realistic basis (operating energy factor, property tax)
  → DHC plant: CF × Σ sizing maxima cooling sizing, coincident-peak heat sizing, network
    on the design-hour flow, electric chillers run up to their design-hour share,
    absorption the rest, boilers, network losses and pumps, auxiliaries; on the study
    basis and on the realistic basis (vintage equipment, operating energy factor, take-up
    ramp levelised over the horizon, property tax, no-load auxiliaries)
  → economics (cost curves, CRF, the case's tariff set, water, maintenance, staff → ¥/MJ)
    and the DHC scenario systems of a plain alternative (unused-energy share, flat
    build-up, pipe/tunnel subsidies).

The physics follows kukaku's main branch: src/load.rs, src/profile.rs, src/calendar.rs,
src/supply/{individual,plant,network,mod,evaluate}.rs, src/supply/dhc/{mod,operate,
economics}.rs, src/econ.rs, src/pipeline/{prepare,sweep}.rs. Not implemented: thermal
storage, heat pumps, named unused-energy sources, gas cogeneration (`chp:`), project
timelines, external buildings, user-defined uses, solar clusters. A system that needs them
is left out of the comparison (and out of the temporary case copy kukaku is timed on), and
the script says so.

Three timings are printed (CPU time per point, time.process_time, over a FAR sweep):

  full              the whole chain above at every point (unit profiles re-synthesised,
                    building plants run hour by hour at the point's floor, full metrics);
  cached_profiles   unit profiles (kW per m²) built once per case, as any analyst would
                    notice they do not depend on the FAR; everything else per point;
  kukaku_equivalent also the building plants per m² of each use computed once and scaled
                    (they are linear in floor) and the CF computed once per sweep (scaling
                    every floor by one factor leaves it unchanged): exactly the per-point
                    work of `kukaku sweep` (src/pipeline/sweep.rs run_alternative,
                    supply::individual::unit_plants).

If the kukaku binary is found, the same sweep is timed with it in the same run (CPU time of
the child process, `--jobs 1`) and the outputs of both are compared.

Usage: python3 tools/baseline/sweep_point.py [--case landuse_cases/district_a.yaml]
       [--alternative base] [--points 200] [--kukaku target/release/kukaku]
Dependencies: numpy, pyyaml (see README.md).
"""

from __future__ import annotations

import os

# One thread for numpy's BLAS, as kukaku is timed with `--jobs 1`; process_time counts the
# CPU of every thread, so a threaded BLAS would only add overhead.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import atexit  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import yaml  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CARRIERS = ("heating", "hot_water", "cooling", "electricity")
HEAT, HW, COOL, ELEC = range(4)
DESIGN_MONTH = {HEAT: 1, HW: 1, COOL: 8, ELEC: 8}  # loads.md §1
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
HOURS = 8760
WEEKDAY, SATURDAY, HOLIDAY = range(3)
GRAVITY = 9.81  # m/s² (src/supply/data.rs GRAVITY_M_PER_S2)
WATER_KJ_PER_KG_K = 4.186  # src/supply/data.rs
WATER_KJ_PER_M3_K = 4186.0  # src/supply/network.rs
STEAM_OVERLOAD_TOLERANCE = 1e-9  # src/supply/dhc/operate.rs: steam above capacity × (1 + this) is unmet

# ---------------------------------------------------------------------------------------
# Start-up (not timed): data files, case, calendar.
# ---------------------------------------------------------------------------------------


def v(x):
    """Value of a `{value, source}` entry (or a bare number)."""
    return x["value"] if isinstance(x, dict) and "value" in x else x


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
class SystemDef:
    """A `kind: individual` or `kind: dhc` system of the alternative (the fields modelled)."""

    id: str
    kind: str  # individual | dhc
    basis: str = "study"  # study | realistic
    unused_share: float = 0.0
    unused_reduces_contracts: bool | None = None
    buildup: dict | None = None  # takeup / curve / start / end / ramp_years
    subsidy: str = "none"  # none | pipes | tunnel


# System fields the script models; anything else (chp, sources, plant, storage, project,
# margin, sizing, cooling, dispatch, …) makes it leave the system out.
MODELLED_FIELDS = {"id", "kind", "name", "basis", "unused_share", "unused_reduces_contracts",
                   "buildup", "subsidy"}
MODELLED_BUILDUP = {"takeup", "curve", "start", "end", "ramp_years"}


@dataclass
class Case:
    """The parts of a case file a density sweep of one alternative needs."""

    raw: dict
    path: Path
    alternative: str
    district_area_m2: float
    floor_by_use_m2: dict  # at the plan's own FAR
    parcels: list  # [(floor m² at the plan's FAR, site m² or None)]
    buildings: float  # connected buildings at the plan's FAR
    dataset: str
    region: str
    area: str
    factor_set: str
    tariff_set: str
    tariff_overrides: dict
    year: int
    year_end_break: bool
    systems: list  # [SystemDef]
    skipped: list  # [(system id, why)]

    @property
    def gross_far(self) -> float:
        return sum(self.floor_by_use_m2.values()) / self.district_area_m2


def parcel_floor(p, cov0, bo0):
    """Floor by use of a parcel (floor rule: site × coverage × FAR × build-out), and its site."""
    site = p.get("site_area_m2") or (p["site_area_ha"] * 10_000.0 if "site_area_ha" in p else None)
    if "floor_m2" in p:
        f = p["floor_m2"]
    else:
        f = site * p.get("coverage", cov0) * p["far_pct"] / 100.0 * p.get("buildout", bo0)
    shares = {p["use"]: 1.0} if "use" in p else p["uses"]
    total = sum(shares.values())
    return {u: f * s / total for u, s in shares.items() if s > 0}, site


def resolve_parcels(raw, alt_id, cov0, bo0):
    """Parcels of an alternative as [(floor by use, site m²)], following `from` and `replace`
    (src/case/resolve.rs: the share of the `from` uses' floor moves to the `to` uses in
    every parcel)."""
    alt = next((a for a in raw["alternatives"] if a["id"] == alt_id), None)
    if alt is None:
        sys.exit(f"no alternative `{alt_id}` in the case")
    unsupported = {"external", "scale"} & alt.keys()
    if unsupported:
        sys.exit(f"sweep_point.py does not model {sorted(unsupported)} (alternative `{alt_id}`)")
    if "from" in alt:
        parcels = [(dict(f), s) for f, s in resolve_parcels(raw, alt["from"], cov0, bo0)]
    else:
        parcels = [parcel_floor(p, cov0, bo0) for p in alt["parcels"]]
    for r in alt.get("replace", []):
        share = r.get("share", 1.0)
        src = [r["from"]] if isinstance(r["from"], str) else r["from"]
        to = {r["to"]: 1.0} if isinstance(r["to"], str) else r["to"]
        tot = sum(to.values())
        for floor, _ in parcels:
            moved = 0.0
            for u in src:
                if u in floor:
                    m = floor[u] * share
                    floor[u] -= m
                    moved += m
            if moved > 0:
                for u, sh in to.items():
                    floor[u] = floor.get(u, 0.0) + moved * sh / tot
            for u in [u for u, x in floor.items() if x <= 0]:
                del floor[u]
    return parcels


def system_def(s) -> tuple[SystemDef | None, str]:
    """The modelled system, or None and why it is left out."""
    extra = set(s) - MODELLED_FIELDS
    if s["kind"] not in ("individual", "dhc"):
        return None, f"kind {s['kind']}"
    if extra:
        return None, "fields " + ", ".join(sorted(extra))
    bu = s.get("buildup")
    if bu is not None and (set(bu) - MODELLED_BUILDUP):
        return None, "buildup fields " + ", ".join(sorted(set(bu) - MODELLED_BUILDUP))
    if s["kind"] == "individual" and set(s) - {"id", "kind", "name", "basis"}:
        return None, "individual fields " + ", ".join(sorted(set(s) - {"id", "kind", "name", "basis"}))
    return SystemDef(id=s["id"], kind=s["kind"], basis=s.get("basis", "study"),
                     unused_share=s.get("unused_share", 0.0) or 0.0,
                     unused_reduces_contracts=s.get("unused_reduces_contracts"),
                     buildup=bu, subsidy=s.get("subsidy", "none")), ""


def buildings_of_parcels(data: Data, parcels, k):
    """Connected buildings with every parcel's floor × k (src/supply/network.rs): one per
    `building_site_m2` of site (the land layout, whatever the density), or for a parcel given
    by floor alone one per `building_floor_m2` of floor; at least one per parcel."""
    net = data.supply["network"]
    per_site, per_floor = v(net["building_site_m2"]), v(net["building_floor_m2"])
    return max(sum(max(site / per_site if site else f * k / per_floor, 1.0) for f, site in parcels), 1.0)


def area_of(data: Data, raw, region):
    """The case's utility area (src/pipeline/prepare.rs area)."""
    areas = data.supply["areas"]
    given = raw.get("area")
    if given is None:
        ra = v(data.supply["region_areas"])
        return ra.get(region, ra["kanto"])
    key = given.strip().lower()
    if key in areas:
        return key
    for field_ in ("prefectures", "cities"):
        for aid, a in areas.items():
            if key in a.get(field_, []):
                return aid
    sys.exit(f"unknown area `{given}`")


def load_case(path: Path, alt_id: str, data: Data) -> Case:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if raw.get("uses"):
        sys.exit("sweep_point.py models the built-in uses only (the case defines `uses:`)")
    dist = raw["district"]
    area_m2 = dist.get("gross_area_m2") or dist["gross_area_ha"] * 10_000.0
    rule = data.intensities["floor_rule"]
    cov0 = dist.get("coverage", v(rule["coverage"]))
    bo0 = dist.get("buildout", v(rule["buildout"]))
    parcels = resolve_parcels(raw, alt_id, cov0, bo0)
    floor = {}
    for f, _ in parcels:
        for u, x in f.items():
            floor[u] = floor.get(u, 0.0) + x
    parcel_floors = [(sum(f.values()), site) for f, site in parcels]
    alt = next(a for a in raw["alternatives"] if a["id"] == alt_id)
    systems, skipped = [], []
    for s in alt.get("systems", []):
        d, why = system_def(s)
        if d is None:
            skipped.append((s["id"], why))
        else:
            systems.append(d)
    region = raw.get("region", v(data.intensities["default_region"]))
    area = area_of(data, raw, region)
    tariffs = raw.get("tariffs") or {}
    cal = raw.get("calendar") or {}
    ref = data.intensities["reference_calendar"]
    return Case(
        raw=raw, path=path, alternative=alt_id,
        district_area_m2=area_m2,
        floor_by_use_m2=floor,
        parcels=parcel_floors,
        buildings=buildings_of_parcels(data, parcel_floors, 1.0),
        dataset=raw.get("dataset", data.intensities["default_dataset"]),
        region=region, area=area,
        factor_set=raw.get("factor_set", data.supply["areas"][area]["factor_set"]),
        tariff_set=tariffs.get("set", data.supply["areas"][area]["tariff_set"]),
        tariff_overrides={k: x for k, x in tariffs.items() if k != "set"},
        year=cal.get("year", v(ref["year"])),
        year_end_break=cal.get("year_end_break", v(ref["year_end_break"])),
        systems=systems, skipped=skipped,
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
# Supply: data of a run resolved once (not timed).
# ---------------------------------------------------------------------------------------


@dataclass
class Supply:
    """Supply data resolved once: equipment, auxiliaries, the case's factors and tariffs."""

    s: dict
    factors: dict
    tariffs: dict  # dhc_electricity / dhc_gas / individual_electricity / individual_gas → {rate: value}
    pump: dict = field(default_factory=dict)

    @classmethod
    def of(cls, data: Data, case: Case) -> "Supply":
        s = data.supply
        fs = {k: v(x) for k, x in s["factor_sets"][case.factor_set].items() if k != "label"}
        tariffs = {}
        for name, t in s["tariff_sets"][case.tariff_set].items():
            if name == "label":
                continue
            rates = {k: v(x) for k, x in t.items() if not k.startswith("label")}
            rates.update(case.tariff_overrides.get(name) or {})  # the case's own rates
            tariffs[name] = rates
        aux = s["auxiliaries"]
        pump = {k: pump_kwh_per_kwh(aux[k]) for k in
                ("building_chilled_water_pump", "building_hot_water_pump", "dhc_chilled_water_pump")}
        return cls(s, fs, tariffs, pump)

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

    def bill_kyen(self, tariff, contract, quantity):
        """Two-part tariff: basic × contract × 12 + energy × quantity, ¥ thousand."""
        t = self.tariffs[tariff]
        basic = t.get("basic_yen_per_kw_month", t.get("basic_yen_per_nm3h_month"))
        energy = t.get("energy_yen_per_kwh", t.get("energy_yen_per_nm3"))
        return (basic * contract * 12 + energy * quantity) / 1000


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
    key = {"absorption_chiller": "absorption_chiller", "heat_pump": "heat_pump", "boiler": "boiler"}
    return v(c[key.get(kind, "electric_chiller")])


def equipment_cost_yen(sup: Supply, eid, capacity_kw, units):
    """Cost of an equipment group on its cost curve (src/supply/dhc/economics.rs)."""
    c = sup.s["costs"]
    units = max(units, 1)
    return scaled_cost_yen(unit_cost_of(sup, sup.eq(eid)["kind"]), v(c["ref_kw"]), v(c["exponent"]),
                           capacity_kw / units, units)


def scale_purposes(bal, covers, k):
    """The balance with the energy of the purposes `covers` × k (Balance::with_purposes_scaled)."""
    out = dict(bal)
    out["electricity"] = {p: x * k if p in covers else x for p, x in bal["electricity"].items()}
    out["gas"] = {p: x * k if p in covers else x for p, x in bal["gas"].items()}
    return out


def levelised_price(rate, takeup, fixed_kyen, variable_kyen, heat_gj):
    """Σ v_y (F_y + τ_y·V) / Σ v_y τ_y·H, v_y = (1+r)^−(y+1) (src/econ.rs)."""
    tau = np.asarray(takeup, float)
    disc = (1.0 + rate) ** -np.arange(1, tau.size + 1, dtype=float)
    den = (disc * tau).sum() * heat_gj
    return (disc * (fixed_kyen + tau * variable_kyen)).sum() / den if den > 0 else math.inf


def takeup_curve(years, bu):
    """Take-up share in each year (src/econ.rs takeup_curve)."""
    if bu.get("curve") is not None:
        c = bu["curve"]
        return [c[y] if y < len(c) else c[-1] for y in range(years)]
    if bu.get("takeup") is not None:
        return [bu["takeup"]] * years
    s, e = bu.get("start", 0.0), bu.get("end", 1.0)
    r = max(bu.get("ramp_years", years), 1.0)
    return [s + (e - s) * min((y + 1) / r, 1.0) for y in range(years)]


# ---------------------------------------------------------------------------------------
# Individual building plants (src/supply/individual.rs, supply/mod.rs dwelling level).
# ---------------------------------------------------------------------------------------


def building_plant(sup: Supply, use, uc, uh, uw, sizing, floor_m2):
    """Hourly run of the building plants of `floor_m2` of one use on its own loads
    (individual.rs run_plant): balance by purpose, peaks, and the plant's W/m²."""
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
    return dict(
        electricity=dict(chillers=e.sum(), pumps=pump.sum(), cooling_towers=tower.sum()),
        gas=dict(heating=sup.gas_nm3(heat.sum(), heat_eff), hot_water=sup.gas_nm3(hw.sum(), hw_eff),
                 absorption=sup.gas_nm3(steam_abs.sum(), heat_eff)),
        heat_demand=heat.sum() + hw.sum() + served.sum(), rejected=rejected.sum(),
        peak_e=(e + pump + tower).max(), peak_g=gas_h.max(), unmet=np.maximum(rest, 0).sum(),
        cool_w=sizing[COOL] * margin * share_cool,
        boiler_w=(sizing[HEAT] * share_heat + sizing[HW]) * margin,
    )


def scaled_plant(unit, f):
    """A per-m² building-plant balance × floor (plants are linear in floor)."""
    return dict(electricity={k: x * f for k, x in unit["electricity"].items()},
                gas={k: x * f for k, x in unit["gas"].items()},
                **{k: unit[k] * f for k in ("heat_demand", "rejected", "peak_e", "peak_g", "unmet")},
                cool_w=unit["cool_w"], boiler_w=unit["boiler_w"])


def dwelling_level(sup: Supply, models, floor):
    """Room-AC electricity (kWh) and the sum of the dwellings' peaks (kW)."""
    kwh = peak = 0.0
    for i, u in enumerate(models.uses):
        dl = sup.s["dwelling_level"].get(u)
        if not dl:
            continue
        eq = sup.eq(dl["equipment"])
        cop = eq.get("cop", 1.0)
        hcop = eq.get("heating_cop", cop)
        a, dp = models.annual_kwh_m2[i], models.design_peak_w_m2[i]
        kwh += floor[i] * (dl["cooling"] * a[COOL] / cop + dl["heating"] * a[HEAT] / hcop)
        peak += floor[i] * max(dl["cooling"] * dp[COOL] / cop, dl["heating"] * dp[HEAT] / hcop) / 1000
    return kwh, peak


def individual(sup: Supply, models, floor, sd: SystemDef, plants, room_ac):
    """Individual plants of a floor mix (individual.rs evaluate / realistic / economics):
    energy, CO2, construction, annual cost, ¥/MJ. `plants`: each use's plant run at its floor."""
    s = sup.s
    costs, ec = s["costs"], s["economics"]
    bfloor = v(s["network"]["building_floor_m2"])
    bp = s["building_plants"]
    elec = dict(room_ac=room_ac[0])
    gas = {}
    heat_demand = rejected = unmet = 0.0
    peak_e, peak_g = room_ac[1], 0.0
    construction = 0.0
    exponent, ref_kw = v(costs["exponent"]), v(costs["ref_kw"])
    for i, u in enumerate(models.uses):
        f, r = floor[i], plants[i]
        for k, x in r["electricity"].items():
            elec[k] = elec.get(k, 0.0) + x
        for k, x in r["gas"].items():
            gas[k] = gas.get(k, 0.0) + x
        heat_demand += r["heat_demand"]
        rejected += r["rejected"]
        unmet += r["unmet"]
        peak_e += r["peak_e"]
        peak_g += r["peak_g"]
        # Cost: the use's floor split into buildings of the typical floor (continuous).
        n_bldg = max(f / bfloor, 1.0)
        cool_kw, boiler_kw = r["cool_w"] * f / 1000 / n_bldg, r["boiler_w"] * f / 1000 / n_bldg
        for p in bp["by_use"].get(u, bp["default"])["cooling"]:
            units = max(p.get("units", 3), 1)
            construction += n_bldg * scaled_cost_yen(unit_cost_of(sup, sup.eq(p["equipment"])["kind"]), ref_kw,
                                                     exponent, cool_kw * p["share"] / units, units)
        construction += n_bldg * scaled_cost_yen(unit_cost_of(sup, "boiler"), ref_kw, exponent, boiler_kw / 2, 2)
    bal = dict(electricity=elec, gas=gas)
    tax_share = 0.0
    if sd.basis == "realistic":  # typical operation of the heat-source equipment, property tax
        real = s["realistic"]
        k = v(real["building_operating_energy_factor"])
        bal = scale_purposes(bal, v(real["building_operating_covers"]), k)
        peak_e, peak_g = peak_e * k, peak_g * k
        tax_share = v(real["property_tax_share"])
    elec_total, gas_total = sum(bal["electricity"].values()), sum(bal["gas"].values())
    construction_k = construction * v(costs["individual_multiplier"]) / 1000
    # Room-AC energy is billed to the dwellings; its peak sits in the summed contracts.
    elec_k = sup.bill_kyen("individual_electricity", peak_e, elec_total - bal["electricity"]["room_ac"])
    gas_k = sup.bill_kyen("individual_gas", peak_g, gas_total)
    water_k = rejected / 1000 * v(s["auxiliaries"]["makeup_water_m3_per_mwh_rejected"]) \
        * v(ec["water_yen_per_m3"]) / 1000
    annual = (construction_k * (crf(v(ec["interest"]), v(ec["years"])) + v(ec["maintenance_share"]))
              + elec_k + gas_k + water_k + v(ec["individual_staff"]) * v(ec["staff_yen"]) / 1000
              + construction_k * tax_share)
    heat_gj = heat_demand * 3.6 / 1000
    return system_result(sup, elec_total, gas_total, heat_gj, floor.sum(), construction_cost_kyen=construction_k,
                         annual_cost_kyen=annual, heat_price_yen_per_mj=annual / heat_gj if heat_gj > 0 else None,
                         unmet_mwh=unmet / 1000)


def system_result(sup: Supply, elec_kwh, gas_nm3, heat_gj, floor_m2, **extra):
    """The CONTRACT energy and CO2 fields of a system (supply/evaluate.rs base_result)."""
    primary, co2 = sup.totals(elec_kwh, gas_nm3)
    return dict(electricity_mwh=elec_kwh / 1000, gas_knm3=gas_nm3 / 1000, heat_demand_gj=heat_gj,
                primary_energy_gj=primary, energy_efficiency=heat_gj / primary if primary > 0 else 0.0,
                co2_t=co2, co2_kg_per_m2=co2 * 1000 / floor_m2 if floor_m2 > 0 else 0.0, **extra)


# ---------------------------------------------------------------------------------------
# DHC (src/supply/dhc/operate.rs, economics.rs, mod.rs; src/supply/network.rs).
# ---------------------------------------------------------------------------------------


def connected_series(sup: Supply, models, floor):
    """Connected (non-room-AC) heating + hot-water and cooling series, kW, and the
    connected floors of heating and cooling per use."""
    dl = [sup.s["dwelling_level"].get(u, {}) for u in models.uses]
    k_heat = floor * np.array([1 - d.get("heating", 0.0) for d in dl])
    k_cool = floor * np.array([1 - d.get("cooling", 0.0) for d in dl])
    heat = k_heat @ models.unit_kw_m2[:, HEAT] + floor @ models.unit_kw_m2[:, HW]
    cool = k_cool @ models.unit_kw_m2[:, COOL]
    return heat, cool, k_heat, k_cool


def dhc_plant_of(sup: Supply, basis):
    """(chiller shares, boiler id) of a DHC plant on its basis (dhc/mod.rs for_basis)."""
    if basis == "realistic":
        vint = sup.s["realistic"]["vintage"]
        return vint["cooling"], vint["boiler"]
    return sup.s["dhc_plant"]["cooling"], sup.s["dhc_plant"]["boiler"]


def dhc_operate(sup: Supply, models, floor, case: Case, buildings, conn, basis):
    """Size, design the network and run the plant on the connected loads (operate.rs)."""
    s, aux = sup.s, sup.s["auxiliaries"]
    net, plant_d = s["network"], s["dhc_plant"]
    heat, cool, k_heat, k_cool = conn
    # Sizing: cooling on CF × Σ sizing maxima, heat on the coincident hourly peak (by default).
    peak_heat, peak_cool = heat.max(), cool.max()
    dp, sz = models.design_peak_w_m2, models.sizing_w_m2
    dp_c = k_cool @ dp[:, COOL] / 1000
    dp_h = (k_heat @ dp[:, HEAT] + floor @ dp[:, HW]) / 1000
    sz_c = k_cool @ sz[:, COOL] / 1000
    sz_h = (k_heat @ sz[:, HEAT] + floor @ sz[:, HW]) / 1000
    cf_c = peak_cool / dp_c if dp_c > 0 else 1.0
    cf_h = peak_heat / dp_h if dp_h > 0 else 1.0
    margin = v(plant_d["margin"])
    on = lambda basis_, peak, cf, smax: peak if basis_ == "coincident_peak" else max(cf * smax, peak)
    cap_cool = on(v(plant_d["sizing"]), peak_cool, cf_c, sz_c) * margin
    cap_heat = on(v(plant_d["heat_sizing"]), peak_heat, cf_h, sz_h) * margin
    design_hour = peak_cool * margin

    # Network on the design-hour flow: trench k·√(N·A) + branches, main diameter, friction head.
    n_bldg = max(buildings, 1.0)
    length = v(net["route_factor"]) * math.sqrt(n_bldg * case.district_area_m2) \
        + v(net["service_m_per_building"]) * n_bldg
    u_ms = v(net["velocity_m_per_s"])
    flow_m3_s = min(design_hour, cap_cool) / (WATER_KJ_PER_M3_K * v(net["chilled_dt_k"]))
    diameter = math.sqrt(4 * flow_m3_s / (math.pi * u_ms))
    head = (2 * v(net["friction_factor"]) * v(net["index_path_share"]) * length / diameter * u_ms ** 2
            / (2 * GRAVITY)) if diameter > 0 else 0.0
    loss_kw = v(net["heat_loss_w_per_m"]) * length / 1000
    gain_kw = v(net["cool_gain_w_per_m"]) * length / 1000
    op, heat_to_water = v(aux["pump_operating_factor"]), v(aux["pump_heat_to_water"])
    k_chw = sup.pump["dhc_chilled_water_pump"] * op
    k_net = pump_kwh_per_kwh(aux["dhc_chilled_water_pump"], head) * op
    k_steam, k_tower = v(aux["dhc_steam_kwh_per_kwh"]), v(aux["cooling_tower_kwh_per_kwh_rejected"])

    # Plant: chiller groups (electric ones run up to the design-hour share), boilers.
    shares, boiler = dhc_plant_of(sup, basis)
    boiler_eff = sup.eq(boiler)["efficiency"]
    run_k = min(design_hour / cap_cool, 1.0) \
        if v(plant_d["electric_chillers_run"]) == "design_hour_share" and cap_cool > 0 else 1.0
    groups = []  # (equipment, is absorption, cop, installed kW, run kW, units)
    for p in shares:
        eq = sup.eq(p["equipment"])
        absorption = eq["kind"] == "absorption_chiller"
        cap = p["share"] * cap_cool
        groups.append((p["equipment"], absorption, eq["cop"], cap, cap if absorption else cap * run_k,
                       p.get("units", 3)))
    dispatch = v(plant_d["dispatch"])
    if dispatch == "electric_first":
        order = sorted(groups, key=lambda g: g[1])
    elif dispatch == "absorption_first":
        order = sorted(groups, key=lambda g: not g[1])
    else:
        sys.exit(f"dispatch `{dispatch}` is not modelled")
    boiler_cap = cap_heat + sum(g[3] / g[2] for g in groups if g[1])

    # Hourly operation: needs (losses, gains, pump heat), chillers in order, boilers.
    heat_on, cool_on = heat > 0, cool > 0
    gain = np.where(cool_on, gain_kw, 0.0)
    heat_need = np.where(heat_on, heat + loss_kw, 0.0)
    rest = cool + gain + (k_chw * (cool + gain) + k_net * cool) * heat_to_water
    e = np.zeros(HOURS)
    steam_abs = np.zeros(HOURS)
    rejected = np.zeros(HOURS)
    for _, absorption, cop, _, run_kw, _ in order:
        q = np.minimum(rest, run_kw)
        rest = rest - q
        rejected += q * (1 + 1 / cop)
        if absorption:
            steam_abs += q / cop
        else:
            e += q / cop
    steam = heat_need + steam_abs
    unmet = np.maximum(rest, 0).sum() + np.where(steam > boiler_cap * (1 + STEAM_OVERLOAD_TOLERANCE),
                                                 steam - boiler_cap, 0).sum()
    tower = k_tower * rejected
    plant_pump = k_chw * (cool + gain) + k_steam * steam
    net_pump = k_net * cool
    e_total = e + tower + plant_pump + net_pump
    heat_loss = np.count_nonzero(heat_on) * loss_kw
    cool_gain = gain.sum()
    equipment = [(g[0], g[3], g[5]) for g in groups] + [(boiler, boiler_cap, v(plant_d["units"]))]
    return dict(
        electricity=dict(chillers=e.sum(), cooling_towers=tower.sum(), plant_pumps=plant_pump.sum(),
                         network_pumps=net_pump.sum()),
        gas=dict(heating_hot_water=sup.gas_nm3(heat_need.sum(), boiler_eff),
                 absorption=sup.gas_nm3(steam_abs.sum(), boiler_eff)),
        peak_e=e_total.max(), peak_g=sup.gas_nm3(steam.max(), boiler_eff),
        heat_demand=heat.sum() + cool.sum(), heat_loss=heat_loss, cool_gain=cool_gain,
        water_m3=rejected.sum() / 1000 * v(aux["makeup_water_m3_per_mwh_rejected"]),
        equipment=equipment, cooling_capacity_kw=cap_cool, heating_capacity_kw=cap_heat,
        boiler_capacity_kw=boiler_cap, network_length_m=length, main_diameter_m=diameter,
        unmet_mwh=unmet / 1000,
    )


def dhc(sup: Supply, o, sd: SystemDef, room_ac, floor_m2):
    """Economics and CONTRACT fields of a DHC system from its operation (economics.rs)."""
    s = sup.s
    ec, costs, real = s["economics"], s["costs"], s["realistic"]
    realistic = sd.basis == "realistic"
    plant_k = sum(equipment_cost_yen(sup, eid, cap, units) for eid, cap, units in o["equipment"]) / 1000
    length = o["network_length_m"]
    civil_k = v(costs["pipe_civil_yen_per_m"]) * length / 1000
    pipe_k = v(costs["pipe_yen_per_m_per_m_diameter"]) * o["main_diameter_m"] * length / 1000
    civil_paid, pipe_paid = {"none": (civil_k, pipe_k), "pipes": (0.0, 0.0), "tunnel": (0.0, pipe_k)}[sd.subsidy]
    construction = plant_k + civil_paid + pipe_paid
    rate, years = v(ec["interest"]), v(ec["years"])
    crf_ = crf(rate, years)
    # Unused-energy share and the realistic operating energy factor on the main plant's energy.
    k = v(real["operating_energy_factor"]) if realistic else 1.0
    share = sd.unused_share
    bal = dict(electricity=o["electricity"], gas=o["gas"])
    peak_e, peak_g = o["peak_e"], o["peak_g"]
    if share > 0 or k != 1.0:
        bal = scale_purposes(bal, v(s["dhc_plant"]["unused_share_covers"]), (1 - share) * k)
        peak_e, peak_g = peak_e * k, peak_g * k
        reduce = sd.unused_reduces_contracts
        if v(s["dhc_plant"]["unused_share_reduces_contracts"]) if reduce is None else reduce:
            peak_e, peak_g = peak_e * (1 - share), peak_g * (1 - share)
    e_kwh, g_nm3 = sum(bal["electricity"].values()), sum(bal["gas"].values())
    elec_k = sup.bill_kyen("dhc_electricity", peak_e, e_kwh)
    gas_k = sup.bill_kyen("dhc_gas", peak_g, g_nm3)
    water_k = o["water_m3"] * v(ec["water_yen_per_m3"]) / 1000
    tax_k = construction * v(real["property_tax_share"]) if realistic else 0.0
    no_load_k = elec_k * v(real["part_load_fixed_share"]) if realistic else 0.0
    staff_k = v(ec["staff"]) * v(ec["staff_yen"]) / 1000
    maint_share = v(ec["maintenance_share"])
    heat_sold_gj = (o["heat_demand"] + o["heat_loss"] + o["cool_gain"]) * 3.6 / 1000
    variable = elec_k + gas_k + water_k
    annual = construction * (crf_ + maint_share) + staff_k + variable + tax_k
    price = annual / heat_sold_gj
    buildup = sd.buildup
    if buildup is None and realistic:  # the realistic take-up ramp (supply.yaml realistic)
        buildup = dict(start=v(real["takeup_start"]), end=v(real["takeup_end"]),
                       ramp_years=v(real["takeup_ramp_years"]))
    if buildup is not None:  # levelised over the horizon; fixed costs stay, variable follow take-up
        fixed = (civil_paid + pipe_paid + plant_k) * (crf_ + maint_share) + staff_k + tax_k + no_load_k
        price = levelised_price(rate, takeup_curve(max(round(years), 1), buildup), fixed,
                                variable - no_load_k, heat_sold_gj)
    heat_gj = o["heat_demand"] * 3.6 / 1000
    return system_result(sup, e_kwh + room_ac[0], g_nm3, heat_gj, floor_m2,
                         construction_cost_kyen=construction, annual_cost_kyen=annual,
                         heat_sold_gj=heat_sold_gj, heat_price_yen_per_mj=price,
                         cooling_capacity_kw=o["cooling_capacity_kw"], heating_capacity_kw=o["heating_capacity_kw"],
                         boiler_capacity_kw=o["boiler_capacity_kw"], network_length_m=length,
                         main_diameter_m=o["main_diameter_m"], heat_loss_mwh=o["heat_loss"] / 1000,
                         unmet_mwh=o["unmet_mwh"])


# ---------------------------------------------------------------------------------------
# One sweep point.
# ---------------------------------------------------------------------------------------

MODES = ("full", "cached_profiles", "kukaku_equivalent")


@dataclass
class Setup:
    data: Data
    case: Case
    cal: tuple
    sup: Supply
    uses: list
    models: Models  # unit profiles built once (cached variants)
    unit_plants: list  # per-m² building-plant runs by use (kukaku_equivalent)
    plan_cf: dict  # CF per carrier of the plan's floor mix (kukaku_equivalent)


def setup(case_path: Path, alt: str, data_dir: Path) -> Setup:
    data = load_data(data_dir)
    case = load_case(case_path, alt, data)
    if not case.systems:
        sys.exit(f"alternative `{alt}` has no system the script models ({case.skipped})")
    cal = calendar(case.year, case.year_end_break)
    sup = Supply.of(data, case)
    uses = sorted(case.floor_by_use_m2)
    models = build_models(data, case, cal, uses)
    unit_plants = [building_plant(sup, u, *models.unit_kw_m2[i, [COOL, HEAT, HW]], models.sizing_w_m2[i], 1.0)
                   for i, u in enumerate(uses)]
    floor = np.array([case.floor_by_use_m2[u] for u in uses])
    metrics = load_metrics(np.tensordot(floor, models.unit_kw_m2, axes=1), floor, models, cal, lean=True)
    plan_cf = {cid: m["coincidence_factor"] for cid, m in metrics.items()}
    return Setup(data, case, cal, sup, uses, models, unit_plants, plan_cf)


def sweep_point(st: Setup, far_pct: float, mode: str = "full") -> dict:
    """Evaluate the alternative's systems with its floor scaled to gross FAR `far_pct` (%).

    full: unit profiles re-synthesised, building plants run hourly, full load metrics;
    cached_profiles: unit profiles reused; kukaku_equivalent: also the per-m² building plants
    reused and the CF of the plan (a density sweep leaves it unchanged), as `kukaku sweep`."""
    case, sup = st.case, st.sup
    k = far_pct / 100.0 / case.gross_far
    floor = np.array([case.floor_by_use_m2[u] * k for u in st.uses])
    models = build_models(st.data, case, st.cal, st.uses) if mode == "full" else st.models
    if mode == "kukaku_equivalent":
        loads = {cid: dict(coincidence_factor=cf) for cid, cf in st.plan_cf.items()}
        plants = [scaled_plant(u, f) for u, f in zip(st.unit_plants, floor)]
    else:
        total_kw = np.tensordot(floor, models.unit_kw_m2, axes=1)  # (4, 8760)
        loads = load_metrics(total_kw, floor, models, st.cal)
        plants = [building_plant(sup, u, *models.unit_kw_m2[i, [COOL, HEAT, HW]], models.sizing_w_m2[i], floor[i])
                  for i, u in enumerate(st.uses)]
    room_ac = dwelling_level(sup, models, floor)
    out = dict(x=far_pct, gross_far=far_pct / 100, floor_area_m2=floor.sum(), loads=loads, systems={})
    conn, ops = None, {}  # connected series and plant operations shared by the DHC systems
    buildings = buildings_of_parcels(st.data, case.parcels, k)
    for sd in case.systems:
        if sd.kind == "individual":
            out["systems"][sd.id] = individual(sup, models, floor, sd, plants, room_ac)
            continue
        if conn is None:
            conn = connected_series(sup, models, floor)
        if sd.basis not in ops:
            ops[sd.basis] = dhc_operate(sup, models, floor, case, buildings, conn, sd.basis)
        out["systems"][sd.id] = dhc(sup, ops[sd.basis], sd, room_ac, floor.sum())
    return out


# ---------------------------------------------------------------------------------------
# kukaku: case copies, runs, comparison and timing.
# ---------------------------------------------------------------------------------------

SCRATCH = Path(tempfile.mkdtemp(prefix="sweep_point_"))
atexit.register(lambda: subprocess.run(["rm", "-rf", str(SCRATCH)], check=False))


def case_copy(case: Case, tag: str, far_scale: float = 1.0) -> Path:
    """A copy of the case whose alternative keeps only the systems the script models, with
    every parcel's FAR (or floor) × `far_scale` (the same plan at another gross FAR)."""
    raw = json.loads(json.dumps(case.raw, default=str))  # deep copy; dates as text
    ids = {s.id for s in case.systems}
    for a in raw["alternatives"]:
        if a["id"] == case.alternative:
            a["systems"] = [s for s in a.get("systems", []) if s["id"] in ids]
        for p in a.get("parcels", []):
            for key in ("far_pct", "floor_m2"):
                if key in p:
                    p[key] *= far_scale
    path = SCRATCH / f"{case.path.stem}_{tag}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_kukaku(exe, args):
    r = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"kukaku {' '.join(map(str, args))} failed ({r.returncode}):\n{r.stderr}")
    return json.loads(r.stdout)


def child_cpu_s(exe, args, reps):
    """CPU seconds (user + system) of `reps` runs of kukaku, one per run (getrusage of children)."""
    out = []
    for _ in range(reps):
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([str(exe), *map(str, args)], stdout=subprocess.DEVNULL, check=True)
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.append((c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime))
    return np.array(out)


def rel(a, b):
    if a is None or b is None:
        return 0.0 if a == b else math.inf
    return (a - b) / b if b else (0.0 if a == b else math.inf)


def headline(sys_np, sys_k):
    """(quantity, numpy, kukaku) of a system's headline outputs in `kukaku run` JSON."""
    rows = [(q, sys_np[q], sys_k[q]) for q in
            ("heat_price_yen_per_mj", "primary_energy_gj", "co2_t", "electricity_mwh", "gas_knm3",
             "energy_efficiency", "construction_cost_kyen", "annual_cost_kyen")]
    eq = sys_k.get("equipment") or []
    if sys_k.get("network"):
        rows += [("cooling capacity kW", sys_np["cooling_capacity_kw"],
                  sum(e["capacity_kw"] for e in eq if e["role"] == "cooling")),
                 ("boiler capacity kW", sys_np["boiler_capacity_kw"],
                  sum(e["capacity_kw"] for e in eq if e["role"] == "steam")),
                 ("network length m", sys_np["network_length_m"], sys_k["network"]["length_m"]),
                 ("main diameter m", sys_np["main_diameter_m"], sys_k["network"]["main_diameter_m"]),
                 ("network heat loss MWh", sys_np["heat_loss_mwh"], sys_k["network"]["heat_loss_mwh"])]
    return rows


HEADLINE_SHOWN = (("heat_price_yen_per_mj", "¥/MJ"), ("primary_energy_gj", "primary GJ"), ("co2_t", "CO2 t"),
                  ("cooling capacity kW", "cooling kW"), ("boiler capacity kW", "boiler kW"))


def compare_runs(st: Setup, exe, fars, verbose=False):
    """Points at a few gross FARs against `kukaku run --format json` on scaled case copies:
    the headline outputs side by side (every compared quantity with `verbose`)."""
    worst = 0.0
    print(f"\nPoints at gross FAR {', '.join(f'{f:g}' for f in fars)} %: numpy (mode full) | `kukaku run "
          "--format json` on a case copy with every parcel's FAR scaled; 'max diff' is the largest relative "
          "difference over every compared quantity of the system (loads: CF, peak, DLF, ALF per carrier)")
    for far in fars:
        path = case_copy(st.case, f"far{far:g}", far / 100.0 / st.case.gross_far)
        a = next(x for x in run_kukaku(exe, ["run", path, "--format", "json", "--jobs", "1",
                                             "--out", SCRATCH / "reports"])["alternatives"]
                 if x["id"] == st.case.alternative)
        p = sweep_point(st, far, "full")
        groups = {"loads": [(f"{cid}: {q}", p["loads"][cid][q], a["loads"][cid][q])
                            for cid in CARRIERS for q in ("coincident_peak_kw", "coincidence_factor",
                                                          "daily_load_factor", "annual_load_factor")]}
        ks = {s["id"]: s for s in a["systems"]}
        for sid, r in p["systems"].items():
            groups[sid] = headline(r, ks[sid])
        print(f"  {far:g} % (floor {p['floor_area_m2']:,.0f} m²)")
        for name, rows in groups.items():
            d = max(abs(rel(x, y)) for _, x, y in rows)
            worst = max(worst, d)
            shown = {q: (x, y) for q, x, y in rows}
            cells = [f"{label} {shown[q][0]:.6g} | {shown[q][1]:.6g}" for q, label in HEADLINE_SHOWN if q in shown]
            if name == "loads":
                cells = [f"CF {cid} {p['loads'][cid]['coincidence_factor']:.6g} | "
                         f"{a['loads'][cid]['coincidence_factor']:.6g}" for cid in ("heating", "cooling")]
            print(f"    {name:<22}{'   '.join(cells)}   max diff {d * 100:.1e} %")
            if verbose:
                for q, x, y in rows:
                    print(f"      {q:<44}{x:>16.6g}{y:>16.6g}{rel(x, y) * 100:>10.1e}%")
    print(f"  largest relative difference over these points: {worst * 100:.2e} %")
    return worst


def compare_sweep(st: Setup, sweep_json):
    """Every point of a kukaku sweep: CF, price, efficiency and CO2 per system, all modes."""
    worst = {}
    for kp in sweep_json["points"]:
        for mode in MODES:
            p = sweep_point(st, kp["x"], mode)
            for cid in CARRIERS:
                d = abs(rel(p["loads"][cid]["coincidence_factor"], kp["coincidence_factor"][cid]))
                worst["CF " + cid] = max(worst.get("CF " + cid, 0.0), d)
            for sid, ks in kp["systems"].items():
                for q in ("heat_price_yen_per_mj", "energy_efficiency", "co2_t", "co2_kg_per_m2"):
                    key = f"{sid} {q}"
                    worst[key] = max(worst.get(key, 0.0), abs(rel(p["systems"][sid][q], ks[q])))
    xs = [kp["x"] for kp in sweep_json["points"]]
    print(f"\nSweep {xs[0]:g}–{xs[-1]:g} % ({len(xs)} points, all three modes) vs `kukaku sweep --format json`:"
          " largest relative difference over all points")
    for key, d in worst.items():
        print(f"  {key:<50}{d * 100:>12.2e} %")
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
    """CPU ms of each point of one sweep (time.process_time around each point)."""
    t = np.empty(len(xs))
    for i, x in enumerate(xs):
        t0 = time.process_time()
        sweep_point(st, x, mode)
        t[i] = time.process_time() - t0
    return t * 1000.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--case", default=str(REPO / "landuse_cases" / "district_a.yaml"))
    ap.add_argument("--alternative", default="base")
    ap.add_argument("--data", default=str(REPO / "src" / "data"), help="kukaku's data directory")
    ap.add_argument("--points", type=int, default=200, help="timed numpy points of the FAR sweep")
    ap.add_argument("--far-from", type=float, default=50.0)
    ap.add_argument("--far-to", type=float, default=400.0)
    ap.add_argument("--kukaku-step", type=float, default=0.25,
                    help="FAR step of the timed kukaku sweep (0.25: 1,401 points from 50 to 400 %%)")
    ap.add_argument("--compare-fars", default="60,plan,250,400",
                    help="gross FARs compared with `kukaku run` (`plan`: the plan's own)")
    ap.add_argument("--kukaku", default=str(REPO / "target" / "release" / "kukaku"),
                    help="kukaku binary for the comparison and its timing ('' to skip)")
    ap.add_argument("--reps", type=int, default=5,
                    help="timing rounds (each: every numpy mode, then the kukaku sweeps)")
    ap.add_argument("--verbose", action="store_true", help="print every compared quantity, not only the headline")
    ap.add_argument("--default-malloc", action="store_true",
                    help="leave glibc malloc's trim/mmap thresholds at their defaults")
    args = ap.parse_args()
    tuned = False if args.default_malloc else keep_freed_memory()
    case_path = Path(args.case)

    st = setup(case_path, args.alternative, Path(args.data))
    c = st.case
    print(f"case {case_path.name}, alternative `{args.alternative}`: plan gross FAR {c.gross_far * 100:.1f} %, "
          f"floor {({u: round(f) for u, f in c.floor_by_use_m2.items()})}, {c.buildings:g} buildings, "
          f"dataset {c.dataset}, region {c.region}, area {c.area}, factor set {c.factor_set}, "
          f"tariff set {c.tariff_set}")
    print(f"systems modelled: {', '.join(s.id for s in c.systems)}"
          + (f"; left out (and removed from the case copy kukaku runs): "
             + "; ".join(f"{i} ({why})" for i, why in c.skipped) if c.skipped else ""))
    print(f"numpy {np.__version__}, PyYAML {yaml.__version__}, Python {sys.version.split()[0]}")

    exe = Path(args.kukaku) if args.kukaku else None
    have_kukaku = bool(exe and exe.exists())
    agreement = None
    if have_kukaku:
        fars = [c.gross_far * 100 if f.strip() == "plan" else float(f) for f in args.compare_fars.split(",")]
        worst_run = compare_runs(st, exe, fars, args.verbose)
        copy = case_copy(c, "sweep")
        worst_sweep = compare_sweep(st, run_kukaku(exe, [
            "sweep", copy, "--alternative", c.alternative, "--far",
            f"{args.far_from:g}:{args.far_to:g}:10", "--format", "json", "--jobs", "1"]))
        agreement = max(worst_run, worst_sweep)
    elif exe:
        print(f"\n(no kukaku binary at {exe}: comparison and kukaku timing skipped)")

    xs = np.linspace(args.far_from, args.far_to, args.points)
    n = int(math.floor((args.far_to - args.far_from) / args.kukaku_step + 1e-9)) + 1
    kukaku_range = f"{args.far_from:g}:{args.far_to:g}:{args.kukaku_step:g}"
    print(f"\nTiming, {args.reps} rounds; each round: per numpy mode a sweep of {args.points} points "
          f"{args.far_from:g}→{args.far_to:g} % (time.process_time per point; data files parsed once, not "
          f"timed; one BLAS thread; glibc malloc {'keeps freed memory' if tuned else 'defaults'})"
          + (f", then `kukaku sweep --jobs 1 --far {kukaku_range}` ({n} points) and a one-point sweep "
             "(CPU of the child, getrusage)" if have_kukaku else ""))
    for mode in MODES:
        sweep_point(st, xs[0], mode)  # warm-up
    per_point = {mode: [] for mode in MODES}  # [round] → ms of each point
    cpu_n, cpu_1 = [], []
    if have_kukaku:
        sweep = ["sweep", case_copy(c, "sweep"), "--alternative", c.alternative, "--format", "json",
                 "--jobs", "1", "--far"]
    for _ in range(args.reps):  # rounds interleave both programs, so both see the same machine load
        for mode in MODES:
            per_point[mode].append(time_numpy(st, xs, mode))
        if have_kukaku:
            cpu_n.append(child_cpu_s(exe, sweep + [kukaku_range], 1)[0])
            cpu_1.append(child_cpu_s(exe, sweep + [f"{args.far_from:g}:{args.far_from:g}:1"], 1)[0])
    # Per program: CPU per point of each round's sweep; median and minimum over the rounds.
    stats = {}
    for mode, rounds in per_point.items():
        means = np.array([r.mean() for r in rounds])
        stats[mode] = (np.median(means), means.min())
        fastest = min(r.min() for r in rounds)
        print(f"  numpy {mode:<18} {np.median(means):7.3f} ms/point (median of the rounds' means; lowest "
              f"{means.min():.3f}; fastest single point {fastest:.3f})")
    if have_kukaku:
        cpu_n, cpu_1 = np.array(cpu_n), np.array(cpu_1)
        stats["kukaku"] = ((np.median(cpu_n) - np.median(cpu_1)) / (n - 1) * 1000,
                           (cpu_n.min() - cpu_1.min()) / (n - 1) * 1000)
        print(f"  kukaku {n}-point sweep: CPU median {np.median(cpu_n) * 1000:.1f} ms (lowest "
              f"{cpu_n.min() * 1000:.1f}); one-point sweep (start-up, case preparation, JSON) median "
              f"{np.median(cpu_1) * 1000:.1f} ms (lowest {cpu_1.min() * 1000:.1f})")
        print(f"  kukaku marginal CPU per point: {stats['kukaku'][0]:.4f} ms (medians), "
              f"{stats['kukaku'][1]:.4f} ms (lowest)")
        print("  numpy ÷ kukaku (medians; lowest):")
        for mode in MODES:
            print(f"    {mode:<18} {stats[mode][0] / stats['kukaku'][0]:6.2f}×   "
                  f"{stats[mode][1] / stats['kukaku'][1]:6.2f}×")
    print(f"  load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    # Markdown summary for README.
    systems = ", ".join(s.id for s in c.systems)
    print(f"\n### Markdown summary ({case_path.name} `{c.alternative}`: {systems})\n")
    print(f"| CPU per sweep point ({args.reps} rounds) | median ms | lowest ms | numpy ÷ kukaku (medians) "
          "| (lowest) |")
    print("|---|---|---|---|---|")
    k = stats.get("kukaku")
    for mode in MODES:
        ratio = f"{stats[mode][0] / k[0]:.2f}× | {stats[mode][1] / k[1]:.2f}×" if k else "– | –"
        print(f"| numpy `{mode}` ({args.points} points a round) | {stats[mode][0]:.3f} | {stats[mode][1]:.3f} "
              f"| {ratio} |")
    if k:
        print(f"| kukaku sweep `--jobs 1`, marginal ({n} points a round) | {k[0]:.4f} | {k[1]:.4f} | 1 | 1 |")
    if agreement is not None:
        print(f"\nLargest relative difference numpy vs kukaku (run at {args.compare_fars} % and the "
              f"{args.far_from:g}–{args.far_to:g} % sweep at 10 % steps): {agreement * 100:.2e} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
