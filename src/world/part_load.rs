//! The world's side of part-load PUE: closing each hour of a site with its load-dependent
//! PUE and WUE, pricing jobs' shares of it through [`SurchargeLedger`], and holding the
//! records of jobs that ended in an hour not yet closed (`docs/models-weather-cooling.md`,
//! "Part load").

use super::site_state::SiteState;
use crate::accounting::Cumulative;
use crate::accounting::part_load::{Anchor, SurchargeLedger, surcharge, surcharge_rate};
use crate::engine::{SECONDS_PER_HOUR, SimTime};
use crate::results::JobRecord;
use crate::site::cooling::{DesignHour, PartLoadModel};

/// Part-load state of one site.
#[derive(Debug)]
pub struct PartLoadState {
    /// The facility model.
    pub model: PartLoadModel,
    /// Surcharges per hour and the jobs' references to them.
    pub ledger: SurchargeLedger,
    /// Records of jobs that ended, with their energy not yet priced, in the order they
    /// ended: the first `settled` are complete and go to the sink next.
    pub records: Vec<(JobRecord, Anchor)>,
    /// How many of `records` are settled.
    pub settled: usize,
}

impl PartLoadState {
    /// The state of a site with model `model`, at the start of the window.
    pub fn new(model: PartLoadModel) -> Self {
        PartLoadState {
            model,
            ledger: SurchargeLedger::default(),
            records: Vec::new(),
            settled: 0,
        }
    }

    /// A job's record at its end: handed back to be written now if nothing of it is pending
    /// in the open hour and no earlier record waits; kept until the hour closes otherwise.
    pub fn finish(&mut self, mut record: JobRecord, mut anchor: Anchor) -> Option<JobRecord> {
        if let Some(c) = self.ledger.settle_closed(&mut anchor) {
            record.charges.add(&c);
        }
        if anchor.held || !self.records.is_empty() {
            self.records.push((record, anchor));
            None
        } else {
            Some(record)
        }
    }

    /// The settled records, in order.
    pub fn settled(&self) -> impl Iterator<Item = &JobRecord> {
        self.records[..self.settled].iter().map(|(r, _)| r)
    }

    /// Forgets the settled records (after they were written).
    pub fn clear_settled(&mut self) {
        self.records.drain(..self.settled);
        self.settled = 0;
    }
}

impl SiteState {
    /// Closes, with their load-dependent PUE and WUE, the hours before `hour` that are not
    /// closed yet (each lasting a full hour).
    pub(super) fn close_part_load_hours(&mut self, hour: usize) {
        while let Some(open) = self.part_load.as_ref().map(|p| p.ledger.open_hour())
            && open < hour
        {
            self.close_part_load_hour(SECONDS_PER_HOUR as f64);
        }
    }

    /// Closes the window's last hour if it is partial (`end` inside it), and settles every
    /// record still waiting.
    pub(super) fn close_part_load_window(&mut self, end: SimTime) {
        let Some(open) = self.part_load.as_ref().map(|p| p.ledger.open_hour()) else {
            return;
        };
        let start = open as u64 * SECONDS_PER_HOUR;
        if end > start {
            self.close_part_load_hour((end - start) as f64);
        } else if let Some(p) = &mut self.part_load {
            // Nothing of the open hour lies in the window: nothing is pending in it.
            p.settled = p.records.len();
        }
    }

    /// Closes the open hour, which lasted `seconds`: sets its row's PUE and WUE from its
    /// mean IT power, adds the jobs' share of its surcharge to the site's job totals (once
    /// per hour: the same rate for all of the jobs' energy in it), and settles the records
    /// that waited for it.
    fn close_part_load_hour(&mut self, seconds: f64) {
        let Some(p) = &mut self.part_load else {
            return;
        };
        let h = p.ledger.open_hour();
        let movers = self
            .intensity
            .series()
            .cooling_movers_kw_per_kw
            .at(self.intensity.hour_start_unix(h));
        let row = h
            .checked_sub(self.hours_base)
            .and_then(|i| self.hours.get_mut(i));
        let rate = match row {
            Some(row) if row.it_energy_ws > 0.0 => {
                let it_kw = row.it_energy_ws / seconds / 1_000.0;
                let design = DesignHour {
                    pue: row.factors.pue,
                    wue_l_per_kwh: row.factors.wue_l_per_kwh,
                    movers_kw_per_kw: movers,
                };
                let (pue, wue) = p.model.at(it_kw, &design);
                let rate = surcharge_rate(&row.factors, pue, wue);
                row.factors.pue = pue;
                row.factors.wue_l_per_kwh = wue;
                let jobs_ws = row.it_energy_ws - row.idle_energy_ws;
                self.agg.job_totals.add(&surcharge(jobs_ws, &rate));
                rate
            }
            // No IT energy (or no row): nothing to price.
            _ => Cumulative::default(),
        };
        p.ledger.close(rate, seconds);
        for (record, anchor) in &mut p.records[p.settled..] {
            if let Some(c) = p.ledger.settle_closed(anchor) {
                record.charges.add(&c);
            }
        }
        p.settled = p.records.len();
    }
}
