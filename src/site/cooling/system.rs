//! The cooling-system trait and the type that carries any registered system.
//!
//! A system implements [`CoolingModel`] (what it computes) and [`RegisteredCooling`] (its
//! name, its large-site defaults as `Default`, and its parameters as serde fields); listing
//! it in [`super::registry::SYSTEMS`] makes it available to scenarios. [`CoolingSystem`] holds
//! one behind a shared pointer and gives every system the same evaluation methods. Reading a
//! system by name (and its serde `Deserialize`) lives with the list, in [`super::registry`],
//! so that this file does not depend on the systems.

use super::breakdown::{Ambient, CoolingBreakdown, CoolingPoint};
use super::components::Electrical;
use crate::site::climate::weather::Weather;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize, Serializer};
use std::any::Any;
use std::fmt;
use std::sync::Arc;

/// What a cooling system computes, per kW of IT power.
pub trait CoolingModel: fmt::Debug + Send + Sync + 'static {
    /// Electrical losses (UPS, distribution) and lighting between the grid and the IT load.
    fn electrical(&self) -> &Electrical;

    /// Cooling terms only (fans, pumps, chillers, heat rejection, water, free-cooling share)
    /// to remove `heat` kW per kW IT, at outdoor state `amb` and IT load fraction
    /// `load_fraction` in [0, 1]. Also what another system calls to hand over part of its
    /// heat (the air side of direct liquid cooling).
    fn cooling(&self, heat: f64, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown;

    /// Checks every parameter (finite and within a physically meaningful range); errors name
    /// the system `what` and the field.
    fn validate(&self, what: &str) -> Result<(), String>;

    /// The whole facility: the electrical terms, then [`CoolingModel::cooling`] of the heat
    /// they and the IT load release indoors.
    fn breakdown(&self, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown {
        let mut b = CoolingBreakdown::default();
        let heat = self.electrical().apply(&mut b);
        let parts = self.cooling(heat, amb, load_fraction);
        b.add_cooling(&parts);
        b.free_cooling_fraction = parts.free_cooling_fraction;
        b
    }
}

/// A cooling system that scenarios can name: its name, its large-site defaults
/// (`Default`, what `system = "<name>"` without parameters gets) and its parameters (the
/// serde fields, read from `[sites.cooling.parameters]`).
pub trait RegisteredCooling:
    CoolingModel + Clone + Default + PartialEq + Serialize + DeserializeOwned
{
    /// The name in scenarios (`[sites.cooling] system = "…"`), snake_case.
    const NAME: &'static str;
}

/// The object-safe view of a [`RegisteredCooling`] that [`CoolingSystem`] holds.
trait AnySystem: CoolingModel {
    fn name(&self) -> &'static str;
    fn as_any(&self) -> &dyn Any;
    fn same_as(&self, other: &dyn AnySystem) -> bool;
    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error>;
}

impl<T: RegisteredCooling> AnySystem for T {
    fn name(&self) -> &'static str {
        T::NAME
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn same_as(&self, other: &dyn AnySystem) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }

    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::to_value(self)
    }
}

/// A cooling system with its parameters: any registered system (see
/// [`super::registry::SYSTEMS`] for the list and each system's file for what it models).
///
/// In serde form it is the system's parameters plus a `type` field holding its name.
#[derive(Clone)]
pub struct CoolingSystem(Arc<dyn AnySystem>);

impl fmt::Debug for CoolingSystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CoolingSystem").field(&self.0).finish()
    }
}

impl PartialEq for CoolingSystem {
    fn eq(&self, other: &CoolingSystem) -> bool {
        self.0.same_as(&*other.0)
    }
}

impl Serialize for CoolingSystem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let mut value = self.0.to_json().map_err(S::Error::custom)?;
        match &mut value {
            serde_json::Value::Object(map) => {
                map.insert("type".into(), self.name().into());
            }
            _ => return Err(S::Error::custom("cooling parameters must be a table")),
        }
        value.serialize(serializer)
    }
}

/// Annual (or whole-record) results of a system on a weather record.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnualCooling {
    /// Energy-weighted PUE: facility energy / IT energy.
    pub pue: f64,
    /// On-site water / IT energy, L/kWh.
    pub wue_l_per_kwh: f64,
    /// Heat-weighted share of free (compressor-less) cooling.
    pub free_cooling_fraction: f64,
    /// Highest hourly PUE.
    pub max_pue: f64,
    /// Mean of the hourly breakdowns (each hour carries the same IT energy).
    pub breakdown: CoolingBreakdown,
}

impl CoolingSystem {
    /// Wraps a system.
    pub fn new<T: RegisteredCooling>(system: T) -> CoolingSystem {
        CoolingSystem(Arc::new(system))
    }

    /// The system's name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The system's parameters, if it is a `T`.
    pub fn downcast_ref<T: RegisteredCooling>(&self) -> Option<&T> {
        self.0.as_any().downcast_ref()
    }

    /// Checks every parameter (finite and within a physically meaningful range); errors name
    /// the system and the field.
    pub fn validate(&self) -> Result<(), String> {
        self.0.validate(self.name())
    }

    /// PUE and on-site WUE at outdoor dry-bulb `t_db_c`, wet-bulb `t_wb_c` (°C), relative
    /// humidity `rh_pct` (%) and IT load fraction `load_fraction` in (0, 1] (clamped to
    /// [0, 1]; it only sets the chillers' part-load ratio). The wet-bulb drives towers and
    /// evaporative media, dry-bulb and humidity the air-side economiser and air-cooled parts;
    /// a wet-bulb above the dry-bulb is lowered to it.
    pub fn evaluate(
        &self,
        t_db_c: f64,
        t_wb_c: f64,
        rh_pct: f64,
        load_fraction: f64,
    ) -> CoolingPoint {
        self.breakdown(t_db_c, t_wb_c, rh_pct, load_fraction)
            .point()
    }

    /// The terms behind [`CoolingSystem::evaluate`] (at sea-level pressure).
    pub fn breakdown(
        &self,
        t_db_c: f64,
        t_wb_c: f64,
        rh_pct: f64,
        load_fraction: f64,
    ) -> CoolingBreakdown {
        self.breakdown_at(&Ambient::new(t_db_c, t_wb_c, rh_pct), load_fraction)
    }

    /// The terms at outdoor state `amb` (which carries the site's pressure).
    pub fn breakdown_at(&self, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown {
        self.0.breakdown(amb, load_fraction.clamp(0.0, 1.0))
    }

    /// Cooling terms only, for `heat` kW (per kW IT) handed over by another system.
    pub fn cooling(&self, heat: f64, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown {
        self.0.cooling(heat, amb, load_fraction)
    }

    /// Hourly points over a weather record at a constant IT load fraction, with wet-bulb
    /// temperatures `wet_bulb_c` (one per hour of `weather`, at its pressure), at the
    /// record's barometric pressure ([`Weather::pressure_pa`]).
    pub fn evaluate_hours(
        &self,
        weather: &Weather,
        wet_bulb_c: &[f64],
        load_fraction: f64,
    ) -> Vec<CoolingBreakdown> {
        let pressure = weather.pressure_pa();
        (0..weather.len())
            .map(|i| {
                let amb = Ambient::at_pressure(
                    weather.dry_bulb_c[i],
                    wet_bulb_c[i],
                    weather.relative_humidity_pct[i],
                    pressure,
                );
                self.breakdown_at(&amb, load_fraction)
            })
            .collect()
    }

    /// Hourly points over a weather record at a constant IT load fraction.
    pub fn evaluate_weather(&self, weather: &Weather, load_fraction: f64) -> Vec<CoolingBreakdown> {
        self.evaluate_hours(weather, &weather.wet_bulb_series(), load_fraction)
    }

    /// Whole-record PUE (energy-weighted: facility energy over IT energy) and WUE (water over
    /// IT energy) at a constant IT load fraction.
    pub fn annual(&self, weather: &Weather, load_fraction: f64) -> AnnualCooling {
        annual_of(&self.evaluate_weather(weather, load_fraction))
    }
}

/// Energy-weighted totals of hourly points of equal IT energy.
fn annual_of(points: &[CoolingBreakdown]) -> AnnualCooling {
    let n = points.len().max(1) as f64;
    let mut mean = CoolingBreakdown::default();
    for p in points {
        mean.ups_loss += p.ups_loss / n;
        mean.distribution_loss += p.distribution_loss / n;
        mean.lighting += p.lighting / n;
        mean.free_cooling_fraction += p.free_cooling_fraction / n;
        let mut scaled = *p;
        for v in [
            &mut scaled.air_fans,
            &mut scaled.pumps,
            &mut scaled.chiller,
            &mut scaled.heat_rejection_fans,
            &mut scaled.evaporation_l_per_kwh,
            &mut scaled.blowdown_l_per_kwh,
            &mut scaled.drift_l_per_kwh,
            &mut scaled.humidification_l_per_kwh,
            &mut scaled.adiabatic_l_per_kwh,
        ] {
            *v /= n;
        }
        mean.add_cooling(&scaled);
    }
    AnnualCooling {
        pue: mean.pue(),
        wue_l_per_kwh: mean.wue(),
        free_cooling_fraction: mean.free_cooling_fraction,
        max_pue: points
            .iter()
            .map(CoolingBreakdown::pue)
            .fold(f64::NEG_INFINITY, f64::max),
        breakdown: mean,
    }
}
