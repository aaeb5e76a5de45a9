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

    /// Waits for `pid` to exit and returns its exit code, on a thread of its own (see `onOwnThread`).
    static func exitCode(_ pid: pid_t) async -> Int32 {
        // `wait` cannot throw, so neither can this.
        (try? await onOwnThread { ChildProcess.wait(pid) }) ?? -1
    }

    /// Runs blocking `work` (a `waitpid`, a pipe read to its end) on a thread of its own. Tasks run on the event loops'
    /// two threads; blocking one of them would stall every socket on it, the in-process sandbox's among them.
    static func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }
}
