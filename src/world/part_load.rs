//! The world's side of part-load PUE: closing each hour of a site with its load-dependent
//! PUE and WUE, pricing jobs' shares of it through [`SurchargeLedger`], and holding the
//! records of jobs that ended in an hour not yet closed (`docs/models-weather-cooling.md`,
//! "Part load").

use super::site_state::SiteState;
use crate::accounting::part_load::{Anchor, SurchargeLedger, surcharge_rate};
use crate::accounting::{Charges, Cumulative};
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
    /// Records of jobs that ended in the open hour, with their unpriced energy, in the
    /// order they ended.
    pub deferred: Vec<(JobRecord, Anchor)>,
    /// Records settled, to be handed to the sink in that order.
    pub ready: Vec<JobRecord>,
}

impl PartLoadState {
    /// The state of a site with model `model`, at the start of the window.
    pub fn new(model: PartLoadModel) -> Self {
        PartLoadState {
            model,
            ledger: SurchargeLedger::default(),
            deferred: Vec::new(),
            ready: Vec::new(),
        }
    }

    /// A job's record at its end: settled now if nothing of it is pending in the open hour
    /// (and no earlier record waits), kept until the hour closes otherwise. Returns the
    /// surcharge settled now, for the site's job totals.
    pub fn finish(&mut self, mut record: JobRecord, mut anchor: Anchor) -> Option<Charges> {
        let settled = self.ledger.settle_closed(&mut anchor);
        if let Some(c) = &settled {
            record.charges.add(c);
        }
        if anchor.held || !self.deferred.is_empty() {
            self.deferred.push((record, anchor));
        } else {
            self.ready.push(record);
        }
        settled
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
            for (record, _) in p.deferred.drain(..) {
                p.ready.push(record);
            }
        }
    }

    /// Closes the open hour, which lasted `seconds`: sets its row's PUE and WUE from its
    /// mean IT power and settles the records that waited for it.
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
                rate
            }
            // No IT energy (or no row): nothing to price.
            _ => Cumulative::default(),
        };
        p.ledger.close(rate, seconds);
        for (mut record, mut anchor) in p.deferred.drain(..) {
            if let Some(c) = p.ledger.settle_closed(&mut anchor) {
                record.charges.add(&c);
                self.agg.job_totals.add(&c);
            }
            p.ready.push(record);
        }
    }
}
