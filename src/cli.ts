#!/usr/bin/env node
/**
 * The `lagrangian` binary. Everything happens in `cli/main.ts`; this file only wires
 * the process: arguments in, streams out, exit status set (not forced, so output drains).
 */
import { setFlagsFromString } from 'node:v8';
import { runCli } from './cli/main.js';
import { exitOnStreamFailure, streamSinks } from './cli/streams.js';
// The encoder alone (a leaf module), not compile's door: that would load the whole room
// at every start-up, which commands otherwise load only when they run.
import { relaxedSimd } from './compile/wasm/encoder.js';

// Fused multiply-adds in compiled matrix plans (WebAssembly relaxed SIMD): Node 22+ has
// them; Node 20's V8 only behind this flag, which this process may set for itself before
// it compiles anything (the library leaves flags to its host: docs/library.md).
if (!relaxedSimd()) setFlagsFromString('--experimental-wasm-relaxed-simd');

// A failed write to stdout or stderr (/dev/full, a closed pipe) ends the run with one line
// on stderr and exit status 74, never a stack trace.
const sinks = streamSinks(process.stdout, process.stderr, exitOnStreamFailure);

const result = await runCli(process.argv.slice(2), { ...sinks, env: process.env, stderrIsTerminal: process.stderr.isTTY === true });
process.exitCode = result.code;
