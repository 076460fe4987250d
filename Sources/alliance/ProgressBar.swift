import Foundation

/// A progress bar on standard error for long reads: drawn only when standard error is a
/// terminal and the work has taken more than `delay` seconds; redrawn at most ten times a
/// second; the line is cleared when done. Nothing at all is written when standard error is
/// not a terminal (a pipe or a file gets no escape sequences).
///
/// `[██████████░░░░░░░░░░]  52%  61.3 MB/s  2 s left  reading log_1m.xes`
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let start: Double
    private let delay: Double
    private let enabled: Bool
    private var lastDraw = 0.0
    private var drawn = false
    private let width = 20

    init(label: String, delay: Double = 1.0, enabled: Bool = isatty(2) == 1) {
        self.label = label
        self.delay = delay
        self.enabled = enabled
        start = ProgressBar.now()
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The reader's callback: `done` bytes (or events) of `total`, if known.
    func update(done: Int, total: Int?) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let t = ProgressBar.now()
        let elapsed = t - start
        guard elapsed >= delay, t - lastDraw >= 0.1 else { return }
        lastDraw = t
        drawn = true
        // Cut to the terminal's width, so that the line never wraps (a wrapped line is not redrawn in place).
        var size = winsize()
        let columns = ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        let text = ProgressBar.line(done: done, total: total, elapsed: elapsed, label: label, width: width)
        FileHandleWriter.write("\r" + String(text.prefix(max(1, columns - 1))) + "\u{1B}[K", fd: 2)
    }

    /// Clears the bar's line, if it was drawn.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandleWriter.write("\r\u{1B}[K", fd: 2) }
        drawn = false
    }

    /// One line of the bar (without the carriage return and the clearing).
    static func line(done: Int, total: Int?, elapsed: Double, label: String, width: Int = 20) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let rateText = rate >= 1_000_000 ? String(format: "%.1f MB/s", rate / 1_000_000) : String(format: "%.0f kB/s", rate / 1_000)
        guard let total, total > 0 else {
            return "\(ProgressBar.megabytes(done)) read  \(rateText)  \(label)"
        }
        let fraction = min(1, max(0, Double(done) / Double(total)))
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let percent = String(format: "%3d%%", Int((fraction * 100).rounded(.down)))
        var left = ""
        if rate > 0, done < total {
            let seconds = Int((Double(total - done) / rate).rounded(.up))
            left = seconds >= 60 ? "  \(seconds / 60) min \(seconds % 60) s left" : "  \(seconds) s left"
        }
        return "[\(bar)] \(percent)  \(rateText)\(left)  \(label)"
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
