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

use super::psychro::{self, CP_DRY_AIR, STANDARD_PRESSURE_PA};
use super::series::HourlySeries;
use super::weather::Weather;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Specific heat of liquid water used for water mass flows, kJ/(kg·K): the 4.2 of Lei &
/// Masanet's `m = Q/(4.2·ΔT)`.
const CP_WATER_LEI: f64 = 4.2;

/// Specific heat of air used for air mass flows, kJ/(kg·K): the 1.01 of Lei & Masanet's
/// `m_sa = Q/(1.01·ΔT_air)`.
const CP_AIR_LEI: f64 = 1.01;

/// Density of water for pump power, kg/m³ (Lei & Masanet pass 1000).
const WATER_DENSITY: f64 = 1_000.0;

/// Seconds per hour: converts kg/s per kW of IT into kg (= litres) per kWh of IT.
const SECONDS_PER_HOUR: f64 = 3_600.0;

/// Lowest chiller part-load ratio the COP regression is used at: Lei & Masanet's large-site
/// range for the chiller part-load factor is 0.2–0.8 (`app.py`); below 0.2 chillers cycle or
/// use hot-gas bypass and the regression is not meant for it.
const MIN_CHILLER_PART_LOAD: f64 = 0.2;

/// Outcome of a cooling evaluation: PUE and on-site WUE.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoolingPoint {
    /// Power usage effectiveness: facility power / IT power (≥ 1).
    pub pue: f64,
    /// On-site water consumed per kWh of IT energy, L/kWh (≥ 0).
    pub wue_l_per_kwh: f64,
}

/// Where the overhead goes, per kW of IT power (kW/kW) and per kWh of IT energy (L/kWh).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CoolingBreakdown {
    /// UPS conversion loss.
    pub ups_loss: f64,
    /// Transformer and distribution loss.
    pub distribution_loss: f64,
    /// Lighting.
    pub lighting: f64,
    /// Air-handler (CRAH/AHU) fans.
    pub air_fans: f64,
    /// All pumps (chilled/facility water, condenser water, economiser, CDU, humidifier).
    pub pumps: f64,
    /// Chiller compressors (air-cooled chillers: including their condenser fans).
    pub chiller: f64,
    /// Cooling-tower and dry-cooler fans.
    pub heat_rejection_fans: f64,
    /// Share of the heat removed without compressors (economiser, free cooling), 0–1.
    pub free_cooling_fraction: f64,
    /// Cooling-tower evaporation, L/kWh.
    pub evaporation_l_per_kwh: f64,
    /// Cooling-tower blowdown, L/kWh.
    pub blowdown_l_per_kwh: f64,
    /// Cooling-tower drift, L/kWh.
    pub drift_l_per_kwh: f64,
    /// Humidification make-up water, L/kWh.
    pub humidification_l_per_kwh: f64,
    /// Direct evaporative (adiabatic) cooling of supply air or of dry-cooler inlet air, L/kWh.
    pub adiabatic_l_per_kwh: f64,
}

impl CoolingBreakdown {
    /// PUE: one plus every power term.
    pub fn pue(&self) -> f64 {
        1.0 + self.ups_loss
            + self.distribution_loss
            + self.lighting
            + self.air_fans
            + self.pumps
            + self.chiller
            + self.heat_rejection_fans
    }

    /// WUE: the sum of the water terms, L/kWh.
    pub fn wue(&self) -> f64 {
        self.evaporation_l_per_kwh
            + self.blowdown_l_per_kwh
            + self.drift_l_per_kwh
            + self.humidification_l_per_kwh
            + self.adiabatic_l_per_kwh
    }

    /// PUE and WUE.
    pub fn point(&self) -> CoolingPoint {
        CoolingPoint {
            pue: self.pue(),
            wue_l_per_kwh: self.wue(),
        }
    }

    /// Adds the cooling terms (not the electrical ones) of `other`.
    fn add_cooling(&mut self, other: &CoolingBreakdown) {
        self.air_fans += other.air_fans;
        self.pumps += other.pumps;
        self.chiller += other.chiller;
        self.heat_rejection_fans += other.heat_rejection_fans;
        self.evaporation_l_per_kwh += other.evaporation_l_per_kwh;
        self.blowdown_l_per_kwh += other.blowdown_l_per_kwh;
        self.drift_l_per_kwh += other.drift_l_per_kwh;
        self.humidification_l_per_kwh += other.humidification_l_per_kwh;
        self.adiabatic_l_per_kwh += other.adiabatic_l_per_kwh;
    }
}

/// Lei & Masanet's water-cooled chiller COP regression (`COP_Chiller` in
/// `PUE_internalfunctions.ipynb`), with `load` the chiller part-load ratio and `t_c` the
/// condenser-water entering temperature (°C):
/// `COP = 16.798751 + 0.008840·t² − 8.528931·L² + 9.885294·L − 0.760621·t + 0.084615·L·t`.
///
/// At L = 0.5: t = 10 → 13.3, 15 → 10.8, 20 → 8.8, 25 → 7.2, 30 → 6.0. The quadratic has its
/// minimum near t = 40 °C and rises beyond, which is an extrapolation artefact; the systems
/// therefore clamp `t` (see [`WaterCooledPlant::max_condenser_water_c`]).
pub fn cop_lei_masanet(load: f64, t_c: f64) -> f64 {
    16.798_751 + 0.008_840 * t_c * t_c - 8.528_931 * load * load + 9.885_294 * load
        - 0.760_621 * t_c
        + 0.084_615 * load * t_c
}

/// Li et al. (2023, "Making AI Less Thirsty", official code `utils/dataloader.py`,
/// `load_direct_WUE`) regression of on-site WUE of a cooling tower without economiser, L/kWh:
/// `S/(S − 1)·(6e-5·Tw³ − 0.01·Tw² + 0.61·Tw − 10.4)` with Tw the wet-bulb in °F, clipped to
/// ≥ 0.05. Provided for comparison: it is an upper envelope of the mass-balance models here
/// (factors.md D.4).
pub fn wue_li2023(t_wb_c: f64, cycles_of_concentration: f64) -> f64 {
    let tw = t_wb_c * 9.0 / 5.0 + 32.0;
    let s = cycles_of_concentration;
    (s / (s - 1.0) * (6e-5 * tw.powi(3) - 0.01 * tw * tw + 0.61 * tw - 10.4)).max(0.05)
}

/// Share of the heat an economiser removes (Lei & Masanet `Water_heat_removed`): all of it when
/// the water it can make, `x`, is no warmer than the supply `t_supply_c`; a linear share while
/// `x` lies between supply and return; none once `x ≥ t_return_c`.
fn economiser_fraction(x: f64, t_supply_c: f64, t_return_c: f64) -> f64 {
    if x <= t_supply_c {
        1.0
    } else if x < t_return_c {
        (t_return_c - x) / (t_return_c - t_supply_c)
    } else {
        0.0
    }
}

fn fan_kw(mass_flow_kg_s: f64, density: f64, pressure_pa: f64, efficiency: f64) -> f64 {
    mass_flow_kg_s / density * pressure_pa / efficiency / 1_000.0
}

fn pump_kw(mass_flow_kg_s: f64, pressure_pa: f64, efficiency: f64) -> f64 {
    pressure_pa * mass_flow_kg_s / (1_000.0 * efficiency * WATER_DENSITY)
}

/// Outdoor air state used by the models (standard pressure).
#[derive(Clone, Copy, Debug)]
struct Ambient {
    t_db: f64,
    t_wb: f64,
    w: f64,
    h: f64,
    density: f64,
}

impl Ambient {
    fn new(t_db: f64, t_wb: f64, rh: f64) -> Self {
        let w = psychro::humidity_ratio(t_db, rh, STANDARD_PRESSURE_PA);
        Ambient {
            t_db,
            t_wb: t_wb.min(t_db),
            w,
            h: psychro::enthalpy_kj_per_kg(t_db, w),
            density: psychro::air_density_kg_m3(t_db, STANDARD_PRESSURE_PA),
        }
    }
}

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
    fn apply(&self, b: &mut CoolingBreakdown) -> f64 {
        b.ups_loss = 1.0 / self.ups_efficiency - 1.0;
        b.distribution_loss = 1.0 / (1.0 - self.distribution_loss_fraction) - 1.0;
        b.lighting = self.lighting_fraction;
        1.0 + b.ups_loss + b.distribution_loss + b.lighting
    }

    fn validate(&self, what: &str) -> Result<(), String> {
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

fn check(what: &str, field: &str, v: f64, lo: f64, hi: f64) -> Result<(), String> {
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

    /// Fans, humidifier water and pump for sensible heat `heat` (kW per kW IT); returns the
    /// coil load including the latent part.
    fn run(&self, heat: f64, b: &mut CoolingBreakdown) -> f64 {
        let m_sa = heat / (CP_AIR_LEI * self.delta_t_air_c);
        let density = psychro::air_density_kg_m3(self.supply_air_c, STANDARD_PRESSURE_PA);
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

    fn validate(&self, what: &str) -> Result<(), String> {
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
    fn run(
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
        b.heat_rejection_fans += fan_kw(
            m_tower / self.liquid_to_gas_ratio,
            amb.density,
            self.tower_fan_pressure_pa,
            self.tower_fan_efficiency,
        );
        let t_water = amb.t_wb + self.tower_approach_c + 0.5 * self.tower_range_c;
        let evaporation = rejected / psychro::latent_heat_kj_per_kg(t_water) * SECONDS_PER_HOUR;
        b.evaporation_l_per_kwh += evaporation;
        b.blowdown_l_per_kwh += evaporation / (self.cycles_of_concentration - 1.0);
        b.drift_l_per_kwh += self.drift_fraction * m_tower * SECONDS_PER_HOUR;
    }

    fn validate(&self, what: &str) -> Result<(), String> {
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
        check(what, "plant.drift_fraction", self.drift_fraction, 0.0, 0.05)
    }
}

/// Parameters of the chiller-based systems ([`CoolingSystem::WaterCooledChiller`] and
/// [`CoolingSystem::ChillerWaterSideEconomizer`], Lei & Masanet `PUE_WEC_Chiller`).
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

    fn evaluate(&self, economiser: bool, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown {
        let mut b = CoolingBreakdown::default();
        let heat = self.electrical.apply(&mut b);
        let parts = self.cooling(economiser, heat, amb, load_fraction);
        b.add_cooling(&parts);
        b.free_cooling_fraction = parts.free_cooling_fraction;
        b
    }

    /// Cooling terms for `heat` kW (per kW IT) of sensible heat.
    fn cooling(
        &self,
        economiser: bool,
        heat: f64,
        amb: &Ambient,
        load_fraction: f64,
    ) -> CoolingBreakdown {
        let mut b = CoolingBreakdown::default();
        let required = self.crah.run(heat, &mut b);
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

    fn validate(&self, what: &str) -> Result<(), String> {
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

/// Parameters of the air-side economiser with direct evaporative (adiabatic) assist and a
/// water-cooled trim chiller (Lei & Masanet `PUE_AE_Chiller`, restated; see
/// [`CoolingSystem::AirSideEconomizerAdiabatic`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AirsideParams {
    /// Electrical losses and lighting.
    pub electrical: Electrical,
    /// Lowest supply-air temperature, °C: colder outdoor air is mixed with return air up to it.
    /// Default 18 (the bottom of ASHRAE's recommended envelope and of Meta's published 18–30 °C
    /// operating range; Lei & Masanet's range 10–18).
    pub supply_air_min_c: f64,
    /// Highest supply-air temperature, °C. Default 30 (Meta's published upper bound; Lei &
    /// Masanet's large-site range 27–35).
    pub supply_air_max_c: f64,
    /// Highest supply-air relative humidity, %. Default 80 (Meta's published range 20–80 %;
    /// Lei & Masanet use 80 % in their "economiser usable" enthalpy threshold).
    pub supply_air_max_rh_pct: f64,
    /// Highest supply-air dew point, °C. Default 17 (the upper dew point of ASHRAE TC 9.9's
    /// "allowable" class A1 envelope, 2015 thermal guidelines; from memory). Without it an
    /// 80 % bound at 30 °C would admit 26 °C dew points, outside every ASHRAE class.
    pub supply_air_max_dew_point_c: f64,
    /// Lowest supply-air relative humidity, %: drier outdoor air is humidified. Default 20
    /// (Meta's lower bound; the 20 % at supply temperature hard-coded in Lei & Masanet's
    /// humidification test).
    pub supply_air_min_rh_pct: f64,
    /// Air temperature rise across the IT equipment, K. Default 14.8 (Lei & Masanet
    /// hyperscale AE example 14.78; range 13.9–19.4).
    pub delta_t_air_c: f64,
    /// Air-handler fan pressure, Pa. Default 685 (Lei & Masanet AE example; range 300–1000).
    pub fan_pressure_pa: f64,
    /// Air-handler fan efficiency. Default 0.83 (Lei & Masanet AE example; range 0.65–0.9).
    pub fan_efficiency: f64,
    /// Saturation effectiveness of the evaporative media, `(T_db − T_out)/(T_db − T_wb)`.
    /// Default 0.9 (rigid-media direct evaporative coolers are rated 0.8–0.95; an
    /// assumption, Lei & Masanet assume the target is always reached).
    pub evaporative_effectiveness: f64,
    /// Chilled-water temperature rise through the trim coil, K. Default 6.9 (Lei & Masanet AE
    /// example 6.92).
    pub delta_t_water_c: f64,
    /// The water-cooled trim chiller plant (used when outdoor air is too hot and humid).
    pub plant: WaterCooledPlant,
}

impl Default for AirsideParams {
    fn default() -> Self {
        AirsideParams {
            electrical: Electrical::default(),
            supply_air_min_c: 18.0,
            supply_air_max_c: 30.0,
            supply_air_max_rh_pct: 80.0,
            supply_air_max_dew_point_c: 17.0,
            supply_air_min_rh_pct: 20.0,
            delta_t_air_c: 14.8,
            fan_pressure_pa: 685.0,
            fan_efficiency: 0.83,
            evaporative_effectiveness: 0.9,
            delta_t_water_c: 6.9,
            plant: WaterCooledPlant {
                tower_approach_c: 6.34,
                tower_range_c: 4.29,
                ..WaterCooledPlant::default()
            },
        }
    }
}

impl AirsideParams {
    fn cooling(&self, heat: f64, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown {
        let mut b = CoolingBreakdown::default();
        let p = STANDARD_PRESSURE_PA;
        let m_sa = heat / (CP_AIR_LEI * self.delta_t_air_c);
        let sensible_per_kg = CP_AIR_LEI * self.delta_t_air_c;
        // Moistest acceptable supply air: the RH bound at the top temperature, or the dew-point
        // bound, whichever is drier; and its enthalpy at the top temperature.
        let w_limit =
            psychro::humidity_ratio(self.supply_air_max_c, self.supply_air_max_rh_pct, p).min(
                psychro::saturation_humidity_ratio(self.supply_air_max_dew_point_c, p),
            );
        let h_limit = psychro::enthalpy_kj_per_kg(self.supply_air_max_c, w_limit);
        // Outdoor air above the limit enthalpy can still be cooled by the coil down to it; it
        // helps while its enthalpy is below the return air's (Lei & Masanet's economiser
        // fraction m_oa·(E_ra − E_oa)/Q).
        let f_enthalpy = ((h_limit + sensible_per_kg - amb.h) / sensible_per_kg).clamp(0.0, 1.0);
        // Air moister than the limit must be dried on the coil: latent load m·Δw·h_fg.
        let f_dew =
            1.0 - ((amb.w - w_limit).max(0.0) * psychro::H_FG_0C / sensible_per_kg).clamp(0.0, 1.0);
        // Direct evaporative cooling reaches at best T_reach; above the supply limit the coil trims.
        let t_reach = amb.t_db - self.evaporative_effectiveness * (amb.t_db - amb.t_wb);
        let f_evaporative =
            1.0 - ((t_reach - self.supply_air_max_c) / self.delta_t_air_c).clamp(0.0, 1.0);
        let f = f_enthalpy.min(f_dew).min(f_evaporative);
        let t_supply = if f < 1.0 {
            self.supply_air_max_c
        } else {
            amb.t_db.clamp(self.supply_air_min_c, self.supply_air_max_c)
        };
        b.air_fans += fan_kw(
            m_sa,
            psychro::air_density_kg_m3(t_supply, p),
            self.fan_pressure_pa,
            self.fan_efficiency,
        );
        if f_enthalpy >= 1.0 && f_dew >= 1.0 {
            if amb.t_db > self.supply_air_max_c {
                // Adiabatic: along constant enthalpy down to the supply limit (or as far as the media reach).
                let t_out = t_reach.max(self.supply_air_max_c);
                let w_out = psychro::humidity_ratio_at_enthalpy(amb.h, t_out);
                b.adiabatic_l_per_kwh += m_sa * (w_out - amb.w).max(0.0) * SECONDS_PER_HOUR;
            } else {
                // Free air, mixed with return air below the lower supply limit; humidify the
                // outdoor share if it is drier than the lower humidity bound at supply temperature.
                let t_supply_air = amb.t_db.max(self.supply_air_min_c);
                let outdoor_share = if amb.t_db < self.supply_air_min_c {
                    let t_return = self.supply_air_min_c + self.delta_t_air_c;
                    (t_return - self.supply_air_min_c) / (t_return - amb.t_db)
                } else {
                    1.0
                };
                let w_min = psychro::humidity_ratio(t_supply_air, self.supply_air_min_rh_pct, p);
                b.humidification_l_per_kwh +=
                    m_sa * outdoor_share * (w_min - amb.w).max(0.0) * SECONDS_PER_HOUR;
            }
        }
        let coil = (1.0 - f) * heat;
        self.plant.run(
            coil,
            0.0,
            (1.0 - f) * load_fraction,
            self.delta_t_water_c,
            amb,
            &mut b,
        );
        b.free_cooling_fraction = f;
        b
    }

    fn validate(&self, what: &str) -> Result<(), String> {
        self.electrical.validate(what)?;
        check(what, "supply_air_min_c", self.supply_air_min_c, 0.0, 40.0)?;
        check(
            what,
            "supply_air_max_c",
            self.supply_air_max_c,
            self.supply_air_min_c,
            45.0,
        )?;
        check(
            what,
            "supply_air_max_rh_pct",
            self.supply_air_max_rh_pct,
            1.0,
            100.0,
        )?;
        check(
            what,
            "supply_air_max_dew_point_c",
            self.supply_air_max_dew_point_c,
            -20.0,
            self.supply_air_max_c,
        )?;
        check(
            what,
            "supply_air_min_rh_pct",
            self.supply_air_min_rh_pct,
            0.0,
            self.supply_air_max_rh_pct,
        )?;
        check(what, "delta_t_air_c", self.delta_t_air_c, 1.0, 40.0)?;
        check(what, "fan_pressure_pa", self.fan_pressure_pa, 0.0, 5_000.0)?;
        check(what, "fan_efficiency", self.fan_efficiency, 0.05, 1.0)?;
        check(
            what,
            "evaporative_effectiveness",
            self.evaporative_effectiveness,
            0.0,
            1.0,
        )?;
        check(what, "delta_t_water_c", self.delta_t_water_c, 0.5, 30.0)?;
        self.plant.validate(what)
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
/// Head-pressure control keeps the lift at or above `min_lift_k`, which caps the COP in cold
/// weather. COP falls monotonically with dry-bulb. Condenser fans are inside the COP.
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
    /// Smallest condensing-minus-evaporating lift, K, held by head-pressure control. Default
    /// 20 (an assumption; it caps the COP at ≈ 7 for 20 °C chilled water).
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
            min_lift_k: 20.0,
        }
    }
}

impl AirCooledChillerModel {
    fn carnot(&self, t_db_c: f64, t_chw_c: f64) -> f64 {
        let t_evap = t_chw_c - self.evaporator_approach_c;
        let lift = (t_db_c + self.condenser_approach_c - t_evap).max(self.min_lift_k);
        (t_evap + 273.15) / lift
    }

    /// COP at outdoor dry-bulb `t_db_c` when making chilled water at `t_chw_c`.
    pub fn cop(&self, t_db_c: f64, t_chw_c: f64) -> f64 {
        let second_law =
            self.rated_cop / self.carnot(self.rated_ambient_c, self.rated_chilled_water_c);
        second_law * self.carnot(t_db_c, t_chw_c)
    }

    fn validate(&self, what: &str) -> Result<(), String> {
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
    fn fans(&self, heat: f64, amb: &Ambient) -> f64 {
        fan_kw(
            heat / (CP_DRY_AIR * self.air_delta_t_c),
            amb.density,
            self.fan_pressure_pa,
            self.fan_efficiency,
        )
    }

    fn validate(&self, what: &str, prefix: &str) -> Result<(), String> {
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

/// Parameters of the air-cooled chiller system ([`CoolingSystem::AirCooledChiller`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AirCooledParams {
    /// Electrical losses and lighting.
    pub electrical: Electrical,
    /// Air handlers (their water temperatures are the chilled-water temperatures).
    pub crah: CrahLoop,
    /// The chillers' COP model.
    pub chiller: AirCooledChillerModel,
    /// Chilled-water pump pressure, Pa. Default 171.9 kPa (as [`WaterCooledPlant`]).
    pub chilled_water_pump_pressure_pa: f64,
    /// Chilled-water pump efficiency. Default 0.745.
    pub chilled_water_pump_efficiency: f64,
    /// Integrated free-cooling coil (dry cooler) ahead of the chillers. Default false (the
    /// plain air-cooled chiller of Lei & Masanet's comparison rows).
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
            free_cooling: false,
            dry_cooler: DryCooler::default(),
        }
    }
}

impl AirCooledParams {
    fn cooling(&self, heat: f64, amb: &Ambient) -> CoolingBreakdown {
        let mut b = CoolingBreakdown::default();
        let required = self.crah.run(heat, &mut b);
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

    fn validate(&self, what: &str) -> Result<(), String> {
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

/// Parameters of direct liquid cooling ([`CoolingSystem::DirectLiquidCooling`]).
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
    pub air_side: Box<CoolingSystem>,
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
            air_side: Box::new(CoolingSystem::ChillerWaterSideEconomizer(
                ChillerParams::large_site(),
            )),
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

    fn validate(&self, what: &str) -> Result<(), String> {
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
        if matches!(*self.air_side, CoolingSystem::DirectLiquidCooling(_)) {
            return Err(format!(
                "cooling `{what}`: air_side cannot itself be direct_liquid_cooling"
            ));
        }
        self.air_side.validate()
    }
}

/// A cooling system with its parameters.
///
/// Systems (names as in [`CoolingSystem::by_name`]):
/// - `water_cooled_chiller`: CRAHs on chilled water from water-cooled chillers and a cooling
///   tower, no economiser. The chiller COP follows the wet-bulb.
/// - `chiller_waterside_economizer`: the same plant with a plate heat exchanger that lets the
///   tower make the facility water directly when the wet-bulb is low enough (fully, partly or
///   not, Lei & Masanet `Water_heat_removed`); the tower evaporates water in both modes.
/// - `airside_economizer_adiabatic`: outdoor air supplied directly when its enthalpy allows,
///   direct evaporative (adiabatic) cooling when it is too hot, humidification when too dry,
///   and a water-cooled trim chiller (chosen to match Lei & Masanet's `PUE_AE_Chiller`) when
///   outdoor air is too hot and humid.
/// - `air_cooled_chiller`: CRAHs on chilled water from air-cooled chillers; no cooling tower
///   (the only water is the humidifier make-up for the coil latent load).
/// - `direct_liquid_cooling`: cold plates take `liquid_fraction` of the IT heat to warm
///   facility water (W32) cooled by dry coolers with adiabatic assist and an air-cooled trim
///   chiller; the rest goes to `air_side`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum CoolingSystem {
    /// Water-cooled chiller and cooling tower, no economiser.
    #[serde(rename = "water_cooled_chiller")]
    WaterCooledChiller(ChillerParams),
    /// Water-cooled chiller and cooling tower with a water-side economiser.
    #[serde(rename = "chiller_waterside_economizer")]
    ChillerWaterSideEconomizer(ChillerParams),
    /// Air-side economiser with adiabatic assist and a water-cooled trim chiller.
    #[serde(rename = "airside_economizer_adiabatic")]
    AirSideEconomizerAdiabatic(AirsideParams),
    /// Air-cooled chiller.
    #[serde(rename = "air_cooled_chiller")]
    AirCooledChiller(AirCooledParams),
    /// Direct liquid cooling with dry coolers, plus an air-side system for the rest.
    #[serde(rename = "direct_liquid_cooling")]
    DirectLiquidCooling(LiquidParams),
}

/// Names of the systems, in the order of [`CoolingSystem`].
const NAMES: [&str; 5] = [
    "water_cooled_chiller",
    "chiller_waterside_economizer",
    "airside_economizer_adiabatic",
    "air_cooled_chiller",
    "direct_liquid_cooling",
];

/// Names accepted by [`by_name`].
pub fn names() -> &'static [&'static str] {
    &NAMES
}

/// The system called `name` with large-site defaults, if the name is known.
pub fn by_name(name: &str) -> Option<CoolingSystem> {
    CoolingSystem::by_name(name)
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
    /// Names accepted by [`CoolingSystem::by_name`].
    pub fn names() -> &'static [&'static str] {
        &NAMES
    }

    /// The system called `name` (snake_case, see [`names`]) with large-site defaults.
    pub fn by_name(name: &str) -> Option<CoolingSystem> {
        Some(match name {
            "water_cooled_chiller" => {
                CoolingSystem::WaterCooledChiller(ChillerParams::large_site())
            }
            "chiller_waterside_economizer" => {
                CoolingSystem::ChillerWaterSideEconomizer(ChillerParams::large_site())
            }
            "airside_economizer_adiabatic" => {
                CoolingSystem::AirSideEconomizerAdiabatic(AirsideParams::default())
            }
            "air_cooled_chiller" => CoolingSystem::AirCooledChiller(AirCooledParams::default()),
            "direct_liquid_cooling" => CoolingSystem::DirectLiquidCooling(LiquidParams::default()),
            _ => return None,
        })
    }

    /// The system's name.
    pub fn name(&self) -> &'static str {
        match self {
            CoolingSystem::WaterCooledChiller(_) => NAMES[0],
            CoolingSystem::ChillerWaterSideEconomizer(_) => NAMES[1],
            CoolingSystem::AirSideEconomizerAdiabatic(_) => NAMES[2],
            CoolingSystem::AirCooledChiller(_) => NAMES[3],
            CoolingSystem::DirectLiquidCooling(_) => NAMES[4],
        }
    }

    /// Checks every parameter (finite and within a physically meaningful range); errors name
    /// the system and the field.
    pub fn validate(&self) -> Result<(), String> {
        let what = self.name();
        match self {
            CoolingSystem::WaterCooledChiller(p) | CoolingSystem::ChillerWaterSideEconomizer(p) => {
                p.validate(what)
            }
            CoolingSystem::AirSideEconomizerAdiabatic(p) => p.validate(what),
            CoolingSystem::AirCooledChiller(p) => p.validate(what),
            CoolingSystem::DirectLiquidCooling(p) => p.validate(what),
        }
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

    /// The terms behind [`CoolingSystem::evaluate`].
    pub fn breakdown(
        &self,
        t_db_c: f64,
        t_wb_c: f64,
        rh_pct: f64,
        load_fraction: f64,
    ) -> CoolingBreakdown {
        let amb = Ambient::new(t_db_c, t_wb_c, rh_pct);
        let load = load_fraction.clamp(0.0, 1.0);
        match self {
            CoolingSystem::WaterCooledChiller(p) => p.evaluate(false, &amb, load),
            CoolingSystem::ChillerWaterSideEconomizer(p) => p.evaluate(true, &amb, load),
            CoolingSystem::AirSideEconomizerAdiabatic(p) => {
                let mut b = CoolingBreakdown::default();
                let heat = p.electrical.apply(&mut b);
                let parts = p.cooling(heat, &amb, load);
                b.add_cooling(&parts);
                b.free_cooling_fraction = parts.free_cooling_fraction;
                b
            }
            CoolingSystem::AirCooledChiller(p) => {
                let mut b = CoolingBreakdown::default();
                let heat = p.electrical.apply(&mut b);
                let parts = p.cooling(heat, &amb);
                b.add_cooling(&parts);
                b.free_cooling_fraction = parts.free_cooling_fraction;
                b
            }
            CoolingSystem::DirectLiquidCooling(p) => p.evaluate(&amb, load),
        }
    }

    /// Cooling terms only, for `heat` kW (per kW IT) handed over by another system.
    fn cooling(&self, heat: f64, amb: &Ambient, load: f64) -> CoolingBreakdown {
        match self {
            CoolingSystem::WaterCooledChiller(p) => p.cooling(false, heat, amb, load),
            CoolingSystem::ChillerWaterSideEconomizer(p) => p.cooling(true, heat, amb, load),
            CoolingSystem::AirSideEconomizerAdiabatic(p) => p.cooling(heat, amb, load),
            CoolingSystem::AirCooledChiller(p) => p.cooling(heat, amb),
            CoolingSystem::DirectLiquidCooling(p) => {
                // Nested liquid cooling: scale the whole system's cooling terms to `heat`.
                let mut whole = p.evaluate(amb, load);
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
        }
    }

    /// Hourly points over a weather record at a constant IT load fraction.
    pub fn evaluate_weather(&self, weather: &Weather, load_fraction: f64) -> Vec<CoolingBreakdown> {
        (0..weather.len())
            .map(|i| {
                self.breakdown(
                    weather.dry_bulb_c[i],
                    weather.wet_bulb_c(i),
                    weather.relative_humidity_pct[i],
                    load_fraction,
                )
            })
            .collect()
    }

    /// Whole-record PUE (energy-weighted: facility energy over IT energy) and WUE (water over
    /// IT energy) at a constant IT load fraction.
    pub fn annual(&self, weather: &Weather, load_fraction: f64) -> AnnualCooling {
        annual_of(&self.evaluate_weather(weather, load_fraction))
    }

    /// Hourly PUE and WUE of a weather record whose wet-bulb temperatures are already known,
    /// from one evaluation per hour.
    pub fn hourly_series(
        &self,
        weather: &Weather,
        wet_bulb_c: &[f64],
        load_fraction: f64,
    ) -> (HourlySeries, HourlySeries) {
        let points: Vec<CoolingBreakdown> = (0..weather.len())
            .map(|i| {
                self.breakdown(
                    weather.dry_bulb_c[i],
                    wet_bulb_c[i],
                    weather.relative_humidity_pct[i],
                    load_fraction,
                )
            })
            .collect();
        let series = |f: fn(&CoolingBreakdown) -> f64| HourlySeries::Table {
            start_unix: weather.start_unix,
            values: Arc::new(points.iter().map(f).collect()),
        };
        (series(CoolingBreakdown::pue), series(CoolingBreakdown::wue))
    }

    /// Hourly PUE as an [`HourlySeries`] aligned with the weather record.
    pub fn pue_series(&self, weather: &Weather, load_fraction: f64) -> HourlySeries {
        let values = self
            .evaluate_weather(weather, load_fraction)
            .iter()
            .map(CoolingBreakdown::pue)
            .collect();
        HourlySeries::Table {
            start_unix: weather.start_unix,
            values: Arc::new(values),
        }
    }

    /// Hourly on-site WUE (L/kWh of IT energy) as an [`HourlySeries`] aligned with the weather.
    pub fn wue_series(&self, weather: &Weather, load_fraction: f64) -> HourlySeries {
        let values = self
            .evaluate_weather(weather, load_fraction)
            .iter()
            .map(CoolingBreakdown::wue)
            .collect();
        HourlySeries::Table {
            start_unix: weather.start_unix,
            values: Arc::new(values),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::weather::{read_open_meteo_json, reference_file_name, reference_weather_dir};
    use proptest::prelude::*;

    fn wb(t: f64, rh: f64) -> f64 {
        psychro::wet_bulb_c(t, rh, STANDARD_PRESSURE_PA)
    }

    #[test]
    fn cop_regression_matches_quoted_values() {
        for (t, cop) in [
            (10.0, 13.3),
            (15.0, 10.8),
            (20.0, 8.8),
            (25.0, 7.2),
            (30.0, 6.0),
        ] {
            let c = cop_lei_masanet(0.5, t);
            assert!((c - cop).abs() < 0.05, "t={t}: {c} vs {cop}");
        }
        // The plant clamps the condenser water: colder than 12.8 °C or hotter than 35 °C does not help/hurt further.
        let plant = WaterCooledPlant::default();
        assert_eq!(
            plant.cop(0.5, -20.0),
            plant.cop(0.5, 12.8 - plant.tower_approach_c)
        );
        assert_eq!(
            plant.cop(0.5, 40.0),
            plant.cop(0.5, 35.0 - plant.tower_approach_c)
        );
    }

    #[test]
    fn li_regression_uses_fahrenheit() {
        // Tw = 20 °C = 68 °F: 6e-5·68³ − 0.01·68² + 0.61·68 − 10.4 = 3.706; × 6/5 = 4.447.
        assert!(
            (wue_li2023(20.0, 6.0) - 4.447).abs() < 0.01,
            "{}",
            wue_li2023(20.0, 6.0)
        );
        assert_eq!(wue_li2023(-20.0, 6.0), 0.05);
    }

    #[test]
    fn reproduces_lei_masanet_hyperscale_example() {
        // Lei & Masanet "Simple examples" notebook: PUE_WEC_Chiller(parameters_WEC, 20 °C, 40 %,
        // 101325 Pa, 1 kW) = 1.0887168 with their example parameters. At this point the
        // economiser carries the whole load, so their fixed chiller part load (0.224) and COP
        // error (+10.5 %) do not enter.
        let p = ChillerParams {
            electrical: Electrical {
                ups_efficiency: 0.980_302_734,
                distribution_loss_fraction: 0.005_605_468_75,
                lighting_fraction: 0.001_814_453_13,
            },
            crah: CrahLoop {
                supply_air_c: 27.367_187_5,
                delta_t_air_c: 18.885_633_7,
                fan_pressure_pa: 416.992_188,
                fan_efficiency: 0.713_720_703,
                coil_effectiveness: 0.816_601_563,
                delta_t_water_c: 7.504_882_81,
                sensible_heat_ratio: 0.986_289_063,
                humidifier_pump_pressure_pa: 6.500_976_56e6,
                humidifier_pump_efficiency: 0.674_023_438,
            },
            plant: WaterCooledPlant {
                tower_approach_c: 6.505_761_72,
                tower_range_c: 4.138_671_88,
                liquid_to_gas_ratio: 1.119_140_62,
                tower_fan_pressure_pa: 148.339_844,
                tower_fan_efficiency: 0.745_947_266,
                tower_pump_pressure_pa: 210_534.680,
                tower_pump_efficiency: 0.709_960_938,
                chilled_water_pump_pressure_pa: 171_884.552,
                chilled_water_pump_efficiency: 0.745_117_188,
                cop_relative_error: 0.105_488_281,
                ..WaterCooledPlant::default()
            },
            economizer_approach_c: 2.294_042_97,
            economizer_pump_pressure_pa: 156_284.191,
            economizer_pump_efficiency: 0.668_945_312,
        };
        let system = CoolingSystem::ChillerWaterSideEconomizer(p);
        let b = system.breakdown(20.0, wb(20.0, 40.0), 40.0, 0.7);
        assert_eq!(b.free_cooling_fraction, 1.0);
        assert!(
            (b.pue() - 1.088_716_8).abs() < 2e-4,
            "PUE {} vs 1.0887168; {b:?}",
            b.pue()
        );
    }

    #[test]
    fn names_round_trip_and_defaults_validate() {
        assert_eq!(names().len(), 5);
        for &name in names() {
            let s = by_name(name).unwrap();
            assert_eq!(s.name(), name);
            assert_eq!(CoolingSystem::by_name(name), Some(s.clone()));
            s.validate().unwrap();
            let json = serde_json::to_string(&s).unwrap();
            let back: CoolingSystem = serde_json::from_str(&json).unwrap();
            assert_eq!(back, s);
        }
        assert!(by_name("swamp_cooler").is_none());
        assert_eq!(CoolingSystem::names(), names());
        let partial: CoolingSystem = serde_json::from_str(
            r#"{"type": "water_cooled_chiller", "plant": {"cycles_of_concentration": 4}}"#,
        )
        .unwrap();
        match partial {
            CoolingSystem::WaterCooledChiller(p) => {
                assert_eq!(p.plant.cycles_of_concentration, 4.0);
                assert_eq!(p.crah, CrahLoop::default());
            }
            other => panic!("{other:?}"),
        }
        let mut bad = ChillerParams::large_site();
        bad.plant.cycles_of_concentration = 1.0;
        let e = CoolingSystem::WaterCooledChiller(bad)
            .validate()
            .unwrap_err();
        assert!(
            e.contains("water_cooled_chiller") && e.contains("plant.cycles_of_concentration"),
            "{e}"
        );
        assert!(
            serde_json::from_str::<CoolingSystem>(
                r#"{"type": "water_cooled_chiller", "bogus": 1}"#
            )
            .is_err()
        );
    }

    #[test]
    fn spot_values_are_physical() {
        let wse = by_name("chiller_waterside_economizer").unwrap();
        let wcc = by_name("water_cooled_chiller").unwrap();
        let ae = by_name("airside_economizer_adiabatic").unwrap();
        let ac = by_name("air_cooled_chiller").unwrap();
        let dlc = by_name("direct_liquid_cooling").unwrap();
        for (t, rh) in [(5.0, 80.0), (20.0, 50.0), (35.0, 40.0)] {
            let w = wb(t, rh);
            let pw = wse.evaluate(t, w, rh, 0.7);
            let pc = wcc.evaluate(t, w, rh, 0.7);
            assert!(pw.pue <= pc.pue + 1e-12, "economiser never worse at {t} °C");
            assert!(
                dlc.evaluate(t, w, rh, 0.7).pue <= pw.pue + 1e-12,
                "DLC never worse than its air side at {t} °C"
            );
            assert!(
                ac.evaluate(t, w, rh, 0.7).wue_l_per_kwh < 0.05,
                "air-cooled: humidifier make-up only"
            );
        }
        // Air-side economiser at 20 °C / 40 %: free air, PUE ≈ 1.075 as Lei & Masanet's AE example.
        let b = ae.breakdown(20.0, wb(20.0, 40.0), 40.0, 0.7);
        assert_eq!(b.free_cooling_fraction, 1.0);
        assert!((b.pue() - 1.075).abs() < 0.01 && b.wue() == 0.0, "{b:?}");
        // Hot and dry: adiabatic cooling uses water but no chiller.
        let hot = ae.breakdown(38.0, wb(38.0, 20.0), 20.0, 0.7);
        assert!(
            hot.chiller == 0.0 && hot.adiabatic_l_per_kwh > 0.3,
            "{hot:?}"
        );
        // Hot and humid: the trim chiller runs and its tower evaporates water.
        let humid = ae.breakdown(33.0, wb(33.0, 75.0), 75.0, 0.7);
        assert!(
            humid.chiller > 0.0 && humid.evaporation_l_per_kwh > 0.0,
            "{humid:?}"
        );
        // Tower evaporation ≈ 1.5 L per kWh of heat rejected (factors.md D.4).
        let t = wcc.breakdown(25.0, wb(25.0, 60.0), 60.0, 0.7);
        let heat = 1.0 + t.ups_loss + t.distribution_loss + t.lighting;
        let rejected = heat / CrahLoop::default().sensible_heat_ratio + t.chiller;
        let per_kwh_th = t.evaporation_l_per_kwh / rejected;
        assert!((1.4..1.6).contains(&per_kwh_th), "{per_kwh_th}");
    }

    /// The chiller-based systems (all five have compressors for some hours).
    fn all_systems() -> Vec<CoolingSystem> {
        names().iter().map(|n| by_name(n).unwrap()).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn hotter_or_more_humid_never_lowers_pue(
            t in -30.0f64..50.0, rh in 5.0f64..100.0, load in 0.05f64..1.0,
            dt in 0.0f64..10.0, drh in 0.0f64..30.0,
        ) {
            let t2 = (t + dt).min(50.0);
            let rh2 = (rh + drh).min(100.0);
            for s in all_systems() {
                let base = s.evaluate(t, wb(t, rh), rh, load).pue;
                let hotter = s.evaluate(t2, wb(t2, rh), rh, load).pue;
                let wetter = s.evaluate(t, wb(t, rh2), rh2, load).pue;
                prop_assert!(hotter >= base - 1e-12, "{}: PUE {} at {} °C but {} at {} °C (RH {}, load {})", s.name(), base, t, hotter, t2, rh, load);
                prop_assert!(wetter >= base - 1e-12, "{}: PUE {} at RH {} but {} at RH {} ({} °C, load {})", s.name(), base, rh, wetter, rh2, t, load);
            }
        }

        #[test]
        fn wue_is_finite_and_non_negative(t in -30.0f64..50.0, rh in 5.0f64..100.0, load in 0.01f64..1.0) {
            for s in all_systems() {
                let p = s.evaluate(t, wb(t, rh), rh, load);
                prop_assert!(p.wue_l_per_kwh.is_finite() && p.wue_l_per_kwh >= 0.0, "{}: WUE {} at {} °C {} %", s.name(), p.wue_l_per_kwh, t, rh);
                prop_assert!(p.pue.is_finite() && p.pue > 1.0, "{}: PUE {}", s.name(), p.pue);
            }
        }
    }

    #[test]
    fn monotone_on_a_full_grid() {
        // The property test samples; this sweeps the whole grid −30…50 °C × 5…100 % × 3 loads.
        for s in all_systems() {
            for load in [0.1, 0.5, 1.0] {
                for rh in (5..=100).step_by(5) {
                    let rh = f64::from(rh);
                    let mut last = f64::NEG_INFINITY;
                    for t in (-60..=100).map(|x| f64::from(x) / 2.0 + 0.0) {
                        let pue = s.evaluate(t, wb(t, rh), rh, load).pue;
                        assert!(
                            pue >= last - 1e-12,
                            "{} at {t} °C {rh} % load {load}: {pue} < {last}",
                            s.name()
                        );
                        last = pue;
                    }
                }
                for t in (-30..=50).step_by(2) {
                    let t = f64::from(t);
                    let mut last = f64::NEG_INFINITY;
                    for rh in 5..=100 {
                        let rh = f64::from(rh);
                        let p = s.evaluate(t, wb(t, rh), rh, load);
                        assert!(
                            p.pue >= last - 1e-12,
                            "{} at {t} °C {rh} % load {load}: {} < {last}",
                            s.name(),
                            p.pue
                        );
                        assert!(p.wue_l_per_kwh.is_finite() && p.wue_l_per_kwh >= 0.0);
                        last = p.pue;
                    }
                }
            }
        }
    }

    #[test]
    fn series_align_with_weather() {
        let w = Weather::new(3_600, vec![10.0, 30.0], vec![50.0, 40.0]).unwrap();
        let s = by_name("water_cooled_chiller").unwrap();
        let pue = s.pue_series(&w, 0.7);
        let wue = s.wue_series(&w, 0.7);
        let second = s.evaluate(30.0, w.wet_bulb_c(1), 40.0, 0.7);
        assert_eq!(pue.at(3_600 * 2), second.pue);
        assert_eq!(wue.at(3_600 * 2), second.wue_l_per_kwh);
        assert_eq!(pue.at(3_600 * 3), pue.at(3_600));
        let a = s.annual(&w, 0.7);
        assert!((a.pue - 0.5 * (pue.at(3_600) + second.pue)).abs() < 1e-12);
        assert!((a.wue_l_per_kwh - wue.mean()).abs() < 1e-12);
        assert_eq!(a.max_pue, second.pue);
    }

    #[test]
    fn synthetic_weather_gives_the_annual_results_of_real_weather() {
        use crate::site::weather::{preset, synthesize};
        use rand::SeedableRng;
        let dir = reference_weather_dir();
        for zone in ["US-CAL-CISO", "DE-LU", "US-TEX-ERCO"] {
            let real = read_open_meteo_json(&dir.join(reference_file_name(zone).unwrap())).unwrap();
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
            let syn = synthesize(preset(zone).unwrap(), real.start_unix, real.len(), &mut rng);
            for &name in names() {
                let s = by_name(name).unwrap();
                let (a, b) = (s.annual(&real, 0.7), s.annual(&syn, 0.7));
                println!(
                    "SYNTHETIC {zone:<12} {name:<30} PUE {:.3} vs real {:.3}; WUE {:.2} vs real {:.2}",
                    b.pue, a.pue, b.wue_l_per_kwh, a.wue_l_per_kwh
                );
                assert!(
                    (a.pue - b.pue).abs() <= 0.02,
                    "{zone} {name}: PUE {} vs {}",
                    b.pue,
                    a.pue
                );
                assert!(
                    (a.wue_l_per_kwh - b.wue_l_per_kwh).abs() <= 0.1 + 0.1 * a.wue_l_per_kwh,
                    "{zone} {name}: WUE {} vs {}",
                    b.wue_l_per_kwh,
                    a.wue_l_per_kwh
                );
            }
        }
    }

    /// Published annual ranges the systems are tested against (Lei & Masanet 2022, UE.csv,
    /// 5th–95th percentiles; factors.md D.2), as (PUE lo, PUE hi, WUE lo, WUE hi), with the
    /// reason for each choice.
    fn published_range(name: &str) -> (f64, f64, f64, f64) {
        match name {
            // Large-scale WSE row, all climate zones: PUE 1.07–1.29, WUE 1.73–2.63.
            "chiller_waterside_economizer" => (1.07, 1.29, 1.73, 2.63),
            // Large-scale airside economiser + adiabatic row: PUE 1.09 (3C) … 1.34 (1A);
            // WUE 0.00 (3C) … 2.36 (1A).
            // The PUE floor is lowered to 1.07 (a documented mismatch): the defaults are Lei &
            // Masanet's own hyperscale AE example, which gives 1.0747 at 20 °C / 40 % in their
            // code; their 5th percentile reflects their parameter sampling (UPS 0.90–0.99, fans
            // up to 1000 Pa), and Meta's reported fleet PUE for this design (1.08–1.09,
            // factors.md D.5) is below it too.
            "airside_economizer_adiabatic" => (1.07, 1.34, 0.0, 2.36),
            // No large-site row. Lower bounds: the large-site WSE row (the same plant without
            // an economiser cannot do better). Upper bounds: the midsize water-cooled chiller
            // row, 95th percentile in zone 1A (1.79, 3.74).
            "water_cooled_chiller" => (1.07, 1.79, 1.73, 3.74),
            // No large-site row. PUE: large-site WSE floor to the midsize air-cooled chiller
            // 95th percentile in zone 1A (2.45); WUE: midsize air-cooled row 0.00–0.10.
            "air_cooled_chiller" => (1.07, 2.45, 0.0, 0.10),
            // No published row. PUE: at least the electrical losses (≥ 1.03), and no worse than
            // the large-site WSE row's top (1.29) since its air side is that system. WUE: from
            // 0 to the WSE row's top (2.63); the test also checks it against its air side.
            "direct_liquid_cooling" => (1.03, 1.29, 0.0, 2.63),
            _ => (f64::NAN, f64::NAN, f64::NAN, f64::NAN),
        }
    }

    #[test]
    fn annual_results_fall_in_published_ranges() {
        let dir = reference_weather_dir();
        let mut failures = Vec::new();
        for zone in ["US-CAL-CISO", "DE-LU", "US-TEX-ERCO"] {
            let weather =
                read_open_meteo_json(&dir.join(reference_file_name(zone).unwrap())).unwrap();
            for load in [0.7, 0.5] {
                let mut by_system = std::collections::BTreeMap::new();
                for &name in names() {
                    let s = by_name(name).unwrap();
                    let a = s.annual(&weather, load);
                    let (plo, phi, wlo, whi) = published_range(name);
                    println!(
                        "ANNUAL {zone:<12} load {load:.1} {name:<30} PUE {:.3} (max {:.3}) WUE {:.2} L/kWh free {:.0} % | range PUE {plo}–{phi}, WUE {wlo}–{whi}",
                        a.pue,
                        a.max_pue,
                        a.wue_l_per_kwh,
                        100.0 * a.free_cooling_fraction
                    );
                    let d = a.breakdown;
                    println!(
                        "  BREAKDOWN {zone} {name}: UPS {:.4} PD {:.4} light {:.4} air fans {:.4} pumps {:.4} chiller {:.4} rejection fans {:.4} | evap {:.3} blowdown {:.3} drift {:.3} humidif {:.3} adiabatic {:.3}",
                        d.ups_loss,
                        d.distribution_loss,
                        d.lighting,
                        d.air_fans,
                        d.pumps,
                        d.chiller,
                        d.heat_rejection_fans,
                        d.evaporation_l_per_kwh,
                        d.blowdown_l_per_kwh,
                        d.drift_l_per_kwh,
                        d.humidification_l_per_kwh,
                        d.adiabatic_l_per_kwh
                    );
                    if !(plo..=phi).contains(&a.pue) || !(wlo..=whi).contains(&a.wue_l_per_kwh) {
                        failures.push(format!(
                            "{zone} load {load} {name}: PUE {:.3} WUE {:.2}",
                            a.pue, a.wue_l_per_kwh
                        ));
                    }
                    by_system.insert(name, a);
                }
                let wse = by_system["chiller_waterside_economizer"];
                let wcc = by_system["water_cooled_chiller"];
                let dlc = by_system["direct_liquid_cooling"];
                assert!(
                    wse.pue < wcc.pue && wse.wue_l_per_kwh < wcc.wue_l_per_kwh,
                    "{zone}: economiser must save energy and water"
                );
                assert!(
                    dlc.pue < wse.pue && dlc.wue_l_per_kwh < wse.wue_l_per_kwh,
                    "{zone}: DLC must beat its air side"
                );
            }
        }
        assert!(
            failures.is_empty(),
            "outside the published ranges: {failures:#?}"
        );
    }
}
