/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt in float64, by W. J. Cody's rational Chebyshev
 * approximations ("Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969)
 * 631–637; the coefficients are those of his SPECFUN routine CALERF, Argonne, 1985):
 *   |x| ≤ 0.46875:      erf(x)  = x·A(x²)/B(x²)
 *   0.46875 < |x| ≤ 4:  erfc(y) = e^(−y²)·C(y)/D(y)
 *   |x| > 4:            erfc(y) = e^(−y²)/y·(1/√π − z·P(z)/Q(z)), z = 1/y²
 * with erf = 1 − erfc and erf(−x) = −erf(x). e^(−y²) is one exponential of the rounded y²: its
 * relative error y²·2⁻⁵³ moves erf = 1 − erfc(y) by erfc(y)·y²·2⁻⁵³ ≤ 2·10⁻¹⁷ (largest near y = 1),
 * under a fifth of an ulp (Cody's split of y² at y rounded to 1/16 only matters for erfc itself,
 * which nnc does not expose; one exp instead of two is what makes gelu cheap). Within 1e-15
 * relative over the whole line (checked against reference values in erf.test.ts).
 * ERF_COEFFS is shared with the generated kernel (codegen-ts kernels), which emits the same steps.
 */
export const ERF_COEFFS = {
  thresh: 0.46875,
  /** 1/√π */
  sqrpi: 0.5641895835477563,
  a: [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315],
  b: [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171],
  c: [
    0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769, 1712.0476126340707,
    2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
  ],
  d: [
    15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247,
    3439.3676741437216, 1230.3393548037495,
  ],
  p: [0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378, 0.016315387137302097],
  q: [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918],
} as const;

/**
 * Cody's form of a rational function: num = (((c[top]·t + c[0])·t + c[1])·t … + c[n−1])·t, den likewise
 * with a leading 1, and the value (num + c[n]) / (den + d[n]) with n = d.length − 1.
 */
function rational(c: readonly number[], d: readonly number[], t: number, top: number): number {
  const n = d.length - 1;
  let num = c[top]! * t;
  let den = t;
  for (let i = 0; i < n; i++) {
    num = (num + c[i]!) * t;
    den = (den + d[i]!) * t;
  }
  return (num + c[n]!) / (den + d[n]!);
}

/** e^(−y²) (one exponential: see the file comment). */
function expNegSquare(y: number): number {
  return Math.exp(-y * y);
}

/** erfc(y) for y > 0.46875. */
function erfcTail(y: number): number {
  const k = ERF_COEFFS;
  if (y <= 4) return expNegSquare(y) * rational(k.c, k.d, y, 8);
  if (y >= 26.6) return 0;
  const z = 1 / (y * y);
  const r = z * rational(k.p, k.q, z, 5);
  return (expNegSquare(y) / y) * (k.sqrpi - r);
}

export function erfScalar(x: number): number {
  const y = Math.abs(x);
  if (Number.isNaN(x)) return NaN;
  if (y <= ERF_COEFFS.thresh) return x * rational(ERF_COEFFS.a, ERF_COEFFS.b, y * y, 4);
  const r = 0.5 - erfcTail(y) + 0.5;
  return x < 0 ? -r : r;
}
