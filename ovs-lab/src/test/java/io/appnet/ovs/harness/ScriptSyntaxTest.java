package io.appnet.ovs.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every script in scripts/ parses (bash -n). The demo itself needs root and a built controller, so it is proven by
 * running it; this catches a broken edit of one of them in the normal build, without root.
 */
class ScriptSyntaxTest {

    private static final Path SCRIPTS = Path.of("").toAbsolutePath().getParent().resolve("scripts");

    @Test
    void everyScriptParses() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            scripts = files.filter(file -> file.toString().endsWith(".sh")).sorted().toList();
        }
        assertThat(scripts).extracting(file -> file.getFileName().toString()).contains("demo.sh", "lab.sh",
                "run-controller.sh");
        for (Path script : scripts) {
            CommandResult result = Commands.run(List.of("bash", "-n", script.toString()));
            assertThat(result.exitCode()).as("bash -n %s: %s", script.getFileName(), result.stderr()).isZero();
        }
    }
}
