//! Solar resource, PV yield and solar-collector output.
//!
//! Geometry and irradiance models follow Duffie & Beckman, *Solar Engineering of Thermal
//! Processes* (4th ed., 2013), chapters 1–2: Spencer (1971) declination and equation of
//! time, extraterrestrial radiation (eq. 1.10.3), Collares-Pereira & Rabl (1979) hourly
//! share of daily global irradiation (eq. 2.13.2), Erbs, Klein & Duffie (1982) hourly
//! diffuse fraction (eq. 2.10.1) and the isotropic-sky tilted-surface model (eq. 2.15.1).
//! Angles are degrees in signatures; hour `t` of the year covers [t, t+1) local standard
//! time and its sun position is taken at the midpoint.
//!
//! Weather comes from (a) approximate built-in monthly means per city, turned into a
//! synthetic year of daily clearness (seeded AR(1) sequence) and hourly values, or (b) the
//! user's hourly data: EPW files or a plain CSV.

use crate::calendar::{DAYS_IN_MONTH, HOURS_PER_YEAR};
use crate::error::{Error, Result};
use crate::housing::{Location, PvData, SolarData};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use statrs::distribution::Normal;

/// Solar constant, W/m² (Duffie & Beckman 2013 use 1367).
pub const SOLAR_CONSTANT_W_M2: f64 = 1367.0;
/// Japan Standard Time meridian, ° east.
pub const JST_MERIDIAN_DEG: f64 = 135.0;

fn rad(d: f64) -> f64 {
    d.to_radians()
}

/// Day angle B = (n − 1)·360/365, radians (Spencer 1971).
fn day_angle(n: u32) -> f64 {
    rad((n as f64 - 1.0) * 360.0 / 365.0)
}

/// Solar declination (°) on day of year `n` (1..=365), Spencer (1971); D&B eq. 1.6.1b.
pub fn declination_deg(n: u32) -> f64 {
    let b = day_angle(n);
    (0.006918 - 0.399912 * b.cos() + 0.070257 * b.sin() - 0.006758 * (2.0 * b).cos()
        + 0.000907 * (2.0 * b).sin()
        - 0.002697 * (3.0 * b).cos()
        + 0.00148 * (3.0 * b).sin())
    .to_degrees()
}

/// Equation of time (minutes), Spencer (1971); D&B eq. 1.5.3.
pub fn equation_of_time_min(n: u32) -> f64 {
    let b = day_angle(n);
    229.2
        * (0.000075 + 0.001868 * b.cos()
            - 0.032077 * b.sin()
            - 0.014615 * (2.0 * b).cos()
            - 0.04089 * (2.0 * b).sin())
}

/// Apparent solar time (h) from local standard time (h) at a longitude (° east) with the
/// time zone's standard meridian (° east); D&B eq. 1.5.2 with east-positive longitudes.
pub fn solar_time_h(standard_time_h: f64, n: u32, longitude_deg: f64, meridian_deg: f64) -> f64 {
    standard_time_h + (4.0 * (longitude_deg - meridian_deg) + equation_of_time_min(n)) / 60.0
}

/// Hour angle (°), negative in the morning: ω = 15·(solar time − 12).
pub fn hour_angle_deg(solar_time_h: f64) -> f64 {
    15.0 * (solar_time_h - 12.0)
}

/// cos of the zenith angle; D&B eq. 1.6.5.
pub fn cos_zenith(latitude_deg: f64, declination_deg: f64, hour_angle_deg: f64) -> f64 {
    let (p, d, w) = (rad(latitude_deg), rad(declination_deg), rad(hour_angle_deg));
    p.cos() * d.cos() * w.cos() + p.sin() * d.sin()
}

/// cos of the angle of incidence on a surface of tilt β and azimuth γ (0 = south, west
/// positive); D&B eq. 1.6.2.
pub fn cos_incidence(
    latitude_deg: f64,
    declination_deg: f64,
    hour_angle_deg: f64,
    tilt_deg: f64,
    azimuth_deg: f64,
) -> f64 {
    let (p, d, w) = (rad(latitude_deg), rad(declination_deg), rad(hour_angle_deg));
    let (b, g) = (rad(tilt_deg), rad(azimuth_deg));
    d.sin() * p.sin() * b.cos() - d.sin() * p.cos() * b.sin() * g.cos()
        + d.cos() * p.cos() * b.cos() * w.cos()
        + d.cos() * p.sin() * b.sin() * g.cos() * w.cos()
        + d.cos() * b.sin() * g.sin() * w.sin()
}

/// Sunset hour angle (°); D&B eq. 1.6.10.
pub fn sunset_hour_angle_deg(latitude_deg: f64, declination_deg: f64) -> f64 {
    (-(rad(latitude_deg).tan() * rad(declination_deg).tan()))
        .clamp(-1.0, 1.0)
        .acos()
        .to_degrees()
}

/// Extraterrestrial normal irradiance (W/m²) on day `n`; D&B eq. 1.4.1a.
pub fn extraterrestrial_normal_w_m2(n: u32) -> f64 {
    SOLAR_CONSTANT_W_M2 * (1.0 + 0.033 * rad(360.0 * n as f64 / 365.0).cos())
}

/// Daily extraterrestrial irradiation on a horizontal surface, MJ/m²; D&B eq. 1.10.3.
pub fn daily_extraterrestrial_mj_m2(latitude_deg: f64, n: u32) -> f64 {
    let d = declination_deg(n);
    let ws = sunset_hour_angle_deg(latitude_deg, d);
    let (p, dr, wr) = (rad(latitude_deg), rad(d), rad(ws));
    24.0 * 3600.0 / std::f64::consts::PI * extraterrestrial_normal_w_m2(n) / 1e6
        * (p.cos() * dr.cos() * wr.sin() + wr * p.sin() * dr.sin())
}

/// Collares-Pereira & Rabl (1979): ratio of hourly to daily global irradiation at hour
/// angle ω (°) for sunset hour angle ωs (°); D&B eq. 2.13.2a–c. 0 outside daylight.
pub fn collares_pereira_rt(hour_angle_deg: f64, sunset_deg: f64) -> f64 {
    if hour_angle_deg.abs() >= sunset_deg {
        return 0.0;
    }
    let a = 0.409 + 0.5016 * rad(sunset_deg - 60.0).sin();
    let b = 0.6609 - 0.4767 * rad(sunset_deg - 60.0).sin();
    let (w, ws) = (rad(hour_angle_deg), rad(sunset_deg));
    std::f64::consts::PI / 24.0 * (a + b * w.cos()) * (w.cos() - ws.cos())
        / (ws.sin() - ws * ws.cos())
}

/// Erbs, Klein & Duffie (1982): diffuse fraction of hourly global irradiation from the
/// hourly clearness index kT; D&B eq. 2.10.1.
pub fn erbs_diffuse_fraction(kt: f64) -> f64 {
    if kt <= 0.22 {
        1.0 - 0.09 * kt
    } else if kt <= 0.80 {
        0.9511 - 0.1604 * kt + 4.388 * kt.powi(2) - 16.638 * kt.powi(3) + 12.336 * kt.powi(4)
    } else {
        0.165
    }
}

/// Irradiance on a tilted surface, isotropic sky (Liu & Jordan); D&B eq. 2.15.1.
/// Beam is dropped below 5° sun elevation (cos θz < 0.087), where Rb is unstable.
pub fn poa_isotropic_w_m2(
    ghi_w_m2: f64,
    dhi_w_m2: f64,
    cos_theta: f64,
    cos_zenith: f64,
    tilt_deg: f64,
    albedo: f64,
) -> f64 {
    let beam_h = (ghi_w_m2 - dhi_w_m2).max(0.0);
    let rb = if cos_zenith > 0.087 {
        cos_theta.max(0.0) / cos_zenith
    } else {
        0.0
    };
    let b = rad(tilt_deg);
    beam_h * rb + dhi_w_m2 * (1.0 + b.cos()) / 2.0 + ghi_w_m2 * albedo * (1.0 - b.cos()) / 2.0
}

/// PV AC output (kWh in one hour) of `kwp` at plane-of-array irradiance `poa_w_m2` and
/// air temperature `temp_c`: NOCT cell temperature, linear power temperature coefficient,
/// DC losses and inverter efficiency.
pub fn pv_ac_kwh(poa_w_m2: f64, temp_c: f64, kwp: f64, pv: &PvData) -> f64 {
    if poa_w_m2 <= 0.0 {
        return 0.0;
    }
    let cell_c = temp_c + (pv.noct_c.value - 20.0) / 800.0 * poa_w_m2;
    let dc = kwp * poa_w_m2 / 1000.0 * (1.0 + pv.temp_coefficient_per_k.value * (cell_c - 25.0));
    (dc * (1.0 - pv.system_losses.value) * pv.inverter_efficiency.value).max(0.0)
}

/// Collector efficiency η = η0 − a1·ΔT/G − a2·ΔT²/G (EN ISO 9806 quadratic curve), ΔT =
/// mean fluid − ambient (K), G irradiance on the aperture (W/m²); not below 0.
pub fn collector_efficiency(eta0: f64, a1: f64, a2: f64, dt_k: f64, g_w_m2: f64) -> f64 {
    if g_w_m2 <= 0.0 {
        return 0.0;
    }
    (eta0 - a1 * dt_k / g_w_m2 - a2 * dt_k * dt_k / g_w_m2).max(0.0)
}

/// An hourly weather year (8760 values).
#[derive(Debug, Clone)]
pub struct Weather {
    /// Latitude, ° north.
    pub latitude: f64,
    /// Longitude, ° east.
    pub longitude: f64,
    /// Standard meridian of the data's clock, ° east.
    pub meridian: f64,
    /// Global horizontal irradiance, hourly mean W/m² (= Wh/m² per hour).
    pub ghi_w_m2: Vec<f64>,
    /// Diffuse horizontal, W/m² (Erbs split when absent).
    pub dhi_w_m2: Option<Vec<f64>>,
    /// Air temperature, °C.
    pub temp_c: Vec<f64>,
    /// What the data are.
    pub source: String,
}

fn day_of_year_of_hour(t: usize) -> u32 {
    (t / 24) as u32 + 1
}

impl Weather {
    /// Sun position of hour `t` at its midpoint: (declination °, hour angle °, cos θz).
    pub fn sun(&self, t: usize) -> (f64, f64, f64) {
        let n = day_of_year_of_hour(t);
        let d = declination_deg(n);
        let st = solar_time_h((t % 24) as f64 + 0.5, n, self.longitude, self.meridian);
        let w = hour_angle_deg(st);
        (d, w, cos_zenith(self.latitude, d, w))
    }

    /// Diffuse horizontal of hour `t`: the data's own, or Erbs from the hourly clearness.
    pub fn diffuse_w_m2(&self, t: usize) -> f64 {
        let ghi = self.ghi_w_m2[t];
        if let Some(d) = &self.dhi_w_m2 {
            return d[t].min(ghi).max(0.0);
        }
        let (_, _, cz) = self.sun(t);
        let i0 = extraterrestrial_normal_w_m2(day_of_year_of_hour(t)) * cz.max(0.0);
        if i0 <= 1.0 {
            return ghi;
        }
        ghi * erbs_diffuse_fraction((ghi / i0).min(1.0))
    }

    /// Hourly irradiance on a tilted plane, W/m² (8760 values).
    pub fn poa_w_m2(&self, tilt_deg: f64, azimuth_deg: f64, albedo: f64) -> Vec<f64> {
        (0..HOURS_PER_YEAR)
            .map(|t| {
                let ghi = self.ghi_w_m2[t];
                if ghi <= 0.0 {
                    return 0.0;
                }
                let (d, w, cz) = self.sun(t);
                let ct = cos_incidence(self.latitude, d, w, tilt_deg, azimuth_deg);
                poa_isotropic_w_m2(ghi, self.diffuse_w_m2(t), ct, cz, tilt_deg, albedo)
            })
            .collect()
    }

    /// Annual global horizontal irradiation, GJ/m²·yr.
    pub fn annual_ghi_gj_m2(&self) -> f64 {
        self.ghi_w_m2.iter().sum::<f64>() * 3600.0 / 1e9
    }
}

/// A synthetic hourly year from approximate monthly means (Duffie & Beckman §2.13): daily
/// clearness as a seeded AR(1) sequence about the monthly mean (rescaled so each month
/// keeps its mean), Collares-Pereira & Rabl hourly split, air temperature as monthly mean
/// plus a daily cosine (maximum at 14 h).
pub fn synthetic_weather(loc: &Location, s: &SolarData, seed: u64) -> Weather {
    use rand::distributions::Distribution;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let normal = Normal::new(0.0, 1.0).expect("unit normal");
    let phi = s.daily_clearness_autocorrelation.value;
    let sd = s.daily_clearness_sd.value;
    let mut ghi = vec![0.0; HOURS_PER_YEAR];
    let mut temp = vec![0.0; HOURS_PER_YEAR];
    let mut z = 0.0;
    let mut day = 0usize;
    for (m, &nd) in DAYS_IN_MONTH.iter().enumerate() {
        let h0: Vec<f64> = (0..nd)
            .map(|i| daily_extraterrestrial_mj_m2(loc.latitude, (day + i + 1) as u32))
            .collect();
        let h0_mean = h0.iter().sum::<f64>() / nd as f64;
        let kbar = (loc.ghi_mj_m2_day[m] / h0_mean).clamp(0.05, 0.85);
        let mut k: Vec<f64> = (0..nd)
            .map(|_| {
                z = phi * z + (1.0 - phi * phi).sqrt() * normal.sample(&mut rng);
                (kbar + sd * z).clamp(0.03, 0.80)
            })
            .collect();
        // Keep the month's mean irradiation exactly.
        let got: f64 = k.iter().zip(&h0).map(|(a, b)| a * b).sum::<f64>() / nd as f64;
        let f = loc.ghi_mj_m2_day[m] / got;
        k.iter_mut().for_each(|x| *x *= f);
        for i in 0..nd {
            let n = (day + i + 1) as u32;
            let h_day = k[i] * h0[i];
            let d = declination_deg(n);
            let ws = sunset_hour_angle_deg(loc.latitude, d);
            let mut r = [0.0; 24];
            for (hr, rv) in r.iter_mut().enumerate() {
                let st = solar_time_h(hr as f64 + 0.5, n, loc.longitude, JST_MERIDIAN_DEG);
                *rv = collares_pereira_rt(hour_angle_deg(st), ws);
            }
            let rs: f64 = r.iter().sum();
            for (hr, rv) in r.iter().enumerate() {
                let t = (day + i) * 24 + hr;
                if rs > 0.0 {
                    ghi[t] = h_day * rv / rs * 1e6 / 3600.0;
                }
                temp[t] = loc.temp_c[m]
                    + s.daily_temp_amplitude_k.value
                        * (2.0 * std::f64::consts::PI * (hr as f64 + 0.5 - 14.0) / 24.0).cos();
            }
        }
        day += nd;
    }
    Weather {
        latitude: loc.latitude,
        longitude: loc.longitude,
        meridian: JST_MERIDIAN_DEG,
        ghi_w_m2: ghi,
        dhi_w_m2: None,
        temp_c: temp,
        source: format!(
            "{}: synthetic hourly year from monthly means (seed {seed}); {}",
            loc.label, loc.source
        ),
    }
}

fn field_column(line: &str, idx: usize) -> usize {
    // 1-based character column of comma-separated field `idx`.
    let mut col = 1;
    for (i, part) in line.split(',').enumerate() {
        if i == idx {
            return col;
        }
        col += part.chars().count() + 1;
    }
    col
}

fn drop_leap_day(rows: Vec<(usize, Vec<f64>)>, month_day: &[(u32, u32)]) -> Vec<(usize, Vec<f64>)> {
    if rows.len() != 8784 {
        return rows;
    }
    rows.into_iter()
        .zip(month_day)
        .filter(|(_, md)| !(md.0 == 2 && md.1 == 29))
        .map(|(r, _)| r)
        .collect()
}

/// Horizontal radiation accepted, W/m² (Wh/m² per hour): the solar constant is 1361.
const RADIATION_MAX_W_M2: f64 = 1500.0;
/// Air temperatures accepted, °C: the recorded extremes are −89.2 and 56.7 °C.
const TEMP_RANGE_C: (f64, f64) = (-90.0, 60.0);
/// Time zones accepted, hours from UTC.
const TIME_ZONE_RANGE_H: (f64, f64) = (-12.0, 14.0);

/// `v` in [`lo`, `hi`] (NaN and infinities are not).
fn within(v: f64, (lo, hi): (f64, f64)) -> bool {
    v.is_finite() && (lo..=hi).contains(&v)
}

/// Read an EnergyPlus weather file (EPW): location from the LOCATION header, hourly dry-bulb
/// temperature (field 7), global (field 14) and diffuse (field 16) horizontal radiation.
/// Leap-year files drop 29 February. Errors name file, line, column and field.
pub fn parse_epw(file: &str, text: &str) -> Result<Weather> {
    let err = |line: usize, col: Option<usize>, field: &str, msg: String| {
        Error::input(file, Some(line), col, field, msg)
    };
    let mut lines = text.lines().enumerate();
    let (_, loc) = lines
        .next()
        .ok_or_else(|| err(1, None, "LOCATION", "empty EPW file".into()))?;
    let parts: Vec<&str> = loc.split(',').collect();
    if parts.first().map(|s| s.trim()) != Some("LOCATION") || parts.len() < 10 {
        return Err(err(
            1,
            Some(1),
            "LOCATION",
            "an EPW file starts with `LOCATION,city,state,country,source,WMO,lat,lon,tz,elev`"
                .into(),
        ));
    }
    let num = |i: usize, name: &str| -> Result<f64> {
        parts[i].trim().parse::<f64>().map_err(|_| {
            err(
                1,
                Some(field_column(loc, i)),
                name,
                format!("`{}` is not a number", parts[i].trim()),
            )
        })
    };
    let lat = num(6, "LOCATION.latitude")?;
    let lon = num(7, "LOCATION.longitude")?;
    let tz = num(8, "LOCATION.time_zone")?;
    if !within(lat, (-90.0, 90.0)) || !within(lon, (-180.0, 180.0)) {
        return Err(err(
            1,
            Some(field_column(loc, 6)),
            "LOCATION",
            "latitude/longitude out of range".into(),
        ));
    }
    if !within(tz, TIME_ZONE_RANGE_H) {
        return Err(err(
            1,
            Some(field_column(loc, 8)),
            "LOCATION.time_zone",
            format!(
                "time zone must be in [{}, {}] h from UTC",
                TIME_ZONE_RANGE_H.0, TIME_ZONE_RANGE_H.1
            ),
        ));
    }
    let mut rows = vec![];
    let mut md = vec![];
    for (i, line) in lines {
        let ln = i + 1;
        if ln <= 8 || line.trim().is_empty() {
            continue; // 7 further header lines
        }
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 16 {
            return Err(err(
                ln,
                Some(1),
                "data",
                format!("EPW data line has {} fields, needs at least 16", f.len()),
            ));
        }
        let get = |idx: usize, name: &str| -> Result<f64> {
            f[idx].trim().parse::<f64>().map_err(|_| {
                err(
                    ln,
                    Some(field_column(line, idx)),
                    name,
                    format!("`{}` is not a number", f[idx].trim()),
                )
            })
        };
        let month = get(1, "month")? as u32;
        let dom = get(2, "day")? as u32;
        let t = get(6, "dry_bulb_temperature")?;
        let ghi = get(13, "global_horizontal_radiation")?;
        let dhi = get(15, "diffuse_horizontal_radiation")?;
        for (v, idx, name) in [
            (ghi, 13, "global_horizontal_radiation"),
            (dhi, 15, "diffuse_horizontal_radiation"),
        ] {
            if !within(v, (0.0, RADIATION_MAX_W_M2)) {
                return Err(err(
                    ln,
                    Some(field_column(line, idx)),
                    name,
                    format!(
                        "radiation must be in [0, {RADIATION_MAX_W_M2}] Wh/m² (9999 = missing is not accepted)"
                    ),
                ));
            }
        }
        if !within(t, TEMP_RANGE_C) {
            return Err(err(
                ln,
                Some(field_column(line, 6)),
                "dry_bulb_temperature",
                format!(
                    "temperature must be in [{}, {}] °C (99.9 = missing is not accepted)",
                    TEMP_RANGE_C.0, TEMP_RANGE_C.1
                ),
            ));
        }
        md.push((month, dom));
        rows.push((ln, vec![ghi, dhi, t]));
    }
    let rows = drop_leap_day(rows, &md);
    if rows.len() != HOURS_PER_YEAR {
        return Err(err(
            9,
            None,
            "data",
            format!("EPW has {} hourly rows; needs 8760 (or 8784)", rows.len()),
        ));
    }
    Ok(Weather {
        latitude: lat,
        longitude: lon,
        meridian: 15.0 * tz,
        ghi_w_m2: rows.iter().map(|r| r.1[0]).collect(),
        dhi_w_m2: Some(rows.iter().map(|r| r.1[1]).collect()),
        temp_c: rows.iter().map(|r| r.1[2]).collect(),
        source: format!("EPW {file} ({}, {lat}°N {lon}°E)", parts[1].trim()),
    })
}

/// Read a plain CSV of hourly weather: a header row naming `ghi_w_m2` (required),
/// `dhi_w_m2` and `temp_c` (optional; without temperature the location's monthly means
/// are used), then 8760 (or 8784) rows in local standard time (JST).
pub fn parse_weather_csv(
    file: &str,
    text: &str,
    latitude: f64,
    longitude: f64,
    fallback_temp_c: &[f64],
) -> Result<Weather> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = lines
        .next()
        .ok_or_else(|| Error::input(file, Some(1), None, "header", "empty weather CSV"))?;
    let names: Vec<String> = header.split(',').map(|s| s.trim().to_lowercase()).collect();
    let col = |n: &str| names.iter().position(|x| x == n);
    let Some(ig) = col("ghi_w_m2") else {
        return Err(Error::input(
            file,
            Some(1),
            Some(1),
            "header",
            format!(
                "the header needs a `ghi_w_m2` column (optional: dhi_w_m2, temp_c); it has {} columns",
                names.len()
            ),
        ));
    };
    let (id, it) = (col("dhi_w_m2"), col("temp_c"));
    let mut g = vec![];
    let mut d = vec![];
    let mut tc = vec![];
    for (i, line) in lines {
        let ln = i + 1;
        let f: Vec<&str> = line.split(',').collect();
        let get = |idx: usize, name: &str| -> Result<f64> {
            let s = f.get(idx).map(|s| s.trim()).unwrap_or("");
            s.parse::<f64>().map_err(|_| {
                Error::input(
                    file,
                    Some(ln),
                    Some(field_column(line, idx)),
                    name,
                    format!("`{s}` is not a number"),
                )
            })
        };
        let checked = |idx: usize, name: &str, range: (f64, f64), unit: &str| -> Result<f64> {
            let v = get(idx, name)?;
            if within(v, range) {
                Ok(v)
            } else {
                Err(Error::input(
                    file,
                    Some(ln),
                    Some(field_column(line, idx)),
                    name,
                    format!("must be in [{}, {}] {unit}", range.0, range.1),
                ))
            }
        };
        let radiation = (0.0, RADIATION_MAX_W_M2);
        g.push(checked(ig, "ghi_w_m2", radiation, "W/m²")?);
        if let Some(x) = id {
            d.push(checked(x, "dhi_w_m2", radiation, "W/m²")?);
        }
        if let Some(x) = it {
            tc.push(checked(x, "temp_c", TEMP_RANGE_C, "°C")?);
        }
        if g.len() > 8784 {
            return Err(Error::input(
                file,
                Some(ln),
                None,
                "rows",
                "more than 8784 data rows; needs 8760 (or 8784)",
            ));
        }
    }
    let n = g.len();
    if n != HOURS_PER_YEAR && n != 8784 {
        return Err(Error::input(
            file,
            None,
            None,
            "rows",
            format!("weather CSV has {n} data rows; needs 8760 (or 8784)"),
        ));
    }
    let cut = |v: Vec<f64>| -> Vec<f64> {
        if v.len() == 8784 {
            // drop 29 February (hours 1416..1440)
            v[..1416].iter().chain(&v[1440..]).copied().collect()
        } else {
            v
        }
    };
    let temp = if tc.is_empty() {
        (0..HOURS_PER_YEAR)
            .map(|t| {
                let mut day = t / 24;
                let mut m = 0;
                while day >= DAYS_IN_MONTH[m] {
                    day -= DAYS_IN_MONTH[m];
                    m += 1;
                }
                fallback_temp_c[m]
            })
            .collect()
    } else {
        cut(tc)
    };
    Ok(Weather {
        latitude,
        longitude,
        meridian: JST_MERIDIAN_DEG,
        ghi_w_m2: cut(g),
        dhi_w_m2: if d.is_empty() { None } else { Some(cut(d)) },
        temp_c: temp,
        source: format!("hourly CSV {file}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::housing::HousingData;

    #[test]
    fn declination_and_equation_of_time() {
        // Solstices and equinox (Spencer is accurate to ≈ 0.1°).
        assert!((declination_deg(172) - 23.45).abs() < 0.15);
        assert!((declination_deg(355) + 23.44).abs() < 0.15);
        assert!(declination_deg(80).abs() < 0.5);
        // D&B Example 1.6.1: 13 February, δ = −14°.
        assert!(
            (declination_deg(44) + 14.0).abs() < 0.4,
            "{}",
            declination_deg(44)
        );
        // Equation of time: ≈ −14 min mid-February, ≈ +16 min early November.
        assert!((equation_of_time_min(44) + 14.2).abs() < 0.6);
        assert!((equation_of_time_min(307) - 16.4).abs() < 0.6);
    }

    #[test]
    fn duffie_beckman_examples() {
        // Example 1.6.1: Madison (43°N), 13 Feb 10:30 solar time, β = 45°, γ = 15° → θ = 35.0°.
        let ct = cos_incidence(43.0, -14.0, -22.5, 45.0, 15.0);
        assert!(
            (ct.acos().to_degrees() - 35.0).abs() < 0.2,
            "{}",
            ct.acos().to_degrees()
        );
        // Example 1.10.1: H0 at 43°N on 15 April = 33.8 MJ/m².
        let h0 = daily_extraterrestrial_mj_m2(43.0, 105);
        assert!((h0 - 33.8).abs() < 0.3, "{h0}");
        // Sunset hour angle at the equinox is 90°.
        assert!((sunset_hour_angle_deg(35.0, 0.0) - 90.0).abs() < 1e-9);
    }

    #[test]
    fn hourly_split_sums_to_one_and_erbs_limits() {
        let ws = sunset_hour_angle_deg(35.0, 10.0);
        let mut s = 0.0;
        for k in 0..2400 {
            let w = -180.0 + 360.0 * (k as f64 + 0.5) / 2400.0;
            s += collares_pereira_rt(w, ws) * 24.0 / 2400.0;
        }
        assert!((s - 1.0).abs() < 0.03, "{s}");
        assert!((erbs_diffuse_fraction(0.1) - 0.991).abs() < 1e-9);
        assert_eq!(erbs_diffuse_fraction(0.9), 0.165);
    }

    #[test]
    fn fukuoka_tilted_plane_and_pv_yield_are_plausible() {
        let d = HousingData::builtin().unwrap();
        let w = synthetic_weather(&d.locations["fukuoka"], &d.solar, 7);
        let monthly: f64 = d.locations["fukuoka"]
            .ghi_mj_m2_day
            .iter()
            .zip(DAYS_IN_MONTH)
            .map(|(h, n)| h * n as f64)
            .sum::<f64>()
            / 1000.0;
        assert!((w.annual_ghi_gj_m2() - monthly).abs() < 0.01 * monthly);
        let poa = w.poa_w_m2(30.0, 0.0, 0.2);
        let poa_gj: f64 = poa.iter().sum::<f64>() * 3600.0 / 1e9;
        // A 30° south plane gains roughly 5–15 % over horizontal at 33°N.
        assert!(
            poa_gj > monthly * 1.03 && poa_gj < monthly * 1.2,
            "{poa_gj} vs {monthly}"
        );
        let yield_kwh: f64 = (0..HOURS_PER_YEAR)
            .map(|t| pv_ac_kwh(poa[t], w.temp_c[t], 1.0, &d.pv))
            .sum();
        // residential-b.md §4: Japan 1,000–1,300 kWh/kWp.
        assert!((1000.0..1350.0).contains(&yield_kwh), "{yield_kwh}");
    }

    #[test]
    fn collector_curve() {
        assert_eq!(collector_efficiency(0.75, 3.8, 0.012, 0.0, 800.0), 0.75);
        assert!(collector_efficiency(0.75, 3.8, 0.012, 40.0, 800.0) < 0.6);
        assert_eq!(collector_efficiency(0.75, 3.8, 0.012, 60.0, 100.0), 0.0);
    }

    #[test]
    fn csv_errors_name_line_column_and_field() {
        let e = parse_weather_csv(
            "w.csv",
            "ghi_w_m2,temp_c\n0,5\nabc,5\n",
            33.0,
            130.0,
            &[10.0; 12],
        )
        .unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("w.csv:3:1"), "{s}");
        assert!(s.contains("ghi_w_m2"), "{s}");
        let e = parse_weather_csv("w.csv", "time,value\n", 33.0, 130.0, &[10.0; 12]).unwrap_err();
        assert!(e.to_string().contains("ghi_w_m2"));
    }

    #[test]
    fn epw_roundtrip_and_errors() {
        let mut s = String::from("LOCATION,Fukuoka,FK,JPN,test,478070,33.58,130.38,9.0,3.0\n");
        for _ in 0..7 {
            s += "HEADER\n";
        }
        for t in 0..HOURS_PER_YEAR {
            let (m, d) = (1 + (t / 24) / 31 % 12, 1 + (t / 24) % 28);
            let ghi = if (t % 24) == 12 { 500.0 } else { 0.0 };
            s += &format!(
                "2023,{m},{d},{},60,x,10.5,0,50,101325,0,0,0,{ghi},0,{},0\n",
                t % 24 + 1,
                ghi * 0.4
            );
        }
        let w = parse_epw("f.epw", &s).unwrap();
        assert_eq!(w.ghi_w_m2.len(), HOURS_PER_YEAR);
        assert_eq!(w.meridian, 135.0);
        assert!((w.diffuse_w_m2(12) - 200.0).abs() < 1e-9);
        let bad = s.replacen("2023,1,1,1,60,x,10.5", "2023,1,1,1,60,x,warm", 1);
        let e = parse_epw("f.epw", &bad).unwrap_err().to_string();
        assert!(e.starts_with("f.epw:9:"), "{e}");
        assert!(e.contains("dry_bulb_temperature"), "{e}");
    }
}
