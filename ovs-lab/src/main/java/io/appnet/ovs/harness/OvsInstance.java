package io.appnet.ovs.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One host's private Open vSwitch: an ovsdb-server and an ovs-vswitchd running in the host's namespace,
 * with database, sockets, pid files and logs all in the host's run directory. Every client command names
 * that directory (environment and explicit --db / -t), so hosts never reach each other's or the system's OVS.
 */
final class OvsInstance {

    private static final String SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String namespace;
    private final Path dir;
    private final Map<String, String> environment;

    OvsInstance(String namespace, Path dir) {
        this.namespace = namespace;
        this.dir = dir;
        this.environment = Map.of(
                "OVS_RUNDIR", dir.toString(),
                "OVS_DBDIR", dir.toString(),
                "OVS_LOGDIR", dir.toString(),
                "OVS_SYSCONFDIR", dir.toString(),
                "OVS_PKGDATADIR", "/usr/share/openvswitch");
    }

    /** Creates the database and starts both daemons; returns once ovs-vswitchd is serving. */
    void start() {
        run(List.of("ovsdb-tool", "create", dir.resolve("conf.db").toString(), SCHEMA)).stdoutOrThrow();
        startOnExistingDatabase();
    }

    /** Both daemons on the database as it was left (after {@code killOvs}, as a rebooted host). */
    void startOnExistingDatabase() {
        startOvsdbServer();
        vsctl("--no-wait", "init");
        startVswitchd();
    }

    /** ovsdb-server on the database as it was left; an ovs-vswitchd still running reconnects to it by itself. */
    void startOvsdbServer() {
        inNamespace(List.of("ovsdb-server", dir.resolve("conf.db").toString(),
                "--remote=punix:" + dbSocket(),
                "--remote=db:Open_vSwitch,Open_vSwitch,manager_options",
                // as the distributions' ovs-ctl does: ssl: managers use what ovs-vsctl set-ssl stored
                "--private-key=db:Open_vSwitch,SSL,private_key",
                "--certificate=db:Open_vSwitch,SSL,certificate",
                "--ca-cert=db:Open_vSwitch,SSL,ca_cert",
                "--pidfile=" + pidFile("ovsdb-server"),
                "--unixctl=" + dir.resolve("ovsdb-server.ctl"),
                "--log-file=" + dir.resolve("ovsdb-server.log"),
                "-vconsole:off", "--detach"));
    }

    void startVswitchd() {
        inNamespace(List.of("ovs-vswitchd", "unix:" + dbSocket(),
                "--pidfile=" + pidFile("ovs-vswitchd"),
                "--unixctl=" + vswitchdControl(),
                "--log-file=" + dir.resolve("ovs-vswitchd.log"),
                "-vconsole:off", "--detach"));
    }

    /** SIGKILL to ovs-vswitchd, as a crash would; the database and ovsdb-server stay. */
    void killVswitchd() {
        ProcessTable.killAndWait(List.of(vswitchdPid()));
    }

    /** SIGKILL to ovsdb-server, as a crash would; ovs-vswitchd and the database file stay. */
    void killOvsdbServer() {
        ProcessTable.killAndWait(List.of(ovsdbServerPid()));
    }

    long vswitchdPid() {
        return readPid("ovs-vswitchd");
    }

    long ovsdbServerPid() {
        return readPid("ovsdb-server");
    }

    String vsctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + dbSocket(), "--timeout=20"));
        command.addAll(List.of(args));
        return run(command).stdoutOrThrow();
    }

    String ofctl(String... args) {
        return ofctlWithInput(null, args);
    }

    /** ovs-ofctl -O OpenFlow13; a bridge name resolves to its management socket in this host's run dir. */
    String ofctlWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow13"));
        command.addAll(List.of(args));
        return Commands.run(command, environment, stdin, COMMAND_TIMEOUT).stdoutOrThrow();
    }

    String appctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-appctl", "-t", vswitchdControl().toString()));
        command.addAll(List.of(args));
        return run(command).stdoutOrThrow();
    }

    Path dbSocket() {
        return dir.resolve("db.sock");
    }

    private Path vswitchdControl() {
        return dir.resolve("ovs-vswitchd.ctl");
    }

    private Path pidFile(String daemon) {
        return dir.resolve(daemon + ".pid");
    }

    private long readPid(String daemon) {
        try {
            return Long.parseLong(Files.readString(pidFile(daemon)).strip());
        } catch (IOException | NumberFormatException e) {
            throw new CommandFailedException("no pid for " + daemon + " in " + pidFile(daemon) + ": " + e.getMessage());
        }
    }

    private void inNamespace(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        run(full).stdoutOrThrow();
    }

    private CommandResult run(List<String> command) {
        return Commands.run(command, environment, null, COMMAND_TIMEOUT);
    }
}
