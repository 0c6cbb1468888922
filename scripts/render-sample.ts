/**
 * Renders the sample derivation of test/render/fixtures.ts (min x^2 + y^2 s.t. x + y = 1)
 * to /tmp/render-sample.html, its plots to /tmp/render-plots.html and /tmp/plot-*.svg,
 * plus the text and LaTeX forms, for a visual check with scripts/screenshot.sh.
 * Run: npx tsx scripts/render-sample.ts [outdir]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderHtml, renderLatex, renderText } from '../src/render/index.js';
import { lagrangeSample } from '../test/render/fixtures.js';

const dir = process.argv[2] ?? '/tmp';
const doc = lagrangeSample();
const t0 = performance.now();
const html = renderHtml(doc);
const ms = performance.now() - t0;
writeFileSync(path.join(dir, 'render-sample.html'), html);
writeFileSync(path.join(dir, 'render-sample.txt'), renderText(doc));
writeFileSync(path.join(dir, 'render-sample.tex'), renderLatex(doc, { standalone: true }));
const figures = doc.steps.flatMap((s) => s.blocks).flatMap((b) => (b.kind === 'figure' ? [b.svg] : []));
figures.forEach((svg, i) => writeFileSync(path.join(dir, `plot-${i + 1}.svg`), svg));
writeFileSync(
  path.join(dir, 'render-plots.html'),
  `<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0;background:#fff}div{margin:8px}</style></head><body>${figures
    .map((s) => `<div>${s}</div>`)
    .join('')}</body></html>`,
);
console.log(`html ${(html.length / 1024).toFixed(0)} kB in ${ms.toFixed(0)} ms; ${figures.length} figures -> ${dir}`);
