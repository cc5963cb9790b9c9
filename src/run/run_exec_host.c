/* SPDX-License-Identifier: MIT */
/*
 * The host executor: processes run directly on this machine, in their own
 * process group, as the user running shipgate. It cannot give a job a
 * container or service containers; those jobs are refused with a message
 * naming the executor they need.
 */
#include "run/run_int.h"

/* How long a cancelled or timed-out step gets between SIGTERM and SIGKILL
 * (the runner waits 7.5 s; a local run wants Ctrl-C to feel quick). */
#define HOST_GRACE_MS 2500

static int host_job_check(const struct run_executor *x, const struct run_job *job,
                          struct sg_buf *why)
{
    if (job->job->container.node) {
        sg_buf_addf(why, "job '%s' uses 'container:', which needs the docker executor "
                         "(--executor docker, not available yet); the host executor runs "
                         "steps directly on this machine", job->job->id);
        return -1;
    }
    if (job->job->nservices) {
        sg_buf_addf(why, "job '%s' uses 'services:', which need the docker executor "
                         "(--executor docker, not available yet); the host executor cannot "
                         "start service containers", job->job->id);
        return -1;
    }
    return 0;
}

static int host_run(const struct run_executor *x, struct exec_status *out,
                    const struct exec_spawn *s, int timeout_ms, int cancel_fd, struct sg_diags *d)
{
    return exec_run(out, s, timeout_ms, cancel_fd, HOST_GRACE_MS, d);
}

const struct run_executor run_executor_host = {"host", host_job_check, host_run};

const struct run_executor *run_executor_find(const char *name)
{
    if (!name || !strcmp(name, "host"))
        return &run_executor_host;
    return NULL;
}
