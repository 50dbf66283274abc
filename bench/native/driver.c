// The command-line driver of the native reference, run by bench/native.mjs:
//   linwasm-native info
//   linwasm-native check|time epoch|matvec|exact|gradient float32|float64 <rows> <cols> <data file> [options]
// The data file holds X (rows × cols, row-major, in the dtype) then y (rows f64), as the benchmark wrote
// them; --weights names a file of cols + 1 f64 (w then b) for matvec. `check` runs once from the start
// (epoch: --epochs epochs from θ = 0) and prints the result the benchmark compares with linwasm's; `time`
// times one call (epoch: one more epoch, as linwasm's epoch case does) the way bench/timing.mjs times a
// JS function — a warm-up, then samples until both the time and the count are reached — and prints the
// median and quartiles. Everything is printed as one JSON object on stdout; errors go to stderr (exit 2).
// For the small-epoch profile (bench/small-epoch.mjs): `time gradient` times the fused pass alone, and
// --epochs-per-call K makes one timed epoch call run K epochs.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "native.h"
#include "simd.h"

typedef struct {
  const char *mode, *kernel, *dtype, *dataFile, *weightsFile;
  int rows, cols, threads, epochs, epochsPerCall;
  double learningRate, timeMs, warmupMs, estimateMs;
  int minSamples, warmupIterations;
} Args;

static void fail(const char *message, const char *detail) {
  fprintf(stderr, "linwasm-native: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
  exit(2);
}

void *alignedZero(size_t bytes) {
  size_t rounded = (bytes + 63) / 64 * 64;
  void *p = aligned_alloc(64, rounded ? rounded : 64);
  if (!p) fail("out of memory", NULL);
  memset(p, 0, rounded);
  return p;
}

static size_t roundUp8(size_t count) { return (count + 7) / 8 * 8; }

Work *workNew(int threads, int d, int withGram) {
  Work *work = alignedZero(sizeof(Work));
  work->threads = threads;
  work->d = d;
  work->gStride = roundUp8((size_t)d + 1);
  work->accStride = roundUp8((size_t)d + 16);
  work->g = alignedZero((size_t)threads * work->gStride * sizeof(double));
  work->acc = alignedZero((size_t)threads * work->accStride * sizeof(float));
  work->loss = alignedZero((size_t)threads * 8 * sizeof(double));
  if (withGram) {
    work->gramStride = roundUp8((size_t)d * d + d + d + 1 + 4 * (size_t)d);
    work->gram = alignedZero((size_t)threads * work->gramStride * sizeof(double));
  }
  return work;
}

void workFree(Work *work) {
  free(work->g);
  free(work->acc);
  free(work->loss);
  free(work->gram);
  free(work);
}

static double nowMs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static void readFile(const char *path, void *into, size_t bytes) {
  FILE *f = fopen(path, "rb");
  if (!f) fail("cannot open", path);
  if (fread(into, 1, bytes, f) != bytes) fail("file too short for the given rows and cols", path);
  if (fgetc(f) != EOF) fail("file longer than the given rows and cols", path);
  fclose(f);
}

/* The problem: data, buffers and scratch, all allocated before anything runs. */
typedef struct {
  Args a;
  int f32;
  void *X, *w;
  double *y, *g, *out, *history, *mean, *A, *c, *coef, b;
  BatchState state;
  Work *work;
} Problem;

static void setUp(Problem *p) {
  const int n = p->a.rows, d = p->a.cols;
  const size_t size = p->f32 ? sizeof(float) : sizeof(double);
  unsigned char *data = alignedZero((size_t)n * d * size + (size_t)n * sizeof(double));
  readFile(p->a.dataFile, data, (size_t)n * d * size + (size_t)n * sizeof(double));
  p->X = data;
  p->y = (double *)(data + (size_t)n * d * size);
  p->w = alignedZero((size_t)d * size);
  p->g = alignedZero(((size_t)d + 1) * sizeof(double));
  const int epochs = p->a.epochs > p->a.epochsPerCall ? p->a.epochs : p->a.epochsPerCall;
  p->history = alignedZero(((size_t)epochs + 1) * sizeof(double));
  p->work = workNew(p->a.threads, d, strcmp(p->a.kernel, "exact") == 0);
  if (strcmp(p->a.kernel, "matvec") == 0) {
    if (!p->a.weightsFile) fail("matvec needs --weights <file>", NULL);
    double *wb = alignedZero(((size_t)d + 1) * sizeof(double));
    readFile(p->a.weightsFile, wb, ((size_t)d + 1) * sizeof(double));
    for (int j = 0; j < d; j++) {
      if (p->f32) ((float *)p->w)[j] = (float)wb[j];
      else ((double *)p->w)[j] = wb[j];
    }
    p->b = wb[d];
    free(wb);
    p->out = alignedZero((size_t)n * sizeof(double));
  }
  if (strcmp(p->a.kernel, "exact") == 0) {
    p->mean = alignedZero(((size_t)d + 1) * sizeof(double));
    p->A = alignedZero((size_t)d * d * sizeof(double));
    p->c = alignedZero((size_t)d * sizeof(double));
    p->coef = alignedZero((size_t)d * sizeof(double));
  }
}

static int trainTo(Problem *p, int epochEnd) {
  const Args *a = &p->a;
  if (p->f32) {
    return trainBatchF32(p->X, p->y, a->rows, a->cols, p->w, p->g, p->history, &p->state, a->learningRate, epochEnd,
                         p->work);
  }
  return trainBatchF64(p->X, p->y, a->rows, a->cols, p->w, p->g, p->history, &p->state, a->learningRate, epochEnd,
                       p->work);
}

/** The exact solution; returns the singular column, or −1. */
static int solve(Problem *p) {
  const int n = p->a.rows, d = p->a.cols;
  int info = -1;
  if (p->f32) gramF32(p->X, p->y, n, d, p->mean, p->A, p->c, p->work);
  else gramF64(p->X, p->y, n, d, p->mean, p->A, p->c, p->work);
  choleskySolve(p->A, p->c, d, 0, p->coef, &info);
  return info;
}

static void matvec(Problem *p) {
  if (p->f32) matvecF32(p->X, p->a.rows, p->a.cols, p->w, p->b, p->out, p->a.threads);
  else matvecF64(p->X, p->a.rows, p->a.cols, p->w, p->b, p->out, p->a.threads);
}

static int timedStatus = 0;

/**
 * One timed call: one more epoch (the counter rewound, so history[0] is reused; --epochs-per-call more), one
 * predict, one solve, or one gradient pass.
 */
static void runOnce(Problem *p) {
  if (p->a.kernel[0] == 'e' && p->a.kernel[1] == 'p') {
    p->state.epoch = 0;
    timedStatus |= trainTo(p, p->a.epochsPerCall);
  } else if (p->a.kernel[0] == 'g') {
    const int n = p->a.rows, d = p->a.cols;
    volatile double loss = p->f32 ? gradientAllF32(p->X, p->y, n, d, p->w, 0, p->g, p->work)
                                  : gradientAllF64(p->X, p->y, n, d, p->w, 0, p->g, p->work);
    (void)loss;
  } else if (p->a.kernel[0] == 'm') {
    matvec(p);
  } else {
    timedStatus |= solve(p) >= 0;
  }
}

static void printNumber(double v) {
  if (isfinite(v)) printf("%.17g", v);
  else printf("null");
}

static void printVector(const double *v, int count) {
  printf("[");
  for (int i = 0; i < count; i++) {
    if (i) printf(",");
    printNumber(v[i]);
  }
  printf("]");
}

static void check(Problem *p) {
  const int d = p->a.cols;
  const double start = nowMs();
  if (p->a.kernel[0] == 'e' && p->a.kernel[1] == 'p') {
    const int status = trainTo(p, p->a.epochs);
    const double ms = nowMs() - start;
    printf("{\"status\":%d,\"checkMs\":%.6f,\"value\":", status, ms);
    printNumber(p->history[p->a.epochs - 1]);
  } else if (p->a.kernel[0] == 'm') {
    matvec(p);
    printf("{\"status\":0,\"checkMs\":%.6f,\"value\":", nowMs() - start);
    printVector(p->out, p->a.rows);
  } else {
    const int info = solve(p);
    const double ms = nowMs() - start;
    // coef, then the intercept ȳ − x̄·coef (as the benchmark's exact case reports a solution).
    double *solution = alignedZero(((size_t)d + 1) * sizeof(double));
    double intercept = p->mean[d];
    for (int j = 0; j < d; j++) {
      solution[j] = p->coef[j];
      intercept -= p->mean[j] * p->coef[j];
    }
    solution[d] = intercept;
    printf("{\"status\":%d,\"checkMs\":%.6f,\"value\":", info >= 0, ms);
    printVector(solution, d + 1);
    free(solution);
  }
  printf("}\n");
}

static int compareDoubles(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double percentile(const double *sorted, size_t count, double q) {
  const double pos = (count - 1) * q;
  const size_t lo = (size_t)pos;
  const size_t hi = lo + 1 < count ? lo + 1 : count - 1;
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Times runOnce as bench/timing.mjs has tinybench time a function (same budget, same statistics). */
static void timeIt(Problem *p) {
  const Args *a = &p->a;
  // From θ after the check's epochs, as linwasm's epoch case times them (gradient: the same weights).
  if ((a->kernel[0] == 'e' && a->kernel[1] == 'p') || a->kernel[0] == 'g') trainTo(p, a->epochs);
  const int slow = a->estimateMs > 200;
  const int iterations = a->estimateMs > 1000 ? (a->minSamples < 3 ? a->minSamples : 3) : a->minSamples;
  const double warmupMs = slow ? 0 : a->warmupMs;
  const int warmupIterations = slow ? 1 : a->warmupIterations;
  double begin = nowMs();
  for (int k = 0; k < warmupIterations || nowMs() - begin < warmupMs; k++) runOnce(p);
  size_t capacity = 1024, count = 0;
  double *samples = malloc(capacity * sizeof(double));
  begin = nowMs();
  while ((int)count < iterations || nowMs() - begin < a->timeMs) {
    const double t0 = nowMs();
    runOnce(p);
    const double t1 = nowMs();
    if (count == capacity) {
      capacity *= 2;
      samples = realloc(samples, capacity * sizeof(double));
      if (!samples) fail("out of memory", NULL);
    }
    samples[count++] = t1 - t0;
  }
  qsort(samples, count, sizeof(double), compareDoubles);
  const double median = percentile(samples, count, 0.5);
  const double p25 = percentile(samples, count, 0.25), p75 = percentile(samples, count, 0.75);
  printf("{\"status\":%d,\"medianMs\":%.9g,\"p25Ms\":%.9g,\"p75Ms\":%.9g,\"minMs\":%.9g,\"maxMs\":%.9g,"
         "\"samples\":%zu,\"spread\":%.6g,\"threads\":%d}\n",
         timedStatus, median, p25, p75, samples[0], samples[count - 1], count, (p75 - p25) / 2 / median, a->threads);
  free(samples);
}

static int cpuSupported(void) {
  __builtin_cpu_init();
#if defined(__AVX2__) && defined(__FMA__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return __builtin_cpu_supports("sse4.2");
#endif
}

static void info(void) {
#ifdef _OPENMP
  const int openmp = 1, maxThreads = omp_get_max_threads();
#else
  const int openmp = 0, maxThreads = 1;
#endif
  printf("{\"simd\":\"%s\",\"openmp\":%s,\"maxThreads\":%d,\"cpuSupported\":%s,\"compiler\":\"gcc %s\"}\n", SIMD_NAME,
         openmp ? "true" : "false", maxThreads, cpuSupported() ? "true" : "false", __VERSION__);
}

static double number(const char *text, const char *name) {
  char *end;
  const double v = strtod(text, &end);
  if (*text == 0 || *end != 0 || !isfinite(v)) fail("not a number", name);
  return v;
}

static Args parse(int argc, char **argv) {
  Args a = {0};
  a.threads = 1;
  a.epochs = 10;
  a.epochsPerCall = 1;
  a.learningRate = 0.1;
  a.timeMs = 1500;
  a.minSamples = 5;
  a.warmupMs = 300;
  a.warmupIterations = 3;
  if (argc < 2) fail("usage: linwasm-native info | check|time epoch|matvec|exact|gradient float32|float64 rows cols file", NULL);
  a.mode = argv[1];
  if (strcmp(a.mode, "info") == 0) return a;
  if (argc < 7) fail("usage: linwasm-native check|time epoch|matvec|exact|gradient float32|float64 rows cols file", NULL);
  a.kernel = argv[2];
  a.dtype = argv[3];
  a.rows = (int)number(argv[4], "rows");
  a.cols = (int)number(argv[5], "cols");
  a.dataFile = argv[6];
  for (int i = 7; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (strcmp(k, "--threads") == 0) a.threads = (int)number(v, k);
    else if (strcmp(k, "--epochs") == 0) a.epochs = (int)number(v, k);
    else if (strcmp(k, "--epochs-per-call") == 0) a.epochsPerCall = (int)number(v, k);
    else if (strcmp(k, "--learning-rate") == 0) a.learningRate = number(v, k);
    else if (strcmp(k, "--weights") == 0) a.weightsFile = v;
    else if (strcmp(k, "--time-ms") == 0) a.timeMs = number(v, k);
    else if (strcmp(k, "--min-samples") == 0) a.minSamples = (int)number(v, k);
    else if (strcmp(k, "--warmup-ms") == 0) a.warmupMs = number(v, k);
    else if (strcmp(k, "--warmup-iterations") == 0) a.warmupIterations = (int)number(v, k);
    else if (strcmp(k, "--estimate-ms") == 0) a.estimateMs = number(v, k);
    else fail("unknown option", k);
  }
  if ((argc - 7) % 2) fail("an option without its value", argv[argc - 1]);
  if (strcmp(a.mode, "check") && strcmp(a.mode, "time")) fail("unknown mode (info, check, time)", a.mode);
  if (strcmp(a.kernel, "epoch") && strcmp(a.kernel, "matvec") && strcmp(a.kernel, "exact") &&
      strcmp(a.kernel, "gradient")) {
    fail("unknown kernel (epoch, matvec, exact, gradient)", a.kernel);
  }
  if (strcmp(a.kernel, "gradient") == 0 && strcmp(a.mode, "time")) fail("gradient is for `time` only", NULL);
  if (strcmp(a.dtype, "float32") && strcmp(a.dtype, "float64")) fail("unknown dtype (float32, float64)", a.dtype);
  if (a.rows < 2 || a.cols < 1) fail("needs rows >= 2 and cols >= 1", NULL);
  if (a.threads < 1) fail("needs --threads >= 1", NULL);
#ifndef _OPENMP
  if (a.threads > 1) fail("this build has no OpenMP: --threads must be 1", NULL);
#endif
  if (a.epochs < 1 || a.epochsPerCall < 1 || a.minSamples < 1) {
    fail("needs --epochs, --epochs-per-call and --min-samples >= 1", NULL);
  }
  return a;
}

int main(int argc, char **argv) {
  Problem p = {0};
  p.a = parse(argc, argv);
  if (strcmp(p.a.mode, "info") == 0) {
    info();
    return 0;
  }
  if (!cpuSupported()) fail("this CPU lacks the instructions of this build", SIMD_NAME);
  p.f32 = strcmp(p.a.dtype, "float32") == 0;
  setUp(&p);
  if (strcmp(p.a.mode, "check") == 0) check(&p);
  else timeIt(&p);
  return 0;
}
