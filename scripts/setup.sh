#!/usr/bin/env bash
# Installs what gitops-agent needs to build, test and benchmark on Debian bookworm.
# Idempotent: when everything is present it prints nothing and exits quickly.
set -euo pipefail

# Debian packages: C libraries for the SwiftPM system-library targets, and the real servers
# the tests start on loopback (git daemon ships with git; lighttpd for smart HTTP; sshd).
apt_packages=(
    pkg-config libyaml-dev libcurl4-openssl-dev libmicrohttpd-dev
    git openssl lighttpd lighttpd-mod-openssl openssh-server openssh-client time
)
python_packages=(yamllint pre-commit kubernetes-validate)

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
libgit2_ok=0
if pkg-config --atleast-version=1.8 libgit2 2>/dev/null; then libgit2_ok=1; fi

if [ "${#missing[@]}" -gt 0 ] || [ "$libgit2_ok" -eq 0 ]; then
    # libgit2 >= 1.8 (shallow fetch, server timeouts) lives in bookworm-backports. Reuse the
    # Debian mirror this machine is already configured with rather than naming a host here.
    backports=/etc/apt/sources.list.d/backports.sources
    if [ ! -f "$backports" ]; then
        mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)$/\1/p' \
            /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
        if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
            mirror=$(awk '$1=="deb" && $2 ~ /\/debian$/ {print $2; exit}' /etc/apt/sources.list)
        fi
        if [ -z "$mirror" ]; then
            echo "setup: no Debian mirror found in /etc/apt/sources.list.d/debian.sources" >&2
            exit 2
        fi
        printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' \
            "$mirror" /usr/share/keyrings/debian-archive-keyring.gpg | "${sudo_cmd[@]}" tee "$backports" >/dev/null
    fi
    echo "setup: installing Debian packages: ${missing[*]:-} libgit2-dev(bookworm-backports)"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    if [ "${#missing[@]}" -gt 0 ]; then
        "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    if [ "$libgit2_ok" -eq 0 ]; then
        "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends -t bookworm-backports libgit2-dev >/dev/null
    fi
fi

# Python tools used by tests (pre-commit framework, yamllint agreement) and benchmarks.
pip_missing=()
for p in "${python_packages[@]}"; do
    python3 -m pip show -q "$p" >/dev/null 2>&1 || pip_missing+=("$p")
done
if [ "${#pip_missing[@]}" -gt 0 ]; then
    echo "setup: installing Python tools: ${pip_missing[*]}"
    python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore "${pip_missing[@]}"
fi
