import ArgumentParser

extension Duration {
    /// A flag's seconds as a duration; the range checks are the settings' (`ImporterService`), this only refuses
    /// what no duration can be.
    static func flag(_ seconds: Double, _ name: String) throws -> Duration {
        guard seconds.isFinite, abs(seconds) < 1e12 else { throw CommandError("\(name) must be a number of seconds") }
        return .seconds(seconds)
    }
}
