package io.appnet.controller.e2e;

import io.appnet.ovs.harness.LabHost;

/**
 * A lab host's br-int made a stand-in hardware firewall (issue 10): OpenFlow 1.3 only, a fixed datapath ID (the
 * lab's bridges are secure fail mode already) and, where a test needs a budget, its two tables limited by OVSDB
 * {@code Flow_Table} rows ({@code fw-classify}, {@code fw-policy}) that refuse flows beyond {@code flow_limit}.
 */
public final class FirewallStandIn {
    private FirewallStandIn() {
    }

    /** OpenFlow 1.3 only, datapath ID {@code datapath}. */
    public static void restrict(LabHost host, long datapath) {
        host.vsctl("set", "bridge", "br-int", "protocols=OpenFlow13",
                "other-config:datapath-id=" + String.format("%016x", datapath));
    }

    /** Tables 0 and 1 hold at most {@code flowLimit} flows each; more are refused. */
    public static void limitTables(LabHost host, long flowLimit) {
        host.vsctl("--", "--id=@t0", "create", "Flow_Table", "name=fw-classify", "flow_limit=" + flowLimit,
                "overflow_policy=refuse", "--", "--id=@t1", "create", "Flow_Table", "name=fw-policy",
                "flow_limit=" + flowLimit, "overflow_policy=refuse", "--", "set", "bridge", "br-int",
                "flow_tables:0=@t0", "flow_tables:1=@t1");
    }
}
