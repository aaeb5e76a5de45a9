/// Dixa wraps every success payload in `data`; paged lists add `meta`.
struct DataEnvelope<Payload: Decodable>: Decodable {
    let data: Payload
    let meta: PaginationLinks?
}

/// `PaginationLinks`: URLs of the neighbouring pages, absent at the ends.
struct PaginationLinks: Decodable {
    let previous: String?
    let next: String?
}

/// Dixa's error body, always `{"message": "…"}`.
struct ErrorBody: Decodable {
    let message: String
}
