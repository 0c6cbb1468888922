/**
 * Screenshot checks in Debian's Chromium, driven by playwright-core: load a page or a
 * picture from disk at a given width, take a full-page screenshot, and report what a
 * reader would see go wrong: content that overflows the viewport sideways outside a
 * scroll container (clipped on a phone), console errors, KaTeX errors, and for SVG
 * pictures text or legend boxes that leave the picture's own frame.
 *
 * Chromium is found on PATH (`apt-get install -y chromium`); without it `findChromium`
 * returns undefined and the tests skip with a message saying so. Fully offline: the
 * browser is launched with its background network features off and every request that
 * is not to a file: or data: URL is aborted (and counted as an error).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** The in-page probe (plain JavaScript evaluated by Chromium). */
const PROBE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'page-probe.js'), 'utf8');

/** Where screenshots go (git-ignored): test-output/screenshots in the repository. */
export const SCREENSHOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-output/screenshots');

/** The widths every page and plot is checked at: a laptop and a phone. */
export const WIDTHS = [1200, 390] as const;

/** The Chromium executable, or undefined when none is installed. */
export function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** The message a test skips with when Chromium is missing. */
export const NO_CHROMIUM = 'SKIPPED: no chromium on PATH (apt-get install -y chromium); screenshot checks not run';

/** Launches headless Chromium (offline flags). */
export async function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars'],
  });
}

/** What a page showed at one width. */
export interface PageReport {
  readonly file: string;
  readonly width: number;
  /** The PNG written. */
  readonly screenshot: string;
  /** document.documentElement.scrollWidth. */
  readonly scrollWidth: number;
  /** Elements sticking out past the viewport's right edge and not inside a horizontal scroll container: "tag.class: right edge". */
  readonly clipped: readonly string[];
  /** Blocks that scroll sideways inside their own container (allowed; listed so a reader's swipes can be counted). */
  readonly scrolling: readonly string[];
  /** Console errors, page errors and blocked requests. */
  readonly errors: readonly string[];
  /** Count of `.katex-error` elements. */
  readonly katexErrors: number;
  /** For an SVG document: text and legend boxes that leave the root's viewBox ("text 'abc': x0..x1, y0..y1"). */
  readonly outsideFrame: readonly string[];
}

/**
 * Loads `file` (HTML or SVG) at `width` px, screenshots the full page into
 * SCREENSHOT_DIR as NAME-WIDTH.png, and returns what it found.
 */
export async function checkPage(browser: Browser, file: string, width: number): Promise<PageReport> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    errors.push(`network request blocked: ${url}`);
    return route.abort();
  });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => undefined)');
    const found = (await page.evaluate(PROBE)) as { scrollWidth: number; clipped: string[]; scrolling: string[]; katexErrors: number; outside: string[]; svgSize?: [number, number] };
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const shot = join(SCREENSHOT_DIR, `${basename(file).replace(/\.[^.]+$/, '')}-${width}.png`);
    if (found.svgSize) {
      // A bare SVG document: size the viewport to the picture (a full-page shot of an SVG document never finishes).
      await page.setViewportSize({ width: Math.ceil(found.svgSize[0]), height: Math.ceil(found.svgSize[1]) });
      await page.screenshot({ path: shot });
    } else await page.screenshot({ path: shot, fullPage: true });
    return { file, width, screenshot: shot, scrollWidth: found.scrollWidth, clipped: found.clipped, scrolling: found.scrolling, errors, katexErrors: found.katexErrors, outsideFrame: found.outside };
  } finally {
    await page.close();
  }
}

/**
 * An HTML page that shows an SVG picture the way a Markdown viewer does (an image at
 * most as wide as the page, its height scaled along), written beside the screenshots;
 * returns its path. Checking this page at phone width shows whether the picture fits.
 */
export function pictureInPage(svgFile: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const page = join(SCREENSHOT_DIR, `${basename(svgFile).replace(/\.svg$/i, '')}-in-page.html`);
  const src = pathToFileURL(resolve(svgFile)).href;
  writeFileSync(
    page,
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${basename(svgFile)}</title>` +
      `<style>body{margin:16px;font-family:sans-serif}img{max-width:100%;height:auto}</style></head>` +
      `<body><p>${basename(svgFile)}</p><img src="${src}" alt="${basename(svgFile)}"></body></html>`,
  );
  return page;
}

/**
 * Whether a page passes: nothing clipped sideways (the document is no wider than the
 * viewport, or every block that sticks out is inside a scroll container), no errors,
 * no KaTeX errors, nothing outside an SVG's frame. Returns the problems, [] when none.
 */
export function problems(r: PageReport): string[] {
  const out: string[] = [];
  if (r.clipped.length > 0) out.push(`content past the right edge at ${r.width}px (document ${r.scrollWidth}px wide): ${r.clipped.slice(0, 5).join('; ')}`);
  out.push(...r.errors);
  if (r.katexErrors > 0) out.push(`${r.katexErrors} KaTeX error(s)`);
  out.push(...r.outsideFrame);
  return out;
}
