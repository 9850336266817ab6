//! A steam line sold to industry by the tonne, as the MoE incinerator-to-industry study
//! evaluates it (waste-heat.md §2): annual sales = tonnes delivered × steam price; running
//! cost = maintenance (5 % of equipment), one operator, the power sales the incinerator
//! loses and administration (10 % of the net saving); simple payback = capital ÷ (sales −
//! running); utilisation = delivered ÷ (capacity × 8,760 h), with the users' take matched
//! to the source hour by hour (kukaku's run: demand–supply management) and at the
//! utilisation the study found without management (waste_heat.yaml `steam_sale`).
//!
//! The price, when the case gives none, follows a rule of waste_heat.yaml
//! `steam_sale.steam_price`: by default the surplus between the supplier's full cost (its
//! running cost and lost power sales plus the recovery of the line's capital, the price a
//! municipal incinerator asks in the MoE manual's case) and the users' own cost of raising
//! the steam (the most they pay) is shared, the supplier's share in data.

use super::super::data::WasteHeatData;
use crate::calendar::HOURS_PER_YEAR;
use crate::supply::CostLine;
use serde::Serialize;

/// How the steam price was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceBasis {
    /// Given by the case (`steam_price_yen_per_t`).
    Case,
    /// The users' own cost of raising the steam.
    UsersOwnCost,
    /// The supplier's full cost plus its share of the surplus up to the users' own cost
    /// (waste_heat.yaml default).
    SharedSaving,
}

/// How a steam price is set when the case gives none (waste_heat.yaml
/// `steam_sale.steam_price`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceRule {
    /// The users' own cost of raising the steam.
    UsersOwnCost,
    /// Full cost plus a share of the surplus.
    SharedSaving,
}

/// One year of the scheme at a utilisation.
#[derive(Debug, Clone, Serialize)]
pub struct SteamSaleYear {
    /// Steam delivered ÷ (capacity × 8,760 h).
    pub utilisation: f64,
    /// Steam delivered, t/yr.
    pub steam_t: f64,
    /// Sales, ¥ thousand/yr.
    pub sales_kyen: f64,
    /// Power sales the source loses, ¥ thousand/yr.
    pub lost_power_kyen: f64,
    /// Transfer pumps, ¥ thousand/yr.
    pub pumps_kyen: f64,
    /// Administration (share of the net saving before it), ¥ thousand/yr.
    pub administration_kyen: f64,
    /// Sales − running, ¥ thousand/yr.
    pub net_kyen: f64,
    /// Capital net of subsidy ÷ net, years (none when the net is ≤ 0).
    pub payback_years: Option<f64>,
    /// Net CO2 cut, t/yr (displaced fuel − lost power − pumps).
    pub co2_t: f64,
}

/// The scheme as the MoE study evaluates it.
#[derive(Debug, Clone, Serialize)]
pub struct SteamSale {
    /// Line capacity, t/h (peak transfer).
    pub capacity_t_per_h: f64,
    /// Steam price, ¥/t.
    pub price_yen_per_t: f64,
    /// How the price was set.
    pub price_basis: PriceBasis,
    /// The users' own cost of raising the steam (bills saved ÷ tonnes), ¥/t: the most a
    /// user pays.
    pub users_own_cost_yen_per_t: f64,
    /// Running cost before administration ÷ tonnes (lost power sales, maintenance,
    /// operator, pumps), ¥/t: below it the supplier loses money every year.
    pub supplier_break_even_yen_per_t: f64,
    /// The supplier's full cost, ¥/t: the price at which the net after administration
    /// recovers the line's capital over its life at the case's interest (lost power sales
    /// and added costs including the initial investment, the MoE manual's practice).
    pub supplier_full_cost_yen_per_t: f64,
    /// Supplier's share of the surplus between its full cost and the users' own cost
    /// (shared-saving price; none for other bases).
    pub supplier_share_of_surplus: Option<f64>,
    /// Capital net of subsidy, ¥ thousand.
    pub capital_net_kyen: f64,
    /// Maintenance, ¥ thousand/yr.
    pub maintenance_kyen: f64,
    /// Operator, ¥ thousand/yr.
    pub operator_kyen: f64,
    /// Bills saved − steam bought: what the users keep, ¥ thousand/yr (hourly run).
    pub users_saving_kyen: f64,
    /// The hourly run: the users take what they need hour by hour (demand–supply managed).
    pub managed: SteamSaleYear,
    /// The same line at the study's utilisation without management (never above the run's).
    pub without_management: SteamSaleYear,
}

/// Inputs of [`steam_sale`] from the source's evaluation.
pub(super) struct SteamSaleInputs<'a> {
    /// Heat delivered to the users, kWh/yr.
    pub delivered_kwh: f64,
    /// Peak transfer of the line, kW.
    pub peak_transfer_kw: f64,
    /// Bills the users no longer pay, ¥ thousand/yr.
    pub savings_kyen: f64,
    /// Capital net of subsidy, ¥ thousand.
    pub capital_net_kyen: f64,
    /// Capital net of subsidy × capital recovery factor (interest, life), ¥ thousand/yr.
    pub capital_recovery_kyen: f64,
    /// Running lines of the source (before administration).
    pub running: &'a [CostLine],
    /// Net CO2 cut of the hourly run, t/yr.
    pub co2_saved_t: f64,
    /// Price given by the case, ¥/t.
    pub price_yen_per_t: Option<f64>,
}

/// Sum of the running lines with `key`, ¥ thousand.
fn line_kyen(running: &[CostLine], key: &str) -> f64 {
    running
        .iter()
        .filter(|l| l.key == key)
        .map(|l| l.kyen)
        .sum()
}

/// The shared-saving price, ¥/t: the supplier's full cost plus `share` of the surplus up
/// to the users' own cost; the users' own cost when it is below the full cost (no user
/// pays more than raising the steam itself).
pub fn shared_saving_price(full_cost_yen_per_t: f64, own_cost_yen_per_t: f64, share: f64) -> f64 {
    if own_cost_yen_per_t <= full_cost_yen_per_t {
        own_cost_yen_per_t
    } else {
        full_cost_yen_per_t + share * (own_cost_yen_per_t - full_cost_yen_per_t)
    }
}

/// The MoE study's evaluation of a steam line (none when nothing is delivered).
pub(super) fn steam_sale(i: &SteamSaleInputs, d: &WasteHeatData) -> Option<SteamSale> {
    let kwh_per_t = d.pipe.steam_kj_per_kg.value * 1000.0 / 3600.0;
    let steam_t = i.delivered_kwh / kwh_per_t;
    if steam_t <= 0.0 || i.peak_transfer_kw <= 0.0 {
        return None;
    }
    let capacity_t_per_h = i.peak_transfer_kw / kwh_per_t;
    let utilisation = steam_t / (capacity_t_per_h * HOURS_PER_YEAR as f64);
    let users_own_cost = i.savings_kyen * 1000.0 / steam_t;
    let maintenance = line_kyen(i.running, "unused_maintenance");
    let operator = line_kyen(i.running, "unused_operator");
    let lost = line_kyen(i.running, "unused_lost_power");
    let pumps = line_kyen(i.running, "unused_pumps");
    let admin_share = d.pipe.administration_share_of_saving.value;
    let running_before = maintenance + operator + lost + pumps;
    // Net after administration = (sales − running) × (1 − share) = capital recovery.
    let full_cost =
        (running_before + i.capital_recovery_kyen / (1.0 - admin_share)) * 1000.0 / steam_t;
    let share = d.steam_sale.supplier_share_of_surplus.value;
    let (price, price_basis, share_used) = match (i.price_yen_per_t, d.steam_sale.steam_price.value)
    {
        (Some(p), _) => (p, PriceBasis::Case, None),
        (None, PriceRule::UsersOwnCost) => (users_own_cost, PriceBasis::UsersOwnCost, None),
        (None, PriceRule::SharedSaving) => (
            shared_saving_price(full_cost, users_own_cost, share),
            PriceBasis::SharedSaving,
            Some(share),
        ),
    };
    // One year at `k` times the run's steam: sales, lost power, pumps and CO2 follow the
    // steam; maintenance and the operator do not.
    let year = |k: f64| {
        let sales = k * steam_t * price / 1000.0;
        let before = maintenance + operator + k * (lost + pumps);
        let administration = admin_share * (sales - before).max(0.0);
        let net = sales - before - administration;
        SteamSaleYear {
            utilisation: k * utilisation,
            steam_t: k * steam_t,
            sales_kyen: sales,
            lost_power_kyen: k * lost,
            pumps_kyen: k * pumps,
            administration_kyen: administration,
            net_kyen: net,
            payback_years: (net > 0.0).then(|| i.capital_net_kyen / net),
            co2_t: k * i.co2_saved_t,
        }
    };
    let without = d.steam_sale.utilisation_without_management.value;
    let k_without = (without / utilisation).min(1.0);
    Some(SteamSale {
        capacity_t_per_h,
        price_yen_per_t: price,
        price_basis,
        users_own_cost_yen_per_t: users_own_cost,
        supplier_break_even_yen_per_t: running_before * 1000.0 / steam_t,
        supplier_full_cost_yen_per_t: full_cost,
        supplier_share_of_surplus: share_used,
        capital_net_kyen: i.capital_net_kyen,
        maintenance_kyen: maintenance,
        operator_kyen: operator,
        users_saving_kyen: i.savings_kyen - steam_t * price / 1000.0,
        managed: year(1.0),
        without_management: year(k_without),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Phrase, Text};

    fn cl(key: &str, kyen: f64) -> CostLine {
        CostLine::phrased(
            key,
            Text::new("unused.line.x", &[]),
            kyen,
            Phrase::new("cost_note.none", &[]),
        )
    }

    /// The running-cost lines of the test line: maintenance, one operator, lost power sales.
    fn running() -> [CostLine; 3] {
        [
            cl("unused_maintenance", 10_000.0),
            cl("unused_operator", 3_600.0),
            cl("unused_lost_power", 40_000.0),
        ]
    }

    /// A 10 t/h line delivering 43,800 t (utilisation 0.5), ¥500 M of capital, 1,000 t of
    /// CO2 saved; no savings, capital recovery or price set.
    fn ten_t_h_half_used(kwh_per_t: f64, running: &[CostLine]) -> SteamSaleInputs<'_> {
        SteamSaleInputs {
            delivered_kwh: 43_800.0 * kwh_per_t,
            peak_transfer_kw: 10.0 * kwh_per_t,
            savings_kyen: 0.0,
            capital_net_kyen: 500_000.0,
            capital_recovery_kyen: 0.0,
            running,
            co2_saved_t: 1000.0,
            price_yen_per_t: None,
        }
    }

    #[test]
    fn payback_is_capital_over_sales_less_running_and_falls_with_utilisation() {
        let d = WasteHeatData::builtin().unwrap();
        let kwh_per_t = d.pipe.steam_kj_per_kg.value / 3.6;
        // 10 t/h line, 4,380 h of full flow → utilisation 0.5 → 43,800 t.
        let running = running();
        let i = SteamSaleInputs {
            savings_kyen: 200_000.0,
            capital_recovery_kyen: 40_000.0,
            price_yen_per_t: Some(3000.0),
            ..ten_t_h_half_used(kwh_per_t, &running)
        };
        let s = steam_sale(&i, &d).unwrap();
        assert!((s.managed.utilisation - 0.5).abs() < 1e-9);
        let sales = 43_800.0 * 3.0;
        let before = 53_600.0;
        let net = (sales - before) * (1.0 - d.pipe.administration_share_of_saving.value);
        assert!((s.managed.net_kyen - net).abs() < 1e-6);
        assert!((s.managed.payback_years.unwrap() - 500_000.0 / net).abs() < 1e-9);
        assert!((s.supplier_break_even_yen_per_t - before * 1000.0 / 43_800.0).abs() < 1e-9);
        // At or below the study's 50 % the lever changes nothing.
        assert!((s.without_management.net_kyen - s.managed.net_kyen).abs() < 1e-9);
        // From full use, 50 % use lengthens the payback more than twofold (fixed costs).
        let full = SteamSaleInputs {
            delivered_kwh: 2.0 * i.delivered_kwh,
            ..i
        };
        let s = steam_sale(&full, &d).unwrap();
        assert!((s.without_management.utilisation - 0.5).abs() < 1e-9);
        let (a, b) = (
            s.managed.payback_years.unwrap(),
            s.without_management.payback_years.unwrap(),
        );
        assert!(b > 2.0 * a, "{a} {b}");
    }

    #[test]
    fn shared_saving_lies_between_full_cost_and_own_cost() {
        let d = WasteHeatData::builtin().unwrap();
        let kwh_per_t = d.pipe.steam_kj_per_kg.value / 3.6;
        let running = running();
        // 43,800 t, own cost ¥5,000/t, capital recovery ¥45,000 thousand a year.
        let i = SteamSaleInputs {
            savings_kyen: 43_800.0 * 5.0,
            capital_recovery_kyen: 45_000.0,
            ..ten_t_h_half_used(kwh_per_t, &running)
        };
        let s = steam_sale(&i, &d).unwrap();
        let a = d.pipe.administration_share_of_saving.value;
        let full = (53_600.0 + 45_000.0 / (1.0 - a)) * 1000.0 / 43_800.0;
        assert!((s.supplier_full_cost_yen_per_t - full).abs() < 1e-6);
        assert!(s.supplier_full_cost_yen_per_t > s.supplier_break_even_yen_per_t);
        // At the full cost the net after administration is the capital recovery.
        let net_at_full = (43_800.0 * full / 1000.0 - 53_600.0) * (1.0 - a);
        assert!((net_at_full - 45_000.0).abs() < 1e-6);
        assert_eq!(s.price_basis, PriceBasis::SharedSaving);
        let k = d.steam_sale.supplier_share_of_surplus.value;
        assert!((s.price_yen_per_t - (full + k * (5000.0 - full))).abs() < 1e-9);
        assert!(full < s.price_yen_per_t && s.price_yen_per_t < 5000.0);
        // A user whose own steam is cheaper than the full cost pays no more than it.
        assert_eq!(shared_saving_price(3000.0, 2500.0, k), 2500.0);
    }
}
