/*
 * gen_udp64_pcap - writes a pcap file of Ethernet/IPv4/UDP frames (64 bytes unless FRAME_LEN says
 * otherwise) to destination port 9 (discard), for replay by net_pcap with infinite_rx=1 in the
 * rx-rate benchmark and the limit section of perf/run.
 *
 *   gen_udp64_pcap OUT.pcap [COUNT=1024] [FLOWS=256] [FRAME_LEN=64]
 *
 * Frames cycle through FLOWS source address/port pairs so that RSS has something to spread.
 * 64 bytes is the minimum Ethernet frame with its FCS; pcap frames carry no FCS, so the
 * record is 60 bytes of header and payload plus 4 bytes of payload standing in for the FCS,
 * making caplen = len = 64, the same size net_null delivers by default. Other sizes are the
 * frame as captured, caplen = len = FRAME_LEN (1500: a full-MTU payload's worth of frame).
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#define DEFAULT_FRAME_LEN 64
#define MAX_FRAME_LEN 9018 /* a 9000-byte jumbo MTU plus the Ethernet header and a VLAN tag */
#define ETH_HDR 14
#define IP_HDR 20
#define UDP_HDR 8

static uint16_t ip_checksum(const uint8_t *hdr, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(hdr[i] << 8 | hdr[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void build_frame(uint8_t *f, unsigned frame_len, unsigned flow, unsigned seq)
{
	static const uint8_t dst_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
	static const uint8_t src_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	uint8_t *ip = f + ETH_HDR, *udp = ip + IP_HDR;
	uint16_t ip_len = (uint16_t)(frame_len - ETH_HDR), udp_len = ip_len - IP_HDR, csum;

	memset(f, 0, frame_len);
	memcpy(f, dst_mac, 6);
	memcpy(f + 6, src_mac, 6);
	f[12] = 0x08; /* IPv4 */
	f[13] = 0x00;

	ip[0] = 0x45;
	ip[2] = (uint8_t)(ip_len >> 8);
	ip[3] = (uint8_t)ip_len;
	ip[4] = (uint8_t)(seq >> 8); /* identification */
	ip[5] = (uint8_t)seq;
	ip[8] = 64;                  /* ttl */
	ip[9] = 17;                  /* udp */
	/* source 198.18.x.y (RFC 2544 benchmarking range), destination 198.19.0.1 */
	ip[12] = 198; ip[13] = 18; ip[14] = (uint8_t)(flow >> 8); ip[15] = (uint8_t)flow;
	ip[16] = 198; ip[17] = 19; ip[18] = 0; ip[19] = 1;
	csum = ip_checksum(ip, IP_HDR);
	ip[10] = (uint8_t)(csum >> 8);
	ip[11] = (uint8_t)csum;

	udp[0] = (uint8_t)((1024 + flow) >> 8); /* source port */
	udp[1] = (uint8_t)(1024 + flow);
	udp[2] = 0;                            /* destination port 9: discard */
	udp[3] = 9;
	udp[4] = (uint8_t)(udp_len >> 8);
	udp[5] = (uint8_t)udp_len;
	/* UDP checksum 0: "not computed", legal for IPv4. */
	for (unsigned i = ETH_HDR + IP_HDR + UDP_HDR; i < frame_len; i++)
		f[i] = (uint8_t)(seq + i);
}

int main(int argc, char **argv)
{
	unsigned long count = 1024, flows = 256, frame_len = DEFAULT_FRAME_LEN;
	pcap_t *dead;
	pcap_dumper_t *out;
	uint8_t frame[MAX_FRAME_LEN];

	if (argc < 2 || argc > 5) {
		fprintf(stderr, "usage: %s OUT.pcap [COUNT=1024] [FLOWS=256] [FRAME_LEN=64]\n", argv[0]);
		return 2;
	}
	if (argc > 2)
		count = strtoul(argv[2], NULL, 10);
	if (argc > 3)
		flows = strtoul(argv[3], NULL, 10);
	if (argc > 4)
		frame_len = strtoul(argv[4], NULL, 10);
	if (count == 0 || flows == 0 || flows > 65535 - 1024) {
		fprintf(stderr, "%s: COUNT must be > 0 and FLOWS in 1..64511\n", argv[0]);
		return 2;
	}
	/* Below 60 the frame could not hold the headers (42 bytes) and an Ethernet minimum's payload. */
	if (frame_len < 60 || frame_len > MAX_FRAME_LEN) {
		fprintf(stderr, "%s: FRAME_LEN must be in 60..%d\n", argv[0], MAX_FRAME_LEN);
		return 2;
	}
	dead = pcap_open_dead(DLT_EN10MB, 65535);
	out = dead ? pcap_dump_open(dead, argv[1]) : NULL;
	if (out == NULL) {
		fprintf(stderr, "%s: cannot write %s: %s\n", argv[0], argv[1],
			dead ? pcap_geterr(dead) : "pcap_open_dead failed");
		return 1;
	}
	for (unsigned long i = 0; i < count; i++) {
		struct pcap_pkthdr h = { .caplen = (bpf_u_int32)frame_len, .len = (bpf_u_int32)frame_len };

		h.ts.tv_sec = 1700000000 + (time_t)(i / 1000000);
		h.ts.tv_usec = (suseconds_t)(i % 1000000);
		build_frame(frame, (unsigned)frame_len, (unsigned)(i % flows), (unsigned)i);
		pcap_dump((u_char *)out, &h, frame);
	}
	pcap_dump_close(out);
	pcap_close(dead);
	return 0;
}
