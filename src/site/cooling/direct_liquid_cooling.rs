//! `direct_liquid_cooling`: cold plates take `liquid_fraction` of the IT heat to warm
//! facility water (W32) cooled by dry coolers with adiabatic assist and an air-cooled trim
//! chiller; the rest goes to `air_side`, any other registered system.

use super::breakdown::{
    Ambient, CP_WATER_LEI, CoolingBreakdown, SECONDS_PER_HOUR, economiser_fraction, pump_kw,
};
use super::chiller_waterside_economizer::ChillerWaterSideEconomizer;
use super::components::{AirCooledChillerModel, DryCooler, Electrical, check};
use super::system::{CoolingModel, CoolingSystem, RegisteredCooling};
use crate::site::climate::psychro::{self, CP_DRY_AIR};
use serde::{Deserialize, Serialize};

impl CoolingModel for LiquidParams {
    fn electrical(&self) -> &Electrical {
        &self.electrical
    }

    fn breakdown(&self, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown {
        self.evaluate(amb, load_fraction)
    }

    /// Nested liquid cooling: the whole system's cooling terms scaled to `heat`.
    fn cooling(&self, heat: f64, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown {
        let mut whole = self.evaluate(amb, load_fraction);
        let own_heat = 1.0 + whole.ups_loss + whole.distribution_loss + whole.lighting;
        let s = heat / own_heat;
        whole.ups_loss = 0.0;
        whole.distribution_loss = 0.0;
        whole.lighting = 0.0;
        let mut b = CoolingBreakdown::default();
        b.add_cooling(&whole);
        for v in [
            &mut b.air_fans,
            &mut b.pumps,
            &mut b.chiller,
            &mut b.heat_rejection_fans,
            &mut b.evaporation_l_per_kwh,
            &mut b.blowdown_l_per_kwh,
            &mut b.drift_l_per_kwh,
            &mut b.humidification_l_per_kwh,
            &mut b.adiabatic_l_per_kwh,
        ] {
            *v *= s;
        }
        b.free_cooling_fraction = whole.free_cooling_fraction;
        b
    }

    fn validate(&self, what: &str) -> Result<(), String> {
        self.check_fields(what)
    }
}

impl RegisteredCooling for LiquidParams {
    const NAME: &'static str = "direct_liquid_cooling";
}

/// Parameters of direct liquid cooling (`direct_liquid_cooling`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LiquidParams {
    /// Electrical losses and lighting (those of `air_side` are ignored).
    pub electrical: Electrical,
    /// Share of the IT heat captured by the cold plates. Default 0.8 (GPU/CPU cold plates
    /// capture 70–85 % of a liquid-cooled AI server's heat; memory, NICs, drives and power
    /// supplies stay air-cooled; an assumption).
    pub liquid_fraction: f64,
    /// Facility-water supply temperature to the CDUs, °C. Default 32 (ASHRAE TC 9.9 liquid
    /// cooling class W32).
    pub facility_supply_c: f64,
    /// Facility-water temperature rise across the CDUs, K. Default 10 (an assumption).
    pub facility_range_c: f64,
    /// The dry coolers rejecting the liquid loop's heat.
    pub dry_cooler: DryCooler,
    /// Spray/pad pre-cooling of the dry coolers' inlet air when the dry-bulb is too high
    /// (a "hybrid" or adiabatic dry cooler). Default true.
    pub adiabatic_assist: bool,
    /// Saturation effectiveness of the pre-cooling pads. Default 0.8 (an assumption; pads are
    /// sold at 0.7–0.9).
    pub evaporative_effectiveness: f64,
    /// Facility-water pump pressure, Pa. Default 200 kPa (an assumption, close to Lei &
    /// Masanet's condenser pump).
    pub facility_pump_pressure_pa: f64,
    /// Facility-water pump efficiency. Default 0.7.
    pub facility_pump_efficiency: f64,
    /// CDU secondary-loop pump pressure, Pa. Default 150 kPa (an assumption).
    pub cdu_pump_pressure_pa: f64,
    /// CDU pump efficiency. Default 0.7.
    pub cdu_pump_efficiency: f64,
    /// Trim chillers making facility water when the dry coolers cannot.
    pub trim_chiller: AirCooledChillerModel,
    /// The system removing the rest of the heat (air-cooled parts, losses, lighting).
    /// Default: chiller with water-side economiser.
    pub air_side: CoolingSystem,
}

impl Default for LiquidParams {
    fn default() -> Self {
        LiquidParams {
            electrical: Electrical::default(),
            liquid_fraction: 0.8,
            facility_supply_c: 32.0,
            facility_range_c: 10.0,
            dry_cooler: DryCooler::default(),
            adiabatic_assist: true,
            evaporative_effectiveness: 0.8,
            facility_pump_pressure_pa: 200_000.0,
            facility_pump_efficiency: 0.7,
            cdu_pump_pressure_pa: 150_000.0,
            cdu_pump_efficiency: 0.7,
            trim_chiller: AirCooledChillerModel::default(),
            air_side: CoolingSystem::new(ChillerWaterSideEconomizer::default()),
        }
    }
}

impl LiquidParams {
    fn evaluate(&self, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown {
        let mut b = CoolingBreakdown::default();
        let heat = self.electrical.apply(&mut b);
        let liquid = self.liquid_fraction.min(heat);
        let air = heat - liquid;
        // Liquid loop: pumps, dry coolers, adiabatic pre-cooling, trim chiller.
        let m = liquid / (CP_WATER_LEI * self.facility_range_c);
        b.pumps += pump_kw(
            m,
            self.facility_pump_pressure_pa,
            self.facility_pump_efficiency,
        ) + pump_kw(m, self.cdu_pump_pressure_pa, self.cdu_pump_efficiency);
        let t_supply = self.facility_supply_c;
        let mut t_inlet = amb.t_db;
        if self.adiabatic_assist && amb.t_db + self.dry_cooler.approach_c > t_supply {
            let t_target = t_supply - self.dry_cooler.approach_c;
            let t_reach = amb.t_db - self.evaporative_effectiveness * (amb.t_db - amb.t_wb);
            t_inlet = t_target.max(t_reach).min(amb.t_db);
            let m_air = liquid / (CP_DRY_AIR * self.dry_cooler.air_delta_t_c);
            let water = m_air * CP_DRY_AIR * (amb.t_db - t_inlet)
                / psychro::latent_heat_kj_per_kg(amb.t_wb);
            b.adiabatic_l_per_kwh += water * SECONDS_PER_HOUR;
        }
        let f = economiser_fraction(
            t_inlet + self.dry_cooler.approach_c,
            t_supply,
            t_supply + self.facility_range_c,
        );
        b.heat_rejection_fans += self.dry_cooler.fans(liquid, amb);
        b.chiller += (1.0 - f) * liquid / self.trim_chiller.cop(amb.t_db, t_supply);
        // Air side.
        let air_parts = self.air_side.cooling(air, amb, load_fraction);
        b.add_cooling(&air_parts);
        b.free_cooling_fraction = if heat > 0.0 {
            (f * liquid + air_parts.free_cooling_fraction * air) / heat
        } else {
            1.0
        };
        b
    }

    fn check_fields(&self, what: &str) -> Result<(), String> {
        self.electrical.validate(what)?;
        check(what, "liquid_fraction", self.liquid_fraction, 0.0, 1.0)?;
        check(what, "facility_supply_c", self.facility_supply_c, 5.0, 60.0)?;
        check(what, "facility_range_c", self.facility_range_c, 0.5, 30.0)?;
        self.dry_cooler.validate(what, "dry_cooler")?;
        check(
            what,
            "evaporative_effectiveness",
            self.evaporative_effectiveness,
            0.0,
            1.0,
        )?;
        check(
            what,
            "facility_pump_pressure_pa",
            self.facility_pump_pressure_pa,
            0.0,
            2e6,
        )?;
        check(
            what,
            "facility_pump_efficiency",
            self.facility_pump_efficiency,
            0.05,
            1.0,
        )?;
        check(
            what,
            "cdu_pump_pressure_pa",
            self.cdu_pump_pressure_pa,
            0.0,
            2e6,
        )?;
        check(
            what,
            "cdu_pump_efficiency",
            self.cdu_pump_efficiency,
            0.05,
            1.0,
        )?;
        self.trim_chiller.validate(what)?;
        if self.air_side.name() == <Self as RegisteredCooling>::NAME {
            return Err(format!(
                "cooling `{what}`: air_side cannot itself be direct_liquid_cooling"
            ));
        }
        self.air_side.validate()
    }
}
