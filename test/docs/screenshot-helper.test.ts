/**
 * The screenshot checker itself, on pages made to fail: a block wider than a phone, a
 * wide table inside a scroll container (allowed), a console error, a KaTeX error, and an
 * SVG whose legend text leaves its box and the picture. Without these, a checker that
 * saw nothing would pass every page.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, findChromium, launch, NO_CHROMIUM, problems } from '../support/screenshot.js';

const chromiumPath = findChromium();
const dir = mkdtempSync(join(tmpdir(), 'shots-'));
const html = (name: string, body: string) => {
  const f = join(dir, name);
  writeFileSync(f, `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head><body style="margin:8px">${body}</body></html>`);
  return f;
};

describe.skipIf(!chromiumPath)('screenshot checker', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch(chromiumPath!);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('passes a page that fits, and one whose wide table scrolls inside its own container', async () => {
    expect(problems(await checkPage(browser, html('ok.html', '<p>short</p>'), 390))).toEqual([]);
    const scroll = html('scroll.html', '<div style="overflow-x:auto"><table><tr><td style="min-width:900px">wide</td></tr></table></div>');
    expect(problems(await checkPage(browser, scroll, 390))).toEqual([]);
  });

  it('reports a block wider than the viewport at 390 px but not at 1200 px', async () => {
    const wide = html('wide.html', '<div class="note" style="width:700px">a note seven hundred pixels wide</div>');
    const phone = problems(await checkPage(browser, wide, 390));
    expect(phone.join('\n')).toMatch(/div\.note: right edge 708 > 390/);
    expect(problems(await checkPage(browser, wide, 1200))).toEqual([]);
  });

  it('reports clipping hidden by overflow: hidden on the body', async () => {
    const f = join(dir, 'hidden.html');
    writeFileSync(f, '<!DOCTYPE html><html><body style="overflow-x:hidden;margin:0"><div class="eq" style="width:800px">x</div></body></html>');
    expect(problems(await checkPage(browser, f, 390)).join('\n')).toMatch(/div\.eq/);
  });

  it('reports console errors and KaTeX errors', async () => {
    const f = html('errors.html', '<span class="katex-error">\\frac{</span><script>console.error("boom")</script>');
    const p = problems(await checkPage(browser, f, 1200));
    expect(p).toContain('console: boom');
    expect(p).toContain('1 KaTeX error(s)');
  });

  it('reports SVG text outside the picture and legend text outside its box', async () => {
    const f = join(dir, 'plot.svg');
    writeFileSync(
      f,
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100" font-family="sans-serif" font-size="12">' +
        '<g class="legend"><rect class="legend-box" x="100" y="10" width="40" height="20"/><text x="104" y="24">a label far too long</text></g></svg>',
    );
    const p = problems(await checkPage(browser, f, 1200)).join('\n');
    expect(p).toMatch(/text 'a label far too long'.*frame 200 x 100/);
    expect(p).toMatch(/legend text 'a label far too long' leaves its box/);
  });
});

describe.skipIf(Boolean(chromiumPath))('screenshot checker', () => {
  it(NO_CHROMIUM, () => {});
});
