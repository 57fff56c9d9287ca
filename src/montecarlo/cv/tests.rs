use super::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

#[test]
fn an_output_linear_in_its_control_is_recovered_exactly() {
    // y = 7 + 2.5 z: the sample mean of z is off zero, the intercept is not.
    let z = [0.3, 1.1, -0.4, 2.0, 0.9];
    let y: Vec<f64> = z.iter().map(|v| 7.0 + 2.5 * v).collect();
    let rows: Vec<Vec<f64>> = z.iter().map(|&v| vec![v]).collect();
    let e = estimate(&y, &rows).unwrap();
    assert_eq!(e.q, 1);
    assert!((e.mean - 7.0).abs() < 1e-9, "{}", e.mean);
    assert!(e.ci95.1 - e.ci95.0 < 1e-6);
    let plain = y.iter().sum::<f64>() / 5.0;
    assert!((plain - 7.0).abs() > 1.0);
}

#[test]
fn unbiased_with_the_predicted_variance_reduction_and_coverage() {
    // y = 3 + b·z + e with z, e standard normal: ρ² = b² / (b² + 1) = 0.81 at b = √(0.81/0.19).
    // With β estimated from n pairs the variance is (1 − ρ²)·Var(ȳ)·(n − 2)/(n − 3)
    // (Lavenberg & Welch 1981, one control).
    let b = (0.81f64 / 0.19).sqrt();
    let n = 20;
    let experiments = 4_000;
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let (mut plain, mut cv, mut covered) = (Vec::new(), Vec::new(), 0);
    for _ in 0..experiments {
        let z: Vec<f64> = (0..n)
            .map(|_| Distribution::<f64>::sample(&StandardNormal, &mut rng))
            .collect();
        let y: Vec<f64> = z
            .iter()
            .map(|v| 3.0 + b * v + Distribution::<f64>::sample(&StandardNormal, &mut rng))
            .collect();
        let rows: Vec<Vec<f64>> = z.iter().map(|&v| vec![v]).collect();
        let e = estimate(&y, &rows).unwrap();
        plain.push(y.iter().sum::<f64>() / n as f64);
        cv.push(e.mean);
        if e.ci95.0 <= 3.0 && 3.0 <= e.ci95.1 {
            covered += 1;
        }
    }
    let var = |v: &[f64]| {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        (
            m,
            v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64,
        )
    };
    let (m_cv, v_cv) = var(&cv);
    let (_, v_plain) = var(&plain);
    // Unbiased: within 4 standard errors of the truth.
    assert!(
        (m_cv - 3.0).abs() < 4.0 * (v_cv / experiments as f64).sqrt(),
        "{m_cv}"
    );
    // Var(ȳ) = (b² + 1)/n exactly; the ratio is 0.19 × 18/17 = 0.201. The sample variance
    // of 4,000 estimates has a relative standard error of √(2/4000) = 2.2 %.
    let predicted = 0.19 * 18.0 / 17.0;
    let measured = v_cv / ((b * b + 1.0) / n as f64);
    assert!(
        (measured / predicted - 1.0).abs() < 0.1,
        "{measured} vs {predicted}"
    );
    assert!((v_plain / ((b * b + 1.0) / n as f64) - 1.0).abs() < 0.1);
    // 95% coverage; binomial sd of the rate over 4,000 is 0.34 %.
    let rate = covered as f64 / experiments as f64;
    assert!((rate - 0.95).abs() < 0.015, "coverage {rate}");
}

#[test]
fn absent_without_a_varying_control_or_enough_pairs_and_with_collinear_controls() {
    let y = [1.0, 2.0, 4.0, 3.0, 5.0];
    let flat: Vec<Vec<f64>> = y.iter().map(|_| vec![0.5]).collect();
    assert_eq!(estimate(&y, &flat), None);
    let one: Vec<Vec<f64>> = [0.1, -0.3, 0.2, 0.7].iter().map(|&v| vec![v]).collect();
    // q = 1 needs four pairs.
    assert!(estimate(&y[..3], &one[..3]).is_none());
    assert!(estimate(&y[..4], &one).is_some());
    // Two controls, the second twice the first.
    let twice: Vec<Vec<f64>> = [0.1, -0.3, 0.2, 0.7, 0.4]
        .iter()
        .map(|&v| vec![v, 2.0 * v])
        .collect();
    assert_eq!(estimate(&y, &twice), None);
    // A constant control is left out and the other one kept.
    let mixed: Vec<Vec<f64>> = [0.1, -0.3, 0.2, 0.7, 0.4]
        .iter()
        .map(|&v| vec![0.0, v])
        .collect();
    assert_eq!(estimate(&y, &mixed).unwrap().q, 1);
    assert!(estimate(&[f64::NAN, 1.0, 2.0, 3.0], &one).is_none());
}
