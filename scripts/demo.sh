#!/usr/bin/env bash
# The run command of the README: installs what is missing, builds and starts the controller (the Karaf
# distribution), then a demo topology of two simulated hosts in network namespaces, each with its own Open
# vSwitch that joins the controller by the host contract (OVSDB manager + OpenFlow), and one container per
# host in the subnet the controller leased it. Needs root.
#
#   scripts/demo.sh          start (idempotent)
#   scripts/demo.sh stop     remove the demo topology and stop the controller
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAB=demo

if [ "${1:-start}" = stop ]; then
    "$REPO/scripts/lab.sh" down "$LAB" || true
    "$REPO/scripts/run-controller.sh" stop
    exit 0
fi

"$REPO/scripts/install-deps.sh"
"$REPO/scripts/run-controller.sh" start
"$REPO/scripts/lab.sh" down "$LAB" >/dev/null 2>&1 || true
"$REPO/scripts/lab.sh" up "$LAB" 2 mgmt

# The controller leases each host its overlay subnet and writes it back (host contract, design section 3);
# containers take addresses in their host's lease.
lease() { "$REPO/scripts/lab.sh" vsctl "$LAB" "$1" get open_vswitch . external_ids:appnet-subnet 2>/dev/null | tr -d '"'; }
echo
echo "waiting for the controller to lease each host its subnet..."
for host in h1 h2; do
    for _ in $(seq 1 100); do
        [ -n "$(lease "$host")" ] && break
        sleep 0.2
    done
    [ -n "$(lease "$host")" ] || { echo "host $host got no lease; see run/karaf/data/log/karaf.log" >&2; exit 1; }
done
address() { local net=${1%/*}; echo "${net%.*}.$2"; }
H1_NET=$(lease h1)
H2_NET=$(lease h2)
"$REPO/scripts/lab.sh" attach "$LAB" h1 web app-web "$(address "$H1_NET" 10)/${H1_NET#*/}" "$(address "$H1_NET" 1)"
"$REPO/scripts/lab.sh" attach "$LAB" h2 db app-db "$(address "$H2_NET" 10)/${H2_NET#*/}" "$(address "$H2_NET" 1)"
DB_IP=$(address "$H2_NET" 10)

echo
for host in h1 h2; do
    for _ in $(seq 1 50); do
        [ "$("$REPO/scripts/lab.sh" vsctl "$LAB" "$host" get controller br-int is_connected)" = true ] && break
        sleep 0.2
    done
    printf '  %s: subnet %s, br-int connected: %s (datapath %s), tunnel port %s, %s flows\n' "$host" "$(lease "$host")" \
        "$("$REPO/scripts/lab.sh" vsctl "$LAB" "$host" get controller br-int is_connected)" \
        "$("$REPO/scripts/lab.sh" vsctl "$LAB" "$host" get bridge br-int datapath_id | tr -d '"')" \
        "$("$REPO/scripts/lab.sh" vsctl "$LAB" "$host" get interface appnet-vxlan type 2>/dev/null || echo none)" \
        "$("$REPO/scripts/lab.sh" ofctl "$LAB" "$host" dump-aggregate br-int | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')"
done
echo
echo "controller log (hosts, switches, reconciles):"
grep -h -e "TopologyService" -e "SwitchRegistry" -e "reconciled" "$REPO/run/karaf/data/log/karaf.log" | tail -n 8 \
    | sed 's/^/  /'
cat <<MSG

Try:
  scripts/lab.sh status                                     the demo topology
  scripts/lab.sh ofctl $LAB h1 dump-flows br-int                the flows the controller compiled for h1
  scripts/lab.sh exec $LAB h1 web -- ping -c1 -W1 $DB_IP    blocked: default deny, no policy yet
  tail -f run/karaf/data/log/karaf.log                      controller log
  scripts/demo.sh stop                                      remove the topology and stop the controller
MSG
