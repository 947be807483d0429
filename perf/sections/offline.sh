#!/usr/bin/env bash
# perf/sections/offline.sh RESULTS_DIR - section 2 of perf/run: reading a capture file and writing what the filter
# keeps, `zcap -r FILE -w /dev/null [EXPR]` against `tcpdump -nn -r FILE -w /dev/null [EXPR]`.
#
# Files (appliance generate, cached in CACHE_DIR and reused while their packet count, mix and size still match):
#   small64  5,000,000 64-byte frames (60 captured bytes: --mix small)
#   imix     10,000,000 frames of the generator's IMIX (7 x 60, 4 x 590, 1 x 1514 bytes in every 12: 3.7 GB)
#   a one-packet file, to show what starting each process costs (included in every figure)
# each read with no filter and with FILTER, which keeps part of the generator's traffic (its TCP to port 80, one
# frame in five; the fraction is measured and reported). For each file and case the two tools take turns, run by
# run, the first of the pair alternating; each run's wall time is taken around the process (bash EPOCHREALTIME),
# its CPU time (user + system, all threads) by /usr/bin/time. Mpps = packets in the file / wall seconds.
# Before the runs, `tcpdump --count` reads each file once (which also brings it into the page cache): its count
# without a filter must equal the packets generated, and every zcap run must report the same counts (captured, and
# received by filter) as tcpdump, or the section fails.
#
# Env: RUNS (5; 2 under QUICK), QUICK=1 (500,000-packet files), CACHE_DIR (/var/tmp/probe-perf), FILTER (tcp port 80),
#      OFFLINE_CPUS (both tools' affinity, taskset -c; default every online CPU, i.e. as a user runs them).
set -euo pipefail

# shellcheck disable=SC2034 # read by log() in results.sh
SECTION=offline
results=${1:?usage: perf/sections/offline.sh RESULTS_DIR}
repo=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/results.sh
source "$repo/perf/lib/results.sh"

if [ "${QUICK:-0}" = 1 ]; then
    RUNS=${RUNS:-2}; small_packets=500000; imix_packets=500000
else
    RUNS=${RUNS:-5}; small_packets=5000000; imix_packets=10000000
fi
export RUNS
cache=${CACHE_DIR:-/var/tmp/probe-perf}
filter=${FILTER:-tcp port 80}
cpus=${OFFLINE_CPUS:-0-$(( $(nproc) - 1 ))}
zcap=$repo/out/zcap/zcap
appliance=$repo/out/appliance/appliance

for tool in tcpdump gnuplot taskset /usr/bin/time; do
    command -v "$tool" > /dev/null || fail "$tool is not installed"
done
[ -x "$zcap" ] || fail "$zcap is missing: run ./scripts/setup.sh (or dotnet publish src/Capture -c Release -o out/zcap)"
[ -x "$appliance" ] || fail "$appliance is missing: run ./scripts/setup.sh (or dotnet publish src/Appliance -c Release -o out/appliance)"
# As root, tcpdump -w drops to the tcpdump user after opening its files unless told to stay root: -Z root keeps both
# tools under the same account (and lets tcpdump read a cache directory that user cannot).
tcpdump_user=()
[ "$(id -u)" != 0 ] || tcpdump_user=(-Z root)

raw=$results/raw/offline
mkdir -p "$raw" "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The capture file NAME with PACKETS frames of MIX, generated unless the cache holds it already: its stamp (packets,
# mix, bytes, written after a complete generation) must match, and the file must still have that size.
capture_file() { # NAME PACKETS MIX
    local file=$cache/$1-$2.pcap stamp p m bytes
    stamp=$file.stamp
    if [ -f "$file" ] && [ -f "$stamp" ] && read -r p m bytes < "$stamp" && [ "$p $m" = "$2 $3" ] &&
        [ "$(stat -c %s "$file")" = "$bytes" ]; then
        log "reusing $file"
    else
        log "generating $file ($2 packets, --mix $3)"
        rm -f "$stamp"
        "$appliance" generate --packets "$2" --mix "$3" "$file" > "$raw/generate-$1-$2.log" 2>&1 ||
            fail "appliance generate failed: see $raw/generate-$1-$2.log"
        echo "$2 $3 $(stat -c %s "$file")" > "$stamp"
    fi
    echo "$file"
}

names=(small64 imix)
declare -A file packets label display=([small64]="64-byte" [imix]="IMIX")
file[small64]=$(capture_file small64 "$small_packets" small)
file[imix]=$(capture_file imix "$imix_packets" imix)
packets[small64]=$small_packets
packets[imix]=$imix_packets
# One packet: what starting the process costs each tool (every other figure includes it).
file[one]=$(capture_file small64 1 small)

# tcpdump's own counts (untimed; this read also warms the page cache for the timed ones).
tcpdump_count() { # FILE [EXPR]
    local out
    out=$(tcpdump -nn --count -r "$@" 2> "$work/count.err") || fail "tcpdump --count -r $* failed: $(cat "$work/count.err")"
    sed -n 's/^\([0-9]\{1,\}\) packets\{0,1\}$/\1/p' <<< "$out" | grep . || fail "no count from tcpdump --count -r $*: $out"
}
cases=(none filter)
declare -A expect bytes_of
for name in "${names[@]}"; do
    f=${file[$name]}
    all=$(tcpdump_count "$f")
    [ "$all" = "${packets[$name]}" ] || fail "$f holds $all packets by tcpdump's count, expected ${packets[$name]}"
    expect[$name/none]=$all
    expect[$name/filter]=$(tcpdump_count "$f" "$filter")
    bytes_of[$name]=$(stat -c %s "$f")
    # A pcap file: a 24-byte header, then a 16-byte record header before each frame.
    mean=$(awk -v b="${bytes_of[$name]}" -v n="${packets[$name]}" 'BEGIN { printf "%.1f", (b - 24) / n - 16 }')
    label[$name]="${display[$name]}: \`${f##*/}\`, ${mean} B per frame on average"
    log "$f: ${packets[$name]} packets, '$filter' keeps ${expect[$name/filter]}"
done

# Runs one tool over one file and case; appends its wall seconds and CPU seconds to the lists of KEY.
declare -A wall cpu
timed() { # KEY EXPECTED_CAPTURED TOTAL TOOL ARGS...
    local key=$1 captured=$2 total=$3 start end user sys seconds cpu_seconds got_captured got_received
    shift 3
    start=$EPOCHREALTIME
    /usr/bin/time -f '%U %S' -o "$work/cpu" taskset -c "$cpus" "$@" > /dev/null 2> "$work/stderr" ||
        fail "$* failed: $(tail -n 3 "$work/stderr")"
    end=$EPOCHREALTIME
    read -r user sys < "$work/cpu"
    seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')
    cpu_seconds=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    wall[$key]+="$seconds "
    cpu[$key]+="$cpu_seconds "
    if [ "$(basename "$1")" = zcap ]; then
        # zcap prints tcpdump's count lines; tcpdump -w prints none when reading a file (checked with --count above).
        got_captured=$(sed -n 's/^\([0-9]\{1,\}\) packets\{0,1\} captured$/\1/p' "$work/stderr")
        got_received=$(sed -n 's/^\([0-9]\{1,\}\) packets\{0,1\} received by filter$/\1/p' "$work/stderr")
        if [ "$got_captured" != "$captured" ] || [ "$got_received" != "$total" ]; then
            fail "$* counted ${got_captured:-nothing} captured / ${got_received:-nothing} received, tcpdump $captured / $total"
        fi
    fi
    printf '%s\t%s\t%s\t%s\n' "$run" "$key" "$seconds" "$cpu_seconds" >> "$raw/runs.tsv"
}

printf 'run\tkey\twall_s\tcpu_s\n' > "$raw/runs.tsv"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$RUNS"); do
    log "run $run of $RUNS"
    timed zcap/one 1 1 "$zcap" -r "${file[one]}" -w /dev/null
    timed tcpdump/one 1 1 tcpdump "${tcpdump_user[@]}" -nn -r "${file[one]}" -w /dev/null
    for name in "${names[@]}"; do
        for c in "${cases[@]}"; do
            expr=()
            [ "$c" = none ] || expr=("$filter")
            zcap_cmd=("$zcap" -r "${file[$name]}" -w /dev/null "${expr[@]}")
            tcpdump_cmd=(tcpdump "${tcpdump_user[@]}" -nn -r "${file[$name]}" -w /dev/null "${expr[@]}")
            # Who goes first alternates run by run, so neither always inherits the other's cache and frequency state.
            if (( run % 2 )); then
                timed "zcap/$name/$c" "${expect[$name/$c]}" "${packets[$name]}" "${zcap_cmd[@]}"
                timed "tcpdump/$name/$c" "${expect[$name/$c]}" "${packets[$name]}" "${tcpdump_cmd[@]}"
            else
                timed "tcpdump/$name/$c" "${expect[$name/$c]}" "${packets[$name]}" "${tcpdump_cmd[@]}"
                timed "zcap/$name/$c" "${expect[$name/$c]}" "${packets[$name]}" "${zcap_cmd[@]}"
            fi
        done
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

per_second() { # PACKETS "S1 S2 ...": million packets per second, one line per run
    awk -v n="$1" -v s="$2" 'BEGIN { k = split(s, x, " "); for (i = 1; i <= k; i++) if (x[i] > 0) printf "%.6g\n", n / x[i] / 1e6 }'
}

case_name() { # NAME CASE
    if [ "$2" = none ]; then echo "${display[$1]}, no filter"; else echo "${display[$1]}, '$filter'"; fi
}
tsv=$results/offline.tsv
result_file "$tsv"
declare -A stat mpps cpu_mpps
last_stat() { tail -n 1 "$tsv" | cut -f4-6 | tr '\t' ' '; }
for name in "${names[@]}"; do
    for c in "${cases[@]}"; do
        for tool in zcap tcpdump; do
            key=$tool/$name/$c
            mpps[$key]=$(per_second "${packets[$name]}" "${wall[$key]}" | tr '\n' ' ')
            cpu_mpps[$key]=$(per_second "${packets[$name]}" "${cpu[$key]}" | tr '\n' ' ')
            # shellcheck disable=SC2086 # one argument per run
            result_row "$tsv" "$tool -r $(case_name "$name" "$c")" Mpps Mpps ${mpps[$key]}
            stat[$key]=$(last_stat)
            # shellcheck disable=SC2086
            result_row "$tsv" "$tool -r $(case_name "$name" "$c")" "Mpkt per CPU-second" Mpkt/CPU-s ${cpu_mpps[$key]}
            stat[$key/cpu]=$(last_stat)
        done
        # shellcheck disable=SC2046 # one argument per run-by-run quotient
        result_row "$tsv" "$(case_name "$name" "$c")" "ratio zcap/tcpdump" x \
            $(ratios_of "${mpps[zcap/$name/$c]}" "${mpps[tcpdump/$name/$c]}")
        stat[ratio/$name/$c]=$(last_stat)
        # shellcheck disable=SC2046
        result_row "$tsv" "$(case_name "$name" "$c")" "ratio zcap/tcpdump per CPU-second" x \
            $(ratios_of "${cpu_mpps[zcap/$name/$c]}" "${cpu_mpps[tcpdump/$name/$c]}")
        stat[ratio/$name/$c/cpu]=$(last_stat)
    done
done

milliseconds() { awk -v s="$1" 'BEGIN { k = split(s, x, " "); for (i = 1; i <= k; i++) printf "%.3f\n", 1000 * x[i] }'; }
for tool in zcap tcpdump; do
    # shellcheck disable=SC2046 # one argument per run
    result_row "$tsv" "$tool -r a one-packet file (start-up)" "wall time" ms $(milliseconds "${wall[$tool/one]}")
    stat[$tool/one]=$(last_stat)
done

# The plot: one group per file and case, zcap and tcpdump side by side (median, whiskers min to max).
data=$work/offline.dat
for name in "${names[@]}"; do
    for c in "${cases[@]}"; do
        # shellcheck disable=SC2086 # "median min max" becomes three columns
        printf '"%s"\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(case_name "$name" "$c")" ${stat[zcap/$name/$c]} ${stat[tcpdump/$name/$c]}
    done
done > "$data"
cp "$data" "$raw/plot.dat"
gnuplot > "$raw/gnuplot.log" 2>&1 <<EOF || fail "gnuplot failed: see $raw/gnuplot.log"
set terminal pngcairo size 900,500
set output '$results/offline.png'
set title 'Reading a capture file, writing to /dev/null (median of $RUNS runs, whiskers min-max)'
set ylabel 'million packets per second (wall clock)'
set yrange [0:*]
set grid ytics
set key top right
set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics scale 0 font ',10'
plot '$data' using 2:3:4:xtic(1) title 'zcap -r FILE -w /dev/null', \
     '' using 5:6:7 title 'tcpdump -nn -r FILE -w /dev/null'
EOF

cell() { # "median min max" FORMAT [SUFFIX]: "median (min-max)", each number in the printf FORMAT
    read -r med min max <<< "$1"
    # shellcheck disable=SC2059 # the format is the caller's
    printf "$2${3:-} ($2-$2)" "$med" "$min" "$max"
}
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f %%", 100 * a / b }'; }
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
    echo "## Offline: zcap against tcpdump reading a capture file"
    echo
    echo "\`zcap -r FILE -w /dev/null [EXPR]\` (out/zcap, Release) against \`tcpdump ${tcpdump_user[*]}${tcpdump_user[*]:+ }-nn -r FILE -w /dev/null [EXPR]\`"
    echo "(tcpdump $(tcpdump --version 2>&1 | sed -n 's/^tcpdump version //p' | head -n 1)), each as a process started by"
    echo "\`taskset -c $cpus\` on $(nproc) cores ($cpu_model), on files of \`appliance generate\` traffic read from the page cache,"
    echo "without a filter and with \`$filter\`. The tools take turns run by run; Mpps = packets in the file / wall time"
    echo "of the process, Mpkt per CPU-second = packets / (user + system CPU time of all its threads). Every zcap run"
    echo "reported the packet counts \`tcpdump --count\` gives for the same file and expression."
    echo "Median (min-max) of $RUNS runs; the ratios are zcap over tcpdump, run by run. Load average $load_before before"
    echo "and $load_after after."
    echo
    echo "| file | packets | bytes | \`$filter\` keeps |"
    echo "|---|---:|---:|---:|"
    for name in "${names[@]}"; do
        printf '| %s | %s | %s | %s (%s) |\n' "${label[$name]}" "${packets[$name]}" "${bytes_of[$name]}" \
            "${expect[$name/filter]}" "$(percent "${expect[$name/filter]}" "${packets[$name]}")"
    done
    echo
    echo "| case | zcap Mpps | tcpdump Mpps | zcap / tcpdump | zcap Mpkt per CPU-s | tcpdump Mpkt per CPU-s | zcap / tcpdump per CPU-s |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for name in "${names[@]}"; do
        for c in "${cases[@]}"; do
            printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$(case_name "$name" "$c")" \
                "$(cell "${stat[zcap/$name/$c]}" %.3g)" "$(cell "${stat[tcpdump/$name/$c]}" %.3g)" \
                "$(cell "${stat[ratio/$name/$c]}" %.2f x)" \
                "$(cell "${stat[zcap/$name/$c/cpu]}" %.3g)" "$(cell "${stat[tcpdump/$name/$c/cpu]}" %.3g)" \
                "$(cell "${stat[ratio/$name/$c/cpu]}" %.2f x)"
        done
    done
    echo
    echo "Start-up, the same commands on a one-packet file (ms of wall time, included in every figure above): zcap"
    echo "$(cell "${stat[zcap/one]}" %.0f), tcpdump $(cell "${stat[tcpdump/one]}" %.0f)."
    echo
    echo "![Mpps per file and case, zcap and tcpdump](offline.png)"
} > "$results/offline.md"
log "wrote $tsv, $results/offline.md and $results/offline.png"
