/* SPDX-License-Identifier: MIT */
/*
 * Private helpers shared by the repository files of src/plan: opening a
 * repository with a diagnostic, commit formatting for payloads.
 */
#ifndef SG_PLAN_INT_H
#define SG_PLAN_INT_H

#include <git2.h>

#include "plan/plan.h"

#define PLAN_ZERO_SHA "0000000000000000000000000000000000000000"

/* Opens the repository containing `dir` (searching upwards); -1 with a
 * diagnostic when there is none. Calls plan_git_init(); the caller frees
 * the repository and calls plan_git_shutdown(). */
int plan_open_repo(git_repository **out, const char *dir, struct sg_diags *d);

/* The commit named by a 40-hex sha, or NULL (zeros, unknown, not hex). */
git_commit *plan_lookup_commit(git_repository *repo, const char *sha);

/* Changed paths between two commits' trees (NULL old tree for a root
 * commit) as three sorted arrays of strings: added, removed, modified (a
 * rename is a removal plus an addition, as GitHub's push payload shows). */
void plan_diff_lists(struct expr_value *added, struct expr_value *removed,
                     struct expr_value *modified, struct sg_arena *a, git_repository *repo,
                     git_commit *from, git_commit *to);

#endif
