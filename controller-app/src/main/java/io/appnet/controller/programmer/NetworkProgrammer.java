package io.appnet.controller.programmer;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.DatapathTables;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import io.appnet.controller.switches.SwitchListener;
import io.appnet.controller.switches.SwitchService;
import io.appnet.openflow.connection.OfConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every bound switch equal to the compiled network: a switch that connects is reconciled; a change
 * sends the compiler's delta only to the switches it affects, each independently (one switch failing or
 * being offline does not hold the others; an offline switch gets the new tables when it reconnects).
 */
public final class NetworkProgrammer implements SwitchListener {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkProgrammer.class);

    private final FlowCompiler compiler;
    private final SwitchService switches;
    private final Map<Long, HostId> hostByDatapath = new ConcurrentHashMap<>();
    private final Map<HostId, SwitchProgrammer> programmers = new ConcurrentHashMap<>();
    private CompiledNetwork compiled;

    public NetworkProgrammer(FlowCompiler compiler, SwitchService switches, Network network) {
        this.compiler = compiler;
        this.switches = switches;
        this.compiled = compiler.compile(network);
    }

    /** Says which host's tables the switch of {@code datapathId} runs; reconciles it if connected. */
    public CompletableFuture<FlowDiff> bind(HostId host, long datapathId) {
        hostByDatapath.put(datapathId, host);
        SwitchProgrammer programmer = programmers.computeIfAbsent(host, h -> new SwitchProgrammer(tablesOf(h)));
        return switches.connection(datapathId).map(programmer::reconcile)
                .orElse(CompletableFuture.completedFuture(null));
    }

    public synchronized CompiledNetwork compiled() {
        return compiled;
    }

    public Optional<SwitchProgrammer> programmer(HostId host) {
        return Optional.ofNullable(programmers.get(host));
    }

    /**
     * Applies a change to the model (a refused change throws {@link io.appnet.compiler.model.ModelException}
     * and changes nothing) and sends the deltas; completes when every affected, connected switch has
     * answered its barrier, or exceptionally with the first switch's failure (the others still proceed).
     */
    public CompletableFuture<Void> apply(Change change) {
        Update update;
        synchronized (this) {
            update = compiler.update(compiled, change);
            compiled = update.compiled();
        }
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (Map.Entry<HostId, DatapathDelta> entry : update.deltas().entrySet()) {
            HostId host = entry.getKey();
            DatapathTables tables = tablesOf(host);
            SwitchProgrammer programmer = programmers.get(host);
            if (programmer == null) {
                continue; // not bound yet: bind() installs the then-current tables
            }
            Optional<OfConnection> connection = datapathOf(host).flatMap(switches::connection);
            if (connection.isPresent()) {
                sent.add(programmer.apply(connection.get(), entry.getValue(), tables));
            } else {
                programmer.setDesired(tables);
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    @Override
    public void switchUp(OfConnection connection) {
        HostId host = hostByDatapath.get(connection.datapathId());
        if (host == null) {
            LOG.info("switch {} is not bound to a host; left alone", Long.toHexString(connection.datapathId()));
            return;
        }
        programmers.get(host).reconcile(connection);
    }

    @Override
    public void switchDown(long datapathId, String reason) {
    }

    private Optional<Long> datapathOf(HostId host) {
        return hostByDatapath.entrySet().stream().filter(e -> e.getValue().equals(host)).map(Map.Entry::getKey)
                .findFirst();
    }

    private synchronized DatapathTables tablesOf(HostId host) {
        return compiled.tablesOf(host);
    }
}
