/// Exponential back-off with jitter: how long to wait before the next attempt after failures.
///
/// The n-th delay in a row is drawn from [base/2, base) where base = `initialSeconds` · 2^(n-1),
/// capped at `maxSeconds`; the random half spreads many earshot processes (one per node) so
/// that they do not hit a recovering API server in step.
public struct Backoff: Sendable, Equatable {
    /// The first delay's base.
    public var initialSeconds: Double
    /// The largest base.
    public var maxSeconds: Double
    /// Failures in a row so far.
    public private(set) var failures = 0

    /// Creates a back-off starting at `initialSeconds` and doubling up to `maxSeconds`.
    public init(initialSeconds: Double = 0.5, maxSeconds: Double = 30) {
        self.initialSeconds = max(0, initialSeconds)
        self.maxSeconds = max(self.initialSeconds, maxSeconds)
    }

    /// The delay before the next attempt, counting one more failure.
    ///
    /// - Parameter random: a number in `0..<1` (injected so tests are exact).
    public mutating func nextDelay(random: Double) -> Double {
        let exponent = min(self.failures, 62)
        self.failures += 1
        let base = min(self.maxSeconds, self.initialSeconds * Double(UInt64(1) << exponent))
        let fraction = min(max(random, 0), 1)
        return base / 2 + base / 2 * fraction
    }

    /// Forgets the failures after a success.
    public mutating func reset() {
        self.failures = 0
    }
}
