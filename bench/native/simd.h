// The SIMD width of one build of the native reference. Compiled with -mavx2 -mfma: 256-bit vectors
// (8 f32 / 4 f64 lanes) and fused multiply-add. Otherwise (-msse4.2): 128-bit vectors (4 f32 / 2 f64
// lanes) with a separate multiply and add — what WebAssembly's v128 offers and what linwasm's
// f32x4 / f64x2 code compiles to on x86 (Node 20's WASM SIMD has no fused multiply-add).
#ifndef LINWASM_NATIVE_SIMD_H
#define LINWASM_NATIVE_SIMD_H

#include <immintrin.h>

#if defined(__AVX2__) && defined(__FMA__)

#define SIMD_NAME "avx2+fma"
#define F32_LANES 8
#define F64_LANES 4
typedef __m256 vf32;
typedef __m256d vf64;

static inline vf32 f32Zero(void) { return _mm256_setzero_ps(); }
static inline vf32 f32Load(const float *p) { return _mm256_loadu_ps(p); }
static inline void f32Store(float *p, vf32 v) { _mm256_storeu_ps(p, v); }
static inline vf32 f32Splat(float a) { return _mm256_set1_ps(a); }
static inline vf32 f32Add(vf32 a, vf32 b) { return _mm256_add_ps(a, b); }
/** a·b + c */
static inline vf32 f32MulAdd(vf32 a, vf32 b, vf32 c) { return _mm256_fmadd_ps(a, b, c); }

static inline vf64 f64Zero(void) { return _mm256_setzero_pd(); }
static inline vf64 f64Load(const double *p) { return _mm256_loadu_pd(p); }
static inline void f64Store(double *p, vf64 v) { _mm256_storeu_pd(p, v); }
static inline vf64 f64Splat(double a) { return _mm256_set1_pd(a); }
static inline vf64 f64Add(vf64 a, vf64 b) { return _mm256_add_pd(a, b); }
static inline vf64 f64MulAdd(vf64 a, vf64 b, vf64 c) { return _mm256_fmadd_pd(a, b, c); }

static inline double f64LaneSum(vf64 v) {
  __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  return _mm_cvtsd_f64(s) + _mm_cvtsd_f64(_mm_unpackhi_pd(s, s));
}
/** The f32 lanes summed in f64, so the float32 round-off stays per lane (as linwasm's laneSumF32). */
static inline double f32LaneSum(vf32 v) {
  return f64LaneSum(_mm256_add_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)), _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1))));
}

#else

#define SIMD_NAME "sse4.2"
#define F32_LANES 4
#define F64_LANES 2
typedef __m128 vf32;
typedef __m128d vf64;

static inline vf32 f32Zero(void) { return _mm_setzero_ps(); }
static inline vf32 f32Load(const float *p) { return _mm_loadu_ps(p); }
static inline void f32Store(float *p, vf32 v) { _mm_storeu_ps(p, v); }
static inline vf32 f32Splat(float a) { return _mm_set1_ps(a); }
static inline vf32 f32Add(vf32 a, vf32 b) { return _mm_add_ps(a, b); }
/** a·b + c, rounded twice (as WASM's f32x4.mul then f32x4.add). */
static inline vf32 f32MulAdd(vf32 a, vf32 b, vf32 c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }

static inline vf64 f64Zero(void) { return _mm_setzero_pd(); }
static inline vf64 f64Load(const double *p) { return _mm_loadu_pd(p); }
static inline void f64Store(double *p, vf64 v) { _mm_storeu_pd(p, v); }
static inline vf64 f64Splat(double a) { return _mm_set1_pd(a); }
static inline vf64 f64Add(vf64 a, vf64 b) { return _mm_add_pd(a, b); }
static inline vf64 f64MulAdd(vf64 a, vf64 b, vf64 c) { return _mm_add_pd(_mm_mul_pd(a, b), c); }

static inline double f64LaneSum(vf64 v) { return _mm_cvtsd_f64(v) + _mm_cvtsd_f64(_mm_unpackhi_pd(v, v)); }
/** The f32 lanes summed in f64, so the float32 round-off stays per lane (as linwasm's laneSumF32). */
static inline double f32LaneSum(vf32 v) {
  return f64LaneSum(_mm_add_pd(_mm_cvtps_pd(v), _mm_cvtps_pd(_mm_movehl_ps(v, v))));
}

#endif

#endif
