//! Outdoor climate: what the cooling models see.
//!
//! - [`psychro`]: moist-air psychrometrics (saturation pressure, wet-bulb, dew point,
//!   enthalpy). It depends on nothing else here.
//! - [`weather`]: the hourly [`weather::Weather`] record and its readers (Open-Meteo JSON,
//!   CSV); uses `psychro` for the wet-bulb.
//! - [`synthetic`]: the calibrated synthetic climate generator; uses both.
//! - [`warming`]: a warming offset per calendar year for the synthetic generator.
//! - [`presets`]: the built-in [`synthetic::ClimatePreset`] values, as a data table, and
//!   their lookup by name.
//!
//! Imports run one way: `psychro` ← `weather` ← `synthetic` (with `warming`) ← `presets`.

pub mod presets;
pub mod psychro;
pub mod synthetic;
pub mod warming;
pub mod weather;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod altitude_tests;

#[cfg(test)]
mod years_tests;
