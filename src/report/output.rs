//! The output folder: its name from the case file (Unicode kept, folders of different
//! case files never collide), written atomically and recoverably.
//!
//! A report is written into a temporary folder `.kukaku-new-<pid>-…` beside its target,
//! [`MARKER`] last, then swapped with the previous report in one `renameat2(EXCHANGE)`
//! (where the file system cannot, two renames). A kill at any point leaves the old or the
//! new complete report; the next run in that folder restores a complete report whose
//! target is missing and removes the temporary folders of processes that no longer run.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// Written last into every report folder: the case file it came from and the folder's
/// name. Its presence marks a complete report.
pub const MARKER: &str = ".kukaku-report";
const NEW_PREFIX: &str = ".kukaku-new-";
const OLD_PREFIX: &str = ".kukaku-old-";
/// Longest folder name taken from a case file name or id, characters (a hash is added).
const MAX_NAME_CHARS: usize = 80;

fn rt(what: &str, e: std::io::Error) -> Error {
    Error::Runtime(format!("{what}: {e}"))
}

/// FNV-1a of `s`, 8 hex digits (stable across runs and platforms).
fn short_hash(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:08x}", h as u32)
}

/// A file name for `raw` (a case file's stem, an id): Unicode kept; characters unsafe in
/// file names (path separators, control characters, `<>:"|?*`, a leading `.`, trailing
/// dots and spaces) replaced by `_`. When anything was replaced or cut, a hash of `raw` is
/// appended, so distinct names stay distinct (`a:b` and `a_b`).
pub fn folder_name(raw: &str) -> String {
    let mut out = String::new();
    let mut lossy = false;
    for (i, c) in raw.chars().enumerate() {
        if i == MAX_NAME_CHARS {
            lossy = true;
            break;
        }
        let bad = c.is_control()
            || matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*')
            || (i == 0 && c == '.');
        lossy |= bad;
        out.push(if bad { '_' } else { c });
    }
    let kept = out.trim_end_matches([' ', '.']);
    lossy |= kept.len() != out.len();
    match (kept.is_empty(), lossy) {
        (true, _) => format!("case-{}", short_hash(raw)),
        (false, true) => format!("{kept}-{}", short_hash(raw)),
        (false, false) => kept.to_string(),
    }
}

/// What a report folder's marker says: (case file, folder name).
fn read_marker(dir: &Path) -> Option<(String, String)> {
    let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
    let mut case = None;
    let mut folder = None;
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("case: ") {
            case = Some(v.to_string());
        } else if let Some(v) = line.strip_prefix("folder: ") {
            folder = Some(v.to_string());
        }
    }
    Some((case?, folder?))
}

/// The identity of a case file in markers (its canonical path).
pub fn case_identity(case: &Path) -> String {
    case.canonicalize()
        .unwrap_or_else(|_| case.to_path_buf())
        .display()
        .to_string()
}

/// The report folder of case file `case` in `out`, named `name`: that folder when it is
/// free or holds this case file's report, else `name-<hash of the case path>` (two case
/// files never share a folder). A file or a foreign folder of that name is an error, never
/// moved aside.
pub fn report_dir(out: &Path, name: &str, case: &Path) -> Result<PathBuf> {
    let id = case_identity(case);
    let candidates = [name.to_string(), format!("{name}-{}", short_hash(&id))];
    for c in &candidates {
        let dir = out.join(c);
        let Ok(meta) = std::fs::symlink_metadata(&dir) else {
            return Ok(dir);
        };
        if !meta.is_dir() {
            return Err(Error::Runtime(format!(
                "{} exists and is not a report folder; remove it or give another --out",
                dir.display()
            )));
        }
        match read_marker(&dir) {
            Some((owner, _)) if owner == id => return Ok(dir),
            Some(_) => continue,
            // A report of an earlier kukaku (no marker) is replaced as before.
            None if dir.join("report.json").is_file() => return Ok(dir),
            None => {
                return Err(Error::Runtime(format!(
                    "{} exists and is not a kukaku report folder; remove it or give another --out",
                    dir.display()
                )))
            }
        }
    }
    Err(Error::Runtime(format!(
        "{} and {} hold reports of other case files; give another --out",
        out.join(&candidates[0]).display(),
        out.join(&candidates[1]).display()
    )))
}

fn safe_name(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty() && name != MARKER && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Whether the process `pid` still runs (unknown counts as running).
fn alive(pid: i32) -> bool {
    match rustix::process::Pid::from_raw(pid) {
        Some(p) => !matches!(
            rustix::process::test_kill_process(p),
            Err(rustix::io::Errno::SRCH)
        ),
        None => false,
    }
}

/// The process id in a temporary folder's name (`.kukaku-new-<pid>-…`); `None` for a name
/// of an earlier kukaku (no id).
fn owner_pid(name: &str) -> Option<i32> {
    let rest = name
        .strip_prefix(NEW_PREFIX)
        .or_else(|| name.strip_prefix(OLD_PREFIX))?;
    rest.split('-').next()?.parse().ok()
}

/// Recover and remove what killed runs left in `parent`: a complete report (marker
/// present) whose folder is missing is put back in place (new before old); every other
/// temporary folder of a process that no longer runs is removed.
pub fn clean_leftovers(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut left: Vec<(bool, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let is_new = name.starts_with(NEW_PREFIX);
            if !is_new && !name.starts_with(OLD_PREFIX) {
                return None;
            }
            match owner_pid(&name) {
                Some(pid) if pid as u32 == std::process::id() || alive(pid) => None,
                _ => Some((is_new, e.path())),
            }
        })
        .collect();
    // New folders first: a complete new report wins over the old one.
    left.sort_by_key(|(is_new, p)| (!is_new, p.clone()));
    for (_, path) in left {
        if let Some((_, folder)) = read_marker(&path) {
            let target = parent.join(&folder);
            if safe_name(&folder)
                && !folder.starts_with('.')
                && std::fs::symlink_metadata(&target).is_err()
                && std::fs::rename(&path, &target).is_ok()
            {
                continue;
            }
        }
        let _ = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

/// Swap the folders `a` and `b` in one step; `Ok(false)` when the file system cannot.
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::NOTSUP) => {
            Ok(false)
        }
        Err(e) => Err(rt(
            &format!("replacing {}", b.display()),
            std::io::Error::from(e),
        )),
    }
}

/// Write `files` into `target` atomically for case file `case_id` (see the module doc). A
/// failure or a kill leaves the previous report intact.
pub fn write_dir_atomic(target: &Path, files: &[(String, Vec<u8>)], case_id: &str) -> Result<()> {
    for (name, _) in files {
        if !safe_name(name) {
            return Err(Error::Runtime(format!(
                "refusing to write `{name}` outside the output folder"
            )));
        }
    }
    let folder = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .ok_or_else(|| Error::Runtime(format!("{} names no folder", target.display())))?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|e| rt(&format!("creating {}", parent.display()), e))?;
    clean_leftovers(&parent);
    if let Ok(m) = std::fs::symlink_metadata(target) {
        if !m.is_dir() {
            return Err(Error::Runtime(format!(
                "{} exists and is not a folder; remove it or give another --out",
                target.display()
            )));
        }
    }
    let pid = std::process::id();
    let tmp = tempfile::Builder::new()
        .prefix(&format!("{NEW_PREFIX}{pid}-"))
        .tempdir_in(&parent)
        .map_err(|e| {
            rt(
                &format!("creating a temporary folder in {}", parent.display()),
                e,
            )
        })?;
    let marker = format!("kukaku report folder\ncase: {case_id}\nfolder: {folder}\n");
    let marker_file = (MARKER.to_string(), marker.into_bytes());
    for (name, bytes) in files.iter().chain(std::iter::once(&marker_file)) {
        let path = tmp.path().join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| rt(&format!("creating {}", dir.display()), e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| rt(&format!("writing {}", path.display()), e))?;
    }
    // From here the temporary folder holds a complete report: keep it if we are killed.
    let tmp_path = tmp.keep();
    let cleanup = |p: &Path| {
        let _ = std::fs::remove_dir_all(p);
    };
    if std::fs::symlink_metadata(target).is_err() {
        return std::fs::rename(&tmp_path, target).map_err(|e| {
            cleanup(&tmp_path);
            rt(&format!("creating {}", target.display()), e)
        });
    }
    match exchange(&tmp_path, target) {
        Ok(true) => {
            // The temporary folder now holds the previous report.
            cleanup(&tmp_path);
            Ok(())
        }
        Ok(false) => {
            // Two renames; a kill between them is recovered by the next run.
            let old = parent.join(format!(
                "{OLD_PREFIX}{pid}-{}",
                tmp_path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default()
            ));
            std::fs::rename(target, &old).map_err(|e| {
                cleanup(&tmp_path);
                rt(
                    &format!("moving the previous {} aside", target.display()),
                    e,
                )
            })?;
            if let Err(e) = std::fs::rename(&tmp_path, target) {
                let _ = std::fs::rename(&old, target);
                cleanup(&tmp_path);
                return Err(rt(&format!("replacing {}", target.display()), e));
            }
            cleanup(&old);
            Ok(())
        }
        Err(e) => {
            cleanup(&tmp_path);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_unicode_and_stay_distinct() {
        assert_eq!(folder_name("駅前"), "駅前");
        assert_eq!(folder_name("東京"), "東京");
        assert_eq!(folder_name("district_a"), "district_a");
        assert_ne!(folder_name("a b"), folder_name("a;b"));
        assert_ne!(folder_name("a:b"), folder_name("a_b"));
        assert_ne!(folder_name("a:b"), folder_name("a?b"));
        for bad in ["..", ".", "", "a/b", "a\\b", "x\u{0}y", ".hidden", "a. "] {
            let n = folder_name(bad);
            assert!(safe_name(&n) && !n.starts_with('.'), "{bad:?} → {n:?}");
        }
        assert!(folder_name(&"長".repeat(1000)).chars().count() <= MAX_NAME_CHARS + 9);
    }

    #[test]
    fn names_cannot_escape_the_folder() {
        assert!(safe_name("index.html"));
        assert!(safe_name("alt/a.html"));
        assert!(!safe_name("../x.html"));
        assert!(!safe_name("/etc/passwd"));
        assert!(!safe_name(""));
        assert!(!safe_name(MARKER));
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let e = write_dir_atomic(&target, &[("../evil".into(), vec![])], "c").unwrap_err();
        assert!(e.to_string().contains("outside"));
        assert!(!target.exists());
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_previous_folder_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("case");
        let files = [
            ("a.txt".to_string(), b"1".to_vec()),
            ("old.txt".to_string(), b"x".to_vec()),
        ];
        write_dir_atomic(&target, &files, "c").unwrap();
        write_dir_atomic(&target, &[("a.txt".into(), b"2".to_vec())], "c").unwrap();
        assert_eq!(std::fs::read(target.join("a.txt")).unwrap(), b"2");
        assert!(!target.join("old.txt").exists());
        assert_eq!(entries(dir.path()), ["case"]);
    }

    #[test]
    fn case_files_do_not_share_a_folder_and_files_are_not_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (
            dir.path().join("x/case.yaml"),
            dir.path().join("y/case.yaml"),
        );
        let out = dir.path().join("out");
        let da = report_dir(&out, "case", &a).unwrap();
        write_dir_atomic(&da, &[("r".into(), vec![])], &case_identity(&a)).unwrap();
        assert_eq!(report_dir(&out, "case", &a).unwrap(), da);
        let db = report_dir(&out, "case", &b).unwrap();
        assert_ne!(db, da);
        std::fs::write(out.join("file"), b"mine").unwrap();
        assert!(report_dir(&out, "file", &a).is_err());
        assert!(write_dir_atomic(&out.join("file"), &[], "c").is_err());
        assert_eq!(std::fs::read(out.join("file")).unwrap(), b"mine");
        std::fs::create_dir(out.join("photos")).unwrap();
        assert!(report_dir(&out, "photos", &a).is_err());
    }

    #[test]
    fn leftovers_of_killed_runs_are_recovered_or_removed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        // A killed run between the two renames: the new report complete, the old aside.
        let dead = i32::MAX - 1;
        for (prefix, content) in [(NEW_PREFIX, "new"), (OLD_PREFIX, "old")] {
            let d = p.join(format!("{prefix}{dead}-x"));
            std::fs::create_dir(&d).unwrap();
            std::fs::write(d.join("a.txt"), content).unwrap();
            std::fs::write(d.join(MARKER), "case: c\nfolder: case\n").unwrap();
        }
        // A half-written folder and one of an earlier kukaku (no process id).
        std::fs::create_dir(p.join(format!("{NEW_PREFIX}{dead}-y"))).unwrap();
        std::fs::create_dir(p.join(format!("{NEW_PREFIX}abc"))).unwrap();
        clean_leftovers(p);
        assert_eq!(entries(p), ["case"]);
        assert_eq!(std::fs::read(p.join("case/a.txt")).unwrap(), b"new");
    }
}
