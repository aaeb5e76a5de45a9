/// Holds the fault rules and decides, per `/v1` request, which of them fire.
actor FaultInjector {
    /// What the matching rules ask for, combined.
    struct Decision: Sendable {
        var delayMilliseconds = 0
        var error: DixaError?
        var partialErrors: [String] = []
        var drop: SandboxConnectionDrop?
    }

    private struct ActiveRule {
        let rule: SandboxFaultRule
        var remaining: Int?
    }

    private var rules: [ActiveRule] = []

    func replace(with rules: [SandboxFaultRule]) {
        self.rules = rules.map { ActiveRule(rule: $0, remaining: $0.times) }
    }

    func clear() { rules = [] }

    /// Every rule that matches and fires takes one of its `times`; delays add up, partial errors
    /// accumulate, and the first rule with a `status` decides the error.
    func decide(method: String, path: String) -> Decision {
        var decision = Decision()
        for index in rules.indices {
            let rule = rules[index].rule
            if let ruleMethod = rule.method, ruleMethod.uppercased() != method.uppercased() { continue }
            if let prefix = rule.path, !path.hasPrefix(prefix) { continue }
            if let remaining = rules[index].remaining, remaining <= 0 { continue }
            if let rate = rule.rate, Double.random(in: 0..<1) >= rate { continue }
            if let remaining = rules[index].remaining { rules[index].remaining = remaining - 1 }

            decision.delayMilliseconds += rule.delayMilliseconds ?? 0
            decision.partialErrors += rule.partialErrors ?? []
            decision.drop = decision.drop ?? rule.drop
            if decision.error == nil, let status = rule.status {
                var error = DixaError(.init(code: status), rule.message ?? DixaError.defaultMessage(for: status))
                if let seconds = rule.retryAfterSeconds { error.headers[.retryAfter] = String(seconds) }
                decision.error = error
            }
        }
        return decision
    }
}
