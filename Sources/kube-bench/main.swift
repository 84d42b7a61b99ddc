import Foundation
import Kube
import Manifests

// kube-bench --kubeconfig FILE [--gets N] [--applies N] [--watch-events N] [--concurrency C]
// Measures the Kube client against a running API server (the emulator in bench/kube).

struct Settings {
    var kubeconfig = ""
    var gets = 10_000
    var applies = 2_000
    var watchEvents = 10_000
    var concurrency = 4
    var namespace = "default"
}

func parseSettings() -> Settings {
    var s = Settings()
    var args = Array(CommandLine.arguments.dropFirst())
    func value(_ flag: String) -> String {
        guard !args.isEmpty else {
            FileHandle.standardError.write(Data("kube-bench: \(flag) needs a value\n".utf8))
            exit(2)
        }
        return args.removeFirst()
    }
    while !args.isEmpty {
        let flag = args.removeFirst()
        switch flag {
        case "--kubeconfig": s.kubeconfig = value(flag)
        case "--gets": s.gets = Int(value(flag)) ?? s.gets
        case "--applies": s.applies = Int(value(flag)) ?? s.applies
        case "--watch-events": s.watchEvents = Int(value(flag)) ?? s.watchEvents
        case "--concurrency": s.concurrency = Int(value(flag)) ?? s.concurrency
        default:
            FileHandle.standardError.write(Data("kube-bench: unknown argument \(flag)\n".utf8))
            exit(2)
        }
    }
    return s
}

/// Durations of single requests, in seconds.
struct Sample {
    var latencies: [Double] = []
    var wall: Double = 0

    func report(_ name: String) {
        let sorted = latencies.sorted()
        func pct(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        let rate = Double(sorted.count) / wall
        let label = name.padding(toLength: 34, withPad: " ", startingAt: 0)
        print(
            label
                + String(
                    format: "%7d requests  %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms", sorted.count, rate,
                    pct(0.5) * 1000, pct(0.99) * 1000))
    }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Runs `count` operations over `workers` concurrent tasks, timing each one.
func measure(count: Int, workers: Int, _ op: @escaping @Sendable (Int) async throws -> Void) async throws -> Sample {
    let clock = ContinuousClock()
    let start = clock.now
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for w in 0..<workers {
            group.addTask {
                var mine: [Double] = []
                var i = w
                while i < count {
                    let t0 = clock.now
                    try await op(i)
                    mine.append(seconds(t0.duration(to: clock.now)))
                    i += workers
                }
                return mine
            }
        }
        var all: [Double] = []
        for try await part in group { all += part }
        return all
    }
    return Sample(latencies: latencies, wall: seconds(start.duration(to: clock.now)))
}

func residentKiB() -> (current: Int, peak: Int) {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Int {
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            return Int(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? 0
        }
        return 0
    }
    return (field("VmRSS:"), field("VmHWM:"))
}

func configMap(_ name: String, _ data: String, label: String) -> Value {
    [
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": ["name": .string(name), "namespace": "default", "labels": ["bench": .string(label)]],
        "data": ["value": .string(data)],
    ]
}

func run() async throws {
    let settings = parseSettings()
    var options = ClientOptions.default
    options.qps = 0  // measure the transport, not the limiter
    options.maxConnections = max(4, settings.concurrency)
    let client = try KubeClient(config: try ClusterConfig.load(kubeconfig: settings.kubeconfig), options: options)
    let target = ObjectRef(group: "", version: "v1", kind: "ConfigMap", namespace: "default", name: "bench-get")
    try await client.apply(configMap("bench-get", "x", label: "get"), fieldManager: "kube-bench")
    _ = try await client.get(target)
    print("kube-bench: \(settings.gets) GETs, \(settings.applies) applies, \(settings.watchEvents) watch events")

    let sequentialGets = try await measure(count: settings.gets, workers: 1) { _ in _ = try await client.get(target) }
    sequentialGets.report("GET (1 at a time)")
    let parallelGets = try await measure(count: settings.gets, workers: settings.concurrency) { _ in
        _ = try await client.get(target)
    }
    parallelGets.report("GET (\(settings.concurrency) in parallel)")

    let applies = try await measure(count: settings.applies, workers: 1) { i in
        try await client.apply(configMap("bench-apply-\(i % 100)", "v\(i)", label: "apply"), fieldManager: "kube-bench")
    }
    applies.report("server-side apply (1 at a time)")
    let parallelApplies = try await measure(count: settings.applies, workers: settings.concurrency) { i in
        try await client.apply(configMap("bench-apply-\(i % 100)", "w\(i)", label: "apply"), fieldManager: "kube-bench")
    }
    parallelApplies.report("server-side apply (\(settings.concurrency) in parallel)")

    // Watch: one stream receives the events that parallel writers cause.
    let (_, version) = try await client.listWithVersion(
        apiVersion: "v1", kind: "ConfigMap", namespace: "default", labelSelector: "bench=watch")
    let stream = client.watch(
        apiVersion: "v1", kind: "ConfigMap", namespace: "default", resourceVersion: version,
        labelSelector: "bench=watch")
    let wanted = settings.watchEvents
    let clock = ContinuousClock()
    let start = clock.now
    let receiver = Task {
        // Each write carries its send time (monotonic ns); lag = arrival - send.
        var lags: [Double] = []
        lags.reserveCapacity(wanted)
        for try await event in stream where event.type != .bookmark {
            let now = DispatchTime.now().uptimeNanoseconds
            if let sent = event.object[path: ["data", "value"]]?.stringValue?.split(separator: "-").first,
                let ns = UInt64(sent)
            {
                lags.append(Double(now - ns) * 1e-9)
            }
            if lags.count == wanted { break }
        }
        return (seconds(start.duration(to: clock.now)), lags)
    }
    _ = try await measure(count: wanted, workers: settings.concurrency) { i in
        let stamp = "\(DispatchTime.now().uptimeNanoseconds)-\(i)"
        try await client.apply(configMap("bench-watch-\(i % 200)", stamp, label: "watch"), fieldManager: "kube-bench")
    }
    let (watchSeconds, lags) = try await receiver.value
    let sortedLags = lags.sorted()
    func lag(_ p: Double) -> Double { sortedLags[min(sortedLags.count - 1, Int(Double(sortedLags.count) * p))] * 1000 }
    print(
        "watch (1 stream, \(settings.concurrency) writers)".padding(toLength: 34, withPad: " ", startingAt: 0)
            + String(
                format: "%7d events    %8.0f events/s  lag p50 %5.2f ms  p99 %5.2f ms (rate bounded by the writers)",
                wanted, Double(wanted) / watchSeconds, lag(0.5), lag(0.99)))
    let rss = residentKiB()
    let m = client.metrics
    print("client RSS \(rss.current / 1024) MiB (peak \(rss.peak / 1024) MiB)")
    print("requests \(m.requests), TCP connections \(m.connections), retries \(m.retries), failures \(m.failures)")
}

do {
    try await run()
} catch {
    FileHandle.standardError.write(Data("kube-bench: \(error)\n".utf8))
    exit(1)
}
