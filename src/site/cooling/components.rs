//! Parts that several cooling systems share: electrical losses, air handlers (CRAHs), the
//! water-cooled chiller plant with its cooling tower, the air-cooled chiller model and dry
//! coolers. Each validates its own fields; errors name the system and the field.

use super::breakdown::{
    Ambient, CP_AIR_LEI, CP_WATER_LEI, CoolingBreakdown, MIN_CHILLER_PART_LOAD, SECONDS_PER_HOUR,
    cop_lei_masanet, fan_kw, pump_kw,
};
use crate::site::climate::psychro::{self, CP_DRY_AIR};
use serde::{Deserialize, Serialize};

/// Electrical losses between the grid and the IT equipment, and lighting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Electrical {
    /// UPS efficiency. Default 0.98: Lei & Masanet's hyperscale example (0.980; large-site
    /// range 0.90–0.99), typical of modern double-conversion UPS in high-efficiency mode.
    pub ups_efficiency: f64,
    /// Loss share of transformers and distribution. Default 0.0056 (Lei & Masanet example;
    /// large-site range 0–2 %).
    pub distribution_loss_fraction: f64,
    /// Lighting power as a share of IT power. Default 0.0018 (Lei & Masanet example).
    pub lighting_fraction: f64,
}

impl Default for Electrical {
    fn default() -> Self {
        Electrical {
            ups_efficiency: 0.98,
            distribution_loss_fraction: 0.0056,
            lighting_fraction: 0.0018,
        }
    }
}

impl Electrical {
    /// Fills the electrical terms of `b` and returns the heat they and the IT load release
    /// indoors, kW per kW IT.
    pub fn apply(&self, b: &mut CoolingBreakdown) -> f64 {
        b.ups_loss = 1.0 / self.ups_efficiency - 1.0;
        b.distribution_loss = 1.0 / (1.0 - self.distribution_loss_fraction) - 1.0;
        b.lighting = self.lighting_fraction;
        1.0 + b.ups_loss + b.distribution_loss + b.lighting
    }

    pub(super) fn validate(&self, what: &str) -> Result<(), String> {
        check(
            what,
            "electrical.ups_efficiency",
            self.ups_efficiency,
            0.5,
            1.0,
        )?;
        check(
            what,
            "electrical.distribution_loss_fraction",
            self.distribution_loss_fraction,
            0.0,
            0.5,
        )?;
        check(
            what,
            "electrical.lighting_fraction",
            self.lighting_fraction,
            0.0,
            0.5,
        )
    }
}

pub(super) fn check(what: &str, field: &str, v: f64, lo: f64, hi: f64) -> Result<(), String> {
    if !v.is_finite() || v < lo || v > hi {
        return Err(format!(
            "cooling `{what}`: {field} = {v}; expected a number in [{lo}, {hi}]"
        ));
    }
    Ok(())
}

/// Computer-room air handlers (CRAH) with chilled- or facility-water coils.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CrahLoop {
    /// Supply-air temperature, °C. Default 27.4 (Lei & Masanet hyperscale WEC example 27.37;
    /// the top of ASHRAE's recommended 18–27 °C inlet envelope).
    pub supply_air_c: f64,
    /// Air temperature rise across the IT equipment, K. Default 18.9 (Lei & Masanet example;
    /// large-site range 13.9–19.4).
    pub delta_t_air_c: f64,
    /// CRAH fan pressure rise, Pa. Default 417 (Lei & Masanet example; range 300–700).
    pub fan_pressure_pa: f64,
    /// CRAH fan efficiency. Default 0.714 (Lei & Masanet example; range 0.65–0.9).
    pub fan_efficiency: f64,
    /// Coil heat-exchange effectiveness (HTE). Default 0.817 (Lei & Masanet example; 0.7–0.9).
    pub coil_effectiveness: f64,
    /// Water temperature rise through the coils, K. Default 7.5 (Lei & Masanet example; 5–10).
    pub delta_t_water_c: f64,
    /// Sensible heat ratio of the coil load: the rest is latent (condensation) and is
    /// replaced by humidification water. Default 0.986 (Lei & Masanet example; 0.95–0.99).
    pub sensible_heat_ratio: f64,
    /// Humidifier (high-pressure atomising) pump pressure, Pa. Default 6.5 MPa (Lei & Masanet example).
    pub humidifier_pump_pressure_pa: f64,
    /// Humidifier pump efficiency. Default 0.674 (Lei & Masanet example).
    pub humidifier_pump_efficiency: f64,
}

impl Default for CrahLoop {
    fn default() -> Self {
        CrahLoop {
            supply_air_c: 27.4,
            delta_t_air_c: 18.9,
            fan_pressure_pa: 417.0,
            fan_efficiency: 0.714,
            coil_effectiveness: 0.817,
            delta_t_water_c: 7.5,
            sensible_heat_ratio: 0.986,
            humidifier_pump_pressure_pa: 6.5e6,
            humidifier_pump_efficiency: 0.674,
        }
    }
}

impl CrahLoop {
    /// Facility (chilled) water supply and return temperatures, °C (Lei & Masanet
    /// `T_supplywater`): `T_sfw = T_ra − (T_ra − T_sa)/HTE`, `T_rfw = T_sfw + ΔT_water`.
    pub fn water_temperatures_c(&self) -> (f64, f64) {
        let t_ra = self.supply_air_c + self.delta_t_air_c;
        let t_sfw = t_ra - (t_ra - self.supply_air_c) / self.coil_effectiveness;
        (t_sfw, t_sfw + self.delta_t_water_c)
    }

    /// Fans, humidifier water and pump for sensible heat `heat` (kW per kW IT) in a hall
    /// at barometric pressure `pressure_pa`; returns the coil load including the latent part.
    pub(super) fn run(&self, heat: f64, pressure_pa: f64, b: &mut CoolingBreakdown) -> f64 {
        let m_sa = heat / (CP_AIR_LEI * self.delta_t_air_c);
        let density = psychro::air_density_kg_m3(self.supply_air_c, pressure_pa);
        b.air_fans += fan_kw(m_sa, density, self.fan_pressure_pa, self.fan_efficiency);
        let latent = heat / self.sensible_heat_ratio - heat;
        let (t_sfw, t_rfw) = self.water_temperatures_c();
        let humidifier = latent / psychro::latent_heat_kj_per_kg(0.5 * (t_sfw + t_rfw));
        b.humidification_l_per_kwh += humidifier * SECONDS_PER_HOUR;
        b.pumps += pump_kw(
            humidifier,
            self.humidifier_pump_pressure_pa,
            self.humidifier_pump_efficiency,
        );
        heat + latent
    }

    pub(super) fn validate(&self, what: &str) -> Result<(), String> {
        check(what, "crah.supply_air_c", self.supply_air_c, 5.0, 45.0)?;
        check(what, "crah.delta_t_air_c", self.delta_t_air_c, 1.0, 40.0)?;
        check(
            what,
            "crah.fan_pressure_pa",
            self.fan_pressure_pa,
            0.0,
            5_000.0,
        )?;
        check(what, "crah.fan_efficiency", self.fan_efficiency, 0.05, 1.0)?;
        check(
            what,
            "crah.coil_effectiveness",
            self.coil_effectiveness,
            0.1,
            1.0,
        )?;
        check(
            what,
            "crah.delta_t_water_c",
            self.delta_t_water_c,
            0.5,
            30.0,
        )?;
        check(
            what,
            "crah.sensible_heat_ratio",
            self.sensible_heat_ratio,
            0.5,
            1.0,
        )?;
        check(
            what,
            "crah.humidifier_pump_pressure_pa",
            self.humidifier_pump_pressure_pa,
            0.0,
            2e7,
        )?;
        check(
            what,
            "crah.humidifier_pump_efficiency",
            self.humidifier_pump_efficiency,
            0.05,
            1.0,
        )
    }
}

/// A water-cooled chiller plant: chillers, chilled-water pumps, and an open cooling tower with
/// its pumps and fans.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WaterCooledPlant {
    /// Tower approach (cold-water minus wet-bulb), K. Default 6.5 (Lei & Masanet example
    /// 6.51; range 2.8–6.7).
    pub tower_approach_c: f64,
    /// Tower range (hot minus cold water), K. Default 4.14 (Lei & Masanet example; range 4–6).
    pub tower_range_c: f64,
    /// Tower water-to-air mass ratio L/G. Default 1.12 (Lei & Masanet example 1.119).
    pub liquid_to_gas_ratio: f64,
    /// Tower fan pressure, Pa. Default 148 (Lei & Masanet example).
    pub tower_fan_pressure_pa: f64,
    /// Tower fan efficiency. Default 0.746 (Lei & Masanet example).
    pub tower_fan_efficiency: f64,
    /// Condenser (tower) water pump pressure, Pa. Default 210.5 kPa (Lei & Masanet example).
    pub tower_pump_pressure_pa: f64,
    /// Condenser water pump efficiency. Default 0.71 (Lei & Masanet example).
    pub tower_pump_efficiency: f64,
    /// Chilled-water pump pressure, Pa. Default 171.9 kPa (Lei & Masanet example).
    pub chilled_water_pump_pressure_pa: f64,
    /// Chilled-water pump efficiency. Default 0.745 (Lei & Masanet example).
    pub chilled_water_pump_efficiency: f64,
    /// Relative deviation of the chiller COP from the regression. Default 0 (the regression
    /// mean; Lei & Masanet's large-site range is ±11 %, midsize −40…0 %).
    pub cop_relative_error: f64,
    /// Chiller plant capacity over the design heat load at full IT load. The chiller
    /// part-load ratio is `L·(1 − f)/margin`, clamped to [0.2, 1], where L is the IT load
    /// fraction and f the economiser share. Default 1.25 (an N+1 plant of four duty chillers
    /// all sharing the load: an assumption; at L = 0.7 it gives 0.56, inside Lei & Masanet's
    /// large-site part-load range 0.2–0.8).
    pub capacity_margin: f64,
    /// Lowest condenser-water temperature the COP regression is evaluated at, °C. Default
    /// 12.8 (55 °F): centrifugal chillers commonly need at least this much entering condenser
    /// water, so towers throttle to hold it (manufacturer guidance; an assumption here). It also
    /// keeps the regression from extrapolating to very cold water.
    pub min_condenser_water_c: f64,
    /// Highest condenser-water temperature the regression is evaluated at, °C. Default 35:
    /// the regression's minimum lies near 40 °C and it rises (non-physically) beyond; 35 °C
    /// is about the hottest hour of the Dallas file (wet-bulb 28.0 °C) plus the 6.5 K approach.
    pub max_condenser_water_c: f64,
    /// Cycles of concentration S of the tower water. Default 6 (the default of Li et al. 2023;
    /// Lei & Masanet's range is 3–15).
    pub cycles_of_concentration: f64,
    /// Drift (windage) loss as a share of tower water flow. Default 5e-5 (0.005 %: the low end
    /// of Lei & Masanet's 0.005–0.5 % range, what modern drift eliminators are sold to achieve).
    pub drift_fraction: f64,
    /// Share of the rejected heat that leaves as latent heat of evaporation, if fixed.
    /// Default: none, evaporation from the air-side balance of the tower (saturated exhaust,
    /// [`tower_evaporation_kg_s`]). `1` is Lei & Masanet's `Q_rej/h_fg` (all heat evaporates),
    /// which their published bands assume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latent_fraction: Option<f64>,
}

/// Water evaporated by an open cooling tower, kg/s, rejecting `rejected_kw` into `air_kg_s` of
/// outdoor air at state `amb`, by the saturated-exit air-side balance (EnergyPlus
/// "SaturatedExit", the default of its towers): the exhaust leaves saturated at the enthalpy
/// `h_out = h_in + Q/m_air`, so `m_evap = m_air·(w_sat(T_out) − w_in)` with `T_out` the
/// saturation temperature of `h_out`. Cold humid air then takes part of the heat as sensible
/// heat (a share of latent heat below 1); hot dry air gives sensible heat to the water and
/// evaporates more than the heat load (above 1).
pub fn tower_evaporation_kg_s(rejected_kw: f64, air_kg_s: f64, amb: &Ambient) -> f64 {
    if rejected_kw <= 0.0 || air_kg_s <= 0.0 {
        return 0.0;
    }
    let h_out = amb.h + rejected_kw / air_kg_s;
    let t_out = psychro::saturation_temperature_at_enthalpy_c(h_out, amb.pressure_pa);
    let w_out = psychro::saturation_humidity_ratio(t_out, amb.pressure_pa);
    (air_kg_s * (w_out - amb.w)).max(0.0)
}

impl Default for WaterCooledPlant {
    fn default() -> Self {
        WaterCooledPlant {
            tower_approach_c: 6.5,
            tower_range_c: 4.14,
            liquid_to_gas_ratio: 1.12,
            tower_fan_pressure_pa: 148.0,
            tower_fan_efficiency: 0.746,
            tower_pump_pressure_pa: 210_500.0,
            tower_pump_efficiency: 0.71,
            chilled_water_pump_pressure_pa: 171_900.0,
            chilled_water_pump_efficiency: 0.745,
            cop_relative_error: 0.0,
            capacity_margin: 1.25,
            min_condenser_water_c: 12.8,
            max_condenser_water_c: 35.0,
            cycles_of_concentration: 6.0,
            drift_fraction: 5e-5,
            latent_fraction: None,
        }
    }
}

impl WaterCooledPlant {
    /// Chiller COP at part-load ratio `plr` and wet-bulb `t_wb_c`: the Lei & Masanet
    /// regression at the clamped condenser-water temperature `T_wb + approach`.
    pub fn cop(&self, plr: f64, t_wb_c: f64) -> f64 {
        let t = (t_wb_c + self.tower_approach_c)
            .clamp(self.min_condenser_water_c, self.max_condenser_water_c);
        cop_lei_masanet(plr, t) * (1.0 + self.cop_relative_error)
    }

    /// Runs the plant: `chiller_heat` passes through the chillers, `free_heat` goes straight to
    /// the tower through an economiser heat exchanger (kW per kW IT); `design_load_share` is
    /// the IT load fraction times the share of the design load the chillers carry. Fills
    /// chiller, pumps, tower fan and water.
    pub(super) fn run(
        &self,
        chiller_heat: f64,
        free_heat: f64,
        design_load_share: f64,
        delta_t_chilled_water_c: f64,
        amb: &Ambient,
        b: &mut CoolingBreakdown,
    ) {
        let mut p_chiller = 0.0;
        if chiller_heat > 0.0 {
            let plr = (design_load_share / self.capacity_margin).clamp(MIN_CHILLER_PART_LOAD, 1.0);
            p_chiller = chiller_heat / self.cop(plr, amb.t_wb);
            let m_chw = chiller_heat / (CP_WATER_LEI * delta_t_chilled_water_c);
            b.pumps += pump_kw(
                m_chw,
                self.chilled_water_pump_pressure_pa,
                self.chilled_water_pump_efficiency,
            );
        }
        b.chiller += p_chiller;
        let rejected = chiller_heat + free_heat + p_chiller;
        if rejected <= 0.0 {
            return;
        }
        let m_tower = rejected / (CP_WATER_LEI * self.tower_range_c);
        b.pumps += pump_kw(
            m_tower,
            self.tower_pump_pressure_pa,
            self.tower_pump_efficiency,
        );
        let m_air = m_tower / self.liquid_to_gas_ratio;
        b.heat_rejection_fans += fan_kw(
            m_air,
            amb.density,
            self.tower_fan_pressure_pa,
            self.tower_fan_efficiency,
        );
        let evaporation = SECONDS_PER_HOUR
            * match self.latent_fraction {
                Some(share) => {
                    let t_water = amb.t_wb + self.tower_approach_c + 0.5 * self.tower_range_c;
                    share * rejected / psychro::latent_heat_kj_per_kg(t_water)
                }
                None => tower_evaporation_kg_s(rejected, m_air, amb),
            };
        b.evaporation_l_per_kwh += evaporation;
        b.blowdown_l_per_kwh += evaporation / (self.cycles_of_concentration - 1.0);
        b.drift_l_per_kwh += self.drift_fraction * m_tower * SECONDS_PER_HOUR;
    }

    pub(super) fn validate(&self, what: &str) -> Result<(), String> {
        check(
            what,
            "plant.tower_approach_c",
            self.tower_approach_c,
            0.0,
            20.0,
        )?;
        check(what, "plant.tower_range_c", self.tower_range_c, 0.5, 20.0)?;
        check(
            what,
            "plant.liquid_to_gas_ratio",
            self.liquid_to_gas_ratio,
            0.1,
            10.0,
        )?;
        check(
            what,
            "plant.tower_fan_pressure_pa",
            self.tower_fan_pressure_pa,
            0.0,
            5_000.0,
        )?;
        check(
            what,
            "plant.tower_fan_efficiency",
            self.tower_fan_efficiency,
            0.05,
            1.0,
        )?;
        check(
            what,
            "plant.tower_pump_pressure_pa",
            self.tower_pump_pressure_pa,
            0.0,
            2e6,
        )?;
        check(
            what,
            "plant.tower_pump_efficiency",
            self.tower_pump_efficiency,
            0.05,
            1.0,
        )?;
        check(
            what,
            "plant.chilled_water_pump_pressure_pa",
            self.chilled_water_pump_pressure_pa,
            0.0,
            2e6,
        )?;
        check(
            what,
            "plant.chilled_water_pump_efficiency",
            self.chilled_water_pump_efficiency,
            0.05,
            1.0,
        )?;
        check(
            what,
            "plant.cop_relative_error",
            self.cop_relative_error,
            -0.9,
            1.0,
        )?;
        check(
            what,
            "plant.capacity_margin",
            self.capacity_margin,
            0.5,
            5.0,
        )?;
        check(
            what,
            "plant.min_condenser_water_c",
            self.min_condenser_water_c,
            -10.0,
            40.0,
        )?;
        check(
            what,
            "plant.max_condenser_water_c",
            self.max_condenser_water_c,
            self.min_condenser_water_c,
            40.0,
        )?;
        check(
            what,
            "plant.cycles_of_concentration",
            self.cycles_of_concentration,
            1.01,
            100.0,
        )?;
        check(what, "plant.drift_fraction", self.drift_fraction, 0.0, 0.05)?;
        if let Some(share) = self.latent_fraction {
            check(what, "plant.latent_fraction", share, 0.0, 2.0)?;
        }
        Ok(())
    }
}

/// COP model of an air-cooled (vapour-compression) chiller versus outdoor dry-bulb.
///
/// No published regression for it is in the reference notes, so this is a stated
/// assumption: a constant fraction of the Carnot COP between an evaporating temperature
/// `T_chw − evaporator_approach` and a condensing temperature `T_db + condenser_approach`,
/// with the fraction calibrated so that the chiller meets a rating point (by default the
/// ASHRAE 90.1-2019 minimum full-load efficiency of air-cooled chillers, 10.1 EER = 2.96
/// COP at AHRI 550/590 conditions: 35 °C entering air, 6.7 °C leaving chilled water).
/// Floating head-pressure control lets the condensing temperature follow the outdoor air down
/// to a floor, `min_condensing_c`, and the compressor keeps a smallest lift `min_lift_k`; both
/// cap the COP in cold weather. COP falls monotonically with dry-bulb. Condenser fans are
/// inside the COP.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AirCooledChillerModel {
    /// Rated COP. Default 2.96 (ASHRAE 90.1-2019 minimum, 10.1 EER; from memory, not re-read).
    pub rated_cop: f64,
    /// Entering-air temperature of the rating, °C. Default 35 (AHRI 550/590).
    pub rated_ambient_c: f64,
    /// Leaving chilled-water temperature of the rating, °C. Default 6.7 (AHRI 550/590).
    pub rated_chilled_water_c: f64,
    /// Condensing temperature minus entering air temperature, K. Default 15 (typical
    /// air-cooled condenser design temperature difference; an assumption).
    pub condenser_approach_c: f64,
    /// Leaving chilled water minus evaporating temperature, K. Default 3 (an assumption).
    pub evaporator_approach_c: f64,
    /// Lowest condensing temperature, °C, that floating head-pressure control allows.
    /// Default 21 (70 °F, the floor commonly quoted for floating head pressure with electronic
    /// expansion valves; an assumption from memory, not a read source).
    pub min_condensing_c: f64,
    /// Smallest condensing-minus-evaporating lift, K, the compressors need. Default 10 (an
    /// assumption: screw and scroll compressors need a minimum pressure ratio; it caps the COP
    /// at ≈ 14.5 for 23 °C chilled water). Before the floating floor the default was a fixed
    /// 20 K lift, which made every climate cooler than ≈ 25 °C look the same.
    pub min_lift_k: f64,
}

impl Default for AirCooledChillerModel {
    fn default() -> Self {
        AirCooledChillerModel {
            rated_cop: 2.96,
            rated_ambient_c: 35.0,
            rated_chilled_water_c: 6.7,
            condenser_approach_c: 15.0,
            evaporator_approach_c: 3.0,
            min_condensing_c: 21.0,
            min_lift_k: 10.0,
        }
    }
}

impl AirCooledChillerModel {
    pub(super) fn carnot(&self, t_db_c: f64, t_chw_c: f64) -> f64 {
        let t_evap = t_chw_c - self.evaporator_approach_c;
        let t_cond = (t_db_c + self.condenser_approach_c).max(self.min_condensing_c);
        let lift = (t_cond - t_evap).max(self.min_lift_k);
        (t_evap + 273.15) / lift
    }

    /// COP at outdoor dry-bulb `t_db_c` when making chilled water at `t_chw_c`.
    pub fn cop(&self, t_db_c: f64, t_chw_c: f64) -> f64 {
        let second_law =
            self.rated_cop / self.carnot(self.rated_ambient_c, self.rated_chilled_water_c);
        second_law * self.carnot(t_db_c, t_chw_c)
    }

    pub(super) fn validate(&self, what: &str) -> Result<(), String> {
        check(what, "chiller.rated_cop", self.rated_cop, 0.5, 20.0)?;
        check(
            what,
            "chiller.rated_ambient_c",
            self.rated_ambient_c,
            -20.0,
            60.0,
        )?;
        check(
            what,
            "chiller.rated_chilled_water_c",
            self.rated_chilled_water_c,
            -10.0,
            40.0,
        )?;
        check(
            what,
            "chiller.condenser_approach_c",
            self.condenser_approach_c,
            0.0,
            40.0,
        )?;
        check(
            what,
            "chiller.evaporator_approach_c",
            self.evaporator_approach_c,
            0.0,
            20.0,
        )?;
        check(
            what,
            "chiller.min_condensing_c",
            self.min_condensing_c,
            -20.0,
            60.0,
        )?;
        check(what, "chiller.min_lift_k", self.min_lift_k, 1.0, 80.0)
    }
}

/// A dry cooler (closed-circuit fluid cooler without spray, or a free-cooling coil).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DryCooler {
    /// Leaving fluid minus entering air temperature, K. Default 6 (dry coolers are
    /// selected at 5–10 K; an assumption).
    pub approach_c: f64,
    /// Air temperature rise across the coil, K. Default 10 (an assumption).
    pub air_delta_t_c: f64,
    /// Fan pressure, Pa. Default 150 (an assumption, of the order of a cooling-tower fan).
    pub fan_pressure_pa: f64,
    /// Fan efficiency. Default 0.6 (an assumption, axial fans with EC motors).
    pub fan_efficiency: f64,
}

impl Default for DryCooler {
    fn default() -> Self {
        DryCooler {
            approach_c: 6.0,
            air_delta_t_c: 10.0,
            fan_pressure_pa: 150.0,
            fan_efficiency: 0.6,
        }
    }
}

impl DryCooler {
    /// Fan power to reject `heat` kW at outdoor state `amb` (≈ 2 % of the heat by default,
    /// in the 1–3 % usually quoted for dry coolers, from memory).
    pub(super) fn fans(&self, heat: f64, amb: &Ambient) -> f64 {
        fan_kw(
            heat / (CP_DRY_AIR * self.air_delta_t_c),
            amb.density,
            self.fan_pressure_pa,
            self.fan_efficiency,
        )
    }

    pub(super) fn validate(&self, what: &str, prefix: &str) -> Result<(), String> {
        check(
            what,
            &format!("{prefix}.approach_c"),
            self.approach_c,
            0.0,
            30.0,
        )?;
        check(
            what,
            &format!("{prefix}.air_delta_t_c"),
            self.air_delta_t_c,
            0.5,
            40.0,
        )?;
        check(
            what,
            &format!("{prefix}.fan_pressure_pa"),
            self.fan_pressure_pa,
            0.0,
            5_000.0,
        )?;
        check(
            what,
            &format!("{prefix}.fan_efficiency"),
            self.fan_efficiency,
            0.05,
            1.0,
        )
    }
}
