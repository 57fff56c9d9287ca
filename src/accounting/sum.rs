//! Compensated summation, so that totals over millions of phases keep full precision.

/// Neumaier's improved Kahan–Babuška sum: error independent of the number of terms.
///
/// Energy conservation is tested to 1e-9 relative over runs of millions of intervals;
/// a naive f64 sum would drift by ~n·ε.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sum {
    sum: f64,
    compensation: f64,
}

impl Sum {
    /// Adds one term.
    #[inline]
    pub fn add(&mut self, x: f64) {
        let t = self.sum + x;
        // The larger magnitude first, written as a selection of operands rather than two
        // branches of arithmetic: the same operations, so the same bits.
        let (big, small) = if self.sum.abs() >= x.abs() {
            (self.sum, x)
        } else {
            (x, self.sum)
        };
        self.compensation += (big - t) + small;
        self.sum = t;
    }

    /// The compensated total.
    #[inline]
    pub fn value(&self) -> f64 {
        self.sum + self.compensation
    }

    /// Adds another sum's total.
    pub fn merge(&mut self, other: &Sum) {
        self.add(other.sum);
        self.add(other.compensation);
    }
}

#[cfg(test)]
mod tests {
    use super::Sum;

    #[test]
    fn keeps_small_terms_next_to_large_ones() {
        let mut s = Sum::default();
        s.add(1e16);
        for _ in 0..1_000 {
            s.add(1.0);
        }
        s.add(-1e16);
        assert_eq!(s.value(), 1_000.0);
    }
}
