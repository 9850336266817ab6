//! Equipment dispatch shared by building plants ([`super::individual`]) and district
//! plants ([`super::dhc`]): chiller groups served hour by hour in a dispatch order
//! (as listed, electric first, absorption first, or in proportion to capacity) and heat
//! pumps before the boilers. The boilers burn what is left ([`super::gas_nm3_for`]).

pub use super::data::Dispatch;
use super::data::{EquipmentKind, PlantShare, SupplyData};
use super::Installed;

/// A group of identical units (chillers or heat pumps) and what it produced.
#[derive(Debug, Clone)]
pub struct Group {
    /// Equipment id (supply.yaml).
    pub equipment: String,
    /// Kind.
    pub kind: EquipmentKind,
    /// COP of the service the group provides (cooling, or heating for heat pumps).
    pub cop: f64,
    /// Installed capacity, kW.
    pub cap_kw: f64,
    /// Capacity the dispatch may load the group to, kW (≤ installed; the rest is reserve).
    pub run_kw: f64,
    /// Units.
    pub units: u32,
    /// Output so far, kWh.
    pub out_kwh: f64,
}

impl Group {
    /// A group of `share` × `role_kw` of equipment `share.equipment`, with its cooling COP.
    pub fn cooling(d: &SupplyData, share: &PlantShare, role_kw: f64) -> Group {
        let e = &d.equipment[&share.equipment];
        Group {
            equipment: share.equipment.clone(),
            kind: e.kind,
            cop: e.cop.unwrap_or(1.0),
            cap_kw: share.share * role_kw,
            run_kw: share.share * role_kw,
            units: share.units,
            out_kwh: 0.0,
        }
    }

    /// True for steam absorption chillers (driven by boiler or source steam).
    pub fn is_absorption(&self) -> bool {
        self.kind == EquipmentKind::AbsorptionChiller
    }

    /// The group as installed equipment in role `role` (costs are added by the economics).
    pub fn installed(&self, role: &str) -> Installed {
        Installed {
            equipment: self.equipment.clone(),
            role: role.into(),
            capacity_kw: self.cap_kw,
            units: self.units,
            output_mwh: self.out_kwh / 1000.0,
            cost_kyen: 0.0,
        }
    }
}

/// Energy of one hour, accumulated in dispatch order: the caller starts it with what the
/// unused-energy sources already drew (their heat pumps' electricity, their chillers'
/// rejected heat).
#[derive(Debug, Clone, Copy, Default)]
pub struct Hour {
    /// Electricity, kW.
    pub electricity_kw: f64,
    /// Steam for absorption chillers, kW.
    pub steam_kw: f64,
    /// Heat rejected by cooling towers, kW.
    pub rejected_kw: f64,
}

/// The order in which chiller groups take the load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// In the order the plant lists them (building plants).
    Listed,
    /// By a dispatch rule (district plants).
    Rule(Dispatch),
}

/// The chillers of a plant.
#[derive(Debug, Clone)]
pub struct Chillers {
    /// Groups as listed.
    pub groups: Vec<Group>,
    order: Vec<usize>,
    proportional: bool,
    /// Electricity of the electric chillers so far, kWh.
    pub electricity_kwh: f64,
}

impl Chillers {
    /// Chiller groups served in `order`.
    pub fn new(groups: Vec<Group>, order: Order) -> Chillers {
        let mut idx: Vec<usize> = (0..groups.len()).collect();
        match order {
            Order::Listed | Order::Rule(Dispatch::Proportional) => {}
            Order::Rule(Dispatch::ElectricFirst) => idx.sort_by_key(|&i| groups[i].is_absorption()),
            Order::Rule(Dispatch::AbsorptionFirst) => {
                idx.sort_by_key(|&i| !groups[i].is_absorption())
            }
        }
        Chillers {
            groups,
            order: idx,
            proportional: order == Order::Rule(Dispatch::Proportional),
            electricity_kwh: 0.0,
        }
    }

    /// Cooling capacity of the absorption chillers, kW.
    pub fn absorption_kw(&self) -> f64 {
        self.groups
            .iter()
            .filter(|c| c.is_absorption())
            .map(|c| c.cap_kw)
            .sum()
    }

    /// Steam the absorption chillers take at full capacity, kW.
    pub fn absorption_steam_kw(&self) -> f64 {
        self.groups
            .iter()
            .filter(|c| c.is_absorption())
            .map(|c| c.cap_kw / c.cop)
            .sum()
    }

    /// Cooling capacity the electric chillers may run at (their dispatch limit), kW.
    pub fn electric_kw(&self) -> f64 {
        self.groups
            .iter()
            .filter(|c| !c.is_absorption())
            .map(|c| c.run_kw)
            .sum()
    }

    /// Serve `load_kw` of cooling this hour with the absorption chillers at
    /// `absorption_share` of their capacity (the rest is driven by source steam); adds the
    /// chillers' electricity, steam and rejected heat to `hour` and returns the load left.
    pub fn serve(&mut self, load_kw: f64, absorption_share: f64, hour: &mut Hour) -> f64 {
        let cap_of = |c: &Group| {
            if c.is_absorption() {
                c.run_kw * absorption_share
            } else {
                c.run_kw
            }
        };
        let mut rest = load_kw;
        let cap_now: f64 = if self.proportional {
            self.groups.iter().map(cap_of).sum()
        } else {
            0.0
        };
        if self.proportional && cap_now > 0.0 {
            let share = (rest / cap_now).min(1.0);
            for c in self.groups.iter_mut() {
                let q = cap_of(c) * share;
                Self::run(c, q, hour, &mut self.electricity_kwh);
            }
            rest -= share * cap_now;
        } else {
            for &i in &self.order {
                let c = &mut self.groups[i];
                let q = rest.min(cap_of(c));
                rest -= q;
                Self::run(c, q, hour, &mut self.electricity_kwh);
            }
        }
        rest
    }

    fn run(c: &mut Group, q: f64, hour: &mut Hour, electricity_kwh: &mut f64) {
        c.out_kwh += q;
        hour.rejected_kw += q * (1.0 + 1.0 / c.cop);
        if c.is_absorption() {
            hour.steam_kw += q / c.cop;
        } else {
            hour.electricity_kw += q / c.cop;
            *electricity_kwh += q / c.cop;
        }
    }

    /// Absorption chillers driven by source steam this hour: `steam_cooling_kw` of cooling
    /// shared by capacity.
    pub fn record_source_cooling(&mut self, steam_cooling_kw: f64) {
        let total = self.absorption_kw();
        for c in self.groups.iter_mut().filter(|c| c.is_absorption()) {
            c.out_kwh += steam_cooling_kw * c.cap_kw / total;
        }
    }
}

/// Heat pumps that take the heat load before the boilers.
#[derive(Debug, Clone, Default)]
pub struct HeatPumps {
    /// Groups in dispatch order.
    pub groups: Vec<Group>,
    /// Their electricity so far, kWh.
    pub electricity_kwh: f64,
}

impl HeatPumps {
    /// Heating capacity, kW.
    pub fn capacity_kw(&self) -> f64 {
        self.groups.iter().map(|h| h.cap_kw).sum()
    }

    /// Serve `load_kw` of heat this hour; adds the electricity to `hour` and returns the
    /// heat left for the boilers.
    pub fn serve(&mut self, load_kw: f64, hour: &mut Hour) -> f64 {
        let mut rest = load_kw;
        for hp in self.groups.iter_mut() {
            let q = rest.min(hp.cap_kw);
            rest -= q;
            hp.out_kwh += q;
            hour.electricity_kw += q / hp.cop;
            self.electricity_kwh += q / hp.cop;
        }
        rest
    }
}
