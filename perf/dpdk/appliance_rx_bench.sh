#!/usr/bin/env bash
# Column (c) of run_rx_bench.sh: the appliance itself on a DPDK vdev, one poll core, busy-polling,
# with DESCRIPTORS consumer processes (pzc_capture -w /dev/null, filter `udp and dst port 9`) each
# attached to the queue through the control socket, reading and acknowledging every buffer.
#
#   perf/dpdk/appliance_rx_bench.sh VDEV SECONDS
#   env: CORE (1: the poll core), BURST (32: packets per receive call), DESCRIPTORS (1), BUFFER_KIB (2048: per zbuf buffer,
#        pzc_capture's and tcpdump's default; see perf/README.md on why not larger),
#        FILTER ("udp and dst port 9"), APPLIANCE (the appliance command; out/appliance/appliance),
#        CONSUMER (pzc: native/build/pzc_capture, the C client; zcap: out/zcap/zcap, the C# one)
#
# Prints one line: "mpps=X cpu_mpps=Y captured_mpps=Z dropped_mpps=W captured_total_mpps=ZT
# dropped_total_mpps=WT appliance_rss_kib=R consumers_rss_kib=C appliance_hugetlb_kib=AH
# consumers_hugetlb_kib=CH hugepages_used_kib=H" where X is the rate at which packets reached the
# descriptor (the poll thread's rx rate, counted by the first descriptor's `received`), Y the same per
# CPU-second of the poll thread, Z/W what the first descriptor captured into its buffers / dropped
# because both buffers were still held by its consumer, ZT/WT the same summed over every descriptor;
# R and C the resident memory of the appliance and of all consumers together (hugepage mappings are
# not in it), AH and CH their hugepage mappings (smaps_rollup Private_Hugetlb + Shared_Hugetlb: the
# appliance's mempool and zbuf buffers; the consumers' mappings of those buffers), H the machine's
# hugepage memory in use during the run above what was in use before it (moves with anything else
# that uses hugepages meanwhile).
set -euo pipefail

vdev=$1
secs=$2
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
core=${CORE:-1}
descriptors=${DESCRIPTORS:-1}
buffer_kib=${BUFFER_KIB:-2048}
filter=${FILTER:-udp and dst port 9}
appliance=${APPLIANCE:-$repo/out/appliance/appliance}
other_core=$(( core == 0 ? 1 : 0 ))
work=$(mktemp -d)
work_socket=$work/control.sock
case ${CONSUMER:-pzc} in
    pzc) consumer=("$repo/native/build/pzc_capture" -s "$work_socket") ;;
    zcap) consumer=("$repo/out/zcap/zcap" --socket "$work_socket") ;;
    *) echo "CONSUMER must be pzc or zcap" >&2; exit 2 ;;
esac

pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/bench.yaml" <<EOF
state_directory: $work/state
hugepages: prefer
status_interval_seconds: 0
metrics_listen: ""
control_socket: $work_socket
dpdk:
  eal_args: ["-l", "$other_core,$core", "--log-level=*:error"]
ports:
  - name: p0
    type: dpdk
    device: ${vdev%%,*}
    vdev: "$vdev"
    queues: 1
    cores: [$core]
    idle: busy-poll
    burst_size: ${BURST:-32}
EOF

huge_free() { awk '/^HugePages_Free:/ {f = $2} /^Hugepagesize:/ {s = $2} END {print f * s}' /proc/meminfo; }
free_before=$(huge_free)
"$appliance" run --config "$work/bench.yaml" > "$work/appliance.log" 2>&1 &
appliance_pid=$!
pids+=("$appliance_pid")
for _ in $(seq 100); do [ -S "$work/control.sock" ] && break; sleep 0.1; done
[ -S "$work/control.sock" ] || { cat "$work/appliance.log" >&2; echo "appliance did not start" >&2; exit 1; }

for i in $(seq "$descriptors"); do
    # The consumers share the other core: the poll core is the appliance's alone.
    taskset -c "$other_core" "${consumer[@]}" -i p0 -w /dev/null -B "$buffer_kib" $filter \
        > "$work/pzc$i.log" 2>&1 &
    pids+=("$!")
done

# The first descriptor's counters "received matched captured dropped", then captured and dropped summed
# over every descriptor, from `appliance stat`.
counters() {
    "$appliance" stat --socket "$work/control.sock" |
        awk 'NR == 2 { first = $5 " " $7 " " $8 " " $6 } NR > 1 { c += $8; d += $6 } END { print first, c, d }'
}
# CPU ticks of the poll thread (its name is poll-PORT-qN).
poll_ticks() {
    for t in /proc/"$appliance_pid"/task/*; do
        if [ "$(cat "$t/comm" 2>/dev/null)" = poll-p0-q0 ]; then awk '{print $14 + $15}' "$t/stat"; return; fi
    done
    echo 0
}

for _ in $(seq 100); do
    [ "$("$appliance" stat --socket "$work/control.sock" | awk 'NR > 1' | wc -l)" -ge "$descriptors" ] && break
    sleep 0.1
done
sleep 1
t0=$(date +%s.%N); c0=$(counters); k0=$(poll_ticks)
sleep "$secs"
t1=$(date +%s.%N); c1=$(counters); k1=$(poll_ticks)
rss() { awk '/^VmRSS:/ {s += $2} END {print s + 0}' "$@" 2>/dev/null || echo 0; }
appliance_rss=$(rss "/proc/$appliance_pid/status")
consumer_status=(); for p in "${pids[@]:1}"; do consumer_status+=("/proc/$p/status"); done
consumers_rss=$(rss "${consumer_status[@]}")
hugetlb() { awk '/^(Private|Shared)_Hugetlb:/ {s += $2} END {print s + 0}' "$@" 2>/dev/null || echo 0; }
appliance_hugetlb=$(hugetlb "/proc/$appliance_pid/smaps_rollup")
consumers_hugetlb=$(hugetlb "${consumer_status[@]/%status/smaps_rollup}")
huge_used=$(( free_before - $(huge_free) ))

awk -v extra="appliance_rss_kib=$appliance_rss consumers_rss_kib=$consumers_rss appliance_hugetlb_kib=$appliance_hugetlb consumers_hugetlb_kib=$consumers_hugetlb hugepages_used_kib=$huge_used" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v k0="$k0" -v k1="$k1" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(c0, a, " "); split(c1, b, " ");
    wall = t1 - t0; cpu = (k1 - k0) / hz;
    rx = b[1] - a[1];
    printf "mpps=%.2f cpu_mpps=%.2f captured_mpps=%.2f dropped_mpps=%.2f captured_total_mpps=%.2f dropped_total_mpps=%.2f %s\n",
        rx / wall / 1e6, (cpu > 0 ? rx / cpu / 1e6 : 0), (b[3] - a[3]) / wall / 1e6, (b[4] - a[4]) / wall / 1e6,
        (b[5] - a[5]) / wall / 1e6, (b[6] - a[6]) / wall / 1e6, extra
}'
