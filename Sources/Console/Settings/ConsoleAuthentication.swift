import Crypto
import Foundation

/// Who may use the console: HTTP Basic credentials, a bearer token, both, or nobody checked (`--no-auth`, loopback
/// only). The values come from the environment, never from flags, which `ps` shows; `description` names the kinds,
/// never a value.
public struct ConsoleAuthentication: Sendable, CustomStringConvertible {
    /// SHA-256 of each accepted `Authorization` header value, so a check compares digests of equal length.
    let acceptedDigests: [SHA256.Digest]
    let acceptsBasic: Bool
    let acceptsBearer: Bool

    /// No credentials checked: allowed only on a loopback host (`ConsoleSettings` refuses any other).
    public static let disabled = ConsoleAuthentication(acceptedDigests: [], acceptsBasic: false, acceptsBearer: false)

    public var isDisabled: Bool { acceptedDigests.isEmpty }

    /// - Parameters:
    ///   - basic: `DIXA_CONSOLE_BASIC_AUTH`, `user:password`.
    ///   - token: `DIXA_CONSOLE_TOKEN`, a bearer token of at least 16 characters.
    ///   - noAuth: `--no-auth`: no credentials, which must then not be set either.
    public init(basic: String?, token: String?, noAuth: Bool) throws(ConsoleError) {
        let basic = basic.flatMap { $0.isEmpty ? nil : $0 }
        let token = token.flatMap { $0.isEmpty ? nil : $0 }
        if noAuth {
            guard basic == nil, token == nil else {
                throw ConsoleError(.invalid, "--no-auth was given with DIXA_CONSOLE_BASIC_AUTH or DIXA_CONSOLE_TOKEN set: choose one")
            }
            self = .disabled
            return
        }
        var digests: [SHA256.Digest] = []
        if let basic {
            let parts = basic.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConsoleError(.invalid, "DIXA_CONSOLE_BASIC_AUTH must be user:password, both non-empty")
            }
            digests.append(SHA256.hash(data: Data("Basic \(Data(basic.utf8).base64EncodedString())".utf8)))
        }
        if let token {
            guard token.count >= 16, !token.contains(where: \.isWhitespace) else {
                throw ConsoleError(.invalid, "DIXA_CONSOLE_TOKEN must be at least 16 characters, without spaces")
            }
            digests.append(SHA256.hash(data: Data("Bearer \(token)".utf8)))
        }
        guard !digests.isEmpty else {
            throw ConsoleError(
                .unauthenticated,
                "the console refuses to start without authentication: set DIXA_CONSOLE_BASIC_AUTH=user:password or "
                    + "DIXA_CONSOLE_TOKEN, or bind it to loopback (--host 127.0.0.1) with --no-auth"
            )
        }
        self.init(acceptedDigests: digests, acceptsBasic: basic != nil, acceptsBearer: token != nil)
    }

    private init(acceptedDigests: [SHA256.Digest], acceptsBasic: Bool, acceptsBearer: Bool) {
        self.acceptedDigests = acceptedDigests
        self.acceptsBasic = acceptsBasic
        self.acceptsBearer = acceptsBearer
    }

    /// Whether an `Authorization` header value is one of the accepted credentials. The scheme is matched as sent:
    /// browsers send `Basic`, clients `Bearer`.
    func accepts(_ authorization: String?) -> Bool {
        if isDisabled { return true }
        guard let authorization else { return false }
        let digest = SHA256.hash(data: Data(authorization.utf8))
        // Digest equality is constant-time in swift-crypto; every candidate is compared, found or not.
        return acceptedDigests.reduce(false) { found, candidate in (candidate == digest) || found }
    }

    public var description: String {
        if isDisabled { return "none (--no-auth)" }
        return [acceptsBasic ? "basic" : nil, acceptsBearer ? "bearer" : nil].compactMap { $0 }.joined(separator: ", ")
    }
}
