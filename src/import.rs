//! Import of measured series: a CSV (or plain list) with 8760 hourly, 8784 hourly (leap
//! year: 29 February is dropped), 365 daily, 12 monthly or 1 annual value(s) — the
//! resolutions planners' tools exchange.

use crate::calendar::HOURS_PER_YEAR;
use crate::case::SourceMap;
use crate::error::{Error, Result};
use crate::limits::{MAX_IMPORT_FILE_BYTES, MAX_SERIES_KWH};
use std::io::Read;
use std::path::{Component, Path};

/// Resolution of an imported series.
#[derive(Debug, Clone, PartialEq)]
pub enum Series {
    /// 8760 hourly values, kWh per hour.
    Hourly(Vec<f64>),
    /// 365 daily totals, kWh per day.
    Daily(Vec<f64>),
    /// 12 monthly totals, kWh per month.
    Monthly(Vec<f64>),
    /// One annual total, kWh.
    Annual(f64),
}

/// Where a case's imports are read from: the case file's folder and whether imports may
/// lie outside it (`--allow-outside-imports`).
#[derive(Debug, Clone, Copy)]
pub struct ImportRoot<'a> {
    /// Folder of the case file.
    pub dir: &'a Path,
    /// Imports may name any file (absolute, `..`, symbolic links leading out).
    pub allow_outside: bool,
}

/// An imported file's text and the name messages give it.
pub struct Imported {
    /// The path as the case file names it, joined to the case folder.
    pub name: String,
    /// The file's text.
    pub text: String,
    /// Field path of the case file that names the file (for messages).
    pub field: String,
}

impl Imported {
    /// Add the case file's field that names the file, and its position, to an error in
    /// the file (`map`: the case file's positions).
    pub fn locate(&self, map: &SourceMap, e: Error) -> Error {
        match e {
            Error::Input(mut ie) if ie.file == self.name => {
                let at = match map.locate(&self.field) {
                    Some((l, c)) => format!("{}:{l}:{c}", map.file()),
                    None => map.file().to_string(),
                };
                ie.message = format!(
                    "{} (file named by {at}, field `{}`)",
                    ie.message, self.field
                );
                Error::Input(ie)
            }
            e => e,
        }
    }
}

/// Read the file `rel` that field `field` of the case file names. Unless
/// `root.allow_outside`, it must lie in the case file's folder or below (no absolute path,
/// no `..`, no symbolic link leading out). It must be a regular file (a FIFO or device
/// would block) of at most [`MAX_IMPORT_FILE_BYTES`], in UTF-8. Messages never show the
/// file's content.
pub fn read_import(root: ImportRoot, map: &SourceMap, field: &str, rel: &str) -> Result<Imported> {
    let err = |m: String| map.error(field, m);
    let full = root.dir.join(rel);
    let name = full.display().to_string();
    let rule = "imports must lie in the case file's folder or below (`--allow-outside-imports` lifts this)";
    if rel.trim().is_empty() {
        return Err(err("the file name is empty".into()));
    }
    if !root.allow_outside
        && Path::new(rel)
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(err(format!(
            "`{rel}` leaves the case file's folder: {rule}"
        )));
    }
    let meta = std::fs::metadata(&full).map_err(|e| err(format!("cannot read {name}: {e}")))?;
    if !meta.is_file() {
        return Err(err(format!(
            "{name} is not a regular file (a folder, FIFO or device cannot be imported)"
        )));
    }
    if meta.len() > MAX_IMPORT_FILE_BYTES {
        return Err(err(format!(
            "{name} has {} bytes; imports have at most {MAX_IMPORT_FILE_BYTES} (see `kukaku library`, limits)",
            meta.len()
        )));
    }
    if !root.allow_outside {
        let inside = match (full.canonicalize(), root.dir.canonicalize()) {
            (Ok(f), Ok(d)) => f.starts_with(d),
            _ => false,
        };
        if !inside {
            return Err(err(format!(
                "{name} leads out of the case file's folder (a symbolic link): {rule}"
            )));
        }
    }
    let mut bytes = vec![];
    std::fs::File::open(&full)
        .and_then(|f| f.take(MAX_IMPORT_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| err(format!("cannot read {name}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        err(format!(
            "{name} is not UTF-8 text (byte {} is not)",
            e.utf8_error().valid_up_to() + 1
        ))
    })?;
    Ok(Imported {
        name,
        text,
        field: field.to_string(),
    })
}

/// Most values of a series (8784 hourly values of a leap year); reading stops after one more.
const MAX_SERIES_VALUES: usize = 8784;

/// Parse CSV text. `column` is 1-based; default the last column. Empty lines and comments
/// (`#`) are skipped, and a header on the first line (its cell starting with a letter).
/// Values are finite, in [0, `MAX_SERIES_KWH`]. Messages name the line and column, never
/// the file's content.
pub fn parse_series(file: &str, text: &str, column: Option<usize>) -> Result<Series> {
    let mut values = vec![];
    let mut first = true;
    let mut last_line = 0;
    for (ln, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at_first = std::mem::replace(&mut first, false);
        let cells: Vec<&str> = line.split([',', ';', '\t']).map(str::trim).collect();
        let idx = match column {
            Some(c) if c >= 1 => c - 1,
            Some(_) => {
                return Err(Error::input(
                    file,
                    None,
                    None,
                    "column",
                    "column is 1-based",
                ))
            }
            None => cells.len() - 1,
        };
        let field = format!("column {}", idx + 1);
        let Some(cell) = cells.get(idx) else {
            return Err(Error::input(
                file,
                Some(ln + 1),
                None,
                field,
                format!("line has only {} columns", cells.len()),
            ));
        };
        if values.len() == MAX_SERIES_VALUES {
            return Err(Error::input(
                file,
                Some(ln + 1),
                None,
                field,
                format!("more than {MAX_SERIES_VALUES} values; a measured series has 8760 or 8784 hourly, 365 daily, 12 monthly or 1 annual value(s)"),
            ));
        }
        match cell.parse::<f64>() {
            Ok(v) if v.is_finite() && (0.0..=MAX_SERIES_KWH).contains(&v) => values.push(v),
            Ok(v) => {
                return Err(Error::input(
                    file,
                    Some(ln + 1),
                    None,
                    field,
                    format!(
                        "value {} must be in [0, {MAX_SERIES_KWH}] kWh",
                        crate::limits::show(v)
                    ),
                ));
            }
            Err(_) if at_first && cell.chars().next().is_some_and(char::is_alphabetic) => {
                continue; // header
            }
            Err(_) => {
                return Err(Error::input(
                    file,
                    Some(ln + 1),
                    None,
                    field,
                    "not a number (a header is only the first line, starting with a letter)",
                ));
            }
        }
        last_line = ln + 1;
    }
    match values.len() {
        8760 => Ok(Series::Hourly(values)),
        8784 => {
            // Drop 29 February (day 60 of a leap year: hours 1416..1440).
            values.drain(59 * 24..60 * 24);
            Ok(Series::Hourly(values))
        }
        365 => Ok(Series::Daily(values)),
        366 => {
            values.remove(59);
            Ok(Series::Daily(values))
        }
        12 => Ok(Series::Monthly(values)),
        1 => Ok(Series::Annual(values[0])),
        n => Err(Error::input(
            file,
            (last_line > 0).then_some(last_line),
            None,
            "",
            format!(
                "found {n} values{}; a measured series needs 8760 or 8784 hourly, 365 daily, 12 monthly or 1 annual value(s)",
                if n > 0 { " (the last on this line)" } else { "" }
            ),
        )),
    }
}

/// Turn an imported series into 8760 hourly values, distributing daily, monthly or annual
/// totals along `template` (the borrowed library shape, any scale) within each day, month
/// or the year. Where the template is zero over a period, the total is spread evenly.
pub fn to_hourly(
    series: &Series,
    template: &[f64],
    month_ranges: &[(usize, usize); 12],
) -> Vec<f64> {
    let spread = |out: &mut Vec<f64>, start: usize, len: usize, total: f64| {
        let t = &template[start..start + len];
        let s: f64 = t.iter().sum();
        for (i, v) in t.iter().enumerate() {
            out[start + i] = if s > 0.0 {
                total * v / s
            } else {
                total / len as f64
            };
        }
    };
    let mut out = vec![0.0; HOURS_PER_YEAR];
    match series {
        Series::Hourly(v) => out.copy_from_slice(v),
        Series::Daily(v) => {
            for (d, total) in v.iter().enumerate() {
                spread(&mut out, d * 24, 24, *total);
            }
        }
        Series::Monthly(v) => {
            for (m, total) in v.iter().enumerate() {
                let (start, len) = month_ranges[m];
                spread(&mut out, start, len, *total);
            }
        }
        Series::Annual(total) => spread(&mut out, 0, HOURS_PER_YEAR, *total),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;

    #[test]
    fn resolutions_are_recognised() {
        let one = parse_series("x", "kWh\n1200\n", None).unwrap();
        assert_eq!(one, Series::Annual(1200.0));
        let twelve: String = (1..=12).map(|i| format!("{i},{}\n", i * 10)).collect();
        assert_eq!(
            parse_series("x", &twelve, None).unwrap(),
            Series::Monthly((1..=12).map(|i| (i * 10) as f64).collect())
        );
        assert_eq!(
            parse_series("x", &twelve, Some(1)).unwrap(),
            Series::Monthly((1..=12).map(|i| i as f64).collect())
        );
        let leap: String = (0..8784).map(|i| format!("{}\n", i)).collect();
        let Series::Hourly(h) = parse_series("x", &leap, None).unwrap() else {
            panic!()
        };
        assert_eq!(h.len(), 8760);
        assert_eq!(h[59 * 24], (60 * 24) as f64); // 1 March 00:00 follows 28 Feb
    }

    #[test]
    fn bad_counts_and_values_are_input_errors() {
        let e = parse_series("m.csv", "1\n2\n3\n", None).unwrap_err();
        assert!(e.to_string().contains("found 3 values"), "{e}");
        let e = parse_series("m.csv", "1\n-2\n", None).unwrap_err();
        assert!(e.to_string().contains("m.csv:2"), "{e}");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn totals_are_distributed_along_the_template() {
        let cal = Calendar::new(2023, true);
        let mut template = vec![0.0; HOURS_PER_YEAR];
        for d in 0..365 {
            template[d * 24 + 12] = 1.0;
            template[d * 24 + 13] = 3.0;
        }
        let monthly = Series::Monthly(vec![124.0; 12]);
        let h = to_hourly(&monthly, &template, &cal.month_ranges());
        assert!((h.iter().sum::<f64>() - 12.0 * 124.0).abs() < 1e-9);
        // January: 31 days × 4 weight → 1 kWh per weight unit.
        assert!((h[13] - 3.0).abs() < 1e-12);
        let annual = to_hourly(&Series::Annual(0.0), &template, &cal.month_ranges());
        assert_eq!(annual.iter().sum::<f64>(), 0.0);
    }
}
