/**
 * Progress of a long computation, on stderr only (INTERFACE.md: "A long computation
 * reports progress on stderr when stderr is a terminal, never on stdout").
 *
 * On a terminal one line is redrawn in place (`\r`, then erase to the end of the line)
 * at most every REDRAW_MS, and erased when the work ends: the clock only paces the
 * display, the answer never depends on it. `--progress` forces the display where stderr
 * is not a terminal (a log file, a test): each update is then its own line, paced by the
 * counted work (about PROGRESS_LINES lines per stage), so the lines are the same on every
 * run. `--no-progress` and `--quiet` turn it off.
 */
import type { SolveProgress } from '../lagrange/index.js';

/** Off, one line redrawn in place (terminal), or one line per update (forced elsewhere). */
export type ProgressMode = 'off' | 'terminal' | 'lines';

/** Least time between two redraws on a terminal (display only). */
export const REDRAW_MS = 100;
/** About how many lines one stage prints when the display is forced onto a non-terminal. */
export const PROGRESS_LINES = 20;

/** The mode the flags and the stream ask for. */
export function progressMode(o: { readonly forced: boolean; readonly disabled: boolean; readonly quiet: boolean; readonly stderrIsTerminal: boolean }): ProgressMode {
  if (o.disabled) return 'off';
  if (o.forced) return o.stderrIsTerminal ? 'terminal' : 'lines';
  if (o.quiet || !o.stderrIsTerminal) return 'off';
  return 'terminal';
}

/** `solve: 37/64 active sets, 2 KKT points`. */
export function formatProgress(command: string, p: SolveProgress): string {
  const found = p.stage === 'active sets' ? `${p.points} KKT point${p.points === 1 ? '' : 's'}` : `${p.points} local optim${p.points === 1 ? 'um' : 'a'}`;
  return `${command}: ${p.done}/${p.total} ${p.stage}, ${found}`;
}

/** The display: `update` with each report, `end` once the work is done. */
export interface ProgressDisplay {
  readonly update: (p: SolveProgress) => void;
  readonly end: () => void;
}

/** A display writing to `err` in the given mode; `now` (milliseconds) paces terminal redraws only. */
export function progressDisplay(mode: ProgressMode, command: string, err: (text: string) => void, now: () => number = () => Date.now()): ProgressDisplay {
  if (mode === 'off') return { update: () => undefined, end: () => undefined };
  if (mode === 'lines') {
    return {
      update: (p) => {
        const step = Math.max(1, Math.ceil(p.total / PROGRESS_LINES));
        if (p.done % step === 0) err(`${formatProgress(command, p)}\n`);
      },
      end: () => undefined,
    };
  }
  let last = -Infinity;
  let shown = false;
  return {
    update: (p) => {
      const t = now();
      if (t - last < REDRAW_MS) return;
      last = t;
      shown = true;
      err(`\r${formatProgress(command, p)}\x1b[K`);
    },
    end: () => {
      if (shown) err('\r\x1b[K');
    },
  };
}
