/**
 * Vitest setup file: worker threads for large compiled matrix plans, as the package's main
 * entry (src/index.ts) and the CLI install them, so that tests importing the rooms
 * directly run plans as users get them.
 */
import { installNodeThreads } from '../../src/compile/wasm/node-threads.js';

installNodeThreads();
