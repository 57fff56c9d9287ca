//! `airside_economizer_adiabatic`: outdoor air supplied directly when its enthalpy allows,
//! direct evaporative (adiabatic) cooling when it is too hot, humidification when too dry,
//! and a water-cooled trim chiller (chosen to match Lei & Masanet's `PUE_AE_Chiller`) when
//! outdoor air is too hot and humid.

use super::breakdown::{Ambient, CP_AIR_LEI, CoolingBreakdown, SECONDS_PER_HOUR, fan_kw};
use super::components::{Electrical, WaterCooledPlant, check};
use super::system::{CoolingModel, RegisteredCooling};
use crate::site::climate::psychro;
use serde::{Deserialize, Serialize};

impl CoolingModel for AirsideParams {
    fn electrical(&self) -> &Electrical {
        &self.electrical
    }

    fn cooling(&self, heat: f64, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown {
        self.cooling_terms(heat, amb, load_fraction)
    }

    fn validate(&self, what: &str) -> Result<(), String> {
        self.check_fields(what)
    }
}

impl RegisteredCooling for AirsideParams {
    const NAME: &'static str = "airside_economizer_adiabatic";
}

/// Parameters of the air-side economiser with direct evaporative (adiabatic) assist and a
/// water-cooled trim chiller (Lei & Masanet `PUE_AE_Chiller`, restated; see
/// `airside_economizer_adiabatic`).
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
    fn cooling_terms(&self, heat: f64, amb: &Ambient, load_fraction: f64) -> CoolingBreakdown {
        let mut b = CoolingBreakdown::default();
        let p = amb.pressure_pa;
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

    fn check_fields(&self, what: &str) -> Result<(), String> {
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
