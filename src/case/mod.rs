//! The case file: YAML schema, defaults, and validation with file:line:column and field
//! path for every error.
//!
//! A case holds one district, optional user-defined uses, and zoning alternatives. An
//! alternative is either a full parcel list or a set of changes to another alternative
//! (`from`, `replace`, `scale`, `add_parcels`, `remove_parcels`). Floor area is either
//! given (`floor_m2`) or follows the Japanese planning rule of district-a.md §1:
//! site area × building coverage × designated FAR × build-out yield.

mod resolve;
mod source_map;
pub mod yaml;

pub use source_map::{did_you_mean, from_value, from_yaml, hint_unknown_field, SourceMap};

use crate::error::{Error, Result};
pub use crate::i18n::Local;
use crate::library::{CarrierShape, Library};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Largest designated FAR accepted, % (anything above is a typo, not a plan).
pub const MAX_FAR_PCT: f64 = 2000.0;

// ---------------------------------------------------------------- raw schema

/// One value or a list of values.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single use id.
    One(String),
    /// Several use ids.
    Many(Vec<String>),
}

impl OneOrMany {
    fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// A use id, or a map of use id → share.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum UseShares {
    /// All to one use.
    One(String),
    /// Split by shares (normalised to sum 1).
    Shares(BTreeMap<String, f64>),
}

/// Case file as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// Case name (report title): a text or `{ en: …, ja: … }`.
    pub name: Local,
    /// Optional Japanese name (older form of `name: { ja: … }`).
    #[serde(default)]
    pub name_ja: Option<String>,
    /// Free text, as `name`.
    #[serde(default)]
    pub description: Option<Local>,
    /// Region id of the regional coefficients (loads.md §7); default `kanto`.
    #[serde(default)]
    pub region: Option<String>,
    /// Intensity dataset id (`cogeneration` default, `ibec`, `handbook`).
    #[serde(default)]
    pub dataset: Option<String>,
    /// Named CO2/primary-energy factor set (default: the area's).
    #[serde(default)]
    pub factor_set: Option<String>,
    /// Electricity/gas utility area: an area id, or a prefecture or city inside one
    /// (default: the area of `region`).
    #[serde(default)]
    pub area: Option<String>,
    /// Tariffs: a tariff set and rates overriding it (default: the area's set).
    #[serde(default)]
    pub tariffs: Option<TariffsSpec>,
    /// Reference calendar.
    #[serde(default)]
    pub calendar: Option<CalendarSpec>,
    /// The district.
    pub district: DistrictSpec,
    /// User-defined uses.
    #[serde(default)]
    pub uses: BTreeMap<String, UserUseSpec>,
    /// Alternative compared against in reports (default: the first).
    #[serde(default)]
    pub base: Option<String>,
    /// Unused-energy sources near the district (waste heat by pipe or container), referenced
    /// by systems (parsed by the supply stage, `supply::unused`).
    #[serde(default)]
    pub sources: Vec<serde_yaml::Value>,
    /// The land-readjustment project: milestones, build-out curves, land figures (parsed
    /// by the project stage, `project::parse`).
    #[serde(default)]
    pub project: Option<serde_yaml::Value>,
    /// Zoning alternatives.
    pub alternatives: Vec<AlternativeSpec>,
    /// Date of the report (`YYYY-MM-DD`), printed on its cover (the command line's
    /// `--date` replaces it). Taken from the case, never the clock, so the same input
    /// writes the same report.
    #[serde(default)]
    pub date: Option<String>,
    /// The criteria of the executive summary's ranking (default: src/data/decision.yaml).
    #[serde(default)]
    pub decision: Option<DecisionSpec>,
}

/// The case's `decision:` block: criteria with `weights` (relative) or in an `order` (most
/// important first; the i-th of n weighs n − i). Criteria it leaves out are not used.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionSpec {
    /// Weight by criterion id.
    #[serde(default)]
    pub weights: Option<BTreeMap<String, f64>>,
    /// Criterion ids, most important first.
    #[serde(default)]
    pub order: Option<Vec<String>>,
}

/// Tariffs of a case: a named set (`tariff_sets:` in supply.yaml) and rates overriding it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TariffsSpec {
    /// Tariff set id (default: the area's).
    #[serde(default)]
    pub set: Option<String>,
    /// DHC plant electricity rates.
    #[serde(default)]
    pub dhc_electricity: Option<ElectricityRates>,
    /// DHC plant gas rates.
    #[serde(default)]
    pub dhc_gas: Option<GasRates>,
    /// Building plant electricity rates.
    #[serde(default)]
    pub individual_electricity: Option<ElectricityRates>,
    /// Building plant gas rates.
    #[serde(default)]
    pub individual_gas: Option<GasRates>,
}

/// Electricity rates a case overrides.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ElectricityRates {
    /// Basic charge, ¥ per kW of contract demand a month.
    #[serde(default)]
    pub basic_yen_per_kw_month: Option<f64>,
    /// Energy charge, ¥/kWh.
    #[serde(default)]
    pub energy_yen_per_kwh: Option<f64>,
}

/// Gas rates a case overrides.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GasRates {
    /// Basic charge, ¥ per m³/h of contract flow a month.
    #[serde(default)]
    pub basic_yen_per_nm3h_month: Option<f64>,
    /// Volumetric charge, ¥/m³.
    #[serde(default)]
    pub energy_yen_per_nm3: Option<f64>,
}

/// Reference calendar options.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// Year whose weekdays and holidays are used (default 2023).
    #[serde(default)]
    pub year: Option<i32>,
    /// Treat 29 Dec – 3 Jan as holidays (default true).
    #[serde(default)]
    pub year_end_break: Option<bool>,
}

/// District as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictSpec {
    /// District name.
    #[serde(default)]
    pub name: Option<Local>,
    /// Gross area incl. roads and parks, m².
    #[serde(default)]
    pub gross_area_m2: Option<f64>,
    /// Gross area, ha (alternative to `gross_area_m2`).
    #[serde(default)]
    pub gross_area_ha: Option<f64>,
    /// Default building coverage of the usable site (fraction).
    #[serde(default)]
    pub coverage: Option<f64>,
    /// Default build-out yield (fraction of the designated FAR taken up).
    #[serde(default)]
    pub buildout: Option<f64>,
}

/// A user-defined use.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UserUseSpec {
    /// English label.
    #[serde(default)]
    pub label: Option<String>,
    /// Japanese label.
    #[serde(default)]
    pub label_ja: Option<String>,
    /// Built-in use whose shapes (and, by default, intensities) are borrowed.
    #[serde(default)]
    pub like: Option<String>,
    /// Built-in use whose intensity row is used (default: `like`).
    #[serde(default)]
    pub intensity: Option<String>,
    /// Annual energy overrides per carrier, kWh/m²·yr.
    #[serde(default)]
    pub annual_kwh_m2: BTreeMap<String, f64>,
    /// Sizing-maximum overrides per carrier, W/m².
    #[serde(default)]
    pub sizing_w_m2: BTreeMap<String, f64>,
    /// Own shapes per carrier (same format as the built-in profiles.yaml).
    #[serde(default)]
    pub shapes: BTreeMap<String, CarrierShape>,
    /// Measured series per carrier.
    #[serde(default)]
    pub measured: BTreeMap<String, MeasuredSpec>,
    /// Monthly fuel records of the facility (heating, hot water and cooling from them;
    /// `crate::fuel_records`).
    #[serde(default)]
    pub fuel_records: Option<crate::fuel_records::FuelRecordSpec>,
    /// Source note printed in the assumptions appendix.
    #[serde(default)]
    pub source: Option<String>,
}

/// A measured series to import (CSV with 8760, 8784, 365, 12 or 1 values).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MeasuredSpec {
    /// CSV file, relative to the case file.
    pub file: String,
    /// 1-based column (default: the last column).
    #[serde(default)]
    pub column: Option<usize>,
    /// If set, the values are totals for this floor area (m²); otherwise per m².
    #[serde(default)]
    pub floor_m2: Option<f64>,
}

/// Parcel as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ParcelSpec {
    /// Parcel id (unique in an alternative).
    pub id: String,
    /// Label.
    #[serde(default)]
    pub name: Option<Local>,
    /// Floor area given directly, m².
    #[serde(default)]
    pub floor_m2: Option<f64>,
    /// Site area, m².
    #[serde(default)]
    pub site_area_m2: Option<f64>,
    /// Site area, ha.
    #[serde(default)]
    pub site_area_ha: Option<f64>,
    /// Building coverage of the usable site (fraction).
    #[serde(default)]
    pub coverage: Option<f64>,
    /// Designated FAR, %.
    #[serde(default)]
    pub far_pct: Option<f64>,
    /// Build-out yield (fraction).
    #[serde(default)]
    pub buildout: Option<f64>,
    /// Single use.
    #[serde(default, rename = "use")]
    pub use_id: Option<String>,
    /// Mixed uses: id → share of floor.
    #[serde(default)]
    pub uses: Option<BTreeMap<String, f64>>,
    /// Dwelling count (housing).
    #[serde(default)]
    pub dwellings: Option<f64>,
    /// Position of the parcel's centre on the site diagram, m east (with `y_m`).
    #[serde(default)]
    pub x_m: Option<f64>,
    /// Position of the parcel's centre on the site diagram, m north (with `x_m`).
    #[serde(default)]
    pub y_m: Option<f64>,
}

/// Move a share of some uses' floor to other uses in every parcel.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReplaceSpec {
    /// Use(s) giving floor.
    pub from: OneOrMany,
    /// Use(s) receiving it, with shares.
    pub to: UseShares,
    /// Share of the `from` floor moved (0..1, default 1).
    #[serde(default)]
    pub share: Option<f64>,
}

/// Alternative as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AlternativeSpec {
    /// Identifier (CONTRACT.md `id`).
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<Local>,
    /// Free text.
    #[serde(default)]
    pub description: Option<Local>,
    /// Alternative this one modifies.
    #[serde(default)]
    pub from: Option<String>,
    /// Full parcel list (replaces the inherited one).
    #[serde(default)]
    pub parcels: Option<Vec<ParcelSpec>>,
    /// Parcels added to the inherited list.
    #[serde(default)]
    pub add_parcels: Vec<ParcelSpec>,
    /// Parcel ids removed from the inherited list.
    #[serde(default)]
    pub remove_parcels: Vec<String>,
    /// Use replacements, applied in order after inheritance.
    #[serde(default)]
    pub replace: Vec<ReplaceSpec>,
    /// Density multiplier on every parcel's floor (× k).
    #[serde(default)]
    pub scale: Option<f64>,
    /// External (outside-district) buildings on individual plant, for like-for-like bases.
    #[serde(default)]
    pub external: Option<Vec<ParcelSpec>>,
    /// District gross area override, m².
    #[serde(default)]
    pub district_area_m2: Option<f64>,
    /// Supply systems to evaluate (see the supply module).
    #[serde(default)]
    pub systems: Vec<serde_yaml::Value>,
}

// ---------------------------------------------------------------- resolved model

/// Floor area by use of one parcel, m² (use ids shared by every parcel of a case).
pub type UseFloor = Vec<(Arc<str>, f64)>;

/// A parcel with its floor resolved by use (compact: a case may hold a million).
#[derive(Debug, Clone, Serialize)]
pub struct Parcel {
    /// Id.
    pub id: String,
    /// Label.
    pub name: Option<Local>,
    /// Site area, m² (if given).
    pub site_area_m2: Option<f64>,
    /// Coverage used (if the floor rule was applied).
    pub coverage: Option<f64>,
    /// Designated FAR, %.
    pub far_pct: Option<f64>,
    /// Build-out yield used.
    pub buildout: Option<f64>,
    /// Floor area by use, m².
    pub floor_by_use_m2: UseFloor,
    /// Dwellings.
    pub dwellings: Option<f64>,
    /// Centre on the site diagram, m (east, north), if the case gives it.
    pub xy_m: Option<[f64; 2]>,
}

impl Parcel {
    /// Total floor area, m².
    pub fn floor_m2(&self) -> f64 {
        self.floor_by_use_m2.iter().map(|(_, f)| f).sum()
    }
}

/// A resolved zoning alternative.
#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: Local,
    /// Description.
    pub description: Option<Local>,
    /// Gross district area, m².
    pub district_area_m2: f64,
    /// Parcels inside the district (shared with the alternatives that inherit them
    /// unchanged).
    pub parcels: Arc<Vec<Parcel>>,
    /// External buildings (outside the district, individual plant).
    pub external: Arc<Vec<Parcel>>,
    /// Supply system specs as written (parsed by the supply stage).
    #[serde(skip)]
    pub systems: Vec<(String, serde_yaml::Value)>,
}

impl Alternative {
    /// Floor by use inside the district, m².
    pub fn floor_by_use_m2(&self) -> BTreeMap<String, f64> {
        sum_floor(&self.parcels)
    }
    /// Floor by use of the external buildings, m².
    pub fn external_floor_by_use_m2(&self) -> BTreeMap<String, f64> {
        sum_floor(&self.external)
    }
    /// Supplied floor inside the district, m².
    pub fn floor_m2(&self) -> f64 {
        self.parcels.iter().map(Parcel::floor_m2).sum()
    }
    /// Gross FAR = floor ÷ district area (fraction).
    pub fn gross_far(&self) -> f64 {
        self.floor_m2() / self.district_area_m2
    }
    /// Dwellings inside the district.
    pub fn dwellings(&self) -> f64 {
        self.parcels.iter().filter_map(|p| p.dwellings).sum()
    }
    /// The alternative's floor plan (the sums of its parcels), its parcels' floor changed
    /// by `change` (sweeps) without copying them.
    pub fn plan_with(
        &self,
        network: &crate::supply::data::NetworkData,
        change: impl Fn(&mut UseFloor),
    ) -> FloorPlan {
        let mut by_use: BTreeMap<Arc<str>, f64> = BTreeMap::new();
        let mut dw_by_use: BTreeMap<Arc<str>, f64> = BTreeMap::new();
        let (mut floor_m2, mut dwellings, mut buildings) = (0.0, 0.0, 0.0);
        let mut floor = UseFloor::new();
        for p in self.parcels.iter() {
            floor.clear();
            floor.extend(p.floor_by_use_m2.iter().cloned());
            change(&mut floor);
            let f: f64 = floor.iter().map(|(_, v)| v).sum();
            for (u, v) in &floor {
                *by_use.entry(u.clone()).or_insert(0.0) += v;
            }
            floor_m2 += f;
            buildings += crate::supply::network::parcel_buildings(p.site_area_m2, f, network);
            if let Some(dw) = p.dwellings {
                dwellings += dw;
                if f > 0.0 {
                    for (u, v) in &floor {
                        *dw_by_use.entry(u.clone()).or_insert(0.0) += dw * v / f;
                    }
                }
            }
        }
        let named = |m: BTreeMap<Arc<str>, f64>| -> BTreeMap<String, f64> {
            m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
        };
        FloorPlan {
            floor_by_use_m2: named(by_use),
            external_floor_by_use_m2: self.external_floor_by_use_m2(),
            floor_m2,
            district_area_m2: self.district_area_m2,
            dwellings,
            dwellings_by_use: named(dw_by_use),
            buildings: buildings.max(1.0),
            parcels: self.parcels.clone(),
        }
    }
    /// The alternative's floor plan as written.
    pub fn plan(&self, network: &crate::supply::data::NetworkData) -> FloorPlan {
        self.plan_with(network, |_| {})
    }
}

/// The floor plan of an alternative (or of a sweep step): what the load and supply stages
/// need from its parcels, summed once.
#[derive(Debug, Clone, Serialize)]
pub struct FloorPlan {
    /// Floor by use inside the district, m².
    pub floor_by_use_m2: BTreeMap<String, f64>,
    /// Floor by use of the external buildings, m².
    pub external_floor_by_use_m2: BTreeMap<String, f64>,
    /// Supplied floor inside the district, m².
    pub floor_m2: f64,
    /// Gross district area, m².
    pub district_area_m2: f64,
    /// Dwellings inside the district.
    pub dwellings: f64,
    /// Dwellings by use: each parcel's dwellings split over its uses in proportion to floor.
    pub dwellings_by_use: BTreeMap<String, f64>,
    /// Connected buildings (`network::parcel_buildings` summed, at least one).
    pub buildings: f64,
    /// The alternative's parcels as written (shared, not copied): the project timeline
    /// weights build-out by parcel and use. A sweep step keeps the written parcels, so their
    /// relative weights are those of the plan as written.
    pub parcels: Arc<Vec<Parcel>>,
}

impl FloorPlan {
    /// Gross FAR = floor ÷ district area (fraction).
    pub fn gross_far(&self) -> f64 {
        self.floor_m2 / self.district_area_m2
    }
}

fn sum_floor(parcels: &[Parcel]) -> BTreeMap<String, f64> {
    let mut out: BTreeMap<&str, f64> = BTreeMap::new();
    for p in parcels {
        for (u, f) in &p.floor_by_use_m2 {
            *out.entry(u.as_ref()).or_insert(0.0) += f;
        }
    }
    out.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

impl Case {
    /// Where this case's imports are read from.
    pub fn imports(&self) -> crate::import::ImportRoot<'_> {
        crate::import::ImportRoot {
            dir: &self.dir,
            allow_outside: self.allow_outside_imports,
        }
    }
}

/// A validated case.
#[derive(Debug, Clone)]
pub struct Case {
    /// File path as given.
    pub path: String,
    /// Directory of the case file (for relative imports).
    pub dir: std::path::PathBuf,
    /// Imports may lie outside `dir` (`--allow-outside-imports`); set by the caller.
    pub allow_outside_imports: bool,
    /// The file as written, without its parcel lists (resolved into `alternatives`).
    pub raw: CaseFile,
    /// Region id (resolved alias).
    pub region: String,
    /// Dataset id.
    pub dataset: String,
    /// Calendar year.
    pub calendar_year: i32,
    /// Year-end break as holidays.
    pub year_end_break: bool,
    /// Gross district area, m².
    pub district_area_m2: f64,
    /// Alternatives in file order.
    pub alternatives: Vec<Alternative>,
    /// Base alternative id for comparisons.
    pub base: String,
    /// Values the case file set that override a library default: (field, value, default).
    pub overrides: Vec<(String, String, String)>,
}

// ---------------------------------------------------------------- loading

/// Read and validate a case file.
pub fn load(path: &str, lib: &Library) -> Result<Case> {
    let text = read_case_file(std::path::Path::new(path))?;
    parse(path, &text, lib)
}

/// The text of a case file: a regular file (a FIFO or device would block) of at most
/// [`crate::limits::MAX_CASE_FILE_BYTES`], in UTF-8.
pub fn read_case_file(path: &std::path::Path) -> Result<String> {
    use std::io::Read;
    let max = crate::limits::MAX_CASE_FILE_BYTES;
    let p = path.display().to_string();
    let err = |m: String| Error::input(&p, None, None, "", m);
    let meta = std::fs::metadata(path).map_err(|e| err(format!("cannot read case file: {e}")))?;
    if !meta.is_file() {
        return Err(err(
            "not a regular file (a folder, FIFO or device cannot be read as a case)".into(),
        ));
    }
    if meta.len() > max {
        return Err(err(format!(
            "the case file has {} bytes; at most {max} are read (see `kukaku library`, limits)",
            meta.len()
        )));
    }
    let mut bytes = vec![];
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| err(format!("cannot read case file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        err(format!(
            "the case file is not UTF-8 text (byte {} is not)",
            e.utf8_error().valid_up_to() + 1
        ))
    })
}

/// Parse and validate case text (`path` names it in messages and anchors relative imports).
pub fn parse(path: &str, text: &str, lib: &Library) -> Result<Case> {
    let map = SourceMap::new(path, text);
    let raw: CaseFile = from_yaml(path, text)?;
    resolve::resolve(path, raw, &map, lib).map_err(|e| map.locate_error(e))
}
