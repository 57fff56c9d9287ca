//! Replications and their statistics.

pub mod dist;
pub mod merge;
pub mod runner;
pub mod sensitivity;
pub mod table;
pub mod stats;

pub use stats::Statistics;
