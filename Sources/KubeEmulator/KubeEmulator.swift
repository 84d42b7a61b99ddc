// The KubeEmulator module: see ../shared/DESIGN.md.
