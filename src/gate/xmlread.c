/* SPDX-License-Identifier: MIT */
/*
 * XML reports (JUnit, Cobertura, cppcheck) read with libxml2's streaming
 * text reader, configured for hostile input: no network, no DTD loading, no
 * entity substitution, libxml2's default size limits (no XML_PARSE_HUGE),
 * and any entity declaration refused outright, so billion-laughs input
 * never expands. The first error libxml2 reports becomes the diagnostic,
 * with its line and column; a truncated file is an error, never a partial
 * result.
 */
#include <libxml/xmlreader.h>

#include "gate/gate_int.h"

struct gate_xml {
    struct gate_parse *p;
    xmlTextReaderPtr r;
    bool failed;
};

static void xml_error(void *arg, xmlErrorPtr err)
{
    struct gate_xml *x = arg;
    char msg[300];
    size_t n;

    if (x->failed || !err || err->level < XML_ERR_ERROR)
        return;
    x->failed = true;
    n = strlen(err->message ? err->message : "");
    if (n >= sizeof(msg))
        n = sizeof(msg) - 1;
    memcpy(msg, err->message ? err->message : "", n);
    msg[n] = '\0';
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    sg_diag_add(x->p->diags, SG_SEV_ERROR, x->p->file, err->line, err->int2 > 0 ? err->int2 : 0,
                "invalid XML: %s", msg);
}

static int xml_read_cb(void *ctx, char *buf, int len)
{
    FILE *fp = ctx;
    size_t n = fread(buf, 1, (size_t)len, fp);
    if (n == 0 && ferror(fp))
        return -1;
    return (int)n;
}

static int xml_close_cb(void *ctx) { return 0; }

const char *gate_xml_attr(struct gate_xml *x, const char *name)
{
    xmlChar *v = xmlTextReaderGetAttribute(x->r, (const xmlChar *)name);
    char *out;
    if (!v)
        return NULL;
    out = sg_arena_strdup(x->p->arena, (const char *)v);
    xmlFree(v);
    return out;
}

int gate_xml_line(struct gate_xml *x)
{
    xmlNodePtr node = xmlTextReaderCurrentNode(x->r);
    return node ? (int)xmlGetLineNo(node) : xmlTextReaderGetParserLineNumber(x->r);
}

int gate_xml_fail(struct gate_xml *x, const char *fmt, ...)
{
    va_list ap;
    xmlNodePtr node;
    int line, col = 0;
    if (x->failed)
        return -1;
    x->failed = true;
    /* The reader parses ahead of the node it returns: an element's own line
     * is the node's; libxml2 keeps no column for nodes. */
    node = xmlTextReaderCurrentNode(x->r);
    line = node && node->type == XML_ELEMENT_NODE ? (int)xmlGetLineNo(node) : -1;
    if (line <= 0) {
        line = xmlTextReaderGetParserLineNumber(x->r);
        col = xmlTextReaderGetParserColumnNumber(x->r);
    }
    va_start(ap, fmt);
    sg_diag_vadd(x->p->diags, SG_SEV_ERROR, x->p->file, line, col, fmt, ap);
    va_end(ap);
    return -1;
}

/* Entities are the only way XML input grows when parsed; reports never need
 * them, so a DTD that declares any is refused. */
static int xml_check_doctype(struct gate_xml *x)
{
    /* Not xmlTextReaderCurrentDoc: it hands the document to the caller. */
    xmlNodePtr node = xmlTextReaderCurrentNode(x->r);
    xmlDtdPtr dtd = node && node->type == XML_DTD_NODE ? (xmlDtdPtr)node : NULL;
    if (dtd && (dtd->entities || dtd->pentities))
        return gate_xml_fail(x, "entity declarations are not allowed in a report");
    return 0;
}

static int xml_loop(struct gate_xml *x, gate_xml_elem_fn on_elem, void *ctx)
{
    int rc;

    while ((rc = xmlTextReaderRead(x->r)) == 1) {
        int type = xmlTextReaderNodeType(x->r);
        if (x->failed)
            return -1;
        if (type == XML_READER_TYPE_DOCUMENT_TYPE && xml_check_doctype(x) < 0)
            return -1;
        if (type == XML_READER_TYPE_ENTITY_REFERENCE)
            return gate_xml_fail(x, "entity references are not allowed in a report");
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        if (on_elem(ctx, x, xmlTextReaderDepth(x->r),
                    (const char *)xmlTextReaderConstLocalName(x->r)) < 0) {
            x->failed = true;
            return -1;
        }
    }
    if (rc < 0 || x->failed) {
        if (!x->failed)
            gate_xml_fail(x, "invalid XML");
        return -1;
    }
    return 0;
}

int gate_xml_run(struct gate_parse *p, gate_xml_elem_fn on_elem, void *ctx)
{
    int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    struct gate_xml x;
    size_t errors = p->diags->errors;
    int rc;

    memset(&x, 0, sizeof(x));
    x.p = p;
    if (p->in.fp)
        x.r = xmlReaderForIO(xml_read_cb, xml_close_cb, p->in.fp, p->file, NULL, opts);
    else
        x.r = xmlReaderForMemory(p->in.data, (int)(p->in.len > INT32_MAX ? INT32_MAX : p->in.len),
                                 p->file, NULL, opts);
    if (!x.r)
        return gate_fail(p, 0, 0, "cannot start the XML reader");
    xmlTextReaderSetStructuredErrorHandler(x.r, xml_error, &x);
    rc = xml_loop(&x, on_elem, ctx);
    xmlFreeTextReader(x.r);
    if (rc < 0 && p->diags->errors == errors)
        gate_fail(p, 0, 0, "the XML report could not be read");
    return rc;
}
