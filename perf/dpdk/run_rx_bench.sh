#!/usr/bin/env bash
# Rx-rate comparison on one core, on net_null and on net_pcap replaying 64-byte UDP frames
# forever (infinite_rx=1):
#   (a)  the shim's pure C rx loop (pdk_bench_rx: rte_eth_rx_burst + rte_pktmbuf_free_bulk),
#   (a') the same loop through the flat ABI the managed side uses (pdk_rx_burst + pdk_free_bulk),
#   (b)  dpdk-testpmd --forward-mode=rxonly on the same vdev (--no-flush-rx for net_pcap),
#   (c)  the appliance, when PDK_BENCH_APPLIANCE names a command: it is run as
#        "$PDK_BENCH_APPLIANCE VDEV SECONDS" and must print a line with "mpps=X" (wall) and
#        optionally "cpu_mpps=Y" (per CPU-second of its polling thread).
# Each figure is the median of RUNS runs of SECONDS seconds, the contenders taking turns; each
# is given as wall-clock Mpps and as Mpps per CPU-second of the polling thread (robust to other
# load on a shared machine). Mpps = million packets per second.
#
#   perf/dpdk/run_rx_bench.sh [BUILD_DIR=native/build]
#   env: SECONDS_PER_RUN (2), RUNS (5), CORE (1: the polling core for every contender),
#        BURST (32: packets per receive call, for every contender: pdk_rxbench --burst,
#        testpmd --burst, the appliance's burst_size),
#        RAW_DIR (if set, each run's "WALL CPU" line is also kept there, one file per vdev and
#        contender: null-a, null-af, null-b, null-c, pcap-a, ...; for perf/sections/dpdk.sh)
#
# Needs root, hugepages (raised here to at least 400 free 2 MiB pages: testpmd's pool and ours)
# and native/ built (cmake -S native -B native/build && cmake --build native/build).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:-$repo/native/build}
secs=${SECONDS_PER_RUN:-2}
runs=${RUNS:-5}
core=${CORE:-1}
burst=${BURST:-32}
export BURST=$burst # read by PDK_BENCH_APPLIANCE (appliance_rx_bench.sh)
mbufs=16384

for tool in "$build/pdk_rxbench" "$build/gen_udp64_pcap"; do
    [ -x "$tool" ] || { echo "run_rx_bench: $tool missing: build native/ first" >&2; exit 1; }
done
command -v dpdk-testpmd >/dev/null || { echo "run_rx_bench: dpdk-testpmd missing: apt-get install dpdk-dev" >&2; exit 1; }
sh "$repo/native/tests/ensure_hugepages.sh" 400 >/dev/null

work=$(mktemp -d)
# testpmd leaves its (empty) runtime directory behind; ours is removed by the shim.
trap 'rm -rf "$work"; rmdir "/var/run/dpdk/pdkbench$$" 2>/dev/null || true' EXIT
pcap=$work/udp64.pcap
"$build/gen_udp64_pcap" "$pcap" 1024 256

median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "n/a"; else printf "%.1f\n", v[int((NR+1)/2)]}'; }

# Every figure is measured twice: wall-clock Mpps, and Mpps per second of CPU the polling thread
# really got ("cpu"). On a machine shared with other work the wall-clock figure mostly measures
# the neighbours; the cpu figure is what the loops themselves can do.

# (a) / (a'): one run of the shim's loop; prints "WALL CPU".
shim_once() { # VDEV MODE
    "$build/pdk_rxbench" --vdev "$1" --core "$core" --seconds "$secs" --runs 1 --mode "$2" \
        --burst "$burst" --nb-mbufs $((mbufs - 1)) 2>/dev/null |
    sed -n 's/^run=1 .* mpps=\([0-9.]*\) cpu_mpps=\([0-9.]*\)$/\1 \2/p'
}

# CPU ticks (utime + stime) of testpmd's forwarding thread.
worker_ticks() {
    local pid="" p
    for p in $(pgrep -f "file-prefix=pdkbench$$" || true); do
        [ "$(cat "/proc/$p/comm" 2>/dev/null)" = dpdk-testpmd ] && pid=$p
    done
    [ -n "$pid" ] || { echo 0; return; }
    for t in /proc/"$pid"/task/*; do
        if [ "$(cat "$t/comm" 2>/dev/null)" = "rte-worker-$core" ]; then
            awk '{print $14 + $15}' "$t/stat"; return
        fi
    done
    echo 0
}

# (b): testpmd's counters read twice, SECONDS apart; prints "WALL CPU". Rx-pps "since last
# show" is testpmd's own wall-clock rate over the interval.
testpmd_once() { # VDEV EXTRA_TESTPMD_ARGS...
    local vdev=$1; shift
    { echo "start"; sleep 1; worker_ticks > "$work/t1"; echo "show port stats all"
      sleep "$secs"; worker_ticks > "$work/t2"; echo "show port stats all"
      echo "stop"; sleep 0.5; echo "quit"; } |
    timeout $((secs + 30)) dpdk-testpmd -l "0,$core" --no-pci --in-memory \
        --file-prefix="pdkbench$$" --vdev="$vdev" -- -i --forward-mode=rxonly --nb-cores=1 \
        --burst="$burst" --total-num-mbufs=$mbufs "$@" 2>/dev/null > "$work/testpmd.out" || true
    awk -v t1="$(cat "$work/t1")" -v t2="$(cat "$work/t2")" -v hz="$(getconf CLK_TCK)" '
        /RX-packets:/ && /RX-missed:/ {rx[++n] = $2}
        /Rx-pps:/ {pps = $2}
        END { if (n >= 2 && pps != "") {
                  cpu = (t2 - t1) / hz;
                  rate = cpu > 0 ? (rx[2] - rx[1]) / cpu / 1e6 : 0;
                  printf "%.2f %.2f\n", pps / 1e6, rate;
              } }' \
        "$work/testpmd.out"
}

# (c): the appliance's own figures; prints "WALL CPU" (CPU as "n/a" if it prints none).
appliance_once() { # VDEV
    "$PDK_BENCH_APPLIANCE" "$1" "$secs" 2>/dev/null | awk '
        /mpps=/ { for (i = 1; i <= NF; i++) { split($i, kv, "=")
                  if (kv[1] ~ /(^|[^_])mpps$/ && kv[1] !~ /cpu/) w = kv[2]
                  if (kv[1] == "cpu_mpps") c = kv[2] } }
        END { if (w != "") print w, (c != "" ? c : "n/a") }'
}

null_vdev="net_null0"
pcap_vdev="net_pcap0,rx_pcap=$pcap,infinite_rx=1"

# Runs the contenders in turns (a a' b c, a a' b c, ...) so that load from other processes
# falls on all of them alike, then prints "wall/cpu" medians.
measure() { # LABEL VDEV TESTPMD_EXTRA...
    local label=$1 vdev=$2; shift 2
    : > "$work/a"; : > "$work/af"; : > "$work/b"; : > "$work/c"
    for _ in $(seq "$runs"); do
        shim_once "$vdev" raw >> "$work/a"
        shim_once "$vdev" flat >> "$work/af"
        testpmd_once "$vdev" "$@" >> "$work/b"
        [ -n "${PDK_BENCH_APPLIANCE:-}" ] && appliance_once "$vdev" >> "$work/c"
    done
    for f in a af b c; do
        [ -n "${RAW_DIR:-}" ] && cp "$work/$f" "$RAW_DIR/$label-$f"
        if [ ! -s "$work/$f" ]; then
            [ $f = c ] && printf ' %16s' "not run" || printf ' %16s' "failed"
            continue
        fi
        printf ' %16s' "$(cut -d' ' -f1 "$work/$f" | median)/$(cut -d' ' -f2 "$work/$f" | median)"
    done
    echo
}

printf 'rx rate, one polling core (%s), 64-byte frames, bursts of %s, median of %s runs of %ss\n' "$core" "$burst" "$runs" "$secs"
printf 'each cell: wall-clock Mpps / Mpps per CPU-second of the polling thread\n'
printf '%-22s %16s %16s %16s %16s\n' vdev "(a) C loop" "(a') C flat" "(b) testpmd" "(c) appliance"
[ -n "${RAW_DIR:-}" ] && mkdir -p "$RAW_DIR"
printf '%-22s' net_null; measure null "$null_vdev"
printf '%-22s' "net_pcap infinite_rx"; measure pcap "$pcap_vdev" --no-flush-rx
