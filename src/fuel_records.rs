//! Import of a facility's monthly fuel records (waste-heat-fs-cases.md §2.2): twelve
//! monthly fuel or electricity figures → the heat a waste-heat scheme must supply, by
//! carrier and month, on the facility's operating days.
//!
//! Methods of the Nagoya FS (each default with its source in waste_heat.yaml
//! `fuel_records`):
//! - `boiler`: required heat = fuel × heating value × boiler efficiency (pools and hotels
//!   η = 0.85, hospital N's steam boiler 0.85, pool J's cogeneration 0.40 "waste-heat
//!   utilisation ratio").
//! - `gas_substitution` (hospitals O, P, Q, gas): the base month (May) is hot water at
//!   80 %; the rest of each month is air-conditioning: heating at 85 % (heat COP 1.0) in
//!   heating months, cooling at 100 % (heat COP 0.7, a hot-water absorption chiller) in
//!   cooling months.
//! - `electricity_substitution` (hospitals O, P, Q, electricity): the base month (April)
//!   has no air-conditioning; the rest × electric COP 3.0 is heating (heat COP 1.0) or
//!   cooling (heat COP 0.7); only that rest can be substituted.
//!
//! The result feeds the use model (hourly series along the borrowed shape, on the
//! operating days only) and the FS's monthly delivery plan and accounting
//! (`supply::unused::study`). Months are kept in calendar order (January first); the
//! record remembers whether the case wrote them in fiscal order (April first).

use crate::calendar::{Calendar, HOURS_PER_YEAR};
use crate::carrier::{Carrier, PerCarrier};
use crate::case::SourceMap;
use crate::error::Result;
use crate::library::Library;
use crate::supply::data::FactorSet;
use serde::{Deserialize, Serialize};

/// Month order of the records as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MonthOrder {
    /// Japanese fiscal year, April first (the FS's tables).
    #[default]
    Fiscal,
    /// Calendar year, January first.
    Calendar,
}

impl MonthOrder {
    /// Calendar month (1–12) of the `i`-th value as written.
    pub fn month(self, i: usize) -> u32 {
        match self {
            MonthOrder::Fiscal => ((i + 3) % 12) as u32 + 1,
            MonthOrder::Calendar => i as u32 + 1,
        }
    }
}

/// What the records measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fuel {
    /// City gas, m³ (heating value and CO2 from the case's factor set).
    CityGas,
    /// Purchased electricity, kWh.
    Electricity,
}

impl Fuel {
    /// Id as written in case files.
    pub fn id(self) -> &'static str {
        match self {
            Fuel::CityGas => "city_gas",
            Fuel::Electricity => "electricity",
        }
    }

    /// Unit of the records.
    pub fn unit(self) -> &'static str {
        match self {
            Fuel::CityGas => "m³",
            Fuel::Electricity => "kWh",
        }
    }

    /// Energy per unit, MJ (gas: the factor set's heating value, 41.1 MJ/m³ in the FS's
    /// set; electricity 3.6 MJ/kWh).
    pub fn mj_per_unit(self, f: &FactorSet) -> f64 {
        match self {
            Fuel::CityGas => f.gas_hhv_mj_per_nm3.value,
            Fuel::Electricity => 3.6,
        }
    }

    /// CO2 per unit, kg (factor set).
    pub fn kg_co2_per_unit(self, f: &FactorSet) -> f64 {
        match self {
            Fuel::CityGas => f.gas_kg_co2_per_nm3.value,
            Fuel::Electricity => f.electricity_kg_co2_per_kwh.value,
        }
    }
}

/// How fuel becomes required heat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Fuel × heating value × efficiency, all to one carrier.
    #[default]
    Boiler,
    /// Hospitals' gas: base month = hot water, rest = heating or cooling.
    GasSubstitution,
    /// Hospitals' electricity: base month = no air-conditioning, rest × COP = heating or
    /// cooling.
    ElectricitySubstitution,
}

impl Method {
    /// Id as written in case files.
    pub fn id(self) -> &'static str {
        match self {
            Method::Boiler => "boiler",
            Method::GasSubstitution => "gas_substitution",
            Method::ElectricitySubstitution => "electricity_substitution",
        }
    }
}

/// Operating days per month as written: one number for every month, twelve numbers,
/// `calendar` (every day of the month) or `per_month` (the study analyses the month as a
/// whole: facilities open about 40–70 days a year, pools A and E).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum DaysSpec {
    /// The same number of days each month.
    Each(u32),
    /// Twelve numbers in the records' month order.
    List(Vec<u32>),
    /// `calendar` or `per_month`.
    Word(String),
}

/// `uses.<id>.fuel_records` as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FuelRecordSpec {
    /// Month order of `monthly` (default fiscal, April first).
    #[serde(default)]
    pub months: MonthOrder,
    /// What the records measure.
    pub fuel: Fuel,
    /// Twelve monthly figures in the fuel's unit (m³ or kWh).
    pub monthly: Vec<f64>,
    /// Operating days per month.
    pub operating_days: DaysSpec,
    /// Conversion method (default `boiler`).
    #[serde(default)]
    pub method: Method,
    /// Boiler method: heat per unit of fuel energy (0–1].
    #[serde(default)]
    pub efficiency: Option<f64>,
    /// Boiler method: the carrier the heat serves (default hot_water).
    #[serde(default)]
    pub carrier: Option<String>,
    /// Substitution methods: base month (1–12; default waste_heat.yaml).
    #[serde(default)]
    pub base_month: Option<u32>,
    /// The efficiency at which the displaced fuel would have made the delivered heat
    /// (default: the record's own conversion, i.e. pro rata of the month's fuel). Pool J's
    /// cogeneration: 1.0, the FS counts the gas equivalent of the heat delivered.
    #[serde(default)]
    pub credit_efficiency: Option<f64>,
    /// Price of the fuel, ¥ per unit (default waste_heat.yaml `study_accounting`).
    #[serde(default)]
    pub price_yen_per_unit: Option<f64>,
    /// Floor of the facility the records belong to, m² (the parcel's floor of this use;
    /// the hourly series are per m² of it).
    pub floor_m2: f64,
}

/// One month of a resolved record.
#[derive(Debug, Clone, Serialize)]
pub struct MonthRecord {
    /// Calendar month, 1–12.
    pub month: u32,
    /// Fuel of the month, in the fuel's unit.
    pub fuel: f64,
    /// Operating days (none: the month is analysed as a whole).
    pub days: Option<u32>,
    /// Hot-water heat, MJ.
    pub hot_water_mj: f64,
    /// Space-heating heat, MJ.
    pub heating_mj: f64,
    /// Cooling, MJ.
    pub cooling_mj: f64,
    /// Heat a scheme must bring to cover the month: hot water + heating ÷ heat COP +
    /// cooling ÷ heat COP (the FS's "MJ/month"), MJ.
    pub required_mj: f64,
    /// Fuel a full substitution of the month displaces (the whole month, or the
    /// air-conditioning rest of the electricity method), fuel unit.
    pub substitutable_fuel: f64,
}

impl MonthRecord {
    /// Required heat per operating day, MJ (the month's when analysed as a whole).
    pub fn required_mj_per_day(&self) -> f64 {
        match self.days {
            Some(d) if d > 0 => self.required_mj / d as f64,
            Some(_) => 0.0,
            None => self.required_mj,
        }
    }
}

/// A resolved fuel record.
#[derive(Debug, Clone, Serialize)]
pub struct FuelRecord {
    /// Fuel.
    pub fuel: Fuel,
    /// Method.
    pub method: Method,
    /// Month order as written (for reports).
    pub order: MonthOrder,
    /// The months, January first.
    pub months: Vec<MonthRecord>,
    /// Energy per fuel unit, MJ.
    pub mj_per_unit: f64,
    /// CO2 per fuel unit, kg.
    pub kg_co2_per_unit: f64,
    /// Price, ¥ per fuel unit.
    pub price_yen_per_unit: f64,
    /// Credit efficiency (none: pro rata of the month's substitutable fuel).
    pub credit_efficiency: Option<f64>,
    /// Floor of the facility, m².
    pub floor_m2: f64,
}

impl FuelRecord {
    /// The months in the order the case wrote them.
    pub fn months_as_written(&self) -> Vec<&MonthRecord> {
        (0..12)
            .map(|i| &self.months[self.order.month(i) as usize - 1])
            .collect()
    }

    /// Fuel displaced in month `m` (0 = January) when `delivered_mj` of heat reaches the
    /// facility: the delivered heat up to the requirement at the credit efficiency when the
    /// record gives one; else the whole substitutable fuel of a served month
    /// (`served_months`, the FS's convention), or pro rata of the substitutable fuel.
    pub fn displaced_fuel(&self, m: usize, delivered_mj: f64, served_months: bool) -> f64 {
        let r = &self.months[m];
        if delivered_mj <= 0.0 || r.required_mj <= 0.0 {
            return 0.0;
        }
        let used = delivered_mj.min(r.required_mj);
        match (self.credit_efficiency, served_months) {
            // The gas equivalent of the heat delivered (a cogeneration's heat: the unit
            // keeps running for its power, whatever convention substitutes whole months).
            (Some(e), _) => used / (self.mj_per_unit * e),
            (None, true) => r.substitutable_fuel,
            (None, false) => r.substitutable_fuel * used / r.required_mj,
        }
    }

    /// Monthly energy by carrier, kWh (cooling as cooling energy); carriers the method
    /// does not produce are zero.
    fn monthly_kwh(&self, c: Carrier) -> Vec<f64> {
        self.months
            .iter()
            .map(|r| {
                let mj = match c {
                    Carrier::HotWater => r.hot_water_mj,
                    Carrier::Heating => r.heating_mj,
                    Carrier::Cooling => r.cooling_mj,
                    Carrier::Electricity => 0.0,
                };
                mj / 3.6
            })
            .collect()
    }
}

/// Where a record is written: errors name the field under `uses.<id>.fuel_records`.
struct At<'a> {
    map: &'a SourceMap,
    path: String,
}

impl At<'_> {
    fn err(&self, field: &str, msg: String) -> crate::error::Error {
        self.map.error(&format!("{}.{field}", self.path), msg)
    }

    fn fraction(&self, field: &str, v: Option<f64>, default: f64) -> Result<f64> {
        let x = v.unwrap_or(default);
        if x.is_finite() && x > 0.0 && x <= 1.0 {
            Ok(x)
        } else {
            Err(self.err(field, format!("must be in (0, 1], got {x}")))
        }
    }
}

/// Operating days of each calendar month (none: analysed per month).
fn days(spec: &DaysSpec, order: MonthOrder, cal: &Calendar, at: &At) -> Result<Vec<Option<u32>>> {
    let in_month = |m: usize| (cal.month_ranges()[m].1 / 24) as u32;
    let mut out = vec![None; 12];
    match spec {
        DaysSpec::Word(w) if w == "per_month" => {}
        DaysSpec::Word(w) if w == "calendar" => {
            for (m, o) in out.iter_mut().enumerate() {
                *o = Some(in_month(m));
            }
        }
        DaysSpec::Word(w) => {
            return Err(at.err(
                "operating_days",
                format!("`{w}`: give a number of days, 12 numbers, `calendar` or `per_month`"),
            ))
        }
        DaysSpec::Each(n) => {
            // A nominal count for every month (the FS writes 30 for pool D, February
            // included); the operating days of a shorter month are all its days.
            if *n == 0 || *n > 31 {
                return Err(at.err(
                    "operating_days",
                    format!("operating days a month must be 1–31, got {n}"),
                ));
            }
            out.iter_mut().for_each(|o| *o = Some(*n));
        }
        DaysSpec::List(v) => {
            if v.len() != 12 {
                return Err(at.err(
                    "operating_days",
                    format!("needs 12 numbers, got {}", v.len()),
                ));
            }
            for (i, n) in v.iter().enumerate() {
                let m = order.month(i) as usize - 1;
                if *n > in_month(m) {
                    return Err(at.err(
                        &format!("operating_days[{i}]"),
                        format!(
                            "{n} operating days do not fit month {} ({} days)",
                            m + 1,
                            in_month(m)
                        ),
                    ));
                }
                out[m] = Some(*n);
            }
        }
    }
    Ok(out)
}

/// Resolve a record (`path`: `uses.<id>.fuel_records`) against the library and the case's
/// factor set.
pub fn resolve(
    spec: &FuelRecordSpec,
    path: &str,
    lib: &Library,
    factors: &FactorSet,
    cal: &Calendar,
    map: &SourceMap,
) -> Result<FuelRecord> {
    let at = At {
        map,
        path: path.to_string(),
    };
    let d = &lib.waste_heat.fuel_records;
    if spec.monthly.len() != 12 {
        return Err(at.err(
            "monthly",
            format!("needs 12 monthly figures, got {}", spec.monthly.len()),
        ));
    }
    for (i, v) in spec.monthly.iter().enumerate() {
        if !v.is_finite() || *v < 0.0 {
            return Err(at.err(&format!("monthly[{i}]"), format!("must be ≥ 0, got {v}")));
        }
    }
    if !spec.floor_m2.is_finite() || spec.floor_m2 <= 0.0 {
        return Err(at.err(
            "floor_m2",
            format!("must be positive, got {}", spec.floor_m2),
        ));
    }
    let fuel_of = |m: u32| spec.monthly[(0..12).find(|&i| spec.months.month(i) == m).unwrap_or(0)];
    let days = days(&spec.operating_days, spec.months, cal, &at)?;
    let hv = spec.fuel.mj_per_unit(factors);
    let method_fields = [
        ("efficiency", spec.efficiency.is_some()),
        ("carrier", spec.carrier.is_some()),
    ];
    let (cop_h, cop_c) = (d.heat_cop_heating.value, d.heat_cop_cooling.value);
    let cooling = |m: u32| d.cooling_months.value.contains(&m);
    let base = |default: f64| -> Result<u32> {
        let b = spec.base_month.unwrap_or(default as u32);
        if (1..=12).contains(&b) {
            Ok(b)
        } else {
            Err(at.err("base_month", format!("must be a month 1–12, got {b}")))
        }
    };
    let months: Vec<MonthRecord> = match spec.method {
        Method::Boiler => {
            if spec.base_month.is_some() {
                return Err(at.err(
                    "base_month",
                    "base_month applies to the substitution methods".into(),
                ));
            }
            let eta = match spec.efficiency {
                Some(e) => at.fraction("efficiency", Some(e), e)?,
                None => return Err(at.err("efficiency", "the boiler method needs the plant's efficiency (FS: 0.85 for hot-water and steam boilers, 0.40 for a cogeneration's heat)".into())),
            };
            let carrier = match spec.carrier.as_deref().unwrap_or("hot_water") {
                "hot_water" => Carrier::HotWater,
                "heating" => Carrier::Heating,
                other => {
                    return Err(at.err(
                        "carrier",
                        format!("`{other}`: a boiler's heat serves `hot_water` or `heating`"),
                    ))
                }
            };
            (1..=12)
                .map(|m| {
                    let fuel = fuel_of(m);
                    let heat = fuel * hv * eta;
                    let hot = carrier == Carrier::HotWater;
                    MonthRecord {
                        month: m,
                        fuel,
                        days: days[m as usize - 1],
                        hot_water_mj: if hot { heat } else { 0.0 },
                        heating_mj: if hot { 0.0 } else { heat },
                        cooling_mj: 0.0,
                        required_mj: heat,
                        substitutable_fuel: fuel,
                    }
                })
                .collect()
        }
        Method::GasSubstitution | Method::ElectricitySubstitution => {
            if let Some((field, _)) = method_fields.iter().find(|(_, set)| *set) {
                return Err(at.err(field, format!("{field} applies to `method: boiler`")));
            }
            let gas = spec.method == Method::GasSubstitution;
            if gas != (spec.fuel == Fuel::CityGas) {
                return Err(at.err(
                    "method",
                    format!(
                        "{} needs `fuel: {}`",
                        spec.method.id(),
                        if gas { "city_gas" } else { "electricity" }
                    ),
                ));
            }
            let b = if gas {
                base(d.gas_substitution_base_month.value)?
            } else {
                base(d.electricity_substitution_base_month.value)?
            };
            let base_fuel = fuel_of(b);
            (1..=12)
                .map(|m| {
                    let fuel = fuel_of(m);
                    let rest = (fuel - base_fuel).max(0.0);
                    // Air-conditioning energy the rest produced: gas through the existing
                    // plant's efficiency, electricity through its COP.
                    let (hot_water_mj, ac_mj, ac_eff) = if gas {
                        let e = if cooling(m) {
                            d.cooling_efficiency.value
                        } else {
                            d.heating_efficiency.value
                        };
                        (
                            base_fuel.min(fuel) * hv * d.hot_water_efficiency.value,
                            rest * hv,
                            e,
                        )
                    } else {
                        (0.0, rest * hv, d.electric_cop.value)
                    };
                    let ac = ac_mj * ac_eff;
                    let (heating_mj, cooling_mj, required_ac) = if cooling(m) {
                        (0.0, ac, ac / cop_c)
                    } else {
                        (ac, 0.0, ac / cop_h)
                    };
                    MonthRecord {
                        month: m,
                        fuel,
                        days: days[m as usize - 1],
                        hot_water_mj,
                        heating_mj,
                        cooling_mj,
                        required_mj: hot_water_mj + required_ac,
                        substitutable_fuel: if gas { fuel } else { rest },
                    }
                })
                .collect()
        }
    };
    if let Some(e) = spec.credit_efficiency {
        at.fraction("credit_efficiency", Some(e), e)?;
    }
    let price = match spec.price_yen_per_unit {
        Some(p) if p.is_finite() && p >= 0.0 => p,
        Some(p) => return Err(at.err("price_yen_per_unit", format!("must be ≥ 0, got {p}"))),
        None => match spec.fuel {
            Fuel::CityGas => lib.waste_heat.study_accounting.gas_yen_per_m3.value,
            Fuel::Electricity => {
                lib.waste_heat
                    .study_accounting
                    .electricity_yen_per_kwh
                    .value
            }
        },
    };
    Ok(FuelRecord {
        fuel: spec.fuel,
        method: spec.method,
        order: spec.months,
        months,
        mj_per_unit: hv,
        kg_co2_per_unit: spec.fuel.kg_co2_per_unit(factors),
        price_yen_per_unit: price,
        credit_efficiency: spec.credit_efficiency,
        floor_m2: spec.floor_m2,
    })
}

/// Operating-day mask of the year: 1 on the days a facility runs. `n` operating days of a
/// month of `len` days are spread evenly over it (day k runs when ⌊(k+1)·n/len⌋ >
/// ⌊k·n/len⌋); a month analysed as a whole runs every day.
pub fn day_mask(record: &FuelRecord, month_ranges: &[(usize, usize); 12]) -> Vec<bool> {
    let mut mask = vec![false; HOURS_PER_YEAR / 24];
    for (m, (start, hours)) in month_ranges.iter().enumerate() {
        let len = hours / 24;
        let n = record.months[m].days.map_or(len, |d| (d as usize).min(len));
        for k in 0..len {
            mask[start / 24 + k] = (k + 1) * n / len > k * n / len;
        }
    }
    mask
}

/// Hourly series per m² of the record's floor, kW/m², for the heat carriers (heating, hot
/// water, cooling): each month's energy spread along `template` (the borrowed use's
/// shape of that carrier) on the operating days. Electricity is left to the borrowed use
/// (`None`).
pub fn hourly_kw_per_m2(
    record: &FuelRecord,
    template: impl Fn(Carrier) -> Vec<f64>,
    cal: &Calendar,
) -> PerCarrier<Option<Vec<f64>>> {
    let mask = day_mask(record, &cal.month_ranges());
    let mut out: PerCarrier<Option<Vec<f64>>> = Default::default();
    for c in [Carrier::Heating, Carrier::HotWater, Carrier::Cooling] {
        let shape: Vec<f64> = template(c)
            .iter()
            .enumerate()
            .map(|(t, v)| if mask[t / 24] { *v } else { 0.0 })
            .collect();
        // Where the shape has nothing on a month's operating days, spread over them evenly.
        let even: Vec<f64> = (0..HOURS_PER_YEAR)
            .map(|t| if mask[t / 24] { 1.0 } else { 0.0 })
            .collect();
        let monthly = record.monthly_kwh(c);
        let mut h = vec![0.0; HOURS_PER_YEAR];
        for (m, (start, len)) in cal.month_ranges().iter().enumerate() {
            let r = *start..start + len;
            let w: f64 = shape[r.clone()].iter().sum();
            let (src, total) = if w > 0.0 {
                (&shape, w)
            } else {
                (&even, even[r.clone()].iter().sum())
            };
            if total > 0.0 {
                for t in r {
                    h[t] = monthly[m] * src[t] / total / record.floor_m2;
                }
            }
        }
        out[c.index()] = Some(h);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib() -> Library {
        Library::builtin().unwrap()
    }

    fn resolve_yaml(yaml: &str) -> Result<FuelRecord> {
        let lib = lib();
        let spec: FuelRecordSpec = serde_yaml::from_str(yaml).unwrap();
        let f = &lib.supply.factor_sets["waste_heat_study"];
        let cal = Calendar::new(2023, true);
        let map = SourceMap::new("t.yaml", "");
        resolve(&spec, "uses.x.fuel_records", &lib, f, &cal, &map)
    }

    #[test]
    fn boiler_heat_is_fuel_times_heating_value_times_efficiency() {
        // Pool B, Table 5.2: April 10,533 m³ over 21 days → 17,453 MJ/day as printed
        // (10,533 ÷ 21 × 41.1 × 0.85 = 17,522: the table's own rounding, 0.4 %).
        let r = resolve_yaml(
            "fuel: city_gas\nmonthly: [10533, 5101, 5403, 1468, 848, 3191, 2237, 6418, 10932, 9404, 8330, 9131]\noperating_days: 21\nefficiency: 0.85\nfloor_m2: 1000\n",
        )
        .unwrap();
        let apr = &r.months[3];
        assert_eq!(apr.month, 4);
        assert!(
            (apr.required_mj_per_day() / 17_453.0 - 1.0).abs() < 0.005,
            "{}",
            apr.required_mj_per_day()
        );
        assert_eq!(r.months_as_written()[0].month, 4);
        assert_eq!(r.months_as_written()[11].month, 3);
    }

    #[test]
    fn gas_and_electricity_substitution_follow_the_study_rows() {
        // Hospital O, gas (Table 5.15) and electricity (Table 5.16), MJ/day by fiscal month.
        let gas = resolve_yaml(
            "fuel: city_gas\nmethod: gas_substitution\nmonthly: [34884, 33761, 52875, 69662, 101161, 77476, 34927, 35694, 57628, 71649, 62234, 61411]\noperating_days: calendar\nfloor_m2: 1000\n",
        )
        .unwrap();
        let study = [
            38_310.0, 35_808.0, 74_411.0, 103_805.0, 163_465.0, 122_559.0, 38_017.0, 39_253.0,
            62_705.0, 78_506.0, 75_170.0, 66_968.0,
        ];
        for (r, s) in gas.months_as_written().iter().zip(study) {
            assert!(
                (r.required_mj_per_day() / s - 1.0).abs() < 0.005,
                "month {}: {} vs {s}",
                r.month,
                r.required_mj_per_day()
            );
        }
        let el = resolve_yaml(
            "fuel: electricity\nmethod: electricity_substitution\nmonthly: [416976, 459216, 551088, 645648, 764448, 645936, 465024, 449808, 503760, 514872, 459576, 512064]\noperating_days: calendar\nfloor_m2: 1000\n",
        )
        .unwrap();
        let study = [
            0.0, 21_023.0, 68_972.0, 113_809.0, 172_935.0, 117_751.0, 23_913.0, 11_820.0, 30_234.0,
            34_106.0, 16_431.0, 33_127.0,
        ];
        for (r, s) in el.months_as_written().iter().zip(study) {
            let x = r.required_mj_per_day();
            assert!(
                (x - s).abs() <= 0.005 * s.max(1.0),
                "month {}: {x} vs {s}",
                r.month
            );
        }
        // Only the air-conditioning rest of the electricity can be substituted.
        assert_eq!(el.months[3].substitutable_fuel, 0.0);
    }

    #[test]
    fn bad_records_name_their_field() {
        let e = resolve_yaml(
            "fuel: city_gas\nmonthly: [1, 2]\noperating_days: 21\nefficiency: 0.85\nfloor_m2: 1\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("fuel_records.monthly"), "{e}");
        let e = resolve_yaml("fuel: city_gas\nmonthly: [1,1,1,1,1,1,1,1,1,1,1,1]\noperating_days: 32\nefficiency: 0.85\nfloor_m2: 1\n").unwrap_err();
        assert!(e.to_string().contains("operating_days"), "{e}");
        let e = resolve_yaml("fuel: electricity\nmethod: gas_substitution\nmonthly: [1,1,1,1,1,1,1,1,1,1,1,1]\noperating_days: calendar\nfloor_m2: 1\n").unwrap_err();
        assert!(e.to_string().contains("fuel_records.method"), "{e}");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn the_series_carries_each_months_heat_on_operating_days_only() {
        let r = resolve_yaml(
            "fuel: city_gas\nmonthly: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]\noperating_days: 21\nefficiency: 0.85\nfloor_m2: 10\n",
        )
        .unwrap();
        let cal = Calendar::new(2023, true);
        let s = hourly_kw_per_m2(&r, |_| vec![1.0; HOURS_PER_YEAR], &cal);
        let hw = s[Carrier::HotWater.index()].as_ref().unwrap();
        let (start, len) = cal.month_ranges()[0];
        let jan: f64 = hw[start..start + len].iter().sum::<f64>() * 10.0 * 3.6;
        assert!((jan - 100.0 * 41.1 * 0.85).abs() < 1e-6, "{jan}");
        let days_on = (0..31).filter(|d| hw[(start / 24 + d) * 24] > 0.0).count();
        assert_eq!(days_on, 21);
        assert!(s[Carrier::Electricity.index()].is_none());
    }
}
