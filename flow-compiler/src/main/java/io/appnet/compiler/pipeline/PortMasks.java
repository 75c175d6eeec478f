package io.appnet.compiler.pipeline;

import io.appnet.compiler.model.PortRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands a port range into value/mask matches: the fewest aligned power-of-two blocks that exactly
 * cover it (what OVN and ovs-ofctl do). Greedy from the low end, each block the largest that is aligned
 * and fits, is optimal for aligned blocks; a 16-bit range needs at most 30 (e.g. 1-65534).
 */
public final class PortMasks {

    /** One block: ports {@code p} with {@code (p & mask) == value}. */
    public record Masked(int value, int mask) {
        public int size() {
            return (~mask & 0xFFFF) + 1;
        }
    }

    private PortMasks() {
    }

    /** The blocks covering the range, lowest first; {@code any()} is the single block 0/0. */
    public static List<Masked> of(PortRange range) {
        List<Masked> blocks = new ArrayList<>();
        int port = range.start();
        int end = range.end();
        while (port <= end) {
            int size = port == 0 ? 1 << 16 : Integer.lowestOneBit(port);
            while (port + size - 1 > end) {
                size >>= 1;
            }
            blocks.add(new Masked(port, ~(size - 1) & 0xFFFF));
            port += size;
        }
        return blocks;
    }
}
