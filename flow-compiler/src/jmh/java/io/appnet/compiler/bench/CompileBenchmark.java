package io.appnet.compiler.bench;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.Policy;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full compile of the {@link BenchmarkNetwork} (all 1,000 hosts), and one policy added or removed ->
 * flow-mods for the affected hosts. Sample time: the p0.50 line of each result is the median.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
public class CompileBenchmark {

    private final FlowCompiler compiler = FlowCompiler.ovsHosts();
    private CompiledNetwork compiled;
    private Network network;
    private Change addPolicy;
    private Change removePolicy;

    @Setup
    public void setUp() {
        network = BenchmarkNetwork.build(42);
        compiled = compiler.compile(network);
        Policy existing = network.policies().policies().get(io.appnet.compiler.model.PolicyId.of(1));
        AppId destination = existing.destination();
        String destinationGuid = network.owner(destination).orElseThrow().substring("app ".length());
        addPolicy = Change.addPolicy(9_000_000, "app-1", destinationGuid, Protocol.TCP, PortRange.of(7000, 7099));
        removePolicy = Change.removePolicy(existing.id().value());
        System.out.printf("%nadd touches %d hosts with %d flow-mods; remove touches %d hosts with %d flow-mods%n",
                compiler.update(compiled, addPolicy).deltas().size(), compiler.update(compiled, addPolicy).flowModCount(),
                compiler.update(compiled, removePolicy).deltas().size(),
                compiler.update(compiled, removePolicy).flowModCount());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public CompiledNetwork fullCompile() {
        return compiler.compile(network);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Update addPolicy() {
        return compiler.update(compiled, addPolicy);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Update removePolicy() {
        return compiler.update(compiled, removePolicy);
    }
}
