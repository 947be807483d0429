#!/bin/sh
# ctest fixture: makes sure the DPDK tests find hugepages. Raises the 2 MiB reservation so that at
# least $1 (default 256) pages are free, and mounts hugetlbfs at /dev/hugepages if nothing is
# mounted there. Never lowers anything. Needs root.
set -eu
want=${1:-256}
sys=/sys/kernel/mm/hugepages/hugepages-2048kB

if [ ! -d "$sys" ]; then
    echo "ensure_hugepages: this kernel has no 2 MiB hugepages ($sys missing)" >&2
    exit 1
fi
free=$(( $(cat "$sys/free_hugepages") - $(cat "$sys/resv_hugepages") ))
if [ "$free" -lt "$want" ]; then
    nr=$(cat "$sys/nr_hugepages")
    echo $(( nr + want - free )) > /proc/sys/vm/nr_hugepages
    free=$(( $(cat "$sys/free_hugepages") - $(cat "$sys/resv_hugepages") ))
    if [ "$free" -lt "$want" ]; then
        echo "ensure_hugepages: only $free of $want hugepages could be made free (memory too fragmented?)" >&2
        exit 1
    fi
fi
if ! grep -qs ' /dev/hugepages hugetlbfs ' /proc/mounts; then
    mkdir -p /dev/hugepages
    mount -t hugetlbfs nodev /dev/hugepages
fi
echo "ensure_hugepages: $free free 2 MiB hugepages, hugetlbfs at /dev/hugepages"
