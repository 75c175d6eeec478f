package io.appnet.ovs.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.fuzz.Corpus;
import io.appnet.fuzz.Fuzzer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The OVSDB manager's JSON-RPC reader fuzzed from {@code fuzz-corpus/ovsdb}: the messages recorded from a lab
 * host (monitor reply, updates, echo) and transact replies in ovsdb-server's shapes, all mutated. Each input
 * reaches a monitored session that has a container port and a transaction waiting for reply id 2. Whatever the
 * bytes: nothing escapes the pipeline, no buffer leaks, the input finishes within the watchdog's limit,
 * allocation stays proportional to the input, the waiting transaction ends only as documented, and the session
 * either still holds the last snapshot it reported or is closed with a protocol-violation reason, its snapshot
 * unchanged by the input that was refused.
 */
class OvsdbReaderFuzzProperties {
    private static final Corpus CORPUS = Corpus.load("ovsdb");
    private static final List<byte[]> DICTIONARY = Arrays.stream(new String[] {"{", "}", "[", "]", "\"", ",", ":",
            "null", "true", "-1", "0", "1e308", "-1e-400", "9223372036854775808", "-9223372036854775809", "1.5",
            "\"\\u0000\"", "\"\\ud800\"", "\"uuid\"", "[\"uuid\",\"98f5a529-18ed-477d-b714-4f244b5a0f52\"]",
            "[\"set\",[]]", "[\"map\",[]]", "[\"named-uuid\",\"x\"]", "\"new\"", "\"old\"", "\"initial\"", "\"ofport\"",
            "\"external_ids\"", "\"Interface\"", "\"Port\"", "\"Bridge\"", "\"Open_vSwitch\"", "\"method\"",
            "\"update\"", "\"echo\"", "\"result\"", "\"error\"", "\"id\"", "2", "\u00e9", "\ufffd"})
            .map(token -> token.getBytes(StandardCharsets.UTF_8)).toList();
    /** Most bytes one input may allocate: a multiple of its size plus the parser's fixed buffers and a snapshot. */
    private static final long ALLOCATION_PER_INPUT_BYTE = 256;
    private static final long ALLOCATION_ALLOWANCE = 4 << 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Fuzzer FUZZER = new Fuzzer(CORPUS, DICTIONARY);
    private static final byte[] MONITOR_REPLY = Fixtures.text("monitor-reply").getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTAINER_ADDED =
            Fixtures.text("update-container-added").getBytes(StandardCharsets.UTF_8);

    @Property
    void anyInputLeavesTheSessionConsistentOrClosesIt(@ForAll long seed) {
        FUZZER.run(seed, draw -> draw.outcome(feed(draw.input())));
    }

    /** The corpus as it is, so every input that once found a bug is replayed on every build. */
    @Example
    void everyCorpusEntryLeavesTheSessionConsistentOrClosesIt() {
        CORPUS.entries().forEach((name, input) -> FUZZER.replay(name, input, draw -> draw.outcome(feed(draw.input()))));
    }

    @AfterContainer
    static void stopFuzzer() {
        FUZZER.close();
    }

    /** A session past its monitor reply, with a container port: what most inputs are mutated from builds on it. */
    private static EmbeddedHost monitoredWithAContainer(RecordingListener listener) {
        EmbeddedHost host = new EmbeddedHost(EmbeddedHost.inline(listener));
        assertThat(host.sent().get("id").asLong()).as("the recorded monitor reply answers id 1").isEqualTo(1);
        host.channel.writeInbound(Unpooled.wrappedBuffer(MONITOR_REPLY));
        host.channel.writeInbound(Unpooled.wrappedBuffer(CONTAINER_ADDED));
        return host;
    }

    /** Feeds {@code bytes}; what became of the session and the waiting transaction. */
    private static String feed(byte[] bytes) {
        RecordingListener listener = new RecordingListener();
        EmbeddedHost host = monitoredWithAContainer(listener);
        CompletableFuture<List<OperationResult>> waiting = host.session.transact(List.of(
                Operation.select("Bridge", List.of(Condition.equal("name", Datum.string("br-int"))), "datapath_id")));
        assertThat(host.sent().get("id").asLong()).as("the corpus's replies answer id 2").isEqualTo(2);
        HostSnapshot before = host.session.snapshot();
        int changesBefore = listener.changes().size();

        ByteBuf input = Unpooled.wrappedBuffer(bytes);
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        host.channel.writeInbound(input);
        host.channel.runPendingTasks();
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        host.channel.checkException(); // rethrows anything that reached the end of the pipeline

        assertThat(allocated).as("bytes allocated reading %d bytes", bytes.length)
                .isLessThanOrEqualTo(ALLOCATION_PER_INPUT_BYTE * bytes.length + ALLOCATION_ALLOWANCE);
        List<RecordingListener.Change> changes = listener.changes();
        boolean changed = changes.size() > changesBefore;
        HostSnapshot lastReported = changed ? changes.get(changes.size() - 1).current() : before;
        assertThat(host.session.snapshot()).as("the snapshot is the last one reported").isEqualTo(lastReported);
        if (!host.channel.isOpen()) {
            assertThat(host.session.closeReason()).startsWith("protocol violation: ");
            assertThat(listener.events()).last().asString().startsWith("disconnected h1: protocol violation: ");
        }
        endsAsDocumented(waiting, host.channel.isOpen());
        String outcome = (host.channel.isOpen() ? "open" : "closed") + (changed ? ", changed" : "")
                + (waiting.isDone() ? waiting.isCompletedExceptionally() ? ", transaction failed" : ", answered" : "");
        host.channel.finishAndReleaseAll();
        if (bytes.length > 0) { // the shared empty buffer is never released
            assertThat(input.refCnt()).as("input buffer released").isZero();
        }
        return outcome;
    }

    /**
     * A transaction completes with its results, fails with the host's refusal, with the session's close, or, for
     * a reply of the wrong shape, with the {@link OvsdbProtocolException} that also closes the session.
     */
    private static void endsAsDocumented(CompletableFuture<?> transaction, boolean open) {
        if (!transaction.isCompletedExceptionally()) {
            return;
        }
        Throwable cause = transaction.handle((value, failure) -> failure).join();
        if (cause instanceof CompletionException wrapped) {
            cause = wrapped.getCause();
        }
        assertThat(cause).isInstanceOfAny(TransactionFailedException.class, SessionClosedException.class,
                OvsdbProtocolException.class);
        if (cause instanceof OvsdbProtocolException) {
            assertThat(open).as("the session closed on a malformed reply").isFalse();
        }
    }
}
