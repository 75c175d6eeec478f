#!/usr/bin/env bash
# Mints a bearer token for appnet's REST API, signed (RS256) with the controller's own token-signing key, which
# the controller generates on first start (owner-only) in run/karaf/data/appnet/token-signing-key.pem.
#
#   scripts/token.sh [--scope network.admin|network.write] [--user NAME] [--apps GUID,GUID] [--hours N] [--key FILE]
#
#   --apps: the app GUIDs a network.write token may name in policies (claim appnet_apps); without it, none.
#   TOKEN=$(scripts/token.sh)
#   curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8181/networking/v1/external/policies
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCOPE=network.admin
USER_NAME=admin
HOURS=1
APPS=""
KEY="$REPO/run/karaf/data/appnet/token-signing-key.pem"

while [ $# -gt 0 ]; do
    case "$1" in
        --scope) SCOPE=$2; shift 2 ;;
        --user) USER_NAME=$2; shift 2 ;;
        --hours) HOURS=$2; shift 2 ;;
        --apps) APPS=$2; shift 2 ;;
        --key) KEY=$2; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "token.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[[ $SCOPE =~ ^[A-Za-z0-9._]+$ ]] || { echo "token.sh: scope '$SCOPE' is not a scope name" >&2; exit 2; }
[[ $USER_NAME =~ ^[A-Za-z0-9._@-]+$ ]] || { echo "token.sh: user '$USER_NAME' has unusual characters" >&2; exit 2; }
[[ -z $APPS || $APPS =~ ^[A-Za-z0-9._:-]+(,[A-Za-z0-9._:-]+)*$ ]] || { echo "token.sh: --apps must be GUIDs separated by commas" >&2; exit 2; }
[[ $HOURS =~ ^[0-9]+$ && $HOURS -ge 1 ]] || { echo "token.sh: --hours must be a whole number >= 1" >&2; exit 2; }
[ -r "$KEY" ] || { echo "token.sh: no signing key at $KEY (start the controller once: scripts/run-controller.sh start)" >&2; exit 1; }

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
apps_json=""
[ -n "$APPS" ] && apps_json="\"${APPS//,/\",\"}\""
claims=$(printf '{"sub":"%s","user_name":"%s","scope":["%s"],"appnet_apps":[%s],"exp":%d}' "$USER_NAME" "$USER_NAME" \
    "$SCOPE" "$apps_json" "$(( $(date +%s) + HOURS * 3600 ))" | b64url)
signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign "$KEY" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$claims" "$signature"
