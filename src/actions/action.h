/* SPDX-License-Identifier: MIT */
/*
 * Local actions (`uses: ./path`): the action.yml / action.yaml manifest
 * loaded with positions and checked the way the runner checks it, and the
 * handlers that run one: composite (steps with their own inputs and steps
 * contexts), node (runs.main with the machine's node, post steps at the end
 * of the job). Container actions are refused: they need the docker
 * executor. Remote actions (owner/repo@ref) are not resolved here yet.
 *
 * The manifest lives in the arena passed to the loader and is read-only
 * afterwards; expressions in it keep their raw text for the runner.
 */
#ifndef SG_ACTION_H
#define SG_ACTION_H

#include "base/base.h"
#include "workflow/workflow.h"

/* The runner's limit on nested composite actions. */
#define ACTION_MAX_DEPTH 9
#define ACTION_MAX_FILE_SIZE (1u << 20)

enum action_using { ACTION_COMPOSITE, ACTION_NODE, ACTION_DOCKER };

struct action_input {
    const struct wf_value *name;
    const struct wf_value *description;
    bool required;
    const struct wf_value *default_value; /* NULL when absent */
    const struct wf_value *deprecation;   /* deprecationMessage */
};

struct action_output {
    const struct wf_value *name;
    const struct wf_value *description;
    const struct wf_value *value; /* composite: an expression over steps/inputs */
};

struct action_manifest {
    const char *file;
    const struct wf_value *root;
    const struct wf_value *name, *description;
    struct action_input *inputs;
    size_t ninputs;
    struct action_output *outputs;
    size_t noutputs;
    enum action_using using;
    const struct wf_value *using_node; /* "node20", "composite"... as written */
    /* node */
    const struct wf_value *main, *pre, *pre_if, *post, *post_if;
    /* docker */
    const struct wf_value *image;
    /* composite */
    struct wf_step *steps;
    size_t nsteps;
};

/*
 * Parses and checks a manifest's text. Returns 0, or -1 with every problem
 * in `d` as FILE:LINE:COL (the model is then incomplete and must not run).
 */
int action_manifest_parse(struct action_manifest *out, struct sg_arena *a, struct sg_diags *d,
                          const char *file, const char *text, size_t len);

/*
 * Reads DIR/action.yml, else DIR/action.yaml, and parses it. Returns 0, or
 * -1 with the reason in `d` (a missing manifest names the folder, in the
 * runner's words).
 */
int action_manifest_load(struct action_manifest *out, struct sg_arena *a, struct sg_diags *d,
                         const char *dir);

/* The environment variable a node action reads an input from: INPUT_ and
 * the name upper-cased with spaces as underscores, as the runner does. */
const char *action_input_env_name(struct sg_arena *a, const char *name);

/* Whether `uses` names a local action (./ or .\ prefix, or exactly "."). */
bool action_is_local(const char *uses);

#endif
