import PostgresNIO
import _ConnectionPoolModule

extension OutboxError {
    /// True when `error` says the database went away (a restart, a dropped or refused connection), as opposed
    /// to a statement that the database rejected. Work cut short this way is worth doing again as it is.
    public static func isConnectionLoss(_ error: any Error) -> Bool {
        if let error = error as? OutboxError {
            return error.code == .connectionLost
        }
        // postgres-nio's pool gives up on the requests waiting for a connection once it has failed to open one for a
        // minute, and says so with its own error type, not a PSQLError.
        if let error = error as? ConnectionPoolError {
            return error == .connectionCreationCircuitBreakerTripped
        }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return true
        case .server:
            // Class 08: connection exception; 57P01-57P03: the server is shutting down, crashed, or not up yet.
            guard let state = error.serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        default:
            return false
        }
    }
}
