// The exact solver's normal equations, twin of assembly/solve/gram.ts (center = true, no sample weights):
// column means in f64, then X's rows centered in f64 four at a time and added into the upper triangle of
// A as a rank-4 update (A read and written once per four rows, vectorized across a row of A), then the
// triangle mirrored. With OpenMP each thread sums a contiguous range of rows into its own A, c and means
// (thread 0 into the outputs themselves), added in thread order.
#include <string.h>

#include "native.h"
#include "simd.h"

#define BLOCK 4

/** Thread t's partial sums: A (d×d), c (d), the means' sums (d + 1), and BLOCK centered rows (BLOCK·d). */
static void parts(Work *work, int t, double *A, double *c, double *mean, double **At, double **ct, double **mt,
                  double **rows) {
  const int d = work->d;
  double *base = work->gram + (size_t)t * work->gramStride;
  *At = t == 0 ? A : base;
  *ct = t == 0 ? c : base + (size_t)d * d;
  *mt = t == 0 ? mean : base + (size_t)d * d + d;
  *rows = base + (size_t)d * d + d + d + 1;
}

/** A[j][k] += Σ_rows r[j]·r[k] for k ≥ j (r: BLOCK rows of d at rows). */
static void rank4(double *A, const double *rows, int d) {
  const double *r0 = rows, *r1 = rows + d, *r2 = rows + 2 * d, *r3 = rows + 3 * d;
  for (int j = 0; j < d; j++) {
    const vf64 a0 = f64Splat(r0[j]), a1 = f64Splat(r1[j]), a2 = f64Splat(r2[j]), a3 = f64Splat(r3[j]);
    double *aRow = A + (size_t)j * d;
    int k = j;
    for (; k + F64_LANES <= d; k += F64_LANES) {
      vf64 s = f64MulAdd(a0, f64Load(r0 + k), f64Zero());
      s = f64MulAdd(a1, f64Load(r1 + k), s);
      s = f64MulAdd(a2, f64Load(r2 + k), s);
      s = f64MulAdd(a3, f64Load(r3 + k), s);
      f64Store(aRow + k, f64Add(f64Load(aRow + k), s));
    }
    for (; k < d; k++) aRow[k] += r0[j] * r0[k] + r1[j] * r1[k] + r2[j] * r2[k] + r3[j] * r3[k];
  }
}

#define GRAM(T, S)                                                                                                    \
  void gram##S(const T *X, const double *y, int n, int d, double *mean, double *A, double *c, Work *work) {           \
    const int threads = work->threads;                                                                                \
    _Pragma("omp parallel num_threads(threads)") {                                                                    \
      const int t = threadId();                                                                                       \
      int start, end;                                                                                                 \
      double *At, *ct, *mt, *rows;                                                                                    \
      parts(work, t, A, c, mean, &At, &ct, &mt, &rows);                                                               \
      rowRange(n, BLOCK, t, threadCount(), &start, &end);                                                             \
      memset(mt, 0, (size_t)(d + 1) * sizeof(double));                                                                \
      for (int i = start; i < end; i++) {                                                                             \
        const T *x = X + (size_t)i * d;                                                                               \
        for (int j = 0; j < d; j++) mt[j] += (double)x[j];                                                            \
        mt[d] += y[i];                                                                                                \
      }                                                                                                               \
    }                                                                                                                 \
    for (int t = 1; t < threads; t++) {                                                                               \
      double *At, *ct, *mt, *rows;                                                                                    \
      parts(work, t, A, c, mean, &At, &ct, &mt, &rows);                                                               \
      for (int j = 0; j <= d; j++) mean[j] += mt[j];                                                                  \
    }                                                                                                                 \
    for (int j = 0; j <= d; j++) mean[j] /= n;                                                                        \
    _Pragma("omp parallel num_threads(threads)") {                                                                    \
      const int t = threadId();                                                                                       \
      int start, end;                                                                                                 \
      double *At, *ct, *mt, *rows;                                                                                    \
      parts(work, t, A, c, mean, &At, &ct, &mt, &rows);                                                               \
      rowRange(n, BLOCK, t, threadCount(), &start, &end);                                                             \
      memset(At, 0, (size_t)d * d * sizeof(double));                                                                  \
      memset(ct, 0, (size_t)d * sizeof(double));                                                                      \
      for (int i0 = start; i0 < end; i0 += BLOCK) {                                                                   \
        const int m = end - i0 < BLOCK ? end - i0 : BLOCK;                                                            \
        memset(rows, 0, (size_t)BLOCK * d * sizeof(double));                                                          \
        for (int k = 0; k < m; k++) {                                                                                 \
          const T *x = X + (size_t)(i0 + k) * d;                                                                      \
          double *r = rows + (size_t)k * d;                                                                           \
          const double yc = y[i0 + k] - mean[d];                                                                      \
          for (int j = 0; j < d; j++) {                                                                               \
            r[j] = (double)x[j] - mean[j];                                                                            \
            ct[j] += r[j] * yc;                                                                                       \
          }                                                                                                           \
        }                                                                                                             \
        rank4(At, rows, d);                                                                                           \
      }                                                                                                               \
    }                                                                                                                 \
    for (int t = 1; t < threads; t++) {                                                                               \
      double *At, *ct, *mt, *rows;                                                                                    \
      parts(work, t, A, c, mean, &At, &ct, &mt, &rows);                                                               \
      for (int j = 0; j < d; j++) {                                                                                   \
        c[j] += ct[j];                                                                                                \
        for (int k = j; k < d; k++) A[(size_t)j * d + k] += At[(size_t)j * d + k];                                    \
      }                                                                                                               \
    }                                                                                                                 \
    for (int j = 0; j < d; j++)                                                                                       \
      for (int k = j + 1; k < d; k++) A[(size_t)k * d + j] = A[(size_t)j * d + k];                                    \
  }
GRAM(float, F32)
GRAM(double, F64)
