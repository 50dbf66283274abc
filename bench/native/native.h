// The native C reference of the benchmark (bench/native.mjs builds and runs it): the kernels linwasm's
// core computes — the fused batch-GD epoch, matvec (predict), the exact solver's centered Gram matrix and
// Cholesky solve — in float32 and float64, so that linwasm can be timed against native code in the same
// run. Each source compiles four ways: 128-bit SSE or AVX2+FMA (simd.h), each without or with OpenMP
// (-fopenmp: the rows are split between threads, each with its own partial sums, added in thread order).
#ifndef LINWASM_NATIVE_H
#define LINWASM_NATIVE_H

#include <stddef.h>

#ifdef _OPENMP
#include <omp.h>
static inline int threadId(void) { return omp_get_thread_num(); }
static inline int threadCount(void) { return omp_get_num_threads(); }
#else
static inline int threadId(void) { return 0; }
static inline int threadCount(void) { return 1; }
#endif

/** Rows [*start, *end) of thread t of T: contiguous, in whole units of `unit` rows (a block of the kernel). */
static inline void rowRange(int n, int unit, int t, int T, int *start, int *end) {
  long units = (n + unit - 1) / unit;
  long s = units * t / T * unit, e = units * (t + 1) / T * unit;
  *start = (int)(s < n ? s : n);
  *end = (int)(e < n ? e : n);
}

/**
 * Per-thread scratch, allocated once before anything is timed: partial gradients (d + 1 f64), float32
 * row-block sums (d f32), partial Gram matrices (d×d + d + d + 2 f64) and losses, each thread's on its
 * own cache lines.
 */
typedef struct {
  int threads;
  int d;
  size_t gStride, accStride, gramStride; /* in elements */
  double *g;                             /* threads × gStride */
  float *acc;                            /* threads × accStride */
  double *gram;                          /* threads × gramStride (only when asked for) */
  double *loss;                          /* threads × 8 */
} Work;

Work *workNew(int threads, int d, int withGram);
void workFree(Work *work);
/** 64-byte aligned, zeroed memory; exits with a message when there is none. */
void *alignedZero(size_t bytes);

/** Training state of trainBatch that outlives one call (linwasm's state slots). */
typedef struct {
  double b;     /* the intercept (stays 0: the benchmark fits none) */
  int epoch;    /* epochs completed */
  double first; /* the first epoch's objective */
} BatchState;

/* gradient.c: r_i = x_i·w + b − y_i, g[0…d−1] += r_i·x_i, g[d] += r_i over rows start…end−1; returns Σ r_i².
   f32: rows summed in f32 in acc for blocks of 32 rows, then added into the f64 g (acc left zeroed). */
double gradientF32(const float *X, const double *y, int d, int start, int end, const float *w, double b, double *g,
                   float *acc);
double gradientF64(const double *X, const double *y, int d, int start, int end, const double *w, double b, double *g);
/** The same over all n rows with work->threads threads; g (d + 1) is overwritten. */
double gradientAllF32(const float *X, const double *y, int n, int d, const float *w, double b, double *g, Work *work);
double gradientAllF64(const double *X, const double *y, int n, int d, const double *w, double b, double *g, Work *work);

/* batch.c: batch gradient descent epochs state->epoch … epochEnd−1 as linwasm's trainBatch with l2 = 0, no
   intercept and no stopping rule (the benchmark's settings); history[epoch] = MSE. Returns 0, or 1 (diverged). */
int trainBatchF32(const float *X, const double *y, int n, int d, float *w, double *g, double *history,
                  BatchState *state, double learningRate, int epochEnd, Work *work);
int trainBatchF64(const double *X, const double *y, int n, int d, double *w, double *g, double *history,
                  BatchState *state, double learningRate, int epochEnd, Work *work);

/* matvec.c: out[i] = x_i·w + b, with `threads` threads. */
void matvecF32(const float *X, int n, int d, const float *w, double b, double *out, int threads);
void matvecF64(const double *X, int n, int d, const double *w, double b, double *out, int threads);

/* gram.c: A = Σ (x_i − x̄)(x_i − x̄)ᵀ (d×d, full), c = Σ (x_i − x̄)(y_i − ȳ), mean = [x̄, ȳ] (d + 1),
   all in f64 (linwasm's gram with center = true and no sample weights). work needs withGram. */
void gramF32(const float *X, const double *y, int n, int d, double *mean, double *A, double *c, Work *work);
void gramF64(const double *X, const double *y, int n, int d, double *mean, double *A, double *c, Work *work);

/* cholesky.c: solves (A + ridge·I)·w = c (A and c overwritten), as linwasm's choleskySolve; returns 0, or 1
   with the singular column at *info. */
int choleskySolve(double *A, double *c, int d, double ridge, double *w, int *info);

#endif
