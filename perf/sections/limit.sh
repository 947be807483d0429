#!/usr/bin/env bash
# perf/sections/limit.sh RESULTS_DIR - section 5 of perf/run: the appliance's capture rate against the physical
# limit of a one-copy design on this machine, i.e. how fast one core can copy packets into a zbuf ring at all.
#
# Contenders, interleaved run by run (all on the poll core CORE, default 1; readers and consumers on the other):
#   copy           perf/limit/ring_copy: 26-byte bpf_xhdr + packet into two alternating BUFFER_KIB buffers, no reader
#   copy + walk    the same with a reader thread that reads every packet word and acknowledges each buffer
#   copy + pcap    the same with a reader that writes pcap records to /dev/null, as pzc_capture -w /dev/null does
#   appliance      perf/dpdk/appliance_rx_bench.sh on net_pcap infinite_rx, FILTER="" (accept all), one pzc_capture
# for 64-byte and 1500-byte frames. Ratios are appliance / contender, run by run.
#
# Env: RUNS (5; 1 with QUICK=1), QUICK=1 (short runs), CORE (1), BUFFER_KIB (2048, per buffer, as the bench's default).
set -euo pipefail

# shellcheck disable=SC2034 # read by log() in results.sh
SECTION=limit
results=${1:?usage: perf/sections/limit.sh RESULTS_DIR}
repo=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/results.sh
source "$repo/perf/lib/results.sh"

if [ "${QUICK:-0}" = 1 ]; then
    RUNS=${RUNS:-1}; copy_seconds=0.2; appliance_seconds=0.5
else
    RUNS=${RUNS:-5}; copy_seconds=0.3; appliance_seconds=1
fi
export RUNS
core=${CORE:-1}
other_core=$(( core == 0 ? 1 : 0 ))
buffer_kib=${BUFFER_KIB:-2048}
sizes=(64 1500)
section_setup "$results" cc cmake gnuplot taskset

log "building native/ (Release) and perf/limit/ring_copy"
build_native "$raw" pzc_capture gen_udp64_pcap
ring_copy=$work/ring_copy
cc -O2 -Wall -Wextra -Werror -pthread -o "$ring_copy" "$repo/perf/limit/ring_copy.c" 2> "$raw/ring_copy-build.log" ||
    fail "perf/limit/ring_copy.c did not compile: see $raw/ring_copy-build.log"

# Two BUFFER_KIB ring buffers for ring_copy, then the appliance's mempool and its consumer's two buffers.
sh "$repo/native/tests/ensure_hugepages.sh" $(( 2 * (buffer_kib / 2048 + 1) + 64 )) > "$raw/hugepages.log" 2>&1 ||
    fail "not enough hugepages: $(cat "$raw/hugepages.log")"

for size in "${sizes[@]}"; do
    "$repo/native/build/gen_udp64_pcap" "$work/udp$size.pcap" 1024 256 "$size" ||
        fail "gen_udp64_pcap could not write $size-byte frames"
done

field() { # NAME LINE: the value of NAME=value in LINE
    sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<< "$2"
}

# A run's figures, appended per contender and size as space-separated lists.
declare -A mpps gbps cpu_mpps
add() { # KEY MPPS GBPS CPU_MPPS
    mpps[$1]+="$2 "; gbps[$1]+="$3 "; cpu_mpps[$1]+="$4 "
}

run_copy() { # SIZE READER
    local args=(--frame "$1" --seconds "$copy_seconds" --buffer-kib "$buffer_kib") line
    [ "$2" = none ] || args+=(--reader "$2" --reader-core "$other_core")
    line=$(taskset -c "$core" "$ring_copy" "${args[@]}") || fail "ring_copy ${args[*]} failed"
    echo "$run	$1	copy-$2	$line" >> "$raw/runs.tsv"
    add "copy-$2/$1" "$(field mpps "$line")" "$(field gbps "$line")" "$(field cpu_mpps "$line")"
    ring_hugepages=$(field hugepages "$line")
}

run_appliance() { # SIZE
    local line captured rx
    line=$(FILTER="" BUFFER_KIB=$buffer_kib DESCRIPTORS=1 CORE=$core \
        "$repo/perf/dpdk/appliance_rx_bench.sh" "net_pcap0,rx_pcap=$work/udp$1.pcap,infinite_rx=1" "$appliance_seconds" \
        2> "$work/bench.err") || fail "appliance_rx_bench.sh failed on $1-byte frames: $(tail -n 5 "$work/bench.err")"
    echo "$run	$1	appliance	$line" >> "$raw/runs.tsv"
    captured=$(field captured_mpps "$line")
    rx=$(field mpps "$line")
    if [ -z "$captured" ] || [ -z "$rx" ]; then fail "appliance_rx_bench.sh printed no mpps/captured_mpps: $line"; fi
    # Record bytes as for ring_copy: header (26) + packet, without the alignment padding. The bench's cpu_mpps is
    # rx per CPU-second of the poll thread; captured per CPU-second is captured_mpps * cpu_mpps / mpps.
    add "appliance/$1" "$captured" "$(awk -v m="$captured" -v s="$1" 'BEGIN { printf "%.4f", m * (26 + s) / 1000 }')" \
        "$(awk -v c="$captured" -v k="$(field cpu_mpps "$line")" -v r="$rx" 'BEGIN { printf "%.4f", (r > 0 ? c * k / r : 0) }')"
    add "appliance-rx/$1" "$rx" 0 0
}

printf 'run\tframe\tcontender\toutput\n' > "$raw/runs.tsv"
started=$(date +%s)
for run in $(seq "$RUNS"); do
    log "run $run of $RUNS"
    for size in "${sizes[@]}"; do
        run_copy "$size" none
        run_copy "$size" walk
        run_copy "$size" pcap
        run_appliance "$size"
    done
done
log "measured in $(( $(date +%s) - started )) s"

contenders=(copy-none copy-walk copy-pcap appliance)
declare -A label=(
    [copy-none]="memcpy into ring"
    [copy-walk]="memcpy into ring + walking reader"
    [copy-pcap]="memcpy into ring + pcap reader"
    [appliance]="appliance (accept all, pzc_capture)"
)

tsv=$results/limit.tsv
result_file "$tsv"
for size in "${sizes[@]}"; do
    for c in "${contenders[@]}"; do
        k=$c/$size
        # shellcheck disable=SC2086 # the lists are space-separated on purpose
        {
            result_row "$tsv" "${label[$c]}, $size B" "captured rate" Mpps ${mpps[$k]}
            result_row "$tsv" "${label[$c]}, $size B" "record bytes" GB/s ${gbps[$k]}
            result_row "$tsv" "${label[$c]}, $size B" "captured per CPU-second of the copying core" Mpps ${cpu_mpps[$k]}
        }
    done
    # shellcheck disable=SC2086
    result_row "$tsv" "appliance (accept all, pzc_capture), $size B" "rx rate of the poll thread" Mpps ${mpps[appliance-rx/$size]}
    for c in copy-none copy-walk copy-pcap; do
        # shellcheck disable=SC2046
        result_row "$tsv" "$size B" "ratio appliance / ${label[$c]}" ratio \
            $(ratios_of "${mpps[appliance/$size]}" "${mpps[$c/$size]}")
    done
done

# Every figure must have come from RUNS runs; a row without values means a run printed something unexpected.
missing=$(awk -F '\t' 'NR > 1 && $7 != ENVIRON["RUNS"] { print $1 " / " $2 }' "$tsv")
[ -z "$missing" ] || fail "rows without $RUNS values in $tsv: $missing"

# Markdown: the rows above, read back from the .tsv so the report shows exactly what was recorded.
row() { # CASE METRIC -> "median | min | max"
    awk -F '\t' -v c="$1" -v m="$2" '$1 == c && $2 == m { printf "%s | %s | %s", $4, $5, $6 }' "$tsv"
}
md=$results/limit.md
{
    echo "## Limit: the appliance against a one-copy ring at memory speed"
    echo
    echo "What one core can do at best in a one-copy design, next to what the appliance does. \`perf/limit/ring_copy.c\`"
    echo "(built with \`cc -O2\`) copies packets from a pool of 1024 mbuf-sized slots into a zbuf ring exactly as the"
    echo "appliance's poll thread does (a 26-byte bpf_xhdr + the packet, records 8-byte aligned, two alternating"
    echo "$buffer_kib KiB buffers, hugepages: $([ "${ring_hugepages:-0}" = 1 ] && echo yes || echo no), hand-over by generation counter, drop when both"
    echo "buffers are held), alone, with a reader thread on core $other_core that reads every packet word and"
    echo "acknowledges each buffer (*walking reader*), and with a reader that writes every record as pcap to /dev/null"
    echo "as \`pzc_capture -w /dev/null\` does (*pcap reader*). The appliance runs"
    echo "\`FILTER=\"\" perf/dpdk/appliance_rx_bench.sh net_pcap0,rx_pcap=FILE,infinite_rx=1 $appliance_seconds\` (accept all,"
    echo "one \`pzc_capture -w /dev/null -B $buffer_kib\` consumer on core $other_core) on files of 1024 UDP frames from"
    echo "\`gen_udp64_pcap\`. Everything copies on core $core; runs are interleaved (copy, walk, pcap, appliance; per"
    echo "size), $RUNS runs of ${copy_seconds} s (copies) and ${appliance_seconds} s (appliance). GB/s counts record bytes"
    echo "(26 + frame bytes). Note that net_pcap's infinite_rx copies every packet into a fresh mbuf on the same core"
    echo "before the appliance sees it, so the appliance pays two copies per packet here, ring_copy one. With a reader,"
    echo "ring_copy's captured rate is bounded by the reader (the copy drops what finds both buffers held, as the"
    echo "appliance does). *Mpps per CPU-second*: captured packets per CPU-second of the copying thread (ring_copy's,"
    echo "drop spinning included; the appliance's poll thread)."
    echo
    echo "| contender | frame | Mpps median | min | max | GB/s median | min | max | Mpps per CPU-second |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for size in "${sizes[@]}"; do
        for c in "${contenders[@]}"; do
            echo "| ${label[$c]} | $size B | $(row "${label[$c]}, $size B" "captured rate") |" \
                "$(row "${label[$c]}, $size B" "record bytes") |" \
                "$(awk -F '\t' -v c="${label[$c]}, $size B" '$1 == c && $2 ~ /per CPU-second/ { print $4 }' "$tsv") |"
        done
    done
    echo
    echo "Appliance / contender, captured Mpps, the median of per-run quotients (min, max):"
    echo
    echo "| frame | appliance / memcpy | appliance / memcpy + walking reader | appliance / memcpy + pcap reader |"
    echo "|---:|---:|---:|---:|"
    for size in "${sizes[@]}"; do
        line="| $size B"
        for c in copy-none copy-walk copy-pcap; do
            line+=" | $(awk -F '\t' -v c="$size B" -v m="ratio appliance / ${label[$c]}" \
                '$1 == c && $2 == m { printf "%s (%s, %s)", $4, $5, $6 }' "$tsv")"
        done
        echo "$line |"
    done
    echo
    echo "The appliance's poll thread received $(awk -F '\t' '$2 == "rx rate of the poll thread" { printf "%s%s Mpps (%s)", sep, $4, $1; sep = ", " }' "$tsv" | sed 's/appliance (accept all, pzc_capture), //g');"
    echo "the difference to its captured rate was dropped because both buffers were still held by the consumer."
    echo
    echo "![captured rate per frame size](limit.png)"
} > "$md"

# Plot: bars per frame size, one per contender, GB/s of record bytes with min-max error bars; Mpps on the left.
dat=$raw/limit-plot.dat
{
    printf '# frame'
    for c in "${contenders[@]}"; do printf '\t%s_med\t%s_min\t%s_max' "$c" "$c" "$c"; done
    printf '\n'
    for metric in "captured rate" "record bytes"; do
        for size in "${sizes[@]}"; do
            printf '"%s B"' "$size"
            for c in "${contenders[@]}"; do
                printf '\t%s' "$(awk -F '\t' -v c="${label[$c]}, $size B" -v m="$metric" '$1 == c && $2 == m { printf "%s\t%s\t%s", $4, $5, $6 }' "$tsv")"
            done
            printf '\n'
        done
        printf '\n\n'
    done
} > "$dat"
gnuplot > "$raw/gnuplot.log" 2>&1 <<EOF || fail "gnuplot failed: see $raw/gnuplot.log"
set terminal pngcairo size 900,500
set output "$results/limit.png"
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set key below horizontal font ",9"
set grid ytics
set multiplot layout 1,2 title "One-copy limit vs the appliance (core $core, median and min-max of $RUNS run(s))"
set title "captured packets"
set ylabel "Mpps"
set logscale y
plot "$dat" index 0 using 2:3:4:xtic(1) title "memcpy", '' index 0 using 5:6:7 title "memcpy + walk", \
     '' index 0 using 8:9:10 title "memcpy + pcap", '' index 0 using 11:12:13 title "appliance"
unset logscale y
set yrange [0:*]
set title "record bytes (26 + frame)"
set ylabel "GB/s"
plot "$dat" index 1 using 2:3:4:xtic(1) title "memcpy", '' index 1 using 5:6:7 title "memcpy + walk", \
     '' index 1 using 8:9:10 title "memcpy + pcap", '' index 1 using 11:12:13 title "appliance"
unset multiplot
EOF
log "wrote $tsv, $md, $results/limit.png"
