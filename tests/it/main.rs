//! The integration tests, one binary with a module per theme (one binary links the crate
//! once instead of once per file). `common` holds the helpers they share.

mod architecture;
mod bad_input;
mod carbon_scopes;
mod cli;
mod common;
mod control_variates;
mod data_files;
mod embodied;
mod evolving;
mod extends;
mod fuzz_scenarios;
mod hostile;
mod invariants;
mod marginal;
mod minimal_model;
mod montecarlo;
mod operations;
mod paired;
mod part_load;
mod prices;
mod projection;
mod projection_caps;
mod reference_bloom;
mod report;
mod report_browser;
mod schema;
mod sinks;
mod site_physics;
mod site_reading;
mod spatial;
mod tidy_outputs;
mod time_zones;
mod traces;
mod validate;
mod water;
