/// Whether the Dixa request budget is shared with every other process using the token, through PostgreSQL, or kept
/// by this process alone.
public enum RateBudgetMode: String, Sendable, CaseIterable {
    case shared
    case local
}
