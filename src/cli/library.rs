//! `kukaku library`: the built-in library (uses and their unit loads, carriers, datasets,
//! regions, factor sets, equipment, demand packages, solar locations) as text or JSON.

use super::{library, out, sorted_json, Format};
use crate::carrier::Carrier;
use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// `kukaku library --format json`: the built-in library.
#[derive(serde::Serialize)]
struct LibraryOut<'a> {
    uses: BTreeMap<&'a str, LibraryUse<'a>>,
    carriers: Vec<LibraryCarrier>,
    datasets: BTreeMap<&'a str, LibraryDataset<'a>>,
    default_dataset: &'a str,
    regions: &'a BTreeMap<String, crate::library::Region>,
    factor_sets: &'a BTreeMap<String, crate::supply::data::FactorSet>,
    default_factor_set: &'a str,
    equipment: &'a BTreeMap<String, crate::supply::data::Equipment>,
    demand_packages: BTreeMap<&'a str, LibraryPackage<'a>>,
    solar_locations: BTreeMap<&'a str, LibraryLocation<'a>>,
    /// Input limits (crate::limits), each with its unit and reason.
    limits: &'static [crate::limits::Limit],
}

/// A use of [`LibraryOut`] with its unit loads on the default dataset and region.
#[derive(serde::Serialize)]
struct LibraryUse<'a> {
    label_en: &'a str,
    label_ja: &'a str,
    shape: &'a str,
    intensity_row: &'a str,
    source: &'a str,
    annual_kwh_per_m2: &'a crate::carrier::PerCarrier<f64>,
    design_peak_w_per_m2: &'a crate::carrier::PerCarrier<f64>,
    sizing_w_per_m2: &'a crate::carrier::PerCarrier<f64>,
}

/// A carrier of [`LibraryOut`].
#[derive(serde::Serialize)]
struct LibraryCarrier {
    id: &'static str,
    label_en: &'static str,
    label_ja: &'static str,
    design_month: u32,
}

/// A load dataset of [`LibraryOut`].
#[derive(serde::Serialize)]
struct LibraryDataset<'a> {
    title: &'a str,
    source: &'a str,
    fallback: Option<&'a str>,
}

/// A demand package of [`LibraryOut`] with its factor per end use.
#[derive(serde::Serialize)]
struct LibraryPackage<'a> {
    label: &'a str,
    source: &'a str,
    factors: BTreeMap<&'a str, f64>,
}

/// A solar location of [`LibraryOut`].
#[derive(serde::Serialize)]
struct LibraryLocation<'a> {
    label: &'a str,
    latitude: f64,
    longitude: f64,
}

pub(super) fn library_cmd(format: Format) -> Result<()> {
    let lib = library()?;
    let calendar = lib.reference_calendar();
    let models = crate::profile::builtin_models(
        &lib,
        &calendar,
        &lib.default_dataset,
        &lib.default_region.value,
    )
    .map_err(Error::Runtime)?;
    let (supply, housing) = (&lib.supply, &lib.housing);
    match format {
        Format::Json => {
            let v = LibraryOut {
                uses: models
                    .iter()
                    .map(|(id, m)| {
                        let d = &lib.uses[id];
                        (
                            id.as_str(),
                            LibraryUse {
                                label_en: &d.label_en,
                                label_ja: &d.label_ja,
                                shape: &d.shape,
                                intensity_row: &d.intensity,
                                source: &m.source,
                                annual_kwh_per_m2: &m.annual_kwh_per_m2,
                                design_peak_w_per_m2: &m.design_peak_w_per_m2,
                                sizing_w_per_m2: &m.sizing_w_per_m2,
                            },
                        )
                    })
                    .collect(),
                carriers: Carrier::ALL
                    .iter()
                    .map(|c| LibraryCarrier {
                        id: c.id(),
                        label_en: c.label_en(),
                        label_ja: c.label_ja(),
                        design_month: c.design_month(),
                    })
                    .collect(),
                datasets: lib
                    .datasets
                    .iter()
                    .map(|(k, d)| {
                        (
                            k.as_str(),
                            LibraryDataset {
                                title: &d.title,
                                source: &d.source,
                                fallback: d.fallback.as_deref(),
                            },
                        )
                    })
                    .collect(),
                default_dataset: &lib.default_dataset,
                regions: &lib.regions,
                factor_sets: &supply.factor_sets,
                default_factor_set: &supply.default_factor_set,
                equipment: &supply.equipment,
                demand_packages: housing
                    .packages
                    .iter()
                    .map(|(k, p)| {
                        (
                            k.as_str(),
                            LibraryPackage {
                                label: &p.label,
                                source: &p.source,
                                factors: housing
                                    .end_uses
                                    .keys()
                                    .map(|e| (e.as_str(), p.factor(e)))
                                    .collect(),
                            },
                        )
                    })
                    .collect(),
                solar_locations: housing
                    .locations
                    .iter()
                    .map(|(k, l)| {
                        (
                            k.as_str(),
                            LibraryLocation {
                                label: &l.label,
                                latitude: l.latitude,
                                longitude: l.longitude,
                            },
                        )
                    })
                    .collect(),
                limits: crate::limits::LIMITS,
            };
            out(&format!("{}\n", sorted_json(&v, true)?))
        }
        Format::Text => {
            let mut s = String::from("Uses (default dataset: annual kWh/m²·yr | hourly design peak W/m² | sizing max W/m²)\n");
            for (id, m) in &models {
                let d = &lib.uses[id];
                s += &format!(
                    "  {id:<9} {} / {}  shape `{}`, intensities `{}`\n",
                    d.label_en, d.label_ja, d.shape, d.intensity
                );
                for c in Carrier::ALL {
                    s += &format!(
                        "      {:<12} {:>7.1} | {:>6.1} | {:>6.1}\n",
                        c.id(),
                        m.annual_kwh_per_m2[c.index()],
                        m.design_peak_w_per_m2[c.index()],
                        m.sizing_w_per_m2[c.index()]
                    );
                }
                s += &format!("      source: {}\n", d.source);
            }
            s += "\nCarriers: heating (暖房), hot_water (給湯), cooling (冷房), electricity (電力)\n";
            s += "\nDatasets:\n";
            for (k, d) in &lib.datasets {
                s += &format!(
                    "  {k:<13} {} — {}{}\n",
                    d.title,
                    d.source,
                    if *k == lib.default_dataset {
                        " [default]"
                    } else {
                        ""
                    }
                );
            }
            s += "\nRegions (peak cool / peak heat / annual cool / annual heat):\n";
            for (k, r) in &lib.regions {
                s += &format!(
                    "  {k:<26} {:>4} {:>4} {:>4} {:>5}  {} — {}\n",
                    r.peak_cooling,
                    r.peak_heating,
                    r.annual_cooling,
                    r.annual_heating,
                    r.label_en,
                    r.source
                );
            }
            s += "\nCO2 / primary-energy factor sets (kg-CO2/kWh, kg-CO2/Nm³, MJ/kWh, MJ/Nm³ HHV):\n";
            for (k, f) in &supply.factor_sets {
                s += &format!(
                    "  {k:<18} {:>6} {:>6} {:>6} {:>6}  {}{}\n",
                    f.electricity_kg_co2_per_kwh.value,
                    f.gas_kg_co2_per_nm3.value,
                    f.electricity_primary_mj_per_kwh.value,
                    f.gas_hhv_mj_per_nm3.value,
                    f.label,
                    if *k == supply.default_factor_set {
                        " [default]"
                    } else {
                        ""
                    }
                );
            }
            s += "\nEquipment (annual COP or efficiency) — plant items for `systems[].plant`:\n";
            for (k, e) in &supply.equipment {
                let v = e
                    .cop
                    .map(|c| format!("COP {c}"))
                    .or(e.efficiency.map(|x| format!("η {x}")))
                    .or(e.loss_per_day.map(|x| format!("loss {x}/day")))
                    .unwrap_or_default();
                s += &format!("  {k:<24} {v:<12} {}\n", e.source);
            }
            s += "\nDemand-reduction packages (solar clusters, residential-b.md §3):\n";
            for (k, p) in &housing.packages {
                s += &format!("  {k:<18} {} — {}\n", p.label, p.source);
            }
            s += "\nSolar locations (approximate monthly data; use your own EPW/CSV for design):\n";
            for (k, l) in &housing.locations {
                s += &format!("  {k:<10} {}\n", l.label);
            }
            s += "\nInput limits (a case, import or command asking for more is refused):\n";
            for l in crate::limits::LIMITS {
                s += &format!(
                    "  {:<26} {:>12} {:<24} {}\n",
                    l.key,
                    crate::limits::show(l.value),
                    l.unit,
                    l.reason
                );
            }
            out(&s)
        }
    }
}
