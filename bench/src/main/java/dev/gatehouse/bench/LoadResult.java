package dev.gatehouse.bench;

/**
 * What one load run measured, after warm-up.
 *
 * @param calls successful calls completed in the measured window
 * @param failures calls that failed or answered something other than the tool's result
 * @param p50Micros and the others: latency percentiles of successful calls, in microseconds
 * @param cpuSeconds CPU time the whole process (client, server, JIT, GC) used in the measured
 *     window; per call it is far less disturbed by other programs on the machine than throughput
 */
record LoadResult(
        String target,
        int clients,
        long calls,
        long failures,
        double seconds,
        double p50Micros,
        double p90Micros,
        double p99Micros,
        double cpuSeconds) {

    double callsPerSecond() {
        return calls / seconds;
    }

    /** Process CPU time per successful call in the window, in microseconds. */
    double cpuMicrosPerCall() {
        return calls == 0 ? Double.NaN : cpuSeconds * 1e6 / calls;
    }

    /**
     * Two runs against the same server as one: counts, time and CPU added up; percentiles are the
     * mean of the two runs' percentiles (an approximation, the runs being of like length).
     */
    static LoadResult combine(LoadResult a, LoadResult b) {
        return new LoadResult(
                a.target,
                a.clients,
                a.calls + b.calls,
                a.failures + b.failures,
                a.seconds + b.seconds,
                (a.p50Micros + b.p50Micros) / 2,
                (a.p90Micros + b.p90Micros) / 2,
                (a.p99Micros + b.p99Micros) / 2,
                a.cpuSeconds + b.cpuSeconds);
    }
}
