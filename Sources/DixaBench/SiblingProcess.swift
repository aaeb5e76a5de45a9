import Foundation
import LocalPostgres

/// The executables dixa-bench starts, built next to it, and how it waits for them.
enum SiblingProcess {
    /// The path of `name` next to this executable; throws with the build command when it is missing.
    static func binary(_ name: String) throws -> String {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("\(name) is needed at \(binary): swift build -c release --product \(name)")
        }
        return binary
    }

    /// Waits for `pid` to exit and returns its exit code. The blocking `waitpid` runs on a thread of its own: on the
    /// cooperative pool (2 threads on 2 cores) two such waits would starve the in-process sandbox.
    static func exitCode(_ pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: ChildProcess.wait(pid)) }
        }
    }
}
