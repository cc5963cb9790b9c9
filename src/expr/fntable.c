/* SPDX-License-Identifier: MIT */
/*
 * The table of built-in functions, generated from functions.def, and the
 * case-insensitive lookup the parser uses. What the functions do lives in
 * functions.c.
 */
#include "expr/expr_int.h"

const struct expr_fn_info expr_fn_table[EXPR_FN__COUNT] = {
#define EXPR_FUNCTION(id, name, min, max, ext, status) {name, min, max, ext, status},
#include "functions.def"
#undef EXPR_FUNCTION
};

int expr_fn_lookup(const char *name, size_t len)
{
    for (int i = 0; i < EXPR_FN__COUNT; i++) {
        const char *f = expr_fn_table[i].name;
        if (strlen(f) == len && !strncasecmp(f, name, len))
            return i;
    }
    return -1;
}
