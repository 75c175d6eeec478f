#!/usr/bin/env bash
# Installs the Debian packages appnet needs to build, run and test on a fresh machine (as root).
# Open vSwitch is used with the userspace datapath only: no kernel module, no system service needed.
set -euo pipefail

# nftables: the egress tests' external network accepts only the NAT pool (its firewall, ovs-lab LabExternal).
PACKAGES=(openjdk-17-jdk-headless maven openvswitch-switch iproute2 iputils-ping ethtool tcpdump tshark nftables
          openssl procps python3 curl)

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    # tshark asks whether non-root users may capture; answer no instead of prompting.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Debian starts the system OVS on install; the labs run private daemons and do not need it.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet openvswitch-switch 2>/dev/null; then
    systemctl stop openvswitch-switch || true
fi
