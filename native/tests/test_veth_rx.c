/*
 * test_veth_rx MODE IFACE NETNS PEER - real traffic over a veth pair: a child process in network
 * namespace NETNS sends numbered frames out of PEER; this process receives them on IFACE through
 * DPDK and checks that every frame arrives exactly once with its bytes intact and that the port
 * stats agree.
 *   MODE af_packet  one net_af_packet vdev (with the ring size that loses nothing on a veth)
 *   MODE af_xdp2    two net_af_xdp vdevs, start_queue=0 and 1, on a veth with 2 rx channels:
 *                   both queues must receive traffic.
 * Run by veth_env.sh, which creates and removes the namespace and the veth pair.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pdk_test.h"

#define FRAMES 20000
#define FLOWS 64
#define FRAME_LEN 64
#define SEQ_OFFSET 42 /* after Ethernet + IPv4 + UDP headers */
#define TIMEOUT_S 20

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Frame number seq: IPv4/UDP from flow seq % FLOWS to port 9, seq in the payload, and the rest
 * of the payload derived from seq so that any corruption shows. */
static void build_frame(uint8_t *f, uint32_t seq)
{
	uint32_t flow = seq % FLOWS;

	memset(f, 0, FRAME_LEN);
	memset(f, 0xff, 6);                          /* broadcast: no MAC filter can drop it */
	f[6] = 0x02; f[11] = 0x01;
	f[12] = 0x08;
	f[14] = 0x45; f[17] = FRAME_LEN - 14; f[22] = 64; f[23] = 17;
	f[26] = 198; f[27] = 18; f[28] = 0; f[29] = (uint8_t)flow;
	f[30] = 198; f[31] = 19; f[32] = 0; f[33] = 1;
	f[34] = (uint8_t)((4000 + flow) >> 8); f[35] = (uint8_t)(4000 + flow);
	f[37] = 9; f[39] = FRAME_LEN - 34;
	memcpy(f + SEQ_OFFSET, &seq, sizeof(seq));
	for (int i = SEQ_OFFSET + 4; i < FRAME_LEN; i++)
		f[i] = (uint8_t)(seq * 7 + i);
}

/* The sender: enters the namespace and sends FRAMES frames from PEER with a raw socket, pacing
 * itself so that the receive side (one poll loop for all queues) keeps up. */
static int send_frames(const char *netns, const char *peer)
{
	char path[256];
	int nsfd, sock;
	struct sockaddr_ll to = { 0 };
	uint8_t frame[FRAME_LEN];

	snprintf(path, sizeof(path), "/var/run/netns/%s", netns);
	nsfd = open(path, O_RDONLY);
	if (nsfd < 0 || setns(nsfd, CLONE_NEWNET) != 0) {
		perror("sender: setns");
		return 1;
	}
	sock = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (sock < 0) {
		perror("sender: socket");
		return 1;
	}
	to.sll_family = AF_PACKET;
	to.sll_ifindex = (int)if_nametoindex(peer);
	to.sll_halen = 6;
	memset(to.sll_addr, 0xff, 6);
	for (uint32_t seq = 0; seq < FRAMES; seq++) {
		build_frame(frame, seq);
		while (sendto(sock, frame, FRAME_LEN, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
			usleep(100); /* ENOBUFS: the veth queue is full for a moment */
		if (seq % 256 == 255)
			usleep(1000);
	}
	close(sock);
	return 0;
}

int main(int argc, char **argv)
{
	char err[PDK_ERR_CAP_RECOMMENDED], vdev[2][256];
	const char *extra[2] = { vdev[0], vdev[1] };
	int nports;
	uint16_t ports[2];
	uint64_t per_port[2] = { 0, 0 }, bad = 0, dup = 0, total = 0, foreign = 0;
	static uint8_t seen[FRAMES];
	pid_t sender;
	int status = 0;
	double deadline;

	REQUIRE(argc == 5 && (strcmp(argv[1], "af_packet") == 0 || strcmp(argv[1], "af_xdp2") == 0),
		"usage: %s af_packet|af_xdp2 IFACE NETNS PEER", argv[0]);
	if (strcmp(argv[1], "af_packet") == 0) {
		nports = 1;
		/* The default ring (framecnt 512) silently drops on a veth; this one does not. */
		snprintf(vdev[0], sizeof(vdev[0]), "--vdev=net_af_packet0,iface=%s,framecnt=8192,"
			"blocksz=4096,framesz=2048", argv[2]);
	} else {
		nports = 2;
		for (int q = 0; q < 2; q++)
			snprintf(vdev[q], sizeof(vdev[q]), "--vdev=net_af_xdp%d,iface=%s,start_queue=%d,"
				"queue_count=1", q, argv[2], q);
	}
	REQUIRE(pdk_test_init(nports, extra, err, sizeof(err)) == PDK_OK, "pdk_init: %s", err);
	for (int p = 0; p < nports; p++) {
		char name[32];
		struct pdk_port_conf conf = { .nb_rx_queues = 1, .nb_mbufs = 8191 };

		snprintf(name, sizeof(name), "%.*s", (int)strcspn(vdev[p] + 7, ","), vdev[p] + 7);
		REQUIRE(pdk_port_by_name(name, &ports[p], err, sizeof(err)) == PDK_OK, "%s", err);
		REQUIRE(pdk_port_setup(ports[p], &conf, NULL, err, sizeof(err)) == PDK_OK,
			"setup %s: %s", name, err);
	}

	sender = fork();
	if (sender == 0)
		_exit(send_frames(argv[3], argv[4]));
	REQUIRE(sender > 0, "fork");

	deadline = now_s() + TIMEOUT_S;
	while (total < FRAMES && now_s() < deadline) {
		for (int p = 0; p < nports; p++) {
			struct pdk_rx_pkt pkts[PDK_DEFAULT_BURST];
			void *mbufs[PDK_DEFAULT_BURST];
			uint16_t n = pdk_rx_burst(ports[p], 0, pkts, mbufs, PDK_DEFAULT_BURST, NULL);

			for (uint16_t i = 0; i < n; i++) {
				uint8_t want[FRAME_LEN];
				uint32_t seq;

				/* The kernel may put its own frames (IPv6 router solicitations, ...)
				 * on the wire: only ours carry the source MAC 02:..:01 and UDP port 9. */
				if (pkts[i].data_len < FRAME_LEN || pkts[i].data[6] != 0x02 ||
						pkts[i].data[11] != 0x01 || pkts[i].data[37] != 9) {
					foreign++;
					continue;
				}
				memcpy(&seq, pkts[i].data + SEQ_OFFSET, sizeof(seq));
				if (seq >= FRAMES) {
					bad++;
					continue;
				}
				build_frame(want, seq);
				if (pkts[i].pkt_len != FRAME_LEN || memcmp(pkts[i].data, want, FRAME_LEN))
					bad++;
				dup += seen[seq]++ > 0;
				per_port[p]++;
				total++;
			}
			pdk_free_bulk(mbufs, n);
		}
	}
	waitpid(sender, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "sender failed");
	printf("%s: received %llu of %d frames (per queue: %llu, %llu), %llu foreign\n", argv[1],
		(unsigned long long)total, FRAMES, (unsigned long long)per_port[0],
		(unsigned long long)per_port[1], (unsigned long long)foreign);
	CHECK(total == FRAMES, "received %llu of %d", (unsigned long long)total, FRAMES);
	CHECK(bad == 0 && dup == 0, "corrupt %llu, duplicates %llu", (unsigned long long)bad,
		(unsigned long long)dup);
	if (nports == 2)
		CHECK(per_port[0] > 0 && per_port[1] > 0, "both queues receive");
	for (int p = 0; p < nports; p++) {
		struct pdk_port_stats st;

		CHECK(pdk_port_stats(ports[p], &st) == PDK_OK, "stats");
		CHECK(st.ipackets >= per_port[p] && st.imissed == 0 && st.rx_nombuf == 0,
			"port %d: ipackets %llu (ours %llu) imissed %llu rx_nombuf %llu", p,
			(unsigned long long)st.ipackets, (unsigned long long)per_port[p],
			(unsigned long long)st.imissed, (unsigned long long)st.rx_nombuf);
	}
	CHECK(pdk_cleanup(err, sizeof(err)) == PDK_OK, "cleanup: %s", err);
	CHECK(pdk_test_no_leftovers(pdk_test_default_prefix()), "no leftovers");
	return pdk_test_finish();
}
