#!/usr/bin/env node
/**
 * The `lagrangian` binary. Everything happens in `cli/main.ts`; this file only wires
 * the process: arguments in, streams out, exit status set (not forced, so output drains).
 */
import { setFlagsFromString } from 'node:v8';
import { runCli } from './cli/main.js';
import { exitOnStreamFailure, streamSinks } from './cli/streams.js';
import { installNodeThreads } from './compile/wasm/node-threads.js';

// Fused multiply-adds in compiled matrix plans (WebAssembly relaxed SIMD): V8 11.4 and
// later (Node 21+) have them; Node 20's V8 11.3 only behind this flag, which this process
// may set for itself before it compiles anything (the library leaves flags to its host:
// docs/library.md). Decided by the V8 version, not by probing: a probe would load the
// encoder and validate a module at every start-up, for commands that compile nothing.
const [v8Major = 0, v8Minor = 0] = process.versions.v8.split('.').map(Number);
if (v8Major < 11 || (v8Major === 11 && v8Minor < 4)) setFlagsFromString('--experimental-wasm-relaxed-simd');

// Large compiled matrix plans run their loops' chunks on worker threads (started on first use).
installNodeThreads();

// A failed write to stdout or stderr (/dev/full, a closed pipe) ends the run with one line
// on stderr and exit status 74, never a stack trace.
const sinks = streamSinks(process.stdout, process.stderr, exitOnStreamFailure);

const result = await runCli(process.argv.slice(2), { ...sinks, env: process.env, stderrIsTerminal: process.stderr.isTTY === true });
process.exitCode = result.code;
