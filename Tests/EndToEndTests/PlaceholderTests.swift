import Testing

@Suite struct EndToEndPlaceholderTests {
    @Test("The module builds") func builds() {}
}
