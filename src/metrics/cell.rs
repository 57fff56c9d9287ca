//! One CSV cell, and the number formatting every CSV file uses.
//!
//! Numbers are written with Rust's shortest round-trip formatting (`Display` for `f64`:
//! parsing gives back the same bits, never an exponent), `0` for zero of either sign, an
//! empty cell for NaN (a metric without a source), so equal
//! results give byte-identical files on every platform. Cells are formatted into a buffer the
//! writer reuses, so writing a row allocates nothing.

use std::fmt::Write;

/// The value of one cell of a row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell<'a> {
    /// Text, written as is (the CSV writer quotes it where needed).
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
}

/// Appends a number in the CSV format: shortest round-trip representation, `0` for zero,
/// nothing for NaN (a value without a source, such as marginal carbon where no marginal
/// series exists: an empty cell, never a made-up number).
pub fn write_num(out: &mut String, v: f64) {
    if v.is_nan() {
        return;
    }
    if v == 0.0 {
        out.push('0');
    } else {
        // Writing to a String cannot fail.
        let _ = write!(out, "{v}");
    }
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
}
