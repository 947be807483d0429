#!/bin/sh
# The appliance the client's tests talk to: the real C# daemon, replaying corpus files on several ports.
#
#   appliance_fixture.sh start STATE_DIR APPLIANCE_DLL CORPUS_DIR [multiqueue NATIVE_BUILD_DIR]
#   appliance_fixture.sh stop STATE_DIR
#
# start writes STATE_DIR/appliance.yaml, runs `dotnet APPLIANCE_DLL run` in the background (its output in
# STATE_DIR/appliance.log, detached from ctest's pipes) and waits for "appliance: running:". stop sends SIGINT and
# expects a clean exit within 20 s. Ports:
#   live0          mptcp-v0.pcap forever at 20000 pps, retimed to now, lossy (a live link)
#   fast0          afs.pcap forever as fast as it goes, lossy; idle until a consumer attaches
#   exact_*, api_* one pass of a file, original timestamps, held until one consumer attaches: that consumer sees
#                  exactly the file (each port serves one test per fixture run). "lossless" does not hold back the
#                  replay for control-socket consumers (only recorders get backpressure), so ports whose consumer
#                  uses small buffers are rate-limited instead.
# The multiqueue profile has one DPDK port instead (needs 2 MiB hugepages and libprobe_dpdk.so in NATIVE_BUILD_DIR):
#   mq0            net_pcap with two rx queues: queue 0 replays dhcp-rfc4388.pcap, queue 1 ssh.pcap, once; each
#                  queue holds its packets until two descriptors are attached to it
set -u

state_is_ours() { # the pid file's process is the daemon this script started for STATE_DIR
	[ -f "$1/appliance.pid" ] || return 1
	pid=$(cat "$1/appliance.pid")
	{ tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -q -- "--config $1/appliance.yaml"
}

stop() {
	dir=$1
	if ! state_is_ours "$dir"; then
		echo "appliance_fixture: no appliance of ours running for $dir"
		return 0
	fi
	pid=$(cat "$dir/appliance.pid")
	kill -INT "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 200 ]; then
			echo "appliance_fixture: the appliance (pid $pid) ignored SIGINT for 20 s; killing it"
			kill -KILL "$pid"
			cat "$dir/appliance.log"
			return 1
		fi
		sleep 0.1
	done
	rm -f "$dir/appliance.pid"
	echo "appliance_fixture: stopped pid $pid"
}

port() { # name file passes rate retime lossless wait_for_consumers
	cat <<EOC
  - name: $1
    type: replay
    file: $2
    passes: $3
    rate_pps: $4
    retime: $5
    lossless: $6
    wait_for_consumers: $7
    idle: backoff
EOC
}

replay_ports() {
	t="$corpus/tcpdump-tests"
	port live0 "$t/mptcp-v0.pcap" 0 20000 true false 0
	port fast0 "$t/afs.pcap" 0 0 true false 1
	port exact_pim "$t/pim-packet-assortment.pcap" 1 0 false true 1
	port exact_afs "$t/afs.pcap" 1 2000 false true 1
	port exact_raw "$t/LINKTYPE_RAW_ipv4.pcap" 1 0 false true 1
	port exact_filter "$t/dhcp-rfc4388.pcap" 1 0 false true 1
	port exact_stdout "$t/ssh.pcap" 1 0 false true 1
	port api_full "$t/pim-packet-assortment.pcap" 1 500 false true 1
}

dpdk_ports() {
	t="$corpus/tcpdump-tests"
	echo "dpdk:"
	echo '  eal_args: ["-l", "0-1"]'
	echo "ports:"
	echo "  - name: mq0"
	echo "    type: dpdk"
	echo "    device: net_pcap0"
	echo "    vdev: \"net_pcap0,rx_pcap=$t/dhcp-rfc4388.pcap,rx_pcap=$t/ssh.pcap\""
	echo "    queues: 2"
	echo "    mbufs_per_queue: 2047"
	echo "    wait_for_consumers: 2"
	echo "    idle: backoff"
}

start() {
	dir=$1 dll=$2 corpus=$3 profile=${4:-replay} native=${5:-}
	if [ ! -f "$dll" ]; then
		echo "appliance_fixture: $dll is missing: build the appliance first (dotnet build src/Appliance)"
		return 1
	fi
	# The state directory belongs to one build tree. A daemon still running there is either left over from an
	# interrupted run (its owner, the ctest that started it, is gone: stop it) or serves a concurrent run of the
	# same tree (leave it alone and say so).
	if state_is_ours "$dir"; then
		owner=$(cat "$dir/owner.pid" 2>/dev/null)
		if [ -n "$owner" ] && kill -0 "$owner" 2>/dev/null; then
			echo "appliance_fixture: $dir is in use by another test run (pid $owner): run one ctest per build tree at a time"
			return 1
		fi
		stop "$dir" >/dev/null
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	{
		echo 'metrics_listen: ""'
		echo "control_socket: $dir/control.sock"
		echo "control_allow_uids: [$(id -u)]"
		echo "state_directory: $dir"
		echo "status_interval_seconds: 0"
		case $profile in
		multiqueue) dpdk_ports ;;
		*) echo "ports:"; replay_ports ;;
		esac
		echo "recorders: []"
	} > "$dir/appliance.yaml"
	# Where the appliance finds libprobe_dpdk.so (src/Ingest/Dpdk/ShimLibrary.cs).
	[ -z "$native" ] || export PROBE_NATIVE_DIR="$native"

	# A non-interactive shell starts background commands with SIGINT ignored, and .NET keeps an inherited SIG_IGN:
	# restore the default so that `stop` (SIGINT, as Ctrl-C) reaches the appliance's handler.
	env --default-signal=INT dotnet "$dll" run --config "$dir/appliance.yaml" < /dev/null > "$dir/appliance.log" 2>&1 &
	echo $! > "$dir/appliance.pid"
	echo "$PPID" > "$dir/owner.pid" # the test run that started it
	i=0
	until grep -q "appliance: running:" "$dir/appliance.log"; do
		i=$((i + 1))
		if ! kill -0 "$(cat "$dir/appliance.pid")" 2>/dev/null || [ $i -gt 600 ]; then
			echo "appliance_fixture: the appliance did not start:"
			cat "$dir/appliance.log"
			stop "$dir" >/dev/null
			return 1
		fi
		sleep 0.1
	done
	echo "appliance_fixture: running (pid $(cat "$dir/appliance.pid")), socket $dir/control.sock"
}

case "${1:-}" in
start) start "$2" "$3" "$4" "${5:-replay}" "${6:-}" ;;
stop) stop "$2" ;;
*) echo "usage: appliance_fixture.sh start STATE_DIR APPLIANCE_DLL CORPUS_DIR [multiqueue NATIVE_DIR] | stop STATE_DIR"; exit 2 ;;
esac
