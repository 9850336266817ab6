//! Regression tests of issue 12 (hostile input and large districts): every example of the
//! issue, run through the real binary. `check` and `run` agree; bad input exits 2 with a
//! located message, never a panic, an abort or a hang; outputs hold no NaN; report folders
//! survive kills and never collide.

mod common;
use assert_cmd::Command;
use common::GOOD;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The longest any of these commands may take: hostile input must be refused quickly.
const PATIENCE: Duration = Duration::from_secs(60);

fn kukaku() -> Command {
    let mut c = Command::cargo_bin("kukaku").unwrap();
    c.timeout(PATIENCE);
    c
}

/// A case folder with `case.yaml` (and extra files).
fn folder(yaml: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.yaml");
    std::fs::write(&path, yaml).unwrap();
    for (n, t) in files {
        std::fs::write(dir.path().join(n), t).unwrap();
    }
    (dir, path)
}

/// (exit code, stderr) of `kukaku ARGS`.
fn exec(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let o = kukaku().args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

/// `check` and `run` both refuse the case with exit 2 and a message holding `fragments`.
fn refused(yaml: &str, files: &[(&str, &str)], fragments: &[&str]) {
    let (dir, path) = folder(yaml, files);
    let out = dir.path().join("out");
    let check: Vec<&std::ffi::OsStr> = vec!["check".as_ref(), path.as_os_str()];
    let run: Vec<&std::ffi::OsStr> = vec![
        "run".as_ref(),
        path.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    for args in [check, run] {
        let (code, err) = exec(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        for f in fragments {
            assert!(err.contains(f), "`{f}` missing from: {err}");
        }
    }
    assert!(!out.exists(), "a refused run writes nothing");
}

/// `check` passes and `run` writes a report without NaN or infinity; returns the folder.
fn accepted(yaml: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = folder(yaml, files);
    let out = dir.path().join("out");
    let (code, err) = exec(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(code, 0, "check: {err}");
    let (code, err) = exec(&[
        "run".as_ref(),
        path.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "run: {err}");
    let report = out.join("case");
    for e in std::fs::read_dir(&report).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        for bad in ["NaN", "inf %", "∞"] {
            assert!(!text.contains(bad), "{} holds {bad}", p.display());
        }
    }
    (dir, report)
}

fn with_system(system: &str) -> String {
    format!("{GOOD}    systems:\n      - {system}\n")
}

fn with_source(fields: &str) -> String {
    GOOD.replace(
        "alternatives:",
        &format!("sources:\n  - {{ id: f, temperature: hot_water_80, delivery: containers, distance_km: 10, available_kw: 3000{fields} }}\nalternatives:"),
    ) + "    systems:\n      - { id: dhc, kind: dhc, sources: [f] }\n"
}

fn with_measured(file: &str) -> String {
    GOOD.replace(
        "alternatives:",
        &format!("uses:\n  hall:\n    like: office\n    measured:\n      heating: {{ file: {file} }}\nalternatives:"),
    )
    .replace("use: hotel", "use: hall")
}

#[test]
fn unicode_and_markup_ids_render() {
    let (_d, report) = accepted(
        &with_system("{ id: 地域冷暖房, kind: dhc }")
            .replace("use: hotel", "use: café")
            .replace("id: base", "id: \"基本案 [a] \\\"b\\\" 'c'\"")
            .replace(
                "alternatives:",
                "uses:\n  café: { like: office }\n  \"x[0]'\\\"\": { like: hotel }\nalternatives:",
            )
            .replace("use: office", "use: \"x[0]'\\\"\""),
        &[],
    );
    let index = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert!(index.contains("基本案"));
    let pages = std::fs::read_dir(&report)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("alt-")
        })
        .count();
    assert_eq!(pages, 1);
}

#[test]
fn counts_are_bounded_before_allocating() {
    for (fields, field) in [
        (", containers: 4294967295", "sources[0].containers"),
        (", drivers: 4294967295", "sources[0].drivers"),
        (", drivers: 100000", "sources[0].drivers"),
    ] {
        refused(
            &with_source(fields),
            &[],
            &["case.yaml:5:", field, "limits"],
        );
    }
    let long = GOOD.replace("id: base", &format!("id: {}", "x".repeat(1_000_000)));
    refused(&long, &[], &["case.yaml:5:9:", "at most 200 characters"]);
    // Deeply nested flow lists in a field that takes any YAML: refused at once.
    let nested = with_system(&format!(
        "{{ id: d, kind: dhc, cooling: {}{} }}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    ));
    let t = std::time::Instant::now();
    refused(&nested, &[], &["case.yaml:15:", "systems"]);
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
}

#[test]
fn numbers_are_finite_and_in_range() {
    refused(
        &with_system("{ id: d, kind: dhc, buildup: { takeup: 1.0e-308 } }"),
        &[],
        &["systems[0].buildup.takeup", "[0.01, 1]"],
    );
    for b in ["1e308", "-5", ".nan", "0"] {
        refused(
            &with_system(&format!("{{ id: d, kind: dhc, buildings: {b} }}")),
            &[],
            &[":15:", "systems[0].buildings"],
        );
    }
    refused(
        &GOOD.replace("use: hotel", "uses: { hotel: 1e308, office: 1e308 }"),
        &[],
        &[":13:", "parcels[1].uses.hotel", "1000000"],
    );
    refused(
        &with_measured("m.csv"),
        &[("m.csv", &"1e308\n".repeat(12))],
        &[
            "m.csv:1:",
            "1e308",
            "uses.hall.measured.heating.file",
            "case.yaml:8:",
        ],
    );
    refused(
        &with_source("").replace("available_kw: 3000", "available_kw: 1e300"),
        &[],
        &["sources[0].available_kw", "kW"],
    );
}

#[test]
fn weather_files_are_checked() {
    let cluster = |file: &str| {
        with_system(&format!(
            "{{ id: s, kind: solar_cluster, cluster: {{ weather_{file} }} }}"
        ))
        .replace("use: hotel", "use: housing\n        dwellings: 100")
    };
    let epw_head = "LOCATION,Tokyo,-,JPN,x,0,35.7,139.8,NaN,5\n";
    refused(
        &cluster("epw: w.epw"),
        &[("w.epw", epw_head)],
        &["w.epw:1:", "LOCATION.time_zone", "weather_epw"],
    );
    for (row, field) in [
        ("NaN", "ghi_w_m2"),
        ("-5", "ghi_w_m2"),
        ("100,inf", "temp_c"),
    ] {
        let head = if field == "temp_c" {
            "ghi_w_m2,temp_c\n"
        } else {
            "ghi_w_m2\n"
        };
        refused(
            &cluster("csv: w.csv"),
            &[("w.csv", &format!("{head}{row}\n"))],
            &["w.csv:2:", field, "weather_csv"],
        );
    }
}

#[test]
fn imports_are_confined_and_never_echoed() {
    let secret = "root:x:0:0:SECRET\n12SECRET\n";
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("cases");
    std::fs::create_dir(&inner).unwrap();
    std::fs::write(dir.path().join("secret.csv"), secret).unwrap();
    let path = inner.join("case.yaml");
    for file in ["../secret.csv", "/etc/passwd"] {
        std::fs::write(&path, with_measured(file)).unwrap();
        let (code, err) = exec(&["check".as_ref(), path.as_os_str()]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("--allow-outside-imports"), "{err}");
        assert!(err.contains("case.yaml:8:"), "{err}");
        assert!(!err.contains("SECRET") && !err.contains("root:"), "{err}");
    }
    // A symbolic link leading out is refused as well.
    std::os::unix::fs::symlink(dir.path().join("secret.csv"), inner.join("link.csv")).unwrap();
    std::fs::write(&path, with_measured("link.csv")).unwrap();
    let (code, err) = exec(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("SECRET"), "{err}");
    // Allowed on request; the content is still not echoed.
    std::fs::write(&path, with_measured("../secret.csv")).unwrap();
    let (code, err) = exec(&[
        "check".as_ref(),
        "--allow-outside-imports".as_ref(),
        path.as_os_str(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("secret.csv:2:") && !err.contains("SECRET"),
        "{err}"
    );
}

#[test]
fn a_fifo_is_not_read() {
    let (dir, path) = folder(&with_measured("fifo.csv"), &[]);
    let fifo = dir.path().join("fifo.csv");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let (code, err) = exec(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    let (code, err) = exec(&["check".as_ref(), fifo.as_os_str()]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn csv_errors_name_the_line_and_the_field() {
    let field = "uses.hall.measured.heating.file";
    refused(
        &with_measured("m.csv"),
        &[("m.csv", &"1\n".repeat(11))],
        &["m.csv:11:", "found 11 values", field],
    );
    // A bad first value is not a header.
    refused(
        &with_measured("m.csv"),
        &[("m.csv", &format!("1x\n{}", "1\n".repeat(11)))],
        &["m.csv:1:", "not a number", field],
    );
    // A real header is.
    accepted(
        &with_measured("m.csv"),
        &[("m.csv", &format!("kwh\n{}", "1\n".repeat(12)))],
    );
}

#[test]
fn yaml_locations_survive_anchors_tags_and_duplicates() {
    refused(
        &GOOD.replace("far_pct: 400", "far_pct: 400\n        far_pct: 300"),
        &[],
        &["case.yaml:10:9:", "duplicate key `far_pct`"],
    );
    refused(
        &GOOD
            .replace("use: office", "use: &u office")
            .replace("use: hotel", "use: *u\n        far_pc: 1"),
        &[],
        &["case.yaml:14:9:", "far_pc"],
    );
    refused(
        &GOOD.replace("far_pct: 400", "far_pct: !custom 400"),
        &[],
        &["case.yaml:9:"],
    );
    refused(
        &format!("{GOOD}---\nname: two\n"),
        &[],
        &["case.yaml:14:1:", "second YAML document"],
    );
}

#[test]
fn command_line_numbers_are_bounded() {
    let (code, err) = exec(&[
        "mix".as_ref(),
        "office:1e308".as_ref(),
        "hotel:1e308".as_ref(),
    ]);
    assert_eq!(code, 2, "{err}");
    let (_d, path) = folder(GOOD, &[]);
    let (code, err) = exec(&[
        "sweep".as_ref(),
        path.as_os_str(),
        "--alternative".as_ref(),
        "base".as_ref(),
        "--far".as_ref(),
        "50:400:1e-300".as_ref(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("at most 10000"), "{err}");
}

fn run_into(case: &Path, out: &Path) -> i32 {
    kukaku()
        .arg("run")
        .arg(case)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
        .status
        .code()
        .unwrap_or(-1)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn output_folders_never_collide() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for name in ["駅前.yaml", "東京.yaml", "a b.yaml", "a;b.yaml", "a:b.yaml"] {
        let p = dir.path().join(name);
        std::fs::write(&p, GOOD).unwrap();
        assert_eq!(run_into(&p, &out), 0, "{name}");
    }
    // Same name, another folder: its own report folder.
    std::fs::create_dir(dir.path().join("x")).unwrap();
    let other = dir.path().join("x/駅前.yaml");
    std::fs::write(&other, GOOD).unwrap();
    assert_eq!(run_into(&other, &out), 0);
    let n = names(&out);
    assert_eq!(n.len(), 6, "{n:?}");
    for want in ["駅前", "東京", "a b", "a;b"] {
        assert!(n.iter().any(|x| x == want), "{want} in {n:?}");
    }
    // A regular file with the report folder's name is not moved aside.
    let (_d, case) = folder(GOOD, &[]);
    std::fs::write(out.join("case"), "mine").unwrap();
    assert_eq!(run_into(&case, &out), 1);
    assert_eq!(std::fs::read_to_string(out.join("case")).unwrap(), "mine");
}

/// A report folder is complete: its marker is there and every file of a full run.
fn complete(report: &Path, expected: &[String]) -> bool {
    names(report) == expected
}

#[test]
fn a_killed_run_leaves_a_complete_report() {
    let (dir, case) = folder(GOOD, &[]);
    let out = dir.path().join("out");
    let report = out.join("case");
    assert_eq!(run_into(&case, &out), 0);
    let expected = names(&report);
    assert!(expected.iter().any(|n| n == ".kukaku-report"));
    let bin = assert_cmd::cargo::cargo_bin("kukaku");
    // Time of one run, to spread the kills over it.
    let t = std::time::Instant::now();
    assert_eq!(run_into(&case, &out), 0);
    let span = t.elapsed().as_micros() as u64 + 1;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..24 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % span);
        let mut child = std::process::Command::new(&bin)
            .arg("run")
            .arg(&case)
            .arg("--out")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        let _ = child.wait();
        assert!(
            complete(&report, &expected),
            "kill {i} after {delay:?}: {:?}",
            names(&report)
        );
    }
    // The next run removes what the killed runs left.
    assert_eq!(run_into(&case, &out), 0);
    assert_eq!(names(&out), ["case"]);
    assert!(complete(&report, &expected));
}
