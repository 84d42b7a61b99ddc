#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>
#include "cspawn.h"

int gitops_spawn_addchdir(void *file_actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np((posix_spawn_file_actions_t *)file_actions, path);
}

int gitops_spawn_addclosefrom(void *file_actions, int lowfd) {
    return posix_spawn_file_actions_addclosefrom_np((posix_spawn_file_actions_t *)file_actions, lowfd);
}

int gitops_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
