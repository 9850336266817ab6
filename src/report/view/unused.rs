//! Unused-energy sources of an alternative page (issue 6, waste-heat.md): the source
//! options side by side with the plant alone and the study's simple "x % of plant energy"
//! assumption (district-a.md §2), each source's availability and delivery (pipe or PCM
//! containers), the scheme economics and the CO2 balance. Everything is read from
//! `alternatives[].unused_energy` and `systems[].unused` (the same data as `report.json`).

use super::super::format::{num, pct, signed, MISSING};
use super::super::svg::{self, HBarChart, Series};
use super::super::AlternativeResult;
use super::housing::{opt, row, Figure, Row, Table};
use super::Ctx;
use crate::supply::unused::scheme::{ComparisonRow, SourceResult, UnusedOption, UnusedResult};
use crate::supply::SystemKind;
use crate::supply::SystemResult;
use serde::Serialize;

/// The unused-energy section of an alternative page.
#[derive(Debug, Clone, Serialize, Default)]
pub struct UnusedView {
    /// Introductory sentence.
    pub intro: String,
    /// Options side by side: plant alone, simple share, each source option.
    pub options: Table,
    /// Heat price per option.
    pub price_chart: Figure,
    /// CO2 per option.
    pub co2_chart: Figure,
    /// One row per source of every system.
    pub sources: Table,
    /// Pipe lines (empty: none).
    pub pipes: Option<Table>,
    /// Container fleets (empty: none).
    pub containers: Option<Table>,
    /// The Nagoya FS's accounting of sources that follow its monthly plan (empty: none).
    pub study: Option<Table>,
    /// Their monthly plans: deliveries a month per user (empty: none).
    pub study_plan: Option<Table>,
    /// Steam lines sold by the tonne, the MoE study's evaluation (empty: none).
    pub steam_sale: Option<Table>,
    /// Scheme economics per system.
    pub economics: Table,
    /// CO2 balance per system.
    pub co2: Table,
    /// Source capital and running cost lines per system.
    pub cost_lines: Vec<Table>,
    /// Plain-language readings, one per source option.
    pub readings: Vec<String>,
}

fn payback(cx: &Ctx, v: Option<f64>) -> String {
    match v {
        None => cx.t("unused.no_payback"),
        Some(y) if y >= 100.0 => "≥ 100".into(),
        Some(y) => num(y, 1),
    }
}

/// Label of a comparison row in the report language.
fn option_label(cx: &Ctx, a: &AlternativeResult, r: &ComparisonRow, simple: f64) -> String {
    let sys = a.systems.iter().find(|s| s.id == r.system);
    match r.option {
        // The reference is the same plant without its sources.
        UnusedOption::Reference => {
            if sys.map(|s| s.kind) == Some(SystemKind::Dhc) {
                cx.t("unused.ref_dhc")
            } else {
                cx.t("unused.ref_individual")
            }
        }
        UnusedOption::SimpleShare => cx.f("unused.simple_option", &[("share", pct(simple, 0))]),
        UnusedOption::Sources => r.label.text(cx.lang),
    }
}

fn systems_with_sources(a: &AlternativeResult) -> Vec<(&SystemResult, &UnusedResult)> {
    a.systems
        .iter()
        .filter_map(|s| s.unused.as_ref().map(|u| (s, u)))
        .collect()
}

/// The section, when the alternative carries unused-energy sources.
pub(super) fn unused_view(cx: &Ctx, a: &AlternativeResult) -> Option<UnusedView> {
    let cmp = a.unused_energy.as_ref()?;
    let simple = cmp.simple_share;
    let with = systems_with_sources(a);
    if with.is_empty() {
        return None;
    }
    let labels: Vec<String> = cmp
        .rows
        .iter()
        .map(|r| option_label(cx, a, r, simple))
        .collect();
    let all_sources: Vec<(&SystemResult, &SourceResult)> = with
        .iter()
        .flat_map(|(s, u)| u.sources.iter().map(move |x| (*s, x)))
        .collect();
    Some(UnusedView {
        intro: cx.f(
            "unused.intro",
            &[
                ("n", all_sources.len().to_string()),
                ("share", pct(simple, 0)),
            ],
        ),
        options: options_table(cx, &cmp.rows, &labels, simple),
        price_chart: option_chart(
            cx,
            ["fig-unused-price", "unused.caption_price", "axis.price"],
            &labels,
            cmp.rows.iter().map(|r| r.heat_price_yen_per_mj).collect(),
            2,
        ),
        co2_chart: option_chart(
            cx,
            ["fig-unused-co2", "unused.caption_co2", "axis.co2_t"],
            &labels,
            cmp.rows.iter().map(|r| Some(r.co2_t)).collect(),
            0,
        ),
        sources: sources_table(cx, &all_sources),
        pipes: pipes_table(cx, &all_sources),
        containers: containers_table(cx, &all_sources),
        study: study_table(cx, &all_sources),
        study_plan: study_plan_table(cx, &all_sources),
        steam_sale: steam_sale_table(cx, &all_sources),
        economics: economics_table(cx, &with),
        co2: co2_table(cx, &with),
        cost_lines: with.iter().map(|(s, u)| cost_table(cx, s, u)).collect(),
        readings: readings(cx, &cmp.rows, &labels, simple),
    })
}

/// A table of the section with the `unused.col.*` column heads ([`super::section_table`]).
fn table(cx: &Ctx, keys: [&str; 3], note: String, cols: &[&str], rows: Vec<Row>) -> Table {
    super::section_table(cx, "unused", keys, note, cols, rows)
}

/// The options side by side (`labels`: each row's label in the report language).
fn options_table(cx: &Ctx, rows: &[ComparisonRow], labels: &[String], simple: f64) -> Table {
    let flag = |o: Option<bool>| match o {
        Some(true) => cx.t("unused.flag_optimistic"),
        Some(false) => cx.t("unused.flag_reached"),
        None => MISSING.to_string(),
    };
    let cols = [
        "share_of_demand_covered",
        "unused_share",
        "simple_share_optimistic",
        "co2_t",
        "heat_price_yen_per_mj",
        "heat_price_effect_yen_per_mj",
        "source_capital_kyen",
        "simple_payback_years",
        "abatement_cost_yen_per_t",
    ];
    let rows = rows
        .iter()
        .zip(labels)
        .map(|(r, label)| {
            let sources = r.option == UnusedOption::Sources;
            let mut x = row(
                &format!("{}:{}", r.system, r.option.id()),
                label.clone(),
                vec![
                    opt(r.share_of_demand_covered, |v| pct(v, 0)),
                    pct(r.unused_share, 0),
                    if sources {
                        flag(r.simple_share_optimistic)
                    } else {
                        MISSING.to_string()
                    },
                    num(r.co2_t, 0),
                    opt(r.heat_price_yen_per_mj, |v| num(v, 2)),
                    opt(r.heat_price_effect_yen_per_mj, |v| signed(v, 2)),
                    opt(r.source_capital_kyen, |v| num(v / 1000.0, 0)),
                    if sources {
                        payback(cx, r.simple_payback_years)
                    } else {
                        MISSING.to_string()
                    },
                    opt(r.abatement_cost_yen_per_t, |v| num(v, 0)),
                ],
            );
            if r.option == UnusedOption::Reference {
                x.class = "base".into();
            }
            x
        })
        .collect();
    table(
        cx,
        [
            "tbl-unused-options",
            "unused.table_options",
            "unused.option",
        ],
        cx.f("unused.options_note", &[("share", pct(simple, 0))]),
        &cols,
        rows,
    )
}

/// One bar per option (options without a value left out): `[id, caption key, axis key]`.
fn option_chart(
    cx: &Ctx,
    [id, caption, axis]: [&str; 3],
    labels: &[String],
    values: Vec<Option<f64>>,
    decimals: usize,
) -> Figure {
    let rows: Vec<(String, f64)> = labels
        .iter()
        .zip(values)
        .filter_map(|(l, v)| v.map(|v| (l.clone(), v)))
        .collect();
    let n = rows.len();
    let colors = [
        "#8a8f98", "#b7bcc4", "#d69e2e", "#2e86c1", "#6b8e23", "#8e6c8a",
    ];
    Figure {
        id: id.into(),
        svg: svg::hbar_chart(&HBarChart {
            label: cx.t(caption),
            rows: rows.iter().map(|r| r.0.clone()).collect(),
            series: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Series {
                    label: r.0.clone(),
                    color: colors[i.min(colors.len() - 1)].into(),
                    values: (0..n).map(|j| if i == j { r.1 } else { 0.0 }).collect(),
                    dashed: false,
                })
                .collect(),
            end_labels: rows.iter().map(|r| num(r.1, decimals)).collect(),
            x_title: cx.t(axis),
            refs: vec![],
            legend: false,
            bold_row: Some(0),
        }),
        caption: cx.t(caption),
        note: cx.t("unused.chart_note"),
    }
}

/// Every source of every system: availability, delivery, heat used, reserve.
fn sources_table(cx: &Ctx, all: &[(&SystemResult, &SourceResult)]) -> Table {
    let cols = [
        "temperature",
        "distance_km",
        "drawn_mwh",
        "utilisation",
        "heat_cooling_mwh",
        "share_of_demand_covered",
        "reserve",
    ];
    let rows = all
        .iter()
        .map(|(s, x)| {
            row(
                &format!("{}:{}", s.id, x.id),
                source_label(cx, s, x, Some(x.availability.text(cx.lang))),
                vec![
                    format!(
                        "{} / {}",
                        cx.t(&format!("unused.temperature.{}", x.temperature.id())),
                        cx.t(&format!("unused.delivery.{}", x.delivery.id()))
                    ),
                    num(x.distance_km, 1),
                    num(x.drawn_mwh, 0),
                    pct(x.utilisation, 0),
                    format!("{} / {}", num(x.heat_mwh, 0), num(x.cooling_mwh, 0)),
                    pct(x.share_of_demand_covered, 0),
                    if x.reserve.ok {
                        cx.t("unused.reserve_ok")
                    } else {
                        cx.t("unused.reserve_short")
                    },
                ],
            )
        })
        .collect();
    let mut t = table(
        cx,
        [
            "tbl-unused-sources",
            "unused.table_sources",
            "unused.source",
        ],
        cx.t("unused.sources_note"),
        &cols,
        rows,
    );
    t.text_cols = 1;
    t
}

/// The label of a source's row: the source's and its system's names in the report language,
/// with `extra` (availability, steam case) after the system's.
fn source_label(cx: &Ctx, s: &SystemResult, x: &SourceResult, extra: Option<String>) -> String {
    let (name, system) = (x.name.text(cx.lang), s.name.text(cx.lang));
    match extra {
        Some(e) => format!("{name} ({system}; {e})"),
        None => format!("{name} ({system})"),
    }
}

/// The pipe lines (none without one).
fn pipes_table(cx: &Ctx, all: &[(&SystemResult, &SourceResult)]) -> Option<Table> {
    let rows: Vec<Row> = all
        .iter()
        .filter_map(|(s, x)| {
            let p = x.pipe.as_ref()?;
            Some(row(
                &format!("{}:{}", s.id, x.id),
                source_label(cx, s, x, None),
                vec![
                    num(p.length_m, 0),
                    format!("{} × {}", p.pipes, num(p.diameter_m * 1000.0, 0)),
                    num(p.peak_transfer_kw, 0),
                    num(p.pressure_drop_kpa, 0),
                    num(p.yen_per_m_per_pipe / 1000.0, 0),
                    num(p.line_cost_yen / 1e6, 0),
                    num(p.heat_loss_kw, 0),
                    num(p.accumulator_m3, 0),
                ],
            ))
        })
        .collect();
    let cols = [
        "length_m",
        "diameter_mm",
        "peak_transfer_kw",
        "pressure_drop_kpa",
        "kyen_per_m_per_pipe",
        "line_cost_myen",
        "heat_loss_kw",
        "accumulator_m3",
    ];
    (!rows.is_empty()).then(|| {
        table(
            cx,
            ["tbl-unused-pipes", "unused.table_pipes", "unused.source"],
            cx.t("unused.pipes_note"),
            &cols,
            rows,
        )
    })
}

/// The container fleets (none without one).
fn containers_table(cx: &Ctx, all: &[(&SystemResult, &SourceResult)]) -> Option<Table> {
    let rows: Vec<Row> = all
        .iter()
        .filter_map(|(s, x)| {
            let c = x.containers.as_ref()?;
            Some(row(
                &format!("{}:{}", s.id, x.id),
                source_label(cx, s, x, None),
                vec![
                    c.containers.to_string(),
                    format!("{} / {}", c.trucks, c.drivers),
                    c.deliveries.to_string(),
                    c.collection_trips.to_string(),
                    format!("{} / {}", c.deliveries_per_day_max, c.daily_cap),
                    c.days_at_cap.to_string(),
                    num(c.diesel_l, 0),
                    num(c.pump_kwh / 1000.0, 1),
                ],
            ))
        })
        .collect();
    let cols = [
        "containers",
        "trucks_drivers",
        "deliveries",
        "collection_trips",
        "deliveries_per_day_max",
        "days_at_cap",
        "diesel_l",
        "pump_mwh",
    ];
    (!rows.is_empty()).then(|| {
        table(
            cx,
            [
                "tbl-unused-containers",
                "unused.table_containers",
                "unused.source",
            ],
            cx.t("unused.containers_note"),
            &cols,
            rows,
        )
    })
}

/// The FS's accounting of the sources that follow its monthly plan (none without one),
/// ¥ thousand and kg as the study prints them.
fn study_table(cx: &Ctx, all: &[(&SystemResult, &SourceResult)]) -> Option<Table> {
    let rows: Vec<Row> = all
        .iter()
        .filter_map(|(s, x)| {
            let a = &x.study.as_ref()?.accounting;
            Some(row(
                &format!("{}:{}", s.id, x.id),
                source_label(cx, s, x, None),
                vec![
                    a.deliveries_per_year.to_string(),
                    format!("{} / {}", a.containers, a.drivers),
                    num(a.diesel_l_per_delivery, 0),
                    num(a.savings_kyen, 0),
                    num(a.source_pump_kyen + a.user_pump_kyen, 0),
                    num(a.diesel_kyen, 0),
                    num(a.container_maintenance_kyen, 0),
                    signed(a.balance_without_labour_kyen, 0),
                    signed(a.balance_with_labour_kyen, 0),
                    num(a.net_co2_kg, 0),
                ],
            ))
        })
        .collect();
    let cols = [
        "deliveries",
        "containers_drivers",
        "diesel_l_per_delivery",
        "savings_kyen",
        "study_pumps_kyen",
        "study_diesel_kyen",
        "study_maintenance_kyen",
        "balance_without_labour_kyen",
        "balance_with_labour_kyen",
        "net_co2_kg",
    ];
    (!rows.is_empty()).then(|| {
        table(
            cx,
            ["tbl-unused-study", "unused.table_study", "unused.source"],
            cx.t("unused.study_note"),
            &cols,
            rows,
        )
    })
}

/// Deliveries a month per user of the sources that follow the FS's monthly plan, in the
/// month order of the users' records (none without one).
fn study_plan_table(cx: &Ctx, all: &[(&SystemResult, &SourceResult)]) -> Option<Table> {
    let users: Vec<(
        &SystemResult,
        &SourceResult,
        &crate::supply::unused::study::UserPlan,
    )> = all
        .iter()
        .filter_map(|(s, x)| Some((*s, *x, x.study.as_ref()?)))
        .flat_map(|(s, x, st)| st.plan.users.iter().map(move |u| (s, x, u)))
        .collect();
    let first = users.first()?;
    let months: Vec<u32> = first.2.months.iter().map(|m| m.month).collect();
    let rows = users
        .iter()
        .map(|(s, x, u)| {
            let mut r = row(
                &format!("{}:{}:{}", s.id, x.id, u.user),
                format!(
                    "{} ({}; {})",
                    cx.use_label(&u.user),
                    s.id,
                    cx.t(&format!("unused.planned_by.{}", serde_id(&u.planned_by)))
                ),
                months
                    .iter()
                    .map(|m| {
                        u.months
                            .iter()
                            .find(|x| x.month == *m)
                            .map_or(MISSING.to_string(), |x| x.deliveries.to_string())
                    })
                    .chain(std::iter::once(u.deliveries.to_string()))
                    .collect(),
            );
            r.class = String::new();
            r
        })
        .collect();
    let mut head = vec![cx.t("unused.user")];
    head.extend(
        months
            .iter()
            .map(|m| cx.f("axis.month_n", &[("m", m.to_string())])),
    );
    head.push(cx.t("unused.col.deliveries"));
    let mut cols: Vec<String> = months.iter().map(|m| format!("m{m}")).collect();
    cols.push("deliveries".into());
    Some(Table {
        id: "tbl-unused-study-plan".into(),
        caption: cx.t("unused.table_study_plan"),
        note: cx.t("unused.study_plan_note"),
        head,
        cols,
        rows,
        ..Table::default()
    })
}

/// Steam lines sold by the tonne as the MoE study evaluates them: the hourly run (the
/// users' take matched to the source) and the study's utilisation without demand–supply
/// management, ¥ million and ¥/t (none without a steam line).
fn steam_sale_table(cx: &Ctx, all: &[(&SystemResult, &SourceResult)]) -> Option<Table> {
    let rows: Vec<Row> = all
        .iter()
        .filter_map(|(s, x)| Some((*s, *x, x.steam_sale.as_ref()?)))
        .flat_map(|(s, x, st)| {
            [
                ("managed", &st.managed),
                ("without_management", &st.without_management),
            ]
            .into_iter()
            .map(move |(case, y)| {
                row(
                    &format!("{}:{}:{case}", s.id, x.id),
                    source_label(cx, s, x, Some(cx.t(&format!("unused.steam_case.{case}")))),
                    vec![
                        pct(y.utilisation, 0),
                        num(y.steam_t / 1000.0, 0),
                        num(st.price_yen_per_t, 0),
                        num(st.supplier_break_even_yen_per_t, 0),
                        num(st.supplier_full_cost_yen_per_t, 0),
                        num(st.users_own_cost_yen_per_t, 0),
                        num(y.sales_kyen / 1000.0, 0),
                        num(y.lost_power_kyen / 1000.0, 0),
                        num((st.maintenance_kyen + st.operator_kyen) / 1000.0, 0),
                        num(y.administration_kyen / 1000.0, 0),
                        signed(y.net_kyen / 1000.0, 0),
                        opt(y.payback_years, |v| num(v, 1)),
                        num(y.co2_t, 0),
                    ],
                )
            })
        })
        .collect();
    let cols = [
        "steam_utilisation",
        "steam_kt",
        "steam_price_yen_per_t",
        "break_even_yen_per_t",
        "full_cost_yen_per_t",
        "own_cost_yen_per_t",
        "steam_sales_myen",
        "lost_power_myen",
        "maintenance_operator_myen",
        "administration_myen",
        "steam_net_myen",
        "simple_payback_years",
        "co2_t",
    ];
    (!rows.is_empty()).then(|| {
        table(
            cx,
            [
                "tbl-unused-steam-sale",
                "unused.table_steam_sale",
                "unused.source",
            ],
            cx.t("unused.steam_sale_note"),
            &cols,
            rows,
        )
    })
}

/// The serde name of a unit enum.
fn serde_id<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The scheme economics per system, ¥ million.
fn economics_table(cx: &Ctx, with: &[(&SystemResult, &UnusedResult)]) -> Table {
    let cols = [
        "capital_kyen",
        "running_kyen",
        "savings_kyen",
        "running_balance_kyen",
        "study_balance_kyen",
        "simple_payback_years",
        "net_annual_cost_kyen",
    ];
    let rows = with
        .iter()
        .map(|(s, u)| {
            let e = &u.economics;
            let m = |v: f64| num(v / 1000.0, 1);
            row(
                &s.id,
                s.name.text(cx.lang),
                vec![
                    if e.subsidy_kyen > 0.0 {
                        format!(
                            "{} ({})",
                            m(e.capital_kyen),
                            signed(-e.subsidy_kyen / 1000.0, 1)
                        )
                    } else {
                        m(e.capital_kyen)
                    },
                    m(e.running_kyen),
                    m(e.savings_kyen),
                    signed(e.running_balance_kyen / 1000.0, 1),
                    signed(e.study_balance_kyen / 1000.0, 1),
                    payback(cx, e.simple_payback_years),
                    signed(e.net_annual_cost_kyen / 1000.0, 1),
                ],
            )
        })
        .collect();
    table(
        cx,
        [
            "tbl-unused-economics",
            "unused.table_economics",
            "word.system",
        ],
        cx.t("unused.economics_note"),
        &cols,
        rows,
    )
}

/// The CO2 balance per system, t/yr.
fn co2_table(cx: &Ctx, with: &[(&SystemResult, &UnusedResult)]) -> Table {
    let cols = [
        "displaced_t",
        "pumps_t",
        "diesel_t",
        "lost_power_t",
        "saved_t",
        "abatement_cost_yen_per_t",
    ];
    let rows = with
        .iter()
        .map(|(s, u)| {
            row(
                &s.id,
                s.name.text(cx.lang),
                vec![
                    num(u.co2.displaced_t, 0),
                    num(u.co2.transport_pumps_t, 0),
                    num(u.co2.diesel_t, 0),
                    num(u.co2.lost_power_t, 0),
                    num(u.co2.saved_t, 0),
                    opt(u.economics.abatement_cost_yen_per_t, |v| num(v, 0)),
                ],
            )
        })
        .collect();
    let mut t = table(
        cx,
        ["tbl-unused-co2", "unused.table_co2", "word.system"],
        cx.t("unused.co2_note"),
        &cols,
        rows,
    );
    t.narrow = true;
    t
}

/// The sources' capital and running lines of one system, each with its assumption.
fn cost_table(cx: &Ctx, s: &SystemResult, u: &UnusedResult) -> Table {
    Table {
        id: format!("tbl-unused-costs-{}", s.id),
        caption: cx.f("unused.table_costs", &[("system", s.name.text(cx.lang))]),
        note: cx.t("unused.costs_note"),
        head: vec![
            cx.t("supply.line"),
            cx.t("supply.assumption"),
            cx.t("unused.col.kyen"),
        ],
        basis: true,
        cols: vec!["kyen".into()],
        rows: u
            .economics
            .cost_lines
            .iter()
            .map(|l| Row {
                key: l.key.clone(),
                label: l.item.text(cx.lang),
                basis: l.note.text(cx.lang),
                cells: vec![num(l.kyen, 0)],
                ..Row::default()
            })
            .collect(),
        ..Table::default()
    }
}

/// One plain-language reading per source option.
fn readings(cx: &Ctx, rows: &[ComparisonRow], labels: &[String], simple: f64) -> Vec<String> {
    rows.iter()
        .zip(labels)
        .filter(|(r, _)| r.option == UnusedOption::Sources)
        .map(|(r, label)| {
            let verdict = match r.simple_share_optimistic {
                Some(true) => cx.t("unused.verdict_optimistic"),
                _ => cx.t("unused.verdict_reached"),
            };
            let price = match r.heat_price_effect_yen_per_mj {
                Some(e) => cx.f("unused.reading_price", &[("effect", signed(e, 2))]),
                None => String::new(),
            };
            cx.f(
                "unused.reading",
                &[
                    ("option", label.clone()),
                    ("covered", opt(r.share_of_demand_covered, |v| pct(v, 0))),
                    ("unused", pct(r.unused_share, 0)),
                    ("simple", pct(simple, 0)),
                    ("verdict", verdict),
                    ("co2", num(r.co2_saved_t, 0)),
                    (
                        "payback",
                        match r.simple_payback_years {
                            Some(y) => cx.f("unused.payback_years", &[("y", payback(cx, Some(y)))]),
                            None => cx.t("unused.payback_none"),
                        },
                    ),
                    ("price", price),
                ],
            )
        })
        .collect()
}
