//! Inverse-transform sampling: every random quantity of a job drawn from a fixed number of
//! uniforms, so that changing a distribution's parameters moves each draw monotonically
//! instead of shifting every later draw of the stream (common random numbers across sweep
//! points, see [`crate::engine::rng`]).

use rand::RngCore;

/// A uniform in the open interval (0, 1), from the top 53 bits of one `u64` draw: never 0
/// or 1, so quantile functions stay finite. Consumes exactly one `u64`.
pub fn open_uniform<R: RngCore + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// Evaluates a polynomial with coefficients in increasing order of power (Horner).
fn poly(coefficients: &[f64], x: f64) -> f64 {
    coefficients.iter().rev().fold(0.0, |acc, c| acc * x + c)
}

/// The standard normal quantile Φ⁻¹(p) for p in (0, 1), by Wichura's algorithm AS 241
/// (PPND16; Applied Statistics 37(3), 477–484, 1988): rational approximations in three
/// regions, accurate to about 1 part in 10¹⁶. Returns ±∞ at 0 and 1 and NaN outside.
// The coefficients are written as published, with more digits than an f64 keeps.
#[allow(clippy::excessive_precision)]
pub fn standard_normal_quantile(p: f64) -> f64 {
    // Coefficients as published (AS 241), lowest power first; the denominators' constant
    // term is 1.
    const A: [f64; 8] = [
        3.387_132_872_796_366_608,
        1.331_416_678_917_843_774_5e2,
        1.971_590_950_306_551_442_7e3,
        1.373_169_376_550_946_112_5e4,
        4.592_195_393_154_987_145_7e4,
        6.726_577_092_700_870_085_3e4,
        3.343_057_558_358_812_810_5e4,
        2.509_080_928_730_122_672_7e3,
    ];
    const B: [f64; 8] = [
        1.0,
        4.231_333_070_160_091_125_2e1,
        6.871_870_074_920_579_083e2,
        5.394_196_021_424_751_107_7e3,
        2.121_379_430_158_659_586_7e4,
        3.930_789_580_009_271_061e4,
        2.872_908_573_572_194_267_4e4,
        5.226_495_278_852_854_561e3,
    ];
    const C: [f64; 8] = [
        1.423_437_110_749_683_577_34,
        4.630_337_846_156_545_295_9,
        5.769_497_221_460_691_405_5,
        3.647_848_324_763_204_605_04,
        1.270_458_252_452_368_382_58,
        2.417_807_251_774_506_117_7e-1,
        2.272_384_498_926_918_458_33e-2,
        7.745_450_142_783_414_076_4e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_758_821_87,
        1.676_384_830_183_803_849_4,
        6.897_673_349_851_000_045_5e-1,
        1.481_039_764_274_800_745_9e-1,
        1.519_866_656_361_645_719_66e-2,
        5.475_938_084_995_344_946e-4,
        1.050_750_071_644_416_843_24e-9,
    ];
    const E: [f64; 8] = [
        6.657_904_643_501_103_777_2,
        5.463_784_911_164_114_369_9,
        1.784_826_539_917_291_335_8,
        2.965_605_718_285_048_912_3e-1,
        2.653_218_952_657_612_309_3e-2,
        1.242_660_947_388_078_438_6e-3,
        2.711_555_568_743_487_578_15e-5,
        2.010_334_399_292_288_132_65e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        5.998_322_065_558_879_376_9e-1,
        1.369_298_809_227_358_053_1e-1,
        1.487_536_129_085_061_485_25e-2,
        7.868_691_311_456_132_591e-4,
        1.846_318_317_510_054_681_8e-5,
        1.421_511_758_316_445_888_7e-7,
        2.044_263_103_389_939_785_64e-15,
    ];
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let r = (-tail.ln()).sqrt();
    let z = if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -z } else { z }
}

/// Index of the class chosen by uniform `u` in [0, 1) among cumulative weights
/// (inverse transform of the discrete distribution): raising one class's weight moves
/// only the draws near its boundaries.
pub fn choose_by_cumulative(cumulative: &[f64], u: f64) -> usize {
    let total = cumulative.last().copied().unwrap_or(0.0);
    let target = u * total;
    cumulative
        .iter()
        .position(|&c| target < c)
        .unwrap_or(cumulative.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn normal_quantile_matches_known_values() {
        // Reference values: Φ⁻¹ from standard tables (e.g. Abramowitz & Stegun 26.2).
        let cases = [
            (0.5, 0.0),
            (0.975, 1.959_963_984_540_054),
            (0.841_344_746_068_543, 1.0),
            (0.99, 2.326_347_874_040_841),
            (1e-10, -6.361_340_902_404_056),
            (0.001, -3.090_232_306_167_813),
        ];
        for (p, z) in cases {
            let got = standard_normal_quantile(p);
            assert!(
                (got - z).abs() < 1e-12 * z.abs().max(1.0),
                "Φ⁻¹({p}) = {got}, not {z}"
            );
            // 1 − p is rounded, so the mirror image agrees to the rounding of p's tail.
            assert!((standard_normal_quantile(1.0 - p) + got).abs() < 1e-6);
        }
        assert!(standard_normal_quantile(f64::NAN).is_nan());
        assert!(standard_normal_quantile(1.5).is_nan());
        assert_eq!(standard_normal_quantile(0.0), f64::NEG_INFINITY);
    }

    #[test]
    fn open_uniform_is_inside_and_uniform() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let n = 100_000;
        let values: Vec<f64> = (0..n).map(|_| open_uniform(&mut rng)).collect();
        assert!(values.iter().all(|&u| u > 0.0 && u < 1.0));
        let mean = values.iter().sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.005, "{mean}");
        // Normal draws by inverse transform have unit variance.
        let z: Vec<f64> = values
            .iter()
            .map(|&u| standard_normal_quantile(u))
            .collect();
        let var = z.iter().map(|x| x * x).sum::<f64>() / n as f64;
        assert!((var - 1.0).abs() < 0.02, "{var}");
    }

    #[test]
    fn cumulative_choice_follows_weights_and_boundaries() {
        let cumulative = [0.7, 1.0];
        assert_eq!(choose_by_cumulative(&cumulative, 0.0), 0);
        assert_eq!(choose_by_cumulative(&cumulative, 0.69), 0);
        assert_eq!(choose_by_cumulative(&cumulative, 0.71), 1);
        assert_eq!(choose_by_cumulative(&cumulative, 0.999_999), 1);
        // Raising the first weight keeps every draw that chose it.
        let wider = [0.8, 1.0];
        for i in 0..100 {
            let u = i as f64 / 100.0;
            if choose_by_cumulative(&cumulative, u) == 0 {
                assert_eq!(choose_by_cumulative(&wider, u), 0);
            }
        }
    }
}
