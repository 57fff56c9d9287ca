//! Data: sourced capacity plans of the region presets, as [`CapacityTrajectory`] values.
//!
//! Only Germany's is built in: its plan is statutory and gives installed capacities by year.
//! The other presets have no built-in plan (their targets are shares of energy, not
//! capacities, or were not read); give a `[sites.grid.capacity_trajectory]` for them.

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

/// The built-in plan of region preset `name`, if it has one.
pub fn preset_trajectory(name: &str) -> Option<CapacityTrajectory> {
    match name {
        "DE-LU" => Some(de_lu()),
        _ => None,
    }
}
