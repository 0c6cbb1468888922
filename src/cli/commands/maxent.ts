/**
 * `lagrangian maxent FILE [--json] [--html out.html] [--latex out.tex]`: the
 * maximum-entropy density for moment constraints on a support, derived step by step
 * (Lagrangian, functional derivative, exponential form, multipliers closed by named
 * integral rules or by Newton's method on the dual) and checked by quadrature.
 */
import type { Command } from '../command.js';
import { FILE_OUTPUT_HELP, readFileCommand, routeByJson, runFilePipeline } from '../file-command.js';

const HELP = `Usage: lagrangian maxent FILE [--json] [--html out.html] [--latex out.tex [--standalone]] [--quiet]

Finds the density p(x) of maximum entropy H[p] = -integral of p log p on a support,
subject to normalisation and moment constraints E[f_k(x)] = m_k. Stationarity of the
Lagrangian (a functional derivative) gives p = exp(lambda_0 - 1 + sum_k lambda_k f_k);
the multipliers are then found in closed form where the integrals have one (normal,
exponential, uniform, Laplace, half-normal; the integral rules used are named), by
scalar Newton for the gamma family, and otherwise by Newton's method on the convex
dual log Z(lambda) - lambda.m with adaptive quadrature (sums on a finite support).
Every answer is checked by quadrature of its normalisation and moments.

Problem file (JSON; FILE may be - for stdin):
  {"variable": "x",                          optional, default x
   "support": ["-inf", "inf"],               or [0, "inf"], [a, b] (numbers or
                                             parameters), or {"values": [1, 2, 3]}
   "parameters": ["mu", "sigma"],            optional
   "assume": ["sigma > 0"],                  optional, signs of parameters
   "moments": [{"f": "x", "value": "mu"},
               {"f": "(x - mu)^2", "value": "sigma^2"}],
   "parameter_values": {"mu": 0, "sigma": 1}, optional; needed when the multipliers
                                             have no closed form
   "name": "...", "description": "..."}      optional: a title for pages, free text
Unknown fields are refused.

A vector variable (docs/interface.md, "Vectors and matrices"): declare it with a shape,
  {"variable": {"name": "x", "shape": ["n"]},
   "parameters": [{"name": "mu", "shape": ["n"]},
                  {"name": "Sigma", "shape": ["n", "n"], "properties": ["positive_definite"]}],
   "moments": [{"f": "x", "value": "mu"}, {"f": "(x - mu)*(x - mu)'", "value": "Sigma"}],
   "dimensions": {"n": 3}, "parameter_values": {"mu": [...], "Sigma": [[...], ...]}}
gives the multivariate normal in matrix form (multipliers lambda_0, lambda_1, Lambda_2);
with "dimensions" and "parameter_values" the output adds "instance_check" (Gaussian
integral identities, quadrature for n <= 2, importance sampling, the scalar route for
n = 1). Shapes that do not fit are bad input (exit 2).

Convention (stated in the output): L = H[p] + lambda_0 (integral p - 1)
+ sum_k lambda_k (integral f_k p - m_k), so p = exp(lambda_0 - 1 + sum_k lambda_k f_k).

Options:
  --json           one JSON document: {"status", "density": {"text", "latex"},
                   "multipliers", "conditions", "family", ...} (docs/interface.md)
${FILE_OUTPUT_HELP}
  -h, --help       this help

Exit status: 0 optimal; 1 well-formed but no answer (status infeasible, unbounded,
unsupported or no_optimum_found, with the reason); 2 bad input (malformed file,
unknown name; the message names the field and position).

Examples:
  lagrangian maxent gaussian.json
  echo '{"support": {"values": [1,2,3,4,5,6]}, "moments": [{"f": "x", "value": 4.5}]}' | lagrangian maxent - --json
`;

/** The `maxent` command. */
export const maxent: Command = {
  name: 'maxent',
  summary: 'maximum-entropy density for moment constraints, derived and checked',
  help: HELP,
  async run(argv, io) {
    const { outputs, file } = readFileCommand(argv, 'a problem as JSON');
    // A vector variable takes the matrix-form route; the file's JSON is read once, for both.
    const [room, matrix] = await Promise.all([import('../../maxent/index.js'), import('./maxent-matrix.js')]);
    return runFilePipeline(
      'maxent',
      file,
      outputs,
      routeByJson(
        {
          parse: room.readMaxentProblem,
          solve: room.solveMaxent,
          derive: room.maxentDerivation,
          json: room.maxentJson,
          failure: (result) => (result.status === 'optimal' ? undefined : `${result.status}: ${result.message ?? 'no answer'}`),
        },
        await matrix.matrixMaxentRoute(),
      ),
      io,
    );
  },
};
