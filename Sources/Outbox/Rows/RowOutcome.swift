/// How an attempt ends for its row.
public enum RowOutcome: Sendable, Equatable {
    /// Imported into Dixa.
    case imported
    /// Failed; due again after the delay.
    case retry(after: Duration)
    /// Given up for good.
    case dead
    /// Handed back without burning an attempt; due again after the delay.
    case released(after: Duration)
}
