#!/usr/bin/env bash
# The run command of the README: installs what is missing, builds and starts the controller (the Karaf
# distribution), then a demo topology of two simulated hosts in network namespaces, each with its own Open
# vSwitch that joins the controller by the host contract (OVSDB manager + OpenFlow, both over mutual TLS with a
# certificate per host from scripts/pki.sh in run/pki), and one container per host in the subnet the controller
# leased it; adds policies through the REST API and prints who reaches whom.
# Needs root.
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
# Three apps: web on h1, api on h2, db on h1; each listens on its own port.
declare -A HOST=([web]=h1 [api]=h2 [db]=h1) IP PORT=([web]=8000 [api]=8080 [db]=5432)
IP[web]=$(address "$H1_NET" 10); IP[api]=$(address "$H2_NET" 10); IP[db]=$(address "$H1_NET" 11)
for app in web api db; do
    net=$H1_NET; [ "${HOST[$app]}" = h2 ] && net=$H2_NET
    "$REPO/scripts/lab.sh" attach "$LAB" "${HOST[$app]}" "$app" "app-$app" "${IP[$app]}/${net#*/}" "$(address "$net" 1)"
    "$REPO/scripts/lab.sh" exec "$LAB" "${HOST[$app]}" "$app" -- python3 -c '
import socket, sys, threading
server = socket.socket(); server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("0.0.0.0", int(sys.argv[1]))); server.listen(16)
while True:
    connection, _ = server.accept(); connection.close()' "${PORT[$app]}" >/dev/null 2>&1 &
done
DB_IP=${IP[db]}

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

# Policies through the Cloud Foundry-compatible REST API, with a token signed by the controller's own key.
echo
echo "adding policies through the REST API (POST /networking/v1/external/policies):"
for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8181/health)" = 200 ] && break
    sleep 0.2
done
TOKEN=$("$REPO/scripts/token.sh")
policy() { printf '{"source":{"id":"app-%s"},"destination":{"id":"app-%s","protocol":"tcp","ports":{"start":%s,"end":%s}}}' "$1" "$2" "$3" "$3"; }
BODY="{\"policies\":[$(policy web api "${PORT[api]}"),$(policy api db "${PORT[db]}")]}"
printf '  app-web -> app-api tcp/%s, app-api -> app-db tcp/%s: ' "${PORT[api]}" "${PORT[db]}"
curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    http://127.0.0.1:8181/networking/v1/external/policies -d "$BODY"
echo

# Who reaches whom, measured with real TCP connections from each container to each other app's port.
reaches() {
    "$REPO/scripts/lab.sh" exec "$LAB" "${HOST[$1]}" "$1" -- python3 -c '
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), 3).close()
except OSError:
    sys.exit(1)' "${IP[$2]}" "${PORT[$2]}" 2>/dev/null
}
echo
echo "connectivity matrix (row connects to column's port; measured):"
printf '  %-10s' "from\\to"; for to in web api db; do printf '%-14s' "$to:${PORT[$to]}"; done; echo
for from in web api db; do
    printf '  %-10s' "$from"
    for to in web api db; do
        if [ "$from" = "$to" ]; then printf '%-14s' "-"
        elif reaches "$from" "$to"; then printf '%-14s' "connects"
        else printf '%-14s' "blocked"; fi
    done
    echo
done
cat <<MSG

Try:
  scripts/run-controller.sh shell                           the Karaf shell (local admin, by its generated key),
                                                            then appnet:policy-list, appnet:host-list, appnet:flows h1,
                                                            appnet:trace app-web ${IP[api]} tcp ${PORT[api]}
  scripts/run-controller.sh shell appnet:app-list           one shell command
  TOKEN=\$(scripts/token.sh)                                  a bearer token signed by the controller's key
  curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:8181/networking/v1/external/policies
  scripts/lab.sh ofctl $LAB h1 dump-flows br-int                the flows the controller compiled for h1
  scripts/lab.sh exec $LAB h1 web -- ping -c1 -W1 $DB_IP    blocked: no icmp policy
  openssl x509 -in run/pki/h1-cert.pem -noout -subject       h1's certificate: CN = its host id
  tail -f run/karaf/data/log/karaf.log                      controller log
  scripts/demo.sh stop                                      remove the topology and stop the controller
MSG
