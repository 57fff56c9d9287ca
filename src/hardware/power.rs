//! Accelerator power as a function of utilisation, and power states.

/// How an accelerator's power grows with its utilisation `u` in [0, 1].
#[derive(Clone, Debug, PartialEq)]
pub enum PowerCurve {
    /// `P(u) = P_idle + (P_max − P_idle) · u^k` (k = 1 is the linear model of most
    /// simulators, e.g. CloudSim's `PowerModelLinear`).
    Polynomial {
        /// Exponent k > 0.
        exponent: f64,
    },
    /// Linear interpolation between `(u, watts)` points sorted by `u`, covering [0, 1].
    PiecewiseLinear(Vec<(f64, f64)>),
}

/// Power parameters of one accelerator.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceleratorPower {
    /// Drawn when idle (allocated or not, but not computing), W.
    pub idle_w: f64,
    /// Drawn at utilisation 1, W (usually the TDP; measured training draws 80–95% of it).
    pub max_w: f64,
    /// Drawn while writing a checkpoint, W (~15% of TDP, DESIGN §4).
    pub checkpoint_w: f64,
    /// Shape between idle and max.
    pub curve: PowerCurve,
}

/// What an accelerator is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PowerState {
    /// Running a job at the given utilisation.
    Compute,
    /// Writing a checkpoint.
    Checkpoint,
    /// Powered, not computing.
    Idle,
}

impl AcceleratorPower {
    /// Power at utilisation `u` (clamped to [0, 1]) while computing, W.
    pub fn compute_w(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match &self.curve {
            PowerCurve::Polynomial { exponent } => {
                self.idle_w + (self.max_w - self.idle_w) * u.powf(*exponent)
            }
            PowerCurve::PiecewiseLinear(points) => interpolate(points, u),
        }
    }

    /// Power in a given state, W.
    pub fn state_w(&self, state: PowerState, u: f64) -> f64 {
        match state {
            PowerState::Compute => self.compute_w(u),
            PowerState::Checkpoint => self.checkpoint_w,
            PowerState::Idle => self.idle_w,
        }
    }
}

fn interpolate(points: &[(f64, f64)], u: f64) -> f64 {
    match points {
        [] => 0.0,
        [(_, w)] => *w,
        _ => {
            let i = points
                .partition_point(|(x, _)| *x <= u)
                .clamp(1, points.len() - 1);
            let (x0, y0) = points[i - 1];
            let (x1, y1) = points[i];
            if x1 <= x0 {
                y1
            } else {
                y0 + (y1 - y0) * (u - x0) / (x1 - x0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn power(curve: PowerCurve) -> AcceleratorPower {
        AcceleratorPower {
            idle_w: 100.0,
            max_w: 700.0,
            checkpoint_w: 105.0,
            curve,
        }
    }

    #[test]
    fn polynomial_curve_hits_ends_and_is_monotone() {
        let p = power(PowerCurve::Polynomial { exponent: 1.5 });
        assert_eq!(p.compute_w(0.0), 100.0);
        assert_eq!(p.compute_w(1.0), 700.0);
        assert_eq!(p.compute_w(2.0), 700.0);
        let mut last = 0.0;
        for i in 0..=100 {
            let w = p.compute_w(f64::from(i) / 100.0);
            assert!(w >= last);
            last = w;
        }
        assert_eq!(p.state_w(PowerState::Checkpoint, 1.0), 105.0);
        assert_eq!(p.state_w(PowerState::Idle, 1.0), 100.0);
    }

    #[test]
    fn piecewise_linear_interpolates() {
        let p = power(PowerCurve::PiecewiseLinear(vec![
            (0.0, 100.0),
            (0.5, 500.0),
            (1.0, 600.0),
        ]));
        assert_eq!(p.compute_w(0.25), 300.0);
        assert_eq!(p.compute_w(0.75), 550.0);
        assert_eq!(p.compute_w(1.0), 600.0);
        assert_eq!(p.compute_w(0.0), 100.0);
    }
}
