import Foundation
import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus what the `/v1` gateway learned.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The body as received, collected once by the gateway so it can be both recorded and decoded.
    var body = ByteBuffer() {
        didSet { json = body.readableBytes == 0 ? nil : SandboxJSON.parse(Data(buffer: body)) }
    }
    /// Partial errors that a fault rule adds to a successful import.
    var faultPartialErrors: [String] = []
    /// The organisation of the request's token, once the gateway accepted it; a `/v1` route is handled entirely
    /// within it.
    var organization: Organization?
    /// The connection, so that a fault rule can drop it instead of answering.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The body parsed as JSON, or `nil` when empty or not JSON: parsed once, when the gateway sets the body, for both
    /// the route and the recorder.
    private(set) var json: SandboxJSON?

    /// The body as UTF-8 text, or `nil` when empty.
    var bodyText: String? {
        body.readableBytes == 0 ? nil : String(buffer: body)
    }

    /// The organisation of the request's token; every `/v1` route has one, because the gateway refuses requests
    /// without a token an organisation has.
    func requiredOrganization() throws(DixaError) -> Organization {
        guard let organization else { throw .unauthorized }
        return organization
    }

    /// A UUID path parameter, or Dixa's `Invalid value for: path parameter <name>`.
    func uuidParameter(_ name: String) throws(DixaError) -> UUID {
        guard let text = parameters.get(name), let uuid = UUID(uuidString: text) else { throw .invalidPathParameter(name) }
        return uuid
    }

    /// An int64 path parameter, or Dixa's `Invalid value for: path parameter <name>`.
    func int64Parameter(_ name: String) throws(DixaError) -> Int64 {
        guard let text = parameters.get(name), let value = Int64(text) else { throw .invalidPathParameter(name) }
        return value
    }
}
