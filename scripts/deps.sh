#!/bin/sh
# Installs every Debian 12 package that building and testing shipgate needs.
# Idempotent: packages already present are left alone. Run as root (or with
# sudo available) on a fresh Debian 12 after nothing else.
set -eu

PACKAGES="
  build-essential pkg-config git ca-certificates
  clang llvm libclang-rt-14-dev
  libfyaml-dev libjansson-dev libyajl-dev
  libsqlite3-dev libpq-dev
  libcurl4-openssl-dev libmicrohttpd-dev
  libgit2-dev libsodium-dev libvectorscan-dev
  libzstd-dev libarchive-dev libxml2-dev
  libcmocka-dev perl python3
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "deps: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
