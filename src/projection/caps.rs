//! Caps on one training run (`[projection.caps]`): facility power, accelerator supply and
//! budget. Growth alone extrapolates frontier compute without limit; these caps say what
//! one run can draw, use and cost in a year, so that the projection stops where the
//! physical and financial limits are.
//!
//! **Rule.** For a run of a class whose training time is `d` seconds in year `t`, on the
//! year's accelerator (peak `F` FLOP/s at MFU `u`), each cap allows at most `N` accelerators:
//!
//! - power: `N_power = P(t) / w`, with `P(t)` the power cap and `w` the facility power of
//!   one busy accelerator: (its power at full utilisation + the host's busy power per
//!   accelerator) × the mean PUE of the region's series that year; the largest `w` over the
//!   regions, so the cap holds wherever the run lands;
//! - supply: `N_supply = share × S(t) × F_H100 / F`, `S(t)` the accelerators produced that
//!   year in H100-equivalents (`F_H100` the H100's peak FLOP/s);
//! - budget: `N_budget = B(t) / (c · d_h)`, `c` the cost of one accelerator-hour (its
//!   amortised price + the electricity of `w`), the largest over the regions, `d_h` = `d`
//!   in hours.
//!
//! The run's compute is then at most `cap = N_cap · F · u · d`, `N_cap` the smallest of them
//! rounded down to whole servers: `compute = min(drawn compute, cap)`.
//!
//! The frontier trend is limited too, so that the rest of the workload follows the capped
//! frontier and not the unlimited trend: `frontier(t) = min(growth trend(t), cap of a
//! frontier run(t) / 10^(1.645 · σ))`, σ the frontier class's `compute_sd_log10`. When a cap
//! binds it thus sits at the 95th percentile of the frontier runs' compute (the runs above
//! it are held at it): a cap on one run limits the year's largest runs, not every frontier
//! run; the other classes keep their fraction of the limited frontier. The constraint reported for a year is the one with the smallest `N`
//! for a frontier run, when the trend or any run was limited; otherwise growth.

use crate::scenario::projection_schema::CapsSection;

/// Which limit set the compute of the year's runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Constraint {
    /// Growth: no cap was reached.
    #[default]
    Growth,
    /// `largest_run_power_mw`.
    Power,
    /// `accelerator_supply_h100e` × `largest_run_supply_share`.
    Supply,
    /// `largest_run_cost_usd`.
    Budget,
}

/// What the caps of one year need to know about the year's hardware and regions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HardwareContext {
    /// Peak FLOP/s of the year's accelerator.
    pub peak_flops: f64,
    /// MFU of the year.
    pub mfu: f64,
    /// Facility power of one busy accelerator, W (largest over the regions).
    pub facility_w_per_accelerator: f64,
    /// Cost of one accelerator-hour, USD (largest over the regions).
    pub usd_per_accelerator_hour: f64,
    /// Accelerators per server (the cap is rounded down to whole servers).
    pub gpus_per_node: u64,
}

/// The H100-SXM5-80GB's peak dense BF16 FLOP/s, the unit of `accelerator_supply_h100e`
/// (989.4 TFLOP/s, the catalog's value; `tests` checks they agree).
pub const H100_PEAK_FLOPS: f64 = 989.4e12;

/// Standard normal quantile at which a binding cap sits in the frontier class's compute
/// distribution (95th percentile).
pub const CAP_QUANTILE_Z: f64 = 1.645;

/// The limit a cap of `cap_flop` on one run puts on the frontier trend (the class median):
/// `cap_flop / 10^(CAP_QUANTILE_Z · sd_log10)`.
pub fn trend_limit_flop(cap_flop: f64, sd_log10: f64) -> f64 {
    cap_flop / 10f64.powf(CAP_QUANTILE_Z * sd_log10)
}

/// The largest number of accelerators one run of `duration_s` may use in decimal year `t`,
/// and the constraint that sets it; `None` when no cap is given.
pub fn max_accelerators(
    caps: &CapsSection,
    t: f64,
    hw: &HardwareContext,
    duration_s: f64,
) -> Option<(f64, Constraint)> {
    let mut best: Option<(f64, Constraint)> = None;
    let mut consider = |n: f64, c: Constraint| {
        if best.is_none_or(|(b, _)| n < b) {
            best = Some((n, c));
        }
    };
    if let Some(p) = caps.power_mw() {
        consider(
            p.at(t) * 1e6 / hw.facility_w_per_accelerator,
            Constraint::Power,
        );
    }
    if let Some(s) = caps.supply_h100e() {
        let h100e = s.at(t);
        consider(
            caps.largest_run_supply_share * h100e * H100_PEAK_FLOPS / hw.peak_flops,
            Constraint::Supply,
        );
    }
    if let Some(b) = caps.cost_usd() {
        let usd = b.at(t);
        let hours = duration_s / crate::time::SECONDS_PER_HOUR as f64;
        consider(
            usd / (hw.usd_per_accelerator_hour * hours),
            Constraint::Budget,
        );
    }
    best.map(|(n, c)| {
        let node = hw.gpus_per_node.max(1) as f64;
        let whole = if n >= node {
            (n / node).floor() * node
        } else {
            n.floor()
        };
        (whole.max(1.0), c)
    })
}

/// The largest compute one run of `duration_s` may have in decimal year `t`, FLOP, and the
/// constraint that sets it (`f64::INFINITY` and [`Constraint::Growth`] without caps).
/// Slightly below `N_cap · F · u · d` so that the run's accelerator count, rounded up from
/// its compute, is `N_cap`.
pub fn max_compute_flop(
    caps: Option<&CapsSection>,
    t: f64,
    hw: &HardwareContext,
    duration_s: f64,
) -> (f64, Constraint) {
    match caps.and_then(|c| max_accelerators(c, t, hw, duration_s)) {
        Some((n, c)) => (n * hw.peak_flops * hw.mfu * duration_s * (1.0 - 1e-9), c),
        None => (f64::INFINITY, Constraint::Growth),
    }
}

#[cfg(test)]
mod tests;
