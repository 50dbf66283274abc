// Cholesky solve of the normal equations, twin of assembly/solve/cholesky.ts: constant columns get a zero
// coefficient, the ridge goes on the diagonal, the row-oriented factorization L[i][j] = (A[i][j] −
// Σ_{k<j} L[i][k]·L[j][k]) / L[j][j] (its inner sums vectorized), then the two triangular solves.
// Single-threaded in every build: d³/6 multiply-adds, small next to the Gram matrix's n·d²/2.
#include <math.h>

#include "native.h"
#include "simd.h"

#define ZERO_COLUMN 1e-24
#define SINGULAR_PIVOT 1e-12

static double rowDot(const double *a, const double *b, int count) {
  vf64 acc = f64Zero();
  int k = 0;
  for (; k + F64_LANES <= count; k += F64_LANES) acc = f64MulAdd(f64Load(a + k), f64Load(b + k), acc);
  double s = f64LaneSum(acc);
  for (; k < count; k++) s += a[k] * b[k];
  return s;
}

int choleskySolve(double *A, double *c, int d, double ridge, double *w, int *info) {
  double maxDiag = 0;
  for (int j = 0; j < d; j++) maxDiag = fmax(maxDiag, A[(size_t)j * d + j]);
  for (int j = 0; j < d; j++) {
    double *jj = A + (size_t)j * d + j;
    if (*jj <= ZERO_COLUMN * maxDiag) {
      for (int k = 0; k < d; k++) A[(size_t)j * d + k] = A[(size_t)k * d + j] = 0;
      *jj = 1;
      c[j] = 0;
    } else {
      *jj += ridge;
    }
  }
  for (int i = 0; i < d; i++) {
    double *li = A + (size_t)i * d;
    for (int j = 0; j <= i; j++) {
      const double *lj = A + (size_t)j * d;
      const double s = li[j] - rowDot(li, lj, j);
      if (i == j) {
        if (!(s > SINGULAR_PIVOT * li[i])) {
          *info = i;
          return 1;
        }
        li[i] = sqrt(s);
      } else {
        li[j] = s / lj[j];
      }
    }
  }
  for (int i = 0; i < d; i++) {
    const double *li = A + (size_t)i * d;
    c[i] = (c[i] - rowDot(li, c, i)) / li[i];
  }
  for (int i = d - 1; i >= 0; i--) {
    double s = c[i];
    for (int k = i + 1; k < d; k++) s -= A[(size_t)k * d + i] * w[k];
    w[i] = s / A[(size_t)i * d + i];
  }
  *info = -1;
  return 0;
}
