//! Sites: grid, weather, cooling, cluster, accelerator, embodied, cost, failures, power cap.

use super::*;

/// What every site is resolved against.
pub(super) struct SiteContext<'a> {
    pub(super) base_dir: &'a Path,
    pub(super) cache: &'a DataCache,
    pub(super) synthetic_hours: usize,
    pub(super) start_year: i32,
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
    let grid = &site.grid;
    let (ci, offsite, mut synthetic) = resolve_grid(c, site, key, ctx);
    let marginal = resolve_marginal(c, site, key, ctx);
    if marginal.is_none() && synthetic.grid.is_none() {
        warnings.push(format!(
            "{key} ({}): no marginal emission factor (neither grid.preset nor grid.marginal_carbon_intensity_csv), so co2_marginal_kg and the marginal columns are empty",
            site.name
        ));
    }
    let climate = resolve_climate(c, site, key, ctx, &mut synthetic);
    let (pue, wue, dry_bulb, wet_bulb) =
        (climate.pue, climate.wue, climate.dry_bulb, climate.wet_bulb);

    c.range(
        &format!("{key}.grid.clean_energy_share"),
        grid.clean_energy_share,
        0.0,
        1.0,
        "a share from 0 to 1",
    );
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
        let rate = f.rate_per_gpu_hour.unwrap_or(LLAMA3_FAILURES_PER_GPU_HOUR);
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
        FailureModel {
            rate_per_gpu_hour: rate,
            law,
        }
    });
    let power_cap = site.power_cap.as_ref().map(|p| {
        let pkey = format!("{key}.power_cap");
        c.range(
            &format!("{pkey}.gpu_cap_w"),
            p.gpu_cap_w,
            1.0,
            1e5,
            "watts from 1 to 100000",
        );
        let exponent = p.throughput_exponent.unwrap_or(DEFAULT_THROUGHPUT_EXPONENT);
        c.range(
            &format!("{pkey}.throughput_exponent"),
            exponent,
            0.0,
            3.0,
            "an exponent from 0 to 3",
        );
        let schedule = match (&p.daily_windows_utc, p.carbon_above_g_per_kwh) {
            (Some(_), Some(_)) => {
                c.fail(
                    &pkey,
                    "give daily_windows_utc or carbon_above_g_per_kwh, not both",
                );
                CapSchedule::Constant
            }
            (Some(windows), None) => {
                if windows
                    .iter()
                    .any(|w| w[0] > 23 || w[1] > 24 || w[0] == w[1])
                {
                    c.fail(
                        &format!("{pkey}.daily_windows_utc"),
                        "expected [[start_hour, end_hour], ...] with hours 0–24 and start ≠ end",
                    );
                }
                CapSchedule::Daily(windows.iter().map(|w| (w[0], w[1])).collect())
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
            throughput_exponent: exponent,
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
    Some(SiteConfig {
        failures,
        power_cap,
        name: site.name.clone(),
        nodes: site.cluster.nodes,
        node: node?,
        series: SiteSeries {
            pue,
            wue_l_per_kwh: wue,
            carbon_intensity_g_per_kwh: ci,
            marginal_carbon_intensity_g_per_kwh: marginal,
            ewif_l_per_kwh: offsite.ewif,
            ewif_withdrawal_l_per_kwh: offsite.ewif_withdrawal,
            price_usd_per_mwh: price,
            dry_bulb_c: dry_bulb,
            wet_bulb_c: wet_bulb,
        },
        synthetic,
        embodied_amortisation_hours: amortisation_hours,
        clean_energy_share: grid.clean_energy_share,
        always_on_power_w: site.always_on_power_w,
        gpu_hour_cost_usd,
        grid_connection_limit_kw: site.grid_connection_limit_kw,
        water: offsite.conventions,
    })
}

/// The grid of a site: carbon intensity and EWIF series, or a synthetic mix to generate.
/// Largest carbon intensity accepted anywhere, g/kWh: the limit of
/// `carbon_intensity_g_per_kwh`, also applied to hourly files and after decarbonisation.
const MAX_CI_G_PER_KWH: f64 = 5_000.0;

/// The largest value of a series.
fn series_max(series: &HourlySeries) -> f64 {
    match series {
        HourlySeries::Constant(v) => *v,
        HourlySeries::Table { values, .. } => values.iter().copied().fold(0.0, f64::max),
    }
}

/// The first value of an hourly file above `max`, with its line (the header is line 1 and
/// rows are contiguous hours, as the readers require).
fn first_above(series: &HourlySeries, max: f64) -> Option<(usize, f64)> {
    match series {
        HourlySeries::Constant(v) => (*v > max).then_some((2, *v)),
        HourlySeries::Table { values, .. } => values
            .iter()
            .position(|v| *v > max)
            .map(|i| (i + 2, values[i])),
    }
}

/// A site's marginal intensity file, if given (a preset's merit-order margin is drawn per
/// replication in `SiteConfig::series_for` when none is).
fn resolve_marginal(
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

fn resolve_grid(
    c: &mut Checker,
    site: &SiteSection,
    key: &str,
    ctx: &SiteContext<'_>,
) -> (HourlySeries, OffsiteWater, SyntheticParts) {
    let SiteContext {
        base_dir,
        cache,
        synthetic_hours,
        start_year,
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
        genmix::emission_set(n).unwrap_or_else(|| {
            c.fail(
                &format!("{key}.grid.emission_factors"),
                format!(
                    "unknown set '{n}': expected one of {}",
                    genmix::names().join(", ")
                ),
            );
            genmix::ELECTRICITY_MAPS_LIFECYCLE
        })
    });
    let (mix_water, conventions) = super::water::mix_water(c, site, key);
    let water = mix_water.consumption;
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
    let mut ewif = HourlySeries::Constant(grid.ewif_l_per_kwh.unwrap_or(0.0));
    let mut ewif_withdrawal = HourlySeries::Constant(super::water::constant_withdrawal(
        c,
        site,
        key,
        grid.ewif_l_per_kwh.unwrap_or(0.0),
    ));
    if let Some(v) = grid.carbon_intensity_g_per_kwh {
        c.range(
            &format!("{key}.grid.carbon_intensity_g_per_kwh"),
            v,
            0.0,
            MAX_CI_G_PER_KWH,
            "gCO2e/kWh from 0 to 5000",
        );
        ci = HourlySeries::Constant(v);
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
    } else if let Some(name) = &grid.preset {
        match grid::presets::preset(name) {
            Some(preset) => {
                let emission = emission.unwrap_or(match column {
                    CiColumn::Lca => preset.lifecycle_factors(),
                    CiColumn::Direct => preset.direct_factors(),
                });
                synthetic.grid = Some(SyntheticGrid {
                    preset,
                    emission,
                    water,
                    withdrawal: mix_water.withdrawal,
                    ewif_from_mix: grid.ewif_l_per_kwh.is_none(),
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
                ci = mix.ci_hourly(&emission.unwrap_or(genmix::CARBON_EXPLORER));
                if grid.ewif_l_per_kwh.is_none() {
                    ewif = mix.ewif_hourly(&water);
                    ewif_withdrawal = mix.ewif_hourly(&mix_water.withdrawal);
                }
            }
            Err(e) => c.fail(&format!("{key}.grid.genmix_csv"), e),
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

    (
        ci,
        OffsiteWater {
            ewif,
            ewif_withdrawal,
            conventions,
        },
        synthetic,
    )
}

/// Off-site water of a site: consumption and withdrawal per facility kWh, and the
/// conventions behind them.
struct OffsiteWater {
    ewif: HourlySeries,
    ewif_withdrawal: HourlySeries,
    conventions: crate::site::water::WaterConventions,
}

/// Hourly PUE, WUE and outdoor temperatures of a site from its constants, or its weather
/// and cooling system.
struct Climate {
    pue: HourlySeries,
    wue: HourlySeries,
    dry_bulb: Option<HourlySeries>,
    wet_bulb: Option<HourlySeries>,
}

fn resolve_climate(
    c: &mut Checker,
    site: &SiteSection,
    key: &str,
    ctx: &SiteContext<'_>,
    synthetic: &mut SyntheticParts,
) -> Climate {
    let SiteContext {
        base_dir, cache, ..
    } = *ctx;
    let mut dry_bulb = None;
    let mut wet_bulb = None;
    let mut weather_record = None;
    if let Some(w) = &site.weather {
        let wkey = format!("{key}.weather");
        let given = [
            w.preset.is_some(),
            w.open_meteo_json.is_some(),
            w.csv.is_some(),
        ];
        if let Some(e) = w.elevation_m {
            if let Err(msg) = psychro::check_elevation_m(e) {
                c.fail(&format!("{wkey}.elevation_m"), msg);
            } else {
                synthetic.elevation_m = Some(e);
            }
        }
        if given.iter().filter(|&&x| x).count() != 1 {
            c.fail(
                &wkey,
                "expected exactly one of preset, open_meteo_json or csv",
            );
        } else if let Some(name) = &w.preset {
            match presets::preset(name) {
                Some(p) => synthetic.weather = Some(p),
                None => c.fail(
                    &format!("{wkey}.preset"),
                    format!(
                        "unknown climate '{name}': expected one of {}",
                        presets::preset_names().join(", ")
                    ),
                ),
            }
        } else {
            let (path, kind, field): (&PathBuf, &'static str, &str) =
                match (&w.open_meteo_json, &w.csv) {
                    (Some(p), _) => (p, "open-meteo", "open_meteo_json"),
                    (_, Some(p)) => (p, "weather-csv", "csv"),
                    _ => unreachable!("one source is given"),
                };
            let full = base_dir.join(path);
            let read =
                |p: &Path| -> Result<std::sync::Arc<weather::Weather>, crate::error::DataError> {
                    let w = if kind == "open-meteo" {
                        weather::read_open_meteo_json(p)
                    } else {
                        weather::read_weather_csv(p)
                    };
                    w.map(std::sync::Arc::new)
                };
            let elevation = synthetic.elevation_m;
            match cache.load(kind, &full, read) {
                Ok(record) => {
                    // An elevation given in the scenario replaces the file's.
                    let record = match elevation {
                        Some(e) if e != record.elevation_m => {
                            let mut moved = (*record).clone();
                            moved.elevation_m = e;
                            std::sync::Arc::new(moved)
                        }
                        _ => record,
                    };
                    let (db, wb) = crate::site::weather_columns(&record);
                    dry_bulb = Some(db);
                    wet_bulb = Some(wb);
                    weather_record = Some(record);
                }
                Err(e) => c.fail(&format!("{wkey}.{field}"), e),
            }
        }
    }
    let (pue, wue) = match (&site.cooling, site.pue) {
        (Some(_), Some(_)) => {
            c.fail(
                &format!("{key}.pue"),
                "give either a constant pue or [sites.cooling], not both",
            );
            (HourlySeries::Constant(1.0), HourlySeries::Constant(0.0))
        }
        (None, None) => {
            c.fail(
                &format!("{key}.pue"),
                "expected a constant pue, or a [sites.cooling] table with a [sites.weather] table",
            );
            (HourlySeries::Constant(1.0), HourlySeries::Constant(0.0))
        }
        (None, Some(p)) => {
            c.range(&format!("{key}.pue"), p, 1.0, 10.0, "a PUE from 1 to 10");
            let w = site.wue_l_per_kwh.unwrap_or(0.0);
            c.range(
                &format!("{key}.wue_l_per_kwh"),
                w,
                0.0,
                100.0,
                "L/kWh from 0 to 100",
            );
            (HourlySeries::Constant(p), HourlySeries::Constant(w))
        }
        (Some(cool), None) => {
            let ckey = format!("{key}.cooling");
            if site.wue_l_per_kwh.is_some() {
                c.fail(
                    &format!("{key}.wue_l_per_kwh"),
                    "comes from the cooling system: remove it or the [sites.cooling] table",
                );
            }
            let load = cool.load_fraction.unwrap_or(DEFAULT_COOLING_LOAD_FRACTION);
            c.range(
                &format!("{ckey}.load_fraction"),
                load,
                0.05,
                1.0,
                "a load fraction from 0.05 to 1",
            );
            let entry = cooling::registry::find(&cool.system);
            let system = match (&cool.parameters, entry) {
                (Some(params), Some(entry)) => {
                    // `system` names the type; a `type` key among the parameters is ignored.
                    let mut table = params.clone();
                    table.remove("type");
                    match (entry.parse)(table).and_then(|s| s.validate().map(|_| s)) {
                        Ok(s) => Some(s),
                        Err(e) => {
                            c.fail(&format!("{ckey}.parameters"), e);
                            let (pue, wue) =
                                (HourlySeries::Constant(1.0), HourlySeries::Constant(0.0));
                            return Climate {
                                pue,
                                wue,
                                dry_bulb,
                                wet_bulb,
                            };
                        }
                    }
                }
                (None, Some(entry)) => Some((entry.large_site)()),
                (_, None) => None,
            };
            match system {
                None => {
                    c.fail(
                        &format!("{ckey}.system"),
                        format!(
                            "unknown system '{}': expected one of {}",
                            cool.system,
                            cooling::names().join(", ")
                        ),
                    );
                    (HourlySeries::Constant(1.0), HourlySeries::Constant(0.0))
                }
                Some(system) => match (&weather_record, synthetic.weather) {
                    (Some(record), _) => {
                        // Once per weather record, system and load, however many sweep
                        // points and replications use them.
                        let cooled = cache.cooling().series(&system, record, load);
                        (cooled.pue, cooled.wue_l_per_kwh)
                    }
                    (None, Some(_)) => {
                        synthetic.cooling = Some((system, load));
                        (HourlySeries::Constant(1.0), HourlySeries::Constant(0.0))
                    }
                    (None, None) => {
                        if site.weather.is_none() {
                            c.fail(
                                &ckey,
                                "a cooling system needs [sites.weather] (a preset or a file)",
                            );
                        }
                        (HourlySeries::Constant(1.0), HourlySeries::Constant(0.0))
                    }
                },
            }
        }
    };
    Climate {
        pue,
        wue,
        dry_bulb,
        wet_bulb,
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
    })
}
