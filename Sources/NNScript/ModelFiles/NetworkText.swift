/// A network as a model file or checkpoint keeps it in `nnscript.net`, read as data: exactly
/// the text `NetworkValue.description` writes, `net < dense 16 relu; dropout 0.1; dense 3 softmax >`.
/// Each layer is its word and its arguments, each argument a literal number, `true` or
/// `false`, or a word (with literal numbers in parentheses, `leaky_relu(0.1)`), positional or
/// after `name:`. Nothing in it is evaluated: a file that holds anything else (a call, a
/// string, a variable, an operator) is refused at that character.
struct NetworkText {
  /// One layer as the text writes it; the interpreter binds its arguments to the layer's slots.
  struct Layer {
    let name: Name
    let arguments: [(label: Name?, value: Value, range: SourceRange)]
    let range: SourceRange
  }

  let layers: [Layer]
  /// The whole text, for the network's range.
  let range: SourceRange

  /// Longer texts are refused before they are read: nnscript writes a few bytes per layer.
  static let maxLength = 1_000_000
  static let field = "nnscript.net"

  /// Reads `file`'s text; throws a diagnostic at the first thing that is not network data.
  init(_ file: SourceFile) throws {
    let whole = SourceRange(file: file, start: 0, end: file.bytes.count)
    guard file.bytes.count <= Self.maxLength else {
      throw Diagnostic(error: "\(Self.field) is \(file.bytes.count) bytes long, above \(Self.maxLength)", at: whole)
    }
    var scanner = try Scanner(file: file)
    try scanner.expect(.word("net"), "net < … >")
    try scanner.expect(.symbol("<"), "'<' after net")
    var layers: [Layer] = []
    repeat {
      layers.append(try scanner.layer())
    } while try scanner.skip(.symbol(";"))
    try scanner.expect(.symbol(">"), "';' and another layer, or '>'")
    try scanner.expect(.end, "the end of the text after '>'")
    self.layers = layers
    range = whole
  }

  /// A token of the text: its kind and where it is.
  private enum Kind: Equatable {
    case word(String)
    case number(Double)
    case symbol(Character)
    case end
  }

  /// Reads the text a token at a time, front to back, never backtracking.
  private struct Scanner {
    let file: SourceFile
    var offset = 0
    var token: (kind: Kind, range: SourceRange)

    init(file: SourceFile) throws {
      self.file = file
      token = (.end, SourceRange(file: file, start: 0, end: 0))
      try advance()
    }

    /// A layer: its word, then arguments up to `;` or `>`.
    mutating func layer() throws -> Layer {
      guard case .word(let word) = token.kind else { throw unexpected("a layer word") }
      let name = Name(text: word, range: token.range)
      try advance()
      var arguments: [(label: Name?, value: Value, range: SourceRange)] = []
      var end = name.range
      while token.kind != .symbol(";"), token.kind != .symbol(">"), token.kind != .end {
        var label: Name?
        if case .word(let word) = token.kind, try peekSymbol(":") {
          label = Name(text: word, range: token.range)
          try advance()
          try advance()
        }
        let (value, range) = try self.value(arguments: true)
        arguments.append((label, value, range))
        end = range
      }
      return Layer(name: name, arguments: arguments, range: name.range.to(end))
    }

    /// A number, `true`, `false` or a word; a word may take literal `arguments` in parentheses.
    private mutating func value(arguments allowed: Bool) throws -> (Value, SourceRange) {
      let start = token.range
      switch token.kind {
      case .number(let n):
        try advance()
        return (.number(n), start)
      case .word("true"), .word("false"):
        let value = Value.bool(token.kind == .word("true"))
        try advance()
        return (value, start)
      case .word(let word):
        try advance()
        guard allowed, token.kind == .symbol("(") else { return (.term(Term(name: word)), start) }
        try advance()
        var positional: [Value] = []
        var options: [(name: String, value: Value)] = []
        repeat {
          if case .word(let option) = token.kind, try peekSymbol(":") {
            try advance()
            try advance()
            options.append((option, try value(arguments: false).0))
          } else {
            guard options.isEmpty else { throw unexpected("a named argument after named ones") }
            positional.append(try value(arguments: false).0)
          }
        } while try skip(.symbol(","))
        let end = token.range
        try expect(.symbol(")"), "',' or ')'")
        return (.term(Term(name: word, arguments: positional, options: options)), start.to(end))
      default:
        throw unexpected("a number, true, false or a word")
      }
    }

    /// Whether the token after this one is `symbol`, without moving on.
    private func peekSymbol(_ symbol: Character) throws -> Bool {
      var copy = self
      try copy.advance()
      return copy.token.kind == .symbol(symbol)
    }

    /// Moves past the token when it is `kind`; whether it was.
    mutating func skip(_ kind: Kind) throws -> Bool {
      guard token.kind == kind else { return false }
      try advance()
      return true
    }

    mutating func expect(_ kind: Kind, _ what: String) throws {
      guard try skip(kind) else { throw unexpected(what) }
    }

    private mutating func advance() throws {
      token = try next()
    }

    /// The token at `offset`, after any spaces.
    private mutating func next() throws -> (kind: Kind, range: SourceRange) {
      let bytes = file.bytes
      while offset < bytes.count, bytes[offset] == UInt8(ascii: " ") { offset += 1 }
      let start = offset
      func range() -> SourceRange { SourceRange(file: file, start: start, end: offset) }
      guard offset < bytes.count else { return (.end, range()) }
      let byte = bytes[offset]
      if Self.isLetter(byte) {
        while offset < bytes.count, Self.isLetter(bytes[offset]) || Self.isDigit(bytes[offset]) { offset += 1 }
        return (.word(String(decoding: bytes[start..<offset], as: UTF8.self)), range())
      }
      if Self.isDigit(byte)
        || (byte == UInt8(ascii: "-") && offset + 1 < bytes.count && Self.isDigit(bytes[offset + 1]))
      {
        offset += 1
        while offset < bytes.count {
          let c = bytes[offset]
          let exponentSign =
            (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && (bytes[offset - 1] | 0x20) == UInt8(ascii: "e")
          guard Self.isDigit(c) || c == UInt8(ascii: ".") || (c | 0x20) == UInt8(ascii: "e") || exponentSign else {
            break
          }
          offset += 1
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard let n = Double(text), n.isFinite else {
          throw Diagnostic(error: "\(NetworkText.field) holds '\(text)', which is not a finite number", at: range())
        }
        return (.number(n), range())
      }
      if "<>;:(),".utf8.contains(byte) {
        offset += 1
        return (.symbol(Character(Unicode.Scalar(byte))), range())
      }
      // A character nnscript never writes here: quote it whole, however many bytes it has.
      offset += 1
      while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
      return (.symbol(Character(String(decoding: bytes[start..<offset], as: UTF8.self))), range())
    }

    private func unexpected(_ expected: String) -> Diagnostic {
      let found: String
      switch token.kind {
      case .word(let word): found = "'\(word.prefix(40))'"
      case .number(let n): found = "'\(Value.format(n))'"
      case .symbol(let c): found = c == "\"" ? "a string" : "'\(c)'"
      case .end: found = "the end of the text"
      }
      return Diagnostic(error: "\(NetworkText.field) holds \(found) where nnscript writes \(expected)", at: token.range)
        .expecting("a network as nnscript writes it: layer words, numbers and option words")
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
      (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
  }
}
