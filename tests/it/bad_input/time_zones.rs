//! Time zones: unknown IANA names and local windows without a clock.

use super::*;

#[test]
fn unknown_site_time_zone_names_the_key() {
    let text = edit(
        &base(),
        "name = \"alpha\"",
        "name = \"alpha\"\ntimezone = \"Europe/Atlantis\"",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].timezone`",
            "unknown time zone `Europe/Atlantis`",
            "IANA",
        ],
    );
}

#[test]
fn local_power_cap_windows_need_the_site_clock() {
    let text = format!(
        "{}\n[sites.power_cap]\ngpu_cap_w = 400\ndaily_windows_local = [[17, 21]]\n",
        base()
    );
    rejected_text(
        &text,
        &[
            "`sites[0].power_cap.daily_windows_local`",
            "sites[0].timezone",
        ],
    );
    let text = format!(
        "{}\n[sites.power_cap]\ngpu_cap_w = 400\ndaily_windows_local = [[17, 21]]\ndaily_windows_utc = [[1, 2]]\n",
        edit(
            &base(),
            "name = \"alpha\"",
            "name = \"alpha\"\ntimezone = \"Europe/Berlin\""
        )
    );
    rejected_text(&text, &["`sites[0].power_cap`", "give one of"]);
}

#[test]
fn unknown_profile_time_zone_names_the_key() {
    let text = with_classes(&base()).replace(
        "jobs_per_day = 10",
        "jobs_per_day = 10\nprofile = \"helios-venus\"\ntimezone = \"Asia/Nowhere\"",
    );
    rejected_text(
        &text,
        &[
            "`workload.arrivals.timezone`",
            "unknown time zone `Asia/Nowhere`",
        ],
    );
    let text = with_classes(&base()).replace(
        "jobs_per_day = 10",
        "jobs_per_day = 10\nprofile = \"helios-venus\"\ntimezone = \"Asia/Shanghai\"\nutc_offset_hours = 8",
    );
    rejected_text(&text, &["`workload.arrivals`", "not both"]);
}
