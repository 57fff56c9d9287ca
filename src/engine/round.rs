//! `floor`, `ceil` and `round` of `f64` without a library call, bit for bit the same as
//! [`f64::floor`], [`f64::ceil`] and [`f64::round`].
//!
//! On the baseline x86-64 target (SSE2, no SSE4.1 `roundsd`) the standard methods are calls
//! into `compiler_builtins`; the profile of `scenarios/bench/site-100k.toml` spent about 4%
//! of its time in them (`ceil`, `floor`, `round`: phase lengths, arrival seconds, milliwatt
//! conversions). For |x| < 2^52 the value converted to an integer and back is exact, so
//! truncation plus a one-step correction gives the exact result; larger magnitudes (which
//! are already whole), infinities and NaN go to the standard method. Signed zeros are kept:
//! a result that is zero takes the sign of `x`, as the standard methods do.

/// 2^52: every `f64` at least this large in magnitude is a whole number.
const WHOLE_FROM: f64 = 4_503_599_627_370_496.0;

/// Truncates `x` (|x| < 2^52) towards zero, keeping the sign of zero.
#[inline(always)]
fn trunc_small(x: f64) -> f64 {
    (x as i64 as f64).copysign(x)
}

/// [`f64::floor`], without a library call for |x| < 2^52.
#[inline]
pub fn floor(x: f64) -> f64 {
    if x.abs() < WHOLE_FROM {
        let t = trunc_small(x);
        if t > x { (t - 1.0).copysign(x) } else { t }
    } else {
        x.floor()
    }
}

/// [`f64::ceil`], without a library call for |x| < 2^52.
#[inline]
pub fn ceil(x: f64) -> f64 {
    if x.abs() < WHOLE_FROM {
        let t = trunc_small(x);
        if t < x { (t + 1.0).copysign(x) } else { t }
    } else {
        x.ceil()
    }
}

/// [`f64::round`] (half away from zero), without a library call for |x| < 2^52.
#[inline]
pub fn round(x: f64) -> f64 {
    if x.abs() < WHOLE_FROM {
        let t = trunc_small(x);
        // |x − t| < 1 is exact in f64 for |x| < 2^52.
        if (x - t).abs() >= 0.5 {
            (t + 1.0_f64.copysign(x)).copysign(x)
        } else {
            t
        }
    } else {
        x.round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    fn check(x: f64) {
        assert!(same(floor(x), x.floor()), "floor({x:e}): {}", floor(x));
        assert!(same(ceil(x), x.ceil()), "ceil({x:e}): {}", ceil(x));
        assert!(same(round(x), x.round()), "round({x:e}): {}", round(x));
    }

    /// Edge cases: zeros, halves, values next to whole numbers, the 2^52 boundary and the
    /// non-finite values.
    #[test]
    fn edge_cases_match_the_standard_methods() {
        let specials = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            0.49999999999999994,
            -0.49999999999999994,
            1.5,
            -1.5,
            2.5,
            -2.5,
            1.0,
            -1.0,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            1e-300,
            -1e-300,
            WHOLE_FROM,
            -WHOLE_FROM,
            WHOLE_FROM - 0.5,
            -(WHOLE_FROM - 0.5),
            WHOLE_FROM / 2.0 + 0.5,
            -(WHOLE_FROM / 2.0 + 0.5),
            1e300,
            -1e300,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for x in specials {
            check(x);
            check(f64::from_bits(x.to_bits().wrapping_add(1)));
            check(f64::from_bits(x.to_bits().wrapping_sub(1)));
        }
    }

    /// Random bit patterns over every exponent, and random values in the ranges the
    /// simulator rounds (seconds, milliwatts).
    #[test]
    fn random_values_match_the_standard_methods() {
        let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..200_000u64 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            check(f64::from_bits(s));
            let scaled = (s >> 11) as f64 / (1u64 << 53) as f64 * 10f64.powi((i % 16) as i32);
            check(scaled);
            check(-scaled);
        }
    }
}
