/*
 * test_linktype - pzc_linktype_to_dlt against libpcap itself: for every LINKTYPE_ value from 0 to 1023 a pcap file
 * with that link type is written and opened with pcap_open_offline, whose pcap_datalink() is libpcap's own
 * linktype_to_dlt(). Also the pzc_pkthdr / pcap_pkthdr layout that lets pcap_dump serve as a pzc_handler.
 */
#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "probe_zbuf_client.h"
#include "pzc_check.h"

_Static_assert(sizeof(struct pzc_pkthdr) == sizeof(struct pcap_pkthdr), "pzc_pkthdr size");
_Static_assert(offsetof(struct pzc_pkthdr, ts) == offsetof(struct pcap_pkthdr, ts), "ts");
_Static_assert(offsetof(struct pzc_pkthdr, caplen) == offsetof(struct pcap_pkthdr, caplen), "caplen");
_Static_assert(offsetof(struct pzc_pkthdr, len) == offsetof(struct pcap_pkthdr, len), "len");

/* libpcap's DLT for a file of this LINKTYPE_, or -1 if it refuses the file. */
static int libpcap_dlt(const char *path, uint32_t linktype)
{
    struct {
        uint32_t magic;
        uint16_t major, minor;
        int32_t thiszone;
        uint32_t sigfigs, snaplen, linktype;
    } header = { 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype };
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(&header, sizeof header, 1, f) != 1 || fclose(f) != 0)
        return -2;
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(path, err);
    if (p == NULL)
        return -1;
    int dlt = pcap_datalink(p);
    pcap_close(p);
    return dlt;
}

int main(void)
{
    char path[] = "/tmp/pzc-linktype-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0, "mkstemp");
    close(fd);
    int compared = 0;
    for (uint32_t linktype = 0; linktype < 1024; linktype++) {
        int dlt = libpcap_dlt(path, linktype);
        REQUIRE(dlt != -2, "cannot write %s", path);
        if (dlt < 0)
            continue; /* a link type libpcap refuses to read: nothing to compare */
        CHECK(pzc_linktype_to_dlt(linktype) == dlt, "LINKTYPE %u: libpcap says DLT %d, pzc says %d", linktype, dlt,
              pzc_linktype_to_dlt(linktype));
        compared++;
    }
    unlink(path);
    CHECK(compared > 250, "only %d link types compared", compared);
    CHECK(pzc_linktype_to_dlt(101) == DLT_RAW, "LINKTYPE_RAW is DLT_RAW (%d)", DLT_RAW);
    CHECK(pzc_linktype_to_dlt(1) == DLT_EN10MB, "Ethernet is itself");
    return pzc_check_finish();
}
