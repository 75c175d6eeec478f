#!/bin/bash
# Usage: flock /tmp/appnet-heavy.lock flow-compiler/src/test/sh/firewall-traffic.sh FILE.flows  (as root)
# Real TCP and ping through a stand-in firewall holding exported rules: FirewallCompilerTest writes
# target/firewall-export/scenario-instance-ip-2.flows (FirewallScenario, instance-ip, two tables, guarding db).
# Own ovsdb-server + ovs-vswitchd in netns fw-t-sw (userspace datapath, protocols=OpenFlow13, secure fail mode,
# no controller); the client namespace fw-t-cli holds web 10.255.1.2, api 10.255.1.3, batch 10.255.2.4 behind
# port 2 (platform side), the server namespace fw-t-srv holds db 10.255.2.3 behind port 1 (protected side).
# Prints one PASS/FAIL line per check and exits 1 if any check fails. Cleans up on exit.
set -e
if [ "$1" = "--help" ] || [ $# -ne 1 ]; then sed -n 2,8p "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
FLOWS=$(readlink -f "$1")
D=/tmp/fw-traffic.$$
mkdir -p $D
export OVS_RUNDIR=$D OVS_LOGDIR=$D OVS_DBDIR=$D OVS_SYSCONFDIR=$D
cleanup() {
  ip netns exec fw-t-srv bash -c "kill \$(cat $D/server.pid)" 2>/dev/null || true
  ip netns exec fw-t-sw bash -c "kill \$(cat $D/ovs-vswitchd.pid) \$(cat $D/ovsdb-server.pid)" 2>/dev/null || true
  sleep 1
  for ns in fw-t-sw fw-t-cli fw-t-srv; do ip netns del $ns 2>/dev/null || true; done
  rm -rf $D
}
trap cleanup EXIT
for ns in fw-t-sw fw-t-cli fw-t-srv; do ip netns add $ns; ip netns exec $ns ip link set lo up; done
ip link add fwtc0 netns fw-t-cli type veth peer name fwtc1 netns fw-t-sw
ip link add fwts0 netns fw-t-srv type veth peer name fwts1 netns fw-t-sw
ip netns exec fw-t-cli bash -c "ip addr add 10.255.1.2/16 dev fwtc0; ip addr add 10.255.1.3/16 dev fwtc0;
  ip addr add 10.255.2.4/16 dev fwtc0; ip link set fwtc0 up; ethtool -K fwtc0 tx off >/dev/null"
ip netns exec fw-t-srv bash -c "ip addr add 10.255.2.3/16 dev fwts0; ip link set fwts0 up; ethtool -K fwts0 tx off >/dev/null"
ip netns exec fw-t-sw bash -c "ip link set fwtc1 up; ip link set fwts1 up"
CLI_MAC=$(ip netns exec fw-t-cli cat /sys/class/net/fwtc0/address)
SRV_MAC=$(ip netns exec fw-t-srv cat /sys/class/net/fwts0/address)
# The rules pass IP only (a firewall's business); neighbours are static.
ip netns exec fw-t-cli ip neigh add 10.255.2.3 lladdr $SRV_MAC dev fwtc0
for a in 10.255.1.2 10.255.1.3 10.255.2.4; do ip netns exec fw-t-srv ip neigh add $a lladdr $CLI_MAC dev fwts0; done

ovsdb-tool create $D/conf.db /usr/share/openvswitch/vswitch.ovsschema
ip netns exec fw-t-sw ovsdb-server $D/conf.db --remote=punix:$D/db.sock --pidfile=$D/ovsdb-server.pid --detach --log-file=$D/ovsdb.log
ip netns exec fw-t-sw ovs-vsctl --db=unix:$D/db.sock --no-wait init
ip netns exec fw-t-sw ovs-vswitchd unix:$D/db.sock --pidfile=$D/ovs-vswitchd.pid --detach --log-file=$D/vswitchd.log
V="ip netns exec fw-t-sw ovs-vsctl --db=unix:$D/db.sock --timeout=10"
$V add-br fwbr -- set bridge fwbr datapath_type=netdev protocols=OpenFlow13 fail_mode=secure
$V add-port fwbr fwts1 -- set interface fwts1 ofport_request=1
$V add-port fwbr fwtc1 -- set interface fwtc1 ofport_request=2
ip netns exec fw-t-sw ovs-ofctl -O OpenFlow13 add-flows unix:$D/fwbr.mgmt "$FLOWS"

cat > $D/server.py <<'PY'
import socket, threading
def serve(port):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("10.255.2.3", port)); s.listen(16)
    while True:
        c, _ = s.accept(); c.sendall(b"ok"); c.close()
for p in (5432, 5433, 8042):
    threading.Thread(target=serve, args=(p,), daemon=True).start()
threading.Event().wait()
PY
cat > $D/client.py <<'PY'
import socket, sys
src, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(); s.settimeout(2); s.bind((src, 0))
try:
    s.connect(("10.255.2.3", port)); print("connected" if s.recv(2) == b"ok" else "no-data")
except OSError as e:
    print("refused-or-timeout")
PY
ip netns exec fw-t-srv bash -c "python3 $D/server.py & echo \$! > $D/server.pid"
sleep 1
FAILED=0
check() { # name, source, port, expected (connected|refused-or-timeout)
  got=$(ip netns exec fw-t-cli timeout 10 python3 $D/client.py $2 $3)
  if [ "$got" = "$4" ]; then echo "PASS $1: $got"; else echo "FAIL $1: expected $4, got $got"; FAILED=1; fi
}
check "web -> db:5432 (policy 1)" 10.255.1.2 5432 connected
check "web -> db:5433 (no policy)" 10.255.1.2 5433 refused-or-timeout
check "api -> db:8042 (policy 2, 8000-8099)" 10.255.1.3 8042 connected
check "api -> db:5432 (not api's port)" 10.255.1.3 5432 refused-or-timeout
check "batch -> db:5432 (no policy)" 10.255.2.4 5432 refused-or-timeout
ping_check() { # name, source, expected 0|1
  if ip netns exec fw-t-cli ping -c 1 -W 2 -I $2 10.255.2.3 >/dev/null 2>&1; then got=0; else got=1; fi
  if [ "$got" = "$3" ]; then echo "PASS $1"; else echo "FAIL $1"; FAILED=1; fi
}
ping_check "web pings db (policy 3, icmp)" 10.255.1.2 0
ping_check "api cannot ping db" 10.255.1.3 1
echo "flows on the stand-in (n_packets>0 are the ones used):"
ip netns exec fw-t-sw ovs-ofctl -O OpenFlow13 dump-flows unix:$D/fwbr.mgmt | grep -v "n_packets=0," | sed 's/duration=[^,]*, //'
exit $FAILED
