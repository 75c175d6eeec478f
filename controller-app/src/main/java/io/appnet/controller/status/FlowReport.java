package io.appnet.controller.status;

import java.util.List;

/**
 * A switch's flows against its compiled tables: every flow it holds (ovs-ofctl text) with its mark, then the
 * desired flows it lacks; {@code flowsOnSwitch} and the diff's summary ({@code +1 -0 ~0 flows, 0 foreign}).
 */
public record FlowReport(List<Line> lines, int flowsOnSwitch, String summary) {

    /** How a flow stands against the compiled tables; {@code symbol} is what the shell prints before it. */
    public enum Mark {
        DESIRED("  "), STALE("- "), CHANGED("~ "), FOREIGN("? "), MISSING("+ ");

        private final String symbol;

        Mark(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public record Line(Mark mark, String flow) {
    }

    public FlowReport {
        lines = List.copyOf(lines);
    }
}
