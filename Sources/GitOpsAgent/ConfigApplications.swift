/// One application after the config's entries met a snapshot's directories.
struct ResolvedApplication: Sendable, Equatable {
    var name: String
    /// Directory of its manifests in the repository.
    var path: String
    var namespace: String
    var settings: Config.ApplicationSettings
}

extension Config {
    /// Every application: the written ones, plus one per directory of `files` (repository
    /// paths of a snapshot) matching a `directories:` glob, named after the directory, in
    /// config order then name order.
    /// - Throws: `ConfigError` when a generated name is no valid Kubernetes name, or two
    ///   entries produce the same name.
    func resolveApplications(files: [String]) throws(ConfigError) -> [ResolvedApplication] {
        var directories = Set<String>()
        for file in files {
            var parts = file.split(separator: "/").dropLast()
            while !parts.isEmpty {
                directories.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        var out: [ResolvedApplication] = []
        var problems: [ConfigError.Problem] = []
        var origin: [String: Int] = [:]
        func add(_ app: ResolvedApplication) {
            if let first = origin[app.name] {
                problems.append(
                    .init(
                        path: path, mark: app.settings.mark,
                        message:
                            "application '\(app.name)' (from \(app.path)) is also produced by the entry at line \(first); rename one of them"
                    ))
                return
            }
            origin[app.name] = app.settings.mark.line
            out.append(app)
        }
        for entry in applications {
            switch entry {
            case .single(let name, let dir, let settings):
                add(
                    ResolvedApplication(
                        name: name, path: dir, namespace: settings.namespace ?? name, settings: settings))
            case .directories(let pattern, let settings):
                let glob = pattern.split(separator: "/").map(String.init)
                for dir in directories.sorted() where Self.matches(glob, dir.split(separator: "/").map(String.init)) {
                    let name = String(dir.split(separator: "/").last!)
                    guard Config.isLabel(name) else {
                        problems.append(
                            .init(
                                path: path, mark: settings.mark,
                                message:
                                    "directory '\(dir)' matches '\(pattern)' but '\(name)' is not a valid application name (lower-case letters, digits and '-'); rename the directory"
                            ))
                        continue
                    }
                    add(
                        ResolvedApplication(
                            name: name, path: dir, namespace: settings.namespace ?? name, settings: settings))
                }
            }
        }
        if !problems.isEmpty { throw ConfigError(problems) }
        return out
    }

    /// Segment-wise glob: `*` any run of characters, `?` one character, inside one segment.
    static func matches(_ glob: [String], _ parts: [String]) -> Bool {
        guard glob.count == parts.count else { return false }
        return zip(glob, parts).allSatisfy { matchSegment(Array($0), Array($1)) }
    }

    private static func matchSegment(_ p: [Character], _ s: [Character]) -> Bool {
        var pi = 0
        var si = 0
        var star = -1
        var mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == "?" || p[pi] == s[si] {
                pi += 1
                si += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = si
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
