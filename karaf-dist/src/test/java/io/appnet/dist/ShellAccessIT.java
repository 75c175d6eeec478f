package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Karaf SSH server of the built distribution, as scripts/run-controller.sh uses it: a shell user logs in
 * with a key (no password on any command line), and SFTP, which would hand the same user the token-signing key
 * in data/appnet, is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShellAccessIT {
    private KarafInstance karaf;
    private Path key;

    @BeforeAll
    void start() throws Exception {
        karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "shell-access");
        key = karaf.home().resolve("it-shell-key");
        run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", key.toString()), true);
        String publicKey = Files.readString(Path.of(key + ".pub")).split(" ")[1];
        Files.writeString(karaf.home().resolve("etc/keys.properties"), "\nkeyuser = " + publicKey
                + ",_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        karaf.start();
        karaf.awaitPort(karaf.sshPort(), DistributionBootIT.BOOT_TIMEOUT);
    }

    @AfterAll
    void stop() {
        if (karaf != null) {
            karaf.close();
        }
    }

    private List<String> ssh(String program, String portFlag) {
        return new ArrayList<>(List.of(program, "-i", key.toString(), portFlag, String.valueOf(karaf.sshPort()),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "PasswordAuthentication=no"));
    }

    @Test
    void binClientLogsInWithAKeyAsRunControllerShellDoes() throws Exception {
        List<String> command = List.of(karaf.home().resolve("bin/client").toString(), "-h", "127.0.0.1", "-a",
                String.valueOf(karaf.sshPort()), "-u", "keyuser", "-k", key.toString(), "-r", "1", "-b");
        assertThat(run(command, "shell:echo logged-in-with-a-key")).contains("logged-in-with-a-key");
    }

    @Test
    void sftpIsRefusedToAUserWhoseSshLoginWorks() throws Exception {
        List<String> login = ssh("ssh", "-p");
        login.addAll(List.of("keyuser@127.0.0.1", "shell:echo ssh-works"));
        assertThat(run(login, "")).as("the same key and user get a shell").contains("ssh-works");

        List<String> sftp = ssh("sftp", "-P");
        sftp.addAll(List.of("-b", "-", "keyuser@127.0.0.1"));
        String output = run(sftp, "get data/appnet/token-signing-key.pem " + karaf.home().resolve("stolen.pem") + "\n");
        assertThat(output).containsAnyOf("subsystem request failed", "Connection closed");
        assertThat(karaf.home().resolve("stolen.pem")).doesNotExist();
    }

    private String run(List<String> command, String input) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", JavaForKaraf.home().toString());
        Process process = builder.start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish: " + output);
        }
        return output;
    }

    private static void run(List<String> command, boolean mustSucceed) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || mustSucceed && process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + output);
        }
    }
}
