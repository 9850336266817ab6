//! Command-line interface: clap commands only; all work is done by library functions.

use crate::carrier::Carrier;
use crate::case::{self, SourceMap};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::load;
use crate::report::{self, output, write};
use clap::{Parser, Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

mod library;

use library::library_cmd;

/// Starter case printed by `kukaku init`.
pub const STARTER_CASE: &str = include_str!("../data/starter_case.yaml");

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable tables.
    Text,
    /// JSON (CONTRACT.md), nothing else on stdout.
    Json,
}

/// Report language (defined with the translations in [`crate::i18n`]).
pub use crate::i18n::Lang;

/// kukaku (区画) — district energy master-planning for land readjustment.
#[derive(Debug, Parser)]
#[command(name = "kukaku", version, about, long_about = None)]
pub struct Cli {
    /// Command.
    #[command(subcommand)]
    pub command: Command,
    /// Threads for alternatives, sweep steps and density sweeps (default: one per core).
    /// Results are identical for any number.
    #[arg(long, global = true, value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
    /// Let a case file import files outside its own folder (absolute paths, `..`,
    /// symbolic links leading out). Without it, imports must lie in the case file's
    /// folder or below.
    #[arg(long, global = true)]
    pub allow_outside_imports: bool,
}

/// Commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a case: loads and metrics of every alternative; writes `reports/<case>/`.
    Run {
        /// Case file (YAML).
        case: PathBuf,
        /// Output format on stdout.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Output folder (default `reports`); the case gets its own sub-folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Report language.
        #[arg(long, value_enum, default_value = "en")]
        lang: Lang,
        /// Also write `report.pdf`: the whole report on A4 pages (index, alternatives,
        /// comparison, appendix), printed by headless Chromium (`KUKAKU_CHROMIUM`,
        /// `/usr/bin/chromium`, or `chromium` on PATH). Without a browser: exit code 2 and
        /// nothing written.
        #[arg(long)]
        pdf: bool,
        /// Date on the report's cover, `YYYY-MM-DD` (replaces the case's `date:`; the
        /// report never reads the clock, so the same input writes the same files).
        #[arg(long, value_parser = crate::pipeline::prepare::check_date)]
        date: Option<String>,
    },
    /// Validate a case file without running it.
    Check {
        /// Case file (YAML).
        case: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Load levelling of a use mix: `kukaku mix office:2 retail:1 housing:1`.
    Mix {
        /// Uses with optional floor shares (`use` or `use:share`); equal floors without
        /// shares. With `--case`, optional: a subset of the alternative's uses (at its floors).
        #[arg(num_args = 0..)]
        uses: Vec<String>,
        /// Take region, dataset, uses and floors from an alternative of this case file.
        #[arg(long, requires = "alternative")]
        case: Option<PathBuf>,
        /// Alternative id of `--case`.
        #[arg(long, requires = "case")]
        alternative: Option<String>,
        /// Write the design-day curves of the uses and their sum, peak hours marked, as SVG.
        #[arg(long)]
        chart: Option<PathBuf>,
        /// Language of the chart.
        #[arg(long, value_enum, default_value = "en")]
        lang: Lang,
        /// Floor area per unit share, m² (loads.md uses 10,000 m² per use).
        #[arg(long, default_value_t = 10_000.0)]
        unit_m2: f64,
        /// Intensity dataset (default `handbook`: the DHC handbook's hourly statistics per
        /// 10,000 m², the convention of its two-use mixing tables; case files default to
        /// `cogeneration`).
        #[arg(long)]
        dataset: Option<String>,
        /// Region (default: the library's, `kanto`).
        #[arg(long)]
        region: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Household load levelling: levelling ratio (max ÷ mean of the 24-h electricity
    /// profile) of 1..N averaged households from the stochastic household model.
    Levelling {
        /// Largest number of households (1–1000).
        #[arg(long)]
        households: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Seed of the household draws (same seed, same output).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Household-type mix (an id of housing.yaml `household_mixes`; default: the
        /// file's `household_mix_default`).
        #[arg(long)]
        mix: Option<String>,
    },
    /// List the built-in uses, carriers, datasets and regions with their sources.
    Library {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print a commented starter case file.
    Init,
    /// Back-cast against the real DHC districts: each modelled at its size and density on
    /// the study and the realistic basis; median price ratio and rank correlations.
    Benchmark {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Sweep density or use mix of one alternative: heat price, efficiency, CO2, CF and break-even points.
    Sweep {
        /// Case file (YAML).
        case: PathBuf,
        /// Alternative id to sweep.
        #[arg(long)]
        alternative: String,
        /// Gross FAR range in percent, START:STOP:STEP (e.g. 50:400:10).
        #[arg(long, conflicts_with = "replace")]
        far: Option<String>,
        /// Move floor between uses, FROM->TO:START:STOP:STEP (shares 0–1).
        #[arg(long)]
        replace: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: SweepFormat,
        /// Also write sweep.json and sweep.csv into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Output format of `sweep`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SweepFormat {
    /// Table.
    Text,
    /// JSON.
    Json,
    /// CSV (one row per step and system).
    Csv,
}

/// `kukaku benchmark`: the back-cast on both bases, as a table or JSON.
fn benchmark_cmd(format: Format) -> Result<()> {
    let lib = library()?;
    let b = crate::report::backcast::backcast(&lib)?;
    if format == Format::Json {
        return out(&sorted_json(&b, true)?);
    }
    let mut s = format!(
        "Back-cast against {} real DHC districts (FY2007; {})
",
        b.districts, b.source
    );
    for f in [&b.study, &b.realistic] {
        s.push_str(&format!(
            "\n{} basis: median price ratio {:.2}, price rank correlation {:.2}, \
             median efficiency ratio {:.2}, efficiency rank correlation {:.2}, \
             price vs gross FAR {:+.2} (real {:+.2})\n",
            f.basis,
            f.median_price_ratio,
            f.price_rank_correlation,
            f.median_efficiency_ratio,
            f.efficiency_rank_correlation,
            f.density_rank_correlation,
            f.real_density_rank_correlation
        ));
        s.push_str("  row  district                  FAR %  take-up  real ¥/MJ  model ¥/MJ  ratio  real eff  model eff\n");
        for r in &f.rows {
            s.push_str(&format!(
                "  {:<4} {:<24} {:>5.0} {:>8.2} {:>10.2} {:>11.2} {:>6.2} {:>9} {:>10.2}\n",
                r.row,
                r.district,
                r.gross_far * 100.0,
                r.takeup,
                r.price_yen_per_mj,
                r.model_price_yen_per_mj,
                r.price_ratio,
                r.efficiency.map_or("–".into(), |e| format!("{e:.2}")),
                r.model_efficiency
            ));
        }
    }
    s.push_str(&format!(
        "\nMedian take-up of the real districts (heat sold ÷ modelled full demand): {:.2}\n",
        b.median_takeup
    ));
    out(&s)
}

/// Run with the given arguments; returns the process exit code.
pub fn main_with_args<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.jobs {
        None => dispatch(cli),
        Some(n) => match rayon::ThreadPoolBuilder::new().num_threads(n.get()).build() {
            Ok(pool) => pool.install(|| dispatch(cli)),
            Err(e) => Err(Error::Runtime(format!("starting {n} threads: {e}"))),
        },
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

/// JSON with every object's keys in alphabetical order (the CLI's stable output form),
/// compact or pretty.
fn sorted_json<T: serde::Serialize>(v: &T, pretty: bool) -> Result<String> {
    let err = |e: serde_json::Error| Error::Runtime(format!("serializing output: {e}"));
    let v = serde_json::to_value(v).map_err(err)?;
    if pretty {
        serde_json::to_string_pretty(&v).map_err(err)
    } else {
        serde_json::to_string(&v).map_err(err)
    }
}

/// `kukaku check --format json`.
#[derive(serde::Serialize)]
struct CheckOut<'a> {
    ok: bool,
    case: &'a str,
    alternatives: Vec<CheckAlternative<'a>>,
}

/// An alternative of [`CheckOut`].
#[derive(serde::Serialize)]
struct CheckAlternative<'a> {
    id: &'a str,
    floor_area_m2: f64,
    gross_far: f64,
}

/// `kukaku mix --format json`.
#[derive(serde::Serialize)]
struct MixOut<'a> {
    uses: &'a [String],
    shares: &'a [f64],
    floor_m2: &'a BTreeMap<String, f64>,
    dataset: &'a str,
    region: &'a str,
    loads: &'a BTreeMap<&'a str, load::MixStats>,
}

fn out(s: &str) -> Result<()> {
    let mut o = std::io::stdout().lock();
    // A closed pipe (e.g. `| head`) is not an error worth a non-zero exit.
    match o.write_all(s.as_bytes()).and_then(|_| o.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Runtime(format!("writing to stdout: {e}"))),
    }
}

fn library() -> Result<Library> {
    Library::builtin().map_err(Error::Runtime)
}

/// `--allow-outside-imports` of this process (set once by [`dispatch`]).
static ALLOW_OUTSIDE_IMPORTS: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

fn load_case(path: &std::path::Path, lib: &Library) -> Result<(case::Case, SourceMap)> {
    let p = path.display().to_string();
    let text = case::read_case_file(path)?;
    let mut c = case::parse(&p, &text, lib)?;
    c.allow_outside_imports = ALLOW_OUTSIDE_IMPORTS.load(std::sync::atomic::Ordering::Relaxed);
    Ok((c, SourceMap::new(&p, &text)))
}

fn dispatch(cli: Cli) -> Result<()> {
    ALLOW_OUTSIDE_IMPORTS.store(
        cli.allow_outside_imports,
        std::sync::atomic::Ordering::Relaxed,
    );
    match cli.command {
        Command::Run {
            case,
            format,
            out: out_dir,
            lang,
            pdf,
            date,
        } => run(&case, format, out_dir, lang, pdf, date),
        Command::Check { case, format } => {
            let lib = library()?;
            let (c, map) = load_case(&case, &lib)?;
            // Building the use models also checks imports and user shapes.
            crate::pipeline::prepare(&lib, &c, &map)?;
            match format {
                Format::Json => out(&format!(
                    "{}\n",
                    sorted_json(
                        &CheckOut {
                            ok: true,
                            case: c.raw.name.en(),
                            alternatives: c
                                .alternatives
                                .iter()
                                .map(|a| CheckAlternative {
                                    id: &a.id,
                                    floor_area_m2: a.floor_m2(),
                                    gross_far: a.gross_far(),
                                })
                                .collect(),
                        },
                        false
                    )?
                )),
                Format::Text => {
                    let mut s = format!(
                        "ok: {} — {} alternative(s)\n",
                        c.raw.name,
                        c.alternatives.len()
                    );
                    for a in &c.alternatives {
                        s += &format!(
                            "  {:<34} floor {:>10.0} m²  gross FAR {:>5.0} %\n",
                            a.id,
                            a.floor_m2(),
                            a.gross_far() * 100.0
                        );
                    }
                    out(&s)
                }
            }
        }
        Command::Mix {
            uses,
            unit_m2,
            dataset,
            region,
            format,
            case,
            alternative,
            chart,
            lang,
        } => mix(
            &MixArgs {
                uses: &uses,
                unit_m2,
                dataset,
                region,
                case: case.as_deref().zip(alternative.as_deref()),
                chart: chart.as_deref(),
                lang,
            },
            format,
        ),
        Command::Library { format } => library_cmd(format),
        Command::Levelling {
            households,
            format,
            seed,
            mix,
        } => levelling_cmd(households, format, seed, mix.as_deref()),
        Command::Init => out(STARTER_CASE),
        Command::Benchmark { format } => benchmark_cmd(format),
        Command::Sweep {
            case,
            alternative,
            far,
            replace,
            format,
            out: out_dir,
        } => sweep_cmd(&case, &alternative, far, replace, format, out_dir),
    }
}

/// The report folder's name of a case file: its stem, Unicode kept (see
/// [`output::folder_name`]).
fn case_folder_name(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    output::folder_name(&stem)
}

fn run(
    path: &std::path::Path,
    format: Format,
    out_dir: Option<PathBuf>,
    lang: Lang,
    pdf: bool,
    date: Option<String>,
) -> Result<()> {
    // A PDF asked for without a browser is refused before anything runs or is written.
    let browser = pdf.then(report::pdf::require_browser).transpose()?;
    let lib = library()?;
    let (c, map) = load_case(path, &lib)?;
    let mut rep = report::build(&lib, &c, &map)?;
    if date.is_some() {
        rep.cover.date = date;
    }
    let json = write::json(&rep)?;
    let write_files = format == Format::Text || out_dir.is_some() || pdf;
    if write_files {
        let out_dir = out_dir.unwrap_or_else(|| PathBuf::from("reports"));
        let dir = output::report_dir(&out_dir, &case_folder_name(path), path)?;
        let mut files = vec![("report.json".to_string(), json.clone().into_bytes())];
        files.extend(write::csv_tables(&rep)?);
        let pages = crate::report::html_files(&rep, lang)?;
        if let Some(browser) = &browser {
            let document = report::pdf::print_document(&pages)?;
            files.push((
                report::pdf::PDF_FILE.to_string(),
                report::pdf::print_pdf(browser, &document)?,
            ));
        }
        files.extend(pages);
        write::write_dir_atomic(&dir, &files, &output::case_identity(path))?;
        eprintln!("wrote {} ({} files)", dir.display(), files.len());
    }
    match format {
        Format::Json => out(&format!("{json}\n")),
        Format::Text => out(&text_summary(&rep)),
    }
}

fn pct(v: f64) -> String {
    format!("{:.1} %", v * 100.0)
}

/// Plain-text summary of a report.
pub fn text_summary(rep: &report::Report) -> String {
    let mut s = format!(
        "{} — region {}, dataset {}\n",
        rep.case.name, rep.case.region_label, rep.case.dataset
    );
    for a in &rep.alternatives {
        s += &format!(
            "\n[{}] {}\n  floor {:.0} m² on {:.1} ha, gross FAR {:.0} %\n",
            a.id,
            a.name,
            a.floor_area_m2,
            a.district_area_m2 / 10_000.0,
            a.gross_far * 100.0
        );
        s += &format!(
            "  {:<12} {:>11} {:>11} {:>11} {:>7} {:>7} {:>7} {:>7}\n",
            "carrier", "annual MWh", "Σpeaks kW", "peak kW", "CF", "DLF", "ALF", "FLH h"
        );
        for c in Carrier::ALL {
            let m = &a.loads[c];
            s += &format!(
                "  {:<12} {:>11.0} {:>11.0} {:>11.0} {:>7} {:>7} {:>7} {:>7.0}\n",
                c.id(),
                m.annual_mwh,
                m.sum_of_design_peaks_kw,
                m.coincident_peak_kw,
                pct(m.coincidence_factor),
                pct(m.daily_load_factor),
                pct(m.annual_load_factor),
                m.full_load_hours
            );
        }
        if !a.systems.is_empty() {
            s += &format!(
                "  {:<22} {:>9} {:>9} {:>10} {:>6} {:>8} {:>7}\n",
                "system", "elec MWh", "gas kNm³", "primary GJ", "eff.", "CO2 t", "¥/MJ"
            );
            for y in &a.systems {
                s += &format!(
                    "  {:<22} {:>9.0} {:>9.0} {:>10.0} {:>6.3} {:>8.0} {:>7}\n",
                    y.id,
                    y.electricity_mwh,
                    y.gas_knm3,
                    y.primary_energy_gj,
                    y.energy_efficiency,
                    y.co2_t,
                    y.heat_price_yen_per_mj
                        .map_or("–".to_string(), |p| format!("{p:.2}"))
                );
            }
        }
        let g = |x: Option<crate::assess::Grade>| x.map_or("–", |g| g.id()).to_string();
        s += &format!(
            "  rating: density {}, efficiency {}, price {}\n",
            g(a.rating.density),
            g(a.rating.efficiency),
            g(a.rating.price)
        );
        for f in &a.findings {
            s += &format!("  · {f}\n");
        }
        for sys in &a.systems {
            if let Some(c) = &sys.cluster {
                s += &cluster_summary(&sys.id, c);
            }
        }
        if let Some(u) = &a.unused_energy {
            s += "  unused energy (waste heat):\n";
            for f in &u.findings {
                s += &format!("  - {}\n", f.text(Lang::En));
            }
        }
    }
    s
}

fn cluster_summary(id: &str, c: &crate::supply::cluster::ClusterResult) -> String {
    let z = &c.study_sizing;
    let cost = c
        .costs
        .iter()
        .map(|x| format!("{} ¥{:.0}k", x.variant.id(), x.total_yen / 1000.0))
        .collect::<Vec<_>>()
        .join(", ");
    let mut s = format!(
        "  system {id}: {} dwellings, {} per heat store, package `{}`\n    per dwelling (study method): PV {:.2} kW / {:.1} m², collector {:.1} m² single → {:.1} m² cluster, tank {:.0} L → {:.0} L\n    solar-thermal cost per dwelling: {cost}\n    hourly simulation: solar fraction {} single, {} cluster; aggregation saving study {} vs simulated {}\n    roof balance {:.0} m² (usable {:.0}, required {:.0})\n    CO2 t/yr:",
        c.dwellings,
        c.houses_per_cluster,
        c.demand.package,
        z.pv_kw,
        z.pv_area_m2,
        z.single_collector_m2,
        z.cluster_collector_m2,
        z.single_tank_l,
        z.cluster_tank_l,
        pct(c.simulation_single.solar_fraction),
        pct(c.simulation_cluster.solar_fraction),
        pct(c.aggregation_saving.study),
        c.aggregation_saving
            .computed
            .map_or("not reached".into(), pct),
        c.roof.balance_m2,
        c.roof.usable_m2,
        c.roof.required_m2,
    );
    for st in &c.co2_steps {
        s += &format!(" {} {:.0}", st.step.id(), st.co2_t);
    }
    s += "\n";
    s
}

fn parse_mix_arg(arg: &str, lib: &Library) -> Result<(String, f64)> {
    let (u, share) = match arg.split_once(':') {
        Some((u, s)) => {
            let v: f64 = s.parse().map_err(|_| {
                Error::input(
                    "<command line>",
                    None,
                    None,
                    arg,
                    format!("share `{s}` is not a number"),
                )
            })?;
            let max = crate::limits::MAX_SHARE;
            if !v.is_finite() || v <= 0.0 || v > max {
                return Err(Error::input(
                    "<command line>",
                    None,
                    None,
                    arg,
                    format!(
                        "share must be a positive number up to {max} (shares are relative weights)"
                    ),
                ));
            }
            (u.to_string(), v)
        }
        None => (arg.to_string(), 1.0),
    };
    if !lib.uses.contains_key(&u) {
        let hint = case::did_you_mean(&u, lib.uses.keys().map(String::as_str))
            .map(|b| format!(" — did you mean `{b}`?"))
            .unwrap_or_default();
        return Err(Error::input(
            "<command line>",
            None,
            None,
            arg,
            format!(
                "unknown use `{u}`{hint}; built-in uses: {}",
                lib.uses.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    Ok((u, share))
}

/// Arguments of `kukaku mix`.
struct MixArgs<'a> {
    uses: &'a [String],
    unit_m2: f64,
    dataset: Option<String>,
    region: Option<String>,
    case: Option<(&'a std::path::Path, &'a str)>,
    chart: Option<&'a std::path::Path>,
    lang: Lang,
}

/// What a mix is evaluated on: calendar, use models, floor by use.
struct MixSetup {
    calendar: crate::calendar::Calendar,
    models: BTreeMap<String, load::UseModel>,
    floor: BTreeMap<String, f64>,
    uses: Vec<String>,
    shares: Vec<f64>,
    dataset: String,
    region: String,
    /// Use labels (en, ja) for the chart.
    labels: BTreeMap<String, (String, String)>,
}

fn cli_error(field: &str, msg: impl Into<String>) -> Error {
    Error::input("<command line>", None, None, field, msg)
}

/// Uses and floors from the command line, the library's models.
fn mix_from_args(lib: &Library, a: &MixArgs) -> Result<MixSetup> {
    if a.uses.is_empty() {
        return Err(cli_error(
            "USES",
            "give at least one use, or --case and --alternative",
        ));
    }
    let region = a
        .region
        .clone()
        .unwrap_or_else(|| lib.default_region.value.clone());
    let max_unit = crate::limits::MAX_MIX_UNIT_M2;
    if !a.unit_m2.is_finite() || a.unit_m2 <= 0.0 || a.unit_m2 > max_unit {
        return Err(cli_error(
            "--unit-m2",
            format!("must be a positive floor area up to {max_unit} m²"),
        ));
    }
    if a.uses.len() > crate::limits::MAX_MIX_USES {
        return Err(cli_error(
            "USES",
            format!("at most {} uses", crate::limits::MAX_MIX_USES),
        ));
    }
    let dataset = a
        .dataset
        .clone()
        .unwrap_or_else(|| lib.mix_dataset.value.clone());
    if !lib.datasets.contains_key(&dataset) {
        return Err(cli_error(
            "--dataset",
            format!(
                "unknown dataset `{dataset}`; known: {}",
                lib.datasets.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let Some((region_id, _)) = lib.region(&region) else {
        return Err(cli_error("--region", format!("unknown region `{region}`")));
    };
    let mut uses = vec![];
    let mut shares = vec![];
    let mut floor: BTreeMap<String, f64> = BTreeMap::new();
    for arg in a.uses {
        let (u, s) = parse_mix_arg(arg, lib)?;
        if floor.contains_key(&u) {
            return Err(cli_error(arg.as_str(), format!("use `{u}` given twice")));
        }
        floor.insert(u.clone(), s * a.unit_m2);
        uses.push(u);
        shares.push(s);
    }
    let calendar = lib.reference_calendar();
    let models = crate::profile::builtin_models(lib, &calendar, &dataset, region_id)
        .map_err(Error::Runtime)?;
    let labels = lib
        .uses
        .iter()
        .map(|(k, d)| (k.clone(), (d.label_en.clone(), d.label_ja.clone())))
        .collect();
    Ok(MixSetup {
        calendar,
        models,
        floor,
        uses,
        shares,
        dataset,
        region: region_id.to_string(),
        labels,
    })
}

/// Region, dataset, use models and floors of an alternative of a case file; `uses` picks a
/// subset of its uses.
fn mix_from_case(
    lib: &Library,
    (path, alt_id): (&std::path::Path, &str),
    pick: &[String],
) -> Result<MixSetup> {
    let (c, map) = load_case(path, lib)?;
    let Some(alt) = c.alternatives.iter().find(|x| x.id == alt_id) else {
        let known: Vec<&str> = c.alternatives.iter().map(|x| x.id.as_str()).collect();
        return Err(cli_error(
            "--alternative",
            format!(
                "no alternative `{alt_id}` in the case; known: {}",
                known.join(", ")
            ),
        ));
    };
    let calendar = crate::profile::case_calendar(&c);
    let models = crate::profile::case_models(lib, &c, &calendar, &map)?;
    let mut floor = alt.floor_by_use_m2();
    if !pick.is_empty() {
        for u in pick {
            if !floor.contains_key(u) {
                return Err(cli_error(
                    u.as_str(),
                    format!(
                        "use `{u}` has no floor in alternative `{alt_id}`; its uses: {}",
                        floor.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        floor.retain(|u, _| pick.contains(u));
    }
    let total: f64 = floor.values().sum();
    let uses: Vec<String> = floor.keys().cloned().collect();
    let shares = floor
        .values()
        .map(|f| f / total.max(f64::MIN_POSITIVE))
        .collect();
    let labels = models
        .iter()
        .map(|(k, m)| (k.clone(), (m.label_en.clone(), m.label_ja.clone())))
        .collect();
    Ok(MixSetup {
        calendar,
        models,
        floor,
        uses,
        shares,
        dataset: c.dataset.clone(),
        region: c.region.clone(),
        labels,
    })
}

fn mix(a: &MixArgs, format: Format) -> Result<()> {
    let lib = library()?;
    let MixSetup {
        calendar,
        models,
        floor,
        uses,
        shares,
        dataset,
        region,
        labels,
    } = match a.case {
        Some(c) => mix_from_case(&lib, c, a.uses)?,
        None => mix_from_args(&lib, a)?,
    };
    let (dataset, region_id, unit_m2) = (dataset.as_str(), region.as_str(), a.unit_m2);
    if let Some(path) = a.chart {
        let days = load::mix_days(&calendar, &models, &floor);
        let label = |u: &str| {
            labels
                .get(u)
                .map(|(en, ja)| match a.lang {
                    Lang::En => en.clone(),
                    Lang::Ja => ja.clone(),
                })
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| u.to_string())
        };
        let ids: Vec<&String> = floor.keys().collect();
        let color = |u: &str| {
            crate::report::view::use_color(u, ids.iter().position(|x| *x == u).unwrap_or(0))
        };
        let svg = crate::report::view::pair_days_chart(
            &crate::report::view::PairLabels {
                tr: crate::i18n::I18n::builtin(),
                lang: a.lang,
                use_label: &label,
                color: &color,
            },
            &days,
        )
        .unwrap_or_default();
        std::fs::write(path, svg)
            .map_err(|e| Error::Runtime(format!("writing the chart {}: {e}", path.display())))?;
    }
    let stats = load::mix_stats(&calendar, &models, &floor);
    match format {
        Format::Json => out(&format!(
            "{}\n",
            sorted_json(
                &MixOut {
                    uses: &uses,
                    shares: &shares,
                    floor_m2: &floor,
                    dataset,
                    region: region_id,
                    loads: &stats,
                },
                true
            )?
        )),
        Format::Text => {
            let _ = (&shares, unit_m2);
            let mut s = format!(
                "mix {} (dataset {dataset}, region {region_id})\n",
                uses.iter()
                    .map(|u| format!("{u} {} m²", crate::format::num(floor[u], 0)))
                    .collect::<Vec<_>>()
                    .join(" + "),
            );
            s += &format!(
                "  {:<20} {:>11} {:>11} {:>7} {:>7} {:>7}\n",
                "carrier", "Σpeaks kW", "peak kW", "CF", "DLF", "ALF"
            );
            for g in load::CARRIER_GROUPS {
                let m = &stats[g.id];
                s += &format!(
                    "  {:<20} {:>11.0} {:>11.0} {:>7} {:>7} {:>7}\n",
                    g.id,
                    m.sum_of_design_peaks_kw,
                    m.coincident_peak_kw,
                    pct(m.coincidence_factor),
                    pct(m.daily_load_factor),
                    pct(m.annual_load_factor)
                );
            }
            out(&s)
        }
    }
}

/// Largest household count accepted by `kukaku levelling`.
pub const MAX_LEVELLING_HOUSEHOLDS: usize = 1000;

fn levelling_cmd(households: usize, format: Format, seed: u64, mix: Option<&str>) -> Result<()> {
    if !(1..=MAX_LEVELLING_HOUSEHOLDS).contains(&households) {
        return Err(Error::input(
            "<command line>",
            None,
            None,
            "--households",
            format!("must be 1–{MAX_LEVELLING_HOUSEHOLDS}, got {households}"),
        ));
    }
    let lib = library()?;
    let data = &lib.housing;
    let mix_id = mix.unwrap_or(&data.household_mix_default);
    let Some(shares) = data.household_mixes.get(mix_id) else {
        let known: Vec<&str> = data.household_mixes.keys().map(|k| k.as_str()).collect();
        return Err(Error::input(
            "<command line>",
            None,
            None,
            "--mix",
            format!(
                "unknown household mix `{mix_id}`; known: {}",
                known.join(", ")
            ),
        ));
    };
    let calendar = lib.reference_calendar();
    let models = crate::profile::builtin_models(
        &lib,
        &calendar,
        &lib.default_dataset,
        &lib.default_region.value,
    )
    .map_err(Error::Runtime)?;
    let model = crate::household::HouseholdModel::new(
        data,
        &shares.shares,
        crate::household::ShapeTargets::of_use(&models[&data.household_shape_use]),
        &calendar,
    );
    let curve = crate::household::levelling_curve(&model, &calendar, households, seed);
    match format {
        Format::Json => out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&curve).map_err(|e| Error::Runtime(e.to_string()))?
        )),
        Format::Text => {
            let mut s = format!(
                "levelling ratio (平準化率) of N averaged households, seed {seed}, {} draws per N\n  {}\n",
                curve.replicates, curve.definition
            );
            s += &format!("  {:>5} {:>8} {:>8} {:>8}\n", "N", "ratio", "p10", "p90");
            for i in 0..curve.households.len() {
                s += &format!(
                    "  {:>5} {:>8.3} {:>8.3} {:>8.3}\n",
                    curve.households[i],
                    curve.levelling_ratio[i],
                    curve.levelling_ratio_p10[i],
                    curve.levelling_ratio_p90[i]
                );
            }
            out(&s)
        }
    }
}

fn sweep_cmd(
    path: &std::path::Path,
    alternative: &str,
    far: Option<String>,
    replace: Option<String>,
    format: SweepFormat,
    out_dir: Option<PathBuf>,
) -> Result<()> {
    use crate::pipeline::sweep;
    let var = match (far, replace) {
        (Some(f), None) => sweep::SweepVar::FarPct(sweep::parse_range(&f, "--far")?),
        (None, Some(r)) => sweep::parse_replace(&r)?,
        _ => {
            return Err(Error::Usage(
                "sweep needs --far START:STOP:STEP or --replace FROM->TO:START:STOP:STEP".into(),
            ))
        }
    };
    let lib = library()?;
    let (c, map) = load_case(path, &lib)?;
    let p = crate::pipeline::prepare(&lib, &c, &map)?;
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_length(match &var {
        sweep::SweepVar::FarPct(v) => v.len(),
        sweep::SweepVar::Replace { shares, .. } => shares.len(),
    } as u64);
    let result = sweep::run(&p, alternative, &var, |i, _| bar.set_position(i as u64))?;
    bar.finish_and_clear();
    // JSON and CSV only when written (the folder, or the format printed).
    let json = || serde_json::to_string_pretty(&result).map_err(|e| Error::Runtime(e.to_string()));
    if let Some(dir) = out_dir {
        let (json, csv) = (json()?, sweep::to_csv(&result)?);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let name = output::folder_name(&format!("{stem}-sweep-{}", result.alternative));
        let target = output::report_dir(&dir, &name, path)?;
        write::write_dir_atomic(
            &target,
            &[
                ("sweep.json".into(), json.into_bytes()),
                ("sweep.csv".into(), csv.into_bytes()),
            ],
            &output::case_identity(path),
        )?;
        eprintln!("wrote {}", target.display());
    }
    match format {
        SweepFormat::Json => out(&format!("{}\n", json()?)),
        SweepFormat::Csv => out(&sweep::to_csv(&result)?),
        SweepFormat::Text => {
            let mut s = format!(
                "sweep of `{}` over {}\n",
                result.alternative, result.variable
            );
            let ids: Vec<String> = result
                .points
                .first()
                .map(|p| p.systems.keys().cloned().collect())
                .unwrap_or_default();
            s += &format!("  {:>10} {:>9} {:>7}", "x", "gross FAR", "CF cool");
            for id in &ids {
                s += &format!(" {:>22}", format!("{id} ¥/MJ | eff"));
            }
            s += "\n";
            for p in &result.points {
                s += &format!(
                    "  {:>10.3} {:>8.0} % {:>6.1} %",
                    p.x,
                    p.gross_far * 100.0,
                    p.coincidence_factor[Carrier::Cooling] * 100.0
                );
                for id in &ids {
                    let v = &p.systems[id];
                    s += &format!(
                        " {:>22}",
                        format!(
                            "{} | {:.3}",
                            v.heat_price_yen_per_mj
                                .map(|x| format!("{x:.2}"))
                                .unwrap_or("–".into()),
                            v.energy_efficiency
                        )
                    );
                }
                s += "\n";
            }
            if result.break_even.is_empty() {
                s += "  no break-even point in the swept range\n";
            }
            for b in &result.break_even {
                s += &format!(
                    "  break-even {}: x = {:.3} (gross FAR {:.0} %)\n",
                    b.what,
                    b.x,
                    b.gross_far * 100.0
                );
            }
            out(&s)
        }
    }
}
