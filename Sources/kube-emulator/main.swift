import Foundation
import KubeEmulator

// kube-emulator --listen 127.0.0.1:PORT --kubeconfig-out FILE [--token T | --client-ca F] [--version 1.32]

let usage = """
    usage: kube-emulator --listen HOST:PORT --kubeconfig-out FILE [--token T | --client-cert | --client-ca FILE] [--version 1.MINOR]
                         [--rollout-step SECONDS] [--broken-image TEXT] [--no-auth]
    Serves an emulated Kubernetes API over HTTPS and writes a kubeconfig for it (with a client certificate
    signed by the emulator's CA when client certificates are on; --client-ca also accepts FILE's CA).
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("kube-emulator: \(message)\n".utf8))
    exit(2)
}

func parse(_ args: [String]) -> (EmulatorOptions, String?) {
    var options = EmulatorOptions.default
    var kubeconfigPath: String?
    var arguments = args
    func next(_ flag: String) -> String {
        guard !arguments.isEmpty else { fail("\(flag) needs a value\n\(usage)") }
        return arguments.removeFirst()
    }
    while !arguments.isEmpty {
        let flag = arguments.removeFirst()
        switch flag {
        case "--listen":
            let value = next(flag)
            guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]) else {
                fail("--listen wants HOST:PORT, got \(value)")
            }
            options.host = String(value[..<colon])
            options.port = port
        case "--kubeconfig-out": kubeconfigPath = next(flag)
        case "--token": options.auth = .token(next(flag))
        case "--client-cert": options.auth = .clientCertificate
        case "--client-ca":
            let path = next(flag)
            guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else {
                fail("cannot read the client CA file \(path)")
            }
            options.auth = .clientCertificate
            options.extraClientCAPEM = pem
        case "--no-auth": options.auth = .none
        case "--version":
            let value = next(flag)
            guard let minor = value.split(separator: ".").last.flatMap({ Int($0) }) else {
                fail("--version wants 1.MINOR, got \(value)")
            }
            options.serverMinor = minor
        case "--rollout-step":
            guard let seconds = Double(next(flag)) else { fail("--rollout-step wants seconds") }
            options.rolloutStepSeconds = seconds
        case "--broken-image": options.brokenImagePattern = next(flag)
        case "-h", "--help":
            print(usage)
            exit(0)
        default: fail("unknown argument \(flag)\n\(usage)")
        }
    }
    return (options, kubeconfigPath)
}

let (options, kubeconfigPath) = parse(Array(CommandLine.arguments.dropFirst()))

// A parent may have started us with signals blocked (a Swift test runner's threads block
// them); unblock so that SIGTERM and SIGINT stop the server.
var noSignals = sigset_t()
sigemptyset(&noSignals)
pthread_sigmask(SIG_SETMASK, &noSignals, nil)
signal(SIGPIPE, SIG_IGN)
do {
    let server = try EmulatorServer(options: options)
    try server.start()
    if let kubeconfigPath { try server.writeKubeconfig(to: kubeconfigPath, context: "emulator") }
    print("kube-emulator listening on \(server.url)")
    fflush(nil)
    while true { sleep(3600) }
} catch {
    fail("\(error)")
}
