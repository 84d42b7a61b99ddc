import Testing

/// The real kubectl against the emulator, asserting what a real 1.32 cluster answers
/// (KUBE-API.md §8–9). One emulator and one HOME per test; steps run one kubectl each.
@Suite(.serialized) struct KubectlFidelity {}
