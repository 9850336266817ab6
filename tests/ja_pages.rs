//! Japanese pages without English leftovers: every bundled case, rendered in Japanese, has
//! no text that is English only. A text node fails when it holds an ASCII word of four or
//! more letters and no Japanese character, once the allowed tokens below are taken out.
//!
//! Text inside `<code>` (ids, file names, command lines a reader types), `<script>` and
//! `<style>` is not read: ids are shown in `<code>` on purpose, next to a label. The text of
//! charts (`<svg>`) is read like any other.
//! Nor is text marked `lang="en"` (an English original shown on purpose beside its
//! Japanese text).

use kukaku::case;
use kukaku::i18n::Lang;
use kukaku::library::Library;
use kukaku::report;
use regex::Regex;
use scraper::{Html, Node};

/// Tokens a Japanese page may show in Latin letters. Keep it short: each entry says why.
const ALLOWED: &[&str] = &[
    // File names and paths (case files, CSVs, report.json, references such as waste-heat.md).
    r"[\w./-]+\.(?:yaml|csv|json|md|html|pdf)\b",
    // The tool's own name and the report schema id (`kukaku.report/1`).
    r"\bkukaku(?:\.report/\d+)?\b",
    // Proper nouns of methods and sources (THERMOS model, TU Dresden DHW curves).
    r"\bTHERMOS\b",
    r"\bTU Dresden\b",
];

/// Japanese script: kana, CJK ideographs, full-width forms and CJK punctuation.
fn has_japanese(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
    })
}

/// The English-only text nodes of one page (trimmed, whitespace collapsed).
fn english_leftovers(page: &str) -> Vec<String> {
    let allowed = Regex::new(&ALLOWED.join("|")).unwrap();
    let word = Regex::new(r"[A-Za-z]{4,}").unwrap();
    let doc = Html::parse_document(page);
    let mut out = Vec::new();
    for node in doc.tree.root().descendants() {
        let Node::Text(t) = node.value() else {
            continue;
        };
        // An element marked `lang="en"` is English on purpose (the case's English name
        // under the Japanese title on the cover).
        let hidden = node.ancestors().any(|a| {
            a.value().as_element().is_some_and(|e| {
                matches!(e.name(), "code" | "script" | "style") || e.attr("lang") == Some("en")
            })
        });
        if hidden {
            continue;
        }
        let text = t.split_whitespace().collect::<Vec<_>>().join(" ");
        let rest = allowed.replace_all(&text, "");
        if word.is_match(&rest) && !has_japanese(&text) {
            out.push(text);
        }
    }
    out
}

#[test]
fn japanese_pages_of_every_bundled_case_have_no_english_only_text() {
    let lib = Library::builtin().unwrap();
    let dir = format!("{}/landuse_cases", env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 9, "bundled cases not found in {dir}");
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let c = case::parse(&name, &text, &lib).unwrap();
        let map = case::SourceMap::new(&name, &text);
        let r = report::build(&lib, &c, &map).unwrap();
        for (file, body) in report::html_files(&r, Lang::Ja).unwrap() {
            let mut seen = std::collections::BTreeSet::new();
            for t in english_leftovers(&String::from_utf8(body).unwrap()) {
                if seen.insert(t.clone()) {
                    let case = path.file_stem().unwrap().to_string_lossy();
                    failures.push(format!("{case}/{file}: {t}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} English-only texts on Japanese pages:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_check_finds_english_and_lets_japanese_code_and_allowed_tokens_pass() {
    let page = "<html><head><title>Model District B — kukaku</title></head><body>\
        <p>住宅 <code>w_solar</code></p><p lang=en>Model District B</p><p>report.json</p><p>THERMOS</p>\
        <p>no_measures / w_solar</p><svg><text>facilities</text><text>施設</text></svg>\
        <table><tr><td>floor / 4 × 1.2</td><td>1.2 kW</td></tr></table></body></html>";
    assert_eq!(
        english_leftovers(page),
        [
            "Model District B — kukaku",
            "no_measures / w_solar",
            "facilities",
            "floor / 4 × 1.2"
        ]
    );
}
