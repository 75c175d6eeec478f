#!/usr/bin/env bash
# The run command of the README: installs what is missing, builds and starts the controller (the Karaf
# distribution), then a demo topology of two simulated hosts in network namespaces, each with its own Open
# vSwitch that joins the controller by the host contract (OVSDB manager + OpenFlow, both over mutual TLS with a
# certificate per host from scripts/pki.sh in run/pki), and one container per host in the subnet the controller
# leased it; adds policies through the REST API and prints who reaches whom. Then the egress scenario (issue 9):
# an egress gateway g1 (a third host with an uplink), an "external" network behind it with a database on
# 198.51.100.10:5432 whose firewall accepts only the controller's NAT pool, a destination for it and an egress
# policy for one app (api) through the REST API; the matrix has the database as a column (and as a row: it
# reaches no app), and the demo prints the source address the database saw beside the controller's map.
# Needs root. If it fails, it removes what it made (and stops the controller if it started it).
#
#   scripts/demo.sh          start (idempotent; leaves the topology and controller running to explore)
#   scripts/demo.sh stop     remove the demo topology and stop the controller
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAB=demo
LABSH="$REPO/scripts/lab.sh"
# The external network: the NAT pool (outside the overlay, 10.255.0.0/16), the gateways' next hop on the pool's
# link, and the database's address (documentation ranges of RFC 5737).
NAT_POOL=203.0.113.100-203.0.113.107
NEXT_HOP=203.0.113.1/24
EXT_DB=198.51.100.10
API=http://127.0.0.1:8181

if [ "${1:-start}" = stop ]; then
    "$LABSH" down "$LAB" || true
    "$REPO/scripts/run-controller.sh" stop
    exit 0
fi
[ "${1:-start}" = start ] || { echo "usage: $0 [start|stop]" >&2; exit 2; }

"$REPO/scripts/install-deps.sh"
# The gateway SNATs to nat.pool; per-app mode gives each app with an egress policy its own pool address.
STARTED_CONTROLLER=false
WAS_RUNNING=false
"$REPO/scripts/run-controller.sh" status >/dev/null 2>&1 && WAS_RUNNING=true
CHANGED=$("$REPO/scripts/run-controller.sh" configure nat.pool=$NAT_POOL nat.mode=per-app)
if [ -n "$CHANGED" ]; then
    echo "controller configuration (run/karaf/etc/io.appnet.controller.cfg):"
    echo "$CHANGED" | sed 's/^/  /'
    # A running controller would restart by itself; stop it so that the start below waits for it.
    $WAS_RUNNING && "$REPO/scripts/run-controller.sh" stop && WAS_RUNNING=false
fi
$WAS_RUNNING || STARTED_CONTROLLER=true
# From here on, a failure (or Ctrl-C) removes the topology, and the controller if this run started it.
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ "$status" -ne 0 ]; then
        printf "\ndemo failed or interrupted (exit %s); removing what it made\n" "$status" >&2
        "$LABSH" down "$LAB" >/dev/null 2>&1 || true
        $STARTED_CONTROLLER && "$REPO/scripts/run-controller.sh" stop >&2
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
"$REPO/scripts/run-controller.sh" start
LOG="$REPO/run/karaf/data/log/karaf.log"
LOG_START=$(($(wc -l < "$LOG") + 1))
"$LABSH" down "$LAB" >/dev/null 2>&1 || true
"$LABSH" up "$LAB" 2 mgmt

# The controller leases each host its overlay subnet and writes it back (host contract, design section 3);
# containers take addresses in their host's lease.
lease() { "$LABSH" vsctl "$LAB" "$1" get open_vswitch . external_ids:appnet-subnet 2>/dev/null | tr -d '"'; }
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
    "$LABSH" attach "$LAB" "${HOST[$app]}" "$app" "app-$app" "${IP[$app]}/${net#*/}" "$(address "$net" 1)"
    "$LABSH" exec "$LAB" "${HOST[$app]}" "$app" -- python3 -c '
import socket, sys, threading
server = socket.socket(); server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("0.0.0.0", int(sys.argv[1]))); server.listen(16)
while True:
    connection, _ = server.accept(); connection.close()' "${PORT[$app]}" >/dev/null 2>&1 &
done
DB_IP=${IP[db]}

# The egress gateway g1: a third host, joined like the others, with an uplink (up0 on its br-int) to the external
# network, where the database listens (a TCP echo that records the peer address it sees) behind its firewall.
echo
"$LABSH" external "$LAB" up "$NEXT_HOP" "$EXT_DB"
"$LABSH" gateway "$LAB" g1 nat
"$LABSH" external "$LAB" accept-only "$NAT_POOL"
"$LABSH" external "$LAB" serve 5432
# shellcheck source=../ovs-lab/lab.env
PEERS="${LAB_ROOT:-$(source "$REPO/ovs-lab/lab.env"; echo "$DEFAULT_LAB_ROOT")}/$LAB/bg/serve-5432.log"
# The external side reaches the overlay only through the pool (as a router would); nothing opens that way.
OVERLAY=$(sed -n 's/^ *overlay\.cidr *= *//p' "$REPO/run/karaf/etc/io.appnet.controller.cfg" | tail -n 1)
"$LABSH" external "$LAB" exec -- ip route add "$OVERLAY" via "${NAT_POOL%-*}"
gateway_joined() { tail -n "+$LOG_START" "$LOG" | grep -q "gateway g1 joined"; }
for _ in $(seq 1 100); do gateway_joined && break; sleep 0.2; done
gateway_joined || { echo "gateway g1 did not join within 20 s; see $LOG" >&2; exit 1; }

echo
for host in h1 h2 g1; do
    for _ in $(seq 1 50); do
        [ "$("$LABSH" vsctl "$LAB" "$host" get controller br-int is_connected)" = true ] && break
        sleep 0.2
    done
    printf '  %s: subnet %s, br-int connected: %s (datapath %s), tunnel port %s, %s flows\n' "$host" "$(lease "$host")" \
        "$("$LABSH" vsctl "$LAB" "$host" get controller br-int is_connected)" \
        "$("$LABSH" vsctl "$LAB" "$host" get bridge br-int datapath_id | tr -d '"')" \
        "$("$LABSH" vsctl "$LAB" "$host" get interface appnet-vxlan type 2>/dev/null || echo none)" \
        "$("$LABSH" ofctl "$LAB" "$host" dump-aggregate br-int | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')"
done
echo
echo "controller log (hosts, switches, reconciles, gateways):"
tail -n "+$LOG_START" "$LOG" | grep -h -e "TopologyService" -e "SwitchRegistry" -e "reconciled" -e "GatewayLiveness" \
    | tail -n 10 | cut -d'|' -f4,6 | sed 's/^ *//; s/ *| */: /; s/^/  /'

# Policies through the Cloud Foundry-compatible REST API, with a token signed by the controller's own key.
echo
echo "adding policies through the REST API (POST /networking/v1/external/policies):"
for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$API/health")" = 200 ] && break
    sleep 0.2
done
TOKEN=$("$REPO/scripts/token.sh")
rest() {  # rest METHOD PATH [BODY]: the answer's body; exits on an HTTP error, printing it
    local answer code
    answer=$(curl -s --max-time 10 -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' "$API$2" ${3:+-d "$3"}) || { echo "$1 $2: no answer" >&2; exit 1; }
    code=${answer##*$'\n'}
    [[ $code == 2?? ]] || { echo "$1 $2: HTTP $code ${answer%$'\n'*}" >&2; exit 1; }
    echo "${answer%$'\n'*}"
}
json() { python3 -c "import json, os, sys; data = json.load(sys.stdin); print($1)"; }
policy() { printf '{"source":{"id":"app-%s"},"destination":{"id":"app-%s","protocol":"tcp","ports":{"start":%s,"end":%s}}}' "$1" "$2" "$3" "$3"; }
BODY="{\"policies\":[$(policy web api "${PORT[api]}"),$(policy api db "${PORT[db]}")]}"
ANSWER=$(rest POST /networking/v1/external/policies "$BODY")
printf '  app-web -> app-api tcp/%s, app-api -> app-db tcp/%s: %s\n' "${PORT[api]}" "${PORT[db]}" "$ANSWER"

# The external database: a destination (Cloud Foundry's dynamic egress API) and an egress policy for app-api only.
echo
echo "the external database through the REST API (POST /networking/v1/external/destinations, .../egress_policies):"
DEST_ID=$(rest GET "/networking/v1/external/destinations?name=ext-db" | json 'data["destinations"][0]["id"] if data["destinations"] else ""')
if [ -z "$DEST_ID" ]; then
    DEST_ID=$(rest POST /networking/v1/external/destinations "{\"destinations\":[{\"name\":\"ext-db\",
        \"description\":\"the database outside the platform\",\"rules\":[{\"protocol\":\"tcp\",
        \"ips\":[{\"start\":\"$EXT_DB\",\"end\":\"$EXT_DB\"}],\"ports\":[{\"start\":5432,\"end\":5432}]}]}]}" \
        | json 'data["destinations"][0]["id"]')
    echo "  destination ext-db (tcp $EXT_DB:5432): created, id $DEST_ID"
else
    echo "  destination ext-db (tcp $EXT_DB:5432): exists, id $DEST_ID"
fi
EGRESS_ID=$(rest GET /networking/v1/external/egress_policies | DEST=$DEST_ID json '" ".join(p["id"] for p in data["egress_policies"]
    if p["source"]["id"] == "app-api" and p["destination"]["id"] == os.environ["DEST"])')
if [ -z "$EGRESS_ID" ]; then
    EGRESS_ID=$(rest POST /networking/v1/external/egress_policies \
        "{\"egress_policies\":[{\"source\":{\"type\":\"app\",\"id\":\"app-api\"},\"destination\":{\"id\":\"$DEST_ID\"},\"app_lifecycle\":\"running\"}]}" \
        | json 'data["egress_policies"][0]["id"]')
    echo "  egress policy app-api -> ext-db: created, id $EGRESS_ID"
else
    echo "  egress policy app-api -> ext-db: exists, id $EGRESS_ID"
fi

# Who reaches whom, measured with real TCP connections: from each container (and from the external network) to
# each app's port and to the database.
IP[ext-db]=$EXT_DB; PORT[ext-db]=5432
reaches() {
    local probe='
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), 2).close()
except OSError:
    sys.exit(1)'
    if [ "$1" = ext-db ]; then
        "$LABSH" external "$LAB" exec -- python3 -c "$probe" "${IP[$2]}" "${PORT[$2]}" 2>/dev/null
    else
        "$LABSH" exec "$LAB" "${HOST[$1]}" "$1" -- python3 -c "$probe" "${IP[$2]}" "${PORT[$2]}" 2>/dev/null
    fi
}
echo
echo "connectivity matrix (row connects to column's port; measured; ext-db is $EXT_DB, outside, behind gateway g1):"
printf '  %-10s' "from\\to"; for to in web api db ext-db; do printf '%-14s' "$to:${PORT[$to]}"; done; echo
for from in web api db ext-db; do
    printf '  %-10s' "$from"
    for to in web api db ext-db; do
        if [ "$from" = "$to" ]; then printf '%-14s' "-"
        elif reaches "$from" "$to"; then printf '%-14s' "connects"
        else printf '%-14s' "blocked"; fi
    done
    echo
done

# What the database saw, beside the controller's map of per-app source addresses.
SEEN=$(sed -n 's/^peer \([0-9.]*\) .*/\1/p' "$PEERS" | sort -u | paste -sd ' ')
MAPPED=$(rest GET /appnet/v1/egress-addresses \
    | json '" ".join(a["address"] + " (gateway " + str(a["gateway"]) + ")" for a in data["addresses"] if a["app"] == "app-api")')
echo
printf '%-62s %s\n' "source address the database saw (${PEERS}):" "${SEEN:-none}" \
    "app-api's address outside (GET /appnet/v1/egress-addresses):" "${MAPPED:-none}"
if [ -n "$SEEN" ] && [ "$SEEN" = "${MAPPED%% *}" ]; then
    echo "  the same: the database's firewall (nftables, accepting only $NAT_POOL) lets app-api in by its pool address"
else
    echo "  they differ: see $LOG" >&2
    exit 1
fi
REFUSED=$("$LABSH" external "$LAB" exec -- nft list counter inet appnet_external refused | sed -n 's/.*packets \([0-9]*\).*/\1/p')
COUNTERS=$(rest GET /appnet/v1/counters | EGRESS_ID=$EGRESS_ID json '"%s %s %s" % (
    sum(p["packets"] for p in data["policies"] if p["kind"] == "egress" and str(p["id"]) == os.environ["EGRESS_ID"]),
    sum(d["packets"] for d in data["drops"] if d["reason"] == "no_policy"),
    sum(d["packets"] for d in data["drops"] if d["reason"] == "unsolicited"))')
read -r EGRESS_PACKETS NO_POLICY UNSOLICITED <<<"$COUNTERS"
echo
echo "counters (GET /appnet/v1/counters) and the database's firewall:"
echo "  egress policy $EGRESS_ID (app-api -> ext-db):                       $EGRESS_PACKETS packets"
echo "  dropped on the source host, no policy (app-web, app-db, ...):   $NO_POLICY packets"
echo "  dropped on the gateway, unsolicited from outside (ext-db row):  $UNSOLICITED packets"
echo "  refused by the database's firewall (not from the pool):         $REFUSED packets"
trap - EXIT
cat <<MSG

Try:
  scripts/run-controller.sh shell                           the Karaf shell (local admin, by its generated key),
                                                            then appnet:policy-list, appnet:host-list, appnet:flows h1,
                                                            appnet:trace app-web ${IP[api]} tcp ${PORT[api]}
  scripts/run-controller.sh shell appnet:app-list           one shell command
  scripts/run-controller.sh shell appnet:egress-addresses   each app's source address outside (nat.mode per-app)
  scripts/run-controller.sh shell appnet:trace app-web $EXT_DB tcp 5432   no egress policy: dropped on h1
  TOKEN=\$(scripts/token.sh)                                  a bearer token signed by the controller's key
  curl -H "Authorization: Bearer \$TOKEN" $API/networking/v1/external/policies
  curl -H "Authorization: Bearer \$TOKEN" $API/networking/v1/external/egress_policies
  scripts/lab.sh ofctl $LAB h1 dump-flows br-int                the flows the controller compiled for h1
  scripts/lab.sh ofctl $LAB g1 dump-flows br-int                the gateway's (policy re-check, SNAT to the pool)
  scripts/lab.sh exec $LAB h1 web -- ping -c1 -W1 $DB_IP    blocked: no icmp policy
  cat $PEERS                 every connection the database saw
  openssl x509 -in run/pki/h1-cert.pem -noout -subject       h1's certificate: CN = its host id
  tail -f run/karaf/data/log/karaf.log                      controller log
  scripts/demo.sh stop                                      remove the topology and stop the controller
MSG
