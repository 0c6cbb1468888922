/**
 * Matrix expressions: shaped symbols, canonical construction with shape checking, the
 * converter from syntax under declarations, numeric instances and the scalarisation
 * into the scalar IR, and the text and LaTeX printers.
 */
export * from './shape.js';
export { type MExpr, type MKind, type MScalar, type MVar, type MAdd, type MMul, type MReduce, type ReductionKind, REDUCTIONS, compareM, mchildren, mtopologicalOrder, internedMatrixCount } from './nodes.js';
export { mscalar, mvar, eye, ones, zeros, isZeroM, pureScalar, hasProperty, dimScalar, MZERO, MONE, MMINUS_ONE } from './leaves.js';
export { madd, mmul, mtranspose, minv, mneg, msub, splitScalarCoefficient } from './build.js';
export { mhadamard, mpow, mmap, mdiag, msum, mnorm, mtr, mdet, mlogdet, mdiv, mediv, liftEntrywise } from './entrywise.js';
export { msimplify } from './simplify.js';
export { mtoText } from './print.js';
export { syntaxToMatrix, parseMatrix, declare, declaredNode, MatrixInputError, type ShapeDeclaration, type MatrixDeclarations } from './convert.js';
export { mtoLatex } from './latex.js';
export { scalarise, variableGrid, entrySymbol, MAX_SCALARISED_SIZE, type ScalarGrid } from './scalarise.js';
export { replaceNodes } from './replace.js';
