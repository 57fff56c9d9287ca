//! The columns of `jobs.csv`, one row per job: each defined once with its name, unit,
//! meaning and value.

use super::cell::Cell;
use crate::results::JobRecord;
use crate::time::UnixSeconds;

/// What a `jobs.csv` row is computed from.
pub struct JobRow<'a> {
    /// The job.
    pub job: &'a JobRecord,
    /// Sweep point name.
    pub point: &'a str,
    /// Replication index.
    pub replication: u64,
    /// The job's name (its fixed-job name or synthetic class).
    pub label: &'a str,
    /// The job's site.
    pub site: &'a str,
    /// The window's start instant, for the UTC timestamp columns.
    pub start_unix: UnixSeconds,
}

/// The UTC instant `s` seconds after the window start of `r`.
fn utc(r: &JobRow<'_>, s: u64) -> Cell<'static> {
    Cell::Utc(r.start_unix.saturating_add_unsigned(s))
}

/// How a column's value is obtained.
#[derive(Clone, Copy)]
pub enum JobValue {
    /// Identification and timing: any cell.
    Cell(for<'a> fn(&JobRow<'a>) -> Cell<'a>),
    /// A number from the job's record; these columns (from `gpu_hours` on) are the ones
    /// scenario expectations may name.
    Number(fn(&JobRecord) -> f64),
}

/// One column of `jobs.csv`.
#[derive(Clone, Copy)]
pub struct JobColumn {
    /// Column name (with its unit).
    pub name: &'static str,
    /// Unit (`1` dimensionless, `count`, or empty for text).
    pub unit: &'static str,
    /// One-line meaning.
    pub doc: &'static str,
    /// The value.
    pub value: JobValue,
}

impl JobColumn {
    /// The cell of this column in `row`.
    pub fn cell<'a>(&self, row: &JobRow<'a>) -> Cell<'a> {
        match self.value {
            JobValue::Cell(f) => f(row),
            JobValue::Number(f) => Cell::Num(f(row.job)),
        }
    }

    /// Whether this is a numeric column (one a scenario expectation may name).
    pub fn is_number(&self) -> bool {
        matches!(self.value, JobValue::Number(_))
    }

    /// The numeric value of this column for a job, if it is a numeric column.
    pub fn number(&self, job: &JobRecord) -> Option<f64> {
        match self.value {
            JobValue::Number(f) => Some(f(job)),
            JobValue::Cell(_) => None,
        }
    }
}

const fn cell(
    name: &'static str,
    unit: &'static str,
    doc: &'static str,
    value: for<'a> fn(&JobRow<'a>) -> Cell<'a>,
) -> JobColumn {
    JobColumn {
        name,
        unit,
        doc,
        value: JobValue::Cell(value),
    }
}

const fn number(
    name: &'static str,
    unit: &'static str,
    doc: &'static str,
    value: fn(&JobRecord) -> f64,
) -> JobColumn {
    JobColumn {
        name,
        unit,
        doc,
        value: JobValue::Number(value),
    }
}

/// Defines [`JOB_COLUMNS`] and [`push_job_row`] from one list of columns, so that the fast
/// row writer cannot drift from the table: each entry is `cell(name, unit, doc, value)` or
/// `number(name, unit, doc, value)`.
macro_rules! job_columns {
    ($($kind:ident($name:literal, $unit:literal, $doc:literal, $value:expr $(,)?)),* $(,)?) => {
        /// The columns of `jobs.csv`, in order.
        pub const JOB_COLUMNS: &[JobColumn] = &[$($kind($name, $unit, $doc, $value)),*];

        /// Appends the CSV row of `r` to `out`: byte for byte the cells of [`JOB_COLUMNS`]
        /// (`JobColumn::cell`) through [`crate::metrics::cell::Cell::push_csv`], separated by
        /// `,`, with `inserted` (the sweep-axis values) after the first `insert_at` columns,
        /// ended by `\n` (tested in `output::jobs_csv`). Each column's value is computed and
        /// written in place rather than through the table's function pointers: a row of 45
        /// indirect calls and cell matches cost about as much as formatting its numbers
        /// (docs/performance.md). The numeric columns, which all come last, are gathered and
        /// written by one loop (`push_number_cells`).
        pub fn push_job_row(out: &mut Vec<u8>, r: &JobRow<'_>, insert_at: usize, inserted: &[String]) {
            let mut column = 0usize;
            let mut first = true;
            $(
                job_columns!(@cell $kind, out, r, $value, column, first, insert_at, inserted);
            )*
            // (The count of columns written is not needed after the last one.)
            let _ = column;
            let mut numbers = [0.0f64; JOB_COLUMNS.len() - FIRST_NUMBER];
            let mut k = 0usize;
            $(
                job_columns!(@number $kind, r, $value, numbers, k);
            )*
            debug_assert_eq!(k, numbers.len());
            // Sweep values among or after the numeric columns (not `jobs.csv`'s layout, which
            // puts them after `point`) split the numbers in two.
            match insert_at.checked_sub(FIRST_NUMBER).filter(|&at| at <= numbers.len()) {
                Some(at) => {
                    push_number_cells(out, &numbers[..at], &mut first);
                    push_inserted(out, inserted, &mut first);
                    push_number_cells(out, &numbers[at..], &mut first);
                }
                None => push_number_cells(out, &numbers, &mut first),
            }
            out.push(b'\n');
        }
    };
    (@cell cell, $out:ident, $r:ident, $value:expr, $column:ident, $first:ident, $insert_at:ident, $inserted:ident) => {
        if $column == $insert_at {
            push_inserted($out, $inserted, &mut $first);
        }
        if !$first {
            $out.push(b',');
        }
        $first = false;
        call_cell($value, $r).push_csv($out);
        $column += 1;
    };
    (@cell number, $out:ident, $r:ident, $value:expr, $column:ident, $first:ident, $insert_at:ident, $inserted:ident) => {};
    (@number cell, $r:ident, $value:expr, $numbers:ident, $k:ident) => {};
    (@number number, $r:ident, $value:expr, $numbers:ident, $k:ident) => {
        $numbers[$k] = call_number($value, $r.job);
        $k += 1;
    };
}

/// Index of the first numeric column: every column from here on is numeric (checked when
/// compiling), so that [`push_job_row`] writes the numbers in one loop.
const FIRST_NUMBER: usize = {
    let mut i = 0;
    while i < JOB_COLUMNS.len() && !matches!(JOB_COLUMNS[i].value, JobValue::Number(_)) {
        i += 1;
    }
    let mut j = i;
    while j < JOB_COLUMNS.len() {
        assert!(
            matches!(JOB_COLUMNS[j].value, JobValue::Number(_)),
            "the numeric columns of jobs.csv must come last"
        );
        j += 1;
    }
    i
};

/// Appends the numeric cells of a row, each after a `,` unless it is the row's first cell:
/// one loop with one copy of the number formatting, rather than a copy per column.
#[inline(never)]
fn push_number_cells(out: &mut Vec<u8>, numbers: &[f64], first: &mut bool) {
    for &v in numbers {
        if !*first {
            out.push(b',');
        }
        *first = false;
        crate::metrics::cell::push_num_inline(out, v);
    }
}

/// Appends the sweep-axis values `inserted` as text cells, each after a `,` unless it is the
/// row's first cell.
#[inline(always)]
fn push_inserted(out: &mut Vec<u8>, inserted: &[String], first: &mut bool) {
    for v in inserted {
        if !*first {
            out.push(b',');
        }
        *first = false;
        Cell::Text(v).push_csv(out);
    }
}

/// Calls a `cell` column's value function (typed here, so that its closure needs no
/// annotation).
#[inline(always)]
fn call_cell<'a>(f: impl FnOnce(&JobRow<'a>) -> Cell<'a>, r: &JobRow<'a>) -> Cell<'a> {
    f(r)
}

/// Calls a `number` column's value function.
#[inline(always)]
fn call_number(f: impl FnOnce(&JobRecord) -> f64, job: &JobRecord) -> f64 {
    f(job)
}

job_columns![
    cell("point", "", "sweep point name", |r| Cell::Text(r.point)),
    cell("replication", "count", "replication index", |r| {
        Cell::Int(r.replication)
    }),
    cell(
        "job_id",
        "",
        "job number, unique within a replication",
        |r| Cell::Int(r.job.id),
    ),
    cell("name", "", "fixed job's name or synthetic job class", |r| {
        Cell::Text(r.label)
    }),
    cell("site", "", "site that ran (or queued) the job", |r| {
        Cell::Text(r.site)
    }),
    cell(
        "status",
        "",
        "completed, running (cut off by the window end) or queued",
        |r| Cell::Text(r.job.status.as_str()),
    ),
    cell("gpus", "count", "accelerators requested", |r| {
        Cell::Int(u64::from(r.job.gpus))
    }),
    cell(
        "allocated_gpus",
        "count",
        "accelerators held (whole nodes)",
        |r| Cell::Int(u64::from(r.job.allocated_gpus)),
    ),
    cell("nodes", "count", "nodes held", |r| {
        Cell::Int(u64::from(r.job.nodes))
    }),
    cell(
        "arrival_s",
        "s",
        "submission time since the window start",
        |r| Cell::Int(r.job.arrival_s),
    ),
    cell(
        "arrival_time_utc",
        "",
        "submission instant, ISO 8601 UTC",
        |r| utc(r, r.job.arrival_s),
    ),
    cell(
        "start_s",
        "s",
        "first start since the window start (empty if never started)",
        |r| Cell::opt(r.job.start_s),
    ),
    cell(
        "start_time_utc",
        "",
        "first start instant, ISO 8601 UTC (empty if never started)",
        |r| r.job.start_s.map_or(Cell::Empty, |s| utc(r, s)),
    ),
    cell(
        "end_s",
        "s",
        "end since the window start (empty if not ended)",
        |r| Cell::opt(r.job.end_s),
    ),
    cell(
        "end_time_utc",
        "",
        "end instant, ISO 8601 UTC (empty if not ended)",
        |r| r.job.end_s.map_or(Cell::Empty, |s| utc(r, s)),
    ),
    cell(
        "duration_s",
        "s",
        "compute time at full speed asked for (the job's duration as submitted)",
        |r| Cell::Int(r.job.duration_s),
    ),
    cell(
        "gpu_utilization",
        "1",
        "accelerator utilisation while computing, for the power curve",
        |r| Cell::Num(r.job.gpu_utilization),
    ),
    cell(
        "wait_s",
        "s",
        "arrival to first start, holds included",
        |r| Cell::Num(r.job.ops.wait_s),
    ),
    cell(
        "run_s",
        "s",
        "first start to end (0 if not both)",
        |r| match (r.job.start_s, r.job.end_s) {
            (Some(a), Some(b)) => Cell::Int(b - a),
            _ => Cell::Int(0),
        },
    ),
    cell(
        "deadline_s",
        "s",
        "deadline since the window start (empty if none)",
        |r| Cell::opt(r.job.ops.deadline_at_s),
    ),
    cell(
        "deadline_missed",
        "",
        "true if finished after (or running at) the deadline; empty if no deadline",
        |r| match r.job.ops.deadline_at_s {
            Some(_) if r.job.ops.deadline_missed => Cell::Text("true"),
            Some(_) => Cell::Text("false"),
            None => Cell::Empty,
        },
    ),
    number(
        "gpu_hours",
        "accelerator-h",
        "accelerator-hours of compute",
        |j| j.gpu_hours,
    ),
    number(
        "it_energy_kwh",
        "kWh",
        "IT energy charged to the job",
        |j| j.charges.it_energy_kwh,
    ),
    number(
        "facility_energy_kwh",
        "kWh",
        "IT energy × PUE, hour by hour",
        |j| j.charges.facility_energy_kwh,
    ),
    number(
        "co2_operational_kg",
        "kg CO2e",
        "life-cycle operational carbon: co2_scope2_location_kg + co2_scope3_cat3_kg",
        |j| j.charges.co2_operational_kg,
    ),
    number(
        "co2_scope2_location_kg",
        "kg CO2e",
        "Scope 2 location-based: facility energy × grid combustion factor",
        |j| j.charges.co2_scope2_location_kg,
    ),
    number(
        "co2_scope3_cat3_kg",
        "kg CO2e",
        "Scope 3 category 3: upstream fuel chain + life-cycle carbon of T&D losses",
        |j| j.charges.co2_scope3_cat3_kg,
    ),
    number(
        "co2_it_only_kg",
        "kg CO2e",
        "carbon of IT energy alone (no PUE)",
        |j| j.charges.co2_it_only_kg,
    ),
    number(
        "co2_marginal_kg",
        "kg CO2e",
        "consequential carbon: facility energy × marginal intensity (empty without a marginal source)",
        |j| j.charges.co2_marginal_kg,
    ),
    number(
        "co2_embodied_gpu_kg",
        "kg CO2e",
        "embodied carbon of the accelerators held, by hours held",
        |j| j.co2_embodied_gpu_kg,
    ),
    number(
        "co2_embodied_server_kg",
        "kg CO2e",
        "embodied carbon of the rest of the servers held, by hours held",
        |j| j.co2_embodied_server_kg,
    ),
    number(
        "adp_kg_sb_eq",
        "kg Sb-eq",
        "embodied minerals (abiotic depletion) of the accelerators and servers held, by hours held",
        |j| j.adp_kg_sb_eq,
    ),
    number(
        "co2_total_kg",
        "kg CO2e",
        "co2_operational_kg + co2_embodied_gpu_kg + co2_embodied_server_kg",
        |j| j.charges.co2_operational_kg + j.co2_embodied_gpu_kg + j.co2_embodied_server_kg,
    ),
    number(
        "water_onsite_l",
        "L",
        "scope-1 water: IT energy × WUE",
        |j| j.charges.water_onsite_l,
    ),
    number(
        "water_offsite_l",
        "L",
        "scope-2 water: facility energy × EWIF",
        |j| j.charges.water_offsite_l,
    ),
    number(
        "water_embodied_l",
        "L",
        "fab water of the accelerators and servers held, by hours held",
        |j| j.water_embodied_l,
    ),
    number(
        "energy_cost_usd",
        "USD",
        "facility energy × the hour's electricity price (negative prices lower it, below zero too)",
        |j| j.charges.energy_cost_usd,
    ),
    number(
        "hardware_cost_usd",
        "USD",
        "accelerator-hours held × (amortised capital or cloud price)",
        |j| j.hardware_cost_usd,
    ),
    number("interruptions", "count", "hardware interruptions", |j| {
        f64::from(j.ops.interruptions)
    }),
    number("checkpoints", "count", "checkpoints written", |j| {
        f64::from(j.ops.checkpoints)
    }),
    number("pauses", "count", "pauses (interruptible jobs)", |j| {
        f64::from(j.ops.pauses)
    }),
    number(
        "lost_gpu_hours",
        "accelerator-h",
        "compute accelerator-hours lost to interruptions",
        |j| j.ops.lost_gpu_hours,
    ),
    number(
        "lost_co2_kg",
        "kg CO2e",
        "operational carbon of the lost compute",
        |j| j.ops.lost.co2_operational_kg,
    ),
    number(
        "effective_training_fraction",
        "1",
        "useful compute time / time holding accelerators",
        |j| j.ops.effective_training_fraction,
    ),
    number(
        "work_done_s",
        "s",
        "compute time done (at full speed)",
        |j| j.ops.work_done_s,
    ),
];

/// The column called `name`.
pub fn job_column(name: &str) -> Option<&'static JobColumn> {
    JOB_COLUMNS.iter().find(|c| c.name == name)
}

/// Names of the numeric columns (from `gpu_hours` on), in order.
pub fn job_number_names() -> impl Iterator<Item = &'static str> {
    JOB_COLUMNS.iter().filter(|c| c.is_number()).map(|c| c.name)
}
