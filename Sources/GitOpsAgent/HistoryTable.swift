import Foundation
import Manifests
import Rollout

/// The `history` listing: a table newest first, or a JSON array.
enum HistoryTable {
    static let headers = ["REVISION", "COMMIT", "RESULT", "STARTED", "DURATION", "MESSAGE"]

    /// Aligned columns; the message column is cut at `messageWidth` characters.
    static func text(_ releases: [Release], messageWidth: Int = 80) -> String {
        let rows = releases.sorted { $0.revision > $1.revision }.map { release -> [String] in
            [
                String(release.revision), release.commit.shortSHA, release.result.rawValue,
                timestamp(release.started), duration(release), oneLine(release.message, width: messageWidth),
            ]
        }
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0)
            }.joined()
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    /// `[{revision, commit, result, started, finished, message, trigger}, …]`, newest first.
    static func json(_ releases: [Release]) -> String {
        Value.array(releases.sorted { $0.revision > $1.revision }.map(\.historyJSON)).jsonString + "\n"
    }

    /// `2026-12-04 10:15:03` in UTC.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    static func duration(_ release: Release) -> String {
        guard let finished = release.finished else { return "-" }
        let ms = max(0, Int((finished.timeIntervalSince(release.started) * 1000).rounded()))
        return ConfigDuration.format(.milliseconds(ms))
    }

    private static func oneLine(_ text: String, width: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= width ? flat : String(flat.prefix(width - 1)) + "…"
    }
}
