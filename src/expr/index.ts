/**
 * The expression room: the interned IR, exact rationals, canonical construction,
 * substitution, the parser front end and the printers.
 */
export { Rational, gcd, lcm } from './rational.js';
export {
  type Expr,
  type ExprKind,
  type Num,
  type Sym,
  type Const,
  type Add,
  type Mul,
  type Pow,
  type Call,
  type FunctionName,
  FUNCTION_NAMES,
  DomainError,
  num,
  sym,
  add,
  addAll,
  mul,
  mulAll,
  pow,
  call,
  neg,
  sub,
  div,
  sqrt,
  exp,
  log,
  sin,
  cos,
  PI,
  E,
  ZERO,
  ONE,
  MINUS_ONE,
  children,
  rebuild,
  compareNodes,
  splitCoefficient,
  isNumber,
  lift,
  internedCount,
  constructionCount,
  canonicalOperandCount,
  liveNodeCount,
  extractPower,
} from './nodes.js';
export { FUNCTIONS, functionSpec, GENERATED_HELPERS, type OpSpec, type HelperName } from './functions.js';
export { erf, erfc } from './erf.js';
export { MAX_DECIMAL_EXPONENT } from './rational.js';
export { parse, parseRelation, syntaxToExpr, NAME_PATTERN, type Relation, type ParseOptions } from './parse.js';
export { FUNCTION_SYNONYMS, CONSTANT_NAMES, SCALAR_FUNCTION_NAMES, MATRIX_LANGUAGE_FUNCTION_NAMES, reservedKind } from './reserved.js';
export { ParseError, excerpt, excerptAround, EXCERPT_WIDTH } from './parse-error.js';
export { parseSyntax, parseRelationSyntax, MAX_NESTING } from './parser.js';
export type * from './syntax.js';
export { toText, displayCompare, displayFactorCompare, displayTerms } from './print.js';
export { displayDegree, type SortStats } from './display-order.js';
export { toLatex, latexSymbolName, visibleLength, EXP_INLINE_MAX_SYMBOLS } from './latex.js';
export { together, togetherMemo, type TogetherOptions } from './together.js';
export { expand, DEFAULT_MAX_TERMS, ExpandBudgetExceeded, type ExpandOptions, type ExpandWork } from './expand.js';
export {
  Assumptions,
  isPositive,
  isNonnegative,
  isNonzero,
  isNegative,
  isNonpositive,
  SIGN_NEG,
  SIGN_ZERO,
  SIGN_POS,
  SIGN_ANY,
  signName,
  type SignSet,
  type SignFact,
  type Sign,
  type AssumedRelation,
  type Comparison,
  type AssumptionInput,
  readPropertyAssumption,
  type PropertyAssumption,
} from './assume.js';
export {
  simplify,
  simplifyWithSteps,
  SIMPLIFY_RULES,
  type RewriteRule,
  type RewriteStep,
  type SimplifyOptions,
} from './simplify.js';
export {
  topologicalOrder,
  bottomUp,
  nodeCount,
  walkedNodeCount,
  transform,
  substitute,
  substituteAll,
  freeSymbols,
  dependsOn,
  type Substitution,
} from './traverse.js';
export { naturalCompare, naturalOrder } from './natural-order.js';
export { IdSet, IdTable } from './id-table.js';
export { toCse, treeSizer, treeSizes, type CseBinding, type CseForm } from './cse.js';
