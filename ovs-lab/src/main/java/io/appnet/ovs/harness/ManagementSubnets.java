package io.appnet.ovs.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Gives each lab its own management /24, 172.31.X.0/24. A reservation is a file {@code .mgmt/X} holding the
 * lab id, created atomically (scripts/lab.sh does the same with noclobber), so labs started at once by
 * different processes never share X. X is skipped if any address or route on the machine already uses it.
 */
final class ManagementSubnets {

    private static final String DIR = LabNames.MANAGEMENT_RESERVATIONS;

    private ManagementSubnets() {
    }

    static int reserve(Path runRoot, String labId) {
        Path dir = runRoot.resolve(DIR);
        String inUse = Commands.check(List.of("ip", "-4", "-o", "addr", "show"))
                + Commands.check(List.of("ip", "-4", "route", "show", "table", "all"));
        try {
            Files.createDirectories(dir);
            for (int octet = 1; octet <= 254; octet++) {
                if (Pattern.compile("\\b" + Pattern.quote(LabNames.MANAGEMENT_NETWORK + octet + ".")).matcher(inUse).find()) {
                    continue;
                }
                Path reservation = dir.resolve(Integer.toString(octet));
                if (isStale(runRoot, reservation)) {
                    Files.deleteIfExists(reservation);
                }
                try {
                    Files.writeString(Files.createFile(reservation), labId + "\n");
                    return octet;
                } catch (FileAlreadyExistsException taken) {
                    // Another lab holds this one; try the next.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no free management subnet left in " + LabNames.MANAGEMENT_NETWORK
                + "1-254.0/24");
    }

    static void release(Path runRoot, String labId) {
        Path dir = runRoot.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> reservations = Files.list(dir)) {
            for (Path reservation : reservations.toList()) {
                if (owner(reservation).equals(labId)) {
                    Files.deleteIfExists(reservation);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A reservation whose lab directory is gone was left by a teardown that never ran. */
    private static boolean isStale(Path runRoot, Path reservation) {
        String owner = owner(reservation);
        return !owner.isEmpty() && !Files.isDirectory(runRoot.resolve(owner));
    }

    private static String owner(Path reservation) {
        try {
            return Files.readString(reservation).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
