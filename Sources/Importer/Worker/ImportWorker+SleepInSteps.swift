extension ImportWorker {
    /// Sleeps in steps of at most 5 s.
    ///
    /// On Linux a cancelled `Task.sleep` keeps its timer, and the task's memory, until the original deadline. Every
    /// row sleeps half a lease (150 s by default) before renewing it, and that sleep is cancelled as soon as the row
    /// is done; at hundreds of rows a second, one long sleep per row would hold tens of MB for minutes. Short steps
    /// bound that to a few seconds' worth of rows.
    static func sleepInSteps(_ duration: Duration) async throws {
        var remaining = duration
        while remaining > .zero {
            let step = min(remaining, .seconds(5))
            try await Task.sleep(for: step)
            remaining -= step
        }
    }
}
