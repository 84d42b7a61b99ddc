import Manifests

extension RolloutExecutor {
    /// Reads what the plan needs — scopes of unknown kinds, live objects, dry-run results —
    /// and builds it. Writes nothing (dry runs persist nothing).
    func makePlan(_ application: Application, objects: [Value], previousInventory: [ObjectRef]) async throws -> Plan {
        let scopes = try await resolveScopes(of: objects)
        let (desired, prepareErrors) = DesiredObject.prepare(objects, for: application, scopes: scopes)
        var errors = prepareErrors
        let desiredKeys = Set(desired.map(\.ref.key))
        let refs = desired.map(\.ref) + previousInventory.filter { !desiredKeys.contains($0.key) }
        let live = try await readLive(refs)

        // Objects whose namespace or CRD this plan creates cannot be dry-run before it runs.
        let newNamespaces = Set(
            desired.filter { $0.ref.kind == "Namespace" && $0.ref.group.isEmpty && live[$0.ref] == nil }
                .map(\.ref.name))
        var newKinds = ResourceScopes(namespaced: [:])
        newKinds.learnDefinitions(in: desired.filter { live[$0.ref] == nil }.map(\.object))

        // A namespace that neither exists nor is in git: one error, not one per object in it.
        let missing = try await missingNamespaces(of: desired)
        for name in missing.sorted() {
            errors.append(
                RolloutError(
                    .invalidObject,
                    "does not exist and application \(application.name) has no manifest for it; add a Namespace "
                        + "manifest to the application or create the namespace",
                    ref: ObjectRef(group: "", version: "v1", kind: "Namespace", namespace: nil, name: name)))
        }
        let checked = desired.filter { $0.ref.namespace.map(missing.contains) != true }

        let fieldManager = options.fieldManager
        let forceConflicts = options.forceConflicts
        let results = try await checked.concurrentMap(limit: options.concurrency) { object in
            do {
                return Result<Value, any Error>.success(
                    try await self.client.apply(
                        object.object, fieldManager: fieldManager, force: forceConflicts, dryRun: true))
            } catch {
                return .failure(error)
            }
        }
        var dryRun: [ObjectRef: Value] = [:]
        for (object, result) in zip(checked, results) {
            switch result {
            case .success(let value):
                dryRun[object.ref] = value
            case .failure(let error):
                let waitsForPlan =
                    live[object.ref] == nil
                    && (object.ref.namespace.map(newNamespaces.contains) == true
                        || newKinds.isNamespaced(group: object.ref.group, kind: object.ref.kind) != nil)
                if !waitsForPlan {
                    errors.append(RolloutError(.cluster, "dry-run failed", ref: object.ref, cause: "\(error)"))
                }
            }
        }
        return Plan(
            application: application, desired: desired, live: live, dryRun: dryRun,
            previousInventory: previousInventory, errors: errors)
    }

    /// Namespaces that objects of `desired` live in, that do not exist, and that no Namespace
    /// object of `desired` creates.
    func missingNamespaces(of desired: [DesiredObject]) async throws -> Set<String> {
        let planned = Set(desired.filter { $0.ref.kind == "Namespace" && $0.ref.group.isEmpty }.map(\.ref.name))
        let used = Set(desired.compactMap(\.ref.namespace)).subtracting(planned).sorted()
        let found = try await used.concurrentMap(limit: options.concurrency) { name in
            try await self.read(ObjectRef(group: "", version: "v1", kind: "Namespace", namespace: nil, name: name))
        }
        return Set(zip(used, found).filter { $0.1 == nil }.map(\.0))
    }

    /// Built-in scopes, plus the application's CRDs, plus discovery for any other kind.
    func resolveScopes(of objects: [Value]) async throws -> ResourceScopes {
        var scopes = ResourceScopes.builtIn
        scopes.learnDefinitions(in: objects)
        for ref in objects.compactMap(ObjectRef.init(object:))
        where scopes.isNamespaced(group: ref.group, kind: ref.kind) == nil {
            do {
                if let namespaced = try await client.isNamespaced(apiVersion: ref.apiVersion, kind: ref.kind) {
                    scopes.learn(group: ref.group, kind: ref.kind, namespaced: namespaced)
                }
            } catch {
                throw RolloutError(
                    .cluster, "discovery of \(ref.apiVersion) \(ref.kind) failed; check the cluster connection",
                    ref: ref, cause: "\(error)")
            }
        }
        return scopes
    }

    /// The live object, `nil` when missing.
    /// Reads the live objects of `refs` (absent ones are missing from the result): one list per
    /// kind and namespace that holds at least `listThreshold` of them, one GET for each of the
    /// others. A 5,000-object application costs a few lists instead of 5,000 GETs, while a
    /// single object in a crowded namespace is not paid for with a list of all of it. A list
    /// the agent may not make (RBAC that grants only get) falls back to GETs.
    func readLive(_ refs: [ObjectRef]) async throws -> [ObjectRef: Value] {
        struct Group: Hashable {
            var apiVersion: String
            var kind: String
            var namespace: String?
        }
        var groups: [Group: [ObjectRef]] = [:]
        for ref in refs {
            groups[Group(apiVersion: ref.apiVersion, kind: ref.kind, namespace: ref.namespace), default: []].append(ref)
        }
        let listed = groups.filter { $0.value.count >= RolloutExecutor.listThreshold }.map { $0 }
        let lists = try await listed.concurrentMap(limit: options.concurrency) { group in
            try? await self.client.list(
                apiVersion: group.key.apiVersion, kind: group.key.kind, namespace: group.key.namespace,
                labelSelector: nil)
        }
        var live: [ObjectRef: Value] = [:]
        var single: [ObjectRef] = []
        var covered: Set<Group> = []
        for (group, items) in zip(listed, lists) {
            guard let items else { continue }
            covered.insert(group.key)
            var byName: [String: Value] = [:]
            for item in items {
                if let name = item[path: ["metadata", "name"]]?.stringValue { byName[name] = item }
            }
            for ref in group.value { live[ref] = byName[ref.name] }
        }
        for (group, members) in groups where !covered.contains(group) { single += members }
        let found = try await single.concurrentMap(limit: options.concurrency) { try await self.read($0) }
        for (ref, object) in zip(single, found) { live[ref] = object }
        return live
    }

    /// How many objects of one kind in one namespace make a list cheaper than a GET each.
    static let listThreshold = 8

    func read(_ ref: ObjectRef) async throws -> Value? {
        do {
            return try await client.get(ref)
        } catch {
            throw RolloutError(.cluster, "could not be read; check the cluster connection", ref: ref, cause: "\(error)")
        }
    }
}
