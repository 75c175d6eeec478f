package io.appnet.ovs.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Labs leave nothing behind: on close, after a run that never closed them, and when a step fails. */
@Tag("ovs")
class LabLifecycleTest {

    private static final Path RUN_ROOT = LabSpec.DEFAULT_RUN_ROOT;

    @Test
    void closeRemovesEveryNamespaceLinkProcessAndFile() {
        List<Long> pids = new ArrayList<>();
        Path runDir;
        try (Lab lab = Lab.start(LabSpec.of("tlc1", 2))) {
            runDir = lab.runDir();
            LabContainer a = lab.host("h1").addContainer(ContainerSpec.of("a", "app-a", "10.255.1.10/24", "10.255.1.1"));
            pids.add(a.startTcpEcho(7000).pid());
            pids.add(lab.host("h2").captureUnderlay("").pid());
            for (LabHost host : lab.hosts()) {
                pids.add(host.vswitchdPid());
                pids.add(host.ovsdbServerPid());
            }
            assertThat(systemNamespaces("an-tlc1-")).contains("an-tlc1-h1", "an-tlc1-h2", "an-tlc1-ul", "an-tlc1-h1-a");
            assertThat(systemLinks("an-tlc1-")).contains("an-tlc1-mg", "an-tlc1-m1", "an-tlc1-m2");
            assertThat(pids).allMatch(ProcessTable::isRunning);
        }
        assertThat(systemNamespaces("an-tlc1-")).isEmpty();
        assertThat(systemLinks("an-tlc1-")).isEmpty();
        assertThat(pids).noneMatch(ProcessTable::isRunning);
        assertThat(runDir).doesNotExist();
        assertThat(reservationsOf("tlc1")).isEmpty();
        assertThat(LabResources.find("tlc1").isEmpty()).isTrue();
    }

    @Test
    void leftoversOfALabThatWasNeverClosedAreRemovedWhenItsIdStartsAgain() {
        Lab leaked = Lab.start(LabSpec.of("tlc2", 1));
        LabContainer a = leaked.host("h1").addContainer(ContainerSpec.of("a", "app-a", "10.255.1.10/24", "10.255.1.1"));
        List<Long> leakedPids = List.of(leaked.host("h1").vswitchdPid(), leaked.host("h1").ovsdbServerPid(),
                a.startUdpEcho(7001).pid());

        try (Lab fresh = Lab.start(LabSpec.of("tlc2", 1))) {
            assertThat(leakedPids).noneMatch(ProcessTable::isRunning);
            assertThat(systemNamespaces("an-tlc2-")).containsExactly("an-tlc2-h1", "an-tlc2-ul");
            assertThat(fresh.host("h1").vsctl("list-ports", "br-int")).isEmpty();
            leaked.close();
            assertThat(fresh.host("h1").vsctl("show")).as("closing the stale object leaves the new lab alone")
                    .contains("Bridge br-int");
        }
        assertThat(LabResources.find("tlc2").isEmpty()).isTrue();
    }

    @Test
    void aLabWhoseProcessIsGoneIsSweptWhenAnyLabStarts() throws Exception {
        Lab orphan = Lab.start(LabSpec.of("tlc3", 1));
        long vswitchd = orphan.host("h1").vswitchdPid();
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Files.writeString(orphan.runDir().resolve("owner"), finished.pid() + " 0\n");

        try (Lab other = Lab.start(LabSpec.of("tlc4", 1))) {
            assertThat(LabResources.find("tlc3").isEmpty()).isTrue();
            assertThat(ProcessTable.isRunning(vswitchd)).isFalse();
            assertThat(orphan.runDir()).doesNotExist();
        }
        orphan.close();
    }

    @Test
    void aLabHeldByAnotherRunningProcessIsRefusedAndLeftAsItIs() throws Exception {
        Path labDir = RUN_ROOT.resolve("tlc5");
        Files.createDirectories(labDir);
        Process holder = new ProcessBuilder("sleep", "60").start();
        try {
            long started = holder.info().startInstant().orElseThrow().toEpochMilli();
            Files.writeString(labDir.resolve("owner"), holder.pid() + " " + started + "\n");
            assertThatThrownBy(() -> Lab.start(LabSpec.of("tlc5", 1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by pid " + holder.pid());
            assertThat(labDir.resolve("owner")).exists();
            assertThat(systemNamespaces("an-tlc5-")).isEmpty();
        } finally {
            holder.destroyForcibly().waitFor();
        }
        try (Lab lab = Lab.start(LabSpec.of("tlc5", 1))) {
            assertThat(lab.host("h1").vsctl("show")).contains("Bridge br-int");
        }
        assertThat(labDir).doesNotExist();
    }

    @Test
    void labsWithDistinctIdsRunAtOnceOnDistinctManagementSubnets() {
        try (Lab first = Lab.start(LabSpec.of("tlc6", 2)); Lab second = Lab.start(LabSpec.of("tlc7", 2))) {
            assertThat(first.controllerAddress()).isNotEqualTo(second.controllerAddress());
            for (Lab lab : List.of(first, second)) {
                CommandResult ping = lab.host("h1").exec("ping", "-c", "1", "-W", "2", lab.host("h2").underlayIp());
                assertThat(ping.succeeded()).as(lab + " underlay").isTrue();
                CommandResult toRoot = lab.host("h2").exec("ping", "-c", "1", "-W", "2", lab.controllerAddress());
                assertThat(toRoot.succeeded()).as(lab + " management link").isTrue();
            }
        }
        assertThat(LabResources.find("tlc6").isEmpty()).isTrue();
        assertThat(LabResources.find("tlc7").isEmpty()).isTrue();
    }

    @Test
    void aContainerThatCannotBeAttachedLeavesNothingAndBadInputChangesNothing() {
        try (Lab lab = Lab.start(LabSpec.of("tlc8", 1))) {
            LabHost host = lab.host("h1");
            LabContainer a = host.addContainer(ContainerSpec.of("a", "app-a", "10.255.1.10/24", "10.255.1.1"));
            int ofport = a.ofport();

            assertThatThrownBy(() -> host.addContainer(ContainerSpec.of("a", "app-x", "10.255.1.11/24", "10.255.1.1")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
            assertThat(a.ofport()).isEqualTo(ofport);
            assertThat(host.containers()).containsExactly(a);

            host.vsctl("del-br", "br-int");
            assertThatThrownBy(() -> host.addContainer(ContainerSpec.of("b", "app-b", "10.255.1.12/24", "10.255.1.1")))
                    .isInstanceOf(CommandFailedException.class).hasMessageContaining("br-int");
            assertThat(systemNamespaces("an-tlc8-h1-")).containsExactly("an-tlc8-h1-a");
            assertThat(host.exec("ip", "link", "show", "c-b").succeeded()).isFalse();
            assertThat(host.containers()).containsExactly(a);
        }
    }

    @Test
    void removingAContainerDeletesItsPortItsProcessesAndItsNamespace() {
        try (Lab lab = Lab.start(LabSpec.of("tlc9", 1))) {
            LabHost host = lab.host("h1");
            LabContainer a = host.addContainer(ContainerSpec.of("a", "app-a", "10.255.1.10/24", "10.255.1.1"));
            long listener = a.startTcpEcho(7002).pid();

            host.removeContainer("a");

            assertThat(host.vsctl("list-ports", "br-int").lines()).doesNotContain("c-a");
            assertThat(host.exec("ip", "link", "show", "c-a").succeeded()).isFalse();
            assertThat(systemNamespaces("an-tlc9-h1-a")).isEmpty();
            assertThat(ProcessTable.isRunning(listener)).isFalse();
            assertThatThrownBy(() -> host.container("a")).isInstanceOf(IllegalArgumentException.class);
            LabContainer again = host.addContainer(ContainerSpec.of("a", "app-a", "10.255.1.10/24", "10.255.1.1"));
            assertThat(again.ofport()).as("the name can be used again").isPositive();
            assertThat(host.vsctl("list-ports", "br-int").lines()).containsExactly("c-a");
        }
    }

    /** Independent of the harness's own lookup: what iproute2 lists. */
    private static List<String> systemNamespaces(String prefix) {
        return Commands.check(List.of("ip", "netns", "list")).lines()
                .map(line -> line.split(" ")[0])
                .filter(name -> name.startsWith(prefix))
                .sorted()
                .toList();
    }

    private static List<String> systemLinks(String prefix) {
        return Commands.check(List.of("ip", "-o", "link", "show")).lines()
                .map(line -> line.split(": ")[1].split("@")[0])
                .filter(name -> name.startsWith(prefix))
                .toList();
    }

    private static List<String> reservationsOf(String labId) {
        try (var files = Files.list(RUN_ROOT.resolve(".mgmt"))) {
            return files.filter(file -> {
                try {
                    return Files.readString(file).strip().equals(labId);
                } catch (IOException e) {
                    return false;
                }
            }).map(Path::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
