package io.appnet.dist;

import io.appnet.ovs.harness.LabPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private copy of the built distribution, started as a user starts it ({@code bin/karaf server}) and
 * stopped by pid. The copy gets its own free ports (so it can run beside a controller someone already
 * started from the same build) and a test-only shell user; the shipped files are never touched.
 * A copy left behind by a killed run is stopped and deleted when the next run opens the same name.
 */
final class KarafInstance implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final String SHELL_USER = "itest";

    private final Path home;
    private final LabPki pki;
    static final String CONTROLLER_CONFIG = "etc/io.appnet.controller.cfg";
    private final int openflowPort;
    private final int ovsdbPort;
    private final int httpPort;
    private final int sshPort;
    private final String shellPassword;
    private final Thread killOnJvmExit;
    private Process launcher;
    private Instant startedAt;
    private boolean hookAdded;

    private KarafInstance(Path home, int openflowPort, int sshPort, String shellPassword) throws IOException {
        this.home = home;
        // where the shipped configuration expects the controller's key, certificate and CA (etc/appnet-tls)
        this.pki = LabPki.create(home.resolve("etc/appnet-tls"));
        this.openflowPort = openflowPort;
        this.ovsdbPort = freePort();
        this.httpPort = freePort();
        this.sshPort = sshPort;
        this.shellPassword = shellPassword;
        this.killOnJvmExit = new Thread(this::kill, "kill-karaf-" + home.getFileName());
    }

    /** Copies {@code distribution} to {@code workDir/name} (replacing a previous copy) and configures it. */
    static KarafInstance copyOf(Path distribution, Path workDir, String name) throws IOException {
        if (!Files.isRegularFile(distribution.resolve("bin/karaf"))) {
            throw new IllegalStateException("no Karaf distribution at " + distribution + " (build karaf-dist first)");
        }
        Path home = workDir.resolve(name).toAbsolutePath();
        stopLeftover(home);
        deleteTree(home);
        copyTree(distribution, home);

        int openflowPort = freePort();
        int sshPort = freePort();
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        KarafInstance karaf = new KarafInstance(home, openflowPort, sshPort, password);
        karaf.setProperty(CONTROLLER_CONFIG, "openflow.port", String.valueOf(openflowPort));
        karaf.setProperty(CONTROLLER_CONFIG, "ovsdb.port", String.valueOf(karaf.ovsdbPort));
        karaf.setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
        karaf.setProperty("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(karaf.httpPort));
        karaf.setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(freePort()));
        karaf.setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(freePort()));
        Files.writeString(home.resolve("etc/users.properties"),
                "\n" + SHELL_USER + " = " + password + ",_g_:admingroup\n"
                        + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n",
                StandardOpenOption.APPEND);
        return karaf;
    }

    Path home() {
        return home;
    }

    /** The southbound PKI whose CA and controller credentials this distribution uses; hosts get theirs from it. */
    LabPki pki() {
        return pki;
    }

    /** The OVSDB manager's port: a free one, never 6640, so tests do not meet a controller of the machine. */
    int ovsdbPort() {
        return ovsdbPort;
    }

    /** Karaf's HTTP service (the REST API), on a free port of 127.0.0.1. */
    int httpPort() {
        return httpPort;
    }

    /** Karaf's SSH server (the shell), on a free port of 127.0.0.1. */
    int sshPort() {
        return sshPort;
    }

    /** The password of the shell user this test copy adds (a random one). */
    String shellPassword() {
        return shellPassword;
    }

    int openflowPort() {
        return openflowPort;
    }

    Path log() {
        return home.resolve("data/log/karaf.log");
    }

    /** The pid of Karaf's JVM, from the pid file Karaf writes once it runs. */
    long jvmPid() throws IOException {
        return Long.parseLong(Files.readString(home.resolve("karaf.pid")).trim());
    }

    /**
     * Starts {@code bin/karaf server} in the background, with extra JVM options passed the way an operator
     * would (EXTRA_JAVA_OPTS); output goes to {@code karaf.out} in the copy.
     */
    void start(String... extraJavaOptions) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf.out").toFile());
        builder.environment().put("JAVA_HOME", JavaForKaraf.home().toString());
        builder.environment().put("EXTRA_JAVA_OPTS", String.join(" ", extraJavaOptions));
        startedAt = Instant.now();
        launcher = builder.start();
        if (!hookAdded) {
            Runtime.getRuntime().addShutdownHook(killOnJvmExit);
            hookAdded = true;
        }
    }

    /** Stops Karaf as an operator would (SIGTERM: bundles stop cleanly), keeping the copy for a restart. */
    void stop() {
        kill();
    }

    /** kill -9 of Karaf's JVM, as a crash would: no shutdown hook, no bundle stops. */
    void killHard() throws Exception {
        List<ProcessHandle> tree = new ArrayList<>(launcher.descendants().toList());
        tree.add(launcher.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : tree) {
            process.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    /** Time from {@link #start()} until {@code port} on loopback accepts a connection. */
    Duration awaitPort(int port, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("Karaf exited with " + launcher.exitValue() + "; see " + home.resolve("karaf.out"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return Duration.between(startedAt, Instant.now());
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("port " + port + " not accepting after " + timeout + "; see " + log());
    }

    Duration awaitOpenflowPort(Duration timeout) throws InterruptedException {
        return awaitPort(openflowPort, timeout);
    }

    /** Runs shell commands through {@code bin/client} in batch mode and returns what they printed. */
    String shell(String... commands) throws IOException, InterruptedException {
        return shell(false, commands);
    }

    /** As {@link #shell(String...)}, for a command expected to fail: its error message is in the output. */
    String shellFailing(String... commands) throws IOException, InterruptedException {
        return shell(true, commands);
    }

    private String shell(boolean mayFail, String... commands) throws IOException, InterruptedException {
        return client(SHELL_USER, shellPassword, mayFail, commands);
    }

    /** Whether {@code bin/client} gets a shell as this user: false for a refused login. */
    boolean canLogIn(String user, String password) throws IOException, InterruptedException {
        try {
            return client(user, password, false, "shell:echo logged-in").contains("logged-in");
        } catch (IllegalStateException refused) {
            return false;
        }
    }

    private String client(String user, String password, boolean mayFail, String... commands)
            throws IOException, InterruptedException {
        awaitPort(sshPort, Duration.ofSeconds(60));
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(),
                "-h", "127.0.0.1", "-a", String.valueOf(sshPort), "-u", user, "-p", password, "-r", "1", "-b")
                .directory(home.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", JavaForKaraf.home().toString());
        Process client = builder.start();
        client.getOutputStream().write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new IllegalStateException("bin/client did not finish: " + output);
        }
        if (client.exitValue() != 0 && !mayFail) {
            throw new IllegalStateException("bin/client exited with " + client.exitValue() + ": " + output);
        }
        return output;
    }

    /** Waits until a line of data/log/karaf.log contains {@code text}; returns that line. */
    String awaitLogLine(String text, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<String> line = logLines().stream().filter(l -> l.contains(text)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no line containing \"" + text + "\" in " + log() + " after " + timeout);
            }
            Thread.sleep(200);
        }
    }

    List<String> logLines() throws IOException {
        return Files.exists(log()) ? Files.readAllLines(log(), StandardCharsets.UTF_8) : List.of();
    }

    /** Stops Karaf (SIGTERM lets its shutdown hook stop the bundles), forcibly after a timeout. */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnJvmExit);
        } catch (IllegalStateException | IllegalArgumentException jvmExitingOrNeverStarted) {
            // nothing to remove
        }
    }

    private void kill() {
        if (launcher != null) {
            List<ProcessHandle> tree = new ArrayList<>(launcher.descendants().toList());
            tree.add(launcher.toHandle());
            stop(tree);
        }
    }

    private static void stop(List<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception stillRunning) {
                process.destroyForcibly();
            }
        }
    }

    /** A killed test run leaves its Karaf running: Karaf's own pid file in the copy names it. */
    private static void stopLeftover(Path home) throws IOException {
        Path pidFile = home.resolve("karaf.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        String pid = Files.readString(pidFile).trim();
        if (pid.isEmpty()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid))
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(home.toString())).orElse(false))
                .ifPresent(p -> stop(List.of(p)));
    }

    /**
     * Sets {@code key = value} in an etc/ file of the copy: before {@link #start}, or while Karaf runs, as an
     * operator edits a file (Karaf watches etc/ and hands the change to the component).
     */
    void configure(String file, String key, String value) throws IOException {
        setProperty(file, key, value);
    }

    /**
     * As {@link #configure}, adding the key at the end of the file when the shipped file lacks it; before
     * {@link #start}.
     */
    void configureAdding(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        if (Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                .noneMatch(line -> line.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*[=:].*"))) {
            Files.writeString(path, key + " = " + value + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        setProperty(file, key, value);
    }

    private void setProperty(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8));
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*[=:].*")) {
                lines.set(i, key + " = " + value);
                replaced = true;
            }
        }
        if (!replaced) {
            throw new IllegalStateException(file + " has no " + key);
        }
        // Replaced whole, never truncated in place: a running Karaf reading a half-written file would take the
        // missing keys at their defaults (the machine's real ports 6653/6640).
        Path next = path.resolveSibling("." + path.getFileName() + ".next");
        Files.write(next, lines, StandardCharsets.UTF_8);
        Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
