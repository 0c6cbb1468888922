/**
 * The named integral rules that close the normalisation and moment equations of the
 * maximum-entropy families. A derivation names each rule it uses (the egg habit of
 * naming rewrite rules), so a reader can check every integral against a table.
 */

/** One integral identity, with the conditions under which it holds. */
export interface IntegralRule {
  /** Stable identifier, e.g. `gaussian-integral`. */
  readonly id: string;
  /** Human title. */
  readonly title: string;
  /** The identity in plain text. */
  readonly text: string;
  /** The identity in LaTeX (renders with KaTeX). */
  readonly latex: string;
}

const rule = (id: string, title: string, text: string, latex: string): IntegralRule => ({ id, title, text, latex });

/** Every rule the maxent room may cite. */
export const INTEGRAL_RULES = {
  gaussian: rule(
    'gaussian-integral',
    'Gaussian integral',
    'integral over (-inf, inf) of exp(-a*x^2 + b*x) dx = sqrt(pi/a)*exp(b^2/(4*a)), for a > 0',
    '\\int_{-\\infty}^{\\infty} \\mathrm{e}^{-a x^{2} + b x}\\,dx = \\sqrt{\\frac{\\pi}{a}}\\, \\mathrm{e}^{\\frac{b^{2}}{4a}} \\quad (a > 0)',
  ),
  gaussianMoments: rule(
    'gaussian-moments',
    'Moments of a Gaussian weight',
    'under exp(-a*x^2 + b*x)/Z on (-inf, inf): E[x] = b/(2*a), E[(x - E[x])^2] = 1/(2*a)',
    '\\text{under } \\mathrm{e}^{-a x^{2} + b x}/Z:\\quad \\mathbb{E}[x] = \\frac{b}{2a},\\quad \\mathbb{E}\\left[(x - \\mathbb{E}[x])^{2}\\right] = \\frac{1}{2a}',
  ),
  gaussianRn: rule(
    'gaussian-integral-rn',
    'Gaussian integral on R^n',
    "integral over R^n of exp(-x'*A*x/2 + b'*x) dx = (2*pi)^(n/2)*det(A)^(-1/2)*exp(b'*inv(A)*b/2), for A symmetric positive definite",
    '\\int_{\\mathbb{R}^{n}} \\mathrm{e}^{-\\frac{1}{2}\\boldsymbol{x}^{\\top} \\boldsymbol{A} \\boldsymbol{x} + \\boldsymbol{b}^{\\top} \\boldsymbol{x}}\\,d\\boldsymbol{x} = (2\\pi)^{n/2} \\det(\\boldsymbol{A})^{-1/2}\\, \\mathrm{e}^{\\frac{1}{2}\\boldsymbol{b}^{\\top} \\boldsymbol{A}^{-1} \\boldsymbol{b}} \\quad (\\boldsymbol{A} \\succ 0)',
  ),
  gaussianMomentsRn: rule(
    'gaussian-moments-rn',
    'First and second moments of a Gaussian weight on R^n',
    "under exp(-x'*A*x/2 + b'*x)/Z on R^n: E[x] = inv(A)*b, E[(x - E[x])*(x - E[x])'] = inv(A) (differentiate log Z = b'*inv(A)*b/2 + const once and twice in b)",
    '\\text{under } \\mathrm{e}^{-\\frac{1}{2}\\boldsymbol{x}^{\\top} \\boldsymbol{A} \\boldsymbol{x} + \\boldsymbol{b}^{\\top} \\boldsymbol{x}}/Z:\\quad \\mathbb{E}[\\boldsymbol{x}] = \\nabla_{\\boldsymbol{b}} \\log Z = \\boldsymbol{A}^{-1} \\boldsymbol{b},\\quad \\operatorname{Cov}[\\boldsymbol{x}] = \\nabla^{2}_{\\boldsymbol{b}} \\log Z = \\boldsymbol{A}^{-1}',
  ),
  halfGaussian: rule(
    'half-gaussian-integral',
    'Half-line Gaussian integrals',
    'integral over [0, inf) of exp(-a*x^2) dx = sqrt(pi/a)/2 and of x^2*exp(-a*x^2) dx = sqrt(pi/a)/(4*a), for a > 0',
    '\\int_{0}^{\\infty} \\mathrm{e}^{-a x^{2}}\\,dx = \\frac{1}{2}\\sqrt{\\frac{\\pi}{a}},\\quad \\int_{0}^{\\infty} x^{2} \\mathrm{e}^{-a x^{2}}\\,dx = \\frac{1}{4a}\\sqrt{\\frac{\\pi}{a}} \\quad (a > 0)',
  ),
  gammaFunction: rule(
    'gamma-function-integral',
    'Gamma-function integral',
    'integral over [0, inf) of x^n*exp(-r*x) dx = n!/r^(n+1), for r > 0 and n = 0, 1, 2, ...',
    '\\int_{0}^{\\infty} x^{n} \\mathrm{e}^{-r x}\\,dx = \\frac{n!}{r^{n+1}} \\quad (r > 0,\\ n = 0, 1, 2, \\ldots)',
  ),
  exponentialInterval: rule(
    'exponential-integral-on-interval',
    'Exponential integral over an interval',
    'integral over [a, b] of exp(c*x) dx = (exp(c*b) - exp(c*a))/c for c != 0, and b - a for c = 0',
    '\\int_{a}^{b} \\mathrm{e}^{c x}\\,dx = \\frac{\\mathrm{e}^{c b} - \\mathrm{e}^{c a}}{c} \\quad (c \\ne 0), \\qquad \\int_{a}^{b} dx = b - a',
  ),
  laplace: rule(
    'laplace-integral',
    'Laplace (double-exponential) integrals',
    'integral over (-inf, inf) of exp(-abs(x - c)/s) dx = 2*s and of abs(x - c)*exp(-abs(x - c)/s) dx = 2*s^2, for s > 0',
    '\\int_{-\\infty}^{\\infty} \\mathrm{e}^{-\\left|x - c\\right|/s}\\,dx = 2s,\\quad \\int_{-\\infty}^{\\infty} \\left|x - c\\right| \\mathrm{e}^{-\\left|x - c\\right|/s}\\,dx = 2s^{2} \\quad (s > 0)',
  ),
  gamma: rule(
    'gamma-integral',
    'Gamma integral and its log-moment',
    'integral over (0, inf) of x^(k-1)*exp(-r*x) dx = Gamma(k)/r^k; under the gamma density E[x] = k/r and E[log(x)] = psi(k) - log(r), for k, r > 0',
    '\\int_{0}^{\\infty} x^{k-1} \\mathrm{e}^{-r x}\\,dx = \\frac{\\Gamma(k)}{r^{k}},\\quad \\mathbb{E}[x] = \\frac{k}{r},\\quad \\mathbb{E}[\\log x] = \\psi(k) - \\log r \\quad (k, r > 0)',
  ),
  truncatedGaussian: rule(
    'truncated-gaussian-integral',
    'Gaussian integral over an interval',
    'integral over [a, b] of exp(-(x - m)^2/(2*s^2)) dx = s*sqrt(pi/2)*(erf((b - m)/(s*sqrt(2))) - erf((a - m)/(s*sqrt(2)))), for s > 0',
    '\\int_{a}^{b} \\mathrm{e}^{-\\frac{(x - m)^{2}}{2s^{2}}}\\,dx = s\\sqrt{\\frac{\\pi}{2}}\\left(\\operatorname{erf}\\frac{b - m}{s\\sqrt{2}} - \\operatorname{erf}\\frac{a - m}{s\\sqrt{2}}\\right) \\quad (s > 0)',
  ),
  finiteSum: rule(
    'finite-sum',
    'Sums over a finite set',
    'on a finite set of values v_i the integral is the sum: Z = sum_i exp(eta(v_i)), E[f] = sum_i f(v_i)*exp(eta(v_i))/Z',
    'Z = \\sum_{i} \\mathrm{e}^{\\eta(v_{i})},\\qquad \\mathbb{E}[f] = \\frac{1}{Z}\\sum_{i} f(v_{i})\\, \\mathrm{e}^{\\eta(v_{i})}',
  ),
  quadrature: rule(
    'adaptive-gauss-kronrod',
    'Adaptive Gauss–Kronrod quadrature (numeric)',
    'Z, E[f] and Cov[f] by adaptive G7/K15 quadrature; infinite ends mapped by x = c + s*t/(1 - t^2) or x = a + s*t/(1 - t)',
    'Z(\\lambda) = \\int \\mathrm{e}^{\\sum_k \\lambda_k f_k(x)}\\,dx \\text{ by adaptive Gauss--Kronrod (G7/K15) quadrature}',
  ),
} as const satisfies Record<string, IntegralRule>;
