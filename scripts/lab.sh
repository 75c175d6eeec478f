#!/usr/bin/env bash
# lab.sh: simulated appnet hosts in network namespaces, each with its own Open vSwitch (userspace datapath).
# It builds the same layout as the Java fixture io.appnet.ovs.harness.Lab (ovs-lab): both read the layout's
# names, addresses and limits from ovs-lab/lab.env, so a lab made here is shown, and cleaned up, by either.
#
# Usage:
#   lab.sh up <lab> <hosts> [controller-ip|mgmt]   build hosts h1..hN; with a controller address, point every
#                                                   host's br-int and OVSDB manager at it ("mgmt" = the root-side
#                                                   address of the lab's management bridge, where a controller
#                                                   listening in the root namespace is reached) over ssl:, each
#                                                   host with its own certificate from scripts/pki.sh in PKI_DIR
#   lab.sh down <lab>                               remove everything the lab made
#   lab.sh status                                   list labs, their hosts, daemons and containers
#   lab.sh attach <lab> <host> <ctr> <app-guid> <ip>/<prefix> <gateway>   add a container (host contract, sect. 3)
#   lab.sh detach <lab> <host> <ctr>                remove a container (port first, then its namespace)
#   lab.sh exec <lab> <host> [<ctr>] -- <command...> run a command in a host's or a container's namespace
#   lab.sh vsctl|ofctl|appctl <lab> <host> <args...> ovs-vsctl / ovs-ofctl -O OpenFlow13 / ovs-appctl on a host
#   lab.sh external <lab> up <next-hop>/<prefix> <server-ip>...  the external network behind egress gateways
#                                                   (issue 9): its bridge holds the next hop, servers' addresses on lo
#   lab.sh external <lab> accept-only <source>...   its firewall (nftables) drops all but these sources (the NAT pool:
#                                                   addresses, CIDRs, a-b ranges), counted in counter "refused"
#   lab.sh external <lab> serve <port>              TCP echo there; "peer IP PORT" per connection in
#                                                   $LAB_ROOT/<lab>/bg/serve-<port>.log (the source address it saw)
#   lab.sh external <lab> exec -- <command...>      run a command in the external namespace
#   lab.sh gateway <lab> <host> [nat|no-nat]        add host <host>, joined like the others, as an egress gateway:
#                                                   uplink up0 on its br-int, linked to the external network, and the
#                                                   host contract's appnet-role/-uplink/-next-hop(-mac)/-gateway-nat
# Environment: OPENFLOW_PORT (6653), OVSDB_PORT (6640), LAB_ROOT (/tmp/appnet-lab), PKI_DIR (run/pki: the CA
# and the hosts' keys and certificates), SOUTHBOUND (ssl, or tcp for a controller with southbound.plaintext).
#
# Layout of lab <lab> (1-6 chars [a-z0-9]), host <h> (h1..hN here; 1-8 chars [a-z0-9] in Java), with the values
# of ovs-lab/lab.env:
#   $LAB_ROOT/<lab>/             lab directory: owner (pid + start time of the creating JVM, or "manual"),
#                                mgmt-subnet (third octet X), hosts (one name a line), bg/ (pids of background
#                                processes such as captures and listeners)
#   $LAB_ROOT/.mgmt/<X>          reservation of management subnet 172.31.X.0/24, holding the lab name
#   $LAB_ROOT/<lab>/<h>/         that host's OVS: conf.db, db.sock, ovsdb-server.{pid,ctl,log},
#                                ovs-vswitchd.{pid,ctl,log}, <bridge>.mgmt (OVS_RUNDIR = OVS_DBDIR = OVS_LOGDIR)
#   namespace an-<lab>-ul        the underlay L2 switch: Linux bridge br0 holding one veth per host, named <h>
#   namespace an-<lab>-<h>       the host: ovsdb-server + ovs-vswitchd of its own (datapath_type=netdev);
#                                ul0 = underlay veth, a port of netdev bridge br-phy, which carries the
#                                underlay IP 192.168.50.(10+i)/24 (this is what makes native VXLAN work);
#                                br-int per the host contract; mgmt0 = 172.31.X.(10+i)/24 (management link,
#                                default route via 172.31.X.1, so any root-namespace address is reachable)
#   root namespace               bridge an-<lab>-mg = 172.31.X.1/24 (where hosts reach a controller in the
#                                root namespace) and veths an-<lab>-m<i> (peer of each host's mgmt0)
#   namespace an-<lab>-<h>-<ctr> a container: eth0 (MTU 1400, tx offload off), peer c-<ctr> on the host's br-int
#   namespace an-<lab>-ul-ext    the external network: bridge brx (MAC 02:e0:00:00:00:01, the next hop's address),
#                                servers' addresses on lo, one veth <g> per gateway <g> whose peer up0 is a port of
#                                that gateway's br-int; tx offload off on all of them (userspace conntrack)
#   $LAB_ROOT/<lab>/controller   the controller address the hosts dial (empty: none), for gateways added later
# X is the lowest third octet in 172.31.1-254 not used by another lab nor by any address on this machine.
set -euo pipefail

# The layout: names, addresses, limits (NAME_PREFIX, UNDERLAY_NET, MGMT_NET, HOST_OFFSET, CONTAINER_MTU, ...).
# shellcheck source=../ovs-lab/lab.env
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/ovs-lab/lab.env"
LAB_ROOT=${LAB_ROOT:-$DEFAULT_LAB_ROOT}
OPENFLOW_PORT=${OPENFLOW_PORT:-6653}
OVSDB_PORT=${OVSDB_PORT:-6640}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PKI_DIR=${PKI_DIR:-$REPO/run/pki}
SOUTHBOUND=${SOUTHBOUND:-ssl}
SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
# The Java harness's traffic probe (servers that print the peer address they saw), used by "external serve".
PROBE_SCRIPT=ovs-lab/src/main/resources/io/appnet/ovs/harness/netprobe.py

die() { echo "lab.sh: $*" >&2; exit 1; }
usage() { sed -n '6,29p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

check_lab_name() { [[ $1 =~ ^$LAB_ID_PATTERN$ ]] || die "lab name '$1' must be 1-6 characters [a-z0-9]"; }
check_host_name() { [[ $1 =~ ^$HOST_NAME_PATTERN$ && $1 != "$RESERVED_HOST_NAME" ]] || die "host name '$1' must be 1-8 characters [a-z0-9], not 'ul'"; }
check_ctr_name() { [[ $1 =~ ^$CONTAINER_NAME_PATTERN$ ]] || die "container name '$1' must be 1-12 characters [a-z0-9]"; }

host_dir() { echo "$LAB_ROOT/$1/$2"; }
host_ns() { echo "$NAME_PREFIX$1-$2"; }
mgmt_bridge() { echo "$NAME_PREFIX$1-$MGMT_BRIDGE_SUFFIX"; }

# Runs an OVS client against one host's private daemons, never the system's.
ovs_env() {
  local dir=$1; shift
  OVS_RUNDIR=$dir OVS_DBDIR=$dir OVS_LOGDIR=$dir OVS_PKGDATADIR=/usr/share/openvswitch "$@"
}
vsctl() { local dir; dir=$(host_dir "$1" "$2"); shift 2; ovs_env "$dir" ovs-vsctl --db="unix:$dir/db.sock" --timeout=10 "$@"; }
ofctl() { local dir; dir=$(host_dir "$1" "$2"); shift 2; ovs_env "$dir" ovs-ofctl -O OpenFlow13 "$@"; }
appctl() { local dir; dir=$(host_dir "$1" "$2"); shift 2; ovs_env "$dir" ovs-appctl -t "$dir/ovs-vswitchd.ctl" "$@"; }

# Reserves the management subnet's third octet X: file $LAB_ROOT/$MGMT_RESERVATIONS/X holding the lab name, created
# atomically (noclobber), as the Java fixture does; a reservation whose lab directory is gone is stale.
allocate_mgmt_octet() {
  local lab=$1 x owner in_use
  mkdir -p "$LAB_ROOT/$MGMT_RESERVATIONS"
  in_use=$(ip -4 -o addr show; ip -4 route show table all)
  for x in $(seq 1 254); do
    grep -q "\b$MGMT_NET\.$x\." <<<"$in_use" && continue
    owner=$(cat "$LAB_ROOT/$MGMT_RESERVATIONS/$x" 2>/dev/null || true)
    [[ -n $owner && ! -d $LAB_ROOT/$owner ]] && rm -f "$LAB_ROOT/$MGMT_RESERVATIONS/$x"
    if (set -o noclobber; echo "$lab" >"$LAB_ROOT/$MGMT_RESERVATIONS/$x") 2>/dev/null; then
      echo "$x" >"$LAB_ROOT/$lab/mgmt-subnet"
      echo "$x"
      return
    fi
  done
  die "no free management subnet in $MGMT_NET.1-254.0/$NETWORK_PREFIX_LENGTH"
}

start_ovs() {
  local lab=$1 host=$2 dir ns
  dir=$(host_dir "$lab" "$host"); ns=$(host_ns "$lab" "$host")
  ovs_env "$dir" ovsdb-tool create "$dir/conf.db" "$SCHEMA"
  ovs_env "$dir" ip netns exec "$ns" ovsdb-server "$dir/conf.db" \
    --remote="punix:$dir/db.sock" --remote=db:Open_vSwitch,Open_vSwitch,manager_options \
    --private-key=db:Open_vSwitch,SSL,private_key --certificate=db:Open_vSwitch,SSL,certificate \
    --ca-cert=db:Open_vSwitch,SSL,ca_cert \
    -vconsole:off --pidfile="$dir/ovsdb-server.pid" --unixctl="$dir/ovsdb-server.ctl" \
    --log-file="$dir/ovsdb-server.log" --detach
  vsctl "$lab" "$host" --no-wait init
  start_vswitchd "$lab" "$host"
}

start_vswitchd() {
  local dir ns
  dir=$(host_dir "$1" "$2"); ns=$(host_ns "$1" "$2")
  ovs_env "$dir" ip netns exec "$ns" ovs-vswitchd "unix:$dir/db.sock" \
    -vconsole:off --pidfile="$dir/ovs-vswitchd.pid" --unixctl="$dir/ovs-vswitchd.ctl" \
    --log-file="$dir/ovs-vswitchd.log" --detach
}

# The host contract's join (design section 3): the host's own key and certificate (CN = host id), then ssl: targets.
join_controller() {
  local lab=$1 host=$2 controller=$3
  if [[ $SOUTHBOUND == ssl ]]; then
    "$REPO/scripts/pki.sh" --dir "$PKI_DIR" ca >/dev/null
    "$REPO/scripts/pki.sh" --dir "$PKI_DIR" host "$host" >/dev/null
    vsctl "$lab" "$host" set-ssl "$PKI_DIR/$host-privkey.pem" "$PKI_DIR/$host-cert.pem" "$PKI_DIR/cacert.pem"
  fi
  vsctl "$lab" "$host" -- set-controller "$INTEGRATION_BRIDGE" "$SOUTHBOUND:$controller:$OPENFLOW_PORT" \
    -- set-manager "$SOUTHBOUND:$controller:$OVSDB_PORT"
}

up_host() {
  local lab=$1 host=$2 index=$3 mgmt=$4 controller=$5 ns ul_ip
  ns=$(host_ns "$lab" "$host"); ul_ip="$UNDERLAY_NET.$((HOST_OFFSET + index))"
  mkdir -p "$(host_dir "$lab" "$host")"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$(host_ns "$lab" "$RESERVED_HOST_NAME")" link add "$host" type veth peer name "$UNDERLAY_INTERFACE" netns "$ns"
  ip -n "$(host_ns "$lab" "$RESERVED_HOST_NAME")" link set "$host" master "$UNDERLAY_SWITCH" up
  ip link add "$NAME_PREFIX$lab-$MGMT_VETH_SUFFIX$index" type veth peer name "$MANAGEMENT_INTERFACE" netns "$ns"
  ip link set "$NAME_PREFIX$lab-$MGMT_VETH_SUFFIX$index" master "$(mgmt_bridge "$lab")" up
  ip -n "$ns" addr add "$MGMT_NET.$mgmt.$((HOST_OFFSET + index))/$NETWORK_PREFIX_LENGTH" dev "$MANAGEMENT_INTERFACE"
  ip -n "$ns" link set "$MANAGEMENT_INTERFACE" up
  ip -n "$ns" route add default via "$MGMT_NET.$mgmt.1"
  ip -n "$ns" link set "$UNDERLAY_INTERFACE" up
  start_ovs "$lab" "$host"
  vsctl "$lab" "$host" \
    -- set open_vswitch . "external_ids:appnet-host-id=$host" "external_ids:appnet-underlay-ip=$ul_ip" \
    -- add-br "$PHYSICAL_BRIDGE" -- set bridge "$PHYSICAL_BRIDGE" datapath_type=netdev \
    -- add-port "$PHYSICAL_BRIDGE" "$UNDERLAY_INTERFACE" \
    -- add-br "$INTEGRATION_BRIDGE" \
    -- set bridge "$INTEGRATION_BRIDGE" fail_mode=secure protocols=OpenFlow13,OpenFlow14,OpenFlow15 \
    -- set bridge "$INTEGRATION_BRIDGE" datapath_type=netdev
  ip -n "$ns" addr add "$ul_ip/$NETWORK_PREFIX_LENGTH" dev "$PHYSICAL_BRIDGE"
  ip -n "$ns" link set "$PHYSICAL_BRIDGE" up
  if [[ -n $controller ]]; then
    join_controller "$lab" "$host" "$controller"
  fi
  echo "$host" >>"$LAB_ROOT/$lab/hosts"
}

cmd_up() {
  [[ $# -ge 2 && $# -le 3 ]] || usage
  local lab=$1 count=$2 controller=${3:-} mgmt i
  check_lab_name "$lab"
  [[ $count =~ ^[0-9]+$ && $count -ge 1 && $count -le $MAX_HOSTS ]] || die "host count '$count' must be 1..$MAX_HOSTS"
  [[ $SOUTHBOUND == ssl || $SOUTHBOUND == tcp ]] || die "SOUTHBOUND '$SOUTHBOUND' must be ssl or tcp"
  [[ -z $controller || $controller == mgmt || $controller =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] \
    || die "controller '$controller' must be an IPv4 address or 'mgmt'"
  mkdir -p "$LAB_ROOT"
  if [[ -e $LAB_ROOT/$lab ]] || ip netns list | grep -q "^$NAME_PREFIX$lab-"; then
    die "lab '$lab' exists; run: lab.sh down $lab"
  fi
  mkdir "$LAB_ROOT/$lab" || die "lab '$lab' is being created by someone else"
  mkdir "$LAB_ROOT/$lab/bg"
  echo manual >"$LAB_ROOT/$lab/owner"
  : >"$LAB_ROOT/$lab/hosts"
  mgmt=$(allocate_mgmt_octet "$lab")
  ip link add "$(mgmt_bridge "$lab")" type bridge
  ip addr add "$MGMT_NET.$mgmt.1/$NETWORK_PREFIX_LENGTH" dev "$(mgmt_bridge "$lab")"
  ip link set "$(mgmt_bridge "$lab")" up
  ip netns add "$(host_ns "$lab" "$RESERVED_HOST_NAME")"
  ip -n "$(host_ns "$lab" "$RESERVED_HOST_NAME")" link add "$UNDERLAY_SWITCH" type bridge
  ip -n "$(host_ns "$lab" "$RESERVED_HOST_NAME")" link set "$UNDERLAY_SWITCH" up
  [[ $controller == mgmt ]] && controller="$MGMT_NET.$mgmt.1"
  echo "$controller" >"$LAB_ROOT/$lab/controller"
  for i in $(seq 1 "$count"); do
    up_host "$lab" "h$i" "$i" "$mgmt" "$controller"
  done
  echo "lab $lab: $count hosts, underlay $UNDERLAY_NET.0/$NETWORK_PREFIX_LENGTH, management $MGMT_NET.$mgmt.0/$NETWORK_PREFIX_LENGTH," \
    "controller address for the hosts $MGMT_NET.$mgmt.1${controller:+ (dialling $controller)}"
}

# A killed process counts as gone once it is a zombie: PID 1 here may reap orphans only every few seconds.
is_running() {
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [[ -n $state && $state != Z && $state != X ]]
}

kill_pids() {
  local pid
  for pid in "$@"; do kill -9 "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    while is_running "$pid"; do sleep 0.01; done
  done
}

# Removes by name and pid: processes in the lab's namespaces, daemons whose pid files are in the lab
# directory and whose command line names it, the namespaces, the root-side links, then the directory.
cmd_down() {
  [[ $# -eq 1 ]] || usage
  local lab=$1 ns pidfile pid link pids=()
  check_lab_name "$lab"
  for ns in $(ip netns list | awk '{print $1}' | grep "^$NAME_PREFIX$lab-" || true); do
    pids+=($(ip netns pids "$ns" 2>/dev/null || true))
  done
  for pidfile in "$LAB_ROOT/$lab"/*/*.pid "$LAB_ROOT/$lab"/bg/*.pid; do
    [[ -f $pidfile ]] || continue
    pid=$(head -n1 "$pidfile")
    [[ $pid =~ ^[0-9]+$ ]] && is_running "$pid" || continue
    # Still ours only if it names the lab (a reused pid does not); "ip netns exec an-<lab>-..." counts too.
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -e "$LAB_ROOT/$lab/" -e " $NAME_PREFIX$lab-"; then
      pids+=("$pid")
    fi
  done
  kill_pids "${pids[@]}"
  for link in $(ls /sys/class/net | grep "^$NAME_PREFIX$lab-" || true); do
    ip link del "$link" 2>/dev/null || true
  done
  for ns in $(ip netns list | awk '{print $1}' | grep "^$NAME_PREFIX$lab-" || true); do
    ip netns del "$ns"
  done
  grep -lx "$lab" "$LAB_ROOT"/"$MGMT_RESERVATIONS"/* 2>/dev/null | xargs -r rm -f
  rm -rf "${LAB_ROOT:?}/$lab"
}

daemon_state() {
  local pidfile=$1 pid
  [[ -f $pidfile ]] || { echo "no pid file"; return; }
  pid=$(cat "$pidfile")
  if is_running "$pid"; then echo "running ($pid)"; else echo "dead ($pid)"; fi
}

cmd_status() {
  local dir lab host ns ctr owner
  for dir in "$LAB_ROOT"/*/; do
    [[ -f $dir/hosts ]] || continue
    lab=$(basename "$dir")
    owner=$(cat "$dir/owner" 2>/dev/null || echo '?')
    if [[ $owner != manual && $owner != '?' ]]; then
      owner="pid ${owner%% *}"
      is_running "${owner#pid }" || owner="$owner (gone: the next lab start removes it)"
    fi
    echo "lab $lab: owner $owner, management $MGMT_NET.$(cat "$dir/mgmt-subnet" 2>/dev/null || echo '?').0/$NETWORK_PREFIX_LENGTH"
    while read -r host; do
      ns=$(host_ns "$lab" "$host")
      echo "  $host: namespace $ns $(ip netns list | grep -q "^$ns\b" && echo present || echo MISSING)," \
        "ovsdb-server $(daemon_state "$dir/$host/ovsdb-server.pid")," \
        "ovs-vswitchd $(daemon_state "$dir/$host/ovs-vswitchd.pid")," \
        "underlay $(vsctl "$lab" "$host" get open_vswitch . external_ids:appnet-underlay-ip 2>/dev/null | tr -d '"' || echo '?')"
      for ctr in $(ip netns list | awk '{print $1}' | grep "^$ns-" | sed "s/^$ns-//" || true); do
        echo "    container $ctr: $(ip -n "$ns-$ctr" -4 -o addr show dev "$CONTAINER_INTERFACE" 2>/dev/null | awk '{print $4}')"
      done
    done <"$dir/hosts"
    ns=$(external_ns "$lab")
    if ip netns list | grep -q "^$ns\b"; then
      echo "  external network: namespace $ns, addresses" \
        "$(ip -n "$ns" -4 -o addr show | awk '$2 != "lo" || $4 !~ /^127\./ {printf "%s ", $4}')"
    fi
  done
  local stray
  stray=$(ip netns list | awk '{print $1}' | grep "^$NAME_PREFIX" | while read -r ns; do
    lab=${ns#"$NAME_PREFIX"}; lab=${lab%%-*}; [[ -f $LAB_ROOT/$lab/hosts ]] || echo "$ns"; done || true)
  [[ -z $stray ]] || echo "namespaces without a lab directory (lab.sh down <lab> removes them): $stray"
}

# An OVSDB string atom in double quotes, so any printable app GUID survives ovs-vsctl's parser.
ovsdb_quote() {
  local value=${1//\\/\\\\}
  printf '"%s"' "${value//\"/\\\"}"
}

cmd_attach() {
  [[ $# -eq 6 ]] || usage
  local lab=$1 host=$2 ctr=$3 guid=$4 cidr=$5 gateway=$6 ns cns mac ip port
  check_lab_name "$lab"; check_host_name "$host"; check_ctr_name "$ctr"
  [[ $cidr =~ ^([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+)/([0-9]+)$ ]] || die "address '$cidr' must be <IPv4>/<prefix>"
  ip=${BASH_REMATCH[1]}
  ns=$(host_ns "$lab" "$host"); cns="$ns-$ctr"
  ip netns list | grep -q "^$ns\b" || die "no host $host in lab $lab"
  ip netns list | grep -q "^$cns\b" && die "container $ctr exists on $host"
  ip netns add "$cns"
  ip -n "$cns" link set lo up
  port="$CONTAINER_PORT_PREFIX$ctr"
  ip -n "$ns" link add "$port" mtu "$CONTAINER_MTU" type veth peer name "$CONTAINER_INTERFACE" netns "$cns"
  ip -n "$cns" link set "$CONTAINER_INTERFACE" mtu "$CONTAINER_MTU" up
  ip netns exec "$cns" ethtool -K "$CONTAINER_INTERFACE" tx off >/dev/null
  ip -n "$cns" addr add "$cidr" dev "$CONTAINER_INTERFACE"
  ip -n "$cns" route add default via "$gateway"
  ip -n "$ns" link set "$port" up
  mac=$(ip netns exec "$cns" cat "/sys/class/net/$CONTAINER_INTERFACE/address")
  vsctl "$lab" "$host" add-port "$INTEGRATION_BRIDGE" "$port" -- set interface "$port" \
    "external_ids:appnet-app-guid=$(ovsdb_quote "$guid")" "external_ids:appnet-ip=$ip" \
    "external_ids:attached-mac=$(ovsdb_quote "$mac")"
  echo "container $ctr on $host: $cidr mac $mac ofport $(vsctl "$lab" "$host" get interface "$port" ofport)"
}

cmd_detach() {
  [[ $# -eq 3 ]] || usage
  local lab=$1 host=$2 ctr=$3 cns
  check_lab_name "$lab"; check_host_name "$host"; check_ctr_name "$ctr"
  cns="$(host_ns "$lab" "$host")-$ctr"
  ip netns list | grep -q "^$cns\b" || die "no container $ctr on $host in lab $lab"
  vsctl "$lab" "$host" --if-exists del-port "$INTEGRATION_BRIDGE" "$CONTAINER_PORT_PREFIX$ctr"
  kill_pids $(ip netns pids "$cns")
  ip -n "$(host_ns "$lab" "$host")" link del "$CONTAINER_PORT_PREFIX$ctr" 2>/dev/null || true
  ip netns del "$cns"
}

cmd_exec() {
  [[ $# -ge 4 ]] || usage
  local lab=$1 host=$2 ns
  ns=$(host_ns "$lab" "$host"); shift 2
  if [[ $1 != -- ]]; then ns="$ns-$1"; shift; fi
  [[ $1 == -- ]] || usage
  shift
  exec ip netns exec "$ns" "$@"
}

external_ns() { echo "$(host_ns "$1" "$RESERVED_HOST_NAME")-$EXTERNAL_NAME"; }
lab_exists() { [[ -f $LAB_ROOT/$1/hosts ]] || die "no lab $1 (lab.sh up $1 ...)"; }
external_exists() { ip netns list | grep -q "^$(external_ns "$1")\b" || die "lab $1 has no external network (lab.sh external $1 up ...)"; }
is_ipv4() { [[ $1 =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]]; }

# The external network (LabExternal in Java builds the same): a namespace with a bridge holding the next hop.
cmd_external_up() {
  [[ $# -ge 2 ]] || usage
  local lab=$1 cidr=$2 ns address; shift 2
  [[ $cidr =~ ^([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+)/([0-9]+)$ ]] || die "next hop '$cidr' must be <IPv4>/<prefix>"
  for address in "$@"; do is_ipv4 "$address" || die "server address '$address' must be an IPv4 address"; done
  ns=$(external_ns "$lab")
  ip netns list | grep -q "^$ns\b" && die "lab $lab has an external network already"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ns" link add "$EXTERNAL_BRIDGE" type bridge
  ip -n "$ns" link set "$EXTERNAL_BRIDGE" address "$EXTERNAL_BRIDGE_MAC"
  ip -n "$ns" addr add "$cidr" dev "$EXTERNAL_BRIDGE"
  ip -n "$ns" link set "$EXTERNAL_BRIDGE" up
  for address in "$@"; do ip -n "$ns" addr add "$address/32" dev lo; done
  ip netns exec "$ns" ethtool -K "$EXTERNAL_BRIDGE" tx off >/dev/null
  echo "external network of lab $lab: namespace $ns, next hop $cidr ($EXTERNAL_BRIDGE_MAC)${1:+, servers $*}"
}

cmd_external_accept_only() {
  [[ $# -ge 2 ]] || usage
  local lab=$1 file source; shift
  for source in "$@"; do
    [[ $source =~ ^[0-9.]+(/[0-9]+|-[0-9.]+)?$ ]] || die "source '$source' must be an IPv4 address, CIDR or a-b range"
  done
  file="$LAB_ROOT/$lab/external-firewall.nft"
  cat >"$file" <<NFT
table inet appnet_external {
  counter refused { }
  set allowed { type ipv4_addr; flags interval; elements = { $(IFS=,; echo "$*") } }
  chain input {
    type filter hook input priority filter; policy drop;
    iif lo accept
    ip saddr @allowed accept
    counter name refused drop
  }
}
NFT
  ip netns exec "$(external_ns "$lab")" nft -f "$file" || die "nft refused the ruleset $file"
}

# A TCP echo server (netprobe.py, the Java harness's probe), its output in bg/; returns once it listens.
cmd_external_serve() {
  [[ $# -eq 2 ]] || usage
  local lab=$1 port=$2 log pid
  [[ $port =~ ^[0-9]+$ && $port -ge 1 && $port -le 65535 ]] || die "port '$port' must be 1..65535"
  log="$LAB_ROOT/$lab/bg/serve-$port.log"
  : >"$log"
  nohup ip netns exec "$(external_ns "$lab")" python3 "$REPO/$PROBE_SCRIPT" tcp-echo "$port" >"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$LAB_ROOT/$lab/bg/serve-$port.pid"
  for _ in $(seq 1 100); do
    grep -q '^listening' "$log" && { echo "TCP echo on port $port in $(external_ns "$lab") (pid $pid), peers in $log"; return; }
    is_running "$pid" || die "the server exited: $(cat "$log")"
    sleep 0.1
  done
  kill_pids "$pid"
  die "the server did not listen on $port within 10 s: $(cat "$log")"
}

cmd_external() {
  [[ $# -ge 2 ]] || usage
  local lab=$1 verb=$2; shift 2
  check_lab_name "$lab"; lab_exists "$lab"
  [[ $verb == up ]] || external_exists "$lab"
  case $verb in
    up) [[ $# -ge 1 ]] || usage; cmd_external_up "$lab" "$@" ;;
    accept-only) cmd_external_accept_only "$lab" "$@" ;;
    serve) cmd_external_serve "$lab" "$@" ;;
    exec) [[ $# -ge 2 && $1 == -- ]] || usage; shift; exec ip netns exec "$(external_ns "$lab")" "$@" ;;
    *) usage ;;
  esac
}

# A gateway (design section 3, "Egress gateway"): a new host joined like the others, then its uplink and next hop.
cmd_gateway() {
  [[ $# -ge 2 && $# -le 3 ]] || usage
  local lab=$1 host=$2 nat=${3:-nat} ext controller mgmt index next_hop
  check_lab_name "$lab"; check_host_name "$host"; lab_exists "$lab"; external_exists "$lab"
  [[ $nat == nat || $nat == no-nat ]] || die "'$nat' must be nat or no-nat"
  grep -qx "$host" "$LAB_ROOT/$lab/hosts" && die "host $host exists in lab $lab"
  index=$(($(wc -l <"$LAB_ROOT/$lab/hosts") + 1))
  [[ $index -le $MAX_HOSTS ]] || die "lab $lab has $MAX_HOSTS hosts already"
  ext=$(external_ns "$lab")
  next_hop=$(ip -n "$ext" -4 -o addr show dev "$EXTERNAL_BRIDGE" | awk '{print $4}' | cut -d/ -f1 | head -n1)
  mgmt=$(cat "$LAB_ROOT/$lab/mgmt-subnet")
  controller=$(cat "$LAB_ROOT/$lab/controller" 2>/dev/null || true)
  up_host "$lab" "$host" "$index" "$mgmt" "$controller"
  ip -n "$(host_ns "$lab" "$host")" link add "$UPLINK_INTERFACE" type veth peer name "$host" netns "$ext"
  ip -n "$(host_ns "$lab" "$host")" link set "$UPLINK_INTERFACE" up
  ip -n "$ext" link set "$host" master "$EXTERNAL_BRIDGE" up
  ip netns exec "$ext" ethtool -K "$host" tx off >/dev/null
  ip netns exec "$(host_ns "$lab" "$host")" ethtool -K "$UPLINK_INTERFACE" tx off >/dev/null
  vsctl "$lab" "$host" --may-exist add-port "$INTEGRATION_BRIDGE" "$UPLINK_INTERFACE" \
    -- set open_vswitch . external_ids:appnet-role=gateway "external_ids:appnet-uplink=$UPLINK_INTERFACE" \
    "external_ids:appnet-next-hop=$next_hop" "external_ids:appnet-next-hop-mac=$(ovsdb_quote "$EXTERNAL_BRIDGE_MAC")" \
    "external_ids:appnet-gateway-nat=$([[ $nat == nat ]] && echo true || echo false)"
  echo "gateway $host: underlay $UNDERLAY_NET.$((HOST_OFFSET + index)), uplink $UPLINK_INTERFACE to $ext," \
    "next hop $next_hop, nat $([[ $nat == nat ]] && echo on || echo off)${controller:+, dialling $controller}"
}

main() {
  [[ $(id -u) -eq 0 ]] || die "needs root (network namespaces)"
  [[ $# -ge 1 ]] || usage
  local verb=$1; shift
  case $verb in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status ;;
    attach) cmd_attach "$@" ;;
    detach) cmd_detach "$@" ;;
    exec) cmd_exec "$@" ;;
    vsctl) [[ $# -ge 3 ]] || usage; vsctl "$@" ;;
    ofctl) [[ $# -ge 3 ]] || usage; ofctl "$@" ;;
    appctl) [[ $# -ge 3 ]] || usage; appctl "$@" ;;
    external) cmd_external "$@" ;;
    gateway) cmd_gateway "$@" ;;
    *) usage ;;
  esac
}

main "$@"
