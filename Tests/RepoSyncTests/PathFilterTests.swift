import Foundation
import RepoSync
import Testing

@Suite struct PathFilterTests {
    /// (pattern, path, matches)
    static let cases: [(String, String, Bool)] = [
        ("*.yaml", "a.yaml", true),
        ("*.yaml", "deep/dir/a.yaml", true),
        ("*.yaml", "a.yaml.bak", false),
        ("apps/*.yaml", "apps/a.yaml", true),
        ("apps/*.yaml", "apps/x/a.yaml", false),
        ("apps/**/*.yaml", "apps/a.yaml", true),
        ("apps/**/*.yaml", "apps/x/y/a.yaml", true),
        ("**", "anything/at/all", true),
        ("?.json", "a.json", true),
        ("?.json", "ab.json", false),
        ("[ab].yml", "b.yml", true),
        ("[!ab].yml", "b.yml", false),
    ]

    @Test(arguments: cases)
    func globMatching(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(PathFilter(include: [pattern]).matches(path) == expected)
    }

    @Test func defaultSelectsManifestsOnly() {
        #expect(PathFilter.default.matches("x/a.yml"))
        #expect(PathFilter.default.matches("x/a.json"))
        #expect(!PathFilter.default.matches("x/a.md"))
    }
}
