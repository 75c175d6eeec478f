package io.appnet.compiler.bench;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * One egress policy change next to one app-to-app change, compile and delta only (no I/O), on the network of
 * {@link EgressFootprint} (1,000 hosts, 10,000 apps, 100,000 app policies, 4 gateways, 10,000 destinations,
 * 100,000 egress policies): {@code FlowCompiler.update} of an add, then of its removal, for random sources
 * and destinations, 5,000 pairs of each after 2,000 unmeasured. Prints median and p99 in microseconds, the
 * flow-mods and the datapaths each change reaches, and the ratio of the medians.
 * Run: {@code mvn -pl flow-compiler -Pbench test-compile exec:exec@egress-change}.
 */
public final class EgressChangeCost {

    private static final int WARMUP = 2_000;
    private static final int MEASURED = 5_000;

    private EgressChangeCost() {
    }

    public static void main(String[] args) {
        Random random = new Random(11);
        Network network = EgressFootprint.withEgress(BenchmarkNetwork.build(42), new Random(7));
        FlowCompiler compiler = FlowCompiler.ovsHosts();
        CompiledNetwork compiled = compiler.compile(network);
        System.out.printf("compiled: %d datapaths, %d flows, %d egress policies%n", compiled.datapaths().size(),
                compiled.totalFlows(), network.egress().policies().size());

        Series egress = time(compiler, compiled, i -> Change.addEgressPolicy(9_000_000L + i,
                "app-" + random.nextInt(BenchmarkNetwork.APPS), "dest-" + random.nextInt(EgressFootprint.DESTINATIONS)));
        Series app = time(compiler, compiled, i -> Change.addPolicy(9_500_000L + i,
                "app-" + random.nextInt(BenchmarkNetwork.APPS), "app-" + random.nextInt(BenchmarkNetwork.APPS),
                Protocol.UDP, PortRange.single(1 + random.nextInt(65535))));
        egress.print("egress policy");
        app.print("app policy   ");
        System.out.printf("ratio egress/app, medians: add %.1fx, remove %.1fx%n",
                egress.add.get(egress.add.size() / 2) / app.add.get(app.add.size() / 2),
                egress.remove.get(egress.remove.size() / 2) / app.remove.get(app.remove.size() / 2));
    }

    private record Series(List<Double> add, List<Double> remove, List<Integer> mods, List<Integer> datapaths) {
        void print(String what) {
            System.out.printf("%s: add median %.1f us p99 %.1f us; remove median %.1f us p99 %.1f us;"
                            + " flow-mods per add median %d (max %d) on %d datapaths (median)%n", what,
                    add.get(add.size() / 2), add.get(add.size() * 99 / 100), remove.get(remove.size() / 2),
                    remove.get(remove.size() * 99 / 100), mods.get(mods.size() / 2), mods.get(mods.size() - 1),
                    datapaths.get(datapaths.size() / 2));
        }
    }

    private static Series time(FlowCompiler compiler, CompiledNetwork compiled, IntFunction<Change> adds) {
        Series series = new Series(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            Change add = adds.apply(i);
            long started = System.nanoTime();
            Update added;
            try {
                added = compiler.update(compiled, add);
            } catch (IllegalArgumentException duplicate) {
                continue; // the same random app policy twice
            }
            double addMicros = (System.nanoTime() - started) / 1e3;
            long id = add instanceof Change.AddEgressPolicy egress ? egress.id().value()
                    : ((Change.AddPolicy) add).id().value();
            started = System.nanoTime();
            compiler.update(added.compiled(), Change.removePolicy(id));
            double removeMicros = (System.nanoTime() - started) / 1e3;
            if (i >= WARMUP) {
                series.add.add(addMicros);
                series.remove.add(removeMicros);
                series.mods.add(added.flowModCount());
                series.datapaths.add(added.deltas().size());
            }
        }
        Collections.sort(series.add);
        Collections.sort(series.remove);
        Collections.sort(series.mods);
        Collections.sort(series.datapaths);
        return series;
    }
}
