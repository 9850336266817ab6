//! HTML rendering with Tera: templates under `templates/` are compiled into the binary so
//! reports render from any working directory. Autoescaping is on for every template, so
//! every user-provided string (case, alternative, parcel, system and use names) is
//! escaped; only the chart SVGs built in [`super::svg`] (which escape their own text) are
//! inserted with `safe`.
//!
//! Sections, figures and tables are numbered after rendering: templates write the markers
//! `<!--#sec-->`, `<!--#fig-->` and `<!--#tab-->`, which are replaced in document order.
//! Markers cannot come from user text, whose `<` is escaped.

use super::format;
use super::view::{self, front::PageKind, Views};
use super::Report;
use crate::error::{Error, Result};
use crate::i18n::{I18n, Lang};
use std::collections::HashMap;
use tera::{Context, Tera, Value};

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "alternative.html",
        include_str!("../../templates/alternative.html"),
    ),
    (
        "comparison.html",
        include_str!("../../templates/comparison.html"),
    ),
    (
        "appendix.html",
        include_str!("../../templates/appendix.html"),
    ),
    (
        "sections/zoning.html",
        include_str!("../../templates/sections/zoning.html"),
    ),
    (
        "sections/loads.html",
        include_str!("../../templates/sections/loads.html"),
    ),
    (
        "sections/mixing.html",
        include_str!("../../templates/sections/mixing.html"),
    ),
    (
        "sections/supply.html",
        include_str!("../../templates/sections/supply.html"),
    ),
    (
        "sections/chp.html",
        include_str!("../../templates/sections/chp.html"),
    ),
    (
        "sections/viability.html",
        include_str!("../../templates/sections/viability.html"),
    ),
    (
        "sections/housing.html",
        include_str!("../../templates/sections/housing.html"),
    ),
    (
        "sections/unused.html",
        include_str!("../../templates/sections/unused.html"),
    ),
    (
        "sections/project.html",
        include_str!("../../templates/sections/project.html"),
    ),
    (
        "sections/findings.html",
        include_str!("../../templates/sections/findings.html"),
    ),
    (
        "sections/assumptions.html",
        include_str!("../../templates/sections/assumptions.html"),
    ),
];

fn arg_usize(args: &HashMap<String, Value>, name: &str, default: usize) -> usize {
    args.get(name)
        .and_then(Value::as_u64)
        .map(|v| v as usize)
        .unwrap_or(default)
}

/// Register a number filter: `null` and non-numbers print as an en dash.
fn number_filter(
    t: &mut Tera,
    name: &'static str,
    default_decimals: usize,
    f: fn(f64, usize) -> String,
) {
    t.register_filter(
        name,
        move |v: &Value, args: &HashMap<String, Value>| -> tera::Result<Value> {
            let d = arg_usize(args, "d", default_decimals);
            Ok(Value::String(match v.as_f64() {
                Some(x) => f(x, d),
                None => format::MISSING.to_string(),
            }))
        },
    );
}

fn tera() -> Result<Tera> {
    let mut t = Tera::default();
    t.add_raw_templates(TEMPLATES.iter().copied())
        .map_err(|e| Error::Runtime(format!("templates: {e:?}")))?;
    t.autoescape_on(vec![".html"]);
    number_filter(&mut t, "num", 0, format::num);
    number_filter(&mut t, "pct", 1, format::pct);
    number_filter(&mut t, "chg", 0, format::change);
    number_filter(&mut t, "pt", 1, format::points);
    number_filter(&mut t, "signed", 0, format::signed);
    t.register_filter("css_string", css_string_filter);
    t.register_filter(
        "badge",
        |v: &Value, _: &HashMap<String, Value>| -> tera::Result<Value> {
            Ok(Value::String(
                match v.as_str() {
                    Some("good") => "○",
                    Some("standard") => "△",
                    Some("weak") => "●",
                    _ => format::MISSING,
                }
                .to_string(),
            ))
        },
    );
    Ok(t)
}

/// The `css_string` filter: text as the inside of a double-quoted CSS string (for the
/// `@page` margin boxes of `base.html`, inside `<style>`, where HTML entities are not
/// decoded). `html=true` first decodes the entities autoescaping wrote (a `{% filter %}`
/// section of escaped text). `"` and `\` are escaped, `<` written as `\3c ` (so no text can
/// close the `<style>` element), line breaks become spaces. In `{{ }}` follow it with
/// `| safe`; a `{% filter %}` section's result is not escaped again.
fn css_string_filter(v: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let mut s = v.as_str().unwrap_or_default().to_string();
    if args.get("html").and_then(Value::as_bool) == Some(true) {
        for (entity, c) in [
            ("&lt;", "<"),
            ("&gt;", ">"),
            ("&quot;", "\""),
            ("&#x27;", "'"),
            ("&#x2F;", "/"),
            ("&amp;", "&"),
        ] {
            s = s.replace(entity, c);
        }
    }
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\3c "),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    Ok(Value::String(out))
}

/// The `use_label` filter: a use id's label in the report language (the id itself for a use
/// without one). Use ids are looked up here, in Rust, never as a template path, so any
/// Unicode or markup character in an id is safe.
fn register_use_label(t: &mut Tera, report: &Report, lang: Lang) {
    let labels: HashMap<String, String> = report
        .use_labels
        .iter()
        .map(|(id, l)| {
            let s = match lang {
                Lang::En => &l.en,
                Lang::Ja => &l.ja,
            };
            (id.clone(), s.clone())
        })
        .filter(|(_, s)| !s.is_empty())
        .collect();
    t.register_filter(
        "use_label",
        move |v: &Value, _: &HashMap<String, Value>| -> tera::Result<Value> {
            let id = v.as_str().unwrap_or_default();
            Ok(Value::String(
                labels.get(id).cloned().unwrap_or_else(|| id.to_string()),
            ))
        },
    );
}

/// Name filters: the case's names of alternatives and systems in the report language,
/// looked up by id in Rust (never as a template path, so any id is safe):
/// `id | alt_name`, `id | alt_short`, `id | alt_description` (empty without one) and
/// `system_id | system_name(alt=alternative_id)` (the id itself when unknown).
fn register_names(t: &mut Tera, names: &view::Names) {
    let by_id =
        |m: &std::collections::BTreeMap<String, String>, name: &'static str, t: &mut Tera| {
            let m = m.clone();
            t.register_filter(
                name,
                move |v: &Value, _: &HashMap<String, Value>| -> tera::Result<Value> {
                    let id = v.as_str().unwrap_or_default();
                    Ok(Value::String(m.get(id).cloned().unwrap_or_else(|| {
                        if name == "alt_description" {
                            String::new()
                        } else {
                            id.to_string()
                        }
                    })))
                },
            );
        };
    by_id(&names.alternatives, "alt_name", t);
    by_id(&names.short, "alt_short", t);
    by_id(&names.descriptions, "alt_description", t);
    let systems = names.systems.clone();
    t.register_filter(
        "system_name",
        move |v: &Value, args: &HashMap<String, Value>| -> tera::Result<Value> {
            let id = v.as_str().unwrap_or_default();
            let alt = args.get("alt").and_then(Value::as_str).unwrap_or_default();
            Ok(Value::String(
                systems
                    .get(alt)
                    .and_then(|m| m.get(id))
                    .cloned()
                    .unwrap_or_else(|| id.to_string()),
            ))
        },
    );
}

/// The `alt_page` filter: an alternative id's page file name (looked up in Rust, as the
/// name filters are).
fn register_pages(t: &mut Tera, report: &Report, pages: &[String]) {
    let by_id: HashMap<String, String> = report
        .alternatives
        .iter()
        .zip(pages)
        .map(|(a, p)| (a.id.clone(), p.clone()))
        .collect();
    t.register_filter(
        "alt_page",
        move |v: &Value, _: &HashMap<String, Value>| -> tera::Result<Value> {
            let id = v.as_str().unwrap_or_default();
            Ok(Value::String(by_id.get(id).cloned().unwrap_or_default()))
        },
    );
}

/// Replace the numbering markers in document order.
pub fn number_markers(html: &str, tr: &I18n, lang: Lang) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let (mut sec, mut fig, mut tab) = (0, 0, 0);
    let mut rest = html;
    loop {
        let next = ["<!--#sec-->", "<!--#fig-->", "<!--#tab-->"]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min();
        let Some((i, m)) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..i]);
        let (key, n) = match m {
            "<!--#sec-->" => {
                sec += 1;
                ("label.section_n", sec)
            }
            "<!--#fig-->" => {
                fig += 1;
                ("label.figure_n", fig)
            }
            _ => {
                tab += 1;
                ("label.table_n", tab)
            }
        };
        let args = [("n".to_string(), n.to_string())].into_iter().collect();
        out.push_str(&tr.fill(lang, key, &args));
        rest = &rest[i + m.len()..];
    }
    out
}

/// Render every page of the report, in the order of the views' page list
/// ([`view::front::page_list`]): index (cover, executive summary, contents), one page per
/// alternative, comparison, appendix.
pub fn html_files(report: &Report, lang: Lang) -> Result<Vec<(String, Vec<u8>)>> {
    let mut t = tera()?;
    register_use_label(&mut t, report, lang);
    let tr = I18n::builtin();
    let views: Views = view::build(report, lang);
    register_names(&mut t, &views.names);
    register_pages(&mut t, report, &views.pages);
    let mut ctx = Context::new();
    ctx.insert("report", report);
    ctx.insert("lang", lang.code());
    ctx.insert("tr", tr.tree(lang));
    ctx.insert("views", &views);
    let case_title = report.case.name.text(lang).to_string();
    ctx.insert("case_title", &case_title);
    let base = report
        .alternatives
        .iter()
        .find(|a| a.id == report.comparison.base);
    ctx.insert("base", &base);
    let render = |name: &str, ctx: &Context| -> Result<Vec<u8>> {
        t.render(name, ctx)
            .map(|s| number_markers(&s, tr, lang).into_bytes())
            .map_err(|e| {
                let mut msg = format!("rendering {name}: {e}");
                let mut src = std::error::Error::source(&e);
                while let Some(s) = src {
                    msg.push_str(&format!(": {s}"));
                    src = s.source();
                }
                Error::Runtime(msg)
            })
    };
    // The pages in the order of the views' page list (the index's table of contents). One
    // context for every page: each page sets its own keys and the per-alternative keys are
    // removed on the other pages (a deep copy of the report per page cost more than
    // rendering it).
    let mut files = Vec::with_capacity(views.toc.len());
    for p in &views.toc {
        ctx.insert("page", &p.file);
        if !matches!(p.kind, PageKind::Alternative(_)) {
            for key in ["alt", "view", "toc_page", "cmp"] {
                ctx.remove(key);
            }
        }
        let template = match p.kind {
            PageKind::Index => "index.html",
            PageKind::Alternative(i) => {
                ctx.insert("alt", &report.alternatives[i]);
                ctx.insert("view", &views.alternatives[i]);
                ctx.insert("toc_page", p);
                ctx.insert("cmp", &report.comparison.alternatives.get(i));
                "alternative.html"
            }
            PageKind::Comparison => "comparison.html",
            PageKind::Appendix => "appendix.html",
        };
        files.push((p.file.clone(), render(template, &ctx)?));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_numbered_in_order_per_kind() {
        let tr = I18n::builtin();
        let s = number_markers(
            "<!--#sec--><!--#fig--><!--#tab--><!--#fig--><!--#sec-->",
            tr,
            Lang::En,
        );
        assert_eq!(s, "1.Figure 1.Table 1.Figure 2.2.");
        let s = number_markers("<!--#fig--><!--#tab-->", tr, Lang::Ja);
        assert_eq!(s, "図1表1");
    }
}
