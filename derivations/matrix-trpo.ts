/**
 * Issue 13, case 1: the TRPO step in matrix form, for every n.
 * maximize g'*d s.t. d'*d <= eps gives d = sqrt(eps)*g/norm(g), mu_1 = norm(g)/(2*sqrt(eps));
 * with the Fisher metric (d'*F*d/2 <= eps, F SPD), d = sqrt(2*eps/(g'*inv(F)*g))*inv(F)*g.
 * Run: `npx tsx derivations/matrix-trpo.ts` — writes docs/derivations/matrix-trpo.html.
 */
import { gen, runMatrixDerivation } from './matrix-cases.js';

runMatrixDerivation('matrix-trpo', 'The TRPO step in matrix notation', [
  {
    file: { variables: [{ name: 'd', shape: ['n'] }], parameters: [{ name: 'g', shape: ['n'] }, 'eps'], assume: ['eps > 0'], maximize: "g'*d", subject_to: ["d'*d <= eps"] },
    expected: { d: 'sqrt(eps)*g/norm(g)', mu_1: 'norm(g)/(2*sqrt(eps))' },
    instance: (rand, k) => ({ dims: { n: 1 + (k % 6) }, values: { g: gen.vec(rand, 1 + (k % 6)), eps: 0.01 + rand() } }),
  },
  {
    note: ['Fisher metric'],
    file: { variables: [{ name: 'd', shape: ['n'] }], parameters: [{ name: 'g', shape: ['n'] }, { name: 'F', shape: ['n', 'n'], properties: ['symmetric', 'positive_definite'] }, 'eps'], assume: ['eps > 0'], maximize: "g'*d", subject_to: ["d'*F*d/2 <= eps"] },
    expected: { d: "sqrt(2*eps/(g'*inv(F)*g))*inv(F)*g", mu_1: "sqrt(g'*inv(F)*g/(2*eps))" },
    instance: (rand, k) => ({ dims: { n: 1 + (k % 6) }, values: { g: gen.vec(rand, 1 + (k % 6)), F: gen.spd(rand, 1 + (k % 6)), eps: 0.01 + rand() } }),
  },
]);
