//! Roof-area balance by building group (residential-b.md §1, §4): usable roof from the
//! footprint rules against the panel area the dwellings need (CONTRACT.md `roof`).

use super::{ClusterSpec, RoofGroupSpec};
use crate::housing::HousingData;
use crate::supply::SupplyInput;
use serde::Serialize;
use std::collections::BTreeMap;

/// One building group of the roof balance.
#[derive(Debug, Clone, Serialize)]
pub struct RoofGroup {
    /// Id.
    pub id: String,
    /// Label.
    pub name: crate::i18n::Local,
    /// Floor, m².
    pub floor_m2: f64,
    /// Dwellings.
    pub dwellings: f64,
    /// Usable roof (footprint × usable share), m².
    pub usable_m2: f64,
    /// Panel area required (PV + collectors of its dwellings, plus any given), m².
    pub required_m2: f64,
    /// usable − required, m².
    pub balance_m2: f64,
    /// Footprint rule applied.
    pub rule: String,
}

/// Roof-area balance (CONTRACT.md `roof`).
#[derive(Debug, Clone, Serialize)]
pub struct RoofBalance {
    /// Total usable roof, m².
    pub usable_m2: f64,
    /// Total required panel area, m².
    pub required_m2: f64,
    /// Total balance, m².
    pub balance_m2: f64,
    /// Per building group, in order.
    pub groups: Vec<RoofGroup>,
    /// The same keyed by group id.
    pub by_group: BTreeMap<String, RoofGroup>,
    /// Panel area per dwelling used (PV + collector), m².
    pub required_m2_per_dwelling: f64,
}

/// Roof balance by building group: the case's roof groups, then one group per use not
/// named by any; `per_dwelling_m2` of panels per dwelling.
pub fn roof_balance(
    input: &SupplyInput,
    d: &HousingData,
    cs: &ClusterSpec,
    per_dwelling_m2: f64,
) -> RoofBalance {
    let usable_share = d.usable_roof_share.value;
    let rule_of = |u: &str| d.roof_rules.get(u).unwrap_or(&d.roof_rules["default"]);
    let mut specs: Vec<RoofGroupSpec> = cs.roof_groups.clone();
    let mut listed: Vec<String> = specs.iter().flat_map(|g| g.uses.clone()).collect();
    // Uses not named by any group get a group of their own (in floor order).
    for u in input.floor_by_use_m2.keys() {
        if !listed.contains(u) {
            specs.push(RoofGroupSpec {
                id: u.clone(),
                name: input.models.get(u).map(|m| crate::i18n::Local::ByLang {
                    en: Some(m.label_en.clone()),
                    ja: Some(m.label_ja.clone()),
                }),
                uses: vec![u.clone()],
                floor_m2: None,
                footprint_m2: None,
                storeys: None,
                common_parts: None,
                required_m2: None,
            });
            listed.push(u.clone());
        }
    }
    let mut groups = vec![];
    for g in &specs {
        let mut floor = 0.0;
        let mut dw = 0.0;
        let mut footprint = 0.0;
        let mut rules = vec![];
        for u in &g.uses {
            let fl = input.floor_by_use_m2.get(u).copied().unwrap_or(0.0);
            let r = rule_of(u);
            let st = g.storeys.unwrap_or(r.storeys);
            let cp = g.common_parts.unwrap_or(r.common_parts);
            floor += fl;
            dw += input.dwellings_by_use.get(u).copied().unwrap_or(0.0);
            footprint += fl / st * cp;
            rules.push(format!("{u}: floor / {st} × {cp}"));
        }
        if let Some(fl) = g.floor_m2 {
            let r = &d.roof_rules["default"];
            let st = g.storeys.unwrap_or(r.storeys);
            let cp = g.common_parts.unwrap_or(1.0);
            floor += fl;
            footprint += fl / st * cp;
            rules.push(format!("floor / {st} × {cp}"));
        }
        if let Some(fp) = g.footprint_m2 {
            footprint += fp;
            rules.push("footprint given".into());
        }
        let usable = footprint * usable_share;
        let required = dw * per_dwelling_m2 + g.required_m2.unwrap_or(0.0);
        groups.push(RoofGroup {
            id: g.id.clone(),
            name: g
                .name
                .clone()
                .unwrap_or_else(|| crate::i18n::Local::Plain(g.id.clone())),
            floor_m2: floor,
            dwellings: dw,
            usable_m2: usable,
            required_m2: required,
            balance_m2: usable - required,
            rule: rules.join("; "),
        });
    }
    let usable: f64 = groups.iter().map(|g| g.usable_m2).sum();
    let required: f64 = groups.iter().map(|g| g.required_m2).sum();
    RoofBalance {
        usable_m2: usable,
        required_m2: required,
        balance_m2: usable - required,
        by_group: groups.iter().map(|g| (g.id.clone(), g.clone())).collect(),
        groups,
        required_m2_per_dwelling: per_dwelling_m2,
    }
}
