//! The climate of a site: constant PUE and WUE, or hourly ones from its weather and cooling
//! system.

use super::*;

/// Hourly PUE, WUE and outdoor temperatures of a site from its constants, or its weather
/// and cooling system.
pub(super) struct Climate {
    pub(super) pue: HourlySeries,
    pub(super) wue: HourlySeries,
    pub(super) dry_bulb: Option<HourlySeries>,
    pub(super) wet_bulb: Option<HourlySeries>,
    /// Fans and pumps of the cooling system per kW IT (0 without one).
    pub(super) movers: HourlySeries,
    /// The part-load parameters and the system's design-load electrical terms, for a
    /// cooling system whose part-load model is enabled.
    pub(super) part_load: Option<(cooling::PartLoad, cooling::CoolingBreakdown)>,
}

pub(super) fn resolve_climate(
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
    let mut movers = HourlySeries::Constant(0.0);
    let mut part_load = None;
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
                Some(p) => {
                    synthetic.weather = Some(p);
                    synthetic.warming = resolve_warming(c, w, &wkey, p.calibration_year);
                }
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
    if let Some(w) = &site.weather
        && w.preset.is_none()
    {
        for (field, given) in [
            ("warming_c_per_decade", w.warming_c_per_decade.is_some()),
            ("warming_target_year", w.warming_target_year.is_some()),
            (
                "warming_target_anomaly_c",
                w.warming_target_anomaly_c.is_some(),
            ),
            ("warming_base_year", w.warming_base_year.is_some()),
        ] {
            if given {
                c.fail(
                    &format!("{key}.weather.{field}"),
                    "only applies to a synthetic climate (sites.weather.preset), not a weather file",
                );
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
                                movers,
                                part_load,
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
                Some(system) => {
                    let params = cool.part_load.clone().unwrap_or_default();
                    if let Err(e) = params.validate(system.name()) {
                        c.fail(&format!("{ckey}.part_load"), e);
                    } else if params.enabled {
                        // The electrical terms do not depend on the weather: any hour gives them.
                        part_load = Some((params, system.breakdown(20.0, 15.0, 50.0, load)));
                    }
                    match (&weather_record, synthetic.weather) {
                        (Some(record), _) => {
                            // Once per weather record, system and load, however many sweep
                            // points and replications use them.
                            let cooled = cache.cooling().series(&system, record, load);
                            movers = cooled.movers_kw_per_kw;
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
                    }
                }
            }
        }
    };
    Climate {
        pue,
        wue,
        dry_bulb,
        wet_bulb,
        movers,
        part_load,
    }
}

/// The warming trend of a synthetic climate from `warming_c_per_decade`, or from
/// `warming_target_year` with `warming_target_anomaly_c`; `None` when none is given (or on an
/// error, recorded in `c`).
fn resolve_warming(
    c: &mut Checker,
    w: &crate::scenario::schema::WeatherSection,
    wkey: &str,
    calibration_year: i32,
) -> Option<crate::site::climate::warming::Warming> {
    use crate::site::climate::warming::Warming;
    let base_year = w.warming_base_year.unwrap_or(calibration_year);
    let result = match (
        w.warming_c_per_decade,
        w.warming_target_year,
        w.warming_target_anomaly_c,
    ) {
        (None, None, None) => {
            if w.warming_base_year.is_some() {
                c.fail(
                    &format!("{wkey}.warming_base_year"),
                    "only applies with warming_c_per_decade or warming_target_year",
                );
            }
            return None;
        }
        (Some(rate), None, None) => Warming::new(base_year, rate)
            .map_err(|e| (format!("{wkey}.warming_c_per_decade"), e)),
        (None, Some(year), Some(anomaly)) => Warming::from_target(base_year, year, anomaly)
            .map_err(|e| (format!("{wkey}.warming_target_year"), e)),
        (None, Some(_), None) => Err((
            format!("{wkey}.warming_target_anomaly_c"),
            "missing: warming_target_year needs the anomaly of that year, °C".to_string(),
        )),
        (None, None, Some(_)) => Err((
            format!("{wkey}.warming_target_year"),
            "missing: warming_target_anomaly_c needs the year it applies to".to_string(),
        )),
        (Some(_), _, _) => Err((
            format!("{wkey}.warming_c_per_decade"),
            "give either warming_c_per_decade or warming_target_year with warming_target_anomaly_c, not both".to_string(),
        )),
    };
    match result {
        Ok(w) => Some(w),
        Err((key, msg)) => {
            c.fail(&key, msg);
            None
        }
    }
}
