import Testing

@testable import NNScript

struct LexerTests {
  private func kinds(_ text: String) -> [TokenKind] {
    Lexer.tokenize(SourceFile(name: "t", text: text)).tokens.map(\.kind)
  }

  private func diagnostics(_ text: String) -> [Diagnostic] {
    Lexer.tokenize(SourceFile(name: "t", text: text)).diagnostics
  }

  @Test func numbers() {
    #expect(
      kinds("128 0.5 1e-2 2.5E3 .5 1_000") == [
        .number(128), .number(0.5), .number(0.01), .number(2500), .number(0.5), .number(1000), .eof,
      ])
  }

  @Test func stringsAndEscapes() {
    #expect(kinds(#""a\n\t\"\\b""#) == [.string("a\n\t\"\\b"), .eof])
    #expect(kinds("\"two\nlines\"") == [.string("two\nlines"), .eof])
  }

  @Test func unterminatedStringIsIncompleteAtItsOpeningQuote() throws {
    let found = diagnostics("x = \"abc")
    let d = try #require(found.first)
    #expect(d.message == "unterminated string")
    #expect(d.isIncomplete)
    #expect(d.range?.column == 5)
  }

  @Test func keywordsIdentifiersAndCommands() {
    #expect(
      kinds("fn train foo_1 net") == [.keyword(.fn), .keyword(.train), .identifier("foo_1"), .keyword(.net), .eof])
  }

  @Test func operatorsTakeTheLongestMatch() {
    #expect(
      kinds("** <= >= == != += -= *= /= < >") == [
        .symbol(.power), .symbol(.lessEqual), .symbol(.greaterEqual), .symbol(.equalEqual), .symbol(.bangEqual),
        .symbol(.plusAssign), .symbol(.minusAssign), .symbol(.starAssign), .symbol(.slashAssign), .symbol(.less),
        .symbol(.greater), .eof,
      ])
  }

  @Test func commentsNewlinesAndContinuations() {
    #expect(
      kinds("a # comment\nb; c \\\n d") == [
        .identifier("a"), .newline, .identifier("b"), .symbol(.semicolon), .identifier("c"), .identifier("d"), .eof,
      ])
  }

  @Test func everyTokenKnowsItsRange() {
    let file = SourceFile(name: "t", text: "net < dense 128 >\n  x")
    let tokens = Lexer.tokenize(file).tokens
    #expect(tokens.map { $0.range(in: file).text } == ["net", "<", "dense", "128", ">", "\n", "x", ""])
    #expect(tokens[6].range(in: file).line == 2 && tokens[6].range(in: file).column == 3)
  }

  @Test func spaceBeforeIsRecorded() {
    let tokens = Lexer.tokenize(SourceFile(name: "t", text: "f(x) f (x)")).tokens
    #expect(tokens.map(\.spaceBefore) == [true, false, false, false, true, true, false, false, false])
  }

  @Test func badCharactersAndNumbersAreReportedAndSkipped() {
    let found = diagnostics("a @ 12abc 1e é")
    #expect(
      found.map(\.message) == [
        "unexpected character '@'", "malformed number '12abc'", "malformed number '1e'", "unexpected character 'é'",
      ])
  }
}
