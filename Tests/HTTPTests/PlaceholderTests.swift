import Testing

@Suite struct HTTPPlaceholderTests {
    @Test("The module builds") func builds() {}
}
