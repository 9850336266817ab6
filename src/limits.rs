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
    /// Largest value accepted.
    pub value: u64,
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
/// Most PCM containers of one source: each container is simulated hour by hour; a 1.5 MWh
/// container fleet of 1,000 stores 1.5 GWh, far above any source of waste-heat.md.
pub const MAX_CONTAINERS: u64 = 1_000;
/// Most drivers (trucks) of one source: deliveries are capped at a few per day, so more
/// than this many drivers cannot be kept busy.
pub const MAX_DRIVERS: u64 = 1_000;
/// Most points of a `kukaku sweep`, and of a density sweep.
pub const MAX_SWEEP_POINTS: usize = 10_000;
/// Most households of `kukaku levelling` (each is simulated for a year, hour by hour).
pub const MAX_LEVELLING_HOUSEHOLDS: usize = 1_000;
/// Most dwellings of one solar-cluster system (households are simulated hour by hour).
pub const MAX_CLUSTER_DWELLINGS: u64 = 100_000;
/// Most uses in `kukaku mix`.
pub const MAX_MIX_USES: usize = 50;

/// Every limit, for `kukaku library` and the README.
pub const LIMITS: &[Limit] = &[
    Limit {
        key: "max_case_file_bytes",
        value: MAX_CASE_FILE_BYTES,
        unit: "bytes",
        reason: "a 1,000,000-parcel case in flow style is about 70 MB",
    },
    Limit {
        key: "max_import_file_bytes",
        value: MAX_IMPORT_FILE_BYTES,
        unit: "bytes",
        reason: "an EPW weather file is about 1.6 MB, an hourly CSV about 0.5 MB",
    },
    Limit {
        key: "max_yaml_depth",
        value: MAX_YAML_DEPTH as u64,
        unit: "levels",
        reason: "the deepest field of the case schema is 6 levels down",
    },
    Limit {
        key: "max_alias_events",
        value: MAX_ALIAS_EVENTS as u64,
        unit: "YAML events",
        reason: "anchors reuse a spec; they must not multiply data (billion laughs)",
    },
    Limit {
        key: "max_id_chars",
        value: MAX_ID_CHARS as u64,
        unit: "characters",
        reason: "ids label tables and charts; longer ones are pasted text",
    },
    Limit {
        key: "max_text_chars",
        value: MAX_TEXT_CHARS as u64,
        unit: "characters",
        reason: "names and descriptions are shown on the report pages",
    },
    Limit {
        key: "max_parcels",
        value: MAX_PARCELS as u64,
        unit: "parcels per alternative",
        reason: "floor is summed per use; reading a million parcels takes about 4 s",
    },
    Limit {
        key: "max_parcels_written",
        value: MAX_PARCELS_WRITTEN as u64,
        unit: "parcels per case file",
        reason: "bounds the memory of reading the case (about 100 bytes per parcel)",
    },
    Limit {
        key: "max_alternatives",
        value: MAX_ALTERNATIVES as u64,
        unit: "alternatives",
        reason: "each has its own report page and density sweep",
    },
    Limit {
        key: "max_systems",
        value: MAX_SYSTEMS as u64,
        unit: "systems per alternative",
        reason: "each is dispatched hour by hour at every density-sweep point",
    },
    Limit {
        key: "max_user_uses",
        value: MAX_USER_USES as u64,
        unit: "uses",
        reason: "the mixing table grows with the square of the uses present",
    },
    Limit {
        key: "max_sources",
        value: MAX_SOURCES as u64,
        unit: "sources",
        reason: "each source option is evaluated hour by hour",
    },
    Limit {
        key: "max_containers",
        value: MAX_CONTAINERS,
        unit: "containers per source",
        reason: "1,000 PCM containers of 1.5 MWh exceed any source of waste-heat.md",
    },
    Limit {
        key: "max_drivers",
        value: MAX_DRIVERS,
        unit: "drivers per source",
        reason: "deliveries are capped per day, so more drivers cannot be kept busy",
    },
    Limit {
        key: "max_sweep_points",
        value: MAX_SWEEP_POINTS as u64,
        unit: "points",
        reason: "each point evaluates every system hour by hour (about 0.4 ms each)",
    },
    Limit {
        key: "max_levelling_households",
        value: MAX_LEVELLING_HOUSEHOLDS as u64,
        unit: "households",
        reason: "each household is simulated for a year, hour by hour",
    },
    Limit {
        key: "max_cluster_dwellings",
        value: MAX_CLUSTER_DWELLINGS,
        unit: "dwellings per solar-cluster system",
        reason: "households are simulated hour by hour",
    },
    Limit {
        key: "max_mix_uses",
        value: MAX_MIX_USES as u64,
        unit: "uses",
        reason: "the command compares a handful of uses",
    },
];
