//! One A4 PDF of the whole report (`kukaku run --pdf`), printed by headless Chromium.
//!
//! The rendered pages (in the order of [`super::html::html_files`], the report's single page
//! order) are joined into one print document: the first page's `<head>` (its stylesheet,
//! with the A4 `@page` rules and print media rules of `templates/base.html`), then each
//! page's `<main>` as an `<article>` on its own named CSS page, whose `@top-right` margin box
//! carries that page's running header (copied from the page's own `@page` rule). Every `id`
//! is prefixed with its page's anchor and every link to another page of the report becomes a
//! link inside the document, so ids stay unique and links work in the PDF. Chromium prints
//! the document with `--print-to-pdf`; page numbers ("n / N") and the case name come from the
//! `@page` margin boxes of the stylesheet (Chromium ≥ 131).
//!
//! The PDF carries no run date: Chromium's creation and modification dates are set to the
//! Unix epoch, so the same input gives a byte-identical PDF.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// File name of the PDF in the report folder.
pub const PDF_FILE: &str = "report.pdf";

/// Environment variable naming the browser to print with (then the only one tried).
pub const BROWSER_ENV: &str = "KUKAKU_CHROMIUM";

/// Where a Chromium is looked for when [`BROWSER_ENV`] is not set: this path, then these
/// names on `PATH`.
const DEFAULT_BROWSER: &str = "/usr/bin/chromium";
const BROWSER_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];

/// Longest a print may take before the browser is stopped. The longest bundled report
/// (District A, 7 pages of HTML) prints in about 10 s on two cores.
const PRINT_TIMEOUT: Duration = Duration::from_secs(300);

/// Headless Chromium flags: no sandbox (kukaku may run as root in containers; the document
/// is kukaku's own, without scripts or network access; disabling scripts would stop the
/// print itself), no GPU, no background traffic, no
/// header and footer of the browser's own (the stylesheet's `@page` boxes draw them); the
/// headings become the PDF's outline (bookmarks).
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    "--generate-pdf-document-outline",
];

/// The Chromium to print with: [`BROWSER_ENV`] when set (and then only that file), else
/// `/usr/bin/chromium`, else `chromium`, `chromium-browser` or `google-chrome` on `PATH`.
pub fn find_browser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(BROWSER_ENV) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    if Path::new(DEFAULT_BROWSER).is_file() {
        return Some(DEFAULT_BROWSER.into());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSER_NAMES.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// The browser for `--pdf`, or a usage error (exit code 2) saying how to get one.
pub fn require_browser() -> Result<PathBuf> {
    find_browser().ok_or_else(|| {
        let tried = match std::env::var_os(BROWSER_ENV) {
            Some(p) => format!("{BROWSER_ENV}={} is not a file", Path::new(&p).display()),
            None => format!(
                "none at {DEFAULT_BROWSER} nor {} on PATH",
                BROWSER_NAMES.join("/")
            ),
        };
        Error::Usage(format!(
            "--pdf prints with headless Chromium, but no browser was found ({tried}); \
             install one (Debian: apt-get install chromium fonts-noto-cjk) or set \
             {BROWSER_ENV} to its path, or run without --pdf (nothing was written)"
        ))
    })
}

/// The text between the first `open` and the following `close` in `s`.
fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let i = s.find(open)? + open.len();
    let j = s[i..].find(close)?;
    Some(&s[i..i + j])
}

/// The CSS string literal (quotes included) of the page's running header: the `content` of
/// its `@top-right` margin box, `""` when there is none.
fn running_header(page: &str) -> &str {
    const OPEN: &str = "@top-right { content: ";
    let Some(i) = page.find(OPEN).map(|i| i + OPEN.len()) else {
        return "\"\"";
    };
    let s = &page[i..];
    if !s.starts_with('"') {
        return "\"\"";
    }
    let mut escaped = false;
    for (j, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return &s[..=j],
            _ => {}
        }
    }
    "\"\""
}

/// The anchor of a page in the print document (its file name without `.html`, made safe
/// for an id and a CSS page name).
fn anchor(name: &str) -> String {
    let stem = name.strip_suffix(".html").unwrap_or(name);
    let safe: String = stem
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("page-{safe}")
}

/// Prefix every `id` of one page's markup with its anchor and point links at the document:
/// `#x` → `#<anchor>--x`, `other.html` → `#<other anchor>`, `other.html#x` →
/// `#<other anchor>--x`; relative links to other files (`report.json`) lose their `href`
/// (their name stays as `data-file`), absolute ones stay. Markup
/// attributes only: user text has its quotes escaped, so it never holds ` id="`.
fn relink(html: &str, own: &str, anchors: &HashMap<&str, String>) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    loop {
        let next = [" id=\"", " href=\""]
            .iter()
            .filter_map(|a| rest.find(a).map(|i| (i, *a)))
            .min();
        let Some((i, attr)) = next else {
            out.push_str(rest);
            return out;
        };
        let start = i + attr.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        if attr == " id=\"" {
            out.push_str(&format!("{own}--{value}"));
        } else if let Some(frag) = value.strip_prefix('#') {
            out.push_str(&format!("#{own}--{frag}"));
        } else {
            let (file, frag) = value.split_once('#').unwrap_or((value, ""));
            match anchors.get(file) {
                Some(a) if frag.is_empty() => out.push_str(&format!("#{a}")),
                Some(a) => out.push_str(&format!("#{a}--{frag}")),
                // A relative link to another file of the folder (report.json, a CSV) would
                // point into the print's temporary folder: kept as data, not as a link.
                None if !value.contains(':') => {
                    out.truncate(out.len() - attr.len());
                    out.push_str(&format!(" data-file=\"{value}"));
                }
                None => out.push_str(value),
            }
        }
        rest = &rest[end..];
    }
}

/// The print document of the rendered pages (`(file name, HTML)` in the report's page
/// order; other files are skipped).
pub fn print_document(files: &[(String, Vec<u8>)]) -> Result<String> {
    let pages: Vec<(&str, &str)> = files
        .iter()
        .filter(|(n, _)| n.ends_with(".html"))
        .map(|(n, b)| {
            std::str::from_utf8(b)
                .map(|s| (n.as_str(), s))
                .map_err(|e| Error::Runtime(format!("{n} is not UTF-8: {e}")))
        })
        .collect::<Result<_>>()?;
    let Some((_, first)) = pages.first() else {
        return Err(Error::Runtime("no report page to print".into()));
    };
    let malformed = |n: &str, what: &str| Error::Runtime(format!("printing {n}: no {what}"));
    let head = between(first, "<head>", "</head>").ok_or_else(|| malformed("index", "<head>"))?;
    let html_open = first
        .find("<html")
        .and_then(|i| first[i..].find('>').map(|j| &first[i..=i + j]))
        .unwrap_or("<html>");
    let anchors: HashMap<&str, String> = pages.iter().map(|(n, _)| (*n, anchor(n))).collect();
    // The first page's footer (provenance) closes the last article: outside an article it
    // would stand on a page of its own (a change of named page forces a page break).
    let footer = between(first, "<footer>", "</footer>").unwrap_or_default();
    let mut named_pages = String::new();
    let mut body = String::new();
    for (i, (n, page)) in pages.iter().enumerate() {
        let a = &anchors[n];
        named_pages.push_str(&format!(
            "@page {a} {{ @top-right {{ content: {}; }} }}\narticle.{a} {{ page: {a}; }}\n",
            running_header(page)
        ));
        let main = between(page, "<main>", "</main>").ok_or_else(|| malformed(n, "<main>"))?;
        let end = if i + 1 == pages.len() {
            format!("<footer>{footer}</footer>")
        } else {
            String::new()
        };
        body.push_str(&format!(
            "<article class=\"print-page {a}\" id=\"{a}\">{}{end}</article>\n",
            relink(main, a, &anchors)
        ));
    }
    Ok(format!(
        "<!DOCTYPE html>\n{html_open}\n<head>{head}<style>\n{named_pages}\
         article.print-page + article.print-page {{ break-before: page; }}\n</style>\n</head>\n\
         <body class=\"print-document\">\n<main>\n{body}</main>\n</body>\n</html>\n"
    ))
}

/// Set the `D:YYYYMMDDHHmmSS` digits of the PDF's creation and modification dates to the
/// Unix epoch in place (same length, so the cross-reference offsets stay valid).
fn clear_dates(pdf: &mut [u8]) {
    const EPOCH: &[u8] = b"19700101000000";
    for key in [&b"/CreationDate (D:"[..], &b"/ModDate (D:"[..]] {
        let mut from = 0;
        while let Some(i) = pdf[from..]
            .windows(key.len())
            .position(|w| w == key)
            .map(|i| from + i + key.len())
        {
            let n = pdf[i..]
                .iter()
                .take(EPOCH.len())
                .take_while(|b| b.is_ascii_digit())
                .count();
            pdf[i..i + n].copy_from_slice(&EPOCH[..n]);
            from = i + n;
        }
    }
}

/// Print `document` (HTML) to an A4 PDF with the browser at `browser`.
pub fn print_pdf(browser: &Path, document: &str) -> Result<Vec<u8>> {
    let rt =
        |what: &str, e: std::io::Error| Error::Runtime(format!("printing the PDF: {what}: {e}"));
    let tmp = tempfile::Builder::new()
        .prefix("kukaku-print-")
        .tempdir()
        .map_err(|e| rt("temporary folder", e))?;
    let html = tmp.path().join("report-print.html");
    let pdf = tmp.path().join("report.pdf");
    std::fs::write(&html, document).map_err(|e| rt("writing the print document", e))?;
    let mut child = std::process::Command::new(browser)
        .args(FLAGS)
        .arg(format!(
            "--user-data-dir={}",
            tmp.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .env("TZ", "UTC")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| rt(&format!("starting {}", browser.display()), e))?;
    let deadline = Instant::now() + PRINT_TIMEOUT;
    let status = loop {
        match child
            .try_wait()
            .map_err(|e| rt("waiting for the browser", e))?
        {
            Some(s) => break s,
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::Runtime(format!(
                    "printing the PDF: {} did not finish within {} s",
                    browser.display(),
                    PRINT_TIMEOUT.as_secs()
                )));
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    let mut bytes = std::fs::read(&pdf).map_err(|e| {
        Error::Runtime(format!(
            "printing the PDF: {} ({status}) wrote no PDF: {e}",
            browser.display()
        ))
    })?;
    if !bytes.starts_with(b"%PDF") {
        return Err(Error::Runtime(format!(
            "printing the PDF: {} wrote no PDF ({} bytes)",
            browser.display(),
            bytes.len()
        )));
    }
    clear_dates(&mut bytes);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(running: &str, main: &str) -> Vec<u8> {
        format!(
            "<!DOCTYPE html>\n<html lang=\"ja\">\n<head><style>@page {{ @top-right {{ content: \"{running}\"; }} }}</style></head>\
             <body><header class=\"doc\"><a href=\"x.html\">nav</a></header><main>{main}</main><footer>f</footer></body></html>"
        )
        .into_bytes()
    }

    #[test]
    fn pages_join_in_order_with_unique_ids_and_inner_links() {
        let files = vec![
            ("index.html".to_string(), page("", "<h1 id=\"top\">I</h1><a href=\"alt-a.html\">a</a>")),
            ("report.json".to_string(), b"{}".to_vec()),
            (
                "alt-a.html".to_string(),
                page(r#"A \"q\""#, "<h2 id=\"top\">A</h2><a href=\"#top\">t</a> <a href=\"index.html#top\">i</a> <a href=\"report.json\">j</a>"),
            ),
        ];
        let d = print_document(&files).unwrap();
        assert!(d.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
        let (i, a) = (
            d.find("id=\"page-index\"").unwrap(),
            d.find("id=\"page-alt-a\"").unwrap(),
        );
        assert!(i < a, "page order kept");
        assert!(d.contains("id=\"page-index--top\"") && d.contains("id=\"page-alt-a--top\""));
        assert!(d.contains("href=\"#page-alt-a\""));
        assert!(d.contains("href=\"#page-alt-a--top\""));
        assert!(d.contains("href=\"#page-index--top\""));
        assert!(d.contains("<a data-file=\"report.json\">j</a>"));
        assert!(d.contains(r#"@page page-alt-a { @top-right { content: "A \"q\""; } }"#));
        assert!(d.contains("article.page-alt-a { page: page-alt-a; }"));
        assert!(
            !d.contains("nav</a>"),
            "the screen navigation is not printed"
        );
        assert_eq!(d.matches("<footer>").count(), 1);
        assert!(
            d.contains("<footer>f</footer></article>"),
            "the footer closes the last page"
        );
    }

    #[test]
    fn dates_are_cleared_in_place() {
        let mut pdf =
            b"%PDF /CreationDate (D:20261203105408+00'00') /ModDate (D:20261203105408+00'00')"
                .to_vec();
        let n = pdf.len();
        clear_dates(&mut pdf);
        assert_eq!(pdf.len(), n);
        assert_eq!(
            String::from_utf8(pdf).unwrap(),
            "%PDF /CreationDate (D:19700101000000+00'00') /ModDate (D:19700101000000+00'00')"
        );
    }

    #[test]
    fn running_header_is_read_as_a_css_string() {
        let p = String::from_utf8(page(r#"a \"b\" \\"#, "")).unwrap();
        assert_eq!(running_header(&p), r#""a \"b\" \\""#);
        assert_eq!(running_header("<style></style>"), "\"\"");
    }
}
