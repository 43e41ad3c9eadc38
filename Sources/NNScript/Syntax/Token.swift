/// The kinds of token nnscript's lexer produces.
enum TokenKind: Equatable, Sendable {
  case number(Double)
  case string(String)
  case identifier(String)
  case keyword(Keyword)
  case symbol(Symbol)
  /// A line break outside brackets: a statement or layer separator.
  case newline
  case eof
}

/// Reserved words. Command words are reserved too: a statement that starts with one takes
/// its arguments without parentheses or commas (see grammar/nnscript.ebnf).
enum Keyword: String, CaseIterable, Sendable {
  case fn, `if`, `else`, `for`, `in`, `while`, `return`, `break`, `continue`
  case `import`, assert, net, and, or, not, `true`, `false`, none
  // Command words.
  case print, seed, train, search, doctor, fix, reset, summary, eval, save, resume, plot, report

  /// Whether the word starts a command statement (`train`, `print`…).
  var isCommand: Bool { CommandCatalog.spec(for: self) != nil }
}

/// Operators and punctuation, spelled as in source.
enum Symbol: String, CaseIterable, Sendable {
  case plus = "+"
  case minus = "-"
  case star = "*"
  case slash = "/"
  case percent = "%"
  case power = "**"
  case equalEqual = "=="
  case bangEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
  case assign = "="
  case plusAssign = "+="
  case minusAssign = "-="
  case starAssign = "*="
  case slashAssign = "/="
  case leftParen = "("
  case rightParen = ")"
  case leftBracket = "["
  case rightBracket = "]"
  case leftBrace = "{"
  case rightBrace = "}"
  case comma = ","
  case colon = ":"
  case semicolon = ";"
  case dot = "."
}

/// A token: its kind and where it lies, as byte offsets into its file. Tokens hold no
/// reference to the file, so the parser can pass them around without reference counting;
/// `range(in:)` makes the `SourceRange` that AST nodes and diagnostics keep.
struct Token: Sendable {
  let kind: TokenKind
  let start: Int
  let end: Int
  /// Whether white space separates this token from the previous one: `f(x)` is a call,
  /// but inside command and layer arguments `f (x)` is two arguments.
  let spaceBefore: Bool

  func range(in file: SourceFile) -> SourceRange { SourceRange(file: file, start: start, end: end) }

  /// How the token is named in "expected …, found …" messages.
  func description(in file: SourceFile) -> String {
    switch kind {
    case .number: return "number '\(file.slice(start..<end))'"
    case .string: return "string"
    case .identifier(let name): return "'\(name)'"
    case .keyword(let k): return "'\(k.rawValue)'"
    case .symbol(let s): return "'\(s.rawValue)'"
    case .newline: return "end of line"
    case .eof: return "end of input"
    }
  }

  /// The name this token spells, when it can stand as a name (`train:`, `r.seed`).
  var name: String? {
    switch kind {
    case .identifier(let n): return n
    case .keyword(let k): return k.rawValue
    default: return nil
    }
  }

  func isSymbol(_ s: Symbol) -> Bool {
    if case .symbol(let symbol) = kind { return symbol == s }
    return false
  }

  func isKeyword(_ k: Keyword) -> Bool {
    if case .keyword(let keyword) = kind { return keyword == k }
    return false
  }
}
