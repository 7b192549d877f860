package dev.gatehouse.bench;

/**
 * What one load run measured, after warm-up.
 *
 * @param calls successful calls completed in the measured window
 * @param failures calls that failed or answered something other than the tool's result
 * @param p50Micros and the others: latency percentiles of successful calls, in microseconds
 */
record LoadResult(
        String target,
        int clients,
        long calls,
        long failures,
        double seconds,
        double p50Micros,
        double p90Micros,
        double p99Micros) {

    double callsPerSecond() {
        return calls / seconds;
    }
}
