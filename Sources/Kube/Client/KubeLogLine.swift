/// Builds Kube's log messages: a fixed phrase, then `key=value` pairs on one line.
enum KubeLogLine {
    /// `phrase key=value ...`, quoting values that are empty or hold spaces, quotes, `=` or
    /// control characters.
    static func format(_ phrase: String, _ fields: [(String, String)]) -> String {
        var line = phrase
        for (key, value) in fields {
            line += " " + key + "=" + Self.quotedIfNeeded(value)
        }
        return line
    }

    /// `value` bare when it is one plain word, quoted and escaped otherwise.
    static func quotedIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains { scalar in
            scalar == " " || scalar == "\"" || scalar == "=" || scalar.value < 0x20
        }
        guard needsQuotes else {
            return value
        }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"":
                quoted += "\\\""
            case "\\":
                quoted += "\\\\"
            case _ where scalar.value < 0x20:
                quoted += " "
            default:
                quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
