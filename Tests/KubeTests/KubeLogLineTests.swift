@testable import Kube
import Testing

/// Kube's log lines: a phrase, then key=value pairs on one line.
@Suite struct KubeLogLineTests {
    @Test("Plain values stay bare; others are quoted and kept on one line")
    func quoting() {
        let line = KubeLogLine.format("kubernetes API failing", [
            ("kind", "pods"),
            ("error", "cannot reach \"x\"\nnow"),
            ("empty", ""),
            ("path", "a=b\\c"),
        ])

        #expect(line == #"kubernetes API failing kind=pods error="cannot reach \"x\" now" "#
            + #"empty="" path="a=b\\c""#)
    }
}
