//! Number formatting shared by the HTML tables (as Tera filters) and the SVG charts, so a
//! number reads the same in a table, a chart label and a caption.
//!
//! Conventions (as Japanese planning appendices print them): thousands separated by a
//! comma, a real minus sign (U+2212), percent with a thin space before `%`, changes with
//! an explicit sign. Non-finite values print as an en dash.

/// The text printed for a missing or non-finite value.
pub const MISSING: &str = "–";

/// `v` with `decimals` decimals and comma thousands separators: `1,234.5`, `−12`.
pub fn num(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return MISSING.to_string();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    // A value that rounds to zero prints without a sign.
    let is_zero = s.chars().all(|c| c == '0' || c == '.');
    let mut out = String::new();
    if v < 0.0 && !is_zero {
        out.push('−');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    out
}

/// A fraction as percent: `0.952` → `95.2 %` (decimals of the percent value).
pub fn pct(fraction: f64, decimals: usize) -> String {
    if !fraction.is_finite() {
        return MISSING.to_string();
    }
    format!("{} %", num(fraction * 100.0, decimals))
}

/// A relative change (fraction) with its sign: `−0.14` → `−14 %`, `0.56` → `+56 %`,
/// a change that rounds to zero → `±0 %`.
pub fn change(fraction: f64, decimals: usize) -> String {
    if !fraction.is_finite() {
        return MISSING.to_string();
    }
    format!("{} %", signed(fraction * 100.0, decimals))
}

/// A difference with its sign: `+1.2`, `−3`, `±0`.
pub fn signed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return MISSING.to_string();
    }
    let n = num(v, decimals);
    if n.chars().all(|c| c == '0' || c == '.' || c == ',') {
        format!("±{n}")
    } else if v > 0.0 {
        format!("+{n}")
    } else {
        n
    }
}

/// A difference of two fractions in percentage points: `−0.02` → `−2.0 pt`.
pub fn points(diff_fraction: f64, decimals: usize) -> String {
    if !diff_fraction.is_finite() {
        return MISSING.to_string();
    }
    format!("{} pt", signed(diff_fraction * 100.0, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_thousands_and_use_a_real_minus() {
        assert_eq!(num(1234567.891, 0), "1,234,568");
        assert_eq!(num(999.5, 0), "1,000");
        assert_eq!(num(-1234.5, 1), "−1,234.5");
        assert_eq!(num(-0.04, 1), "0.0");
        assert_eq!(num(12.0, 2), "12.00");
        assert_eq!(num(f64::NAN, 1), MISSING);
    }

    #[test]
    fn percents_changes_and_points() {
        assert_eq!(pct(0.952, 1), "95.2 %");
        assert_eq!(change(-0.1395, 0), "−14 %");
        assert_eq!(change(0.5555, 0), "+56 %");
        assert_eq!(change(0.001, 0), "±0 %");
        assert_eq!(points(-0.0213, 1), "−2.1 pt");
        assert_eq!(signed(0.0, 0), "±0");
    }
}
