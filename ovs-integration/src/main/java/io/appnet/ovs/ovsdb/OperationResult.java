package io.appnet.ovs.ovsdb;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The result of one successful operation (RFC 7047 5.2): the new row's uuid for "insert", the number of
 * matched rows for "update" and "mutate", the rows for "select"; "wait" and "comment" return nothing.
 */
public record OperationResult(Optional<String> uuid, OptionalLong count, List<Row> rows) {

    public OperationResult {
        rows = List.copyOf(rows);
    }
}
