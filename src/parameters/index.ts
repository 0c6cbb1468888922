/**
 * The parameters room: what is known about the parameters of a problem, in one place.
 * The assumptions themselves are expr's `Assumptions` (sign facts and relations); this
 * room adds the user's values, one seeded sampler with one range policy that respects
 * every assumption, safe evaluation at the samples, and `signOf(e) → {sign, evidence}`.
 * lagrange, maxent and solve read parameters only through it.
 */
export { parameterContext, withAssumptions, userValue, type ParameterContext, type ParameterContextOptions } from './context.js';
export { drawSamples, assumptionsHold, SAMPLE_COUNT, SAMPLE_RANGE, type SampleOptions } from './samples.js';
export { evaluateAt, valueAt, isParametric } from './evaluate.js';
export { signOf, provedSign, isNonNegative, isNonPositive, isExactlyZero, positivity, ZERO_TOL, type Sign, type SignResult, type PositivityVerdict } from './sign.js';
export { readAssumeEntries } from './assume-entries.js';
