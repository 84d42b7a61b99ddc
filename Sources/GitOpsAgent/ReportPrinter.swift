import Foundation

/// Prints application reports to standard output: each application's lines, then its summary.
enum ReportPrinter {
    static func print(_ reports: [AppReport]) {
        var text = ""
        for report in reports {
            for line in report.lines { text += line + "\n" }
            text += report.summary + "\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
