/// Reads RFC 8259 UTF-8 JSON text into `SandboxJSON`, front to back, in one pass. Any departure from the grammar, a
/// number beyond `Double` (or one that is not zero but rounds to it), a lone surrogate, invalid UTF-8 or nesting deeper
/// than 512 makes the whole text nil. Like `JSONDecoder`, whose behaviour the sandbox had so far, it skips a leading
/// UTF-8 byte-order mark, allows a comma after the last element or member, and keeps the first of two members with
/// the same name.
struct JSONTextReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    /// `JSONDecoder`'s own limit.
    private static let maximumDepth = 512

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// One value, with nothing but whitespace around it.
    mutating func document() -> SandboxJSON? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        skipWhitespace()
        guard let value = value() else { return nil }
        skipWhitespace()
        return position == bytes.count ? value : nil
    }

    private var next: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skip(_ byte: Unicode.Scalar) -> Bool {
        guard next == UInt8(ascii: byte) else { return false }
        position += 1
        return true
    }

    private mutating func skipWhitespace() {
        while let byte = next, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private mutating func value() -> SandboxJSON? {
        switch next {
        case UInt8(ascii: "{"): return nested { $0.object() }
        case UInt8(ascii: "["): return nested { $0.array() }
        case UInt8(ascii: "\""): return string().map(SandboxJSON.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        case .some: return number()
        case nil: return nil
        }
    }

    private mutating func nested(_ read: (inout JSONTextReader) -> SandboxJSON?) -> SandboxJSON? {
        guard depth < Self.maximumDepth else { return nil }
        depth += 1
        defer { depth -= 1 }
        position += 1
        return read(&self)
    }

    private mutating func literal(_ word: String, _ value: SandboxJSON) -> SandboxJSON? {
        for byte in word.utf8 {
            guard next == byte else { return nil }
            position += 1
        }
        return value
    }

    private mutating func object() -> SandboxJSON? {
        var members: [String: SandboxJSON] = [:]
        let complete = commaSeparated(until: "}") { reader in
            guard reader.next == UInt8(ascii: "\""), let key = reader.string() else { return false }
            reader.skipWhitespace()
            guard reader.skip(":") else { return false }
            reader.skipWhitespace()
            guard let member = reader.value() else { return false }
            if members[key] == nil { members[key] = member }
            return true
        }
        return complete ? .object(members) : nil
    }

    private mutating func array() -> SandboxJSON? {
        var elements: [SandboxJSON] = []
        let complete = commaSeparated(until: "]") { reader in
            guard let element = reader.value() else { return false }
            elements.append(element)
            return true
        }
        return complete ? .array(elements) : nil
    }

    /// Reads `element`s separated by commas up to `close`, which may follow a last comma; false on anything else.
    private mutating func commaSeparated(until close: Unicode.Scalar, _ element: (inout JSONTextReader) -> Bool) -> Bool {
        skipWhitespace()
        if skip(close) { return true }
        while true {
            skipWhitespace()
            guard element(&self) else { return false }
            skipWhitespace()
            guard skip(",") else { return skip(close) }
            skipWhitespace()
            if skip(close) { return true }
        }
    }

    /// A string, from its opening quote; escapes decoded, then the whole checked as UTF-8.
    private mutating func string() -> String? {
        position += 1
        var decoded: [UInt8] = []
        var runStart = position
        while let byte = next {
            switch byte {
            case UInt8(ascii: "\""):
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                position += 1
                return String(validating: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                position += 1
                guard let scalar = escape() else { return nil }
                decoded.append(contentsOf: String(Character(scalar)).utf8)
                runStart = position
            case 0..<0x20:
                return nil
            default:
                position += 1
            }
        }
        return nil
    }

    /// The character after a backslash, with a `\u` surrogate pair read as one scalar.
    private mutating func escape() -> Unicode.Scalar? {
        guard let byte = next else { return nil }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            guard let unit = hexUnit() else { return nil }
            guard (0xD800..<0xDC00).contains(unit) else { return Unicode.Scalar(unit) }
            guard skip("\\"), skip("u"), let low = hexUnit(), (0xDC00..<0xE000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
        default: return nil
        }
    }

    private mutating func hexUnit() -> UInt16? {
        guard position + 4 <= bytes.count else { return nil }
        var unit: UInt16 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexDigit(bytes[position]) else { return nil }
            unit = unit << 4 | digit
            position += 1
        }
        return unit
    }

    private static func hexDigit(_ byte: UInt8) -> UInt16? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt16(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt16(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt16(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, as a finite `Double`.
    private mutating func number() -> SandboxJSON? {
        let start = position
        _ = skip("-")
        let digitsStart = position
        if !skip("0") {
            guard let first = next, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first) else { return nil }
            skipDigits()
        }
        if skip(".") {
            guard skipDigits() else { return nil }
        }
        let mantissaIsZero = bytes[digitsStart..<position].allSatisfy { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") }
        if skip("e") || skip("E") {
            _ = skip("+") || skip("-")
            guard skipDigits() else { return nil }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        // As `JSONDecoder`: a number too large for `Double`, or too small to be anything but zero, is refused.
        guard let value = Double(text), value.isFinite, value != 0 || mantissaIsZero else { return nil }
        return .number(value)
    }

    /// Skips digits; false when there were none.
    @discardableResult
    private mutating func skipDigits() -> Bool {
        let start = position
        while let byte = next, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        return position > start
    }
}
