import Foundation

/// Keeps `<git dir>/shallow` consistent around a depth-1 fetch. libgit2 1.8.4 rewrites the file
/// to the newest boundary only (older tips then fail to traverse) or deletes it on a fetch that
/// brings nothing; keeping the union of the lines before and after the fetch leaves every
/// fetched commit readable.
struct ShallowFile {
    let path: String
    private let before: Set<String>

    init(gitDirectory: String) {
        path = gitDirectory.hasSuffix("/") ? gitDirectory + "shallow" : gitDirectory + "/shallow"
        before = Self.read(path)
    }

    /// Writes back the union of the lines read at `init` and the current ones.
    func restoreUnion() {
        let union = before.union(Self.read(path))
        guard !union.isEmpty else { return }
        let text = union.sorted().joined(separator: "\n") + "\n"
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private static func read(_ path: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return Set(String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init))
    }
}
