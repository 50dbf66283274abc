// Status codes returned by trainers and solvers. The numeric loops never throw: they stop and
// report, and the TypeScript estimator turns a status into an error with advice.
// Mirrored in src/status.ts.

/** The requested epochs ran (trainers), or the system was solved (exact solver). */
export const STATUS_OK: i32 = 0;
/** The objective improved by less than tolerance·best for `patience` epochs in a row. */
export const STATUS_CONVERGED: i32 = 1;
/** The run diverged: a loss, weight or intercept stopped being finite, or the objective exploded
 *  (see endEpoch). The state's epoch is the last good one. */
export const STATUS_DIVERGED: i32 = 2;
/** The normal equations are singular; the info slot holds the column. */
export const STATUS_SINGULAR: i32 = 3;
