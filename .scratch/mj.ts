import * as math from 'mathjs';
const n = 1000; const t: string[] = [];
for (let i = 0; i < n - 1; i++) t.push(`100 * (x${i + 1} - x${i}^2)^2 + (1 - x${i})^2`);
function b(p: string[]): string { if (p.length === 1) return p[0]!; const m = p.length >> 1; return `(${b(p.slice(0, m))}) + (${b(p.slice(m))})`; }
const f = math.compile(b(t)); const scope: Record<string, number> = {}; for (let i = 0; i < n; i++) scope[`x${i}`] = 0.5;
console.log(f.evaluate(scope), 999 * (100 * 0.0625 + 0.25));
