/**
 * The package's main entry, for Node: everything of `lagrangian/core` (core.ts, the
 * platform-neutral library) plus the pieces that need Node: the self-contained HTML page
 * of a derivation (KaTeX's fonts read from disk and inlined) and PNG pictures of plots
 * (resvg, a native module loaded on first use), and worker threads for the loops of
 * large compiled matrix plans (installed here, started on first use; the core runs those
 * loops on the calling thread).
 */
import { installNodeThreads } from './compile/wasm/node-threads.js';

installNodeThreads();

export * from './core.js';
export { installNodeThreads };
export { renderHtml } from './render/html-page.js';
export { svgToPng, type RasterOptions } from './render/plot/raster.js';
