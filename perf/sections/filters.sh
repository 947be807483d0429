#!/usr/bin/env bash
# perf/sections/filters.sh RESULTS_DIR - section 1 of perf/run: ns per packet for every filter of the filter issue's
# set, on each engine: the IL-compiled filter called as the poll loop calls it (RunBurst, bursts of 32), the
# compiled filter once per packet (Run), the interpreter (Run) and libpcap's bpf_filter (Run, through P/Invoke).
#
# It runs `Filter.Benchmarks --quick-tsv` (perf/Filter.Benchmarks, Release): the BenchmarkDotNet project's own
# filter set, frames and calls (its Hot arena: 256 frames of mixed traffic, cache-resident), timed with a Stopwatch,
# one timed pass per cell and run, cells taking turns run by run; see perf/Filter.Benchmarks/Quick/. Ratios are
# libpcap over compiled, run by run. The full BenchmarkDotNet run (about 40 minutes) stays in perf/README.md.
#
# Env: RUNS (5; 2 under QUICK), QUICK=1 (short passes), FILTERS_CPUS (unset: not pinned; e.g. 1: taskset -c 1; all
# engines run in one process on one thread, so they share whatever pinning there is).
set -euo pipefail

# shellcheck disable=SC2034 # read by log() in results.sh
SECTION=filters
results=${1:?usage: perf/sections/filters.sh RESULTS_DIR}
repo=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/results.sh
source "$repo/perf/lib/results.sh"

if [ "${QUICK:-0}" = 1 ]; then
    RUNS=${RUNS:-2}; cell_ms=15; warmup_ms=30
else
    RUNS=${RUNS:-5}; cell_ms=80; warmup_ms=100
fi
export RUNS
engines=("compiled burst" "compiled" "interpreter" "libpcap")
project=$repo/perf/Filter.Benchmarks
dll=$project/bin/Release/net10.0/Filter.Benchmarks.dll

for tool in dotnet gnuplot; do
    command -v "$tool" > /dev/null || fail "$tool is not installed"
done
pin=()
if [ -n "${FILTERS_CPUS:-}" ]; then
    command -v taskset > /dev/null || fail "taskset is not installed (FILTERS_CPUS is set)"
    pin=(taskset -c "$FILTERS_CPUS")
fi

raw=$results/raw/filters
mkdir -p "$raw"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "building perf/Filter.Benchmarks (Release)"
dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly > "$raw/build.log" 2>&1 ||
    fail "dotnet build perf/Filter.Benchmarks failed: see $raw/build.log"
[ -f "$dll" ] || fail "$dll is missing after the build"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "timing ${#engines[@]} engines x the filter set, $RUNS runs of ${cell_ms} ms per cell"
# DOTNET_TC_CallCountingDelayMs=0: the JIT tiers hot methods up as soon as they are hot instead of after a quiet
# spell with no new method jitted, which the warm-up (one cell after another) never gives it; see QuickFilterTimer.
DOTNET_TC_CallCountingDelayMs=0 "${pin[@]}" dotnet "$dll" --quick-tsv --runs "$RUNS" --cell-ms "$cell_ms" \
    --warmup-ms "$warmup_ms" > "$raw/runs.tsv" 2> "$raw/timer.log" ||
    fail "Filter.Benchmarks --quick-tsv failed: $(tail -n 3 "$raw/timer.log")"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# runs.tsv: run, filter, engine, ns_per_packet. Collect each cell's runs in run order, filters in their order.
declare -A ns seen
filters=()
while IFS=$'\t' read -r run filter engine value; do
    [ "$run" = run ] && continue
    [ -n "${seen[$filter]:-}" ] || { seen[$filter]=1; filters+=("$filter"); }
    ns[$filter/$engine]+="$value "
done < "$raw/runs.tsv"
[ "${#filters[@]}" -gt 0 ] || fail "Filter.Benchmarks printed no rows: see $raw/runs.tsv and $raw/timer.log"
for filter in "${filters[@]}"; do
    for engine in "${engines[@]}"; do
        read -ra values <<< "${ns[$filter/$engine]:-}"
        [ "${#values[@]}" = "$RUNS" ] || fail "'$filter' on $engine: ${#values[@]} runs in $raw/runs.tsv, expected $RUNS"
    done
done

tsv=$results/filters.tsv
result_file "$tsv"
declare -A stat # "median min max" per cell, for the table and the plot
for filter in "${filters[@]}"; do
    for engine in "${engines[@]}"; do
        # shellcheck disable=SC2086 # the run list splits into one argument per run on purpose
        result_row "$tsv" "$filter / $engine" "ns/packet" ns ${ns[$filter/$engine]}
        stat[$filter/$engine]=$(tail -n 1 "$tsv" | cut -f4-6 | tr '\t' ' ')
    done
    for compiled in "compiled burst" "compiled"; do
        # shellcheck disable=SC2046 # one argument per run-by-run quotient
        result_row "$tsv" "$filter" "ratio libpcap/$compiled" x \
            $(ratios_of "${ns[$filter/libpcap]}" "${ns[$filter/$compiled]}")
        stat[$filter/libpcap/$compiled]=$(tail -n 1 "$tsv" | cut -f4-6 | tr '\t' ' ')
    done
done

# The plot: one group of bars per filter, one bar per engine (median, whiskers min to max), log scale: the
# engines differ by up to 50x on accept-all.
data=$work/filters.dat
for filter in "${filters[@]}"; do
    printf '"%s"' "$filter"
    # shellcheck disable=SC2086 # "median min max" becomes three columns
    for engine in "${engines[@]}"; do printf '\t%s' ${stat[$filter/$engine]}; done
    printf '\n'
done > "$data"
cp "$data" "$raw/plot.dat"
gnuplot > "$raw/gnuplot.log" 2>&1 <<EOF || fail "gnuplot failed: see $raw/gnuplot.log"
set terminal pngcairo size 900,500
set output '$results/filters.png'
set title 'Filter cost per packet, cache-resident mixed traffic (median of $RUNS runs, whiskers min-max)'
set ylabel 'ns per packet (log scale)'
set logscale y
set yrange [0.1:300]
set grid ytics
set key top left horizontal
set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by 20 right scale 0 font ',9'
set rmargin 3
plot '$data' using 2:3:4:xtic(1) title 'compiled, RunBurst', \
     '' using 5:6:7 title 'compiled, Run', \
     '' using 8:9:10 title 'interpreter, Run', \
     '' using 11:12:13 title 'libpcap bpf\_filter, Run'
EOF

cell() { # "median min max" FORMAT [SUFFIX]: "median (min-max)", each number in the printf FORMAT
    read -r med min max <<< "$1"
    # shellcheck disable=SC2059 # the format is the caller's
    printf "$2${3:-} ($2-$2)" "$med" "$min" "$max"
}
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
    echo "## Filters: ns per packet"
    echo
    echo "Each filter of the filter issue's set (\`perf/Filter.Benchmarks\`, compiled by libpcap for EN10MB with the"
    echo "optimiser on; accept-all is the empty expression) run over the benchmarks' Hot frames: 256 frames of mixed traffic"
    echo "(IPv4 UDP/TCP, VLAN, IPv6, ICMP, ARP; 60-128 bytes, cache-resident), called through \`IPacketFilter\` as the"
    echo "poll loop calls it: the compiled engine with \`RunBurst\` once per 32 packets, then every engine with \`Run\` once"
    echo "per packet (libpcap's \`bpf_filter\` through P/Invoke has no burst call). Command:"
    echo "\`dotnet perf/Filter.Benchmarks/bin/Release/net10.0/Filter.Benchmarks.dll --quick-tsv --runs $RUNS --cell-ms $cell_ms\`"
    echo "(Release): every cell warmed up until the JIT's tiering settled, then $RUNS runs of one ${cell_ms} ms Stopwatch pass"
    echo "per cell, the cells taking turns within each run; one process, one thread, ${FILTERS_CPUS:+pinned to CPU $FILTERS_CPUS}${FILTERS_CPUS:-not pinned},"
    echo "on $(nproc) cores ($cpu), load average $load_before before and $load_after after."
    echo "ns per packet, median (min-max) of $RUNS runs; the ratios are libpcap over compiled, run by run:"
    echo
    echo "| filter | compiled, RunBurst | compiled, Run | interpreter, Run | libpcap, Run | libpcap / compiled RunBurst | libpcap / compiled Run |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for filter in "${filters[@]}"; do
        printf '| %s |' "\`$filter\`"
        for engine in "${engines[@]}"; do printf ' %s |' "$(cell "${stat[$filter/$engine]}" %.3g)"; done
        for compiled in "compiled burst" "compiled"; do printf ' %s |' "$(cell "${stat[$filter/libpcap/$compiled]}" %.1f x)"; done
        printf '\n'
    done
    echo
    echo "![ns per packet per filter and engine](filters.png)"
} > "$results/filters.md"
log "wrote $tsv, $results/filters.md and $results/filters.png"
