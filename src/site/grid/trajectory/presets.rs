//! Data: sourced capacity plans of the region presets, as [`CapacityTrajectory`] values.
//!
//! Germany's (statutory), California's (the CPUC's 2035 portfolio as planned for in CAISO's
//! transmission plan) and South Africa's (the draft IRP 2023 to 2030) are built in, each from
//! installed capacities by year. Ontario and Texas have none: no per-fuel capacity plan
//! was found in a readable source (Ontario's outlook turns on nuclear, which a trajectory
//! does not scale; Texas has no state plan, and ERCOT's CDR is an outlook, not a target);
//! give a `[sites.grid.capacity_trajectory]` for them.

use super::CapacityTrajectory;

/// Installed capacity at the end of 2022, GW, the fleet the 2023 calibration started from
/// (German government monitoring report on renewables 2023, Bundestag print 20/10478, as
/// summarised by the Bundestag's news service): onshore wind 58.0, offshore wind 8.1,
/// photovoltaics 67.5.
pub const DE_END_2022_GW: (f64, f64, f64) = (58.0, 8.1, 67.5);

/// Coal capacity of the DE-LU preset, MW (Electricity Maps zone file, 2023-01), the base of
/// the coal multiplier.
pub const DE_COAL_2023_MW: f64 = 37_028.0;

/// Germany and Luxembourg: the statutory expansion path.
///
/// * Solar and onshore wind: EEG 2023 §4 ("Ausbaupfad"): photovoltaics 215 GW in 2030,
///   309 GW in 2035, 400 GW in 2040; onshore wind 115 GW in 2030, 157 GW in 2035, 160 GW in
///   2040.
/// * Offshore wind: WindSeeG targets of 30 GW in 2030, 40 GW in 2035 and 70 GW in 2045
///   (2040: 55 GW, interpolated here).
/// * Coal: Coal Phase-out Act (KVBG, 2020): 8 GW of hard coal and 9 GW of lignite left in
///   2030, none after 2038.
/// * Gas and demand: held at the calibration year's (no capacity figure in the plans read).
///
/// Multipliers are the plan's capacity over the end-2022 fleet ([`DE_END_2022_GW`]; coal:
/// over the preset's [`DE_COAL_2023_MW`]); 2023 is the calibration year (1). Solar and wind
/// in 2038 are interpolated between 2035 and 2040.
pub fn de_lu() -> CapacityTrajectory {
    let (onshore, offshore, pv) = DE_END_2022_GW;
    let wind_2022 = onshore + offshore;
    let coal_2030 = (8.0 + 9.0) * 1_000.0 / DE_COAL_2023_MW;
    let interp_2038 = |a: f64, b: f64| a + (b - a) * 3.0 / 5.0;
    CapacityTrajectory {
        years: vec![2023, 2030, 2035, 2038, 2040],
        solar: Some(vec![
            1.0,
            215.0 / pv,
            309.0 / pv,
            interp_2038(309.0, 400.0) / pv,
            400.0 / pv,
        ]),
        wind: Some(vec![
            1.0,
            (115.0 + 30.0) / wind_2022,
            (157.0 + 40.0) / wind_2022,
            interp_2038(157.0 + 40.0, 160.0 + 55.0) / wind_2022,
            (160.0 + 55.0) / wind_2022,
        ]),
        coal: Some(vec![1.0, coal_2030, coal_2030 * 3.0 / 8.0, 0.0, 0.0]),
        gas: None,
        demand: None,
        storage_mw: None,
        storage_duration_h: None,
        storage_round_trip_efficiency: None,
    }
}

/// California ISO installed capacity at the start of 2023, MW (Electricity Maps zone file
/// `US-CAL-CISO.yaml`, EIA.gov, 2023-01, the fleet the 2023 calibration started from):
/// solar 17,943, wind 6,114.
pub const CAISO_2023_MW: (f64, f64) = (17_943.0, 6_114.0);

/// New capacity by 2035 in the portfolio CAISO's 2023–2024 Transmission Plan (approved by
/// CAISO's Board in 2024) was built to deliver, MW: solar 38,000 (over 38 GW); wind 3,000 in state,
/// 5,600 out of state and 4,700 offshore (3,100 Central Coast + 1,600 North Coast). The
/// portfolio is the CPUC's (SB 100 / IRP base case); figures as reported by Windtech
/// International, "CAISO approves 2023-2024 transmission plan to support 85 GW of new
/// capacity by 2035".
pub const CAISO_NEW_BY_2035_MW: (f64, f64) = (38_000.0, 3_000.0 + 5_600.0 + 4_700.0);

/// New batteries by 2035 in the CPUC's 2023 Preferred System Plan (decision D.24-02-047,
/// 15 Feb 2024, 25 MMT GHG target), MW: more than 28,000 MW of batteries (Canary Media,
/// "California ups renewables target again with new plan to add 85GW by 2035", reporting
/// the decision). The 2,000 MW of long-duration storage in the same
/// plan is left out (8 h and more, not the daily 4 h cycle of added storage).
pub const CAISO_NEW_BATTERIES_BY_2035_MW: f64 = 28_000.0;

/// California ISO: the CPUC's 2035 portfolio.
///
/// * Solar and wind: the calibration year's fleet ([`CAISO_2023_MW`]) plus the new
///   capacity by 2035 of [`CAISO_NEW_BY_2035_MW`] (out-of-state and offshore wind count as
///   the zone's wind: they are delivered into CAISO).
/// * Storage: [`CAISO_NEW_BATTERIES_BY_2035_MW`] added by 2035 (the 5–8 GW of 2023 are in
///   the calibration).
/// * Gas and demand: held at the calibration year's (the plan's gas figures and the CEC
///   demand forecast were not read).
///
/// Linear from 2023 (the calibration year, 1) to 2035; the plan gives no intermediate
/// year here.
pub fn us_cal_ciso() -> CapacityTrajectory {
    let (solar, wind) = CAISO_2023_MW;
    let (new_solar, new_wind) = CAISO_NEW_BY_2035_MW;
    CapacityTrajectory {
        years: vec![2023, 2035],
        solar: Some(vec![1.0, (solar + new_solar) / solar]),
        wind: Some(vec![1.0, (wind + new_wind) / wind]),
        coal: None,
        gas: None,
        demand: None,
        storage_mw: Some(vec![0.0, CAISO_NEW_BATTERIES_BY_2035_MW]),
        storage_duration_h: None,
        storage_round_trip_efficiency: None,
    }
}

/// South Africa installed capacity in 2023, MW (Electricity Maps zone file `ZA.yaml`,
/// IRENA, 2023, the fleet the 2023 calibration started from): solar 6,164 (including
/// rooftop), wind 3,442.
pub const ZA_2023_MW: (f64, f64) = (6_164.0, 3_442.0);

/// Capacity added from the 2023 baseline by 2030 in the draft Integrated Resource Plan 2023
/// (Department of Mineral Resources and Energy, published for comment January 2024,
/// Horizon One), MW: wind 4,468, solar PV 3,715, battery storage 4,103 (as listed by
/// Daily Investor, "South Africa's plan to add 100 gigawatts of new generation capacity",
/// reporting the draft). The same plan adds 7,220 MW of gas (no gas units in the preset's merit
/// order to scale) and about 6,000 MW of own-use generation (technology unspecified); both
/// are left out.
pub const ZA_ADDED_BY_2030_MW: (f64, f64, f64) = (4_468.0, 3_715.0, 4_103.0);

/// Coal capacity in the draft IRP 2023, GW: about 45 in 2023, 40 in 2030 (African Energy,
/// "Energy Book 2025", summarising the draft IRP 2023's Horizon One: coal capacity falls from
/// about 45 GW to 40 GW).
pub const ZA_COAL_GW: (f64, f64) = (45.0, 40.0);

/// South Africa: the draft IRP 2023 to 2030.
///
/// * Wind and solar: the 2023 fleet ([`ZA_2023_MW`]) plus the additions of
///   [`ZA_ADDED_BY_2030_MW`]. The solar base includes rooftop PV, which the plan's
///   utility additions do not, so the solar multiplier is a lower bound.
/// * Coal: the plan's 2030 over 2023 coal capacity ([`ZA_COAL_GW`]).
/// * Storage: the plan's batteries, added by 2030.
/// * Gas and demand: held at the calibration year's (see [`ZA_ADDED_BY_2030_MW`]).
///
/// Linear from 2023 (the calibration year, 1) to 2030. IRP 2019 (gazetted October 2019)
/// ends in 2030 too and starts from 2018 (its 2030 targets, PV 8,288 MW and wind 17,742
/// MW, are far from the 2023 fleet); after 2030 no capacity path was read, so a run past
/// 2030 with this plan is an error.
pub fn za() -> CapacityTrajectory {
    let (solar, wind) = ZA_2023_MW;
    let (add_wind, add_solar, add_storage) = ZA_ADDED_BY_2030_MW;
    let (coal_2023, coal_2030) = ZA_COAL_GW;
    CapacityTrajectory {
        years: vec![2023, 2030],
        solar: Some(vec![1.0, (solar + add_solar) / solar]),
        wind: Some(vec![1.0, (wind + add_wind) / wind]),
        coal: Some(vec![1.0, coal_2030 / coal_2023]),
        gas: None,
        demand: None,
        storage_mw: Some(vec![0.0, add_storage]),
        storage_duration_h: None,
        storage_round_trip_efficiency: None,
    }
}

/// Names of the region presets with a built-in plan.
pub const PRESETS_WITH_PLAN: [&str; 3] = ["DE-LU", "US-CAL-CISO", "ZA"];

/// The built-in plan of region preset `name`, if it has one.
pub fn preset_trajectory(name: &str) -> Option<CapacityTrajectory> {
    match name {
        "DE-LU" => Some(de_lu()),
        "US-CAL-CISO" => Some(us_cal_ciso()),
        "ZA" => Some(za()),
        _ => None,
    }
}
