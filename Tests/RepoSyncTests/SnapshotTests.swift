import Foundation
import RepoSync
import TestSupport
import Testing

@Suite struct SnapshotTests {
    static let files = [
        "apps/web/deployment.yaml": "kind: Deployment\n",
        "apps/web/service.yml": "kind: Service\n",
        "apps/web/values.json": "{}\n",
        "apps/web/README.md": "docs\n",
        "apps/web/nested/config.yaml": "kind: ConfigMap\n",
        "apps/db/statefulset.yaml": "kind: StatefulSet\n",
        "top.yaml": "kind: Namespace\n",
    ]

    /// (path, include, exclude, expected paths)
    static let filterCases: [(String, [String], [String], [String])] = [
        (
            "apps/web", ["*.yaml", "*.yml", "*.json"], [],
            ["apps/web/deployment.yaml", "apps/web/nested/config.yaml", "apps/web/service.yml", "apps/web/values.json"]
        ),
        ("apps/web", ["*.yaml"], ["apps/web/nested/**"], ["apps/web/deployment.yaml"]),
        ("", ["*.yaml"], ["apps/**"], ["top.yaml"]),
        ("./apps/", ["apps/*/*.yaml"], [], ["apps/db/statefulset.yaml", "apps/web/deployment.yaml"]),
        ("apps/db", ["*.md"], [], []),
    ]

    @Test(arguments: filterCases)
    func listsFilesUnderAPathWithGlobs(_ path: String, include: [String], exclude: [String], expected: [String])
        async throws
    {
        let source = try SourceFixture(files: Self.files)
        let repo = try source.repository(source.bare)
        let sha = try await repo.fetch().commit.sha
        let snapshot = try await repo.snapshot(
            at: sha, path: path, filter: PathFilter(include: include, exclude: exclude))
        #expect(snapshot.files.map(\.path) == expected)
        for file in snapshot.files { #expect(snapshot.texts[file.path] == Self.files[file.path]) }
        #expect(snapshot.commit.sha == sha)
    }

    @Test func missingDirectoryIsPathNotFound() async throws {
        let source = try SourceFixture(files: Self.files)
        let repo = try source.repository(source.bare)
        let sha = try await repo.fetch().commit.sha
        let error = await #expect(throws: RepoSyncError.self) { try await repo.snapshot(at: sha, path: "nope") }
        #expect(error?.code == .pathNotFound)
        #expect(error?.message.contains("nope") == true)
    }

    @Test func oversizeBlobIsRefusedWithItsPath() async throws {
        let source = try SourceFixture(files: ["apps/big.yaml": String(repeating: "x", count: 5000) + "\n"])
        let repo = try source.repository(source.bare) { $0.maxBlobSize = 4096 }
        let sha = try await repo.fetch().commit.sha
        let error = await #expect(throws: RepoSyncError.self) { try await repo.snapshot(at: sha) }
        #expect(error?.code == .blobTooLarge)
        #expect(error?.message.contains("apps/big.yaml is 5001 bytes") == true)
        let single = await #expect(throws: RepoSyncError.self) { try await repo.readFile("apps/big.yaml", at: sha) }
        #expect(single?.code == .blobTooLarge)
    }

    @Test func tooManyFilesIsRefused() async throws {
        let files = Dictionary(uniqueKeysWithValues: (0..<5).map { ("m/f\($0).yaml", "i: \($0)\n") })
        let source = try SourceFixture(files: files)
        let repo = try source.repository(source.bare) { $0.maxFiles = 4 }
        let sha = try await repo.fetch().commit.sha
        let error = await #expect(throws: RepoSyncError.self) { try await repo.snapshot(at: sha) }
        #expect(error?.code == .tooManyFiles)
    }

    @Test func symlinksAreNotFollowed() async throws {
        let source = try SourceFixture(files: ["apps/real.yaml": "kind: Real\n"])
        try FileManager.default.createSymbolicLink(
            atPath: source.work.root + "/apps/evil.yaml", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(
            atPath: source.work.root + "/apps/alias.yaml", withDestinationPath: "real.yaml")
        try source.commit([:], message: "links")
        let repo = try source.repository(source.bare)
        let sha = try await repo.fetch().commit.sha
        let snapshot = try await repo.snapshot(at: sha, path: "apps")
        #expect(snapshot.files.map(\.path) == ["apps/real.yaml"])
        #expect(snapshot.skipped == ["apps/alias.yaml", "apps/evil.yaml"])
        let error = await #expect(throws: RepoSyncError.self) { try await repo.readFile("apps/evil.yaml", at: sha) }
        #expect(error?.message.contains("symlinks are not followed") == true)
    }

    @Test func readsOneFileAndCommitMetadata() async throws {
        let source = try SourceFixture(files: Self.files)
        let repo = try source.repository(source.bare)
        let fetched = try await repo.fetch()
        let bytes = try await repo.readFile("apps/db/statefulset.yaml", at: fetched.commit.sha)
        #expect(String(decoding: bytes, as: UTF8.self) == "kind: StatefulSet\n")
        let commit = try await repo.commit(String(fetched.commit.sha.prefix(8)))
        #expect(commit == fetched.commit)
        let gitTime = try source.work.git("log", "-1", "--format=%ct")
        #expect(Int(commit.committer.date.timeIntervalSince1970) == Int(gitTime))
    }

    @Test func changedPathsUnderADirectory() async throws {
        let source = try SourceFixture(files: Self.files)
        let repo = try source.repository(source.bare)
        let old = try await repo.fetch().commit.sha
        try source.work.git("rm", "-q", "apps/db/statefulset.yaml")
        try source.commit(["apps/web/deployment.yaml": "kind: Deployment\nspec: {}\n", "other/x.yaml": "x: 1\n"])
        let new = try await repo.fetch().commit.sha
        #expect(
            try await repo.changedPaths(from: old, to: new, under: "apps") == [
                ChangedPath(path: "apps/db/statefulset.yaml", change: .deleted),
                ChangedPath(path: "apps/web/deployment.yaml", change: .modified),
            ])
        #expect(try await repo.changedPaths(from: old, to: new).map(\.path).contains("other/x.yaml"))
    }
}
