package io.appnet.controller.programmer;

import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.openflow.codec.OfMessageCodec;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.match.OxmTlv;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * The sync marker: one flow saying "this switch holds the desired tables whose digest I carry". It lets a switch
 * that still holds what the controller last knew rejoin without dumping its flows. It lives in {@link #TABLE}, which
 * the pipeline never uses and never goes to, so it matches no packet; its cookie is {@link #COOKIE}; the digest is
 * its match's metadata (Open vSwitch keeps all 64 bits). Pure.
 *
 * <p>It is written only when the switch is known to hold its desired tables and no delta is in flight (a
 * graceful stop); the first delta after that deletes it in the same atomic bundle, so a controller killed at any
 * moment leaves a true marker or none. A restarted Open vSwitch has no flows, so no marker either.
 */
public final class SyncMarker {
    /** A table of Open vSwitch's 0-254 that the pipeline never uses (254 is OVS's own hidden table). */
    public static final int TABLE = 253;
    /** In appnet's cookie space (kind 0xaf, which no owner uses), so a dump filtered on appnet's cookies shows it. */
    public static final long COOKIE = 0xafL << 56 | 0x53594e43L; // "SYNC"
    private static final long SEED = 0x61707069_6e657431L;

    private SyncMarker() {
    }

    /** Whether a flow with this cookie is the marker (the reconcile, drift reports and flow listings skip it). */
    public static boolean is(long cookie) {
        return cookie == COOKIE;
    }

    /**
     * A 64-bit digest of the flows, the same for the same flows in any order and in any JVM: the sum of a 64-bit
     * hash (MurmurHash64A) of each flow's ADD as encoded on the wire (xid 0).
     */
    public static long digest(Collection<FlowEntry> flows) {
        ByteBuf buffer = Unpooled.buffer(512);
        long sum = 0;
        for (FlowEntry flow : flows) {
            sum += hash(flow, buffer);
        }
        return sum;
    }

    /** The digest of the flows {@code delta} leads to, from the digest of the flows it starts from. */
    public static long digestAfter(long before, DatapathDelta delta) {
        ByteBuf buffer = Unpooled.buffer(512);
        long sum = before;
        for (io.appnet.compiler.FlowMod mod : delta.mods()) {
            switch (mod.command()) {
                case ADD -> sum += hash(mod.flow(), buffer);
                case DELETE -> sum -= hash(mod.flow(), buffer);
                case MODIFY -> sum += hash(mod.flow(), buffer) - hash(mod.replaced().orElseThrow(), buffer);
            }
        }
        return sum;
    }

    private static long hash(FlowEntry flow, ByteBuf buffer) {
        buffer.clear();
        OfMessageCodec.encode(FlowTranslator.add(flow).withXid(0), buffer);
        return murmur64(buffer.array(), buffer.arrayOffset() + buffer.readerIndex(), buffer.readableBytes());
    }

    /** The marker carrying {@code digest}. */
    public static FlowMod flow(long digest) {
        return FlowMod.add(TABLE, 0, Match.builder().metadata(digest).build(), List.of()).withCookie(COOKIE);
    }

    /** Deletes every marker, whatever digest it carries. */
    public static FlowMod delete() {
        return FlowMod.delete(TABLE, Match.ANY).withCookie(COOKIE, FlowTranslator.FULL_COOKIE_MASK);
    }

    /** A flow-stats request for the marker alone. */
    public static FlowSelection selection() {
        return FlowSelection.of(TABLE, Match.ANY).withCookie(COOKIE, FlowTranslator.FULL_COOKIE_MASK);
    }

    /** The digest the switch's marker carries: present only for exactly one marker with an exact metadata match. */
    public static OptionalLong digestIn(List<FlowStats> flows) {
        OptionalLong found = OptionalLong.empty();
        for (FlowStats flow : flows) {
            if (flow.tableId() != TABLE || !is(flow.cookie())) {
                continue;
            }
            OxmTlv metadata = flow.match().find(OxmField.METADATA).orElse(null);
            if (found.isPresent() || metadata == null || metadata.isMasked() || flow.match().entries().size() != 1) {
                return OptionalLong.empty();
            }
            found = OptionalLong.of(metadata.value());
        }
        return found;
    }

    /** MurmurHash64A (Austin Appleby), little-endian words. */
    static long murmur64(byte[] data, int offset, int length) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        long h = SEED ^ (length * m);
        int end = offset + (length & ~7);
        for (int i = offset; i < end; i += 8) {
            long k = littleEndian(data, i, 8);
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        int rest = length & 7;
        if (rest > 0) {
            h ^= littleEndian(data, end, rest);
            h *= m;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }

    private static long littleEndian(byte[] data, int offset, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = value << 8 | (data[offset + i] & 0xffL);
        }
        return value;
    }
}
