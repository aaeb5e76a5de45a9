/// One `filters` value: Dixa's `CombinedFilters`, `{strategy: All|Any, conditions: [IsOneOf|IsNotOneOf], _type}`.
struct WebhookFilterInput: Sendable {
    struct Condition: Sendable {
        let field: String
        let values: [String]
        /// `true` for `IsOneOf`, `false` for `IsNotOneOf`.
        let isOneOf: Bool
    }

    /// `true` for `All`, `false` for `Any`.
    let requiresAll: Bool
    let conditions: [Condition]

    /// The outer `_type` is optional (the only `Filters` variant), but must be `CombinedFilters` when
    /// sent; a condition's `_type` is required because `IsOneOf` and `IsNotOneOf` have the same fields.
    init(json: SandboxJSON) throws(DixaError) {
        let reader = try JSONObjectReader(json, allowedKeys: ["strategy", "conditions", "_type"])
        if let type = try reader.optionalString("_type"), type != "CombinedFilters" { throw .invalidBody }
        requiresAll = try reader.requiredEnum("strategy", ["All", "Any"]) == "All"
        guard let elements = try reader.optionalArray("conditions"), !elements.isEmpty else { throw .invalidBody }
        var conditions: [Condition] = []
        for element in elements {
            let condition = try JSONObjectReader(element, allowedKeys: ["field", "values", "_type"])
            let type = try condition.requiredEnum("_type", ["IsOneOf", "IsNotOneOf"])
            let field = try condition.requiredEnum("field", ["InitialChannel", "OperationOrigin", "QueueId"])
            guard let values = try condition.optionalStringArray("values"), !values.isEmpty else { throw .invalidBody }
            conditions.append(Condition(field: field, values: values, isOneOf: type == "IsOneOf"))
        }
        self.conditions = conditions
    }

    /// Whether an event about a conversation on `channel` in `queueID` passes.
    ///
    /// `OperationOrigin` is not modelled (the sandbox's events come from simulated agents, whose origin
    /// value Dixa does not document), so such a condition always passes.
    func admits(channel: String, queueID: String?) -> Bool {
        let results = conditions.map { condition -> Bool in
            let subject: String?
            switch condition.field {
            case "InitialChannel": subject = channel.lowercased()
            case "QueueId": subject = queueID?.lowercased()
            default: return true
            }
            let listed = subject.map { subject in condition.values.contains { $0.lowercased() == subject } } ?? false
            return listed == condition.isOneOf
        }
        return requiresAll ? results.allSatisfy { $0 } : results.contains(true)
    }
}
