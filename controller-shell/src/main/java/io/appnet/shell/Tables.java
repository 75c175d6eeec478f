package io.appnet.shell;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.karaf.shell.support.table.ShellTable;

/** Karaf's table layout, rendered to a string so that a command returns what it shows. */
final class Tables {

    private Tables() {
    }

    static String render(List<String> columns, List<List<Object>> rows) {
        ShellTable table = new ShellTable();
        columns.forEach(table::column);
        rows.forEach(row -> table.addRow().addContent(row));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            table.print(print, true);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
