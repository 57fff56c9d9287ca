//! Progress on stderr: the indicatif bar on a terminal; anywhere else (a Slurm log, a pipe,
//! a file) plain lines, one at each tenth of the work and one whenever `interval` passes
//! without a line, so that a batch job's log shows life and an estimate of the end.

use footprint::time::{SECONDS_PER_DAY, SECONDS_PER_HOUR, to_days};
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the progress counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Replications (all points), of a run with more than one.
    Replications,
    /// Simulated hours of a single replication (shown as days in lines).
    SimulatedHours,
}

/// The progress display of one run.
pub struct Progress {
    kind: Kind,
}

enum Kind {
    Off,
    Bar(ProgressBar, Unit),
    Lines(Arc<Shared>, Option<JoinHandle<()>>),
}

/// State shared by the workers (which count) and the ticker thread (which prints when a
/// line is due).
struct Shared {
    total: u64,
    unit: Unit,
    interval: Duration,
    started: Instant,
    done: AtomicU64,
    lines: Mutex<Lines>,
    stop: Mutex<bool>,
    wake: Condvar,
}

/// What has been printed, to decide when the next line is due.
#[derive(Debug)]
struct Lines {
    /// Tenths of the work reported so far.
    tenths: u64,
    /// When the last line was printed.
    last: Instant,
    /// The count the last line showed.
    printed: Option<u64>,
}

/// The tenths of `total` reached at `done` (0 to 10).
fn tenths(done: u64, total: u64) -> u64 {
    if total == 0 {
        return 10;
    }
    (u128::from(done.min(total)) * 10 / u128::from(total)) as u64
}

/// `0.4 s`, `47 s`, `12 min 05 s`, `3 h 04 min`.
fn duration(seconds: f64) -> String {
    let seconds = seconds.max(0.0);
    if seconds < 9.95 {
        return format!("{seconds:.1} s");
    }
    let s = seconds.round() as u64;
    if s < 60 {
        format!("{s} s")
    } else if s < SECONDS_PER_HOUR {
        format!("{} min {:02} s", s / 60, s % 60)
    } else {
        format!(
            "{} h {:02} min",
            s / SECONDS_PER_HOUR,
            (s % SECONDS_PER_HOUR) / 60
        )
    }
}

/// One progress line: done of total in the unit, percentage, rate, elapsed and estimated
/// time left.
fn line(done: u64, total: u64, unit: Unit, elapsed_s: f64) -> String {
    let done = done.min(total);
    let percent = if total == 0 {
        100.0
    } else {
        100.0 * done as f64 / total as f64
    };
    let eta = if done == 0 {
        "unknown".to_string()
    } else {
        duration(elapsed_s * (total - done) as f64 / done as f64)
    };
    let per_s = |x: f64| if elapsed_s > 0.0 { x / elapsed_s } else { 0.0 };
    let (amount, rate) = match unit {
        Unit::Replications => (
            format!("{done}/{total} replications"),
            format!("{:.2} replications/s", per_s(done as f64)),
        ),
        Unit::SimulatedHours => {
            let days = |h: u64| to_days((h * SECONDS_PER_HOUR) as f64);
            (
                format!("{:.1}/{:.1} simulated days", days(done), days(total)),
                format!("{:.2} simulated days/s", per_s(days(done))),
            )
        }
    };
    format!(
        "progress: {amount} ({percent:.0}%), {rate}, elapsed {}, eta {eta}",
        duration(elapsed_s)
    )
}

impl Shared {
    /// Prints a line if one is due: at a new tenth, or (`timer`) after `interval` without one.
    fn maybe_print(&self, timer: bool) {
        let mut lines = self
            .lines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let done = self.done.load(Ordering::Relaxed);
        let reached = tenths(done, self.total);
        let now = Instant::now();
        let due = reached > lines.tenths || (timer && now - lines.last >= self.interval);
        if due {
            lines.tenths = lines.tenths.max(reached);
            lines.last = now;
            lines.printed = Some(done);
            eprintln!(
                "{}",
                line(
                    done,
                    self.total,
                    self.unit,
                    (now - self.started).as_secs_f64()
                )
            );
        }
    }

    /// Prints the count if it moved since the last line (or no line was printed).
    fn print_last(&self) {
        let lines = self
            .lines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let done = self.done.load(Ordering::Relaxed);
        if lines.printed != Some(done) {
            eprintln!(
                "{}",
                line(
                    done,
                    self.total,
                    self.unit,
                    self.started.elapsed().as_secs_f64()
                )
            );
        }
    }

    /// How long the ticker sleeps before the next line would be due.
    fn until_due(&self) -> Duration {
        let lines = self
            .lines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (lines.last + self.interval).saturating_duration_since(Instant::now())
    }
}

impl Progress {
    /// A bar on a terminal, lines elsewhere, nothing when `quiet`. `total` is in `unit`;
    /// `interval` is the longest time between two lines.
    pub fn start(total: u64, unit: Unit, quiet: bool, interval: Duration) -> Progress {
        use std::io::IsTerminal;
        if quiet {
            return Progress { kind: Kind::Off };
        }
        if std::io::stderr().is_terminal() {
            return Progress {
                kind: Kind::Bar(bar(total, unit), unit),
            };
        }
        let started = Instant::now();
        let shared = Arc::new(Shared {
            total,
            unit,
            interval,
            started,
            done: AtomicU64::new(0),
            lines: Mutex::new(Lines {
                tenths: 0,
                last: started,
                printed: None,
            }),
            stop: Mutex::new(false),
            wake: Condvar::new(),
        });
        let ticker = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("progress".into())
                .spawn(move || {
                    loop {
                        let wait = shared.until_due();
                        let stop = shared
                            .stop
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        let (stop, _) = shared
                            .wake
                            .wait_timeout_while(stop, wait, |stop| !*stop)
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        if *stop {
                            break;
                        }
                        drop(stop);
                        shared.maybe_print(true);
                    }
                })
                .ok()
        };
        Progress {
            kind: Kind::Lines(shared, ticker),
        }
    }

    /// One more replication done (ignored when counting simulated hours).
    pub fn replication_done(&self) {
        match &self.kind {
            Kind::Bar(b, Unit::Replications) => b.inc(1),
            Kind::Lines(shared, _) if shared.unit == Unit::Replications => {
                shared.done.fetch_add(1, Ordering::Relaxed);
                shared.maybe_print(false);
            }
            _ => {}
        }
    }

    /// Simulated time reached, s (ignored when counting replications).
    pub fn simulated(&self, time_s: u64) {
        let hours = time_s / SECONDS_PER_HOUR;
        match &self.kind {
            Kind::Bar(b, Unit::SimulatedHours) => b.set_position(hours),
            Kind::Lines(shared, _) if shared.unit == Unit::SimulatedHours => {
                shared.done.fetch_max(hours, Ordering::Relaxed);
                shared.maybe_print(false);
            }
            _ => {}
        }
    }

    /// Clears the bar, or stops the ticker and prints a last line when the count moved
    /// since the previous one. `completed`: the run ended normally, so a single
    /// replication reached its last simulated hour (the simulated-time callback comes
    /// about once a simulated day and may stop short of it).
    pub fn finish(self, completed: bool) {
        match self.kind {
            Kind::Off => {}
            Kind::Bar(b, _) => b.finish_and_clear(),
            Kind::Lines(shared, ticker) => {
                *shared
                    .stop
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = true;
                shared.wake.notify_all();
                if let Some(t) = ticker {
                    let _ = t.join();
                }
                if completed && shared.unit == Unit::SimulatedHours {
                    shared.done.store(shared.total, Ordering::Relaxed);
                }
                shared.print_last();
            }
        }
    }
}

fn bar(length: u64, unit: Unit) -> ProgressBar {
    let bar = ProgressBar::new(length);
    let template = match unit {
        Unit::SimulatedHours => {
            "{spinner} simulated hours [{bar:40}] {pos}/{len}  {elapsed} (eta {eta})"
        }
        Unit::Replications => {
            "{spinner} replications [{bar:40}] {pos}/{len}  {elapsed} (eta {eta})"
        }
    };
    bar.set_style(
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Parses the interval between lines: seconds, a positive finite number of at most a day.
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let s: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(s.is_finite() && s > 0.0 && s <= SECONDS_PER_DAY as f64) {
        return Err(format!(
            "`{text}`: expected seconds above 0 and at most {SECONDS_PER_DAY} (a day)"
        ));
    }
    Ok(Duration::from_secs_f64(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_are_counted_without_overflow() {
        assert_eq!(tenths(0, 200), 0);
        assert_eq!(tenths(19, 200), 0);
        assert_eq!(tenths(20, 200), 1);
        assert_eq!(tenths(200, 200), 10);
        assert_eq!(tenths(3, 7), 4);
        assert_eq!(tenths(u64::MAX, u64::MAX), 10);
    }

    #[test]
    fn lines_give_amount_rate_and_eta() {
        assert_eq!(
            line(20, 200, Unit::Replications, 10.0),
            "progress: 20/200 replications (10%), 2.00 replications/s, elapsed 10 s, eta 1 min 30 s"
        );
        assert_eq!(
            line(0, 200, Unit::Replications, 3.0),
            "progress: 0/200 replications (0%), 0.00 replications/s, elapsed 3.0 s, eta unknown"
        );
        assert_eq!(
            line(72, 720, Unit::SimulatedHours, 2.0),
            "progress: 3.0/30.0 simulated days (10%), 1.50 simulated days/s, elapsed 2.0 s, eta 18 s"
        );
        assert_eq!(duration(7_440.0), "2 h 04 min");
        assert_eq!(duration(0.42), "0.4 s");
        assert_eq!(duration(725.0), "12 min 05 s");
    }

    #[test]
    fn intervals_are_checked() {
        assert_eq!(parse_interval("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_interval("0.5"), Ok(Duration::from_millis(500)));
        for bad in ["0", "-1", "nan", "inf", "1e9", "ten"] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
    }
}
