/**
 * A plain numeric interpreter over the DAG: the reference that compiled code is tested
 * against (differential tests), and the evaluator of constant subexpressions during
 * lowering. It walks the nodes in topological order with a memo per call, so shared
 * nodes are evaluated once and deep compositions do not recurse.
 *
 * It deliberately follows the most literal reading of each node (`Math.pow` for every
 * power, one multiplication per factor, left to right) so that it shares no lowering
 * decision with the code generator.
 */
import { FUNCTIONS, topologicalOrder, type Expr, type Sym } from '../expr/index.js';

/** Values of symbols, by name. */
export type Environment = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

/** Raised when an expression mentions a symbol that the environment does not bind. */
export class UnboundSymbolError extends Error {
  override name = 'UnboundSymbolError';
  constructor(readonly symbol: string) {
    super(`no value given for the symbol "${symbol}"`);
  }
}

/** The value of one node given the values of its children (in `children(node)` order). */
export function nodeValue(node: Expr, kids: readonly number[]): number {
  switch (node.kind) {
    case 'num':
      return node.value.toNumber();
    case 'const':
      return Math.PI;
    case 'sym':
      throw new UnboundSymbolError(node.name);
    case 'add': {
      let s = 0;
      for (const k of kids) s += k;
      return s;
    }
    case 'mul': {
      let p = 1;
      for (const k of kids) p *= k;
      return p;
    }
    case 'pow':
      return Math.pow(kids[0]!, kids[1]!);
    case 'call':
      return FUNCTIONS[node.fn].evaluate(kids[0]!);
  }
}

function lookup(env: Environment, s: Sym): number {
  const v = env instanceof Map ? env.get(s.name) : (env as Record<string, number>)[s.name];
  // Own-property check: a symbol named "constructor" must not read Object.prototype.
  if (typeof v !== 'number' || (!(env instanceof Map) && !Object.prototype.hasOwnProperty.call(env, s.name))) {
    throw new UnboundSymbolError(s.name);
  }
  return v;
}

/** Numeric values of several expressions at one point, sharing one memo table. */
export function evaluateAll(es: readonly Expr[], env: Environment): number[] {
  const memo = new Map<Expr, number>();
  for (const node of topologicalOrder(es)) {
    let v: number;
    switch (node.kind) {
      case 'sym':
        v = lookup(env, node);
        break;
      case 'add':
        v = nodeValue(node, node.terms.map((t) => memo.get(t)!));
        break;
      case 'mul':
        v = nodeValue(node, node.factors.map((f) => memo.get(f)!));
        break;
      case 'pow':
        v = nodeValue(node, [memo.get(node.base)!, memo.get(node.exp)!]);
        break;
      case 'call':
        v = nodeValue(node, [memo.get(node.arg)!]);
        break;
      default:
        v = nodeValue(node, []);
    }
    memo.set(node, v);
  }
  return es.map((e) => memo.get(e)!);
}

/** The numeric value of e with its symbols bound by env (throws UnboundSymbolError for a missing one). */
export function evaluate(e: Expr, env: Environment): number {
  return evaluateAll([e], env)[0]!;
}
