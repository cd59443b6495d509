/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt in float64, by W. J. Cody's rational Chebyshev
 * approximations ("Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969)
 * 631–637; the coefficients are those of his SPECFUN routine CALERF, Argonne, 1985):
 *   |x| ≤ 0.46875:      erf(x)  = x·A(x²)/B(x²)
 *   0.46875 < |x| ≤ 4:  erfc(y) = e^(−y²)·C(y)/D(y)
 *   |x| > 4:            erfc(y) = e^(−y²)/y·(1/√π − z·P(z)/Q(z)), z = 1/y²
 * with erf = 1 − erfc and erf(−x) = −erf(x). e^(−y²) is formed as e^(−s²)·e^(−(y−s)(y+s)) with
 * s = y rounded down to a multiple of 1/16, so that the rounding error of y² is not amplified by
 * the exponential. Relative error ≲ 2 ulp over the whole line (checked against reference values in erf.test.ts).
 * ERF_COEFFS is shared with the generated kernel (codegen-ts kernels), which emits the same steps.
 */
export const ERF_COEFFS = {
  thresh: 0.46875,
  /** 1/√π */
  sqrpi: 5.6418958354775628695e-1,
  a: [3.1611237438705656, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3, 1.85777706184603153e-1],
  b: [2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3],
  c: [
    5.64188496988670089e-1, 8.88314979438837594, 6.61191906371416295e1, 2.98635138197400131e2, 8.8195222124176909e2, 1.71204761263407058e3,
    2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8,
  ],
  d: [
    1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3, 3.29079923573345963e3, 4.36261909014324716e3,
    3.43936767414372164e3, 1.23033935480374942e3,
  ],
  p: [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2],
  q: [2.56852019228982242, 1.87295284992346047, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3],
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

/** e^(−y²) without amplifying the rounding of y² (see the file comment). */
function expNegSquare(y: number): number {
  const s = Math.trunc(y * 16) / 16;
  return Math.exp(-s * s) * Math.exp(-(y - s) * (y + s));
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
