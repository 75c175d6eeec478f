package io.appnet.ovs.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** scripts/lab.sh and the Java harness share one description of a lab: lab.env. */
class LabLayoutTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path SCRIPT = MODULE.getParent().resolve("scripts/lab.sh");

    @Test
    void theHarnessReadsTheSameFileTheScriptSources() throws IOException {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(MODULE.resolve("lab.env"))) {
            file.load(in);
        }
        assertThat(LabSpec.DEFAULT_RUN_ROOT).hasToString(file.getProperty("DEFAULT_LAB_ROOT"));
        assertThat(LabNames.underlayIp(1)).isEqualTo(file.getProperty("UNDERLAY_NET") + "."
                + (Integer.parseInt(file.getProperty("HOST_OFFSET")) + 1));
        assertThat(LabNames.managementGateway(7)).isEqualTo(file.getProperty("MGMT_NET") + ".7.1");
        assertThat(new LabNames("x1", LabSpec.DEFAULT_RUN_ROOT).hostNamespace("h1"))
                .isEqualTo(file.getProperty("NAME_PREFIX") + "x1-h1");
        assertThat(LabNames.containerPort("web")).isEqualTo(file.getProperty("CONTAINER_PORT_PREFIX") + "web");
        assertThat(LabNames.MAX_HOSTS).isEqualTo(Integer.parseInt(file.getProperty("MAX_HOSTS")));
        assertThat(LabNames.LAB_ID.pattern()).isEqualTo(file.getProperty("LAB_ID_PATTERN"));

        assertThat(Files.readString(SCRIPT)).contains("source \"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")/..\" && pwd)"
                + "/ovs-lab/lab.env\"");
    }

    @Test
    void theScriptsCodeHoldsNoneOfTheLayoutsValues() throws IOException {
        List<String> code = Files.readAllLines(SCRIPT).stream().filter(line -> !line.strip().startsWith("#")).toList();
        for (String value : List.of("/tmp/appnet-lab", "192.168.50", "172.31", "\"an-", " an-", "br-phy", "br-int",
                "mgmt0", "ul0", "eth0", "1400", ".mgmt")) {
            assertThat(code).as("scripts/lab.sh spells out %s instead of reading it from lab.env", value)
                    .noneMatch(line -> line.contains(value));
        }
    }
}
