package io.appnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.FlowText;
import io.appnet.compiler.model.HostId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tables of the {@link GoldenScenario}, checked in as ovs-ofctl text under src/test/resources/golden
 * and reviewed by a human. To regenerate after an intended change: {@code -Dgolden.update=true}, then
 * read the diff.
 */
class GoldenTablesTest {

    private static final CompiledNetwork COMPILED = FlowCompiler.ovsHosts().compile(GoldenScenario.network());

    @ParameterizedTest
    @ValueSource(strings = {"host-a", "host-b", "host-c"})
    void tablesMatchTheReviewedGoldenFile(String host) throws IOException {
        String rendered = COMPILED.tablesOf(HostId.of(host)).render();
        String file = "golden/" + host + ".flows";
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources", file), header(host) + rendered);
        }
        String golden = read(file);
        assertThat(withoutComments(golden)).isEqualTo(rendered);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host-a", "host-b", "host-c"})
    void goldenTextParsesBackIntoTheCompiledFlows(String host) throws IOException {
        var parsed = new HashSet<>(FlowText.parseAll(read("golden/" + host + ".flows")));
        assertThat(parsed).isEqualTo(new HashSet<FlowEntry>(COMPILED.tablesOf(HostId.of(host)).flows()));
    }

    private static String header(String host) {
        return "# " + host + " of GoldenScenario (3 hosts, 4 apps), as ovs-ofctl -O OpenFlow13 dump-flows --no-stats\n"
                + "# would print it. Regenerate with -Dgolden.update=true and review the diff.\n";
    }

    private static String withoutComments(String text) {
        StringBuilder kept = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }

    static String read(String resource) throws IOException {
        try (InputStream in = GoldenTablesTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource + " (run with -Dgolden.update=true)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
