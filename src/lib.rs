//! # footprint
//!
//! A discrete-event simulator of what training AI models costs: energy, carbon, water,
//! embodied hardware and money, hour by hour.
//!
//! ```
//! let scenario = footprint::scenario::Scenario::built_in_default().unwrap();
//! let (result, jobs) = footprint::run::run_replication(&scenario, 0, Vec::new()).unwrap();
//! println!("{} kWh over {} jobs", result.sites[0].site.it_energy_kwh, jobs.len());
//! ```
#![warn(missing_docs)]

pub mod accounting;
pub mod budget;
pub mod digest;
pub mod engine;
pub mod error;
pub mod hardware;
pub mod metrics;
pub mod montecarlo;
pub mod output;
pub mod projection;
pub mod report;
pub mod results;
pub mod run;
pub mod scenario;
pub mod scheduler;
pub mod site;
pub mod time;
pub mod validate;
pub mod workload;
pub mod world;

pub use error::{Error, Result};
