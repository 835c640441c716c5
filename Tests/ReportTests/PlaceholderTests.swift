import Testing

@Suite struct ReportPlaceholderTests {
    @Test("The module builds") func builds() {}
}
