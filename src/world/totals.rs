//! A site's totals at the end of a replication, from its hourly ledger and job aggregates.

use super::site_state::{SiteState, job_lane};
use crate::engine::{SECONDS_PER_HOUR, SimTime};
use crate::results::{SiteOps, SiteTotals, WeatherColumns};

/// Totals of one site over the window `[0, end)`.
pub(super) fn site_totals(site: SiteState, end: SimTime, window_h: f64) -> SiteTotals {
    let mut site = site;
    let hours_needed = end.div_ceil(SECONDS_PER_HOUR) as usize;
    while site.hours_base + site.hours.len() < hours_needed {
        let h = site.hours_base + site.hours.len();
        site.hours.push_back(crate::accounting::HourRow {
            factors: site.intensity.hour(h),
            ..Default::default()
        });
    }
    site.hours
        .truncate(hours_needed.saturating_sub(site.hours_base));
    let last_seconds = (end - (hours_needed as u64).saturating_sub(1) * SECONDS_PER_HOUR) as f64;
    site.match_hours_before(hours_needed, last_seconds);
    // The rows kept follow the folded ones: the sums see every hour in order either way.
    let mut folded = site.folded;
    for (i, row) in site.hours.iter().enumerate() {
        let hour_start = (site.hours_base + i) as u64 * SECONDS_PER_HOUR;
        let seconds = end.saturating_sub(hour_start).min(SECONDS_PER_HOUR);
        folded.add(row, seconds as f64);
    }
    let peak = folded.peak.summary();
    let (totals, idle, allocated) = (folded.site, folded.idle, folded.allocated_gpu_s);
    let site_charges = totals.value();
    let config = &site.config;
    let matching = site.matching.summary();
    let gpus = config.total_gpus();
    let provisioned = (config.node.accelerator.embodied.co2_kg * gpus as f64
        + config.node.server_embodied.co2_kg * f64::from(config.nodes))
        * window_h
        / config.embodied_amortisation_hours;
    let spilled = site.spilled.take();
    let a = &site.agg;
    let held = a.per_job.value(job_lane::HELD_WALL_S);
    SiteTotals {
        name: config.name.clone(),
        gpus,
        site: site_charges,
        water_offsite_withdrawal_l: folded.water_offsite_withdrawal_l.value(),
        water_scarcity_weighted_l: site_charges.water_total_l() * site.config.water.scarcity_factor,
        jobs: a.job_totals.value(),
        idle: idle.value(),
        matching,
        co2_scope2_market_kg: crate::accounting::matching::annual_market_kg(
            &matching,
            &config.procurement,
            window_h,
        ),
        co2_scope1_kg: config.scope1_kg_per_year * window_h / 8_760.0,
        hardware_cost_usd: a.per_job.value(job_lane::HARDWARE_COST),
        co2_embodied_kg: a.per_job.value(job_lane::EMBODIED),
        co2_embodied_provisioned_kg: provisioned,
        adp_kg_sb_eq: a.per_job.value(job_lane::ADP),
        water_embodied_l: a.per_job.value(job_lane::WATER_EMBODIED),
        gpu_hours: a.per_job.value(job_lane::GPU_HOURS),
        allocated_gpu_s: allocated.value(),
        jobs_submitted: a.submitted,
        jobs_completed: a.completed,
        jobs_running: a.cut_off,
        jobs_queued: a.never_started,
        wait_sum_s: a.wait_sum_s.value(),
        jobs_started: a.started,
        wait_max_s: a.wait_max_s,
        peak,
        weather: WeatherColumns {
            dry_bulb_c: site.intensity.series().dry_bulb_c.clone(),
            wet_bulb_c: site.intensity.series().wet_bulb_c.clone(),
        },
        ops: SiteOps {
            wait_p95_s: a.waits.quantile(0.95),
            bounded_slowdown_mean: if a.completed > 0 {
                a.slowdown_sum.value() / a.completed as f64
            } else {
                0.0
            },
            useful_gpu_hours: a.per_job.value(job_lane::USEFUL_GPU_HOURS),
            held_gpu_hours: a.per_job.value(job_lane::GPU_HOURS),
            interruptions: a.interruptions,
            checkpoints: a.checkpoints,
            pauses: a.pauses,
            lost_gpu_hours: a.lost_gpu_hours.value(),
            lost: a.lost.value(),
            deadline_jobs: a.deadline_jobs,
            deadline_misses: a.deadline_misses,
            makespan_s: a.makespan_s as f64,
            effective_training_fraction: if held > 0.0 {
                a.per_job.value(job_lane::USEFUL_WALL_S) / held
            } else {
                0.0
            },
        },
        // When spooling, the rows folded after the caller last took them (at the window's
        // end) come first.
        hours: match spilled {
            Some(mut rows) => {
                rows.extend(site.hours);
                rows
            }
            None if site.fold_hours => Vec::new(),
            None => site.hours.into(),
        },
    }
}
