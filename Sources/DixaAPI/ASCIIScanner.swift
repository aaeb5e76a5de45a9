/// Reads ASCII digits and separators from UTF-8 bytes, front to back; each read either consumes what it asked for
/// or reports failure.
struct ASCIIScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { position == bytes.count }

    /// Exactly `count` digits 0-9, as a number.
    mutating func digits(_ count: Int) -> Int? {
        guard position + count <= bytes.count else { return nil }
        var value = 0
        for offset in position..<position + count {
            guard let digit = Self.digit(bytes[offset]) else { return nil }
            value = value * 10 + digit
        }
        position += count
        return value
    }

    /// One to `maxDigits` digits, as a number and how many digits it had.
    mutating func fraction(maxDigits: Int) -> (value: Int, digits: Int)? {
        var value = 0
        var count = 0
        while count < maxDigits, position < bytes.count, let digit = Self.digit(bytes[position]) {
            value = value * 10 + digit
            count += 1
            position += 1
        }
        return count == 0 ? nil : (value, count)
    }

    /// Consumes `byte` if it comes next.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private static func digit(_ byte: UInt8) -> Int? {
        let value = byte &- UInt8(ascii: "0")
        return value < 10 ? Int(value) : nil
    }
}
