//! HTML rendering with Tera: templates under `templates/` are compiled into the binary so
//! reports render from any working directory. Autoescaping is on for every template.

use super::Report;
use crate::cli::Lang;
use crate::error::{Error, Result};
use tera::{Context, Tera};

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "alternative.html",
        include_str!("../../templates/alternative.html"),
    ),
    (
        "comparison.html",
        include_str!("../../templates/comparison.html"),
    ),
];

fn tera() -> Result<Tera> {
    let mut t = Tera::default();
    t.add_raw_templates(TEMPLATES.iter().copied())
        .map_err(|e| Error::Runtime(format!("templates: {e:?}")))?;
    t.autoescape_on(vec![".html"]);
    Ok(t)
}

/// Render index, one page per alternative and the comparison.
pub fn html_files(report: &Report, lang: Lang) -> Result<Vec<(String, Vec<u8>)>> {
    let t = tera()?;
    let mut ctx = Context::new();
    ctx.insert("report", report);
    ctx.insert("lang", if lang == Lang::Ja { "ja" } else { "en" });
    let render = |name: &str, ctx: &Context| -> Result<Vec<u8>> {
        t.render(name, ctx)
            .map(String::into_bytes)
            .map_err(|e| Error::Runtime(format!("rendering {name}: {e:?}")))
    };
    let mut files = vec![("index.html".to_string(), render("index.html", &ctx)?)];
    for a in &report.alternatives {
        let mut c = ctx.clone();
        c.insert("alt", a);
        files.push((
            format!("alt-{}.html", a.id),
            render("alternative.html", &c)?,
        ));
    }
    files.push((
        "comparison.html".to_string(),
        render("comparison.html", &ctx)?,
    ));
    Ok(files)
}
