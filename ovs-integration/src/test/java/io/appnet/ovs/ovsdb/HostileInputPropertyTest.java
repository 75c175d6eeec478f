package io.appnet.ovs.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever a monitored host sends, no exception escapes the pipeline, no buffer leaks, and the session either
 * stays open with a consistent snapshot or closes with a protocol-violation reason.
 */
class HostileInputPropertyTest {

    private static final List<String> RECORDED = List.of("update-container-added", "update-container-ofport",
            "update-tunnel-added", "update-tunnel-ofport", "update-subnet-set", "update-container-removed", "host-echo");
    private static final String JSONISH = "{}[]\":, \\0123456789abcdefnulltrue-.eE\u00e9\n";

    private static void feed(byte[] bytes) {
        RecordingListener listener = new RecordingListener();
        EmbeddedHost host = EmbeddedHost.monitored(EmbeddedHost.inline(listener));
        HostSnapshot initial = host.session.snapshot();
        ByteBuf input = Unpooled.wrappedBuffer(bytes);
        host.channel.writeInbound(input);
        host.channel.runPendingTasks();
        host.channel.checkException(); // rethrows anything that reached the end of the pipeline
        if (host.channel.isOpen()) {
            List<RecordingListener.Change> changes = listener.changes();
            assertThat(host.session.snapshot()).as("the snapshot is the last one reported")
                    .isSameAs(changes.isEmpty() ? initial : changes.get(changes.size() - 1).current());
        } else {
            assertThat(host.session.closeReason()).startsWith("protocol violation: ");
            assertThat(listener.events()).last().asString().startsWith("disconnected h1: protocol violation: ");
        }
        host.channel.finishAndReleaseAll();
        if (bytes.length > 0) { // the shared empty buffer is never released
            assertThat(input.refCnt()).as("input buffer released").isZero();
        }
    }

    @Property(tries = 1000)
    void randomBytes(@ForAll @Size(max = 400) byte[] bytes) {
        feed(bytes);
    }

    @Property(tries = 1000)
    void randomJsonishText(@ForAll("jsonish") String text) {
        feed(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Recorded messages with a few characters deleted, replaced or inserted: deep into the update logic. */
    @Property(tries = 2000)
    void mutatedRecordedMessages(@ForAll("recorded") String fixture, @ForAll("edits") List<int[]> edits) {
        StringBuilder text = new StringBuilder(Fixtures.text(fixture));
        for (int[] edit : edits) {
            int at = Math.floorMod(edit[1], text.length());
            char c = JSONISH.charAt(Math.floorMod(edit[2], JSONISH.length()));
            switch (edit[0]) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.setCharAt(at, c);
                default -> text.insert(at, c);
            }
        }
        feed(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Framing: however the recorded stream is cut into reads, the session ends up with the same snapshot. */
    @Property(tries = 200)
    void anySplitOfTheRecordedStreamGivesTheSameSnapshot(@ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 900) Integer> cuts) {
        StringBuilder stream = new StringBuilder();
        RECORDED.forEach(name -> stream.append(Fixtures.text(name)));
        byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);

        EmbeddedHost whole = EmbeddedHost.monitored(EmbeddedHost.inline(new RecordingListener()));
        whole.channel.writeInbound(Unpooled.wrappedBuffer(bytes));

        EmbeddedHost pieces = EmbeddedHost.monitored(EmbeddedHost.inline(new RecordingListener()));
        int offset = 0;
        for (int i = 0; offset < bytes.length; i++) {
            int length = Math.min(cuts.get(i % cuts.size()), bytes.length - offset);
            pieces.channel.writeInbound(Unpooled.wrappedBuffer(bytes, offset, length));
            offset += length;
        }
        pieces.channel.checkException();
        assertThat(pieces.channel.isOpen()).isTrue();
        assertThat(pieces.session.snapshot()).isEqualTo(whole.session.snapshot());
        assertThat(pieces.session.snapshot().subnet()).contains("10.255.1.0/24");
        whole.channel.finishAndReleaseAll();
        pieces.channel.finishAndReleaseAll();
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings().withChars(JSONISH.toCharArray()).ofMaxLength(200);
    }

    @Provide
    Arbitrary<String> recorded() {
        List<String> all = new ArrayList<>(RECORDED);
        return Arbitraries.of(all);
    }

    @Provide
    Arbitrary<List<int[]>> edits() {
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 1 << 20), Arbitraries.integers().between(0, 1 << 10))
                .as((kind, at, c) -> new int[] {kind, at, c});
        return edit.list().ofMinSize(1).ofMaxSize(4);
    }
}
