package io.appnet.controller.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Reads the H2 store of earlier controllers ({@value #FILE}, schema version 1 or 2) so that {@link SqliteStore} can
 * take over its contents. H2 is not used for anything else: after a kill -9 it could come back without the last
 * acknowledged commits, or not at all, once it had started reusing free space in its file (issue 14).
 */
final class H2Import {
    static final String FILE = "appnet.mv.db";
    /** What the H2 file is renamed to once its contents are in the SQLite store: a backup the operator may delete. */
    static final String IMPORTED = "appnet.mv.db.imported";

    private H2Import() {
    }

    static boolean present(Path directory) {
        return Files.exists(directory.resolve(FILE));
    }

    /** Everything the H2 store in {@code directory} holds; H2's own lock refuses a store another process has open. */
    static StoredState read(Path directory) {
        JdbcDataSource source = new JdbcDataSource(); // not DriverManager: it cannot see H2's driver in OSGi
        source.setURL("jdbc:h2:file:" + directory.resolve("appnet") + ";IFEXISTS=TRUE");
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            int version = schemaVersion(statement);
            if (version < 1 || version > 2) {
                throw new StoreException("the H2 store " + directory.resolve(FILE) + " has schema version " + version
                        + ", which this controller cannot import");
            }
            // Its external services (the services tables) were never used by anything; destinations replaced
            // them (issue 9), so they are left behind with the H2 file.
            return StoreRows.readCore(statement);
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new StoreException("the H2 store " + directory.resolve(FILE) + " is in use by another process", e);
            }
            throw new StoreException("cannot read the H2 store " + directory.resolve(FILE) + " to import it: "
                    + e.getMessage(), e);
        }
    }

    private static int schemaVersion(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
