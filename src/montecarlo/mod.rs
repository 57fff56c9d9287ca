//! Replications and their statistics.

pub mod stats;

pub use stats::Statistics;
