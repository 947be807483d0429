#!/usr/bin/env bash
# perf/afxdp/run.sh - on a veth pair: the fastest this machine can send, and for each capture contender the
# highest offered rate it captures with no loss and the CPU it uses per million packets.
#
#   perf/afxdp/run.sh            (root; builds what it needs; about 5 minutes)
#   env: RATES ("100000 200000 ..."), SECONDS_PER_STEP (2), CONTENDERS (see below), SEND_CPU (0), CAPTURE_CPU (1),
#        AFXDP_FRAMES (16384: a 64 MiB UMEM, as much buffer as tcpdump's -B 65536),
#        SEARCH (ladder | bisect), REFINE (2), REPEATS (1), DEADLINE (seconds, none), CEILING (full | short | none),
#        OUTPUT (table | tsv)
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
#   daemon-afxdp   the appliance daemon itself (`appliance run`, an afxdp port, backoff idle policy) with one
#                  consumer process (pzc_capture -w /dev/null -B 32768), both on CAPTURE_CPU
#   daemon-dpdk-af-xdp  the same with a dpdk port on DPDK's net_af_xdp PMD (16384 rx descriptors, 32767 mbufs)
#   tcpdump        tcpdump -i IFACE -B 65536 -w /dev/null
# A step starts the contender, offers RATE pps for SECONDS_PER_STEP seconds, lets the capture drain and stops it;
# "no loss" means captured = sent and no frame refused by the veth. CPU is the time the capture process's threads
# ran (schedstat) from the start of the send until it has drained (0.3 s after the send; tcpdump 1.5 s, see
# drain_of), divided by the packets captured: "CPU seconds per million packets". The kernel's share of the work
# (veth NAPI, XDP, the copy into the UMEM or the AF_PACKET ring) runs in softirq on the sender's CPU and is not
# in it. Busy-polling contenders use a whole core whatever the rate, so their figure falls as the rate rises;
# tcpdump sleeps when idle.
#
# Two searches for the highest loss-free rate:
#   SEARCH=ladder  (default) the RATES in order; a rate that loses is tried once more before the ladder stops,
#                  and it stops too when the sender falls short of the offered rate (sender-limited).
#   SEARCH=bisect  one step with the sender unthrottled (as fast as it goes, for SECONDS_PER_STEP seconds); if that
#                  is loss-free the answer is the rate the sender reached (sender-limited). Otherwise REFINE
#                  bisection steps between 0 and that rate: loss-free at r moves the floor up to r, a loss moves
#                  the ceiling down to r. The answer is the floor (0 if every step lost), within 1/2^REFINE of
#                  the unthrottled rate. No retries: REPEATS searches take care of chance losses.
# REPEATS runs the whole search REPEATS times, contenders interleaved (A B C, A B C, ...), so that background load
# falls on all alike. DEADLINE (seconds from the start of this script) stops before a repetition that would,
# at the pace of the slowest one so far, end after it; the output says how many repetitions ran.
#
# OUTPUT=table (default): a markdown table and the steps, for people. OUTPUT=tsv: only tab-separated records on
# stdout, for perf/sections/live.sh (progress still goes to stderr):
#   load      start|end          "1-min 5-min 15-min"
#   ceiling   WHAT               PPS    (probe-send-alone, tcpreplay-alone, probe-send-into-afxdp-native)
#   step      REP  CONTENDER  OFFERED_PPS (0 = unthrottled)  ACHIEVED_PPS  SENT  REFUSED  CAPTURED  CPU_S
#             CPU_S_PER_MPKT (n/a if nothing captured)  ok|loss
#   search    REP  CONTENDER  LOSSLESS_PPS  CPU_S_PER_MPKT (at that step; n/a if none)  LIMIT: sender-limited (the
#             sender reached no more; the capture may take more), capture-limited (a faster step lost packets),
#             lost-everywhere (every step lost packets; LOSSLESS_PPS 0), ladder-top (every rung of RATES passed)
#   repeats   DONE  ASKED  SECONDS
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
search=${SEARCH:-ladder}
refine=${REFINE:-2}
repeats=${REPEATS:-1}
deadline=${DEADLINE:-0}
ceiling=${CEILING:-full}
output=${OUTPUT:-table}

log() { printf '[afxdp-perf] %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# Bad settings fail here, with the setting's name, not as an arithmetic error half-way through a run.
case $search in ladder | bisect) ;; *) die "SEARCH '$search': ladder or bisect" ;; esac
case $ceiling in full | short | none) ;; *) die "CEILING '$ceiling': full, short or none" ;; esac
case $output in table | tsv) ;; *) die "OUTPUT '$output': table or tsv" ;; esac
[[ $refine =~ ^[0-9]+$ ]] || die "REFINE '$refine' is not a whole number"
[[ $repeats =~ ^[1-9][0-9]*$ ]] || die "REPEATS '$repeats' is not a positive whole number"
[[ $deadline =~ ^[0-9]+$ ]] || die "DEADLINE '$deadline' is not a whole number of seconds"
[[ $secs =~ ^[0-9]*\.?[0-9]+$ ]] && awk -v s="$secs" 'BEGIN { exit !(s > 0) }' ||
    die "SECONDS_PER_STEP '$secs' is not a positive number"
for r in $rates; do [[ $r =~ ^[1-9][0-9]*$ ]] || die "RATES: '$r' is not a positive whole number of pps"; done
for c in $contenders; do
    case $c in
    afxdp-native | afxdp-native-backoff | afxdp-generic | appliance-dpdk-af-xdp | dpdk-af-xdp | tcpdump) ;;
    daemon-afxdp | daemon-dpdk-af-xdp) ;;
    *) die "CONTENDERS: unknown contender '$c'" ;;
    esac
done

[ "$(id -u)" -eq 0 ] || die "needs root"
if [ ! -x "$build/probe-send" ] || [ ! -x "$build/gen_udp64_pcap" ] || [ ! -e "$build/libprobe_dpdk.so" ]; then
    log "building native/"
    cmake -S "$repo/native" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j "$(nproc)" >/dev/null
fi
log "building the capturer (Release)"
dotnet build "$repo/tests/AfXdp.Capturer" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
capturer=$repo/tests/AfXdp.Capturer/bin/Release/net10.0/AfXdp.Capturer.dll
appliance=$repo/out/appliance/appliance
case " $contenders " in
*" daemon-"*) [ -x "$appliance" ] && [ -x "$build/pzc_capture" ] ||
    die "$appliance or $build/pzc_capture missing: run ./scripts/setup.sh" ;;
esac
command -v dpdk-testpmd >/dev/null || die "dpdk-testpmd missing: apt-get install dpdk-dev"
command -v tcpdump >/dev/null || die "tcpdump missing: apt-get install tcpdump"
sh "$repo/native/tests/ensure_hugepages.sh" 128 >/dev/null

lab=pf$$
work=$(mktemp -d)
cleanup() {
    [ -n "${capture_pid:-}" ] && kill -9 "$capture_pid" 2>/dev/null || true
    [ -n "${consumer_pid:-}" ] && kill -9 "$consumer_pid" 2>/dev/null || true
    "$repo/scripts/veth-lab.sh" down "$lab" >/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
"$repo/scripts/veth-lab.sh" up "$lab" 1 1500 >/dev/null
here_if=$lab-c
peer_if=$lab-s
pcap=$work/udp64.pcap
"$build/gen_udp64_pcap" "$pcap" 1024 256 >/dev/null

# CPU nanoseconds the process's threads have run (sum of /proc/PID/task/*/schedstat). Not utime + stime from
# /proc/PID/stat: those count whole clock ticks (10 ms), and tcpdump uses a few of them per step. Threads that
# end within a step would take their time with them; the contenders start all theirs before the send.
cpu_ns() { # PID...: summed over the processes (the daemon contenders are two)
    local p
    for p in "$@"; do cat /proc/"$p"/task/*/schedstat 2>/dev/null; done | awk '{ s += $1 } END { printf "%.0f\n", s }'
}

# Machine-readable records (OUTPUT=tsv) on stdout; nothing else goes there in that mode.
record() { [ "$output" = tsv ] && { local IFS=$'\t'; printf '%s\n' "$*"; } || true; }

# send RATE COUNT [SECONDS] -> "sent refused pps". RATE 0: as fast as the sender goes. With SECONDS the send is
# stopped after that long (SIGINT: probe-send still prints its totals).
send() {
    local args=(-i "$peer_if" -r "$pcap" -c "$2" -C "$send_cpu" -q) limit=()
    [ "$1" -gt 0 ] && args+=(-p "$1")
    [ -n "${3:-}" ] && limit=(timeout -s INT "$3")
    ip netns exec "$lab" "${limit[@]}" "$build/probe-send" "${args[@]}" |
        sed -n 's/.*sent=\([0-9]*\) refused=\([0-9]*\) .* pps=\([0-9]*\).*/\1 \2 \3/p'
}

# A background job's "> FILE" truncates FILE in the child, some time after the parent has gone on: a wait_for on
# a log a previous run left would match that run's line. Every start empties its log first, in the parent.
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
    : > "$work/out"
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
    : > "$work/out"
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

# The appliance daemon itself: `appliance run` with one port on the veth (AF_XDP, or DPDK's net_af_xdp PMD),
# its poll thread on the backoff idle policy (it sleeps when the link is idle, as tcpdump does), and one consumer
# process, `pzc_capture -w /dev/null -B 32768` (two 32 MiB buffers: tcpdump's -B 65536), attached through the
# control socket. Both processes pinned whole to the capture CPU; captured = what the consumer wrote.
start_daemon() { # PORT (one YAML flow mapping)
    cat > "$work/daemon.yaml" <<EOF
state_directory: $work/state
status_interval_seconds: 0
metrics_listen: ""
control_socket: $work/control.sock
dpdk:
  eal_args: ["-l", "$capture_cpu", "--log-level=*:error"]
ports:
  - $1
EOF
    rm -f "$work/control.sock"
    : > "$work/daemon.out"
    taskset -c "$capture_cpu" "$appliance" run --config "$work/daemon.yaml" > "$work/daemon.out" 2>&1 &
    capture_pid=$!
    wait_for "$work/daemon.out" 'appliance: running' 30
    taskset -c "$capture_cpu" "$build/pzc_capture" -s "$work/control.sock" -i p0 -w /dev/null -B 32768 \
        > "$work/out" 2>&1 &
    consumer_pid=$!
    local i
    for ((i = 0; i < 200; i++)); do
        [ "$("$appliance" stat --socket "$work/control.sock" 2>/dev/null | wc -l)" -ge 2 ] && return 0
        sleep 0.05
    done
    echo "run.sh: the consumer did not attach:" >&2
    cat "$work/out" "$work/daemon.out" >&2
    return 1
}
stop_daemon() {
    kill -INT "$consumer_pid"
    wait_exit "$consumer_pid"
    consumer_pid=
    # TERM, not INT: a background job of a non-interactive shell starts with SIGINT ignored, and .NET keeps it so.
    kill -TERM "$capture_pid"
    wait_exit "$capture_pid"
    sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$work/out" > "$work/captured"
    grep -h 'dropped' "$work/out" | tr '\n' ';' >&2 || true
    echo >&2
}
start_daemon-afxdp() {
    start_daemon "{name: p0, type: afxdp, device: $here_if, queues: 1, cores: [$capture_cpu], idle: backoff, xdp_mode: native, frame_count: $afxdp_frames}"
}
stop_daemon-afxdp() { stop_daemon; }
start_daemon-dpdk-af-xdp() {
    start_daemon "{name: p0, type: dpdk, device: net_af_xdp0, vdev: \"net_af_xdp0,iface=$here_if,start_queue=0,queue_count=1\", queues: 1, cores: [$capture_cpu], idle: backoff, rx_descriptors: 16384, mbufs_per_queue: 32767}"
}
stop_daemon-dpdk-af-xdp() { stop_daemon; }

start_dpdk-af-xdp() {
    rm -f "$work/in"
    mkfifo "$work/in"
    : > "$work/out"
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

# How long after the send a contender has everything it was sent in hand. The polling ones take what arrives
# within microseconds; tcpdump's TPACKET_V3 ring hands a part-filled block to user space only when its timeout
# (1 s) expires. Its CPU is counted over this time too: tcpdump sleeps while it waits, the others would spin.
drain_of() { case $1 in tcpdump) echo 1.5 ;; *) echo 0.3 ;; esac; }

# step REP CONTENDER RATE (0: unthrottled for SECONDS_PER_STEP): sets sent, refused, achieved (the rate the
# sender reached), captured, cpu (seconds), per (CPU s per Mpkt), ok (yes if nothing was lost); logs and records it.
step() {
    local rep=$1 c=$2 rate=$3 t0 t1
    "start_$c"
    # shellcheck disable=SC2086 # no consumer_pid: no argument
    t0=$(cpu_ns "$capture_pid" ${consumer_pid:-})
    if [ "$rate" -gt 0 ]; then
        read -r sent refused achieved < <(send "$rate" "$(awk -v r="$rate" -v s="$secs" 'BEGIN {printf "%d", r * s}')")
    else
        read -r sent refused achieved < <(send 0 1000000000000 "$secs")
    fi
    sleep "$(drain_of "$c")"
    # shellcheck disable=SC2086
    t1=$(cpu_ns "$capture_pid" ${consumer_pid:-})
    "stop_$c"
    capture_pid=
    captured=$(cat "$work/captured")
    captured=${captured:-0}
    cpu=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", (b - a) / 1e9}')
    per=$(awk -v c="$cpu" -v n="$captured" 'BEGIN {if (n > 0) printf "%.3f", c / n * 1e6; else print "n/a"}')
    ok=no
    [ "$captured" = "$sent" ] && [ "$refused" = 0 ] && ok=yes
    local offered=$rate
    [ "$rate" -gt 0 ] || offered=unthrottled
    log "$c at $offered pps: sent $sent at $achieved pps (refused $refused), captured $captured, cpu ${cpu}s, ${per} cpu-s/Mpkt"
    echo "$c $rate $achieved $sent $captured $cpu $per" >> "$work/steps"
    record step "$rep" "$c" "$rate" "$achieved" "$sent" "$refused" "$captured" "$cpu" "$per" \
        "$([ $ok = yes ] && echo ok || echo loss)"
}

# Each search sets best (highest loss-free rate, as the sender achieved it), best_cpu (CPU s per Mpkt there) and
# limit (sender-limited: the sender, not the capture, stopped the search; capture-limited; lost-everywhere).
search_ladder() { # REP CONTENDER
    local rate attempt ok_rate
    best=0 best_cpu=n/a limit=lost-everywhere
    for rate in $rates; do
        ok_rate=no
        for attempt in 1 2; do
            step "$1" "$2" "$rate"
            if [ $ok = yes ]; then ok_rate=yes; break; fi
        done
        [ $ok_rate = yes ] || { [ "$best" -gt 0 ] && limit=capture-limited; break; }
        best=$achieved best_cpu=$per limit=capture-limited
        # The sender fell short of the offered rate: faster steps would only measure the sender.
        if [ "$achieved" -lt $((rate * 95 / 100)) ]; then limit=sender-limited; break; fi
    done
    # Every rung passed: the ladder ran out, the capture may take more.
    if [ $ok_rate = yes ] && [ "$limit" = capture-limited ]; then limit=ladder-top; fi
}

search_bisect() { # REP CONTENDER
    local lo=0 hi i rate
    best=0 best_cpu=n/a limit=lost-everywhere
    step "$1" "$2" 0
    if [ $ok = yes ]; then
        best=$achieved best_cpu=$per limit=sender-limited
        return
    fi
    hi=$achieved
    for ((i = 0; i < refine; i++)); do
        rate=$(((lo + hi) / 2))
        [ "$rate" -gt 0 ] || break
        step "$1" "$2" "$rate"
        if [ $ok = yes ]; then
            lo=$rate best=$achieved best_cpu=$per limit=capture-limited
            # Throttled below its own unthrottled rate and still short: the sender is what is left to measure.
            if [ "$achieved" -lt $((rate * 95 / 100)) ]; then limit=sender-limited; break; fi
        else
            hi=$rate
        fi
    done
}

log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
record load start "$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$ceiling" != none ]; then
    if [ "$ceiling" = full ]; then
        log "sender ceiling (probe-send, no rate limit, 2M frames; nothing capturing: frames die in the root namespace's stack)"
        read -r s0 r0 p0 < <(send 0 2000000)
    else
        log "sender ceiling (probe-send, no rate limit, $secs s; nothing capturing)"
        read -r s0 r0 p0 < <(send 0 1000000000000 "$secs")
    fi
    log "  probe-send: $p0 pps ($r0 refused)"
    record ceiling probe-send-alone "$p0"
fi
if [ "$ceiling" = full ]; then
    tcpreplay_pps=$(ip netns exec "$lab" tcpreplay -i "$peer_if" --topspeed --loop=200 "$pcap" 2>&1 |
        sed -n 's/.*Rated: .*, \([0-9.]*\) pps.*/\1/p' | head -1)
    log "  tcpreplay --topspeed: ${tcpreplay_pps:-?} pps"
    record ceiling tcpreplay-alone "${tcpreplay_pps:-n/a}"
    start_afxdp native busy-poll
    read -r s1 r1 p1 < <(send 0 2000000)
    sleep 0.3
    stop_afxdp
    capture_pid=
    c1=$(cat "$work/captured")
    log "  probe-send into an AF_XDP capture (native): $p1 pps; captured $c1 of $s1"
    record ceiling probe-send-into-afxdp-native "$p1"
fi

: > "$work/steps"
: > "$work/table"
began=$SECONDS
slowest=0
done_reps=0
for ((rep = 1; rep <= repeats; rep++)); do
    if [ "$deadline" -gt 0 ] && [ "$rep" -gt 1 ] && [ $((SECONDS + slowest)) -gt "$deadline" ]; then
        log "stopping after $done_reps of $repeats repetitions: another (about ${slowest}s) would end after DEADLINE=${deadline}s"
        break
    fi
    rep_began=$SECONDS
    for c in $contenders; do
        "search_$search" "$rep" "$c"
        log "$c, repetition $rep: highest loss-free rate $best pps ($limit), $best_cpu cpu-s/Mpkt there"
        record search "$rep" "$c" "$best" "$best_cpu" "$limit"
        case $limit in
        sender-limited) note=" (sender-limited)" ;;
        ladder-top) note=" (every rung passed)" ;;
        *) note= ;;
        esac
        echo "| $c | $best$note | $best_cpu |" >> "$work/table"
    done
    done_reps=$rep
    if [ $((SECONDS - rep_began)) -gt "$slowest" ]; then slowest=$((SECONDS - rep_began)); fi
done
record repeats "$done_reps" "$repeats" "$((SECONDS - began))"
record load end "$(cut -d' ' -f1-3 /proc/loadavg)"
[ "$output" = table ] || exit 0

echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$ceiling" != none ]; then echo "sender ceiling: probe-send $p0 pps (nothing capturing)"; fi
if [ "$ceiling" = full ]; then echo "  $p1 pps (AF_XDP capture), tcpreplay ${tcpreplay_pps:-?} pps"; fi
echo
echo "| contender | highest loss-free rate (pps, as achieved by the sender) | CPU s per Mpkt there |"
echo "|---|---|---|"
cat "$work/table"
echo
echo "steps (contender offered_pps (0: unthrottled) achieved_pps sent captured cpu_s cpu_s_per_Mpkt):"
cat "$work/steps"
