//! Writers: JSON, CSV tables and the atomic output folder.

use super::Report;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use std::path::{Component, Path};

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

/// CSV tables of everything the load sections show.
pub fn csv_tables(report: &Report) -> Result<Vec<OutFile>> {
    let mut metrics = vec![];
    let mut monthly = vec![];
    let mut design = vec![];
    let mut duration = vec![];
    let mut mixing = vec![];
    let mut parcels = vec![];
    let mut floor = vec![];
    let mut systems = vec![];
    let mut costs = vec![];
    let opt = |v: Option<f64>| v.map(f).unwrap_or_default();
    for a in &report.alternatives {
        for s in &a.systems {
            systems.push(vec![
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
                costs.push(vec![
                    a.id.clone(),
                    s.id.clone(),
                    l.key.clone(),
                    l.item.text(Lang::En),
                    f(l.kyen),
                    l.note.text(Lang::En),
                ]);
            }
        }
        for (carrier, m) in a.loads.by_id() {
            let c = carrier.id();
            metrics.push(vec![
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
                monthly.push(vec![
                    a.id.clone(),
                    c.to_string(),
                    (i + 1).to_string(),
                    f(*v),
                ]);
            }
            for (h, v) in m.design_day_kw.iter().enumerate() {
                let mut row = vec![
                    a.id.clone(),
                    c.to_string(),
                    "total".into(),
                    h.to_string(),
                    f(*v),
                ];
                row.truncate(5);
                design.push(row);
            }
            {
                for (u, l) in &a.loads_by_use[carrier] {
                    for (h, v) in l.district_design_day_kw.iter().enumerate() {
                        design.push(vec![
                            a.id.clone(),
                            c.to_string(),
                            u.clone(),
                            h.to_string(),
                            f(*v),
                        ]);
                    }
                }
            }
            let n = m.duration_curve_kw.len().max(2) - 1;
            for (i, v) in m.duration_curve_kw.iter().enumerate() {
                duration.push(vec![
                    a.id.clone(),
                    c.to_string(),
                    format!("{:.1}", i as f64 * 8759.0 / n as f64),
                    f(*v),
                ]);
            }
        }
        for p in &a.mixing {
            for (g, s) in &p.stats {
                mixing.push(vec![
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
        for p in &a.parcels {
            parcels.push(vec![
                a.id.clone(),
                p.id.clone(),
                p.site_area_m2.map(f).unwrap_or_default(),
                p.coverage.map(f).unwrap_or_default(),
                p.far_pct.map(f).unwrap_or_default(),
                p.buildout.map(f).unwrap_or_default(),
                f(p.floor_m2),
                p.dwellings.map(f).unwrap_or_default(),
            ]);
        }
        for (u, v) in &a.floor_by_use_m2 {
            floor.push(vec![a.id.clone(), "district".into(), u.clone(), f(*v)]);
        }
        for (u, v) in &a.external_floor_by_use_m2 {
            floor.push(vec![a.id.clone(), "external".into(), u.clone(), f(*v)]);
        }
    }
    let unused: Vec<Vec<String>> = report
        .alternatives
        .iter()
        .flat_map(|a| {
            a.unused_energy.iter().flat_map(move |c| {
                c.rows.iter().map(move |r| {
                    let o = |v: Option<f64>| v.map(f).unwrap_or_default();
                    let b = |v: Option<bool>| v.map(|x| x.to_string()).unwrap_or_default();
                    vec![
                        a.id.clone(),
                        r.system.clone(),
                        r.option.id().to_string(),
                        r.label.text(Lang::En),
                        r.sources.join(" + "),
                        r.delivery.clone().unwrap_or_default(),
                        o(r.share_of_demand_covered),
                        f(r.unused_share),
                        f(r.co2_t),
                        f(r.co2_saved_t),
                        o(r.heat_price_yen_per_mj),
                        o(r.heat_price_effect_yen_per_mj),
                        o(r.source_capital_kyen),
                        o(r.simple_payback_years),
                        o(r.abatement_cost_yen_per_t),
                        b(r.simple_share_optimistic),
                        b(r.simple_share_price_optimistic),
                    ]
                })
            })
        })
        .collect();
    let mut files = vec![
        (
            "load_metrics.csv".into(),
            csv_bytes(
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
                metrics,
            )?,
        ),
        (
            "monthly.csv".into(),
            csv_bytes(&["alternative", "carrier", "month", "energy_mwh"], monthly)?,
        ),
        (
            "design_day.csv".into(),
            csv_bytes(
                &["alternative", "carrier", "use", "hour", "load_kw"],
                design,
            )?,
        ),
        (
            "duration_curve.csv".into(),
            csv_bytes(&["alternative", "carrier", "hours", "load_kw"], duration)?,
        ),
        (
            "mixing.csv".into(),
            csv_bytes(
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
                mixing,
            )?,
        ),
        (
            "parcels.csv".into(),
            csv_bytes(
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
                parcels,
            )?,
        ),
        (
            "floor_by_use.csv".into(),
            csv_bytes(&["alternative", "location", "use", "floor_m2"], floor)?,
        ),
        (
            "systems.csv".into(),
            csv_bytes(
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
                systems,
            )?,
        ),
        (
            "cost_lines.csv".into(),
            csv_bytes(
                &["alternative", "system", "key", "item", "kyen", "note"],
                costs,
            )?,
        ),
    ];
    if !unused.is_empty() {
        files.push((
            "unused_energy.csv".into(),
            csv_bytes(
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
                unused,
            )?,
        ));
    }
    Ok(files)
}

fn safe_name(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Write `files` into `target` atomically: everything goes to a temporary folder beside
/// it first and replaces the previous folder only when complete. A failure leaves the
/// previous report intact and no half-written files.
pub fn write_dir_atomic(target: &Path, files: &[OutFile]) -> Result<()> {
    let rt = |what: &str, e: std::io::Error| Error::Runtime(format!("{what}: {e}"));
    for (name, _) in files {
        if !safe_name(name) {
            return Err(Error::Runtime(format!(
                "refusing to write `{name}` outside the output folder"
            )));
        }
    }
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|e| rt(&format!("creating {}", parent.display()), e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".kukaku-new-")
        .tempdir_in(&parent)
        .map_err(|e| {
            rt(
                &format!("creating a temporary folder in {}", parent.display()),
                e,
            )
        })?;
    for (name, bytes) in files {
        let path = tmp.path().join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| rt(&format!("creating {}", dir.display()), e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| rt(&format!("writing {}", path.display()), e))?;
    }
    let tmp_path = tmp.keep();
    if target.exists() {
        let old = tempfile::Builder::new()
            .prefix(".kukaku-old-")
            .tempdir_in(&parent)
            .map_err(|e| rt("creating a backup folder", e))?
            .keep();
        // Move the previous report aside, put the new one in place, then drop the old.
        std::fs::remove_dir(&old).map_err(|e| rt("preparing backup", e))?;
        std::fs::rename(target, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&tmp_path);
            rt(
                &format!("moving the previous {} aside", target.display()),
                e,
            )
        })?;
        if let Err(e) = std::fs::rename(&tmp_path, target) {
            let _ = std::fs::rename(&old, target);
            let _ = std::fs::remove_dir_all(&tmp_path);
            return Err(rt(&format!("replacing {}", target.display()), e));
        }
        let _ = std::fs::remove_dir_all(&old);
    } else if let Err(e) = std::fs::rename(&tmp_path, target) {
        let _ = std::fs::remove_dir_all(&tmp_path);
        return Err(rt(&format!("creating {}", target.display()), e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_escape_the_folder() {
        assert!(safe_name("index.html"));
        assert!(safe_name("alt/a.html"));
        assert!(!safe_name("../x.html"));
        assert!(!safe_name("/etc/passwd"));
        assert!(!safe_name(""));
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let e = write_dir_atomic(&target, &[("../evil".into(), vec![])]).unwrap_err();
        assert!(e.to_string().contains("outside"));
        assert!(!target.exists());
    }

    #[test]
    fn replaces_previous_folder_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("case");
        write_dir_atomic(
            &target,
            &[
                ("a.txt".into(), b"1".to_vec()),
                ("old.txt".into(), b"x".to_vec()),
            ],
        )
        .unwrap();
        write_dir_atomic(&target, &[("a.txt".into(), b"2".to_vec())]).unwrap();
        assert_eq!(std::fs::read(target.join("a.txt")).unwrap(), b"2");
        assert!(!target.join("old.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}
