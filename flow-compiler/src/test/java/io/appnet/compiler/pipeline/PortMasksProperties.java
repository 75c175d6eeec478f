package io.appnet.compiler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.PortRange;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Port ranges expand to an exact cover by aligned blocks, and to the fewest such blocks: compared
 * with an exhaustive shortest-path over all aligned blocks inside the range.
 */
class PortMasksProperties {

    @Property(tries = 2000)
    void blocksCoverExactlyTheRangeWithTheFewestAlignedBlocks(@ForAll @IntRange(min = 1, max = 65535) int a,
                                                             @ForAll @IntRange(min = 1, max = 65535) int b) {
        PortRange range = PortRange.of(Math.min(a, b), Math.max(a, b));
        List<PortMasks.Masked> blocks = PortMasks.of(range);

        assertCoversExactly(range, blocks);
        assertThat(blocks).hasSize(fewestAlignedBlocks(range.start(), range.end()));
    }

    @Test
    void everyRangeOfAnEightBitSpaceIsMinimal() {
        for (int start = 1; start < 256; start++) {
            for (int end = start; end < 256; end++) {
                assertThat(PortMasks.of(PortRange.of(start, end))).hasSize(fewestAlignedBlocks(start, end));
            }
        }
    }

    @Test
    void theWorstSixteenBitRangeNeedsThirtyBlocks() {
        assertThat(PortMasks.of(PortRange.of(1, 65534))).hasSize(30);
        assertThat(fewestAlignedBlocks(1, 65534)).isEqualTo(30);
    }

    @Test
    void singlePortsAndTheWholeSpaceAreOneBlock() {
        assertThat(PortMasks.of(PortRange.single(8080))).containsExactly(new PortMasks.Masked(8080, 0xFFFF));
        assertThat(PortMasks.of(PortRange.any())).containsExactly(new PortMasks.Masked(0, 0));
        assertThat(PortMasks.of(PortRange.of(1, 65535))).hasSize(16);
    }

    private static void assertCoversExactly(PortRange range, List<PortMasks.Masked> blocks) {
        int covered = 0;
        for (PortMasks.Masked block : blocks) {
            assertThat(block.value() & ~block.mask() & 0xFFFF).as("value has no bits outside the mask").isZero();
            int first = block.value();
            int last = block.value() + block.size() - 1;
            assertThat(first).isGreaterThanOrEqualTo(range.start());
            assertThat(last).isLessThanOrEqualTo(range.end());
            covered += block.size();
        }
        assertThat(covered).as("blocks are disjoint and fill the range").isEqualTo(range.end() - range.start() + 1);
    }

    /** Shortest path from start to end+1 where each step is an aligned power-of-two block inside the range. */
    static int fewestAlignedBlocks(int start, int end) {
        int length = end - start + 2;
        int[] best = new int[length];
        Arrays.fill(best, Integer.MAX_VALUE);
        best[0] = 0;
        for (int i = 0; i < length - 1; i++) {
            if (best[i] == Integer.MAX_VALUE) {
                continue;
            }
            int port = start + i;
            for (int size = 1; size <= 65536; size <<= 1) {
                if (port % size != 0 || port + size - 1 > end) {
                    if (port % size != 0) {
                        break;
                    }
                    continue;
                }
                int next = i + size;
                best[next] = Math.min(best[next], best[i] + 1);
            }
        }
        return best[length - 1];
    }
}
