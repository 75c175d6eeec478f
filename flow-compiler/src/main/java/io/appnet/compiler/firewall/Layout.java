package io.appnet.compiler.firewall;

import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.Cookie;
import io.appnet.compiler.flow.FieldMatch;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.Instructions;
import io.appnet.compiler.flow.Match;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.AppId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The firewall profile's rules, table by table. Two tables or more: the first classifies the source (or, for a
 * reply, its destination) into metadata and the second matches metadata + destination + protocol + port, so
 * rules grow as sources + policies. One table: every source identity times every service.
 *
 * <p>Rules are handed to a {@link Sink} with their count before they are made, so a budget check can refuse
 * without building millions of flows.
 */
final class Layout {

    /** Metadata bit 24: the packet is a reply (bits 0-23 are then the reply target's key, else the source app). */
    static final long REPLY = 1L << 24;
    static final int ALLOW = 100;
    static final int DEFAULT_DROP = 0;

    /** Receives rules: {@code count} rules of table {@code index} serving {@code policy} (0 = none), made lazily. */
    interface Sink {
        void add(int index, long policy, long count, Supplier<Stream<FlowEntry>> flows);
    }

    private final Firewall firewall;
    private final List<TableFeatures> tables;
    private final List<Grant> grants;
    private final Sources sources;

    Layout(Firewall firewall, Capabilities capabilities, List<Grant> grants, Sources sources) {
        this.firewall = firewall;
        this.tables = capabilities.tables();
        // An app the firewall cannot identify (nat mode, no address for it) gets nothing: its grants would be dead rules.
        this.grants = grants.stream().filter(grant -> !sources.forward(grant.source()).isEmpty()).toList();
        this.sources = sources;
    }

    void emit(Sink sink) {
        if (tables.size() >= 2) {
            twoTables(sink);
        } else {
            oneTable(sink);
        }
        for (int index = 0; index < Math.min(2, tables.size()); index++) {
            int table = tables.get(index).tableId();
            sink.add(index, 0, 1, () -> Stream.of(flow(table, DEFAULT_DROP, Match.any(), Instructions.drop(), 0)));
        }
    }

    private void twoTables(Sink sink) {
        int classify = tables.get(0).tableId();
        int policy = tables.get(1).tableId();
        TreeSet<AppId> apps = new TreeSet<>();
        grants.forEach(grant -> apps.add(grant.source()));
        Map<Long, Sources.ReplyTarget> replyKeys = new LinkedHashMap<>();
        for (AppId app : apps) {
            for (FieldMatch identity : sources.forward(app)) {
                Match match = fromPlatform().masked(identity.field(), identity.value(), identity.mask()).build();
                sink.add(0, 0, 1, () -> Stream.of(flow(classify, ALLOW, match,
                        classifyAs(app.value(), policy), 0)));
            }
            for (Sources.ReplyTarget target : sources.replies(app)) {
                if (replyKeys.putIfAbsent(target.prefix().network().unsigned() << 8 | target.prefix().length(),
                        target) == null) {
                    Match match = fromProtected().masked(MatchField.IPV4_DST, target.prefix().network().unsigned(),
                            Integer.toUnsignedLong(target.prefix().mask())).build();
                    sink.add(0, 0, 1, () -> Stream.of(flow(classify, ALLOW, match,
                            classifyAs(REPLY | target.key(), policy), 0)));
                }
            }
        }
        TableFeatures table = tables.get(1);
        for (Grant grant : grants) {
            boolean forwardMasks = table.maskable().contains(Service.portField(grant.protocol(), false));
            boolean replyMasks = table.maskable().contains(Service.portField(grant.protocol(), true));
            long id = grant.policy().value();
            sink.add(1, id, Service.count(grant, forwardMasks), () -> Service.of(grant, forwardMasks).stream()
                    .map(service -> flow(policy, ALLOW, service.addTo(metadata(grant.source().value()), false).build(),
                            Instructions.apply(Action.output(firewall.protectedPort())), id)));
            Map<Long, Sources.ReplyTarget> byKey = new LinkedHashMap<>();
            sources.replies(grant.source()).forEach(target -> byKey.putIfAbsent(target.key(), target));
            for (Sources.ReplyTarget target : byKey.values()) {
                Instructions back = new Instructions(target.actions(grant.tag()), OptionalInt.empty());
                sink.add(1, id, Service.count(grant, replyMasks), () -> Service.of(grant, replyMasks).stream()
                        .map(service -> flow(policy, ALLOW, service.addTo(metadata(REPLY | target.key()), true).build(),
                                back, id)));
            }
        }
    }

    private void oneTable(Sink sink) {
        TableFeatures table = tables.get(0);
        int only = table.tableId();
        for (Grant grant : grants) {
            boolean forwardMasks = table.maskable().contains(Service.portField(grant.protocol(), false));
            boolean replyMasks = table.maskable().contains(Service.portField(grant.protocol(), true));
            long id = grant.policy().value();
            Instructions forward = Instructions.apply(Action.output(firewall.protectedPort()));
            for (FieldMatch identity : sources.forward(grant.source())) {
                sink.add(0, id, Service.count(grant, forwardMasks), () -> Service.of(grant, forwardMasks).stream()
                        .map(service -> flow(only, ALLOW, service.addTo(fromPlatform(), false)
                                .masked(identity.field(), identity.value(), identity.mask()).build(), forward, id)));
            }
            for (Sources.ReplyTarget target : sources.replies(grant.source())) {
                Instructions back = new Instructions(target.actions(grant.tag()), OptionalInt.empty());
                sink.add(0, id, Service.count(grant, replyMasks), () -> Service.of(grant, replyMasks).stream()
                        .map(service -> flow(only, ALLOW, service.addTo(fromProtected(), true)
                                .masked(MatchField.IPV4_DST, target.prefix().network().unsigned(),
                                        Integer.toUnsignedLong(target.prefix().mask())).build(), back, id)));
            }
        }
    }

    private Match.Builder fromPlatform() {
        Match.Builder match = Match.builder().ip();
        sources.ingress().ifPresent(match::inPort);
        return match;
    }

    private Match.Builder fromProtected() {
        return Match.builder().ip().inPort(firewall.protectedPort());
    }

    private static Match.Builder metadata(long value) {
        return Match.builder().exact(MatchField.METADATA, value);
    }

    /** Whole-word write (not a masked one), so the next table matches metadata exactly: no mask needed there. */
    private static Instructions classifyAs(long value, int next) {
        return Instructions.applyWriteMetadataThenGoto(next, new Instructions.MetadataWrite(value, -1L));
    }

    private static FlowEntry flow(int table, int priority, Match match, Instructions instructions, long policy) {
        return FlowEntry.of(table, priority, match, instructions, Cookie.of(Cookie.Kind.FIREWALL, policy));
    }
}
