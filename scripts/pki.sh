#!/usr/bin/env bash
# The southbound PKI for the demo, the tests and a small site: a CA, the controller's key and certificate, and a
# key and certificate per host, all PEM, made with openssl. A host's certificate names its host id in its
# subject CN (= the appnet-host-id it may claim over OVSDB and the only host whose br-int it may connect).
#
#   scripts/pki.sh [--dir DIR] ca                 DIR/cacert.pem and DIR/cakey.pem (made once; kept if present)
#   scripts/pki.sh [--dir DIR] controller         DIR/controller-privkey.pem, DIR/controller-cert.pem (CN appnet-controller)
#   scripts/pki.sh [--dir DIR] host HOST_ID       DIR/HOST_ID-privkey.pem, DIR/HOST_ID-cert.pem (CN HOST_ID)
#   scripts/pki.sh [--dir DIR] self-signed NAME   DIR/NAME-selfsigned-privkey.pem, -cert.pem: CN NAME, signed by
#                                                 itself, not by the CA (for tests of what the controller refuses)
#
# DIR defaults to run/pki. Keys are EC P-256 in PKCS#8 (what the controller reads), readable by their owner only;
# the CA key never needs to leave the machine that signs. A key or certificate that exists is kept (re-running
# is safe); delete it to make a new one. Certificates are valid for 825 days, the CA for 10 years.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR="$REPO/run/pki"
CONTROLLER_CN=appnet-controller

usage() { sed -n '6,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit "${1:-2}"; }

key() { # FILE: an owner-only EC P-256 key in PKCS#8, unless it exists
  [[ -f $1 ]] && return 0
  (umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null)
}

ca() {
  key "$DIR/cakey.pem"
  [[ -f $DIR/cacert.pem ]] && return 0
  openssl req -new -x509 -key "$DIR/cakey.pem" -out "$DIR/cacert.pem" -days 3650 -subj "/O=appnet/CN=appnet southbound CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  echo "CA: $DIR/cacert.pem (its key $DIR/cakey.pem signs every certificate below)"
}

signed() { # NAME CN USAGE: NAME-privkey.pem and NAME-cert.pem, CN=CN, signed by the CA
  local name=$1 cn=$2 usage=$3
  [[ -f $DIR/cacert.pem && -f $DIR/cakey.pem ]] || { echo "no CA in $DIR: run '$0 --dir $DIR ca' first" >&2; exit 1; }
  key "$DIR/$name-privkey.pem"
  [[ -f $DIR/$name-cert.pem ]] && return 0
  local ext
  ext=$(mktemp)
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyAgreement\nextendedKeyUsage=%s\n' \
    "$usage" >"$ext"
  openssl req -new -key "$DIR/$name-privkey.pem" -subj "/O=appnet/CN=$cn" 2>/dev/null |
    openssl x509 -req -CA "$DIR/cacert.pem" -CAkey "$DIR/cakey.pem" -set_serial "0x$(openssl rand -hex 16)" \
      -days 825 -extfile "$ext" -out "$DIR/$name-cert.pem" 2>/dev/null
  rm -f "$ext"
  echo "$name: $DIR/$name-cert.pem (CN $cn), key $DIR/$name-privkey.pem"
}

self_signed() { # NAME
  local file=$DIR/$1-selfsigned
  key "$file-privkey.pem"
  [[ -f $file-cert.pem ]] && return 0
  openssl req -new -x509 -key "$file-privkey.pem" -out "$file-cert.pem" -days 825 -subj "/O=appnet/CN=$1" 2>/dev/null
  echo "$1: $file-cert.pem (self-signed, CN $1)"
}

check_name() {
  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ ]] \
    || { echo "host id '$1' must be 1-128 characters of [A-Za-z0-9._-], starting with a letter or digit" >&2; exit 2; }
  [[ $1 != "$CONTROLLER_CN" && $1 != controller ]] || { echo "'$1' is reserved for the controller" >&2; exit 2; }
}

if [[ ${1:-} == --dir ]]; then
  [[ $# -ge 2 ]] || usage
  DIR=$2
  shift 2
fi
[[ $# -ge 1 ]] || usage
mkdir -p "$DIR"
case $1 in
  ca) [[ $# -eq 1 ]] || usage; ca ;;
  controller) [[ $# -eq 1 ]] || usage; signed controller "$CONTROLLER_CN" serverAuth,clientAuth ;;
  host) [[ $# -eq 2 ]] || usage; check_name "$2"; signed "$2" "$2" clientAuth,serverAuth ;;
  self-signed) [[ $# -eq 2 ]] || usage; check_name "$2"; self_signed "$2" ;;
  -h|--help) usage 0 ;;
  *) usage ;;
esac
