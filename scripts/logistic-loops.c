/*
 * The compiled plan's loops for logistic regression's value and gradient at 2000x1000,
 * written in C with 128-bit vectors (SSE2 + FMA3, as WebAssembly's f64x2 and
 * relaxed_madd), to tell what the width costs from what V8 adds, and what huge pages
 * give (NumPy asks for them with madvise; a WebAssembly memory cannot). Six rows per
 * block: their dot products with w in one pass, the per-row function, then the six rows
 * times their coefficients added to the gradient (docs/benchmarks.md, "Where it stands").
 *
 *   gcc -O2 -mfma -o /tmp/logistic-loops scripts/logistic-loops.c -lm
 *   /tmp/logistic-loops          # 4 KB pages
 *   /tmp/logistic-loops huge     # madvise(MADV_HUGEPAGE) on X
 */
#include <immintrin.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

enum { M = 2000, N = 1000 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static inline double lanes(__m128d a) { return _mm_cvtsd_f64(_mm_add_pd(a, _mm_unpackhi_pd(a, a))); }

/* f = sum log(1 + exp(-y_i x_i.w)), g = -sum y_i sigma(-y_i x_i.w) x_i */
static double valueAndGradient(const double *X, const double *w, const double *y, double *g) {
  double f = 0;
  for (int j = 0; j < N; j++) g[j] = 0;
  for (int i = 0; i + 6 <= M; i += 6) {
    const double *r = X + (long)i * N;
    __m128d a0 = _mm_setzero_pd(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
    for (int j = 0; j < N; j += 2) {
      __m128d v = _mm_load_pd(w + j);
      a0 = _mm_fmadd_pd(v, _mm_load_pd(r + j), a0);
      a1 = _mm_fmadd_pd(v, _mm_load_pd(r + N + j), a1);
      a2 = _mm_fmadd_pd(v, _mm_load_pd(r + 2 * N + j), a2);
      a3 = _mm_fmadd_pd(v, _mm_load_pd(r + 3 * N + j), a3);
      a4 = _mm_fmadd_pd(v, _mm_load_pd(r + 4 * N + j), a4);
      a5 = _mm_fmadd_pd(v, _mm_load_pd(r + 5 * N + j), a5);
    }
    double z[6] = {lanes(a0), lanes(a1), lanes(a2), lanes(a3), lanes(a4), lanes(a5)}, c[6];
    for (int h = 0; h < 6; h++) {
      double t = exp(-y[i + h] * z[h]);
      f += log1p(t);
      c[h] = -y[i + h] * t / (1 + t);
    }
    __m128d c0 = _mm_set1_pd(c[0]), c1 = _mm_set1_pd(c[1]), c2 = _mm_set1_pd(c[2]), c3 = _mm_set1_pd(c[3]), c4 = _mm_set1_pd(c[4]), c5 = _mm_set1_pd(c[5]);
    for (int j = 0; j < N; j += 2) {
      __m128d t = _mm_load_pd(g + j);
      t = _mm_fmadd_pd(c0, _mm_load_pd(r + j), t);
      t = _mm_fmadd_pd(c1, _mm_load_pd(r + N + j), t);
      t = _mm_fmadd_pd(c2, _mm_load_pd(r + 2 * N + j), t);
      t = _mm_fmadd_pd(c3, _mm_load_pd(r + 3 * N + j), t);
      t = _mm_fmadd_pd(c4, _mm_load_pd(r + 4 * N + j), t);
      t = _mm_fmadd_pd(c5, _mm_load_pd(r + 5 * N + j), t);
      _mm_store_pd(g + j, t);
    }
  }
  return f; /* M is a multiple of 6 */
}

int main(int argc, char **argv) {
  size_t bytes = sizeof(double) * M * N;
  double *X = aligned_alloc(1 << 21, bytes), *w = aligned_alloc(64, 8 * N), *y = aligned_alloc(64, 8 * M), *g = aligned_alloc(64, 8 * N);
  if (argc > 1) madvise(X, bytes, MADV_HUGEPAGE);
  srand(1);
  for (long i = 0; i < (long)M * N; i++) X[i] = 2.0 * rand() / RAND_MAX - 1;
  for (int j = 0; j < N; j++) w[j] = 2.0 * rand() / RAND_MAX - 1;
  for (int i = 0; i < M; i++) y[i] = rand() % 2 ? 1 : -1;
  double best = 1e9, sink = 0;
  for (int k = 0; k < 1500; k++) {
    double t0 = now();
    sink += valueAndGradient(X, w, y, g);
    double t = now() - t0;
    if (t < best) best = t;
  }
  printf("C, 128-bit FMA, %s pages: fastest of 1500 calls %.0f us (f = %.6f)\n", argc > 1 ? "huge" : "4 KB", best * 1e6, sink / 1500);
  return 0;
}
