#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (as root) for the appliance, idempotently: apt packages, hugepages,
# hugetlbfs, the native shim, the managed build, and the `appliance` and `zcap` launchers on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PREFIX=${PREFIX:-/opt/probe-appliance}
HUGEPAGES=${HUGEPAGES:-512}

log() { printf '[setup] %s\n' "$*" >&2; }

PACKAGES=(
  build-essential cmake pkg-config
  libpcap0.8 libpcap-dev tcpdump tshark tcpreplay
  dpdk dpdk-dev libdpdk-dev librte-net-af-xdp23 librte-net-pcap23 librte-net-af-packet23 librte-net-null23
  librte-net-ring23 librte-bpf23
  libxdp-dev libbpf-dev xdp-tools bpftool iproute2 ethtool libcap2-bin
  prometheus gnuplot-nox strace procps
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer once, non-interactively.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Hugepages for DPDK mempools and zbuf buffers; never lower a larger reservation someone else made.
if [ "$(cat /proc/sys/vm/nr_hugepages)" -lt "$HUGEPAGES" ]; then
  log "reserving $HUGEPAGES 2 MiB hugepages"
  echo "$HUGEPAGES" > /proc/sys/vm/nr_hugepages
fi
if ! mountpoint -q /dev/hugepages; then
  log "mounting hugetlbfs at /dev/hugepages"
  mkdir -p /dev/hugepages
  mount -t hugetlbfs nodev /dev/hugepages
fi

log "building the native parts (DPDK shim, C client, probe-send)"
cmake -S native -B native/build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build native/build -j "$(nproc)" >/dev/null

log "building the managed parts"
dotnet build appliance.sln -c Debug -nologo -v q -clp:ErrorsOnly >/dev/null
# ReadyToRun: precompiled code from the first packet. Without it a process pinned to one core (taskset, a
# container with one CPU) runs its first second on unoptimised code: zcap -r of 5M packets took 1.1 s, not 0.8.
for app in Capture:zcap Appliance:appliance; do
  dotnet publish "src/${app%%:*}" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -nologo -v q -clp:ErrorsOnly -o "out/${app##*:}" >/dev/null
done

log "installing launchers in /usr/local/bin (programs in $PREFIX)"
mkdir -p "$PREFIX"
rm -rf "$PREFIX.new" && cp -a out "$PREFIX.new" && rm -rf "$PREFIX" && mv "$PREFIX.new" "$PREFIX"
mkdir -p "$PREFIX/bin"
cp -a native/build/probe-send native/build/pzc_capture "$PREFIX/bin/"
# The managed programs load libprobe_dpdk.so from their own directory.
for app in zcap appliance; do cp -a native/build/libprobe_dpdk.so "$PREFIX/$app/"; done
for app in zcap appliance; do
  cat > "/usr/local/bin/$app" <<LAUNCHER
#!/bin/sh
exec "$PREFIX/$app/$app" "\$@"
LAUNCHER
  chmod 755 "/usr/local/bin/$app"
done
log "ready: $(command -v appliance) $(command -v zcap)"
