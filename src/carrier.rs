//! Energy carriers (loads) handled by kukaku.

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::ops::{Index, IndexMut};

/// A load carrier. Heat loads are kWh of heat; electricity is delivered kWh (loads.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    /// Space heating (暖房).
    Heating,
    /// Domestic hot water (給湯).
    HotWater,
    /// Space cooling (冷房).
    Cooling,
    /// Electricity for lighting, power and appliances (電力).
    Electricity,
}

impl Carrier {
    /// All carriers in report order.
    pub const ALL: [Carrier; 4] = [
        Carrier::Heating,
        Carrier::HotWater,
        Carrier::Cooling,
        Carrier::Electricity,
    ];

    /// Index 0..4 into per-carrier arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Identifier used in case files and JSON (CONTRACT.md).
    pub fn id(self) -> &'static str {
        match self {
            Carrier::Heating => "heating",
            Carrier::HotWater => "hot_water",
            Carrier::Cooling => "cooling",
            Carrier::Electricity => "electricity",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Carrier::Heating => "Heating",
            Carrier::HotWater => "Hot water",
            Carrier::Cooling => "Cooling",
            Carrier::Electricity => "Electricity",
        }
    }

    /// Japanese label as planners write it.
    pub fn label_ja(self) -> &'static str {
        match self {
            Carrier::Heating => "暖房",
            Carrier::HotWater => "給湯",
            Carrier::Cooling => "冷房",
            Carrier::Electricity => "電力",
        }
    }

    /// Month (1..=12) of the design day: January weekday for heat, August weekday for
    /// cooling and electricity (loads.md §1).
    pub fn design_month(self) -> u32 {
        match self {
            Carrier::Heating | Carrier::HotWater => 1,
            Carrier::Cooling | Carrier::Electricity => 8,
        }
    }

    /// Parse a carrier identifier.
    pub fn from_id(s: &str) -> Option<Carrier> {
        Carrier::ALL.into_iter().find(|c| c.id() == s)
    }
}

/// A value per carrier: indexed by [`Carrier`] (or by [`Carrier::index`], the position in
/// [`Carrier::ALL`]), serialized as an object keyed by carrier id.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PerCarrier<T>(pub [T; 4]);

impl<T> PerCarrier<T> {
    /// The value of every carrier from a function of the carrier.
    pub fn from_fn(mut f: impl FnMut(Carrier) -> T) -> PerCarrier<T> {
        PerCarrier(std::array::from_fn(|i| f(Carrier::ALL[i])))
    }

    /// Carriers and values in report order.
    pub fn iter(&self) -> impl Iterator<Item = (Carrier, &T)> {
        Carrier::ALL.into_iter().zip(self.0.iter())
    }

    /// The values in report order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter()
    }

    /// Carriers and values sorted by carrier id: the order of the JSON object and of the
    /// CSV tables (every table kukaku writes lists keys in sorted order).
    pub fn by_id(&self) -> impl Iterator<Item = (Carrier, &T)> {
        let mut v: Vec<(Carrier, &T)> = self.iter().collect();
        v.sort_by_key(|(c, _)| c.id());
        v.into_iter()
    }

    /// A value per carrier computed from each of these.
    pub fn map<U>(&self, mut f: impl FnMut(Carrier, &T) -> U) -> PerCarrier<U> {
        PerCarrier::from_fn(|c| f(c, &self[c]))
    }
}

impl<T> Index<Carrier> for PerCarrier<T> {
    type Output = T;
    fn index(&self, c: Carrier) -> &T {
        &self.0[c.index()]
    }
}

impl<T> IndexMut<Carrier> for PerCarrier<T> {
    fn index_mut(&mut self, c: Carrier) -> &mut T {
        &mut self.0[c.index()]
    }
}

impl<T> Index<usize> for PerCarrier<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.0[i]
    }
}

impl<T> IndexMut<usize> for PerCarrier<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.0[i]
    }
}

impl<T: Serialize> Serialize for PerCarrier<T> {
    /// An object keyed by carrier id; keys sorted by id, like every JSON object kukaku
    /// writes (CONTRACT.md `loads`).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(Carrier::ALL.len()))?;
        for (c, v) in self.by_id() {
            m.serialize_entry(c.id(), v)?;
        }
        m.end()
    }
}
