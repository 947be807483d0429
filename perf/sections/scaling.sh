#!/usr/bin/env bash
# perf/sections/scaling.sh RESULTS_DIR - section 6 of perf/run: capture rate and memory as the zbuf buffer size
# grows (64 KiB to 256 MiB per buffer, one descriptor) and as the number of descriptors on the queue grows (1 to 64,
# 2 MiB buffers), all through perf/dpdk/appliance_rx_bench.sh on net_pcap infinite_rx with 64-byte UDP frames and
# the bench's filter `udp and dst port 9` (which every frame matches), poll thread on CORE (1), consumers
# (pzc_capture -w /dev/null) on the other core. Points are interleaved run by run.
#
# Env: RUNS (5; 1 with QUICK=1), QUICK=1 (a few points, short runs), CORE (1), SECONDS_PER_POINT (0.5; QUICK 0.3),
# SCALING_POINTS=all (buffer sizes a factor of 4 apart and descriptor counts a factor of 2 apart: 13 points, about
# twice perf/run's budget for this section; the default, 7 points, spaces them by 16 and 4).
set -euo pipefail

# shellcheck disable=SC2034 # read by log() in results.sh
SECTION=scaling
results=${1:?usage: perf/sections/scaling.sh RESULTS_DIR}
repo=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/results.sh
source "$repo/perf/lib/results.sh"

filter="udp and dst port 9"
descriptor_buffer_kib=2048 # one hugepage per buffer, so that 64 descriptors (128 buffers) fit
if [ "${QUICK:-0}" = 1 ]; then
    RUNS=${RUNS:-1}; seconds=${SECONDS_PER_POINT:-0.3}
    buffer_series=(64 2048 262144); descriptor_series=(1 8)
elif [ "${SCALING_POINTS:-}" = all ]; then
    RUNS=${RUNS:-5}; seconds=${SECONDS_PER_POINT:-0.5}
    buffer_series=(64 256 1024 2048 4096 16384 65536 262144); descriptor_series=(1 2 4 8 16 32 64)
else
    RUNS=${RUNS:-5}; seconds=${SECONDS_PER_POINT:-0.5}
    buffer_series=(64 2048 16384 262144); descriptor_series=(1 4 16 64)
fi
export RUNS
core=${CORE:-1}
other_core=$(( core == 0 ? 1 : 0 ))
section_setup "$results" cmake gnuplot taskset

log "building native/ (Release)"
build_native "$raw" pzc_capture gen_udp64_pcap

# The largest point needs 2 x 256 MiB of buffers (128 pages each) plus the appliance's mempool (about 40 pages);
# 64 descriptors take 128 buffers of 2 MiB, one hugepage each. A buffer that
# finds no free hugepage falls back to ordinary pages (hugepages: prefer), which the memory columns show.
max_buffer_kib=${buffer_series[-1]}
max_descriptors=${descriptor_series[-1]}
want_pages=$(( 2 * max_buffer_kib / 2048 > 2 * max_descriptors ? 2 * max_buffer_kib / 2048 : 2 * max_descriptors ))
sh "$repo/native/tests/ensure_hugepages.sh" $(( want_pages + 64 )) > "$raw/hugepages.log" 2>&1 ||
    log "warning: $(cat "$raw/hugepages.log"); large buffers may land on ordinary pages"

"$repo/native/build/gen_udp64_pcap" "$work/udp64.pcap" || fail "gen_udp64_pcap failed"
vdev="net_pcap0,rx_pcap=$work/udp64.pcap,infinite_rx=1"

# Points: "BUFFER_KIB DESCRIPTORS", each once even when both series contain it.
buffer_points=(); for b in "${buffer_series[@]}"; do buffer_points+=("$b 1"); done
descriptor_points=(); for d in "${descriptor_series[@]}"; do descriptor_points+=("$descriptor_buffer_kib $d"); done
points=()
declare -A seen_point
for p in "${buffer_points[@]}" "${descriptor_points[@]}"; do
    [ -n "${seen_point[$p]:-}" ] || points+=("$p")
    seen_point[$p]=1
done

metrics=(mpps cpu_mpps captured_mpps dropped_mpps captured_total_mpps dropped_total_mpps appliance_rss_kib consumers_rss_kib
    appliance_hugetlb_kib consumers_hugetlb_kib)
declare -A vals # vals[BUFFER_KIB DESCRIPTORS|metric] = "run1 run2 ..."
field() { # NAME LINE
    sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<< "$2"
}
run_point() { # BUFFER_KIB DESCRIPTORS
    local line m v
    line=$(FILTER=$filter BUFFER_KIB=$1 DESCRIPTORS=$2 CORE=$core \
        "$repo/perf/dpdk/appliance_rx_bench.sh" "$vdev" "$seconds" 2> "$work/bench.err") ||
        fail "appliance_rx_bench.sh failed at BUFFER_KIB=$1 DESCRIPTORS=$2: $(tail -n 5 "$work/bench.err")"
    printf '%s\t%s\t%s\t%s\n' "$run" "$1" "$2" "$line" >> "$raw/runs.tsv"
    for m in "${metrics[@]}"; do
        v=$(field "$m" "$line")
        [ -n "$v" ] || fail "appliance_rx_bench.sh printed no $m at BUFFER_KIB=$1 DESCRIPTORS=$2: $line"
        vals["$1 $2|$m"]+="$v "
    done
}

printf 'run\tbuffer_kib\tdescriptors\toutput\n' > "$raw/runs.tsv"
started=$(date +%s)
for run in $(seq "$RUNS"); do
    log "run $run of $RUNS: ${#points[@]} points of $seconds s"
    for p in "${points[@]}"; do
        read -r buffer_kib descriptors <<< "$p"
        run_point "$buffer_kib" "$descriptors"
    done
done
log "measured in $(( $(date +%s) - started )) s"

# MiB from KiB, per run.
mib_of() { awk '{ for (i = 1; i <= NF; i++) printf "%.2f ", $i / 1024 }' <<< "$1"; }
case_of() { # BUFFER_KIB DESCRIPTORS
    local size
    if [ "$1" -ge 1024 ]; then size="$(( $1 / 1024 )) MiB"; else size="$1 KiB"; fi
    echo "$2 descriptor$([ "$2" = 1 ] || echo s), 2 x $size buffers"
}
tsv=$results/scaling.tsv
result_file "$tsv"
for p in "${points[@]}"; do
    read -r buffer_kib descriptors <<< "$p"
    c=$(case_of "$buffer_kib" "$descriptors")
    # shellcheck disable=SC2046,SC2086 # the lists are space-separated on purpose
    {
        result_row "$tsv" "$c" "rx rate (poll thread)" Mpps ${vals[$p|mpps]}
        result_row "$tsv" "$c" "rx per CPU-second of the poll thread" Mpps ${vals[$p|cpu_mpps]}
        result_row "$tsv" "$c" "captured (first descriptor)" Mpps ${vals[$p|captured_mpps]}
        result_row "$tsv" "$c" "dropped (first descriptor)" Mpps ${vals[$p|dropped_mpps]}
        result_row "$tsv" "$c" "captured (all descriptors)" Mpps ${vals[$p|captured_total_mpps]}
        result_row "$tsv" "$c" "dropped (all descriptors)" Mpps ${vals[$p|dropped_total_mpps]}
        result_row "$tsv" "$c" "appliance hugepages" MiB $(mib_of "${vals[$p|appliance_hugetlb_kib]}")
        result_row "$tsv" "$c" "consumers hugepages" MiB $(mib_of "${vals[$p|consumers_hugetlb_kib]}")
        result_row "$tsv" "$c" "appliance RSS" MiB $(mib_of "${vals[$p|appliance_rss_kib]}")
        result_row "$tsv" "$c" "consumers RSS" MiB $(mib_of "${vals[$p|consumers_rss_kib]}")
    }
done

# Every figure must have come from RUNS runs; a row without values means a run printed something unexpected.
missing=$(awk -F '\t' 'NR > 1 && $7 != ENVIRON["RUNS"] { print $1 " / " $2 }' "$tsv")
[ -z "$missing" ] || fail "rows without $RUNS values in $tsv: $missing"

cell() { # CASE METRIC -> "median (min, max)"
    awk -F '\t' -v c="$1" -v m="$2" '$1 == c && $2 == m { printf "%s (%s, %s)", $4, $5, $6 }' "$tsv"
}
table() { # BUFFER_KIB DESCRIPTORS pairs, one per argument
    echo "| descriptors | buffer (KiB, each of 2) | rx Mpps | rx Mpps per CPU-s | captured Mpps (all descriptors) | dropped Mpps (all) | appliance hugepages MiB | appliance RSS MiB | consumers hugepages MiB | consumers RSS MiB |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    local p c buffer_kib descriptors
    for p in "$@"; do
        read -r buffer_kib descriptors <<< "$p"
        c=$(case_of "$buffer_kib" "$descriptors")
        echo "| $descriptors | $buffer_kib | $(cell "$c" "rx rate (poll thread)") | $(cell "$c" "rx per CPU-second of the poll thread") |" \
            "$(cell "$c" "captured (all descriptors)") | $(cell "$c" "dropped (all descriptors)") |" \
            "$(cell "$c" "appliance hugepages") | $(cell "$c" "appliance RSS") |" \
            "$(cell "$c" "consumers hugepages") | $(cell "$c" "consumers RSS") |"
    done
}
md=$results/scaling.md
{
    echo "## Scaling: buffer size and descriptors"
    echo
    echo "\`BUFFER_KIB=B DESCRIPTORS=N FILTER=\"$filter\" perf/dpdk/appliance_rx_bench.sh net_pcap0,rx_pcap=FILE,infinite_rx=1 $seconds\`:"
    echo "the appliance's poll thread on core $core busy-polls net_pcap replaying 1024 64-byte UDP frames (\`gen_udp64_pcap\`,"
    echo "every one matching the filter) and N \`pzc_capture -w /dev/null -B B\` consumers on core $other_core each attach a"
    echo "descriptor with two B-KiB buffers. Every descriptor sees every packet, so the poll thread filters and copies"
    echo "each packet N times. Median (min-max) of $RUNS runs of $seconds s, the points interleaved run by run."
    echo "Points: buffer sizes ${buffer_series[*]} KiB with one descriptor; ${descriptor_series[*]} descriptors with"
    echo "$descriptor_buffer_kib KiB buffers$([ "${SCALING_POINTS:-}" = all ] || [ "${QUICK:-0}" = 1 ] || echo " (sizes a factor of 16 apart and counts a factor of 4 apart, to fit the time budget; \`SCALING_POINTS=all\` takes factors of 4 and 2)")."
    echo "*rx* is the rate at which packets reached the descriptors; *captured* and *dropped* are summed over all of"
    echo "them. *hugepages* is each side's hugepage mappings (\`/proc/PID/smaps_rollup\` Private_Hugetlb + Shared_Hugetlb):"
    echo "the appliance's DPDK mempool (about 40 MiB) and every zbuf buffer, which the consumers map too (the same"
    echo "pages, shared). A buffer goes on hugepages when its size is a multiple of 2 MiB and enough are free, else on"
    echo "ordinary shared pages (so 64 KiB to 1 MiB buffers always do): those count in the RSS columns of both sides."
    echo
    echo "Buffer size, one descriptor:"
    echo
    table "${buffer_points[@]}"
    echo
    echo "![rate and memory vs buffer size](scaling-buffer.png)"
    echo
    echo "Descriptors on the queue, $descriptor_buffer_kib KiB buffers:"
    echo
    table "${descriptor_points[@]}"
    echo
    echo "![rate and memory vs descriptors](scaling-descriptors.png)"
} > "$md"

# Plot data: x, then median min max of rx, captured, hugepages, appliance RSS, consumers RSS.
plot_data() { # OUT X(buffer|descriptors) POINTS...
    local out=$1 x=$2 p c m buffer_kib descriptors; shift 2
    {
        echo "# x rx(med min max) captured_total(med min max) appliance_huge(...) appliance_rss(...) consumers_rss(...) configured_MiB"
        for p in "$@"; do
            read -r buffer_kib descriptors <<< "$p"
            c=$(case_of "$buffer_kib" "$descriptors")
            if [ "$x" = buffer ]; then printf '%s' "$buffer_kib"; else printf '%s' "$descriptors"; fi
            for m in "rx rate (poll thread)" "captured (all descriptors)" "appliance hugepages" "appliance RSS" "consumers RSS"; do
                printf '\t%s' "$(awk -F '\t' -v c="$c" -v m="$m" '$1 == c && $2 == m { printf "%s\t%s\t%s", $4, $5, $6 }' "$tsv")"
            done
            printf '\t%s\n' "$(awk -v b="$buffer_kib" -v d="$descriptors" 'BEGIN { print 2 * b * d / 1024 }')"
        done
    } > "$out"
}
plot_data "$raw/buffer.dat" buffer "${buffer_points[@]}"
plot_data "$raw/descriptors.dat" descriptors "${descriptor_points[@]}"

xtics_of() { # UNIT(KiB|count) VALUES...: a gnuplot xtics list, one tic per point, KiB written as KiB or MiB
    local unit=$1 v label sep="" out="("; shift
    for v in "$@"; do
        label=$v
        if [ "$unit" = KiB ]; then
            if [ "$v" -ge 1024 ]; then label="$(( v / 1024 )) MiB"; else label="$v KiB"; fi
        fi
        out+="$sep\"$label\" $v"
        sep=", "
    done
    echo "$out)"
}
plot() { # PNG DAT XLABEL TITLE XTICS RATE_SCALE(linear|log)
    gnuplot > "$raw/gnuplot.log" 2>&1 <<EOF || fail "gnuplot failed: see $raw/gnuplot.log"
set terminal pngcairo size 900,500
set output "$1"
set multiplot layout 1,2 title "$4 (median and min-max of $RUNS run(s))"
set logscale x 2
set xtics $5
set offsets graph 0.04, graph 0.04, 0, 0
set grid
set key below font ",9"
set xlabel "$3"
set title "rate"
set ylabel "Mpps"
$(if [ "$6" = log ]; then echo "set logscale y"; else echo "set yrange [0:*]"; fi)
plot "$2" using 1:2:3:4 with yerrorlines title "rx (poll thread)", \
     "" using 1:5:6:7 with yerrorlines title "captured (all descriptors)"
set title "memory"
set ylabel "MiB"
set logscale y
set yrange [*:*]
plot "$2" using 1:8:9:10 with yerrorlines title "appliance hugepages (mempool + buffers)", \
     "" using 1:11:12:13 with yerrorlines title "appliance RSS", \
     "" using 1:14:15:16 with yerrorlines title "consumers RSS", \
     "" using 1:17 with lines dashtype 2 lc rgb "gray40" title "configured: 2 x buffer x descriptors"
unset multiplot
EOF
}
plot "$results/scaling-buffer.png" "$raw/buffer.dat" "size of each buffer (2 per descriptor)" \
    "Buffer size, 1 descriptor, 64-byte frames" "$(xtics_of KiB "${buffer_series[@]}")" linear
plot "$results/scaling-descriptors.png" "$raw/descriptors.dat" "descriptors on the queue" \
    "Descriptors, $descriptor_buffer_kib KiB buffers, 64-byte frames" "$(xtics_of count "${descriptor_series[@]}")" log
log "wrote $tsv, $md, scaling-buffer.png, scaling-descriptors.png"
