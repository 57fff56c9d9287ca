//! Carbon accounting by scope: a site's contractual instruments, Scope 1 sources and
//! custom per-fuel factors, checked and turned into the physics layer's types.

use super::site::SiteContext;
use super::*;
use crate::scenario::carbon_schema::{FuelFactor, Scope1Section};
use crate::site::procurement::{Battery, Certificates, Ppa, PpaProfile, Procurement};
use std::collections::BTreeMap;

/// Diesel burnt in a generator, kg CO2 per litre: US EPA GHG Emission Factors Hub 2024,
/// distillate fuel oil No. 2, 10.21 kg CO2 per US gallon (`reference/accounting.md` §4.1)
/// ÷ 3.785411784 L per gallon.
pub(super) const DIESEL_KG_CO2_PER_L: f64 = 10.21 / genmix::LITRES_PER_GALLON;

/// Scope 1 emissions of a site, kg CO2e per year: refrigerant charge × leak rate × GWP
/// (the GHG Protocol's screening method for fugitive emissions) + generator test hours ×
/// diesel per hour × [`DIESEL_KG_CO2_PER_L`].
pub(super) fn resolve_scope1(c: &mut Checker, s: &Scope1Section, key: &str) -> f64 {
    let k = |name: &str| format!("{key}.scope1.{name}");
    c.non_negative(&k("refrigerant_charge_kg"), s.refrigerant_charge_kg);
    c.range(
        &k("refrigerant_leak_rate_per_year"),
        s.refrigerant_leak_rate_per_year,
        0.0,
        1.0,
        "a yearly share of the charge from 0 to 1",
    );
    c.range(
        &k("refrigerant_gwp"),
        s.refrigerant_gwp,
        0.0,
        50_000.0,
        "kg CO2e per kg from 0 to 50000",
    );
    c.range(
        &k("generator_test_hours_per_year"),
        s.generator_test_hours_per_year,
        0.0,
        8_760.0,
        "hours per year from 0 to 8760",
    );
    c.non_negative(
        &k("generator_diesel_l_per_hour"),
        s.generator_diesel_l_per_hour,
    );
    s.refrigerant_charge_kg * s.refrigerant_leak_rate_per_year * s.refrigerant_gwp
        + s.generator_test_hours_per_year * s.generator_diesel_l_per_hour * DIESEL_KG_CO2_PER_L
}

/// Replaces the factors of the fuels named in `[sites.grid.fuel_factors]`: combustion
/// `direct_g_per_kwh` in the direct set, `direct + upstream` in the life-cycle set.
pub(super) fn apply_fuel_factors(
    c: &mut Checker,
    fuels: Option<&BTreeMap<String, FuelFactor>>,
    key: &str,
    (mut lifecycle, mut direct): (genmix::EmissionFactors, genmix::EmissionFactors),
) -> (genmix::EmissionFactors, genmix::EmissionFactors) {
    for (name, f) in fuels.into_iter().flatten() {
        let k = format!("{key}.grid.fuel_factors.{name}");
        let Some(source) = genmix::Source::from_name(name) else {
            let names: Vec<_> = genmix::Source::ALL.iter().map(|s| s.name()).collect();
            c.fail(
                &k,
                format!(
                    "unknown fuel '{name}': expected one of {}",
                    names.join(", ")
                ),
            );
            continue;
        };
        let ok = c.range(
            &format!("{k}.direct_g_per_kwh"),
            f.direct_g_per_kwh,
            0.0,
            MAX_CI_G_PER_KWH,
            "gCO2e/kWh from 0 to 5000",
        ) & c.range(
            &format!("{k}.upstream_g_per_kwh"),
            f.upstream_g_per_kwh,
            0.0,
            MAX_CI_G_PER_KWH,
            "gCO2e/kWh from 0 to 5000",
        );
        if ok {
            direct = direct.with(source, f.direct_g_per_kwh);
            lifecycle = lifecycle.with(source, f.direct_g_per_kwh + f.upstream_g_per_kwh);
        }
    }
    (lifecycle, direct)
}

/// Largest carbon intensity accepted for a factor, g/kWh (as `site.rs`).
const MAX_CI_G_PER_KWH: f64 = 5_000.0;

/// A site's contractual instruments.
pub(super) fn resolve_procurement(
    c: &mut Checker,
    site: &SiteSection,
    key: &str,
    ctx: &SiteContext<'_>,
) -> Procurement {
    let p = &site.procurement;
    let k = |name: &str| format!("{key}.procurement.{name}");
    let region = site.grid.preset.as_deref();
    let residual = match p.residual_mix_g_per_kwh {
        Some(r) => {
            c.range(
                &k("residual_mix_g_per_kwh"),
                r,
                0.0,
                MAX_CI_G_PER_KWH,
                "gCO2e/kWh from 0 to 5000",
            );
            Some(r)
        }
        None => region.and_then(|r| {
            grid::carbon_defaults::carbon_defaults(r)
                .residual_mix_g_per_kwh
                .map(|(g, _)| g)
        }),
    };
    let mut certificates = Vec::new();
    for (i, cert) in p.certificates.iter().enumerate() {
        let ck = k(&format!("certificates[{i}]"));
        let ok = c.non_negative(&format!("{ck}.mwh_per_year"), cert.mwh_per_year)
            & c.range(
                &format!("{ck}.co2_g_per_kwh"),
                cert.co2_g_per_kwh,
                0.0,
                MAX_CI_G_PER_KWH,
                "gCO2e/kWh from 0 to 5000",
            );
        if ok {
            certificates.push(Certificates {
                mwh_per_year: cert.mwh_per_year,
                co2_g_per_kwh: cert.co2_g_per_kwh,
            });
        }
    }
    let mut ppas = Vec::new();
    for (i, ppa) in p.ppa.iter().enumerate() {
        let pk = k(&format!("ppa[{i}]"));
        c.range(
            &format!("{pk}.co2_g_per_kwh"),
            ppa.co2_g_per_kwh,
            0.0,
            MAX_CI_G_PER_KWH,
            "gCO2e/kWh from 0 to 5000",
        );
        let profile = match (&ppa.technology, &ppa.csv) {
            (Some(tech), None) => {
                let capacity = ppa.capacity_mw.unwrap_or(f64::NAN);
                c.range(
                    &format!("{pk}.capacity_mw"),
                    capacity,
                    0.0,
                    1e6,
                    "MW from 0 to 1e6 (required with technology)",
                );
                if region.is_none() {
                    c.fail(
                        &format!("{pk}.technology"),
                        "a fleet profile needs the site's [sites.grid] preset (its weather model); give csv otherwise",
                    );
                }
                match tech.as_str() {
                    "solar" => Some((PpaProfile::Solar, capacity)),
                    "wind" => Some((PpaProfile::Wind, capacity)),
                    other => {
                        c.fail(
                            &format!("{pk}.technology"),
                            format!("unknown technology '{other}': expected solar or wind"),
                        );
                        None
                    }
                }
            }
            (None, Some(path)) => {
                if ppa.capacity_mw.is_some() {
                    c.fail(
                        &format!("{pk}.capacity_mw"),
                        "only applies with technology (a CSV gives MW directly)",
                    );
                }
                let full = ctx.base_dir.join(path);
                match ctx.cache.load("ppa", &full, grid::readers::read_ppa_csv) {
                    Ok(series) => {
                        check_covers(c, &format!("{pk}.csv"), &full, &series, ctx);
                        Some((PpaProfile::Table(series), 1.0))
                    }
                    Err(e) => {
                        c.fail(&format!("{pk}.csv"), e);
                        None
                    }
                }
            }
            _ => {
                c.fail(
                    &pk,
                    "expected exactly one of technology (with capacity_mw) or csv",
                );
                None
            }
        };
        if let Some((profile, capacity_mw)) = profile {
            ppas.push(Ppa {
                profile,
                capacity_mw,
                co2_g_per_kwh: ppa.co2_g_per_kwh,
            });
        }
    }
    let battery = p.battery.as_ref().and_then(|b| {
        let bk = k("battery");
        let ok = c.non_negative(&format!("{bk}.energy_mwh"), b.energy_mwh)
            & c.non_negative(&format!("{bk}.power_mw"), b.power_mw)
            & c.range(
                &format!("{bk}.round_trip_efficiency"),
                b.round_trip_efficiency,
                f64::MIN_POSITIVE,
                1.0,
                "a share above 0 and at most 1",
            );
        ok.then_some(Battery {
            energy_kwh: b.energy_mwh * 1_000.0,
            power_kw: b.power_mw * 1_000.0,
            round_trip_efficiency: b.round_trip_efficiency,
        })
    });
    if battery.is_some() && ppas.is_empty() {
        c.fail(
            &k("battery"),
            "a battery stores contracted surplus: expected at least one [[sites.procurement.ppa]]",
        );
    }
    Procurement {
        residual_mix_g_per_kwh: residual,
        certificates,
        ppas,
        battery,
    }
}

/// Fails unless `series` (read from `path`) has a row for every hour of the window.
fn check_covers(
    c: &mut Checker,
    key: &str,
    path: &Path,
    series: &HourlySeries,
    ctx: &SiteContext<'_>,
) {
    if let HourlySeries::Table { start_unix, values } = series {
        let hour = crate::time::SECONDS_PER_HOUR as i64;
        let end = start_unix + values.len() as i64 * hour;
        let window_end = ctx.start_unix + ctx.window_hours as i64 * hour;
        if *start_unix > ctx.start_unix || end < window_end {
            c.fail(
                key,
                format!(
                    "{}: {} hourly rows from {} do not cover the simulated window ({} hours from {}): expected a row for every hour of the window",
                    path.display(),
                    values.len(),
                    crate::time::format_utc(*start_unix),
                    ctx.window_hours,
                    crate::time::format_utc(ctx.start_unix),
                ),
            );
        }
    }
}
