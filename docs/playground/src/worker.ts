/**
 * The playground's Web Worker: each message is a Request, each reply the Answer or
 * Failure with the request's id. Built as a classic script (an IIFE wrapped in a named
 * function, scripts/build-playground.ts) because Chromium starts no worker from a
 * file:// URL: the page makes a Blob of the function's source text and starts that.
 */
import { run, type Request } from './app.js';

interface WorkerScope {
  onmessage: ((e: { data: Request & { id: number } }) => void) | null;
  postMessage(message: unknown): void;
}
declare const self: WorkerScope;

self.onmessage = (e) => {
  const { id, ...req } = e.data;
  self.postMessage({ id, ...run(req) });
};
