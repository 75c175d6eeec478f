package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's disk-full fault on the built distribution: its store on a small file system of its own (a 4 MiB tmpfs
 * the test mounts, so root is needed: tagged {@code ovs} with the other tests that need root), filled up by another
 * file. A batch of policies is then answered 503 with the documented error and the cause in karaf.log, nothing of
 * it is listed, and once the file is removed the same request succeeds and survives a restart.
 */
@Tag("ovs")
class StoreDiskFullIT {
    private static final String NAME = "diskfull";
    private static final int BATCH = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFullStoreDiskAnswers503ChangesNothingAndServiceResumesWhenSpaceReturns() throws Exception {
        Path mount = DistributionBootIT.WORK.resolve(NAME + "-store-disk").toAbsolutePath();
        unmountLeftover(mount);
        Files.createDirectories(mount);
        run("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "appnet-it-store", mount.toString());
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, NAME)) {
            try {
                karaf.configure(KarafInstance.CONTROLLER_CONFIG, "store.directory", mount.resolve("appnet").toString());
                ApiClient api = new ApiClient(karaf);
                start(karaf, api);
                String admin = api.adminToken();
                expect(api.send("POST", "/networking/v1/external/policies", admin, policies("first", 1)), 200);

                Path filler = mount.resolve("filler");
                fill(filler);
                String batch = policies("batch", BATCH);
                HttpResponse<String> refused = api.send("POST", "/networking/v1/external/policies", admin, batch);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.body()).isEqualTo("{\"error\": \"the change could not be stored and nothing "
                        + "was changed; try again later\"}");
                assertThat(karaf.awaitLogLine("a change was refused because the store in", Duration.ofSeconds(10)))
                        .contains("WARN", mount.resolve("appnet").toString(), "could not save the change")
                        .containsIgnoringCase("full");
                assertThat(total(api)).as("nothing of the refused batch is listed").isEqualTo(1);
                expect(api.send("GET", "/health", null, null), 200);

                Files.delete(filler);
                expect(api.send("POST", "/networking/v1/external/policies", admin, batch), 200);
                assertThat(total(api)).isEqualTo(1 + BATCH);

                karaf.stop();
                start(karaf, api);
                assertThat(total(api)).as("after a restart").isEqualTo(1 + BATCH);
            } finally {
                karaf.close(); // Karaf holds the store open: stop it before the file system goes
            }
        } finally {
            run("umount", mount.toString());
        }
    }

    /** Writes to {@code file} until the file system refuses: afterwards no block is free. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < 1024; written++) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left on device");
            return;
        }
        throw new AssertionError("64 MiB fitted in the 4 MiB store file system");
    }

    private static String policies(String source, int count) {
        List<String> policies = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            int port = 1000 + p;
            policies.add("{\"source\": {\"id\": \"" + source + "\"}, \"destination\": {\"id\": \"api\", "
                    + "\"protocol\": \"tcp\", \"ports\": {\"start\": " + port + ", \"end\": " + port + "}}}");
        }
        return "{\"policies\": [" + String.join(", ", policies) + "]}";
    }

    private static int total(ApiClient api) throws Exception {
        HttpResponse<String> listed = api.send("GET", "/networking/v1/external/policies", api.adminToken(), null);
        expect(listed, 200);
        return JSON.readTree(listed.body()).get("total_policies").asInt();
    }

    private static void start(KarafInstance karaf, ApiClient api) throws Exception {
        karaf.start();
        karaf.awaitPort(karaf.httpPort(), DistributionBootIT.BOOT_TIMEOUT);
        api.awaitHealthy();
    }

    private static void expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    /** A run killed before its umount leaves the tmpfs mounted: unmounted here, so the copy can be replaced. */
    private static void unmountLeftover(Path mount) throws Exception {
        if (Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(line -> line.split(" ")[1]
                .equals(mount.toString()))) {
            run("umount", mount.toString());
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
