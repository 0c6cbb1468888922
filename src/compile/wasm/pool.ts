/**
 * Worker threads for the row loops of large compiled plans. A plan whose loop does
 * enough work splits the loop's rows into a fixed list of chunks (fuse-wasm.ts: the
 * chunks depend on the sizes only, each writes its own partial sums, and the partials are
 * added in chunk order), so the result is the same bits whether one thread runs the
 * chunks or eight; this file only decides who runs which chunk, first come first served.
 *
 * The pool is one per JavaScript thread, started on the first plan that asks for more
 * than one thread, and its workers are unref'd (they never keep a process alive). Each
 * worker instantiates a plan's module against the plan's shared memory the first time
 * it runs one of its chunks, and forgets it when the plan is garbage collected. The
 * calling thread takes part: `run` claims chunks like any worker and returns once every
 * chunk has run, so `evaluate` stays synchronous. Claims and completions go through
 * `Atomics` on one small SharedArrayBuffer; a worker that finds no work spins briefly
 * (a loop of successive calls then finds it awake), then sleeps in `Atomics.wait`.
 *
 * The core runs in browsers too, so this file names no Node API: the Node entry
 * (index.ts, and the CLI) installs a `ThreadHost` (node-threads.ts) that starts workers
 * with `node:worker_threads`. Without one, or with `threads: 1`, the chunks run one after
 * another on the calling thread.
 */

/** The arguments of one chunked export: four i32 per chunk. */
export interface ChunkJob {
  readonly name: string;
  readonly args: Int32Array;
}

/** Runs the chunks of job i of a plan; how many threads it may use. */
export interface ChunkRunner {
  readonly run: (job: number) => void;
  readonly threads: number;
}

/** The most threads a plan uses (the calling thread and seven workers). */
export const MAX_THREADS = 8;

/** Loads of the control word a thread makes before it sleeps (tens of microseconds). */
const SPIN = 1 << 14;

// The control words (Int32Array over a SharedArrayBuffer).
const STATE = 0; // generation << 16 | chunks claimed
const DONE = 1; // chunks finished in this generation
const PLAN = 2;
const JOB = 3;
const COUNT = 4;
const FAILED = 5;
const LIMIT = 6; // how many threads may take chunks in this generation: the caller and workers 1 … value - 1
const COUNTS = 16; // COUNTS + t: chunks thread t has run, ever (diagnostics: `chunksRunByThread`); a cache line away from the words above, which every claim touches
const CONTROL_WORDS = COUNTS + MAX_THREADS;

/**
 * The worker's whole program, as the source of a function expression the host runs in a
 * new thread as `program(control, port, spin, receive, index)` (`receive`: a synchronous
 * read of the port, Node's `receiveMessageOnPort`; `index`: the worker's number, 1 … 7,
 * so that a plan asking for k threads is run by workers 1 … k - 1 only). It holds no user text: module, memory and
 * chunk arguments arrive as messages.
 */
const WORKER_PROGRAM = `(control, port, spin, receive, index) => {
  const plans = new Map();
  const drain = () => {
    for (let m; (m = receive(port)) !== undefined; ) {
      const d = m.message;
      if (d.drop !== undefined) { plans.delete(d.drop); continue; }
      // A module's imported functions are Math's of the same name (math.ts, SCALAR_IMPORTS).
      const env = { memory: d.memory };
      for (const i of WebAssembly.Module.imports(d.module)) if (i.kind === 'function') env[i.name] = Math[i.name];
      const exports = new WebAssembly.Instance(d.module, { env }).exports;
      plans.set(d.id, { fns: d.jobs.map((j) => exports[j.name]), args: d.jobs.map((j) => j.args) });
    }
  };
  let seen = -1;
  for (;;) {
    let s = Atomics.load(control, ${STATE});
    for (let n = 0; s >>> 16 === seen; n++) {
      if (n >= spin) { Atomics.wait(control, ${STATE}, s); n = 0; }
      s = Atomics.load(control, ${STATE});
    }
    const gen = s >>> 16;
    seen = gen;
    drain();
    const plan = plans.get(Atomics.load(control, ${PLAN}));
    const job = Atomics.load(control, ${JOB});
    const count = Atomics.load(control, ${COUNT});
    if (plan === undefined || index >= Atomics.load(control, ${LIMIT})) continue;
    const fn = plan.fns[job];
    const args = plan.args[job];
    for (;;) {
      const c = Atomics.load(control, ${STATE});
      if (c >>> 16 !== gen || (c & 0xffff) >= count) break;
      if (Atomics.compareExchange(control, ${STATE}, c, c + 1) !== c) continue;
      const k = 4 * (c & 0xffff);
      try {
        fn(args[k], args[k + 1], args[k + 2], args[k + 3]);
      } catch (err) {
        Atomics.store(control, ${FAILED}, 1);
        port.postMessage(String((err && err.message) || err));
      }
      Atomics.add(control, ${COUNTS} + index, 1);
      if (Atomics.add(control, ${DONE}, 1) + 1 === count) Atomics.notify(control, ${DONE});
    }
  }
}`;

/** A worker thread, as the pool uses it. */
export interface ThreadWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (err: Error) => void): void;
}

/** The pool's end of a worker's message channel. */
export interface ThreadPort {
  postMessage(value: unknown): void;
  unref?(): void;
}

/**
 * What the pool needs of the platform: the core count, a way to start a worker running
 * the pool's program over a control array, and a synchronous read of a port. The Node
 * entry installs one (node-threads.ts); the core alone has none, and runs every chunk
 * on the calling thread.
 */
export interface ThreadHost {
  readonly cores: number;
  /** Starts worker `index` running `program(control, port, spin, receive, index)` with the other end of a new channel; returns it and this end. */
  start(program: string, control: Int32Array, spin: number, index: number): { worker: ThreadWorker; port: ThreadPort };
  receive(port: ThreadPort): { message: unknown } | undefined;
}

let host: ThreadHost | undefined;

/** Lets plans run chunks on worker threads started by `h` (the Node entry calls it once). */
export function installThreadHost(h: ThreadHost): void {
  host ??= typeof SharedArrayBuffer === 'function' ? h : undefined;
}

/** Whether worker threads can run chunks here (a host is installed). */
export function workerThreadsAvailable(): boolean {
  return host !== undefined;
}

/** Threads a plan uses by default: the machine's cores, at most MAX_THREADS; 1 without a thread host. */
export function defaultThreads(): number {
  return host ? Math.max(1, Math.min(MAX_THREADS, host.cores)) : 1;
}

/**
 * Bytes of dropped plans' memories after which the workers are replaced. A worker lets go
 * of a dropped plan at once, but its heap is only collected when it allocates, which a
 * worker running WebAssembly hardly does; new workers hold nothing, so what dropped plans
 * keep alive stays below this.
 */
const RECYCLE_BYTES = 64 * 2 ** 20;

class Pool {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS));
  private ports: ThreadPort[] = [];
  private workerList: ThreadWorker[] = [];
  /** Workers asked for (they are started again after a recycle). */
  private wanted = 0;
  private droppedBytes = 0;
  private generation = 0;
  private nextPlan = 1;
  private broken: string | undefined;
  /** The registrations of plans not yet garbage collected, for workers started after them. */
  private readonly live = new Map<number, { message: unknown; bytes: number }>();

  constructor(private readonly host: ThreadHost) {}

  get workers(): number {
    return this.broken ? 0 : this.ports.length;
  }

  /** Starts workers until there are `count` (they come up in the background). */
  grow(count: number): void {
    this.wanted = Math.max(this.wanted, count);
    while (!this.broken && this.ports.length < this.wanted) {
      let started: { worker: ThreadWorker; port: ThreadPort };
      try {
        started = this.host.start(WORKER_PROGRAM, this.control, SPIN, this.ports.length + 1);
      } catch (err) {
        this.broken = (err as Error).message;
        return;
      }
      const { worker, port } = started;
      worker.unref();
      // A worker that dies between runs (out of memory) takes no more chunks.
      worker.on('error', (err) => { this.broken = err.message; });
      port.unref?.();
      this.ports.push(port);
      this.workerList.push(worker);
      for (const entry of this.live.values()) port.postMessage(entry.message);
    }
  }

  /** A plan id, its module and memory sent to every worker (and to later ones when they start). */
  register(module: WebAssembly.Module, memory: WebAssembly.Memory, jobs: readonly ChunkJob[]): number {
    const id = this.nextPlan++;
    const message = { id, module, memory, jobs };
    this.live.set(id, { message, bytes: memory.buffer.byteLength });
    for (const port of this.ports) port.postMessage(message);
    return id;
  }

  /** Forgets a plan that was garbage collected (never called during `run`: finalizers run between tasks). */
  drop(id: number): void {
    const entry = this.live.get(id);
    if (!entry) return;
    this.live.delete(id);
    this.droppedBytes += entry.bytes;
    if (this.droppedBytes >= RECYCLE_BYTES) {
      // New workers, started on the next run, are sent only the live plans.
      for (const w of this.workerList) void w.terminate();
      this.workerList = [];
      this.ports = [];
      this.droppedBytes = 0;
      return;
    }
    for (const port of this.ports) port.postMessage({ drop: id });
    // An empty generation wakes the workers, so they let go of the plan now.
    this.publish(0, 0, 0, MAX_THREADS);
  }

  /**
   * Runs `count` chunks of job `job` of plan `id` on at most `threads` threads (this one
   * and workers 1 … threads - 1), this thread running `local(k)` for the chunks it claims.
   */
  run(id: number, job: number, count: number, threads: number, local: (k: number) => void): void {
    const c = this.control;
    if (this.ports.length < this.wanted) this.grow(this.wanted);
    this.publish(id, job, count, threads);
    for (;;) {
      const s = Atomics.load(c, STATE);
      if ((s & 0xffff) >= count) break;
      if (Atomics.compareExchange(c, STATE, s, s + 1) !== s) continue;
      local(s & 0xffff);
      Atomics.add(c, COUNTS, 1);
      Atomics.add(c, DONE, 1);
    }
    // The workers' last chunks. (A worker killed inside a chunk would leave this waiting;
    // chunks catch their own errors, so only an engine failure can do that.)
    for (let n = 0; ; n++) {
      const d = Atomics.load(c, DONE);
      if (d >= count) break;
      if (n >= SPIN) Atomics.wait(c, DONE, d);
    }
    if (Atomics.load(c, FAILED) !== 0) {
      let text = 'unknown error';
      for (const port of this.ports) {
        const m = this.host.receive(port);
        if (m) text = String(m.message);
      }
      throw new Error(`a worker thread failed running a chunk: ${text}`);
    }
  }

  /** Chunks each thread has run so far (index 0: the calling thread). */
  counts(): number[] {
    return Array.from({ length: MAX_THREADS }, (_, t) => Atomics.load(this.control, COUNTS + t));
  }

  private publish(id: number, job: number, count: number, threads: number): void {
    const c = this.control;
    Atomics.store(c, DONE, 0);
    Atomics.store(c, FAILED, 0);
    Atomics.store(c, PLAN, id);
    Atomics.store(c, JOB, job);
    Atomics.store(c, COUNT, count);
    Atomics.store(c, LIMIT, threads);
    this.generation = (this.generation + 1) & 0xffff;
    Atomics.store(c, STATE, this.generation << 16);
    Atomics.notify(c, STATE);
  }
}

let pool: Pool | undefined;
function sharedPool(): Pool | undefined {
  if (!pool && host) pool = new Pool(host);
  return pool;
}

/**
 * Chunks each thread of this thread's pool has run since it started: index 0 the
 * calling thread, 1 … 7 the workers (all zero without a pool). For tests and diagnosis:
 * which threads a plan really used.
 */
export function chunksRunByThread(): number[] {
  return pool?.counts() ?? new Array<number>(MAX_THREADS).fill(0);
}

/** Lets the workers forget a plan once its runner is garbage collected. */
const finalizer = new FinalizationRegistry<number>((id) => sharedPool()?.drop(id));

/**
 * Runs the chunked exports of a module compiled against a shared memory, with up to
 * `threads` threads (this one included). Chunk k of job i is `exports[name](a, b, c, d)`
 * with (a, b, c, d) = args[4k … 4k+3].
 */
export function chunkRunner(module: WebAssembly.Module, memory: WebAssembly.Memory, exports: WebAssembly.Exports, jobs: readonly ChunkJob[], threads: number): ChunkRunner {
  const fns = jobs.map((j) => exports[j.name] as (a: number, b: number, c: number, d: number) => void);
  const sequential = (job: number): void => {
    const fn = fns[job]!;
    const a = jobs[job]!.args;
    for (let k = 0; k < a.length; k += 4) fn(a[k]!, a[k + 1]!, a[k + 2]!, a[k + 3]!);
  };
  const p = threads > 1 ? sharedPool() : undefined;
  if (!p) return { run: sequential, threads: 1 };
  p.grow(Math.min(MAX_THREADS, threads) - 1);
  if (p.workers === 0) return { run: sequential, threads: 1 };
  let id = 0;
  const runner: ChunkRunner = {
    threads: Math.min(threads, p.workers + 1),
    run: (job) => {
      // Registered on the first run: a plan compiled and never run costs the workers nothing.
      if (id === 0) {
        id = p.register(module, memory, jobs);
        finalizer.register(runner, id);
      }
      const fn = fns[job]!;
      const a = jobs[job]!.args;
      p.run(id, job, a.length / 4, runner.threads, (k) => fn(a[4 * k]!, a[4 * k + 1]!, a[4 * k + 2]!, a[4 * k + 3]!));
    },
  };
  return runner;
}
