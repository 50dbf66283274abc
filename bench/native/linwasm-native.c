// The whole native reference as one translation unit (bench/native.mjs compiles this file): <immintrin.h>
// is parsed once per variant instead of once per source, which makes the build about four times faster.
#include "driver.c"
#include "gradient.c"
#include "batch.c"
#include "matvec.c"
#include "gram.c"
#include "cholesky.c"
