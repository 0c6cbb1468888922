/**
 * The playground (docs/playground/index.html) in Debian's Chromium, loaded from disk
 * (file://, every other request aborted): each example from the seeds runs in the page's
 * worker and shows values known independently (by hand, or by plain JavaScript written
 * here); bad input shows its message with the position marked in the typed text; Cancel
 * stops a long run and the page answers the next one. The bundle is built first (the
 * esbuild browser build of lagrangian/core: a `node:` import anywhere fails it).
 * Screenshots at 1200 and 390 px go to docs/figures/playground-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlayground, PLAYGROUND } from '../../scripts/build-playground.js';
import { findChromium, launch, NO_CHROMIUM } from '../support/screenshot.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIGURES = join(ROOT, 'docs', 'figures');
const chromiumPath = findChromium();

/** A page on the playground that records console errors, page errors and any request off the disk. */
async function open(browser: Browser, width: number, height = 900): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    errors.push(`network request blocked: ${url}`);
    return route.abort();
  });
  await page.goto(pathToFileURL(join(PLAYGROUND, 'index.html')).href, { waitUntil: 'load' });
  return { page, errors };
}

/** What the page shows after a run. */
interface Shown {
  state: string;
  status: string;
  summary: string;
  json: Record<string, any>;
  katex: number;
  katexErrors: number;
  plot: boolean;
}

async function waitIdle(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction("!document.body.classList.contains('busy')", null, { timeout });
}

async function shown(page: Page): Promise<Shown> {
  return {
    state: (await page.textContent('#state')) ?? '',
    status: (await page.textContent('#status')) ?? '',
    summary: (await page.textContent('#summary')) ?? '',
    json: JSON.parse((await page.textContent('#json')) || '{}') as Record<string, any>,
    katex: await page.locator('#derivation .katex').count(),
    katexErrors: await page.locator('#derivation .katex-error').count(),
    plot: (await page.locator('#plot svg').count()) > 0 && (await page.isVisible('#plot')),
  };
}

/** Picks the example whose label starts with `label`, runs it, waits for the answer. */
async function runExample(page: Page, label: string, timeout?: number): Promise<Shown> {
  const value = (await page.evaluate(`[...document.querySelectorAll('#example option')].find((o) => o.text.startsWith(${JSON.stringify(label)}))?.value`)) as string | undefined;
  expect(value, `example "${label}"`).toBeDefined();
  await page.selectOption('#example', value!);
  await page.click('#run');
  await waitIdle(page, timeout);
  return shown(page);
}

const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThan(tol);
const best = (json: Record<string, any>) => json.solutions[json.optimum[0]];

describe.skipIf(!chromiumPath)('the playground in Chromium, from file://', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    const sizes = await buildPlayground();
    expect(sizes.worker).toBeGreaterThan(100_000);
    browser = await launch(chromiumPath!);
    ({ page, errors } = await open(browser, 1200));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('Lagrange basics (seed 002): min x^2 + y^2 on x + y = 1 is 1/2 at (1/2, 1/2), by hand; with a plot', async () => {
    const r = await runExample(page, 'Lagrange basics');
    expect(r.status).toBe('status: optimal');
    expect(r.summary).toContain('x = 1/2, y = 1/2');
    const s = best(r.json);
    close(s.point.x.value, 0.5, 1e-15);
    close(s.objective.value, 0.5, 1e-15);
    close(s.multipliers.lambda_1.value, -1, 1e-15); // 2x + λ = 0 at x = 1/2
    expect(r.katex).toBeGreaterThan(20);
    expect(r.katexErrors).toBe(0);
    expect(r.plot).toBe(true);
  });

  it('min xy on x^2 + y^2 = 4 (seed 002) is -2 at (±√2, ∓√2)', async () => {
    const r = await runExample(page, 'min xy on the circle');
    expect(r.status).toBe('status: optimal');
    expect(r.json.optimum).toHaveLength(2);
    for (const i of r.json.optimum as number[]) {
      const s = r.json.solutions[i];
      close(s.objective.value, -2, 1e-12);
      close(Math.abs(s.point.x.value), Math.SQRT2, 1e-12);
      close(s.point.x.value + s.point.y.value, 0, 1e-12);
    }
  });

  it('three variables, two constraints (seed 002): x = y = z = 1/3, f = 1/3; no plot for three variables', async () => {
    const r = await runExample(page, 'Several constraints');
    const s = best(r.json);
    for (const v of ['x', 'y', 'z']) close(s.point[v].value, 1 / 3, 1e-15);
    close(s.objective.value, 1 / 3, 1e-15);
    expect(r.plot).toBe(false);
  });

  it('an inequality: the disc point nearest (2, 1) is (2, 1)/√5 with f = 6 − 2√5 and μ = √5 − 1', async () => {
    const r = await runExample(page, 'An inequality');
    const s = best(r.json);
    close(s.point.x.value, 2 / Math.sqrt(5), 1e-12);
    close(s.point.y.value, 1 / Math.sqrt(5), 1e-12);
    close(s.objective.value, 6 - 2 * Math.sqrt(5), 1e-12);
    close(s.multipliers.mu_1.value, Math.sqrt(5) - 1, 1e-12); // 2(x − 2) + 2μx = 0
  });

  it("the TRPO step (seed 000) in matrix form; at F = [[2,1,0],[1,2,1],[0,1,2]], g = F·(1,−1,2), ε = 0.03: d = 0.1·(1,−1,2), μ = 10 by hand", async () => {
    // inv(F) g = v = (1, −1, 2), g'v = 6, so d = sqrt(2ε/6)·v = 0.1·v and g = μ F d gives μ = 10.
    const r = await runExample(page, 'The TRPO step');
    expect(r.status).toBe('status: optimal');
    const s = best(r.json);
    expect(s.point.d.text).toContain('inv(F)*g');
    [0.1, -0.1, 0.2].forEach((v, i) => close(s.point.d.value[i], v, 1e-12));
    close(s.multipliers.mu_1.value, 10, 1e-12);
    expect(r.katexErrors).toBe(0);
  });

  it('maximum entropy with mean and variance (seed 000) is the normal density', async () => {
    const r = await runExample(page, 'Maximum entropy: the Gaussian');
    expect(r.status).toBe('status: optimal');
    expect(r.json.family).toBe('normal');
    expect(r.json.density.text).toBe('exp(-(x - mu)^2/(2*sigma^2))/sqrt(2*pi*sigma^2)');
    expect(r.katexErrors).toBe(0);
  });

  it("Brandeis dice: p_i ∝ exp(λ i) with λ from the mean 4.5, found here by bisection", async () => {
    const r = await runExample(page, 'Maximum entropy: Brandeis dice');
    const mean = (l: number) => {
      const w = [1, 2, 3, 4, 5, 6].map((i) => Math.exp(l * i));
      return w.reduce((s, x, k) => s + (k + 1) * x, 0) / w.reduce((s, x) => s + x, 0);
    };
    let [lo, hi] = [0, 2];
    for (let k = 0; k < 100; k++) [lo, hi] = mean((lo + hi) / 2) < 4.5 ? [(lo + hi) / 2, hi] : [lo, (lo + hi) / 2];
    const lambda = Number(/exp\(([-0-9.e]+)\*i/.exec(r.json.density.text)![1]);
    close(lambda, lo, 1e-10);
  });

  it("seed 001's program: f(0.3) and df/dx by the hand formula", async () => {
    const r = await runExample(page, 'Backprop as Lagrange');
    const a = Math.exp(0.3);
    const c = a + a * a;
    close(r.json.value, Math.exp(c) + Math.sin(c), 1e-12);
    const g = r.json.gradient.x;
    close(typeof g === 'number' ? g : g.value, (a + 2 * a * a) * (Math.exp(c) + Math.cos(c)), 1e-11);
  });

  it("diff of seed 001's composition at x = 0.3 equals the hand formula", async () => {
    const r = await runExample(page, "The derivative of seed 001's");
    const a = Math.exp(0.3);
    const c = a + a * a;
    close(r.json.derivatives.x.value, (a + 2 * a * a) * (Math.exp(c) + Math.cos(c)), 1e-11);
  });

  it('diff of x^2 y + exp(xy) at (1/2, −1): (2xy + y e^{xy}, x^2 + x e^{xy}) by hand', async () => {
    const r = await runExample(page, 'Gradient and Hessian');
    const e = Math.exp(-0.5);
    close(r.json.derivatives.x.value, -1 - e, 1e-15);
    close(r.json.derivatives.y.value, 0.25 + 0.5 * e, 1e-15);
    expect(await page.locator('#derivation h2', { hasText: 'Hessian' }).count()).toBe(1);
  });

  it('Rosenbrock by L-BFGS: every start reaches (1, 1), f = 0', async () => {
    const r = await runExample(page, 'Rosenbrock');
    expect(r.json.status).toBe('converged');
    for (const run of r.json.runs) {
      close(run.point.x, 1, 1e-6);
      close(run.point.y, 1, 1e-6);
    }
    expect(r.plot).toBe(true);
  });

  it('Gaussian wells (seed 004): the best run sits where a central difference of f, written here, vanishes, in the deepest well', async () => {
    const r = await runExample(page, 'Gaussian wells');
    const f = (x: number, y: number) => -Math.exp(-((x - 1) ** 2 + (y - 1) ** 2)) - 0.6 * Math.exp(-((x + 1) ** 2 + (y + 0.5) ** 2) / 0.5) - 0.3 * Math.exp(-((x - 1.5) ** 2 + (y + 1.5) ** 2) / 0.3);
    const b = r.json.runs[r.json.best];
    const h = 1e-5;
    const gx = (f(b.point.x + h, b.point.y) - f(b.point.x - h, b.point.y)) / (2 * h);
    const gy = (f(b.point.x, b.point.y + h) - f(b.point.x, b.point.y - h)) / (2 * h);
    expect(Math.hypot(gx, gy)).toBeLessThan(1e-5);
    close(b.objective, f(b.point.x, b.point.y), 1e-12);
    close(b.point.x, 1, 0.01);
    close(b.point.y, 1, 0.01);
  });

  it('projected gradient onto the unit circle: (2, 1)/√5 from every start', async () => {
    const r = await runExample(page, 'Projected gradient');
    for (const run of r.json.runs) {
      close(run.point.x, 2 / Math.sqrt(5), 1e-6);
      close(run.point.y, 1 / Math.sqrt(5), 1e-6);
    }
  });

  it('the small form writes the JSON: max x + y on the unit circle is √2 at (1, 1)/√2', async () => {
    await page.selectOption('#command', 'solve'); // (with optimize chosen, the form also writes a start)
    await page.click('#form summary');
    await page.fill('#form-variables', 'x, y');
    await page.selectOption('#form-sense', 'maximize');
    await page.fill('#form-objective', 'x + y');
    await page.fill('#form-constraints', 'x^2 + y^2 = 1');
    await page.click('#form-apply');
    expect(JSON.parse(await page.inputValue('#text'))).toEqual({ variables: ['x', 'y'], maximize: 'x + y', subject_to: ['x^2 + y^2 = 1'] });
    await page.click('#run');
    await waitIdle(page);
    const s = best((await shown(page)).json);
    close(s.objective.value, Math.SQRT2, 1e-12);
    close(s.point.x.value, Math.SQRT1_2, 1e-12);
    await page.click('#form summary');
  });

  it('bad input: the message, and the position marked in the typed text', async () => {
    await page.selectOption('#command', 'solve');
    const text = '{\n  "variables": ["x", "y"],\n  "minimize": "x^^2 + y",\n  "subject_to": []\n}';
    await page.fill('#text', text);
    await page.click('#run');
    await waitIdle(page);
    expect(await page.isVisible('#error')).toBe(true);
    expect(await page.textContent('#error-message')).toContain('in minimize "x^^2 + y" at char 3');
    const offset = text.indexOf('^^') + 1; // the second caret: the parser wants a value there
    expect(await page.getAttribute('#error', 'data-offset')).toBe(String(offset));
    expect(await page.textContent('#error-where mark')).toBe('^');
    expect(await page.textContent('#error-where')).toContain('line 3, column 18');
    expect(await page.evaluate("document.getElementById('text').selectionStart")).toBe(offset);

    const json = '{"variables": ["x"],\n "minimize": "x^2",}';
    await page.fill('#text', json);
    await page.click('#run');
    await waitIdle(page);
    expect(await page.textContent('#error-message')).toContain('JSON allows no trailing comma');
    expect(await page.getAttribute('#error', 'data-offset')).toBe(String(json.indexOf('}')));
    expect(await page.textContent('#error-where')).toContain('line 2, column 20');
  });

  it('Cancel stops a long run; the page stays responsive and answers the next run', async () => {
    await page.selectOption('#command', 'optimize');
    // Gradient descent from 100 starts with a tiny step and no tolerance to speak of: minutes of work.
    const starts = Array.from({ length: 100 }, (_, k) => [-1.5 + 0.03 * k, 1]);
    const long = { variables: ['x', 'y'], minimize: '100*(y - x^2)^2 + (1 - x)^2', subject_to: [], start: starts, method: 'gd', options: { lr: 0.0001, max_iter: 1_000_000_000, tol: 1e-300 } };
    await page.fill('#text', JSON.stringify(long));
    await page.click('#run');
    await page.waitForTimeout(1500);
    expect(await page.textContent('#state')).toMatch(/^running optimize… \d/); // the timer ticks: the page's own thread is free
    expect(await page.isEnabled('#cancel')).toBe(true);
    await page.click('#cancel');
    expect(await page.textContent('#state')).toBe('cancelled');
    expect(await page.isEnabled('#run')).toBe(true);
    // A worker still busy with the cancelled run would answer only after it: the next run must come back at once.
    const r = await runExample(page, 'Lagrange basics', 10_000);
    close(best(r.json).objective.value, 0.5, 1e-15);
  });

  it('no console error, no page error, no request off the disk', () => {
    expect(errors).toEqual([]);
  });

  it('screenshots at 1200 and 390 px, nothing wider than the screen', async () => {
    mkdirSync(FIGURES, { recursive: true });
    for (const [width, height] of [[1200, 1500], [390, 1700]] as const) {
      const { page: p, errors: e } = await open(browser, width, height);
      await runExample(p, 'Lagrange basics');
      await p.evaluate('document.fonts.ready.then(() => undefined)');
      // The elapsed time differs from run to run; without it the figure's bytes stay the same.
      await p.evaluate("document.getElementById('state').textContent = 'done'");
      expect(await p.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      const file = join(FIGURES, `playground-${width}.png`);
      await p.screenshot({ path: file });
      expect(existsSync(file)).toBe(true);
      expect(e).toEqual([]);
      await p.close();
    }
  });
});

describe.skipIf(Boolean(chromiumPath))('the playground in Chromium', () => {
  it(NO_CHROMIUM, () => {});
});
