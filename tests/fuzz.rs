//! Fuzz harness (issue 12): a seeded mutator over the bundled cases and their imports,
//! run in-process for a fixed number of mutants (`KUKAKU_FUZZ_CASES`, default 120; about a
//! minute in CI). For every mutant: no panic; `check` (parse + prepare) either passes or
//! returns a located input error; a mutant that passes check also runs (report model,
//! JSON, HTML in both languages) without an error and without NaN or infinity in the
//! outputs — `run` cannot fail on input that `check` accepted.

use kukaku::error::Error;
use kukaku::i18n::Lang;
use kukaku::library::Library;
use kukaku::report;
use std::path::{Path, PathBuf};

/// Values a careless or malicious user writes.
const HOSTILE_NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1e308",
    "-1e308",
    "1.0e-308",
    ".nan",
    ".inf",
    "4294967295",
    "18446744073709551616",
    "1e400",
    "0.5",
    "100000",
];
const HOSTILE_TEXT: &[&str] = &[
    "地域冷暖房",
    "café",
    "\"a[b]'c\\\"\"",
    "\"{{ x }}\"",
    "\"<script>\"",
    "\"\"",
    "&anchor x",
    "*nowhere",
    "!custom x",
    "[[[[[[]]]]]]",
    "{ a: 1, a: 2 }",
    "../../etc/passwd",
];

/// xorshift64: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One to three mutations of a case text: a number or a value replaced by a hostile one,
/// a line duplicated, deleted or cut.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..1 + rng.below(3) {
        let i = rng.below(lines.len());
        let line = lines[i].clone();
        match rng.below(6) {
            0 | 1 => {
                // A number of the line.
                let starts: Vec<usize> = line
                    .char_indices()
                    .filter(|(k, c)| {
                        c.is_ascii_digit()
                            && (*k == 0 || !line.as_bytes()[k - 1].is_ascii_alphanumeric())
                    })
                    .map(|(k, _)| k)
                    .collect();
                if let Some(&s) = starts.get(rng.below(starts.len().max(1))) {
                    let e = line[s..]
                        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                        .map_or(line.len(), |x| s + x);
                    let v = HOSTILE_NUMBERS[rng.below(HOSTILE_NUMBERS.len())];
                    lines[i] = format!("{}{}{}", &line[..s], v, &line[e..]);
                }
            }
            2 | 3 => {
                // The value after a `key:`.
                if let Some(k) = line.find(": ") {
                    let v = HOSTILE_TEXT[rng.below(HOSTILE_TEXT.len())];
                    let end = line[k + 2..]
                        .find([',', '}'])
                        .map_or(line.len(), |x| k + 2 + x);
                    lines[i] = format!("{}{}{}", &line[..k + 2], v, &line[end..]);
                }
            }
            4 => lines.insert(i, line),
            _ => {
                lines.remove(i);
            }
        }
        if lines.is_empty() {
            break;
        }
    }
    lines.join("\n") + "\n"
}

/// A mutant of an imported CSV: values replaced by hostile ones, lines cut or added.
fn mutate_csv(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let i = rng.below(lines.len());
    match rng.below(3) {
        0 => lines[i] = HOSTILE_NUMBERS[rng.below(HOSTILE_NUMBERS.len())].to_string(),
        1 => {
            lines.remove(i);
        }
        _ => lines[i] = "abc".into(),
    }
    lines.join("\n") + "\n"
}

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("landuse_cases")
}

/// The outcome of one mutant; panics are caught by the caller.
fn check_and_run(lib: &Library, path: &Path, text: &str) -> Result<bool, String> {
    let p = path.display().to_string();
    let map = kukaku::case::SourceMap::new(&p, text);
    let case = match kukaku::case::parse(&p, text, lib).and_then(|c| {
        kukaku::pipeline::prepare(lib, &c, &map)?;
        Ok(c)
    }) {
        Ok(c) => c,
        Err(Error::Input(e)) => {
            return if e.line.is_some() || e.file != p {
                Ok(false)
            } else {
                Err(format!("check: input error without a line: {e}"))
            };
        }
        Err(e) => return Err(format!("check: not an input error: {e}")),
    };
    let rep = report::build(lib, &case, &map).map_err(|e| format!("run after check: {e}"))?;
    let json = report::write::json(&rep).map_err(|e| format!("json: {e}"))?;
    let mut texts = vec![json];
    for lang in [Lang::En, Lang::Ja] {
        for (name, bytes) in report::html_files(&rep, lang).map_err(|e| format!("html: {e}"))? {
            texts.push(format!("{name}\n{}", String::from_utf8_lossy(&bytes)));
        }
    }
    for (name, bytes) in report::write::csv_tables(&rep).map_err(|e| format!("csv: {e}"))? {
        texts.push(format!("{name}\n{}", String::from_utf8_lossy(&bytes)));
    }
    for t in &texts {
        for bad in ["NaN", "inf,", "inf\n", ">inf<", "∞"] {
            if t.contains(bad) {
                let name = t.lines().next().unwrap_or_default();
                return Err(format!("`{bad}` in output {name}"));
            }
        }
    }
    Ok(true)
}

#[test]
fn mutants_keep_the_exit_code_contract() {
    let n: usize = std::env::var("KUKAKU_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    let lib = Library::builtin().unwrap();
    // Small cases first: the full run of a mutant that passes check must stay cheap.
    let cases = [
        "small_town.yaml",
        "waste_heat_hospital.yaml",
        "district_a.yaml",
    ];
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(bundled()).unwrap() {
        let p = f.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut ran, mut refused) = (0, 0);
    for i in 0..n {
        let name = cases[i % cases.len()];
        let original = std::fs::read_to_string(bundled().join(name)).unwrap();
        let path = dir.path().join(name);
        // Every tenth mutant mangles an import instead.
        let text = if i % 10 == 9 {
            let csv = if name == "small_town.yaml" {
                "small_town_hall_heating.csv"
            } else {
                "waste_heat_incinerator.csv"
            };
            let orig = std::fs::read_to_string(bundled().join(csv)).unwrap();
            std::fs::write(dir.path().join(csv), mutate_csv(&orig, &mut rng)).unwrap();
            original.clone()
        } else {
            mutate(&original, &mut rng)
        };
        // A district_a mutant that passes check runs five alternatives: check only.
        let outcome = std::panic::catch_unwind(|| {
            if name == "district_a.yaml" {
                let p = path.display().to_string();
                let map = kukaku::case::SourceMap::new(&p, &text);
                match kukaku::case::parse(&p, &text, &lib)
                    .and_then(|c| kukaku::pipeline::prepare(&lib, &c, &map).map(|_| ()))
                {
                    Ok(()) => Ok(false),
                    Err(Error::Input(_)) => Ok(false),
                    Err(e) => Err(format!("check: not an input error: {e}")),
                }
            } else {
                check_and_run(&lib, &path, &text)
            }
        });
        match outcome {
            Ok(Ok(true)) => ran += 1,
            Ok(Ok(false)) => refused += 1,
            Ok(Err(m)) => panic!("mutant {i} of {name}: {m}\n---\n{text}"),
            Err(_) => panic!("mutant {i} of {name} panicked\n---\n{text}"),
        }
        // Restore the imports for the next mutant.
        for csv in ["small_town_hall_heating.csv", "waste_heat_incinerator.csv"] {
            std::fs::copy(bundled().join(csv), dir.path().join(csv)).unwrap();
        }
    }
    eprintln!("{n} mutants: {ran} ran, {refused} refused with a located error");
    assert!(ran > 0 && refused > 0, "the mutator explores both outcomes");
}
