import Foundation
import Manifests

/// Reads the YAML fixtures copied into the test bundle.
enum Fixtures {
    static var directory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    /// The file names (without `.yaml`) in a fixture subdirectory.
    static func names(in subdirectory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(subdirectory).path)
            .filter { $0.hasSuffix(".yaml") }
            .map { String($0.dropLast(5)) }
            .sorted()
    }

    /// The objects of `<subdirectory>/<name>.yaml`.
    static func objects(_ subdirectory: String, _ name: String) throws -> [Value] {
        let path = directory.appendingPathComponent(subdirectory).appendingPathComponent("\(name).yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try decodeYAMLObjects(text, path: path)
    }

    static func object(_ subdirectory: String, _ name: String) throws -> Value {
        let objects = try objects(subdirectory, name)
        precondition(objects.count == 1, "\(subdirectory)/\(name).yaml holds \(objects.count) objects, not 1")
        return objects[0]
    }
}
