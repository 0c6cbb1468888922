/**
 * The import graph of src/, checked: rooms (the folders directly under src/) may import
 * only rooms below them in `ROOM_ORDER`; no cycle between rooms, and no cycle between the
 * files of one room; no file in src/ over `MAX_LINES` lines; no name exported by two files
 * (two things with one name mislead the reader).
 *
 * Run: `npx tsx scripts/check-imports.ts` (prints the violations, exit 1 if any); the
 * test test/imports.test.ts runs the same check in `npm test`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The rooms from the bottom up: a room may import any room before it in this list and
 * none after it. `input` (the strict JSON reader and InputError) uses only expr's
 * parse-error.ts (the excerpt and ParseError); `linalg` (dense linear algebra in doubles) imports nothing; `export` (source
 * in other languages from compile's programs) sits right above compile; `document` (the
 * derivation document model) sits below the domain rooms that build documents; `api`
 * (conveniences for library users), `core.ts` (the platform-neutral door, `lagrangian/core`)
 * and `index.ts` (the package's main door: core plus the Node-only pieces) are on top.
 */
export const ROOM_ORDER = ['expr', 'input', 'diff', 'linalg', 'compile', 'export', 'numeric', 'parameters', 'solve', 'document', 'optimize', 'adjoint', 'maxent', 'lagrange', 'render', 'cli', 'cli.ts', 'api', 'core.ts', 'index.ts'] as const;

/** The longest a source file may be. */
export const MAX_LINES = 500;

/** One import between two files of src/ (paths relative to src/, with `/`). */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  /** Only types are imported (`import type`); still a dependency for the check. */
  readonly typeOnly: boolean;
}

/** What the check found. */
export interface ImportReport {
  readonly files: number;
  readonly edges: readonly ImportEdge[];
  /** Imports from a room to a room at or above it in ROOM_ORDER (or to a room not listed). */
  readonly upward: readonly ImportEdge[];
  /** Cycles between rooms, each as the rooms along it. */
  readonly roomCycles: readonly string[][];
  /** Cycles between files of one room, each as the files along it. */
  readonly fileCycles: readonly string[][];
  /** Files longer than MAX_LINES, with their line counts. */
  readonly longFiles: readonly { file: string; lines: number }[];
  /** Names exported by more than one file of src/ (each a different thing), with the files. */
  readonly duplicateExports: readonly { name: string; files: string[] }[];
}

const EXPORTED_DEFINITION = /^export\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;

const SPECIFIER = /(?:^|[^\w$.])(?:import|export)\s*(type\s+)?(?:[\w$*{}\s,]*?\s*from\s*)?\(?\s*['"](\.{1,2}\/[^'"]+)['"]/gm;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The room of a file: its first folder under src/, or the file name for files at the top. */
export function roomOf(file: string): string {
  const i = file.indexOf('/');
  return i < 0 ? file : file.slice(0, i);
}

/** Comments removed, so that an import written in a doc comment is not an edge. */
export function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');
}

/** Reads src/ and checks it. */
export function checkImports(srcDir: string): ImportReport {
  const root = resolve(srcDir);
  const files = sourceFiles(root);
  const rel = (p: string): string => relative(root, p).split(sep).join('/');
  const edges: ImportEdge[] = [];
  const longFiles: { file: string; lines: number }[] = [];
  const definedIn = new Map<string, string[]>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of withoutComments(text).matchAll(EXPORTED_DEFINITION)) definedIn.set(m[1]!, [...(definedIn.get(m[1]!) ?? []), rel(f)]);
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES) longFiles.push({ file: rel(f), lines });
    for (const m of withoutComments(text).matchAll(SPECIFIER)) {
      const target = resolve(dirname(f), m[2]!.replace(/\.js$/, '.ts'));
      edges.push({ from: rel(f), to: rel(target), typeOnly: m[1] !== undefined });
    }
  }
  const rank = new Map<string, number>(ROOM_ORDER.map((r, i) => [r, i]));
  const upward = edges.filter((e) => {
    const a = roomOf(e.from);
    const b = roomOf(e.to);
    if (a === b) return false;
    const ra = rank.get(a);
    const rb = rank.get(b);
    return ra === undefined || rb === undefined || rb >= ra;
  });
  const roomGraph = new Map<string, Set<string>>();
  const fileGraph = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = roomOf(e.from);
    const b = roomOf(e.to);
    if (a !== b) {
      if (!roomGraph.has(a)) roomGraph.set(a, new Set());
      roomGraph.get(a)!.add(b);
    } else {
      if (!fileGraph.has(e.from)) fileGraph.set(e.from, new Set());
      fileGraph.get(e.from)!.add(e.to);
    }
  }
  const duplicateExports = [...definedIn]
    .filter(([, fs]) => new Set(fs).size > 1)
    .map(([name, fs]) => ({ name, files: [...new Set(fs)].sort() }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return { files: files.length, edges, upward, roomCycles: cycles(roomGraph), fileCycles: cycles(fileGraph), longFiles, duplicateExports };
}

/**
 * One cycle per strongly connected component with more than one node (or a self-loop),
 * by Tarjan's algorithm written with an explicit stack (no recursion on graph depth).
 */
export function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])])].sort();
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; children: string[]; i: number }[] = [];
    const enter = (n: string): void => {
      index.set(n, next);
      low.set(n, next++);
      stack.push(n);
      onStack.add(n);
      work.push({ node: n, children: [...(graph.get(n) ?? [])].sort(), i: 0 });
    };
    enter(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      if (top.i < top.children.length) {
        const c = top.children[top.i++]!;
        if (!index.has(c)) enter(c);
        else if (onStack.has(c)) low.set(top.node, Math.min(low.get(top.node)!, index.get(c)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
        } while (n !== top.node);
        const selfLoop = graph.get(top.node)?.has(top.node) ?? false;
        if (component.length > 1 || selfLoop) out.push(component.sort());
      }
    }
  }
  return out;
}

/** The report as lines of text, one per violation. */
export function describe(report: ImportReport): string[] {
  return [
    ...report.upward.map((e) => `upward import: ${e.from} -> ${e.to} (${roomOf(e.from)} may not import ${roomOf(e.to)})`),
    ...report.roomCycles.map((c) => `cycle between rooms: ${c.join(', ')}`),
    ...report.fileCycles.map((c) => `cycle inside room ${roomOf(c[0]!)}: ${c.join(', ')}`),
    ...report.longFiles.map((f) => `file over ${MAX_LINES} lines: ${f.file} (${f.lines})`),
    ...report.duplicateExports.map((d) => `exported name defined twice: ${d.name} (${d.files.join(', ')})`),
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = checkImports(join(dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  const problems = describe(report);
  for (const p of problems) console.log(p);
  console.log(`${report.files} files, ${report.edges.length} imports, ${problems.length} violation${problems.length === 1 ? '' : 's'}`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
