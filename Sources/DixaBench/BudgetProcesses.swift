import DixaSandbox
import Foundation
import LocalPostgres
import Outbox

#if canImport(Glibc)
import Glibc
#endif

/// The budget scenario's drainers as real OS processes: `processes` slots, each running `dixa-importer drain` (the
/// binary built next to dixa-bench) with the default shared rate budget, `--concurrency 4 --rate-limit 10 --burst 4`,
/// against the in-process sandbox. They share only what separate deployments would share: the database, and in it
/// the token's `dixa_rate_budget` row.
///
/// A drain exits when nothing is due. A row a 429 handed back is due again 5 s later (the CLI's release delay), and a
/// row another drain still holds is not due at all, so a slot whose drain exited waits until a row is due, then starts
/// another drain, until every row is imported or dead. A run that stops making progress for `stallLimit` fails.
enum BudgetProcesses {
    static let stallLimit: Duration = .seconds(180)

    /// Runs the slots until no row is pending or running; returns how many drains were started in all.
    static func drainUntilSettled(_ world: BenchWorld, url: String, store: OutboxStore, processes: Int, binary: String, tag: String) async throws
        -> Int
    {
        let environment = world.drainEnvironment(databaseURL: url, logLevel: "warning").merging(["LOG_FORMAT": "text"]) { $1 }
        let command = [binary, "drain", "--concurrency", "4", "--rate-budget", "shared", "--rate-limit", "10", "--burst", "4"]
        return try await withThrowingTaskGroup(of: Int?.self) { group in
            for slot in 0..<processes {
                let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("dixa-bench-\(tag)-drain\(slot).log").path
                try? FileManager.default.removeItem(atPath: logPath)
                group.addTask {
                    try await runSlot(slot, command: command, environment: environment, logPath: logPath, store: store)
                }
            }
            group.addTask {
                try await watchForStall(store)
                return nil
            }
            var drains = 0
            var finished = 0
            while finished < processes, let next = try await group.next() {
                if let count = next {
                    drains += count
                    finished += 1
                }
            }
            group.cancelAll()
            return drains
        }
    }

    /// One process slot: a drain, then another whenever a row is due again, until nothing is pending or running.
    private static func runSlot(_ slot: Int, command: [String], environment: [String: String], logPath: String, store: OutboxStore)
        async throws -> Int
    {
        var drains = 0
        while true {
            // Nothing due: wait for a handed-back row's run_at, or for the other slots' drains to finish theirs.
            while try await store.dueCount() == 0 {
                if try await BudgetScenario.unsettled(store) == 0 { return drains }
                try await Task.sleep(for: .milliseconds(50))
            }
            let started = ContinuousClock.now
            let code = try await runDrain(command, environment: environment, logPath: logPath)
            drains += 1
            let summary = lastLine(of: logPath, starting: "drain:") ?? "no summary line"
            let seconds = String(format: "%.1f", (ContinuousClock.now - started).seconds)
            log("budget slot \(slot), drain \(drains): exit \(code) after \(seconds) s; \(summary)")
            guard code == 0 else { throw BenchError("dixa-importer drain exited \(code); its log: \(logPath)") }
        }
    }

    /// Starts one drain and waits for it; a cancelled wait (another slot failed) sends it SIGTERM first.
    private static func runDrain(_ command: [String], environment: [String: String], logPath: String) async throws -> Int32 {
        let pid = try ChildProcess.spawn(command, environment: environment, outputPath: logPath)
        return await withTaskCancellationHandler {
            await SiblingProcess.exitCode(pid)
        } onCancel: {
            kill(pid, SIGTERM)
        }
    }

    /// Throws when neither the imported nor the dead count has moved for `stallLimit`.
    private static func watchForStall(_ store: OutboxStore) async throws {
        var last: [String: Int] = [:]
        var lastChange = ContinuousClock.now
        while true {
            try await Task.sleep(for: .seconds(1))
            let counts = Dictionary(try await store.stateCounts().map { ($0.state, $0.count) }, uniquingKeysWith: +)
            let done = counts.filter { $0.key == "imported" || $0.key == "dead" }
            if done != last {
                last = done
                lastChange = .now
            } else if ContinuousClock.now - lastChange > stallLimit {
                throw BenchError("budget: no row imported or dead for \(stallLimit); rows by state: \(counts)")
            }
        }
    }

    private static func lastLine(of path: String, starting prefix: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").last { $0.hasPrefix(prefix) }.map(String.init)
    }

    /// Seconds from the first recorded request to the last, from the sandbox's `2026-11-24T10:00:00.123456Z`.
    static func span(_ requests: [SandboxRecordedRequest]) -> Double {
        guard let first = requests.first.flatMap({ parse($0.receivedAt) }), let last = requests.last.flatMap({ parse($0.receivedAt) }) else {
            return .nan
        }
        return last.timeIntervalSince(first)
    }

    private static func parse(_ text: String) -> Date? {
        let parts = text.dropLast().split(separator: ".", maxSplits: 1)
        guard let whole = ISO8601DateFormatter().date(from: String(parts[0]) + "Z") else { return nil }
        let fraction = parts.count > 1 ? Double("0." + parts[1]) ?? 0 : 0
        return whole.addingTimeInterval(fraction)
    }

    private static func log(_ line: String) {
        FileHandle.standardError.write(Data("dixa-bench: \(line)\n".utf8))
    }
}
