//! `air_cooled_chiller`: CRAHs on chilled water from air-cooled chillers; no cooling tower
//! (the only water is the humidifier make-up for the coil latent load).

use super::breakdown::{Ambient, CP_WATER_LEI, CoolingBreakdown, economiser_fraction, pump_kw};
use super::components::{AirCooledChillerModel, CrahLoop, DryCooler, Electrical, check};
use super::system::{CoolingModel, RegisteredCooling};
use serde::{Deserialize, Serialize};

impl CoolingModel for AirCooledParams {
    fn electrical(&self) -> &Electrical {
        &self.electrical
    }

    /// The air-cooled chiller model has no part-load term, so the load fraction is not used.
    fn cooling(&self, heat: f64, amb: &Ambient, _load_fraction: f64) -> CoolingBreakdown {
        self.cooling_terms(heat, amb)
    }

    fn validate(&self, what: &str) -> Result<(), String> {
        self.check_fields(what)
    }
}

impl RegisteredCooling for AirCooledParams {
    const NAME: &'static str = "air_cooled_chiller";
}

/// Parameters of the air-cooled chiller system (`air_cooled_chiller`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AirCooledParams {
    /// Electrical losses and lighting.
    pub electrical: Electrical,
    /// Air handlers (their water temperatures are the chilled-water temperatures).
    pub crah: CrahLoop,
    /// The chillers' COP model.
    pub chiller: AirCooledChillerModel,
    /// Chilled-water pump pressure, Pa. Default 171.9 kPa (as [`super::WaterCooledPlant`]).
    pub chilled_water_pump_pressure_pa: f64,
    /// Chilled-water pump efficiency. Default 0.745.
    pub chilled_water_pump_efficiency: f64,
    /// Integrated free-cooling coil (dry cooler) ahead of the chillers: it pre-cools the
    /// return water whenever the outdoor air plus the coil approach is below it, and the
    /// chillers trim the rest (fully free when it is below the supply). Default true
    /// (air-cooled chillers for data centres are commonly sold with it); false is the plain
    /// air-cooled chiller of Lei & Masanet's comparison rows.
    pub free_cooling: bool,
    /// The free-cooling coil, used when `free_cooling` is on.
    pub dry_cooler: DryCooler,
}

impl Default for AirCooledParams {
    fn default() -> Self {
        AirCooledParams {
            electrical: Electrical::default(),
            crah: CrahLoop::default(),
            chiller: AirCooledChillerModel::default(),
            chilled_water_pump_pressure_pa: 171_900.0,
            chilled_water_pump_efficiency: 0.745,
            free_cooling: true,
            dry_cooler: DryCooler::default(),
        }
    }
}

impl AirCooledParams {
    fn cooling_terms(&self, heat: f64, amb: &Ambient) -> CoolingBreakdown {
        let mut b = CoolingBreakdown::default();
        let required = self.crah.run(heat, amb.pressure_pa, &mut b);
        let (t_sfw, t_rfw) = self.crah.water_temperatures_c();
        let f = if self.free_cooling {
            economiser_fraction(amb.t_db + self.dry_cooler.approach_c, t_sfw, t_rfw)
        } else {
            0.0
        };
        if f > 0.0 {
            b.heat_rejection_fans += self.dry_cooler.fans(f * required, amb);
        }
        b.chiller += (1.0 - f) * required / self.chiller.cop(amb.t_db, t_sfw);
        let m_chw = required / (CP_WATER_LEI * self.crah.delta_t_water_c);
        b.pumps += pump_kw(
            m_chw,
            self.chilled_water_pump_pressure_pa,
            self.chilled_water_pump_efficiency,
        );
        b.free_cooling_fraction = f;
        b
    }

    fn check_fields(&self, what: &str) -> Result<(), String> {
        self.electrical.validate(what)?;
        self.crah.validate(what)?;
        self.chiller.validate(what)?;
        check(
            what,
            "chilled_water_pump_pressure_pa",
            self.chilled_water_pump_pressure_pa,
            0.0,
            2e6,
        )?;
        check(
            what,
            "chilled_water_pump_efficiency",
            self.chilled_water_pump_efficiency,
            0.05,
            1.0,
        )?;
        self.dry_cooler.validate(what, "dry_cooler")
    }
}
