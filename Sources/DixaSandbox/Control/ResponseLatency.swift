/// How long each `/v1` request waits before it is handled: a uniform draw from a range of milliseconds, or no wait.
actor ResponseLatency {
    private var range: ClosedRange<Int>?

    init(_ range: ClosedRange<Int>?) {
        self.range = range
    }

    /// Changes the range at run time; `nil` switches the wait off.
    func configure(_ range: ClosedRange<Int>?) {
        self.range = range
    }

    /// The next request's wait in milliseconds, or `nil` for none.
    func draw() -> Int? {
        range.map { Int.random(in: $0) }
    }
}
