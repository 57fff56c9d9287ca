//! One CSV cell, and the number formatting every CSV file uses.
//!
//! Numbers are written in Rust's `Display` format for `f64` (the shortest digits that parse
//! back to the same bits, never an exponent), `0` for zero of either sign, an empty cell for
//! NaN (a metric without a source), so equal results give byte-identical files on every
//! platform. The shortest digits come from the `zmij` crate and are laid out the way `Display`
//! lays them out ([`push_num`]), which is several times cheaper than going through
//! `core::fmt`; tests compare the two on millions of values. Cells are appended to a byte
//! buffer the writer reuses, so writing a row allocates nothing.

use std::fmt::Write;

/// The value of one cell of a row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell<'a> {
    /// Text, written as is (quoted in CSV where needed, see [`Cell::push_csv`]).
    Text(&'a str),
    /// A whole number.
    Int(u64),
    /// A real number, in [`write_num`]'s format.
    Num(f64),
    /// A UTC instant, seconds since the epoch, as `YYYY-MM-DDTHH:MM:SSZ`.
    Utc(i64),
    /// Nothing (an absent optional value).
    Empty,
}

impl Cell<'_> {
    /// A whole number or nothing.
    pub fn opt(v: Option<u64>) -> Cell<'static> {
        v.map_or(Cell::Empty, Cell::Int)
    }

    /// Appends the cell's text to `out`.
    pub fn write(&self, out: &mut String) {
        match *self {
            Cell::Text(t) => out.push_str(t),
            Cell::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Cell::Num(v) => write_num(out, v),
            Cell::Utc(t) => crate::time::write_utc(out, t),
            Cell::Empty => {}
        }
    }

    /// Appends the cell as one CSV field to `out`, exactly as the `csv` crate's default writer
    /// (`QuoteStyle::Necessary`, `,` and `\n`) writes it: text holding `,`, `"`, `\r` or
    /// `\n` is quoted with inner quotes doubled; numbers and instants never need quotes.
    #[inline]
    pub fn push_csv(&self, out: &mut Vec<u8>) {
        match *self {
            Cell::Text(t) => push_csv_text(out, t),
            Cell::Int(i) => out.extend_from_slice(itoa::Buffer::new().format(i).as_bytes()),
            Cell::Num(v) => push_num(out, v),
            Cell::Utc(t) => push_utc(out, t),
            Cell::Empty => {}
        }
    }
}

/// Appends `t` as a CSV field, quoted only where the `csv` crate's default writer quotes.
fn push_csv_text(out: &mut Vec<u8>, t: &str) {
    let needs_quotes = t.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
    if !needs_quotes {
        out.extend_from_slice(t.as_bytes());
        return;
    }
    out.push(b'"');
    for b in t.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// `"00"` to `"99"`: two decimal digits by one table load instead of two divisions.
const TWO_DIGITS: [[u8; 2]; 100] = {
    let mut t = [[0u8; 2]; 100];
    let mut i = 0;
    while i < 100 {
        t[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    t
};

thread_local! {
    /// The day (since the epoch) last written by [`push_utc`] on this thread and its
    /// `YYYY-MM-DDT`: the instants of consecutive `jobs.csv` rows mostly fall on the same day
    /// (site-10k: 100,000 jobs over 365 days), so the calendar arithmetic is done once a day
    /// rather than three times a row. Per thread, so that the writer thread and the
    /// simulation's thread (which formats when the writer is behind) never share it.
    static LAST_DAY: std::cell::Cell<(i64, [u8; 11])> =
        const { std::cell::Cell::new((i64::MIN, [0; 11])) };
}

/// `YYYY-MM-DDT` of day `days` since the epoch (a year from 0 to 9999).
fn date_prefix(days: i64) -> Option<[u8; 11]> {
    let (y, m, d) = crate::time::civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return None;
    }
    let [y1, y2] = TWO_DIGITS[(y / 100) as usize];
    let [y3, y4] = TWO_DIGITS[(y % 100) as usize];
    let [m1, m2] = TWO_DIGITS[m as usize];
    let [d1, d2] = TWO_DIGITS[d as usize];
    Some([y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2, b'T'])
}

/// Appends a UTC instant as `YYYY-MM-DDTHH:MM:SSZ`, byte for byte [`crate::time::write_utc`]
/// (which also handles years outside 0–9999): the date from the day cache ([`LAST_DAY`]),
/// the time of day by arithmetic.
fn push_utc(out: &mut Vec<u8>, t: i64) {
    use crate::time::{SECONDS_PER_DAY, SECONDS_PER_HOUR};
    let days = t.div_euclid(SECONDS_PER_DAY as i64);
    let sod = t.rem_euclid(SECONDS_PER_DAY as i64) as usize;
    let (last, cached) = LAST_DAY.get();
    let date = if last == days {
        cached
    } else if let Some(date) = date_prefix(days) {
        LAST_DAY.set((days, date));
        date
    } else {
        let mut s = String::with_capacity(24);
        crate::time::write_utc(&mut s, t);
        out.extend_from_slice(s.as_bytes());
        return;
    };
    let hour = SECONDS_PER_HOUR as usize;
    let [h1, h2] = TWO_DIGITS[sod / hour];
    let [n1, n2] = TWO_DIGITS[sod / 60 % 60];
    let [s1, s2] = TWO_DIGITS[sod % 60];
    let [a, b, c, d, e, f, g, h, i, j, k] = date;
    out.extend_from_slice(&[
        a, b, c, d, e, f, g, h, i, j, k, h1, h2, b':', n1, n2, b':', s1, s2, b'Z',
    ]);
}

/// Appends a number in the CSV format: shortest round-trip representation, `0` for zero,
/// nothing for NaN (a value without a source, such as marginal carbon where no marginal
/// series exists: an empty cell, never a made-up number).
pub fn write_num(out: &mut String, v: f64) {
    let mut bytes = Vec::with_capacity(32);
    push_num(&mut bytes, v);
    // Only ASCII digits, `-` and `.` (or `inf`) are written.
    out.extend(bytes.iter().map(|&b| char::from(b)));
}

/// Appends [`write_num`]'s text to a byte buffer: byte for byte what `format!("{v}")` gives
/// (with `0` for zero and nothing for NaN).
///
/// `zmij` gives the shortest digits that round-trip, the same digits `Display` chooses (both
/// take the shortest string in the rounding interval, closest to the exact value), but in
/// its own layout (`1.0`, `1.5e-7`); they are laid out again as `Display` does: no exponent,
/// no trailing `.0`.
pub fn push_num(out: &mut Vec<u8>, v: f64) {
    push_num_inline(out, v);
}

/// [`push_num`], inlined into a caller that writes many numbers in one loop.
#[inline(always)]
pub(crate) fn push_num_inline(out: &mut Vec<u8>, v: f64) {
    /// Below 2^53 every whole number is a double and its neighbours are at most 1 apart, so
    /// the shortest digits that round-trip are the number's own: `Display` prints the integer.
    const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;
    if v.is_nan() {
        return;
    }
    if v == 0.0 {
        out.push(b'0');
        return;
    }
    if v.is_infinite() {
        out.extend_from_slice(if v < 0.0 { b"-inf" } else { b"inf" });
        return;
    }
    // `as` truncates toward zero, so the comparison holds exactly for whole numbers (and
    // costs no call to `trunc`, which `f64::fract` makes).
    if v.abs() < EXACT_INTEGERS && (v as i64) as f64 == v {
        out.extend_from_slice(itoa::Buffer::new().format(v as i64).as_bytes());
        return;
    }
    if may_tie(v) {
        // Display rounds a tie between two shortest candidates up, `zmij` to even.
        push_display(out, v);
        return;
    }
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(v).as_bytes();
    // `zmij` lays out plainly the values whose shortest digits have a decimal exponent from
    // −5 to 15, which every value in [1e-5, 1e15) has (the shortest digits lie in the value's
    // rounding interval, and `1e-5`, one digit, would be chosen over anything smaller). A
    // value that is not whole has no `.0` to drop, so the text is `Display`'s as it is.
    if (1e-5..1e15).contains(&v.abs()) {
        out.extend_from_slice(text);
        return;
    }
    push_relaid(out, v, text);
}

/// `Display`'s text of `v`, for the rare values where `zmij`'s digits or layout may differ.
/// Out of line (as [`push_relaid`]), so that [`push_num`]'s common path keeps a small stack
/// frame and few saved registers: its entry and exit were 45 M of its own 118 M instructions
/// in a cachegrind profile of site-10k with `jobs.csv` (docs/performance.md).
#[cold]
#[inline(never)]
fn push_display(out: &mut Vec<u8>, v: f64) {
    let mut s = String::new();
    let _ = write!(s, "{v}");
    out.extend_from_slice(s.as_bytes());
}

/// Lays out `zmij`'s `text` of `v` (outside [1e-5, 1e15), maybe with an exponent) as
/// `Display` does.
#[inline(never)]
fn push_relaid(out: &mut Vec<u8>, v: f64, text: &[u8]) {
    // The exponent, if any, is within the last six bytes (`e-324`).
    let tail = text.len().saturating_sub(6);
    let Some(e) = text[tail..].iter().position(|&b| b == b'e') else {
        // Plain layout (`12.34`, `0.001234`, `12340000000.0`): `Display`'s, without `.0`.
        out.extend_from_slice(text.strip_suffix(b".0").unwrap_or(text));
        return;
    };
    let (mantissa, exponent) = (&text[..tail + e], parse_exponent(&text[tail + e + 1..]));
    let (negative, mantissa) = match mantissa.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, mantissa),
    };
    // `D.DDD` or `D` with D not 0: the digits without the point, and where the point goes
    // (value = 0.DIGITS × 10^point).
    let (first, rest) = mantissa.split_at(mantissa.len().min(1));
    let rest = rest.strip_prefix(b".").unwrap_or(rest);
    let mut all = [0u8; 32];
    let n = first.len() + rest.len();
    let scientific = n <= all.len()
        && first.first().is_some_and(|d| (b'1'..=b'9').contains(d))
        && rest.iter().all(u8::is_ascii_digit);
    if !scientific {
        // Not a layout `zmij` produces; `Display` itself is always right.
        push_display(out, v);
        return;
    }
    all[..first.len()].copy_from_slice(first);
    all[first.len()..n].copy_from_slice(rest);
    let mut end = n;
    while end > 1 && all[end - 1] == b'0' {
        end -= 1;
    }
    let digits = &all[..end];
    let point = 1 + exponent;
    out.reserve(digits.len() + point.unsigned_abs() as usize + 3);
    if negative {
        out.push(b'-');
    }
    // The layout of `core::fmt`'s `digits_to_dec_str` with no fractional digits asked for.
    if point <= 0 {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + (-point) as usize, b'0');
        out.extend_from_slice(digits);
    } else if (point as usize) < digits.len() {
        let (a, b) = digits.split_at(point as usize);
        out.extend_from_slice(a);
        out.push(b'.');
        out.extend_from_slice(b);
    } else {
        out.extend_from_slice(digits);
        out.resize(out.len() + point as usize - digits.len(), b'0');
    }
}

/// Whether `v` might lie exactly halfway between the two closest 17-digit decimals, where
/// `Display` and `zmij` choose differently (up and to even). Shorter candidates cannot tie:
/// below 17 digits their spacing exceeds the rounding interval of a double. A tie needs the
/// exact decimal value of `v` to have 18 significant digits ending in 5. Writing
/// v = m·2^q with m odd: for q ≥ 0 (whole numbers, here only those ≥ 2^53) this is not
/// ruled out, so they are all sent to `Display`; for q < 0 the exact value has the digits
/// of m·5^(−q), which has more than 18 digits once −q > 25 (5^26 > 10^18).
fn may_tie(v: f64) -> bool {
    let bits = v.abs().to_bits();
    let biased = (bits >> 52) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mut m, mut q) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    let zeros = m.trailing_zeros();
    m >>= zeros;
    q += zeros as i32;
    if q >= 0 {
        return true;
    }
    let k = (-q) as usize;
    k <= 25 && u128::from(m) * u128::from(POW5[k]) < 10u128.pow(18)
}

/// 5^k for k from 0 to 25 (5^25 < 2^64), for [`may_tie`]: a table load instead of a
/// multiplication loop for every number written.
const POW5: [u64; 26] = {
    let mut t = [1u64; 26];
    let mut k = 1;
    while k < 26 {
        t[k] = t[k - 1] * 5;
        k += 1;
    }
    t
};

/// The decimal exponent after `e` in `zmij`'s output (`-7`, `+21`, `21`).
fn parse_exponent(text: &[u8]) -> i32 {
    let (sign, digits) = match text.split_first() {
        Some((b'-', rest)) => (-1, rest),
        Some((b'+', rest)) => (1, rest),
        _ => (1, text),
    };
    sign * digits
        .iter()
        .fold(0i32, |e, &d| e * 10 + i32::from(d - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(c: Cell) -> String {
        let mut s = String::new();
        c.write(&mut s);
        s
    }

    #[test]
    fn numbers_are_shortest_round_trip_without_exponents() {
        for (v, want) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (0.1, "0.1"),
            (1e21, "1000000000000000000000"),
            (1.5e-7, "0.00000015"),
            (-2.5, "-2.5"),
        ] {
            assert_eq!(text(Cell::Num(v)), want);
            assert_eq!(
                text(Cell::Num(v)),
                if v == 0.0 { "0".into() } else { v.to_string() }
            );
        }
        assert_eq!(text(Cell::Int(42)), "42");
        assert_eq!(text(Cell::Num(f64::NAN)), "");
        assert_eq!(text(Cell::opt(None)), "");
        assert_eq!(text(Cell::Utc(0)), "1970-01-01T00:00:00Z");
    }

    fn csv_bytes(c: Cell) -> String {
        let mut out = Vec::new();
        c.push_csv(&mut out);
        String::from_utf8(out).expect("ASCII or the text given")
    }

    fn display(v: f64) -> String {
        if v.is_nan() {
            String::new()
        } else if v == 0.0 {
            "0".into()
        } else {
            format!("{v}")
        }
    }

    /// `push_num` against `format!("{v}")`: random bit patterns (every exponent, subnormals),
    /// random values at the scales the outputs hold, and ratios like those the accounting
    /// computes (kWh from W·s, shares), which exercise the shortest-digit tie rules.
    #[test]
    fn numbers_match_display_byte_for_byte() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let check = |v: f64| {
            let mut out = Vec::new();
            push_num(&mut out, v);
            assert_eq!(String::from_utf8(out).expect("ASCII"), display(v), "{v:e}");
        };
        for v in [
            f64::MIN_POSITIVE,
            f64::MIN_POSITIVE / 3.0,
            5e-324,
            f64::MAX,
            -f64::MAX,
            f64::EPSILON,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.1 + 0.2,
            1e15,
            1e16,
            1e17,
            123456789012345680.0,
            9007199254740993.0,
            0.000001,
            0.0000001,
            1e-5,
            1e-4,
            2.0f64.powi(-1074),
            2.0f64.powi(63),
            // Either side of the plain-layout range [1e-5, 1e15).
            f64::from_bits(1e-5f64.to_bits() - 1),
            f64::from_bits(1e-5f64.to_bits() + 1),
            f64::from_bits(1e15f64.to_bits() - 1),
            f64::from_bits(1e15f64.to_bits() + 1),
            999_999_999_999_999.9,
            0.000_009_999_999_999_999_999,
        ] {
            check(v);
            check(-v);
        }
        for e in -330..=310 {
            check(10f64.powi(e));
            check(2f64.powi(e));
            check(3f64 * 10f64.powi(e));
        }
        // Dyadic values whose exact decimal has 18 digits ending in 5: the tie cases.
        for k in 1..=25 {
            for _ in 0..2_000 {
                let m: u64 = rng.random_range(1..(1u64 << 53)) | 1;
                check(m as f64 / 2f64.powi(k));
            }
        }
        for i in 0..100_000u64 {
            check(i as f64);
            check(i as f64 / 3.6e6);
            check(i as f64 * 0.1);
            check(i as f64 / 1024.0);
        }
        for _ in 0..1_000_000 {
            let bits: u64 = rng.random();
            check(f64::from_bits(bits));
            let scale = 10f64.powi(rng.random_range(-12..12));
            check(rng.random::<f64>() * scale);
            let w_s: f64 = rng.random_range(0.0..1e9);
            check(w_s / 3.6e6 * 1.2);
        }
    }

    /// Text cells are quoted exactly where the `csv` crate's default writer quotes them.
    #[test]
    fn text_is_quoted_like_the_csv_crate() {
        let texts = [
            "",
            "plain",
            "a,b",
            "say \"hi\"",
            "\"",
            "line\nbreak",
            "cr\rhere",
            "tab\tok",
            " spaced ",
            "#hash",
            "ünï",
            "'single'",
            "a,\"b\"\n",
        ];
        for t in texts {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record([t, "x"]).expect("in memory");
            let want = String::from_utf8(w.into_inner().expect("in memory")).expect("UTF-8");
            let got = format!("{},x\n", csv_bytes(Cell::Text(t)));
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn instants_match_write_utc() {
        let day = crate::time::SECONDS_PER_DAY as i64;
        let mut t = -800_000 * day;
        while t < 3_000_000 * day {
            for probe in [t, t + 1, t + 3_599, t + 86_399] {
                let mut want = String::new();
                crate::time::write_utc(&mut want, probe);
                assert_eq!(csv_bytes(Cell::Utc(probe)), want);
            }
            t += 997 * 3_607;
        }
    }

    /// The day cache of `push_utc` gives the same text as `write_utc` whatever the order:
    /// second by second across midnights, jumping back and forth between days, and with
    /// years outside 0–9999 (not cached) in between.
    #[test]
    fn cached_days_match_write_utc_in_any_order() {
        let day = crate::time::SECONDS_PER_DAY as i64;
        let start = 1_672_531_200 - 5;
        let far = [-70_000 * day, 3_000_000 * day];
        let mut probes: Vec<i64> = (start..start + 2 * day + 10).step_by(7).collect();
        for i in 0..2_000 {
            probes.push(start + (i % 3) * day + i * 13);
            probes.push(far[(i % 2) as usize] + i);
            probes.push(start - (i % 5) * day);
        }
        for probe in probes {
            let mut want = String::new();
            crate::time::write_utc(&mut want, probe);
            assert_eq!(csv_bytes(Cell::Utc(probe)), want, "{probe}");
        }
    }
}
