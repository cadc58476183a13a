/* SPDX-License-Identifier: MIT */
/*
 * fuzz_http_parse.c - libFuzzer target for web/web_http_parse.c. Parses
 * the input as a stream of pipelined requests and checks what the parser
 * promises, aborting on the first broken promise:
 *   - a parsed request consumes 1..len bytes and every slice it returns
 *     lies inside the input;
 *   - an error carries one of 400, 413, 414, 431, 505 and a message;
 *   - no proper prefix of a request that parses is an error or a request
 *     (a prefix must be "incomplete": the early 400 for bytes that cannot
 *     start a request line must never refuse the start of a good one).
 * Built with clang -fsanitize=fuzzer when the compiler is clang
 * (tests/fuzz/meson.build); replay.c runs the same entry point over the
 * seed corpus in every build.
 */
#include "base/compat.h"

#include "web/web_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
static void slice_inside(struct str s, const char *lo, const char *hi);
static void check_request(const char *p,
                          size_t len,
                          enum http_parse_result r,
                          const struct http_request *req);
static void check_prefixes(const char *p, size_t consumed);

static void slice_inside(struct str s, const char *lo, const char *hi)
{
    if (s.len == 0)
        return;
    if (s.ptr < lo || s.ptr > hi || (size_t)(hi - s.ptr) < s.len)
        abort();
}

static void check_request(const char *p,
                          size_t len,
                          enum http_parse_result r,
                          const struct http_request *req)
{
    const char *hi = p + len;

    if (r == HTTP_PARSE_ERROR) {
        int st = req->error_status;
        if ((st != 400 && st != 413 && st != 414 && st != 431 && st != 505) ||
            req->error_msg == NULL)
            abort();
        return;
    }
    if (r != HTTP_PARSE_OK)
        return;
    if (req->consumed == 0 || req->consumed > len)
        abort();
    if (req->minor_version != 0 && req->minor_version != 1)
        abort();
    if (req->minor_version == 1 && !req->has_host)
        abort();
    slice_inside(req->method_name, p, hi);
    slice_inside(req->target, p, hi);
    /* absolute-form without a path gets the static "/" */
    if (!(req->path.len == 1 && req->path.ptr[0] == '/'))
        slice_inside(req->path, p, hi);
    slice_inside(req->query, p, hi);
    slice_inside(req->host, p, hi);
    slice_inside(req->accept, p, hi);
    slice_inside(req->accept_encoding, p, hi);
    slice_inside(req->accept_language, p, hi);
    slice_inside(req->cookie, p, hi);
    slice_inside(req->if_none_match, p, hi);
    slice_inside(req->if_modified_since, p, hi);
    slice_inside(req->user_agent, p, hi);
    slice_inside(req->referer, p, hi);
    if (req->path.len == 0 || req->path.ptr[0] != '/')
        abort();
}

/* Every proper prefix of a request that parses must be incomplete: all of
 * them for short requests, 64 spread over the longer ones. */
static void check_prefixes(const char *p, size_t consumed)
{
    struct http_request req;
    size_t k, step = consumed <= 512 ? 1 : consumed / 64;

    for (k = 0; k < consumed; k += step)
        if (http_parse_request(p, k, &req) != HTTP_PARSE_INCOMPLETE)
            abort();
    if (consumed > 0 &&
        http_parse_request(p, consumed - 1, &req) != HTTP_PARSE_INCOMPLETE)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    size_t left = size;
    int i;

    for (i = 0; i < 16 && left > 0; i++) {
        struct http_request req;
        enum http_parse_result r = http_parse_request(p, left, &req);
        check_request(p, left, r, &req);
        if (r != HTTP_PARSE_OK)
            break;
        check_prefixes(p, req.consumed);
        p += req.consumed;
        left -= req.consumed;
    }
    return 0;
}
