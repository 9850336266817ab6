//! Sources cited by publication. Data files and catalogues write their sources the way
//! the project's reference notes are filed (`district-a.md §3`, `loads.md §4–§6`); a
//! reader of a report needs the publication behind the note instead: the study, handbook
//! or manual and the part of it, in the page's language. This module finds the note
//! references in a source text, names their publications through the catalogues
//! (`cite.pub.*`, `cite.topic.*` in `src/data/i18n/<lang>.yaml`), and classifies what kind
//! of value a source describes (published, calibrated, assumed, physical constant, model
//! setting).

use crate::i18n::{I18n, Lang};
use serde::Serialize;

/// (note file stem, catalogue id of the note, publication, (section, publication) pairs).
type Note = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// A reference note of the project and the publication(s) it summarises: (note file stem,
/// catalogue id of the note, publication of its sections, publications of particular
/// sections). Sections not listed take the note's publication.
const NOTES: &[Note] = &[
    ("district-a", "district_a", "mlit_a", &[]),
    ("dhc-benchmarks", "dhc_benchmarks", "mlit_national", &[]),
    (
        "loads",
        "loads",
        "dhc_handbook",
        &[
            ("2", "cgs_manual"),
            ("3", "ibec"),
            ("7", "regional"),
            ("8", "jiritsu"),
        ],
    ),
    ("residential-b", "residential_b", "mlit_b", &[]),
    ("waste-heat", "waste_heat", "waste_heat_fs", &[]),
    (
        "waste-heat-fs-cases",
        "waste_heat_fs_cases",
        "nagoya_fs",
        &[],
    ),
    ("diversity", "diversity", "diversity", &[]),
    ("pairwise-calibration", "pairwise", "mlit_mixing", &[]),
];

/// One cited part of a publication: the publication's catalogue id and the note
/// sections (`"3"`, `"3.1"`) the source names (empty: the publication as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cite {
    /// Publication id (`cite.pub.<id>` in the catalogues).
    pub publication: String,
    /// Catalogue id of the note (`cite.topic.<note>.s<n>` names a section's topic).
    pub note: String,
    /// Sections of the note, in the order written.
    pub sections: Vec<String>,
}

/// What kind of value a data entry's source describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Taken from a cited publication.
    Published,
    /// Fitted to a published result (marked "calibrated" in the data files).
    Calibrated,
    /// A planning assumption of kukaku (marked "assumption"/"assumed").
    Assumption,
    /// A physical constant or property.
    Constant,
    /// A setting of the model itself (resolution, seed, algorithm).
    Model,
}

impl Basis {
    /// Catalogue key of the basis label (`cite.basis.<id>`).
    pub fn key(self) -> &'static str {
        match self {
            Basis::Published => "cite.basis.published",
            Basis::Calibrated => "cite.basis.calibrated",
            Basis::Assumption => "cite.basis.assumption",
            Basis::Constant => "cite.basis.constant",
            Basis::Model => "cite.basis.model",
        }
    }
}

/// A note reference in a text: byte range, note index in [`NOTES`], sections.
struct Found {
    start: usize,
    end: usize,
    note: usize,
    sections: Vec<String>,
}

/// Sections after a note name: `§3`, `§4–§6`, `§4–5`, `§2 and §5`, `§1, §8`, `§5/§6`,
/// `§3.1`. Returns the sections (ranges expanded) and the length consumed.
fn sections_at(s: &str) -> (Vec<String>, usize) {
    let mut out: Vec<String> = vec![];
    let mut i = 0;
    let b = s.as_bytes();
    let mut pending_range = false;
    loop {
        // Separator before the next section (none before the first).
        let rest = &s[i..];
        let sep_len = if out.is_empty() {
            rest.len() - rest.trim_start_matches(' ').len()
        } else {
            let t = rest.trim_start_matches(' ');
            let lead = rest.len() - t.len();
            if let Some(x) = ["–", "-"].iter().find(|x| t.starts_with(**x)) {
                pending_range = true;
                lead + x.len()
            } else if let Some(x) = [",", "/", "and"].iter().find(|x| t.starts_with(**x)) {
                lead + x.len()
            } else {
                break;
            }
        };
        let mut j = i + sep_len;
        j += s[j..].len() - s[j..].trim_start_matches(' ').len();
        let had_mark = s[j..].starts_with('§');
        if had_mark {
            j += '§'.len_utf8();
        } else if out.is_empty() {
            break;
        }
        let k = j + s[j..]
            .bytes()
            .take_while(|c| c.is_ascii_digit() || *c == b'.')
            .count();
        let num = s[j..k].trim_end_matches('.');
        if num.is_empty() || !b[j].is_ascii_digit() {
            break;
        }
        if pending_range {
            if let (Some(from), Ok(to)) = (
                out.last().and_then(|l| l.parse::<u32>().ok()),
                num.parse::<u32>(),
            ) {
                out.extend((from + 1..=to).map(|n| n.to_string()));
            } else {
                out.push(num.to_string());
            }
            pending_range = false;
        } else {
            out.push(num.to_string());
        }
        i = j + num.len();
        // A parenthesis after a section ("§4 (peak, DLF), §5") is skipped when another
        // section follows it.
        let t = s[i..].trim_start_matches(' ');
        if t.starts_with('(') {
            if let Some(close) = t.find(')') {
                let after = &t[close + 1..];
                let next = after.trim_start_matches([' ', ',', '/']);
                let next = next.strip_prefix("and").unwrap_or(next).trim_start();
                if next.starts_with('§') && after.len() > next.len() {
                    i += s[i..].len() - t.len() + close + 1;
                }
            }
        }
    }
    (out, i)
}

/// Every note reference (`loads.md §4–§6`) in `text`, in order.
fn find(text: &str) -> Vec<Found> {
    let mut out = vec![];
    let mut from = 0;
    while let Some(p) = text[from..].find(".md") {
        let dot = from + p;
        let start = text[..dot]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
        let stem = &text[start..dot];
        let end = dot + 3;
        match NOTES.iter().position(|n| n.0 == stem) {
            Some(note) => {
                let (sections, used) = sections_at(&text[end..]);
                out.push(Found {
                    start,
                    end: end + used,
                    note,
                    sections,
                });
                from = end + used;
            }
            None => from = end,
        }
    }
    out
}

/// The publications a source text names, grouped: one [`Cite`] per publication in the
/// order of first mention, with its sections.
pub fn cites(source: &str) -> Vec<Cite> {
    let mut out: Vec<Cite> = vec![];
    for f in find(source) {
        let (_, note_id, default_pub, by_section) = NOTES[f.note];
        let pub_of = |s: &str| {
            let major = s.split('.').next().unwrap_or(s);
            by_section
                .iter()
                .find(|(k, _)| *k == major)
                .map_or(default_pub, |(_, p)| p)
        };
        let mut add = |publication: &str, section: Option<&String>| {
            let i = match out.iter().position(|c| c.publication == publication) {
                Some(i) => i,
                None => {
                    out.push(Cite {
                        publication: publication.to_string(),
                        note: note_id.to_string(),
                        sections: vec![],
                    });
                    out.len() - 1
                }
            };
            if let Some(s) = section {
                if !out[i].sections.contains(s) {
                    out[i].sections.push(s.clone());
                }
            }
        };
        if f.sections.is_empty() {
            add(default_pub, None);
        }
        for s in &f.sections {
            add(pub_of(s), Some(s));
        }
    }
    out
}

/// What kind of value `source` describes, from the words the data files use.
pub fn basis(source: &str) -> Basis {
    let s = source.to_lowercase();
    if s.contains("calibrated") || s.contains("fitted to") {
        Basis::Calibrated
    } else if s.contains("physical constant") || s.contains("steam tables") {
        Basis::Constant
    } else if s.starts_with("assum") || s.contains("(assumption") || s.contains("assumption)") {
        Basis::Assumption
    } else if !cites(source).is_empty() {
        Basis::Published
    } else if s.starts_with("model") || s.starts_with("resolution") {
        Basis::Model
    } else {
        Basis::Assumption
    }
}

impl Cite {
    /// The publication and the topics of the cited sections in `lang`:
    /// "DHC handbook (2002): design-day statistics, annual statistics".
    pub fn text(&self, tr: &I18n, lang: Lang) -> String {
        let title = tr.get(lang, &format!("cite.pub.{}", self.publication));
        let topics: Vec<String> = self
            .sections
            .iter()
            .filter_map(|s| {
                let major = s.split('.').next().unwrap_or(s);
                tr.lookup(lang, &format!("cite.topic.{}.s{major}", self.note))
                    .map(str::to_string)
            })
            .fold(vec![], |mut v, t| {
                if !v.contains(&t) {
                    v.push(t);
                }
                v
            });
        if topics.is_empty() {
            title
        } else {
            tr.fill(
                lang,
                "cite.with_topic",
                &[
                    ("pub".to_string(), title),
                    ("topic".to_string(), topics.join(lang.list_separator())),
                ]
                .into_iter()
                .collect(),
            )
        }
    }
}

/// `text` with every note reference replaced by the publication it cites, in `lang`
/// (the way catalogue texts are shown).
pub fn replace_notes(tr: &I18n, lang: Lang, text: &str) -> String {
    let found = find(text);
    if found.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for f in found {
        out.push_str(&text[at..f.start]);
        let here = &text[f.start..f.end];
        let names: Vec<String> = cites(here).iter().map(|c| c.text(tr, lang)).collect();
        out.push_str(&names.join(lang.list_separator()));
        at = f.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Every publication id the notes map to (for the catalogue test).
pub fn publications() -> Vec<&'static str> {
    let mut v: Vec<&str> = NOTES
        .iter()
        .flat_map(|n| std::iter::once(n.2).chain(n.3.iter().map(|x| x.1)))
        .collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: &str) -> Vec<(String, Vec<String>)> {
        cites(s)
            .into_iter()
            .map(|c| (c.publication, c.sections))
            .collect()
    }

    #[test]
    fn note_references_become_publications_and_sections() {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(secs("district-a.md §3"), [("mlit_a".into(), v(&["3"]))]);
        assert_eq!(
            secs("loads.md §4 (peak, DLF), §5 (annual); annual: loads.md §2"),
            [
                ("dhc_handbook".into(), v(&["4", "5"])),
                ("cgs_manual".into(), v(&["2"]))
            ]
        );
        assert_eq!(
            secs("loads.md §4–§6 (handbook only)"),
            [("dhc_handbook".into(), v(&["4", "5", "6"]))]
        );
        assert_eq!(
            secs("residential-b.md §4–5)"),
            [("mlit_b".into(), v(&["4", "5"]))]
        );
        assert_eq!(
            secs("district-a.md §2 and §5; waste-heat.md"),
            [
                ("mlit_a".into(), v(&["2", "5"])),
                ("waste_heat_fs".into(), v(&[]))
            ]
        );
        assert_eq!(
            secs("residential-b.md §3.1"),
            [("mlit_b".into(), v(&["3.1"]))]
        );
        assert_eq!(
            secs("district-a.md §5/§6"),
            [("mlit_a".into(), v(&["5", "6"]))]
        );
        assert!(secs("see README.md and ARCHITECTURE.md").is_empty());
    }

    #[test]
    fn sources_are_classified_by_their_own_words() {
        assert_eq!(basis("district-a.md §5"), Basis::Published);
        assert_eq!(
            basis("calibrated on Case 1 only: fitted to district-a.md §6"),
            Basis::Calibrated
        );
        assert_eq!(
            basis("assumption: later wake on Saturdays"),
            Basis::Assumption
        );
        assert_eq!(
            basis("design velocity 1.5–2.5 m/s usual (assumption)"),
            Basis::Assumption
        );
        assert_eq!(
            basis("physical constant (water at ≈ 40 °C)"),
            Basis::Constant
        );
        assert_eq!(
            basis("model: seed of the synthetic day sequence"),
            Basis::Model
        );
    }

    #[test]
    fn references_in_running_text_read_in_the_page_language() {
        let tr = I18n::builtin();
        let en = replace_notes(tr, Lang::En, "floor rule (district-a.md §1) applies");
        assert!(!en.contains(".md"), "{en}");
        let ja = replace_notes(tr, Lang::Ja, "延床面積（district-a.md §1）");
        assert!(!ja.contains(".md") && !ja.contains("district"), "{ja}");
        for p in publications() {
            for lang in [Lang::En, Lang::Ja] {
                assert!(tr.lookup(lang, &format!("cite.pub.{p}")).is_some(), "{p}");
                assert!(tr.lookup(lang, &format!("cite.long.{p}")).is_some(), "{p}");
            }
        }
    }
}
