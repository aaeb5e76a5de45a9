import ImporterService
import ServiceLifecycleTestKit

/// Runs `services` as `run` does while `body` runs, then shuts them down gracefully and waits for them.
func testGracefulShutdownRunning(_ services: ImporterServices, _ body: @Sendable () async throws -> Void) async throws {
    try await testGracefulShutdown { trigger in
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run(.run) }
            do {
                try await body()
            } catch {
                trigger.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
            trigger.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }
}
