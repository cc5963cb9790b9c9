/* SPDX-License-Identifier: MIT */
/*
 * `shipgate findings list|show|triage`: the findings register of the local
 * store (src/store, docs/findings.md) from the command line. Which
 * repository is meant comes from -C DIR (default: the current directory),
 * which store from --store SPEC (default: store_default_spec). The rules of
 * the register live in the store; this file parses, validates and prints.
 */
#include <jansson.h>
#include <time.h>

#include "cli.h"
#include "store/store.h"

enum fmt { FMT_TEXT, FMT_JSON };

struct findings_args {
    const char *sub, *store, *dir, *severity, *tool, *reason, *expires, *by, *ref;
    const char *status; /* as given */
    unsigned statuses;  /* list: mask of effective statuses */
    bool all_repos;
    enum fmt format;
};

struct ctx {
    struct findings_args *o;
    struct store *s;
    struct sg_arena *a;
    struct sg_diags *d;
    int64_t repo; /* 0 when the repository has nothing in the store */
    const char *identity;
};

/* --status for list: a comma-separated list of statuses, or all. */
static int parse_statuses(struct findings_args *o, const char *v)
{
    const char *p = v;
    o->statuses = 0;
    if (strcmp(v, "all") == 0)
        return 0;
    while (*p) {
        size_t n = strcspn(p, ",");
        char word[32];
        enum store_status st;
        snprintf(word, sizeof(word), "%.*s", (int)(n < 31 ? n : 31), p);
        if (n >= 31 || !store_status_parse(word, &st))
            return cli_usage_error("findings", "unknown status '%.*s' (expected open, "
                                               "accepted-risk, false-positive, fixed or all)",
                                   (int)n, p);
        o->statuses |= 1u << st;
        p += n + (p[n] == ',');
    }
    return 0;
}

/* Options of all three subcommands; each subcommand checks which it takes. */
static const char *const value_opts[][2] = {
    {NULL, "--status"}, {NULL, "--severity"}, {NULL, "--tool"}, {"-f", "--format"},
    {NULL, "--store"}, {"-C", "--directory"}, {NULL, "--reason"}, {NULL, "--expires"},
    {NULL, "--by"},
};

static int set_value(struct findings_args *o, size_t k, const char *v)
{
    const char **slots[] = {&o->status, &o->severity, &o->tool, NULL, &o->store,
                            &o->dir, &o->reason, &o->expires, &o->by};
    if (slots[k]) {
        *slots[k] = v;
        return 0;
    }
    if (strcmp(v, "text") == 0)
        o->format = FMT_TEXT;
    else if (strcmp(v, "json") == 0)
        o->format = FMT_JSON;
    else
        return cli_usage_error("findings", "unknown format '%s' (expected text or json)", v);
    return 0;
}

static int parse_option(struct findings_args *o, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *v;
    size_t k;

    if (strcmp(arg, "--all-repos") == 0) {
        o->all_repos = true;
        return 0;
    }
    for (k = 0; k < SG_ARRAY_SIZE(value_opts); k++)
        if (cli_opt_is(arg, value_opts[k][0], value_opts[k][1]))
            break;
    if (k == SG_ARRAY_SIZE(value_opts))
        return cli_usage_error("findings", "unknown option '%s'", arg);
    if (!(v = cli_opt_value(argc, argv, i)))
        return cli_usage_error("findings", "option '%s' needs a value", arg);
    return set_value(o, k, v);
}

static int parse_args(struct findings_args *o, int argc, char **argv)
{
    int i;
    bool opts = true;

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (opts && strcmp(arg, "--") == 0)
            opts = false;
        else if (opts && arg[0] == '-' && arg[1]) {
            if (parse_option(o, argc, argv, &i) != 0)
                return CLI_USAGE;
        } else if (!o->sub)
            o->sub = arg;
        else if (!o->ref)
            o->ref = arg;
        else
            return cli_usage_error("findings", "unexpected argument '%s'", arg);
    }
    if (!o->sub)
        return cli_usage_error("findings", "expected a subcommand: list, show or triage");
    return 0;
}

/* Which options a subcommand accepts beyond --store and -C. */
static int check_args(struct findings_args *o)
{
    bool list = strcmp(o->sub, "list") == 0, triage = strcmp(o->sub, "triage") == 0;

    if (!list && !triage && strcmp(o->sub, "show") != 0)
        return cli_usage_error("findings", "unknown subcommand '%s' (expected list, show or triage)",
                               o->sub);
    if (list && o->ref)
        return cli_usage_error("findings", "unexpected argument '%s'", o->ref);
    if (!list && !o->ref)
        return cli_usage_error("findings", "'%s' needs a finding id or fingerprint", o->sub);
    if (!list && (o->severity || o->tool || o->all_repos))
        return cli_usage_error("findings", "--severity, --tool and --all-repos only apply to list");
    if (!triage && (o->reason || o->expires || o->by))
        return cli_usage_error("findings", "--reason, --expires and --by only apply to triage");
    if (list && o->severity) {
        enum gate_severity sev;
        if (!gate_severity_parse(o->severity, &sev))
            return cli_usage_error("findings", "unknown severity '%s' (expected critical, high, "
                                               "medium, low or info)", o->severity);
        o->severity = gate_severity_name(sev);
    }
    if (list)
        return o->status ? parse_statuses(o, o->status) : (o->statuses = 1u << STORE_ST_OPEN, 0);
    if (!triage && o->status)
        return cli_usage_error("findings", "--status only applies to list and triage");
    return 0;
}

/* ---- printing ------------------------------------------------------------------ */

static const char *when(struct sg_arena *a, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char buf[32];
    if (!t || !gmtime_r(&tt, &tm))
        return NULL;
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return sg_arena_strdup(a, buf);
}

static const char *location(struct sg_arena *a, const struct store_finding *f)
{
    if (f->package)
        return sg_arena_printf(a, "%s@%s%s%s", f->package,
                               f->installed_version ? f->installed_version : "?",
                               f->target ? " " : "", f->target ? f->target : "");
    if (f->path && f->start_line)
        return sg_arena_printf(a, "%s:%d", f->path, f->start_line);
    if (f->path)
        return f->path;
    return f->target ? f->target : "-";
}

static const char *status_text(struct sg_arena *a, const struct store_finding *f)
{
    if (f->effective != f->status)
        return sg_arena_printf(a, "open (accepted-risk expired %s)", f->expires);
    return store_status_name(f->status);
}

static void print_list_text(const struct ctx *c, const struct store_finding_list *l)
{
    size_t i;
    if (l->n == 0) {
        printf("no findings%s\n", c->o->statuses == (1u << STORE_ST_OPEN) ? " open" : "");
        return;
    }
    printf("%-5s %-9s %-15s %-12s %-14s %-12s %s\n", "ID", "SEVERITY", "STATUS", "TOOL", "RULE",
           "FINGERPRINT", "LOCATION  TITLE");
    for (i = 0; i < l->n; i++) {
        const struct store_finding *f = &l->items[i];
        printf("%-5lld %-9s %-15s %-12s %-14s %-12.12s %s  %s\n", (long long)f->id,
               sg_arena_printf(c->a, "%s%s", f->severity, f->severity_unknown ? "?" : ""),
               status_text(c->a, f), f->tool, f->rule ? f->rule : "-", f->fingerprint,
               location(c->a, f), f->title ? f->title : "");
    }
}

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

/* The store keeps advisory ids comma-separated; JSON readers get a list. */
static json_t *advisories_json(const char *list)
{
    json_t *arr = json_array();
    const char *p = list;
    while (p && *p) {
        size_t n = strcspn(p, ",");
        json_array_append_new(arr, json_stringn(p, n));
        p += n + (p[n] == ',');
    }
    return arr;
}

static json_t *finding_json(struct sg_arena *a, const struct store_finding *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(f->id));
    json_object_set_new(o, "repository", jstr(f->repository));
    json_object_set_new(o, "fingerprint", jstr(f->fingerprint));
    json_object_set_new(o, "tool", jstr(f->tool));
    json_object_set_new(o, "kind", jstr(f->kind));
    json_object_set_new(o, "rule", jstr(f->rule));
    json_object_set_new(o, "severity", jstr(f->severity));
    json_object_set_new(o, "severity_unknown", json_boolean(f->severity_unknown));
    json_object_set_new(o, "title", jstr(f->title));
    json_object_set_new(o, "message", jstr(f->message));
    json_object_set_new(o, "help_url", jstr(f->help_url));
    json_object_set_new(o, "path", jstr(f->path));
    json_object_set_new(o, "line", f->start_line ? json_integer(f->start_line) : json_null());
    json_object_set_new(o, "end_line", f->end_line ? json_integer(f->end_line) : json_null());
    json_object_set_new(o, "package", jstr(f->package));
    json_object_set_new(o, "installed_version", jstr(f->installed_version));
    json_object_set_new(o, "fixed_version", jstr(f->fixed_version));
    json_object_set_new(o, "ecosystem", jstr(f->ecosystem));
    json_object_set_new(o, "target", jstr(f->target));
    json_object_set_new(o, "advisories", advisories_json(f->advisories));
    json_object_set_new(o, "status", json_string(store_status_name(f->effective)));
    json_object_set_new(o, "recorded_status", json_string(store_status_name(f->status)));
    json_object_set_new(o, "expired", json_boolean(f->effective != f->status));
    json_object_set_new(o, "reason", jstr(f->reason));
    json_object_set_new(o, "expires", jstr(f->expires));
    json_object_set_new(o, "triaged_by", jstr(f->triaged_by));
    json_object_set_new(o, "triaged_at", jstr(when(a, f->triaged_at)));
    json_object_set_new(o, "first_seen", jstr(when(a, f->first_seen)));
    json_object_set_new(o, "last_seen", jstr(when(a, f->last_seen)));
    json_object_set_new(o, "first_gate_run", json_integer(f->first_gate_run));
    json_object_set_new(o, "last_gate_run", json_integer(f->last_gate_run));
    json_object_set_new(o, "fixed_at", jstr(when(a, f->fixed_at)));
    json_object_set_new(o, "regressions", json_integer(f->regressions));
    return o;
}

static void dump_json(json_t *root)
{
    json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(root);
}

static void print_field(const char *name, const char *v)
{
    if (v && *v)
        printf("%-12s %s\n", name, v);
}

static void print_history(const struct ctx *c, const struct store_event_list *ev)
{
    size_t i;
    printf("history:\n");
    for (i = 0; i < ev->n; i++) {
        const struct store_finding_event *e = &ev->items[i];
        printf("  %s  %-9s", when(c->a, e->time), e->event);
        if (strcmp(e->event, "triaged") == 0)
            printf(" %s", e->status);
        if (e->gate_run_id)
            printf(" (gate run %lld)", (long long)e->gate_run_id);
        if (strcmp(e->event, "reopened") == 0)
            printf(" regression: seen again after being fixed");
        if (e->actor)
            printf(" by %s", e->actor);
        if (e->expires)
            printf(" until %s", e->expires);
        if (e->reason)
            printf(": %s", e->reason);
        putchar('\n');
    }
}

static void print_show_text(const struct ctx *c, const struct store_finding *f,
                            const struct store_event_list *ev)
{
    printf("finding %lld  %s\n", (long long)f->id, f->fingerprint);
    print_field("repository", f->repository);
    print_field("status", status_text(c->a, f));
    print_field("reason", f->reason);
    print_field("expires", f->expires);
    print_field("triaged by", f->triaged_by);
    print_field("severity", sg_arena_printf(c->a, "%s%s", f->severity,
                                            f->severity_unknown ? " (tool gave none)" : ""));
    print_field("tool", f->tool);
    print_field("kind", f->kind);
    print_field("rule", f->rule);
    print_field("title", f->title);
    print_field("message", f->message);
    print_field("help", f->help_url);
    print_field("location", location(c->a, f));
    print_field("fixed in", f->fixed_version);
    print_field("advisories", f->advisories);
    print_field("first seen", sg_arena_printf(c->a, "%s (gate run %lld)", when(c->a, f->first_seen),
                                              (long long)f->first_gate_run));
    print_field("last seen", sg_arena_printf(c->a, "%s (gate run %lld)", when(c->a, f->last_seen),
                                             (long long)f->last_gate_run));
    if (f->fixed_at)
        print_field("fixed", when(c->a, f->fixed_at));
    if (f->regressions)
        print_field("regressions", sg_arena_printf(c->a, "%d", f->regressions));
    print_history(c, ev);
}

/* ---- subcommands ------------------------------------------------------------------ */

static int do_list(struct ctx *c)
{
    struct store_finding_filter flt;
    struct store_finding_list l = {NULL, 0};
    json_t *arr;
    size_t i;

    memset(&flt, 0, sizeof(flt));
    flt.repo_id = c->repo;
    flt.statuses = c->o->statuses;
    flt.severity = c->o->severity;
    flt.tool = c->o->tool;
    if ((c->repo || c->o->all_repos) && store_findings_list(c->s, &l, c->a, &flt, c->d) != 0)
        return CLI_USAGE;
    if (c->o->format == FMT_TEXT && !c->repo && !c->o->all_repos) {
        printf("no findings recorded for '%s' in this store (a 'shipgate gate' run inside the "
               "repository records them)\n",
               c->identity);
        return CLI_OK;
    }
    if (c->o->format == FMT_TEXT) {
        print_list_text(c, &l);
        return CLI_OK;
    }
    arr = json_array();
    for (i = 0; i < l.n; i++)
        json_array_append_new(arr, finding_json(c->a, &l.items[i]));
    dump_json(arr);
    return CLI_OK;
}

static int do_show(struct ctx *c)
{
    struct store_finding f;
    struct store_event_list ev;
    json_t *o, *hist;
    size_t i;

    if (store_finding_get(c->s, &f, c->a, c->repo, c->o->ref, NULL, c->d) != 0 ||
        store_finding_events(c->s, &ev, c->a, f.id, c->d) != 0)
        return CLI_USAGE;
    if (c->o->format == FMT_TEXT) {
        print_show_text(c, &f, &ev);
        return CLI_OK;
    }
    o = finding_json(c->a, &f);
    hist = json_array();
    for (i = 0; i < ev.n; i++) {
        const struct store_finding_event *e = &ev.items[i];
        json_array_append_new(
            hist, json_pack("{s:o, s:s, s:s, s:o, s:o, s:o, s:o}", "time", jstr(when(c->a, e->time)),
                            "event", e->event, "status", e->status, "gate_run",
                            e->gate_run_id ? json_integer(e->gate_run_id) : json_null(), "reason",
                            jstr(e->reason), "by", jstr(e->actor), "expires", jstr(e->expires)));
    }
    json_object_set_new(o, "history", hist);
    dump_json(o);
    return CLI_OK;
}

static const char *default_actor(void)
{
    const char *u = getenv("USER");
    if (!u || !*u)
        u = getenv("LOGNAME");
    return u && *u ? u : NULL;
}

static int check_triage_args(const struct findings_args *o, struct store_triage *t)
{
    if (!o->status)
        return cli_usage_error("findings", "triage needs --status accepted-risk, false-positive "
                                           "or open");
    if (!store_status_parse(o->status, &t->status) || t->status == STORE_ST_FIXED)
        return cli_usage_error("findings", "cannot triage to '%s' (expected accepted-risk, "
                                           "false-positive or open; fixed is set by the gate)",
                               o->status);
    if (t->status != STORE_ST_OPEN && (!o->reason || !*o->reason))
        return cli_usage_error("findings", "--status %s needs --reason TEXT", o->status);
    if (o->expires && t->status != STORE_ST_ACCEPTED_RISK)
        return cli_usage_error("findings", "--expires only applies to --status accepted-risk");
    if (o->expires && !store_date_valid(o->expires))
        return cli_usage_error("findings", "expected a date YYYY-MM-DD for '--expires', got '%s'",
                               o->expires);
    t->reason = o->reason;
    t->expires = o->expires;
    t->who = o->by ? o->by : default_actor();
    return 0;
}

static int do_triage(struct ctx *c)
{
    struct store_triage t;
    struct store_finding f;

    memset(&t, 0, sizeof(t));
    if (check_triage_args(c->o, &t) != 0)
        return CLI_USAGE;
    if (store_finding_get(c->s, &f, c->a, c->repo, c->o->ref, NULL, c->d) != 0 ||
        store_finding_triage(c->s, f.id, &t, c->d) != 0)
        return CLI_USAGE;
    printf("finding %lld (%.12s) is now %s%s%s\n", (long long)f.id, f.fingerprint,
           store_status_name(t.status), t.expires ? " until " : "", t.expires ? t.expires : "");
    return CLI_OK;
}

/* The repository -C names, looked up without creating it. */
static int find_repo(struct ctx *c)
{
    struct sg_buf id = SG_BUF_INIT;
    int rc = store_repo_identity(&id, c->o->dir ? c->o->dir : ".", true, c->d);
    if (rc == 0) {
        c->identity = sg_arena_strdup(c->a, sg_buf_str(&id));
        rc = store_repo_find(c->s, &c->repo, c->identity, c->d);
    }
    sg_buf_release(&id);
    return rc;
}

static int run(struct findings_args *o, struct sg_arena *a, struct sg_diags *d)
{
    struct ctx c;
    int rc;

    memset(&c, 0, sizeof(c));
    c.o = o;
    c.a = a;
    c.d = d;
    if ((rc = check_args(o)) != 0)
        return rc;
    if (o->all_repos && o->dir)
        return cli_usage_error("findings", "--all-repos and -C exclude each other");
    if (store_open(&c.s, o->store, d) != 0)
        return CLI_USAGE;
    if (!o->all_repos && find_repo(&c) != 0)
        rc = CLI_USAGE;
    else if (strcmp(o->sub, "list") == 0)
        rc = do_list(&c);
    else if (strcmp(o->sub, "show") == 0)
        rc = do_show(&c);
    else
        rc = do_triage(&c);
    store_close(c.s);
    return rc;
}

int cmd_findings(int argc, char **argv)
{
    struct findings_args o;
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    int rc;

    memset(&o, 0, sizeof(o));
    sg_diags_init(&d);
    rc = parse_args(&o, argc, argv);
    if (rc == 0)
        rc = run(&o, a, &d);
    sg_diags_print(&d, stderr);
    sg_diags_release(&d);
    sg_arena_free(a);
    return rc;
}
