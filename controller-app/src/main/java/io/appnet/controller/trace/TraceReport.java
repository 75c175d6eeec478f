package io.appnet.controller.trace;

/** A trace's answer: whether the packet arrives, the verdict in one line, what was traced, and every hop. */
public record TraceReport(boolean delivered, String verdict, String description, String hops) {

    public String render() {
        return description + "\n" + verdict + "\n\n" + hops;
    }
}
