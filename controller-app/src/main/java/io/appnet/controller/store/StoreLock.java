package io.appnet.controller.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One controller per store directory: an exclusive lock on {@value #FILE} in it, held while the store is open.
 * A second open is refused by name, whether it comes from this JVM or another process; the operating system
 * releases the lock when the holder dies, so a killed controller never leaves a stale lock behind.
 */
final class StoreLock implements AutoCloseable {
    static final String FILE = "appnet.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StoreLock acquire(Path directory) {
        Path file = directory.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            StorePermissions.restrictToOwner(file);
        } catch (IOException e) {
            throw new StoreException("cannot open the lock file " + file + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StoreException("the store in " + directory + " is in use by another process");
            }
            return new StoreLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw new StoreException("the store in " + directory + " is already open in this JVM", e);
        } catch (IOException | RuntimeException e) {
            close(channel);
            throw e instanceof StoreException refused ? refused
                    : new StoreException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock was not taken; nothing else to release
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        close(channel);
    }

}
