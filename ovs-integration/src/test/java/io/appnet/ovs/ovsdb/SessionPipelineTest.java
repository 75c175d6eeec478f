package io.appnet.ovs.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One session through the production pipeline, with the host's side scripted from recorded messages. */
class SessionPipelineTest {

    private final RecordingListener listener = new RecordingListener();
    private final HostEvents events = EmbeddedHost.inline(listener);

    @Test
    void monitorsTheFourTablesAndAnnouncesTheHostWithItsFirstSnapshot() {
        EmbeddedHost host = new EmbeddedHost(events);
        assertThat(host.sent()).isEqualTo(Fixtures.parse("""
                {"method": "monitor", "id": 1, "params": ["Open_vSwitch", "appnet", {
                  "Open_vSwitch": {"columns": ["external_ids"]},
                  "Bridge": {"columns": ["name", "datapath_id", "ports", "external_ids"]},
                  "Port": {"columns": ["name", "interfaces"]},
                  "Interface": {"columns": ["name", "type", "ofport", "external_ids", "options", "mac_in_use", "error"]}}]}
                """));
        assertThat(listener.events()).isEmpty();
        assertThat(host.session.snapshot()).isEqualTo(HostSnapshot.empty());

        host.receiveFixture("monitor-reply");
        assertThat(listener.events()).containsExactly("connected h1");
        assertThat(host.session.snapshot().underlayIp()).contains("192.168.50.11");
        assertThat(events.sessions()).containsExactly(host.session);
    }

    @Test
    void eachUpdateReplacesTheSnapshotAndReportsOldAndNew() {
        EmbeddedHost host = EmbeddedHost.monitored(events);
        HostSnapshot before = host.session.snapshot();
        host.receiveFixture("update-container-added");
        host.receiveFixture("update-container-ofport");
        assertThat(listener.events()).containsExactly("connected h1", "changed h1", "changed h1");
        RecordingListener.Change last = listener.changes().get(1);
        assertThat(listener.changes().get(0).previous()).isSameAs(before);
        assertThat(last.current()).isSameAs(host.session.snapshot());
        assertThat(last.previous().bridge("br-int").orElseThrow().port("c-a").orElseThrow().interfaces().get(0).ofport())
                .isEmpty();
        assertThat(last.current().bridge("br-int").orElseThrow().port("c-a").orElseThrow().interfaces().get(0).ofport())
                .hasValue(1);
    }

    @Test
    void answersTheHostsEchoWithItsParams() {
        EmbeddedHost host = EmbeddedHost.monitored(events);
        host.receive("{\"id\": \"echo\", \"method\": \"echo\", \"params\": [\"x\", 1]}");
        assertThat(host.sent()).isEqualTo(Fixtures.parse("{\"result\": [\"x\", 1], \"error\": null, \"id\": \"echo\"}"));
        assertThat(host.channel.isOpen()).isTrue();
    }

    /** Netty's idle detection reads the real clock, so this waits: three silent intervals of 200 ms. */
    @Test
    void probesASilentHostAndDropsItWhenTheProbeGoesUnanswered() throws InterruptedException {
        EmbeddedHost host = EmbeddedHost.monitored(events, EmbeddedHost.CONFIG.withEchoInterval(Duration.ofMillis(200)));
        JsonNode echo = afterSilence(host);
        assertThat(echo.get("method").textValue()).isEqualTo("echo");
        host.receive("{\"id\": " + echo.get("id") + ", \"result\": [], \"error\": null}");

        assertThat(afterSilence(host).get("method").textValue()).isEqualTo("echo");
        assertThat(host.channel.isOpen()).as("an answered probe keeps the session").isTrue();
        afterSilence(host);
        assertThat(host.channel.isOpen()).isFalse();
        assertThat(listener.events()).containsExactly("connected h1",
                "disconnected h1: no message from the host for 400 ms (echo unanswered)");
    }

    private static JsonNode afterSilence(EmbeddedHost host) throws InterruptedException {
        Thread.sleep(250);
        host.channel.runScheduledPendingTasks();
        return host.sent();
    }

    @Test
    void ensureTunnelPortCompletesOnceTheSnapshotShowsThePort() throws Exception {
        EmbeddedHost host = EmbeddedHost.monitored(events);
        host.receiveFixture("update-container-added"); // the recorded tunnel update comes after it
        CompletableFuture<Outcome> result = host.session.ensureTunnelPort("br-int", "vx0", TunnelOptions.flowBased());
        JsonNode transact = host.sent();
        assertThat(transact.get("method").textValue()).isEqualTo("transact");
        assertThat(transact.get("params")).hasSize(8);
        host.receive("{\"id\": " + transact.get("id") + ", \"error\": null, \"result\": [{}, {}, {},"
                + "{\"uuid\": [\"uuid\", \"19cac4c4-a669-4d5e-aa8b-52f9fae3c651\"]},"
                + "{\"uuid\": [\"uuid\", \"53834fe2-d8cd-429b-a9a6-e8ca5c6909b9\"]}, {\"count\": 1}, {}]}");
        assertThat(result).as("reply alone is not enough").isNotDone();
        host.receiveFixture("update-tunnel-added");
        assertThat(result.get(1, TimeUnit.SECONDS)).isEqualTo(Outcome.CREATED);
        assertThat(host.session.snapshot().bridge("br-int").orElseThrow().port("vx0")).isPresent();

        CompletableFuture<Outcome> again = host.session.ensureTunnelPort("br-int", "vx0", TunnelOptions.flowBased());
        assertThat(host.sent()).as("nothing sent the second time").isNull();
        assertThat(again.get(1, TimeUnit.SECONDS)).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void aRefusedTransactionFailsItsFutureAndKeepsTheSession() {
        EmbeddedHost host = EmbeddedHost.monitored(events);
        CompletableFuture<Outcome> result = host.session.setOpenVswitchExternalId("appnet-subnet", "10.255.1.0/24");
        JsonNode transact = host.sent();
        host.receive("{\"id\": " + transact.get("id") + ", \"error\": null, \"result\": "
                + "[{\"error\": \"constraint violation\", \"details\": \"no\"}, null]}");
        assertThat(result).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TransactionFailedException.class)
                .withMessageContaining("operation 0 (mutate Open_vSwitch) failed: constraint violation");
        assertThat(host.channel.isOpen()).isTrue();
        assertThat(host.session.snapshot().subnet()).isEmpty();
    }

    @Test
    void rawTransactReturnsPerOperationResults() throws Exception {
        EmbeddedHost host = EmbeddedHost.monitored(events);
        CompletableFuture<List<OperationResult>> result = host.session.transact(List.of(
                Operation.select("Bridge", List.of(Condition.equal("name", Datum.string("br-int"))), "datapath_id")));
        JsonNode transact = host.sent();
        assertThat(transact.get("params")).isEqualTo(Fixtures.parse("""
                ["Open_vSwitch", {"op": "select", "table": "Bridge", "where": [["name", "==", "br-int"]],
                 "columns": ["datapath_id"]}]"""));
        host.receive("{\"id\": " + transact.get("id") + ", \"error\": null, \"result\": "
                + "[{\"rows\": [{\"datapath_id\": \"00005a6c4f750b4a\"}]}]}");
        assertThat(result.get(1, TimeUnit.SECONDS).get(0).rows().get(0).string("datapath_id"))
                .isEqualTo("00005a6c4f750b4a");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\": 9, \"method\": \"transact\", \"params\": [\"Open_vSwitch\"]}",
        "{\"id\": null, \"method\": \"locked\", \"params\": [\"x\"]}",
        "{\"id\": 77, \"result\": {}, \"error\": null}",
        "{\"id\": \"echo\", \"result\": [], \"error\": null}",
        "{\"id\": null, \"method\": \"update\", \"params\": [\"other-monitor\", {}]}",
        "{\"id\": null, \"method\": \"update\", \"params\": [\"appnet\", {\"Port\": {\"00000000-0000-0000-0000-00000000000a\":"
                + " {\"old\": {\"name\": \"p\"}}}}]}",
        "{\"id\": null, \"method\": \"update\", \"params\": [\"appnet\", {\"Bridge\": {\"754f6c59-9ea9-4a0b-9a54-a86cf768346a\":"
                + " {\"old\": {}, \"new\": {\"ports\": [\"uuid\", \"00000000-0000-0000-0000-00000000000a\"]}}}}]}",
        "{\"id\": null, \"method\": \"update\"}",
        "{\"method\": \"echo\" \"params\": []}",
        "[1, 2, 3]",
        "\"just a string\"",
        "{\"a\": 1, \"a\": 2}",
        "{\"id\": \"echo\", \"method\": \"echo\", \"params\"} []}",
    })
    void hostileInputClosesTheSessionWithAReasonAndChangesNothing(String json) {
        EmbeddedHost host = EmbeddedHost.monitored(events);
        HostSnapshot before = host.session.snapshot();
        host.receive(json);
        host.channel.checkException();
        assertThat(host.channel.isOpen()).isFalse();
        assertThat(host.session.snapshot()).isSameAs(before);
        assertThat(host.session.closeReason()).startsWith("protocol violation: ");
        assertThat(listener.events()).hasSize(2).last().asString()
                .startsWith("disconnected h1: protocol violation: ");
        assertThat(events.sessions()).isEmpty();
    }

    @Test
    void framesBeforeAFramingErrorAreHandledFirst() {
        EmbeddedHost host = EmbeddedHost.monitored(events);
        host.receive("{\"id\": \"echo\", \"method\": \"echo\", \"params\": []} ] {\"id\": 1}");
        assertThat(host.sent()).isEqualTo(Fixtures.parse("{\"result\": [], \"error\": null, \"id\": \"echo\"}"));
        assertThat(host.channel.isOpen()).isFalse();
        assertThat(host.session.closeReason()).startsWith("protocol violation: invalid JSON received at byte position");
    }

    @Test
    void anUpdateBeforeTheMonitorReplyIsAViolation() {
        EmbeddedHost host = new EmbeddedHost(events);
        host.receiveFixture("update-subnet-set");
        assertThat(host.channel.isOpen()).isFalse();
        assertThat(host.session.closeReason()).isEqualTo("protocol violation: update before the monitor reply");
        assertThat(listener.events()).as("never announced, so never disconnected").isEmpty();
    }

    @Test
    void aMessageOverTheSizeLimitClosesTheSession() {
        EmbeddedHost host = EmbeddedHost.monitored(events);
        host.receive("{\"id\": \"echo\", \"method\": \"echo\", \"params\": [\"" + "x".repeat(70 * 1024) + "\"]}");
        assertThat(host.channel.isOpen()).isFalse();
        assertThat(host.session.closeReason()).startsWith("protocol violation: ").contains("exceeds");
    }

    @Test
    void closingFailsWhatIsStillPending() {
        EmbeddedHost host = EmbeddedHost.monitored(events);
        CompletableFuture<Outcome> result = host.session.deletePort("br-int", "br-int");
        assertThat(host.sent().get("method").textValue()).isEqualTo("transact");
        host.channel.close();
        assertThat(result).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(SessionClosedException.class).withMessageContaining("the host closed the connection");
        assertThat(listener.events()).containsExactly("connected h1", "disconnected h1: the host closed the connection");
        CompletableFuture<Outcome> late = host.session.ensureTunnelPort("br-int", "vx0", Map.of());
        host.channel.runPendingTasks();
        assertThat(late).isCompletedExceptionally();
    }

    @Test
    void aReconnectingHostReplacesItsOldSession() {
        EmbeddedHost first = EmbeddedHost.monitored(events);
        EmbeddedHost second = EmbeddedHost.monitored(events);
        assertThat(first.channel.isOpen()).isFalse();
        assertThat(first.session.closeReason()).startsWith("replaced by a new session from ");
        assertThat(listener.events()).hasSize(3);
        assertThat(listener.events().get(1)).startsWith("disconnected h1: replaced by a new session from ");
        assertThat(listener.events().get(2)).isEqualTo("connected h1");
        assertThat(events.sessions()).containsExactly(second.session);
    }
}
