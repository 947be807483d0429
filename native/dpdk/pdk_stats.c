/*
 * pdk_stats.c - port statistics and extended statistics.
 */
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>

#include "pdk_internal.h"

static int32_t port_usable(uint16_t port_id)
{
	if (pdk_eal_state != PDK_STATE_UP)
		return PDK_E_NOT_INITIALISED;
	if (!rte_eth_dev_is_valid_port(port_id))
		return PDK_E_NO_SUCH_PORT;
	return PDK_OK;
}

int32_t pdk_port_stats(uint16_t port_id, struct pdk_port_stats *out)
{
	struct rte_eth_stats s;
	int32_t rc = port_usable(port_id);

	if (rc != PDK_OK)
		return rc;
	if (out == NULL)
		return PDK_E_INVALID_ARG;
	if (rte_eth_stats_get(port_id, &s) != 0)
		return PDK_E_DPDK;
	out->ipackets = s.ipackets;
	out->ibytes = s.ibytes;
	out->imissed = s.imissed;
	out->ierrors = s.ierrors;
	out->rx_nombuf = s.rx_nombuf;
	out->opackets = s.opackets;
	out->obytes = s.obytes;
	out->oerrors = s.oerrors;
	memcpy(out->q_ipackets, s.q_ipackets, sizeof(out->q_ipackets));
	memcpy(out->q_ibytes, s.q_ibytes, sizeof(out->q_ibytes));
	memcpy(out->q_errors, s.q_errors, sizeof(out->q_errors));
	return PDK_OK;
}

int32_t pdk_port_stats_reset(uint16_t port_id)
{
	int32_t rc = port_usable(port_id);

	if (rc != PDK_OK)
		return rc;
	if (rte_eth_stats_reset(port_id) != 0)
		return PDK_E_DPDK;
	/* Not every driver resets xstats separately; ENOTSUP is not a failure here. */
	rte_eth_xstats_reset(port_id);
	return PDK_OK;
}

int32_t pdk_xstats_names(uint16_t port_id, char *names, uint32_t capacity)
{
	struct rte_eth_xstat_name *all;
	int n;
	int32_t rc = port_usable(port_id);

	if (rc != PDK_OK)
		return rc;
	if (names == NULL && capacity != 0)
		return PDK_E_INVALID_ARG;
	n = rte_eth_xstats_get_names(port_id, NULL, 0);
	if (n < 0)
		return PDK_E_DPDK;
	if (capacity == 0 || n == 0)
		return n;
	all = calloc((size_t)n, sizeof(*all));
	if (all == NULL)
		return PDK_E_DPDK;
	if (rte_eth_xstats_get_names(port_id, all, (unsigned)n) != n) {
		free(all);
		return PDK_E_DPDK;
	}
	for (uint32_t i = 0; i < (uint32_t)n && i < capacity; i++) {
		char *dst = names + (size_t)i * PDK_XSTAT_NAME_SIZE;

		memcpy(dst, all[i].name, PDK_XSTAT_NAME_SIZE);
		dst[PDK_XSTAT_NAME_SIZE - 1] = '\0';
	}
	free(all);
	return n;
}

int32_t pdk_xstats_values(uint16_t port_id, uint64_t *values, uint32_t capacity)
{
	struct rte_eth_xstat *all;
	int n;
	int32_t rc = port_usable(port_id);

	if (rc != PDK_OK)
		return rc;
	if (values == NULL && capacity != 0)
		return PDK_E_INVALID_ARG;
	n = rte_eth_xstats_get(port_id, NULL, 0);
	if (n < 0)
		return PDK_E_DPDK;
	if (capacity == 0 || n == 0)
		return n;
	all = calloc((size_t)n, sizeof(*all));
	if (all == NULL)
		return PDK_E_DPDK;
	if (rte_eth_xstats_get(port_id, all, (unsigned)n) != n) {
		free(all);
		return PDK_E_DPDK;
	}
	/* rte_eth_xstats_get fills entry i with id i, matching rte_eth_xstats_get_names. */
	for (uint32_t i = 0; i < (uint32_t)n && i < capacity; i++)
		values[i] = all[i].value;
	free(all);
	return n;
}

int32_t pdk_xstat_by_name(uint16_t port_id, const char *name, uint64_t *value)
{
	uint64_t id;
	int32_t rc = port_usable(port_id);

	if (rc != PDK_OK)
		return rc;
	if (name == NULL || value == NULL)
		return PDK_E_INVALID_ARG;
	if (rte_eth_xstats_get_id_by_name(port_id, name, &id) != 0)
		return PDK_E_NOT_FOUND;
	if (rte_eth_xstats_get_by_id(port_id, &id, value, 1) != 1)
		return PDK_E_DPDK;
	return PDK_OK;
}
