#!/usr/bin/env node
/**
 * The `lagrangian` binary. Everything happens in `cli/main.ts`; this file only wires
 * the process: arguments in, streams out, exit status set (not forced, so output drains).
 */
import { runCli } from './cli/main.js';
import { exitOnStreamFailure, streamSinks } from './cli/streams.js';

// A failed write to stdout or stderr (/dev/full, a closed pipe) ends the run with one line
// on stderr and exit status 74, never a stack trace.
const sinks = streamSinks(process.stdout, process.stderr, exitOnStreamFailure);

const result = await runCli(process.argv.slice(2), { ...sinks, env: process.env, stderrIsTerminal: process.stderr.isTTY === true });
process.exitCode = result.code;
