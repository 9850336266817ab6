//! Input limits: how much a case file, an import or a command may ask for. Each limit is
//! here once with its reason; `kukaku library` prints the table and the README lists it.
//! Checks run before anything is allocated for the input, so a hostile or mistaken value
//! is refused with a message naming the limit instead of exhausting memory or time.

use serde::Serialize;

/// One limit as printed by `kukaku library`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Limit {
    /// Key (the constant's name in lower case).
    pub key: &'static str,
    /// Largest (or, for `min_*`, smallest) value accepted.
    pub value: f64,
    /// Unit of the value.
    pub unit: &'static str,
    /// Why the limit is where it is.
    pub reason: &'static str,
}

/// Largest case file read, bytes. A 1,000,000-parcel case in flow style is ≈ 70 MB.
pub const MAX_CASE_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Largest imported file (measured series, availability series, weather file), bytes. An
/// EPW file is ≈ 1.6 MB, an hourly CSV with a few columns ≈ 0.5 MB.
pub const MAX_IMPORT_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest nesting of YAML collections in a case file. The deepest field of the schema
/// (a system's `cluster.roof_groups[i]` entries inside `alternatives[i].systems[j]`) is 6
/// levels down.
pub const MAX_YAML_DEPTH: usize = 32;
/// Most YAML events replayed through aliases (`*name`) in one case file: anchors are for
/// reusing a spec, not for multiplying data ("billion laughs").
pub const MAX_ALIAS_EVENTS: usize = 1_000_000;
/// Longest id (alternative, parcel, system, source, use), characters.
pub const MAX_ID_CHARS: usize = 200;
/// Longest name or description, characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Most parcels in one alternative (after inheritance). The floor is summed per use, so the
/// loads do not grow with the count; memory and reading time do (≈ 4 s per million).
pub const MAX_PARCELS: usize = 1_000_000;
/// Most parcels written in one case file, all alternatives together.
pub const MAX_PARCELS_WRITTEN: usize = 2_000_000;
/// Most alternatives in a case (each has its report page and density sweep).
pub const MAX_ALTERNATIVES: usize = 100;
/// Most systems in one alternative.
pub const MAX_SYSTEMS: usize = 50;
/// Most user-defined uses.
pub const MAX_USER_USES: usize = 200;
/// Most unused-energy sources in a case, and taken by one system.
pub const MAX_SOURCES: usize = 50;
/// Most PCM containers of one source: each container is simulated hour by hour; a fleet is
/// sized at up to two containers per daily delivery and deliveries are capped at 8 a day
/// (waste-heat.md §1), so 100 is six times the largest useful fleet.
pub const MAX_CONTAINERS: u64 = 100;
/// Most drivers (trucks) of one source: one driver makes up to 4 deliveries a day and a
/// source sends at most 8 (waste-heat.md §1), so 2 are kept busy; 50 leaves room for
/// shifts and spares while bounding the hour-by-hour simulation.
pub const MAX_DRIVERS: u64 = 50;
/// Most points of a `kukaku sweep`, and of a density sweep.
pub const MAX_SWEEP_POINTS: usize = 10_000;
/// Most households of `kukaku levelling` (each is simulated for a year, hour by hour).
pub const MAX_LEVELLING_HOUSEHOLDS: usize = 1_000;
/// Most uses in `kukaku mix`.
pub const MAX_MIX_USES: usize = 50;

/// Largest area (district, site, district override), m²: 10,000 ha, ten times the largest
/// land-readjustment project.
pub const MAX_AREA_M2: f64 = 1e8;
/// Largest floor area of one parcel, m² (the largest buildings have about 10⁶ m²).
pub const MAX_PARCEL_FLOOR_M2: f64 = 1e7;
/// Largest use share or household-type share (shares are relative weights).
pub const MAX_SHARE: f64 = 1e6;
/// Most dwellings of one parcel.
pub const MAX_PARCEL_DWELLINGS: f64 = 1e5;
/// Largest density scale of an alternative (× floor).
pub const MAX_SCALE: f64 = 100.0;
/// Largest annual energy intensity, kWh/m²·yr (data centres reach a few thousand).
pub const MAX_INTENSITY_KWH_M2: f64 = 1e5;
/// Largest sizing maximum, W/m².
pub const MAX_SIZING_W_M2: f64 = 1e5;
/// Largest value of an imported series (kWh per hour, day, month or year; kWh/m² when per
/// m²): 1 TWh.
pub const MAX_SERIES_KWH: f64 = 1e12;
/// Largest heat rate of a source, heat pump or chiller, kW (10 GW).
pub const MAX_KW: f64 = 1e7;
/// Largest storage capacity, kWh (10 GWh).
pub const MAX_KWH: f64 = 1e10;
/// Most connected buildings of a DHC network.
pub const MAX_BUILDINGS: f64 = 1e6;
/// Most storeys of a roof group's buildings (the tallest buildings have about 160).
pub const MAX_STOREYS: f64 = 200.0;
/// Most units of one DHC plant item.
pub const MAX_PLANT_UNITS: u32 = 100;
/// Largest staff count of a DHC plant.
pub const MAX_STAFF: f64 = 1e4;
/// Largest interest rate (fraction per year).
pub const MAX_INTEREST: f64 = 1.0;
/// Smallest average take-up of a build-up scenario (below 1 % the plant sells almost no
/// heat and its price means nothing).
pub const MIN_TAKEUP: f64 = 0.01;
/// Largest price of steam sold by the tonne, ¥/t (about 100× the users' own cost of
/// raising steam with gas; a bound on input, not a market figure).
pub const MAX_STEAM_PRICE_YEN_PER_T: f64 = 1e6;
/// Longest route of a source to its user, km (containers are bounded further by
/// waste_heat.yaml).
pub const MAX_DISTANCE_KM: f64 = 1_000.0;
/// Longest take-up curve or ramp, years.
pub const MAX_YEARS: f64 = 100.0;
/// Largest floor per share of `kukaku mix`, m².
pub const MAX_MIX_UNIT_M2: f64 = 1e7;

/// Every limit, for `kukaku library` and the README.
pub const LIMITS: &[Limit] = &[
    Limit {
        key: "max_case_file_bytes",
        value: MAX_CASE_FILE_BYTES as f64,
        unit: "bytes",
        reason: "a 1,000,000-parcel case in flow style is about 70 MB",
    },
    Limit {
        key: "max_import_file_bytes",
        value: MAX_IMPORT_FILE_BYTES as f64,
        unit: "bytes",
        reason: "an EPW weather file is about 1.6 MB, an hourly CSV about 0.5 MB",
    },
    Limit {
        key: "max_yaml_depth",
        value: MAX_YAML_DEPTH as f64,
        unit: "levels",
        reason: "the deepest field of the case schema is 6 levels down",
    },
    Limit {
        key: "max_alias_events",
        value: MAX_ALIAS_EVENTS as f64,
        unit: "YAML events",
        reason: "anchors reuse a spec; they must not multiply data (billion laughs)",
    },
    Limit {
        key: "max_id_chars",
        value: MAX_ID_CHARS as f64,
        unit: "characters",
        reason: "ids label tables and charts; longer ones are pasted text",
    },
    Limit {
        key: "max_text_chars",
        value: MAX_TEXT_CHARS as f64,
        unit: "characters",
        reason: "names and descriptions are shown on the report pages",
    },
    Limit {
        key: "max_parcels",
        value: MAX_PARCELS as f64,
        unit: "parcels per alternative",
        reason: "floor is summed per use; reading a million parcels takes about 4 s",
    },
    Limit {
        key: "max_parcels_written",
        value: MAX_PARCELS_WRITTEN as f64,
        unit: "parcels per case file",
        reason: "bounds the memory of reading the case (about 100 bytes per parcel)",
    },
    Limit {
        key: "max_alternatives",
        value: MAX_ALTERNATIVES as f64,
        unit: "alternatives",
        reason: "each has its own report page and density sweep",
    },
    Limit {
        key: "max_systems",
        value: MAX_SYSTEMS as f64,
        unit: "systems per alternative",
        reason: "each is dispatched hour by hour at every density-sweep point",
    },
    Limit {
        key: "max_user_uses",
        value: MAX_USER_USES as f64,
        unit: "uses",
        reason: "the mixing table grows with the square of the uses present",
    },
    Limit {
        key: "max_sources",
        value: MAX_SOURCES as f64,
        unit: "sources",
        reason: "each source option is evaluated hour by hour",
    },
    Limit {
        key: "max_containers",
        value: MAX_CONTAINERS as f64,
        unit: "containers per source",
        reason: "deliveries are capped at 8 a day, two containers each at most (waste-heat.md §1)",
    },
    Limit {
        key: "max_drivers",
        value: MAX_DRIVERS as f64,
        unit: "drivers per source",
        reason: "deliveries are capped per day, so more drivers cannot be kept busy",
    },
    Limit {
        key: "max_sweep_points",
        value: MAX_SWEEP_POINTS as f64,
        unit: "points",
        reason: "each point evaluates every system hour by hour (about 0.4 ms each)",
    },
    Limit {
        key: "max_levelling_households",
        value: MAX_LEVELLING_HOUSEHOLDS as f64,
        unit: "households",
        reason: "each household is simulated for a year, hour by hour",
    },
    Limit {
        key: "max_mix_uses",
        value: MAX_MIX_USES as f64,
        unit: "uses",
        reason: "the command compares a handful of uses",
    },
    Limit {
        key: "max_area_m2",
        value: MAX_AREA_M2,
        unit: "m²",
        reason: "10,000 ha, ten times the largest land-readjustment project",
    },
    Limit {
        key: "max_parcel_floor_m2",
        value: MAX_PARCEL_FLOOR_M2,
        unit: "m² per parcel",
        reason: "the largest buildings have about 10⁶ m²",
    },
    Limit {
        key: "max_share",
        value: MAX_SHARE,
        unit: "",
        reason: "shares are relative weights",
    },
    Limit {
        key: "max_parcel_dwellings",
        value: MAX_PARCEL_DWELLINGS,
        unit: "dwellings per parcel",
        reason: "a parcel is a building site",
    },
    Limit {
        key: "max_scale",
        value: MAX_SCALE,
        unit: "× floor",
        reason: "the gross FAR limit is reached long before",
    },
    Limit {
        key: "max_intensity_kwh_m2",
        value: MAX_INTENSITY_KWH_M2,
        unit: "kWh/m²·yr",
        reason: "data centres reach a few thousand",
    },
    Limit {
        key: "max_sizing_w_m2",
        value: MAX_SIZING_W_M2,
        unit: "W/m²",
        reason: "a hundred times any building use",
    },
    Limit {
        key: "max_series_kwh",
        value: MAX_SERIES_KWH,
        unit: "kWh per value",
        reason: "1 TWh; sums of a year stay far from overflow",
    },
    Limit {
        key: "max_kw",
        value: MAX_KW,
        unit: "kW",
        reason: "10 GW, above any source or plant",
    },
    Limit {
        key: "max_kwh",
        value: MAX_KWH,
        unit: "kWh",
        reason: "10 GWh of storage",
    },
    Limit {
        key: "max_buildings",
        value: MAX_BUILDINGS,
        unit: "buildings",
        reason: "connected buildings of one network",
    },
    Limit {
        key: "max_storeys",
        value: MAX_STOREYS,
        unit: "storeys",
        reason: "the tallest buildings have about 160",
    },
    Limit {
        key: "max_plant_units",
        value: MAX_PLANT_UNITS as f64,
        unit: "units per plant item",
        reason: "a plant item is a few machines of one kind",
    },
    Limit {
        key: "max_staff",
        value: MAX_STAFF,
        unit: "persons",
        reason: "a plant's operating staff",
    },
    Limit {
        key: "max_interest",
        value: MAX_INTEREST,
        unit: "per year",
        reason: "100 % a year",
    },
    Limit {
        key: "min_takeup",
        value: MIN_TAKEUP,
        unit: "",
        reason: "below 1 % the plant sells almost no heat",
    },
    Limit {
        key: "max_distance_km",
        value: MAX_DISTANCE_KM,
        unit: "km",
        reason: "waste heat travels a few km by pipe, tens by truck",
    },
    Limit {
        key: "max_years",
        value: MAX_YEARS,
        unit: "years",
        reason: "take-up curves and ramps",
    },
    Limit {
        key: "max_mix_unit_m2",
        value: MAX_MIX_UNIT_M2,
        unit: "m²",
        reason: "floor per share of `kukaku mix`",
    },
];

/// A number as a message shows it: plain when moderate, in exponent form when very large
/// or very small (1e308 rather than 309 digits).
pub fn show(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-6..1e9).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// `Some(message)` when `v` lies outside [`lo`, `hi`] (the range and unit in the message).
pub fn out_of_range(v: f64, lo: f64, hi: f64, unit: &str) -> Option<String> {
    if v.is_finite() && (lo..=hi).contains(&v) {
        return None;
    }
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    Some(format!("must be in [{lo}, {hi}]{unit}, got {}", show(v)))
}

/// `Some(message)` for an id that is empty, too long or holds control characters. Ids may
/// hold any other character: they reach file names and templates only as internal keys.
pub fn bad_id(id: &str) -> Option<String> {
    if id.trim().is_empty() {
        return Some("an id must not be empty".into());
    }
    let n = id.chars().count();
    if n > MAX_ID_CHARS {
        return Some(format!(
            "an id has at most {MAX_ID_CHARS} characters, got {n}"
        ));
    }
    if id.chars().any(char::is_control) {
        return Some("an id must not hold control characters (line breaks, tabs)".into());
    }
    None
}

/// `Some(message)` for a name or description longer than [`MAX_TEXT_CHARS`].
pub fn long_text(text: &str) -> Option<String> {
    let n = text.chars().count();
    (n > MAX_TEXT_CHARS).then(|| format!("at most {MAX_TEXT_CHARS} characters, got {n}"))
}
