import Foundation
import UnixSignals

/// Runs `body`; on SIGINT or SIGTERM meanwhile, runs `cleanup` and exits 130. For commands that own something outside
/// the process (the demo's throwaway PostgreSQL) that must not outlive a Ctrl-C.
func cleaningUpOnSignal<Result: Sendable>(
    _ cleanup: @escaping @Sendable () -> Void,
    _ body: () async throws -> Result
) async throws -> Result {
    let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
    let watcher = Task {
        for await _ in signals {
            cleanup()
            exit(130)
        }
    }
    defer { watcher.cancel() }
    return try await body()
}
