//! Local time in an IANA time zone, for inputs people write in their own clock: a site's
//! daily power-cap windows, a weekly submission profile, the timestamps of a Slurm log.
//!
//! The zone rules are jiff's copy of the IANA time-zone database, compiled into the binary
//! (feature `tzdb-bundle-always`): results do not depend on the machine's
//! `/usr/share/zoneinfo`, so a scenario gives the same output everywhere.

use super::{SECONDS_PER_DAY_I64, SECONDS_PER_HOUR_I64, UnixSeconds};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, civil::DateTime};

/// A time zone: an IANA name (`Europe/Berlin`, with its daylight-saving rules) or a fixed
/// offset from UTC.
#[derive(Clone, Debug)]
pub struct Zone {
    /// The IANA name, or `UTC+h` for a fixed offset.
    name: String,
    tz: TimeZone,
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

impl Zone {
    /// UTC.
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".to_string(),
            tz: TimeZone::UTC,
        }
    }

    /// The zone of an IANA name such as `Europe/Berlin`; the error says what was expected.
    pub fn named(name: &str) -> Result<Zone, String> {
        TimeZone::get(name)
            .map(|tz| Zone {
                name: name.to_string(),
                tz,
            })
            .map_err(|_| {
                format!(
                    "unknown time zone `{name}`: expected an IANA name such as \
                     `Europe/Berlin`, `America/New_York` or `UTC`"
                )
            })
    }

    /// A fixed offset of `hours` from UTC (−23 to 23), without daylight saving.
    pub fn fixed_hours(hours: i64) -> Result<Zone, String> {
        let bad = || format!("offset {hours} h: expected −23 to 23 hours");
        if !(-23..=23).contains(&hours) {
            return Err(bad());
        }
        let seconds = i32::try_from(hours * SECONDS_PER_HOUR_I64).map_err(|_| bad())?;
        let offset = Offset::from_seconds(seconds).map_err(|_| bad())?;
        Ok(Zone {
            name: format!("UTC{hours:+}"),
            tz: TimeZone::fixed(offset),
        })
    }

    /// The zone's name (`Europe/Berlin`, `UTC`, `UTC+8`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Local time minus UTC at the instant `unix`, s.
    pub fn offset_s(&self, unix: UnixSeconds) -> i64 {
        match Timestamp::from_second(unix) {
            Ok(t) => i64::from(self.tz.to_offset(t).seconds()),
            // Outside jiff's range (beyond year ±9999): no zone has rules there.
            Err(_) => 0,
        }
    }

    /// Seconds since midnight of the local day at the instant `unix`.
    pub fn local_second_of_day(&self, unix: UnixSeconds) -> i64 {
        (unix + self.offset_s(unix)).rem_euclid(SECONDS_PER_DAY_I64)
    }

    /// The local hour of day (0–23) at the instant `unix`.
    pub fn local_hour(&self, unix: UnixSeconds) -> u32 {
        (self.local_second_of_day(unix) / SECONDS_PER_HOUR_I64) as u32
    }

    /// The local hour of the week at the instant `unix`: 0 is Monday 00:00–01:00, 167 is
    /// Sunday 23:00–24:00.
    pub fn local_hour_of_week(&self, unix: UnixSeconds) -> usize {
        let local = unix + self.offset_s(unix);
        // 1970-01-01 was a Thursday, weekday 3 counting Monday as 0.
        let weekday = (local.div_euclid(SECONDS_PER_DAY_I64) + 3).rem_euclid(7);
        (weekday * 24 + local.rem_euclid(SECONDS_PER_DAY_I64) / SECONDS_PER_HOUR_I64) as usize
    }

    /// The instant of a local wall-clock time `YYYY-MM-DDTHH:MM:SS` (a `T` or a space
    /// between date and time). A time skipped by a spring-forward transition is read as if
    /// the clock had not jumped (02:30 becomes 03:30 summer time) and a time repeated by a
    /// fall-back transition as its first occurrence: jiff's "compatible" rule, the one of
    /// RFC 5545 and of `java.time`.
    pub fn parse_local(&self, text: &str) -> Result<UnixSeconds, String> {
        let bad = || format!("`{text}` is not a local time like 2023-03-26T01:30:00");
        let s = text.trim();
        if s.ends_with('Z') || s.contains('+') || s.len() < 10 {
            return Err(bad());
        }
        // The civil fields, checked by the UTC parser (which reads them without a zone).
        let civil = super::parse_utc(s).map_err(|_| bad())?;
        self.instant_of_civil(civil).map_err(|_| bad())
    }

    /// The instant at which this zone's wall clock shows the civil time `civil` (a wall
    /// clock reading expressed as seconds since 1970-01-01T00:00 on that clock), with
    /// [`Zone::parse_local`]'s rule for skipped and repeated times.
    pub fn instant_of_civil(&self, civil: i64) -> Result<UnixSeconds, String> {
        let bad = || format!("civil time {civil} s is outside years -9999 to 9999");
        let days = civil.div_euclid(SECONDS_PER_DAY_I64);
        let sod = civil.rem_euclid(SECONDS_PER_DAY_I64);
        let (y, m, d) = super::civil_from_days(days);
        let dt = DateTime::new(
            i16::try_from(y).map_err(|_| bad())?,
            m as i8,
            d as i8,
            (sod / SECONDS_PER_HOUR_I64) as i8,
            (sod / 60 % 60) as i8,
            (sod % 60) as i8,
            0,
        )
        .map_err(|_| bad())?;
        self.tz
            .to_ambiguous_timestamp(dt)
            .compatible()
            .map(Timestamp::as_second)
            .map_err(|_| bad())
    }
}

#[cfg(test)]
mod tests;
