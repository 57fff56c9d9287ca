//! `water_cooled_chiller`: CRAHs on chilled water from water-cooled chillers and a cooling
//! tower, no economiser. The chiller COP follows the wet-bulb.
//!
//! [`ChillerParams`] are shared with [`super::chiller_waterside_economizer`], the same plant
//! with a water-side economiser.

use super::breakdown::{Ambient, CP_WATER_LEI, CoolingBreakdown, economiser_fraction, pump_kw};
use super::components::{CrahLoop, Electrical, WaterCooledPlant, check};
use super::system::{CoolingModel, RegisteredCooling};
use serde::{Deserialize, Serialize};

/// The `water_cooled_chiller` system.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WaterCooledChiller(pub ChillerParams);

impl CoolingModel for WaterCooledChiller {
    fn electrical(&self) -> &Electrical {
        &self.0.electrical
    }

    fn cooling(&self, heat: f64, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown {
        self.0.cooling(false, heat, amb, load_fraction)
    }

    fn validate(&self, what: &str) -> Result<(), String> {
        self.0.validate(what)
    }
}

impl RegisteredCooling for WaterCooledChiller {
    const NAME: &'static str = "water_cooled_chiller";
}

/// Parameters of the chiller-based systems ([`WaterCooledChiller`] and
/// [`ChillerWaterSideEconomizer`](super::ChillerWaterSideEconomizer), Lei & Masanet
/// `PUE_WEC_Chiller`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChillerParams {
    /// Electrical losses and lighting.
    pub electrical: Electrical,
    /// Air handlers.
    pub crah: CrahLoop,
    /// Chillers and cooling tower.
    pub plant: WaterCooledPlant,
    /// Economiser plate heat-exchanger approach, K (economiser systems only). Default 2.29
    /// (Lei & Masanet example).
    pub economizer_approach_c: f64,
    /// Economiser (facility-water) pump pressure, Pa. Default 156.3 kPa (Lei & Masanet example).
    pub economizer_pump_pressure_pa: f64,
    /// Economiser pump efficiency. Default 0.669 (Lei & Masanet example).
    pub economizer_pump_efficiency: f64,
}

impl Default for ChillerParams {
    fn default() -> Self {
        ChillerParams::large_site()
    }
}

impl ChillerParams {
    /// Defaults of a large site (see the field documentation).
    pub fn large_site() -> Self {
        ChillerParams {
            electrical: Electrical::default(),
            crah: CrahLoop::default(),
            plant: WaterCooledPlant::default(),
            economizer_approach_c: 2.29,
            economizer_pump_pressure_pa: 156_300.0,
            economizer_pump_efficiency: 0.669,
        }
    }

    /// Cooling terms for `heat` kW (per kW IT) of sensible heat.
    pub(super) fn cooling(
        &self,
        economiser: bool,
        heat: f64,
        amb: &Ambient,
        load_fraction: f64,
    ) -> CoolingBreakdown {
        let mut b = CoolingBreakdown::default();
        let required = self.crah.run(heat, amb.pressure_pa, &mut b);
        let f = if economiser {
            let (t_sfw, t_rfw) = self.crah.water_temperatures_c();
            economiser_fraction(
                amb.t_wb + self.plant.tower_approach_c + self.economizer_approach_c,
                t_sfw,
                t_rfw,
            )
        } else {
            0.0
        };
        if f > 0.0 {
            let m = f * required / (CP_WATER_LEI * self.crah.delta_t_water_c);
            b.pumps += pump_kw(
                m,
                self.economizer_pump_pressure_pa,
                self.economizer_pump_efficiency,
            );
        }
        self.plant.run(
            (1.0 - f) * required,
            f * required,
            (1.0 - f) * load_fraction,
            self.crah.delta_t_water_c,
            amb,
            &mut b,
        );
        b.free_cooling_fraction = f;
        b
    }

    pub(super) fn validate(&self, what: &str) -> Result<(), String> {
        self.electrical.validate(what)?;
        self.crah.validate(what)?;
        self.plant.validate(what)?;
        check(
            what,
            "economizer_approach_c",
            self.economizer_approach_c,
            0.0,
            20.0,
        )?;
        check(
            what,
            "economizer_pump_pressure_pa",
            self.economizer_pump_pressure_pa,
            0.0,
            2e6,
        )?;
        check(
            what,
            "economizer_pump_efficiency",
            self.economizer_pump_efficiency,
            0.05,
            1.0,
        )
    }
}
