//! A site's contractual instruments for market-based Scope 2 accounting (GHG Protocol
//! Scope 2 Guidance, 2015): unbundled certificates, the residual mix that prices uncovered
//! energy, and an optional battery that stores contracted surplus. Power purchase
//! agreements enter the site's hourly series as contracted supply
//! ([`crate::site::SiteSeries::contract_supply_kw`]); this is the rest, as plain data.

/// Unbundled energy attribute certificates (RECs, GOs), bought by the year.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Certificates {
    /// Volume, MWh per year (pro rata over the simulated window).
    pub mwh_per_year: f64,
    /// Emission factor of the certified generation, gCO2e/kWh (0 for wind, solar, hydro,
    /// nuclear).
    pub co2_g_per_kwh: f64,
}

/// A battery that stores contracted surplus and delivers it in deficit hours
/// (`reference/accounting.md` §3.2): charges only from contracted surplus, round-trip
/// efficiency applied on discharge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Battery {
    /// Usable energy, kWh.
    pub energy_kwh: f64,
    /// Charge and discharge power limit, kW.
    pub power_kw: f64,
    /// Round-trip efficiency, 0 < η ≤ 1.
    pub round_trip_efficiency: f64,
}

/// Where a PPA's hourly generation comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum PpaProfile {
    /// The site's grid preset's solar fleet (its weather model), per MW contracted.
    Solar,
    /// The site's grid preset's wind fleet, per MW contracted.
    Wind,
    /// An hourly series of delivered power, MW.
    Table(crate::site::HourlySeries),
}

/// A power purchase agreement delivering on the site's grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Ppa {
    /// Generation profile.
    pub profile: PpaProfile,
    /// Contracted capacity, MW (multiplies a fleet's capacity factor; 1 for a table).
    pub capacity_mw: f64,
    /// Emission factor of the contracted generation, gCO2e/kWh.
    pub co2_g_per_kwh: f64,
}

/// Everything market-based accounting needs beyond the hourly series.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Procurement {
    /// Residual-mix factor for uncovered energy, gCO2e/kWh; `None`: no residual mix is
    /// published, so uncovered energy is charged at the grid's location-based (combustion)
    /// factor hour by hour, as the Scope 2 Guidance's hierarchy allows (disclosed).
    pub residual_mix_g_per_kwh: Option<f64>,
    /// Unbundled certificates.
    pub certificates: Vec<Certificates>,
    /// Power purchase agreements.
    pub ppas: Vec<Ppa>,
    /// Battery storing contracted surplus.
    pub battery: Option<Battery>,
}

/// The contracted supply of `ppas` in each of `hours` hours from `start_unix`: mean kW, and
/// its supply-weighted emission factor (gCO2e/kWh; 0 in hours without supply). Fleet
/// profiles take the hourly capacity factors `solar_cf` and `wind_cf` (empty: no fleet
/// model, no output).
pub fn contract_supply(
    ppas: &[Ppa],
    start_unix: crate::time::UnixSeconds,
    hours: usize,
    solar_cf: &[f64],
    wind_cf: &[f64],
) -> (Vec<f64>, Vec<f64>) {
    let mut kw = vec![0.0; hours];
    let mut co2 = vec![0.0; hours];
    for (h, (kw, co2)) in kw.iter_mut().zip(co2.iter_mut()).enumerate() {
        (*kw, *co2) = contract_hour(
            ppas,
            start_unix + crate::time::SECONDS_PER_HOUR_I64 * h as i64,
            solar_cf.get(h).copied().unwrap_or(0.0),
            wind_cf.get(h).copied().unwrap_or(0.0),
        );
    }
    (kw, co2)
}

/// The contracted supply (kW) and its emission factor (gCO2e/kWh) in the hour starting at
/// `hour_start_unix`, with the region's solar and wind fleets at `solar_cf` and `wind_cf`
/// (0 without a synthetic grid): one hour of [`contract_supply`].
pub fn contract_hour(
    ppas: &[Ppa],
    hour_start_unix: crate::time::UnixSeconds,
    solar_cf: f64,
    wind_cf: f64,
) -> (f64, f64) {
    let (mut supply, mut weighted) = (0.0, 0.0);
    for p in ppas {
        let mw = match &p.profile {
            PpaProfile::Solar => solar_cf,
            PpaProfile::Wind => wind_cf,
            PpaProfile::Table(t) => t.at(hour_start_unix),
        } * p.capacity_mw;
        supply += mw * 1_000.0;
        weighted += mw * 1_000.0 * p.co2_g_per_kwh;
    }
    let co2 = if supply > 0.0 { weighted / supply } else { 0.0 };
    (supply, co2)
}
