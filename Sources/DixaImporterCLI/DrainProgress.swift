import Foundation
import Importer

#if canImport(Glibc)
import Glibc
#endif

/// On a terminal, `drain` redraws one status line every second: done of total, rate, ETA, retries and dead
/// so far, and the rows done per tenant when there is more than one. In a pipe or under cron it stays silent and `drain` prints one summary line at the end instead.
struct DrainProgress {
    let total: Int
    let worker: ImportWorker
    let startedAt = ContinuousClock.now

    static var isTerminal: Bool { isatty(2) == 1 }

    /// Redraws until cancelled, then clears the line.
    func run() async {
        while !Task.isCancelled {
            draw()
            try? await Task.sleep(for: .seconds(1))
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    func line() -> String {
        let summary = worker.summary
        let done = summary.imported + summary.dead
        let elapsed = (ContinuousClock.now - startedAt).components.seconds
        let rate = elapsed > 0 ? Double(done) / Double(elapsed) : 0
        let remaining = max(total - done, 0)
        let eta = rate > 0 ? "\(Int(Double(remaining) / rate)) s" : "–"
        let line = String(
            format: "%d/%d rows  %.1f rows/s  ETA %@  retries %d  dead %d",
            done,
            total,
            rate,
            eta,
            summary.retried,
            summary.dead
        )
        guard summary.tenants.count > 1 else { return line }
        let perTenant = summary.tenants.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.imported + $0.value.dead)" }
        return line + "  (" + perTenant.joined(separator: ", ") + ")"
    }

    private func draw() {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line())".utf8))
    }
}
