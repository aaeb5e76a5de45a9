/// The log of `/v1` requests behind `GET /_sandbox/requests`.
actor RequestRecorder {
    private var nextSequence = 1
    private var records: [SandboxRecordedRequest] = []

    /// A sequence number in order of arrival, taken before the request is handled.
    func arrival() -> Int {
        defer { nextSequence += 1 }
        return nextSequence
    }

    /// Stores a finished request; records are kept sorted by sequence even when requests overlap.
    func record(_ request: SandboxRecordedRequest) {
        let index = records.lastIndex { $0.sequence < request.sequence }.map { $0 + 1 } ?? 0
        records.insert(request, at: index)
    }

    func all() -> [SandboxRecordedRequest] { records }

    /// Forgets every record; sequence numbers go on, so a stale record can never be mistaken for a new one.
    func clear() { records = [] }
}
