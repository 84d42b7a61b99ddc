import Foundation

/// Executables SwiftPM built next to the running test bundle, for end-to-end tests.
///
/// ```swift
/// let agent = try BuiltProducts.path("gitops-agent")
/// let result = try ProcessRunner.run(agent, ["--version"])
/// ```
public enum BuiltProducts {
    /// The build directory (`.build/<triple>/debug`) holding the test bundle.
    public static var directory: String {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var dir = (executable as NSString).deletingLastPathComponent
        // On some platforms the bundle is a directory tree: climb out of `*.xctest`.
        while dir.contains(".xctest") { dir = (dir as NSString).deletingLastPathComponent }
        return dir
    }

    /// The absolute path of executable product `name`.
    /// - Throws: when it is not built (run `swift build` or `swift test`, which builds it).
    public static func path(_ name: String) throws -> String {
        let candidate = directory + "/" + name
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw CocoaError(
                .fileNoSuchFile,
                userInfo: [NSFilePathErrorKey: candidate, NSLocalizedDescriptionKey: "\(candidate) is not built"])
        }
        return candidate
    }
}
