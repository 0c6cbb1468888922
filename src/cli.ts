#!/usr/bin/env node
/**
 * The `lagrangian` binary. Everything happens in `cli/main.ts`; this file only wires
 * the process: arguments in, streams out, exit status set (not forced, so output drains).
 */
import { runCli } from './cli/main.js';

// `lagrangian demo | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const result = await runCli(process.argv.slice(2), {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  env: process.env,
});
process.exitCode = result.code;
