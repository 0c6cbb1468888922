/**
 * Every page under docs/derivations/ and every plot under docs/ (SVG, and the PNG beside it) in Chromium at a
 * laptop's 1200 px and a phone's 390 px: nothing clipped sideways outside a scroll
 * container, no console errors, no KaTeX errors; each plot's text and legend inside its
 * own frame (real fonts, real text widths). Screenshots land in
 * test-output/screenshots/. Skips with a message when chromium is not installed.
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, findChromium, launch, NO_CHROMIUM, pictureInPage, problems, WIDTHS } from '../support/screenshot.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCS = join(ROOT, 'docs');

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !relative(DOCS, f).startsWith('api'))
    .sort();
}

const chromiumPath = findChromium();
const pages = filesUnder(join(DOCS, 'derivations'), '.html');
const plots = filesUnder(DOCS, '.svg');
// The PNGs written beside the SVGs (optimize --plot): each shown in a page at both widths.
const rasters = filesUnder(DOCS, '.png');

describe.skipIf(!chromiumPath)('screenshots of docs/ (Chromium via playwright-core)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch(chromiumPath!);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('finds the pages and plots to check', () => {
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(plots.length).toBeGreaterThanOrEqual(20);
  });

  for (const file of pages) {
    for (const width of WIDTHS) {
      it(`${relative(ROOT, file)} at ${width} px`, async () => {
        const r = await checkPage(browser, file, width);
        expect(problems(r), r.screenshot).toEqual([]);
        // Not a failure: blocks a reader scrolls sideways, for whoever lays out the page.
        if (r.scrolling.length > 0) console.info(`${relative(ROOT, file)} at ${width} px: ${r.scrolling.length} block(s) scroll sideways, e.g. ${r.scrolling.slice(0, 3).join(' | ')}`);
      });
    }
  }

  for (const file of rasters) {
    it(`${relative(ROOT, file)}: fits a page at ${WIDTHS.join(' and ')} px`, async () => {
      const page = pictureInPage(file);
      for (const width of WIDTHS) {
        const r = await checkPage(browser, page, width);
        expect(problems(r), r.screenshot).toEqual([]);
      }
    });
  }

  for (const file of plots) {
    it(`${relative(ROOT, file)}: text and legend inside the frame; fits a page at ${WIDTHS.join(' and ')} px`, async () => {
      const direct = await checkPage(browser, file, 1200);
      expect(direct.outsideFrame, direct.screenshot).toEqual([]);
      expect(direct.errors).toEqual([]);
      const page = pictureInPage(file);
      for (const width of WIDTHS) {
        const r = await checkPage(browser, page, width);
        expect(problems(r), r.screenshot).toEqual([]);
      }
    });
  }
});

describe.skipIf(Boolean(chromiumPath))('screenshots of docs/', () => {
  it(NO_CHROMIUM, () => {});
});
