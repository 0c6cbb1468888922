/**
 * Documents the render tests (and scripts/render-sample.ts) print: the Lagrangian of
 * min x^2 + y^2 s.t. x + y = 1 written out by hand with IR expressions, a table and
 * figures from the plot primitives; and a hostile document full of characters that
 * every output format must escape.
 */
import { add, derivative, mul, neg, num, pow, sub, sym, toText } from '../../src/index.js';
import type { Derivation } from '../../src/render/index.js';
import { fieldPlot, linePlot } from '../../src/render/index.js';

const x = sym('x');
const y = sym('y');
const lambda = sym('lambda');
/** The objective x^2 + y^2. */
export const f = add(pow(x, num(2)), pow(y, num(2)));
/** The constraint function g = x + y - 1 (g = 0). */
export const g = sub(add(x, y), num(1));
/** The Lagrangian f - lambda g. */
export const L = sub(f, mul(lambda, g));

/** Gradient descent on the reduced problem h(t) = t^2 + (1 - t)^2, step 0.1: t_k - 1/2 shrinks by 0.6 per step. */
export function descentErrors(steps = 25): [number, number][] {
  let t = 3;
  const out: [number, number][] = [];
  for (let k = 0; k <= steps; k++) {
    out.push([k, Math.abs(t - 0.5)]);
    t -= 0.1 * (4 * t - 2);
  }
  return out;
}

/** A projected-gradient path on the constraint line, from (2, -1) towards (1/2, 1/2). */
export function projectedPath(): [number, number][] {
  const pts: [number, number][] = [];
  let t = 2;
  for (let k = 0; k < 12; k++) {
    pts.push([t, 1 - t]);
    t -= 0.15 * (4 * t - 2);
  }
  return pts;
}

/** The worked example of seed 002: min x^2 + y^2 s.t. x + y = 1. */
export function lagrangeSample(): Derivation {
  const dLdx = derivative(L, x);
  const dLdy = derivative(L, y);
  const dLdl = derivative(L, lambda);
  const landscape = fieldPlot({
    f: (a, b) => a * a + b * b,
    xRange: [-1.5, 2.5],
    yRange: [-1.5, 2.5],
    resolution: 80,
    title: 'f(x, y) = x^2 + y^2 and the constraint x + y = 1',
    xLabel: 'x',
    yLabel: 'y',
    valueLabel: 'f(x, y)',
    contours: [0.5, 1, 2, 4, 6, 8, 10, 12],
    overlays: [
      { name: 'constraint x + y = 1', points: [[-1.5, 2.5], [2.5, -1.5]], color: '#ffffff', ends: false },
      { name: 'projected gradient', points: projectedPath(), color: '#ff9f0a', marker: 'circle' },
      { name: 'KKT point (1/2, 1/2)', points: [[0.5, 0.5]], color: '#ff3b30', marker: 'diamond' },
    ],
  });
  const curve = linePlot({
    title: 'Objective along the constraint',
    xLabel: 't  (x = t, y = 1 − t)',
    yLabel: 'value',
    series: [
      { name: 'f(t, 1 − t) = 2t² − 2t + 1', points: Array.from({ length: 61 }, (_, i) => { const t = -1 + i / 20; return [t, 2 * t * t - 2 * t + 1] as [number, number]; }) },
      { name: 'minimum at t = 1/2', points: [[0.5, 0.5]], marker: 'diamond' },
    ],
  });
  const errors = linePlot({
    title: 'Gradient descent on the reduced problem',
    xLabel: 'iteration k',
    yLabel: '|t_k − 1/2|',
    logY: true,
    series: [{ name: 'step 0.1 (rate 0.6)', points: descentErrors(), marker: 'circle' }],
  });
  return {
    title: 'Minimise x^2 + y^2 subject to x + y = 1',
    steps: [
      {
        title: 'Problem',
        blocks: [
          { kind: 'text', text: 'Find the point of the line x + y = 1 closest to the origin.' },
          {
            kind: 'equations',
            rows: [
              { lhs: { text: 'f(x, y)', latex: 'f(x, y)' }, relation: '=', rhs: f, note: 'objective, minimised' },
              { lhs: { text: 'g(x, y)', latex: 'g(x, y)' }, relation: '=', rhs: g, note: 'constraint g = 0' },
            ],
          },
        ],
      },
      {
        title: 'Lagrangian',
        blocks: [
          { kind: 'math', item: { text: `L(x, y, lambda) = ${toText(L)}`, latex: `\\mathcal{L}(x, y, \\lambda) = x^{2} + y^{2} - \\lambda\\left(x + y - 1\\right)` } },
        ],
      },
      {
        title: 'Stationarity',
        blocks: [
          { kind: 'text', text: 'Set every partial derivative of L to zero (grad f = λ grad g, and feasibility).' },
          {
            kind: 'equations',
            rows: [
              { lhs: { text: 'dL/dx', latex: '\\frac{\\partial \\mathcal{L}}{\\partial x}' }, relation: '=', rhs: dLdx, note: 'stationarity in x' },
              { lhs: { text: 'dL/dy', latex: '\\frac{\\partial \\mathcal{L}}{\\partial y}' }, relation: '=', rhs: dLdy, note: 'stationarity in y' },
              { lhs: { text: 'dL/dlambda', latex: '\\frac{\\partial \\mathcal{L}}{\\partial \\lambda}' }, relation: '=', rhs: dLdl, note: 'primal feasibility' },
              { lhs: dLdx, relation: '=', rhs: num(0) },
              { lhs: sub(dLdx, dLdy), relation: '=>', rhs: sub(x, y), note: 'subtract; so x = y' },
            ],
          },
        ],
      },
      {
        title: 'Solution',
        blocks: [
          {
            kind: 'equations',
            rows: [
              { lhs: x, relation: '=', rhs: num(0.5) },
              { lhs: y, relation: '=', rhs: num(0.5) },
              { lhs: lambda, relation: '=', rhs: num(1), note: 'from 2x = λ' },
              { lhs: { text: 'f(1/2, 1/2)', latex: 'f\\left(\\tfrac12, \\tfrac12\\right)' }, relation: '=', rhs: num(0.5), note: 'the minimum' },
            ],
          },
          {
            kind: 'table',
            header: ['variable', 'value', 'decimal', 'residual'],
            rows: [
              ['x', num(0.5), '0.5', '0'],
              ['y', num(0.5), '0.5', '0'],
              [lambda, num(1), '1', '0'],
            ],
          },
        ],
      },
      {
        title: 'Pictures',
        blocks: [
          { kind: 'figure', svg: landscape, caption: 'The landscape of f with its contours; the constraint line touches the level set f = 1/2 at the KKT point.' },
          { kind: 'figure', svg: curve, caption: 'Restricted to the constraint, f is a parabola in t with its minimum 1/2 at t = 1/2.' },
          { kind: 'figure', svg: errors, caption: 'The error of gradient descent falls by the factor 0.6 per step (a straight line on a log axis).' },
        ],
      },
    ],
  };
}

/** Text that must come out escaped in every format. */
export const HOSTILE = `<script>alert("x & y")</script> 100% of $5 #1 a_b c^d ~e {f} \\g | h < i > j`;

/** A document whose every user-text slot holds HOSTILE. */
export function hostileDoc(): Derivation {
  return {
    title: HOSTILE,
    steps: [
      {
        title: HOSTILE,
        blocks: [
          { kind: 'text', text: HOSTILE },
          { kind: 'equations', rows: [{ lhs: x, relation: '<=', rhs: neg(y), note: HOSTILE }] },
          { kind: 'table', header: [HOSTILE, 'b'], rows: [[HOSTILE, x]] },
          { kind: 'figure', svg: linePlot({ title: HOSTILE, xLabel: HOSTILE, yLabel: 'y', series: [{ name: HOSTILE, points: [[0, 1], [1, 2]] }] }), caption: HOSTILE },
        ],
      },
    ],
  };
}
