use super::*;

fn candidate(site: u16, start_s: SimTime, on_time: bool, cost: f64) -> Candidate {
    Candidate {
        site,
        start_s,
        on_time,
        cost,
    }
}

#[test]
fn a_job_waits_for_the_clean_site_when_the_wait_fits_its_slack() {
    // site 0 is dirty and free now; site 1 is clean, busy, and expected free in 5 h,
    // within the job's accepted wait: the job waits for it.
    let mut c = Choice::default();
    c.offer(candidate(0, 0, true, 100.0));
    c.offer(candidate(1, 5 * 3600, true, 10.0));
    assert_eq!(c.site(), Some(1));
}

#[test]
fn a_job_moves_when_the_clean_site_frees_too_late() {
    let mut c = Choice::default();
    c.offer(candidate(0, 0, true, 100.0));
    c.offer(candidate(1, 50 * 3600, false, f64::INFINITY));
    assert_eq!(c.site(), Some(0));
}

#[test]
fn with_no_site_in_time_the_job_goes_where_it_starts_first() {
    let mut c = Choice::default();
    c.offer(candidate(0, 9_000, false, f64::INFINITY));
    c.offer(candidate(1, 4_000, false, f64::INFINITY));
    c.offer(candidate(2, 4_000, false, f64::INFINITY));
    assert_eq!(c.site(), Some(1));
    assert_eq!(Choice::default().site(), None);
}

#[test]
fn ties_go_to_the_candidate_offered_first() {
    // the home site (here 1) is offered first
    let mut c = Choice::default();
    c.offer(candidate(1, 0, true, 5.0));
    c.offer(candidate(0, 0, true, 5.0));
    assert_eq!(c.site(), Some(1));
    let mut c = Choice::default();
    c.offer(candidate(1, SimTime::MAX, false, f64::INFINITY));
    c.offer(candidate(0, SimTime::MAX, false, f64::INFINITY));
    assert_eq!(c.site(), Some(1));
}

#[test]
fn latest_start_keeps_the_reserve_of_the_slack() {
    // 10 h of slack, half kept: the job accepts waiting 5 h
    assert_eq!(
        latest_start(100, 3_600, Some(100 + 3_600 + 36_000), 0.5),
        100 + 18_000
    );
    assert_eq!(
        latest_start(100, 3_600, Some(100 + 3_600 + 36_000), 0.0),
        100 + 36_000
    );
    assert_eq!(
        latest_start(100, 3_600, Some(100 + 3_600 + 36_000), 1.0),
        100
    );
    // no deadline, or no slack: no wait
    assert_eq!(latest_start(100, 3_600, None, 0.5), 100);
    assert_eq!(latest_start(100, 3_600, Some(1_000), 0.5), 100);
}
