/* SPDX-License-Identifier: MIT */
/*
 * ingest_xml.c - the one place library archives' XML is parsed (libxml2,
 * tree API over a size-capped buffer), small element helpers that match
 * by local name so ALTO 1.x-4.x and files without a namespace read the
 * same, language-code mapping and METS checksum digests (OpenSSL EVP).
 *
 * Safety: XML_PARSE_NONET, never NOENT/DTDLOAD/HUGE (see
 * shared/notes/measurements.md); on top, a document whose DTD declares
 * any entity is refused, so neither entity expansion (billion laughs) nor
 * external entities (XXE) can reach the importer.
 */
#include "base/compat.h"

#include "base/xalloc.h"
#include "ingest/ingest_lib_int.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void text_collect(const xmlNode *n, struct buf *b);

enum folio_rc xml_parse(const unsigned char *data,
                        size_t len,
                        const char *where,
                        xmlDoc **out,
                        struct folio_err *err)
{
    xmlParserCtxt *ctxt = NULL;
    xmlDoc *doc = NULL;
    const xmlError *xe;
    enum folio_rc rc = FOLIO_OK;
    char at[300];

    if (len > INGEST_MAX_XML_BYTES) {
        rc = err_set(err, FOLIO_ERR_TOO_LARGE, where,
                     "XML file of %zu bytes is over the limit of %u bytes", len,
                     INGEST_MAX_XML_BYTES);
        goto out;
    }
    ctxt = xmlNewParserCtxt();
    if (!ctxt)
        BUG("xmlNewParserCtxt failed");
    doc = xmlCtxtReadMemory(ctxt, (const char *)data, (int)len, NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!doc || !ctxt->wellFormed) {
        xe = xmlCtxtGetLastError(ctxt);
        (void)snprintf(at, sizeof(at), "%s:%d", where, xe ? xe->line : 0);
        rc = err_set(err, FOLIO_ERR_INVALID, at, "malformed XML: %s",
                     xe && xe->message ? xe->message : "parse error");
        goto out;
    }
    if ((doc->intSubset && doc->intSubset->entities) ||
        (doc->extSubset && doc->extSubset->entities) ||
        (doc->intSubset && doc->intSubset->pentities)) {
        rc = err_set(err, FOLIO_ERR_INVALID, where,
                     "XML declares entities in a DTD; refused (entity "
                     "expansion and external entities are not allowed)");
        goto out;
    }
    if (!xmlDocGetRootElement(doc)) {
        rc = err_set(err, FOLIO_ERR_INVALID, where, "XML has no root element");
        goto out;
    }
    *out = doc;
    doc = NULL;
out:
    if (doc)
        xmlFreeDoc(doc);
    if (ctxt)
        xmlFreeParserCtxt(ctxt);
    return rc;
}

bool xml_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

xmlNode *xml_child(const xmlNode *n, const char *name)
{
    xmlNode *c;

    if (!n)
        return NULL;
    for (c = n->children; c; c = c->next)
        if (xml_is(c, name))
            return c;
    return NULL;
}

xmlNode *xml_next(const xmlNode *n, const char *name)
{
    xmlNode *c;

    for (c = n ? n->next : NULL; c; c = c->next)
        if (xml_is(c, name))
            return c;
    return NULL;
}

const char *xml_attr(const xmlNode *n, const char *name)
{
    const xmlAttr *a;

    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        if (a->children && a->children->type == XML_TEXT_NODE &&
            !a->children->next)
            return (const char *)a->children->content;
        if (!a->children)
            return "";
        return NULL; /* entity references inside: treat as absent */
    }
    return NULL;
}

static void text_collect(const xmlNode *n, struct buf *b)
{
    const xmlNode *c;

    for (c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            buf_adds(b, (const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE)
            text_collect(c, b);
    }
}

char *xml_text(const xmlNode *n)
{
    struct buf b;
    size_t s = 0, e;
    char *r;

    buf_init(&b, 1u << 20);
    if (n)
        text_collect(n, &b);
    e = b.len;
    while (s < e && isspace((unsigned char)b.data[s]))
        s++;
    while (e > s && isspace((unsigned char)b.data[e - 1]))
        e--;
    r = xstrndup(b.data + s, e - s);
    buf_release(&b);
    return r;
}

xmlNode *xml_find(const xmlNode *n, const char *name)
{
    xmlNode *c, *f;

    if (!n)
        return NULL;
    for (c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xml_is(c, name))
            return c;
        f = xml_find(c, name);
        if (f)
            return f;
    }
    return NULL;
}

char *lang_to_bcp47(const char *code)
{
    static const struct {
        const char *from, *to;
    } map[] = {
        { "ger", "de" }, { "deu", "de" }, { "eng", "en" }, { "fre", "fr" },
        { "fra", "fr" }, { "ita", "it" }, { "spa", "es" }, { "dut", "nl" },
        { "nld", "nl" }, { "ltz", "lb" }, { "chi", "zh" }, { "zho", "zh" },
        { "pol", "pl" }, { "cze", "cs" }, { "ces", "cs" }, { "swe", "sv" },
        { "dan", "da" }, { "nor", "no" }, { "fin", "fi" }, { "por", "pt" },
        { "rus", "ru" }, { "lat", "la" }, { "hun", "hu" }, { "gre", "el" },
        { "ell", "el" }, { "heb", "he" }, { "jpn", "ja" }, { "kor", "ko" },
        { "yid", "yi" }, { "slv", "sl" }, { "slo", "sk" }, { "slk", "sk" },
        { "hrv", "hr" }, { "srp", "sr" }, { "ukr", "uk" }, { "lit", "lt" },
        { "lav", "lv" }, { "est", "et" }, { "ice", "is" }, { "isl", "is" },
        { "wel", "cy" }, { "cym", "cy" }, { "gle", "ga" }, { "ara", "ar" },
    };
    char low[16];
    size_t i, n;

    if (!code || !code[0])
        return NULL;
    n = strlen(code);
    if (n >= sizeof(low))
        return NULL;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)code[i];
        if (!isalnum(ch) && ch != '-' && ch != '_')
            return NULL;
        if (ch >= 'A' && ch <= 'Z')
            ch = (unsigned char)(ch - 'A' + 'a');
        if (ch == '_')
            ch = '-';
        low[i] = (char)ch;
    }
    low[n] = '\0';
    for (i = 0; i < ARRAY_SIZE(map); i++)
        if (strcmp(low, map[i].from) == 0)
            return xstrdup(map[i].to);
    return xstrdup(low);
}

bool digest_hex(const char *type,
                const unsigned char *data,
                size_t len,
                char *hex)
{
    static const struct {
        const char *mets, *ossl;
    } names[] = {
        { "MD5", "MD5" },       { "SHA-1", "SHA1" },
        { "SHA1", "SHA1" },     { "SHA-256", "SHA256" },
        { "SHA256", "SHA256" }, { "SHA-384", "SHA384" },
        { "SHA384", "SHA384" }, { "SHA-512", "SHA512" },
        { "SHA512", "SHA512" },
    };
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0, i;
    const EVP_MD *alg = NULL;
    size_t k;

    for (k = 0; k < ARRAY_SIZE(names); k++)
        if (strcasecmp(type, names[k].mets) == 0)
            alg = EVP_get_digestbyname(names[k].ossl);
    if (!alg || !EVP_Digest(data, len, md, &mdlen, alg, NULL))
        return false;
    for (i = 0; i < mdlen; i++)
        (void)snprintf(hex + (size_t)i * 2, 3, "%02x", md[i]);
    hex[(size_t)mdlen * 2] = '\0';
    return true;
}
