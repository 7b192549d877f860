package dev.gatehouse.bench;

import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.gateway.Authenticated;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.gateway.RequestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One call as a surface makes it: authenticate an API key, then call the no-op builtin tool
 * through the whole pipeline (resolve, schema validation, scopes, one CEL policy, rate limit,
 * circuit breaker and bulkhead, execution on its own virtual thread, output cap, audit of both
 * the authentication and the call, metrics). Single thread, average time per call.
 *
 * <p>{@link #authenticateOnly} and {@link #callOnly} split the same work in two, to show where the
 * time of {@link #authenticateAndCall} goes.
 *
 * <p>JMH calls from a platform thread, and handing each tool call to its own virtual thread and
 * back costs a platform thread two wake-ups; on an idle virtual machine that is most of the time
 * measured. {@code gatehouse serve} calls from Jetty's virtual threads, where the same hand-off is
 * cheap. The {@code ...FromVirtualThread} variants make the same calls, {@value #BATCH} at a time,
 * from one virtual thread, and report the time per call (the one hand-off per batch is included).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar PipelineBench}; see docs/PERFORMANCE.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineBench {

    /** {@code LOG}: the fsync'ing, hash-chained log {@code gatehouse serve} uses; {@code MEMORY}: a ring in memory. */
    @Param({"MEMORY", "LOG"})
    public String audit;

    private BenchHost bench;
    private Credentials credentials;
    private RequestContext context;
    private Map<String, Object> arguments;
    private Authenticated principal;
    private ExecutorService virtualCaller;

    static final int BATCH = 1000;

    @Setup(Level.Trial)
    public void open() {
        bench = BenchHost.open(AuditMode.valueOf(audit), new SimpleMeterRegistry(), Clock.systemUTC());
        credentials = new Credentials.ApiKey(bench.adminKey());
        context = new RequestContext(Clock.systemUTC().instant(), "127.0.0.1", "bench");
        arguments = Map.of("q", "allowed");
        // A setup that measures a failing call would be worthless: check once that calls succeed.
        if (!(authenticateAndCall() instanceof CallResult.Success)) {
            throw new IllegalStateException("the no-op call does not succeed; the benchmark would measure a refusal");
        }
        principal = bench.host().authenticate(credentials, context);
        virtualCaller = Executors.newVirtualThreadPerTaskExecutor();
    }

    @TearDown(Level.Trial)
    public void close() {
        virtualCaller.close();
        bench.close();
    }

    @Benchmark
    public CallResult authenticateAndCall() {
        return bench.host().authenticate(credentials, context).call(NoopTool.TOOL, arguments, context);
    }

    /** The authentication half alone, to see where the time of a whole call goes. */
    @Benchmark
    public Authenticated authenticateOnly() {
        return bench.host().authenticate(credentials, context);
    }

    /** The call half alone, for a principal authenticated once in setup. */
    @Benchmark
    public CallResult callOnly() {
        return principal.call(NoopTool.TOOL, arguments, context);
    }

    /** {@link #authenticateAndCall} as {@code serve} makes it: from a virtual thread. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int authenticateAndCallFromVirtualThread() throws Exception {
        return onVirtualThread(this::authenticateAndCall);
    }

    /** {@link #callOnly} from a virtual thread. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int callOnlyFromVirtualThread() throws Exception {
        return onVirtualThread(this::callOnly);
    }

    private int onVirtualThread(java.util.function.Supplier<CallResult> call) throws Exception {
        return virtualCaller
                .submit(() -> {
                    int succeeded = 0;
                    for (int i = 0; i < BATCH; i++) {
                        if (call.get() instanceof CallResult.Success) {
                            succeeded++;
                        }
                    }
                    if (succeeded != BATCH) {
                        throw new IllegalStateException(
                                (BATCH - succeeded) + " calls failed; the figure would be wrong");
                    }
                    return succeeded;
                })
                .get();
    }
}
