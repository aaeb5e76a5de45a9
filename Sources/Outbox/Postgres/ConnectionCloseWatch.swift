import NIOCore
import PostgresNIO
import Synchronization

/// Every statement in flight on one connection, failed together when the connection closes. The close callback is
/// registered once per connection; statements come and go in a dictionary, so nothing piles up on a long-lived
/// pooled connection.
final class ConnectionCloseWatch: Sendable {
    private struct State {
        var closed = false
        var next: UInt64 = 0
        var onClose: [UInt64: @Sendable () -> Void] = [:]
    }
    private let state = Mutex(State())
    /// Holds the connection until it closes, so that its `ObjectIdentifier` cannot be reused meanwhile.
    private let connection: PostgresConnection

    private init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    private static let watches = Mutex<[ObjectIdentifier: ConnectionCloseWatch]>([:])

    /// The watch of `connection`, created (with its one close callback) on first use.
    static func of(_ connection: PostgresConnection) -> ConnectionCloseWatch {
        let key = ObjectIdentifier(connection)
        let (watch, created) = watches.withLock { watches -> (ConnectionCloseWatch, Bool) in
            if let existing = watches[key] { return (existing, false) }
            let watch = ConnectionCloseWatch(connection)
            watches[key] = watch
            return (watch, true)
        }
        if created {
            connection.closeFuture.whenComplete { _ in
                watches.withLock { watches in
                    if watches[key] === watch { watches[key] = nil }
                }
                watch.fire()
            }
        }
        return watch
    }

    /// Registers `onClose`; nil when the connection has already closed.
    func register(_ onClose: @escaping @Sendable () -> Void) -> UInt64? {
        state.withLock { state in
            guard !state.closed else { return nil }
            state.next += 1
            state.onClose[state.next] = onClose
            return state.next
        }
    }

    func unregister(_ token: UInt64) {
        _ = state.withLock { $0.onClose.removeValue(forKey: token) }
    }

    private func fire() {
        let callbacks = state.withLock { state -> [@Sendable () -> Void] in
            state.closed = true
            defer { state.onClose = [:] }
            return Array(state.onClose.values)
        }
        for callback in callbacks { callback() }
    }
}
