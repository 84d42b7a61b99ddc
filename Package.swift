// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "gitops-agent",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gitops-agent", targets: ["GitOpsAgent"]),
        .executable(name: "kube-emulator", targets: ["kube-emulator"]),
    ],
    targets: [
        // C shims over Debian's libraries (see ../shared/PLATFORM.md for the pkg-config names).
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),

        // Child processes without Foundation's Process (see Sources/Spawn/Spawn.swift).
        .target(name: "CSpawn"),
        .target(name: "Spawn", dependencies: ["CSpawn"]),

        .target(name: "Manifests", dependencies: ["CYAML"], linkerSettings: [.linkedLibrary("m")]),
        .target(name: "RepoSync", dependencies: ["CGit2"]),
        .target(name: "Lint", dependencies: ["Manifests"], resources: [.copy("Resources")]),
        .target(name: "Kube", dependencies: ["CCurl", "Manifests", "Spawn"]),
        .target(name: "Rollout", dependencies: ["Kube", "Manifests"]),
        .executableTarget(
            name: "GitOpsAgent",
            dependencies: ["Manifests", "RepoSync", "Lint", "Kube", "Rollout", "Spawn"]),

        // Test support: never shipped in the agent's image.
        .target(
            name: "KubeEmulator", dependencies: ["Manifests", "Spawn", "CMicroHTTPD"],
            linkerSettings: [.linkedLibrary("gnutls")]),
        .executableTarget(name: "kube-emulator", dependencies: ["KubeEmulator"]),
        .executableTarget(name: "kube-bench", dependencies: ["Kube", "Manifests"]),
        .target(name: "TestSupport", dependencies: ["Spawn"]),

        .testTarget(name: "ManifestsTests", dependencies: ["Manifests"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RepoSyncTests", dependencies: ["RepoSync", "TestSupport"]),
        .testTarget(
            name: "LintTests", dependencies: ["Lint", "Manifests", "Spawn", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "KubeTests", dependencies: ["Kube", "KubeEmulator", "Manifests", "Spawn", "TestSupport"]),
        .testTarget(
            name: "KubeEmulatorTests", dependencies: ["KubeEmulator", "Manifests", "Spawn", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "RolloutTests", dependencies: ["Rollout", "Kube", "KubeEmulator", "Manifests", "Spawn"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "GitOpsAgentTests",
            dependencies: ["GitOpsAgent", "Kube", "KubeEmulator", "Manifests", "Rollout", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
