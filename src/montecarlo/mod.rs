//! Replications and their statistics.

pub mod bands;
pub mod compare;
pub mod control;
pub mod cv;
pub mod merge;
pub mod runner;
pub mod sensitivity;
pub mod stats;
pub mod table;

pub use stats::Statistics;
