import Lint
import Manifests
import Testing

/// Mutated and truncated YAML must give findings or errors, never a crash or a hang.
@Suite struct HostileInputTests {
    static let seeds = [
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {a: b}\ndata:\n  k: 'v'\n",
        "a: &x [1, 2, {b: *x}]\n---\n- !!str 1\n- ? [k]\n  : v\n- |\n  text\n",
        "base: &b {p: 1}\nc:\n  <<: [*b]\n  q: \"\\u00e9\\t\"\n",
    ]

    @Test(arguments: 0..<seeds.count)
    func mutationsNeverCrash(seedIndex: Int) {
        var rng = SplitMix(state: UInt64(seedIndex) &+ 0xC0FFEE)
        let base = Array(Self.seeds[seedIndex].utf8)
        let alphabet = Array(":-[]{}&*!|>'\"#%@`,? \n\t\u{0}".utf8) + [0xC3, 0xFF, 0x80]
        var sawError = false
        for _ in 0..<300 {
            var bytes = base
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: i)
                default: bytes.removeSubrange(i..<min(bytes.count, i + 1 + Int(rng.next() % 3)))
                }
                if bytes.isEmpty { bytes = [0x61] }
            }
            do {
                for doc in try parseYAML(bytes: bytes) { _ = try? doc.root?.toValue() }
            } catch {
                sawError = true
                #expect(error.mark == nil || error.mark!.line >= 1)
            }
            let findings = Linter(kubernetes: KubernetesChecker()).lint([LintSource(path: "m.yaml", contents: bytes)])
            #expect(findings.allSatisfy { $0.line >= 1 && $0.column >= 1 })
        }
        #expect(sawError)
    }

    @Test func truncationsNeverCrash() {
        for seed in Self.seeds {
            let bytes = Array(seed.utf8)
            for n in 0...bytes.count {
                let prefix = Array(bytes[..<n])
                _ = parseYAMLStream(bytes: prefix)
                _ = Linter().lint([LintSource(path: "t.yaml", contents: prefix)])
            }
        }
    }
}

struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
