package io.appnet.compiler.model;

/** A named set of apps (e.g. a Cloud Foundry space) that group policies refer to. */
public record GroupName(String name) implements Comparable<GroupName> {

    public GroupName {
        Names.check("group id", name);
    }

    public static GroupName of(String name) {
        return new GroupName(name);
    }

    @Override
    public int compareTo(GroupName other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
