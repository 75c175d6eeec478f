#!/usr/bin/env bash
# Runs the appnet controller: the Karaf distribution built by karaf-dist/, in the background.
#
#   scripts/run-controller.sh [start]   build the distribution if missing, start it, wait for the OpenFlow port
#   scripts/run-controller.sh stop      stop it
#   scripts/run-controller.sh status    say whether it runs
#   scripts/run-controller.sh shell [CMD]  the Karaf shell (bin/client as the local admin, by key), or one command
#   scripts/run-controller.sh configure KEY=VALUE...  set keys of run/karaf/etc/io.appnet.controller.cfg (building
#                                       and copying the distribution first if needed); prints what it changed. A
#                                       running controller re-reads the file and restarts by itself.
#
# The controller runs from a copy in run/karaf (so a rebuild or `mvn clean` never pulls files from under a
# running controller); the copy is refreshed from the build when the build is newer and the controller is
# stopped; the store (run/karaf/data/appnet: policies, app IDs, leases, the token-signing key) is kept across
# that refresh. run/controller.pid holds the pid of its JVM. No credential ships with the distribution: on
# first start a shell user "admin" gets an SSH key pair, run/shell-key (owner-only), whose public half goes into
# etc/keys.properties; `shell` logs in with it, so no password ever appears on a command line (or in `ps`).
# The southbound is mutual TLS: every start makes (once) the CA and the controller's key and certificate in
# run/pki with scripts/pki.sh (PKI_DIR overrides it) and installs the controller's key, certificate and the CA
# certificate in run/karaf/etc/appnet-tls/, where etc/io.appnet.controller.cfg expects them. Hosts get their own
# credentials from the same CA: scripts/pki.sh host <host-id> (scripts/lab.sh and scripts/demo.sh do that).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST="$REPO/karaf-dist/target/assembly"
RUN="$REPO/run"
KARAF="$RUN/karaf"
PID_FILE="$RUN/controller.pid"
BOOT_TIMEOUT_SECONDS=120
PKI_DIR=${PKI_DIR:-$RUN/pki}

# Karaf 4.4.10 does not start on Java 24 or later: prefer JDK 17 when the default java is too new.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
choose_java() {
    local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
    if ! command -v "$java" >/dev/null || [ "$(java_major "$java")" -ge 24 ]; then
        if [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
            export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
        else
            echo "Karaf 4.4.10 needs Java 17 to 23; set JAVA_HOME to such a JDK" >&2
            exit 1
        fi
    fi
}

running_pid() {
    [ -f "$PID_FILE" ] || return 1
    local pid
    pid=$(cat "$PID_FILE")
    # The pid must still be this controller (bin/karaf until it execs the JVM), not a recycled number.
    if [ -n "$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null \
            | grep -q -e "-Dkaraf.home=$KARAF " -e "$KARAF/bin/karaf daemon"; then
        echo "$pid"
    else
        return 1
    fi
}

openflow_port() {
    sed -n 's/^ *openflow\.port *[=:] *\([0-9]*\).*/\1/p' "$KARAF/etc/io.appnet.controller.cfg" | tail -n 1
}

# Any source or build file changed since the distribution was assembled means it must be rebuilt.
sources_newer_than() {
    find "$REPO/pom.xml" "$REPO"/*/pom.xml "$REPO"/*/src/main -newer "$1" -type f -print -quit 2>/dev/null
}

listening() { [ -n "$(ss -Hltn "sport = :$1")" ]; }

# The controller's TLS credentials where the shipped configuration names them (the CA key stays in $PKI_DIR).
ensure_southbound_tls() {
    local tls="$KARAF/etc/appnet-tls"
    "$REPO/scripts/pki.sh" --dir "$PKI_DIR" ca >/dev/null
    "$REPO/scripts/pki.sh" --dir "$PKI_DIR" controller >/dev/null
    mkdir -p "$tls"
    chmod 700 "$tls"
    install -m 600 "$PKI_DIR/controller-privkey.pem" "$tls/controller-privkey.pem"
    install -m 644 "$PKI_DIR/controller-cert.pem" "$PKI_DIR/cacert.pem" "$tls/"
}

# Builds the distribution if it is missing or older than the sources, and (while the controller is stopped)
# refreshes the run/karaf copy from it, keeping the store.
prepare() {
    if [ ! -x "$DIST/bin/karaf" ] || [ -n "$(sources_newer_than "$DIST/bin/karaf")" ]; then
        echo "building the distribution (mvn package, tests skipped)..."
        (cd "$REPO" && mvn -q -B package -DskipTests)
    fi
    choose_java
    mkdir -p "$RUN"
    if [ ! -d "$KARAF" ] || [ "$DIST/etc/startup.properties" -nt "$KARAF/etc/startup.properties" ]; then
        if [ -d "$KARAF/data/appnet" ]; then
            rm -rf "$RUN/appnet-store"
            mv "$KARAF/data/appnet" "$RUN/appnet-store"
        fi
        rm -rf "$KARAF"
        cp -a "$DIST" "$KARAF"
        if [ -d "$RUN/appnet-store" ]; then
            mkdir -p "$KARAF/data"
            mv "$RUN/appnet-store" "$KARAF/data/appnet"
        fi
    fi
}

# Sets keys of etc/io.appnet.controller.cfg (each must be one of the file's keys); prints the ones it changed.
# A running controller re-reads the file and restarts by itself; the shipped comments say what each key means.
configure() {
    [ $# -ge 1 ] || { echo "usage: $0 configure KEY=VALUE..." >&2; exit 2; }
    local pair key value cfg="$KARAF/etc/io.appnet.controller.cfg" current
    for pair in "$@"; do
        [[ $pair =~ ^([a-z][a-z0-9.]*)=(.*)$ ]] || { echo "'$pair' is not KEY=VALUE" >&2; exit 2; }
    done
    running_pid >/dev/null || prepare >&2
    [ -f "$cfg" ] || { echo "$cfg is missing" >&2; exit 1; }
    for pair in "$@"; do
        key=${pair%%=*}; value=${pair#*=}
        current=$(KEY=$key awk -F '=' '{k = $1; gsub(/ /, "", k)} k == ENVIRON["KEY"] && !/^ *#/ {
            v = substr($0, index($0, "=") + 1); sub(/^ */, "", v); found = v; seen = 1}
            END {if (!seen) exit 1; print found}' "$cfg") || { echo "$key is not a key of $cfg" >&2; exit 2; }
        [ "$current" = "$value" ] && continue
        KEY=$key VALUE=$value awk '{k = $0; sub(/=.*/, "", k); gsub(/ /, "", k)}
            k == ENVIRON["KEY"] && /=/ && !/^ *#/ {print ENVIRON["KEY"] " = " ENVIRON["VALUE"]; next} {print}' \
            "$cfg" > "$cfg.new" && chmod --reference="$cfg" "$cfg.new" && mv "$cfg.new" "$cfg"
        echo "$key = $value (was '$current')"
    done
}

start() {
    if pid=$(running_pid); then
        echo "controller already running (pid $pid), OpenFlow on port $(openflow_port)"
        return 0
    fi
    prepare
    ensure_shell_user
    ensure_southbound_tls
    local port
    port=$(openflow_port)
    if listening "$port"; then
        echo "port $port is already in use by another process:" >&2
        ss -Hltnp "sport = :$port" >&2
        exit 1
    fi

    # Only this start's log lines count when looking for the controller's refusal to start.
    local log="$KARAF/data/log/karaf.log" lines_before=0 refusal
    [ -f "$log" ] && lines_before=$(wc -l < "$log")

    # "daemon" is "server" (no local console) with exec, so $! is the JVM itself.
    nohup "$KARAF/bin/karaf" daemon > "$RUN/karaf.out" 2>&1 < /dev/null &
    echo $! > "$PID_FILE"

    local started=$SECONDS
    until listening "$port"; do
        refusal=$(tail -n "+$((lines_before + 1))" "$log" 2>/dev/null \
            | grep -m 1 -e 'the controller is not started' -e 'the controller could not start' || true)
        if [ -n "$refusal" ]; then
            echo "the controller did not start:" >&2
            echo "  ${refusal##*| }" >&2
            echo "Karaf keeps running (pid $(cat "$PID_FILE")) and re-reads $KARAF/etc/io.appnet.controller.cfg" \
                "when it changes; or stop it with: $0 stop" >&2
            exit 1
        fi
        if ! running_pid >/dev/null; then
            echo "the controller exited during start; last output:" >&2
            tail -n 20 "$RUN/karaf.out" >&2
            [ -f "$KARAF/data/log/karaf.log" ] && tail -n 20 "$KARAF/data/log/karaf.log" >&2
            exit 1
        fi
        if [ $((SECONDS - started)) -ge "$BOOT_TIMEOUT_SECONDS" ]; then
            echo "OpenFlow port $port not open after ${BOOT_TIMEOUT_SECONDS}s; see $KARAF/data/log/karaf.log" >&2
            echo "Karaf is left running for a look (pid $(cat "$PID_FILE")); stop it with: $0 stop" >&2
            exit 1
        fi
        sleep 0.25
    done
    echo "controller running (pid $(cat "$PID_FILE")), OpenFlow on port $port, up in $((SECONDS - started)) s"
    echo "  log:   $KARAF/data/log/karaf.log"
    echo "  stop:  $0 stop"
}

# The local shell user: an SSH key made on first start, readable by its owner only; Karaf knows its public half.
ensure_shell_user() {
    local key="$RUN/shell-key" keys="$KARAF/etc/keys.properties"
    command -v ssh-keygen >/dev/null || { echo "ssh-keygen (OpenSSH client) is needed for the shell user's key" >&2; exit 1; }
    if [ ! -s "$key" ]; then
        rm -f "$key" "$key.pub"
        (umask 077; ssh-keygen -q -t rsa -b 3072 -m PEM -N "" -C "appnet shell" -f "$key")
    fi
    if ! grep -q '^admin *=' "$keys" 2>/dev/null; then
        printf '\nadmin = %s,_g_:admingroup\n' "$(cut -d' ' -f2 "$key.pub")" >> "$keys"
    fi
    if ! grep -q '^_g_\\:admingroup *=' "$keys"; then
        printf '_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' >> "$keys"
    fi
    chmod 600 "$keys"
}

shell() {
    running_pid >/dev/null || { echo "controller not running; start it with: $0 start" >&2; exit 1; }
    local port
    port=$(sed -n 's/^ *sshPort *= *\([0-9]*\).*/\1/p' "$KARAF/etc/org.apache.karaf.shell.cfg" | tail -n 1)
    choose_java
    if [ -z "${JAVA_HOME:-}" ]; then
        JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        export JAVA_HOME
    fi
    if [ $# -gt 0 ]; then
        printf '%s\n' "$*" | "$KARAF/bin/client" -h 127.0.0.1 -a "$port" -u admin -k "$RUN/shell-key" -b
    else
        exec "$KARAF/bin/client" -h 127.0.0.1 -a "$port" -u admin -k "$RUN/shell-key"
    fi
}

stop() {
    local pid
    if ! pid=$(running_pid); then
        echo "controller not running"
        rm -f "$PID_FILE"
        return 0
    fi
    kill -TERM "$pid"   # Karaf's shutdown hook stops the bundles in order
    for _ in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; echo "controller stopped"; return 0; }
        sleep 0.25
    done
    kill -KILL "$pid"
    rm -f "$PID_FILE"
    echo "controller did not stop within 30 s; killed"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    status) if pid=$(running_pid); then echo "running (pid $pid)"; else echo "not running"; exit 3; fi ;;
    shell) shift; shell "$@" ;;
    configure) shift; configure "$@" ;;
    *) echo "usage: $0 [start|stop|status|shell [command]|configure KEY=VALUE...]" >&2; exit 2 ;;
esac
