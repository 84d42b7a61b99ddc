#ifndef GITOPS_CGIT2_SHIM_H
#define GITOPS_CGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/errors.h>

/* git_libgit2_opts is variadic: one typed wrapper per option shape. */
static inline int gitops_git_opts_int(int option, int value) { return git_libgit2_opts(option, value); }
static inline int gitops_git_opts_str(int option, const char *value) { return git_libgit2_opts(option, value); }
static inline int gitops_git_opts_ssl_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}
static inline int gitops_git_opts_level_str(int option, int level, const char *value) {
    return git_libgit2_opts(option, level, value);
}
#endif
