use super::*;
use crate::time::parse_utc;

fn at(text: &str) -> UnixSeconds {
    parse_utc(text).unwrap()
}

#[test]
fn berlin_switches_offset_at_both_2023_transitions() {
    // EU rule: clocks change at 01:00 UTC on the last Sundays of March and October.
    let berlin = Zone::named("Europe/Berlin").unwrap();
    assert_eq!(berlin.offset_s(at("2023-03-26T00:59:59Z")), 3_600);
    assert_eq!(berlin.offset_s(at("2023-03-26T01:00:00Z")), 7_200);
    assert_eq!(berlin.offset_s(at("2023-10-29T00:59:59Z")), 7_200);
    assert_eq!(berlin.offset_s(at("2023-10-29T01:00:00Z")), 3_600);
    // 17:00 local is 16:00 UTC in winter and 15:00 UTC in summer.
    assert_eq!(berlin.local_hour(at("2023-03-25T16:00:00Z")), 17);
    assert_eq!(berlin.local_hour(at("2023-03-26T15:00:00Z")), 17);
    assert_eq!(berlin.local_hour(at("2023-10-29T16:00:00Z")), 17);
}

#[test]
fn hour_of_week_counts_from_local_monday() {
    // 2023-01-02 was a Monday; 00:30 local in Berlin is 23:30 UTC on the Sunday.
    let berlin = Zone::named("Europe/Berlin").unwrap();
    assert_eq!(berlin.local_hour_of_week(at("2023-01-01T23:30:00Z")), 0);
    assert_eq!(
        Zone::utc().local_hour_of_week(at("2023-01-01T23:30:00Z")),
        167
    );
    let shanghai = Zone::fixed_hours(8).unwrap();
    assert_eq!(shanghai.local_hour_of_week(at("2023-01-02T07:00:00Z")), 15);
    assert_eq!(shanghai.name(), "UTC+8");
    assert!(Zone::fixed_hours(24).is_err());
}

#[test]
fn local_times_in_gaps_and_folds() {
    let berlin = Zone::named("Europe/Berlin").unwrap();
    assert_eq!(
        berlin.parse_local("2023-01-15T12:00:00"),
        Ok(at("2023-01-15T11:00:00Z"))
    );
    assert_eq!(
        berlin.parse_local("2023-07-15 12:00:00"),
        Ok(at("2023-07-15T10:00:00Z"))
    );
    // 02:30 does not exist on 2023-03-26: read as 03:30 CEST.
    assert_eq!(
        berlin.parse_local("2023-03-26T02:30:00"),
        Ok(at("2023-03-26T01:30:00Z"))
    );
    // 02:30 happens twice on 2023-10-29: the first (CEST) is taken.
    assert_eq!(
        berlin.parse_local("2023-10-29T02:30:00"),
        Ok(at("2023-10-29T00:30:00Z"))
    );
    for bad in [
        "Unknown",
        "2023-01-15T12:00:00Z",
        "2023-01-15T12:00:00+01:00",
        "2023-02-30T00:00:00",
    ] {
        assert!(berlin.parse_local(bad).is_err(), "{bad}");
    }
}

#[test]
fn unknown_zones_are_refused_with_what_was_expected() {
    let e = Zone::named("Europe/Atlantis").unwrap_err();
    assert!(e.contains("unknown time zone `Europe/Atlantis`"), "{e}");
    assert!(e.contains("IANA"), "{e}");
    assert_eq!(Zone::named("UTC").unwrap().offset_s(0), 0);
}
