import Foundation
import RepoSync
import TestSupport
import Testing

@Suite struct LocalRepositoryTests {
    @Test func stagedContentIsReadFromTheIndexNotTheWorkTree() throws {
        let dir = try TemporaryDirectory(prefix: "staged")
        let repo = try GitWorkTree(at: dir.path("work"))
        try repo.write("apps/web.yaml", "replicas: 1\n")
        try repo.write("apps/db.yaml", "replicas: 1\n")
        try repo.write("README.md", "hello\n")
        try repo.commitAll("initial")

        try repo.write("apps/web.yaml", "replicas: 2\n")
        try repo.git("add", "apps/web.yaml")
        try repo.write("apps/web.yaml", "replicas: 3\n")  // unstaged on top of the staged edit
        try repo.write("apps/db.yaml", "replicas: 9\n")  // unstaged only
        try repo.write("apps/new.yml", "kind: ConfigMap\n")
        try repo.write("notes.md", "not a manifest\n")
        try repo.git("add", "apps/new.yml", "notes.md")

        let local = try LocalRepository(discoveringFrom: dir.path("work/apps"))
        #expect(local.workTreeRoot == dir.path("work"))
        let files = try local.stagedFiles(matching: PathFilter(include: ["*.yaml", "*.yml"]))
        #expect(files.map(\.path) == ["apps/new.yml", "apps/web.yaml"])
        #expect(files.map { String(decoding: $0.contents, as: UTF8.self) } == ["kind: ConfigMap\n", "replicas: 2\n"])
    }

    @Test func everyStagedFileCountsBeforeTheFirstCommit() throws {
        let dir = try TemporaryDirectory(prefix: "staged")
        let repo = try GitWorkTree(at: dir.path("work"))
        try repo.write("a.yaml", "a: 1\n")
        try repo.write("b/c.json", "{}\n")
        try repo.git("add", "-A")
        let files = try LocalRepository(discoveringFrom: repo.root).stagedFiles()
        #expect(
            files == [
                StagedFile(path: "a.yaml", contents: Array("a: 1\n".utf8)),
                StagedFile(path: "b/c.json", contents: Array("{}\n".utf8)),
            ])
    }

    @Test func deletedAndSymlinkedFilesAreLeftOut() throws {
        let dir = try TemporaryDirectory(prefix: "staged")
        let repo = try GitWorkTree(at: dir.path("work"))
        try repo.write("gone.yaml", "a: 1\n")
        try repo.commitAll("initial")
        try repo.git("rm", "-q", "gone.yaml")
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/link.yaml", withDestinationPath: "/etc/passwd")
        try repo.git("add", "link.yaml")
        #expect(try LocalRepository(discoveringFrom: repo.root).stagedFiles().isEmpty)
    }

    @Test func aDirectoryOutsideAnyRepositoryIsReported() throws {
        let dir = try TemporaryDirectory(prefix: "norepo")
        #expect {
            try LocalRepository(discoveringFrom: dir.root)
        } throws: { error in
            (error as? RepoSyncError)?.code == .notARepository
        }
    }
}

@Suite struct TemporaryIndexTests {
    @Test func theIndexNamedByGitIndexFileIsRead() throws {
        let dir = try TemporaryDirectory(prefix: "staged")
        let repo = try GitWorkTree(at: dir.path("work"))
        try repo.write("a.yaml", "a: 1\n")
        try repo.commitAll("initial")
        // A new size, so that git's stat check cannot take the file for unchanged: the copied
        // index below is newer than the entry, so git would not re-read a same-size file written
        // in the same second.
        try repo.write("a.yaml", "a: 22\n")
        // What `git commit a.yaml` does: stage into a temporary index, leave the real one alone.
        let temporary = dir.path("work/.git/next-index.lock")
        try FileManager.default.copyItem(atPath: dir.path("work/.git/index"), toPath: temporary)
        var env = GitWorkTree.environment
        env["GIT_INDEX_FILE"] = temporary
        try ProcessRunner.check("git", ["-C", repo.root, "add", "a.yaml"], environment: env)

        let local = try LocalRepository(discoveringFrom: repo.root)
        #expect(try local.stagedFiles(indexFile: nil).isEmpty)
        let staged = try local.stagedFiles(indexFile: temporary)
        #expect(staged == [StagedFile(path: "a.yaml", contents: Array("a: 22\n".utf8))])
        #expect(try local.stagedFiles(indexFile: ".git/next-index.lock") == staged)
    }
}
