//! When synthetic jobs arrive: Poisson, optionally modulated by a weekly profile.
//!
//! A weekly profile gives 168 factors (Monday 00:00 to Sunday 23:00, local time) with mean 1;
//! arrivals then follow a non-homogeneous Poisson process with rate `rate × factor(t)`,
//! drawn by thinning (Lewis & Shedler 1979): candidates at the peak rate, each kept with
//! probability `factor(t) / max factor`. The mean number of arrivals is unchanged.

use crate::time::UnixSeconds;
use crate::time::zone::Zone;

/// Submission profile of GPU jobs in the Helios "Venus" cluster (SenseTime, Apr–Sep 2020; Hu
/// et al., SC'21), local time UTC+8: mean GPU jobs submitted per hour for each weekday and
/// hour, divided by their mean (`shared/data/traces/helios_venus_submissions_by_weekday_hour.csv`,
/// column `gpu_jobs_per_hour_mean`). Peaks at 2.5× the mean on weekday afternoons, 0.05× at
/// dawn.
pub const HELIOS_VENUS: [f64; 168] = [
    1.036, 0.695, 0.359, 0.369, 0.253, 0.159, 0.085, 0.219, 0.397, 0.755, 1.297, 1.771, 1.499,
    1.371, 1.435, 1.823, 1.703, 1.644, 1.283, 1.272, 1.216, 1.472, 1.302, 1.115, 0.871, 0.607,
    0.459, 0.211, 0.069, 0.101, 0.092, 0.119, 0.275, 0.804, 2.372, 1.555, 0.981, 1.571, 2.251,
    1.775, 2.171, 1.942, 1.266, 1.578, 1.766, 1.498, 1.082, 1.093, 0.802, 0.628, 0.520, 0.469,
    0.375, 0.275, 0.277, 0.415, 0.670, 1.016, 1.562, 1.854, 1.123, 1.226, 1.784, 2.368, 1.867,
    2.476, 1.800, 2.068, 1.764, 2.298, 1.595, 1.347, 0.883, 0.657, 0.564, 0.508, 0.448, 0.299,
    0.352, 0.309, 0.481, 1.294, 1.491, 1.876, 1.630, 1.706, 1.998, 2.079, 2.287, 2.170, 1.419,
    1.399, 1.606, 1.384, 1.065, 0.923, 0.897, 0.631, 0.376, 0.297, 0.224, 0.161, 0.152, 0.191,
    0.268, 0.813, 1.303, 1.716, 1.119, 1.726, 1.602, 1.727, 1.663, 1.684, 1.196, 1.204, 1.084,
    0.904, 1.024, 0.772, 0.803, 0.631, 0.495, 0.411, 0.329, 0.260, 0.232, 0.257, 0.312, 0.490,
    0.515, 0.703, 0.591, 0.872, 1.008, 0.894, 1.187, 1.000, 0.892, 0.751, 0.875, 0.755, 1.079,
    0.985, 0.982, 0.752, 1.416, 0.416, 0.169, 0.179, 0.117, 0.052, 0.212, 0.397, 0.561, 0.842,
    1.198, 0.624, 0.856, 0.927, 1.271, 1.215, 1.114, 0.924, 1.112, 1.239, 0.889, 1.029,
];

/// A weekly arrival profile.
#[derive(Clone, Debug, PartialEq)]
pub struct WeeklyProfile {
    /// Factors by local weekday × hour, Monday 00:00 first; mean 1.
    pub factors: Vec<f64>,
    /// The clock of the profile's hours (a fixed offset or an IANA zone with its daylight
    /// saving).
    pub zone: Zone,
}

impl WeeklyProfile {
    /// A profile from 168 non-negative factors (normalised to mean 1).
    pub fn new(factors: &[f64], zone: Zone) -> Result<WeeklyProfile, String> {
        if factors.len() != 168 {
            return Err(format!(
                "expected 168 factors (7 days × 24 hours), found {}",
                factors.len()
            ));
        }
        if factors.iter().any(|f| !f.is_finite() || *f < 0.0) {
            return Err("factors must be finite and ≥ 0".into());
        }
        let mean = factors.iter().sum::<f64>() / 168.0;
        if mean <= 0.0 {
            return Err("at least one factor must be > 0".into());
        }
        Ok(WeeklyProfile {
            factors: factors.iter().map(|f| f / mean).collect(),
            zone,
        })
    }

    /// The factor of the hour containing `unix`.
    pub fn factor_at(&self, unix: UnixSeconds) -> f64 {
        self.factors[self.zone.local_hour_of_week(unix)]
    }

    /// The largest factor.
    pub fn max(&self) -> f64 {
        self.factors.iter().copied().fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helios_profile_has_mean_one_and_weekday_afternoon_peaks() {
        let p = WeeklyProfile::new(&HELIOS_VENUS, Zone::fixed_hours(8).unwrap()).unwrap();
        let mean = p.factors.iter().sum::<f64>() / 168.0;
        assert!((mean - 1.0).abs() < 1e-12);
        // 2023-01-02 (a Monday) 15:00 local = 07:00 UTC
        let monday_3pm = crate::time::parse_utc("2023-01-02T07:00:00Z").unwrap();
        let monday_5am = crate::time::parse_utc("2023-01-01T21:00:00Z").unwrap();
        assert!(p.factor_at(monday_3pm) > 1.5);
        assert!(p.factor_at(monday_5am) < 0.2);
        assert!(WeeklyProfile::new(&[1.0; 10], Zone::utc()).is_err());
        assert!(WeeklyProfile::new(&[0.0; 168], Zone::utc()).is_err());
    }

    #[test]
    fn a_named_zone_moves_the_profile_with_daylight_saving() {
        // One peak factor at Monday 09:00 local in New York: 14:00 UTC in winter (EST,
        // UTC−5), 13:00 UTC in summer (EDT, UTC−4).
        let mut factors = [0.0; 168];
        factors[9] = 1.0;
        let p = WeeklyProfile::new(&factors, Zone::named("America/New_York").unwrap()).unwrap();
        let at = |t: &str| p.factor_at(crate::time::parse_utc(t).unwrap());
        assert!(at("2023-01-02T14:30:00Z") > 0.0 && at("2023-01-02T13:30:00Z") == 0.0);
        assert!(at("2023-07-03T13:30:00Z") > 0.0 && at("2023-07-03T14:30:00Z") == 0.0);
    }
}
