//! Cooling systems: hourly PUE and on-site WUE from outdoor conditions and IT load.
//!
//! Every system maps (dry-bulb °C, wet-bulb °C, relative humidity %, IT load fraction) to a
//! [`CoolingPoint`]: PUE (facility energy / IT energy) and WUE (litres of water consumed on
//! site per kWh of IT energy). The energy side follows the component decomposition of Lei &
//! Masanet (Energy 2020, doi:10.1016/j.energy.2020.117556; code
//! `nuoaleon/Data-center-PUE-prediction-tool`, `PUE_internalfunctions.ipynb` and
//! `PUE_simulation_tool.ipynb`):
//!
//! ```text
//! PUE = (P_IT + L_UPS + L_PD + P_light + P_fans + P_pumps + P_chiller + P_rejection_fans) / P_IT
//! L_UPS = P_IT/η_UPS − P_IT ;  L_PD = P_IT/(1 − PD) − P_IT ;  P_light = ℓ·P_IT
//! heat to remove Q = P_IT + L_UPS + L_PD + P_light
//! fan  = (m_air/ρ_air)·ΔP/η/1000 kW ;  pump = ΔP·m/(1000·η·ρ_water) kW
//! ```
//!
//! and the water side the cooling-tower mass balance (evaporation `Q_rej/h_fg`, blowdown
//! `evap/(S − 1)`, drift `d·m_tower`), plus humidifier and adiabatic-cooling water.
//! All quantities are per kW of IT power, so PUE and WUE do not depend on the site's size;
//! the IT load fraction only sets the chillers' part-load ratio. Defaults describe a LARGE
//! (hyperscale) site: where Lei & Masanet publish an example parameter set for such a site
//! (their "Simple examples" notebook) the defaults take it; the others sit inside the
//! large-site ranges of their calculator (`nuoaleon/UEcalculator_dash_app`, `src/app.py`).
//! See `docs/models-weather-cooling.md` for the equations, the parameter table and the
//! annual results against published ranges.
//!
//! # Layout
//!
//! - [`system`]: the [`CoolingModel`] trait (what a system computes), the
//!   [`RegisteredCooling`] trait (its name, defaults and parameters) and [`CoolingSystem`],
//!   which carries any registered system and evaluates it.
//! - [`registry`]: [`registry::SYSTEMS`], the one list of systems scenarios can name.
//! - One file per system: [`water_cooled_chiller`], [`chiller_waterside_economizer`],
//!   [`airside_economizer_adiabatic`], [`air_cooled_chiller`], [`direct_liquid_cooling`].
//! - [`components`]: parts several systems share (electrical losses, CRAHs, the
//!   water-cooled plant and tower, air-cooled chillers, dry coolers).
//! - [`breakdown`]: the per-kW-IT result, the outdoor state and the shared formulas.
//! - [`cache`]: the one place where a system meets a weather record, and the cache of real
//!   weather years.
//!
//! # Adding a cooling system
//!
//! A new system is one new file and one line in [`registry::SYSTEMS`]. The file defines a
//! type with its parameters as serde fields, [`CoolingModel`] (the physics) and
//! [`RegisteredCooling`] (the name); `Default` gives the large-site defaults. For example,
//! a system whose fans draw a fixed share of the heat they remove and that uses no water:
//!
//! ```
//! use footprint::site::cooling::registry::Entry;
//! use footprint::site::cooling::{
//!     Ambient, CoolingBreakdown, CoolingModel, CoolingSystem, Electrical, RegisteredCooling,
//! };
//! use serde::{Deserialize, Serialize};
//!
//! /// `fixed_overhead`: fans drawing `fan_kw_per_kw` per kW of heat; no water.
//! #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
//! #[serde(default, deny_unknown_fields)]
//! pub struct FixedOverhead {
//!     /// Electrical losses and lighting.
//!     pub electrical: Electrical,
//!     /// Fan power per kW of heat removed, kW/kW.
//!     pub fan_kw_per_kw: f64,
//! }
//!
//! impl Default for FixedOverhead {
//!     fn default() -> Self {
//!         FixedOverhead { electrical: Electrical::default(), fan_kw_per_kw: 0.1 }
//!     }
//! }
//!
//! impl CoolingModel for FixedOverhead {
//!     fn electrical(&self) -> &Electrical {
//!         &self.electrical
//!     }
//!
//!     fn cooling(&self, heat: f64, _amb: &Ambient, _load_fraction: f64) -> CoolingBreakdown {
//!         CoolingBreakdown { air_fans: self.fan_kw_per_kw * heat, ..CoolingBreakdown::default() }
//!     }
//!
//!     fn validate(&self, what: &str) -> Result<(), String> {
//!         if (0.0..=1.0).contains(&self.fan_kw_per_kw) {
//!             Ok(())
//!         } else {
//!             Err(format!("cooling `{what}`: fan_kw_per_kw must be from 0 to 1"))
//!         }
//!     }
//! }
//!
//! impl RegisteredCooling for FixedOverhead {
//!     const NAME: &'static str = "fixed_overhead";
//! }
//!
//! // The registry line, added to `SYSTEMS` in src/site/cooling/registry.rs:
//! let entry = Entry::of::<FixedOverhead>();
//!
//! // Everything else follows from the entry: defaults, parameters, evaluation.
//! let system: CoolingSystem = (entry.large_site)();
//! assert_eq!(system.name(), "fixed_overhead");
//! system.validate().unwrap();
//! let point = system.evaluate(25.0, 18.0, 50.0, 0.7);
//! // Heat indoors per kW IT: IT, UPS and distribution losses, lighting.
//! let e = Electrical::default();
//! let heat = 1.0 / e.ups_efficiency + 1.0 / (1.0 - e.distribution_loss_fraction) - 1.0
//!     + e.lighting_fraction;
//! assert!((point.pue - (heat + 0.1 * heat)).abs() < 1e-9, "{point:?}");
//! assert_eq!(point.wue_l_per_kwh, 0.0);
//!
//! let tuned = (entry.parse)(toml::from_str("fan_kw_per_kw = 0.5").unwrap()).unwrap();
//! assert!(tuned.evaluate(25.0, 18.0, 50.0, 0.7).pue > point.pue);
//! let bad = (entry.parse)(toml::from_str("fan_kw_per_kw = 2.0").unwrap()).unwrap();
//! assert!(bad.validate().unwrap_err().contains("fixed_overhead"));
//! assert!((entry.parse)(toml::from_str("fans = 1").unwrap()).is_err());
//! ```

pub mod air_cooled_chiller;
pub mod airside_economizer_adiabatic;
pub mod breakdown;
pub mod cache;
pub mod chiller_waterside_economizer;
pub mod components;
pub mod direct_liquid_cooling;
pub mod part_load;
pub mod registry;
pub mod system;
pub mod water_cooled_chiller;

pub use air_cooled_chiller::AirCooledParams;
pub use airside_economizer_adiabatic::AirsideParams;
pub use breakdown::{Ambient, CoolingBreakdown, CoolingPoint, cop_lei_masanet, wue_li2023};
pub use cache::{CoolingCache, CoolingSeries};
pub use chiller_waterside_economizer::ChillerWaterSideEconomizer;
pub use components::{AirCooledChillerModel, CrahLoop, DryCooler, Electrical, WaterCooledPlant};
pub use direct_liquid_cooling::LiquidParams;
pub use part_load::{DesignHour, PartLoad, PartLoadModel};
pub use system::{AnnualCooling, CoolingModel, CoolingSystem, RegisteredCooling};
pub use water_cooled_chiller::{ChillerParams, WaterCooledChiller};

/// Names accepted by [`by_name`], in registry order.
pub fn names() -> &'static [&'static str] {
    registry::names()
}

/// The system called `name` with large-site defaults, if the name is known.
pub fn by_name(name: &str) -> Option<CoolingSystem> {
    CoolingSystem::by_name(name)
}

#[cfg(test)]
mod air_cooled_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tower_tests;
