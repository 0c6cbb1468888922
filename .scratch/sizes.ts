import { add, mul, num, pow, sub, sym, type Expr } from '../src/expr/index.js';
import { compile, compileGradient } from '../src/compile/index.js';
for (const n of [10, 100, 300, 1000]) for (const w of ['f', 'g']) {
  const vars = Array.from({ length: n }, (_, i) => 'x' + i); const t: Expr[] = [];
  for (let i = 0; i < n - 1; i++) { const xi = sym(vars[i]!); t.push(mul(num(100), pow(sub(sym(vars[i + 1]!), pow(xi, num(2))), num(2))), pow(sub(num(1), xi), num(2))); }
  const c = w === 'g' ? compileGradient(add(...t), vars) : compile(add(...t), vars);
  console.log(`n=${n} ${w} instrs ${c.instructionCount} chunks ${c.chunks} chars ${c.source.split('function one')[0].length}`);
}
