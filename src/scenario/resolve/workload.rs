//! Jobs and job classes: sizes, durations, deadlines, site restrictions, checkpoints.

use super::*;
use crate::engine::SimTime;
use crate::scenario::schema::ArrivalsSection;
use crate::time::zone::Zone;
use crate::time::{SECONDS_PER_DAY, hours_to_s, to_days, to_hours};
use crate::workload::arrivals::{HELIOS_VENUS, WeeklyProfile};

pub(super) fn site_index(
    c: &mut Checker,
    sites: &[SiteConfig],
    name: &Option<String>,
    key: &str,
) -> Option<u16> {
    match name {
        None => Some(0),
        Some(n) => match sites.iter().position(|s| &s.name == n) {
            Some(i) => Some(i as u16),
            None => {
                let names: Vec<&str> = sites.iter().map(|s| s.name.as_str()).collect();
                c.fail(
                    key,
                    format!("no site named '{n}': expected one of {}", names.join(", ")),
                );
                None
            }
        },
    }
}

pub(super) fn check_gpus(c: &mut Checker, gpus: u32, site: &SiteConfig, key: &str) -> bool {
    if gpus == 0 {
        c.fail(key, "expected at least 1 GPU, found 0");
        return false;
    }
    let gpn = site.node.gpus_per_node;
    let slots = if gpus >= gpn {
        u64::from(gpus.div_ceil(gpn)) * u64::from(gpn)
    } else {
        u64::from(gpus)
    };
    if slots > site.total_gpus() {
        c.fail(
            key,
            format!(
                "a job of {gpus} GPUs cannot fit on site '{}' ({} nodes × {gpn} = {} GPUs)",
                site.name,
                site.nodes,
                site.total_gpus()
            ),
        );
        return false;
    }
    true
}

pub(super) fn check_utilization(c: &mut Checker, u: f64, key: &str) {
    c.range(key, u, 0.0, 1.0, "a utilisation in [0, 1]");
}

pub(super) fn check_mfu(c: &mut Checker, mfu: Option<f64>, key: &str) -> Option<f64> {
    match mfu {
        Some(m) if m.is_finite() && m > 0.0 && m <= 1.0 => Some(m),
        Some(m) => {
            c.fail(
                key,
                format!("expected a model FLOPs utilisation in (0, 1], found {m}"),
            );
            None
        }
        None => {
            c.fail(key, "expected mfu with parameters and tokens");
            None
        }
    }
}

pub(super) fn resolve_fixed(
    c: &mut Checker,
    job: &FixedJob,
    key: &str,
    sites: &[SiteConfig],
    duration_s: Option<u64>,
) -> Option<FixedJobConfig> {
    let before = c.problems.len();
    let site = site_index(c, sites, &job.site, &format!("{key}.site"))?;
    let s = &sites[site as usize];
    let fits = check_gpus(c, job.gpus, s, &format!("{key}.gpus"));
    if job.count == 0 || job.count > MAX_FIXED_COPIES {
        c.fail(
            &format!("{key}.count"),
            format!("expected 1 to {MAX_FIXED_COPIES}, found {}", job.count),
        );
    }
    check_utilization(c, job.gpu_utilization, &format!("{key}.gpu_utilization"));
    if c.range(
        &format!("{key}.arrival_hours"),
        job.arrival_hours,
        0.0,
        MAX_DAYS * 24.0,
        "hours ≥ 0",
    ) && let Some(window) = duration_s
        && hours_to_s(job.arrival_hours) >= window as f64
    {
        c.fail(
            &format!("{key}.arrival_hours"),
            format!(
                "{} h is not before the end of the window ({} h)",
                job.arrival_hours,
                to_hours(window as f64)
            ),
        );
    }
    let given = [
        job.duration_hours.is_some(),
        job.gpu_hours.is_some(),
        job.parameters.is_some() || job.tokens.is_some(),
    ];
    let duration = if given.iter().filter(|&&g| g).count() != 1 {
        c.fail(
            key,
            "expected exactly one of duration_hours, gpu_hours, or parameters + tokens + mfu",
        );
        None
    } else if let Some(h) = job.duration_hours {
        c.range(
            &format!("{key}.duration_hours"),
            h,
            to_hours(1.0),
            MAX_JOB_HOURS,
            "hours from 1 s to 1,000 years",
        )
        .then(|| seconds_to_whole(hours_to_s(h)))
    } else if let Some(gh) = job.gpu_hours {
        let ok = c.range(
            &format!("{key}.gpu_hours"),
            gh / f64::from(job.gpus.max(1)),
            to_hours(1.0),
            MAX_JOB_HOURS,
            "GPU-hours giving a duration from 1 s to 1,000 years",
        );
        (ok && fits).then(|| seconds_to_whole(hours_to_s(gh) / f64::from(job.gpus)))
    } else {
        model_duration(c, job.parameters, job.tokens, job.mfu, key).and_then(|(n, d, m)| {
            let hours = to_hours(training_seconds(
                n,
                d,
                job.gpus.max(1),
                s.node.accelerator.peak_flops,
                m,
            ));
            let ok = c.range(
                &format!("{key}.parameters"),
                hours,
                0.0,
                MAX_JOB_HOURS,
                "a model size whose training lasts at most 1,000 years (6·N·D / (g·peak·MFU))",
            );
            (fits && ok)
                .then(|| duration_from_model_size(n, d, job.gpus, s.node.accelerator.peak_flops, m))
        })
    };
    if job.mfu.is_some() && job.parameters.is_none() {
        c.fail(
            &format!("{key}.mfu"),
            "only applies with parameters and tokens",
        );
    }
    let (flex, deadline_after_arrival_s) = resolve_flex(
        c,
        key,
        FlexInput {
            deadline_or_slack_hours: job.deadline_hours,
            deadline_key: "deadline_hours",
            allowed_sites: &job.allowed_sites,
            priority: job.priority,
            interruptible: job.interruptible,
            checkpoint_interval_hours: job.checkpoint_interval_hours,
            checkpoint_young_daly: job.checkpoint_young_daly,
            checkpoint_write_s: job.checkpoint_write_s,
            restart_s: job.restart_s,
        },
        sites,
    );
    if flex.allowed_sites & (1u64 << site.min(63)) == 0 {
        c.fail(
            &format!("{key}.site"),
            format!(
                "site '{}' is not among the job's allowed_sites",
                sites[site as usize].name
            ),
        );
    }
    if let (Some(d), Some(duration)) = (deadline_after_arrival_s, duration)
        && d < duration
    {
        c.fail(
            &format!("{key}.deadline_hours"),
            format!(
                "{} h is shorter than the job itself ({} h)",
                to_hours(d as f64),
                to_hours(duration as f64)
            ),
        );
    }
    if c.problems.len() > before {
        return None;
    }
    Some(FixedJobConfig {
        label: 0,
        site,
        arrival_s: hours_to_s(job.arrival_hours).round() as u64,
        gpus: job.gpus,
        duration_s: duration?,
        gpu_utilization: job.gpu_utilization,
        deadline_after_arrival_s,
        flex,
    })
}

pub(super) fn model_duration(
    c: &mut Checker,
    parameters: Option<f64>,
    tokens: Option<f64>,
    mfu: Option<f64>,
    key: &str,
) -> Option<(f64, f64, f64)> {
    let n = parameters.filter(|&n| c.positive(&format!("{key}.parameters"), n));
    let d = tokens.filter(|&d| c.positive(&format!("{key}.tokens"), d));
    if parameters.is_none() {
        c.fail(
            &format!("{key}.parameters"),
            "expected the parameter count with tokens",
        );
    }
    if tokens.is_none() {
        c.fail(
            &format!("{key}.tokens"),
            "expected the token count with parameters",
        );
    }
    let m = check_mfu(c, mfu, &format!("{key}.mfu"));
    Some((n?, d?, m?))
}

pub(super) fn resolve_class(
    c: &mut Checker,
    class: &JobClass,
    key: &str,
    sites: &[SiteConfig],
    label: u32,
) -> Option<JobClassConfig> {
    let before = c.problems.len();
    let site = site_index(c, sites, &class.site, &format!("{key}.site"))?;
    let s = &sites[site as usize];
    if class.name.trim().is_empty() {
        c.fail(&format!("{key}.name"), "expected a non-empty name");
    }
    c.positive(&format!("{key}.share"), class.share);
    if class.gpus.is_empty() {
        c.fail(
            &format!("{key}.gpus"),
            "expected a non-empty list of GPU counts",
        );
    }
    for (j, &g) in class.gpus.iter().enumerate() {
        check_gpus(c, g, s, &format!("{key}.gpus[{j}]"));
    }
    check_utilization(c, class.gpu_utilization, &format!("{key}.gpu_utilization"));
    let lognormal =
        class.duration_lognormal_mu.is_some() || class.duration_lognormal_sigma.is_some();
    let model = class.parameters.is_some() || class.tokens.is_some();
    let duration = match (lognormal, model) {
        (true, false) => {
            if class.mfu.is_some() {
                c.fail(
                    &format!("{key}.mfu"),
                    "only applies with parameters and tokens",
                );
            }
            let mu = class.duration_lognormal_mu;
            let sigma = class.duration_lognormal_sigma;
            if mu.is_none() {
                c.fail(
                    &format!("{key}.duration_lognormal_mu"),
                    "expected with duration_lognormal_sigma",
                );
            }
            if sigma.is_none() {
                c.fail(
                    &format!("{key}.duration_lognormal_sigma"),
                    "expected with duration_lognormal_mu",
                );
            }
            let mu_ok = mu.is_some_and(|m| {
                c.range(
                    &format!("{key}.duration_lognormal_mu"),
                    m,
                    -10.0,
                    30.0,
                    "ln(seconds) from -10 to 30",
                )
            });
            let sigma_ok = sigma.is_some_and(|v| {
                c.range(
                    &format!("{key}.duration_lognormal_sigma"),
                    v,
                    0.0,
                    10.0,
                    "a σ from 0 to 10",
                )
            });
            let max_s = match class.duration_max_hours {
                Some(h) => c
                    .positive(&format!("{key}.duration_max_hours"), h)
                    .then(|| hours_to_s(h).round().max(1.0) as u64),
                None => Some(u64::MAX),
            };
            match (mu, sigma, max_s) {
                (Some(mu), Some(sigma), Some(max_s)) if mu_ok && sigma_ok => {
                    Some(DurationModel::LogNormal { mu, sigma, max_s })
                }
                _ => None,
            }
        }
        (false, true) => {
            if class.duration_max_hours.is_some() {
                c.fail(
                    &format!("{key}.duration_max_hours"),
                    "only applies to log-normal durations",
                );
            }
            model_duration(c, class.parameters, class.tokens, class.mfu, key).map(
                |(parameters, tokens, mfu)| DurationModel::ModelSize {
                    parameters,
                    tokens,
                    mfu,
                    peak_flops: s.node.accelerator.peak_flops,
                },
            )
        }
        _ => {
            c.fail(
                key,
                "expected exactly one duration model: duration_lognormal_mu + duration_lognormal_sigma, or \
                 parameters + tokens + mfu",
            );
            None
        }
    };
    let (flex, slack_s) = resolve_flex(
        c,
        key,
        FlexInput {
            deadline_or_slack_hours: class.slack_hours,
            deadline_key: "slack_hours",
            allowed_sites: &class.allowed_sites,
            priority: class.priority,
            interruptible: class.interruptible,
            checkpoint_interval_hours: class.checkpoint_interval_hours,
            checkpoint_young_daly: class.checkpoint_young_daly,
            checkpoint_write_s: class.checkpoint_write_s,
            restart_s: class.restart_s,
        },
        sites,
    );
    if flex.allowed_sites & (1u64 << site.min(63)) == 0 {
        c.fail(
            &format!("{key}.site"),
            format!(
                "site '{}' is not among the class's allowed_sites",
                sites[site as usize].name
            ),
        );
    }
    if c.problems.len() > before {
        return None;
    }
    Some(JobClassConfig {
        label,
        site,
        share: class.share,
        gpus: class.gpus.clone(),
        duration: duration?,
        gpu_utilization: class.gpu_utilization,
        slack_s,
        flex,
    })
}

pub(super) fn resolve_workload(
    c: &mut Checker,
    raw: &ScenarioFile,
    sites: &[SiteConfig],
    duration_s: Option<u64>,
    start_unix: i64,
    data: (&Path, &DataCache),
) -> WorkloadConfig {
    let w = &raw.workload;
    let mut labels = Vec::new();
    let mut fixed = Vec::new();
    if w.jobs.is_empty()
        && w.classes.is_empty()
        && w.trace_csv.is_none()
        && w.trace.is_none()
        && raw.projection.is_none()
    {
        c.fail(
            "workload",
            "expected at least one [[workload.jobs]], [[workload.classes]], a trace_csv or a [workload.trace]",
        );
    }
    if let Some(trace) = super::trace::load_trace(c, w, start_unix, data) {
        replay_trace(c, &trace, sites, duration_s, &mut labels, &mut fixed);
    }
    for (i, job) in w.jobs.iter().enumerate() {
        let key = format!("workload.jobs[{i}]");
        if let Some(mut f) = resolve_fixed(c, job, &key, sites, duration_s) {
            f.label = labels.len() as u32;
            labels.push(job.name.clone().unwrap_or_else(|| format!("job-{i}")));
            for _ in 0..job.count {
                fixed.push(f);
            }
        }
    }
    fixed.sort_by_key(|f| f.arrival_s);
    let synthetic = if w.classes.is_empty() {
        if w.arrivals.is_some() {
            c.fail(
                "workload.arrivals",
                "only applies with [[workload.classes]]",
            );
        }
        None
    } else {
        if duration_s.is_none() {
            c.fail(
                "simulation.duration_days",
                "expected a window length: synthetic arrivals ([[workload.classes]]) need one",
            );
        }
        let rate_per_s = match &w.arrivals {
            None => {
                c.fail(
                    "workload.arrivals",
                    "expected jobs_per_day or jobs_per_year for [[workload.classes]]",
                );
                None
            }
            Some(a) => match (a.jobs_per_day, a.jobs_per_year) {
                (Some(d), None) => c
                    .positive("workload.arrivals.jobs_per_day", d)
                    .then(|| to_days(d)),
                (None, Some(y)) => c
                    .positive("workload.arrivals.jobs_per_year", y)
                    .then(|| y / (365.0 * SECONDS_PER_DAY as f64)),
                _ => {
                    c.fail(
                        "workload.arrivals",
                        "expected exactly one of jobs_per_day or jobs_per_year",
                    );
                    None
                }
            },
        };
        let mut classes = Vec::new();
        for (i, class) in w.classes.iter().enumerate() {
            let label = labels.len() as u32;
            if let Some(cfg) =
                resolve_class(c, class, &format!("workload.classes[{i}]"), sites, label)
            {
                labels.push(class.name.clone());
                classes.push(cfg);
            }
        }
        if let (Some(rate), Some(window)) = (rate_per_s, duration_s)
            && rate * window as f64 > MAX_EXPECTED_ARRIVALS
        {
            c.fail(
                "workload.arrivals",
                format!("{:.3e} expected arrivals in the window: expected at most {MAX_EXPECTED_ARRIVALS:.0e}", rate * window as f64),
            );
        }
        let profile = w.arrivals.as_ref().and_then(|a| weekly_profile(c, a));
        rate_per_s.map(|rate_per_s| SyntheticConfig {
            rate_per_s,
            classes,
            profile,
            start_unix,
        })
    };
    WorkloadConfig {
        labels,
        fixed,
        synthetic,
    }
}

/// The operations fields shared by fixed jobs and classes.
pub(super) struct FlexInput<'a> {
    deadline_or_slack_hours: Option<f64>,
    deadline_key: &'static str,
    allowed_sites: &'a Option<Vec<String>>,
    priority: u8,
    interruptible: bool,
    checkpoint_interval_hours: Option<f64>,
    checkpoint_young_daly: bool,
    checkpoint_write_s: Option<f64>,
    restart_s: Option<f64>,
}

/// Default checkpoint write time, s: an assumption (Llama 3 checkpoints are 1 MB–4 GB per
/// GPU, `shared/data/failures/training_run_interruptions.csv`, which parallel file
/// systems write in well under a minute).
pub const DEFAULT_CHECKPOINT_WRITE_S: f64 = 60.0;
/// Default time from an interruption to computing again, s: an assumption (detection,
/// swapping the node and reloading; BLOOM lost 1.5 h per crash on average including lost
/// work, `training_run_interruptions.csv`).
pub const DEFAULT_RESTART_S: f64 = 600.0;

/// The flexibility of a fixed job or a class, and its deadline (a fixed job: s after the
/// arrival) or slack (a class: s beyond arrival + duration), which the job stream turns into
/// the instant [`Flexibility::deadline_at_s`] at submission.
pub(super) fn resolve_flex(
    c: &mut Checker,
    key: &str,
    f: FlexInput<'_>,
    sites: &[SiteConfig],
) -> (Flexibility, Option<SimTime>) {
    let deadline_or_slack_s = f.deadline_or_slack_hours.and_then(|h| {
        c.range(
            &format!("{key}.{}", f.deadline_key),
            h,
            0.0,
            MAX_DAYS * 24.0,
            "hours ≥ 0",
        )
        .then(|| hours_to_s(h).round() as u64)
    });
    let allowed_sites = match f.allowed_sites {
        None => u64::MAX,
        Some(names) => {
            let mut mask = 0u64;
            for (j, n) in names.iter().enumerate() {
                match sites.iter().position(|s| &s.name == n) {
                    Some(i) if i < 64 => mask |= 1 << i,
                    _ => c.fail(
                        &format!("{key}.allowed_sites[{j}]"),
                        format!("no site named '{n}'"),
                    ),
                }
            }
            if names.is_empty() {
                c.fail(
                    &format!("{key}.allowed_sites"),
                    "expected at least one site",
                );
            }
            mask
        }
    };
    let interval = match (f.checkpoint_interval_hours, f.checkpoint_young_daly) {
        (Some(_), true) => {
            c.fail(
                key,
                "give checkpoint_interval_hours or checkpoint_young_daly, not both",
            );
            CheckpointInterval::Never
        }
        (Some(h), false) => {
            c.positive(&format!("{key}.checkpoint_interval_hours"), h);
            CheckpointInterval::Fixed(hours_to_s(h))
        }
        (None, true) => CheckpointInterval::YoungDaly,
        (None, false) => CheckpointInterval::Never,
    };
    let write = f.checkpoint_write_s.unwrap_or(DEFAULT_CHECKPOINT_WRITE_S);
    let restart = f.restart_s.unwrap_or(DEFAULT_RESTART_S);
    c.range(
        &format!("{key}.checkpoint_write_s"),
        write,
        0.0,
        SECONDS_PER_DAY as f64,
        "seconds from 0 to 86400",
    );
    c.range(
        &format!("{key}.restart_s"),
        restart,
        0.0,
        30.0 * SECONDS_PER_DAY as f64,
        "seconds from 0 to 30 days",
    );
    if f.interruptible && deadline_or_slack_s.is_none() {
        c.fail(
            &format!("{key}.interruptible"),
            format!("only applies to deferrable jobs (with {})", f.deadline_key),
        );
    }
    let flex = Flexibility {
        deadline_at_s: None,
        allowed_sites,
        priority: f.priority,
        interruptible: f.interruptible,
        checkpoint: CheckpointPolicy {
            interval,
            write_s: write.round() as u64,
            restart_s: restart.round() as u64,
        },
    };
    (flex, deadline_or_slack_s)
}

/// The weekly profile of `[workload.arrivals]`, if one is given.
fn weekly_profile(c: &mut Checker, a: &ArrivalsSection) -> Option<WeeklyProfile> {
    let offset = a.utc_offset_hours.unwrap_or(0);
    if !(-12..=14).contains(&offset) {
        c.fail(
            "workload.arrivals.utc_offset_hours",
            format!("expected hours from -12 to 14, found {offset}"),
        );
    }
    let zone = match &a.timezone {
        Some(_) if a.utc_offset_hours.is_some() => {
            c.fail(
                "workload.arrivals",
                "give timezone or utc_offset_hours, not both",
            );
            None
        }
        Some(name) => Zone::named(name)
            .map_err(|e| c.fail("workload.arrivals.timezone", e))
            .ok(),
        None => Zone::fixed_hours(offset).ok(),
    };
    let factors: &[f64] = match (&a.profile, &a.weekly_profile) {
        (Some(_), Some(_)) => {
            c.fail(
                "workload.arrivals",
                "give profile or weekly_profile, not both",
            );
            return None;
        }
        (Some(name), None) if name == "helios-venus" => &HELIOS_VENUS,
        (Some(name), None) => {
            c.fail(
                "workload.arrivals.profile",
                format!("unknown profile '{name}': expected helios-venus"),
            );
            return None;
        }
        (None, Some(f)) => f,
        (None, None) => {
            for (given, which) in [
                (a.utc_offset_hours.is_some(), "utc_offset_hours"),
                (a.timezone.is_some(), "timezone"),
            ] {
                if given {
                    c.fail(
                        &format!("workload.arrivals.{which}"),
                        "only applies with profile or weekly_profile",
                    );
                }
            }
            return None;
        }
    };
    WeeklyProfile::new(factors, zone?)
        .map_err(|e| c.fail("workload.arrivals.weekly_profile", e))
        .ok()
}

/// Adds the jobs of a trace to the fixed jobs; arrivals at or after the window's end are
/// left out (a trace may be longer than the window).
fn replay_trace(
    c: &mut Checker,
    trace: &super::trace::LoadedTrace,
    sites: &[SiteConfig],
    duration_s: Option<u64>,
    labels: &mut Vec<String>,
    fixed: &mut Vec<FixedJobConfig>,
) {
    let key = trace.key;
    let mut names: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let shown = trace.path.display();
    for job in trace.jobs.iter() {
        if duration_s.is_some_and(|w| job.arrival_s >= w) {
            continue;
        }
        let line_key = format!("{key}: {shown} line {}", job.line);
        let before = c.problems.len();
        let site = match site_index(c, sites, &job.site, &line_key) {
            Some(s) => s,
            None => continue,
        };
        check_gpus(c, job.gpus, &sites[site as usize], &line_key);
        if c.problems.len() > before {
            if c.problems.len() > 20 {
                return c.fail(key, "more problems in the trace not shown");
            }
            continue;
        }
        let name = job.name.clone().unwrap_or_else(|| "trace".to_string());
        let label = *names.entry(name.clone()).or_insert_with(|| {
            labels.push(name);
            (labels.len() - 1) as u32
        });
        fixed.push(FixedJobConfig {
            label,
            site,
            arrival_s: job.arrival_s,
            gpus: job.gpus,
            duration_s: job.duration_s,
            gpu_utilization: job.gpu_utilization.unwrap_or(1.0),
            deadline_after_arrival_s: None,
            flex: Flexibility::default(),
        });
    }
}
