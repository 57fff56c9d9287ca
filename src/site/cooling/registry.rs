//! The one list of cooling systems that scenarios can name.
//!
//! Adding a system is a new file with a type implementing [`CoolingModel`] and
//! [`RegisteredCooling`], plus one line in [`SYSTEMS`] (see the worked example in the
//! [`super`] module documentation). Names, defaults, parsing and error messages all come from
//! this list.
//!
//! [`CoolingModel`]: super::CoolingModel

use super::air_cooled_chiller::AirCooledParams;
use super::airside_economizer_adiabatic::AirsideParams;
use super::chiller_waterside_economizer::ChillerWaterSideEconomizer;
use super::direct_liquid_cooling::LiquidParams;
use super::system::{CoolingSystem, RegisteredCooling};
use super::water_cooled_chiller::WaterCooledChiller;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use std::sync::LazyLock;

/// One registered system: its name, its large-site defaults and its parameter reader.
#[derive(Clone, Copy)]
pub struct Entry {
    /// The name in scenarios.
    pub name: &'static str,
    /// The system with large-site defaults.
    pub large_site: fn() -> CoolingSystem,
    /// The system with the parameters of `[sites.cooling.parameters]` (missing fields take
    /// the defaults; unknown fields are errors). The error is the reader's message.
    pub parse: fn(toml::Table) -> Result<CoolingSystem, String>,
}

impl Entry {
    /// The entry of system `T`.
    pub const fn of<T: RegisteredCooling>() -> Entry {
        Entry {
            name: T::NAME,
            large_site: large_site::<T>,
            parse: parse::<T>,
        }
    }
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry").field("name", &self.name).finish()
    }
}

fn large_site<T: RegisteredCooling>() -> CoolingSystem {
    CoolingSystem::new(T::default())
}

fn parse<T: RegisteredCooling>(table: toml::Table) -> Result<CoolingSystem, String> {
    toml::Value::Table(table)
        .try_into::<T>()
        .map(CoolingSystem::new)
        .map_err(|e| e.message().trim().to_string())
}

/// Every cooling system scenarios can name, in the order error messages list them.
pub static SYSTEMS: &[Entry] = &[
    Entry::of::<WaterCooledChiller>(),
    Entry::of::<ChillerWaterSideEconomizer>(),
    Entry::of::<AirsideParams>(),
    Entry::of::<AirCooledParams>(),
    Entry::of::<LiquidParams>(),
];

static NAMES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| SYSTEMS.iter().map(|e| e.name).collect());

/// The entry called `name`, if any.
pub fn find(name: &str) -> Option<&'static Entry> {
    SYSTEMS.iter().find(|e| e.name == name)
}

/// The names of [`SYSTEMS`], in order.
pub fn names() -> &'static [&'static str] {
    &NAMES
}

impl CoolingSystem {
    /// Names accepted by [`CoolingSystem::by_name`], in registry order.
    pub fn names() -> &'static [&'static str] {
        names()
    }

    /// The system called `name` (snake_case, see [`CoolingSystem::names`]) with large-site
    /// defaults.
    pub fn by_name(name: &str) -> Option<CoolingSystem> {
        find(name).map(|entry| (entry.large_site)())
    }
}

/// The serde form: the system's parameters plus a `type` field naming a registered system.
impl<'de> Deserialize<'de> for CoolingSystem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut table = toml::Table::deserialize(deserializer)?;
        let name = match table.remove("type") {
            Some(toml::Value::String(name)) => name,
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "expected a system name for `type`, found {other}"
                )));
            }
            None => return Err(D::Error::missing_field("type")),
        };
        let entry = find(&name).ok_or_else(|| D::Error::unknown_variant(&name, names()))?;
        (entry.parse)(table).map_err(D::Error::custom)
    }
}
