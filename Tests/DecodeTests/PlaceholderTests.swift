import Testing

@Suite struct DecodePlaceholderTests {
    @Test("The module builds") func builds() {}
}
