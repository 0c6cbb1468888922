/**
 * Vitest setup (vitest.config.ts): the test workers run as the CLI does. Node 20's V8
 * has WebAssembly relaxed SIMD (the fused multiply-add of compiled matrix plans) only
 * behind `--experimental-wasm-relaxed-simd`; set here before any test compiles, and only
 * where the engine lacks it (a command-line flag would stop a later Node that dropped it).
 */
import { setFlagsFromString } from 'node:v8';
import { relaxedSimd } from '../../src/compile/wasm/encoder.js';

if (!relaxedSimd()) setFlagsFromString('--experimental-wasm-relaxed-simd');
