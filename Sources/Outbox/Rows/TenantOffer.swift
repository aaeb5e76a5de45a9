/// One tenant a claim offers: at most `quota` of its rows, and when its budget is shared (`budgetKey`), no more than
/// that budget has slots free within `windowMilliseconds`, one every `intervalMilliseconds`.
public struct TenantOffer: Sendable, Equatable {
    public let tenant: String
    public let quota: Int
    public let budgetKey: String?
    public let intervalMilliseconds: Double
    public let windowMilliseconds: Double

    public init(tenant: String, quota: Int, budgetKey: String? = nil, intervalMilliseconds: Double = 1, windowMilliseconds: Double = 0) {
        self.tenant = tenant
        self.quota = quota
        self.budgetKey = budgetKey
        self.intervalMilliseconds = max(intervalMilliseconds, 0.001)
        self.windowMilliseconds = windowMilliseconds
    }
}
