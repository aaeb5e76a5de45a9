import Crypto

extension DixaToken {
    /// A name for this token's request budget that can be stored and shown: `sha256:` and the hex digest.
    ///
    /// Processes sharing the budget through a database meet under this key; the token itself never leaves the process.
    public var budgetKey: String {
        "sha256:"
            + SHA256.hash(data: Array(value.utf8)).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
    }
}
