//! Land and infrastructure: the plant site's cost, who pays the conduit and the pipes, and
//! the land contribution (減歩) the project's share costs the landowners.
//!
//! Average contribution ratio (平均減歩率, project.yaml `land.contribution_ratio`):
//! r = (A_pre − A_post) ÷ A_pre, A_post = replotted lots excluding reserved land
//! = A_pre − public-land increase − reserved land, so r = (ΔA_public + A_reserved) ÷ A_pre.
//! A cost C borne by the project is funded by extra reserved land C ÷ p_after (post-project
//! land price); that land leaves the replotted lots, so r rises by C ÷ (p_after × A_pre).
//! Equal-value check (derived, explanatory): (1 − r) × p_after ÷ p_before ≥ 1.

use super::{
    InfrastructureSpec, LandSpec, Payer, PlantSiteKind, PlantSiteSpec, Project, ProjectData,
};
use serde::Serialize;

/// Months per year (rent is quoted per month).
const MONTHS_PER_YEAR: f64 = 12.0;

/// The plant site and its cost.
#[derive(Debug, Clone, Serialize)]
pub struct PlantSiteResult {
    /// Kind of site.
    pub kind: PlantSiteKind,
    /// Area, m².
    pub area_m2: f64,
    /// Land price used, ¥/m² (bought land).
    pub land_price_yen_per_m2: Option<f64>,
    /// Rent, ¥/m²·month (lease).
    pub rent_yen_per_m2_month: Option<f64>,
    /// Purchase cost, ¥ thousand (bought land; 0 for a lease).
    pub land_cost_kyen: f64,
    /// Annual cost in the heat price (rent, or interest on the land), ¥ thousand/yr.
    pub annual_kyen: f64,
    /// Part of the levelised heat price it causes, ¥/MJ.
    pub price_share_yen_per_mj: f64,
    /// Reserved-land sale the project gains (reserved land only), ¥ thousand.
    pub reserved_land_sale_kyen: f64,
    /// Share of the project's reserved land the site takes (reserved land only).
    pub reserved_land_share: Option<f64>,
}

/// The plant site's cost: a lease costs area × rent × 12 a year; bought land (reserved or
/// replotted) costs area × price once and, as land keeps its value, price × interest a year
/// (project.yaml `land.plant_land_annual_charge`). Reserved land is a sale for the project.
pub fn plant_site(s: &PlantSiteSpec, project: &Project, rate: f64) -> PlantSiteResult {
    let land = project.spec.land.as_ref();
    let (price, cost, annual) = match s.kind {
        PlantSiteKind::LeaseInBuilding => {
            let rent = s.rent_yen_per_m2_month.unwrap_or(0.0);
            (None, 0.0, s.area_m2 * rent * MONTHS_PER_YEAR / 1000.0)
        }
        PlantSiteKind::ReservedLand | PlantSiteKind::ReplottedLand => {
            let p = s
                .land_price_yen_per_m2
                .or(land.map(|l| l.price_after_yen_per_m2))
                .unwrap_or(0.0);
            let cost = s.area_m2 * p / 1000.0;
            (Some(p), cost, cost * rate)
        }
    };
    let reserved = s.kind == PlantSiteKind::ReservedLand;
    PlantSiteResult {
        kind: s.kind,
        area_m2: s.area_m2,
        land_price_yen_per_m2: price,
        rent_yen_per_m2_month: s.rent_yen_per_m2_month,
        land_cost_kyen: cost,
        annual_kyen: annual,
        price_share_yen_per_mj: 0.0,
        reserved_land_sale_kyen: if reserved { cost } else { 0.0 },
        reserved_land_share: land
            .filter(|l| reserved && l.reserved_land_m2 > 0.0)
            .map(|l| s.area_m2 / l.reserved_land_m2),
    }
}

/// Who pays the conduit and the pipes, after the subsidy.
#[derive(Debug, Clone, Serialize)]
pub struct InfrastructureResult {
    /// Conduit / tunnel civil works, ¥ thousand.
    pub conduit_kyen: f64,
    /// Pipes, ¥ thousand.
    pub pipes_kyen: f64,
    /// Payer of the conduit.
    pub conduit_payer: Payer,
    /// Payer of the pipes.
    pub pipes_payer: Payer,
    /// Subsidy programme id.
    pub subsidy: Option<String>,
    /// Subsidy programme name.
    pub subsidy_label: Option<String>,
    /// Subsidy, ¥ thousand.
    pub subsidy_kyen: f64,
    /// Borne by the operator (in the heat price), ¥ thousand.
    pub operator_kyen: f64,
    /// Borne by the project (funded by reserved land), ¥ thousand.
    pub project_kyen: f64,
}

impl InfrastructureResult {
    /// The operator's part of (conduit, pipes) after the subsidy, ¥ thousand.
    pub fn operator_items(&self) -> (f64, f64) {
        let total = self.conduit_kyen + self.pipes_kyen;
        let keep = if total > 0.0 {
            1.0 - self.subsidy_kyen / total
        } else {
            1.0
        };
        let mine = |payer: Payer, v: f64| {
            if payer == Payer::Operator {
                v * keep
            } else {
                0.0
            }
        };
        (
            mine(self.conduit_payer, self.conduit_kyen),
            mine(self.pipes_payer, self.pipes_kyen),
        )
    }
}

/// Split conduit and pipes between operator and project; a subsidy programme pays its
/// share of both (up to its cap), deducted from each payer in proportion.
pub fn split(
    conduit_kyen: f64,
    pipes_kyen: f64,
    spec: &InfrastructureSpec,
    data: &ProjectData,
) -> InfrastructureResult {
    let total = conduit_kyen + pipes_kyen;
    let programme = spec.subsidy.as_ref().and_then(|id| data.subsidies.get(id));
    let subsidy = programme.map_or(0.0, |p| {
        let s = p.share.value * total;
        p.cap_kyen.as_ref().map_or(s, |c| s.min(c.value))
    });
    let keep = if total > 0.0 {
        1.0 - subsidy / total
    } else {
        1.0
    };
    let by = |payer: Payer| {
        (if spec.conduit == payer {
            conduit_kyen
        } else {
            0.0
        }) + (if spec.pipes == payer { pipes_kyen } else { 0.0 })
    };
    InfrastructureResult {
        conduit_kyen,
        pipes_kyen,
        conduit_payer: spec.conduit,
        pipes_payer: spec.pipes,
        subsidy: spec.subsidy.clone(),
        subsidy_label: programme.map(|p| p.label.clone()),
        subsidy_kyen: subsidy,
        operator_kyen: by(Payer::Operator) * keep,
        project_kyen: by(Payer::Project) * keep,
    }
}

/// The project's share turned into reserved land and 減歩.
#[derive(Debug, Clone, Serialize)]
pub struct LandEffect {
    /// Average contribution ratio without the share, 0–1.
    pub ratio_before: f64,
    /// Project's cost, ¥ thousand.
    pub project_kyen: f64,
    /// Extra reserved land to fund it, m².
    pub extra_reserved_m2: f64,
    /// Average contribution ratio with it, 0–1.
    pub ratio_after: f64,
    /// Rise of the ratio, fraction (× 100 = percentage points).
    pub ratio_increase: f64,
    /// Equal-value check (1 − r) × p_after ÷ p_before with the share (≥ 1: owners keep
    /// their land value).
    pub equal_value_after: f64,
    /// Heat-price saving the share buys against the operator paying it, ¥/MJ.
    pub price_saving_yen_per_mj: f64,
}

/// Average contribution ratio of the plan: (public-land increase + reserved land) ÷
/// pre-project 宅地 area.
pub fn contribution_ratio(l: &LandSpec) -> f64 {
    (l.public_land_increase_m2 + l.reserved_land_m2) / l.pre_project_takuchi_m2
}

/// The 減歩 effect of a project cost of `project_kyen` (¥ thousand).
pub fn land_effect(l: &LandSpec, project_kyen: f64) -> LandEffect {
    let before = contribution_ratio(l);
    let extra = project_kyen * 1000.0 / l.price_after_yen_per_m2;
    let increase = extra / l.pre_project_takuchi_m2;
    let after = before + increase;
    LandEffect {
        ratio_before: before,
        project_kyen,
        extra_reserved_m2: extra,
        ratio_after: after,
        ratio_increase: increase,
        equal_value_after: (1.0 - after) * l.price_after_yen_per_m2 / l.price_before_yen_per_m2,
        price_saving_yen_per_mj: 0.0,
    }
}

/// One who-pays option of the trade-off table.
#[derive(Debug, Clone, Serialize)]
pub struct TradeoffRow {
    /// Option id: `operator`, `project_conduit`, `project_all` (catalogue key under
    /// `tradeoff.`).
    pub option: String,
    /// Whether this is the system's own choice.
    pub chosen: bool,
    /// Project's cost, ¥ thousand.
    pub project_kyen: f64,
    /// Extra reserved land, m².
    pub extra_reserved_m2: f64,
    /// Average contribution ratio, 0–1.
    pub contribution_ratio: f64,
    /// Levelised heat price, ¥/MJ.
    pub price_yen_per_mj: f64,
    /// Saving against the operator paying everything, ¥/MJ.
    pub price_saving_yen_per_mj: f64,
}

/// The who-pays options compared (with the system's subsidy programme): operator pays all,
/// project pays the conduit, project pays conduit and pipes.
pub fn tradeoff_options(spec: &InfrastructureSpec) -> [(&'static str, InfrastructureSpec); 3] {
    let with = |conduit, pipes| InfrastructureSpec {
        conduit,
        pipes,
        subsidy: spec.subsidy.clone(),
    };
    [
        ("operator", with(Payer::Operator, Payer::Operator)),
        ("project_conduit", with(Payer::Project, Payer::Operator)),
        ("project_all", with(Payer::Project, Payer::Project)),
    ]
}
