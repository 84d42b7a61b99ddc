#ifndef GITOPS_CYAML_SHIM_H
#define GITOPS_CYAML_SHIM_H
#include <yaml.h>
#endif
