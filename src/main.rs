//! The `footprint` command line.

mod cli;

use clap::{Args, CommandFactory, Parser, Subcommand};
use cli::exit::Failure;
use cli::json::Format;
use cli::progress::{Progress, Unit};
use footprint::Error;
use footprint::budget::Limits;
use footprint::hardware::CATALOG;
use footprint::montecarlo::runner::{Outcome, Plan, Precision, Shard};
use footprint::output::RunFolder;
use footprint::scenario::Scenario;
use footprint::time::{SECONDS_PER_HOUR, to_hours};
use std::path::PathBuf;
use std::process::ExitCode;

/// Simulates what training AI models costs in energy, carbon and embodied hardware.
#[derive(Parser)]
#[command(
    name = "footprint",
    version,
    about,
    after_help = "Exit codes: 0 ok, 1 bad input or failure, 2 command line refused, \
3 validation missed a published figure, 4 stopped by a run budget, 130 interrupted \
(docs/cli.md)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Budgets that bound every run (defaults in `footprint::budget`).
#[derive(Args, Clone, Copy)]
struct LimitArgs {
    /// Horizon: simulated years a run may reach [default: 100].
    #[arg(long, value_name = "YEARS")]
    max_years: Option<u64>,
    /// Engine events per replication before the run stops [default: 1000000000].
    #[arg(long, value_name = "N")]
    max_events: Option<u64>,
    /// Jobs in the system (waiting or running) at once before the run stops [default: 1000000].
    #[arg(long, value_name = "N")]
    max_jobs: Option<u64>,
}

impl LimitArgs {
    fn limits(&self) -> Result<Limits, Error> {
        Limits::from_flags(self.max_years, self.max_events, self.max_jobs)
    }
}

const RUN_EXAMPLES: &str = "Examples:
  footprint run                                   # the built-in default scenario
  footprint run scenarios/uncertainty.toml --reps 200 --out results/u
  footprint run scenarios/default.toml --set 'sites[0].pue=1.1,1.3' --reps 10
  footprint run - --format json < study.toml      # scenario from stdin, JSON summary";

const CHECK_EXAMPLES: &str = "Examples:
  footprint check scenarios/*.toml
  footprint check - < study.toml                  # relative data paths from the current folder
  footprint check scenarios/default.toml --format json";

const MERGE_EXAMPLES: &str = "Example:
  footprint run s.toml --reps 100 --shard 1/2 --out a; footprint run s.toml --reps 100 --shard 2/2 --out b
  footprint merge a b --out merged";

const REPORT_EXAMPLES: &str = "Examples:
  footprint report results/policies               # writes results/policies/report.html
  footprint report results/u --out u.html --week-start 2023-07-03
  footprint run scenarios/policies.toml --reps 20 --report";

const VALIDATE_EXAMPLES: &str = "Examples:
  footprint validate                              # the built-in reference scenarios, from any folder
  footprint validate scenarios/reference --format json";

const CATALOG_EXAMPLES: &str = "Examples:
  footprint catalog
  footprint catalog --format json                 # every built-in factor with its source";

const SCHEMA_EXAMPLES: &str = "Examples:
  footprint schema > footprint.schema.json
  # then, first line of a scenario (Even Better TOML / taplo):
  #:schema ./footprint.schema.json";

const COMPLETIONS_EXAMPLES: &str = "Examples:
  footprint completions bash > ~/.local/share/bash-completion/completions/footprint
  footprint completions zsh > ~/.zfunc/_footprint
  footprint completions fish > ~/.config/fish/completions/footprint.fish";

#[derive(Subcommand)]
enum Command {
    /// Runs a scenario (the built-in default when none is given) and writes a run folder.
    #[command(after_help = RUN_EXAMPLES)]
    Run {
        /// Scenario file (TOML), `-` for standard input. Omit to run the built-in default.
        scenario: Option<PathBuf>,
        /// Output folder (must not exist or be empty). Default: results/<name>-<UTC time>.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Base seed, replacing simulation.seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Replications per sweep point (the maximum with --precision).
        #[arg(long, default_value_t = 1)]
        reps: u64,
        /// Worker threads (default: all cores). Results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Run only slice i of n of the (point, replication) pairs, for `footprint merge`.
        #[arg(long, value_name = "i/n")]
        shard: Option<String>,
        /// Stop when the 95% CI half-width of a metric is below this fraction of its mean in
        /// every point, checked every 10 replications: `co2_total_kg=0.01`.
        #[arg(long, value_name = "METRIC=FRACTION")]
        precision: Option<String>,
        /// Set a scenario key: `sites[0].pue=1.2`; several values make a sweep axis:
        /// `sites[0].pue=1.1,1.2,1.3`. Repeatable.
        #[arg(long = "set", value_name = "KEY=VALUES")]
        set: Vec<String>,
        /// Skip jobs.csv (large for big workloads).
        #[arg(long)]
        no_jobs: bool,
        /// Also write report.html into the run folder (as `footprint report` does).
        #[arg(long)]
        report: bool,
        /// No progress and no text summary (the run folder path is still printed; with
        /// `--format json` the JSON summary is).
        #[arg(long, short)]
        quiet: bool,
        /// Summary on stdout: `text` or `json` (one JSON document, docs/cli.md).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// When stderr is not a terminal, the longest time between two progress lines, s
        /// (a line is also printed at each tenth of the run).
        #[arg(
            long,
            value_name = "SECONDS",
            env = "FOOTPRINT_PROGRESS_SECONDS",
            default_value = "10",
            value_parser = cli::progress::parse_interval
        )]
        progress_every: std::time::Duration,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Checks scenario files without running them (every sweep point).
    #[command(after_help = CHECK_EXAMPLES)]
    Check {
        /// Scenario files; `-` reads one from standard input.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// Report on stdout: `text` or `json` (one JSON document, docs/cli.md).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Combines the folders of `run --shard i/n` into the files one process would write.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge {
        /// Shard folders.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// Output folder (must not exist or be empty).
        #[arg(long)]
        out: PathBuf,
    },
    /// Writes a run folder's results as one self-contained HTML page of charts and tables.
    #[command(after_help = REPORT_EXAMPLES)]
    Report {
        /// Run folder written by `footprint run` or `footprint merge`.
        run_dir: PathBuf,
        /// Where to write the page. Default: RUN_DIR/report.html.
        #[arg(long)]
        out: Option<PathBuf>,
        /// First day (UTC, YYYY-MM-DD) of the week drawn hour by hour. Default: the week
        /// around each site's hour of peak facility power.
        #[arg(long, value_name = "DATE")]
        week_start: Option<String>,
        /// The two metrics of the Pareto chart of a swept run, x then y.
        #[arg(long, value_name = "X,Y", default_value = "co2_total_kg,wait_mean_s")]
        pareto: String,
    },
    /// Runs the reference scenarios and compares them with published footprints.
    #[command(after_help = VALIDATE_EXAMPLES)]
    Validate {
        /// Folder of reference scenarios. Omit to run the ones built into the binary
        /// (`scenarios/reference/`).
        dir: Option<PathBuf>,
        /// Report on stdout: `text` (a Markdown table) or `json` (docs/cli.md).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Lists the built-in accelerators; `--format csv|json` prints every built-in factor
    /// (embodied impacts, water and scarcity factors) with its method and source.
    #[command(after_help = CATALOG_EXAMPLES)]
    Catalog {
        /// `text` (the accelerator table), `csv` or `json` (the full factor table).
        #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
        format: CatalogFormat,
    },
    /// Prints a completion script for a shell on stdout.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Prints the JSON Schema of the scenario format on stdout (for editors: docs/scenario.md §17).
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema,
}

/// Output format of `footprint catalog`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum CatalogFormat {
    /// The accelerator table.
    Text,
    /// Every factor, one CSV row each.
    Csv,
    /// Every factor, a JSON array.
    Json,
}

fn main() -> ExitCode {
    // Arguments as the OS gives them: paths need not be UTF-8.
    let cli = match Cli::try_parse_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print on stdout and succeed; refusals go to stderr.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                cli::exit::USAGE
            } else {
                cli::exit::OK
            });
        }
    };
    // Ctrl-C: remove the unfinished run folder (partial and reserved name), say so, exit 130.
    let handler = ctrlc::set_handler(|| {
        footprint::output::folder::remove_unfinished();
        eprintln!("interrupted: stopped, and the unfinished run folder was removed");
        std::process::exit(cli::exit::INTERRUPTED);
    });
    if let Err(e) = handler {
        eprintln!(
            "warning: cannot catch Ctrl-C ({e}); an interrupted run may leave a hidden .partial folder"
        );
    }
    match execute(cli.command) {
        Ok(()) => ExitCode::from(cli::exit::OK),
        Err(failure) => failure.report(),
    }
}

/// The command line for `manifest.json`, each argument as the OS gave it (non-UTF-8 bytes
/// shown as U+FFFD); the library takes it as an argument and never reads it itself.
fn command_line() -> Vec<String> {
    std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

fn execute(command: Command) -> Result<(), Failure> {
    match command {
        Command::Run {
            scenario,
            out,
            seed,
            reps,
            threads,
            shard,
            precision,
            mut set,
            no_jobs,
            report,
            quiet,
            format,
            progress_every,
            limits,
        } => {
            if report && shard.is_some() {
                return Err(Error::Usage(
                    "--report with --shard: a shard has no report; run `footprint report` on the folder `footprint merge` writes".into(),
                )
                .into());
            }
            if let Some(seed) = seed {
                set.push(format!("simulation.seed={seed}"));
            }
            let template = cli::input::load(scenario.as_ref(), &set)?;
            if template.has_projection() {
                return cli::projection::run(
                    &template,
                    cli::projection::Options {
                        out,
                        reps,
                        threads,
                        shard: shard.as_deref().map(Shard::parse).transpose()?,
                        quiet,
                        progress_every,
                        command: command_line(),
                    },
                );
            }
            let plan = Plan {
                replications: reps,
                threads,
                shard: shard.as_deref().map(Shard::parse).transpose()?,
                precision: precision.as_deref().map(Precision::parse).transpose()?,
                no_jobs,
                limits: limits.limits()?,
                command: command_line(),
            };
            let (first, _) = template.instantiate(0, 0)?;
            let site_names: Vec<String> = first.sites.iter().map(|s| s.name.clone()).collect();
            footprint::montecarlo::runner::check_plan(
                &plan,
                template.points(),
                template.uncertain.len(),
                footprint::metrics::metric_names(&site_names).len(),
            )?;
            let predicted = footprint::budget::predict(&first, &plan.limits)?;
            for w in first.warnings.iter().chain(&predicted) {
                eprintln!("warning: {w}");
            }
            let folder = match out {
                Some(dir) => RunFolder::create(dir)?,
                None => RunFolder::create_timestamped(&PathBuf::from("results"), &first.name)?,
            };
            let total = footprint::montecarlo::runner::owned_pairs(
                footprint::montecarlo::runner::total_pairs(template.points(), plan.replications)
                    .map_err(Failure::from)?,
                plan.shard,
            );
            // One replication: progress over simulated hours; several: over replications.
            let hours = first
                .duration_s
                .filter(|_| total == 1 && !first.drain)
                .map(|s| s / SECONDS_PER_HOUR);
            let progress = match hours {
                Some(h) => Progress::start(h, Unit::SimulatedHours, quiet, progress_every),
                None => Progress::start(total, Unit::Replications, quiet, progress_every),
            };
            let tick = || progress.replication_done();
            let sim_tick = |t: u64| progress.simulated(t);
            let on_sim_time: Option<&(dyn Fn(u64) + Sync)> = if hours.is_some() {
                Some(&sim_tick)
            } else {
                None
            };
            let outcome =
                footprint::montecarlo::runner::run(&template, &plan, folder, &tick, on_sim_time);
            progress.finish(outcome.is_ok());
            let outcome = outcome?;
            if report {
                let path = footprint::report::write(
                    &outcome.folder,
                    None,
                    &footprint::report::Options::default(),
                )?;
                if !quiet {
                    eprintln!("report: {}", path.display());
                }
            }
            match format {
                Format::Json => cli::json::print(&cli::json::run_summary(&first, &outcome))?,
                Format::Text if quiet => println!("{}", outcome.folder.display()),
                Format::Text => print_summary(&first, &outcome),
            }
            Ok(())
        }
        Command::Check {
            scenarios,
            format,
            limits,
        } => check(&scenarios, format, limits.limits()?),
        Command::Merge { shards, out } => {
            if shards
                .iter()
                .all(|d| d.join("projection_replications.csv").is_file())
            {
                return cli::projection::merge(&shards, out, &command_line());
            }
            let folder = RunFolder::create(out)?;
            let outcome = footprint::montecarlo::merge::merge(&shards, folder, &command_line())?;
            println!(
                "merged {} shard(s): {} replication(s) of {} point(s) into {}",
                shards.len(),
                outcome.table.rows.len(),
                outcome.table.point_names.len(),
                outcome.folder.display()
            );
            Ok(())
        }
        Command::Report {
            run_dir,
            out,
            week_start,
            pareto,
        } => {
            let Some((x, y)) = pareto.split_once(',') else {
                return Err(Error::Usage(format!(
                    "--pareto '{pareto}': expected two metric names separated by a comma, e.g. co2_total_kg,wait_mean_s"
                ))
                .into());
            };
            let options = footprint::report::Options {
                week_start,
                pareto: (x.trim().to_string(), y.trim().to_string()),
            };
            let path = footprint::report::write(&run_dir, out.as_deref(), &options)?;
            println!("{}", path.display());
            Ok(())
        }
        Command::Validate { dir, format } => {
            let (results, source) = match &dir {
                Some(dir) => (
                    footprint::validate::validate_dir(dir)?,
                    dir.display().to_string(),
                ),
                None => (
                    footprint::validate::validate_built_in()?,
                    "built-in".to_string(),
                ),
            };
            let misses = results.iter().filter(|r| !r.pass).count();
            let total = results.len();
            match format {
                Format::Text => {
                    print!("{}", footprint::validate::table(&results));
                    println!(
                        "{} of {total} published figures reproduced within tolerance",
                        total - misses,
                    );
                }
                Format::Json => cli::json::print(&cli::json::ValidateReport {
                    source,
                    cases: results,
                    reproduced: total - misses,
                    total,
                })?,
            }
            if misses > 0 {
                return Err(Failure::Missed(misses));
            }
            Ok(())
        }
        Command::Catalog { format } => {
            use footprint::output::factor_table;
            let fail = |e: String| Error::Usage(format!("cannot format the factor table: {e}"));
            match format {
                CatalogFormat::Csv => {
                    let text = factor_table::to_csv(&factor_table::rows())
                        .map_err(|e| fail(e.to_string()))?;
                    print!("{text}");
                    return Ok(());
                }
                CatalogFormat::Json => {
                    let text = factor_table::to_json(&factor_table::rows())
                        .map_err(|e| fail(e.to_string()))?;
                    println!("{text}");
                    return Ok(());
                }
                CatalogFormat::Text => {}
            }
            println!(
                "{:<16} {:>12} {:>8} {:>8} {:>8} {:>9} {:>11} {:>9}  {:<20} aliases",
                "accelerator",
                "peak TFLOP/s",
                "TDP W",
                "idle W",
                "mem GB",
                "kgCO2e",
                "kg Sb-eq",
                "fab L",
                "carbon method"
            );
            for a in CATALOG {
                let e = a.embodied_impacts();
                println!(
                    "{:<16} {:>12.1} {:>8.0} {:>8.1} {:>8.0} {:>9.1} {:>11.5} {:>9.0}  {:<20} {}",
                    a.name,
                    a.peak_flops / 1e12,
                    a.tdp_w,
                    a.idle_power_w,
                    a.memory_gb,
                    e.co2_kg,
                    e.adp_kg_sb_eq,
                    e.water_l,
                    a.embodied.co2_method,
                    a.aliases.join(", ")
                );
            }
            println!(
                "embodied carbon, minerals (ADP) and fab water per accelerator; sources: \
                 `footprint catalog --format csv`"
            );
            Ok(())
        }
        Command::Schema => {
            cli::json::print(&footprint::scenario::json_schema::scenario_schema())?;
            Ok(())
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "footprint",
                &mut std::io::stdout(),
            );
            Ok(())
        }
    }
}

/// `footprint check`: every scenario, each reported (text or one JSON document); fails
/// with the exit code of the first failure.
fn check(scenarios: &[PathBuf], format: Format, limits: Limits) -> Result<(), Failure> {
    if scenarios.iter().filter(|p| cli::input::is_stdin(p)).count() > 1 {
        return Err(Error::Usage("`-` (standard input) may be given once".into()).into());
    }
    let mut entries = Vec::new();
    let mut first_code = None;
    for path in scenarios {
        let checked = cli::input::load(Some(path), &[])
            .and_then(|t| t.check().map(|s| (t, s)))
            .and_then(|(t, mut s)| {
                let predicted = footprint::budget::predict(&s, &limits)?;
                s.warnings.extend(predicted);
                Ok((t, s))
            });
        let shown = path.display().to_string();
        let entry = match checked {
            Ok((t, s)) => {
                let classes = s.workload.synthetic.as_ref().map_or(0, |x| x.classes.len());
                if format == Format::Text {
                    println!(
                        "ok: {shown} ('{}': {} site(s), {} fixed job(s), {classes} job class(es), {} sweep point(s), {} uncertain input(s))",
                        s.name,
                        s.sites.len(),
                        s.workload.fixed.len(),
                        t.points(),
                        t.uncertain.len()
                    );
                    for w in &s.warnings {
                        println!("  warning: {w}");
                    }
                }
                cli::json::CheckEntry {
                    path: shown,
                    ok: true,
                    name: Some(s.name.clone()),
                    sites: Some(s.sites.len()),
                    fixed_jobs: Some(s.workload.fixed.len()),
                    job_classes: Some(classes),
                    sweep_points: Some(t.points()),
                    uncertain_inputs: Some(t.uncertain.len()),
                    warnings: s.warnings.clone(),
                    ..Default::default()
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                let code = cli::exit::code_of(&e);
                first_code.get_or_insert(code);
                cli::json::CheckEntry {
                    path: shown,
                    error: Some(e.to_string()),
                    exit_code: code,
                    ..Default::default()
                }
            }
        };
        entries.push(entry);
    }
    let failed = entries.iter().filter(|e| !e.ok).count();
    if format == Format::Json {
        cli::json::print(&cli::json::CheckReport {
            scenarios: entries,
            failed,
        })?;
    }
    match first_code {
        Some(code) => Err(Failure::CheckFailed {
            failed,
            of: scenarios.len(),
            code,
        }),
        None => Ok(()),
    }
}

/// The headline paired differences of every point against the baseline, with their 95%
/// intervals (all metrics are in `comparisons.csv`).
fn print_deltas(table: &footprint::montecarlo::table::Table, baseline: usize) {
    use footprint::montecarlo::compare::compare;
    if table.point_names.len() < 2 {
        return;
    }
    let headline = [
        ("co2_operational_kg", "tCO2e op.", 1e-3),
        ("co2_marginal_kg", "tCO2e marg.", 1e-3),
        ("water_total_l", "water ML", 1e-6),
        ("cost_total_usd", "cost k$", 1e-3),
        ("wait_mean_s", "wait h", footprint::time::to_hours(1.0)),
    ];
    println!(
        "  paired differences against '{}' (mean [95% CI]; comparisons.csv has every metric):",
        table.point_names[baseline]
    );
    for (p, name) in table.point_names.iter().enumerate() {
        if p == baseline {
            continue;
        }
        let cells: Vec<String> = headline
            .iter()
            .map(|(metric, label, scale)| {
                let Some(m) = table.metric_index("total", metric) else {
                    return format!("{label} –");
                };
                match compare(table, p, baseline, m) {
                    // An absent metric (marginal carbon without a marginal source).
                    Some(c) if c.delta_mean.is_nan() => format!("{label} –"),
                    Some(c) => match c.delta_ci95 {
                        Some((lo, hi)) => format!(
                            "{label} {:+.3} [{:+.3}, {:+.3}]",
                            c.delta_mean * scale,
                            lo * scale,
                            hi * scale
                        ),
                        None => format!("{label} {:+.3}", c.delta_mean * scale),
                    },
                    None => format!("{label} –"),
                }
            })
            .collect();
        println!("    {name}: {}", cells.join("; "));
        // The control-variate estimate of the carbon delta, where it exists.
        if let Some(m) = table.metric_index("total", "co2_operational_kg")
            && let Some(cv) = compare(table, p, baseline, m).and_then(|c| c.cv)
        {
            println!(
                "      tCO2e op. adjusted for offered work (control variate, {} controls): {:+.3} [{:+.3}, {:+.3}]",
                cv.q,
                cv.mean * 1e-3,
                cv.ci95.0 * 1e-3,
                cv.ci95.1 * 1e-3
            );
        }
    }
}

fn print_summary(scenario: &Scenario, outcome: &Outcome) {
    let table = &outcome.table;
    let mean = |p: usize, name: &str| -> f64 {
        let Some(m) = table.metric_index("total", name) else {
            return 0.0;
        };
        let rows: Vec<f64> = table
            .rows
            .iter()
            .filter(|r| r.point == p)
            .map(|r| r.metrics[m])
            .collect();
        if rows.is_empty() {
            0.0
        } else {
            rows.iter().sum::<f64>() / rows.len() as f64
        }
    };
    println!(
        "footprint: scenario '{}' ({})",
        scenario.name, scenario.source
    );
    let reps = outcome.replications_run;
    if table.point_names.len() > 1 || reps > 1 {
        println!(
            "  {} point(s) × {} replication(s); means (95% CI in summary.csv):",
            table.point_names.len(),
            reps
        );
        println!(
            "  {:>12} {:>12} {:>12} {:>12} {:>8} {:>10}  point",
            "MWh fac.", "tCO2e op.", "tCO2e tot.", "water ML", "util %", "peak kW"
        );
        for (p, name) in table.point_names.iter().enumerate() {
            println!(
                "  {:>12.2} {:>12.2} {:>12.2} {:>12.3} {:>8.1} {:>10.1}  {name}",
                mean(p, "facility_energy_kwh") / 1e3,
                mean(p, "co2_operational_kg") / 1e3,
                mean(p, "co2_total_kg") / 1e3,
                mean(p, "water_total_l") / 1e6,
                100.0 * mean(p, "utilization"),
                mean(p, "peak_facility_power_kw"),
            );
        }
        print_deltas(table, outcome.baseline);
    } else {
        println!(
            "  window            {:.1} days, {} jobs submitted, {} completed",
            mean(0, "window_hours") / 24.0,
            mean(0, "jobs_submitted"),
            mean(0, "jobs_completed")
        );
        println!(
            "  energy            {:.2} MWh IT ({:.2} MWh idle), {:.2} MWh facility (PUE {:.3})",
            mean(0, "it_energy_kwh") / 1e3,
            mean(0, "idle_it_energy_kwh") / 1e3,
            mean(0, "facility_energy_kwh") / 1e3,
            mean(0, "pue_effective")
        );
        let above = if scenario
            .sites
            .iter()
            .any(|s| s.grid_connection_limit_kw.is_some())
        {
            format!(
                ", {} h above the grid-connection limit",
                mean(0, "grid_limit_exceeded_hours")
            )
        } else {
            String::new()
        };
        println!(
            "  peak power        {:.1} kW facility (p99 {:.1} kW){above}",
            mean(0, "peak_facility_power_kw"),
            mean(0, "p99_facility_power_kw"),
        );
        println!(
            "  carbon            {:.2} tCO2e operational + {:.2} tCO2e embodied = {:.2} tCO2e life-cycle",
            mean(0, "co2_operational_kg") / 1e3,
            mean(0, "co2_embodied_kg") / 1e3,
            mean(0, "co2_total_kg") / 1e3,
        );
        println!(
            "  scopes            S2 location {:.2} t, S2 market {:.2} t (hourly matching {:.2} t), S3 cat 3 {:.2} t; CFE score {:.3}",
            mean(0, "co2_scope2_location_kg") / 1e3,
            mean(0, "co2_scope2_market_kg") / 1e3,
            mean(0, "co2_scope2_market_hourly_kg") / 1e3,
            mean(0, "co2_scope3_cat3_kg") / 1e3,
            mean(0, "cfe_score"),
        );
        println!(
            "  water             {:.1} m³ on-site + {:.1} m³ off-site",
            mean(0, "water_onsite_l") / 1e3,
            mean(0, "water_offsite_l") / 1e3
        );
        println!(
            "  cost              ${:.0} electricity + ${:.0} hardware",
            mean(0, "energy_cost_usd"),
            mean(0, "hardware_cost_usd")
        );
        println!(
            "  GPU-hours         {:.0} ({:.1}% utilisation)",
            mean(0, "gpu_hours"),
            100.0 * mean(0, "utilization")
        );
        println!(
            "  mean wait         {:.2} h",
            to_hours(mean(0, "wait_mean_s"))
        );
    }
    println!(
        "  wrote             {} ({})",
        outcome.folder.display(),
        outcome.files.join(", ")
    );
    println!(
        "  wall time         {:.2} s, {} events",
        outcome.wall_time_s, outcome.events
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_default_to_every_ten_seconds() {
        // A setting in the environment replaces the default: nothing to compare then.
        if std::env::var_os("FOOTPRINT_PROGRESS_SECONDS").is_some() {
            return;
        }
        let cli = Cli::try_parse_from(["footprint", "run"]).expect("parses");
        let Command::Run { progress_every, .. } = cli.command else {
            panic!("not run");
        };
        assert_eq!(progress_every, std::time::Duration::from_secs(10));
    }

    #[test]
    fn every_command_has_an_example() {
        let cli = Cli::command();
        for sub in cli.get_subcommands() {
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                help.starts_with("Example") && help.contains("footprint "),
                "{} has no example in --help",
                sub.get_name()
            );
        }
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
