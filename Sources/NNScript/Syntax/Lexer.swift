/// Turns source text into tokens. Errors are reported and skipped so that one run can
/// report several; an unterminated string is *incomplete* input (the REPL asks for more).
struct Lexer {
  private let file: SourceFile
  private let bytes: [UInt8]
  private var pos = 0
  private var sawSpace = true
  private var diagnostics = DiagnosticCollector()

  init(file: SourceFile) {
    self.file = file
    self.bytes = file.bytes
  }

  static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
    var lexer = Lexer(file: file)
    var tokens: [Token] = []
    tokens.reserveCapacity(file.bytes.count / 4)
    while true {
      let token = lexer.next()
      tokens.append(token)
      if token.kind == .eof { break }
    }
    return (tokens, lexer.diagnostics.diagnostics)
  }

  private mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  private func peek(_ ahead: Int = 0) -> UInt8 {
    pos + ahead < bytes.count ? bytes[pos + ahead] : 0
  }

  private func range(_ start: Int) -> SourceRange { SourceRange(file: file, start: start, end: pos) }

  private mutating func make(_ kind: TokenKind, from start: Int) -> Token {
    let token = Token(kind: kind, start: start, end: pos, spaceBefore: sawSpace)
    sawSpace = false
    return token
  }

  /// The next token. Characters that start no token are reported and skipped in a loop, so a
  /// long run of them costs no stack.
  mutating func next() -> Token {
    while true {
      if let token = token() { return token }
    }
  }

  /// The token at `pos`, or nil after reporting and skipping a character that starts none.
  private mutating func token() -> Token? {
    while pos < bytes.count {
      let c = bytes[pos]
      if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
        pos += 1
        sawSpace = true
      } else if c == UInt8(ascii: "#") {
        while pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
      } else if c == UInt8(ascii: "\\"),
        peek(1) == UInt8(ascii: "\n") || (peek(1) == UInt8(ascii: "\r") && peek(2) == UInt8(ascii: "\n"))
      {
        pos += peek(1) == UInt8(ascii: "\n") ? 2 : 3  // an escaped line break joins two lines
        sawSpace = true
      } else {
        break
      }
    }
    let start = pos
    guard pos < bytes.count else { return make(.eof, from: start) }
    let c = bytes[pos]
    if c == UInt8(ascii: "\n") {
      pos += 1
      sawSpace = true
      return Token(kind: .newline, start: start, end: pos, spaceBefore: true)
    }
    if isDigit(c) || (c == UInt8(ascii: ".") && isDigit(peek(1))) { return number(start) }
    if isIdentifierStart(c) { return identifier(start) }
    if c == UInt8(ascii: "\"") { return string(start) }
    if let symbol = symbol() { return make(.symbol(symbol), from: start) }

    // Anything else: report it and carry on with the next character.
    let scalarLength = utf8Length(c)
    pos = min(bytes.count, pos + scalarLength)
    report(Diagnostic(error: "unexpected character \(Lexer.describe(file.slice(start..<pos)))", at: range(start)))
    return nil
  }

  /// A character as an error message quotes it: control characters by their code point, since
  /// printed raw they would be invisible or move the cursor.
  private static func describe(_ character: String) -> String {
    guard let scalar = character.unicodeScalars.first, scalar.value < 0x20 || scalar.value == 0x7F else {
      return "'\(character)'"
    }
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: 4 - hex.count) + hex
  }

  private mutating func number(_ start: Int) -> Token {
    while isDigit(peek()) || peek() == UInt8(ascii: "_") { pos += 1 }
    if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
      pos += 1
      while isDigit(peek()) || peek() == UInt8(ascii: "_") { pos += 1 }
    }
    if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      let sign = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") ? 1 : 0
      if isDigit(peek(1 + sign)) {
        pos += 1 + sign
        while isDigit(peek()) { pos += 1 }
      } else {
        pos += 1 + sign
        report(
          Diagnostic(error: "malformed number '\(file.slice(start..<pos))'", at: range(start))
            .expecting("digits after the exponent"))
        return make(.number(0), from: start)
      }
    }
    if isIdentifierStart(peek()) {
      // `12abc`: report the whole run once rather than a number and a name.
      while isIdentifierPart(peek()) { pos += 1 }
      report(
        Diagnostic(error: "malformed number '\(file.slice(start..<pos))'", at: range(start)))
      return make(.number(0), from: start)
    }
    let digits = bytes[start..<pos].filter { $0 != UInt8(ascii: "_") }
    return make(.number(Double(String(decoding: digits, as: UTF8.self)) ?? .infinity), from: start)
  }

  private mutating func identifier(_ start: Int) -> Token {
    while isIdentifierPart(peek()) { pos += 1 }
    let text = file.slice(start..<pos)
    if let keyword = Keyword(rawValue: text) { return make(.keyword(keyword), from: start) }
    return make(.identifier(text), from: start)
  }

  private mutating func string(_ start: Int) -> Token {
    pos += 1
    var value: [UInt8] = []
    while pos < bytes.count, bytes[pos] != UInt8(ascii: "\"") {
      if bytes[pos] == UInt8(ascii: "\\") {
        let escapeStart = pos
        pos += 1
        guard pos < bytes.count else { break }
        switch bytes[pos] {
        case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
        case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
        case UInt8(ascii: "\""): value.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): value.append(UInt8(ascii: "\\"))
        default:
          let length = utf8Length(bytes[pos])
          pos = min(bytes.count, pos + length)
          report(
            Diagnostic(
              error: "unknown escape sequence '\(file.slice(escapeStart..<pos))'",
              at: SourceRange(file: file, start: escapeStart, end: pos)
            ).expecting("one of \\n \\t \\\" \\\\"))
          continue
        }
        pos += 1
      } else {
        value.append(bytes[pos])
        pos += 1
      }
    }
    guard pos < bytes.count else {
      var diagnostic = Diagnostic(
        error: "unterminated string", at: SourceRange(file: file, start: start, end: start + 1)
      ).expecting("a closing '\"'")
      diagnostic.isIncomplete = true
      report(diagnostic)
      return make(.string(String(decoding: value, as: UTF8.self)), from: start)
    }
    pos += 1
    return make(.string(String(decoding: value, as: UTF8.self)), from: start)
  }

  private mutating func symbol() -> Symbol? {
    // Longest match first: `**` before `*`, `<=` before `<`.
    let second = peek(1)
    let two: Symbol?
    switch (bytes[pos], second) {
    case (UInt8(ascii: "*"), UInt8(ascii: "*")): two = .power
    case (UInt8(ascii: "="), UInt8(ascii: "=")): two = .equalEqual
    case (UInt8(ascii: "!"), UInt8(ascii: "=")): two = .bangEqual
    case (UInt8(ascii: "<"), UInt8(ascii: "=")): two = .lessEqual
    case (UInt8(ascii: ">"), UInt8(ascii: "=")): two = .greaterEqual
    case (UInt8(ascii: "+"), UInt8(ascii: "=")): two = .plusAssign
    case (UInt8(ascii: "-"), UInt8(ascii: "=")): two = .minusAssign
    case (UInt8(ascii: "*"), UInt8(ascii: "=")): two = .starAssign
    case (UInt8(ascii: "/"), UInt8(ascii: "=")): two = .slashAssign
    default: two = nil
    }
    if let two {
      pos += 2
      return two
    }
    guard let one = Lexer.singleCharacterSymbols[Int(bytes[pos])] else { return nil }
    pos += 1
    return one
  }

  /// The one-character symbols, indexed by their byte.
  private static let singleCharacterSymbols: [Symbol?] = {
    var table = [Symbol?](repeating: nil, count: 256)
    for symbol in Symbol.allCases where symbol.rawValue.utf8.count == 1 {
      table[Int(symbol.rawValue.utf8.first!)] = symbol
    }
    return table
  }()

  private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

  private func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
      || c == UInt8(ascii: "_")
  }

  private func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }

  private func utf8Length(_ lead: UInt8) -> Int {
    switch lead {
    case 0xF0...: return 4
    case 0xE0...: return 3
    case 0xC0...: return 2
    default: return 1
    }
  }
}
