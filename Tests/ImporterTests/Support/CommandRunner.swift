import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `dixa-importer` binary as a child process, the way an operator or cron would.
enum CommandRunner {
    struct Result: Sendable {
        let status: Int32
        let output: String
    }

    /// The binary SwiftPM built next to the test bundle.
    static var binary: String {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, folder.deletingLastPathComponent(), folder.deletingLastPathComponent().deletingLastPathComponent()]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("dixa-importer").path) {
            return candidate.appendingPathComponent("dixa-importer").path
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/dixa-importer").path
    }

    /// Runs the binary with `arguments`, only the given environment (plus PATH), and `input` on stdin;
    /// waits on a thread of its own so the test's cooperative threads stay free for the in-process sandbox.
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String = "", executable: String? = nil) async throws -> Result
    {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputPath = scratch.appendingPathComponent("stdin").path
        let outputPath = scratch.appendingPathComponent("out").path
        try input.write(toFile: inputPath, atomically: true, encoding: .utf8)
        var fullEnvironment = environment
        fullEnvironment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let command = [executable ?? binary] + arguments
        let childEnvironment = fullEnvironment
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try spawnAndWait(command, childEnvironment, inputPath, outputPath) })
            }
        }
        return Result(status: status, output: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
    }

    /// A running child process, for tests that signal or kill it.
    final class Running: Sendable {
        let pid: pid_t
        let outputPath: String
        private let scratch: URL

        fileprivate init(pid: pid_t, outputPath: String, scratch: URL) {
            self.pid = pid
            self.outputPath = outputPath
            self.scratch = scratch
        }

        func send(_ signal: Int32) {
            kill(pid, signal)
        }

        /// Waits for the process to end, on a thread of its own.
        func wait() async -> Result {
            let pid = self.pid
            let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
                Thread.detachNewThread {
                    var status: Int32 = 0
                    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                    continuation.resume(returning: status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
                }
            }
            let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: scratch)
            return Result(status: status, output: output)
        }
    }

    /// Starts the binary and returns at once.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let inputPath = scratch.appendingPathComponent("stdin").path
        let outputPath = scratch.appendingPathComponent("out").path
        try "".write(toFile: inputPath, atomically: true, encoding: .utf8)
        var fullEnvironment = environment
        fullEnvironment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let pid = try spawn([binary] + arguments, fullEnvironment, inputPath, outputPath)
        return Running(pid: pid, outputPath: outputPath, scratch: scratch)
    }

    private static func spawnAndWait(
        _ command: [String],
        _ environment: [String: String],
        _ inputPath: String,
        _ outputPath: String
    ) throws -> Int32 {
        let pid = try spawn(command, environment, inputPath, outputPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    private static func spawn(_ command: [String], _ environment: [String: String], _ inputPath: String, _ outputPath: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw TestFailure("could not start \(command[0]): \(String(cString: strerror(spawned)))") }
        return pid
    }
}
