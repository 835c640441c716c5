import Testing

@Suite struct MatchingPlaceholderTests {
    @Test("The module builds") func builds() {}
}
