/**
 * The worker side of `--timeout`: runs the CLI on the arguments it is given and sends
 * its output and exit status back to the main thread (see timeout.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { installNodeThreads } from '../compile/wasm/node-threads.js';
import { runCli } from './main.js';

// As the CLI's own thread does (cli.ts): large compiled plans on worker threads.
installNodeThreads();

const port = parentPort!;
const { argv, stderrIsTerminal } = workerData as { argv: string[]; stderrIsTerminal: boolean };
const result = await runCli(argv, { out: (t) => port.postMessage({ out: t }), err: (t) => port.postMessage({ err: t }), stderrIsTerminal });
port.postMessage({ code: result.code });
