//! The case file: YAML schema, defaults, and validation with file:line:column and field
//! path for every error.
//!
//! A case holds one district, optional user-defined uses, and zoning alternatives. An
//! alternative is either a full parcel list or a set of changes to another alternative
//! (`from`, `replace`, `scale`, `add_parcels`, `remove_parcels`). Floor area is either
//! given (`floor_m2`) or follows the Japanese planning rule of district-a.md §1:
//! site area × building coverage × designated FAR × build-out yield.

use crate::error::{Error, Result};
use crate::library::{CarrierShape, Library};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// Case name (report title).
    pub name: String,
    /// Optional Japanese name.
    #[serde(default)]
    pub name_ja: Option<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// Region id of the regional coefficients (loads.md §7); default `kanto`.
    #[serde(default)]
    pub region: Option<String>,
    /// Intensity dataset id (`cogeneration` default, `ibec`, `handbook`).
    #[serde(default)]
    pub dataset: Option<String>,
    /// Named CO2/primary-energy factor set.
    #[serde(default)]
    pub factor_set: Option<String>,
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
    /// Zoning alternatives.
    pub alternatives: Vec<AlternativeSpec>,
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
    pub name: Option<String>,
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
    pub name: Option<String>,
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
    pub name: Option<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
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

/// A parcel with its floor resolved by use.
#[derive(Debug, Clone, Serialize)]
pub struct Parcel {
    /// Id.
    pub id: String,
    /// Label.
    pub name: Option<String>,
    /// Site area, m² (if given).
    pub site_area_m2: Option<f64>,
    /// Coverage used (if the floor rule was applied).
    pub coverage: Option<f64>,
    /// Designated FAR, %.
    pub far_pct: Option<f64>,
    /// Build-out yield used.
    pub buildout: Option<f64>,
    /// Floor area by use, m².
    pub floor_by_use_m2: BTreeMap<String, f64>,
    /// Dwellings.
    pub dwellings: Option<f64>,
}

impl Parcel {
    /// Total floor area, m².
    pub fn floor_m2(&self) -> f64 {
        self.floor_by_use_m2.values().sum()
    }
}

/// A resolved zoning alternative.
#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Gross district area, m².
    pub district_area_m2: f64,
    /// Parcels inside the district.
    pub parcels: Vec<Parcel>,
    /// External buildings (outside the district, individual plant).
    pub external: Vec<Parcel>,
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
    /// Dwellings inside the district by use: each parcel's dwellings split over its uses in
    /// proportion to floor.
    pub fn dwellings_by_use(&self) -> BTreeMap<String, f64> {
        let mut out = BTreeMap::new();
        for p in &self.parcels {
            let (Some(dw), f) = (p.dwellings, p.floor_m2()) else {
                continue;
            };
            if f <= 0.0 {
                continue;
            }
            for (u, fu) in &p.floor_by_use_m2 {
                *out.entry(u.clone()).or_insert(0.0) += dw * fu / f;
            }
        }
        out
    }
}

fn sum_floor(parcels: &[Parcel]) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for p in parcels {
        for (u, f) in &p.floor_by_use_m2 {
            *out.entry(u.clone()).or_insert(0.0) += f;
        }
    }
    out
}

/// A validated case.
#[derive(Debug, Clone)]
pub struct Case {
    /// File path as given.
    pub path: String,
    /// Directory of the case file (for relative imports).
    pub dir: std::path::PathBuf,
    /// The file as written.
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

// ---------------------------------------------------------------- locating errors

/// Source text and name used to turn a field path into line:column.
pub struct SourceMap {
    file: String,
    root: Option<marked_yaml::Node>,
}

impl SourceMap {
    /// Parse the text once for positions (no positions if the YAML uses anchors).
    pub fn new(file: &str, text: &str) -> SourceMap {
        SourceMap {
            file: file.to_string(),
            root: marked_yaml::parse_yaml(0, text).ok(),
        }
    }

    /// An input error at a field path like `alternatives[1].parcels[0].far_pct`.
    pub fn error(&self, path: &str, message: impl Into<String>) -> Error {
        let (line, col) = self
            .locate(path)
            .map_or((None, None), |(l, c)| (Some(l), Some(c)));
        Error::input(self.file.clone(), line, col, path, message)
    }

    /// Line and column of the value at `path`, or of its nearest existing parent.
    pub fn locate(&self, path: &str) -> Option<(usize, usize)> {
        let mut node = self.root.as_ref()?;
        let mut best = span_start(node);
        for seg in parse_path(path) {
            let next = match (&seg, node) {
                (PathSeg::Key(k), marked_yaml::Node::Mapping(m)) => m.get_node(k.as_str()),
                (PathSeg::Index(i), marked_yaml::Node::Sequence(s)) => s.get(*i),
                _ => None,
            };
            match next {
                Some(n) => {
                    node = n;
                    if let Some(p) = span_start(node) {
                        best = Some(p);
                    }
                }
                None => break,
            }
        }
        best
    }
}

fn span_start(n: &marked_yaml::Node) -> Option<(usize, usize)> {
    n.span().start().map(|m| (m.line(), m.column()))
}

enum PathSeg {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Vec<PathSeg> {
    let mut out = vec![];
    for part in path.split('.') {
        if part.is_empty() {
            continue;
        }
        let mut rest = part;
        if let Some(b) = rest.find('[') {
            if b > 0 {
                out.push(PathSeg::Key(rest[..b].to_string()));
            }
            rest = &rest[b..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let e = stripped.find(']').unwrap_or(stripped.len());
                if let Ok(i) = stripped[..e].parse() {
                    out.push(PathSeg::Index(i));
                }
                rest = stripped.get(e + 1..).unwrap_or("");
            }
        } else {
            out.push(PathSeg::Key(rest.to_string()));
        }
    }
    out
}

/// Closest candidate by edit distance, if reasonably close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (c, strsim::jaro_winkler(word, c)))
        .filter(|(_, s)| *s > 0.75)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

/// Deserialize YAML text into `T`, turning serde errors into input errors with file,
/// line, column, field path and a "did you mean" hint for unknown fields.
pub fn from_yaml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    let de = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let (line, col) = inner
            .location()
            .map_or((None, None), |l| (Some(l.line()), Some(l.column())));
        let raw = inner.to_string();
        // serde_yaml appends " at line L column C": drop it, we print the position first.
        let msg = match raw.find(" at line ") {
            Some(i) => raw[..i].to_string(),
            None => raw,
        };
        let msg = hint_unknown_field(&msg);
        let path = if path == "." { String::new() } else { path };
        Error::input(file, line, col, path, msg)
    })
}

/// Deserialize one YAML value found at `path` of the file `map` reads (a system spec, a
/// source), turning serde errors into input errors at the full field path with a
/// "did you mean" hint.
pub fn from_value<T: DeserializeOwned>(
    path: &str,
    value: &serde_yaml::Value,
    map: &SourceMap,
) -> Result<T> {
    serde_path_to_error::deserialize(value.clone()).map_err(|e| {
        let inner = e.path().to_string();
        let full = if inner == "." {
            path.to_string()
        } else {
            format!("{path}.{inner}")
        };
        let msg = e.into_inner().to_string();
        let msg = match msg.find(" at line ") {
            Some(i) => msg[..i].to_string(),
            None => msg,
        };
        map.error(&full, hint_unknown_field(&msg))
    })
}

/// Add a "did you mean" hint to serde's "unknown field `x`, expected one of `a`, `b`" and
/// "unknown variant `x`, expected `a` or `b`" messages (anywhere in the message).
pub fn hint_unknown_field(msg: &str) -> String {
    let Some(rest) = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|k| msg.find(k).map(|i| &msg[i + k.len()..]))
    else {
        return msg.to_string();
    };
    let Some(end) = rest.find('`') else {
        return msg.to_string();
    };
    let word = &rest[..end];
    let expected: Vec<&str> = rest[end + 1..].split('`').skip(1).step_by(2).collect();
    match did_you_mean(word, expected.iter().copied()) {
        Some(best) => format!("{msg} — did you mean `{best}`?"),
        None => msg.to_string(),
    }
}

// ---------------------------------------------------------------- loading

/// Read and validate a case file.
pub fn load(path: &str, lib: &Library) -> Result<Case> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::input(path, None, None, "", format!("cannot read case file: {e}")))?;
    parse(path, &text, lib)
}

/// Parse and validate case text (`path` names it in messages and anchors relative imports).
pub fn parse(path: &str, text: &str, lib: &Library) -> Result<Case> {
    let raw: CaseFile = from_yaml(path, text)?;
    let map = SourceMap::new(path, text);
    resolve(path, raw, &map, lib)
}

fn check_positive(map: &SourceMap, path: &str, v: f64, what: &str) -> Result<()> {
    if !v.is_finite() || v <= 0.0 {
        return Err(map.error(path, format!("{what} must be a positive number, got {v}")));
    }
    Ok(())
}

fn check_fraction(map: &SourceMap, path: &str, v: f64, what: &str) -> Result<()> {
    if !v.is_finite() || v <= 0.0 || v > 1.0 {
        return Err(map.error(
            path,
            format!("{what} must be a fraction in (0, 1], got {v} (write 0.8 for 80 %)"),
        ));
    }
    Ok(())
}

fn resolve(path: &str, raw: CaseFile, map: &SourceMap, lib: &Library) -> Result<Case> {
    let mut overrides = vec![];
    if raw.name.trim().is_empty() {
        return Err(map.error("name", "the case needs a name"));
    }
    let region_in = raw.region.clone().unwrap_or_else(|| "kanto".to_string());
    let region = match lib.region(&region_in) {
        Some((id, _)) => id.to_string(),
        None => {
            let names: Vec<&str> = lib
                .regions
                .keys()
                .chain(lib.region_aliases.keys())
                .map(String::as_str)
                .collect();
            let hint = did_you_mean(&region_in, names.iter().copied())
                .map(|b| format!(" — did you mean `{b}`?"))
                .unwrap_or_default();
            return Err(map.error(
                "region",
                format!(
                    "unknown region `{region_in}`; known: {}{hint}",
                    lib.regions.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    };
    let dataset = raw
        .dataset
        .clone()
        .unwrap_or_else(|| lib.default_dataset.clone());
    if !lib.datasets.contains_key(&dataset) {
        return Err(map.error(
            "dataset",
            format!(
                "unknown dataset `{dataset}`; known: {}",
                lib.datasets.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    if raw.dataset.is_some() && dataset != lib.default_dataset {
        overrides.push((
            "dataset".into(),
            dataset.clone(),
            lib.default_dataset.clone(),
        ));
    }
    let calendar_year = raw.calendar.as_ref().and_then(|c| c.year).unwrap_or(2023);
    if !(1980..=2099).contains(&calendar_year) {
        return Err(map.error(
            "calendar.year",
            format!("calendar year must be 1980–2099 (holiday rules), got {calendar_year}"),
        ));
    }
    let year_end_break = raw
        .calendar
        .as_ref()
        .and_then(|c| c.year_end_break)
        .unwrap_or(true);

    let d = &raw.district;
    let district_area_m2 = match (d.gross_area_m2, d.gross_area_ha) {
        (Some(_), Some(_)) => return Err(map.error("district.gross_area_ha", "give either gross_area_m2 or gross_area_ha, not both")),
        (Some(m2), None) => {
            check_positive(map, "district.gross_area_m2", m2, "gross area")?;
            m2
        }
        (None, Some(ha)) => {
            check_positive(map, "district.gross_area_ha", ha, "gross area")?;
            ha * 10_000.0
        }
        (None, None) => return Err(map.error("district", "the district needs its gross area (gross_area_m2 or gross_area_ha), roads and parks included")),
    };
    if let Some(c) = d.coverage {
        check_fraction(map, "district.coverage", c, "building coverage")?;
        overrides.push((
            "district.coverage".into(),
            c.to_string(),
            lib.floor_rule.coverage.value.to_string(),
        ));
    }
    if let Some(b) = d.buildout {
        check_positive(map, "district.buildout", b, "build-out yield")?;
        overrides.push((
            "district.buildout".into(),
            b.to_string(),
            lib.floor_rule.buildout.value.to_string(),
        ));
    }
    let coverage_default = d.coverage.unwrap_or(lib.floor_rule.coverage.value);
    let buildout_default = d.buildout.unwrap_or(lib.floor_rule.buildout.value);

    // Known use ids: built-in + user-defined.
    for (id, u) in &raw.uses {
        let p = format!("uses.{id}");
        if lib.uses.contains_key(id)
            && u.like.is_none()
            && u.shapes.is_empty()
            && u.measured.is_empty()
            && u.annual_kwh_m2.is_empty()
            && u.sizing_w_m2.is_empty()
            && u.intensity.is_none()
        {
            return Err(map.error(
                &p,
                format!("`{id}` is a built-in use; a user use needs a new id or some override"),
            ));
        }
        for (field, base) in [("like", &u.like), ("intensity", &u.intensity)] {
            if let Some(b) = base {
                if !lib.uses.contains_key(b)
                    && !lib.datasets.values().any(|ds| ds.rows.contains_key(b))
                {
                    let hint = did_you_mean(b, lib.uses.keys().map(String::as_str))
                        .map(|s| format!(" — did you mean `{s}`?"))
                        .unwrap_or_default();
                    return Err(map.error(
                        &format!("{p}.{field}"),
                        format!("unknown built-in use `{b}`{hint}"),
                    ));
                }
            }
        }
        if u.like.is_none()
            && !lib.uses.contains_key(id)
            && u.shapes.len() < 4
            && u.measured.len() < 4
        {
            return Err(map.error(
                &p,
                "a user use needs `like: <built-in use>` for the shapes it does not define itself",
            ));
        }
        for (field, m) in [
            ("annual_kwh_m2", &u.annual_kwh_m2),
            ("sizing_w_m2", &u.sizing_w_m2),
        ] {
            for (c, v) in m {
                let fp = format!("{p}.{field}.{c}");
                if crate::carrier::Carrier::from_id(c).is_none() {
                    return Err(map.error(
                        &fp,
                        format!(
                            "unknown carrier `{c}`; use heating, hot_water, cooling or electricity"
                        ),
                    ));
                }
                if !v.is_finite() || *v < 0.0 {
                    return Err(map.error(&fp, format!("must be ≥ 0, got {v}")));
                }
            }
        }
        for c in u.shapes.keys().chain(u.measured.keys()) {
            if crate::carrier::Carrier::from_id(c).is_none() {
                return Err(map.error(&format!("{p}.shapes.{c}"), format!("unknown carrier `{c}`")));
            }
        }
        for (c, s) in &u.shapes {
            crate::library::validate_shape(s, &lib.profiles.seasons)
                .map_err(|e| map.error(&format!("{p}.shapes.{c}"), e))?;
        }
    }
    let known_use = |u: &str| lib.uses.contains_key(u) || raw.uses.contains_key(u);
    let use_names: Vec<String> = lib.uses.keys().chain(raw.uses.keys()).cloned().collect();
    let check_use = |p: &str, u: &str| -> Result<()> {
        if known_use(u) {
            Ok(())
        } else {
            let hint = did_you_mean(u, use_names.iter().map(String::as_str))
                .map(|s| format!(" — did you mean `{s}`?"))
                .unwrap_or_default();
            Err(map.error(
                p,
                format!(
                    "unknown use `{u}`{hint}; built-in uses: {} (define others under `uses:`)",
                    lib.uses.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            ))
        }
    };

    let resolve_parcel = |p: &str, s: &ParcelSpec| -> Result<Parcel> {
        if s.id.trim().is_empty() {
            return Err(map.error(&format!("{p}.id"), "parcel id must not be empty"));
        }
        let site = match (s.site_area_m2, s.site_area_ha) {
            (Some(_), Some(_)) => {
                return Err(map.error(
                    &format!("{p}.site_area_ha"),
                    "give either site_area_m2 or site_area_ha, not both",
                ))
            }
            (Some(v), None) => {
                check_positive(map, &format!("{p}.site_area_m2"), v, "site area")?;
                Some(v)
            }
            (None, Some(v)) => {
                check_positive(map, &format!("{p}.site_area_ha"), v, "site area")?;
                Some(v * 10_000.0)
            }
            (None, None) => None,
        };
        if let Some(far) = s.far_pct {
            if !far.is_finite() || far <= 0.0 || far > MAX_FAR_PCT {
                return Err(map.error(&format!("{p}.far_pct"), format!("designated FAR must be in (0, {MAX_FAR_PCT}] %, got {far} (write 600 for 600 %)")));
            }
        }
        if let Some(c) = s.coverage {
            check_fraction(map, &format!("{p}.coverage"), c, "building coverage")?;
        }
        if let Some(b) = s.buildout {
            check_positive(map, &format!("{p}.buildout"), b, "build-out yield")?;
            if b > 1.0 {
                return Err(map.error(&format!("{p}.buildout"), format!("build-out yield is the share of the designated FAR taken up and cannot exceed 1, got {b}")));
            }
        }
        let (floor, coverage, buildout) = match (s.floor_m2, site, s.far_pct) {
            (Some(f), _, _) => {
                check_positive(map, &format!("{p}.floor_m2"), f, "floor area")?;
                (f, None, None)
            }
            (None, Some(site), Some(far)) => {
                let c = s.coverage.unwrap_or(coverage_default);
                let b = s.buildout.unwrap_or(buildout_default);
                (site * c * far / 100.0 * b, Some(c), Some(b))
            }
            (None, Some(_), None) => return Err(map.error(p, "the parcel has a site area but no `far_pct` (designated FAR, %); give it, or give floor_m2")),
            (None, None, _) => return Err(map.error(p, "the parcel needs floor_m2, or site_area_m2 (or _ha) with far_pct")),
        };
        let mut by_use = BTreeMap::new();
        match (&s.use_id, &s.uses) {
            (Some(_), Some(_)) => {
                return Err(map.error(
                    &format!("{p}.uses"),
                    "give either `use` or `uses`, not both",
                ))
            }
            (Some(u), None) => {
                check_use(&format!("{p}.use"), u)?;
                by_use.insert(u.clone(), floor);
            }
            (None, Some(shares)) => {
                if shares.is_empty() {
                    return Err(map.error(&format!("{p}.uses"), "`uses` is empty"));
                }
                for (u, sh) in shares {
                    check_use(&format!("{p}.uses.{u}"), u)?;
                    if !sh.is_finite() || *sh < 0.0 {
                        return Err(map.error(
                            &format!("{p}.uses.{u}"),
                            format!("share must be ≥ 0, got {sh}"),
                        ));
                    }
                }
                let total: f64 = shares.values().sum();
                if total <= 0.0 {
                    return Err(map.error(&format!("{p}.uses"), "use shares sum to 0"));
                }
                for (u, sh) in shares {
                    if *sh > 0.0 {
                        by_use.insert(u.clone(), floor * sh / total);
                    }
                }
            }
            (None, None) => {
                return Err(map.error(p, "the parcel needs `use: <id>` or `uses: {id: share, …}`"))
            }
        }
        if let Some(dw) = s.dwellings {
            if !dw.is_finite() || dw < 0.0 {
                return Err(map.error(&format!("{p}.dwellings"), "dwelling count must be ≥ 0"));
            }
        }
        Ok(Parcel {
            id: s.id.clone(),
            name: s.name.clone(),
            site_area_m2: site,
            coverage,
            far_pct: s.far_pct,
            buildout,
            floor_by_use_m2: by_use,
            dwellings: s.dwellings,
        })
    };

    if raw.alternatives.is_empty() {
        return Err(map.error("alternatives", "the case has no alternatives"));
    }
    let mut alts: Vec<Alternative> = vec![];
    for (i, a) in raw.alternatives.iter().enumerate() {
        let p = format!("alternatives[{i}]");
        if a.id.trim().is_empty()
            || !a
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(map.error(&format!("{p}.id"), format!("alternative id `{}` must be non-empty and use only letters, digits, `_` and `-` (it names report files)", a.id)));
        }
        if alts.iter().any(|x| x.id == a.id) {
            return Err(map.error(
                &format!("{p}.id"),
                format!("duplicate alternative id `{}`", a.id),
            ));
        }
        let (mut parcels, mut external, mut area, mut systems) = match &a.from {
            Some(f) => match alts.iter().find(|x| &x.id == f) {
                Some(b) => (
                    b.parcels.clone(),
                    b.external.clone(),
                    b.district_area_m2,
                    b.systems.clone(),
                ),
                None => {
                    let ids: Vec<&str> = alts.iter().map(|x| x.id.as_str()).collect();
                    let hint = did_you_mean(f, ids.iter().copied())
                        .map(|s| format!(" — did you mean `{s}`?"))
                        .unwrap_or_default();
                    return Err(map.error(
                        &format!("{p}.from"),
                        format!(
                            "`from: {f}` must name an alternative defined above this one{hint}"
                        ),
                    ));
                }
            },
            None => (vec![], vec![], district_area_m2, vec![]),
        };
        if let Some(list) = &a.parcels {
            parcels = list
                .iter()
                .enumerate()
                .map(|(j, s)| resolve_parcel(&format!("{p}.parcels[{j}]"), s))
                .collect::<Result<_>>()?;
        } else if a.from.is_none() {
            return Err(map.error(
                &p,
                "an alternative needs `parcels:` or `from: <alternative>`",
            ));
        }
        for (j, r) in a.remove_parcels.iter().enumerate() {
            let before = parcels.len();
            parcels.retain(|x| &x.id != r);
            if parcels.len() == before {
                return Err(map.error(
                    &format!("{p}.remove_parcels[{j}]"),
                    format!("no parcel `{r}` to remove"),
                ));
            }
        }
        for (j, s) in a.add_parcels.iter().enumerate() {
            parcels.push(resolve_parcel(&format!("{p}.add_parcels[{j}]"), s)?);
        }
        for (j, r) in a.replace.iter().enumerate() {
            let rp = format!("{p}.replace[{j}]");
            let share = r.share.unwrap_or(1.0);
            if !share.is_finite() || !(0.0..=1.0).contains(&share) {
                return Err(map.error(
                    &format!("{rp}.share"),
                    format!("share must be in [0, 1], got {share}"),
                ));
            }
            let from = r.from.to_vec();
            for u in &from {
                check_use(&format!("{rp}.from"), u)?;
            }
            let to: Vec<(String, f64)> = match &r.to {
                UseShares::One(u) => vec![(u.clone(), 1.0)],
                UseShares::Shares(m) => m.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            };
            for (u, sh) in &to {
                check_use(&format!("{rp}.to"), u)?;
                if !sh.is_finite() || *sh < 0.0 {
                    return Err(map.error(
                        &format!("{rp}.to.{u}"),
                        format!("share must be ≥ 0, got {sh}"),
                    ));
                }
            }
            let tot: f64 = to.iter().map(|x| x.1).sum();
            if tot <= 0.0 {
                return Err(map.error(&format!("{rp}.to"), "target shares sum to 0"));
            }
            let mut moved_any = false;
            for parcel in parcels.iter_mut() {
                let mut moved = 0.0;
                for u in &from {
                    if let Some(f) = parcel.floor_by_use_m2.get_mut(u) {
                        let m = *f * share;
                        *f -= m;
                        moved += m;
                    }
                }
                if moved > 0.0 {
                    moved_any = true;
                    for (u, sh) in &to {
                        *parcel.floor_by_use_m2.entry(u.clone()).or_insert(0.0) += moved * sh / tot;
                    }
                }
                parcel.floor_by_use_m2.retain(|_, v| *v > 0.0);
            }
            if !moved_any && share > 0.0 {
                return Err(map.error(
                    &format!("{rp}.from"),
                    format!("no parcel has floor of {} to replace", from.join(", ")),
                ));
            }
        }
        if let Some(k) = a.scale {
            check_positive(map, &format!("{p}.scale"), k, "density scale")?;
            for parcel in parcels.iter_mut() {
                for v in parcel.floor_by_use_m2.values_mut() {
                    *v *= k;
                }
                if let Some(b) = parcel.buildout.as_mut() {
                    *b *= k;
                }
                if let Some(dw) = parcel.dwellings.as_mut() {
                    *dw *= k;
                }
            }
        }
        if let Some(ext) = &a.external {
            external = ext
                .iter()
                .enumerate()
                .map(|(j, s)| resolve_parcel(&format!("{p}.external[{j}]"), s))
                .collect::<Result<_>>()?;
        }
        if let Some(ar) = a.district_area_m2 {
            check_positive(map, &format!("{p}.district_area_m2"), ar, "district area")?;
            area = ar;
        }
        if !a.systems.is_empty() {
            systems = a
                .systems
                .iter()
                .enumerate()
                .map(|(j, v)| (format!("{p}.systems[{j}]"), v.clone()))
                .collect();
        }
        let mut seen = std::collections::BTreeSet::new();
        for (j, parcel) in parcels.iter().enumerate() {
            if !seen.insert(parcel.id.clone()) {
                return Err(map.error(
                    &format!("{p}.parcels[{j}].id"),
                    format!("duplicate parcel id `{}`", parcel.id),
                ));
            }
        }
        let alt = Alternative {
            id: a.id.clone(),
            name: a.name.clone().unwrap_or_else(|| a.id.clone()),
            description: a.description.clone(),
            district_area_m2: area,
            parcels,
            external,
            systems,
        };
        if alt.floor_m2() <= 0.0 {
            return Err(map.error(&p, format!("alternative `{}` has no floor area", a.id)));
        }
        let far = alt.gross_far();
        if far > MAX_FAR_PCT / 100.0 {
            return Err(map.error(&p, format!("gross FAR {:.0} % exceeds {MAX_FAR_PCT} %: check the district area and the parcels' floor", far * 100.0)));
        }
        alts.push(alt);
    }
    let base = match &raw.base {
        Some(b) => {
            if !alts.iter().any(|a| &a.id == b) {
                return Err(map.error("base", format!("base `{b}` is not an alternative id")));
            }
            b.clone()
        }
        None => alts[0].id.clone(),
    };
    let dir = std::path::Path::new(path)
        .parent()
        .map(|p| p.to_path_buf())
        .unwrap_or_default();
    Ok(Case {
        path: path.to_string(),
        dir,
        region,
        dataset,
        calendar_year,
        year_end_break,
        district_area_m2,
        alternatives: alts,
        base,
        overrides,
        raw,
    })
}

#[cfg(test)]
mod hint_tests {
    use super::hint_unknown_field;

    #[test]
    fn unknown_fields_and_variants_get_a_hint() {
        let m = "alternatives[0].parcels[0]: unknown field `far_pc`, expected one of `id`, `far_pct`, `use`";
        assert!(hint_unknown_field(m).ends_with("did you mean `far_pct`?"));
        let v = "unknown variant `dhcc`, expected `individual` or `dhc`";
        assert!(hint_unknown_field(v).ends_with("did you mean `dhc`?"));
        let far = "unknown field `colour`, expected one of `id`, `far_pct`";
        assert_eq!(hint_unknown_field(far), far);
    }
}
