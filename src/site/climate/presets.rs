//! Data: the built-in synthetic climates ([`ClimatePreset`] values), each with the record it
//! was fitted to, and the two lookups by name.

use super::synthetic::ClimatePreset;
use std::sync::LazyLock;

/// Presets calibrated on the reference files in `shared/data/weather/` (Open-Meteo, converted
/// to UTC). The harmonic, noise and dew-point parameters are least-squares fits to the hourly
/// record (seasonal + diurnal harmonics with a seasonally modulated diurnal term; noise φ is the
/// lag-one autocorrelation of the residual; noise standard deviations are linear fits of the
/// monthly residual SD on `sea`). `diurnal_amplitude_c` and `diurnal_amplitude_sd_c` were then
/// tuned by simulation (eight synthetic years) so that the mean and the day-to-day SD of the
/// daily half-range match the record, because the noise and the amplitude variation widen the
/// daily range beyond the harmonic's amplitude. The derived figures are quoted per preset.
static PRESETS: LazyLock<Vec<ClimatePreset>> = LazyLock::new(|| {
    vec![
        // San Jose / Santa Clara, CA, 2023 (openmeteo_US-CAL-CISO_2023_hourly.json). Record:
        // mean 14.86 °C, SD 5.96 °C, mean daily half-range 5.33 °C, Tw mean 11.40 °C, RH 69.8 %,
        // 328 h > 27 °C. Harmonic fit: diurnal amplitude 4.51 °C at 22.5 UTC (14.5 PST);
        // residual SD 2.79 °C, φ 0.948 (sea breeze: short memory). Dew point 8.72 ± 3.93 °C,
        // max 17.4 °C, coupling 0.41.
        ClimatePreset {
            name: "US-CAL-CISO".into(),
            annual_mean_c: 14.86,
            seasonal_amplitude_c: 5.79,
            coldest_day_of_year: 41.5,
            diurnal_amplitude_c: 4.30,
            diurnal_amplitude_seasonal_c: 1.73,
            diurnal_amplitude_sd_c: 1.35,
            warmest_hour_utc: 22.54,
            noise_sd_c: 2.76,
            noise_sd_seasonal_c: -0.03,
            noise_autocorrelation: 0.948,
            dew_point_mean_c: 8.72,
            dew_point_seasonal_amplitude_c: 3.93,
            dew_point_max_c: 17.4,
            dew_point_coupling: 0.41,
            dew_point_coupling_seasonal: 0.0,
            dew_point_diurnal_amplitude_c: 0.0,
            dew_point_noise_sd_c: 2.57,
            dew_point_noise_sd_seasonal_c: -0.42,
            dew_point_noise_autocorrelation: 0.954,
            // Open-Meteo `elevation` of the calibration file.
            elevation_m: 7.0,
            calibration_year: 2023,
        },
        // Frankfurt am Main, 2023 (openmeteo_DE-LU_2023_hourly.json). Record: mean 12.09 °C,
        // SD 7.77 °C, daily half-range 4.10 °C, Tw mean 9.40 °C, RH 74.9 %, 258 h > 27 °C.
        // Harmonic fit: diurnal amplitude 3.27 °C at 14.1 UTC; residual SD 3.58 °C, φ 0.979.
        // Dew point 7.19 ± 6.27 °C, max 23.0 °C, coupling 0.76. Tail fit: in summer (JJA) the
        // record's dew point falls from 13.2 °C at 09 UTC to 11.6 °C at 15–18 UTC and its
        // slope on temperature is only +0.15, so the coupling falls in summer and the dew
        // point has a 0.7 °C afternoon dip; without them the synthetic p99 wet-bulb was
        // 0.9 °C above the record's (mean of five years).
        ClimatePreset {
            name: "DE-LU".into(),
            annual_mean_c: 12.08,
            seasonal_amplitude_c: 9.10,
            coldest_day_of_year: 21.6,
            diurnal_amplitude_c: 2.50,
            diurnal_amplitude_seasonal_c: 1.85,
            diurnal_amplitude_sd_c: 2.30,
            warmest_hour_utc: 14.07,
            noise_sd_c: 3.55,
            noise_sd_seasonal_c: -0.47,
            noise_autocorrelation: 0.979,
            dew_point_mean_c: 7.19,
            dew_point_seasonal_amplitude_c: 6.27,
            dew_point_max_c: 23.0,
            dew_point_coupling: 0.76,
            // Tail fit (see the comment above): calmer coupling in summer and the
            // afternoon dip of the dew point.
            dew_point_coupling_seasonal: -0.3,
            dew_point_diurnal_amplitude_c: 0.7,
            dew_point_noise_sd_c: 2.75,
            dew_point_noise_sd_seasonal_c: 1.06,
            dew_point_noise_autocorrelation: 0.962,
            // Open-Meteo `elevation` of the calibration file.
            elevation_m: 111.0,
            calibration_year: 2023,
        },
        // Dallas, TX, 2022 (openmeteo_US-TEX-ERCO_2022_hourly.json). Record: mean 19.85 °C,
        // SD 10.65 °C, daily half-range 5.58 °C, Tw mean 14.51 °C, RH 59.3 %, 2518 h > 27 °C.
        // Harmonic fit: seasonal amplitude 12.56 °C, diurnal 4.33 °C at 21.4 UTC; residual SD
        // 7.5 °C in winter (cold fronts) but 2.3 °C in July, hence the large negative
        // noise_sd_seasonal_c; φ 0.981. Dew point 10.65 ± 10.69 °C, max 27.0 °C, coupling 0.83
        // (a fit dominated by winter fronts). Tail fit: in summer (JJA) the record's dew point
        // averages 19.7 °C with an SD of only 2.7 °C (7.7 °C in JFM), falls by 3 °C in the
        // afternoon (21.2 °C at 14 UTC, 17.6 °C at 23 UTC) and its slope on temperature is
        // −0.34: hot Texan afternoons are dry. The annual fit put hot and humid together and
        // gave a p99 wet-bulb 4 °C above the record's. Refitted: dew-point noise SD 5.08 °C in
        // winter and 1.86 °C in summer (so the JFM and JJA totals match), coupling 0.9 in
        // winter and −0.3 in summer, a 1.6 °C afternoon dip, and a mean and seasonal amplitude
        // of 10.4 ± 10.2 °C (the JJA mean); the p99 wet-bulb is then within 1 K.
        ClimatePreset {
            name: "US-TEX-ERCO".into(),
            annual_mean_c: 19.84,
            seasonal_amplitude_c: 12.56,
            coldest_day_of_year: 15.8,
            diurnal_amplitude_c: 4.45,
            diurnal_amplitude_seasonal_c: 0.40,
            diurnal_amplitude_sd_c: 1.45,
            warmest_hour_utc: 21.45,
            noise_sd_c: 4.71,
            noise_sd_seasonal_c: -2.29,
            noise_autocorrelation: 0.981,
            dew_point_mean_c: 10.4,
            dew_point_seasonal_amplitude_c: 10.2,
            dew_point_max_c: 27.0,
            dew_point_coupling: 0.3,
            dew_point_coupling_seasonal: -0.6,
            dew_point_diurnal_amplitude_c: 1.6,
            dew_point_noise_sd_c: 3.47,
            dew_point_noise_sd_seasonal_c: -1.61,
            dew_point_noise_autocorrelation: 0.965,
            // Open-Meteo `elevation` of the calibration file.
            elevation_m: 142.0,
            calibration_year: 2022,
        },
    ]
});

/// The preset named `name` (exact match), if any.
pub fn preset(name: &str) -> Option<&'static ClimatePreset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Names of the built-in presets.
pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name.as_str()).collect()
}
