#!/usr/bin/env bash
# veth-lab.sh - the throw-away test network of the AF_XDP tests and perf runs (root only).
#
#   scripts/veth-lab.sh up NAME [CHANNELS] [MTU]   create or re-apply (idempotent)
#   scripts/veth-lab.sh down NAME                  remove everything "up" made (idempotent)
#
# "up" makes a network namespace NAME holding the sender end NAME-s of a veth pair whose other end, NAME-c,
# stays in the root namespace as the capture side; both ends get CHANNELS rx and tx queues (default 1),
# the MTU (default 1500), IPv6 off and link up. No address and no route is configured: senders use raw
# AF_PACKET sockets on NAME-s, so nothing on the pair can reach any other network, and the pair carries no
# traffic of the kernel's own (IPv6 on would add router solicitations and DAD to every capture).
#
# NAME: 1-12 characters [A-Za-z0-9_], so that NAME-c and NAME-s fit the kernel's 15-character limit. Give
# every user its own NAME (tests use a per-process one): labs of different names never touch each other.
set -euo pipefail

usage() {
    echo "usage: $0 up NAME [CHANNELS] [MTU] | $0 down NAME" >&2
    exit 2
}
say() { printf 'veth-lab %s: %s\n' "$name" "$*"; }

[ $# -ge 2 ] || usage
action=$1
name=$2
[[ $name =~ ^[A-Za-z0-9_]{1,12}$ ]] || { echo "veth-lab: NAME '$name' must be 1-12 characters of [A-Za-z0-9_]" >&2; exit 2; }
capture="${name}-c"
sender="${name}-s"
ns="$name"
[ "$(id -u)" -eq 0 ] || { echo "veth-lab: must run as root (creates a namespace and links)" >&2; exit 1; }

in_ns() { ip netns exec "$ns" "$@"; }
ns_exists() { ip netns list | awk '{print $1}' | grep -qx "$ns"; }

case "$action" in
up)
    channels=${3:-1}
    mtu=${4:-1500}
    [[ $channels =~ ^[1-9][0-9]*$ ]] || { echo "veth-lab: CHANNELS '$channels' is not a positive number" >&2; exit 2; }
    [[ $mtu =~ ^[1-9][0-9]*$ ]] || { echo "veth-lab: MTU '$mtu' is not a positive number" >&2; exit 2; }
    # A veth gets as many queues as the machine has CPUs unless told at creation; ask for at least
    # CHANNELS so that "ethtool -L" can raise the count later without recreating the pair.
    queues=$(( channels > $(nproc) ? channels : $(nproc) ))

    if ns_exists; then
        say "namespace $ns exists"
    else
        ip netns add "$ns"
        say "created namespace $ns"
    fi
    if ip link show "$capture" >/dev/null 2>&1; then
        say "link $capture exists"
        in_ns ip link show "$sender" >/dev/null 2>&1 \
            || { echo "veth-lab: $capture exists but its peer $sender is not in namespace $ns; run '$0 down $name' first" >&2; exit 1; }
    else
        # An old pair may have its sender end back in the root namespace (its namespace was deleted).
        ip link del "$sender" 2>/dev/null || true
        ip link add "$capture" numtxqueues "$queues" numrxqueues "$queues" type veth \
            peer name "$sender" numtxqueues "$queues" numrxqueues "$queues" netns "$ns"
        say "created veth pair $capture (root namespace, capture side) <-> $sender (namespace $ns, sender side)"
    fi

    # IPv6 off before the link comes up, so not one router solicitation or DAD probe is ever sent.
    sysctl -qw "net.ipv6.conf.$capture.disable_ipv6=1"
    in_ns sysctl -qw "net.ipv6.conf.$sender.disable_ipv6=1"
    # Channels: ethtool refuses to "change" to the current count on some versions; compare first.
    for side in root ns; do
        if [ $side = root ]; then dev=$capture; run=(); else dev=$sender; run=(ip netns exec "$ns"); fi
        current=$("${run[@]}" ethtool -l "$dev" | awk '/^Current/ {cur=1} cur && /^RX:/ {print $2; exit}')
        if [ "$current" != "$channels" ] || [ "$("${run[@]}" ethtool -l "$dev" | awk '/^Current/ {cur=1} cur && /^TX:/ {print $2; exit}')" != "$channels" ]; then
            "${run[@]}" ethtool -L "$dev" rx "$channels" tx "$channels"
        fi
        "${run[@]}" ip link set "$dev" mtu "$mtu" up
    done
    in_ns ip link set lo up
    say "$capture and $sender: $channels rx/tx channel(s), mtu $mtu, ipv6 off, up"
    ;;
down)
    [ $# -eq 2 ] || usage
    if ip link del "$capture" 2>/dev/null; then
        say "deleted veth pair $capture <-> $sender"
    fi
    if ns_exists; then
        ip netns del "$ns"
        say "deleted namespace $ns"
    fi
    # A sender end left in the root namespace by an interrupted "up" (deleting the pair removes both ends).
    ip link del "$sender" 2>/dev/null && say "deleted stray link $sender" || true
    say "down"
    ;;
*)
    usage
    ;;
esac
