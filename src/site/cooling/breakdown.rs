//! What every cooling system computes: the per-kW-IT [`CoolingBreakdown`] and its
//! [`CoolingPoint`] (PUE, WUE), the outdoor [`Ambient`] state, and the shared formulas
//! (chiller COP regression, economiser share, fan and pump power).

use crate::site::climate::psychro::{self, STANDARD_PRESSURE_PA};
use serde::{Deserialize, Serialize};

/// Specific heat of liquid water used for water mass flows, kJ/(kg·K): the 4.2 of Lei &
/// Masanet's `m = Q/(4.2·ΔT)`.
pub(super) const CP_WATER_LEI: f64 = 4.2;

/// Specific heat of air used for air mass flows, kJ/(kg·K): the 1.01 of Lei & Masanet's
/// `m_sa = Q/(1.01·ΔT_air)`.
pub(super) const CP_AIR_LEI: f64 = 1.01;

/// Density of water for pump power, kg/m³ (Lei & Masanet pass 1000).
pub(super) const WATER_DENSITY: f64 = 1_000.0;

/// Seconds per hour: converts kg/s per kW of IT into kg (= litres) per kWh of IT.
pub(super) const SECONDS_PER_HOUR: f64 = crate::time::SECONDS_PER_HOUR as f64;

/// Lowest chiller part-load ratio the COP regression is used at: Lei & Masanet's large-site
/// range for the chiller part-load factor is 0.2–0.8 (`app.py`); below 0.2 chillers cycle or
/// use hot-gas bypass and the regression is not meant for it.
pub(super) const MIN_CHILLER_PART_LOAD: f64 = 0.2;

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

    /// Fans and pumps: air handlers, heat-rejection fans and all pumps, kW per kW IT.
    pub fn movers(&self) -> f64 {
        self.air_fans + self.pumps + self.heat_rejection_fans
    }

    /// PUE and WUE.
    pub fn point(&self) -> CoolingPoint {
        CoolingPoint {
            pue: self.pue(),
            wue_l_per_kwh: self.wue(),
        }
    }

    /// Adds the cooling terms (not the electrical ones) of `other`.
    pub fn add_cooling(&mut self, other: &CoolingBreakdown) {
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
/// therefore clamp `t` (see [`super::WaterCooledPlant::max_condenser_water_c`]).
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
pub(super) fn economiser_fraction(x: f64, t_supply_c: f64, t_return_c: f64) -> f64 {
    if x <= t_supply_c {
        1.0
    } else if x < t_return_c {
        (t_return_c - x) / (t_return_c - t_supply_c)
    } else {
        0.0
    }
}

/// Fan power, kW, moving `mass_flow_kg_s` of air of `density` kg/m³ against `pressure_pa`.
pub(super) fn fan_kw(mass_flow_kg_s: f64, density: f64, pressure_pa: f64, efficiency: f64) -> f64 {
    mass_flow_kg_s / density * pressure_pa / efficiency / 1_000.0
}

/// Pump power, kW, moving `mass_flow_kg_s` of water against `pressure_pa`.
pub(super) fn pump_kw(mass_flow_kg_s: f64, pressure_pa: f64, efficiency: f64) -> f64 {
    pressure_pa * mass_flow_kg_s / (1_000.0 * efficiency * WATER_DENSITY)
}

/// Outdoor air state used by the models, at the site's barometric pressure.
#[derive(Clone, Copy, Debug)]
pub struct Ambient {
    /// Barometric pressure at the site, Pa (indoor and outdoor air alike).
    pub pressure_pa: f64,
    /// Dry-bulb temperature, °C.
    pub t_db: f64,
    /// Wet-bulb temperature, °C (at most the dry-bulb).
    pub t_wb: f64,
    /// Humidity ratio, kg water vapour per kg dry air.
    pub w: f64,
    /// Enthalpy, kJ per kg dry air.
    pub h: f64,
    /// Density, kg/m³.
    pub density: f64,
}

impl Ambient {
    /// The state at dry-bulb `t_db` and wet-bulb `t_wb` (°C, the wet-bulb lowered to the
    /// dry-bulb if above it) and relative humidity `rh` (%), at sea-level pressure.
    pub fn new(t_db: f64, t_wb: f64, rh: f64) -> Self {
        Ambient::at_pressure(t_db, t_wb, rh, STANDARD_PRESSURE_PA)
    }

    /// The same state at barometric pressure `pressure_pa` (the humidity ratio and the air
    /// density follow it; the wet-bulb is the caller's, computed at the same pressure).
    pub fn at_pressure(t_db: f64, t_wb: f64, rh: f64, pressure_pa: f64) -> Self {
        let w = psychro::humidity_ratio(t_db, rh, pressure_pa);
        Ambient {
            pressure_pa,
            t_db,
            t_wb: t_wb.min(t_db),
            w,
            h: psychro::enthalpy_kj_per_kg(t_db, w),
            density: psychro::air_density_kg_m3(t_db, pressure_pa),
        }
    }
}
