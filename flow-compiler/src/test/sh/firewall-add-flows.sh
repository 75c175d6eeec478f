#!/bin/bash
# Usage: flock /tmp/appnet-heavy.lock flow-compiler/src/test/sh/firewall-add-flows.sh FILE.flows...  (as root)
# Adds each exported firewall rule file (FirewallExportOvsTest writes them to flow-compiler/target/firewall-export/)
# with `ovs-ofctl -O OpenFlow13 add-flows` to a real bridge (own ovsdb-server + ovs-vswitchd in netns fw-add,
# userspace datapath, protocols=OpenFlow13, secure fail mode) and prints SAME if `dump-flows --no-stats` shows
# exactly the file's lines, else DIFF and the difference. Cleans up the namespace and daemons on exit.
set -e
if [ "$1" = "--help" ] || [ $# -eq 0 ]; then sed -n 2,6p "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
D=/tmp/fw-ovs/run2
rm -rf $D; mkdir -p $D
export OVS_RUNDIR=$D OVS_LOGDIR=$D OVS_DBDIR=$D OVS_SYSCONFDIR=$D
ip netns add fw-add
cleanup() {
  ip netns exec fw-add bash -c "kill \$(cat $D/ovs-vswitchd.pid) \$(cat $D/ovsdb-server.pid)" 2>/dev/null || true
  sleep 1; ip netns del fw-add || true
}
trap cleanup EXIT
ovsdb-tool create $D/conf.db /usr/share/openvswitch/vswitch.ovsschema
ip netns exec fw-add ovsdb-server $D/conf.db --remote=punix:$D/db.sock --pidfile=$D/ovsdb-server.pid --detach --log-file=$D/ovsdb.log
ip netns exec fw-add ovs-vsctl --db=unix:$D/db.sock --no-wait init
ip netns exec fw-add ovs-vswitchd unix:$D/db.sock --pidfile=$D/ovs-vswitchd.pid --detach --log-file=$D/vswitchd.log
V="ip netns exec fw-add ovs-vsctl --db=unix:$D/db.sock --timeout=10"
$V add-br fwbr -- set bridge fwbr datapath_type=netdev protocols=OpenFlow13 fail_mode=secure
for p in 1 2 11 12 13 14; do $V add-port fwbr fwp$p -- set interface fwp$p type=internal ofport_request=$p; done
S=unix:$D/fwbr.mgmt
for f in "$@"; do
  ip netns exec fw-add ovs-ofctl -O OpenFlow13 del-flows $S
  ip netns exec fw-add ovs-ofctl -O OpenFlow13 add-flows $S $f
  ip netns exec fw-add ovs-ofctl -O OpenFlow13 dump-flows --no-stats $S | sed 's/^ *//' | sort > $D/dump.txt
  sort $f > $D/want.txt
  if diff -q $D/want.txt $D/dump.txt >/dev/null; then echo "SAME $(wc -l < $f) $f"; else echo "DIFF $f"; diff $D/want.txt $D/dump.txt | head -5; fi
done
