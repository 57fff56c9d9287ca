//! Data: the region presets of the synthetic grid generator ([`RegionPreset`] values), with
//! the sources of their parameters and their calibration figures, and the lookup by name.
//! The model that uses them is [`super::synthetic`]; it does not depend on this file.

use super::genmix::{Source, US_EIA_FLEET_2022, US_EIA_FLEET_2022_DIRECT};
use super::synthetic::*;

// ---------------------------------------------------------------------------------------
// Region presets.
//
// Sources of the parameters. Installed capacities are those of the Electricity Maps zone
// configurations (`electricitymaps-contrib/config/zones/<zone>.yaml`, values dated 2023-01
// unless stated), read for this work. Zone-specific emission factors come from the same
// files (`emissionFactors`, 2023 entries). Consumption shares quoted as "EM 2023 mix" are
// the files' `fallbackZoneMixes.powerOriginRatios` for 2023 (consumption-based, imports
// traced). Every other number (shapes, means, noise, merit order) is a calibration
// parameter, fitted by hand with a script outside the repository to the 2023 hourly files
// in `shared/data/grid/` (three statistics of the lifecycle series: annual mean, amplitude
// of the mean daily profile by UTC hour, hourly standard deviation); the resulting figures
// are in each preset's `calibration` field and in `docs/models-grid.md`.
// ---------------------------------------------------------------------------------------

/// Lifecycle factor-set label of the four Electricity Maps presets.
const EM_LIFECYCLE_WITH_ZONE: &str = "electricity_maps_lifecycle + zone overrides";

/// California ISO (2023).
///
/// Capacities (EM zone file, EIA.gov, 2023-01): solar 17,943 MW, wind 6,114, gas 32,711,
/// hydro 6,052 (+ storage 1,878), nuclear 2,323, geothermal 2,038, biomass 970, batteries
/// 4,947 (growing to 8,056 by 2023-12). EM 2023 mix: gas 41.9 %, solar 16.7 %, hydro
/// 12.4 %, nuclear 10.4 %, wind 9.3 %, geothermal 3.0 %, battery 1.9 %, biomass 1.7 %,
/// coal 1.6 %, unknown 1.2 %. Synthetic seed 1: gas 45.5 %, solar 13.1 %, hydro 13.4 %,
/// nuclear 11.0 %, wind 9.6 %, geothermal 3.0 %, coal 1.8 %, biomass 1.6 %, other 1.1 %.
/// Imports (about a fifth of consumption: Northwest hydro, Palo Verde nuclear, Southwest
/// gas and coal, unspecified) are a fixed-blend flow. Batteries are not modelled: the solar
/// fleet is calibrated below its real share so that the midday trough keeps the real depth.
/// Zone factors (eGrid 2023 via EM): lifecycle gas 516.16, coal 577.6, oil 1,189.01,
/// geothermal 76.88, biomass 282.56, solar 25.6 (INCER ACV); direct gas 396.16, coal 517.6,
/// oil 945.01, geothermal 38.88.
///
/// Calibration (lifecycle, gCO2e/kWh, real / synthetic seed 1): mean 260.7 / 268.0, daily
/// amplitude 122.4 / 123.0, hourly sd 75.6 / 73.5. Direct: 194.0 / 196.5, 103.1 / 99.6,
/// 63.2 / 59.0.
pub static US_CAL_CISO: RegionPreset = RegionPreset {
    name: "US-CAL-CISO",
    description: "California ISO: solar-heavy with a midday trough, gas-balanced, large imports",
    utc_offset_hours: -8.0,
    latitude_deg: 35.5,
    longitude_deg: -119.5,
    demand: Demand {
        mean_mw: 25_000.0,
        seasonal: Seasonal {
            amp1: 0.14,
            peak1_doy: 220.0,
            amp2: 0.03,
            peak2_doy: 15.0,
        },
        daily: Daily {
            amp1: 0.12,
            peak1_hour: 18.0,
            amp2: 0.04,
            peak2_hour: 9.0,
        },
        weekend_factor: 0.94,
        noise_sd: 0.06,
        noise_phi: 0.98,
    },
    solar: Solar {
        peak_mw: 17_000.0,
        clearness_mean: 0.8,
        clearness_seasonal: Seasonal::annual(0.1, 180.0),
        clearness_sd: 0.12,
        clearness_phi: 0.5,
    },
    wind: Wind {
        capacity_mw: 6_000.0,
        mean_cf: 0.3,
        logit_sd: 1.0,
        phi: 0.97,
        seasonal: Seasonal::annual(0.35, 170.0),
        daily: Daily {
            amp1: 0.1,
            peak1_hour: 21.0,
            amp2: 0.0,
            peak2_hour: 0.0,
        },
    },
    must_run: &[
        MustRun {
            source: Source::Nuclear,
            mean_mw: 2_200.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Geothermal,
            mean_mw: 750.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Biomass,
            mean_mw: 400.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Hydro,
            mean_mw: 1_100.0,
            seasonal: Seasonal::annual(0.9, 140.0),
        },
    ],
    hydro_flex: HydroFlex {
        mean_mw: 900.0,
        seasonal: Seasonal::annual(0.9, 140.0),
        max_mw: 4_000.0,
    },
    imports: Imports {
        mean_mw: 5_500.0,
        seasonal: Seasonal::annual(0.2, 150.0),
        daily: Daily::FLAT,
        blend: &[
            (Source::Hydro, 0.25),
            (Source::Gas, 0.35),
            (Source::Coal, 0.08),
            (Source::Nuclear, 0.10),
            (Source::Wind, 0.12),
            (Source::Solar, 0.05),
            (Source::Other, 0.05),
        ],
        flexible_share: 0.0,
        flexible_max_mw: 0.0,
        export_max_mw: 4_000.0,
    },
    merit_order: &[Dispatchable {
        source: Source::Gas,
        min_mw: 4_300.0,
        max_mw: 30_000.0,
    }],
    lifecycle_overrides: &[
        (Source::Gas, 516.16),
        (Source::Coal, 577.6),
        (Source::Oil, 1_189.01),
        (Source::Geothermal, 76.88),
        (Source::Biomass, 282.56),
        (Source::Solar, 25.6),
    ],
    direct_overrides: &[
        (Source::Gas, 396.16),
        (Source::Coal, 517.6),
        (Source::Oil, 945.01),
        (Source::Geothermal, 38.88),
    ],
    calibration: CalibrationFigures {
        reference: "US-CAL-CISO_2023_hourly.csv, Carbon Intensity gCO₂eq/kWh (LCA)",
        year: 2023,
        factors: EM_LIFECYCLE_WITH_ZONE,
        real: [260.7, 122.4, 75.6],
        synthetic: [268.0, 123.0, 73.5],
        direct: Some(([194.0, 103.1, 63.2], [196.5, 99.6, 59.0])),
    },
};

/// Germany and Luxembourg (2023).
///
/// Capacities (EM zone file, Fraunhofer ISE, 2023-01): solar 83,270 MW, wind 69,449, coal
/// 37,028, gas 36,639, pumped and reservoir hydro 9,970 (2022), biomass 9,066, hydro 5,610,
/// oil 5,037, nuclear 4,056 until 2023-04-15 then 0. EM 2023 mix: wind 29.4 %, coal
/// 24.5 %, solar 11.6 %, gas 11.2 %, biomass 9.4 %, hydro 5.8 % + discharge 2.3 %,
/// nuclear 4.3 %, unknown 0.7 %, oil 0.6 %. Synthetic seed 1: wind 28.4 %, coal 22.3 %,
/// solar 12.2 %, gas 10.9 %, hydro 9.2 %, biomass 9.1 %, nuclear 6.6 % (imported),
/// other 0.8 %, oil 0.6 %. No domestic nuclear (the 2023 stub is folded into imports).
/// Market coupling is modelled by flexible imports taking half of every marginal MW
/// (nuclear/hydro/wind-heavy blend); lignite and CHP gas are must-run, so a solar surplus
/// is exported rather than displacing them (up to 15 GW). Zone factors (EU-ETS 2025,
/// ENTSO-E 2023 via EM): lifecycle coal 1,120.91, gas 518.98, oil 1,094.74, hydro 10.7
/// (UNECE 2022), nuclear 5.13 (UNECE 2022), solar 35.12 (INCER ACV), wind 12.62 (UNECE
/// 2022, WindEurope); direct coal 1,060.91, gas 398.98, oil 850.74. With EM's default
/// factors (coal 820) the same mixes average about 280 instead of 352.
///
/// Calibration (lifecycle, real / synthetic seed 1): mean 367.0 / 351.5, daily amplitude
/// 119.8 / 124.1, hourly sd 136.4 / 135.4. Direct: 307.7 / 292.1, 121.4 / 118.9,
/// 128.6 / 126.9.
pub static DE_LU: RegionPreset = RegionPreset {
    name: "DE-LU",
    description: "Germany: wind, coal and solar, high variance",
    utc_offset_hours: 1.0,
    latitude_deg: 51.0,
    longitude_deg: 10.0,
    demand: Demand {
        mean_mw: 52_000.0,
        seasonal: Seasonal::annual(0.06, 15.0),
        daily: Daily {
            amp1: 0.13,
            peak1_hour: 13.0,
            amp2: 0.02,
            peak2_hour: 19.0,
        },
        weekend_factor: 0.85,
        noise_sd: 0.02,
        noise_phi: 0.98,
    },
    solar: Solar {
        peak_mw: 58_000.0,
        clearness_mean: 0.6,
        clearness_seasonal: Seasonal::annual(0.25, 180.0),
        clearness_sd: 0.15,
        clearness_phi: 0.3,
    },
    wind: Wind {
        capacity_mw: 69_000.0,
        mean_cf: 0.23,
        logit_sd: 1.9,
        phi: 0.96,
        seasonal: Seasonal::annual(0.5, 15.0),
        daily: Daily {
            amp1: 0.12,
            peak1_hour: 1.0,
            amp2: 0.0,
            peak2_hour: 0.0,
        },
    },
    must_run: &[
        MustRun {
            source: Source::Hydro,
            mean_mw: 2_300.0,
            seasonal: Seasonal::annual(0.2, 170.0),
        },
        MustRun {
            source: Source::Biomass,
            mean_mw: 4_800.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Other,
            mean_mw: 400.0,
            seasonal: Seasonal::FLAT,
        },
    ],
    hydro_flex: HydroFlex {
        mean_mw: 1_200.0,
        seasonal: Seasonal::FLAT,
        max_mw: 6_000.0,
    },
    imports: Imports {
        mean_mw: 2_000.0,
        seasonal: Seasonal::FLAT,
        daily: Daily::FLAT,
        blend: &[
            (Source::Nuclear, 0.50),
            (Source::Hydro, 0.20),
            (Source::Wind, 0.15),
            (Source::Gas, 0.10),
            (Source::Coal, 0.05),
        ],
        flexible_share: 0.5,
        flexible_max_mw: 10_000.0,
        export_max_mw: 15_000.0,
    },
    merit_order: &[
        Dispatchable {
            source: Source::Coal,
            min_mw: 6_000.0,
            max_mw: 16_000.0,
        },
        Dispatchable {
            source: Source::Gas,
            min_mw: 4_500.0,
            max_mw: 8_000.0,
        },
        Dispatchable {
            source: Source::Coal,
            min_mw: 0.0,
            max_mw: 10_000.0,
        },
        Dispatchable {
            source: Source::Gas,
            min_mw: 0.0,
            max_mw: 20_000.0,
        },
        Dispatchable {
            source: Source::Oil,
            min_mw: 300.0,
            max_mw: 1_500.0,
        },
    ],
    lifecycle_overrides: &[
        (Source::Coal, 1_120.91),
        (Source::Gas, 518.98),
        (Source::Oil, 1_094.74),
        (Source::Hydro, 10.7),
        (Source::Nuclear, 5.13),
        (Source::Solar, 35.116_666_67),
        (Source::Wind, 12.62),
    ],
    direct_overrides: &[
        (Source::Coal, 1_060.91),
        (Source::Gas, 398.98),
        (Source::Oil, 850.74),
    ],
    calibration: CalibrationFigures {
        reference: "DE-LU_2023_hourly.csv, Carbon Intensity gCO₂eq/kWh (LCA)",
        year: 2023,
        factors: EM_LIFECYCLE_WITH_ZONE,
        real: [367.0, 119.8, 136.4],
        synthetic: [351.5, 124.1, 135.4],
        direct: Some(([307.7, 121.4, 128.6], [292.1, 118.9, 126.9])),
    },
};

/// Ontario (2023).
///
/// Capacities (EM zone file, ieso.ca, 2023-12 / 2022-12): nuclear 13,144 MW, gas 10,470,
/// hydro 8,922, wind 4,883, solar 478 (grid-connected), biomass 296. EM 2021 mix (the
/// latest in the file): nuclear 55.5 %, hydro 26.8 %, gas 8.7 %, wind 8.3 %; 2023 had more
/// gas (direct mean 46.9 / 370 ⇒ about 13 %). Synthetic seed 1: nuclear 53.5 %, hydro
/// 24.3 %, gas 13.1 %, wind 8.5 %, solar 0.3 %, biomass 0.3 %. Nuclear availability dips
/// in autumn (outages), run-of-river hydro peaks with the spring freshet, gas is the only
/// dispatchable fleet, so CI follows demand. Zone lifecycle factors (Mallia & Lewis 2013,
/// Int J LCA 18:377, via EM): gas 497, hydro 22, nuclear 4.8, wind 10.69; direct: defaults.
///
/// Calibration (lifecycle, real / synthetic seed 1): mean 72.8 / 72.2, daily amplitude
/// 47.2 / 48.8, hourly sd 39.5 / 39.3. Direct: 46.9 / 46.5, 34.7 / 36.5, 29.9 / 29.8.
pub static CA_ON: RegionPreset = RegionPreset {
    name: "CA-ON",
    description: "Ontario: nuclear and hydro, gas at the margin, very low CI",
    utc_offset_hours: -5.0,
    latitude_deg: 44.0,
    longitude_deg: -79.5,
    demand: Demand {
        mean_mw: 17_000.0,
        seasonal: Seasonal {
            amp1: 0.03,
            peak1_doy: 200.0,
            amp2: 0.06,
            peak2_doy: 15.0,
        },
        daily: Daily {
            amp1: 0.105,
            peak1_hour: 18.0,
            amp2: 0.04,
            peak2_hour: 9.0,
        },
        weekend_factor: 0.93,
        noise_sd: 0.02,
        noise_phi: 0.97,
    },
    solar: Solar {
        peak_mw: 450.0,
        clearness_mean: 0.55,
        clearness_seasonal: Seasonal::annual(0.15, 180.0),
        clearness_sd: 0.2,
        clearness_phi: 0.5,
    },
    wind: Wind {
        capacity_mw: 4_900.0,
        mean_cf: 0.30,
        logit_sd: 1.1,
        phi: 0.975,
        seasonal: Seasonal::annual(0.35, 15.0),
        daily: Daily {
            amp1: 0.05,
            peak1_hour: 15.0,
            amp2: 0.0,
            peak2_hour: 0.0,
        },
    },
    must_run: &[
        MustRun {
            source: Source::Nuclear,
            mean_mw: 9_000.0,
            seasonal: Seasonal::annual(0.05, 60.0),
        },
        MustRun {
            source: Source::Hydro,
            mean_mw: 3_700.0,
            seasonal: Seasonal::annual(0.15, 130.0),
        },
        MustRun {
            source: Source::Biomass,
            mean_mw: 50.0,
            seasonal: Seasonal::FLAT,
        },
    ],
    hydro_flex: HydroFlex {
        mean_mw: 400.0,
        seasonal: Seasonal::annual(0.15, 130.0),
        max_mw: 1_500.0,
    },
    imports: Imports {
        mean_mw: 0.0,
        seasonal: Seasonal::FLAT,
        daily: Daily::FLAT,
        blend: &[],
        flexible_share: 0.0,
        flexible_max_mw: 0.0,
        export_max_mw: 6_000.0,
    },
    merit_order: &[Dispatchable {
        source: Source::Gas,
        min_mw: 300.0,
        max_mw: 10_000.0,
    }],
    lifecycle_overrides: &[
        (Source::Gas, 497.0),
        (Source::Hydro, 22.0),
        (Source::Nuclear, 4.8),
        (Source::Wind, 10.69),
    ],
    direct_overrides: &[],
    calibration: CalibrationFigures {
        reference: "CA-ON_2023_hourly.csv, Carbon Intensity gCO₂eq/kWh (LCA)",
        year: 2023,
        factors: EM_LIFECYCLE_WITH_ZONE,
        real: [72.8, 47.2, 39.5],
        synthetic: [72.2, 48.8, 39.3],
        direct: Some(([46.9, 34.7, 29.9], [46.5, 36.5, 29.8])),
    },
};

/// South Africa (2023).
///
/// Capacities (EM zone file, IRENA, 2023): coal 43,599 MW (available far less: Eskom's
/// energy availability factor was near 55 % in 2023), oil (diesel OCGT) 3,445, solar 6,164
/// (including rooftop, mostly invisible to Eskom's data), wind 3,442, nuclear 1,934,
/// pumped storage 2,732, hydro 748. EM 2023 mix: coal 80.9 %, wind 5.7 %, nuclear 4.0 %,
/// solar 3.1 %, hydro discharge 2.8 %, oil 2.5 %, hydro 1.0 %. Synthetic seed 1: coal
/// 87.5 %, wind 5.0 %, nuclear 4.1 %, solar 2.2 %, hydro 1.0 %, oil 0.3 %. Pumped storage
/// (charged from coal, counted by EM at the zone average ≈ 697) is folded into coal; demand
/// beyond coal + diesel capacity is unserved (load shedding). No zone-specific factors.
///
/// Calibration (lifecycle, real / synthetic seed 1): mean 702.1 / 720.6, daily amplitude
/// 57.6 / 59.1, hourly sd 31.0 / 30.9. Direct: 644.5 / 665.3, 61.4 / 56.3, 31.2 / 29.3.
pub static ZA: RegionPreset = RegionPreset {
    name: "ZA",
    description: "South Africa (Eskom): coal-heavy and flat, diesel peakers",
    utc_offset_hours: 2.0,
    latitude_deg: -28.5,
    longitude_deg: 24.5,
    demand: Demand {
        mean_mw: 25_000.0,
        seasonal: Seasonal::annual(0.05, 190.0),
        daily: Daily {
            amp1: 0.06,
            peak1_hour: 18.0,
            amp2: 0.06,
            peak2_hour: 8.0,
        },
        weekend_factor: 0.92,
        noise_sd: 0.02,
        noise_phi: 0.97,
    },
    solar: Solar {
        peak_mw: 2_650.0,
        clearness_mean: 0.75,
        clearness_seasonal: Seasonal::annual(0.05, 200.0),
        clearness_sd: 0.15,
        clearness_phi: 0.5,
    },
    wind: Wind {
        capacity_mw: 3_400.0,
        mean_cf: 0.36,
        logit_sd: 0.85,
        phi: 0.97,
        seasonal: Seasonal::annual(0.15, 250.0),
        daily: Daily {
            amp1: 0.1,
            peak1_hour: 20.0,
            amp2: 0.0,
            peak2_hour: 0.0,
        },
    },
    must_run: &[
        MustRun {
            source: Source::Nuclear,
            mean_mw: 1_000.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Hydro,
            mean_mw: 250.0,
            seasonal: Seasonal::FLAT,
        },
    ],
    hydro_flex: HydroFlex {
        mean_mw: 0.0,
        seasonal: Seasonal::FLAT,
        max_mw: 0.0,
    },
    imports: Imports {
        mean_mw: 0.0,
        seasonal: Seasonal::FLAT,
        daily: Daily::FLAT,
        blend: &[],
        flexible_share: 0.0,
        flexible_max_mw: 0.0,
        export_max_mw: 1_000.0,
    },
    merit_order: &[
        Dispatchable {
            source: Source::Coal,
            min_mw: 15_000.0,
            max_mw: 25_000.0,
        },
        Dispatchable {
            source: Source::Oil,
            min_mw: 0.0,
            max_mw: 3_000.0,
        },
    ],
    lifecycle_overrides: &[],
    direct_overrides: &[],
    calibration: CalibrationFigures {
        reference: "ZA_2023_hourly.csv, Carbon Intensity gCO₂eq/kWh (LCA)",
        year: 2023,
        factors: EM_LIFECYCLE_WITH_ZONE,
        real: [702.1, 57.6, 31.0],
        synthetic: [720.6, 59.1, 30.9],
        direct: Some(([644.5, 61.4, 31.2], [665.3, 56.3, 29.3])),
    },
};

/// ERCOT, Texas (2022), calibrated to the EIA-930 generation-mix file
/// (`EIA930_ERCO_2022_genmix_hourly.csv`, production mix, no imports: ERCOT is nearly
/// isolated) with the Carbon Explorer factors that reproduce its `avg_CI` column.
///
/// From the file: mean generation 48,978 MW (min 31,806, max 79,406), peak at 17–18 h CST,
/// summer maximum; wind 12,254 MW mean with a night maximum (14.8 GW at 00 h CST, 9.9 GW
/// at 13 h); solar peak 6.9 GW mean at noon; nuclear 4,778 MW; hydro 36; other 131; coal
/// cycling between 7.0 GW (night) and 9.3 GW (evening), hence two coal tranches around a
/// gas tranche in the merit order. Annual mix, real / synthetic seed 1: gas 42.6 / 41.7 %,
/// wind 25.0 / 24.9 %, coal 16.8 / 17.6 %, nuclear 9.8 / 9.9 %, solar 5.5 / 5.5 %. Wind
/// capacity 37 GW is an assumption consistent with the file's mean at a 33 % capacity
/// factor. Fossil and `other` factors are the US fleet's (EIA 2022,
/// `genmix::US_EIA_FLEET_2022`), checked against eGRID2022 ERCT and Google's Dallas 2022
/// intensity (`docs/accounting-carbon.md` §4).
///
/// Calibration (Carbon Explorer factors, real `avg_CI` / synthetic seed 1): mean
/// 347.2 / 353.9, daily amplitude 65.2 / 63.1, hourly sd 76.2 / 75.1.
pub static US_TEX_ERCO: RegionPreset = RegionPreset {
    name: "US-TEX-ERCO",
    description: "ERCOT (Texas): gas-balanced, large wind fleet with night peaks, isolated grid",
    utc_offset_hours: -6.0,
    latitude_deg: 31.0,
    longitude_deg: -98.0,
    demand: Demand {
        mean_mw: 49_000.0,
        seasonal: Seasonal {
            amp1: 0.13,
            peak1_doy: 200.0,
            amp2: 0.07,
            peak2_doy: 20.0,
        },
        daily: Daily {
            amp1: 0.15,
            peak1_hour: 17.5,
            amp2: 0.0,
            peak2_hour: 0.0,
        },
        weekend_factor: 0.95,
        noise_sd: 0.03,
        noise_phi: 0.98,
    },
    solar: Solar {
        peak_mw: 14_000.0,
        clearness_mean: 0.75,
        clearness_seasonal: Seasonal::annual(0.1, 190.0),
        clearness_sd: 0.15,
        clearness_phi: 0.3,
    },
    wind: Wind {
        capacity_mw: 37_000.0,
        mean_cf: 0.33,
        logit_sd: 0.85,
        phi: 0.97,
        seasonal: Seasonal::annual(0.3, 120.0),
        daily: Daily {
            amp1: 0.2,
            peak1_hour: 23.5,
            amp2: 0.0,
            peak2_hour: 0.0,
        },
    },
    must_run: &[
        MustRun {
            source: Source::Nuclear,
            mean_mw: 4_800.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Hydro,
            mean_mw: 36.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Other,
            mean_mw: 130.0,
            seasonal: Seasonal::FLAT,
        },
    ],
    hydro_flex: HydroFlex {
        mean_mw: 0.0,
        seasonal: Seasonal::FLAT,
        max_mw: 0.0,
    },
    imports: Imports {
        mean_mw: 0.0,
        seasonal: Seasonal::FLAT,
        daily: Daily::FLAT,
        blend: &[],
        flexible_share: 0.0,
        flexible_max_mw: 0.0,
        export_max_mw: 1_000.0,
    },
    merit_order: &[
        Dispatchable {
            source: Source::Coal,
            min_mw: 5_500.0,
            max_mw: 7_000.0,
        },
        Dispatchable {
            source: Source::Gas,
            min_mw: 3_000.0,
            max_mw: 18_000.0,
        },
        Dispatchable {
            source: Source::Coal,
            min_mw: 0.0,
            max_mw: 2_500.0,
        },
        Dispatchable {
            source: Source::Gas,
            min_mw: 0.0,
            max_mw: 60_000.0,
        },
    ],
    // US fleet factors (EIA 2022, `genmix::US_EIA_FLEET_2022`) for the fossil sources and
    // `other`; the rest are the same in both sets.
    lifecycle_overrides: &[
        (Source::Coal, US_EIA_FLEET_2022.0[0]),
        (Source::Gas, US_EIA_FLEET_2022.0[1]),
        (Source::Oil, US_EIA_FLEET_2022.0[2]),
        (Source::Other, US_EIA_FLEET_2022.0[9]),
    ],
    direct_overrides: &[
        (Source::Coal, US_EIA_FLEET_2022_DIRECT.0[0]),
        (Source::Gas, US_EIA_FLEET_2022_DIRECT.0[1]),
        (Source::Oil, US_EIA_FLEET_2022_DIRECT.0[2]),
        (Source::Other, US_EIA_FLEET_2022_DIRECT.0[9]),
    ],
    calibration: CalibrationFigures {
        reference: "EIA930_ERCO_2022_genmix_hourly.csv, avg_CI",
        year: 2022,
        factors: "carbon_explorer",
        real: [347.2, 65.2, 76.2],
        synthetic: [353.9, 63.1, 75.1],
        direct: None,
    },
};

pub(super) static PRESETS: [&RegionPreset; 5] = [&US_CAL_CISO, &DE_LU, &CA_ON, &ZA, &US_TEX_ERCO];

/// The preset for zone `name` (see [`preset_names`]).
pub fn preset(name: &str) -> Option<&'static RegionPreset> {
    PRESETS.iter().copied().find(|p| p.name == name)
}

/// Names of the region presets.
pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}
