import DixaAPI
import Outbox

/// What the pipeline decided for a row, before it is written back.
enum RowDecision: Sendable {
    /// `unrecordedConversationID`: the conversation the import created, when no checkpoint recorded it; the
    /// completion writes it, in the same statement that marks the row imported.
    case imported(unrecordedConversationID: Int64?)
    /// `notBefore`: the shortest wait, after a failure that leaves Dixa's state unknown.
    case retry(code: String, message: String, httpStatus: Int?, notBefore: Duration = .zero)
    case dead(code: String, message: String, httpStatus: Int?)
    case release(code: String, message: String, after: Duration)
    case halt(ConfigurationHalt)
    /// Another worker holds the row now; write nothing.
    case leaseLost
}

extension DixaError {
    /// The `last_error_code` this failure is filed under.
    var rowErrorCode: String {
        switch code {
        case .timeout: return "timeout"
        case .transport: return "network"
        case .invalidResponse: return "invalid_response"
        case .pacing: return "database"
        default: break
        }
        switch errorClass {
        case .transient: return "server_error"
        case .rateLimited: return "rate_limited"
        case .staleRequester: return "stale_requester"
        case .configuration: return "configuration"
        case .badRequest: return "bad_request"
        case .notFound: return "not_found"
        }
    }
}
