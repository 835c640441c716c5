import Testing

@Suite struct CapturePlaceholderTests {
    @Test("The module builds") func builds() {}
}
