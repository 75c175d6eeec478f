package io.appnet.controller.bench;

import io.appnet.openflow.codec.OfMessageCodec;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.OfMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The controller's share of an install without any I/O: making each message and encoding it, as the connection
 * does while streaming. Subtracted from an install's controller CPU, what is left is the Netty write path.
 */
final class EncodeCost {
    private static final int REPETITIONS = 5;
    private static final int CHUNK = 64 << 10;

    private EncodeCost() {
    }

    /** Median over a few repetitions of encoding every flow as a FLOW_MOD, in milliseconds. */
    static double flowModsMillis(List<FlowMod> flows) {
        return medianMillis(flows, flow -> flow.withXid(1));
    }

    /** The same for every flow wrapped in a bundle add. */
    static double bundleAddsMillis(List<FlowMod> flows) {
        Set<BundleFlag> flags = Set.of(BundleFlag.ATOMIC, BundleFlag.ORDERED);
        return medianMillis(flows, flow -> BundleAdd.of(1, flags, flow.withXid(1)));
    }

    private static double medianMillis(List<FlowMod> flows, Function<FlowMod, OfMessage> toMessage) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(CHUNK);
        try {
            long[] nanos = new long[REPETITIONS];
            for (int i = 0; i < REPETITIONS; i++) {
                long start = System.nanoTime();
                for (FlowMod flow : flows) {
                    if (buffer.writableBytes() < CHUNK / 2) {
                        buffer.clear();
                    }
                    OfMessageCodec.encode(toMessage.apply(flow), buffer);
                }
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            return nanos[REPETITIONS / 2] / 1e6;
        } finally {
            buffer.release();
        }
    }
}
