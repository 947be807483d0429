/*
 * pzc_error.c - the reason text behind every negative return.
 */
#include <stdio.h>

#include "pzc_internal.h"

int pzc_vfail(char *buffer, size_t size, int err, const char *format, va_list args)
{
    if (buffer != NULL && size > 0)
        vsnprintf(buffer, size, format, args);
    return err;
}

int pzc_fail(pzc_t *c, int err, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    pzc_vfail(c->error, sizeof c->error, err, format, args);
    va_end(args);
    return err;
}

const char *pzc_geterr(const pzc_t *c)
{
    return c == NULL ? "no handle (pzc_open failed)" : c->error;
}
