/** Shared by the benches: results kept alive so no engine can drop the work, and a repeat loop. */
let sink = 0;

/** Keeps a result observable (the impossible comparison stops V8 from treating the sum as dead). */
export function keep(v: number): void {
  sink += v;
  if (sink === 1.2345) console.log(sink);
}

/**
 * Each measured iteration runs the function `reps` times, so timer overhead (about
 * 0.1 µs per sample) does not swamp sub-microsecond calls. The same reps are used for
 * f and for f+grad of one problem, so their ratio is per call; the report divides by reps.
 */
export const loop = (reps: number, fn: () => void) => (): void => {
  for (let r = 0; r < reps; r++) fn();
};
