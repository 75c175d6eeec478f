package io.appnet.controller.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The store's directory and files are its owner's alone: they hold every policy and lease. */
final class StorePermissions {

    private StorePermissions() {
    }

    /** Creates the directory, owner-only, if it does not exist. */
    static void createPrivateDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                restrictToOwner(directory);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the store directory " + directory + ": " + e.getMessage(), e);
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
