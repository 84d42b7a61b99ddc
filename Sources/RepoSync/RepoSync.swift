// The RepoSync module: see ../shared/DESIGN.md.
