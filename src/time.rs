//! UTC timestamps: parsing and formatting without a time-zone database.
//!
//! Scenario start instants and hourly input series are UTC; all the simulator needs is
//! the conversion between civil dates and seconds since the Unix epoch (Hinnant's
//! `days_from_civil` algorithm, exact for the proleptic Gregorian calendar). Local time in
//! an IANA time zone (windows and profiles people write in their own clock) is [`zone`].

use std::fmt::Write;

pub mod zone;

/// Seconds since 1970-01-01T00:00:00Z.
pub type UnixSeconds = i64;

pub use crate::engine::SECONDS_PER_HOUR;

/// Seconds in a (UTC, leap-second-free) day.
pub const SECONDS_PER_DAY: u64 = 86_400;

/// Seconds in `h` hours.
#[inline]
pub const fn hours(h: u64) -> u64 {
    h * SECONDS_PER_HOUR
}

/// Seconds in `d` days.
#[inline]
pub const fn days(d: u64) -> u64 {
    d * SECONDS_PER_DAY
}

/// [`SECONDS_PER_HOUR`] as a signed count, for arithmetic on [`UnixSeconds`].
pub const SECONDS_PER_HOUR_I64: i64 = SECONDS_PER_HOUR as i64;

/// [`SECONDS_PER_DAY`] as a signed count, for arithmetic on [`UnixSeconds`].
pub const SECONDS_PER_DAY_I64: i64 = SECONDS_PER_DAY as i64;

/// Signed seconds in `h` hours: the offset of hour `h` from an instant.
#[inline]
pub const fn unix_hours(h: i64) -> i64 {
    h * SECONDS_PER_HOUR_I64
}

/// Hours in `seconds` (fractional).
#[inline]
pub fn to_hours(seconds: f64) -> f64 {
    seconds / SECONDS_PER_HOUR as f64
}

/// Days in `seconds` (fractional).
#[inline]
pub fn to_days(seconds: f64) -> f64 {
    seconds / SECONDS_PER_DAY as f64
}

/// Seconds in `hours` (fractional).
#[inline]
pub fn hours_to_s(hours: f64) -> f64 {
    hours * SECONDS_PER_HOUR as f64
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant, "chrono-Compatible Low-Level
/// Date Algorithms").
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Parses a UTC timestamp (years 1 to 9999): `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` or
/// `YYYY-MM-DDTHH:MM[:SS]`, optionally followed by `Z` or `+00:00`.
///
/// Other offsets are rejected rather than silently shifted: inputs must be UTC.
pub fn parse_utc(text: &str) -> Result<UnixSeconds, String> {
    let s = text.trim();
    let s = s
        .strip_suffix('Z')
        .or_else(|| s.strip_suffix("+00:00"))
        .unwrap_or(s);
    let bad = || format!("'{text}' is not a UTC timestamp like 2023-01-01T00:00:00Z");
    let (date, clock) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let year: i64 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let month: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let day: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    if parts.next().is_some()
        || !(1..=9_999).contains(&year)
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
    {
        return Err(bad());
    }
    let mut seconds_of_day = 0i64;
    if let Some(clock) = clock {
        let fields: Vec<&str> = clock.split(':').collect();
        if !(2..=3).contains(&fields.len()) {
            return Err(bad());
        }
        let mut values = [0i64; 3];
        for (slot, field) in values.iter_mut().zip(&fields) {
            *slot = field.parse().map_err(|_| bad())?;
        }
        let [h, m, sec] = values;
        if !(0..24).contains(&h) || !(0..60).contains(&m) || !(0..60).contains(&sec) {
            return Err(bad());
        }
        seconds_of_day = h * SECONDS_PER_HOUR as i64 + m * 60 + sec;
    }
    Ok(days_from_civil(year, month, day) * SECONDS_PER_DAY as i64 + seconds_of_day)
}

/// Formats seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_utc(t: UnixSeconds) -> String {
    let mut out = String::with_capacity(20);
    write_utc(&mut out, t);
    out
}

/// Appends [`format_utc`]'s text to `out` (no allocation when `out` has room). Digits are
/// pushed one by one rather than through `write!`: `jobs.csv` writes three of these per row.
pub fn write_utc(out: &mut String, t: UnixSeconds) {
    let days = t.div_euclid(SECONDS_PER_DAY as i64);
    let sod = t.rem_euclid(SECONDS_PER_DAY as i64);
    let (y, m, d) = civil_from_days(days);
    if !(0..=9_999).contains(&y) {
        // Outside four-digit years (never an instant of a simulation): the general path.
        let _ = write!(
            out,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            sod / SECONDS_PER_HOUR as i64,
            sod / 60 % 60,
            sod % 60
        );
        return;
    }
    let digit = |v: i64| char::from(b'0' + (v % 10) as u8);
    let two = |out: &mut String, v: i64| {
        out.push(digit(v / 10));
        out.push(digit(v));
    };
    two(out, y / 100);
    two(out, y % 100);
    out.push('-');
    two(out, i64::from(m));
    out.push('-');
    two(out, i64::from(d));
    out.push('T');
    two(out, sod / SECONDS_PER_HOUR as i64);
    out.push(':');
    two(out, sod / 60 % 60);
    out.push(':');
    two(out, sod % 60);
    out.push('Z');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_values() {
        assert_eq!(parse_utc("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(parse_utc("2023-01-01 00:00:00"), Ok(1_672_531_200));
        assert_eq!(parse_utc("2022-01-01 00:00:00+00:00"), Ok(1_640_995_200));
        assert_eq!(parse_utc("2024-02-29"), Ok(1_709_164_800));
        for t in [0, 1_672_531_200, 1_709_164_800 + 3_723, -86_400 * 365] {
            assert_eq!(parse_utc(&format_utc(t)), Ok(t));
        }
        assert_eq!(format_utc(1_709_164_800 + 3_723), "2024-02-29T01:02:03Z");
        assert_eq!(format_utc(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(format_utc(-62_135_596_800 - 1), "0000-12-31T23:59:59Z");
    }

    #[test]
    fn time_units() {
        assert_eq!(hours(2), 7_200);
        assert_eq!(days(2), 172_800);
        assert_eq!(to_hours(5_400.0), 1.5);
        assert_eq!(to_days(129_600.0), 1.5);
        assert_eq!(hours_to_s(1.5), 5_400.0);
        assert_eq!(unix_hours(-3), -10_800);
        assert_eq!((SECONDS_PER_HOUR_I64, SECONDS_PER_DAY_I64), (3_600, 86_400));
        // The same bits as the literal arithmetic they replace.
        for x in [1.0, 0.1, 12_345.678, 1e-9, 7.0 / 3.0] {
            assert_eq!(to_hours(x).to_bits(), (x / 3_600.0).to_bits());
            assert_eq!(hours_to_s(x).to_bits(), (x * 3_600.0).to_bits());
            assert_eq!(to_days(x).to_bits(), (x / 86_400.0).to_bits());
        }
    }

    #[test]
    fn rejects_bad_dates_and_offsets() {
        for bad in [
            "2023-02-29",
            "2023-13-01",
            "2023-01-01T25:00",
            "yesterday",
            "2023-01-01T00:00:00+02:00",
        ] {
            assert!(parse_utc(bad).is_err(), "{bad}");
        }
    }
}
