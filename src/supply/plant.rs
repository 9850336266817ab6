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

/// Energy per kWh of cooling a chiller group produces (its COP turned into factors once,
/// so the hourly dispatch multiplies instead of dividing).
#[derive(Debug, Clone, Copy)]
struct Rates {
    /// Electricity per kWh of cooling (1/COP for electric chillers, 0 for absorption), kWh/kWh.
    electricity: f64,
    /// Steam per kWh of cooling (1/COP for absorption chillers, 0 for electric), kWh/kWh.
    steam: f64,
    /// Heat rejected per kWh of cooling (1 + 1/COP), kWh/kWh.
    rejected: f64,
}

impl Rates {
    fn of(c: &Group) -> Rates {
        let per_kwh = 1.0 / c.cop;
        let (electricity, steam) = if c.is_absorption() {
            (0.0, per_kwh)
        } else {
            (per_kwh, 0.0)
        };
        Rates {
            electricity,
            steam,
            rejected: 1.0 + per_kwh,
        }
    }
}

/// The chillers of a plant.
#[derive(Debug, Clone)]
pub struct Chillers {
    /// Groups as listed.
    pub groups: Vec<Group>,
    order: Vec<usize>,
    /// Per-kWh energy of each group, as listed.
    rates: Vec<Rates>,
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
            rates: groups.iter().map(Rates::of).collect(),
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
    #[inline(always)]
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
            for (c, r) in self.groups.iter_mut().zip(&self.rates) {
                let q = cap_of(c) * share;
                Self::run(c, r, q, hour, &mut self.electricity_kwh);
            }
            rest -= share * cap_now;
        } else {
            for &i in &self.order {
                let c = &mut self.groups[i];
                let q = rest.min(cap_of(c));
                rest -= q;
                Self::run(c, &self.rates[i], q, hour, &mut self.electricity_kwh);
            }
        }
        rest
    }

    #[inline]
    fn run(c: &mut Group, r: &Rates, q: f64, hour: &mut Hour, electricity_kwh: &mut f64) {
        c.out_kwh += q;
        hour.rejected_kw += q * r.rejected;
        hour.steam_kw += q * r.steam;
        let e = q * r.electricity;
        hour.electricity_kw += e;
        *electricity_kwh += e;
    }

    /// Serve a whole year at once when each hour's load is known only through
    /// `up_to(x)` = Σ_t min(load_t, x) (kWh; `up_to(∞)` the year's load): the same dispatch
    /// as [`Chillers::serve`] hour by hour with the absorption chillers at full capacity,
    /// because each group's yearly output is `up_to` at the capacities up to and including
    /// it less `up_to` at those before it. Adds the outputs and electricity to the groups.
    pub fn serve_year(&mut self, up_to: impl Fn(f64) -> f64) -> YearServed {
        let total = up_to(f64::INFINITY);
        let mut y = YearServed::default();
        let mut add = |c: &mut Group, r: &Rates, q: f64, electricity_kwh: &mut f64| {
            c.out_kwh += q;
            y.rejected_kwh += q * r.rejected;
            y.steam_kwh += q * r.steam;
            *electricity_kwh += q * r.electricity;
        };
        let cap_now: f64 = self.groups.iter().map(|c| c.run_kw).sum();
        let served = if self.proportional && cap_now > 0.0 {
            let served = up_to(cap_now);
            for (c, r) in self.groups.iter_mut().zip(&self.rates) {
                let q = c.run_kw / cap_now * served;
                add(c, r, q, &mut self.electricity_kwh);
            }
            served
        } else {
            let (mut cap, mut below) = (0.0, 0.0);
            for &i in &self.order {
                let c = &mut self.groups[i];
                cap += c.run_kw;
                let upto = up_to(cap);
                add(c, &self.rates[i], upto - below, &mut self.electricity_kwh);
                below = upto;
            }
            below
        };
        y.unmet_kwh = total - served;
        y
    }

    /// Absorption chillers driven by source steam this hour: `steam_cooling_kw` of cooling
    /// shared by capacity (`absorption_kw`: their total, [`Chillers::absorption_kw`]).
    #[inline]
    pub fn record_source_cooling(&mut self, steam_cooling_kw: f64, absorption_kw: f64) {
        for c in self.groups.iter_mut().filter(|c| c.is_absorption()) {
            c.out_kwh += steam_cooling_kw * c.cap_kw / absorption_kw;
        }
    }
}

/// What a year of chiller dispatch gives ([`Chillers::serve_year`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct YearServed {
    /// Steam of the absorption chillers, kWh.
    pub steam_kwh: f64,
    /// Heat rejected by the cooling towers, kWh.
    pub rejected_kwh: f64,
    /// Load no group could take, kWh.
    pub unmet_kwh: f64,
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
            let e = q / hp.cop;
            hour.electricity_kw += e;
            self.electricity_kwh += e;
        }
        rest
    }

    /// Serve a whole year at once from `up_to(x)` = Σ_t min(load_t, x) (kWh), as
    /// [`HeatPumps::serve`] hour by hour; returns the heat left for the boilers, kWh.
    pub fn serve_year(&mut self, up_to: impl Fn(f64) -> f64) -> f64 {
        let (mut cap, mut below) = (0.0, 0.0);
        for hp in self.groups.iter_mut() {
            cap += hp.cap_kw;
            let upto = up_to(cap);
            let q = upto - below;
            below = upto;
            hp.out_kwh += q;
            self.electricity_kwh += q / hp.cop;
        }
        up_to(f64::INFINITY) - below
    }
}
