// Batch gradient descent, twin of assembly/train/batch.ts with the benchmark's settings (l2 = 0, no
// intercept, no stopping rule): each epoch is one fused gradient pass over all rows, the step
// w ← w − η·(2/n)·Xᵀr computed in f64 and stored in the data's type, and linwasm's end-of-epoch checks
// (the MSE recorded, the loss and every weight finite, the objective under 10⁴ × the first epoch's).
#include <math.h>

#include "native.h"

#define EXPLODED 1e4

#define END_EPOCH(T)                                                                                                  \
  static int endEpoch##T(BatchState *state, double *history, double mse, const T *w, int d) {                        \
    history[state->epoch] = mse;                                                                                      \
    if (!isfinite(mse) || !isfinite(state->b)) return 1;                                                              \
    for (int j = 0; j < d; j++)                                                                                       \
      if (!isfinite((double)w[j])) return 1;                                                                          \
    if (state->epoch == 0) state->first = mse;                                                                        \
    return mse > EXPLODED * state->first ? 1 : 0;                                                                     \
  }
END_EPOCH(float)
END_EPOCH(double)

int trainBatchF32(const float *X, const double *y, int n, int d, float *w, double *g, double *history,
                  BatchState *state, double learningRate, int epochEnd, Work *work) {
  const double step = 2 * learningRate / n;
  int status = 0;
  while (state->epoch < epochEnd) {
    const double mse = gradientAllF32(X, y, n, d, w, state->b, g, work) / n;
    for (int j = 0; j < d; j++) w[j] = (float)((double)w[j] - step * g[j]);
    status = endEpochfloat(state, history, mse, w, d);
    if (status) break;
    state->epoch++;
  }
  return status;
}

int trainBatchF64(const double *X, const double *y, int n, int d, double *w, double *g, double *history,
                  BatchState *state, double learningRate, int epochEnd, Work *work) {
  const double step = 2 * learningRate / n;
  int status = 0;
  while (state->epoch < epochEnd) {
    const double mse = gradientAllF64(X, y, n, d, w, state->b, g, work) / n;
    for (int j = 0; j < d; j++) w[j] = w[j] - step * g[j];
    status = endEpochdouble(state, history, mse, w, d);
    if (status) break;
    state->epoch++;
  }
  return status;
}
