/* SPDX-License-Identifier: MIT */
/* Repository facts, event payloads, changed files and the github context,
 * on real repositories made with the git command in a temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "plan/plan.h"

struct repo_fixture {
    char dir[64];
    struct sg_arena *a;
    struct sg_diags d;
};

static void sh(const struct repo_fixture *f, const char *cmd)
{
    struct sg_buf b = SG_BUF_INIT;

    sg_buf_addf(&b,
                "cd '%s' && export GIT_CONFIG_NOSYSTEM=1 HOME='%s' GIT_AUTHOR_DATE='2024-01-02T03:04:05+0100' "
                "GIT_COMMITTER_DATE='2024-01-02T03:04:05+0100' && (%s) >/dev/null 2>&1",
                f->dir, f->dir, cmd);
    if (system(b.data) != 0)
        fail_msg("command failed: %s", cmd);
    sg_buf_release(&b);
}

static const char *out_of(struct repo_fixture *f, const char *cmd)
{
    struct sg_buf b = SG_BUF_INIT;
    char line[256] = "";
    FILE *p;

    sg_buf_addf(&b, "cd '%s' && HOME='%s' %s", f->dir, f->dir, cmd);
    p = popen(b.data, "r");
    assert_non_null(p);
    if (!fgets(line, sizeof(line), p))
        line[0] = '\0';
    pclose(p);
    sg_buf_release(&b);
    line[strcspn(line, "\n")] = '\0';
    return sg_arena_strdup(f->a, line);
}

/* Two commits on main: a root adding a.txt and b.txt, then one that
 * modifies a.txt, renames b.txt to c.txt and adds d.txt. */
static int setup(void **state)
{
    struct repo_fixture *f = sg_xcalloc(1, sizeof(*f));

    memcpy(f->dir, "/tmp/sg-plan-git-XXXXXX", sizeof("/tmp/sg-plan-git-XXXXXX"));
    if (!mkdtemp(f->dir))
        return -1;
    f->a = sg_arena_new();
    sg_diags_init(&f->d);
    sh(f, "git init -q -b main . && git config user.name 'Mona Lisa' && "
          "git config user.email mona@example.com && "
          "git remote add origin https://github.com/octo/hello-world.git && "
          "printf 'one\\n' > a.txt && printf 'bee\\nbee\\nbee\\nbee\\n' > b.txt && "
          "git add . && git commit -q -m 'first commit'");
    sh(f, "printf 'two\\n' > a.txt && git mv b.txt c.txt && printf 'd\\n' > d.txt && "
          "git add . && git commit -q -m 'second commit' -m 'with a body'");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct repo_fixture *f = *state;
    struct sg_buf b = SG_BUF_INIT;

    sg_buf_addf(&b, "rm -rf '%s'", f->dir);
    if (system(b.data) != 0)
        return -1;
    sg_buf_release(&b);
    sg_diags_release(&f->d);
    sg_arena_free(f->a);
    free(f);
    return 0;
}

static const struct expr_value *path(const struct expr_value *v, const char *p1, const char *p2)
{
    const struct expr_value *r = expr_object_get(v, p1);

    if (r && p2)
        r = r->kind == EXPR_OBJECT ? expr_object_get(r, p2) : NULL;
    assert_non_null(r);
    return r;
}

static const char *str(const struct expr_value *v, const char *p1, const char *p2)
{
    const struct expr_value *r = path(v, p1, p2);

    assert_int_equal(r->kind, EXPR_STRING);
    return r->u.str.s;
}

static void test_repo_info_on_a_branch(void **state)
{
    struct repo_fixture *f = *state;
    struct plan_repo_info info;

    assert_int_equal(plan_repo_info(&info, f->a, f->dir, &f->d), 0);
    assert_string_equal(info.sha, out_of(f, "git rev-parse HEAD"));
    assert_string_equal(info.before_sha, out_of(f, "git rev-parse HEAD~1"));
    assert_string_equal(info.ref, "refs/heads/main");
    assert_string_equal(info.ref_name, "main");
    assert_string_equal(info.ref_type, "branch");
    assert_string_equal(info.repository, "octo/hello-world");
    assert_string_equal(info.owner, "octo");
    assert_string_equal(info.actor, "Mona Lisa");
    assert_true(sg_ends_with(info.root, f->dir + 4)); /* /tmp may be a symlink */
    /* From a subfolder too. */
    sh(f, "mkdir -p sub/deeper");
    struct plan_repo_info sub;
    assert_int_equal(plan_repo_info(&sub, f->a, sg_arena_printf(f->a, "%s/sub/deeper", f->dir), &f->d), 0);
    assert_string_equal(sub.root, info.root);
}

static void test_repo_info_detached_on_a_tag_and_root_commit(void **state)
{
    struct repo_fixture *f = *state;
    struct plan_repo_info info;

    sh(f, "git tag -a v1.0.0 -m release HEAD~1 && git checkout -q v1.0.0");
    assert_int_equal(plan_repo_info(&info, f->a, f->dir, &f->d), 0);
    assert_string_equal(info.ref, "refs/tags/v1.0.0");
    assert_string_equal(info.ref_name, "v1.0.0");
    assert_string_equal(info.ref_type, "tag");
    /* The root commit has no parent: before is 40 zeros. */
    assert_string_equal(info.before_sha, "0000000000000000000000000000000000000000");
    sh(f, "git checkout -q main && git tag -d v1.0.0");
}

static void test_not_a_repository_is_a_diagnostic(void **state)
{
    struct repo_fixture *f = *state;
    struct plan_repo_info info;
    size_t before = f->d.errors;

    assert_int_equal(plan_repo_info(&info, f->a, "/", &f->d), -1);
    assert_int_equal(f->d.errors, before + 1);
    assert_non_null(strstr(f->d.items[f->d.n - 1].message, "not a git repository"));
}

static void test_changed_files_counts_both_rename_paths(void **state)
{
    struct repo_fixture *f = *state;
    const char **files;
    size_t n;
    const char *head = out_of(f, "git rev-parse HEAD"), *root = out_of(f, "git rev-parse HEAD~1");

    assert_int_equal(plan_changed_files(&files, &n, f->a, f->dir, root, head, &f->d), 0);
    assert_int_equal(n, 4);
    assert_string_equal(files[0], "a.txt");
    assert_string_equal(files[1], "b.txt");
    assert_string_equal(files[2], "c.txt");
    assert_string_equal(files[3], "d.txt");
    /* before of zeros: the after commit against its first parent. */
    assert_int_equal(plan_changed_files(&files, &n, f->a, f->dir,
                                        "0000000000000000000000000000000000000000", head, &f->d), 0);
    assert_int_equal(n, 4);
    /* A root commit: every file it has. */
    assert_int_equal(plan_changed_files(&files, &n, f->a, f->dir, NULL, root, &f->d), 0);
    assert_int_equal(n, 2);
    assert_string_equal(files[0], "a.txt");
    assert_string_equal(files[1], "b.txt");
    /* Unknown after: unknown set. */
    assert_int_equal(plan_changed_files(&files, &n, f->a, f->dir, root,
                                        "1234567890123456789012345678901234567890", &f->d), 0);
    assert_null(files);
    assert_int_equal(n, 0);
}

static void test_synthesised_push_payload(void **state)
{
    struct repo_fixture *f = *state;
    struct plan_repo_info info;
    struct expr_value ev;
    const struct expr_value *commits, *head;

    assert_int_equal(plan_repo_info(&info, f->a, f->dir, &f->d), 0);
    assert_int_equal(plan_event_payload(&ev, f->a, &info, "push", NULL, NULL, &f->d), 0);
    assert_string_equal(str(&ev, "ref", NULL), "refs/heads/main");
    assert_string_equal(str(&ev, "after", NULL), info.sha);
    assert_string_equal(str(&ev, "before", NULL), info.before_sha);
    commits = path(&ev, "commits", NULL);
    assert_int_equal(commits->kind, EXPR_ARRAY);
    assert_int_equal(commits->u.arr->n, 1);
    head = path(&ev, "head_commit", NULL);
    assert_string_equal(str(head, "id", NULL), info.sha);
    assert_string_equal(str(head, "message", NULL), "second commit\n\nwith a body\n");
    assert_string_equal(str(head, "timestamp", NULL), "2024-01-02T03:04:05+01:00");
    assert_string_equal(str(head, "author", "name"), "Mona Lisa");
    assert_string_equal(str(head, "author", "email"), "mona@example.com");
    assert_string_equal(str(head, "committer", "name"), "Mona Lisa");
    const struct expr_value *added = path(head, "added", NULL);
    assert_int_equal(added->u.arr->n, 2); /* c.txt (renamed) and d.txt */
    assert_int_equal(path(head, "removed", NULL)->u.arr->n, 1);
    assert_string_equal(path(head, "modified", NULL)->u.arr->items[0].u.str.s, "a.txt");
    assert_string_equal(str(&ev, "repository", "full_name"), "octo/hello-world");
    assert_string_equal(str(&ev, "repository", "name"), "hello-world");
    assert_string_equal(str(&ev, "repository", "default_branch"), "main");
    assert_string_equal(str(path(&ev, "repository", "owner"), "login", NULL), "octo");
    assert_string_equal(str(&ev, "pusher", "name"), "Mona Lisa");
    assert_string_equal(str(&ev, "sender", "login"), "Mona Lisa");
}

static void test_pull_request_payload_and_github_context(void **state)
{
    struct repo_fixture *f = *state;
    struct plan_repo_info info;
    struct expr_value ev, g;
    struct plan_run_ids ids = {"42", "7", "1"};

    sh(f, "git checkout -q -b feature && printf x > e.txt && git add e.txt && git commit -q -m 'Add e'");
    assert_int_equal(plan_repo_info(&info, f->a, f->dir, &f->d), 0);
    assert_int_equal(plan_event_payload(&ev, f->a, &info, "pull_request", NULL, NULL, &f->d), 0);
    assert_string_equal(str(&ev, "action", NULL), "opened");
    assert_string_equal(str(path(&ev, "pull_request", "head"), "ref", NULL), "feature");
    assert_string_equal(str(path(&ev, "pull_request", "head"), "sha", NULL), info.sha);
    assert_string_equal(str(path(&ev, "pull_request", "base"), "ref", NULL), "main");
    assert_string_equal(str(path(&ev, "pull_request", "base"), "sha", NULL),
                        out_of(f, "git rev-parse main"));
    assert_string_equal(str(&ev, "pull_request", "title"), "Add e");

    g = plan_github_context(f->a, &info, "pull_request", &ev, "/work/space", &ids);
    assert_string_equal(str(&g, "event_name", NULL), "pull_request");
    assert_string_equal(str(&g, "ref", NULL), "refs/pull/1/merge");
    assert_string_equal(str(&g, "ref_name", NULL), "1/merge");
    assert_string_equal(str(&g, "head_ref", NULL), "feature");
    assert_string_equal(str(&g, "base_ref", NULL), "main");
    assert_string_equal(str(&g, "sha", NULL), info.sha);
    assert_string_equal(str(&g, "repository", NULL), "octo/hello-world");
    assert_string_equal(str(&g, "repository_owner", NULL), "octo");
    assert_string_equal(str(&g, "workspace", NULL), "/work/space");
    assert_string_equal(str(&g, "run_id", NULL), "42");
    assert_string_equal(str(&g, "run_number", NULL), "7");
    assert_string_equal(str(&g, "server_url", NULL), "https://github.com");
    assert_string_equal(str(&g, "api_url", NULL), "https://api.github.com");
    assert_string_equal(str(&g, "event", "action"), "opened");
    assert_int_equal(path(&g, "ref_protected", NULL)->kind, EXPR_BOOL);
    sh(f, "git checkout -q main");
}

static void test_payload_from_eventpath(void **state)
{
    struct repo_fixture *f = *state;
    struct plan_repo_info info;
    struct expr_value ev, g;
    size_t errors = f->d.errors;

    assert_int_equal(plan_repo_info(&info, f->a, f->dir, &f->d), 0);
    assert_int_equal(plan_event_payload(&ev, f->a, &info, "push",
                                        "{\"ref\": \"refs/tags/v2\", \"after\": "
                                        "\"abcdefabcdefabcdefabcdefabcdefabcdefabcd\"}",
                                        "ev.json", &f->d), 0);
    g = plan_github_context(f->a, &info, "push", &ev, NULL, NULL);
    assert_string_equal(str(&g, "ref", NULL), "refs/tags/v2");
    assert_string_equal(str(&g, "ref_name", NULL), "v2");
    assert_string_equal(str(&g, "ref_type", NULL), "tag");
    assert_string_equal(str(&g, "sha", NULL), "abcdefabcdefabcdefabcdefabcdefabcdefabcd");
    assert_string_equal(str(&g, "workspace", NULL), info.root);
    assert_string_equal(str(&g, "run_attempt", NULL), "1");

    assert_int_equal(plan_event_payload(&ev, f->a, &info, "push", "{\n  \"ref\": ,\n}", "ev.json",
                                        &f->d), -1);
    assert_int_equal(f->d.errors, errors + 1);
    assert_string_equal(f->d.items[f->d.n - 1].file, "ev.json");
    assert_int_equal(f->d.items[f->d.n - 1].line, 2);
    assert_int_equal(plan_event_payload(&ev, f->a, &info, "push", "[1]", "ev.json", &f->d), -1);

    /* workflow_dispatch and other events get inputs / repository. */
    assert_int_equal(plan_event_payload(&ev, f->a, &info, "workflow_dispatch", NULL, NULL, &f->d), 0);
    assert_int_equal(path(&ev, "inputs", NULL)->kind, EXPR_OBJECT);
    assert_int_equal(plan_event_payload(&ev, f->a, &info, "schedule", NULL, NULL, &f->d), 0);
    assert_string_equal(str(&ev, "repository", "full_name"), "octo/hello-world");
}

static void test_repository_from_scp_url_and_without_remote(void **state)
{
    struct repo_fixture *f = *state;
    struct plan_repo_info info;

    sh(f, "git remote set-url origin git@github.com:someone/thing.git");
    assert_int_equal(plan_repo_info(&info, f->a, f->dir, &f->d), 0);
    assert_string_equal(info.repository, "someone/thing");
    sh(f, "git remote remove origin");
    assert_int_equal(plan_repo_info(&info, f->a, f->dir, &f->d), 0);
    assert_string_equal(info.repository, strrchr(f->dir, '/') + 1);
    sh(f, "git remote add origin https://github.com/octo/hello-world.git");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repo_info_on_a_branch),
        cmocka_unit_test(test_repo_info_detached_on_a_tag_and_root_commit),
        cmocka_unit_test(test_not_a_repository_is_a_diagnostic),
        cmocka_unit_test(test_changed_files_counts_both_rename_paths),
        cmocka_unit_test(test_synthesised_push_payload),
        cmocka_unit_test(test_pull_request_payload_and_github_context),
        cmocka_unit_test(test_payload_from_eventpath),
        cmocka_unit_test(test_repository_from_scp_url_and_without_remote),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
