//! `chiller_waterside_economizer`: the plant of [`super::water_cooled_chiller`] with a plate
//! heat exchanger that lets the tower make the facility water directly when the wet-bulb is
//! low enough (fully, partly or not, Lei & Masanet `Water_heat_removed`); the tower
//! evaporates water in both modes.

use super::breakdown::{Ambient, CoolingBreakdown};
use super::components::Electrical;
use super::system::{CoolingModel, RegisteredCooling};
use super::water_cooled_chiller::ChillerParams;
use serde::{Deserialize, Serialize};

/// The `chiller_waterside_economizer` system.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChillerWaterSideEconomizer(pub ChillerParams);

impl CoolingModel for ChillerWaterSideEconomizer {
    fn electrical(&self) -> &Electrical {
        &self.0.electrical
    }

    fn cooling(&self, heat: f64, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown {
        self.0.cooling(true, heat, amb, load_fraction)
    }

    fn validate(&self, what: &str) -> Result<(), String> {
        self.0.validate(what)
    }
}

impl RegisteredCooling for ChillerWaterSideEconomizer {
    const NAME: &'static str = "chiller_waterside_economizer";
}
