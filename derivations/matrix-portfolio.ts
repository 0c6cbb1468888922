/**
 * Issue 13, case 3: minimum variance w = inv(S)*ones(n)/(ones(n)'*inv(S)*ones(n)); with a
 * target return mu'*w = r the two-fund form w = inv(S)*(g1*ones(n) + g2*mu) where
 * [a b; b c]*[g1; g2] = [1; r], a = 1'S^-1 1, b = 1'S^-1 mu, c = mu'S^-1 mu, i.e.
 * g1 = (c - b*r)/(a*c - b^2), g2 = (a*r - b)/(a*c - b^2); long-only (w >= 0): no closed
 * form, instances solved by active sets.
 * Run: `npx tsx derivations/matrix-portfolio.ts` — writes docs/derivations/matrix-portfolio.html.
 */
import { gen, runMatrixDerivation } from './matrix-cases.js';

const S = { name: 'S', shape: ['n', 'n'], properties: ['positive_definite'] };
const a = "(ones(n)'*inv(S)*ones(n))";
const b = "(ones(n)'*inv(S)*mu)";
const c = "(mu'*inv(S)*mu)";
const det = `(${a}*${c} - ${b}^2)`;

runMatrixDerivation('matrix-portfolio', 'Portfolio selection in matrix notation', [
  {
    file: { variables: [{ name: 'w', shape: ['n'] }], parameters: [S], minimize: "w'*S*w", subject_to: ["ones(n)'*w = 1"] },
    expected: { w: `inv(S)*ones(n)/${a}`, lambda_1: `-2/${a}` },
    instance: (rand, k) => ({ dims: { n: 1 + (k % 6) }, values: { S: gen.spd(rand, 1 + (k % 6)) } }),
  },
  {
    note: ['two funds'],
    file: { variables: [{ name: 'w', shape: ['n'] }], parameters: [S, { name: 'mu', shape: ['n'] }, 'r'], minimize: "w'*S*w", subject_to: ["ones(n)'*w = 1", "mu'*w = r"] },
    expected: { w: `(${c} - ${b}*r)/${det}*inv(S)*ones(n) + (${a}*r - ${b})/${det}*inv(S)*mu`, lambda_1: `-2*(${c} - ${b}*r)/${det}`, lambda_2: `-2*(${a}*r - ${b})/${det}` },
    instance: (rand, k) => ({ dims: { n: 2 + (k % 5) }, values: { S: gen.spd(rand, 2 + (k % 5)), mu: gen.vec(rand, 2 + (k % 5)), r: 2 * rand() - 1 } }),
  },
  {
    note: ['long only: no closed form'],
    file: { variables: [{ name: 'w', shape: ['n'] }], parameters: [S], minimize: "w'*S*w", subject_to: ["ones(n)'*w = 1", 'w >= 0'] },
    expected: {},
    instance: (rand, k) => ({ dims: { n: 1 + (k % 6) }, values: { S: gen.spd(rand, 1 + (k % 6)) } }),
  },
]);
