/// Dixa's `EndUser`, as the `/v1` routes serve it: ``SandboxEndUser`` without the organisation, which only inspection
/// shows.
struct EndUserWire: Encodable {
    let user: SandboxEndUser

    init(_ user: SandboxEndUser) {
        self.user = user
    }

    func encode(to encoder: any Encoder) throws {
        var user = self.user
        // Absent optionals are left out, so the field disappears from the JSON.
        user.organization = nil
        try user.encode(to: encoder)
    }
}
