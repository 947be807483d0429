// The appliance is Linux-only by design (memfd, hugetlbfs, SO_PEERCRED, AF_XDP, DPDK).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
