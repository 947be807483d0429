/*
 * pzc_linktype.c - LINKTYPE_ to DLT_, as libpcap 1.10.3's linktype_to_dlt() on Linux (the C# twin is
 * src/Pcap/LinkTypeMap.cs; test_linktype checks both against libpcap reading a file of every link type).
 */
#include "pzc_internal.h"

/* libpcap's "matching range": values from 104 to 289 are the same as LINKTYPE_ and as DLT_ ... */
#define LINKTYPE_MATCHING_MIN 104
#define LINKTYPE_MATCHING_MAX 289
/* ... except LINKTYPE_ATM_CLIP, which is DLT_ATM_CLIP (19) on Linux. */
#define LINKTYPE_ATM_CLIP 106
#define DLT_ATM_CLIP_LINUX 19
/* Special-cased by libpcap because other systems give the DLT another value; on Linux they are unchanged. */
#define LINKTYPE_PFSYNC 246
#define LINKTYPE_PKTAP 258

int pzc_linktype_to_dlt(uint32_t linktype)
{
    if (linktype == LINKTYPE_PFSYNC || linktype == LINKTYPE_PKTAP)
        return (int)linktype;
    if (linktype >= LINKTYPE_MATCHING_MIN && linktype <= LINKTYPE_MATCHING_MAX)
        return linktype == LINKTYPE_ATM_CLIP ? DLT_ATM_CLIP_LINUX : (int)linktype;
    /* libpcap's map[] below the matching range: only these historical values differ. */
    static const struct { uint32_t linktype; int dlt; } differ[] = {
        { 100, 11 }, /* LINKTYPE_ATM_RFC1483 -> DLT_ATM_RFC1483 */
        { 101, 12 }, /* LINKTYPE_RAW -> DLT_RAW */
        { 102, 15 }, /* LINKTYPE_SLIP_BSDOS -> DLT_SLIP_BSDOS */
        { 103, 16 }, /* LINKTYPE_PPP_BSDOS -> DLT_PPP_BSDOS */
    };
    for (size_t i = 0; i < sizeof differ / sizeof differ[0]; i++)
        if (differ[i].linktype == linktype)
            return differ[i].dlt;
    return (int)linktype;
}
