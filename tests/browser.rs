//! Real-browser test of the HTML reports: every page of every bundled case (and of a case
//! written from scratch) in both languages is opened in headless Chromium, which must
//! report no console error, no exception and no network request (the reports are
//! self-contained); every figure must hold a rendered chart; no chart text may overlap
//! other chart text or leave its chart; nothing may overflow the page at A4 width, on
//! screen and in print layout; Japanese text must have a font. Each page is screenshot
//! (full page) and printed to PDF (A4).
//!
//! When it runs: always when `KUKAKU_BROWSER_TESTS=1` (and then a missing browser is a
//! FAILURE, so CI cannot silently skip it), otherwise only if a Chromium is found
//! (`KUKAKU_CHROMIUM`, `/usr/bin/chromium`, or `chromium`/`chromium-browser`/
//! `google-chrome` on PATH). Debian: `apt-get install -y chromium fonts-noto-cjk`.
//!
//! Screenshots and PDFs go to `target/tmp/browser-shots/<case>-<lang>/` (never into the
//! repository): look at them.
//!
//! The browser is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
//! NUL-separated JSON on file descriptors 3 and 4), so no WebSocket client or browser
//! download is needed.

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
];

/// A4 portrait at 96 dpi: 210 mm = 794 px wide; printable width with 15 mm margins = 680 px.
const A4_PX: (u32, u32) = (794, 1123);
const A4_PRINTABLE_PX: u32 = 680;

use kukaku::report::pdf::find_browser;

struct Browser {
    child: Child,
    to: std::io::PipeWriter,
    rx: Receiver<Value>,
    next_id: u64,
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(exe: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        // fd 3: commands to the browser; fd 4: its replies and events.
        let (cmd_r, cmd_w) = std::io::pipe().unwrap();
        let (ev_r, ev_w) = std::io::pipe().unwrap();
        let (a, b) = (cmd_r.as_raw_fd(), ev_w.as_raw_fd());
        let mut c = Command::new(exe);
        c.args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (fcntl, dup2) between fork and exec.
        unsafe {
            c.pre_exec(move || {
                // Move both ends above 4 first so the dup2 calls cannot clobber each other.
                let a2 = libc::fcntl(a, libc::F_DUPFD, 10);
                let b2 = libc::fcntl(b, libc::F_DUPFD, 10);
                if a2 < 0 || b2 < 0 || libc::dup2(a2, 3) < 0 || libc::dup2(b2, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = c.spawn().expect("starting the browser");
        drop(cmd_r);
        drop(ev_w);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut r = ev_r;
            let mut buf = vec![];
            let mut chunk = [0u8; 65536];
            loop {
                let n = match r.read(&mut chunk) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                buf.extend_from_slice(&chunk[..n]);
                while let Some(i) = buf.iter().position(|&b| b == 0) {
                    let msg: Vec<u8> = buf.drain(..=i).collect();
                    if let Ok(v) = serde_json::from_slice::<Value>(&msg[..msg.len() - 1]) {
                        if tx.send(v).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Browser {
            child,
            to: cmd_w,
            rx,
            next_id: 0,
            events: vec![],
            _profile: profile,
        }
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).expect("writing to the browser");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(v) if v.get("id").and_then(Value::as_u64) == Some(id) => {
                    if let Some(e) = v.get("error") {
                        panic!("{method} failed: {e}");
                    }
                    return v["result"].clone();
                }
                Ok(v) => self.events.push(v),
                Err(RecvTimeoutError::Timeout) => panic!("{method}: no reply within 60 s"),
                Err(RecvTimeoutError::Disconnected) => panic!("{method}: the browser exited"),
            }
        }
    }

    fn wait_event(&mut self, method: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(i) = self.events.iter().position(|e| e["method"] == method) {
                self.events.remove(i);
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(v) => self.events.push(v),
                Err(_) => panic!("no {method} within {timeout:?}"),
            }
        }
    }

    /// Drain pending messages without blocking for long.
    fn settle(&mut self) {
        while let Ok(v) = self.rx.recv_timeout(Duration::from_millis(150)) {
            self.events.push(v);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn b64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes() {
        let Some(v) = val(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Layout checks run inside the page; returns a JSON string.
const CHECKS_JS: &str = r#"((PRINTABLE_HEIGHT_PX) => {
  const out = { svgs: 0, svgs_rendered: 0, figures: [], figures_without_chart: [], captions_missing: [],
                overflow_x: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                text_overlaps: [], text_outside: [], wide_elements: [], cjk_font: null };
  const svgs = [...document.querySelectorAll('svg')];
  out.svgs = svgs.length;
  svgs.forEach((s, i) => {
    const r = s.getBoundingClientRect();
    if (r.width > 100 && r.height > 60) out.svgs_rendered++;
    const texts = [...s.querySelectorAll('text')]
      .map(t => ({ t: t.textContent, r: t.getBoundingClientRect() }))
      .filter(x => x.t.trim() && x.r.width > 0);
    const id = (s.closest('figure') || {}).id || ('svg' + i);
    for (const x of texts) {
      if (x.r.left < r.left - 1 || x.r.right > r.right + 1 || x.r.top < r.top - 1 || x.r.bottom > r.bottom + 1)
        out.text_outside.push([id, x.t]);
    }
    for (let a = 0; a < texts.length; a++) for (let b = a + 1; b < texts.length; b++) {
      const A = texts[a].r, B = texts[b].r;
      const w = Math.min(A.right, B.right) - Math.max(A.left, B.left);
      const h = Math.min(A.bottom, B.bottom) - Math.max(A.top, B.top);
      if (w > 1 && h > 4) out.text_overlaps.push([id, texts[a].t, texts[b].t]);
    }
  });
  for (const f of document.querySelectorAll('figure')) {
    out.figures.push(f.id);
    const s = f.querySelector('svg');
    if (!s || s.getBoundingClientRect().width < 100) out.figures_without_chart.push(f.id);
    const c = f.querySelector('figcaption');
    if (!c || !c.textContent.trim()) out.captions_missing.push(f.id);
  }
  for (const t of document.querySelectorAll('table')) {
    const c = t.querySelector('caption');
    if (!c || !c.textContent.trim()) out.captions_missing.push(t.id || 'table');
  }
  const main = document.querySelector('main').getBoundingClientRect();
  for (const el of document.querySelectorAll('main table, main figure, main svg, main p, main h1, main h2, main li')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > main.right + 1) out.wide_elements.push((el.id || el.tagName) + ':' + Math.round(r.right - main.right));
  }
  // Print: headings and table captions keep with what follows, figure captions with their
  // chart, rows and figures never split,
  // and no figure is taller than the printable A4 height (it would split from its caption).
  out.loose_breaks = [...document.querySelectorAll('main h2, main h3, caption')]
    .filter(e => getComputedStyle(e).breakAfter !== 'avoid')
    .concat([...document.querySelectorAll('main figcaption')].filter(e => getComputedStyle(e).breakBefore !== 'avoid'))
    .map(e => e.tagName + ':' + e.textContent.slice(0, 30));
  out.splittable = [...document.querySelectorAll('main figure, main tr')]
    .filter(e => getComputedStyle(e).breakInside !== 'avoid').map(e => e.id || e.tagName).slice(0, 5);
  out.tall_figures = [...document.querySelectorAll('main figure')]
    .filter(e => e.getBoundingClientRect().height > PRINTABLE_HEIGHT_PX).map(e => e.id);
  out.header_rows_repeat = [...document.querySelectorAll('main thead')]
    .every(e => getComputedStyle(e).display === 'table-header-group');
  if (document.documentElement.lang === 'ja') {
    // Two different kanji draw differently with a real font and as the same box without.
    const draw = ch => {
      const c = document.createElement('canvas'); c.width = 40; c.height = 40;
      const x = c.getContext('2d');
      x.font = '28px ' + getComputedStyle(document.body).fontFamily;
      x.fillText(ch, 4, 32);
      return x.getImageData(0, 0, 40, 40).data.join(',');
    };
    out.cjk_font = draw('同') !== draw('時');
  }
  return JSON.stringify(out);
})(1010)"#;

struct PageResult {
    problems: Vec<String>,
    figures: usize,
    /// A4 pages of the printed page.
    pdf_pages: usize,
}

/// Most A4 pages an alternative's page may print to: a guard against layout regressions at
/// the longest bundled page (the waste-heat case's 15–16 pages; District A's pages print
/// to 9–14, District B's to 13–15). The issue's aim is under 12.
const MAX_ALT_PAGES: usize = 18;

fn check_page(br: &mut Browser, session: &str, url: &str, shot: &Path) -> PageResult {
    let mut problems = vec![];
    br.events.clear();
    br.call(
        Some(session),
        "Emulation.setEmulatedMedia",
        json!({ "media": "screen" }),
    );
    br.call(
        Some(session),
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": A4_PX.0, "height": A4_PX.1, "deviceScaleFactor": 1, "mobile": false }),
    );
    br.call(Some(session), "Page.navigate", json!({ "url": url }));
    br.wait_event("Page.loadEventFired", Duration::from_secs(30));
    br.settle();
    for e in &br.events {
        let m = e["method"].as_str().unwrap_or_default();
        let p = &e["params"];
        match m {
            "Runtime.exceptionThrown" => {
                problems.push(format!("exception: {}", p["exceptionDetails"]))
            }
            "Runtime.consoleAPICalled"
                if matches!(p["type"].as_str(), Some("error" | "assert")) =>
            {
                problems.push(format!("console error: {}", p["args"]))
            }
            "Log.entryAdded" if p["entry"]["level"] == "error" => {
                problems.push(format!("log error: {}", p["entry"]["text"]))
            }
            "Network.requestWillBeSent" => {
                let u = p["request"]["url"].as_str().unwrap_or_default();
                if !(u.starts_with("file:") || u.starts_with("data:") || u.starts_with("about:")) {
                    problems.push(format!(
                        "network request (reports must be self-contained): {u}"
                    ));
                }
            }
            "Network.loadingFailed" => problems.push(format!("load failed: {p}")),
            _ => {}
        }
    }
    let eval = |br: &mut Browser| -> Value {
        let r = br.call(
            Some(session),
            "Runtime.evaluate",
            json!({ "expression": CHECKS_JS, "returnByValue": true }),
        );
        if let Some(ex) = r.get("exceptionDetails") {
            panic!("check script failed: {ex}");
        }
        serde_json::from_str(r["result"]["value"].as_str().unwrap()).unwrap()
    };
    let screen = eval(br);
    let figures = screen["figures"].as_array().map_or(0, Vec::len);
    let svgs = screen["svgs"].as_u64().unwrap_or(0);
    if screen["svgs_rendered"].as_u64() != Some(svgs) {
        problems.push(format!("charts not rendered: {screen}"));
    }
    for k in [
        "figures_without_chart",
        "captions_missing",
        "text_overlaps",
        "text_outside",
        "wide_elements",
    ] {
        if screen[k].as_array().is_some_and(|a| !a.is_empty()) {
            problems.push(format!("screen {k}: {}", screen[k]));
        }
    }
    if screen["overflow_x"].as_i64().unwrap_or(0) > 0 {
        problems.push(format!(
            "page scrolls sideways by {} px",
            screen["overflow_x"]
        ));
    }
    if screen["cjk_font"] == json!(false) {
        problems.push("no font for Japanese text (install fonts-noto-cjk)".into());
    }
    // Full-page screenshot at A4 width.
    let m = br.call(Some(session), "Page.getLayoutMetrics", json!({}));
    let h = m["cssContentSize"]["height"]
        .as_f64()
        .unwrap_or(1000.0)
        .ceil();
    let png = br.call(
        Some(session),
        "Page.captureScreenshot",
        json!({ "format": "png", "captureBeyondViewport": true,
                "clip": { "x": 0, "y": 0, "width": A4_PX.0, "height": h, "scale": 1 } }),
    );
    let bytes = b64(png["data"].as_str().unwrap_or_default());
    if !bytes.starts_with(b"\x89PNG") {
        problems.push("screenshot is not a PNG".into());
    }
    std::fs::write(shot, &bytes).unwrap();
    // Print layout at the printable width of A4: nothing may be wider than the page.
    br.call(
        Some(session),
        "Emulation.setEmulatedMedia",
        json!({ "media": "print" }),
    );
    br.call(
        Some(session),
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": A4_PRINTABLE_PX, "height": A4_PX.1, "deviceScaleFactor": 1, "mobile": false }),
    );
    let print = eval(br);
    if print["header_rows_repeat"] != json!(true) {
        problems.push("print: table header rows do not repeat on each page".into());
    }
    for k in [
        "figures_without_chart",
        "text_outside",
        "wide_elements",
        "loose_breaks",
        "splittable",
        "tall_figures",
    ] {
        if print[k].as_array().is_some_and(|a| !a.is_empty()) {
            problems.push(format!("print {k}: {}", print[k]));
        }
    }
    if print["overflow_x"].as_i64().unwrap_or(0) > 0 {
        problems.push(format!(
            "print layout overflows by {} px",
            print["overflow_x"]
        ));
    }
    br.call(
        Some(session),
        "Emulation.clearDeviceMetricsOverride",
        json!({}),
    );
    let pdf = br.call(
        Some(session),
        "Page.printToPDF",
        json!({ "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": true,
                "printBackground": true }),
    );
    let pdf = b64(pdf["data"].as_str().unwrap_or_default());
    let text = String::from_utf8_lossy(&pdf);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    if !pdf.starts_with(b"%PDF") || pages == 0 {
        problems.push(format!(
            "print to PDF failed ({} bytes, {pages} pages)",
            pdf.len()
        ));
    }
    std::fs::write(shot.with_extension("pdf"), &pdf).unwrap();
    PageResult {
        problems,
        figures,
        pdf_pages: pages,
    }
}

/// A case written from scratch for this test: a user-defined use, a measured-free
/// alternative without systems and one with systems, odd names.
const SCRATCH_CASE: &str = r#"
name: "Riverside <test> & \"scratch\" district"
name_ja: 河川沿い地区（テスト）
description: A case the reports have never seen, written for the browser test.
region: kanto
district:
  gross_area_ha: 12
alternatives:
  - id: offices
    name: "Offices & a clinic"
    parcels:
      - { id: east, site_area_ha: 2.0, far_pct: 500, uses: { office: 0.8, hospital: 0.2 } }
      - { id: west, site_area_ha: 2.5, far_pct: 300, use: housing, dwellings: 300 }
    systems:
      - { id: individual, kind: individual }
      - { id: dhc, kind: dhc }
      - { id: dhc_slow, kind: dhc, buildup: { takeup: 0.6 } }
  - id: sports_park
    name: "Sports park variant (no supply options)"
    parcels:
      - { id: park, site_area_ha: 3.0, far_pct: 150, uses: { sports: 0.5, retail: 0.5 } }
"#;

fn write_reports(out: &Path, case: &Path, lang: &str) -> PathBuf {
    let st = Command::new(env!("CARGO_BIN_EXE_kukaku"))
        .args(["run"])
        .arg(case)
        .args(["--lang", lang, "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success(), "kukaku run {} failed", case.display());
    let stem = case.file_stem().unwrap().to_string_lossy().to_string();
    out.join(stem)
}

#[test]
fn reports_render_in_a_real_browser() {
    let required = std::env::var("KUKAKU_BROWSER_TESTS").is_ok_and(|v| v == "1");
    let Some(exe) = find_browser() else {
        assert!(
            !required,
            "KUKAKU_BROWSER_TESTS=1 but no Chromium found (install Debian's `chromium`, or set KUKAKU_CHROMIUM)"
        );
        eprintln!("browser test skipped: no Chromium (set KUKAKU_BROWSER_TESTS=1 to require it)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let scratch = tmp.path().join("scratch_riverside.yaml");
    std::fs::write(&scratch, SCRATCH_CASE).unwrap();
    let mut cases = bundled_cases();
    cases.push(scratch);
    let shots_root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-shots");
    let mut br = Browser::launch(&exe);
    let target = br.call(None, "Target.createTarget", json!({ "url": "about:blank" }));
    let tid = target["targetId"].as_str().unwrap().to_string();
    let att = br.call(
        None,
        "Target.attachToTarget",
        json!({ "targetId": tid, "flatten": true }),
    );
    let session = att["sessionId"].as_str().unwrap().to_string();
    for m in [
        "Page.enable",
        "Runtime.enable",
        "Log.enable",
        "Network.enable",
    ] {
        br.call(Some(&session), m, json!({}));
    }
    let mut failures = vec![];
    let mut page_counts = vec![];
    let mut pages = 0;
    for case in &cases {
        for lang in ["en", "ja"] {
            let dir = write_reports(&tmp.path().join(format!("out-{lang}")), case, lang);
            let stem = dir.file_name().unwrap().to_string_lossy().to_string();
            let shots = shots_root.join(format!("{stem}-{lang}"));
            std::fs::create_dir_all(&shots).unwrap();
            let mut html: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "html"))
                .collect();
            html.sort();
            assert!(
                html.len() >= 3,
                "{stem}: expected index, comparison and pages"
            );
            for page in html {
                let name = page.file_name().unwrap().to_string_lossy().to_string();
                let url = format!("file://{}", page.display());
                let shot = shots.join(name.replace(".html", ".png"));
                let r = check_page(&mut br, &session, &url, &shot);
                pages += 1;
                // Every alternative page carries the load, mixing and viability charts.
                if name.starts_with("alt-") && r.figures < 8 {
                    failures.push(format!("{stem}/{lang}/{name}: only {} figures", r.figures));
                }
                if name.starts_with("alt-") && r.pdf_pages > MAX_ALT_PAGES {
                    failures.push(format!(
                        "{stem}/{lang}/{name}: prints to {} A4 pages (at most {MAX_ALT_PAGES})",
                        r.pdf_pages
                    ));
                }
                page_counts.push(format!("{stem}/{lang}/{name}: {}", r.pdf_pages));
                for p in r.problems {
                    failures.push(format!("{stem}/{lang}/{name}: {p}"));
                }
            }
        }
    }
    eprintln!("A4 pages per printed page:\n{}", page_counts.join("\n"));
    eprintln!(
        "browser test: {pages} pages checked; screenshots and PDFs in {}",
        shots_root.display()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One element of a tagged PDF's structure tree (Chromium tags what it prints: `H1`–`H6`,
/// `Caption`, `Table`, `TR`, `TH`, `TD`, `Figure`, `Art` for `<article>`, …).
struct Tag {
    kind: String,
    parent: Option<usize>,
    children: Vec<usize>,
    /// Pages (1-based) of the marked content directly under this element.
    own_pages: Vec<u32>,
}

/// The structure tree of a PDF and its marked content in document order (page, element).
struct Tagged {
    tags: Vec<Tag>,
    leaves: Vec<(u32, usize)>,
    pages: u32,
}

impl Tagged {
    fn read(pdf: &[u8]) -> Tagged {
        use lopdf::Object;
        let doc = lopdf::Document::load_mem(pdf).expect("reading the PDF");
        let page_no: std::collections::HashMap<lopdf::ObjectId, u32> =
            doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
        let mut t = Tagged {
            tags: vec![],
            leaves: vec![],
            pages: page_no.len() as u32,
        };
        let root = doc
            .catalog()
            .unwrap()
            .get(b"StructTreeRoot")
            .expect("a tagged PDF");
        let root = doc.dereference(root).unwrap().1.as_dict().unwrap().clone();
        fn walk(
            doc: &lopdf::Document,
            pages: &std::collections::HashMap<lopdf::ObjectId, u32>,
            t: &mut Tagged,
            k: &Object,
            owner: usize,
            page: Option<u32>,
        ) {
            match k {
                Object::Integer(_) => {
                    if let Some(p) = page {
                        t.tags[owner].own_pages.push(p);
                        t.leaves.push((p, owner));
                    }
                }
                Object::Array(a) => a.iter().for_each(|k| walk(doc, pages, t, k, owner, page)),
                Object::Reference(_) | Object::Dictionary(_) => {
                    let Ok((_, Object::Dictionary(d))) = doc.dereference(k) else {
                        return;
                    };
                    let pg = d
                        .get(b"Pg")
                        .ok()
                        .and_then(|p| p.as_reference().ok())
                        .and_then(|r| pages.get(&r).copied())
                        .or(page);
                    match d.get(b"Type").and_then(Object::as_name) {
                        Ok(b"MCR") => {
                            if let Some(p) = pg {
                                t.tags[owner].own_pages.push(p);
                                t.leaves.push((p, owner));
                            }
                        }
                        Ok(b"OBJR") => {}
                        _ => {
                            let kind = d
                                .get(b"S")
                                .and_then(Object::as_name)
                                .map(|n| String::from_utf8_lossy(n).to_string())
                                .unwrap_or_default();
                            let i = t.tags.len();
                            t.tags.push(Tag {
                                kind,
                                parent: Some(owner),
                                children: vec![],
                                own_pages: vec![],
                            });
                            t.tags[owner].children.push(i);
                            if let Ok(k) = d.get(b"K") {
                                walk(doc, pages, t, k, i, pg);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        t.tags.push(Tag {
            kind: "Root".into(),
            parent: None,
            children: vec![],
            own_pages: vec![],
        });
        if let Ok(k) = root.get(b"K") {
            walk(&doc, &page_no, &mut t, k, 0, None);
        }
        t
    }

    /// The nearest ancestor-or-self of element `i` that `pred` accepts.
    fn within(&self, mut i: usize, pred: impl Fn(&str) -> bool) -> Option<usize> {
        loop {
            if pred(&self.tags[i].kind) {
                return Some(i);
            }
            i = self.tags[i].parent?;
        }
    }

    /// Pages of everything under element `i`, except under elements `skip` accepts.
    fn pages_of(&self, i: usize, skip: &dyn Fn(usize) -> bool) -> std::collections::BTreeSet<u32> {
        let mut out: std::collections::BTreeSet<u32> =
            self.tags[i].own_pages.iter().copied().collect();
        for &c in &self.tags[i].children {
            if !skip(c) {
                out.extend(self.pages_of(c, skip));
            }
        }
        out
    }
}

fn is_heading(kind: &str) -> bool {
    matches!(kind, "H1" | "H2" | "H3" | "H4" | "H5" | "H6")
}

/// Print rules checked on a whole-report PDF through its structure tree: every page holds
/// more than headings and captions (and is not blank); a heading's next content starts on
/// the heading's page; a caption shares a page with its table or figure; no body row of a
/// table spans two pages (the header rows, repeated on each page, excepted).
fn print_rules(t: &Tagged) -> Vec<String> {
    let mut problems = vec![];
    let kinds: std::collections::HashSet<&str> = t.tags.iter().map(|g| g.kind.as_str()).collect();
    for k in ["Art", "H2", "Caption", "Table", "TR"] {
        assert!(
            kinds.contains(k),
            "no {k} in the PDF's structure tree: {kinds:?}"
        );
    }
    let heading = |i: usize| t.within(i, is_heading);
    let caption = |i: usize| t.within(i, |k| k == "Caption");
    // Pages holding only headings and captions, or nothing.
    for p in 1..=t.pages {
        let on: Vec<usize> = t.leaves.iter().filter(|l| l.0 == p).map(|l| l.1).collect();
        if on.is_empty() {
            problems.push(format!("page {p} is blank"));
        } else if on
            .iter()
            .all(|&i| heading(i).is_some() || caption(i).is_some())
        {
            let what = if on.iter().all(|&i| heading(i).is_some()) {
                "only a heading"
            } else {
                "only headings and captions"
            };
            problems.push(format!("page {p} holds {what}"));
        }
    }
    // Headings kept with what follows.
    let mut last = None;
    for (n, &(p, i)) in t.leaves.iter().enumerate() {
        match heading(i) {
            Some(h) => last = Some((h, p)),
            None => {
                if let Some((h, hp)) = last.take() {
                    if p != hp {
                        problems.push(format!(
                            "{} on page {hp} is followed by its content on page {p} (leaf {n})",
                            t.tags[h].kind
                        ));
                    }
                }
            }
        }
    }
    // Captions on a page of their table or figure.
    for (c, tag) in t.tags.iter().enumerate() {
        if tag.kind != "Caption" {
            continue;
        }
        let Some(parent) = tag.parent else { continue };
        let cap = t.pages_of(c, &|_| false);
        let body = t.pages_of(parent, &|i| i == c);
        if !body.is_empty() && !cap.iter().all(|p| body.contains(p)) {
            problems.push(format!(
                "caption of a {} on page(s) {cap:?}, its content on {body:?}",
                t.tags[parent].kind
            ));
        }
    }
    // Body rows never split.
    for table in t.tags.iter().filter(|g| g.kind == "Table") {
        let rows = table.children.iter().flat_map(|&c| {
            // Rows sit directly under the table or under a row group.
            if t.tags[c].kind == "TR" {
                vec![c]
            } else {
                t.tags[c].children.clone()
            }
        });
        let mut header = true;
        for r in rows.filter(|&r| t.tags[r].kind == "TR") {
            header &= t.tags[r].children.iter().all(|&c| t.tags[c].kind == "TH");
            if header {
                continue;
            }
            let pages = t.pages_of(r, &|_| false);
            if pages.len() > 1 {
                problems.push(format!("a table row is split over pages {pages:?}"));
            }
        }
    }
    problems
}

/// The report's pages in order, as the screen navigation of `index.html` lists them, each
/// with the text of its first heading.
fn page_order(dir: &Path) -> Vec<(String, String)> {
    let parse = |name: &str| {
        scraper::Html::parse_document(&std::fs::read_to_string(dir.join(name)).unwrap())
    };
    let nav = scraper::Selector::parse("header.doc nav a[href]").unwrap();
    let heading = scraper::Selector::parse("main h1, main h2").unwrap();
    parse("index.html")
        .select(&nav)
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .map(|name| {
            let doc = parse(&name);
            let h = doc
                .select(&heading)
                .next()
                .expect("a heading on every page");
            let text = h.text().collect::<String>();
            (name, text.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .collect()
}

/// First and last A4 page of each report page in the PDF: it starts at its first
/// heading's entry in the PDF's outline (Chromium makes the outline of the headings) and
/// ends where the next starts.
fn page_spans(pdf: &[u8], order: &[(String, String)], pages: u32) -> Vec<(u32, u32)> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let toc = doc.get_toc().expect("the PDF's outline").toc;
    // Compared without white space: the outline drops the spaces at line breaks.
    let norm = |s: &str| s.split_whitespace().collect::<String>();
    let mut from = 0;
    let starts: Vec<u32> = order
        .iter()
        .map(|(name, title)| {
            let k = toc[from..]
                .iter()
                // A heading drawn in two fragments (an empty one at the foot of the page
                // before) has its text twice in the outline.
                .position(|e| norm(&e.title).starts_with(&norm(title)))
                .unwrap_or_else(|| {
                    let entries: Vec<(usize, &str, usize)> =
                        toc.iter().map(|e| (e.level, e.title.as_str(), e.page)).collect();
                    panic!("{name}: heading {title:?} not in the outline after entry {from}: {entries:?}")
                });
            from += k + 1;
            toc[from - 1].page as u32
        })
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| (s, starts.get(i + 1).map_or(pages, |n| n - 1)))
        .collect()
}

/// Most A4 pages an alternative may print to in the whole-report PDF (the issue's aim is
/// under 12; see README "Printing" for the measured counts).
const MAX_ALT_PDF_PAGES: u32 = 18;

/// `kukaku run --pdf` on every bundled case in both languages: one tagged A4 PDF whose
/// pages follow the print rules ([`print_rules`]); prints the pages per report page.
#[test]
fn whole_report_pdfs_keep_headings_captions_and_rows_together() {
    let required = std::env::var("KUKAKU_BROWSER_TESTS").is_ok_and(|v| v == "1");
    let Some(exe) = find_browser() else {
        assert!(!required, "KUKAKU_BROWSER_TESTS=1 but no Chromium found");
        eprintln!("PDF test skipped: no Chromium (set KUKAKU_BROWSER_TESTS=1 to require it)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let shots_root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-shots");
    std::fs::create_dir_all(&shots_root).unwrap();
    let cases = bundled_cases();
    let mut failures = vec![];
    let mut counts = vec![];
    for case in &cases {
        for lang in ["en", "ja"] {
            let out = tmp.path().join(format!("pdf-{lang}"));
            let st = Command::new(env!("CARGO_BIN_EXE_kukaku"))
                .args(["run"])
                .arg(case)
                .args(["--pdf", "--lang", lang, "--out"])
                .arg(&out)
                .env("KUKAKU_CHROMIUM", &exe)
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(st.success(), "kukaku run --pdf {} failed", case.display());
            let stem = case.file_stem().unwrap().to_string_lossy().to_string();
            let dir = out.join(&stem);
            let pdf = std::fs::read(dir.join("report.pdf")).unwrap();
            std::fs::write(shots_root.join(format!("{stem}-{lang}.pdf")), &pdf).unwrap();
            let tagged = Tagged::read(&pdf);
            for p in print_rules(&tagged) {
                failures.push(format!("{stem}/{lang}: {p}"));
            }
            let order = page_order(&dir);
            let articles = tagged.tags.iter().filter(|g| g.kind == "Art").count();
            assert_eq!(articles, order.len(), "{stem}/{lang}: one article per page");
            let spans = page_spans(&pdf, &order, tagged.pages);
            let mut line = format!("{stem}/{lang}: {} pages:", tagged.pages);
            for ((name, _), (first, last)) in order.iter().zip(&spans) {
                let n = (last + 1).saturating_sub(*first);
                line.push_str(&format!(" {name} {n} (p. {first}–{last});"));
                if name.starts_with("alt-") && n > MAX_ALT_PDF_PAGES {
                    failures.push(format!(
                        "{stem}/{lang}/{name}: {n} A4 pages (at most {MAX_ALT_PDF_PAGES})"
                    ));
                }
            }
            counts.push(line);
        }
    }
    eprintln!("Whole-report PDFs:\n{}", counts.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The bundled case files, sorted.
fn bundled_cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/landuse_cases"))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
    cases.sort();
    cases
}
