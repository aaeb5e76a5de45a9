import Crypto
import Foundation
import Hummingbird

/// The checks of a state-changing request: the console is not read-only, the request comes from a page of the
/// console itself (its Origin names the Host it was sent to), and it carries the CSRF token the page was rendered
/// with. The token is an HMAC of the request's credentials under a key made at start, so it needs no session, is
/// different for each credential, and is worthless after a restart.
struct RequestGuard: Sendable {
    private let key = SymmetricKey(size: .bits256)

    /// The token the forms of a page carry for a request with this `Authorization` header.
    func token(for authorization: String?) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("csrf:\(authorization ?? "")".utf8), using: key)
        return Data(code).map { String(format: "%02x", $0) }.joined()
    }

    /// A browser names the page's origin in `Origin`, except that under `Referrer-Policy: no-referrer` (which every
    /// response of the console sets) the Fetch standard has it send `Origin: null` for a form's POST. Then
    /// `Sec-Fetch-Site`, which no page's script can set, says whether the form was on this origin.
    func checkOrigin(_ fields: HTTPFields, authority: String?) throws(ConsoleError) {
        guard let origin = fields[.origin], let host = authority else {
            throw ConsoleError(.forbidden, "refused: a form of the console sends an Origin header, and this request had none")
        }
        if origin == "null" {
            guard fields[Self.fetchSite] == "same-origin" else {
                throw ConsoleError(.forbidden, "refused: the request came from another site (Origin null, not sent from this origin)")
            }
            return
        }
        let parts = origin.split(separator: "://", maxSplits: 1)
        guard parts.count == 2, parts[0] == "http" || parts[0] == "https", parts[1].lowercased() == host.lowercased() else {
            throw ConsoleError(.forbidden, "refused: the request came from another site (its Origin does not match the Host)")
        }
    }

    static let fetchSite = HTTPFields.Element.Name("Sec-Fetch-Site")!

    func checkToken(_ sent: String?, authorization: String?) throws(ConsoleError) {
        let expected = SHA256.hash(data: Data(token(for: authorization).utf8))
        guard let sent, SHA256.hash(data: Data(sent.utf8)) == expected else {
            throw ConsoleError(.forbidden, "refused: the form's CSRF token is missing or stale; reload the page and try again")
        }
    }
}
