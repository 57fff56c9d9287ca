//! A run whose job records are discarded (`NoJobs`, which skips each job's own charges)
//! gives the same totals, bit for bit, as a run that keeps every record.

use footprint::results::{JobRecord, NoJobs};
use footprint::run::run_replication;
use footprint::scenario::Scenario;

#[test]
fn discarding_records_changes_no_total() {
    // default.toml has part-load cooling; uncertainty.toml failures and checkpoints.
    for name in ["scenarios/default.toml", "scenarios/uncertainty.toml"] {
        let scenario = Scenario::from_file(&super::common::root().join(name)).expect("valid");
        let (kept, records): (_, Vec<JobRecord>) =
            run_replication(&scenario, 1, Vec::new()).expect("runs");
        let (discarded, _) = run_replication(&scenario, 1, NoJobs).expect("runs");
        assert!(!records.is_empty(), "{name}: jobs ran");
        assert!(
            records.iter().any(|r| r.charges.it_energy_kwh > 0.0),
            "{name}: records carry charges"
        );
        // Debug text, so that NaN figures (no marginal source) compare equal.
        assert_eq!(format!("{kept:?}"), format!("{discarded:?}"), "{name}");
    }
}
