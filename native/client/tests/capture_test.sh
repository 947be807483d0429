#!/bin/sh
# pzc_capture against the fixture's appliance (appliance_fixture.sh), checked with tcpdump 4.99 / libpcap 1.10 as the
# oracle: a file replayed on an exact_* port must come out packet for packet as `tcpdump -r` reads the original
# (bytes, lengths, microsecond timestamps), and a refusal must carry libpcap's or the appliance's own words.
#
#   capture_test.sh CASE PZC_CAPTURE STATE_DIR CORPUS_DIR [FIXTURE_SCRIPT APPLIANCE_DLL [NATIVE_BUILD_DIR]]
#
# Every case but appliance_stops and multi_queue uses the running fixture; those two start and stop their own.
set -u
case_name=$1 pzc=$2 dir=$3 corpus=$4
sock="$dir/control.sock"
t="$corpus/tcpdump-tests"
work=$(mktemp -d "/tmp/pzc-$case_name-XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
# tcpdump -w drops root privileges to user tcpdump, who cannot write into our private work directory.
as_me=""
[ "$(id -u)" -eq 0 ] && as_me="-Z root"

fail() {
	echo "FAIL $case_name: $*"
	failures=$((failures + 1))
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# What tcpdump prints for every packet of a file: link header, length, microsecond time, every byte.
dump() { tcpdump -r "$1" -e -tt -nn -x 2>/dev/null; }

count() { tcpdump --count -r "$1" 2>/dev/null | awk '{print $1}'; }

# The four closing lines, exactly.
expect_counts() { # stderr-file captured received dropped ifdropped
	printf '%s packet%s captured\n%s packet%s received by filter\n%s packet%s dropped by kernel\n%s packet%s dropped by interface\n' \
		"$2" "$(plural "$2")" "$3" "$(plural "$3")" "$4" "$(plural "$4")" "$5" "$(plural "$5")" > "$work/want.txt"
	if ! cmp -s "$1" "$work/want.txt"; then
		fail "stderr differs from the expected counts:"
		diff "$work/want.txt" "$1"
	fi
}
plural() { [ "$1" = 1 ] || printf s; }

# The number on a closing line of a stderr file ("N packets captured" -> N).
counted() { sed -n "s/^\([0-9]*\) packets\{0,1\} $2\$/\1/p" "$1"; }

# Runs pzc_capture on an exact_* port for the whole file and compares with the (optionally filtered) original.
exact() { # port original expected-count [pzc_capture options and expression...]
	port=$1 original=$2 n=$3
	shift 3
	"$pzc" -s "$sock" -i "$port" -w "$work/out.pcap" -c "$n" "$@" 2> "$work/err.txt"
	rc=$?
	[ $rc -eq 0 ] || fail "exit status $rc: $(cat "$work/err.txt")"
	dump "$original" > "$work/want.dump"
	dump "$work/out.pcap" > "$work/got.dump"
	[ -s "$work/want.dump" ] || fail "the oracle printed nothing for $original"
	if ! cmp -s "$work/want.dump" "$work/got.dump"; then
		fail "packets differ from tcpdump -r $original (first difference below)"
		diff "$work/want.dump" "$work/got.dump" | head -10
	fi
	[ "$(count "$work/out.pcap")" = "$n" ] || fail "the output holds $(count "$work/out.pcap") packets, not $n"
	[ "$(counted "$work/err.txt" captured)" = "$n" ] || fail "captured line: $(cat "$work/err.txt")"
	[ "$(counted "$work/err.txt" 'dropped by kernel')" = 0 ] || fail "drops: $(cat "$work/err.txt")"
}

# A refusal: exit status 1 and exactly this one line on stderr.
refused() { # expected-line pzc_capture-arguments...
	want=$1
	shift
	"$pzc" "$@" > "$work/out.txt" 2> "$work/err.txt"
	rc=$?
	[ $rc -eq 1 ] || fail "exit status $rc for $*, expected 1"
	printf '%s\n' "$want" > "$work/want.txt"
	if ! cmp -s "$work/err.txt" "$work/want.txt"; then
		fail "stderr for $* differs:"
		diff "$work/want.txt" "$work/err.txt"
	fi
}

# libpcap's message for an expression, as tcpdump reports it for a file of the same link type.
libpcap_says() { # file expression
	tcpdump -r "$1" -w /dev/null "$2" 2>&1 | sed -n 's/^tcpdump: //p'
}

case $case_name in
exact)
	# One 2 MiB buffer pair (the default); 2 records of 65589 bytes cut to the file's snaplen as libpcap does.
	exact exact_pim "$t/pim-packet-assortment.pcap" 245
	expect_counts "$work/err.txt" 245 245 0 0
	;;
exact_loan)
	# Own memfds, 64 KiB buffers: ~10 hand-overs alternating A, B, A... at 2000 pps (the consumer keeps up).
	exact exact_afs "$t/afs.pcap" "$(count "$t/afs.pcap")" --loan -B 64
	;;
exact_raw_linktype)
	# LINKTYPE_RAW (101) must be written as DLT_RAW (12): tcpdump would misread the file otherwise.
	exact exact_raw "$t/LINKTYPE_RAW_ipv4.pcap" "$(count "$t/LINKTYPE_RAW_ipv4.pcap")"
	tcpdump -r "$work/out.pcap" -c 1 2>&1 >/dev/null | grep -q "link-type RAW" || fail "output is not link-type RAW"
	;;
filter)
	# Compiled in the appliance by libpcap; the expected packets are what tcpdump's own filter keeps.
	tcpdump -r "$t/dhcp-rfc4388.pcap" $as_me -w "$work/udp.pcap" 'udp and src host 10.40.2.3' 2>/dev/null
	n=$(count "$work/udp.pcap")
	[ "$n" -gt 0 ] && [ "$n" -lt "$(count "$t/dhcp-rfc4388.pcap")" ] || fail "the filter keeps $n: not a real test"
	exact exact_filter "$work/udp.pcap" "$n" udp and src host 10.40.2.3
	received=$(counted "$work/err.txt" "received by filter")
	[ "$received" -ge "$n" ] || fail "received by filter $received < captured $n"
	;;
stdout)
	# "-w -": the pcap goes to standard output (tcpdump reads it from a pipe); the counts stay on stderr.
	n=$(count "$t/ssh.pcap")
	"$pzc" -s "$sock" -i exact_stdout:0 -w - -c "$n" 2> "$work/err.txt" | tcpdump -r - -e -tt -nn -x > "$work/got.dump" 2>/dev/null
	dump "$t/ssh.pcap" > "$work/want.dump"
	cmp -s "$work/want.dump" "$work/got.dump" || fail "packets on stdout differ from $t/ssh.pcap"
	[ "$(counted "$work/err.txt" captured)" = "$n" ] || fail "stderr: $(cat "$work/err.txt")"
	;;
sigint)
	# 16 MiB buffers and a 5 s timeout: nothing is handed over by itself within the first second at 20000 pps,
	# so every packet written after SIGINT came through ROTATE, and the exit comes long before the timeout.
	"$pzc" -s "$sock" -i live0 -w "$work/out.pcap" -B 16384 --timeout 5000 2> "$work/err.txt" &
	pid=$!
	sleep 1
	signalled=$(now_ms)
	kill -INT $pid
	wait $pid
	rc=$?
	took=$(($(now_ms) - signalled))
	[ $rc -eq 0 ] || fail "exit status $rc after SIGINT: $(cat "$work/err.txt")"
	[ $took -lt 2000 ] || fail "took $took ms after SIGINT: the rotation did not hand the store over"
	n=$(counted "$work/err.txt" captured)
	[ "${n:-0}" -gt 5000 ] || fail "only ${n:-?} packets after 1 s at 20000 pps: $(cat "$work/err.txt")"
	[ "$(count "$work/out.pcap")" = "$n" ] || fail "file has $(count "$work/out.pcap") packets, stderr says $n"
	received=$(counted "$work/err.txt" "received by filter")
	[ "${received:-0}" -ge "${n:-1}" ] || fail "received $received < captured $n"
	dump "$work/out.pcap" > /dev/null || fail "tcpdump cannot read the output"
	echo "sigint: $n packets, exit $took ms after the signal"
	;;
sigterm_loan_filter)
	# SIGTERM is a stop as well; with own buffers and a filter that keeps part of the traffic.
	"$pzc" -s "$sock" -i live0 -w "$work/out.pcap" --loan --timeout 200 'tcp[tcpflags] & tcp-push != 0' 2> "$work/err.txt" &
	pid=$!
	sleep 1
	kill -TERM $pid
	wait $pid
	rc=$?
	[ $rc -eq 0 ] || fail "exit status $rc after SIGTERM: $(cat "$work/err.txt")"
	n=$(counted "$work/err.txt" captured)
	[ "${n:-0}" -gt 0 ] || fail "nothing captured: $(cat "$work/err.txt")"
	[ "$(count "$work/out.pcap")" = "$n" ] || fail "file has $(count "$work/out.pcap") packets, stderr says $n"
	kept=$(tcpdump -r "$work/out.pcap" --count 'tcp[tcpflags] & tcp-push != 0' 2>/dev/null | awk '{print $1}')
	[ "$kept" = "$n" ] || fail "$kept of $n packets pass the filter when tcpdump applies it"
	received=$(counted "$work/err.txt" "received by filter")
	[ "${received:-0}" -gt "$n" ] || fail "received $received should exceed the $n the filter kept"
	;;
immediate)
	# Immediate mode hands each poll's packets over at once; without it (and with 16 MiB buffers that take seconds
	# to fill at 20000 pps), 200 packets wait for the 1 s read timeout.
	start=$(now_ms)
	"$pzc" -s "$sock" -i live0 -w "$work/a.pcap" -c 200 --immediate 2> "$work/err.txt" || fail "immediate: $(cat "$work/err.txt")"
	fast=$(($(now_ms) - start))
	start=$(now_ms)
	"$pzc" -s "$sock" -i live0 -w "$work/b.pcap" -c 200 -B 16384 2> "$work/err.txt" || fail "timeout: $(cat "$work/err.txt")"
	slow=$(($(now_ms) - start))
	[ "$(count "$work/a.pcap")" = 200 ] && [ "$(count "$work/b.pcap")" = 200 ] || fail "-c 200 not honoured"
	[ $fast -lt 700 ] || fail "immediate mode took $fast ms for 200 packets at 20000 pps"
	[ $slow -ge 900 ] || fail "without immediate mode 200 packets came after $slow ms, before the 1 s timeout"
	echo "immediate: $fast ms; with the 1 s timeout: $slow ms"
	;;
refusals)
	f="$t/ssh.pcap"
	refused "pzc_capture: $(libpcap_says "$f" 'tcp port')" -s "$sock" -i live0 -w "$work/x.pcap" tcp port
	refused "pzc_capture: $(libpcap_says "$f" 'tcp port 99999')" -s "$sock" -i live0 -w "$work/x.pcap" tcp port 99999
	refused "pzc_capture: $(libpcap_says "$t/LINKTYPE_RAW_ipv4.pcap" 'ether host 1:2:3:4:5:6')" \
		-s "$sock" -i exact_raw -w "$work/x.pcap" ether host 1:2:3:4:5:6
	"$pzc" -s "$sock" -i nosuch0 -w "$work/x.pcap" 2> "$work/err.txt"
	[ $? -eq 1 ] && grep -q "^pzc_capture: no interface 'nosuch0' (interfaces: live0, " "$work/err.txt" ||
		fail "unknown interface: $(cat "$work/err.txt")"
	refused "pzc_capture: live0 has queues 0-0, not 1" -s "$sock" -i live0:1 -w "$work/x.pcap"
	refused "pzc_capture: cannot connect to the appliance's control socket $dir/none.sock: No such file or directory (is \`appliance run\` running?)" \
		-s "$dir/none.sock" -i live0 -w "$work/x.pcap"
	refused "pzc_capture: $work/no/such/dir.pcap: No such file or directory" -s "$sock" -i live0 -w "$work/no/such/dir.pcap"
	max=$((256 * 1024))
	"$pzc" -s "$sock" -i live0 -w "$work/x.pcap" -B $((max + 4)) 2> "$work/err.txt"
	[ $? -eq 1 ] && grep -q "^pzc_capture: buffer size [0-9]* is above the maximum" "$work/err.txt" ||
		fail "oversized buffers: $(cat "$work/err.txt")"
	"$pzc" -s "$sock" -w "$work/x.pcap" 2> "$work/err.txt"
	[ $? -eq 1 ] && grep -q "^pzc_capture: -i IFACE is required" "$work/err.txt" || fail "missing -i: $(cat "$work/err.txt")"
	"$pzc" -s "$sock" -i live0 -w "$work/x.pcap" -c 0 2> "$work/err.txt"
	[ $? -eq 1 ] && grep -q "^pzc_capture: invalid packet count 0" "$work/err.txt" || fail "-c 0: $(cat "$work/err.txt")"
	"$pzc" -s "$sock" -i live0 -w "$work/x.pcap" --bogus 2> "$work/err.txt"
	[ $? -eq 1 ] && grep -q "^pzc_capture: unknown or incomplete option --bogus" "$work/err.txt" || fail "--bogus: $(cat "$work/err.txt")"
	;;
syscalls)
	# At full speed (fast0), under strace -f -c: no clock syscall (vDSO), stdio writes of 1 MiB, and at most one sleep
	# (poll + eventfd read) per 2 MiB buffer -- nothing per packet. afs.pcap averages ~880 bytes a record, so
	# 300000 packets fill about 130 buffers.
	n=300000
	# To a pipe: the bytes are counted, not stored.
	strace -f -c -o "$work/strace.txt" "$pzc" -s "$sock" -i fast0 -w - -c $n 2> "$work/err.txt" | wc -c > "$work/size.txt"
	calls() { awk -v s="$1" '$NF == s { print $4 }' "$work/strace.txt"; }
	size=$(cat "$work/size.txt")
	[ "$size" -gt $((n * 500)) ] || fail "only $size bytes for $n packets: $(cat "$work/err.txt")"
	writes=$(calls write) polls=$(calls poll) reads=$(calls read)
	for clock in clock_gettime gettimeofday clock_nanosleep nanosleep; do
		[ -z "$(calls $clock)" ] || fail "$(calls $clock) $clock system calls"
	done
	[ "${writes:-0}" -le $((size / 1048576 + 10)) ] || fail "$writes writes for $size bytes: not 1 MiB each"
	[ "${polls:-0}" -le $((n / 2000 + 10)) ] || fail "$polls polls for $n packets: more than one per buffer"
	[ "${reads:-0}" -le $((n / 2000 + 40)) ] || fail "$reads reads for $n packets: more than one per buffer"
	[ "$(counted "$work/err.txt" captured)" = $n ] || fail "stderr: $(cat "$work/err.txt")"
	echo "syscalls: $n packets, $size bytes: $writes write, ${polls:-0} poll, ${reads:-0} read"
	cat "$work/strace.txt"
	;;
appliance_stops)
	# An appliance of our own (STATE_DIR is private to this case), stopped under a waiting pzc_capture: the
	# buffers handed over at the stop are written, then the closed connection is reported, exit status 1.
	fixture=$5 dll=$6
	trap 'sh "$fixture" stop "$dir" >/dev/null; rm -rf "$work"' EXIT
	sh "$fixture" start "$dir" "$dll" "$corpus" > "$work/fixture.txt" || { cat "$work/fixture.txt"; exit 1; }
	"$pzc" -s "$sock" -i live0 -w "$work/out.pcap" --timeout 5000 -B 16384 2> "$work/err.txt" &
	pid=$!
	sleep 1
	stopped=$(now_ms)
	sh "$fixture" stop "$dir" || fail "the appliance did not stop"
	wait $pid
	rc=$?
	took=$(($(now_ms) - stopped))
	[ $rc -eq 1 ] || fail "exit status $rc, expected 1"
	printf 'pzc_capture: the appliance closed the control connection (stopped?)\n' > "$work/want.txt"
	cmp -s "$work/err.txt" "$work/want.txt" || fail "stderr: $(cat "$work/err.txt")"
	n=$(count "$work/out.pcap")
	[ "${n:-0}" -gt 5000 ] || fail "only ${n:-0} packets written: the stop's hand-over was lost"
	[ $took -lt 5000 ] || fail "noticed the stop after $took ms"
	echo "appliance_stops: $n packets written, exit $took ms after the stop began"
	;;
multi_queue)
	# A DPDK port with two rx queues (an appliance of our own): three consumers at once, on queue 0, on both
	# queues, on queue 1. Each queue's packets come in order, queue by queue as buffers arrive.
	fixture=$5 dll=$6 native=$7
	trap 'sh "$fixture" stop "$dir" >/dev/null; rm -rf "$work"' EXIT
	sh "$fixture" start "$dir" "$dll" "$corpus" multiqueue "$native" > "$work/fixture.txt" ||
		{ cat "$work/fixture.txt"; exit 1; }
	q0="$t/dhcp-rfc4388.pcap" q1="$t/ssh.pcap"
	n0=$(count "$q0") n1=$(count "$q1")
	"$pzc" -s "$sock" -i mq0:0 -w "$work/q0.pcap" -c "$n0" 2> "$work/err0.txt" &
	p0=$!
	"$pzc" -s "$sock" -i mq0 -w "$work/all.pcap" -c $((n0 + n1)) --loan 2> "$work/err.txt" &
	pall=$!
	"$pzc" -s "$sock" -i mq0:1 -w "$work/q1.pcap" -c "$n1" 2> "$work/err1.txt" &
	p1=$!
	for p in $p0 $pall $p1; do
		wait $p || fail "pzc_capture (pid $p) exit status $?"
	done
	dump "$q0" > "$work/want0.dump"
	dump "$q1" > "$work/want1.dump"
	dump "$work/q0.pcap" > "$work/got0.dump"
	dump "$work/q1.pcap" > "$work/got1.dump"
	cmp -s "$work/want0.dump" "$work/got0.dump" || fail "mq0:0 is not $q0: $(cat "$work/err0.txt")"
	cmp -s "$work/want1.dump" "$work/got1.dump" || fail "mq0:1 is not $q1: $(cat "$work/err1.txt")"
	# Both queues in one file: split it by the traffic (ssh.pcap is all port 22, the DHCP mix has none).
	tcpdump -r "$work/all.pcap" $as_me -w "$work/all1.pcap" 'tcp port 22' 2>/dev/null
	tcpdump -r "$work/all.pcap" $as_me -w "$work/all0.pcap" 'not tcp port 22' 2>/dev/null
	dump "$work/all0.pcap" > "$work/all0.dump"
	dump "$work/all1.pcap" > "$work/all1.dump"
	cmp -s "$work/want0.dump" "$work/all0.dump" || fail "queue 0 in the two-queue file differs from $q0"
	cmp -s "$work/want1.dump" "$work/all1.dump" || fail "queue 1 in the two-queue file differs from $q1"
	expect_counts "$work/err.txt" $((n0 + n1)) $((n0 + n1)) 0 0
	;;
*)
	echo "unknown case $case_name"
	exit 2
	;;
esac

if [ $failures -ne 0 ]; then
	echo "$case_name: $failures failure(s); pzc_capture's last stderr:"
	cat "$work/err.txt" 2>/dev/null
	exit 1
fi
echo "$case_name: ok"
