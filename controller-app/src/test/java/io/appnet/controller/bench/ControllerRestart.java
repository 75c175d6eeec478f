package io.appnet.controller.bench;

import io.appnet.compiler.model.HostId;
import io.appnet.controller.Controller;
import io.appnet.controller.e2e.ControllerLab;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.controller.topology.HostStatus;
import io.appnet.ovs.harness.LabHost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One controller restart and what it waited for, each milestone first seen by polling every millisecond and
 * given in ms from the call that starts the controller: the start itself (store open and load, compile of the
 * restored model, listeners bound), the host and then every host of the lab joined (the topology service has
 * handled its first OVSDB snapshot; it handles them one after another, and a host's reconcile is held until it
 * has reported, and until the hosts every host awaits have), the settle gate's opening (the awaited hosts have
 * reported; at once when none is awaited), the host's OpenFlow session, its switch in sync, and every host's. A milestone
 * reached while the start was still running shows as the start's own time. When the OVSDB sessions themselves
 * came up is in the hosts' logs ({@link ControllerReconnectLog}).
 *
 * @param stoppedAt when the old controller had closed its sessions (for reading the hosts' logs)
 * @param ovsdbUpMillis when the last host's OVSDB manager session was up again, from the hosts' own logs (ms from
 *     {@code stoppedAt}, which is the start's call within a millisecond; log times have millisecond resolution)
 * @param reconcile the new controller's summary of the host's reconcile, e.g. {@code +0 -0 ~0 flows, 0 foreign}
 * @param reconcileMillis the time the reconcile itself took as the controller measured it (read, diff, bundle)
 * @param everyInSyncMillis when every host of the lab was in sync (the "every host in sync")
 * @param checkedMillis when the host's flows had been read and found (or made) equal to the desired ones: its
 *     reconcile, or, when it was found in sync by its sync marker, the audit that follows
 * @param audit the summary of that audit, or empty when the host was reconciled in full
 */
record ControllerRestart(Instant stoppedAt, double startMillis, double ovsdbUpMillis, double hostJoinedMillis,
                         double allJoinedMillis, double releasedMillis, double openflowMillis, double inSyncMillis,
                         double everyInSyncMillis, String reconcile, double reconcileMillis, double checkedMillis,
                         String audit) {
    private static final Pattern RECONCILE = Pattern.compile("^(.*), (\\d+) ms at ");

    /** Stops the lab's controller, starts it again on the same store and follows {@code hostName} to in sync. */
    static ControllerRestart of(ControllerLab lab, String hostName, Duration within) throws InterruptedException {
        HostId host = HostId.of(hostName);
        long datapath = lab.controller().topology().host(hostName).flatMap(HostStatus::datapathId).orElseThrow();
        List<String> hosts = lab.lab().hosts().stream().map(LabHost::name).toList();
        lab.stopController();
        Instant stoppedAt = Instant.now();
        long started = System.nanoTime();
        lab.startController();
        Controller controller = lab.controller();
        double start = millisSince(started);
        double hostJoined = Double.NaN;
        double allJoined = Double.NaN;
        double released = Double.NaN;
        double openflow = Double.NaN;
        double inSync = Double.NaN;
        long deadline = started + within.toNanos();
        while (true) {
            double now = millisSince(started);
            if (Double.isNaN(hostJoined) && joined(controller, hostName)) {
                hostJoined = now;
            }
            if (Double.isNaN(allJoined) && hosts.stream().allMatch(name -> joined(controller, name))) {
                allJoined = now;
            }
            if (Double.isNaN(released) && !controller.settle().isHolding()) {
                released = now;
            }
            if (Double.isNaN(openflow) && controller.switches().connection(datapath).isPresent()) {
                openflow = now;
            }
            if (Double.isNaN(inSync) && lab.inSync(hostName)) {
                inSync = now;
            }
            if (!Double.isNaN(inSync) && hosts.stream().allMatch(lab::inSync)) {
                String summary = controller.programmer().sync(host).map(SwitchSync::lastReconcile).orElseThrow();
                Matcher reconcile = RECONCILE.matcher(summary);
                if (!reconcile.find()) {
                    throw new IllegalStateException("unexpected reconcile summary: " + summary);
                }
                double everyInSync = now;
                String audit = "";
                double checked = inSync;
                SwitchSync sync = controller.programmer().sync(host).orElseThrow();
                if (sync.rejoinsByMarker() > 0) { // its audit may have finished already: then "checked" is late
                    while (sync.lastReconcile().startsWith(SwitchSync.IN_SYNC_BY_MARKER)) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("no audit after the sync marker: " + sync.lastReconcile());
                        }
                        Thread.sleep(1);
                    }
                    checked = millisSince(started);
                    audit = sync.lastReconcile().replaceFirst(" at .*", "");
                }
                double ovsdbUp = ControllerReconnectLog.lastOvsdbConnected(lab.lab().hosts(), stoppedAt);
                return new ControllerRestart(stoppedAt, start, ovsdbUp, hostJoined, allJoined, released, openflow,
                        inSync, everyInSync, reconcile.group(1), Double.parseDouble(reconcile.group(2)), checked,
                        audit);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("host " + hostName + " not in sync within " + within + " of the start: "
                        + controller.topology().hosts() + ", reconciles held "
                        + controller.settle().isHolding());
            }
            Thread.sleep(1);
        }
    }

    /** The topology service has handled the host's snapshot in this run and its session is up. */
    private static boolean joined(Controller controller, String hostName) {
        return controller.topology().host(hostName).map(HostStatus::connected).orElse(false);
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

    String describe() {
        return String.format("start %.0f | OVSDB up on every host %.0f | joined: the host %.0f, all hosts %.0f |"
                        + " gate open %.0f | OpenFlow %.0f | in sync %.0f, every host %.0f ms (reconcile %s, %.0f ms)"
                        + " | flows checked %.0f ms%s",
                startMillis, ovsdbUpMillis, hostJoinedMillis, allJoinedMillis, releasedMillis, openflowMillis,
                inSyncMillis, everyInSyncMillis, reconcile, reconcileMillis, checkedMillis,
                audit.isEmpty() ? "" : " (the audit after the marker: " + audit + ")");
    }
}
