/**
 * The one tail of the file-driven commands (solve, maxent, adjoint, optimize): read the
 * file, parse it (an InputError becomes bad input naming the file, once, here), solve,
 * build the derivation, write the requested files (all or none), print the report or
 * the JSON, and turn the outcome into the exit status. A command supplies the steps.
 *
 * The output flags mean the same on every command: `--json` (one JSON document on
 * stdout), `--html FILE`, `--latex FILE` (`-` for stdout), `--standalone` (the LaTeX is
 * a complete document with `\documentclass`), `--quiet` (no report on stdout).
 */
import { jsonDocument, type CliIO } from './command.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import { parseCommandArgs, stringValues } from './args.js';
import { CliError, EXIT, inputErrorToCli } from './errors.js';
import { checkOutputPaths, readSourceFile, writeOutputFiles, type OutputFile, type SourceFile } from './source-file.js';
import { InputError, readJson } from '../input/index.js';
import type { Derivation } from '../render/index.js';

type RenderRoom = typeof import('../render/index.js');

/** The output options every file-driven command accepts. */
export const FILE_OUTPUT_OPTIONS = {
  html: { type: 'string' },
  latex: { type: 'string' },
  standalone: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const satisfies OptionSpec;

/** The help lines of FILE_OUTPUT_OPTIONS, the same on every command. */
export const FILE_OUTPUT_HELP = `  --html FILE      also write the derivation as a self-contained HTML page (offline;
                   FILE - prints it on stdout instead of the text report)
  --latex FILE     also write the derivation as LaTeX (a fragment to \\input; FILE - prints
                   it on stdout instead of the text report)
  --standalone     make the LaTeX a complete document (\\documentclass ...) that
                   pdflatex compiles
  -q, --quiet      print no report on stdout (files are still written; --json still
                   prints its document); the exit status tells the outcome`;

/** What the output flags asked for. */
export interface FileOutputs {
  readonly json: boolean;
  /** A path, or `-` for stdout. */
  readonly html?: string;
  /** A path, or `-` for stdout. */
  readonly latex?: string;
  readonly standalone: boolean;
  readonly quiet: boolean;
}

/** Reads the output flags of a parsed command line. */
export function readFileOutputs(values: ParsedArgs['values']): FileOutputs {
  const html = stringValues(values['html'])[0];
  const latex = stringValues(values['latex'])[0];
  const standalone = values['standalone'] === true;
  if (standalone && latex === undefined) throw new CliError('--standalone shapes the LaTeX output: give --latex FILE too', EXIT.BAD_INPUT);
  for (const [option, path] of [['--latex', latex], ['--html', html]] as const) {
    if (path === '-' && values['json']) throw new CliError(`${option} - prints on stdout, which --json reserves for its document: give ${option} a file name`, EXIT.BAD_INPUT);
  }
  if (latex === '-' && html === '-') throw new CliError('--latex - and --html - would both print on stdout: give one of them a file name', EXIT.BAD_INPUT);
  return {
    json: values['json'] === true,
    ...(html !== undefined ? { html } : {}),
    ...(latex !== undefined ? { latex } : {}),
    standalone,
    quiet: values['quiet'] === true,
  };
}

/**
 * The command line of a file-driven command: its options parsed (FILE_OUTPUT_OPTIONS
 * unless it gives its own), the output flags read, and the one FILE (`what` names what
 * the file holds, for the message when it is missing) read.
 */
export function readFileCommand(argv: readonly string[], what: string, options: OptionSpec = FILE_OUTPUT_OPTIONS): { values: ParsedArgs['values']; outputs: FileOutputs; file: SourceFile } {
  const { values, positionals } = parseCommandArgs(argv, options);
  const outputs = readFileOutputs(values);
  const file = readSourceFile(positionals, what);
  return { values, outputs, file };
}

/** The steps a file-driven command supplies. */
export interface FilePipeline<P, R> {
  /** Reads the file's text (throws InputError on bad input). */
  readonly parse: (source: string, fileName: string) => P;
  /** Computes the result (may throw InputError for input the solver refuses). */
  readonly solve: (problem: P) => R;
  /** The derivation document, for the text report, --html and --latex; absent when the command has none. */
  readonly derive?: (result: R) => Derivation;
  /** The JSON document of --json (INTERFACE.md). */
  readonly json: (result: R) => unknown;
  /** The human report, when it is not the derivation's text. */
  readonly text?: (result: R) => string;
  /** Further output files (plots), built after the result. */
  readonly files?: (result: R, problem: P) => Promise<readonly OutputFile[]>;
  /** Why the result is not an answer (exit 1, the sentence goes to stderr), or undefined when it is one. */
  readonly failure: (result: R) => string | undefined;
}

/** A route of a command whose file is JSON: its first step reads the parsed document. */
export type JsonPipeline<P, R> = Omit<FilePipeline<P, R>, 'parse' | 'derive' | 'text' | 'files'> & {
  readonly parse: (data: unknown) => P;
  readonly derive: (result: R) => Derivation;
};

/** A route that takes only some documents (a problem with shaped declarations). */
export type JsonRoute<P, R> = JsonPipeline<P, R> & {
  /** Whether the route takes this document. */
  readonly takes: (data: unknown) => boolean;
};

/** What went one route or the other: the value, and whether it went the alternative route. */
export type Routed<A, B> = { readonly alternative: false; readonly value: A } | { readonly alternative: true; readonly value: B };

/**
 * Two routes through one JSON file, as one pipeline: the file's JSON is read once (its
 * syntax errors with their line and column, labelled by the file), the alternative takes
 * it when it says so, the main route otherwise, and that route's steps run to the end.
 */
export function routeByJson<P1, R1, P2, R2>(main: JsonPipeline<P1, R1>, alternative: JsonRoute<P2, R2>): FilePipeline<Routed<P1, P2>, Routed<R1, R2>> {
  return {
    parse: (source, fileName) => {
      const data = readJson(source, fileName);
      return alternative.takes(data) ? { alternative: true, value: alternative.parse(data) } : { alternative: false, value: main.parse(data) };
    },
    solve: (p) => (p.alternative ? { alternative: true, value: alternative.solve(p.value) } : { alternative: false, value: main.solve(p.value) }),
    derive: (r) => (r.alternative ? alternative.derive(r.value) : main.derive(r.value)),
    json: (r) => (r.alternative ? alternative.json(r.value) : main.json(r.value)),
    failure: (r) => (r.alternative ? alternative.failure(r.value) : main.failure(r.value)),
  };
}

/** Further output paths a command takes (plots), checked with the others before any work. */
export interface ExtraOutput {
  readonly path: string;
  readonly option: string;
}

/** The files --html and --latex name (`-` is stdout, not a file), for checkOutputPaths. */
export function documentPaths(outputs: FileOutputs): ExtraOutput[] {
  return [
    ...(outputs.html !== undefined && outputs.html !== '-' ? [{ path: outputs.html, option: '--html' }] : []),
    ...(outputs.latex !== undefined && outputs.latex !== '-' ? [{ path: outputs.latex, option: '--latex' }] : []),
  ];
}

/** The document as the files of documentPaths: the HTML page, the LaTeX (a complete document with --standalone). */
export function documentFiles(outputs: FileOutputs, doc: Derivation, render: Pick<RenderRoom, 'renderHtml' | 'renderLatex'>): OutputFile[] {
  return documentPaths(outputs).map(({ path, option }) => ({ path, option, text: option === '--html' ? render.renderHtml(doc) : render.renderLatex(doc, { standalone: outputs.standalone }) }));
}

/**
 * Runs the pipeline on the file and prints, writes and exits as the flags ask. Returns
 * the exit status: 0 with an answer, 1 without one; bad input throws a CliError.
 */
export async function runFilePipeline<P, R>(
  command: string,
  file: SourceFile,
  outputs: FileOutputs,
  pipeline: FilePipeline<P, R>,
  io: CliIO,
  extra: readonly ExtraOutput[] = [],
): Promise<number> {
  checkOutputPaths([...documentPaths(outputs), ...extra], [file.file]);
  const asBadInput = <T>(f: () => T): T => {
    try {
      return f();
    } catch (err) {
      if (err instanceof InputError) throw inputErrorToCli(err, file.fileName);
      throw err;
    }
  };
  const problem = asBadInput(() => pipeline.parse(file.source, file.fileName));
  const result = asBadInput(() => pipeline.solve(problem));
  const wantsDocument = pipeline.derive !== undefined && (outputs.html !== undefined || outputs.latex !== undefined || (!outputs.json && !outputs.quiet && !pipeline.text));
  const render = wantsDocument ? await import('../render/index.js') : undefined;
  const derivation = wantsDocument ? pipeline.derive!(result) : undefined;
  const files: OutputFile[] = [];
  if (render && derivation) {
    files.push(...documentFiles(outputs, derivation, render));
  } else if (outputs.html !== undefined || outputs.latex !== undefined) {
    throw new CliError(`lagrangian ${command} writes no derivation document; --html and --latex do not apply`, EXIT.BAD_INPUT);
  }
  if (pipeline.files) files.push(...(await pipeline.files(result, problem)));
  writeOutputFiles(files);

  if (outputs.json) io.out(jsonDocument(pipeline.json(result)));
  else if (outputs.latex === '-' && render && derivation) io.out(ensureNewline(render.renderLatex(derivation, { standalone: outputs.standalone })));
  else if (outputs.html === '-' && render && derivation) io.out(render.renderHtml(derivation));
  else if (!outputs.quiet) io.out(ensureNewline(pipeline.text ? pipeline.text(result) : render!.renderText(derivation!)));

  const why = pipeline.failure(result);
  if (why === undefined) return EXIT.OK;
  io.err(`lagrangian ${command}: ${why}\n`);
  return EXIT.NO_ANSWER;
}

function ensureNewline(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}
