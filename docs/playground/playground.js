/*
 * The playground page: examples, the form, running a request in a Web Worker, Cancel
 * (the worker is terminated and a fresh one made on the next run), the answer and
 * errors marked at their position. Plain browser JavaScript, no build step; the
 * computation is worker.js (built by scripts/build-playground.ts), started from a Blob
 * because Chromium starts no worker from a file:// URL.
 */
'use strict';

const EXAMPLES = [
  {
    label: 'Lagrange basics: min x² + y² on x + y = 1 (seed 002)',
    command: 'solve',
    text: { name: 'minimise x^2 + y^2 subject to x + y = 1', variables: ['x', 'y'], minimize: 'x^2 + y^2', subject_to: ['x + y = 1'] },
  },
  {
    label: 'min xy on the circle x² + y² = 4 (seed 002)',
    command: 'solve',
    text: { name: 'minimise x*y subject to x^2 + y^2 = 4', variables: ['x', 'y'], minimize: 'x*y', subject_to: ['x^2 + y^2 = 4'] },
  },
  {
    label: 'Several constraints: three variables, two planes (seed 002)',
    command: 'solve',
    text: { variables: ['x', 'y', 'z'], minimize: 'x^2 + y^2 + z^2', subject_to: ['x + y + z = 1', 'x - y = 0'] },
  },
  {
    label: 'An inequality: nearest point of a disc (KKT with μ ≥ 0)',
    command: 'solve',
    text: { variables: ['x', 'y'], minimize: '(x - 2)^2 + (y - 1)^2', subject_to: ['x^2 + y^2 <= 1'] },
  },
  {
    label: 'The TRPO step in matrix form (seed 000)',
    command: 'solve',
    text: {
      name: "TRPO: maximise g'd subject to d'Fd/2 <= eps",
      variables: [{ name: 'd', shape: ['n'] }],
      parameters: [{ name: 'g', shape: ['n'] }, { name: 'F', shape: ['n', 'n'], properties: ['symmetric', 'positive_definite'] }, 'eps'],
      assume: ['eps > 0'],
      maximize: "g'*d",
      subject_to: ["d'*F*d/2 <= eps"],
      dimensions: { n: 3 },
      parameter_values: { g: [1, 1, 3], F: [[2, 1, 0], [1, 2, 1], [0, 1, 2]], eps: 0.03 },
    },
  },
  {
    label: 'Maximum entropy: the Gaussian from mean and variance (seed 000)',
    command: 'maxent',
    text: { variable: 'x', support: ['-inf', 'inf'], parameters: ['mu', 'sigma'], assume: ['sigma > 0'], moments: [{ f: 'x', value: 'mu' }, { f: '(x - mu)^2', value: 'sigma^2' }] },
  },
  {
    label: "Maximum entropy: Brandeis dice, mean 4.5 (Jaynes)",
    command: 'maxent',
    text: { variable: 'i', support: { values: [1, 2, 3, 4, 5, 6] }, moments: [{ f: 'i', value: 4.5 }] },
  },
  {
    label: "Backprop as Lagrange multipliers: seed 001's program",
    command: 'adjoint',
    text: { inputs: ['x'], program: ['a = exp(x)', 'b = a^2', 'c = a + b', 'd = exp(c)', 'e = sin(c)', 'f = d + e'], output: 'f', at: { x: 0.3 } },
  },
  {
    label: "The derivative of seed 001's composition at x = 0.3",
    command: 'diff',
    text: 'exp(exp(x)+exp(x)^2)+sin(exp(x)+exp(x)^2)',
    at: 'x=0.3',
  },
  {
    label: 'Gradient and Hessian of x²y + exp(xy)',
    command: 'diff',
    text: 'x^2*y + exp(x*y)',
    at: 'x=1/2, y=-1',
    hessian: true,
  },
  {
    label: 'Rosenbrock: L-BFGS from 9 starts',
    command: 'optimize',
    text: { name: "Rosenbrock's function, L-BFGS", variables: ['x', 'y'], minimize: '100*(y - x^2)^2 + (1 - x)^2', subject_to: [], start: [[-1.8, -0.8], [-1.8, 1], [-1.8, 2.8], [0, -0.8], [0, 1], [0, 2.8], [1.8, -0.8], [1.8, 1], [1.8, 2.8]], method: 'lbfgs' },
  },
  {
    label: 'Gaussian wells: gradient descent from a grid of starts (seed 004)',
    command: 'optimize',
    text: {
      name: 'three Gaussian wells, gradient descent',
      variables: ['x', 'y'],
      minimize: '-exp(-((x - 1)^2 + (y - 1)^2)) - 0.6*exp(-((x + 1)^2 + (y + 0.5)^2)/0.5) - 0.3*exp(-((x - 1.5)^2 + (y + 1.5)^2)/0.3)',
      subject_to: [],
      start: [[-2, -2], [-2, 0], [-2, 2], [0, -2], [0, 0], [0, 2], [2, -2], [2, 0], [2, 2]],
      method: 'gd',
      options: { lr: 0.2, max_iter: 3000 },
    },
  },
  {
    label: 'Projected gradient onto the unit circle (seed 004)',
    command: 'optimize',
    text: { variables: ['x', 'y'], minimize: '(x - 2)^2 + (y - 1)^2', subject_to: ['x^2 + y^2 = 1'], start: [[0, 1], [-1, 0], [0, -1]], method: 'projected' },
  },
];

const $ = (id) => document.getElementById(id);
const els = {
  example: $('example'), command: $('command'), text: $('text'), textLabel: $('text-label'), diffOptions: $('diff-options'),
  wrt: $('wrt'), at: $('at'), hessian: $('hessian'), run: $('run'), cancel: $('cancel'), state: $('state'),
  error: $('error'), errorMessage: $('error-message'), errorWhere: $('error-where'), output: $('output'), status: $('status'),
  summary: $('summary'), plot: $('plot'), derivation: $('derivation'), json: $('json'),
};

let worker = null;
let pending = null; // { id, started, timer }
let nextId = 1;

/** A worker from the source text of worker.js's function (a Blob URL: allowed from file://, unlike a worker file). */
function startWorker() {
  const source = `(${lagrangianWorker.toString()})();`; // eslint-disable-line no-undef
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const w = new Worker(url);
  URL.revokeObjectURL(url);
  w.onmessage = (e) => finish(e.data);
  w.onerror = (e) => {
    e.preventDefault();
    finish({ id: pending && pending.id, ok: false, message: `the worker stopped: ${e.message || 'unknown error'}` });
  };
  return w;
}

function setState(text, busy) {
  els.state.textContent = text;
  els.run.disabled = busy;
  els.cancel.disabled = !busy;
  document.body.classList.toggle('busy', busy);
}

function run() {
  if (pending) return;
  worker = worker || startWorker();
  const id = nextId++;
  const command = els.command.value;
  const request = { id, command, text: els.text.value };
  if (command === 'diff') Object.assign(request, { wrt: els.wrt.value, at: els.at.value, hessian: els.hessian.checked });
  const started = performance.now();
  pending = { id, started, timer: setInterval(() => setState(`running ${command}… ${((performance.now() - started) / 1000).toFixed(1)} s`, true), 200) };
  els.error.hidden = true;
  setState(`running ${command}…`, true);
  worker.postMessage(request);
}

function cancel() {
  if (!pending) return;
  worker.terminate();
  worker = null;
  clearInterval(pending.timer);
  pending = null;
  setState('cancelled', false);
}

function finish(answer) {
  if (!pending || answer.id !== pending.id) return;
  clearInterval(pending.timer);
  const seconds = ((performance.now() - pending.started) / 1000).toFixed(2);
  pending = null;
  if (!answer.ok) {
    setState(`error after ${seconds} s`, false);
    showError(answer);
    return;
  }
  setState(`done in ${seconds} s`, false);
  showAnswer(answer);
}

function showError(failure) {
  els.error.hidden = false;
  els.errorMessage.textContent = failure.message;
  els.errorWhere.textContent = '';
  els.error.dataset.offset = failure.offset === undefined ? '' : String(failure.offset);
  if (failure.offset === undefined) return;
  // The line of the input holding the position, the character marked; and the cursor placed there.
  const text = els.text.value;
  const start = text.lastIndexOf('\n', failure.offset - 1) + 1;
  const endNl = text.indexOf('\n', failure.offset);
  const end = endNl < 0 ? text.length : endNl;
  const line = text.slice(0, start).split('\n').length;
  const column = failure.offset - start + 1;
  const mark = document.createElement('mark');
  mark.textContent = text.slice(failure.offset, failure.offset + (failure.length || 1)) || ' ';
  els.errorWhere.append(`line ${line}, column ${column}:\n`, text.slice(start, failure.offset), mark, text.slice(failure.offset + (failure.length || 1), end));
  els.text.focus();
  els.text.setSelectionRange(failure.offset, failure.offset + (failure.length || 1));
}

function showAnswer(a) {
  els.output.hidden = false;
  els.status.textContent = `status: ${a.status}${a.reason ? ` (${a.reason})` : ''}`;
  els.status.className = /^(optimal|ok|converged)$/.test(a.status) ? 'good' : 'bad';
  els.summary.replaceChildren(
    ...a.summary.map(([label, value]) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      const td = document.createElement('td');
      th.textContent = label;
      td.textContent = value;
      tr.append(th, td);
      return tr;
    }),
  );
  // The plot and the derivation are the library's own output: SVG it draws, HTML it escapes and renders with KaTeX.
  els.plot.hidden = !a.plot;
  els.plot.innerHTML = a.plot || '';
  els.derivation.innerHTML = a.html;
  els.json.textContent = a.json;
}

/** JSON with two-space indents, but a list of numbers or strings on one line. */
function pretty(value, indent = '') {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((x) => x === null || typeof x !== 'object')) return `[${value.map((x) => JSON.stringify(x)).join(', ')}]`;
    return `[\n${value.map((x) => inner + pretty(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function showCommand() {
  const diff = els.command.value === 'diff';
  els.diffOptions.hidden = !diff;
  els.textLabel.textContent = diff ? 'Expression' : 'Problem (JSON, as for the CLI)';
  els.text.rows = diff ? 3 : 12;
}

function loadExample(i) {
  const ex = EXAMPLES[i];
  if (!ex) return;
  els.command.value = ex.command;
  els.text.value = typeof ex.text === 'string' ? ex.text : pretty(ex.text);
  els.wrt.value = ex.wrt || '';
  els.at.value = ex.at || '';
  els.hessian.checked = Boolean(ex.hessian);
  showCommand();
}

function applyForm() {
  const variables = $('form-variables').value.split(',').map((s) => s.trim()).filter(Boolean);
  const constraints = $('form-constraints').value.split('\n').map((s) => s.trim()).filter(Boolean);
  const problem = { variables, [$('form-sense').value]: $('form-objective').value, subject_to: constraints };
  els.command.value = els.command.value === 'optimize' ? 'optimize' : 'solve';
  if (els.command.value === 'optimize') problem.start = [variables.map(() => 1)];
  els.text.value = pretty(problem);
  showCommand();
}

EXAMPLES.forEach((ex, i) => els.example.add(new Option(ex.label, String(i))));
els.example.addEventListener('change', () => loadExample(Number(els.example.value)));
els.command.addEventListener('change', showCommand);
els.run.addEventListener('click', run);
els.cancel.addEventListener('click', cancel);
$('form-apply').addEventListener('click', applyForm);
els.text.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run();
});
loadExample(0);
els.example.value = '0';
