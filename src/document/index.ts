/**
 * The document room: the derivation document model (steps of prose, equations, tables
 * and figures) and `MathText`, mathematics as text + LaTeX. Below lagrange, maxent and
 * adjoint, which build documents, and below render, which prints them.
 */
export { type Derivation, type Step, type Block, type EquationRow, type MathItem, type MathText, type Cell, type EquationRelation, type Prose, isMathText, tex, inline, prose } from './model.js';
export { mathTextOf, matrixMathText, declarationMath, mathItemText, proseToText, decimalMathText, formulasInText, exprJson, type ExprJson } from './math-text.js';
export { diffDocument, secondDerivativeName, type ValuedMathText } from './derivatives.js';
