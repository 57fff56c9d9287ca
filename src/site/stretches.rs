//! A generated hourly table held as its two most recent stretches, and the one reader that
//! both [`super::chunked_grid`] and [`super::chunked_weather`] use to look an hour up in it:
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

/// What generates a table a stretch at a time from a generator state `State`.
pub(super) trait StretchGenerator {
    /// The random streams and recursions that carry from one stretch to the next.
    type State: Clone;
    /// Values a row.
    const COLUMNS: usize;
    /// The first hour the next stretch generated from `state` will cover.
    fn next_hour(state: &Self::State) -> usize;
    /// Generates the next stretch of a window of `hours` hours from `state` into `values`
    /// (empty, with its old capacity), row by row, and advances `state` past it.
    fn generate(&self, state: &mut Self::State, hours: usize, values: &mut Vec<f64>);
}

/// The generator state before hour 0 and now, and the current stretch and the one before it
/// (an hour just behind the current stretch's start, a job that began in the previous
/// stretch, is still served without generating again).
#[derive(Debug)]
pub(super) struct Stretches<S> {
    initial: S,
    pub(super) state: S,
    /// Hours in the window (at least 1).
    pub(super) hours: usize,
    pub(super) current: Stretch,
    pub(super) previous: Stretch,
}

impl<S: Clone> Stretches<S> {
    /// A window of `hours` hours generated from `initial`, nothing generated yet.
    pub(super) fn new(initial: S, hours: usize) -> Stretches<S> {
        Stretches {
            state: initial.clone(),
            initial,
            hours: hours.max(1),
            current: Stretch::default(),
            previous: Stretch::default(),
        }
    }

    /// The value of `column` at hour `index` of the table `generator` makes; NaN beyond the
    /// window (callers wrap indices into it first).
    pub(super) fn value<G>(&mut self, generator: &G, index: usize, column: usize) -> f64
    where
        G: StretchGenerator<State = S>,
    {
        loop {
            if let Some(v) = self.current.get(index, column, G::COLUMNS) {
                return v;
            }
            if let Some(v) = self.previous.get(index, column, G::COLUMNS) {
                return v;
            }
            if index < G::next_hour(&self.state) {
                // Behind both stretches: start the window again.
                self.state = self.initial.clone();
                self.current = Stretch::default();
                self.previous = Stretch::default();
            }
            let first = G::next_hour(&self.state);
            if first >= self.hours {
                return f64::NAN;
            }
            let mut values = std::mem::take(&mut self.previous.values);
            values.clear();
            generator.generate(&mut self.state, self.hours, &mut values);
            self.previous = std::mem::replace(&mut self.current, Stretch { first, values });
        }
    }
}
