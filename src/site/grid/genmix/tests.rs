use super::*;
use std::io::Write;
use std::path::PathBuf;

fn write(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

const HEADER: &str = "timestamp,WND,SUN,WAT,OIL,NG,COL,NUC,OTH,avg_CI\n";

fn erco_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/grid/EIA930_ERCO_2022_genmix_hourly.csv")
}

#[test]
fn sources_names_and_sets() {
    for (i, s) in Source::ALL.iter().enumerate() {
        assert_eq!(s.index(), i);
        assert_eq!(Source::from_name(s.name()), Some(*s));
    }
    assert_eq!(names().len(), 6);
    for n in names() {
        let set = emission_set(n).unwrap();
        assert!(set.0.iter().all(|v| v.is_finite() && *v >= 0.0), "{n}");
    }
    assert!(emission_set("nope").is_none());
    assert_eq!(
        emission_set("electricity_maps_direct")
            .unwrap()
            .get(Source::Coal),
        760.0
    );
    assert!(!Source::Nuclear.is_renewable() && Source::Nuclear.is_low_carbon());
}

#[test]
fn water_sets_and_hydro_choice() {
    let evap = HydroWater::ReservoirEvaporation.l_per_kwh();
    assert!((evap - 17.0).abs() < 0.01, "{evap}");
    for n in water_set_names() {
        assert_eq!(
            water_set(n, HydroWater::Zero).unwrap().get(Source::Hydro),
            0.0
        );
        assert_eq!(
            water_set(n, HydroWater::ReservoirEvaporation)
                .unwrap()
                .get(Source::Hydro),
            evap
        );
    }
    let li = water_set("li_et_al", HydroWater::Zero).unwrap();
    assert!((li.get(Source::Gas) - 1.1356).abs() < 1e-3);
    assert!((li.get(Source::Nuclear) - 2.2712).abs() < 1e-3);
    assert!(water_set("nope", HydroWater::Zero).is_none());
}

#[test]
fn mix_weighted_averages() {
    let mut m = Mix::default();
    m.add(Source::Coal, 1.0);
    m.add(Source::Wind, 3.0);
    assert_eq!(
        m.ci_g_per_kwh(&ELECTRICITY_MAPS_LIFECYCLE),
        (820.0 + 33.0) / 4.0
    );
    let w = water_set("li_et_al", HydroWater::Zero).unwrap();
    assert!((m.ewif_l_per_kwh(&w) - gal_per_mwh_to_l_per_kwh(450.0) / 4.0).abs() < 1e-12);
    assert_eq!(m.low_carbon_share(), 0.75);
    assert!(Mix::default().ci_g_per_kwh(&LI_ET_AL).is_nan());
}

#[test]
fn reader_errors_name_line_and_expectation() {
    let gap = write(&format!(
        "{HEADER}2022-01-01 00:00:00+00:00,1,0,0,0,1,1,1,0,1\n2022-01-01 02:00:00+00:00,1,0,0,0,1,1,1,0,1\n"
    ));
    let e = read_eia930_genmix_csv(gap.path()).unwrap_err().to_string();
    assert!(e.contains("line 3") && e.contains("hourly sequence"), "{e}");
    let neg = write(&format!(
        "{HEADER}2022-01-01 00:00:00+00:00,1,0,0,0,-1,1,1,0,1\n"
    ));
    let e = read_eia930_genmix_csv(neg.path()).unwrap_err().to_string();
    assert!(
        e.contains("line 2") && e.contains("NG") && e.contains("≥ 0"),
        "{e}"
    );
    let bad = write(&format!(
        "{HEADER}2022-01-01 00:00:00+00:00,1,x,0,0,1,1,1,0,1\n"
    ));
    let e = read_eia930_genmix_csv(bad.path()).unwrap_err().to_string();
    assert!(
        e.contains("line 2") && e.contains("SUN") && e.contains("not a number"),
        "{e}"
    );
    let zero = write(&format!(
        "{HEADER}2022-01-01 00:00:00+00:00,0,0,0,0,0,0,0,0,1\n"
    ));
    assert!(
        read_eia930_genmix_csv(zero.path())
            .unwrap_err()
            .to_string()
            .contains("total generation is 0")
    );
    let nocol = write("timestamp,WND\n2022-01-01 00:00:00+00:00,1\n");
    let e = read_eia930_genmix_csv(nocol.path())
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 1") && e.contains("SUN"), "{e}");
    let empty = write(HEADER);
    assert!(
        read_eia930_genmix_csv(empty.path())
            .unwrap_err()
            .to_string()
            .contains("no data rows")
    );
    let stamp = write(&format!(
        "{HEADER}2022-01-01 00:00:00+02:00,1,0,0,0,1,1,1,0,1\n"
    ));
    assert!(
        read_eia930_genmix_csv(stamp.path())
            .unwrap_err()
            .to_string()
            .contains("line 2")
    );
    assert!(
        read_eia930_genmix_csv(Path::new("/nonexistent/x.csv"))
            .unwrap_err()
            .to_string()
            .contains("cannot open")
    );
}

#[test]
fn reader_accepts_shuffled_columns() {
    let f = write(
        "NUC,timestamp,OTH,COL,NG,OIL,WAT,SUN,WND\n5,2022-01-01 00:00:00+00:00,0,1,0,0,0,0,4\n",
    );
    let s = read_eia930_genmix_csv(f.path()).unwrap();
    assert_eq!(s.start_unix, 1_640_995_200);
    assert_eq!(s.mixes[0].get(Source::Nuclear), 5.0);
    assert_eq!(s.mixes[0].get(Source::Wind), 4.0);
    assert_eq!(s.mixes[0].get(Source::Coal), 1.0);
}

#[test]
fn carbon_explorer_reproduces_eia930_avg_ci_and_readme_shares() {
    let path = erco_path();
    let series = read_eia930_genmix_csv(&path).unwrap();
    assert_eq!(series.mixes.len(), 8_760);
    assert_eq!(series.start_unix, 1_640_995_200);
    let ci = series.ci_series(&CARBON_EXPLORER);
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let col = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "avg_CI")
        .unwrap();
    let mut worst: f64 = 0.0;
    let mut rows = 0;
    for (record, ours) in reader.records().zip(&ci) {
        let theirs: f64 = record.unwrap()[col].parse().unwrap();
        worst = worst.max((theirs - ours).abs());
        rows += 1;
    }
    assert_eq!(rows, 8_760);
    assert!(worst < 0.01, "max |ΔCI| = {worst}");
    let shares = series.shares();
    let pct = |s: Source| 100.0 * shares[s.index()];
    for (s, readme) in [
        (Source::Gas, 42.6),
        (Source::Wind, 25.0),
        (Source::Coal, 16.8),
        (Source::Nuclear, 9.8),
        (Source::Solar, 5.5),
    ] {
        assert!(
            (pct(s) - readme).abs() < 0.05,
            "{}: {} % vs README {readme} %",
            s.name(),
            pct(s)
        );
    }
    for s in [Source::Hydro, Source::Oil, Source::Other] {
        assert!(pct(s) < 0.5, "{}: {} %", s.name(), pct(s));
    }
    let mean = ci.iter().sum::<f64>() / ci.len() as f64;
    assert!(
        (mean - 347.0).abs() < 0.5,
        "mean avg_CI {mean} vs README 347"
    );
    // Off-site water with the Li et al. set and both hydro choices: hydro is 0.07 % of
    // ERCOT, so the choice barely matters here.
    let zero = series.ewif_series(&water_set("li_et_al", HydroWater::Zero).unwrap());
    let evap =
        series.ewif_series(&water_set("li_et_al", HydroWater::ReservoirEvaporation).unwrap());
    let mz = zero.iter().sum::<f64>() / zero.len() as f64;
    let me = evap.iter().sum::<f64>() / evap.len() as f64;
    assert!(
        mz > 0.5 && mz < 1.5 && me > mz && me - mz < 0.05,
        "{mz} {me}"
    );
}

#[test]
fn us_fleet_factors_reproduce_eia_and_egrid() {
    // `reference/accounting.md` §8 W10: NG 410.8, coal 1,019, distillate 817 kg/MWh; on
    // ERCOT's 2022 EIA-930 mix (OTH = 0) 345.9 g/kWh generation-weighted, −1.5% from
    // eGRID2022 ERCT 351.2.
    let d = US_EIA_FLEET_2022_DIRECT;
    assert!((d.get(Source::Gas) - 410.8).abs() < 0.05);
    assert!((d.get(Source::Coal) - 1_019.2).abs() < 0.05);
    assert!((d.get(Source::Oil) - 816.9).abs() < 0.05);
    let lifecycle = US_EIA_FLEET_2022;
    assert!((lifecycle.get(Source::Gas) - (410.8 + 120.0)).abs() < 0.05);
    let mix = read_eia930_genmix_csv(&erco_path()).unwrap();
    let total: Mix = mix.mixes.iter().fold(Mix::default(), |mut acc, m| {
        for s in Source::ALL {
            acc.add(s, m.get(s));
        }
        acc
    });
    let weighted = total.ci_g_per_kwh(&d);
    assert!((weighted - 345.9).abs() < 0.1, "{weighted}");
    assert!(((weighted / 351.2 - 1.0) + 0.015).abs() < 0.001);
    // the global direct medians the ERCOT preset used before sit about 20% below eGRID
    let before = total.ci_g_per_kwh(&ELECTRICITY_MAPS_DIRECT) / 351.2 - 1.0;
    eprintln!("EM direct on ERCOT 2022: {before:+.3} vs eGRID");
    assert!((-0.22..-0.17).contains(&before), "{before}");
}
