import DixaAPI
import Outbox

/// Who records the conversation an imported row became.
public enum ConversationRecord: Sendable, Equatable {
    /// A checkpoint already holds it.
    case checkpointed
    /// Only the completion does, in the statement that marks the row imported (`RowPlan.importIsLastStep`).
    case unrecorded(Int64)

    /// As `ImportedRow` takes it.
    public var unrecordedID: Int64? {
        guard case .unrecorded(let id) = self else { return nil }
        return id
    }
}

/// What the pipeline decided for a row, before it is written back.
public enum RowDecision: Sendable, Equatable {
    case imported(ConversationRecord)
    /// `notBefore`: the shortest wait, after a failure that leaves Dixa's state unknown.
    case retry(code: RowErrorCode, message: String, httpStatus: Int?, notBefore: Duration = .zero)
    case dead(code: RowErrorCode, message: String, httpStatus: Int?)
    case release(code: RowErrorCode, message: String, after: Duration)
    case halt(ConfigurationHalt)
    /// Another worker holds the row now; write nothing.
    case leaseLost
}
