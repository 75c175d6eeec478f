package io.appnet.compiler.model;

/** A host (cell) by the name it reports in {@code external_ids:appnet-host-id}. */
public record HostId(String name) implements Comparable<HostId> {

    public HostId {
        Names.check("host name", name);
    }

    public static HostId of(String name) {
        return new HostId(name);
    }

    @Override
    public int compareTo(HostId other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
