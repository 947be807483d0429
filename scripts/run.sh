#!/usr/bin/env bash
# Sets everything up (idempotent) and runs the appliance on its embedded default until Ctrl-C: DPDK's
# net_af_packet driver on a veth pair, fed at 20 kpps by probe-send looping a generated IMIX capture from a
# network namespace; a recorder writes a ring of pcap files; metrics on 127.0.0.1:9477; consumers attach with zcap -i demo0.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
STATE=/var/lib/probe-appliance
DEMO=$STATE/demo-imix.pcap
[ -f "$DEMO" ] || appliance generate --packets 100000 --mix imix "$DEMO"
./scripts/veth-lab.sh up demo 1 >/dev/null
ip netns exec demo /opt/probe-appliance/bin/probe-send -q -i demo-s -r "$DEMO" -n 1000000 -p 20000 &
sender=$!
cleanup() { kill "$sender" 2>/dev/null || true; wait "$sender" 2>/dev/null || true; ./scripts/veth-lab.sh down demo >/dev/null || true; }
trap cleanup EXIT
echo "run: traffic on demo-s -> demo-c; try: zcap -i demo0 -c 100 -w /tmp/dns.pcap udp port 53; appliance stat; curl -s 127.0.0.1:9477/metrics" >&2
appliance run --config config/demo-dpdk.yaml "$@"
