//! Sites: grid, weather, cooling, cluster, accelerator, embodied, cost, failures, power cap.

use super::*;

mod climate;
mod electricity;

use crate::time::zone::Zone;
use climate::resolve_climate;
use electricity::{GridSeries, first_above, resolve_grid, resolve_marginal};

/// What every site is resolved against.
pub(super) struct SiteContext<'a> {
    pub(super) base_dir: &'a Path,
    pub(super) cache: &'a DataCache,
    pub(super) synthetic_hours: usize,
    pub(super) start_year: i32,
    pub(super) start_unix: crate::time::UnixSeconds,
    /// Hours of the simulated window (a year when it is open-ended).
    pub(super) window_hours: usize,
}

pub(super) fn resolve_site(
    c: &mut Checker,
    warnings: &mut Vec<String>,
    site: &SiteSection,
    key: &str,
    ctx: &SiteContext<'_>,
) -> Option<SiteConfig> {
    let SiteContext {
        base_dir, cache, ..
    } = *ctx;
    let before = c.problems.len();
    if site.name.trim().is_empty() {
        c.fail(&format!("{key}.name"), "expected a non-empty name");
    }
    let GridSeries {
        ci,
        direct,
        offsite,
        cfe_share,
        td_loss_fraction,
        mut synthetic,
    } = resolve_grid(c, site, key, ctx);
    let marginal = resolve_marginal(c, site, key, ctx);
    if marginal.is_none() && synthetic.grid.is_none() {
        warnings.push(format!(
            "{key} ({}): no marginal emission factor (neither grid.preset nor grid.marginal_carbon_intensity_csv), so co2_marginal_kg and the marginal columns are empty",
            site.name
        ));
    }
    let climate = resolve_climate(c, site, key, ctx, &mut synthetic);
    let (pue, wue, dry_bulb, wet_bulb, movers) = (
        climate.pue,
        climate.wue,
        climate.dry_bulb,
        climate.wet_bulb,
        climate.movers,
    );

    let procurement = super::carbon::resolve_procurement(c, site, key, ctx);
    let scope1_kg_per_year = super::carbon::resolve_scope1(c, &site.scope1, key);
    c.range(
        &format!("{key}.always_on_power_w"),
        site.always_on_power_w,
        0.0,
        1e10,
        "watts from 0 to 1e10",
    );

    let cost = &site.cost;
    let price = match (cost.electricity_usd_per_mwh, &cost.electricity_price_csv) {
        (Some(_), Some(_)) => {
            c.fail(
                &format!("{key}.cost"),
                "give electricity_usd_per_mwh or electricity_price_csv, not both",
            );
            HourlySeries::Constant(0.0)
        }
        (Some(p), None) => {
            c.range(
                &format!("{key}.cost.electricity_usd_per_mwh"),
                p,
                grid::MIN_PRICE_USD_PER_MWH,
                1e5,
                "USD/MWh from -100000 (a negative price pays for the power) to 100000",
            );
            HourlySeries::Constant(p)
        }
        (None, Some(path)) => {
            let full = base_dir.join(path);
            let series = cache
                .load("price", &full, grid::read_price_csv)
                .unwrap_or_else(|e| {
                    c.fail(&format!("{key}.cost.electricity_price_csv"), e);
                    HourlySeries::Constant(0.0)
                });
            if let Some((line, v)) = first_above(&series, 1e5) {
                c.fail(
                    &format!("{key}.cost.electricity_price_csv"),
                    format!(
                        "{}, line {line}: price {} USD/MWh is above the maximum 100000 (the limit of electricity_usd_per_mwh)",
                        full.display(),
                        limit(v)
                    ),
                );
            }
            series
        }
        (None, None) => HourlySeries::Constant(0.0),
    };

    let node = resolve_node(c, &site.cluster, &format!("{key}.cluster"));
    if site.cluster.nodes == 0 || site.cluster.nodes > MAX_NODES {
        c.fail(
            &format!("{key}.cluster.nodes"),
            format!(
                "expected 1 to {MAX_NODES} nodes, found {}",
                site.cluster.nodes
            ),
        );
    }
    let e = &site.embodied;
    c.range(
        &format!("{key}.embodied.lifetime_years"),
        e.lifetime_years,
        0.01,
        100.0,
        "years from 0.01 to 100",
    );
    c.range(
        &format!("{key}.embodied.lifetime_utilization"),
        e.lifetime_utilization,
        0.001,
        1.0,
        "a fraction in (0, 1]",
    );
    let amortisation_hours = e.lifetime_years * 8_760.0 * e.lifetime_utilization;
    let gpu_hour_cost_usd = match (cost.gpu_capex_usd, cost.cloud_usd_per_gpu_hour) {
        (Some(_), Some(_)) => {
            c.fail(
                &format!("{key}.cost"),
                "give gpu_capex_usd or cloud_usd_per_gpu_hour, not both",
            );
            0.0
        }
        (Some(capex), None) => {
            c.non_negative(&format!("{key}.cost.gpu_capex_usd"), capex);
            capex / amortisation_hours
        }
        (None, Some(price)) => {
            c.non_negative(&format!("{key}.cost.cloud_usd_per_gpu_hour"), price);
            price
        }
        (None, None) => 0.0,
    };
    let failures = site.failures.as_ref().map(|f| {
        let fkey = format!("{key}.failures");
        let base = match f.preset.as_deref() {
            None => failures::PRESETS[0],
            Some(name) => match failures::preset(name) {
                Some(p) => *p,
                None => {
                    c.fail(
                        &format!("{fkey}.preset"),
                        format!(
                            "unknown failure preset '{name}': expected one of {}",
                            failures::PRESETS
                                .iter()
                                .map(|p| p.name)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                    failures::PRESETS[0]
                }
            },
        };
        let rate = f.rate_per_gpu_hour.unwrap_or(base.rate_per_gpu_hour);
        c.range(
            &format!("{fkey}.rate_per_gpu_hour"),
            rate,
            0.0,
            1.0,
            "failures per accelerator-hour from 0 to 1",
        );
        let law = match f.weibull_shape {
            Some(k) => {
                c.range(
                    &format!("{fkey}.weibull_shape"),
                    k,
                    0.1,
                    20.0,
                    "a Weibull shape from 0.1 to 20",
                );
                FailureLaw::Weibull { shape: k }
            }
            None => FailureLaw::Exponential,
        };
        let classes = resolve_failure_classes(c, f, &fkey, base.classes);
        FailureModel {
            rate_per_gpu_hour: rate,
            law,
            classes,
            gpus_per_node: node.as_ref().map_or(1, |n| n.gpus_per_node),
        }
    });
    let zone = site_zone(c, site, key);
    let power_cap = site.power_cap.as_ref().map(|p| {
        let pkey = format!("{key}.power_cap");
        let accelerator = node.as_ref().map(|n| &n.accelerator);
        let (static_power_w, dvfs_exponent, compute_bound_share) =
            resolve_cap_physics(c, p, &pkey, accelerator);
        let windows_key = |local: bool| {
            format!(
                "{pkey}.daily_windows_{}",
                if local { "local" } else { "utc" }
            )
        };
        let given = [&p.daily_windows_utc, &p.daily_windows_local]
            .iter()
            .filter(|w| w.is_some())
            .count()
            + usize::from(p.carbon_above_g_per_kwh.is_some());
        if given > 1 {
            c.fail(
                &pkey,
                "give one of daily_windows_utc, daily_windows_local or carbon_above_g_per_kwh",
            );
        }
        let daily = match (&p.daily_windows_utc, &p.daily_windows_local) {
            (Some(w), _) => Some((w, false)),
            (None, Some(w)) => Some((w, true)),
            (None, None) => None,
        };
        let schedule = match (daily, p.carbon_above_g_per_kwh) {
            (Some((windows, local)), _) => {
                if windows
                    .iter()
                    .any(|w| w[0] > 23 || w[1] > 24 || w[0] == w[1])
                {
                    c.fail(
                        &windows_key(local),
                        "expected [[start_hour, end_hour], ...] with hours 0–24 and start ≠ end",
                    );
                }
                let zone = if local {
                    if site.timezone.is_none() {
                        c.fail(
                            &windows_key(true),
                            format!("needs the site's clock: set {key}.timezone (an IANA name such as Europe/Berlin)"),
                        );
                    }
                    zone.clone()
                } else {
                    Zone::utc()
                };
                CapSchedule::Daily {
                    windows: windows.iter().map(|w| (w[0], w[1])).collect(),
                    zone,
                }
            }
            (None, Some(threshold)) => {
                c.non_negative(&format!("{pkey}.carbon_above_g_per_kwh"), threshold);
                CapSchedule::CarbonAbove(threshold)
            }
            (None, None) => CapSchedule::Constant,
        };
        PowerCap {
            gpu_cap_w: p.gpu_cap_w,
            schedule,
            static_power_w,
            dvfs_exponent,
            compute_bound_share,
        }
    });
    if let Some(limit) = site.grid_connection_limit_kw {
        c.range(
            &format!("{key}.grid_connection_limit_kw"),
            limit,
            1e-3,
            1e9,
            "a limit from 0.001 to 10⁹ kW",
        );
    }
    if c.problems.len() > before {
        return None;
    }
    let node = node?;
    // The largest IT power the site can draw: every node busy, every accelerator at its
    // maximum, plus always-on power.
    let largest_it_kw = (f64::from(site.cluster.nodes)
        * (f64::from(node.gpus_per_node) * node.accelerator.power.max_w + node.host_busy_w)
        + site.always_on_power_w)
        / 1_000.0;
    let part_load = climate.part_load.map(|(params, design)| {
        crate::site::cooling::PartLoadModel::new(params, &design, largest_it_kw.max(1e-3))
    });
    Some(SiteConfig {
        part_load,
        failures,
        power_cap,
        name: site.name.clone(),
        nodes: site.cluster.nodes,
        node,
        series: SiteSeries {
            pue,
            wue_l_per_kwh: wue,
            cooling_movers_kw_per_kw: movers,
            carbon_intensity_g_per_kwh: ci,
            marginal_carbon_intensity_g_per_kwh: marginal,
            ewif_l_per_kwh: offsite.ewif,
            ewif_withdrawal_l_per_kwh: offsite.ewif_withdrawal,
            carbon_intensity_direct_g_per_kwh: direct,
            td_loss_fraction,
            contract_supply_kw: HourlySeries::Constant(0.0),
            contract_co2_g_per_kwh: HourlySeries::Constant(0.0),
            grid_cfe_share: cfe_share,
            price_usd_per_mwh: price,
            dry_bulb_c: dry_bulb,
            wet_bulb_c: wet_bulb,
        },
        synthetic,
        embodied_amortisation_hours: amortisation_hours,
        procurement,
        scope1_kg_per_year,
        always_on_power_w: site.always_on_power_w,
        gpu_hour_cost_usd,
        grid_connection_limit_kw: site.grid_connection_limit_kw,
        water: offsite.conventions,
    })
}

/// The site's clock: its IANA `timezone`, or UTC.
fn site_zone(c: &mut Checker, site: &SiteSection, key: &str) -> Zone {
    match &site.timezone {
        Some(name) => Zone::named(name).unwrap_or_else(|e| {
            c.fail(&format!("{key}.timezone"), e);
            Zone::utc()
        }),
        None => Zone::utc(),
    }
}

pub(super) fn resolve_node(
    c: &mut Checker,
    cluster: &ClusterSection,
    key: &str,
) -> Option<NodeType> {
    let before = c.problems.len();
    if cluster.gpus_per_node == 0 || cluster.gpus_per_node > 64 {
        c.fail(
            &format!("{key}.gpus_per_node"),
            format!("expected 1 to 64, found {}", cluster.gpus_per_node),
        );
    }
    c.range(
        &format!("{key}.host_idle_power_w"),
        cluster.host_idle_power_w,
        0.0,
        1e5,
        "watts from 0 to 100000",
    );
    c.range(
        &format!("{key}.host_busy_power_w"),
        cluster.host_busy_power_w,
        0.0,
        1e5,
        "watts from 0 to 100000",
    );
    let server_embodied = super::embodied::server(c, cluster, key);
    let accelerator =
        resolve_accelerator(c, &cluster.accelerator, &cluster.accelerator_overrides, key);
    if c.problems.len() > before {
        return None;
    }
    Some(NodeType {
        accelerator: accelerator?,
        gpus_per_node: cluster.gpus_per_node,
        host_idle_w: cluster.host_idle_power_w,
        host_busy_w: cluster.host_busy_power_w,
        server_embodied,
    })
}

/// Failure class shares (given ones replace the preset's; missing ones are 0) and the switch
/// domain size.
fn resolve_failure_classes(
    c: &mut Checker,
    f: &FailuresSection,
    fkey: &str,
    base: FailureClasses,
) -> FailureClasses {
    let gpus_per_switch = f.gpus_per_switch.unwrap_or(base.gpus_per_switch);
    if !(1..=1_000_000).contains(&gpus_per_switch) {
        c.fail(
            &format!("{fkey}.gpus_per_switch"),
            format!("expected 1 to 1000000 accelerators, found {gpus_per_switch}"),
        );
    }
    let given = [f.gpu_share, f.node_share, f.switch_share];
    if given.iter().all(Option::is_none) {
        return FailureClasses {
            gpus_per_switch,
            ..base
        };
    }
    let [gpu_share, node_share, switch_share] = given.map(|s| s.unwrap_or(0.0));
    for (name, share) in [
        ("gpu_share", gpu_share),
        ("node_share", node_share),
        ("switch_share", switch_share),
    ] {
        c.range(
            &format!("{fkey}.{name}"),
            share,
            0.0,
            1.0,
            "a share from 0 to 1",
        );
    }
    let sum = gpu_share + node_share + switch_share;
    if (sum - 1.0).abs() > 1e-6 {
        c.fail(
            fkey,
            format!(
                "gpu_share + node_share + switch_share must add up to 1 (missing ones count as \
                 0), found {gpu_share} + {node_share} + {switch_share} = {sum:.4}"
            ),
        );
    }
    FailureClasses {
        gpu_share,
        node_share,
        switch_share,
        gpus_per_switch,
    }
}

/// Checks a cap against the accelerator's settable range and resolves the DVFS parameters
/// (static power, exponent, compute-bound share) of `site::power_cap`.
fn resolve_cap_physics(
    c: &mut Checker,
    p: &PowerCapSection,
    pkey: &str,
    accelerator: Option<&Accelerator>,
) -> (f64, f64, f64) {
    let cap_key = format!("{pkey}.gpu_cap_w");
    c.range(&cap_key, p.gpu_cap_w, 1.0, 1e5, "watts from 1 to 100000");
    if let Some((name, range)) = accelerator.and_then(|a| a.power_limit.map(|r| (&a.name, r)))
        && !(range.min_w..=range.max_w).contains(&p.gpu_cap_w)
    {
        c.fail(
            &cap_key,
            format!(
                "{} W is outside the power limits {name} accepts, {} to {} W (set \
                 accelerator_overrides.min_power_limit_w / max_power_limit_w if yours differ)",
                p.gpu_cap_w, range.min_w, range.max_w
            ),
        );
    }
    let static_power_w = p
        .static_power_w
        .or(accelerator.map(|a| a.power.idle_w))
        .unwrap_or(0.0);
    if !(static_power_w >= 0.0 && static_power_w < p.gpu_cap_w) {
        c.fail(
            &format!("{pkey}.static_power_w"),
            format!(
                "expected a static power from 0 W to below the cap {} W (it leaves the clock no \
                 dynamic power), found {static_power_w} W{}",
                p.gpu_cap_w,
                if p.static_power_w.is_none() {
                    " (the accelerator's idle power)"
                } else {
                    ""
                }
            ),
        );
    }
    let dvfs_exponent = p.dvfs_exponent.unwrap_or(DEFAULT_DVFS_EXPONENT);
    c.range(
        &format!("{pkey}.dvfs_exponent"),
        dvfs_exponent,
        1.0,
        4.0,
        "an exponent from 1 to 4",
    );
    let share = p.compute_bound_share.unwrap_or(DEFAULT_COMPUTE_BOUND_SHARE);
    c.range(
        &format!("{pkey}.compute_bound_share"),
        share,
        0.0,
        1.0,
        "a share from 0 to 1",
    );
    (static_power_w, dvfs_exponent, share)
}

pub(super) fn resolve_accelerator(
    c: &mut Checker,
    name: &str,
    o: &AcceleratorOverrides,
    key: &str,
) -> Option<Accelerator> {
    let okey = format!("{key}.accelerator_overrides");
    let spec = catalog::find(name);
    let (peak_tflops, tdp_w) = match spec {
        Some(s) => (
            o.peak_tflops.unwrap_or(s.peak_flops / 1e12),
            o.tdp_w.unwrap_or(s.tdp_w),
        ),
        None => match (o.peak_tflops, o.tdp_w) {
            (Some(p), Some(t)) => (p, t),
            _ => {
                c.fail(
                    &format!("{key}.accelerator"),
                    format!(
                        "unknown accelerator '{name}': expected one of {} (see `footprint catalog`), or give \
                         peak_tflops and tdp_w in accelerator_overrides",
                        catalog::known_names().join(", ")
                    ),
                );
                return None;
            }
        },
    };
    let before = c.problems.len();
    c.range(
        &format!("{okey}.peak_tflops"),
        peak_tflops,
        1e-3,
        1e6,
        "TFLOP/s from 0.001 to 1e6",
    );
    c.range(
        &format!("{okey}.tdp_w"),
        tdp_w,
        1.0,
        1e5,
        "watts from 1 to 100000",
    );
    let idle_w = o.idle_power_w.unwrap_or_else(|| {
        spec.map_or(tdp_w * catalog::DEFAULT_IDLE_FRACTION_OF_TDP, |s| {
            if o.tdp_w.is_some() {
                tdp_w * (s.idle_power_w / s.tdp_w)
            } else {
                s.idle_power_w
            }
        })
    });
    let max_w = o.max_power_w.unwrap_or(tdp_w);
    c.non_negative(&format!("{okey}.idle_power_w"), idle_w);
    if max_w < idle_w || !max_w.is_finite() {
        c.fail(
            &format!("{okey}.max_power_w"),
            format!("expected at least the idle power {idle_w} W, found {max_w}"),
        );
    }
    let checkpoint_w = o.checkpoint_power_w.unwrap_or(0.15 * tdp_w);
    c.non_negative(&format!("{okey}.checkpoint_power_w"), checkpoint_w);
    let curve = match (&o.power_curve, o.power_exponent) {
        (Some(_), Some(_)) => {
            c.fail(&okey, "give either power_curve or power_exponent, not both");
            PowerCurve::Polynomial { exponent: 1.0 }
        }
        (Some(points), None) => {
            let ckey = format!("{okey}.power_curve");
            let ok_shape = points.len() >= 2
                && points.first().is_some_and(|p| p[0] == 0.0)
                && points.last().is_some_and(|p| p[0] == 1.0)
                && points.windows(2).all(|w| w[1][0] > w[0][0])
                && points.iter().all(|p| p[1].is_finite() && p[1] >= 0.0);
            if !ok_shape {
                c.fail(&ckey, "expected [[u, watts], ...] with u strictly increasing from 0 to 1 and watts ≥ 0");
            }
            PowerCurve::PiecewiseLinear(points.iter().map(|p| (p[0], p[1])).collect())
        }
        (None, exponent) => {
            let k = exponent.unwrap_or(1.0);
            c.range(
                &format!("{okey}.power_exponent"),
                k,
                0.01,
                100.0,
                "an exponent from 0.01 to 100",
            );
            PowerCurve::Polynomial { exponent: k }
        }
    };
    let embodied = super::embodied::accelerator(c, name, spec, o, &okey);
    let power_limit = resolve_power_limit(c, o, spec, tdp_w, &okey);
    if c.problems.len() > before {
        return None;
    }
    Some(Accelerator {
        name: spec.map_or_else(|| name.to_string(), |s| s.name.to_string()),
        peak_flops: peak_tflops * 1e12,
        tdp_w,
        power: AcceleratorPower {
            idle_w,
            max_w,
            checkpoint_w,
            curve,
        },
        embodied,
        power_limit,
    })
}

/// The settable power-limit range: the overrides, else the catalog's (unless the TDP is
/// overridden, which makes the catalog range another device's), else none.
fn resolve_power_limit(
    c: &mut Checker,
    o: &AcceleratorOverrides,
    spec: Option<&catalog::AcceleratorSpec>,
    tdp_w: f64,
    okey: &str,
) -> Option<PowerLimitRange> {
    let catalog_range = spec
        .filter(|_| o.tdp_w.is_none())
        .and_then(|s| power_limits::settable_range(s.name));
    let range = match (o.min_power_limit_w, o.max_power_limit_w) {
        (None, None) => return catalog_range,
        (min, max) => PowerLimitRange {
            min_w: min.or(catalog_range.map(|r| r.min_w)).unwrap_or(1.0),
            max_w: max.or(catalog_range.map(|r| r.max_w)).unwrap_or(tdp_w),
        },
    };
    if !(range.min_w > 0.0 && range.min_w <= range.max_w && range.max_w.is_finite()) {
        c.fail(
            &format!("{okey}.min_power_limit_w"),
            format!(
                "expected 0 < min_power_limit_w ≤ max_power_limit_w, found {} and {} W",
                range.min_w, range.max_w
            ),
        );
    }
    Some(range)
}
