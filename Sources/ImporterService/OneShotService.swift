import ServiceLifecycle

/// A closure as a named service, so it shares a group's signal handling and shutdown order.
struct OneShotService: Service, CustomStringConvertible {
    let name: String
    let body: @Sendable () async throws -> Void

    init(name: String, _ body: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.body = body
    }

    func run() async throws { try await body() }
    var description: String { name }
}
