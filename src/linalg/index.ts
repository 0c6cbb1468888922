/**
 * Linear algebra in doubles, in one place: LU with partial pivoting (general square
 * systems), Cholesky with a diagonal shift (symmetric positive definite systems), the
 * symmetric eigenproblem (Jacobi) with null spaces and inertia, and the matrix-free
 * methods on a product v ↦ A v: conjugate gradients and power iteration. Vector helpers
 * (dot, axpy, norms) too. The LDLᵀ factorisation (Bunch–Kaufman, with inertia) is in
 * `ldlt.ts`. A room of its own with no imports, below `compile`.
 */
export { luFactor, luSolve, luSolveFactored, luSolveTransposed, luSolveTransposedFactored, SingularMatrixError, type LuFactors } from './lu.js';
export { cholesky, choleskySolve, choleskyWithShift, type ShiftedCholesky } from './cholesky.js';
export { symmetricEigen, numericNullSpace, numericReduce, numericInertia, type Inertia } from './symmetric.js';
export { conjugateGradient, type CgOptions, type CgResult } from './cg.js';
export { spectralRadius, type PowerOptions, type PowerResult } from './power.js';
export { norm2, normInf } from './vector.js';
