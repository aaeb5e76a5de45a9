import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// Builds JSON responses with one encoder configuration for the whole sandbox.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        // Sorted keys make responses byte-stable, which keeps test failures readable.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else {
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: #"{"message":"encoding failed"}"#)))
        }
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(data: data))
        )
    }

    /// `{"data": value}`, Dixa's success envelope.
    static func data(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        make(DataEnvelope(data: value), status: status)
    }

    /// `204 No Content`.
    static func noContent() -> Response {
        Response(status: .noContent)
    }
}

/// `{"data": ...}` with optional `meta` pagination links.
struct DataEnvelope<Value: Encodable>: Encodable {
    let data: Value
    var meta: PaginationLinks?
}

/// Dixa's `PaginationLinks`.
struct PaginationLinks: Encodable {
    var previous: String?
    var next: String?
}
