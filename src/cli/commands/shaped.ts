/**
 * The shaped path of `diff` and `gradcheck`: vectors and matrices declared with
 * `--shape d=n`, `--shape F=n,n`, `--props F=symmetric,positive_definite`, fixed with
 * `--dims n=3`, valued with nested lists (`--at 'd=[1,2,3]'`). Derivatives come out in
 * matrix notation (INTERFACE.md, "Vectors and matrices"). diff.ts and gradcheck.ts call
 * in here when a --shape is present, so their scalar path is untouched.
 */
import { CliError, EXIT } from '../errors.js';
import { stringValues, type ParsedArgs } from '../args.js';
import { readShapeOptions, splitAssignment, splitTopLevel, type ShapeOptions } from '../../input/index.js';
import { NAME_PATTERN } from '../../expr/index.js';
import { jsonDocument, type CliIO } from '../command.js';
import { documentFiles, type FileOutputs } from '../file-command.js';
import { writeOutputFiles } from '../source-file.js';
import type { Derivation, EquationRow } from '../../document/index.js';

type Values = ParsedArgs['values'];


/** Everything the shaped options say (read by the one declaration reader; its InputError is bad input, exit 2). */
export type ShapedInput = ShapeOptions;

/** Reads --shape, --props and --dims. */
export function readShapes(values: Values): ShapedInput {
  return readShapeOptions(stringValues(values['shape']), stringValues(values['props']), stringValues(values['dims']));
}

/** Parses EXPR under the declarations; parse and shape errors point into EXPR. */
async function readExpression(text: string, input: ShapedInput) {
  const M = await import('../../expr/matrix/index.js');
  const { ParseError } = await import('../../expr/parse-error.js');
  try {
    return M.parseMatrix(text, M.declare(input.declarations));
  } catch (err) {
    if (err instanceof ParseError) throw new CliError(err.reason, EXIT.BAD_INPUT, { label: 'EXPR', text, position: err.position });
    if (err instanceof M.MatrixInputError) throw new CliError(err.reason, EXIT.BAD_INPUT, { label: 'EXPR', text, position: err.pos });
    if (err instanceof M.ShapeError) throw new CliError(err.message, EXIT.BAD_INPUT, { label: '--shape', text: err.message });
    throw err;
  }
}

/** Reads --at NAME=VALUE items: a number or constant expression, or a nested list for a vector or matrix. */
async function readPoint(texts: readonly string[]): Promise<Record<string, number | number[] | number[][]>> {
  const { parseConstantValue } = await import('../input.js');
  const out: Record<string, number | number[] | number[][]> = {};
  for (const text of texts) {
    for (const piece of splitTopLevel(text, '()[]')) {
      const { name, value: rest } = splitAssignment(piece.text, '--at', text, piece.position);
      const v = rest.trim();
      if (v.startsWith('[')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(v);
        } catch {
          throw new CliError(`the value of "${name}" is not a list of numbers like [1,2,3] or [[1,2],[3,4]]`, EXIT.BAD_INPUT, { label: '--at', text, position: piece.position });
        }
        const flat = Array.isArray(parsed) && parsed.every((x) => typeof x === 'number' && Number.isFinite(x));
        const nested = Array.isArray(parsed) && parsed.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'number' && Number.isFinite(x)));
        if (!flat && !nested) throw new CliError(`the value of "${name}" must be a list of finite numbers or a list of such rows`, EXIT.BAD_INPUT, { label: '--at', text, position: piece.position });
        out[name] = parsed as number[] | number[][];
      } else {
        // A scalar: the scalar --at's reader (a constant expression, a finite value).
        out[name] = parseConstantValue(name, rest, piece.position + piece.text.indexOf('=') + 1, text);
      }
    }
  }
  return out;
}

function shapeJson(s: { rows: string | number; cols: string | number }): (string | number)[] {
  if (s.rows === 1 && s.cols === 1) return [];
  return s.cols === 1 ? [s.rows] : [s.rows, s.cols];
}

/** `diff` with shapes: the gradient (or Jacobian, Hessian) in matrix notation. */
export async function shapedDiff(values: Values, text: string, io: CliIO, outputs?: FileOutputs): Promise<number> {
  const shaped = readShapes(values);
  const f = await readExpression(text, shaped);
  const M = await import('../../expr/matrix/index.js');
  const D = await import('../../diff/matrix/index.js');
  const C = await import('../../compile/matrix/index.js');
  const decls = M.declare(shaped.declarations);
  let wrt: string[] = [];
  for (const w of stringValues(values['wrt'])) for (const name of w.split(',').map((s) => s.trim())) if (!wrt.includes(name)) wrt.push(name);
  if (wrt.length === 0) wrt = C.inputsOf([f], shaped.dims);
  const derivatives: Record<string, Record<string, unknown>> = {};
  const hessians: Record<string, Record<string, unknown>> = {};
  const exprs: { key: string; e: import('../../expr/matrix/index.js').MExpr }[] = [{ key: 'f', e: f }];
  for (const name of wrt) {
    if (!NAME_PATTERN.test(name)) throw new CliError(`"${name}" is not a name`, EXIT.BAD_INPUT, { label: '--wrt', text: name });
    const x = M.declaredNode(name, decls);
    let d;
    try {
      d = M.isScalarShape(f.shape) ? D.mgradient(f, x) : D.mjacobian(f, x);
    } catch (err) {
      if (err instanceof M.ShapeError) throw new CliError(err.message, EXIT.BAD_INPUT, { label: 'EXPR', text });
      throw err;
    }
    const kind = M.isScalarShape(f.shape) ? 'gradient' : 'jacobian';
    derivatives[name] = { text: M.mtoText(d), latex: M.mtoLatex(d), shape: shapeJson(d.shape), kind };
    exprs.push({ key: `d:${name}`, e: d });
    if (values['hessian']) {
      if (!M.isScalarShape(f.shape) || !(M.isColumnShape(x.shape) || M.isScalarShape(x.shape))) {
        throw new CliError('--hessian needs a scalar expression and a vector or scalar variable (a matrix variable would need a fourth-order tensor)', EXIT.BAD_INPUT, { label: '--wrt', text: name });
      }
      const h = D.mhessian(f, x);
      hessians[name] = { text: M.mtoText(h), latex: M.mtoLatex(h), shape: shapeJson(h.shape) };
      exprs.push({ key: `h:${name}`, e: h });
    }
  }
  const atTexts = stringValues(values['at']);
  let status = 'ok';
  let point: Record<string, unknown> | undefined;
  let fValue: unknown;
  if (atTexts.length > 0) {
    const at = await readPoint(atTexts);
    point = at;
    let dense;
    try {
      dense = C.evaluateMatrices(exprs.map((x) => x.e), { dims: shaped.dims, values: at });
    } catch (err) {
      if (err instanceof C.InstanceError) throw new CliError(err.message, EXIT.BAD_INPUT, { label: '--at', text: atTexts.join(' ') });
      throw err;
    }
    exprs.forEach(({ key }, i) => {
      const v = C.fromDense(dense[i]!);
      if (Array.from(dense[i]!.data).some((z) => !Number.isFinite(z))) status = 'not_finite';
      if (key === 'f') fValue = v;
      else (key.startsWith('d:') ? derivatives[key.slice(2)]! : hessians[key.slice(2)]!)['value'] = v;
    });
  }
  const fn: Record<string, unknown> = { text: M.mtoText(f), latex: M.mtoLatex(f), shape: shapeJson(f.shape) };
  if (fValue !== undefined) fn['value'] = fValue;
  if (outputs && (outputs.html !== undefined || outputs.latex !== undefined)) {
    const doc = matrixDiffDocument((name) => M.mtoLatex(M.declaredNode(name, decls)), fn as unknown as Shown, wrt, derivatives as unknown as Record<string, Shown>, hessians as unknown as Record<string, Shown>, point, M.formatShape(f.shape));
    const render = await import('../../render/index.js');
    writeOutputFiles(documentFiles(outputs, doc, render));
    if (outputs.latex === '-') {
      io.out(render.renderLatex(doc, { standalone: outputs.standalone }));
      return status === 'ok' ? EXIT.OK : EXIT.NO_ANSWER;
    }
    if (outputs.html === '-') {
      io.out(render.renderHtml(doc));
      return status === 'ok' ? EXIT.OK : EXIT.NO_ANSWER;
    }
  }
  if (values['json']) {
    const doc: Record<string, unknown> = { status, function: fn, wrt, derivatives };
    if (values['hessian']) doc['hessians'] = hessians;
    doc['declarations'] = shaped.declarations;
    if (Object.keys(shaped.dims).length > 0) doc['dimensions'] = shaped.dims;
    if (point) doc['at'] = point;
    io.out(jsonDocument(doc));
  } else {
    const lines = [`f = ${fn.text}    (${M.formatShape(f.shape)})`];
    if (values['latex-lines']) lines.push(`  LaTeX: ${fn.latex as string}`);
    for (const name of wrt) {
      const d = derivatives[name]!;
      lines.push('', `${d['kind'] === 'gradient' ? 'Gradient' : 'Jacobian'} with respect to ${name}:`, `  df/d${name} = ${d['text'] as string}`);
      if (values['latex-lines']) lines.push(`  LaTeX: ${d['latex'] as string}`);
      if (d['value'] !== undefined) lines.push(`  value: ${JSON.stringify(d['value'])}`);
      const h = hessians[name];
      if (h) {
        lines.push(`  Hessian: ${h['text'] as string}`);
        if (values['latex-lines']) lines.push(`  LaTeX: ${h['latex'] as string}`);
        if (h['value'] !== undefined) lines.push(`  value: ${JSON.stringify(h['value'])}`);
      }
    }
    if (fn['value'] !== undefined) lines.push('', `f at the point: ${JSON.stringify(fn['value'])}`);
    io.out(`${lines.join('\n')}\n`);
  }
  if (status !== 'ok') {
    io.err('lagrangian diff: a value is not finite at the point\n');
    return EXIT.NO_ANSWER;
  }
  return EXIT.OK;
}

/** `gradcheck` with shapes: the compiled matrix gradient against central differences, entry by entry. */
export async function shapedGradcheck(values: Values, text: string, io: CliIO, tol: { atol?: number; rtol?: number; richardson: boolean }): Promise<number> {
  const shaped = readShapes(values);
  const f = await readExpression(text, shaped);
  const M = await import('../../expr/matrix/index.js');
  const C = await import('../../compile/matrix/index.js');
  const D = await import('../../diff/matrix/index.js');
  const numeric = await import('../../numeric/index.js');
  if (!M.isScalarShape(f.shape)) throw new CliError(`gradcheck needs a scalar expression; EXPR is ${M.formatShape(f.shape)}`, EXIT.BAD_INPUT, { label: 'EXPR', text });
  const atTexts = stringValues(values['at']);
  if (atTexts.length === 0) throw new CliError('missing the point: give --dims n=3 and --at with a value for every input (nested lists for vectors and matrices)');
  const at = await readPoint(atTexts);
  const decls = M.declare(shaped.declarations);
  const inputs = C.inputsOf([f], shaped.dims);
  for (const name of inputs) if (!(name in at)) throw new CliError(`no value given for "${name}"`, EXIT.BAD_INPUT, { label: '--at', text: atTexts.join(' ') });
  const wrt = Object.keys(at).filter((k) => inputs.includes(k));
  let plan;
  let base: (Float64Array | number)[];
  try {
    const grads = wrt.map((name) => D.mgradient(f, M.declaredNode(name, decls)));
    plan = C.compileMatrix([f, ...grads], inputs, shaped.dims);
    base = inputs.map((name) => {
      const node = M.declaredNode(name, decls);
      const [r, c] = C.resolveShape(node.shape, shaped.dims);
      const d = C.toDense(name, at[name]!, r, c);
      return r === 1 && c === 1 ? d.data[0]! : Float64Array.from(d.data);
    });
  } catch (err) {
    if (err instanceof C.InstanceError) throw new CliError(err.message, EXIT.BAD_INPUT, { label: '--at', text: atTexts.join(' ') });
    throw err;
  }
  // The flat point: the entries of each --at variable in turn.
  const layout = wrt.map((name) => {
    const at = inputs.indexOf(name);
    const [rows, cols] = C.resolveShape(M.declaredNode(name, decls).shape, shaped.dims);
    return { name, at, size: rows * cols, cols };
  });
  // Entry names as the scalar path writes them: x[i] for a vector, A[i,j] for a matrix (1-based).
  const names = layout.flatMap(({ name, size, cols }) =>
    size === 1 ? [name] : Array.from({ length: size }, (_, i) => (cols === 1 ? `${name}[${i + 1}]` : `${name}[${Math.floor(i / cols) + 1},${(i % cols) + 1}]`)),
  );
  const unpack = (x: Float64Array): (Float64Array | number)[] => {
    const vals = [...base];
    let k = 0;
    for (const { at: i, size } of layout) {
      vals[i] = size === 1 && typeof base[i] === 'number' ? x[k]! : x.slice(k, k + size);
      k += size;
    }
    return vals;
  };
  const x0 = new Float64Array(names.length);
  let k0 = 0;
  for (const { at: i, size } of layout) {
    const v = base[i]!;
    if (typeof v === 'number') x0[k0] = v;
    else x0.set(v, k0);
    k0 += size;
  }
  const report = numeric.gradcheck(
    {
      f: (x) => plan.evaluate(unpack(x))[0]![0]!,
      gradient: (x, out) => {
        const outs = plan.evaluate(unpack(x));
        let k = 0;
        for (let j = 0; j < layout.length; j++) {
          out.set(outs[1 + j]!, k);
          k += layout[j]!.size;
        }
      },
      names,
    },
    x0,
    tol,
  );
  if (values['json']) {
    io.out(jsonDocument({ status: report.ok ? 'passed' : 'failed', ...report, at, dimensions: shaped.dims }));
  } else {
    const lines = [`gradcheck of f = ${M.mtoText(f)} at the given point (central differences)`, ''];
    for (const c of report.components) lines.push(`  ${c.wrt.padEnd(10)} symbolic ${c.symbolic.toPrecision(8)}  numeric ${c.numeric.toPrecision(8)}  ${c.ok ? 'ok' : 'FAIL'}`);
    lines.push('', `max abs error ${report.max_abs_error.toExponential(2)}, max rel error ${report.max_rel_error.toExponential(2)}`, report.ok ? 'passed' : 'FAILED', '');
    io.out(lines.join('\n'));
  }
  if (!report.ok) {
    io.err('lagrangian gradcheck: the symbolic and numeric derivatives differ beyond the tolerance\n');
    return EXIT.NO_ANSWER;
  }
  return EXIT.OK;
}

/** An expression as the JSON shows it: text, LaTeX, shape, and a value at the point when one is given. */
interface Shown {
  readonly text: string;
  readonly latex: string;
  readonly shape?: unknown;
  readonly kind?: string;
  readonly value?: unknown;
}

/** The derivatives of a shaped expression as a derivation document, in matrix notation (for --html and --latex). */
function matrixDiffDocument(nameLatex: (name: string) => string, fn: Shown, wrt: readonly string[], derivatives: Readonly<Record<string, Shown>>, hessians: Readonly<Record<string, Shown>>, point: Record<string, unknown> | undefined, fShape: string): Derivation {
  const row = (lhs: { text: string; latex: string }, rhs: Shown, note?: string): EquationRow => ({ lhs, relation: '=', rhs: { text: rhs.text, latex: rhs.latex }, ...(note ? { note } : {}) });
  const partial = (x: string, second = false) => ({
    text: second ? `d2f/d${x}2` : `df/d${x}`,
    latex: second ? `\\frac{\\partial^2 f}{\\partial ${nameLatex(x)}\\,\\partial ${nameLatex(x)}^{\\top}}` : `\\frac{\\partial f}{\\partial ${nameLatex(x)}}`,
  });
  const steps: Derivation['steps'][number][] = [
    { title: 'Function', blocks: [{ kind: 'equations', rows: [row({ text: 'f', latex: 'f' }, fn, `shape ${fShape}`)] }] },
    {
      title: wrt.some((x) => derivatives[x]!.kind === 'jacobian') ? 'Jacobians, in matrix notation' : 'Gradients, in matrix notation (each of its variable\'s shape)',
      blocks: [{ kind: 'equations', rows: wrt.map((x) => row(partial(x), derivatives[x]!, derivatives[x]!.kind === 'jacobian' ? 'Jacobian: one row per entry of f' : 'gradient')) }],
    },
  ];
  const hess = wrt.filter((x) => hessians[x] !== undefined);
  if (hess.length > 0) steps.push({ title: 'Hessians', blocks: [{ kind: 'equations', rows: hess.map((x) => row(partial(x, true), hessians[x]!)) }] });
  if (point) {
    const rows = [['f', JSON.stringify(fn.value ?? null)], ...wrt.map((x) => [`df/d${x}`, JSON.stringify(derivatives[x]!.value ?? null)])];
    steps.push({ title: 'Values at the given point', blocks: [{ kind: 'table', header: ['quantity', 'value'], rows }] });
  }
  return { title: `The derivatives of a function of ${wrt.join(', ')}, in matrix notation`, steps };
}
