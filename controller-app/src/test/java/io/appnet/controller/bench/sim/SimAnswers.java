package io.appnet.controller.bench.sim;

import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.FeaturesReply;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.RoleReply;
import io.appnet.openflow.text.FlowText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A switch's answers to a controller, by xid, in a form that compares across switches: flow statistics as sorted
 * {@code ovs-ofctl} text without counters, errors as type and code (not the echoed request's bytes), features as
 * datapath id and table count. What a switch sends unasked (hello, its own echo requests, port status, packet-in)
 * is left out.
 */
final class SimAnswers {
    private SimAnswers() {
    }

    static Map<Long, String> byXid(List<OfMessage> answers) {
        Map<Long, List<String>> parts = new TreeMap<>();
        for (OfMessage answer : answers) {
            String text = describe(answer);
            if (text != null) {
                parts.computeIfAbsent(Integer.toUnsignedLong(answer.xid()), xid -> new ArrayList<>()).add(text);
            }
        }
        Map<Long, String> byXid = new TreeMap<>();
        parts.forEach((xid, texts) -> byXid.put(xid, String.join("\n", texts.stream().sorted().toList())));
        return byXid;
    }

    private static String describe(OfMessage answer) {
        if (answer instanceof MultipartReply reply && reply.body() instanceof FlowStatsReply flows) {
            return flows.flows().isEmpty() ? "flow stats: none"
                    : String.join("\n", flows.flows().stream().map(FlowText::of).sorted().toList());
        } else if (answer instanceof MultipartReply reply) {
            return "multipart " + reply.body().getClass().getSimpleName();
        } else if (answer instanceof ErrorMessage error) {
            return "error type " + error.errorType() + " code " + error.errorCode();
        } else if (answer instanceof FeaturesReply features) {
            return String.format("features datapath %016x, %d tables", features.datapathId(), features.nTables());
        } else if (answer instanceof BundleControl control) {
            return "bundle " + control.bundleId() + " " + control.controlType();
        } else if (answer instanceof BarrierReply || answer instanceof EchoReply || answer instanceof RoleReply) {
            return answer.getClass().getSimpleName();
        }
        return null;
    }
}
