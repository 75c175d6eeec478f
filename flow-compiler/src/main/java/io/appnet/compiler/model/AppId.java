package io.appnet.compiler.model;

/** The numeric identity of an app (or a service), carried as the 24-bit VXLAN VNI: 1..16,777,215. */
public record AppId(int value) implements Comparable<AppId> {

    public static final int MAX = 0xFF_FFFF;

    public AppId {
        if (value < 1 || value > MAX) {
            throw new ModelException("app ID " + value + " is outside 1.." + MAX);
        }
    }

    public static AppId of(int value) {
        return new AppId(value);
    }

    @Override
    public int compareTo(AppId other) {
        return Integer.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
