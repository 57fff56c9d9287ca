//! A run whose job records are discarded (`NoJobs`, which skips each job's own charges)
//! gives the same totals, bit for bit, as a run that keeps every record.

use footprint::results::{JobRecord, NoJobs};
use footprint::run::run_replication;
use footprint::scenario::Scenario;
use std::path::Path;

#[test]
fn discarding_records_changes_no_total() {
    let path = super::common::root().join("scenarios/default.toml");
    let text = std::fs::read_to_string(&path).expect("readable");
    // default.toml (cooling model, synthetic arrivals), and the same with failures, so that
    // failed jobs restart from checkpoints and lose charges.
    let failing = super::common::edit(
        &text,
        "[sites.cost]",
        "[sites.failures]\nrate_per_gpu_hour = 1e-4\n\n[sites.cost]",
    );
    for (name, text) in [
        ("default", text.as_str()),
        ("with failures", failing.as_str()),
    ] {
        let dir = path.parent().unwrap_or(Path::new("."));
        let scenario = Scenario::from_toml(text, name, dir, "t").expect("valid");
        let (kept, records): (_, Vec<JobRecord>) =
            run_replication(&scenario, 1, Vec::new()).expect("runs");
        let (discarded, _) = run_replication(&scenario, 1, NoJobs).expect("runs");
        assert!(
            records.iter().any(|r| r.charges.it_energy_kwh > 0.0),
            "{name}: records carry charges"
        );
        if name == "with failures" {
            assert!(
                records.iter().any(|r| r.ops.interruptions > 0),
                "{name}: some job fails"
            );
        }
        // Debug text, so that NaN figures (no marginal source) compare equal.
        assert_eq!(format!("{kept:?}"), format!("{discarded:?}"), "{name}");
    }
}
