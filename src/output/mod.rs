//! Output: CSV tables, the run manifest and the atomic run folder.

pub mod axes;
pub mod factor_table;
pub mod folder;
pub mod hour_spool;
pub mod jobs_csv;
pub mod manifest;
pub mod rows;
pub mod tables;

pub use folder::RunFolder;
