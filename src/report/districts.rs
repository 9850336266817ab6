//! Real Japanese DHC districts (FY2007) and the viability thresholds, for the "where does
//! this alternative sit among real districts" scatter (dhc-benchmarks.md). The data ship
//! in `src/data/dhc_districts.csv` with their source in its header comment.

use crate::assess::Grade;
use serde::{Deserialize, Serialize};

/// The bundled district table (CSV with `#` comment lines carrying the source).
pub const DISTRICTS_CSV: &str = include_str!("../data/dhc_districts.csv");

/// Efficiency above which a district's primary energy is taken as under-reported
/// (dhc-benchmarks.md: "some efficiencies above 1.0 reflect under-reported primary
/// energy in the source; keep them but mark them").
pub const UNDER_REPORTED_ABOVE: f64 = 1.0;

/// One real DHC district.
#[derive(Debug, Clone, Serialize)]
pub struct DhcDistrict {
    /// Row id in the source table.
    pub row: String,
    /// Prefecture (Japanese).
    pub prefecture: String,
    /// District name (Japanese).
    pub district: String,
    /// First year of supply.
    pub supply_start_year: Option<u32>,
    /// Supply area, m².
    pub area_m2: Option<f64>,
    /// Supplied floor, m².
    pub floor_m2: Option<f64>,
    /// Gross FAR of the supplied buildings (fraction: 5.84 = 584 %).
    pub gross_far: Option<f64>,
    /// Heat sold, GJ/yr.
    pub heat_sold_gj: Option<f64>,
    /// Revenue, ¥ million/yr.
    pub revenue_million_yen: Option<f64>,
    /// Flat heat price, ¥/MJ.
    pub price_yen_per_mj: Option<f64>,
    /// Primary energy, GJ/yr.
    pub primary_energy_gj: Option<f64>,
    /// Total energy efficiency (heat sold ÷ primary energy).
    pub efficiency: Option<f64>,
    /// Efficiency above 1.0: primary energy under-reported in the source.
    pub efficiency_under_reported: bool,
    /// Unused energy used (Japanese), if any.
    pub unused_energy: Option<String>,
    /// `redevelopment` or `new_town`.
    pub project_type: String,
}

#[derive(Debug, Deserialize)]
struct Row {
    row: String,
    prefecture: String,
    district: String,
    supply_start_year: Option<u32>,
    area_1000m2: Option<f64>,
    floor_1000m2: Option<f64>,
    gross_far_pct: Option<f64>,
    heat_sold_gj: Option<f64>,
    revenue_million_yen: Option<f64>,
    price_yen_per_mj: Option<f64>,
    primary_energy_gj: Option<f64>,
    efficiency: Option<f64>,
    unused_energy: Option<String>,
    project_type: String,
}

/// Thresholds drawn as lines on the viability scatters (from the supply data's viability
/// section, so the report and the ratings use the same numbers).
#[derive(Debug, Clone, Serialize)]
pub struct Thresholds {
    /// Gross FAR rule of thumb (fraction).
    pub gross_far: f64,
    /// Efficiency for ○.
    pub efficiency_good: f64,
    /// Efficiency for △.
    pub efficiency_standard: f64,
    /// Price below which ○, ¥/MJ.
    pub price_good_yen_per_mj: f64,
    /// Price below which △, ¥/MJ.
    pub price_standard_yen_per_mj: f64,
}

/// The bundled ratings of the 27 land-readjustment DHC districts (CSV with `#` comment
/// lines carrying the source).
pub const LR_RATINGS_CSV: &str = include_str!("../data/lr_district_ratings.csv");

/// The national study's rating of one DHC district built in a land-readjustment area.
#[derive(Debug, Clone, Serialize)]
pub struct LrRating {
    /// Number in the study's matrix.
    pub no: u32,
    /// Name (Japanese).
    pub name_ja: String,
    /// Name (English).
    pub name_en: String,
    /// Gross FAR grade; none when the study has no data.
    pub density: Option<Grade>,
    /// Efficiency grade.
    pub efficiency: Option<Grade>,
    /// Heat-price grade.
    pub price: Option<Grade>,
    /// Uses unused energy.
    pub unused_energy: bool,
}

#[derive(Debug, Deserialize)]
struct LrRow {
    no: u32,
    name_ja: String,
    name_en: String,
    density: Option<String>,
    efficiency: Option<String>,
    price: Option<String>,
    unused_energy: bool,
}

/// A grade as the table writes it (`good`, `standard`, `weak`; empty = no data).
fn grade(s: Option<String>) -> Result<Option<Grade>, String> {
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some("good") => Ok(Some(Grade::Good)),
        Some("standard") => Ok(Some(Grade::Standard)),
        Some("weak") => Ok(Some(Grade::Weak)),
        Some(x) => Err(format!("lr_district_ratings.csv: unknown grade `{x}`")),
    }
}

/// Parse the bundled ratings of the 27 land-readjustment DHC districts: (source, rows).
pub fn lr_ratings() -> Result<(String, Vec<LrRating>), String> {
    let source = LR_RATINGS_CSV
        .lines()
        .find_map(|l| l.strip_prefix("# source:"))
        .map(|s| s.trim().to_string())
        .ok_or("lr_district_ratings.csv: missing `# source:` line")?;
    let mut rd = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(LR_RATINGS_CSV.as_bytes());
    let mut out = vec![];
    for r in rd.deserialize::<LrRow>() {
        let r = r.map_err(|e| format!("lr_district_ratings.csv: {e}"))?;
        out.push(LrRating {
            no: r.no,
            name_ja: r.name_ja,
            name_en: r.name_en,
            density: grade(r.density)?,
            efficiency: grade(r.efficiency)?,
            price: grade(r.price)?,
            unused_energy: r.unused_energy,
        });
    }
    Ok((source, out))
}

/// Benchmark data of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Benchmarks {
    /// Source of the district table.
    pub source: String,
    /// Real districts.
    pub districts: Vec<DhcDistrict>,
    /// Threshold lines.
    pub thresholds: Thresholds,
    /// Source of the land-readjustment ratings.
    pub land_readjustment_source: String,
    /// The study's ratings of the 27 land-readjustment DHC districts.
    pub land_readjustment: Vec<LrRating>,
}

/// Parse the bundled district table.
pub fn districts() -> Result<(String, Vec<DhcDistrict>), String> {
    let source = DISTRICTS_CSV
        .lines()
        .find_map(|l| l.strip_prefix("# source:"))
        .map(|s| s.trim().to_string())
        .ok_or("dhc_districts.csv: missing `# source:` line")?;
    let mut rd = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(DISTRICTS_CSV.as_bytes());
    let mut out = vec![];
    for r in rd.deserialize::<Row>() {
        let r = r.map_err(|e| format!("dhc_districts.csv: {e}"))?;
        out.push(DhcDistrict {
            efficiency_under_reported: r.efficiency.is_some_and(|e| e > UNDER_REPORTED_ABOVE),
            row: r.row,
            prefecture: r.prefecture,
            district: r.district,
            supply_start_year: r.supply_start_year,
            area_m2: r.area_1000m2.map(|v| v * 1000.0),
            floor_m2: r.floor_1000m2.map(|v| v * 1000.0),
            gross_far: r.gross_far_pct.map(|v| v / 100.0),
            heat_sold_gj: r.heat_sold_gj,
            revenue_million_yen: r.revenue_million_yen,
            price_yen_per_mj: r.price_yen_per_mj,
            primary_energy_gj: r.primary_energy_gj,
            efficiency: r.efficiency,
            unused_energy: r.unused_energy.filter(|s| !s.is_empty()),
            project_type: r.project_type,
        });
    }
    Ok((source, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_parses_with_flags() {
        let (source, d) = districts().unwrap();
        assert!(source.contains("FY2007"));
        assert_eq!(d.len(), 37);
        let flagged: Vec<&str> = d
            .iter()
            .filter(|x| x.efficiency_under_reported)
            .map(|x| x.row.as_str())
            .collect();
        // Exactly the rows whose efficiency exceeds 1.0 in the source table.
        assert_eq!(flagged, ["10", "17", "42"]);
        let roppongi = d.iter().find(|x| x.row == "38").unwrap();
        assert_eq!(roppongi.gross_far, Some(5.72));
        assert_eq!(roppongi.price_yen_per_mj, Some(3.89));
        // Rows without sales data stay without a price.
        assert!(d.iter().any(|x| x.price_yen_per_mj.is_none()));
    }

    #[test]
    fn land_readjustment_ratings_agree_with_the_study_text() {
        let (source, r) = lr_ratings().unwrap();
        assert!(source.contains("27"));
        assert_eq!(r.len(), 27);
        let count =
            |f: fn(&LrRating) -> Option<Grade>, g| r.iter().filter(|x| f(x) == Some(g)).count();
        // dhc-benchmarks.md: 8 of the 27 below 100 % gross FAR, 5 above 8 ¥/MJ, 3 using
        // unused energy.
        assert_eq!(count(|x| x.density, Grade::Weak), 8);
        assert_eq!(count(|x| x.price, Grade::Weak), 5);
        assert_eq!(r.iter().filter(|x| x.unused_energy).count(), 3);
        // 4 of the 5 above 8 ¥/MJ are below 200 % (the study: below 110 %).
        let dear_low = r
            .iter()
            .filter(|x| x.price == Some(Grade::Weak) && x.density != Some(Grade::Good))
            .count();
        assert_eq!(dear_low, 4);
    }
}
