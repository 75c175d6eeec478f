#!/usr/bin/env bash
# The run command of the README: installs what is missing, builds and starts the controller (the Karaf
# distribution), then a demo topology of two simulated hosts in network namespaces, each with its own Open
# vSwitch whose br-int connects to the controller, and one container per host. Needs root.
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
"$REPO/scripts/lab.sh" attach "$LAB" h1 web app-web 10.255.1.10/24 10.255.1.1
"$REPO/scripts/lab.sh" attach "$LAB" h2 db app-db 10.255.2.10/24 10.255.2.1

echo
echo "waiting for both hosts' br-int to connect to the controller..."
for host in h1 h2; do
    for _ in $(seq 1 50); do
        [ "$("$REPO/scripts/lab.sh" vsctl "$LAB" "$host" get controller br-int is_connected)" = true ] && break
        sleep 0.2
    done
    printf '  %s br-int connected to the controller: %s (datapath %s)\n' "$host" \
        "$("$REPO/scripts/lab.sh" vsctl "$LAB" "$host" get controller br-int is_connected)" \
        "$("$REPO/scripts/lab.sh" vsctl "$LAB" "$host" get bridge br-int datapath_id | tr -d '"')"
done
echo
echo "controller log (switch connects):"
grep -h "SwitchRegistry" "$REPO/run/karaf/data/log/karaf.log" | tail -n 4 | sed 's/^/  /'
cat <<MSG

Try:
  scripts/lab.sh status                                     the demo topology
  scripts/lab.sh ofctl $LAB h1 dump-flows br-int                flows on h1 (none yet: policy is wired in later)
  scripts/lab.sh exec $LAB h1 web -- ping -c1 -W1 10.255.2.10   blocked: fail_mode=secure, default deny
  tail -f run/karaf/data/log/karaf.log                      controller log
  scripts/demo.sh stop                                      remove the topology and stop the controller
MSG
