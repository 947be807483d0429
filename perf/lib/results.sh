# perf/lib/results.sh - sourced by perf/run and its sections: one way to turn repeated runs into a result row.
#
# Every section writes RESULTS/<section>.tsv: a header line, then one row per figure:
#   case <TAB> metric <TAB> unit <TAB> median <TAB> min <TAB> max <TAB> runs
# "case" names what ran (e.g. "zcap -r small64, no filter"), "metric" what was measured ("Mpps", "ns/packet",
# "ratio zcap/tcpdump"). A ratio comes from runs of the same invocation: run i of A over run i of B, then the
# median of those ratios, so a neighbour's load falls on both sides of each quotient alike.

# Prints "median min max n" of the numbers given as arguments (n = how many).
stats_of() {
    printf '%s\n' "$@" | awk 'NF' | sort -g | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "n/a n/a n/a 0"; exit }
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.4g %.4g %.4g %d\n", m, v[1], v[NR], NR
        }'
}

# Starts RESULTS/<section>.tsv with its header.
result_file() { # FILE
    printf 'case\tmetric\tunit\tmedian\tmin\tmax\truns\n' > "$1"
}

# Appends one row: the statistics of VALUES.
result_row() { # FILE CASE METRIC UNIT VALUES...
    local file=$1 case=$2 metric=$3 unit=$4; shift 4
    read -r med min max n <<< "$(stats_of "$@")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$metric" "$unit" "$med" "$min" "$max" "$n" >> "$file"
}

# Prints the run-by-run quotients A[i]/B[i] of two equally long space-separated lists.
ratios_of() { # "A1 A2 ..." "B1 B2 ..."
    awk -v a="$1" -v b="$2" 'BEGIN {
        n = split(a, x, " "); split(b, y, " ")
        for (i = 1; i <= n; i++) if (y[i] > 0) printf "%.6g\n", x[i] / y[i]
    }'
}

# Runs COMMAND RUNS times (RUNS from the environment, default 5) and prints one line per run of whatever
# the command printed last: for commands that print one number.
repeat_runs() { # COMMAND...
    local i
    for i in $(seq "${RUNS:-5}"); do "$@" | tail -n 1; done
}

log() { printf '[perf %s] %s\n' "${SECTION:-run}" "$*" >&2; }

# Builds native/ in Release (idempotent; its output goes to RAW_DIR/build.log) and checks that each TOOL of
# native/build/ is there; exits the section with the reason otherwise. Needs $repo.
build_native() { # RAW_DIR TOOL...
    local raw=$1 tool
    shift
    { cmake -S "$repo/native" -B "$repo/native/build" -DCMAKE_BUILD_TYPE=Release &&
      cmake --build "$repo/native/build"; } > "$raw/build.log" 2>&1 ||
        { log "error: native build failed: see $raw/build.log"; exit 1; }
    for tool in "$@"; do
        [ -x "$repo/native/build/$tool" ] || { log "error: native/build/$tool is missing after the build"; exit 1; }
    done
}

fail() { log "error: $*"; exit 1; }

# What the appliance-driving sections need: root, the published appliance (sets $appliance) and TOOLs on the
# PATH; then RAW (RESULTS/raw/$SECTION, for per-run files) and WORK (a temporary directory removed at exit).
section_setup() { # RESULTS TOOL...
    local results=$1 tool
    shift
    [ "$(id -u)" = 0 ] || fail "needs root (DPDK, hugepages)"
    appliance=$repo/out/appliance/appliance
    [ -x "$appliance" ] || fail "$appliance is missing: run ./scripts/setup.sh (or dotnet publish src/Appliance -c Release -o out/appliance)"
    for tool in "$@"; do
        command -v "$tool" > /dev/null || fail "$tool is not installed"
    done
    raw=$results/raw/$SECTION
    mkdir -p "$raw"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
}
