import Testing

/// The suites that start emulators, git daemons and the agent binary run one at a time: they
/// share the machine's two cores with other test targets, and the emulator makes its
/// certificates on first use.
@Suite(.serialized) enum EndToEnd {}
