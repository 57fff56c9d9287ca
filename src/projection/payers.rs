//! Who can pay for a frontier run: the budgets the cost of the largest run is compared
//! with (`payers_covering_largest_run` in `projection.csv`).
//!
//! `data/budgets/ai-budgets.csv` is the smallest set of annual budgets whose figures were
//! checked in a public source (each row names it): two company budgets (Alphabet's 2024 R&D
//! expenses, Meta's 2024 capital expenditures) and two public AI compute programmes (the UK
//! AI Research Resource, Canada's Sovereign AI Compute Strategy, the latter spread over its
//! five years). It is not a complete table of R&D budgets; `docs/projections.md` says what
//! the count therefore means. The figures are facts from the named sources; the table is
//! this project's compilation (see `data/README.md`).

/// The table, built into the binary.
pub const BUDGETS_CSV: &str = include_str!("../../data/budgets/ai-budgets.csv");

/// One payer.
#[derive(Clone, Debug, PartialEq)]
pub struct Payer {
    /// Who.
    pub payer: String,
    /// What kind of budget.
    pub kind: String,
    /// Year of the figure.
    pub year: i32,
    /// Annual budget, USD.
    pub annual_budget_usd: f64,
    /// Where the figure comes from.
    pub source: String,
}

/// The payers of [`BUDGETS_CSV`]; a malformed row is a build error caught by the tests.
pub fn payers() -> Vec<Payer> {
    let mut reader = csv::Reader::from_reader(BUDGETS_CSV.as_bytes());
    reader
        .records()
        .filter_map(|r| r.ok())
        .filter_map(|r| {
            Some(Payer {
                payer: r.get(0)?.to_string(),
                kind: r.get(1)?.to_string(),
                year: r.get(2)?.parse().ok()?,
                annual_budget_usd: r.get(6)?.parse().ok()?,
                source: r.get(7)?.to_string(),
            })
        })
        .collect()
}

/// The annual budgets, USD.
pub fn budgets_usd() -> Vec<f64> {
    payers().iter().map(|p| p.annual_budget_usd).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_parses_with_a_source() {
        let rows = BUDGETS_CSV.lines().count() - 1;
        let p = payers();
        assert_eq!(p.len(), rows);
        assert_eq!(rows, 4);
        assert!(
            p.iter()
                .all(|x| x.annual_budget_usd > 0.0 && !x.source.is_empty())
        );
        // Canada: CA$2 billion over five years at 0.73 USD/CAD.
        let canada = p.iter().find(|x| x.payer.starts_with("Canada")).unwrap();
        assert!((canada.annual_budget_usd - 2e9 / 5.0 * 0.73).abs() < 1.0);
    }
}
