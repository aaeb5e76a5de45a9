import Foundation

/// Which slice of a list a request asks for, from `pageLimit` and the opaque `pageKey`.
///
/// The key is base64url JSON (`{"offset":..,"limit":..,"filter":..}`), never meant to be built by
/// clients: a client that edits it, or invents one, gets `Invalid value for: query parameter pageKey`.
struct PageRequest {
    /// Small on purpose, so that tests reach page 2 with a handful of records.
    static let defaultLimit = 10
    static let maximumLimit = 1000

    let offset: Int
    let limit: Int
    /// A search filter carried from the first page (`email=...`), for clients that resend only `pageKey`.
    let filter: PageFilter?

    init(query: QueryItems) throws(DixaError) {
        var offset = 0
        var limit = Self.defaultLimit
        var filter: PageFilter?
        if let key = query["pageKey"] {
            guard let cursor = Cursor(key: key) else { throw .invalidQueryParameter("pageKey") }
            offset = cursor.offset
            limit = cursor.limit
            filter = cursor.filter
        }
        if let text = query["pageLimit"] {
            guard let value = Int32(text), (1...Int32(Self.maximumLimit)).contains(value) else {
                throw .invalidQueryParameter("pageLimit")
            }
            limit = Int(value)
        }
        self.offset = offset
        self.limit = limit
        self.filter = filter
    }

    /// The page of `items`, and the query string of the next page when there is one.
    func slice<Item>(_ items: [Item], filter: PageFilter? = nil) -> (page: [Item], nextQuery: String?) {
        let start = min(offset, items.count)
        let end = min(start + limit, items.count)
        guard end < items.count else { return (Array(items[start..<end]), nil) }
        let key = Cursor(offset: end, limit: limit, filter: filter).key
        var query = "pageKey=\(key)&pageLimit=\(limit)"
        if let filter {
            let value = filter.value.addingPercentEncoding(withAllowedCharacters: .queryValueAllowed) ?? filter.value
            query = "\(filter.name)=\(value)&" + query
        }
        return (Array(items[start..<end]), query)
    }

    private struct Cursor: Codable {
        let offset: Int
        let limit: Int
        let filter: PageFilter?

        init(offset: Int, limit: Int, filter: PageFilter?) {
            self.offset = offset
            self.limit = limit
            self.filter = filter
        }

        init?(key: String) {
            var base64 = key.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
            guard let data = Data(base64Encoded: base64), let cursor = try? JSONDecoder().decode(Cursor.self, from: data),
                cursor.offset >= 0, (1...PageRequest.maximumLimit).contains(cursor.limit)
            else { return nil }
            self = cursor
        }

        /// URL-safe, so the key needs no escaping inside `meta.next`.
        var key: String {
            let data = (try? JSONEncoder().encode(self)) ?? Data()
            return data.base64EncodedString()
                .replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
    }
}

/// One end-user search filter: `email`, `phone` or `externalId` and its value.
struct PageFilter: Codable, Equatable {
    let name: String
    let value: String
}

extension CharacterSet {
    /// Unreserved characters only, so `+`, `&`, `=` and `@` in values are escaped.
    static let queryValueAllowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
