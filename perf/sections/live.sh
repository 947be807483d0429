#!/usr/bin/env bash
# perf/sections/live.sh RESULTS_DIR - section 4 of perf/run: live capture on a veth pair. For the appliance's data
# path over AF_XDP (native XDP), the same fed by DPDK's net_af_xdp PMD, and `tcpdump -B 65536`: the highest rate
# of 64-byte frames captured with no loss, and the CPU the capture process spends per million packets there.
#
# The measuring is perf/afxdp/run.sh's (SEARCH=bisect, OUTPUT=tsv: see its header); this script chooses the
# contenders, the step length and the number of searches, keeps the whole section inside its budget (DEADLINE),
# and turns the per-search records into live.tsv, live.md, live-rate.png and live-cpu.png.
#
# Env: RUNS (5: searches per contender, interleaved), QUICK=1 (2 searches of 0.5 s steps, one refinement),
# BUDGET (180 s: the section's share of perf/run's 15 minutes; fewer searches run if they would not fit).
set -euo pipefail

SECTION=live
results=${1:?usage: perf/sections/live.sh RESULTS_DIR}
repo=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/results.sh
source "$repo/perf/lib/results.sh"

if [ "${QUICK:-0}" = 1 ]; then
    RUNS=${RUNS:-2}; step_seconds=0.5; refine=1
else
    RUNS=${RUNS:-5}; step_seconds=2; refine=2
fi
budget=${BUDGET:-180}
# Kept back from the budget for what follows the searches: the tables and the plots take about 2 s.
reserve=8
contenders=(daemon-afxdp daemon-dpdk-af-xdp tcpdump)
declare -A label=(
    [daemon-afxdp]="appliance, AF_XDP"
    [daemon-dpdk-af-xdp]="appliance, DPDK net_af_xdp"
    [tcpdump]="tcpdump -B 65536"
)

[ "$(id -u)" = 0 ] || fail "needs root (veth pair, XDP, hugepages)"
for tool in gnuplot taskset ip tcpdump dotnet; do
    command -v "$tool" > /dev/null || fail "$tool is not installed (./scripts/setup.sh installs it)"
done
raw=$results/raw/live
mkdir -p "$raw"

# The searches. run.sh builds what it needs, makes and removes its own veth lab, and stops starting repetitions
# that would end after its DEADLINE (seconds from its own start; what this script has used is taken off).
deadline=$((budget - reserve - SECONDS))
log "perf/afxdp/run.sh: $RUNS searches per contender (${contenders[*]}), ${step_seconds} s steps, deadline ${deadline} s"
if ! SEARCH=bisect REFINE=$refine REPEATS=$RUNS SECONDS_PER_STEP=$step_seconds CEILING=short OUTPUT=tsv \
    DEADLINE=$deadline CONTENDERS="${contenders[*]}" SEND_CPU=0 CAPTURE_CPU=1 \
    "$repo/perf/afxdp/run.sh" > "$raw/run.tsv"; then
    fail "perf/afxdp/run.sh failed (its messages are above)"
fi

field() { # RECORD_TYPE COLUMN [MATCH_COLUMN MATCH_VALUE]: the column of every such record, one per line
    awk -F'\t' -v t="$1" -v c="$2" -v mc="${3:-0}" -v mv="${4:-}" '$1 == t && (mc == 0 || $mc == mv) { print $c }' "$raw/run.tsv"
}
read -r reps_done reps_asked search_seconds <<< "$(field repeats 2) $(field repeats 3) $(field repeats 4)"
[ -n "$reps_done" ] && [ "$reps_done" -ge 1 ] || fail "perf/afxdp/run.sh finished no search (its records: $raw/run.tsv)"
sender_alone=$(field ceiling 3 2 probe-send-alone)
load_start=$(field load 3 2 start)
load_end=$(field load 3 2 end)

# Per contender, in repetition order: the search's loss-free rate, its CPU per Mpkt ("n/a" when no step was
# loss-free), and how the search ended.
declare -A rate cpu limits sender_limited
for c in "${contenders[@]}"; do
    rate[$c]=$(field search 4 3 "$c" | tr '\n' ' ')
    cpu[$c]=$(field search 5 3 "$c" | tr '\n' ' ')
    limits[$c]=$(field search 6 3 "$c" | tr '\n' ' ')
    sender_limited[$c]=$(field search 6 3 "$c" | grep -c '^sender-limited$' || true)
    [ -n "${rate[$c]// /}" ] || fail "no search result for $c (its records: $raw/run.tsv)"
done
numbers_only() { printf '%s\n' $1 | awk '$1 != "n/a"' | tr '\n' ' '; }

tsv=$results/live.tsv
result_file "$tsv"
for c in "${contenders[@]}"; do
    result_row "$tsv" "${label[$c]}" "highest lossless rate" pps ${rate[$c]}
    # CPU at the loss-free rate exists only for searches that found one.
    values=$(numbers_only "${cpu[$c]}")
    [ -z "${values// /}" ] || result_row "$tsv" "${label[$c]}" "CPU at that rate" "CPU s/Mpkt" $values
done
# Ratios run by run: repetition i of the appliance over repetition i of tcpdump (same invocation, neighbours).
# A CPU ratio needs both searches of the repetition to have found a loss-free rate.
cpu_pairs() { # A B: "a b" per repetition where both are numbers
    paste -d' ' <(printf '%s\n' ${cpu[$1]}) <(printf '%s\n' ${cpu[$2]}) | awk '$1 != "n/a" && $2 != "n/a"'
}
for c in daemon-afxdp daemon-dpdk-af-xdp; do
    values=$(ratios_of "${rate[$c]}" "${rate[tcpdump]}")
    [ -z "$values" ] || result_row "$tsv" "${label[$c]} / tcpdump" "ratio of lossless rates" x $values
    pairs=$(cpu_pairs "$c" tcpdump)
    if [ -n "$pairs" ]; then
        values=$(ratios_of "$(cut -d' ' -f1 <<< "$pairs" | tr '\n' ' ')" "$(cut -d' ' -f2 <<< "$pairs" | tr '\n' ' ')")
        [ -z "$values" ] || result_row "$tsv" "${label[$c]} / tcpdump" "ratio of CPU s/Mpkt" x $values
    fi
done

# tsv_cell CASE METRIC COLUMN(4 median, 5 min, 6 max, 7 runs): "-" if there is no such row.
tsv_cell() {
    awk -F'\t' -v c="$1" -v m="$2" -v k="$3" '$1 == c && $2 == m { print $k; found = 1 } END { if (!found) print "-" }' "$tsv"
}
kpps() { awk -v v="$1" 'BEGIN { if (v == "-" || v == "n/a") print v; else printf "%.0f k", v / 1000 }'; }

# The plots: a bar per contender at the median, error bars from min to max.
{
    for c in "${contenders[@]}"; do
        printf '"%s" %s %s %s "%s/%s sender-limited"\n' "${label[$c]}" \
            "$(tsv_cell "${label[$c]}" "highest lossless rate" 4)" "$(tsv_cell "${label[$c]}" "highest lossless rate" 5)" \
            "$(tsv_cell "${label[$c]}" "highest lossless rate" 6)" "${sender_limited[$c]}" "$reps_done"
    done
} > "$raw/rate.dat"
: > "$raw/cpu.dat"
for c in "${contenders[@]}"; do
    m=$(tsv_cell "${label[$c]}" "CPU at that rate" 4)
    [ "$m" = - ] || printf '"%s" %s %s %s\n' "${label[$c]}" "$m" \
        "$(tsv_cell "${label[$c]}" "CPU at that rate" 5)" "$(tsv_cell "${label[$c]}" "CPU at that rate" 6)" >> "$raw/cpu.dat"
done
gnuplot > "$raw/gnuplot.log" 2>&1 <<EOF || fail "gnuplot failed: $(cat "$raw/gnuplot.log")"
set terminal pngcairo size 900,500 noenhanced
set style data histograms
set style histogram errorbars gap 2 lw 1.5
set style fill solid 0.6 border -1
set boxwidth 0.8
set grid ytics
unset key
set output '$results/live-rate.png'
set title "Highest lossless rate on a veth pair, 64-byte frames (median of $reps_done searches; bars: min to max)"
set ylabel 'kpps (as the sender achieved it)'
set yrange [0:*]
# Room above the tallest bar for its label.
set offsets 0, 0, graph 0.12, 0
plot '$raw/rate.dat' using (\$2/1000):(\$3/1000):(\$4/1000):xtic(1) lc rgb '#4a7ab5', \
     '' using 0:(\$4/1000):5 with labels offset 0,1 notitle
$(if [ -s "$raw/cpu.dat" ]; then cat <<CPU
set output '$results/live-cpu.png'
set title "Capture process CPU per million packets at that rate (median; bars: min to max; log scale)"
set ylabel 'CPU seconds / Mpkt'
set logscale y
set yrange [*:*]
set offsets 0, 0, 0, 0
plot '$raw/cpu.dat' using 2:3:4:xtic(1) lc rgb '#c0504d'
CPU
fi)
EOF
[ -s "$results/live-rate.png" ] || fail "gnuplot wrote no plot: $(cat "$raw/gnuplot.log")"
# No search found a loss-free rate: there is no CPU figure to draw.
if [ -s "$raw/cpu.dat" ] && [ ! -s "$results/live-cpu.png" ]; then fail "gnuplot wrote no CPU plot: $(cat "$raw/gnuplot.log")"; fi

# The fragment. Every figure below comes from live.tsv or run.tsv of this run.
all_sender_limited=yes
for c in "${contenders[@]}"; do [ "${sender_limited[$c]}" = "$reps_done" ] || all_sender_limited=no; done
{
    echo "## Live capture on a veth pair"
    echo
    echo "The highest rate of 64-byte UDP frames (256 flows) each contender captures from a veth pair with no loss, and"
    echo "the CPU its processes spend per million packets there. \`perf/afxdp/run.sh\` (SEARCH=bisect) makes a veth pair"
    echo "with one queue per end; \`native/build/probe-send\` (AF_PACKET, \`PACKET_QDISC_BYPASS\`, \`sendmmsg\` of 64)"
    echo "sends from the pair's network namespace, pinned to CPU 0; each contender runs pinned whole to CPU 1 with"
    echo "about 64 MiB of buffer:"
    echo
    echo "- **${label[daemon-afxdp]}**: the daemon, \`appliance run\` with an \`afxdp\` port (native XDP, copy mode, 16384 ×"
    echo "  4 KiB UMEM frames; the poll thread on the backoff idle policy, so it sleeps when the link is idle), and one"
    echo "  consumer process, \`pzc_capture -w /dev/null -B 32768\` (two 32 MiB zero-copy buffers), attached through the"
    echo "  control socket; captured = what the consumer wrote;"
    echo "- **${label[daemon-dpdk-af-xdp]}**: the same with a \`dpdk\` port on DPDK's \`net_af_xdp\` PMD (16384 rx"
    echo "  descriptors, 32767 mbufs);"
    echo "- **${label[tcpdump]}**: \`tcpdump -i IFACE -B 65536 -w /dev/null\`, counted by \"received by filter\"."
    echo
    echo "Search, per contender: one step with the sender unthrottled for ${step_seconds} s; if nothing is lost, the"
    echo "answer is the rate the sender reached (*sender-limited*: the capture may take more). Otherwise $refine"
    echo "bisection step(s) between 0 and that rate (${step_seconds} s each, \`probe-send -p RATE\`): the answer is"
    echo "the highest loss-free step, within 1/$((1 << refine)) of the unthrottled rate (0 if every step lost). Each"
    echo "step starts the contender afresh; *lossless* means captured = sent and no frame refused by the veth. CPU:"
    echo "the time the capture processes' threads ran (schedstat; the appliance's and its consumer's together) over the send and its drain (0.3 s after it;"
    echo "tcpdump 1.5 s, its ring's block timeout), over the packets captured."
    if [ "$reps_done" -lt "$reps_asked" ]; then
        echo "**$reps_done searches per contender, not the $reps_asked asked (RUNS)**: another round would not have fit"
        echo "the section's ${budget} s budget at the pace of the slowest round so far. Contenders"
    else
        echo "$reps_done searches per contender (RUNS), contenders"
    fi
    echo "interleaved round by round, in ${search_seconds} s; load average ${load_start} at the start, ${load_end} at"
    echo "the end. The sender alone (nothing capturing) reached ${sender_alone:-?} pps."
    echo
    echo "| contender | lossless rate, median | min | max | searches | of which sender-limited | CPU s/Mpkt there, median | min | max |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for c in "${contenders[@]}"; do
        l=${label[$c]}
        echo "| $l | $(kpps "$(tsv_cell "$l" "highest lossless rate" 4)")pps | $(kpps "$(tsv_cell "$l" "highest lossless rate" 5)") | $(kpps "$(tsv_cell "$l" "highest lossless rate" 6)") | $(tsv_cell "$l" "highest lossless rate" 7) | ${sender_limited[$c]} | $(tsv_cell "$l" "CPU at that rate" 4) | $(tsv_cell "$l" "CPU at that rate" 5) | $(tsv_cell "$l" "CPU at that rate" 6) |"
    done
    echo
    echo "Ratios, round by round (appliance over tcpdump, same invocation; a round counts only where both searches"
    echo "found a loss-free rate, for CPU, or tcpdump's is above 0, for rates):"
    echo
    echo "| ratio | median | min | max | runs |"
    echo "|---|---:|---:|---:|---:|"
    for c in daemon-afxdp daemon-dpdk-af-xdp; do
        for m in "ratio of lossless rates" "ratio of CPU s/Mpkt"; do
            r="${label[$c]} / tcpdump"
            [ "$(tsv_cell "$r" "$m" 4)" = - ] ||
                echo "| $r, $m | $(tsv_cell "$r" "$m" 4) | $(tsv_cell "$r" "$m" 5) | $(tsv_cell "$r" "$m" 6) | $(tsv_cell "$r" "$m" 7) |"
        done
    done
    echo
    echo "How each search ended, round by round: $(for c in "${contenders[@]}"; do printf '%s: %s; ' "${label[$c]}" "${limits[$c]% }"; done | sed 's/; $//')."
    echo
    for c in "${contenders[@]}"; do
        if [ "${sender_limited[$c]}" = "$reps_done" ]; then
            echo "- ${label[$c]}: every search ended at the sender's rate with nothing lost, so its figure is a lower"
            echo "  bound set by the sender, not the capture's limit."
        elif [ "${sender_limited[$c]}" = 0 ]; then
            echo "- ${label[$c]}: every search ended on packets lost by the capture: its figure is its limit here."
        else
            echo "- ${label[$c]}: ${sender_limited[$c]} of $reps_done searches ended at the sender's rate with nothing lost,"
            echo "  the others on packets lost by the capture."
        fi
    done
    echo
    if [ $all_sender_limited = yes ]; then
        echo "No capture lost packets at the highest rate the sender reached into it: the rate ratios compare how fast"
        echo "the sender went while each contender ran on the other core, not the captures."
    fi
    echo "The sender's unthrottled rate differs from contender to contender: a polling capture can slow the"
    echo "sender although the two are pinned to different vCPUs (see \`perf/afxdp/README.md\`)."
    echo "The CPU figures leave out the kernel's share (veth NAPI, the XDP program, the copy into the UMEM or the"
    echo "packet ring), which runs in softirq on the sender's CPU. The appliance's poll thread, even on the backoff"
    echo "policy, keeps polling while packets keep coming (it sleeps only after a quiet spell), so at these rates its"
    echo "figure is mostly wall time over packets and falls as the rate rises; tcpdump sleeps between ring blocks."
    echo
    echo "![highest lossless rate per contender](live-rate.png)"
    echo
    if [ -s "$results/live-cpu.png" ]; then
        echo "![CPU seconds per million packets per contender](live-cpu.png)"
    else
        echo "No search found a loss-free rate, so there is no CPU figure."
    fi
} > "$results/live.md"
log "wrote live.tsv, live.md, live-rate.png, live-cpu.png ($reps_done of $reps_asked searches per contender, ${SECONDS} s)"
