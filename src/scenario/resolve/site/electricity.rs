//! The grid of a site: carbon intensity, marginal intensity, off-site water, price checks,
//! synthetic generation mix and decarbonisation.

use super::*;

/// Largest carbon intensity accepted anywhere, g/kWh: the limit of
/// `carbon_intensity_g_per_kwh`, also applied to hourly files and after decarbonisation.
const MAX_CI_G_PER_KWH: f64 = 5_000.0;

/// The largest value of a series.
fn series_max(series: &HourlySeries) -> f64 {
    match series {
        HourlySeries::Constant(v) => *v,
        HourlySeries::Table { values, .. } => values.iter().copied().fold(0.0, f64::max),
        HourlySeries::Chunked(c) => (0..c.hours()).map(|i| c.value(i)).fold(0.0, f64::max),
    }
}

/// The first value of an hourly file above `max`, with its line (the header is line 1 and
/// rows are contiguous hours, as the readers require).
pub(super) fn first_above(series: &HourlySeries, max: f64) -> Option<(usize, f64)> {
    match series {
        HourlySeries::Constant(v) => (*v > max).then_some((2, *v)),
        HourlySeries::Table { values, .. } => values
            .iter()
            .position(|v| *v > max)
            .map(|i| (i + 2, values[i])),
        HourlySeries::Chunked(c) => (0..c.hours())
            .map(|i| (i + 2, c.value(i)))
            .find(|(_, v)| *v > max),
    }
}

/// A site's marginal intensity file, if given (a preset's merit-order margin is drawn per
/// replication in `SiteConfig::series_for` when none is).
pub(super) fn resolve_marginal(
    c: &mut Checker,
    site: &SiteSection,
    key: &str,
    ctx: &SiteContext<'_>,
) -> Option<HourlySeries> {
    let path = site.grid.marginal_carbon_intensity_csv.as_ref()?;
    let full = ctx.base_dir.join(path);
    let what = format!("{key}.grid.marginal_carbon_intensity_csv");
    match ctx.cache.load("marginal", &full, grid::read_marginal_csv) {
        Ok(series) => {
            if let Some((line, v)) = first_above(&series, MAX_CI_G_PER_KWH) {
                c.fail(
                    &what,
                    format!(
                        "{}, line {line}: marginal carbon intensity {} g/kWh is above the maximum {MAX_CI_G_PER_KWH} (the limit of carbon_intensity_g_per_kwh)",
                        full.display(),
                        limit(v)
                    ),
                );
            }
            Some(series)
        }
        Err(e) => {
            c.fail(&what, e);
            None
        }
    }
}

/// A site's grid as resolved: its fixed hourly series and the synthetic parts.
pub(super) struct GridSeries {
    pub(super) ci: HourlySeries,
    pub(super) direct: HourlySeries,
    pub(super) offsite: OffsiteWater,
    pub(super) cfe_share: HourlySeries,
    pub(super) td_loss_fraction: f64,
    pub(super) synthetic: SyntheticParts,
}

/// The grid of a site: carbon intensity and EWIF series, or a synthetic mix to generate.
pub(super) fn resolve_grid(
    c: &mut Checker,
    site: &SiteSection,
    key: &str,
    ctx: &SiteContext<'_>,
) -> GridSeries {
    let SiteContext {
        base_dir,
        cache,
        synthetic_hours,
        start_year,
        ..
    } = *ctx;
    let grid = &site.grid;
    let hours = synthetic_hours;
    let sources = [
        grid.carbon_intensity_g_per_kwh.is_some(),
        grid.carbon_intensity_csv.is_some(),
        grid.preset.is_some(),
        grid.genmix_csv.is_some(),
    ];
    if sources.iter().filter(|&&x| x).count() != 1 {
        c.fail(
            &format!("{key}.grid"),
            "expected exactly one of carbon_intensity_g_per_kwh, carbon_intensity_csv, preset or genmix_csv",
        );
    }
    let column = grid.carbon_intensity_column.unwrap_or_default();
    if grid.carbon_intensity_column.is_some()
        && grid.carbon_intensity_csv.is_none()
        && grid.preset.is_none()
    {
        c.fail(
            &format!("{key}.grid.carbon_intensity_column"),
            "only applies with carbon_intensity_csv or preset",
        );
    }
    let mix_based = grid.preset.is_some() || grid.genmix_csv.is_some();
    for (name, given) in [
        ("emission_factors", grid.emission_factors.is_some()),
        ("water_factors", grid.water_factors.is_some()),
        ("hydro_water", grid.hydro_water.is_some()),
    ] {
        if given && !mix_based {
            c.fail(
                &format!("{key}.grid.{name}"),
                "only applies with preset or genmix_csv",
            );
        }
    }
    let emission = grid.emission_factors.as_deref().map(|n| {
        match (genmix::emission_set(n), genmix::direct_counterpart(n)) {
            (Some(lifecycle), Some(direct)) => (lifecycle, direct),
            _ => {
                c.fail(
                    &format!("{key}.grid.emission_factors"),
                    format!(
                        "unknown set '{n}': expected one of {}",
                        genmix::names().join(", ")
                    ),
                );
                (
                    genmix::ELECTRICITY_MAPS_LIFECYCLE,
                    genmix::ELECTRICITY_MAPS_DIRECT,
                )
            }
        }
    });
    let (mix_water, conventions) = super::water::mix_water(c, site, key);
    let water = mix_water.consumption;
    if grid.fuel_factors.is_some() && !mix_based {
        c.fail(
            &format!("{key}.grid.fuel_factors"),
            "only applies with preset or genmix_csv",
        );
    }
    let with_fuels = |c: &mut Checker, pair: (genmix::EmissionFactors, genmix::EmissionFactors)| {
        super::carbon::apply_fuel_factors(c, grid.fuel_factors.as_ref(), key, pair)
    };
    if let Some(e) = grid.ewif_l_per_kwh {
        c.range(
            &format!("{key}.grid.ewif_l_per_kwh"),
            e,
            0.0,
            1_000.0,
            "L/kWh from 0 to 1000",
        );
    }
    let mut synthetic = SyntheticParts {
        hours,
        ..SyntheticParts::default()
    };
    let mut ci = HourlySeries::Constant(0.0);
    let mut direct = None;
    let mut cfe_share = None;
    let mut ewif = HourlySeries::Constant(grid.ewif_l_per_kwh.unwrap_or(0.0));
    let mut ewif_withdrawal = HourlySeries::Constant(super::water::constant_withdrawal(
        c,
        site,
        key,
        grid.ewif_l_per_kwh.unwrap_or(0.0),
    ));
    if grid.carbon_intensity_direct_g_per_kwh.is_some() && grid.carbon_intensity_g_per_kwh.is_none()
    {
        c.fail(
            &format!("{key}.grid.carbon_intensity_direct_g_per_kwh"),
            "only applies with carbon_intensity_g_per_kwh",
        );
    }
    if let Some(v) = grid.carbon_intensity_g_per_kwh {
        c.range(
            &format!("{key}.grid.carbon_intensity_g_per_kwh"),
            v,
            0.0,
            MAX_CI_G_PER_KWH,
            "gCO2e/kWh from 0 to 5000",
        );
        ci = HourlySeries::Constant(v);
        if let Some(d) = grid.carbon_intensity_direct_g_per_kwh {
            c.range(
                &format!("{key}.grid.carbon_intensity_direct_g_per_kwh"),
                d,
                0.0,
                v,
                "gCO2e/kWh from 0 to carbon_intensity_g_per_kwh (combustion is part of the life cycle)",
            );
            direct = Some(HourlySeries::Constant(d));
        }
    } else if let Some(path) = &grid.carbon_intensity_csv {
        let full = base_dir.join(path);
        let kind = if column == CiColumn::Lca {
            "em-lca"
        } else {
            "em-direct"
        };
        match cache.load(kind, &full, |p| grid::read_electricity_maps_csv(p, column)) {
            Ok(series) => {
                if let Some((line, v)) = first_above(&series, MAX_CI_G_PER_KWH) {
                    c.fail(
                        &format!("{key}.grid.carbon_intensity_csv"),
                        format!(
                            "{}, line {line}: carbon intensity {} g/kWh is above the maximum {MAX_CI_G_PER_KWH} (the limit of carbon_intensity_g_per_kwh)",
                            full.display(),
                            limit(v)
                        ),
                    );
                }
                ci = series
            }
            Err(e) => c.fail(&format!("{key}.grid.carbon_intensity_csv"), e),
        }
        if grid.grid_cfe_share.is_none() {
            match cache.load(
                "em-cfe",
                &full,
                grid::readers::read_electricity_maps_cfe_share,
            ) {
                Ok(share) => cfe_share = share,
                Err(e) => c.fail(&format!("{key}.grid.carbon_intensity_csv"), e),
            }
        }
        if column == CiColumn::Lca {
            match cache.load(
                "em-direct-if-present",
                &full,
                grid::readers::read_electricity_maps_direct_if_present,
            ) {
                Ok(series) => direct = series,
                Err(e) => c.fail(&format!("{key}.grid.carbon_intensity_csv"), e),
            }
        }
    } else if let Some(name) = &grid.preset {
        match grid::presets::preset(name) {
            Some(preset) => {
                let pair = emission.unwrap_or(match column {
                    CiColumn::Lca => (preset.lifecycle_factors(), preset.direct_factors()),
                    CiColumn::Direct => (preset.direct_factors(), preset.direct_factors()),
                });
                let (emission, direct) = with_fuels(c, pair);
                let trajectory = resolve_trajectory(c, grid, key, name, ctx);
                synthetic.grid = Some(SyntheticGrid {
                    preset,
                    emission,
                    direct,
                    water,
                    withdrawal: mix_water.withdrawal,
                    ewif_from_mix: grid.ewif_l_per_kwh.is_none(),
                    trajectory,
                });
            }
            None => c.fail(
                &format!("{key}.grid.preset"),
                format!(
                    "unknown region '{name}': expected one of {}",
                    grid::presets::preset_names().join(", ")
                ),
            ),
        }
    } else if let Some(path) = &grid.genmix_csv {
        let full = base_dir.join(path);
        match cache.load("genmix", &full, genmix::read_eia930_genmix_csv) {
            Ok(mix) => {
                let pair = emission.unwrap_or((genmix::CARBON_EXPLORER, genmix::CARBON_EXPLORER));
                let (lifecycle, combustion) = with_fuels(c, pair);
                ci = mix.ci_hourly(&lifecycle);
                direct = Some(mix.ci_hourly(&combustion));
                cfe_share = Some(grid::synthetic::hourly(
                    mix.start_unix,
                    mix.mixes.iter().map(|m| m.low_carbon_share()).collect(),
                ));
                if grid.ewif_l_per_kwh.is_none() {
                    ewif = mix.ewif_hourly(&water);
                    ewif_withdrawal = mix.ewif_hourly(&mix_water.withdrawal);
                }
            }
            Err(e) => c.fail(&format!("{key}.grid.genmix_csv"), e),
        }
    }
    if grid.preset.is_none() {
        for (field, given) in [
            ("capacity_plan", grid.capacity_plan.is_some()),
            ("capacity_trajectory", grid.capacity_trajectory.is_some()),
        ] {
            if given {
                c.fail(
                    &format!("{key}.grid.{field}"),
                    "only applies to a synthetic grid (sites.grid.preset)",
                );
            }
        }
    }
    if let Some(rate) = grid.decarbonization_per_year {
        if c.range(
            &format!("{key}.grid.decarbonization_per_year"),
            rate,
            0.0,
            0.99,
            "a yearly fall from 0 to 0.99",
        ) && rate > 0.0
        {
            let base_year = grid.decarbonization_base_year.unwrap_or(start_year);
            synthetic.decarbonization = Decarbonization::new(base_year, 1.0 - rate).ok();
            // The trend must keep the intensity in range in every simulated year: the
            // multiplier is largest in the first year when the base year is later.
            if let Some(trend) = synthetic.decarbonization {
                let multiplier = trend.factor_for_year(i64::from(start_year));
                let ci_max = match &synthetic.grid {
                    Some(g) => g.emission.0.iter().copied().fold(0.0, f64::max),
                    None => series_max(&ci),
                };
                if !(multiplier.is_finite() && multiplier * ci_max <= MAX_CI_G_PER_KWH) {
                    c.fail(
                        &format!("{key}.grid.decarbonization_base_year"),
                        format!(
                            "base year {base_year} with a fall of {rate} a year multiplies the {start_year} carbon intensity by {multiplier:e}, taking up to {ci_max} g/kWh to {:e}, above the maximum {MAX_CI_G_PER_KWH}: expected a base year nearer the simulated years",
                            multiplier * ci_max
                        ),
                    );
                    synthetic.decarbonization = None;
                }
            }
        }
    } else if grid.decarbonization_base_year.is_some() {
        c.fail(
            &format!("{key}.grid.decarbonization_base_year"),
            "only applies with decarbonization_per_year",
        );
    }

    let direct = direct.unwrap_or_else(|| ci.clone());
    if let Some(g) = grid.grid_cfe_share {
        if mix_based {
            c.fail(
                &format!("{key}.grid.grid_cfe_share"),
                "only applies without preset or genmix_csv (a mix gives its own hourly share)",
            );
        }
        c.range(
            &format!("{key}.grid.grid_cfe_share"),
            g,
            0.0,
            1.0,
            "a share from 0 to 1",
        );
    }
    let cfe_share = cfe_share.unwrap_or(HourlySeries::Constant(grid.grid_cfe_share.unwrap_or(0.0)));
    let region_default = grid.preset.as_deref().map_or(0.0, |p| {
        grid::carbon_defaults::carbon_defaults(p).td_loss_fraction.0
    });
    let td_loss_fraction = grid.td_loss_fraction.unwrap_or(region_default);
    c.range(
        &format!("{key}.grid.td_loss_fraction"),
        td_loss_fraction,
        0.0,
        0.5,
        "a share of generation from 0 to 0.5",
    );
    GridSeries {
        ci,
        direct,
        offsite: OffsiteWater {
            ewif,
            ewif_withdrawal,
            conventions,
        },
        cfe_share,
        td_loss_fraction,
        synthetic,
    }
}

/// Off-site water of a site: consumption and withdrawal per facility kWh, and the
/// conventions behind them.
pub(super) struct OffsiteWater {
    pub(super) ewif: HourlySeries,
    pub(super) ewif_withdrawal: HourlySeries,
    pub(super) conventions: crate::site::water::WaterConventions,
}

/// The capacity trajectory of a synthetic grid: the user's `capacity_trajectory`, or the
/// preset's built-in plan with `capacity_plan = true`; checked to cover every simulated
/// calendar year. The uniform `decarbonization_per_year` would scale the evolved intensity a
/// second time, so the two are exclusive.
fn resolve_trajectory(
    c: &mut Checker,
    grid: &crate::scenario::schema::GridSection,
    key: &str,
    preset: &str,
    ctx: &SiteContext<'_>,
) -> Option<grid::trajectory::CapacityTrajectory> {
    let plan = grid.capacity_plan.unwrap_or(false);
    let (trajectory, tkey) = match (&grid.capacity_trajectory, plan) {
        (Some(_), true) => {
            c.fail(
                &format!("{key}.grid.capacity_plan"),
                "give either capacity_plan = true (the preset's plan) or a capacity_trajectory table (your own), not both",
            );
            return None;
        }
        (Some(t), false) => (t.clone(), format!("{key}.grid.capacity_trajectory")),
        (None, true) => match grid::trajectory::presets::preset_trajectory(preset) {
            Some(t) => (t, format!("{key}.grid.capacity_plan")),
            None => {
                c.fail(
                    &format!("{key}.grid.capacity_plan"),
                    format!(
                        "region '{preset}' has no built-in capacity plan (only {} have one): give a [sites.grid.capacity_trajectory] table",
                        grid::trajectory::presets::PRESETS_WITH_PLAN.join(", ")
                    ),
                );
                return None;
            }
        },
        (None, false) => return None,
    };
    if grid.decarbonization_per_year.is_some() {
        c.fail(
            &format!("{key}.grid.decarbonization_per_year"),
            "a capacity trajectory already evolves the grid: remove decarbonization_per_year (it would scale the intensity a second time)",
        );
        return None;
    }
    if let Err((field, msg)) = trajectory.validate() {
        let at = if tkey.ends_with("capacity_plan") {
            tkey
        } else {
            format!("{tkey}.{field}")
        };
        c.fail(&at, msg);
        return None;
    }
    let last_unix =
        ctx.start_unix + crate::time::unix_hours(ctx.synthetic_hours.saturating_sub(1) as i64);
    let last_year =
        crate::time::civil_from_days(last_unix.div_euclid(crate::time::SECONDS_PER_DAY as i64)).0
            as i32;
    if let Err((field, msg)) = trajectory.check_covers(ctx.start_year, last_year) {
        let at = if tkey.ends_with("capacity_plan") {
            tkey
        } else {
            format!("{tkey}.{field}")
        };
        c.fail(&at, msg);
        return None;
    }
    Some(trajectory)
}
