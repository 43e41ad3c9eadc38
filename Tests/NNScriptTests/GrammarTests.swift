import Foundation
import Testing

@testable import NNScript

/// Keeps grammar/nnscript.ebnf in step with the lexer and parser: its terminals are exactly
/// the lexer's keywords and symbols, and every rule has an example that parses and checks.
@Suite struct GrammarTests {
  static let examples = Support.scripts(in: "grammar/examples")

  static func grammar() throws -> Grammar {
    let url = Support.root.appendingPathComponent("grammar/nnscript.ebnf")
    return try Grammar(String(contentsOf: url, encoding: .utf8))
  }

  /// `dense-2.nns` illustrates the rule `dense`.
  static func rule(illustratedBy example: URL) -> String {
    let name = example.deletingPathExtension().lastPathComponent
    guard let dash = name.lastIndex(of: "-"), name[name.index(after: dash)...].allSatisfy(\.isNumber) else {
      return name
    }
    return String(name[..<dash])
  }

  @Test func everyRuleHasAnExample() throws {
    let illustrated = Set(Self.examples.map(Self.rule(illustratedBy:)))
    let missing = try Self.grammar().rules.map(\.name).filter { !illustrated.contains($0) }
    #expect(missing.isEmpty, "rules without an example in grammar/examples: \(missing)")
  }

  @Test func everyExampleIllustratesARule() throws {
    let rules = Set(try Self.grammar().rules.map(\.name))
    let orphans = Self.examples.filter { !rules.contains(Self.rule(illustratedBy: $0)) }.map(\.lastPathComponent)
    #expect(orphans.isEmpty, "examples named after no rule of the grammar: \(orphans)")
  }

  @Test(arguments: examples)
  func exampleParsesAndChecks(_ example: URL) throws {
    let text = try String(contentsOf: example, encoding: .utf8)
    let file = SourceFile(name: "grammar/examples/\(example.lastPathComponent)", text: text, path: example.path)
    // A file that parses to nothing would exercise nothing.
    #expect(!Parser.parse(file).statements.isEmpty, "\(file.name) has no statements")
    let outcome = Engine().check(file)
    #expect(
      outcome.status == .success,
      "\(file.name) does not check clean:\n\(DiagnosticRenderer().render(outcome.diagnostics))")
  }

  @Test func everyRuleUsedIsDefined() throws {
    let grammar = try Self.grammar()
    let defined = Set(grammar.rules.map(\.name))
    let duplicates = Dictionary(grouping: grammar.rules.map(\.name)) { $0 }.filter { $0.value.count > 1 }.keys
    #expect(duplicates.isEmpty, "rules defined twice: \(duplicates.sorted())")
    for rule in grammar.rules {
      let undefined = rule.references.filter { !defined.contains($0) }
      #expect(undefined.isEmpty, "rule '\(rule.name)' uses undefined rules \(undefined)")
    }
  }

  @Test func wordTerminalsAreTheKeywords() throws {
    let grammar = try Self.grammar()
    let keywords = Set(Keyword.allCases.map(\.rawValue))
    Self.expectSame(grammar.terminals.filter(Grammar.isWord), keywords, "quoted words", "keywords")
    Self.expectSame(
      try grammar.terminals(reachableFrom: "keyword").filter(Grammar.isWord), keywords, "rule keyword", "keywords")
  }

  @Test func commandWordsAreTheCommandKeywords() throws {
    let commands = Set(Keyword.allCases.filter(\.isCommand).map(\.rawValue))
    Self.expectSame(
      try Self.grammar().terminals(reachableFrom: "command_word"), commands, "rule command_word", "command keywords")
  }

  @Test func symbolTerminalsAreTheSymbols() throws {
    let symbols = Set(Symbol.allCases.map(\.rawValue))
    Self.expectSame(try Self.grammar().terminals.filter { !Grammar.isWord($0) }, symbols, "quoted symbols", "Symbol")
  }

  /// Names what one side has and the other lacks, so a failure says which token drifted.
  static func expectSame(
    _ grammar: Set<String>, _ source: Set<String>, _ grammarName: String, _ sourceName: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      grammar == source,
      "\(grammarName) missing from \(sourceName): \(grammar.subtracting(source).sorted()); \(sourceName) missing from the grammar: \(source.subtracting(grammar).sorted())",
      sourceLocation: sourceLocation)
  }

  @Test func readerSeparatesTokensFromCharactersAndComments() throws {
    let grammar = try Grammar(#"a = "if" b | '"' (* "x" *) ? tab ? - c ; b = ";" { "**" } ; c = "(*" ;"#)
    #expect(grammar.rules.map(\.name) == ["a", "b", "c"])
    #expect(grammar.rules.first?.references == ["b", "c"])
    #expect(grammar.terminals == ["if", ";", "**", "(*"])
  }
}

/// Just enough of an ISO-style EBNF reader for the tests: rule names, the rules each refers
/// to, and the double-quoted terminals (whole tokens).
struct Grammar {
  struct Rule {
    let name: String
    var references: [String] = []
    var terminals: Set<String> = []
  }

  struct SyntaxError: Error, CustomStringConvertible {
    let description: String
  }

  private enum Token: Equatable {
    case name(String)
    case terminal(String)
    case symbol(Character)
  }

  private(set) var rules: [Rule] = []

  var terminals: Set<String> { rules.reduce(into: []) { $0.formUnion($1.terminals) } }

  /// A keyword-like terminal (letters and underscores) rather than a symbol.
  static func isWord(_ terminal: String) -> Bool {
    terminal.allSatisfy { $0.isLetter || $0 == "_" }
  }

  init(_ text: String) throws {
    var tokens = try Self.tokens(text)[...]
    var current: Rule?
    while let token = tokens.popFirst() {
      switch (token, current) {
      case (.name(let name), nil):
        guard tokens.popFirst() == .symbol("=") else {
          throw SyntaxError(description: "expected '=' after the rule name '\(name)'")
        }
        current = Rule(name: name)
      case (.name(let name), _?): current?.references.append(name)
      case (.terminal(let terminal), _?): current?.terminals.insert(terminal)
      case (.symbol(";"), let rule?):
        rules.append(rule)
        current = nil
      case (.symbol(let c), _?) where "|{}[]()-".contains(c): break
      default: throw SyntaxError(description: "unexpected \(token) in rule '\(current?.name ?? "")'")
      }
    }
    if let current { throw SyntaxError(description: "rule '\(current.name)' does not end with ';'") }
  }

  private static func tokens(_ text: String) throws -> [Token] {
    var tokens: [Token] = []
    var rest = Substring(text)
    while let c = rest.first {
      if c.isWhitespace {
        rest.removeFirst()
      } else if rest.hasPrefix("(*") {
        rest = try skip(past: "*)", in: rest.dropFirst(2))
      } else if c == "\"" || c == "'" || c == "?" {
        let body = rest.dropFirst().prefix { $0 != c }
        rest = try skip(past: String(c), in: rest.dropFirst())
        // 'x' is a character inside a token and ? … ? describes one: neither is a token.
        if c == "\"" { tokens.append(.terminal(String(body))) }
      } else if c.isLetter || c == "_" {
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        tokens.append(.name(String(name)))
        rest = rest.dropFirst(name.count)
      } else {
        tokens.append(.symbol(c))
        rest.removeFirst()
      }
    }
    return tokens
  }

  private static func skip(past end: String, in text: Substring) throws -> Substring {
    guard let range = text.range(of: end) else {
      throw SyntaxError(description: "no closing \(end) for: \(text.prefix(40))")
    }
    return text[range.upperBound...]
  }

  /// The double-quoted terminals of a rule and of every rule it uses, transitively.
  func terminals(reachableFrom name: String) throws -> Set<String> {
    var seen: Set<String> = []
    var pending = [name]
    var found: Set<String> = []
    while let next = pending.popLast() {
      guard seen.insert(next).inserted else { continue }
      guard let rule = rules.first(where: { $0.name == next }) else {
        throw SyntaxError(description: "no rule '\(next)'")
      }
      found.formUnion(rule.terminals)
      pending += rule.references
    }
    return found
  }
}
