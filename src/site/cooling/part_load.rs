//! Part-load facility model: PUE and WUE of one hour from the IT load of that hour.
//!
//! The hourly cooling series ([`super::CoolingSeries`]) are evaluated once per weather
//! record with every loss proportional to IT power, so they describe the plant at its
//! design load. Real plants carry losses that do not shrink with the load: UPS no-load
//! losses, transformer core losses, lighting and controls, and fans and pumps that cannot
//! turn slower than a minimum flow. This module rescales one hour of the series to the
//! hour's mean IT power `P` (kW) against the design IT power `P_d`, `x = P / P_d`:
//!
//! ```text
//! UPS loss          = P_d · u · (s0 + (1 − s0 − s2)·x + s2·x²)     u = UPS loss per kW IT at design
//! transformer loss  = P_d · t · (c0 + (1 − c0)·x²)                 t = distribution loss at design
//! lighting          = P_d · ℓ  (fixed)         other fixed loads = fixed_kw
//! heat indoors      H = P + UPS + transformer + lighting + fixed_kw,   H_d = H at x = 1
//! fans and pumps    = m_h · max(H, f_min · H_d)      m_h = the hour's fans and pumps per kW of heat
//! chillers (rest)   = r_h · max(H, c_min · H_d)      r_h = the hour's other cooling per kW of heat
//! water             = w_h · H                        w_h = the hour's on-site water per kWh of heat
//! PUE = (H + fans and pumps + chillers) / P,   WUE = water / P
//! ```
//!
//! At `x = 1` (and `fixed_kw = 0`) every term equals the series' value, so the model only
//! changes hours that run below the design load. Sources of the defaults are on
//! [`PartLoad`]; the method and its accounting are in `docs/models-weather-cooling.md`.

use super::breakdown::{CoolingBreakdown, MIN_CHILLER_PART_LOAD};
use super::components::check;
use serde::{Deserialize, Serialize};

/// `[sites.cooling.part_load]`: how the facility's losses follow the IT load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PartLoad {
    /// Whether PUE and WUE follow the hour's IT load. Default true; false keeps every
    /// hour at the series' design-load values.
    pub enabled: bool,
    /// Design IT power, kW: the load at which the plant runs at the series' PUE.
    /// Default: the site's largest IT power (every node busy, every accelerator at its
    /// maximum power, plus always-on power).
    pub design_it_kw: Option<f64>,
    /// UPS no-load (fixed) loss as a share of the UPS loss at design load. Default 0.3425:
    /// the quadratic loss fit (k0 = 0.0223, k1 = 0.0062, k2 = 0.0366 per unit rating) to
    /// the 500 kVA double-conversion UPS curve of Schneider Electric White Paper 108
    /// (90.5 % at 25 %, 93.6 % at 50 %, 94.0 % at 75 %, 93.9 % at 100 % load), as given in
    /// `reference/projections-and-physics.md` §4.2: 0.0223 / 0.0651. Schneider's
    /// "Definitions of losses" sheet states that no-load losses can exceed 40 % of all UPS
    /// losses.
    pub ups_no_load_share: f64,
    /// UPS square-law (I²R) loss as a share of the UPS loss at design load. Default
    /// 0.5622: the same fit, 0.0366 / 0.0651. The proportional share is the rest.
    pub ups_square_law_share: f64,
    /// Transformer no-load (core) loss as a share of the distribution loss at design load;
    /// the rest grows with the square of the load. Default 0.377, from two read values:
    /// the US DOE minimum efficiency of a 1,000 kVA low-voltage dry-type transformer at
    /// 35 % load, 99.28 % (10 CFR 431.196(a)), i.e. a loss of 0.002538 per unit rating,
    /// and Lei & Masanet's full-load distribution loss 0.0056: `c0 + 0.35²·(1 − c0)`
    /// per unit times 0.0056 = 0.002538 gives `c0 = 0.377`.
    pub transformer_no_load_share: f64,
    /// Other fixed facility loads (controls, security, offices), kW. Default 0: lighting
    /// is already counted as fixed (the system's `electrical.lighting_fraction` of the
    /// design IT power).
    pub fixed_kw: f64,
    /// Lowest flow of fans and pumps as a share of design flow. Default 0.3: the minimum
    /// fan control signal `yMin = 0.3` of the Modelica Buildings `CoolingTowers.Merkel`
    /// model, and the 30 % minimum flow common for VAV fans (ASHRAE 90.1 Appendix G).
    pub min_flow_fraction: f64,
    /// Lowest chiller part-load ratio: below it chillers cycle or bypass hot gas, and
    /// their power stops falling. Default 0.2, the bottom of Lei & Masanet's large-site
    /// range for the chiller part-load factor (0.2–0.8).
    pub chiller_min_part_load: f64,
}

impl Default for PartLoad {
    fn default() -> Self {
        PartLoad {
            enabled: true,
            design_it_kw: None,
            ups_no_load_share: 0.3425,
            ups_square_law_share: 0.5622,
            transformer_no_load_share: 0.377,
            fixed_kw: 0.0,
            min_flow_fraction: 0.3,
            chiller_min_part_load: MIN_CHILLER_PART_LOAD,
        }
    }
}

impl PartLoad {
    /// Checks every field; errors name the field (under `what`).
    pub fn validate(&self, what: &str) -> Result<(), String> {
        if let Some(d) = self.design_it_kw {
            check(what, "part_load.design_it_kw", d, 1e-3, 1e9)?;
        }
        check(
            what,
            "part_load.ups_no_load_share",
            self.ups_no_load_share,
            0.0,
            1.0,
        )?;
        check(
            what,
            "part_load.ups_square_law_share",
            self.ups_square_law_share,
            0.0,
            1.0 - self.ups_no_load_share,
        )?;
        check(
            what,
            "part_load.transformer_no_load_share",
            self.transformer_no_load_share,
            0.0,
            1.0,
        )?;
        check(what, "part_load.fixed_kw", self.fixed_kw, 0.0, 1e9)?;
        check(
            what,
            "part_load.min_flow_fraction",
            self.min_flow_fraction,
            0.0,
            1.0,
        )?;
        check(
            what,
            "part_load.chiller_min_part_load",
            self.chiller_min_part_load,
            0.0,
            1.0,
        )
    }
}

/// The part-load model of one site: the parameters, the design IT power, and the
/// system's electrical losses at design load (per kW IT).
#[derive(Clone, Debug, PartialEq)]
pub struct PartLoadModel {
    /// Parameters.
    pub params: PartLoad,
    /// Design IT power, kW.
    pub design_it_kw: f64,
    /// UPS loss at design load, kW per kW IT.
    pub ups_loss: f64,
    /// Transformer and distribution loss at design load, kW per kW IT.
    pub distribution_loss: f64,
    /// Lighting at design load, kW per kW IT.
    pub lighting: f64,
}

/// One hour of a site at its design load: the series' PUE, WUE and fan-and-pump power.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DesignHour {
    /// PUE at design load.
    pub pue: f64,
    /// On-site water per IT kWh at design load, L/kWh.
    pub wue_l_per_kwh: f64,
    /// Fans and pumps (air handlers, heat-rejection fans, all pumps), kW per kW IT.
    pub movers_kw_per_kw: f64,
}

impl PartLoadModel {
    /// The model of a system whose design-load breakdown has electrical terms `design`
    /// (any hour: they do not depend on the weather), for a plant of `design_it_kw`.
    pub fn new(params: PartLoad, design: &CoolingBreakdown, design_it_kw: f64) -> Self {
        PartLoadModel {
            design_it_kw: params.design_it_kw.unwrap_or(design_it_kw),
            params,
            ups_loss: design.ups_loss,
            distribution_loss: design.distribution_loss,
            lighting: design.lighting,
        }
    }

    /// Heat released indoors per kW IT at design load (with no other fixed loads).
    fn design_heat_per_kw(&self) -> f64 {
        1.0 + self.ups_loss + self.distribution_loss + self.lighting
    }

    /// Electrical losses and fixed loads at IT power `it_kw`, kW.
    pub fn electrical_kw(&self, it_kw: f64) -> f64 {
        let p = &self.params;
        let d = self.design_it_kw;
        let x = it_kw / d;
        let ups_proportional = 1.0 - p.ups_no_load_share - p.ups_square_law_share;
        let ups = d
            * self.ups_loss
            * (p.ups_no_load_share + ups_proportional * x + p.ups_square_law_share * x * x);
        let c0 = p.transformer_no_load_share;
        let transformer = d * self.distribution_loss * (c0 + (1.0 - c0) * x * x);
        ups + transformer + d * self.lighting + p.fixed_kw
    }

    /// PUE and WUE (L per IT kWh) of an hour whose mean IT power is `it_kw` (> 0), from the
    /// hour's design-load values `hour`.
    pub fn at(&self, it_kw: f64, hour: &DesignHour) -> (f64, f64) {
        let p = &self.params;
        let heat_per_kw = self.design_heat_per_kw();
        let design_heat = self.design_it_kw * heat_per_kw;
        let heat = it_kw + self.electrical_kw(it_kw);
        let cooling_per_kw = hour.pue - heat_per_kw;
        let movers_per_heat = hour.movers_kw_per_kw / heat_per_kw;
        let rest_per_heat = (cooling_per_kw - hour.movers_kw_per_kw) / heat_per_kw;
        let movers = movers_per_heat * heat.max(p.min_flow_fraction * design_heat);
        let rest = rest_per_heat * heat.max(p.chiller_min_part_load * design_heat);
        let water = hour.wue_l_per_kwh / heat_per_kw * heat;
        ((heat + movers + rest) / it_kw, water / it_kw)
    }
}

#[cfg(test)]
mod tests;
