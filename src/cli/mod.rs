//! Parts of the command line that are more than argument parsing: exit codes, JSON
//! reports, progress on stderr and reading a scenario from standard input.

pub mod exit;
pub mod input;
pub mod json;
pub mod progress;
pub mod projection;
