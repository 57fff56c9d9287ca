//! The two most recent stretches of a generated hourly table, and the one reader that both
//! [`super::chunked_grid`] and [`super::chunked_weather`] use to look an hour up in them:
//! served from a held stretch when it is there, generated forward when it is ahead, and
//! generated again from the start of the window when it is behind both (the ledger reads
//! hours in increasing order; the cyclic repetition beyond the window's end and `hourly.csv`
//! written after the run go back to hour 0).

/// A stretch of derived hourly values: hours `first..first + len`, row by row, a fixed
/// number of values a row.
#[derive(Clone, Debug, Default)]
pub(super) struct Stretch {
    pub(super) first: usize,
    pub(super) values: Vec<f64>,
}

impl Stretch {
    fn get(&self, index: usize, column: usize, columns: usize) -> Option<f64> {
        let row = index.checked_sub(self.first)?;
        self.values.get(row * columns + column).copied()
    }
}

/// The current stretch and the one before it: an hour just behind the current stretch's
/// start (a job that began in the previous stretch) is still served without regenerating.
#[derive(Clone, Debug, Default)]
pub(super) struct Held {
    pub(super) current: Stretch,
    pub(super) previous: Stretch,
}

/// A generator of an hourly table a stretch at a time, from a state that can be reset to
/// the start of the window.
pub(super) trait StretchSource {
    /// Values a row.
    const COLUMNS: usize;
    /// The held stretches.
    fn held(&mut self) -> &mut Held;
    /// The first hour the next stretch will cover.
    fn next_hour(&self) -> usize;
    /// Hours in the window.
    fn hours(&self) -> usize;
    /// Puts the generator back before hour 0.
    fn restart(&mut self);
    /// Generates the next stretch into `values` (empty, with its old capacity), row by row.
    fn generate(&mut self, values: &mut Vec<f64>);
}

/// The value of `column` at hour `index` of `source`'s table; NaN beyond the window (callers
/// wrap indices into it first).
pub(super) fn value<S: StretchSource>(source: &mut S, index: usize, column: usize) -> f64 {
    loop {
        let held = source.held();
        if let Some(v) = held.current.get(index, column, S::COLUMNS) {
            return v;
        }
        if let Some(v) = held.previous.get(index, column, S::COLUMNS) {
            return v;
        }
        if index < source.next_hour() {
            // Behind both stretches: start the window again.
            source.restart();
            *source.held() = Held::default();
        }
        let first = source.next_hour();
        if first >= source.hours() {
            return f64::NAN;
        }
        let mut values = std::mem::take(&mut source.held().previous.values);
        values.clear();
        source.generate(&mut values);
        let held = source.held();
        held.previous = std::mem::replace(&mut held.current, Stretch { first, values });
    }
}
