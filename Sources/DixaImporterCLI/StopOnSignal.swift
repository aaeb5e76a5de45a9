import Dispatch
import Foundation

/// Runs `cleanup` and exits 130 on SIGINT or SIGTERM, for commands that own something outside the
/// process (the demo's throwaway PostgreSQL) that must not outlive a Ctrl-C.
final class StopOnSignal {
    private let sources: [any DispatchSourceSignal]

    init(_ cleanup: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                cleanup()
                exit(130)
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        sources.forEach { $0.cancel() }
    }
}
