// The tests drive a Linux-only appliance (memfd, hugepages, DPDK) and Linux tools (promtool, podman).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
