// The fused gradient pass, twin of assembly/kernels/gradient.ts (rows in order): one read of each row for
// its residual, the row read again from L1 for the gradient update; rows in pairs (the running sums loaded
// and stored once per two rows) while a row is at most 1 KB, and two rows per dot product (w loaded once)
// while a row is at most 256 bytes — the same choices linwasm makes, for the same reasons.
#include <string.h>

#include "native.h"
#include "vector.h"

#define F32_BLOCK 32
#define PAIR_ROW_BYTES 1024
#define DOT2_ROW_BYTES 256

/** g[j] += acc[j] (f64 ← f32), then acc[j] = 0. */
static void flushF32(double *g, float *acc, int d) {
  for (int j = 0; j < d; j++) {
    g[j] += (double)acc[j];
    acc[j] = 0;
  }
}

double gradientF32(const float *X, const double *y, int d, int start, int end, const float *w, double b, double *g,
                   float *acc) {
  const size_t rowBytes = (size_t)d * sizeof(float);
  double loss = 0, sumR = 0;
  int i = start;
  while (i < end) {
    const int blockEnd = i + F32_BLOCK < end ? i + F32_BLOCK : end;
    if (rowBytes <= PAIR_ROW_BYTES) {
      for (; i + 2 <= blockEnd; i += 2) {
        const float *x0 = X + (size_t)i * d;
        const float *x1 = x0 + d;
        double r0, r1;
        if (rowBytes <= DOT2_ROW_BYTES) {
          r0 = dot2F32(x0, x1, w, d, &r1) + b - y[i];
          r1 = r1 + b - y[i + 1];
        } else {
          r0 = dotF32(x0, w, d) + b - y[i];
          r1 = dotF32(x1, w, d) + b - y[i + 1];
        }
        loss += r0 * r0;
        sumR += r0;
        loss += r1 * r1;
        sumR += r1;
        axpy2F32(acc, x0, x1, d, (float)r0, (float)r1);
      }
    }
    for (; i < blockEnd; i++) {
      const float *x = X + (size_t)i * d;
      const double r = dotF32(x, w, d) + b - y[i];
      loss += r * r;
      sumR += r;
      axpyF32(acc, x, d, (float)r);
    }
    flushF32(g, acc, d);
  }
  g[d] += sumR;
  return loss;
}

double gradientF64(const double *X, const double *y, int d, int start, int end, const double *w, double b,
                   double *g) {
  const size_t rowBytes = (size_t)d * sizeof(double);
  double loss = 0, sumR = 0;
  int i = start;
  if (rowBytes <= PAIR_ROW_BYTES) {
    for (; i + 2 <= end; i += 2) {
      const double *x0 = X + (size_t)i * d;
      const double *x1 = x0 + d;
      double r0, r1;
      if (rowBytes <= DOT2_ROW_BYTES) {
        r0 = dot2F64(x0, x1, w, d, &r1) + b - y[i];
        r1 = r1 + b - y[i + 1];
      } else {
        r0 = dotF64(x0, w, d) + b - y[i];
        r1 = dotF64(x1, w, d) + b - y[i + 1];
      }
      loss += r0 * r0;
      sumR += r0;
      loss += r1 * r1;
      sumR += r1;
      axpy2F64(g, x0, x1, d, r0, r1);
    }
  }
  for (; i < end; i++) {
    const double *x = X + (size_t)i * d;
    const double r = dotF64(x, w, d) + b - y[i];
    loss += r * r;
    sumR += r;
    axpyF64(g, x, d, r);
  }
  g[d] += sumR;
  return loss;
}

/** Thread t's partial gradient: g itself for thread 0 (no copy in a single-threaded build), else scratch. */
static double *partOf(double *g, Work *work, int t) { return t == 0 ? g : work->g + (size_t)t * work->gStride; }

/** g += the other threads' partial gradients, in thread order; returns the sum of every thread's loss. */
static double addParts(double *g, int d, Work *work) {
  double loss = work->loss[0];
  for (int t = 1; t < work->threads; t++) {
    const double *part = partOf(g, work, t);
    for (int j = 0; j <= d; j++) g[j] += part[j];
    loss += work->loss[(size_t)t * 8];
  }
  return loss;
}

double gradientAllF32(const float *X, const double *y, int n, int d, const float *w, double b, double *g,
                      Work *work) {
#pragma omp parallel num_threads(work->threads)
  {
    const int t = threadId();
    int start, end;
    rowRange(n, F32_BLOCK, t, threadCount(), &start, &end);
    double *part = partOf(g, work, t);
    memset(part, 0, (size_t)(d + 1) * sizeof(double));
    work->loss[(size_t)t * 8] = gradientF32(X, y, d, start, end, w, b, part, work->acc + (size_t)t * work->accStride);
  }
  return addParts(g, d, work);
}

double gradientAllF64(const double *X, const double *y, int n, int d, const double *w, double b, double *g,
                      Work *work) {
#pragma omp parallel num_threads(work->threads)
  {
    const int t = threadId();
    int start, end;
    rowRange(n, 2, t, threadCount(), &start, &end);
    double *part = partOf(g, work, t);
    memset(part, 0, (size_t)(d + 1) * sizeof(double));
    work->loss[(size_t)t * 8] = gradientF64(X, y, d, start, end, w, b, part);
  }
  return addParts(g, d, work);
}
