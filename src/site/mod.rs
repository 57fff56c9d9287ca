//! A site: its cluster, its grid and its cooling (PUE), as hourly series.
//!
//! The physics is grouped by what it describes; imports run one way, from the leaves up:
//!
//! - [`series`]: [`HourlySeries`] and the hourly CSV reader every input file shares.
//! - [`climate`]: outdoor weather (readers, synthetic generator, presets as data) and
//!   psychrometrics.
//! - [`cooling`]: cooling systems (one file per system behind one trait, one registry of
//!   names) turning weather into hourly PUE and WUE, evaluated in one place
//!   ([`cooling::CoolingSeries::evaluate`], cached per weather file by
//!   [`cooling::CoolingCache`]). Depends on `climate`.
//! - [`grid`]: carbon intensity, water intensity and prices (readers, generation mixes,
//!   the synthetic grid generator with region presets as data).
//! - [`power_cap`]: accelerator power caps.
//! - [`chunked_grid`]: a synthetic grid's hourly columns generated four weeks at a time
//!   (windows longer than a leap year, or any window read hour after hour: [`Reading`]), so
//!   that memory does not grow with simulated years or sites.
//! - [`chunked_weather`]: synthetic weather and the wet-bulb, PUE, WUE and fan-and-pump
//!   series derived from it, generated the same way.
//!
//! This file assembles them into a site's [`SiteSeries`] for one replication. Nothing under
//! `site` imports the scenario layer: the scenario converts its schema types into these.

pub mod chunked_grid;
pub mod chunked_weather;
pub mod climate;
pub mod cooling;
mod factors;
pub mod grid;
pub mod power_cap;
pub mod procurement;
pub mod series;
mod stretches;
pub mod water;

pub use series::HourlySeries;

use crate::hardware::NodeType;
use crate::time::{UnixSeconds, unix_hours};
pub use factors::HourFactors;

/// The hourly series of one site for one replication: everything the ledger multiplies
/// IT power by.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteSeries {
    /// Power usage effectiveness.
    pub pue: HourlySeries,
    /// On-site water per IT kWh, L/kWh.
    pub wue_l_per_kwh: HourlySeries,
    /// Fans and pumps of the cooling system, kW per kW IT at design load (0 without a
    /// cooling system): what the part-load model keeps above its minimum flow.
    pub cooling_movers_kw_per_kw: HourlySeries,
    /// Grid carbon intensity, life-cycle basis, gCO2e/kWh.
    pub carbon_intensity_g_per_kwh: HourlySeries,
    /// Marginal (consequential) carbon intensity, gCO2e/kWh: from the merit order of a
    /// synthetic grid preset, or a user file; `None` where no source exists (the marginal
    /// metrics are then empty).
    pub marginal_carbon_intensity_g_per_kwh: Option<HourlySeries>,
    /// Grid carbon intensity, combustion only (Scope 2 location-based), gCO2e/kWh.
    pub carbon_intensity_direct_g_per_kwh: HourlySeries,
    /// Transmission and distribution loss share of generation, 0 ≤ λ < 1.
    pub td_loss_fraction: f64,
    /// Contracted clean supply (PPAs), mean kW per hour.
    pub contract_supply_kw: HourlySeries,
    /// Supply-weighted emission factor of the contracted supply, gCO2e/kWh.
    pub contract_co2_g_per_kwh: HourlySeries,
    /// Carbon-free share of the grid's supply, 0–1.
    pub grid_cfe_share: HourlySeries,
    /// Off-site water per facility kWh, L/kWh.
    pub ewif_l_per_kwh: HourlySeries,
    /// Off-site water withdrawn per facility kWh, L/kWh (≥ the consumption above).
    pub ewif_withdrawal_l_per_kwh: HourlySeries,
    /// Electricity price, USD/MWh.
    pub price_usd_per_mwh: HourlySeries,
    /// Outdoor dry-bulb temperature, °C, where a weather model is used.
    pub dry_bulb_c: Option<HourlySeries>,
    /// Outdoor wet-bulb temperature, °C, where a weather model is used.
    pub wet_bulb_c: Option<HourlySeries>,
}

impl SiteSeries {
    /// Constant PUE and carbon intensity (the same on the life-cycle and combustion
    /// basis); no losses, no contracts, no water, no price, no weather.
    pub fn constant(pue: f64, carbon_intensity_g_per_kwh: f64) -> SiteSeries {
        SiteSeries {
            pue: HourlySeries::Constant(pue),
            wue_l_per_kwh: HourlySeries::Constant(0.0),
            cooling_movers_kw_per_kw: HourlySeries::Constant(0.0),
            carbon_intensity_g_per_kwh: HourlySeries::Constant(carbon_intensity_g_per_kwh),
            marginal_carbon_intensity_g_per_kwh: None,
            carbon_intensity_direct_g_per_kwh: HourlySeries::Constant(carbon_intensity_g_per_kwh),
            td_loss_fraction: 0.0,
            contract_supply_kw: HourlySeries::Constant(0.0),
            contract_co2_g_per_kwh: HourlySeries::Constant(0.0),
            grid_cfe_share: HourlySeries::Constant(0.0),
            ewif_l_per_kwh: HourlySeries::Constant(0.0),
            ewif_withdrawal_l_per_kwh: HourlySeries::Constant(0.0),
            price_usd_per_mwh: HourlySeries::Constant(0.0),
            dry_bulb_c: None,
            wet_bulb_c: None,
        }
    }

    /// The factors during the UTC hour starting at `hour_start_unix`.
    #[inline]
    pub fn factors_at(&self, hour_start_unix: UnixSeconds) -> HourFactors {
        HourFactors {
            pue: self.pue.at(hour_start_unix),
            carbon_intensity_g_per_kwh: self.carbon_intensity_g_per_kwh.at(hour_start_unix),
            marginal_carbon_intensity_g_per_kwh: self
                .marginal_carbon_intensity_g_per_kwh
                .as_ref()
                .map_or(f64::NAN, |s| s.at(hour_start_unix)),
            carbon_intensity_direct_g_per_kwh: self
                .carbon_intensity_direct_g_per_kwh
                .at(hour_start_unix),
            td_loss_fraction: self.td_loss_fraction,
            contract_supply_kw: self.contract_supply_kw.at(hour_start_unix),
            contract_co2_g_per_kwh: self.contract_co2_g_per_kwh.at(hour_start_unix),
            grid_cfe_share: self.grid_cfe_share.at(hour_start_unix),
            wue_l_per_kwh: self.wue_l_per_kwh.at(hour_start_unix),
            ewif_l_per_kwh: self.ewif_l_per_kwh.at(hour_start_unix),
            ewif_withdrawal_l_per_kwh: self.ewif_withdrawal_l_per_kwh.at(hour_start_unix),
            price_usd_per_mwh: self.price_usd_per_mwh.at(hour_start_unix),
        }
    }
}

/// Dry- and wet-bulb columns of a weather record.
pub fn weather_columns(weather: &climate::weather::Weather) -> (HourlySeries, HourlySeries) {
    let db = HourlySeries::Table {
        start_unix: weather.start_unix,
        values: std::sync::Arc::new(weather.dry_bulb_c.clone()),
    };
    let wb = HourlySeries::Table {
        start_unix: weather.start_unix,
        values: std::sync::Arc::new(weather.wet_bulb_series()),
    };
    (db, wb)
}

/// A synthetic grid to generate per replication.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntheticGrid {
    /// Region preset.
    pub preset: &'static grid::synthetic::RegionPreset,
    /// Emission factors applied to the mix (life-cycle basis).
    pub emission: grid::genmix::EmissionFactors,
    /// Combustion-only factors applied to the mix (Scope 2 location-based).
    pub direct: grid::genmix::EmissionFactors,
    /// Water consumption factors applied to the mix.
    pub water: grid::genmix::WaterFactors,
    /// Water withdrawal factors applied to the mix.
    pub withdrawal: grid::genmix::WaterFactors,
    /// Take EWIF from the mix (false: a constant was given).
    pub ewif_from_mix: bool,
    /// Installed capacity by year (grids that evolve); `None`: the calibration year's fleet
    /// every year.
    pub trajectory: Option<grid::trajectory::CapacityTrajectory>,
}

/// The parts of a site's hourly series that are random.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyntheticParts {
    /// Hours to generate (the window, or a year); beyond them the series repeat.
    pub hours: usize,
    /// Synthetic climate.
    pub weather: Option<&'static climate::synthetic::ClimatePreset>,
    /// Elevation replacing the preset's, m (`sites.weather.elevation_m`).
    pub elevation_m: Option<f64>,
    /// Warming trend applied to the synthetic climate (`sites.weather.warming_*`).
    pub warming: Option<climate::warming::Warming>,
    /// Cooling system and load fraction to turn synthetic weather into PUE and WUE.
    pub cooling: Option<(cooling::CoolingSystem, f64)>,
    /// Synthetic grid.
    pub grid: Option<SyntheticGrid>,
    /// Decarbonisation trend applied to carbon intensity.
    pub decarbonization: Option<grid::decarbonization::Decarbonization>,
}

/// How the caller of [`SiteConfig::series_for`] reads a replication's series, which decides
/// whether a synthetic grid's columns and synthetic weather (with the series derived from
/// it) are held as whole tables or generated a stretch at a time ([`chunked_grid`],
/// [`chunked_weather`]), and whether a decarbonisation trend on a table or a constant is
/// tabulated; the values are the same bit for bit either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Hour after hour, in increasing order, and nothing over the whole window: grid and
    /// weather are generated in stretches whatever the window's length (a simulation
    /// without an objective to normalise).
    InOrder,
    /// Means over the whole window (an objective's normalisation) or shared between
    /// replications (a projection): whole tables up to a leap year, stretches beyond
    /// ([`chunked_grid::chunked`]), where a mean costs a second generation pass.
    Whole,
}

impl Reading {
    /// Whether a synthetic grid or synthetic weather over `hours` hours is generated in
    /// stretches.
    pub fn chunked(self, hours: usize) -> bool {
        match self {
            Reading::InOrder => true,
            Reading::Whole => chunked_grid::chunked(hours),
        }
    }
}

/// A resolved site, ready to simulate.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteConfig {
    /// Unique name.
    pub name: String,
    /// Number of nodes.
    pub nodes: u32,
    /// The node type (all nodes alike).
    pub node: NodeType,
    /// Hourly series that do not depend on the replication.
    pub series: SiteSeries,
    /// Hours over which embodied emissions (and capital cost) are spread: lifetime ×
    /// expected utilisation.
    pub embodied_amortisation_hours: f64,
    /// Contractual instruments for market-based accounting (PPAs are in the series).
    pub procurement: procurement::Procurement,
    /// Scope 1 emissions (refrigerant leakage, generator tests), kg CO2e per year.
    pub scope1_kg_per_year: f64,
    /// Always-on site power outside the nodes (storage, network, spare nodes), W; counted
    /// as idle.
    pub always_on_power_w: f64,
    /// Cost of holding one accelerator for one hour (amortised capital or cloud price), USD.
    pub gpu_hour_cost_usd: f64,
    /// Parts of the hourly series generated anew for every replication.
    pub synthetic: SyntheticParts,
    /// Accelerator failures, if modelled.
    pub failures: Option<crate::workload::failures::FailureModel>,
    /// Accelerator power cap, if any.
    pub power_cap: Option<power_cap::PowerCap>,
    /// Grid-connection limit on the hourly mean facility power, kW, if any: hours above it
    /// are counted (`hours_above_grid_limit`).
    pub grid_connection_limit_kw: Option<f64>,
    /// Water conventions (hydro allocation, withdrawal, scarcity factor).
    pub water: water::WaterConventions,
    /// How PUE and WUE follow the hour's IT load (sites with a cooling system; `None`:
    /// every hour at the series' values).
    pub part_load: Option<cooling::PartLoadModel>,
}

impl SiteConfig {
    /// Whether the site has a marginal carbon intensity (a user file or a synthetic grid
    /// preset's merit order); without one the marginal metrics are empty.
    pub fn has_marginal(&self) -> bool {
        self.series.marginal_carbon_intensity_g_per_kwh.is_some() || self.synthetic.grid.is_some()
    }

    /// Total accelerators.
    pub fn total_gpus(&self) -> u64 {
        u64::from(self.nodes) * u64::from(self.node.gpus_per_node)
    }

    /// The largest IT power the site can draw, kW: every node busy, every accelerator at
    /// its maximum, plus always-on power (the part-load model's design load unless one is
    /// given; the scenario computes it the same way).
    pub fn largest_it_kw(&self) -> f64 {
        (f64::from(self.nodes)
            * (f64::from(self.node.gpus_per_node) * self.node.accelerator.power.max_w
                + self.node.host_busy_w)
            + self.always_on_power_w)
            / 1_000.0
    }

    /// Resizes the site to `nodes` nodes, as if resolved with them: a part-load model's
    /// design load follows unless it was given (a projected year sizes its regions after
    /// planning its runs, `crate::projection`).
    pub fn set_nodes(&mut self, nodes: u32) {
        self.nodes = nodes;
        let largest_it_kw = self.largest_it_kw();
        if let Some(model) = &mut self.part_load
            && model.params.design_it_kw.is_none()
        {
            model.design_it_kw = largest_it_kw.max(1e-3);
        }
    }

    /// The hourly series of one replication: the fixed ones, plus synthetic weather (and
    /// the PUE and WUE that follow from it) and synthetic grid generation drawn from the
    /// replication's `Weather` and `Grid` streams (one per site), held as `reading` needs.
    pub fn series_for(
        &self,
        start_unix: UnixSeconds,
        replication_seed: u64,
        site_index: usize,
        reading: Reading,
    ) -> SiteSeries {
        let series = self.series_before_trend(start_unix, replication_seed, site_index, reading);
        self.with_trend(series, start_unix, reading)
    }

    /// [`SiteConfig::series_for`] without the decarbonisation trend: what a projection
    /// draws once per site and year and shares between replications that differ only by
    /// their trend (`crate::projection`, with [`Reading::Whole`]).
    pub fn series_before_trend(
        &self,
        start_unix: UnixSeconds,
        replication_seed: u64,
        site_index: usize,
        reading: Reading,
    ) -> SiteSeries {
        use crate::engine::rng::{StreamId, site_seed, stream_rng};
        let mut series = self.series.clone();
        let parts = &self.synthetic;
        let site_seed = site_seed(replication_seed, site_index);
        if let Some(preset) = parts.weather.filter(|_| reading.chunked(parts.hours)) {
            // Read in order, or a long window: the weather and the series derived from it
            // are generated a few weeks at a time.
            let source =
                std::sync::Arc::new(std::sync::Mutex::new(chunked_weather::WeatherColumns::new(
                    preset,
                    parts.elevation_m,
                    parts.warming,
                    parts.cooling.clone(),
                    start_unix,
                    parts.hours,
                    stream_rng(site_seed, StreamId::Weather),
                )));
            let column = |c| chunked_weather::WeatherColumns::series(&source, c);
            if parts.cooling.is_some() {
                series.pue = column(chunked_weather::PUE);
                series.wue_l_per_kwh = column(chunked_weather::WUE);
                series.cooling_movers_kw_per_kw = column(chunked_weather::MOVERS);
            }
            series.dry_bulb_c = Some(column(chunked_weather::DRY_BULB));
            series.wet_bulb_c = Some(column(chunked_weather::WET_BULB));
        } else if let Some(preset) = parts.weather {
            let mut rng = stream_rng(site_seed, StreamId::Weather);
            let mut weather = climate::synthetic::synthesize_warmed(
                preset,
                start_unix,
                parts.hours,
                &mut rng,
                parts.warming.as_ref(),
            );
            if let Some(elevation_m) = parts.elevation_m {
                weather.elevation_m = elevation_m;
            }
            let wet_bulb = weather.wet_bulb_series();
            if let Some((system, load)) = &parts.cooling {
                let cooled = cooling::CoolingSeries::evaluate(system, &weather, &wet_bulb, *load);
                (series.pue, series.wue_l_per_kwh) = (cooled.pue, cooled.wue_l_per_kwh);
                series.cooling_movers_kw_per_kw = cooled.movers_kw_per_kw;
            }
            let table = |values: Vec<f64>| HourlySeries::Table {
                start_unix: weather.start_unix,
                values: std::sync::Arc::new(values),
            };
            series.dry_bulb_c = Some(table(weather.dry_bulb_c.clone()));
            series.wet_bulb_c = Some(table(wet_bulb));
        }
        if let Some(grid) = parts.grid.as_ref().filter(|_| reading.chunked(parts.hours)) {
            // Read in order, or a long window: the grid's columns are generated a few
            // weeks at a time.
            let rng = stream_rng(site_seed, StreamId::Grid);
            let source =
                std::sync::Arc::new(std::sync::Mutex::new(chunked_grid::GridColumns::new(
                    grid.clone(),
                    self.procurement.ppas.clone(),
                    start_unix,
                    parts.hours,
                    rng,
                )));
            let column = |c| chunked_grid::GridColumns::series(&source, c);
            series.carbon_intensity_g_per_kwh = column(chunked_grid::CI);
            series.carbon_intensity_direct_g_per_kwh = column(chunked_grid::CI_DIRECT);
            series.grid_cfe_share = column(chunked_grid::CFE_SHARE);
            if series.marginal_carbon_intensity_g_per_kwh.is_none() {
                series.marginal_carbon_intensity_g_per_kwh =
                    Some(column(chunked_grid::CI_MARGINAL));
            }
            if grid.ewif_from_mix {
                series.ewif_l_per_kwh = column(chunked_grid::EWIF);
                series.ewif_withdrawal_l_per_kwh = column(chunked_grid::EWIF_WITHDRAWAL);
            }
            if !self.procurement.ppas.is_empty() {
                series.contract_supply_kw = column(chunked_grid::CONTRACT_KW);
                series.contract_co2_g_per_kwh = column(chunked_grid::CONTRACT_CO2);
            }
            return series;
        }
        let (mut solar_cf, mut wind_cf) = (Vec::new(), Vec::new());
        if let Some(grid) = &parts.grid {
            let mut rng = stream_rng(site_seed, StreamId::Grid);
            let g = grid::synthetic::generate_evolving(
                grid.preset,
                grid.trajectory.as_ref(),
                start_unix,
                parts.hours,
                &mut rng,
            );
            let hourly = |v| grid::synthetic::hourly(start_unix, v);
            series.carbon_intensity_g_per_kwh =
                hourly(grid::synthetic::ci_series(&g.mixes, &grid.emission));
            series.carbon_intensity_direct_g_per_kwh =
                hourly(grid::synthetic::ci_series(&g.mixes, &grid.direct));
            series.grid_cfe_share = hourly(g.mixes.iter().map(|m| m.low_carbon_share()).collect());
            // A user's marginal file, when given, replaces the merit-order margin.
            if series.marginal_carbon_intensity_g_per_kwh.is_none() {
                series.marginal_carbon_intensity_g_per_kwh = Some(hourly(
                    grid::synthetic::ci_series(&g.margins, &grid.emission),
                ));
            }
            if grid.ewif_from_mix {
                series.ewif_l_per_kwh = hourly(grid::synthetic::ewif_series(&g.mixes, &grid.water));
                series.ewif_withdrawal_l_per_kwh =
                    hourly(grid::synthetic::ewif_series(&g.mixes, &grid.withdrawal));
            }
            (solar_cf, wind_cf) = (g.solar_cf, g.wind_cf);
        }
        if !self.procurement.ppas.is_empty() {
            let (kw, co2) = procurement::contract_supply(
                &self.procurement.ppas,
                start_unix,
                parts.hours,
                &solar_cf,
                &wind_cf,
            );
            series.contract_supply_kw = grid::synthetic::hourly(start_unix, kw);
            series.contract_co2_g_per_kwh = grid::synthetic::hourly(start_unix, co2);
        }
        series
    }

    /// `series` with the site's decarbonisation trend applied (unchanged without one).
    /// Read in order, or over a chunked grid, the products are taken as the hours are read;
    /// otherwise they are a table over the window. The same products either way.
    pub fn with_trend(
        &self,
        mut series: SiteSeries,
        start_unix: UnixSeconds,
        reading: Reading,
    ) -> SiteSeries {
        let parts = &self.synthetic;
        if let Some(trend) = parts.decarbonization {
            // The same yearly factor scales the average and the marginal intensity: the
            // trend describes a cleaner fleet, at the margin as on average.
            let scaled = |s: &HourlySeries| -> HourlySeries {
                let factor = move |t| trend.factor_at(t);
                if let HourlySeries::Chunked(c) = s {
                    // The same products, computed as each stretch is read.
                    return HourlySeries::Chunked(c.times(std::sync::Arc::new(factor)));
                }
                if reading == Reading::InOrder {
                    let column = series::SeriesColumns::column(s.clone(), start_unix, parts.hours);
                    return HourlySeries::Chunked(column.times(std::sync::Arc::new(factor)));
                }
                let values: Vec<f64> = (0..parts.hours)
                    .map(|h| {
                        let t = start_unix + unix_hours(h as i64);
                        s.at(t) * trend.factor_at(t)
                    })
                    .collect();
                grid::synthetic::hourly(start_unix, values)
            };
            let average = scaled(&series.carbon_intensity_g_per_kwh);
            let marginal = series
                .marginal_carbon_intensity_g_per_kwh
                .as_ref()
                .map(scaled);
            series.carbon_intensity_direct_g_per_kwh =
                scaled(&series.carbon_intensity_direct_g_per_kwh);
            series.carbon_intensity_g_per_kwh = average;
            series.marginal_carbon_intensity_g_per_kwh = marginal;
        }
        series
    }
}

#[cfg(test)]
mod layout_tests;
