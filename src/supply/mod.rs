//! Supply options evaluated on an alternative's hourly loads: individual building plants,
//! district heating & cooling (DHC) and 20-house solar clusters (W-solar). All options of an alternative share the same
//! loads so they compare in one table.

pub mod cluster;
pub mod data;
pub mod dhc;
pub mod evaluate;
pub mod individual;
pub mod network;
pub mod plant;
pub mod spec;
pub mod unused;

use crate::calendar::Calendar;
use crate::carrier::Carrier;
use crate::i18n::Text;
use crate::library::Library;
use crate::load::UseModel;
use data::{FactorSet, SupplyData};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Kind of a supply system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SystemKind {
    /// Every building has its own plant.
    Individual,
    /// District heating & cooling.
    Dhc,
    /// PV on the roofs and shared solar heat stores per block of dwellings
    /// (residential-b.md; parameters under `cluster:`).
    SolarCluster,
}

impl SystemKind {
    /// Every kind.
    pub const ALL: [SystemKind; 3] = [
        SystemKind::Individual,
        SystemKind::Dhc,
        SystemKind::SolarCluster,
    ];

    /// Identifier as written in case files and JSON (`individual`, `dhc`, `solar_cluster`).
    pub fn id(self) -> &'static str {
        match self {
            SystemKind::Individual => "individual",
            SystemKind::Dhc => "dhc",
            SystemKind::SolarCluster => "solar_cluster",
        }
    }
}

/// What a DHC scenario changes against the plain system (report.json `sensitivity[].lever`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lever {
    /// Demand build-up over the years.
    Buildup,
    /// Named unused-energy sources.
    UnusedSources,
    /// The simple unused-energy share of plant energy.
    UnusedEnergy,
    /// District pipe works paid by the land-readjustment side.
    SubsidyPipes,
    /// Only the utility-tunnel space paid.
    SubsidyTunnel,
    /// The land-readjustment project's timeline, plant site, cost sharing or connection
    /// levers.
    Project,
    /// Another plant configuration (no scenario lever of its own).
    Plant,
    /// Gas cogeneration added to the plant.
    Chp,
}

impl Lever {
    /// Identifier (the serde name; a key of the translation catalogue under `lever.`).
    pub fn id(self) -> &'static str {
        match self {
            Lever::Buildup => "buildup",
            Lever::UnusedSources => "unused_sources",
            Lever::UnusedEnergy => "unused_energy",
            Lever::SubsidyPipes => "subsidy_pipes",
            Lever::SubsidyTunnel => "subsidy_tunnel",
            Lever::Project => "project",
            Lever::Plant => "plant",
            Lever::Chp => "chp",
        }
    }
}

pub use dhc::{BuildupSpec, DhcSpec, PlantItemSpec, Serves, Subsidy};
pub use plant::Dispatch;
pub use spec::{Plant, SystemSpec};

/// The reference systems of an alternative, by id: the first DHC that is not a scenario
/// variant (else the first DHC) — the one whose price is rated and against which the
/// scenarios are compared — and the first individual plant without sources (else the
/// first individual plant).
pub fn reference_systems(specs: &[SystemSpec]) -> (Option<&str>, Option<&str>) {
    let first = |kind: SystemKind| {
        specs
            .iter()
            .find(|s| s.kind() == kind && s.scenario_lever().is_none())
            .or_else(|| specs.iter().find(|s| s.kind() == kind))
            .map(|s| s.id())
    };
    (first(SystemKind::Dhc), first(SystemKind::Individual))
}

/// Inputs shared by all systems of an alternative.
pub struct SupplyInput<'a> {
    /// Built-in data (supply, housing and unused-energy defaults).
    pub lib: &'a Library,
    /// Calendar.
    pub calendar: &'a Calendar,
    /// Use models.
    pub models: &'a BTreeMap<String, UseModel>,
    /// Floor by use inside the district, m².
    pub floor_by_use_m2: &'a BTreeMap<String, f64>,
    /// Floor by use of external buildings (individual plant), m².
    pub external_floor_by_use_m2: &'a BTreeMap<String, f64>,
    /// Gross district area, m².
    pub district_area_m2: f64,
    /// Connected buildings inside the district (network::buildings_of_parcels).
    pub buildings: f64,
    /// Dwellings inside the district by use (parcel dwellings split by floor share).
    pub dwellings_by_use: BTreeMap<String, f64>,
    /// Factor set.
    pub factors: &'a FactorSet,
    /// Tariffs of the case (its area's set with the case's overrides).
    pub tariffs: &'a crate::supply::data::TariffSet,
    /// Per-m² building-plant balances by use (computed once per case by
    /// [`individual::unit_plants`]).
    pub unit_plants: &'a UnitPlants,
    /// Household-model calibrations and diversity statistics shared by the case's
    /// solar-cluster systems.
    pub households: &'a crate::household::ModelCache,
    /// Parcels inside the district (the project timeline's build-out is per parcel).
    pub parcels: &'a [crate::case::Parcel],
    /// The land-readjustment project of the case, if any.
    pub project: Option<&'a crate::project::Project>,
    /// At a step of a density sweep: the connected loads as a multiple of the swept
    /// alternative's own ([`dhc::scaled`]), which lets a plain DHC plant run from sums
    /// instead of hour by hour. `None` elsewhere.
    pub density_step: Option<dhc::scaled::Scaled<'a>>,
    /// Only the headline figures will be read (a sweep step): the systems may leave out
    /// their cost lines and other report-only detail.
    pub headline_only: bool,
}

impl SupplyInput<'_> {
    /// Supply data (supply.yaml).
    pub fn data(&self) -> &SupplyData {
        &self.lib.supply
    }
}

/// The building plant of one m² of a use on its own loads: annual balance (excluding
/// room-AC loads) and installed capacities.
#[derive(Debug, Clone, Default)]
pub struct UnitPlant {
    /// Annual balance of one m².
    pub balance: Balance,
    /// Cooling capacity, W/m².
    pub cooling_w_per_m2: f64,
    /// Boiler capacity, W/m².
    pub boiler_w_per_m2: f64,
}

/// Building plants per m² by use id.
pub type UnitPlants = BTreeMap<String, UnitPlant>;

/// Energy balance of a system (or part of one), annual.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Balance {
    /// Purchased electricity by purpose, kWh.
    pub electricity_kwh: BTreeMap<String, f64>,
    /// Gas by purpose, Nm³.
    pub gas_nm3: BTreeMap<String, f64>,
    /// Heat delivered to buildings that counts as heat demand (excl. room-AC loads), kWh.
    pub heat_demand_kwh: f64,
    /// Heat rejected by cooling towers, kWh.
    pub rejected_kwh: f64,
    /// Peak purchased electricity, kW (sum of contracts for building plants).
    pub peak_electricity_kw: f64,
    /// Peak gas flow, Nm³/h.
    pub peak_gas_nm3_per_h: f64,
    /// Load not met by the installed capacity, kWh.
    pub unmet_kwh: f64,
}

impl Balance {
    /// Total purchased electricity, kWh.
    pub fn electricity_total_kwh(&self) -> f64 {
        self.electricity_kwh.values().sum()
    }
    /// Total gas, Nm³.
    pub fn gas_total_nm3(&self) -> f64 {
        self.gas_nm3.values().sum()
    }
    /// Add another balance (peaks add: separate contracts).
    pub fn add(&mut self, o: &Balance) {
        for (k, v) in &o.electricity_kwh {
            *self.electricity_kwh.entry(k.clone()).or_insert(0.0) += v;
        }
        for (k, v) in &o.gas_nm3 {
            *self.gas_nm3.entry(k.clone()).or_insert(0.0) += v;
        }
        self.heat_demand_kwh += o.heat_demand_kwh;
        self.rejected_kwh += o.rejected_kwh;
        self.peak_electricity_kw += o.peak_electricity_kw;
        self.peak_gas_nm3_per_h += o.peak_gas_nm3_per_h;
        self.unmet_kwh += o.unmet_kwh;
    }
    /// The balance with the energy of the purposes `keys` multiplied by `k` (electricity
    /// and gas; peaks, heat and rejection unchanged).
    pub fn with_purposes_scaled(&self, keys: &[String], k: f64) -> Balance {
        let mut b = self.clone();
        for (p, v) in b.electricity_kwh.iter_mut().chain(b.gas_nm3.iter_mut()) {
            if keys.iter().any(|x| x == p) {
                *v *= k;
            }
        }
        b
    }
    /// Multiply every quantity by k.
    pub fn scaled(&self, k: f64) -> Balance {
        Balance {
            electricity_kwh: self
                .electricity_kwh
                .iter()
                .map(|(a, v)| (a.clone(), v * k))
                .collect(),
            gas_nm3: self
                .gas_nm3
                .iter()
                .map(|(a, v)| (a.clone(), v * k))
                .collect(),
            heat_demand_kwh: self.heat_demand_kwh * k,
            rejected_kwh: self.rejected_kwh * k,
            peak_electricity_kw: self.peak_electricity_kw * k,
            peak_gas_nm3_per_h: self.peak_gas_nm3_per_h * k,
            unmet_kwh: self.unmet_kwh * k,
        }
    }
}

/// Add `v` to a named entry.
pub fn add_to(map: &mut BTreeMap<String, f64>, key: &str, v: f64) {
    if v != 0.0 {
        *map.entry(key.to_string()).or_insert(0.0) += v;
    }
}

/// One line of a cost table.
#[derive(Debug, Clone)]
pub struct CostLine {
    /// Item key (stable, for scripts and translations).
    pub key: String,
    /// Item label.
    pub item: Text,
    /// Amount, ¥ thousand (per year unless it is the construction cost).
    pub kyen: f64,
    /// Assumption note.
    pub note: Text,
}

impl CostLine {
    /// The maintenance line: `kyen` a year at `share` (a fraction) of construction, with
    /// its note `note_key` (which takes the share in percent as `share`).
    pub fn maintenance(kyen: f64, note_key: &str, share: f64) -> CostLine {
        CostLine::phrased(
            "maintenance",
            Text::new("cost.maintenance", &[]),
            kyen,
            crate::i18n::Phrase::new(note_key, &[("share", format!("{:.1}", share * 100.0))]),
        )
    }

    /// A line whose item and note are catalogue phrases.
    pub fn phrased(key: &str, item: Text, kyen: f64, note: crate::i18n::Phrase) -> CostLine {
        CostLine {
            key: key.into(),
            item,
            kyen,
            note: note.into(),
        }
    }
}

/// report.json keeps `note` as English text and adds the note's catalogue `phrase`
/// (key and arguments) where it has one, for scripts that translate.
impl Serialize for CostLine {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            key: &'a str,
            item: &'a Text,
            kyen: f64,
            note: &'a Text,
            #[serde(skip_serializing_if = "Option::is_none")]
            phrase: Option<&'a crate::i18n::Phrase>,
        }
        Out {
            key: &self.key,
            item: &self.item,
            kyen: self.kyen,
            note: &self.note,
            phrase: match &self.note {
                Text::Phrase(p) => Some(p),
                Text::Given(_) | Text::Local(_) => None,
            },
        }
        .serialize(s)
    }
}

/// An installed equipment group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Installed {
    /// Equipment id.
    pub equipment: String,
    /// Role (cooling / heating / storage).
    pub role: String,
    /// Total capacity, kW (kWh for storage).
    pub capacity_kw: f64,
    /// Units.
    pub units: u32,
    /// Energy produced per year, MWh.
    pub output_mwh: f64,
    /// Capital cost, ¥ thousand.
    pub cost_kyen: f64,
}

/// Network summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkResult {
    /// Connected buildings.
    pub buildings: f64,
    /// Trench length, m.
    pub length_m: f64,
    /// Chilled-water main diameter, m.
    pub main_diameter_m: f64,
    /// Heat lost by steam/hot-water pipes, MWh/yr.
    pub heat_loss_mwh: f64,
    /// Heat gained by chilled-water pipes, MWh/yr.
    pub cool_gain_mwh: f64,
    /// Losses ÷ delivered heat (heating + hot water + cooling).
    pub loss_share: f64,
    /// Distribution pumping, MWh/yr.
    pub pump_mwh: f64,
    /// Civil works, ¥ thousand.
    pub civil_kyen: f64,
    /// Pipes, ¥ thousand.
    pub pipe_kyen: f64,
}

/// Result of one system (CONTRACT.md fields first).
#[derive(Debug, Clone, Serialize)]
pub struct SystemResult {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: SystemKind,
    /// Display name (the case file's, else the kind's name in the catalogue).
    pub name: Text,
    /// Heat demand (heating + hot water + cooling, excl. room-AC loads), GJ/yr.
    pub heat_demand_gj: f64,
    /// Purchased electricity, MWh/yr.
    pub electricity_mwh: f64,
    /// Gas, thousand Nm³/yr.
    pub gas_knm3: f64,
    /// Primary energy, GJ/yr.
    pub primary_energy_gj: f64,
    /// heat demand ÷ primary energy.
    pub energy_efficiency: f64,
    /// CO2, t/yr.
    pub co2_t: f64,
    /// CO2 per m² of floor (incl. external buildings), kg/m²·yr.
    pub co2_kg_per_m2: f64,
    /// Construction cost, ¥ thousand.
    pub construction_cost_kyen: Option<f64>,
    /// Annual cost, ¥ thousand/yr.
    pub annual_cost_kyen: Option<f64>,
    /// Heat sold (demand + distribution losses), GJ/yr; DHC only.
    pub heat_sold_gj: Option<f64>,
    /// Heat unit price, ¥/MJ (DHC: annual cost ÷ heat sold; individual: equivalent cost ÷ heat demand).
    pub heat_price_yen_per_mj: Option<f64>,
    /// Solar clusters only.
    pub per_dwelling: Option<cluster::PerDwelling>,
    /// Electricity by purpose, MWh/yr.
    pub electricity_by_purpose_mwh: BTreeMap<String, f64>,
    /// Gas by purpose, thousand Nm³/yr.
    pub gas_by_purpose_knm3: BTreeMap<String, f64>,
    /// Installed equipment.
    pub equipment: Vec<Installed>,
    /// Network (DHC).
    pub network: Option<NetworkResult>,
    /// What levelling saves a DHC plant against the sum of its uses' own peaks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levelling: Option<dhc::LevellingEffect>,
    /// Cost breakdown with an assumption note per line.
    pub cost_lines: Vec<CostLine>,
    /// Scenario and method notes.
    pub notes: Vec<Text>,
    /// Unmet load, MWh/yr (should be 0).
    pub unmet_mwh: f64,
    /// Coincident heating + hot-water capacity, GJ/h (Heat Supply Business Act check).
    pub heating_capacity_gj_per_h: Option<f64>,
    /// Solar clusters: sizing, simulation, costs, roof balance, CO2 waterfall.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<Box<cluster::ClusterResult>>,
    /// Unused-energy sources and what they achieve against the same system without them.
    pub unused: Option<unused::UnusedResult>,
    /// Year-by-year path of a DHC with a build-up or a project timeline: take-up, heat
    /// sold, capital, revenue at the levelised price, cumulative cash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_path: Option<crate::econ::PricePath>,
    /// The DHC inside the land-readjustment project: plant site, infrastructure split and
    /// 減歩, connection levers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<Box<crate::project::ProjectResult>>,
    /// Gas cogeneration of a DHC plant: size, hours, fuel, power, heat and credits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chp: Option<Box<dhc::chp::ChpResult>>,
}

/// Heat demand series of the connected (non-room-AC) loads per carrier for a floor mix, kW.
pub fn connected_series(input: &SupplyInput, floor: &BTreeMap<String, f64>) -> [Vec<f64>; 3] {
    let n = crate::calendar::HOURS_PER_YEAR;
    let mut heat = vec![0.0; n];
    let mut hw = vec![0.0; n];
    let mut cool = vec![0.0; n];
    for (u, &f) in floor {
        let Some(m) = input.models.get(u) else {
            continue;
        };
        let dl = input.data().dwelling_level.get(u);
        let kh = f * (1.0 - dl.map_or(0.0, |d| d.heating));
        let kc = f * (1.0 - dl.map_or(0.0, |d| d.cooling));
        // One pass per carrier over contiguous slices (vectorised).
        for (out, k, c) in [
            (&mut heat, kh, Carrier::Heating),
            (&mut hw, f, Carrier::HotWater),
            (&mut cool, kc, Carrier::Cooling),
        ] {
            if k == 0.0 {
                continue;
            }
            for (o, v) in out.iter_mut().zip(&m.unit_kw_per_m2[c.index()]) {
                *o += k * v;
            }
        }
    }
    [heat, hw, cool]
}

/// Room-AC (dwelling-level) electricity and the loads it serves, for a floor mix.
pub fn dwelling_level_balance(input: &SupplyInput, floor: &BTreeMap<String, f64>) -> Balance {
    let mut b = Balance::default();
    for (u, &f) in floor {
        let (Some(m), Some(dl)) = (input.models.get(u), input.data().dwelling_level.get(u)) else {
            continue;
        };
        let eq = &input.data().equipment[&dl.equipment];
        let cop = eq.cop.unwrap_or(1.0);
        let hcop = eq.heating_cop.or(eq.cop).unwrap_or(1.0);
        let cool = f * dl.cooling * m.annual_kwh_per_m2[Carrier::Cooling.index()];
        let heat = f * dl.heating * m.annual_kwh_per_m2[Carrier::Heating.index()];
        add_to(&mut b.electricity_kwh, "room_ac", cool / cop + heat / hcop);
        let peak = f
            * (dl.cooling * m.design_peak_w_per_m2[Carrier::Cooling.index()] / cop)
                .max(dl.heating * m.design_peak_w_per_m2[Carrier::Heating.index()] / hcop)
            / 1000.0;
        b.peak_electricity_kw += peak;
    }
    b
}

/// Turn a balance into the CONTRACT energy/CO2 fields: (electricity MWh, gas kNm³, primary GJ, CO2 t).
pub fn energy_totals(b: &Balance, f: &FactorSet) -> (f64, f64, f64, f64) {
    let e_kwh = b.electricity_total_kwh();
    let g_nm3 = b.gas_total_nm3();
    let primary_gj = (e_kwh * f.electricity_primary_mj_per_kwh.value
        + g_nm3 * f.gas_hhv_mj_per_nm3.value)
        / 1000.0;
    let co2_t =
        (e_kwh * f.electricity_kg_co2_per_kwh.value + g_nm3 * f.gas_kg_co2_per_nm3.value) / 1000.0;
    (e_kwh / 1000.0, g_nm3 / 1000.0, primary_gj, co2_t)
}

/// Gas volume (Nm³) for a heat output (kWh) from equipment of LHV efficiency `eff`.
pub fn gas_nm3_for(heat_kwh: f64, eff: f64, f: &FactorSet) -> f64 {
    heat_kwh * 3.6 / eff / f.gas_lhv_mj_per_nm3.value
}

#[cfg(test)]
mod reference_tests {
    use super::*;

    fn specs(yaml: &str) -> Vec<SystemSpec> {
        let raw: Vec<serde_yaml::Value> = serde_yaml::from_str(yaml).unwrap();
        let raw: Vec<(String, serde_yaml::Value)> = raw
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("systems[{i}]"), v))
            .collect();
        let lib = crate::library::Library::builtin().unwrap();
        spec::parse_systems(&raw, &lib, &crate::case::SourceMap::new("t.yaml", yaml)).unwrap()
    }

    #[test]
    fn scenario_variants_are_not_the_reference_whatever_their_order() {
        let s = specs(
            "- { id: waste, kind: dhc, sources: [incinerator] }\n\
             - { id: late, kind: dhc, buildup: { takeup: 0.5 } }\n\
             - { id: plain, kind: dhc }\n\
             - { id: hospital, kind: individual, sources: [factory], source_user: hospital }\n\
             - { id: ind, kind: individual }\n",
        );
        assert_eq!(reference_systems(&s), (Some("plain"), Some("ind")));
        assert_eq!(s[0].scenario_lever(), Some(Lever::UnusedSources));
        assert_eq!(s[1].scenario_lever(), Some(Lever::Buildup));
        assert_eq!(s[2].scenario_lever(), None);
        // Only scenarios: the first of the kind.
        let only = specs(
            "- { id: a, kind: dhc, subsidy: pipes }\n- { id: b, kind: dhc, unused_share: 0.3 }\n",
        );
        assert_eq!(reference_systems(&only), (Some("a"), None));
    }

    #[test]
    fn kind_ids_are_the_serde_names() {
        for k in [
            SystemKind::Individual,
            SystemKind::Dhc,
            SystemKind::SolarCluster,
        ] {
            assert_eq!(serde_json::to_value(k).unwrap(), k.id());
        }
        for l in [
            Lever::Buildup,
            Lever::UnusedSources,
            Lever::UnusedEnergy,
            Lever::SubsidyPipes,
            Lever::SubsidyTunnel,
            Lever::Plant,
            Lever::Chp,
        ] {
            assert_eq!(serde_json::to_value(l).unwrap(), l.id());
        }
        for d in [
            Dispatch::ElectricFirst,
            Dispatch::AbsorptionFirst,
            Dispatch::Proportional,
        ] {
            assert_eq!(serde_json::to_value(d).unwrap(), d.id());
        }
        for s in [Serves::Cooling, Serves::Heating] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.id());
        }
    }

    #[test]
    fn a_field_of_another_kind_is_named_with_its_kind() {
        let yaml = "- { id: s, kind: solar_cluster, margin: 1.2 }\n";
        let raw: Vec<serde_yaml::Value> = serde_yaml::from_str(yaml).unwrap();
        let lib = crate::library::Library::builtin().unwrap();
        let e = spec::parse_systems(
            &[("systems[0]".to_string(), raw[0].clone())],
            &lib,
            &crate::case::SourceMap::new("t.yaml", yaml),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("systems[0].margin"), "{e}");
        assert!(e.contains("`margin` applies to `kind: dhc` systems"), "{e}");
    }
}
