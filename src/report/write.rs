//! Writers: JSON, CSV tables and the atomic output folder.

pub use super::output::write_dir_atomic;
use super::{AlternativeResult, Report};
use crate::error::{Error, Result};
use crate::i18n::Lang;

/// One output file: relative name and bytes.
pub type OutFile = (String, Vec<u8>);

/// Pretty JSON of the report (stable field order, no timestamps).
pub fn json(report: &Report) -> Result<String> {
    serde_json::to_string_pretty(report)
        .map_err(|e| Error::Runtime(format!("serializing report: {e}")))
}

fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record(header)
        .map_err(|e| Error::Runtime(e.to_string()))?;
    for r in rows {
        w.write_record(&r)
            .map_err(|e| Error::Runtime(e.to_string()))?;
    }
    w.into_inner().map_err(|e| Error::Runtime(e.to_string()))
}

fn f(v: f64) -> String {
    format!("{v:.6}")
}

/// One CSV table: file name, header and rows (filled alternative by alternative).
struct Csv {
    name: &'static str,
    header: &'static [&'static str],
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn new(name: &'static str, header: &'static [&'static str]) -> Csv {
        Csv {
            name,
            header,
            rows: vec![],
        }
    }
}

/// The CSV tables, in file order.
struct Tables {
    metrics: Csv,
    monthly: Csv,
    design: Csv,
    duration: Csv,
    mixing: Csv,
    parcels: Csv,
    floor: Csv,
    systems: Csv,
    costs: Csv,
    unused: Csv,
}

fn opt(v: Option<f64>) -> String {
    v.map(f).unwrap_or_default()
}

/// CSV tables of everything the load sections show.
pub fn csv_tables(report: &Report) -> Result<Vec<OutFile>> {
    let mut t = Tables {
        metrics: Csv::new(
            "load_metrics.csv",
            &[
                "alternative",
                "carrier",
                "annual_mwh",
                "sum_of_design_peaks_kw",
                "coincident_peak_kw",
                "coincidence_factor",
                "sum_of_sizing_peaks_kw",
                "daily_load_factor",
                "annual_load_factor",
                "full_load_hours",
                "design_day",
            ],
        ),
        monthly: Csv::new(
            "monthly.csv",
            &["alternative", "carrier", "month", "energy_mwh"],
        ),
        design: Csv::new(
            "design_day.csv",
            &["alternative", "carrier", "use", "hour", "load_kw"],
        ),
        duration: Csv::new(
            "duration_curve.csv",
            &["alternative", "carrier", "hours", "load_kw"],
        ),
        mixing: Csv::new(
            "mixing.csv",
            &[
                "alternative",
                "use_a",
                "use_b",
                "carrier",
                "coincidence_factor",
                "daily_load_factor",
                "annual_load_factor",
                "coincident_peak_kw",
                "sum_of_design_peaks_kw",
            ],
        ),
        parcels: Csv::new(
            "parcels.csv",
            &[
                "alternative",
                "parcel",
                "site_area_m2",
                "coverage",
                "far_pct",
                "buildout",
                "floor_m2",
                "dwellings",
            ],
        ),
        floor: Csv::new(
            "floor_by_use.csv",
            &["alternative", "location", "use", "floor_m2"],
        ),
        systems: Csv::new(
            "systems.csv",
            &[
                "alternative",
                "system",
                "kind",
                "name",
                "heat_demand_gj",
                "electricity_mwh",
                "gas_knm3",
                "primary_energy_gj",
                "energy_efficiency",
                "co2_t",
                "co2_kg_per_m2",
                "construction_cost_kyen",
                "annual_cost_kyen",
                "heat_sold_gj",
                "heat_price_yen_per_mj",
            ],
        ),
        costs: Csv::new(
            "cost_lines.csv",
            &["alternative", "system", "key", "item", "kyen", "note"],
        ),
        unused: Csv::new(
            "unused_energy.csv",
            &[
                "alternative",
                "system",
                "option",
                "label",
                "sources",
                "delivery",
                "share_of_demand_covered",
                "unused_share",
                "co2_t",
                "co2_saved_t",
                "heat_price_yen_per_mj",
                "heat_price_effect_yen_per_mj",
                "source_capital_kyen",
                "simple_payback_years",
                "abatement_cost_yen_per_t",
                "simple_share_optimistic",
                "simple_share_price_optimistic",
            ],
        ),
    };
    for a in &report.alternatives {
        system_rows(a, &mut t);
        load_rows(a, &mut t);
        site_rows(a, &mut t);
        unused_rows(a, &mut t.unused);
    }
    let Tables {
        metrics,
        monthly,
        design,
        duration,
        mixing,
        parcels,
        floor,
        systems,
        costs,
        unused,
    } = t;
    let mut tables = vec![
        metrics, monthly, design, duration, mixing, parcels, floor, systems, costs,
    ];
    // Only cases with unused-energy sources have that table.
    if !unused.rows.is_empty() {
        tables.push(unused);
    }
    tables
        .into_iter()
        .map(|c| Ok((c.name.to_string(), csv_bytes(c.header, c.rows)?)))
        .collect()
}

/// Systems and their cost lines.
fn system_rows(a: &AlternativeResult, t: &mut Tables) {
    for s in &a.systems {
        t.systems.rows.push(vec![
            a.id.clone(),
            s.id.clone(),
            s.kind.id().to_string(),
            s.name.text(Lang::En),
            f(s.heat_demand_gj),
            f(s.electricity_mwh),
            f(s.gas_knm3),
            f(s.primary_energy_gj),
            f(s.energy_efficiency),
            f(s.co2_t),
            f(s.co2_kg_per_m2),
            opt(s.construction_cost_kyen),
            opt(s.annual_cost_kyen),
            opt(s.heat_sold_gj),
            opt(s.heat_price_yen_per_mj),
        ]);
        for l in &s.cost_lines {
            t.costs.rows.push(vec![
                a.id.clone(),
                s.id.clone(),
                l.key.clone(),
                l.item.text(Lang::En),
                f(l.kyen),
                l.note.text(Lang::En),
            ]);
        }
    }
}

/// Load metrics, monthly energy, design days (total and by use), duration curves and the
/// mixing of use pairs.
fn load_rows(a: &AlternativeResult, t: &mut Tables) {
    for (carrier, m) in a.loads.by_id() {
        let c = carrier.id();
        let head = |x: String| vec![a.id.clone(), c.to_string(), x];
        t.metrics.rows.push(vec![
            a.id.clone(),
            c.to_string(),
            f(m.annual_mwh),
            f(m.sum_of_design_peaks_kw),
            f(m.coincident_peak_kw),
            f(m.coincidence_factor),
            f(m.sum_of_sizing_peaks_kw),
            f(m.daily_load_factor),
            f(m.annual_load_factor),
            f(m.full_load_hours),
            m.design_day.clone(),
        ]);
        for (i, v) in m.monthly_mwh.iter().enumerate() {
            t.monthly
                .rows
                .push([head((i + 1).to_string()), vec![f(*v)]].concat());
        }
        for (h, v) in m.design_day_kw.iter().enumerate() {
            t.design
                .rows
                .push([head("total".into()), vec![h.to_string(), f(*v)]].concat());
        }
        for (u, l) in &a.loads_by_use[carrier] {
            for (h, v) in l.district_design_day_kw.iter().enumerate() {
                t.design
                    .rows
                    .push([head(u.clone()), vec![h.to_string(), f(*v)]].concat());
            }
        }
        let n = m.duration_curve_kw.len().max(2) - 1;
        for (i, v) in m.duration_curve_kw.iter().enumerate() {
            let hours = format!("{:.1}", i as f64 * 8759.0 / n as f64);
            t.duration.rows.push([head(hours), vec![f(*v)]].concat());
        }
    }
    for p in &a.mixing {
        for (g, s) in &p.stats {
            t.mixing.rows.push(vec![
                a.id.clone(),
                p.a.clone(),
                p.b.clone(),
                g.to_string(),
                f(s.coincidence_factor),
                f(s.daily_load_factor),
                f(s.annual_load_factor),
                f(s.coincident_peak_kw),
                f(s.sum_of_design_peaks_kw),
            ]);
        }
    }
}

/// Parcels and floor by use (district and external).
fn site_rows(a: &AlternativeResult, t: &mut Tables) {
    for p in a.all_parcels.iter() {
        t.parcels.rows.push(vec![
            a.id.clone(),
            p.id.clone(),
            opt(p.site_area_m2),
            opt(p.coverage),
            opt(p.far_pct),
            opt(p.buildout),
            f(p.floor_m2()),
            opt(p.dwellings),
        ]);
    }
    for (location, floor) in [
        ("district", &a.floor_by_use_m2),
        ("external", &a.external_floor_by_use_m2),
    ] {
        for (u, v) in floor {
            t.floor
                .rows
                .push(vec![a.id.clone(), location.into(), u.clone(), f(*v)]);
        }
    }
}

/// The unused-energy options side by side.
fn unused_rows(a: &AlternativeResult, t: &mut Csv) {
    let b = |v: Option<bool>| v.map(|x| x.to_string()).unwrap_or_default();
    for r in a.unused_energy.iter().flat_map(|c| &c.rows) {
        t.rows.push(vec![
            a.id.clone(),
            r.system.clone(),
            r.option.id().to_string(),
            r.label.text(Lang::En),
            r.sources.join(" + "),
            r.delivery.clone().unwrap_or_default(),
            opt(r.share_of_demand_covered),
            f(r.unused_share),
            f(r.co2_t),
            f(r.co2_saved_t),
            opt(r.heat_price_yen_per_mj),
            opt(r.heat_price_effect_yen_per_mj),
            opt(r.source_capital_kyen),
            opt(r.simple_payback_years),
            opt(r.abatement_cost_yen_per_t),
            b(r.simple_share_optimistic),
            b(r.simple_share_price_optimistic),
        ]);
    }
}
