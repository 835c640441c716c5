@testable import Kube
import Testing

/// Exponential back-off with jitter.
@Suite struct BackoffTests {
    @Test("Delays double from the initial value up to the cap, jitter in the upper half")
    func doublesToCap() {
        var low = Backoff(initialSeconds: 0.5, maxSeconds: 30)
        var high = Backoff(initialSeconds: 0.5, maxSeconds: 30)

        let lows = (0..<10).map { _ in low.nextDelay(random: 0) }
        let highs = (0..<10).map { _ in high.nextDelay(random: 0.999_999) }

        #expect(lows == [0.25, 0.5, 1, 2, 4, 8, 15, 15, 15, 15])
        for (index, delay) in highs.enumerated() {
            #expect(delay < lows[index] * 2 + 0.001 && delay > lows[index] * 2 - 0.001)
        }
        #expect(low.failures == 10)
    }

    @Test("A reset starts again from the initial delay")
    func resets() {
        var backoff = Backoff(initialSeconds: 1, maxSeconds: 8)
        _ = (0..<5).map { _ in backoff.nextDelay(random: 0.5) }

        backoff.reset()

        #expect(backoff.nextDelay(random: 0) == 0.5)
    }

    @Test("Many failures never overflow and random values outside 0..<1 are clamped")
    func bounded() {
        var backoff = Backoff(initialSeconds: 0.5, maxSeconds: 30)
        for _ in 0..<200 {
            _ = backoff.nextDelay(random: 0.5)
        }

        #expect(backoff.nextDelay(random: 7) == 30)
        #expect(backoff.nextDelay(random: -3) == 15)
    }
}
