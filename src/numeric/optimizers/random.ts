/**
 * A seeded random generator that reproduces NumPy's legacy `np.random.seed(s)` stream:
 * Mersenne Twister MT19937 (Matsumoto and Nishimura), 53-bit doubles as
 * `random_sample`, and normal deviates by the polar method with one cached value as
 * `randn`. Reproducing NumPy lets seed 004's landscape and starting points be rebuilt
 * exactly (random_state = 0), and makes every noisy run repeatable from its seed.
 */

const N = 624;
const M = 397;

/** MT19937 with NumPy's legacy double and Gaussian draws. */
export class Mt19937 {
  private readonly mt = new Uint32Array(N);
  private index = N;
  private cachedGauss: number | undefined;

  /** Seeds like `np.random.seed(seed)` for an integer 0 ≤ seed < 2^32 (init_genrand). */
  constructor(seed = 0) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      // 1812433253 * prev + i, modulo 2^32, without losing bits to double rounding.
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** The next 32-bit output. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % N]! & 0x7fffffff);
        mt[k] = mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double uniform on [0, 1) with 53 random bits (NumPy's `random_sample`). */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A standard normal deviate (NumPy's legacy `randn`: polar method, second value cached). */
  gauss(): number {
    if (this.cachedGauss !== undefined) {
      const g = this.cachedGauss;
      this.cachedGauss = undefined;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.cachedGauss = f * x1;
    return f * x2;
  }

  /** n uniform doubles on [0, 1) (`np.random.random(n)`). */
  uniforms(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.random();
    return out;
  }

  /** n standard normal deviates (`np.random.randn(n)`). */
  normals(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.gauss();
    return out;
  }
}
