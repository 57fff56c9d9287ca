//! Exit codes: what a script can tell from the status alone (`docs/cli.md`).

use footprint::Error;
use std::process::ExitCode;

/// Success.
pub const OK: u8 = 0;
/// Bad input or another failure: a scenario, data file or flag footprint refuses, an output
/// it cannot write, a result out of range.
pub const FAILED: u8 = 1;
/// The argument parser refused the command line (clap's own code: unknown flag, bad
/// `--format` or shell name, missing argument).
pub const USAGE: u8 = 2;
/// `footprint validate`: a published figure was not reproduced within its tolerance.
pub const VALIDATION_MISSED: u8 = 3;
/// A run budget (`--max-events`, `--max-jobs`, `--max-years`) refused the run before it
/// started or stopped it.
pub const BUDGET: u8 = 4;
/// Stopped by Ctrl-C (SIGINT): 128 + 2, the shell's convention.
pub const INTERRUPTED: i32 = 130;

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// A library error; its kind chooses the code.
    Error(Error),
    /// Published figures missed by `validate` (already printed).
    Missed(usize),
    /// Scenarios that failed `check` (each already printed), with the code of the first.
    CheckFailed {
        /// How many failed.
        failed: usize,
        /// Of how many.
        of: usize,
        /// The exit code of the first failure.
        code: u8,
    },
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Error(e)
    }
}

/// The exit code of a library error.
pub fn code_of(e: &Error) -> u8 {
    match e {
        Error::Limit(_) => BUDGET,
        _ => FAILED,
    }
}

impl Failure {
    /// The exit code.
    pub fn code(&self) -> u8 {
        match self {
            Failure::Error(e) => code_of(e),
            Failure::Missed(_) => VALIDATION_MISSED,
            Failure::CheckFailed { code, .. } => *code,
        }
    }

    /// Prints the error line on stderr and gives the exit code.
    pub fn report(&self) -> ExitCode {
        match self {
            Failure::Error(e) => eprintln!("error: {e}"),
            Failure::Missed(n) => eprintln!("error: {n} published figure(s) missed"),
            Failure::CheckFailed { failed, of, .. } => {
                eprintln!("error: {failed} of {of} scenario(s) failed the check")
            }
        }
        ExitCode::from(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct() {
        let mut codes = vec![
            i32::from(OK),
            i32::from(FAILED),
            i32::from(USAGE),
            i32::from(VALIDATION_MISSED),
            i32::from(BUDGET),
            INTERRUPTED,
        ];
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 6);
        assert_eq!(code_of(&Error::Limit("x".into())), BUDGET);
        assert_eq!(code_of(&Error::Usage("x".into())), FAILED);
    }
}
