//! The back-cast against real districts (issue 11): every district of `dhc_districts.csv`
//! with area, floor, heat sold and price is modelled as an office/commercial-led district of
//! its size and density (supply.yaml `backcast`) and its DHC evaluated on both bases. The
//! study basis builds everything at once with the best equipment; the realistic basis
//! connects the share of the model's full demand the district really sold (its take-up) and
//! applies the realistic set's vintage equipment, part-load and fixed costs. The fit of each
//! basis: median ratio of model to real heat price and the rank correlations of price,
//! efficiency and density.

use super::districts::{districts, DhcDistrict};
use crate::case;
use crate::error::{Error, Result};
use crate::library::Library;
use crate::supply::dhc::{Basis, BuildupSpec, DhcSpec};
use crate::supply::{SystemResult, SystemSpec};
use serde::Serialize;

/// One real district against its model on one basis.
#[derive(Debug, Clone, Serialize)]
pub struct BackcastRow {
    /// Row id in the district table.
    pub row: String,
    /// District name (Japanese).
    pub district: String,
    /// Prefecture (Japanese).
    pub prefecture: String,
    /// Supply area, m².
    pub area_m2: f64,
    /// Supplied floor, m².
    pub floor_m2: f64,
    /// Gross FAR (fraction).
    pub gross_far: f64,
    /// Real heat sold, GJ/yr.
    pub heat_sold_gj: f64,
    /// Real heat price, ¥/MJ.
    pub price_yen_per_mj: f64,
    /// Real efficiency (heat sold ÷ primary energy), if published.
    pub efficiency: Option<f64>,
    /// Real efficiency above 1.0 (primary energy under-reported in the source).
    pub efficiency_under_reported: bool,
    /// Share of the model's full demand connected (1 under the study basis; the real heat
    /// sold ÷ the model's heat demand, at most 1, under the realistic basis).
    pub takeup: f64,
    /// Model heat sold at full take-up, GJ/yr.
    pub model_heat_sold_gj: f64,
    /// Model heat price, ¥/MJ.
    pub model_price_yen_per_mj: f64,
    /// Model efficiency.
    pub model_efficiency: f64,
    /// Model ÷ real heat price.
    pub price_ratio: f64,
}

/// The fit of one basis.
#[derive(Debug, Clone, Serialize)]
pub struct BasisFit {
    /// `study` or `realistic`.
    pub basis: String,
    /// Median of model ÷ real heat price.
    pub median_price_ratio: f64,
    /// Spearman rank correlation of model and real heat prices.
    pub price_rank_correlation: f64,
    /// Median of model ÷ real efficiency (districts with a published efficiency ≤ 1.0).
    pub median_efficiency_ratio: f64,
    /// Spearman rank correlation of model and real efficiency (same districts).
    pub efficiency_rank_correlation: f64,
    /// Spearman rank correlation of the model price with gross FAR (negative: prices fall
    /// with density, as in the real districts).
    pub density_rank_correlation: f64,
    /// The same of the real prices with gross FAR.
    pub real_density_rank_correlation: f64,
    /// Per-district rows.
    pub rows: Vec<BackcastRow>,
}

/// The back-cast on both bases (`kukaku benchmark --format json`).
#[derive(Debug, Clone, Serialize)]
pub struct Backcast {
    /// Study basis.
    pub study: BasisFit,
    /// Realistic basis.
    pub realistic: BasisFit,
    /// Median take-up of the realistic rows (the realistic set's mature take-up is set
    /// from it).
    pub median_takeup: f64,
    /// Districts modelled.
    pub districts: usize,
    /// Source of the real figures.
    pub source: String,
}

/// Median of a list (0 when empty).
pub fn median(v: &[f64]) -> f64 {
    let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    if s.is_empty() {
        return 0.0;
    }
    s.sort_by(|a, b| a.total_cmp(b));
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// Ranks (1-based, ties averaged).
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in &idx[i..=j] {
            r[*k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman rank correlation (Pearson correlation of the ranks, ties averaged); 0 when
/// fewer than three pairs or no spread.
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    if n < 3 {
        return 0.0;
    }
    let (ra, rb) = (ranks(&a[..n]), ranks(&b[..n]));
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n as f64;
    let (ma, mb) = (mean(&ra), mean(&rb));
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    if va <= 0.0 || vb <= 0.0 {
        0.0
    } else {
        cov / (va * vb).sqrt()
    }
}

/// The case text of one real district modelled as supply.yaml `backcast` says.
fn case_text(lib: &Library, area_m2: f64, floor_m2: f64) -> String {
    let b = &lib.supply.backcast;
    let mix: Vec<String> = b
        .mix
        .value
        .iter()
        .map(|(u, s)| format!("{u}: {s}"))
        .collect();
    format!(
        "name: back-cast\nregion: {}\nfactor_set: {}\ntariffs: {{ set: {} }}\n\
         district: {{ gross_area_m2: {area_m2} }}\n\
         alternatives:\n  - id: district\n    parcels:\n      - id: supplied\n        \
         floor_m2: {floor_m2}\n        uses: {{ {} }}\n    systems:\n      - {{ id: dhc, kind: dhc }}\n",
        b.region.value,
        b.factor_set.value,
        b.tariff_set.value,
        mix.join(", ")
    )
}

/// The model of one district: its DHC on the study basis at full take-up, and on the
/// realistic basis at the district's take-up.
fn model(lib: &Library, d: &DhcDistrict) -> Result<Option<(BackcastRow, BackcastRow)>> {
    let (Some(area_m2), Some(floor_m2), Some(heat), Some(price)) =
        (d.area_m2, d.floor_m2, d.heat_sold_gj, d.price_yen_per_mj)
    else {
        return Ok(None);
    };
    let text = case_text(lib, area_m2, floor_m2);
    let path = format!("back-cast of district {}", d.row);
    let c = case::parse(&path, &text, lib)?;
    let map = case::SourceMap::new(&path, &text);
    let p = crate::pipeline::prepare(lib, &c, &map)?;
    let alt = &c.alternatives[0];
    let plan = p.plan(alt);
    let input = p.supply_input(&plan);
    let Some(SystemSpec::Dhc(study)) = p.specs(&alt.id).first() else {
        return Err(Error::Runtime("back-cast case without its DHC".into()));
    };
    let eval = |s: DhcSpec| -> SystemResult {
        crate::supply::evaluate::evaluate_all(&input, &[SystemSpec::Dhc(s)]).remove(0)
    };
    let full = eval(study.clone());
    let model_heat = full.heat_sold_gj.unwrap_or(0.0);
    let takeup = if model_heat > 0.0 {
        (heat / model_heat).min(1.0)
    } else {
        1.0
    };
    let realistic = eval(DhcSpec {
        basis: Basis::Realistic,
        buildup: Some(BuildupSpec {
            takeup: Some(takeup),
            curve: None,
            start: None,
            end: None,
            ramp_years: None,
            staged: false,
        }),
        ..study.clone()
    });
    let row = |r: &SystemResult, takeup: f64| {
        let mp = r.heat_price_yen_per_mj.unwrap_or(f64::NAN);
        BackcastRow {
            row: d.row.clone(),
            district: d.district.clone(),
            prefecture: d.prefecture.clone(),
            area_m2,
            floor_m2,
            gross_far: floor_m2 / area_m2,
            heat_sold_gj: heat,
            price_yen_per_mj: price,
            efficiency: d.efficiency,
            efficiency_under_reported: d.efficiency_under_reported,
            takeup,
            model_heat_sold_gj: model_heat,
            model_price_yen_per_mj: mp,
            model_efficiency: r.energy_efficiency,
            price_ratio: mp / price,
        }
    };
    Ok(Some((row(&full, 1.0), row(&realistic, takeup))))
}

/// The fit of one basis over its rows.
fn fit(basis: Basis, rows: Vec<BackcastRow>) -> BasisFit {
    let col = |f: fn(&BackcastRow) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
    let eff: Vec<&BackcastRow> = rows
        .iter()
        .filter(|r| r.efficiency.is_some() && !r.efficiency_under_reported)
        .collect();
    let eff_real: Vec<f64> = eff.iter().map(|r| r.efficiency.unwrap_or(0.0)).collect();
    let eff_model: Vec<f64> = eff.iter().map(|r| r.model_efficiency).collect();
    let eff_ratio: Vec<f64> = eff_model
        .iter()
        .zip(&eff_real)
        .map(|(m, r)| m / r)
        .collect();
    BasisFit {
        basis: basis.id().into(),
        median_price_ratio: median(&col(|r| r.price_ratio)),
        price_rank_correlation: spearman(
            &col(|r| r.model_price_yen_per_mj),
            &col(|r| r.price_yen_per_mj),
        ),
        median_efficiency_ratio: median(&eff_ratio),
        efficiency_rank_correlation: spearman(&eff_model, &eff_real),
        density_rank_correlation: spearman(
            &col(|r| r.model_price_yen_per_mj),
            &col(|r| r.gross_far),
        ),
        real_density_rank_correlation: spearman(
            &col(|r| r.price_yen_per_mj),
            &col(|r| r.gross_far),
        ),
        rows,
    }
}

/// Run the back-cast over every district with area, floor, heat sold and price.
pub fn backcast(lib: &Library) -> Result<Backcast> {
    let (source, all) = districts().map_err(Error::Runtime)?;
    let mut study = vec![];
    let mut realistic = vec![];
    for d in &all {
        if let Some((s, r)) = model(lib, d)? {
            study.push(s);
            realistic.push(r);
        }
    }
    let median_takeup = median(&realistic.iter().map(|r| r.takeup).collect::<Vec<_>>());
    Ok(Backcast {
        districts: study.len(),
        study: fit(Basis::Study, study),
        realistic: fit(Basis::Realistic, realistic),
        median_takeup,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_and_median() {
        assert!((spearman(&[1.0, 2.0, 3.0, 4.0], &[10.0, 20.0, 30.0, 40.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0, 4.0], &[4.0, 3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        // Ties take the average rank.
        assert_eq!(ranks(&[1.0, 1.0, 2.0]), vec![1.5, 1.5, 3.0]);
    }
}
