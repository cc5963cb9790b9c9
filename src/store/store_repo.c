/* SPDX-License-Identifier: MIT */
/*
 * The canonical identity of a repository, so that every clone of one
 * project (https or ssh, with or without .git) shares one register: the
 * origin URL reduced to host/path, else the work tree's absolute path.
 * Reads git through libgit2; the store itself never touches git.
 */
#include <ctype.h>
#include <limits.h>
#include <git2.h>

#include "store/store.h"

/* Ports that say nothing beyond the scheme. */
static bool default_port(const char *scheme, size_t slen, const char *port, size_t plen)
{
    static const struct {
        const char *scheme, *port;
    } defaults[] = {{"https", "443"}, {"http", "80"}, {"ssh", "22"}, {"git", "9418"}, {"git+ssh", "22"}};
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(defaults); i++)
        if (strlen(defaults[i].scheme) == slen && strncmp(defaults[i].scheme, scheme, slen) == 0 &&
            strlen(defaults[i].port) == plen && strncmp(defaults[i].port, port, plen) == 0)
            return true;
    return false;
}

/* Appends host[:port] lower-cased, dropping credentials and default ports. */
static void add_host(struct sg_buf *out, const char *scheme, size_t slen, const char *h, size_t n)
{
    const char *at = memchr(h, '@', n), *colon;
    size_t i, hlen;

    if (at) {
        n -= (size_t)(at + 1 - h);
        h = at + 1;
    }
    colon = memchr(h, ':', n);
    hlen = colon ? (size_t)(colon - h) : n;
    for (i = 0; i < hlen; i++)
        sg_buf_addch(out, (char)tolower((unsigned char)h[i]));
    if (colon && !default_port(scheme, slen, colon + 1, n - hlen - 1))
        sg_buf_add(out, colon, n - hlen);
}

static void add_path(struct sg_buf *out, const char *p)
{
    size_t n = strlen(p);
    while (n > 0 && p[n - 1] == '/')
        n--;
    if (n >= 4 && strncmp(p + n - 4, ".git", 4) == 0)
        n -= 4;
    while (n > 0 && p[n - 1] == '/')
        n--;
    while (*p == '/' && n > 0) {
        p++;
        n--;
    }
    sg_buf_addch(out, '/');
    sg_buf_add(out, p, n);
}

void store_url_identity(struct sg_buf *out, const char *url)
{
    const char *sep = strstr(url, "://"), *slash, *colon;

    if (sep && strncmp(url, "file", 4) == 0 && sep == url + 4) {
        sg_buf_addstr(out, sep + 3);
        return;
    }
    if (sep) {
        const char *host = sep + 3;
        slash = strchr(host, '/');
        add_host(out, url, (size_t)(sep - url), host, slash ? (size_t)(slash - host) : strlen(host));
        add_path(out, slash ? slash : "");
        return;
    }
    colon = strchr(url, ':');
    slash = strchr(url, '/');
    if (colon && (!slash || colon < slash)) { /* scp-like user@host:path */
        add_host(out, "ssh", 3, url, (size_t)(colon - url));
        add_path(out, colon + 1);
        return;
    }
    sg_buf_addstr(out, url);
}

static int origin_url(struct sg_buf *out, git_repository *repo)
{
    git_config *cfg = NULL;
    git_buf buf = {0};
    int found = 0;

    /* Read from config rather than git_remote_lookup: see plan/repo.c. */
    if (git_repository_config(&cfg, repo) != 0)
        return 0;
    if (git_config_get_string_buf(&buf, cfg, "remote.origin.url") == 0 && buf.ptr && *buf.ptr) {
        store_url_identity(out, buf.ptr);
        found = 1;
    }
    git_buf_dispose(&buf);
    git_config_free(cfg);
    return found;
}

static int absolute_path(struct sg_buf *out, const char *dir, struct sg_diags *d)
{
    char real[PATH_MAX];
    size_t n;
    if (!realpath(dir, real)) {
        sg_diag_add(d, SG_SEV_ERROR, dir, 0, 0, "cannot resolve the folder: %s", strerror(errno));
        return -1;
    }
    n = strlen(real);
    while (n > 1 && real[n - 1] == '/')
        n--;
    sg_buf_add(out, real, n);
    return 0;
}

int store_repo_identity(struct sg_buf *out, const char *dir, bool fallback_path,
                        struct sg_diags *d)
{
    git_repository *repo = NULL;
    int rc = 0;

    sg_buf_reset(out);
    if (!dir)
        dir = ".";
    git_libgit2_init();
    if (git_repository_open_ext(&repo, dir, 0, NULL) != 0) {
        git_libgit2_shutdown();
        if (!fallback_path)
            return 1;
        return absolute_path(out, dir, d);
    }
    if (!origin_url(out, repo)) {
        const char *wd = git_repository_workdir(repo);
        rc = absolute_path(out, wd ? wd : git_repository_path(repo), d);
    }
    git_repository_free(repo);
    git_libgit2_shutdown();
    return rc;
}
