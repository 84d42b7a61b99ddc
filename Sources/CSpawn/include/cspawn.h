#ifndef GITOPS_CSPAWN_H
#define GITOPS_CSPAWN_H
/* glibc's GNU-only posix_spawn file actions. The header names no libc type on purpose: the
   implementation is compiled with _GNU_SOURCE, which must not leak into Swift's view of libc. */
int gitops_spawn_addchdir(void *file_actions, const char *path);
int gitops_spawn_addclosefrom(void *file_actions, int lowfd);
/* pipe2(fds, O_CLOEXEC). */
int gitops_pipe_cloexec(int fds[2]);
#endif
