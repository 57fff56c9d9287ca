//! A replication's series read in order (`Reading::InOrder`: synthetic grid columns and
//! decarbonisation trends computed a stretch at a time) equal the whole-window tables
//! (`Reading::Whole`) bit for bit, read in order, backwards and across the cyclic
//! repetition beyond the window (issue 11: memory per site).

use footprint::scenario::Scenario;
use footprint::site::{HourlySeries, Reading, SiteSeries};
use std::path::Path;

/// One year starting mid-year (a new calendar year of the trends in the window), four
/// sites: a synthetic grid with solar and wind PPAs and a trend, a constant intensity with a
/// trend, a synthetic grid alone, synthetic weather (warming) with a cooling system.
const SCENARIO: &str = r#"[simulation]
start = "2023-07-01T05:00:00Z"
duration_days = 365
seed = 11

[scheduler]
policy = "fifo"

[[sites]]
name = "ppa"
pue = 1.2
[sites.grid]
preset = "US-CAL-CISO"
decarbonization_per_year = 0.04
decarbonization_base_year = 2022
[[sites.procurement.ppa]]
technology = "solar"
capacity_mw = 2
[[sites.procurement.ppa]]
technology = "wind"
capacity_mw = 3
[sites.cluster]
nodes = 2
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1000

[[sites]]
name = "constant"
pue = 1.3
[sites.grid]
carbon_intensity_g_per_kwh = 300
decarbonization_per_year = 0.05
[sites.cluster]
nodes = 2
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1000

[[sites]]
name = "grid"
pue = 1.1
[sites.grid]
preset = "DE-LU"
[sites.cluster]
nodes = 2
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1000

[[sites]]
name = "weather"
[sites.cooling]
system = "water_cooled_chiller"
[sites.weather]
preset = "US-TEX-ERCO"
warming_c_per_decade = 0.3
[sites.grid]
carbon_intensity_g_per_kwh = 400
[sites.cluster]
nodes = 2
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1000

[[workload.jobs]]
name = "train"
gpus = 8
duration_hours = 5
"#;

/// Every factor of an hour, and the weather, as bits (NaN marginal intensities compare
/// equal).
fn bits(series: &SiteSeries, t: i64) -> Vec<u64> {
    let f = series.factors_at(t);
    let weather = |s: &Option<HourlySeries>| s.as_ref().map_or(f64::NAN, |s| s.at(t));
    [
        weather(&series.dry_bulb_c),
        weather(&series.wet_bulb_c),
        series.cooling_movers_kw_per_kw.at(t),
        f.pue,
        f.carbon_intensity_g_per_kwh,
        f.marginal_carbon_intensity_g_per_kwh,
        f.carbon_intensity_direct_g_per_kwh,
        f.td_loss_fraction,
        f.wue_l_per_kwh,
        f.ewif_l_per_kwh,
        f.ewif_withdrawal_l_per_kwh,
        f.price_usd_per_mwh,
        f.contract_supply_kw,
        f.contract_co2_g_per_kwh,
        f.grid_cfe_share,
    ]
    .iter()
    .map(|v| v.to_bits())
    .collect()
}

#[test]
fn series_read_in_order_equal_whole_tables_bit_for_bit() {
    let scenario =
        Scenario::from_toml(SCENARIO, "reading", Path::new("."), "reading").expect("valid");
    let start = scenario.start_unix;
    let seed = 0x5eed_u64;
    for (i, site) in scenario.sites.iter().enumerate() {
        let hours = site.synthetic.hours as i64;
        assert!(hours >= 8_760, "{}: {hours} hours", site.name);
        let whole = site.series_for(start, seed, i, Reading::Whole);
        let in_order = site.series_for(start, seed, i, Reading::InOrder);
        // One year is held as tables when read whole, and streamed when read in order.
        let varying = |s: &SiteSeries| match site.name.as_str() {
            "weather" => s.pue.clone(),
            _ => s.carbon_intensity_g_per_kwh.clone(),
        };
        assert!(matches!(varying(&whole), HourlySeries::Table { .. }));
        assert!(
            matches!(varying(&in_order), HourlySeries::Chunked(_)),
            "{}",
            site.name
        );
        let at = |h: i64| start + 3_600 * h;
        let in_order_hours = 0..hours;
        let backwards = (0..hours).rev().step_by(89);
        let repetition = (-50..0)
            .chain(hours - 3..hours + 50)
            .chain([3 * hours + 7, 0]);
        for h in in_order_hours.chain(backwards).chain(repetition) {
            assert_eq!(
                bits(&in_order, at(h)),
                bits(&whole, at(h)),
                "{} hour {h}",
                site.name
            );
        }
        if site.name == "constant" {
            // The trend is applied: 2023 at the base year's 300 g, 2024 one step lower.
            let ci = &in_order.carbon_intensity_g_per_kwh;
            assert_eq!(ci.at(at(0)), 300.0);
            assert!((ci.at(at(hours - 1)) - 300.0 * 0.95).abs() < 1e-9);
        }
    }
}
