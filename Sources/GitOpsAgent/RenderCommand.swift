import Foundation
import RepoSync

let renderCommand = Command(
    name: "render",
    summary: "Print the manifests of a repository at a ref as one YAML stream.",
    options: [
        .value("repo", "URL", "repository: https://, ssh://, user@host:path, git://, file:// or a path (required)"),
        .value("ref", "REF", "branch, tag or commit SHA (default: the remote's default branch)"),
        .value("path", "DIR", "directory inside the repository (default: the root)"),
        .value("cache", "DIR", "cache root (default: $XDG_CACHE_HOME/gitops-agent/repositories)"),
        .value("token-file", "FILE", "https: file holding an access token"),
        .value("username", "NAME", "https: user name sent with the token (default: x-access-token)"),
        .value("ssh-key", "FILE", "ssh: private key file (ed25519; RSA keys fail against current OpenSSH)"),
        .value("known-hosts", "FILE", "ssh: known_hosts file with the server's host key (default: ~/.ssh/known_hosts)"),
        .value("ca-file", "FILE", "https: PEM bundle of extra CA certificates to trust"),
        .flag("insecure-skip-tls-verify", "https: accept any certificate (test servers only)"),
        .value("timeout", "SECONDS", "deadline for the fetch (default: 60)"),
        .flag("shallow", "fetch only the tip commit (http(s) only; full fetch elsewhere)"),
        .value("changed-since", "SHA", "also list on stderr the paths changed since that commit"),
        .flag("timings", "print fetch and read durations on stderr"),
    ],
    details: """
        Every manifest (*.yaml, *.yml, *.json) under DIR is printed in path order, each preceded by
        '# Source: <path>' and separated by '---'. The resolved commit is printed on stderr as
        'commit <sha>'. On failure nothing is printed on stdout, one error line goes to stderr, and
        the exit code is 2.
        """
) { args in
    let url = try args.required("repo")
    var options = GitRepository.Options.default
    if let token = args.value("token-file") {
        options.credentials = .token(file: token, username: args.value("username") ?? "x-access-token")
    } else if let key = args.value("ssh-key") {
        options.credentials = .sshKey(privateKeyFile: key)
    }
    options.knownHostsFile = args.value("known-hosts")
    options.caFile = args.value("ca-file")
    options.insecureSkipTLSVerify = args.flag("insecure-skip-tls-verify")
    options.shallow = args.flag("shallow")
    if let text = args.value("timeout") {
        guard let seconds = Double(text), seconds > 0 else { throw UsageError(message: "--timeout needs seconds > 0") }
        options.fetchDeadline = .milliseconds(Int(seconds * 1000))
        options.connectTimeout = min(options.connectTimeout, options.fetchDeadline)
    }
    let root = args.value("cache") ?? GitRepository.defaultCacheRoot
    do {
        let repository = try GitRepository(
            url: url, cacheDirectory: GitRepository.cacheDirectory(for: url, under: root), options: options)
        let clock = ContinuousClock()
        let started = clock.now
        let fetched = try await repository.fetch(args.value("ref"))
        let fetchedAt = clock.now
        let snapshot = try await repository.snapshot(at: fetched.commit.sha, path: args.value("path") ?? "")
        let readAt = clock.now
        var report = "commit \(fetched.commit.sha)\n"
        if let since = args.value("changed-since") {
            for change in try await repository.changedPaths(from: since, to: fetched.commit.sha) {
                report += "changed \(change.change.rawValue) \(change.path)\n"
            }
        }
        if args.flag("timings") {
            report += "timing fetch \(milliseconds(fetchedAt - started)) ms (\(fetched.update.rawValue))\n"
            report += "timing read \(milliseconds(readAt - fetchedAt)) ms (\(snapshot.files.count) files)\n"
        }
        FileHandle.standardOutput.write(renderStream(snapshot))
        FileHandle.standardError.write(Data(report.utf8))
        return 0
    } catch {
        printError("\(error)".split(whereSeparator: \.isNewline).joined(separator: " "))
        return 2
    }
}

/// The snapshot's files as one YAML stream: `# Source: <path>` before each, `---` between.
func renderStream(_ snapshot: Snapshot) -> Data {
    var out = Data()
    out.reserveCapacity(snapshot.files.reduce(0) { $0 + $1.contents.count + $1.path.utf8.count + 16 })
    for (index, file) in snapshot.files.enumerated() {
        if index > 0 { out.append(contentsOf: Array("---\n".utf8)) }
        out.append(contentsOf: Array("# Source: \(file.path)\n".utf8))
        out.append(contentsOf: file.contents)
        if let last = file.contents.last, last != UInt8(ascii: "\n") { out.append(UInt8(ascii: "\n")) }
    }
    return out
}

private func milliseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
}
