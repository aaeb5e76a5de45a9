import Foundation
import Outbox

/// What step 4 (`BatchPreparer`) did for one row of a claimed batch.
public struct PreparedRow: Sendable {
    public let transcript: Transcript
    /// The import-intent checkpoint, already written: the import request may go out at once. Nil when the row
    /// needs more first (a requester not in the cache, a reconciliation), which it then does on its own.
    public var intent: ImportIntent?
    /// The batch's cache lookup knew none of the requester's identities: resolving it need not look again before
    /// taking the identity locks.
    public var requesterCacheMissed = false

    public init(transcript: Transcript, intent: ImportIntent?, requesterCacheMissed: Bool = false) {
        self.transcript = transcript
        self.intent = intent
        self.requesterCacheMissed = requesterCacheMissed
    }
}
