// The Lint module: see ../shared/DESIGN.md.
