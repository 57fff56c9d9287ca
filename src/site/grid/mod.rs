//! The electricity grid: what a site's power costs in carbon, water and money, hour by hour.
//!
//! - [`readers`]: hourly carbon-intensity (Electricity Maps), marginal-intensity and price
//!   files.
//! - [`genmix`]: generation mixes, emission and water factor sets, and the EIA-930 reader.
//! - [`synthetic`]: the synthetic grid generator (demand, weather-driven renewables,
//!   merit-order dispatch) producing hourly mixes.
//! - [`presets`]: the generator's region presets, as a data table, and their lookup by name.
//! - [`carbon_defaults`]: per-region residual mixes and T&D loss rates, as data.
//! - [`decarbonization`]: a year-on-year trend applied to an intensity series.
//! - [`trajectory`]: installed capacity by year for the synthetic generator (grids that
//!   evolve).
//!
//! Imports run one way: `genmix` ← `synthetic` ← `presets`; nothing here imports the
//! scenario layer (the schema reads [`readers::CiColumn`] directly, a plain enum of the physics).

pub mod carbon_defaults;
pub mod decarbonization;
pub mod genmix;
pub mod presets;
pub mod readers;
pub mod synthetic;
pub mod trajectory;

pub use readers::{
    CiColumn, MIN_PRICE_USD_PER_MWH, read_electricity_maps_csv, read_marginal_csv, read_price_csv,
};
