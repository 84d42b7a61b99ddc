// The Rollout module: see ../shared/DESIGN.md.
