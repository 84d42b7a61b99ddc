// The TestSupport module: see ../shared/DESIGN.md.
