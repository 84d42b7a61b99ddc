import Dispatch
import Foundation
import Manifests
import Synchronization

/// The Kubernetes checks of lint: object identity (`apiVersion`, `kind`, `metadata.name`),
/// names, labels and annotations, removed and deprecated APIs, and strict schema validation of
/// built-in kinds (1.25–1.37) and of custom resources whose CustomResourceDefinition is among
/// the checked files.
///
/// ```swift
/// let docs = try parseYAML(text, path: "app.yaml")
/// let findings = KubernetesChecker().check([KubernetesSource(path: "app.yaml", text: text, documents: docs)])
/// ```
public struct KubernetesChecker: Sendable {
    public var options: KubernetesLintOptions

    public init(options: KubernetesLintOptions = .default) {
        self.options = options
    }

    /// Checks every document of `sources`.
    ///
    /// - Parameters:
    ///   - sources: the files to report on.
    ///   - context: more files whose CustomResourceDefinitions count (e.g. the rest of the
    ///     repository when only staged files are checked); no findings are reported for them.
    /// - Returns: findings at their default levels, in document order per file.
    ///
    /// This reads the CustomResourceDefinitions of `context` and `sources` on every call: when
    /// checking file by file, call `definitions(in:)` once and `check(_:definitions:)` per file.
    public func check(_ sources: [KubernetesSource], context: [KubernetesSource] = []) -> [Finding] {
        check(sources, definitions: definitions(in: context + sources))
    }

    /// Reads the CustomResourceDefinitions of `sources` once, for many `check` calls (e.g. one
    /// per file on several threads).
    public func definitions(in sources: [KubernetesSource]) -> KubernetesDefinitions {
        var catalog = CustomResourceCatalog()
        let objectMeta = (try? SchemaStore.bundled())?.objectMetaLink
        for source in sources {
            for document in source.documents {
                guard let root = document.root, root["kind"]?.scalar == "CustomResourceDefinition",
                    root["apiVersion"]?.scalar == "apiextensions.k8s.io/v1"
                else { continue }
                catalog.add(root, file: source.path, objectMeta: objectMeta)
            }
        }
        return KubernetesDefinitions(catalog: catalog)
    }

    /// Checks every document of `sources`; custom resources use the schemas of `definitions`.
    public func check(_ sources: [KubernetesSource], definitions: KubernetesDefinitions) -> [Finding] {
        let store: SchemaStore
        do {
            store = try SchemaStore.bundled()
        } catch {
            let file = sources.first?.path ?? ""
            return [
                Finding(
                    file: file, line: 1, column: 1, level: .error, rule: KubernetesRule.schema.rawValue,
                    message: error.description, hint: "reinstall gitops-agent with its resource bundle")
            ]
        }
        let version = clamped(options.kubeVersion, to: store.versions)
        let target = options.kubeVersion
        @Sendable func checkFile(_ source: KubernetesSource) -> [Finding] {
            var check = ObjectCheck(
                store: store, schemaVersion: version, target: target, catalog: definitions.catalog, file: source.path,
                text: source.text)
            for document in source.documents {
                guard let root = document.root, root.pairs != nil else { continue }
                check.checkDocument(root)
            }
            return check.findings
        }
        // Files are independent and the work is pure computation: use every core for many files.
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, sources.count / Self.filesPerWorker)
        guard workers > 1 else { return sources.flatMap(checkFile) }
        let results = Mutex([[Finding]](repeating: [], count: sources.count))
        // Each worker takes the next unchecked file: files differ much in size, and a fixed
        // split leaves one worker alone with the big ones at the end.
        let next = Atomic(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i < sources.count else { break }
                let found = checkFile(sources[i])
                if !found.isEmpty { results.withLock { $0[i] = found } }
            }
        }
        return results.withLock { $0.flatMap { $0 } }
    }

    /// Below this many files per extra thread, starting threads costs more than it saves.
    private static let filesPerWorker = 16

    private func clamped(_ v: KubernetesVersion, to range: ClosedRange<KubernetesVersion>) -> KubernetesVersion {
        min(max(v, range.lowerBound), range.upperBound)
    }
}
