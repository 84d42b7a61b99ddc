// The Kube module: see ../shared/DESIGN.md.
