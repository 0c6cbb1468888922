/**
 * A matrix program at fixed dimensions written as a scalar program (one line per entry,
 * entry symbols renamed `W1[1,2]` → `W1_1_2`), so that the scalar adjoint route gives an
 * independent gradient to check the matrix route against (tests, derivations). Only for
 * small sizes: the scalar program has one line per entry.
 */
import { substitute, sym, freeSymbols, toText, type Expr } from '../../expr/index.js';
import { scalarise } from '../../expr/matrix/index.js';
import type { ProgramSpec } from '../program.js';
import type { MatrixProgram } from './program.js';
import { toDense } from '../../compile/matrix/index.js';

const rename = (name: string): string => name.replace(/\[(\d+)(?:,(\d+))?\]/, (_, i, j) => (j ? `_${i}_${j}` : `_${i}`));

function renamed(e: Expr): Expr {
  const map: Record<string, Expr> = {};
  for (const s of freeSymbols(e)) if (s.includes('[')) map[s] = sym(rename(s));
  return substitute(e, map);
}

/** The scalar program of a matrix program at its dimensions, with the "at" values flattened. */
export function scalarProgram(p: MatrixProgram): ProgramSpec {
  if (!p.at) throw new RangeError("the matrix program gives no \"at\": scalarisation needs its values");
  const inputs: string[] = [];
  const at: Record<string, number> = {};
  for (const inp of p.inputs) {
    const v = p.at![inp.name]!;
    if (inp.node.kind === 'scalar') {
      inputs.push(inp.name);
      at[inp.name] = v as number;
      continue;
    }
    const rows = typeof inp.node.shape.rows === 'number' ? inp.node.shape.rows : p.dims[inp.node.shape.rows]!;
    const cols = typeof inp.node.shape.cols === 'number' ? inp.node.shape.cols : p.dims[inp.node.shape.cols]!;
    const d = toDense(inp.name, rows * cols === 1 && Array.isArray(v) ? (v.flat() as number[]) : v, rows, cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const name = inp.node.shape.cols === 1 ? `${inp.name}_${i + 1}` : `${inp.name}_${i + 1}_${j + 1}`;
        inputs.push(name);
        at[name] = d.data[i * cols + j]!;
      }
    }
  }
  const program: string[] = [];
  for (const a of p.assignments) {
    const grid = scalarise(a.rhs, p.dims);
    if (a.node.kind === 'scalar') program.push(`${a.name} = ${toText(renamed(grid.entries[0]!))}`);
    else {
      for (let i = 0; i < grid.rows; i++) {
        for (let j = 0; j < grid.cols; j++) {
          const name = a.node.shape.cols === 1 ? `${a.name}_${i + 1}` : `${a.name}_${i + 1}_${j + 1}`;
          program.push(`${name} = ${toText(renamed(grid.entries[i * grid.cols + j]!))}`);
        }
      }
    }
  }
  return { inputs, program, output: p.output, at };
}
