#!/bin/sh
# veth_env.sh TEST_BINARY MODE - runs test_veth_rx in a throw-away network: a namespace holding
# one end of a veth pair, the other end here, both with 2 rx/tx channels (net_af_xdp binds one
# vdev per channel). Everything is removed on exit, whatever the test does.
set -eu
bin=$1
mode=$2
tag=$$
ns=pdkns$tag
here=pdk${tag}a   # interface names are limited to 15 characters
peer=pdk${tag}b

cleanup() {
    ip link del "$here" 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

ip netns add "$ns"
ip link add "$here" type veth peer name "$peer"
ip link set "$peer" netns "$ns"
ethtool -L "$here" rx 2 tx 2
ip netns exec "$ns" ethtool -L "$peer" rx 2 tx 2
ip link set "$here" up
ip netns exec "$ns" ip link set "$peer" up
# IPv6 on the test link only adds the kernel's own chatter (router solicitations).
sysctl -qw "net.ipv6.conf.$here.disable_ipv6=1" 2>/dev/null || true

"$bin" "$mode" "$here" "$ns" "$peer"
