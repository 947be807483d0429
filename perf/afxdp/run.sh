#!/usr/bin/env bash
# perf/afxdp/run.sh - on a veth pair: the fastest this machine can send, and for each capture contender the
# highest offered rate it captures with no loss and the CPU it uses per million packets.
#
#   perf/afxdp/run.sh            (root; builds what it needs; about 5 minutes)
#   env: RATES ("100000 200000 ..."), SECONDS_PER_STEP (2), CONTENDERS (see below), SEND_CPU (0), CAPTURE_CPU (1),
#        AFXDP_FRAMES (16384: a 64 MiB UMEM, as much buffer as tcpdump's -B 65536)
#
# Traffic: 64-byte UDP frames over 256 flows (native/build/gen_udp64_pcap), sent by native/build/probe-send from the
# lab's namespace (AF_PACKET, PACKET_QDISC_BYPASS, sendmmsg batches of 64), rate-limited, pinned to SEND_CPU.
# Contenders, each pinned to CAPTURE_CPU, one queue:
#   afxdp-native   the appliance's data path over AF_XDP (tests/AfXdp.Capturer --zbuf, Release): AfXdpRxQueue ->
#                  QueuePoller (busy poll) -> accept-all filter -> zbuf descriptor -> a consumer thread reading it
#   afxdp-native-backoff  the same with the poll thread's backoff idle policy (sleeps when the queue is empty)
#   afxdp-generic  the same with generic (skb) XDP
#   appliance-dpdk-af-xdp  the same appliance data path fed by DPDK's net_af_xdp PMD (AfXdp.Capturer --zbuf
#                  --dpdk: DpdkRxQueue over native/build/libprobe_dpdk.so), 16384 rx descriptors, 32767 mbufs
#   dpdk-af-xdp    DPDK's net_af_xdp PMD in dpdk-testpmd --forward-mode=rxonly, 16384 rx descriptors, 32768
#                  mbufs: DPDK's own C loop, for reference
#   tcpdump        tcpdump -i IFACE -B 65536 -w /dev/null
# A step offers RATE pps for SECONDS_PER_STEP seconds; "no loss" means captured = sent. A rate that loses is tried
# once more before the ladder stops. CPU is the capture process's utime+stime (all its threads) from the start of
# the send to 0.3 s after it, divided by the packets captured: "CPU seconds per million packets". The kernel's
# share of the work (veth NAPI, XDP, the copy into the UMEM or the AF_PACKET ring) runs in softirq on the
# sender's CPU and is not in it. Busy-polling contenders use a whole core whatever the rate, so their figure
# falls as the rate rises; tcpdump sleeps when idle.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$repo/native/build
rates=${RATES:-"100000 200000 300000 400000 500000 600000 800000 1000000"}
secs=${SECONDS_PER_STEP:-2}
contenders=${CONTENDERS:-"afxdp-native afxdp-native-backoff afxdp-generic appliance-dpdk-af-xdp dpdk-af-xdp tcpdump"}
send_cpu=${SEND_CPU:-0}
capture_cpu=${CAPTURE_CPU:-1}
# 16384 frames of 4096 B: a 64 MiB UMEM, the buffer tcpdump gets from -B 65536 (KiB).
afxdp_frames=${AFXDP_FRAMES:-16384}
hz=$(getconf CLK_TCK)

log() { printf '[afxdp-perf] %s\n' "$*" >&2; }

[ "$(id -u)" -eq 0 ] || { echo "run.sh: needs root" >&2; exit 1; }
if [ ! -x "$build/probe-send" ] || [ ! -x "$build/gen_udp64_pcap" ] || [ ! -e "$build/libprobe_dpdk.so" ]; then
    log "building native/"
    cmake -S "$repo/native" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j "$(nproc)" >/dev/null
fi
log "building the capturer (Release)"
dotnet build "$repo/tests/AfXdp.Capturer" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
capturer=$repo/tests/AfXdp.Capturer/bin/Release/net10.0/AfXdp.Capturer.dll
command -v dpdk-testpmd >/dev/null || { echo "run.sh: dpdk-testpmd missing: apt-get install dpdk-dev" >&2; exit 1; }
sh "$repo/native/tests/ensure_hugepages.sh" 128 >/dev/null

lab=pf$$
work=$(mktemp -d)
cleanup() {
    [ -n "${capture_pid:-}" ] && kill -9 "$capture_pid" 2>/dev/null || true
    "$repo/scripts/veth-lab.sh" down "$lab" >/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
"$repo/scripts/veth-lab.sh" up "$lab" 1 1500 >/dev/null
here_if=$lab-c
peer_if=$lab-s
pcap=$work/udp64.pcap
"$build/gen_udp64_pcap" "$pcap" 1024 256 >/dev/null

ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# send RATE COUNT -> "sent refused pps"
send() {
    local args=(-i "$peer_if" -r "$pcap" -c "$2" -C "$send_cpu" -q)
    [ "$1" -gt 0 ] && args+=(-p "$1")
    ip netns exec "$lab" "$build/probe-send" "${args[@]}" |
        sed -n 's/.*sent=\([0-9]*\) refused=\([0-9]*\) .* pps=\([0-9]*\).*/\1 \2 \3/p'
}

wait_for() { # FILE PATTERN SECONDS
    local i
    for ((i = 0; i < $3 * 20; i++)); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "run.sh: '$2' did not appear in $1:" >&2
    cat "$1" >&2
    return 1
}

wait_exit() { # PID: the process may not be our child (started in another subshell), so poll
    while kill -0 "$1" 2>/dev/null; do sleep 0.05; done
}

# start_CONTENDER: starts it on the lab, sets capture_pid, returns once it captures.
# stop_CONTENDER: stops it; writes the packets it captured to $work/captured.
start_afxdp() { # MODE IDLE [EXTRA...]
    local mode=$1 idle=$2
    shift 2
    rm -f "$work/in"
    mkfifo "$work/in"
    # The whole process on the capture CPU (as tcpdump is), so that its consumer and runtime threads leave the
    # sender's CPU alone; the poll thread is pinned there too.
    taskset -c "$capture_cpu" dotnet "$capturer" -i "$here_if" --queues 0 --mode "$mode" --zbuf --idle "$idle" \
        --core "$capture_cpu" --frame-count "$afxdp_frames" "$@" \
        < "$work/in" > "$work/out" 2>&1 &
    capture_pid=$!
    exec 3> "$work/in"
    wait_for "$work/out" '^ready' 30
}
stop_afxdp() {
    echo stop >&3
    exec 3>&-
    wait_exit "$capture_pid"
    sed -n 's/^total packets=\([0-9]*\).*/\1/p' "$work/out" > "$work/captured"
}
start_afxdp-native() { start_afxdp native busy-poll; }
stop_afxdp-native() { stop_afxdp; }
start_afxdp-generic() { start_afxdp generic busy-poll; }
start_appliance-dpdk-af-xdp() { start_afxdp native busy-poll --dpdk; }
stop_appliance-dpdk-af-xdp() { stop_afxdp; }
stop_afxdp-generic() { stop_afxdp; }
start_afxdp-native-backoff() { start_afxdp native backoff; }
stop_afxdp-native-backoff() { stop_afxdp; }

start_tcpdump() {
    taskset -c "$capture_cpu" tcpdump -i "$here_if" -B 65536 -w /dev/null -n > "$work/out" 2>&1 &
    capture_pid=$!
    wait_for "$work/out" 'listening on' 10
}
stop_tcpdump() {
    kill -INT "$capture_pid"
    wait_exit "$capture_pid"
    # "received by filter" counts what the kernel put in tcpdump's ring: on SIGINT tcpdump stops without reading
    # a part-filled block, so "captured" can fall short although nothing was lost; drops show as "dropped by
    # kernel" and keep "received by filter" short of what was sent.
    sed -n 's/^\([0-9]*\) packets received by filter.*/\1/p' "$work/out" > "$work/captured"
    grep -h 'captured\|dropped by kernel' "$work/out" | tr '\n' ';' >&2 || true
    echo >&2
}

start_dpdk-af-xdp() {
    rm -f "$work/in"
    mkfifo "$work/in"
    # As much buffer as the others: 16384 rx descriptors and 32768 mbufs of 2 KiB (64 MiB).
    dpdk-testpmd -l "$send_cpu,$capture_cpu" --no-pci --in-memory --file-prefix="afxdpperf$$" \
        --vdev="net_af_xdp0,iface=$here_if,start_queue=0,queue_count=1" -- -i --forward-mode=rxonly --nb-cores=1 \
        --rxd=16384 --total-num-mbufs=32768 --no-flush-rx < "$work/in" > "$work/out" 2>&1 &
    capture_pid=$!
    exec 3> "$work/in"
    wait_for "$work/out" 'testpmd>' 30
    echo start >&3
    wait_for "$work/out" 'rxonly packet forwarding' 10
}
stop_dpdk-af-xdp() {
    echo "show port stats all" >&3
    sleep 0.5
    echo quit >&3
    exec 3>&-
    wait_exit "$capture_pid"
    sed -n 's/^ *RX-packets: *\([0-9]*\) *RX-missed.*/\1/p' "$work/out" | head -1 > "$work/captured"
    grep -h 'RX-missed' "$work/out" | head -1 >&2 || true
    rmdir "/var/run/dpdk/afxdpperf$$" 2>/dev/null || true
}

# step CONTENDER RATE: sets sent, refused, achieved (the rate the sender reached), captured, cpu (seconds)
step() {
    local count=$(($2 * secs)) t0 t1
    "start_$1"
    t0=$(ticks "$capture_pid")
    read -r sent refused achieved < <(send "$2" "$count")
    sleep 0.3
    t1=$(ticks "$capture_pid")
    # tcpdump's TPACKET_V3 ring hands a part-filled block to user space only when its timeout (1 s) expires.
    sleep 1.2
    "stop_$1"
    capture_pid=
    captured=$(cat "$work/captured")
    captured=${captured:-0}
    cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN {printf "%.3f", (b - a) / hz}')
}

log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
log "sender ceiling (probe-send, no rate limit, 2M frames; nothing capturing: frames die in the root namespace's stack)"
read -r s0 r0 p0 < <(send 0 2000000)
log "  probe-send: $p0 pps ($r0 refused)"
tcpreplay_pps=$(ip netns exec "$lab" tcpreplay -i "$peer_if" --topspeed --loop=200 "$pcap" 2>&1 |
    sed -n 's/.*Rated: .*, \([0-9.]*\) pps.*/\1/p' | head -1)
log "  tcpreplay --topspeed: ${tcpreplay_pps:-?} pps"
start_afxdp native busy-poll
read -r s1 r1 p1 < <(send 0 2000000)
sleep 0.3
stop_afxdp
capture_pid=
c1=$(cat "$work/captured")
log "  probe-send into an AF_XDP capture (native): $p1 pps; captured $c1 of $s1"

results=$work/results
: > "$results"
for c in $contenders; do
    best=0
    best_cpu=n/a
    note=
    for rate in $rates; do
        ok=no
        for attempt in 1 2; do
            step "$c" "$rate"
            per=$(awk -v c="$cpu" -v n="$captured" 'BEGIN {if (n > 0) printf "%.2f", c / n * 1e6; else print "n/a"}')
            log "$c at $rate pps: sent $sent at $achieved pps (refused $refused), captured $captured, cpu ${cpu}s, ${per} cpu-s/Mpkt"
            echo "$c $rate $achieved $attempt $sent $captured $cpu $per" >> "$results"
            if [ "$captured" = "$sent" ] && [ "$refused" = 0 ]; then ok=yes; break; fi
        done
        [ $ok = yes ] || break
        best=$achieved
        best_cpu=$per
        # The sender fell short of the offered rate: faster steps would only measure the sender.
        if [ "$achieved" -lt $((rate * 95 / 100)) ]; then note=" (sender-limited)"; break; fi
    done
    echo "| $c | $best$note | $best_cpu |" >> "$work/table"
done

echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); sender ceiling: probe-send $p0 pps (nothing capturing), $p1 pps (AF_XDP capture), tcpreplay ${tcpreplay_pps:-?} pps"
echo
echo "| contender | highest loss-free rate (pps, as achieved by the sender) | CPU s per Mpkt there |"
echo "|---|---|---|"
cat "$work/table"
echo
echo "steps (contender offered_pps achieved_pps attempt sent captured cpu_s cpu_s_per_Mpkt):"
cat "$results"
