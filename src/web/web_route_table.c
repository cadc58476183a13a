/* SPDX-License-Identifier: MIT */
/*
 * web_route_table.c - the reader site's URL space, one row per route
 * (lwan LWAN_HANDLER_ROUTE). These URLs are citations: never change one,
 * only add. The first full match wins; a path that matches only once a
 * '/' is appended gets a 301 to that form (web_router.c).
 */
#include "base/compat.h"

#include "web/web_int.h"

const struct web_route web_routes[] = {
    { WEB_ROUTE_ROOT, web_handle_root, { WEB_SEG_END }, { NULL }, true, false },
    { WEB_ROUTE_TEXTSIZE,
      web_handle_textsize,
      { WEB_SEG_LIT, WEB_SEG_END },
      { "_textsize" },
      false,
      false },
    { WEB_ROUTE_MEDIA,
      web_handle_media,
      { WEB_SEG_LIT, WEB_SEG_MEDIA, WEB_SEG_END },
      { "media" },
      false,
      false },
    { WEB_ROUTE_STATIC,
      web_handle_static,
      { WEB_SEG_LIT, WEB_SEG_REST, WEB_SEG_END },
      { "static" },
      false,
      true },
    { WEB_ROUTE_PAPER,
      web_handle_paper,
      { WEB_SEG_PAPER, WEB_SEG_END },
      { NULL },
      true,
      false },
    { WEB_ROUTE_ISSUE,
      web_handle_issue,
      { WEB_SEG_PAPER, WEB_SEG_DATE, WEB_SEG_END },
      { NULL },
      true,
      true },
    { WEB_ROUTE_PAGE,
      web_handle_page,
      { WEB_SEG_PAPER, WEB_SEG_DATE, WEB_SEG_PAGE, WEB_SEG_END },
      { NULL },
      true,
      true },
    { WEB_ROUTE_PDF,
      web_handle_pdf,
      { WEB_SEG_PAPER, WEB_SEG_DATE, WEB_SEG_PDF, WEB_SEG_END },
      { NULL },
      false,
      false },
    { WEB_ROUTE_ARTICLE,
      web_handle_article,
      { WEB_SEG_PAPER, WEB_SEG_DATE, WEB_SEG_PAGE, WEB_SEG_ARTICLE,
        WEB_SEG_END },
      { NULL },
      false,
      true },
    { WEB_ROUTE_CALENDAR,
      web_handle_calendar,
      { WEB_SEG_PAPER, WEB_SEG_YEAR, WEB_SEG_MONTH, WEB_SEG_END },
      { NULL },
      true,
      true },
};

const size_t web_nroutes = ARRAY_SIZE(web_routes);
