import Foundation

/// How a ``DixaSandbox`` listens and what it starts with.
public struct SandboxConfiguration: Sendable {
    /// The address to bind; `127.0.0.1` keeps the sandbox off the network.
    public var host: String
    /// The port to bind; `0` picks a free one (read it back with ``DixaSandbox/listeningPort()``).
    public var port: Int
    /// The first organisation's starting data (the only one unless ``additionalOrganizations`` has more).
    public var seed: SandboxSeed
    /// Organisations 2...N, each strictly apart from the others: a request is handled within its token's organisation.
    public var additionalOrganizations: [SandboxSeed]
    /// A per-token rate limit; `nil` switches it off. Every token has a bucket of its own, so each organisation's token
    /// has its own budget. It can be changed at run time.
    public var rateLimit: SandboxRateLimit?
    /// Milliseconds each `/v1` request waits before it is handled, drawn uniformly from the range; `nil` for none.
    /// It can be changed at run time.
    public var latency: ClosedRange<Int>?

    /// Creates a configuration with one organisation.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        seed: SandboxSeed = .standard,
        rateLimit: SandboxRateLimit? = nil,
        latency: ClosedRange<Int>? = nil
    ) {
        self.init(host: host, port: port, organizations: [seed], rateLimit: rateLimit, latency: latency)
    }

    /// Creates a configuration with several organisations, e.g. `SandboxSeed.organizations(3)`.
    /// - Parameter organizations: at least one; the first is ``seed``.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        organizations: [SandboxSeed],
        rateLimit: SandboxRateLimit? = nil,
        latency: ClosedRange<Int>? = nil
    ) {
        precondition(!organizations.isEmpty, "a sandbox serves at least one organisation")
        self.host = host
        self.port = port
        self.seed = organizations[0]
        self.additionalOrganizations = Array(organizations.dropFirst())
        self.rateLimit = rateLimit
        self.latency = latency
    }

    /// Every organisation: ``seed``, then ``additionalOrganizations``. Setting it needs at least one.
    public var organizations: [SandboxSeed] {
        get { [seed] + additionalOrganizations }
        set {
            precondition(!newValue.isEmpty, "a sandbox serves at least one organisation")
            seed = newValue[0]
            additionalOrganizations = Array(newValue.dropFirst())
        }
    }

    /// Checks that the sandbox can serve this configuration: organisations need distinct names, a token belongs to one
    /// organisation only, and a latency cannot be negative. ``DixaSandbox/run()`` checks it too.
    /// - Throws: ``SandboxConfigurationError`` saying what is wrong (never a token).
    public func validate() throws(SandboxConfigurationError) {
        if let problem { throw SandboxConfigurationError(reason: problem) }
    }

    private var problem: String? {
        var owners: [String: String] = [:]
        var names: Set<String> = []
        for organization in organizations {
            guard names.insert(organization.name).inserted else { return "two organisations are named \"\(organization.name)\"" }
            for token in organization.tokens {
                if let owner = owners[token], owner != organization.name {
                    return "organisations \"\(owner)\" and \"\(organization.name)\" share a token"
                }
                owners[token] = organization.name
            }
        }
        if let latency, latency.lowerBound < 0 { return "latency must not be negative" }
        return nil
    }

    /// A latency range from `MIN-MAX` milliseconds (`50-150`), or one number for a fixed delay; `nil` when the text is
    /// not that, or the range is negative or backwards.
    public static func latency(parsing text: String) -> ClosedRange<Int>? {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        let numbers = fields.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(fields.count), numbers.count == fields.count, let low = numbers.first, let high = numbers.last,
            low >= 0, low <= high
        else { return nil }
        return low...high
    }
}
