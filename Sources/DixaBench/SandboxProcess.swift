import Foundation
import LocalPostgres

/// The sandbox as a process of its own (`dixa-sandbox`, built next to dixa-bench), so that the worker's CPU can be
/// told apart from the sandbox's: with the in-process sandbox, both count as this process's.
struct SandboxProcess: Sendable {
    let pid: pid_t
    let baseURL: String

    /// Starts `binary` on a free loopback port, with Dixa's contract and no rate limit, and waits until it listens.
    static func start(binary: String, extraArguments: [String] = []) async throws -> SandboxProcess {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("dixa-sandbox-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let pid = try ChildProcess.spawn([binary, "--host", "127.0.0.1", "--port", "0", "--log-level", "error"] + extraArguments, outputPath: output)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            // The sandbox prints "dixa-sandbox listening on <url> (API under /v1)" once it is bound.
            if let text = try? String(contentsOfFile: output, encoding: .utf8), let start = text.range(of: "listening on ")?.upperBound,
                let end = text[start...].firstIndex(of: " ")
            {
                return SandboxProcess(pid: pid, baseURL: String(text[start..<end]))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(pid, SIGKILL)
        _ = await SiblingProcess.exitCode(pid)
        throw BenchError("\(binary) did not start listening within 30 s")
    }

    /// CPU seconds (user + system) the sandbox has used so far.
    var cpuSeconds: Double { ProcessStat(pid: pid).cpuSeconds }

    func stop() async {
        kill(pid, SIGTERM)
        _ = await SiblingProcess.exitCode(pid)
    }
}
