package io.appnet.controller.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The store's directory and files are its owner's alone: they hold every policy and lease. What this controller
 * creates it creates that way; what it finds open to other users it refuses to use, rather than quietly
 * changing permissions someone chose.
 */
final class StorePermissions {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private StorePermissions() {
    }

    /** Creates the directory, owner-only; an existing one must already be owner-only. */
    static void createPrivateDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                restrictToOwner(directory);
            } else {
                requireOwnerOnly(directory);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the store directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a file or directory that other users may read, write or enter. */
    static void requireOwnerOnly(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw new StoreException(path + " is open to other users (" + PosixFilePermissions.toString(permissions)
                        + "); the store is its owner's alone: chmod " + (Files.isDirectory(path) ? "700 " : "600 ")
                        + path);
            }
        } catch (IOException e) {
            throw new StoreException("cannot read the permissions of " + path + ": " + e.getMessage(), e);
        }
    }

    static void restrictToOwner(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwx------" : "rw-------"));
        } catch (IOException e) {
            throw new StoreException("cannot restrict " + path + " to its owner: " + e.getMessage(), e);
        }
    }
}
