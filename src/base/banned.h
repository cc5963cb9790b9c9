/* SPDX-License-Identifier: MIT */
/*
 * Functions that are too easy to misuse become compile errors (git's
 * banned.h). Included last by base.h so every translation unit sees it.
 */
#ifndef SG_BANNED_H
#define SG_BANNED_H

#define SG_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) SG_BANNED(strcpy)
#undef strcat
#define strcat(x, y) SG_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) SG_BANNED(strncpy)
#undef sprintf
#define sprintf(...) SG_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) SG_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) SG_BANNED(strtok)
#undef atoi
#define atoi(x) SG_BANNED(atoi)
#undef gets
#define gets(x) SG_BANNED(gets)

#endif
