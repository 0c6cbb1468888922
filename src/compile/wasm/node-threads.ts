/**
 * Worker threads for compiled plans on Node (pool.ts has the protocol and names no Node
 * API, so that the core bundles for browsers): workers started with `node:worker_threads`
 * from source text (`eval: true`), so no file has to be found beside a bundle. The
 * package's main entry and the CLI install it; `lagrangian/core` alone runs every chunk on
 * the calling thread.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { installThreadHost } from './pool.js';

/** Lets large compiled plans run their chunks on worker threads (idempotent). */
export function installNodeThreads(): void {
  installThreadHost({
    cores: availableParallelism(),
    start(program, control, spin, index) {
      const { port1, port2 } = new MessageChannel();
      const source = `'use strict';\nconst { workerData, receiveMessageOnPort } = require('node:worker_threads');\n(${program})(workerData.control, workerData.port, workerData.spin, receiveMessageOnPort, workerData.index);\n`;
      const worker = new Worker(source, { eval: true, workerData: { control, port: port2, spin, index }, transferList: [port2] });
      return { worker, port: port1 };
    },
    receive: (port) => receiveMessageOnPort(port as MessagePort),
  });
}
