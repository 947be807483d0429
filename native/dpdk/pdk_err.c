/*
 * pdk_err.c - filling the caller's error buffer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pdk_internal.h"

static void err_vappend(char *err, uint32_t err_cap, size_t at, const char *fmt, va_list ap)
{
	if (at >= err_cap)
		return;
	/* vsnprintf truncates and always NUL-terminates within the room it is given. */
	vsnprintf(err + at, err_cap - at, fmt, ap);
}

void pdk_err_set(char *err, uint32_t err_cap, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err_cap == 0)
		return;
	va_start(ap, fmt);
	err_vappend(err, err_cap, 0, fmt, ap);
	va_end(ap);
}

void pdk_err_append(char *err, uint32_t err_cap, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err_cap == 0)
		return;
	va_start(ap, fmt);
	err_vappend(err, err_cap, strnlen(err, err_cap - 1), fmt, ap);
	va_end(ap);
}
