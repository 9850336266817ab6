//! Energy carriers (loads) handled by kukaku.

use serde::{Deserialize, Serialize};

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

/// A value per carrier, indexed by [`Carrier::index`].
pub type PerCarrier<T> = [T; 4];
