import Foundation
import LocalPostgres
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `dixa-importer` binary (or another program) as a child process, the way an operator or cron
/// would, with only the environment given (plus PATH).
package enum CommandRunner {
    package struct Result: Sendable {
        package let status: Int32
        package let output: String
    }

    /// Another executable of this package, built next to `dixa-importer`.
    package static func sibling(_ name: String) -> String {
        URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The binary SwiftPM built next to the test bundle.
    package static var binary: String {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, folder.deletingLastPathComponent(), folder.deletingLastPathComponent().deletingLastPathComponent()]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("dixa-importer").path) {
            return candidate.appendingPathComponent("dixa-importer").path
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/dixa-importer").path
    }

    /// Runs to completion, with `input` on stdin; stdout and stderr together in `output`.
    package static func run(_ arguments: [String], environment: [String: String] = [:], input: String = "", executable: String? = nil) async throws
        -> Result
    {
        try await start(arguments, environment: environment, input: input, executable: executable).wait()
    }

    /// Starts the program and returns at once.
    package static func start(_ arguments: [String], environment: [String: String] = [:], input: String = "", executable: String? = nil) throws
        -> Running
    {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let inputPath = scratch.appendingPathComponent("stdin").path
        let outputPath = scratch.appendingPathComponent("out").path
        try input.write(toFile: inputPath, atomically: true, encoding: .utf8)
        var fullEnvironment = environment
        fullEnvironment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let pid = try ChildProcess.spawn(
            [executable ?? binary] + arguments,
            environment: fullEnvironment,
            inputPath: inputPath,
            outputPath: outputPath
        )
        return Running(pid: pid, outputPath: outputPath, scratch: scratch)
    }

    /// A running child process, for tests that signal or kill it.
    package final class Running: Sendable {
        package let pid: pid_t
        package let outputPath: String
        private let scratch: URL

        fileprivate init(pid: pid_t, outputPath: String, scratch: URL) {
            self.pid = pid
            self.outputPath = outputPath
            self.scratch = scratch
        }

        package func send(_ signal: Int32) {
            kill(pid, signal)
        }

        /// True until the process has exited (a zombie not yet waited for counts as exited).
        package var isRunning: Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
            // The state follows the command name, which is in parentheses and may itself hold spaces.
            guard let close = stat.lastIndex(of: ")") else { return false }
            let state = stat[stat.index(after: close)...].split(separator: " ").first
            return state != "Z" && state != "X"
        }

        /// What the process has printed so far.
        package var outputSoFar: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

        /// Waits for the process to end, on a thread of its own so the test's cooperative threads stay free for the
        /// in-process sandbox. After `limit` the process is killed and the test fails, rather than hanging the suite.
        package func wait(limit: Duration = .seconds(240)) async -> Result {
            let pid = self.pid
            let killer = Task {
                try await Task.sleep(for: limit)
                Issue.record("process \(pid) still ran after \(limit); killed it")
                kill(pid, SIGKILL)
            }
            let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
                Thread.detachNewThread { continuation.resume(returning: ChildProcess.wait(pid)) }
            }
            killer.cancel()
            let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: scratch)
            return Result(status: status, output: output)
        }
    }
}
