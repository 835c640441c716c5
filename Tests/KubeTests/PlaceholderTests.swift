import Testing

@Suite struct KubePlaceholderTests {
    @Test("The module builds") func builds() {}
}
