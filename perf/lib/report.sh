# perf/lib/report.sh - sourced by perf/run (and by any section that wants md_table_of): the machine's description
# and the assembly of RESULTS/README.md from the sections' fragments. Defines functions only.
#
# Per-section status files, written by perf/run, read here: RESULTS/logs/NAME.status holds one line
#   STATUS <TAB> SECONDS <TAB> DATE_UTC <TAB> DETAIL
# STATUS: ok | failed | missing. A section perf/run did not run this time keeps the status file (and results) of
# the run that last ran it, so that `perf/run --only NAME` refreshes one section and the report keeps the others.

# Prints a TSV written with result_file/result_row as a markdown table: case | metric | median | min | max | runs.
# With CASE_REGEX only the rows whose case matches it (an awk regular expression).
md_table_of() { # TSV [CASE_REGEX]
    awk -F'\t' -v want="${2:-}" '
        NR == 1 { next }
        want != "" && $1 !~ want { next }
        !shown++ { print "| case | metric | median | min | max | runs |"; print "|---|---|---:|---:|---:|---:|" }
        { printf "| %s | %s | %s | %s | %s | %s |\n", $1, ($2 == $3 ? $2 : $2 " (" $3 ")"), $4, $5, $6, $7 }' "$1"
}

# Prints the machine as a two-column markdown table. Run from the repository root.
machine_table() {
    local cpu cores threads mem kernel debian sdk dpdk pcap dump commit porcelain dirty
    # Every probe tolerates a missing tool: callers run under set -e and pipefail.
    cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1 || true)
    cores=$(nproc)
    threads=$(lscpu 2>/dev/null | sed -n 's/^Thread(s) per core: *//p' | head -1 || true)
    mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    kernel="$(uname -r) ($(uname -m))"
    debian=$(cat /etc/debian_version 2>/dev/null || echo unknown)
    sdk=$(dotnet --version 2>/dev/null || echo "not found")
    dpdk=$(pkg-config --modversion libdpdk 2>/dev/null || echo "not found")
    pcap=$(tcpdump --version 2>/dev/null | sed -n 's/^libpcap version \([^ ]*\).*/\1/p' | head -1 || true)
    dump=$(tcpdump --version 2>/dev/null | sed -n 's/^tcpdump version \([^ ]*\).*/\1/p' | head -1 || true)
    commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
    # --no-optional-locks: a report must not write the index (git status would refresh it). The results and the
    # copy of the report in perf/README.md are what this run rewrites: they do not make the code dirty.
    if porcelain=$(git --no-optional-locks status --porcelain -- . ':!perf/results' ':!perf/README.md' 2>/dev/null); then
        dirty=$(printf '%s' "$porcelain" | grep -c . || true)
    else
        dirty=unknown
    fi
    echo "| | |"
    echo "|---|---|"
    echo "| CPU | ${cpu:-unknown} |"
    echo "| cores | $cores online (${threads:-?} thread(s) per core) |"
    echo "| memory | $mem; 2 MiB hugepages: $(cat /proc/sys/vm/nr_hugepages) reserved |"
    echo "| kernel | $kernel |"
    echo "| Debian | $debian |"
    echo "| .NET SDK | $sdk |"
    echo "| DPDK | $dpdk (pkg-config libdpdk) |"
    echo "| tcpdump / libpcap | ${dump:-?} / ${pcap:-?} |"
    if [ "$dirty" = unknown ]; then
        echo "| commit | unknown (not a git checkout) |"
    elif [ "$dirty" -gt 0 ]; then
        echo "| commit | \`$commit\`, tree dirty ($dirty changed or untracked paths outside perf/results) |"
    else
        echo "| commit | \`$commit\`, tree clean |"
    fi
}

# The largest "runs" column of a section's TSV: how many runs its figures are medians of (at most).
runs_of_tsv() { # TSV
    [ -f "$1" ] || { echo "-"; return; }
    awk -F'\t' 'NR > 1 && $7 + 0 > m { m = $7 + 0 } END { print (m ? m : "-") }' "$1"
}

# Writes RESULTS/README.md. Sections are given in report order.
write_report() { # RESULTS TITLE_INFO_FILE SECTION...
    local out=$1 info=$2 name status secs when detail total=0
    shift 2
    {
        echo "# Performance results"
        echo
        cat "$info"
        echo
        echo "## Sections"
        echo
        echo "| section | status | wall time | runs per figure (at most) | when (UTC) |"
        echo "|---|---|---:|---:|---|"
        for name in "$@"; do
            if [ -f "$out/logs/$name.status" ]; then
                IFS=$'\t' read -r status secs when detail < "$out/logs/$name.status"
            else
                status=none secs=- when=- detail=
            fi
            case $status in
            ok) label=ok ;;
            failed) label="**failed** ($detail)" ;;
            missing) label="not run (script missing)" ;;
            *) label="not run" ;;
            esac
            [ "$secs" = - ] || total=$(awk -v a="$total" -v b="$secs" 'BEGIN { print a + b }')
            echo "| $name | $label | $([ "$secs" = - ] && echo - || echo "$secs s") | $(runs_of_tsv "$out/$name.tsv") | $when |"
        done
        echo "| **total** | | $total s | | |"
        for name in "$@"; do
            echo
            status=none
            [ -f "$out/logs/$name.status" ] && IFS=$'\t' read -r status secs when detail < "$out/logs/$name.status"
            case $status in
            ok)
                cat "$out/$name.md"
                ;;
            failed)
                echo "## $name: failed"
                echo
                echo "\`perf/sections/$name.sh\` failed: $detail. The end of its log (\`logs/$name.log\`):"
                echo
                echo '```'
                tail -n 25 "$out/logs/$name.log" 2>/dev/null
                echo '```'
                ;;
            missing)
                echo "## $name: not run"
                echo
                echo "\`perf/sections/$name.sh\` does not exist (yet)."
                ;;
            *)
                echo "## $name: not run"
                echo
                echo "Not run into this directory yet (\`perf/run --only $name\`)."
                ;;
            esac
        done
    } > "$out/README.md"
}

# Copies RESULTS/README.md into README_FILE between the lines "<!-- perf/run: begin -->" and
# "<!-- perf/run: end -->" (replacing what was there), headings one level down and images and links to
# the results' files prefixed with PREFIX (e.g. "results/"), so that perf/README.md shows the latest figures.
publish_report() { # RESULTS README_FILE PREFIX
    local results=$1 readme=$2 prefix=$3 body
    grep -q '^<!-- perf/run: begin -->$' "$readme" && grep -q '^<!-- perf/run: end -->$' "$readme" || return 0
    body=$(mktemp)
    sed -e 's/^#/##/' -e "s#](\([A-Za-z0-9_.-]*\.\(png\|tsv\|md\)\))#](${prefix}\1)#g" \
        -e "s#(\`logs/#(\`${prefix}logs/#g" "$results/README.md" > "$body"
    awk -v body="$body" '
        /^<!-- perf\/run: begin -->$/ { print; while ((getline line < body) > 0) print line; skip = 1; next }
        /^<!-- perf\/run: end -->$/ { skip = 0 }
        !skip' "$readme" > "$readme.new" && mv "$readme.new" "$readme"
    rm -f "$body"
}
