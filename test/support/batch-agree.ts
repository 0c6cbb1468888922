/**
 * Comparing a batched value with the single-point value of the same compiled function.
 * The WebAssembly batch (src/compile/wasm/batch.ts) does the JS path's arithmetic in the
 * same order, so the doubles are the same, except where the program calls exp, log,
 * tanh, sin or cos (vector versions within 2 ulp of Math's) or a large integer power
 * (squaring, a few ulp from Math.pow): only there a tolerance applies.
 */
import type { CompiledInfo } from '../../src/compile/index.js';

/** True when the batch's values may differ from the JS path's by the ulps of exp, log, tanh, sin, cos or pow. */
export function batchMayRound(f: CompiledInfo): boolean {
  return f.batchBackend === 'wasm-simd' && /Math\.(exp|log|tanh|sin|cos|pow)\(/.test(f.source);
}

/** The same double (NaN with NaN), or within `rel` relative (absolute below 1) where `batchMayRound`. */
export function batchAgrees(f: CompiledInfo, batch: number, single: number, rel = 1e-12): boolean {
  if (Object.is(batch, single) || batch === single || (Number.isNaN(batch) && Number.isNaN(single))) return true;
  return batchMayRound(f) && Number.isFinite(single) && Math.abs(batch - single) <= rel * Math.max(1, Math.abs(single));
}
