package io.appnet.dist;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JDK the distribution is started with. Karaf 4.4.10 does not start on Java 24 and later, so the test
 * JVM's own JDK is used only when it is older than that; otherwise Debian's JDK 17.
 */
final class JavaForKaraf {

    private static final int FIRST_UNSUPPORTED_FEATURE_RELEASE = 24;
    private static final Path DEBIAN_JDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

    private JavaForKaraf() {
    }

    static Path home() {
        if (Runtime.version().feature() < FIRST_UNSUPPORTED_FEATURE_RELEASE) {
            return Path.of(System.getProperty("java.home"));
        }
        if (Files.isExecutable(DEBIAN_JDK_17.resolve("bin/java"))) {
            return DEBIAN_JDK_17;
        }
        throw new IllegalStateException("Karaf 4.4.10 needs Java 17..23; the tests run on "
                + Runtime.version() + " and " + DEBIAN_JDK_17 + " is missing");
    }
}
