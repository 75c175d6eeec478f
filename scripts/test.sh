#!/usr/bin/env bash
# The test command of the README: installs what is missing, then builds and runs every test (unit, property,
# real Open vSwitch in network namespaces, the Karaf distribution started as a user would). Needs root.
# Extra arguments go to Maven, e.g. scripts/test.sh -DskipOvs=true (leave out the tests that need root/OVS).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$REPO/scripts/install-deps.sh"
cd "$REPO"
exec mvn -B -ntp verify "$@"
