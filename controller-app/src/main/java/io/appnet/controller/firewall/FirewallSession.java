package io.appnet.controller.firewall;

import io.appnet.compiler.firewall.Capabilities;
import io.appnet.compiler.firewall.DeployMode;
import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.FirewallResult;
import io.appnet.compiler.firewall.FirewallRules;
import io.appnet.compiler.firewall.Refusal;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.controller.programmer.FlowTranslator;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.TableFeaturesReply;
import io.appnet.openflow.message.TableFeaturesRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected firewall device. Each run reads its tables (OFPMP_TABLE_FEATURES: an operator may have changed
 * them, e.g. a flow limit), compiles its rules against them within its budget, and deploys them if they differ
 * from what this session last deployed. Rules that do not fit are refused whole: nothing is sent, the device keeps
 * what it has, and the refusal is logged (once per different refusal) and kept as the device's state. Runs come
 * from the connect, a registration change and network changes; one at a time, and requests that come meanwhile
 * fold into one more run. The first deploy of a session reads the device's rules back and fixes only the
 * difference (reconnect = read back, diff, fix); so does every deploy, since {@link FirewallWriter} diffs. A
 * firewall registered {@link DeployMode#AUTO} is probed for ONF bundles once per session, before its first deploy,
 * and deployed by bundle if it has them, else make before break (as one registered
 * {@link DeployMode#MAKE_BEFORE_BREAK} always is). Every request to the device fails after the connection's request
 * timeout, which ends the run with an error state.
 */
final class FirewallSession {
    private static final Logger LOG = LoggerFactory.getLogger(FirewallSession.class);

    private final OfConnection connection;
    private final FirewallService firewalls;
    private final Executor executor;
    private List<FlowEntry> deployed; // guarded by this; null until a deploy of this session succeeded
    private Capabilities deployedOn; // guarded by this
    private String lastRefusal = ""; // guarded by this
    private Boolean hasBundles; // guarded by this; null until probed
    private boolean running; // guarded by this
    private boolean again; // guarded by this
    private volatile boolean closed;

    FirewallSession(OfConnection connection, FirewallService firewalls, Executor executor) {
        this.connection = connection;
        this.firewalls = firewalls;
        this.executor = executor;
    }

    long datapathId() {
        return connection.datapathId();
    }

    /** Reads, compiles and deploys again; folds into the current run if one is going. */
    void request() {
        synchronized (this) {
            if (running) {
                again = true;
                return;
            }
            running = true;
        }
        executor.execute(this::run);
    }

    void close() {
        closed = true;
    }

    private void run() {
        Firewall firewall = firewalls.byDatapath(datapathId()).orElse(null);
        if (closed || firewall == null) { // a registration that went: its rules stay, nothing more is deployed
            finish();
            return;
        }
        connection.multipart(new TableFeaturesRequest())
                .thenApply(reply -> DeviceTables.capabilities(((TableFeaturesReply) reply).tables()))
                .thenComposeAsync(tables -> deploy(firewall, tables), executor)
                .whenCompleteAsync((outcome, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        LOG.warn("firewall {} (switch {}): {}", firewall.name(), hex(), cause.getMessage());
                        firewalls.devices().outcome(datapathId(), "error: " + cause.getMessage());
                        synchronized (this) {
                            deployed = null; // read back and diff on the next run
                        }
                    } else {
                        firewalls.devices().outcome(datapathId(), outcome);
                    }
                    finish();
                }, executor);
    }

    /** Compiles against the tables just read and deploys; completes with the device's new state. */
    private CompletableFuture<String> deploy(Firewall firewall, Capabilities tables) {
        if (closed) {
            return CompletableFuture.completedFuture("closed");
        }
        firewalls.devices().connected(datapathId(), tables);
        FirewallResult result = firewalls.compile(firewall, firewalls.network());
        if (result instanceof Refusal refusal) {
            String text = refusal.render().stripTrailing();
            synchronized (this) {
                if (!text.equals(lastRefusal)) {
                    LOG.warn("{} (the installed rules stay)", text.replace("\n", ";"));
                    lastRefusal = text;
                }
            }
            return CompletableFuture.completedFuture("refused: " + text);
        }
        FirewallRules rules = (FirewallRules) result;
        synchronized (this) {
            lastRefusal = "";
            if (rules.flows().equals(deployed) && tables.equals(deployedOn)) {
                return CompletableFuture.completedFuture("in sync: " + rules.flows().size() + " rules");
            }
        }
        List<FlowMod> desired = rules.flows().stream().map(FlowTranslator::add).toList();
        return byBundle(firewall).thenCompose(bundle -> {
            long started = System.nanoTime();
            return FirewallWriter.deploy(connection, desired, bundle).thenApply(plan -> {
                synchronized (this) {
                    deployed = rules.flows();
                    deployedOn = tables;
                }
                String outcome = "deployed " + rules.flows().size() + " rules (" + plan.summary() + ", "
                        + plan.foreign().size() + " foreign) " + (bundle ? "by bundle" : "make before break") + " in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms";
                if (!plan.isEmpty()) {
                    LOG.info("firewall {} (switch {}) {}", firewall.name(), hex(), outcome);
                }
                return outcome;
            });
        });
    }

    /** Whether to deploy by bundle: never if the registration says make before break, else probed once. */
    private CompletableFuture<Boolean> byBundle(Firewall firewall) {
        if (firewall.deploy() == DeployMode.MAKE_BEFORE_BREAK) {
            return CompletableFuture.completedFuture(false);
        }
        synchronized (this) {
            if (hasBundles != null) {
                return CompletableFuture.completedFuture(hasBundles);
            }
        }
        return FirewallWriter.probeBundles(connection).thenApply(has -> {
            synchronized (this) {
                hasBundles = has;
            }
            LOG.info("firewall {} (switch {}) {}", firewall.name(), hex(), has ? "has bundles: deploys by bundle"
                    : "answered the bundle probe with an error: deploys make before break");
            return has;
        });
    }

    private void finish() {
        boolean more;
        synchronized (this) {
            more = again && !closed;
            again = false;
            running = more;
        }
        if (more) {
            executor.execute(this::run);
        }
    }

    private String hex() {
        return Long.toHexString(datapathId());
    }
}
