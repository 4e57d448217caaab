#!/bin/sh
# Makes (once) the Debian 12 tree PackageInstallIT boots with systemd-nspawn: systemd to boot, and everything the
# fleetban package depends on, because the booted container has no network. Reused while its package list is the
# same; a concurrent caller (CI starts this early, in the background) waits for the first one to finish.
#   debian-tree.sh DIR      (mirror: $DEBIAN_MIRROR, else this machine's apt sources, else deb.debian.org)
set -eu
dir=$1
packages=systemd,systemd-sysv,dbus,openjdk-17-jre-headless,adduser,ipset,iptables,nftables,iproute2,procps
stamp="bookworm minbase $packages"

mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
flock 9
if [ -f "$dir/.fleetban-tree" ] && [ "$(cat "$dir/.fleetban-tree")" = "$stamp" ]; then
    exit 0
fi
mirror=${DEBIAN_MIRROR:-$(grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d 2>/dev/null | head -n 1 | tr -d ' ' || true)}
rm -rf "$dir" "$dir.tmp"
debootstrap --variant=minbase --include="$packages" bookworm "$dir.tmp" "${mirror:-http://deb.debian.org/debian}" >&2
rm -f "$dir.tmp"/var/cache/apt/archives/*.deb
printf '%s\n' "$stamp" >"$dir.tmp/.fleetban-tree"
mv "$dir.tmp" "$dir"
