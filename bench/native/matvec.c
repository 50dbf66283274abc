// The predict kernel, twin of assembly/kernels/matvec.ts: out[i] = x_i·w + b, two rows per dot product
// (w loaded once) while a row is at most 256 bytes, one row at a time beyond (one sequential stream for
// the prefetcher). With OpenMP each thread takes a contiguous range of rows.
#include "native.h"
#include "vector.h"

#define DOT2_ROW_BYTES 256

#define MATVEC_RANGE(T, S)                                                                                            \
  static void matvecRange##S(const T *X, int start, int end, int d, const T *w, double b, double *out) {              \
    int i = start;                                                                                                    \
    if ((size_t)d * sizeof(T) <= DOT2_ROW_BYTES) {                                                                    \
      for (; i + 2 <= end; i += 2) {                                                                                  \
        double s1;                                                                                                    \
        const T *x0 = X + (size_t)i * d;                                                                              \
        out[i] = dot2##S(x0, x0 + d, w, d, &s1) + b;                                                                  \
        out[i + 1] = s1 + b;                                                                                          \
      }                                                                                                               \
    }                                                                                                                 \
    for (; i < end; i++) out[i] = dot##S(X + (size_t)i * d, w, d) + b;                                                \
  }
MATVEC_RANGE(float, F32)
MATVEC_RANGE(double, F64)

void matvecF32(const float *X, int n, int d, const float *w, double b, double *out, int threads) {
  (void)threads; // without OpenMP
#pragma omp parallel num_threads(threads)
  {
    int start, end;
    rowRange(n, 2, threadId(), threadCount(), &start, &end);
    matvecRangeF32(X, start, end, d, w, b, out);
  }
}

void matvecF64(const double *X, int n, int d, const double *w, double b, double *out, int threads) {
  (void)threads; // without OpenMP
#pragma omp parallel num_threads(threads)
  {
    int start, end;
    rowRange(n, 2, threadId(), threadCount(), &start, &end);
    matvecRangeF64(X, start, end, d, w, b, out);
  }
}
