extension SandboxCustomAttribute {
    /// Whether a conversation PATCH may set this attribute to `value` (`nil` clears it).
    func accepts(_ value: SandboxAttributeValue?) -> Bool {
        guard entityType == .conversation, !isArchived, !isDeactivated else { return false }
        switch (inputDefinition, value) {
        case (_, nil), (.text, .text):
            return true
        case (.select(let options), .select(let chosen)):
            let allowed = Set(Self.activeValues(options))
            return chosen.allSatisfy(allowed.contains)
        default:
            return false
        }
    }

    /// Values of active options at any depth (nested options may be chosen directly).
    private static func activeValues(_ options: [SandboxSelectOption]) -> [String] {
        options.filter { !$0.isDeactivated }.flatMap { [$0.value] + activeValues($0.nestedOptions) }
    }
}
