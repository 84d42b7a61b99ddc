import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built-in Kubernetes schemas (1.25–1.37, from the `kubernetes-validate` package's copy of
/// the Kubernetes OpenAPI), read from the bundled compact file.
///
/// Opening reads the file (~260 KiB) and the kind table only; schema nodes are decoded the
/// first time validation reaches them and then cached, so checking one Deployment decodes only
/// the few dozen types a Deployment uses. Safe to share between threads.
///
/// ```swift
/// let store = try SchemaStore.bundled()
/// store.kind(apiVersion: "apps/v1", kind: "Deployment")?.isServed(in: KubernetesVersion(minor: 37))  // true
/// ```
final class SchemaStore: Sendable {
    /// One `apiVersion` + `kind` known to the bundled data.
    struct KindInfo: Sendable {
        var apiVersion: String
        var kind: String
        /// Bit `i` set: served in Kubernetes `1.(firstMinor + i)`.
        var versionMask: UInt32
        var definition: UInt32
        /// The minor release whose API docs call this kind deprecated (0: not deprecated).
        var deprecatedSince: Int
        let firstMinor: Int

        /// Whether Kubernetes `version` serves this kind under this `apiVersion`.
        func isServed(in version: KubernetesVersion) -> Bool {
            let bit = version.minor - firstMinor
            guard bit >= 0, bit < 32 else { return false }
            return versionMask & (1 << UInt32(bit)) != 0
        }

        /// The first and last Kubernetes versions of the data that serve it.
        var servedRange: ClosedRange<KubernetesVersion> {
            let first = versionMask.trailingZeroBitCount
            let last = 31 - versionMask.leadingZeroBitCount
            return KubernetesVersion(minor: firstMinor + first)...KubernetesVersion(minor: firstMinor + last)
        }
    }

    private struct KindKey: Hashable {
        var apiVersion: String
        var kind: String
    }

    private let file: SchemaFile
    private let kinds: [KindKey: KindInfo]
    private let kindsByName: [String: [KindInfo]]
    private let groups: Set<String>
    private let cache: SchemaNodeCache

    /// The Kubernetes versions the data covers.
    var versions: ClosedRange<KubernetesVersion> {
        KubernetesVersion(minor: file.firstMinor)...KubernetesVersion(minor: file.firstMinor + file.versionCount - 1)
    }

    init(bytes: [UInt8]) throws(SchemaError) {
        let file = try SchemaFile(bytes: bytes)
        self.file = file
        var kinds: [KindKey: KindInfo] = [:]
        var byName: [String: [KindInfo]] = [:]
        kinds.reserveCapacity(file.kindCount)
        for i in 0..<file.kindCount {
            let row = file.kindTable + i * 20
            let info = KindInfo(
                apiVersion: file.string(file.word(row)), kind: file.string(file.word(row + 4)),
                versionMask: file.word(row + 12), definition: file.word(row + 8),
                deprecatedSince: Int(file.word(row + 16)), firstMinor: file.firstMinor)
            kinds[KindKey(apiVersion: info.apiVersion, kind: info.kind)] = info
            byName[info.kind, default: []].append(info)
        }
        self.kinds = kinds
        self.kindsByName = byName
        var groups: Set<String> = []
        for key in kinds.keys {
            let utf8 = key.apiVersion.utf8
            groups.insert(utf8.firstIndex(of: UInt8(ascii: "/")).map { String(key.apiVersion[..<$0]) } ?? "")
        }
        self.groups = groups
        self.cache = SchemaNodeCache(count: file.nodeCount)
    }

    /// Reads a schema file written by `scripts/gen-schemas`.
    convenience init(path: String) throws(SchemaError) {
        guard let bytes = Self.readFile(path) else {
            throw SchemaError(
                message: "cannot read the Kubernetes schema file: \(String(cString: strerror(errno)))", path: path)
        }
        do { try self.init(bytes: bytes) } catch { throw SchemaError(message: error.message, path: path) }
    }

    /// The whole file, read with two system calls into one array (no Data copy).
    private static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = read(fd, buffer.baseAddress! + done, size - done)
                if n <= 0 {
                    failed = n < 0
                    break
                }
                done += n
            }
            count = done
        }
        return failed || bytes.count != size ? nil : bytes
    }

    private static let resourceName = "kubernetes-schemas.bin"

    private static let shared: Result<SchemaStore, SchemaError> = {
        // The bundle sits next to the executable; looking there directly skips Foundation's
        // Bundle machinery, which costs more than reading the file.
        var path = executableDirectory().map { $0 + "/gitops-agent_Lint.resources/Resources/" + resourceName }
        if path.map({ access($0, R_OK) != 0 }) ?? true {
            path = Bundle.module.url(forResource: "kubernetes-schemas", withExtension: "bin")?.path
        }
        if let path {
            do throws(SchemaError) { return .success(try SchemaStore(path: path)) } catch { return .failure(error) }
        }
        return .failure(
            SchemaError(
                message: "the Kubernetes schema file is missing from the Lint resource bundle "
                    + "(gitops-agent_Lint.resources must sit next to the executable)"))
    }()

    private static func executableDirectory() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buffer[0..<n], as: UTF8.self)
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        return String(path[..<slash])
    }

    /// The store of the schema file bundled with the Lint module, opened once per process.
    static func bundled() throws(SchemaError) -> SchemaStore {
        try shared.get()
    }

    /// The kind served under `apiVersion`, in any version of the data.
    func kind(apiVersion: String, kind: String) -> KindInfo? {
        kinds[KindKey(apiVersion: apiVersion, kind: kind)]
    }

    /// The kinds the data knows under `apiVersion`, in any version.
    func allKinds(apiVersion: String) -> [String] {
        kinds.keys.filter { $0.apiVersion == apiVersion }.map(\.kind)
    }

    /// Whether an API group (`apps`, `networking.k8s.io`) is built into Kubernetes.
    func isBuiltinGroup(_ group: String) -> Bool {
        groups.contains(group)
    }

    /// Every `apiVersion` the data knows for `kind`.
    func apiVersions(ofKind kind: String) -> [KindInfo] {
        kindsByName[kind] ?? []
    }

    /// The root schema of a kind in a version, or `nil` when that version does not serve it.
    func rootSchema(of info: KindInfo, in version: KubernetesVersion) -> SchemaNode? {
        guard info.isServed(in: version), let id = file.definition(info.definition, versionIndex: versionIndex(version))
        else { return nil }
        return decodedNode(id, version: version)
    }

    /// A link to ObjectMeta that resolves in every version (a `$ref` of the bundled data).
    var objectMetaLink: SchemaLink? {
        guard let info = kind(apiVersion: "v1", kind: "ConfigMap"),
            let root = rootSchema(of: info, in: versions.upperBound)
        else { return nil }
        return root.properties["metadata"]
    }

    /// A named definition (`io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`) in a version.
    func definition(named name: String, in version: KubernetesVersion) -> SchemaNode? {
        guard let index = file.definitionIndex(named: name),
            let id = file.definition(index, versionIndex: versionIndex(version))
        else { return nil }
        return decodedNode(id, version: version)
    }

    private func versionIndex(_ version: KubernetesVersion) -> Int {
        min(max(version.minor - file.firstMinor, 0), file.versionCount - 1)
    }

    /// Follows a link to its node; `$ref`s are looked up in `version`'s definitions.
    func resolve(_ link: SchemaLink, version: KubernetesVersion) -> SchemaNode {
        switch link {
        case .node(let node): return node
        case .stored(let id): return decodedNode(id, version: version)
        }
    }

    private func decodedNode(_ id: UInt32, version: KubernetesVersion) -> SchemaNode {
        var id = id
        var offset = file.nodeOffset(id)
        if file.word(offset) & 0xFF == SchemaFile.refKind {
            guard let target = file.definition(file.word(offset + 4), versionIndex: versionIndex(version)) else {
                return .anything
            }
            id = target
            offset = file.nodeOffset(id)
        }
        if let cached = cache.node(Int(id)) { return cached }
        return cache.store(decode(at: offset), for: Int(id))
    }

    private func decode(at start: Int) -> SchemaNode {
        var offset = start
        func next() -> UInt32 {
            defer { offset += 4 }
            return file.word(offset)
        }
        func link(_ word: UInt32) -> SchemaLink? {
            word == SchemaFile.open ? nil : .stored(word)
        }
        let tag = next()
        let nameWord = next()
        let kind = SchemaNode.Kind(rawValue: UInt8(tag & 0xFF)) ?? .any
        let flags = (tag >> 8) & 0xFF
        let format = SchemaNode.Format(rawValue: UInt8((tag >> 16) & 0xFF)) ?? .none
        let name = nameWord == SchemaFile.none ? nil : file.string(nameWord)
        let nullable = flags & 1 != 0
        switch kind {
        case .object:
            let count = Int(next())
            var properties: [String: SchemaLink] = [:]
            properties.reserveCapacity(count)
            for _ in 0..<count {
                let key = file.string(next())
                properties[key] = .stored(next())
            }
            let requiredCount = Int(next())
            var required: [String] = []
            for _ in 0..<requiredCount { required.append(file.string(next())) }
            let additionalWord = next()
            let additional: SchemaNode.Additional =
                flags & 8 != 0 || additionalWord == SchemaFile.open
                ? .open : additionalWord == SchemaFile.none ? .closed : .schema(.stored(additionalWord))
            return SchemaNode(
                kind: .object, nullable: nullable, name: name, properties: properties, required: required,
                additional: additional)
        case .array:
            let items = link(next())
            let keyCount = Int(next())
            var keys: [String] = []
            for _ in 0..<keyCount { keys.append(file.string(next())) }
            return SchemaNode(
                kind: .array, nullable: nullable, name: name, items: items, listMapKeys: keys, isSet: flags & 4 != 0)
        case .string:
            let count = Int(next())
            var values: [String] = []
            for _ in 0..<count { values.append(file.string(next())) }
            return SchemaNode(kind: .string, nullable: nullable, name: name, enumValues: values, format: format)
        default:
            return SchemaNode(kind: kind, nullable: nullable, name: name, format: format)
        }
    }
}
