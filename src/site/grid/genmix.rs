//! Generation mix by source, per-source emission and water factor sets, and a reader for
//! EIA-930 hourly generation-by-fuel files.
//!
//! The carbon intensity and the off-site water intensity of an hour are generation-weighted
//! averages of per-source factors (Li et al. 2023, "Making AI Less Thirsty"; the same form
//! as Electricity Maps and Carbon Explorer):
//!
//! ```text
//! CI(t)   = Σ_k b_k(t)·EF_k   / Σ_k b_k(t)     gCO2e/kWh
//! EWIF(t) = Σ_k b_k(t)·EWIF_k / Σ_k b_k(t)     L/kWh
//! ```
//!
//! where `b_k(t)` is the generation (or consumption) of source `k` in hour `t`. Factor values
//! and their sources are in `shared/reference/factors.md` sections B and C, quoted on each
//! constant below; `docs/models-grid.md` collects them.

use crate::error::{DataError, DataErrorKind as Kind, find_column, open_csv};
use crate::site::series::HourlySequence;
use crate::site::series::HourlySeries;
use crate::time::UnixSeconds;
use std::path::Path;
use std::sync::Arc;

/// Number of generation sources ([`Source::ALL`]).
pub const N: usize = 10;

/// A generation source (technology class).
///
/// The classes are those of Electricity Maps' `config/defaults.yaml` less storage, which
/// are also a superset of the EIA-930 fuel codes (WND, SUN, WAT, OIL, NG, COL, NUC, OTH).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Coal (hard coal and lignite).
    Coal,
    /// Natural gas (combined cycle, open cycle, steam).
    Gas,
    /// Oil and diesel.
    Oil,
    /// Nuclear fission.
    Nuclear,
    /// Hydropower (run-of-river and reservoir).
    Hydro,
    /// Wind (onshore and offshore).
    Wind,
    /// Solar (photovoltaic unless stated).
    Solar,
    /// Biomass and biogas.
    Biomass,
    /// Geothermal.
    Geothermal,
    /// Other or unknown (EIA-930 `OTH`, Electricity Maps `unknown`).
    Other,
}

impl Source {
    /// All sources, in index order (the order of [`Mix`] and of the factor arrays).
    pub const ALL: [Source; N] = [
        Source::Coal,
        Source::Gas,
        Source::Oil,
        Source::Nuclear,
        Source::Hydro,
        Source::Wind,
        Source::Solar,
        Source::Biomass,
        Source::Geothermal,
        Source::Other,
    ];

    /// Index into [`Mix`] and factor arrays.
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }

    /// snake_case name, as in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Source::Coal => "coal",
            Source::Gas => "gas",
            Source::Oil => "oil",
            Source::Nuclear => "nuclear",
            Source::Hydro => "hydro",
            Source::Wind => "wind",
            Source::Solar => "solar",
            Source::Biomass => "biomass",
            Source::Geothermal => "geothermal",
            Source::Other => "other",
        }
    }

    /// The source with this snake_case name.
    pub fn from_name(name: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Low-carbon in Electricity Maps' sense (`isLowCarbon` in `config/defaults.yaml`):
    /// biomass, geothermal, hydro, nuclear, solar, wind.
    pub fn is_low_carbon(self) -> bool {
        matches!(
            self,
            Source::Biomass
                | Source::Geothermal
                | Source::Hydro
                | Source::Nuclear
                | Source::Solar
                | Source::Wind
        )
    }

    /// Renewable in Electricity Maps' sense (`isRenewable`): the low-carbon set less nuclear.
    pub fn is_renewable(self) -> bool {
        self.is_low_carbon() && self != Source::Nuclear
    }
}

/// Emission factors per source, gCO2e/kWh, indexed by [`Source::index`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EmissionFactors(pub [f64; N]);

impl EmissionFactors {
    /// The factor of one source.
    #[inline]
    pub fn get(&self, source: Source) -> f64 {
        self.0[source.index()]
    }

    /// A copy with one factor replaced (e.g. a zone-specific value).
    pub fn with(mut self, source: Source, g_per_kwh: f64) -> Self {
        self.0[source.index()] = g_per_kwh;
        self
    }
}

// Order of every factor array below: coal, gas, oil, nuclear, hydro, wind, solar, biomass,
// geothermal, other.

/// IPCC AR5 WGIII Annex III (Schlömer et al. 2014), Table A.III.2, lifecycle medians
/// (factors.md B.1): coal PC 820, gas CC 490, nuclear 12, hydropower 24, wind onshore 11,
/// solar PV utility 48, biomass dedicated 230, geothermal 38. AR5 has no oil row: oil 650 is
/// UK POST 2014 as used by Electricity Maps; other 700 is Electricity Maps' `unknown`
/// ("assumes thermal"), B.2.
pub const IPCC_AR5_LIFECYCLE: EmissionFactors = EmissionFactors([
    820.0, 490.0, 650.0, 12.0, 24.0, 11.0, 48.0, 230.0, 38.0, 700.0,
]);

/// Electricity Maps default lifecycle factors (`config/defaults.yaml` at commit `41204e2b`,
/// factors.md B.2): IPCC 2014 medians, solar 45, oil 650 (UK POST 2014), unknown 700.
/// Zone-specific overrides exist (see the `grid::presets` region presets).
pub const ELECTRICITY_MAPS_LIFECYCLE: EmissionFactors = EmissionFactors([
    820.0, 490.0, 650.0, 12.0, 24.0, 11.0, 45.0, 230.0, 38.0, 700.0,
]);

/// Electricity Maps default direct (combustion-only) factors (factors.md B.2): coal 760,
/// gas 370 (IPCC 2014), oil 406 (EIA 2020 / BEIS 2021), biomass 0 (BEIS 2021), unknown 575,
/// every other source 0.
pub const ELECTRICITY_MAPS_DIRECT: EmissionFactors =
    EmissionFactors([760.0, 370.0, 406.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 575.0]);

/// Carbon Explorer (Acun et al., ASPLOS'23, `src/download_and_process.py`), the set behind
/// the `avg_CI` column of the dc-rl EIA-930 files (factors.md B.3): COL 820, NG 490,
/// OIL 650, NUC 12, WAT 24, WND 11, SUN 41, OTH 230. The EIA fuel codes have no biomass or
/// geothermal class (both are inside `OTH`), so they take the OTH value 230.
pub const CARBON_EXPLORER: EmissionFactors = EmissionFactors([
    820.0, 490.0, 650.0, 12.0, 24.0, 11.0, 41.0, 230.0, 230.0, 230.0,
]);

/// Li et al. 2023, "Making AI Less Thirsty" (`utils/dataloader.py::load_carbon`, citing
/// "It's not easy being green", SIGCOMM'12; factors.md B.3): COL 968, NG 440, OIL 890,
/// NUC 15, WAT 14, WND 23, SUN 20, OTH 450. The code uses 14 and 23 (its docstring says
/// 13.5 and 22.5). Biomass and geothermal take the OTH value 450.
pub const LI_ET_AL: EmissionFactors = EmissionFactors([
    968.0, 440.0, 890.0, 15.0, 14.0, 23.0, 20.0, 450.0, 450.0, 450.0,
]);

/// US fleet combustion factors, 2022 (`reference/accounting.md` §4.1–4.2, W10): EIA
/// Electric Power Annual Table 8.1 average heat rates (coal 10,689, petroleum 11,166,
/// natural gas 7,740 Btu/kWh, 2022) × EIA CO2 emission coefficients (coal, all types,
/// 95.35; natural gas 53.07; distillate fuel oil 73.16 kg CO2/MMBtu): coal 1,019.2, gas
/// 410.8, oil 816.9 g/kWh. Nuclear, hydro, wind, solar 0; biomass 0 (biogenic, as
/// Electricity Maps' direct set); geothermal 0 and other 0 (EIA-930 `OTH` counted as 0,
/// as in W10). On ERCOT's 2022 EIA-930 mix these give 345.9 g/kWh against eGRID2022's
/// measured ERCT 351.2 (−1.5%).
pub const US_EIA_FLEET_2022_DIRECT: EmissionFactors = EmissionFactors([
    10_689.0 * 95.35 / 1_000.0,
    7_740.0 * 53.07 / 1_000.0,
    11_166.0 * 73.16 / 1_000.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
]);

/// Upstream (fuel chain and infrastructure) per kWh generated: Electricity Maps'
/// lifecycle − direct defaults (`reference/accounting.md` §4.3; factors.md B.2): coal 60,
/// gas 120, oil 244, nuclear 12, hydro 24, wind 11, solar 45, biomass 230, geothermal 38,
/// other 125 (unknown: 700 − 575). No US-specific upstream dataset was read.
pub const ELECTRICITY_MAPS_UPSTREAM: EmissionFactors = EmissionFactors([
    60.0, 120.0, 244.0, 12.0, 24.0, 11.0, 45.0, 230.0, 38.0, 125.0,
]);

/// US fleet life-cycle factors, 2022: [`US_EIA_FLEET_2022_DIRECT`] +
/// [`ELECTRICITY_MAPS_UPSTREAM`] (a mixed basis, `reference/accounting.md` §4.3).
pub const US_EIA_FLEET_2022: EmissionFactors = {
    let (d, u) = (US_EIA_FLEET_2022_DIRECT.0, ELECTRICITY_MAPS_UPSTREAM.0);
    let mut out = [0.0; N];
    let mut i = 0;
    while i < N {
        out[i] = d[i] + u[i];
        i += 1;
    }
    EmissionFactors(out)
};

const EMISSION_SETS: [(&str, EmissionFactors); 6] = [
    ("ipcc_ar5_lifecycle", IPCC_AR5_LIFECYCLE),
    ("electricity_maps_lifecycle", ELECTRICITY_MAPS_LIFECYCLE),
    ("electricity_maps_direct", ELECTRICITY_MAPS_DIRECT),
    ("carbon_explorer", CARBON_EXPLORER),
    ("li_et_al", LI_ET_AL),
    ("us_eia_fleet_2022", US_EIA_FLEET_2022),
];

/// The combustion-only counterpart of a named life-cycle set, for Scope 2 location-based:
/// `electricity_maps_lifecycle` → `electricity_maps_direct`, `us_eia_fleet_2022` → its
/// direct part. The other sets publish no split, so they count as combustion only (no
/// upstream is separated; Scope 3 category 3 then holds only T&D losses).
pub fn direct_counterpart(name: &str) -> Option<EmissionFactors> {
    match name {
        "electricity_maps_lifecycle" | "electricity_maps_direct" => Some(ELECTRICITY_MAPS_DIRECT),
        "us_eia_fleet_2022" => Some(US_EIA_FLEET_2022_DIRECT),
        _ => emission_set(name),
    }
}

/// The emission factor set with this snake_case name (see [`names`]).
pub fn emission_set(name: &str) -> Option<EmissionFactors> {
    EMISSION_SETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
}

/// Names of the emission factor sets: `ipcc_ar5_lifecycle`, `electricity_maps_lifecycle`,
/// `electricity_maps_direct`, `carbon_explorer`, `li_et_al`, `us_eia_fleet_2022`.
pub fn names() -> Vec<&'static str> {
    EMISSION_SETS.iter().map(|(n, _)| *n).collect()
}

/// Litres per US gallon (exact by definition, NIST Handbook 44).
pub const LITRES_PER_GALLON: f64 = 3.785_411_784;

/// Converts gal/MWh to L/kWh: × 3.785411784 L/gal ÷ 1000 kWh/MWh.
pub const fn gal_per_mwh_to_l_per_kwh(gal_per_mwh: f64) -> f64 {
    gal_per_mwh * LITRES_PER_GALLON / 1_000.0
}

/// Hydropower reservoir evaporation, Macknick et al. 2012 median consumption: 4,491 gal/MWh
/// = 17.0 L/kWh (factors.md C.1; GCAM uses 17 m³/MWh).
pub const HYDRO_RESERVOIR_EVAPORATION_GAL_PER_MWH: f64 = 4_491.0;

/// Water consumption factors per source, L/kWh, indexed by [`Source::index`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WaterFactors(pub [f64; N]);

impl WaterFactors {
    /// The factor of one source.
    #[inline]
    pub fn get(&self, source: Source) -> f64 {
        self.0[source.index()]
    }

    /// A copy with one factor replaced.
    pub fn with(mut self, source: Source, l_per_kwh: f64) -> Self {
        self.0[source.index()] = l_per_kwh;
        self
    }

    /// A copy whose hydro factor is the explicit [`HydroWater`] choice.
    pub fn with_hydro(self, hydro: HydroWater) -> Self {
        self.with(Source::Hydro, hydro.l_per_kwh())
    }
}

/// How much water hydropower consumes: the choice moves off-site WUE a great deal in
/// hydro-heavy grids (factors.md C.3), so it is always explicit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HydroWater {
    /// No consumption (Li et al. 2023: `WAT` 0; evaporation is attributed to the reservoir's
    /// other uses).
    Zero,
    /// Reservoir evaporation, Macknick et al. 2012 median: 4,491 gal/MWh = 17.0 L/kWh.
    ReservoirEvaporation,
}

impl HydroWater {
    /// The hydro water factor, L/kWh.
    pub fn l_per_kwh(self) -> f64 {
        match self {
            HydroWater::Zero => 0.0,
            HydroWater::ReservoirEvaporation => {
                gal_per_mwh_to_l_per_kwh(HYDRO_RESERVOIR_EVAPORATION_GAL_PER_MWH)
            }
        }
    }
}

const fn gal_set(gal_per_mwh: [f64; N]) -> WaterFactors {
    let mut out = [0.0; N];
    let mut i = 0;
    while i < N {
        out[i] = gal_per_mwh_to_l_per_kwh(gal_per_mwh[i]);
        i += 1;
    }
    WaterFactors(out)
}

/// Macknick et al. 2012 median consumption, fleet defaults ("fuel only", cooling-mix
/// weighted, as quoted by `intensities.json`; factors.md C.1), gal/MWh: coal 476, gas 287,
/// nuclear 517, hydro 4,491 (reservoir evaporation), wind 0, solar PV 1, biopower 303,
/// geothermal 251. Macknick gives no fleet default for oil or "other": oil takes Li et al.'s
/// 350 and other Li et al.'s 475 (C.3). Converted to L/kWh. The hydro value is normally
/// overridden by [`water_set`]'s explicit [`HydroWater`] choice.
pub const MACKNICK_FLEET_MEDIAN: WaterFactors = gal_set([
    476.0, 287.0, 350.0, 517.0, 4_491.0, 0.0, 1.0, 303.0, 251.0, 475.0,
]);

/// Li et al. 2023 simplified EWIF (`utils/dataloader.py::load_indirect_WUE`, from Macknick;
/// factors.md C.3), gal/MWh: NG 300, COL 450, NUC 600, OIL 350, OTH 475, SUN 0, WAT 0,
/// WND 0. Biomass and geothermal take the OTH value 475. Converted to L/kWh.
pub const LI_ET_AL_WATER: WaterFactors = gal_set([
    450.0, 300.0, 350.0, 600.0, 0.0, 0.0, 0.0, 475.0, 475.0, 475.0,
]);

const WATER_SETS: [(&str, WaterFactors); 2] = [
    ("macknick_fleet_median", MACKNICK_FLEET_MEDIAN),
    ("li_et_al", LI_ET_AL_WATER),
];

/// The water factor set with this snake_case name, with the hydro factor set by `hydro`
/// (which overrides the set's own hydro value).
pub fn water_set(name: &str, hydro: HydroWater) -> Option<WaterFactors> {
    WATER_SETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, w)| w.with_hydro(hydro))
}

/// Names of the water factor sets: `macknick_fleet_median`, `li_et_al`.
pub fn water_set_names() -> Vec<&'static str> {
    WATER_SETS.iter().map(|(n, _)| *n).collect()
}

/// Generation (or consumption) by source during one hour, MWh (= average MW), indexed by
/// [`Source::index`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Mix(pub [f64; N]);

impl Mix {
    /// The amount of one source.
    #[inline]
    pub fn get(&self, source: Source) -> f64 {
        self.0[source.index()]
    }

    /// Adds to one source.
    #[inline]
    pub fn add(&mut self, source: Source, mwh: f64) {
        self.0[source.index()] += mwh;
    }

    /// Total over all sources.
    pub fn total(&self) -> f64 {
        self.0.iter().sum()
    }

    /// Share of one source in the total (NaN when the total is 0).
    pub fn share(&self, source: Source) -> f64 {
        self.get(source) / self.total()
    }

    /// Generation-weighted average of per-source factors (NaN when the total is 0).
    fn weighted(&self, factors: &[f64; N]) -> f64 {
        let num: f64 = self.0.iter().zip(factors).map(|(b, f)| b * f).sum();
        num / self.total()
    }

    /// Carbon intensity, gCO2e/kWh: `Σ b_k·EF_k / Σ b_k` (NaN when the total is 0).
    pub fn ci_g_per_kwh(&self, factors: &EmissionFactors) -> f64 {
        self.weighted(&factors.0)
    }

    /// Off-site water intensity (energy water intensity factor), L/kWh:
    /// `Σ b_k·EWIF_k / Σ b_k` (Li et al. 2023; NaN when the total is 0).
    pub fn ewif_l_per_kwh(&self, factors: &WaterFactors) -> f64 {
        self.weighted(&factors.0)
    }

    /// Share of low-carbon sources ([`Source::is_low_carbon`]).
    pub fn low_carbon_share(&self) -> f64 {
        Source::ALL
            .iter()
            .filter(|s| s.is_low_carbon())
            .map(|s| self.get(*s))
            .sum::<f64>()
            / self.total()
    }

    /// Share of renewable sources ([`Source::is_renewable`]).
    pub fn renewable_share(&self) -> f64 {
        Source::ALL
            .iter()
            .filter(|s| s.is_renewable())
            .map(|s| self.get(*s))
            .sum::<f64>()
            / self.total()
    }

    /// This mix with every source multiplied by `k`.
    pub fn scaled(&self, k: f64) -> Mix {
        Mix(self.0.map(|v| v * k))
    }
}

/// Hourly mixes starting at a whole UTC hour.
#[derive(Clone, Debug, PartialEq)]
pub struct GenMixSeries {
    /// UTC instant of the first hour.
    pub start_unix: UnixSeconds,
    /// One mix per hour; never empty when read from a file.
    pub mixes: Vec<Mix>,
}

impl GenMixSeries {
    /// Hourly carbon intensity, gCO2e/kWh, with the given factor set.
    pub fn ci_series(&self, factors: &EmissionFactors) -> Vec<f64> {
        self.mixes.iter().map(|m| m.ci_g_per_kwh(factors)).collect()
    }

    /// Hourly off-site water intensity, L/kWh, with the given factor set.
    pub fn ewif_series(&self, factors: &WaterFactors) -> Vec<f64> {
        self.mixes
            .iter()
            .map(|m| m.ewif_l_per_kwh(factors))
            .collect()
    }

    /// Hourly carbon intensity as an [`HourlySeries`] (cyclic beyond its ends).
    pub fn ci_hourly(&self, factors: &EmissionFactors) -> HourlySeries {
        HourlySeries::Table {
            start_unix: self.start_unix,
            values: Arc::new(self.ci_series(factors)),
        }
    }

    /// Hourly off-site water intensity as an [`HourlySeries`].
    pub fn ewif_hourly(&self, factors: &WaterFactors) -> HourlySeries {
        HourlySeries::Table {
            start_unix: self.start_unix,
            values: Arc::new(self.ewif_series(factors)),
        }
    }

    /// Energy share of each source over the whole series (index order of [`Source::ALL`]).
    pub fn shares(&self) -> [f64; N] {
        let mut sum = [0.0; N];
        for m in &self.mixes {
            for (s, v) in sum.iter_mut().zip(m.0) {
                *s += v;
            }
        }
        let total: f64 = sum.iter().sum();
        sum.map(|v| v / total)
    }
}

/// EIA-930 fuel codes and the source each maps to.
pub const EIA930_COLUMNS: [(&str, Source); 8] = [
    ("WND", Source::Wind),
    ("SUN", Source::Solar),
    ("WAT", Source::Hydro),
    ("OIL", Source::Oil),
    ("NG", Source::Gas),
    ("COL", Source::Coal),
    ("NUC", Source::Nuclear),
    ("OTH", Source::Other),
];

/// Reads an EIA-930 hourly generation-by-fuel file in the format of
/// `shared/data/grid/EIA930_ERCO_2022_genmix_hourly.csv`: a `timestamp` column
/// (`YYYY-MM-DD HH:MM:SS+00:00`, UTC) and columns `WND,SUN,WAT,OIL,NG,COL,NUC,OTH` in MWh
/// per hour, in any order; other columns (such as `avg_CI`) are ignored.
///
/// Rows must be contiguous hours starting on a whole hour; values finite and ≥ 0, with a
/// positive total per row. Errors name the file and line and say what was expected.
pub fn read_eia930_genmix_csv(path: &Path) -> Result<GenMixSeries, DataError> {
    let (mut reader, headers) = open_csv(path)?;
    let column = |name: &str, expected: &str| {
        find_column(
            path,
            &headers,
            name,
            |h| h.eq_ignore_ascii_case(name),
            expected,
        )
    };
    let time_col = column("timestamp", "")?;
    let mut cols = Vec::with_capacity(EIA930_COLUMNS.len());
    for (code, source) in EIA930_COLUMNS {
        let col = column(code, " (expected timestamp,WND,SUN,WAT,OIL,NG,COL,NUC,OTH)")?;
        cols.push((code, source, col));
    }
    let mut hours = HourlySequence::new("timestamp");
    let mut mixes = Vec::with_capacity(8_784);
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let at = |kind| DataError::at(path, line, kind);
        let record = record.map_err(|e| {
            at(Kind::Malformed {
                reason: e.to_string(),
            })
        })?;
        hours.next(record.get(time_col).unwrap_or("")).map_err(at)?;
        let mut mix = Mix::default();
        for &(code, source, col) in &cols {
            let raw = record.get(col).unwrap_or("").trim();
            let v: f64 = raw.parse().map_err(|_| {
                at(Kind::NotANumber {
                    field: code.to_string(),
                    raw: raw.to_string(),
                    expected: " (expected MWh ≥ 0)".into(),
                })
            })?;
            if !v.is_finite() || v < 0.0 {
                return Err(at(Kind::OutOfRange {
                    field: code.to_string(),
                    value: v.to_string(),
                    requirement: "must be finite and ≥ 0 (MWh)".into(),
                }));
            }
            mix.add(source, v);
        }
        if mix.total() <= 0.0 {
            return Err(at(Kind::OutOfRange {
                field: "total generation".into(),
                value: "is 0".into(),
                requirement: "(expected at least one positive fuel column)".into(),
            }));
        }
        mixes.push(mix);
    }
    match hours.start() {
        Some(start_unix) => Ok(GenMixSeries { start_unix, mixes }),
        None => Err(DataError::file(path, Kind::NoRows)),
    }
}

#[cfg(test)]
mod tests;
