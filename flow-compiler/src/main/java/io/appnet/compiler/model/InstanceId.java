package io.appnet.compiler.model;

/** An app instance (container) by a name unique in the platform, e.g. its interface name on the host. */
public record InstanceId(String name) implements Comparable<InstanceId> {

    public InstanceId {
        Names.check("instance name", name);
    }

    public static InstanceId of(String name) {
        return new InstanceId(name);
    }

    @Override
    public int compareTo(InstanceId other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
