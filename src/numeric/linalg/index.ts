/**
 * Dense linear algebra in doubles, in one place: LU with partial pivoting (general square
 * systems), Cholesky with a diagonal shift (symmetric positive definite systems), and the
 * symmetric eigenproblem (Jacobi) with null spaces and inertia.
 */
export { luFactor, luSolve, luSolveFactored, luSolveTransposed, luSolveTransposedFactored, SingularMatrixError, type LuFactors } from './lu.js';
export { cholesky, choleskySolve, choleskyWithShift, type ShiftedCholesky } from './cholesky.js';
export { symmetricEigen, numericNullSpace, numericReduce, numericInertia, type Inertia } from './symmetric.js';
