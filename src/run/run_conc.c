/* SPDX-License-Identifier: MIT */
/*
 * Concurrency groups within one run, as GitHub keeps them: at most one job
 * running and one waiting per group. A newcomer waits for the running one,
 * or cancels it when the newcomer says cancel-in-progress; a job that was
 * already waiting is cancelled by the newcomer. Groups are run-wide because
 * the jobs of called workflows (other scheduler threads) share them, so
 * the table has its own mutex, and a job that takes a group it waited for
 * wakes its own scheduler through its done pipe.
 */
#include <unistd.h>

#include "run/run_int.h"

struct conc_group {
    const char *name; /* heap */
    struct run_job *holder, *pending;
};

struct run_conc {
    pthread_mutex_t mu;
    struct conc_group *g;
    size_t n, cap;
};

struct run_conc *run_conc_new(void)
{
    struct run_conc *c = sg_xcalloc(1, sizeof(*c));
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

void run_conc_free(struct run_conc *c)
{
    size_t i;
    if (!c)
        return;
    for (i = 0; i < c->n; i++)
        free((char *)c->g[i].name);
    free(c->g);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static struct conc_group *group_of(struct run_conc *c, const char *name)
{
    size_t i;
    for (i = 0; i < c->n; i++)
        if (!strcmp(c->g[i].name, name))
            return &c->g[i];
    SG_GROW(c->g, c->cap, c->n + 1);
    memset(&c->g[c->n], 0, sizeof(c->g[c->n]));
    c->g[c->n].name = sg_xstrdup(name);
    return &c->g[c->n++];
}

static void poke(int fd)
{
    while (fd >= 0 && write(fd, "x", 1) < 0 && errno == EINTR)
        ;
}

bool run_conc_enter(struct run_conc *c, struct run_job *j)
{
    struct conc_group *g;
    bool now = false;

    pthread_mutex_lock(&c->mu);
    j->conc_entered = true;
    g = group_of(c, j->conc_group);
    if (!g->holder) {
        g->holder = j;
        now = true;
    } else {
        if (g->pending) {
            g->pending->conc_cancelled = true;
            poke(g->pending->done_fd);
        }
        g->pending = j;
        if (j->conc_cancel_in_progress && g->holder->cancel_pipe[1] >= 0)
            poke(g->holder->cancel_pipe[1]);
    }
    pthread_mutex_unlock(&c->mu);
    if (!now)
        run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_INFO,
                       "waiting: concurrency group '%s' is busy%s", j->conc_group,
                       j->conc_cancel_in_progress ? " (cancelling the running job)" : "");
    return now;
}

bool run_conc_ready(struct run_conc *c, struct run_job *j, bool *cancelled)
{
    struct conc_group *g;
    bool ready;
    pthread_mutex_lock(&c->mu);
    g = group_of(c, j->conc_group);
    *cancelled = j->conc_cancelled;
    ready = g->holder == j;
    pthread_mutex_unlock(&c->mu);
    return ready;
}

void run_conc_leave(struct run_conc *c, struct run_job *j)
{
    struct conc_group *g;
    if (!j->conc_group || !j->conc_entered)
        return;
    pthread_mutex_lock(&c->mu);
    g = group_of(c, j->conc_group);
    if (g->holder == j) {
        g->holder = g->pending;
        g->pending = NULL;
        if (g->holder)
            poke(g->holder->done_fd);
    } else if (g->pending == j) {
        g->pending = NULL;
    }
    pthread_mutex_unlock(&c->mu);
}
