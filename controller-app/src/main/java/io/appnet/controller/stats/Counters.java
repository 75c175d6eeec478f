package io.appnet.controller.stats;

import io.appnet.compiler.flow.Cookie;
import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.pipeline.DropReason;
import io.appnet.openflow.message.FlowStats;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Packets and bytes per policy and per drop reason, summed over switches from their flow counters. A flow's
 * cookie names its owner, so no flow needs to be looked up. Immutable; {@link #plus} adds a switch's flows.
 */
public record Counters(SortedMap<PolicyId, Count> policies, Map<DropReason, Count> drops) {

    /** Packets and bytes. */
    public record Count(long packets, long bytes) {
        static final Count ZERO = new Count(0, 0);

        Count plus(long morePackets, long moreBytes) {
            return new Count(packets + morePackets, bytes + moreBytes);
        }
    }

    /** Flows whose cookie names a policy: app, group and egress policy IDs share one space, so they never collide. */
    private static final Set<Cookie.Kind> POLICY_KINDS = EnumSet.of(Cookie.Kind.POLICY, Cookie.Kind.GROUP_POLICY,
            Cookie.Kind.EGRESS_POLICY);

    private static final Counters NONE = new Counters(new TreeMap<>(), new EnumMap<>(DropReason.class));

    public Counters {
        policies = Collections.unmodifiableSortedMap(new TreeMap<>(policies));
        drops = drops.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(drops));
    }

    public static Counters none() {
        return NONE;
    }

    /** These counters plus one switch's flows (a flow-stats dump). */
    public Counters plus(Iterable<FlowStats> flows) {
        SortedMap<PolicyId, Count> byPolicy = new TreeMap<>(policies);
        Map<DropReason, Count> byReason = new EnumMap<>(DropReason.class);
        byReason.putAll(drops);
        for (FlowStats flow : flows) {
            Cookie cookie = new Cookie(flow.cookie());
            Cookie.Kind kind = cookie.kind();
            if (POLICY_KINDS.contains(kind) && cookie.id() >= 1
                    && cookie.id() <= PolicyId.MAX) {
                byPolicy.merge(PolicyId.of(cookie.id()), new Count(flow.packetCount(), flow.byteCount()),
                        (a, b) -> a.plus(b.packets(), b.bytes()));
            } else if (kind == Cookie.Kind.DROP) {
                DropReason reason = DropReason.of(cookie);
                if (reason != null) {
                    byReason.merge(reason, new Count(flow.packetCount(), flow.byteCount()),
                            (a, b) -> a.plus(b.packets(), b.bytes()));
                }
            }
        }
        return new Counters(byPolicy, byReason);
    }

    public Count policy(PolicyId id) {
        return policies.getOrDefault(id, Count.ZERO);
    }

    public Count drops(DropReason reason) {
        return drops.getOrDefault(reason, Count.ZERO);
    }
}
