import Testing

@Suite struct ReassemblyPlaceholderTests {
    @Test("The module builds") func builds() {}
}
