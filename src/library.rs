//! Built-in data with provenance, loaded once and passed down every stage: load shapes, unit
//! intensities, regional coefficients and the floor-area rule (profiles.yaml,
//! intensities.yaml, parsed here), plus the supply data (supply.yaml, [`SupplyData`]), the
//! housing data (housing.yaml, [`HousingData`]) and the unused-energy defaults
//! (waste_heat.yaml, [`WasteHeatData`]). Every number comes from a data file under
//! `src/data/` that names its source; the parsers only convert units and check invariants.

use crate::carrier::{Carrier, PerCarrier};
use crate::housing::HousingData;
pub use crate::sourced::{Sourced, SourcedFlag, SourcedText};
use crate::supply::data::SupplyData;
use crate::supply::unused::data::WasteHeatData;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const PROFILES_YAML: &str = include_str!("data/profiles.yaml");
const INTENSITIES_YAML: &str = include_str!("data/intensities.yaml");

/// 24-h shapes of one season group for the three day types (relative to the weekday peak).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DayShapes {
    /// `all`, or a season name of [`ProfileLibrary::seasons`].
    pub season: String,
    /// Weekday shape, 24 values, index h = h:00–h+1:00.
    pub weekday: Vec<f64>,
    /// Saturday shape.
    pub saturday: Vec<f64>,
    /// Sunday / holiday shape.
    pub holiday: Vec<f64>,
}

/// Statistics a built-in shape reproduces (per 10,000 m², loads.md §4–§5).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedStats {
    /// Design-day peak, kWh/h per 10,000 m².
    pub design_peak_kw_per_10000m2: f64,
    /// Daily load factor on the design day (fraction).
    pub daily_load_factor: f64,
    /// Annual energy, MWh per 10,000 m².
    pub annual_mwh_per_10000m2: f64,
    /// Annual load factor (fraction).
    pub annual_load_factor: f64,
    /// Where the figures come from.
    pub source: String,
}

/// Hourly model of one use × carrier: monthly factors × day-type shapes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CarrierShape {
    /// Month of the design day (1 = January).
    pub design_month: u32,
    /// 12 monthly factors, January first.
    pub monthly: Vec<f64>,
    /// Day shapes by season group.
    pub days: Vec<DayShapes>,
    /// Published statistics the shape reproduces (built-in shapes only).
    #[serde(default)]
    pub published: Option<PublishedStats>,
    /// Why the shape looks like it does.
    #[serde(default)]
    pub note: Option<String>,
}

/// Combined within-use statistics (loads.md §4 "Heating + HW", "Cooling + elec").
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CombinedStat {
    /// Peak, kWh/h per 10,000 m².
    pub peak_kw_per_10000m2: f64,
    /// Daily load factor (fraction).
    pub daily_load_factor: f64,
}

/// The profile library file (profiles.yaml).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ProfileLibrary {
    /// File format version.
    pub version: u32,
    /// Season groups: name → months.
    pub seasons: BTreeMap<String, Vec<u32>>,
    /// Shape name → carrier → model.
    pub uses: BTreeMap<String, BTreeMap<String, CarrierShape>>,
    /// Published within-use combined statistics per shape name.
    #[serde(default)]
    pub combined_published: BTreeMap<String, BTreeMap<String, CombinedStat>>,
}

/// One row of an intensity dataset, in the dataset's units.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IntensityRow {
    /// Annual energy per carrier.
    pub annual: BTreeMap<String, f64>,
    /// Design maximum per carrier (equipment sizing).
    pub peak: BTreeMap<String, f64>,
}

/// A named unit-intensity dataset.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Title.
    pub title: String,
    /// Source reference.
    pub source: String,
    /// Unit of `annual` values.
    pub annual_unit: String,
    /// Unit of `peak` values.
    pub peak_unit: String,
    /// Dataset used for rows this one lacks.
    #[serde(default)]
    pub fallback: Option<String>,
    /// Rows by intensity name.
    pub rows: BTreeMap<String, IntensityRow>,
}

/// A built-in use.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UseDef {
    /// English label.
    pub label_en: String,
    /// Japanese label.
    pub label_ja: String,
    /// Shape name in profiles.yaml.
    pub shape: String,
    /// Row name in the intensity datasets.
    pub intensity: String,
    /// Source note.
    pub source: String,
}

/// Regional coefficients (loads.md §7).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// English label.
    pub label_en: String,
    /// Japanese label.
    pub label_ja: String,
    /// Multiplier on the cooling peak.
    pub peak_cooling: f64,
    /// Multiplier on the heating peak.
    pub peak_heating: f64,
    /// Multiplier on annual cooling energy.
    pub annual_cooling: f64,
    /// Multiplier on annual heating energy.
    pub annual_heating: f64,
    /// Source.
    pub source: String,
}

/// Floor-area rule defaults.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FloorRule {
    /// Building coverage of the usable site (fraction).
    pub coverage: Sourced,
    /// Build-out yield: share of the designated FAR taken up (fraction).
    pub buildout: Sourced,
}

/// The reference calendar of a case that names none.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceCalendar {
    /// Calendar year.
    pub year: Sourced,
    /// 29 Dec – 3 Jan as holidays.
    pub year_end_break: SourcedFlag,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct IntensityFile {
    version: u32,
    default_dataset: String,
    mix_dataset: SourcedText,
    datasets: BTreeMap<String, Dataset>,
    uses: BTreeMap<String, UseDef>,
    regions: BTreeMap<String, Region>,
    default_region: SourcedText,
    region_aliases: BTreeMap<String, String>,
    reference_calendar: ReferenceCalendar,
    floor_rule: FloorRule,
}

/// All built-in data. The load-stage data (profiles, datasets, uses, regions, floor rule)
/// sit at the top level; the other stages' data files each have their own field.
#[derive(Debug, Clone)]
pub struct Library {
    /// Load shapes.
    pub profiles: ProfileLibrary,
    /// Intensity datasets by id.
    pub datasets: BTreeMap<String, Dataset>,
    /// Id of the default dataset.
    pub default_dataset: String,
    /// Dataset of `kukaku mix` when none is given.
    pub mix_dataset: SourcedText,
    /// Built-in uses by id.
    pub uses: BTreeMap<String, UseDef>,
    /// Regions by id.
    pub regions: BTreeMap<String, Region>,
    /// Region of a case that names none.
    pub default_region: SourcedText,
    /// Region aliases.
    pub region_aliases: BTreeMap<String, String>,
    /// Reference calendar of a case that names none.
    pub reference_calendar: ReferenceCalendar,
    /// Floor-area rule defaults.
    pub floor_rule: FloorRule,
    /// Supply data: factor sets, equipment, auxiliaries, network, costs, tariffs, viability.
    pub supply: SupplyData,
    /// Housing data: dwellings' end uses, packages, households, solar, cluster defaults.
    pub housing: HousingData,
    /// Unused-energy defaults: evaluation, availability, pipes, containers.
    pub waste_heat: WasteHeatData,
    /// Land-readjustment project defaults: survey, timing, connection, 減歩, subsidies.
    pub project: crate::project::ProjectData,
    /// Default criteria weights of the executive summary's decision.
    pub decision: crate::pipeline::decision::DecisionData,
}

/// Annual energy (kWh/m²·yr) and sizing maximum (W/m²) of one use in one dataset.
#[derive(Debug, Clone, Serialize)]
pub struct Intensity {
    /// Annual energy per carrier, kWh/m²·yr.
    pub annual_kwh_per_m2: PerCarrier<f64>,
    /// Sizing maximum per carrier, W/m².
    pub sizing_w_per_m2: PerCarrier<f64>,
    /// Dataset the row came from (after fallback).
    pub dataset: String,
    /// Source text.
    pub source: String,
}

fn annual_to_kwh_per_m2(unit: &str) -> Result<f64, String> {
    match unit {
        "kWh_per_m2_yr" => Ok(1.0),
        "MJ_per_m2_yr" => Ok(1.0 / 3.6),
        "MWh_per_10000m2_yr" => Ok(0.1),
        other => Err(format!("unknown annual unit {other}")),
    }
}

fn peak_to_w_per_m2(unit: &str) -> Result<f64, String> {
    match unit {
        "W_per_m2" => Ok(1.0),
        "kJ_per_m2_h" => Ok(1.0 / 3.6),
        "kWh_per_h_per_10000m2" => Ok(0.1),
        other => Err(format!("unknown peak unit {other}")),
    }
}

impl Library {
    /// Parse the built-in data files. Fails only if the shipped data are broken (tested).
    pub fn builtin() -> Result<Library, String> {
        let profiles: ProfileLibrary = serde_yaml::from_str(PROFILES_YAML)
            .map_err(|e| format!("built-in profiles.yaml: {e}"))?;
        let file: IntensityFile = serde_yaml::from_str(INTENSITIES_YAML)
            .map_err(|e| format!("built-in intensities.yaml: {e}"))?;
        let _ = file.version;
        let lib = Library {
            profiles,
            datasets: file.datasets,
            default_dataset: file.default_dataset,
            mix_dataset: file.mix_dataset,
            uses: file.uses,
            regions: file.regions,
            default_region: file.default_region,
            region_aliases: file.region_aliases,
            reference_calendar: file.reference_calendar,
            floor_rule: file.floor_rule,
            supply: SupplyData::builtin()?,
            housing: HousingData::builtin()?,
            waste_heat: WasteHeatData::builtin()?,
            project: crate::project::ProjectData::builtin()?,
            decision: crate::pipeline::decision::DecisionData::builtin()?,
        };
        lib.validate()?;
        Ok(lib)
    }

    /// Consistency checks on the shipped data.
    fn validate(&self) -> Result<(), String> {
        for (name, carriers) in &self.profiles.uses {
            for c in Carrier::ALL {
                let shape = carriers
                    .get(c.id())
                    .ok_or_else(|| format!("profiles.yaml: shape {name} lacks {}", c.id()))?;
                validate_shape(shape, &self.profiles.seasons)
                    .map_err(|e| format!("profiles.yaml: {name}.{}: {e}", c.id()))?;
            }
        }
        for (id, u) in &self.uses {
            if !self.profiles.uses.contains_key(&u.shape) {
                return Err(format!("use {id}: unknown shape {}", u.shape));
            }
            for ds in self.datasets.keys() {
                self.intensity(ds, &u.intensity)
                    .map_err(|e| format!("use {id}, dataset {ds}: {e}"))?;
            }
        }
        if self.region(&self.default_region.value).is_none() {
            return Err(format!(
                "intensities.yaml: unknown default region {}",
                self.default_region.value
            ));
        }
        for ds in [&self.default_dataset, &self.mix_dataset.value] {
            if !self.datasets.contains_key(ds) {
                return Err(format!("intensities.yaml: unknown dataset {ds}"));
            }
        }
        Ok(())
    }

    /// The reference calendar of a case that names none.
    pub fn reference_calendar(&self) -> crate::calendar::Calendar {
        crate::calendar::Calendar::new(
            self.reference_calendar.year.value as i32,
            self.reference_calendar.year_end_break.value,
        )
    }

    /// Look up a region id or alias.
    pub fn region(&self, id: &str) -> Option<(&str, &Region)> {
        let key = self
            .region_aliases
            .get(id)
            .map(String::as_str)
            .unwrap_or(id);
        self.regions
            .get_key_value(key)
            .map(|(k, v)| (k.as_str(), v))
    }

    /// Intensity of a row in a dataset, following the dataset's fallback, in kWh/m²·yr and W/m².
    pub fn intensity(&self, dataset: &str, row: &str) -> Result<Intensity, String> {
        let ds = self
            .datasets
            .get(dataset)
            .ok_or_else(|| format!("unknown dataset {dataset}"))?;
        let Some(r) = ds.rows.get(row) else {
            return match &ds.fallback {
                Some(fb) => self.intensity(fb, row).map(|mut i| {
                    i.source = format!("{} (not in {dataset}; fallback)", i.source);
                    i
                }),
                None => Err(format!("dataset {dataset} has no row {row}")),
            };
        };
        let fa = annual_to_kwh_per_m2(&ds.annual_unit)?;
        let fp = peak_to_w_per_m2(&ds.peak_unit)?;
        let mut annual = PerCarrier::<f64>::default();
        let mut peak = PerCarrier::<f64>::default();
        for c in Carrier::ALL {
            annual[c.index()] = *r
                .annual
                .get(c.id())
                .ok_or_else(|| format!("{dataset}.{row} lacks annual {}", c.id()))?
                * fa;
            peak[c.index()] = *r
                .peak
                .get(c.id())
                .ok_or_else(|| format!("{dataset}.{row} lacks peak {}", c.id()))?
                * fp;
        }
        Ok(Intensity {
            annual_kwh_per_m2: annual,
            sizing_w_per_m2: peak,
            dataset: dataset.to_string(),
            source: format!("{}: {}", ds.title, ds.source),
        })
    }
}

/// Check that a shape has 12 monthly factors, 24-value day shapes and covers every month once.
pub fn validate_shape(
    shape: &CarrierShape,
    seasons: &BTreeMap<String, Vec<u32>>,
) -> Result<(), String> {
    if shape.monthly.len() != 12 {
        return Err(format!(
            "monthly has {} values, expected 12",
            shape.monthly.len()
        ));
    }
    if !(1..=12).contains(&shape.design_month) {
        return Err("design_month must be 1..12".into());
    }
    if shape.monthly.iter().any(|v| !v.is_finite() || *v < 0.0) {
        return Err("monthly factors must be finite and ≥ 0".into());
    }
    let mut covered = [0u32; 12];
    for d in &shape.days {
        for (name, v) in [
            ("weekday", &d.weekday),
            ("saturday", &d.saturday),
            ("holiday", &d.holiday),
        ] {
            if v.len() != 24 {
                return Err(format!("{name} shape has {} values, expected 24", v.len()));
            }
            if v.iter().any(|x| !x.is_finite() || *x < 0.0) {
                return Err(format!("{name} shape values must be finite and ≥ 0"));
            }
        }
        let months: Vec<u32> = if d.season == "all" {
            (1..=12).collect()
        } else {
            seasons
                .get(&d.season)
                .cloned()
                .ok_or_else(|| format!("unknown season {}", d.season))?
        };
        for m in months {
            if !(1..=12).contains(&m) {
                return Err(format!("season {} has month {m}", d.season));
            }
            covered[(m - 1) as usize] += 1;
        }
    }
    if covered.iter().any(|&n| n != 1) {
        return Err("day shapes must cover every month exactly once".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_converts() {
        let lib = Library::builtin().unwrap();
        let i = lib.intensity("cogeneration", "retail").unwrap();
        // loads.md §2 check: 42,000 m² × 226.0 = 9,492 MWh; × 70 W/m² = 2,940 kW.
        assert!(
            (i.annual_kwh_per_m2[Carrier::Electricity.index()] * 42_000.0 / 1000.0 - 9492.0).abs()
                < 1e-6
        );
        assert!(
            (i.sizing_w_per_m2[Carrier::Electricity.index()] * 42_000.0 / 1000.0 - 2940.0).abs()
                < 1e-6
        );
        let ibec = lib.intensity("ibec", "office").unwrap();
        assert!((ibec.annual_kwh_per_m2[Carrier::Electricity.index()] - 135.0).abs() < 1e-9);
        let sports = lib.intensity("cogeneration", "sports").unwrap();
        assert_eq!(sports.dataset, "handbook");
        assert!(sports.source.contains("fallback"));
    }

    #[test]
    fn region_alias() {
        let lib = Library::builtin().unwrap();
        assert_eq!(lib.region("kyushu").unwrap().0, "kinki");
        assert!(lib.region("atlantis").is_none());
    }
}
