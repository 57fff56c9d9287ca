//! The `footprint` command line.

use clap::{Parser, Subcommand};
use footprint::Error;
use footprint::hardware::CATALOG;
use footprint::output::RunFolder;
use footprint::scenario::Scenario;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Simulates what training AI models costs in energy, carbon and embodied hardware.
#[derive(Parser)]
#[command(name = "footprint", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs a scenario (the built-in default when none is given) and writes a run folder.
    Run {
        /// Scenario file (TOML). Omit to run the built-in default.
        scenario: Option<PathBuf>,
        /// Output folder (must not exist or be empty). Default: results/<name>-<UTC time>.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Base seed, replacing simulation.seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Skip jobs.csv (large for big workloads).
        #[arg(long)]
        no_jobs: bool,
        /// No progress bar and no summary on stdout (the run folder path is still printed).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Checks scenario files without running them.
    Check {
        /// Scenario files.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// Runs the reference scenarios and compares them with published footprints.
    Validate {
        /// Folder of reference scenarios.
        #[arg(default_value = "scenarios/reference")]
        dir: PathBuf,
    },
    /// Lists the built-in accelerators.
    Catalog,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match execute(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn load(path: Option<&PathBuf>) -> Result<Scenario, Error> {
    match path {
        Some(p) => Scenario::from_file(p),
        None => Scenario::built_in_default(),
    }
}

fn execute(command: Command) -> Result<(), Error> {
    match command {
        Command::Run { scenario, out, seed, no_jobs, quiet } => {
            let mut scenario = load(scenario.as_ref())?;
            if let Some(seed) = seed {
                scenario.seed = seed;
            }
            if no_jobs {
                scenario.output.jobs_csv = false;
            }
            for w in &scenario.warnings {
                eprintln!("warning: {w}");
            }
            let folder = match out {
                Some(dir) => RunFolder::create(dir)?,
                None => RunFolder::create_timestamped(&PathBuf::from("results"), &scenario.name)?,
            };
            let bar = progress_bar(&scenario, quiet);
            let mut tick = |t: u64| {
                if let Some(b) = &bar {
                    b.set_position(t / 3_600);
                }
            };
            let progress: Option<&mut dyn FnMut(u64)> = if bar.is_some() { Some(&mut tick) } else { None };
            let run = footprint::run::run_to_folder(&scenario, folder, progress)?;
            if let Some(b) = &bar {
                b.finish_and_clear();
            }
            if quiet {
                println!("{}", run.folder.display());
            } else {
                print_summary(&scenario, &run);
            }
            Ok(())
        }
        Command::Check { scenarios } => {
            let mut failed = 0;
            for path in &scenarios {
                match Scenario::from_file(path) {
                    Ok(s) => {
                        let classes = s.workload.synthetic.as_ref().map_or(0, |x| x.classes.len());
                        println!(
                            "ok: {} ('{}': {} site(s), {} fixed job(s), {} job class(es))",
                            path.display(),
                            s.name,
                            s.sites.len(),
                            s.workload.fixed.len(),
                            classes
                        );
                        for w in &s.warnings {
                            println!("  warning: {w}");
                        }
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        failed += 1;
                    }
                }
            }
            if failed > 0 {
                return Err(Error::Usage(format!("{failed} of {} scenario(s) failed the check", scenarios.len())));
            }
            Ok(())
        }
        Command::Validate { dir } => {
            let results = footprint::validate::validate_dir(&dir)?;
            print!("{}", footprint::validate::table(&results));
            let misses = results.iter().filter(|r| !r.pass).count();
            println!("{} of {} published figures reproduced within tolerance", results.len() - misses, results.len());
            if misses > 0 {
                return Err(Error::Usage(format!("{misses} published figure(s) missed")));
            }
            Ok(())
        }
        Command::Catalog => {
            println!(
                "{:<16} {:>12} {:>8} {:>8} {:>8} {:>14}  aliases",
                "accelerator", "peak TFLOP/s", "TDP W", "idle W", "mem GB", "embodied kgCO2e"
            );
            for a in CATALOG {
                println!(
                    "{:<16} {:>12.1} {:>8.0} {:>8.1} {:>8.0} {:>14}  {}",
                    a.name,
                    a.peak_flops / 1e12,
                    a.tdp_w,
                    a.idle_power_w,
                    a.memory_gb,
                    a.embodied_kg_co2e.map_or("unknown".to_string(), |v| format!("{v:.0}")),
                    a.aliases.join(", ")
                );
            }
            Ok(())
        }
    }
}

fn progress_bar(scenario: &Scenario, quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let hours = scenario.duration_s.map(|s| s / 3_600);
    let bar = match hours {
        Some(h) if !scenario.drain => ProgressBar::new(h),
        _ => ProgressBar::new_spinner(),
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} simulating [{bar:40}] {pos}/{len} h  {elapsed} (eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    Some(bar)
}

fn print_summary(scenario: &Scenario, run: &footprint::run::FolderRun) {
    let get = |name: &str| {
        run.metrics.iter().find(|m| m.scope == "total" && m.name == name).map_or(0.0, |m| m.value)
    };
    println!("footprint: scenario '{}' ({})", scenario.name, scenario.source);
    println!(
        "  window            {:.1} days, {} jobs submitted, {} completed",
        get("window_hours") / 24.0,
        get("jobs_submitted"),
        get("jobs_completed")
    );
    println!(
        "  energy            {:.2} MWh IT ({:.2} MWh idle), {:.2} MWh facility",
        get("it_energy_kwh") / 1e3,
        get("idle_it_energy_kwh") / 1e3,
        get("facility_energy_kwh") / 1e3
    );
    println!(
        "  carbon            {:.2} tCO2e operational + {:.2} tCO2e embodied = {:.2} tCO2e",
        get("co2_operational_kg") / 1e3,
        get("co2_embodied_kg") / 1e3,
        get("co2_total_kg") / 1e3
    );
    println!(
        "  GPU-hours         {:.0} ({:.1}% utilisation)",
        get("gpu_hours"),
        100.0 * get("utilization")
    );
    println!("  mean wait         {:.2} h", get("wait_mean_s") / 3_600.0);
    println!("  wrote             {} ({})", run.folder.display(), run.files.join(", "));
    println!("  wall time         {:.2} s, {} events", run.wall_time_s, run.result.events);
}
