// Row-level building blocks of the native reference, the twins of assembly/kernels/vector.ts: dot
// products with two vector accumulators summed in f64 at the end, and y += a·x updates, over d
// elements of float (f32) or double (f64), in the SIMD width of the build (simd.h) with a scalar tail.
#ifndef LINWASM_NATIVE_VECTOR_H
#define LINWASM_NATIVE_VECTOR_H

#include "simd.h"

static inline double dotF32(const float *x, const float *w, int d) {
  vf32 a0 = f32Zero(), a1 = f32Zero();
  int j = 0;
  for (; j + 2 * F32_LANES <= d; j += 2 * F32_LANES) {
    a0 = f32MulAdd(f32Load(x + j), f32Load(w + j), a0);
    a1 = f32MulAdd(f32Load(x + j + F32_LANES), f32Load(w + j + F32_LANES), a1);
  }
  if (j + F32_LANES <= d) {
    a0 = f32MulAdd(f32Load(x + j), f32Load(w + j), a0);
    j += F32_LANES;
  }
  double s = f32LaneSum(f32Add(a0, a1));
  for (; j < d; j++) s += (double)(x[j] * w[j]);
  return s;
}

/** x0·w (returned) and x1·w (*s1), each summed as dotF32 sums it, with w loaded once for both rows. */
static inline double dot2F32(const float *x0, const float *x1, const float *w, int d, double *s1) {
  vf32 a0 = f32Zero(), b0 = f32Zero(), a1 = f32Zero(), b1 = f32Zero();
  int j = 0;
  for (; j + 2 * F32_LANES <= d; j += 2 * F32_LANES) {
    vf32 wa = f32Load(w + j), wb = f32Load(w + j + F32_LANES);
    a0 = f32MulAdd(f32Load(x0 + j), wa, a0);
    b0 = f32MulAdd(f32Load(x0 + j + F32_LANES), wb, b0);
    a1 = f32MulAdd(f32Load(x1 + j), wa, a1);
    b1 = f32MulAdd(f32Load(x1 + j + F32_LANES), wb, b1);
  }
  if (j + F32_LANES <= d) {
    vf32 wa = f32Load(w + j);
    a0 = f32MulAdd(f32Load(x0 + j), wa, a0);
    a1 = f32MulAdd(f32Load(x1 + j), wa, a1);
    j += F32_LANES;
  }
  double s0 = f32LaneSum(f32Add(a0, b0));
  double t1 = f32LaneSum(f32Add(a1, b1));
  for (; j < d; j++) {
    s0 += (double)(x0[j] * w[j]);
    t1 += (double)(x1[j] * w[j]);
  }
  *s1 = t1;
  return s0;
}

/** y[j] += a·x[j] in f32. */
static inline void axpyF32(float *y, const float *x, int d, float a) {
  vf32 av = f32Splat(a);
  int j = 0;
  for (; j + F32_LANES <= d; j += F32_LANES) f32Store(y + j, f32MulAdd(av, f32Load(x + j), f32Load(y + j)));
  for (; j < d; j++) y[j] += a * x[j];
}

/** y[j] += a0·x0[j], then y[j] += a1·x1[j]: y loaded and stored once per two rows. */
static inline void axpy2F32(float *y, const float *x0, const float *x1, int d, float a0, float a1) {
  vf32 v0 = f32Splat(a0), v1 = f32Splat(a1);
  int j = 0;
  for (; j + F32_LANES <= d; j += F32_LANES) {
    vf32 u = f32MulAdd(v0, f32Load(x0 + j), f32Load(y + j));
    f32Store(y + j, f32MulAdd(v1, f32Load(x1 + j), u));
  }
  for (; j < d; j++) {
    float u = y[j] + a0 * x0[j];
    y[j] = u + a1 * x1[j];
  }
}

static inline double dotF64(const double *x, const double *w, int d) {
  vf64 a0 = f64Zero(), a1 = f64Zero();
  int j = 0;
  for (; j + 2 * F64_LANES <= d; j += 2 * F64_LANES) {
    a0 = f64MulAdd(f64Load(x + j), f64Load(w + j), a0);
    a1 = f64MulAdd(f64Load(x + j + F64_LANES), f64Load(w + j + F64_LANES), a1);
  }
  if (j + F64_LANES <= d) {
    a0 = f64MulAdd(f64Load(x + j), f64Load(w + j), a0);
    j += F64_LANES;
  }
  double s = f64LaneSum(f64Add(a0, a1));
  for (; j < d; j++) s += x[j] * w[j];
  return s;
}

static inline double dot2F64(const double *x0, const double *x1, const double *w, int d, double *s1) {
  vf64 a0 = f64Zero(), b0 = f64Zero(), a1 = f64Zero(), b1 = f64Zero();
  int j = 0;
  for (; j + 2 * F64_LANES <= d; j += 2 * F64_LANES) {
    vf64 wa = f64Load(w + j), wb = f64Load(w + j + F64_LANES);
    a0 = f64MulAdd(f64Load(x0 + j), wa, a0);
    b0 = f64MulAdd(f64Load(x0 + j + F64_LANES), wb, b0);
    a1 = f64MulAdd(f64Load(x1 + j), wa, a1);
    b1 = f64MulAdd(f64Load(x1 + j + F64_LANES), wb, b1);
  }
  if (j + F64_LANES <= d) {
    vf64 wa = f64Load(w + j);
    a0 = f64MulAdd(f64Load(x0 + j), wa, a0);
    a1 = f64MulAdd(f64Load(x1 + j), wa, a1);
    j += F64_LANES;
  }
  double s0 = f64LaneSum(f64Add(a0, b0));
  double t1 = f64LaneSum(f64Add(a1, b1));
  for (; j < d; j++) {
    s0 += x0[j] * w[j];
    t1 += x1[j] * w[j];
  }
  *s1 = t1;
  return s0;
}

static inline void axpyF64(double *y, const double *x, int d, double a) {
  vf64 av = f64Splat(a);
  int j = 0;
  for (; j + F64_LANES <= d; j += F64_LANES) f64Store(y + j, f64MulAdd(av, f64Load(x + j), f64Load(y + j)));
  for (; j < d; j++) y[j] += a * x[j];
}

static inline void axpy2F64(double *y, const double *x0, const double *x1, int d, double a0, double a1) {
  vf64 v0 = f64Splat(a0), v1 = f64Splat(a1);
  int j = 0;
  for (; j + F64_LANES <= d; j += F64_LANES) {
    vf64 u = f64MulAdd(v0, f64Load(x0 + j), f64Load(y + j));
    f64Store(y + j, f64MulAdd(v1, f64Load(x1 + j), u));
  }
  for (; j < d; j++) {
    double u = y[j] + a0 * x0[j];
    y[j] = u + a1 * x1[j];
  }
}

#endif
