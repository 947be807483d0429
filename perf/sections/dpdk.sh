#!/usr/bin/env bash
# perf/sections/dpdk.sh RESULTS_DIR - section 3 of perf/run: DPDK rx rates on one poll core.
#   (a)  the shim's C loop, (a') the same through the flat ABI the managed side uses, (b) dpdk-testpmd rxonly,
#   (c)  the appliance with filter `udp and dst port 9` and one consumer process (pzc_capture -w /dev/null),
# on net_null and on net_pcap replaying 64-byte UDP frames forever (perf/dpdk/run_rx_bench.sh, contenders in
# turns), then the appliance with 1, 2 and 4 consumer descriptors on the queue (perf/dpdk/appliance_rx_bench.sh).
# Budget: about 4 minutes at RUNS=5.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
SECTION=dpdk
# shellcheck source=../lib/results.sh
. "$repo/perf/lib/results.sh"
# shellcheck source=../lib/report.sh
. "$repo/perf/lib/report.sh"

out=${1:?usage: dpdk.sh RESULTS_DIR}
raw=$out/raw/dpdk
runs=${RUNS:-5}
secs=2
if [ "${QUICK:-0}" = 1 ]; then runs=1; secs=1; fi
build=$repo/native/build
for tool in "$build/pdk_rxbench" "$build/gen_udp64_pcap" "$build/pzc_capture" "$repo/out/appliance/appliance"; do
    [ -x "$tool" ] || { echo "dpdk.sh: $tool missing: run ./scripts/setup.sh" >&2; exit 1; }
done
rm -rf "$raw"
mkdir -p "$raw"

log "C loop / testpmd / appliance, $runs run(s) of ${secs}s each"
RUNS=$runs SECONDS_PER_RUN=$secs RAW_DIR=$raw PDK_BENCH_APPLIANCE=$repo/perf/dpdk/appliance_rx_bench.sh \
    "$repo/perf/dpdk/run_rx_bench.sh" "$build" | tee "$raw/table.txt" >&2

"$build/gen_udp64_pcap" "$raw/udp64.pcap" 1024 256
vdev="net_pcap0,rx_pcap=$raw/udp64.pcap,infinite_rx=1"
log "the appliance with 1, 2 and 4 descriptors"
for _ in $(seq "$runs"); do
    for d in 1 2 4; do
        DESCRIPTORS=$d "$repo/perf/dpdk/appliance_rx_bench.sh" "$vdev" "$secs" >> "$raw/descriptors-$d"
    done
done

# Field N ("mpps=..." style lines) or column N ("WALL CPU" lines) of a raw file, one value per line.
column_of() { awk -v n="$2" '{print $n}' "$1"; }
field_of() { sed -n "s/.*\b$2=\([0-9.]*\).*/\1/p" "$1"; }

tsv=$out/dpdk.tsv
result_file "$tsv"
declare -A name=([a]="(a) C loop" [af]="(a') C loop, flat ABI" [b]="(b) dpdk-testpmd rxonly" [c]="(c) appliance + consumer")
declare -A short=([a]="(a) C loop" [af]="(a') flat ABI" [b]="(b) testpmd" [c]="(c) appliance")
declare -A vdev_name=([null]="net_null" [pcap]="net_pcap infinite_rx")
for v in null pcap; do
    for k in a af b c; do
        f=$raw/$v-$k
        [ -s "$f" ] || { echo "dpdk.sh: no figures for ${vdev_name[$v]} ${name[$k]}" >&2; exit 1; }
        # shellcheck disable=SC2046
        result_row "$tsv" "${vdev_name[$v]}: ${name[$k]}" "rate" "Mpps" $(column_of "$f" 1)
        # shellcheck disable=SC2046
        result_row "$tsv" "${vdev_name[$v]}: ${name[$k]}" "rate per CPU-second" "Mpps" $(column_of "$f" 2)
    done
    for k in a b; do
        # shellcheck disable=SC2046
        result_row "$tsv" "${vdev_name[$v]}: (c)/$k" "ratio" "x" \
            $(ratios_of "$(column_of "$raw/$v-c" 1 | xargs)" "$(column_of "$raw/$v-$k" 1 | xargs)")
    done
done
for d in 1 2 4; do
    f=$raw/descriptors-$d
    # shellcheck disable=SC2046
    result_row "$tsv" "$d descriptor(s)" "received by the poll thread" "Mpps" $(field_of "$f" mpps)
    # shellcheck disable=SC2046
    result_row "$tsv" "$d descriptor(s)" "captured by the first descriptor" "Mpps" $(field_of "$f" captured_mpps)
    # shellcheck disable=SC2046
    result_row "$tsv" "$d descriptor(s)" "dropped by the first descriptor" "Mpps" $(field_of "$f" dropped_mpps)
done

# Plots: the three-way table as grouped bars (median, min-max as error bars), and the descriptor series.
median_of() { awk -F'\t' -v c="$1" -v m="$2" '$1 == c && $2 == m {print $4, $5, $6}' "$tsv"; }
{
    for k in a af b c; do
        printf '"%s"' "${short[$k]}"
        for v in null pcap; do printf ' %s' "$(median_of "${vdev_name[$v]}: ${name[$k]}" rate)"; done
        echo
    done
} > "$raw/threeway.dat"
{
    for d in 1 2 4; do
        printf '%s %s %s\n' "$d" "$(median_of "$d descriptor(s)" "received by the poll thread")" \
            "$(median_of "$d descriptor(s)" "captured by the first descriptor")"
    done
} > "$raw/descriptors.dat"
gnuplot <<EOF
set terminal pngcairo size 900,500 noenhanced
set output "$out/dpdk-threeway.png"
set title "DPDK rx on one core, 64-byte frames (median, min-max)"
set ylabel "Mpps"
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.7 border -1
set key top right
set yrange [0:*]
plot "$raw/threeway.dat" using 2:3:4:xtic(1) title "net_null", '' using 5:6:7 title "net_pcap infinite_rx"
set output "$out/dpdk-descriptors.png"
set title "The appliance on net_pcap with N consumer descriptors (median, min-max)"
set xlabel "descriptors on the queue"
set logscale x 2
set xtics (1, 2, 4)
set xrange [0.8:5]
plot "$raw/descriptors.dat" using 1:2:3:4 with yerrorlines title "received by the poll thread", \
     '' using 1:5:6:7 with yerrorlines title "captured by the first descriptor"
EOF

# The fragment.
ratio() { awk -F'\t' -v c="$1" '$1 == c {print $4}' "$tsv"; }
# max (c) / max (k) over the runs of vdev $1: on a shared machine the fastest run of each is the one its neighbours
# slowed least, while a per-run ratio also measures whether the neighbours were busier in (c)'s turn than in (k)'s.
best_ratio() {
    awk 'NR == FNR { if ($1 > k) k = $1; next } { if ($1 > c) c = $1 } END { printf "%.3f\n", (k > 0 ? c / k : 0) }' \
        "$raw/$1-$2" "$raw/$1-c"
}
{
    echo "## DPDK: C loop, dpdk-testpmd and the appliance"
    echo
    echo "One poll core (core 1), 64-byte frames, each figure the median of $runs run(s) of ${secs} s, the contenders"
    echo "taking turns (\`perf/dpdk/run_rx_bench.sh\` with \`PDK_BENCH_APPLIANCE=perf/dpdk/appliance_rx_bench.sh\`)."
    echo "(a) is the shim's own C loop (\`rte_eth_rx_burst\` + \`rte_pktmbuf_free_bulk\`), (a') the same loop through the"
    echo "flat ABI the managed side uses, (b) \`dpdk-testpmd --forward-mode=rxonly\`, (c) the appliance (\`appliance run\`,"
    echo "busy-polling) with one consumer process (\`pzc_capture -w /dev/null 'udp and dst port 9'\`) on the"
    echo "other core, reading and acknowledging every buffer; (c)'s rate is what reached the descriptor (its \`received\`"
    echo "counter). net_pcap replays a file of 64-byte UDP frames to port 9 forever, so the filter accepts every frame"
    echo "and (c) captures it into the zero-copy buffer; net_null delivers zero-filled frames, which the filter rejects"
    echo "at its first instruction, so on net_null (c) is receive + filter. \"Per CPU-second\" divides by the CPU time the"
    echo "polling thread really got."
    echo
    echo "Median of the per-run ratios: (c)/(a) net_null $(ratio "net_null: (c)/a"), net_pcap $(ratio "net_pcap infinite_rx: (c)/a");"
    echo "(c)/(b) net_null $(ratio "net_null: (c)/b"), net_pcap $(ratio "net_pcap infinite_rx: (c)/b")."
    echo "Fastest run against fastest run (the runs this shared machine's neighbours slowed least): (c)/(a) net_null"
    echo "$(best_ratio null a), net_pcap $(best_ratio pcap a); (c)/(b) net_null $(best_ratio null b), net_pcap $(best_ratio pcap b)."
    echo
    echo "![DPDK three-way](dpdk-threeway.png)"
    echo
    md_table_of "$tsv" '^net_'
    echo
    echo "The appliance on net_pcap with 1, 2 and 4 consumer processes on the queue, each its own descriptor with the"
    echo "same filter (the poll thread runs every descriptor's filter and copies each accepted frame into each)."
    echo
    echo "![descriptors](dpdk-descriptors.png)"
    echo
    md_table_of "$tsv" 'descriptor'
} > "$out/dpdk.md"
log "done"
