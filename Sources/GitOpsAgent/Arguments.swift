/// One option a subcommand accepts: `--name VALUE` when `valueName` is set, else a flag.
struct OptionSpec: Sendable {
    var name: String
    var valueName: String?
    var help: String
    var repeatable = false

    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help)
    }
    static func value(_ name: String, _ valueName: String, _ help: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, repeatable: repeatable)
    }
}

/// A subcommand of `gitops-agent`: one entry of the table in `Commands.swift`.
struct Command: Sendable {
    var name: String
    var summary: String
    /// Positional arguments as shown in the usage line, e.g. `[PATH…]`.
    var positionals: String = ""
    var options: [OptionSpec] = []
    /// Extra paragraphs printed after the options by `--help`.
    var details: String = ""
    var run: @Sendable (ParsedArguments) async throws -> Int32

    var usage: String {
        var line = "usage: gitops-agent \(name)"
        for o in options {
            line += o.valueName.map { " [--\(o.name) \($0)]" } ?? " [--\(o.name)]"
        }
        if !positionals.isEmpty { line += " \(positionals)" }
        return line
    }

    var help: String {
        var text = "\(summary)\n\n\(usage)\n"
        if !options.isEmpty {
            text += "\noptions:\n"
            let width = options.map { optionLabel($0).count }.max() ?? 0
            for o in options {
                let label = optionLabel(o)
                text += "  \(label)\(String(repeating: " ", count: width - label.count + 2))\(o.help)\n"
            }
            text += "  --help\(String(repeating: " ", count: max(width - 4, 0)))show this help\n"
        }
        if !details.isEmpty { text += "\n\(details)\n" }
        return text
    }

    private func optionLabel(_ o: OptionSpec) -> String {
        o.valueName.map { "--\(o.name) \($0)" } ?? "--\(o.name)"
    }
}

/// A usage error: printed with the subcommand's usage line, exit code 2.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The parsed command line of one subcommand.
struct ParsedArguments: Sendable {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    /// Parses `args` against `command`'s options. Accepts `--name value`, `--name=value`, and
    /// `--` to end options.
    init(_ args: [String], for command: Command) throws(UsageError) {
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let arg = args[i]
            i += 1
            if onlyPositionals || !arg.hasPrefix("--") || arg == "-" {
                positionals.append(arg)
                continue
            }
            if arg == "--" {
                onlyPositionals = true
                continue
            }
            var name = String(arg.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let spec = command.options.first(where: { $0.name == name }) else {
                throw UsageError(message: "unknown option --\(name) for '\(command.name)'")
            }
            if spec.valueName == nil {
                guard inline == nil else { throw UsageError(message: "--\(name) takes no value") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else {
                guard i < args.count else { throw UsageError(message: "--\(name) needs a value") }
                value = args[i]
                i += 1
            }
            if !spec.repeatable, values[name] != nil {
                throw UsageError(message: "--\(name) given more than once")
            }
            values[name, default: []].append(value)
        }
    }

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    func required(_ name: String) throws(UsageError) -> String {
        guard let v = value(name) else { throw UsageError(message: "--\(name) is required") }
        return v
    }
}
