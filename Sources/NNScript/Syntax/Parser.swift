/// Recursive-descent parser (Pratt for expressions) producing the AST.
///
/// It recovers after an error by skipping to the next statement, so one run reports several
/// mistakes. An error met at the end of input is marked *incomplete*: the REPL then reads
/// another line instead of reporting it.
struct Parser {
  private let file: SourceFile
  private let tokens: [Token]
  private var index = 0
  private var diagnostics = DiagnosticCollector()
  /// Whether line breaks separate things here: yes in blocks, net literals and command
  /// arguments; no inside `(…)`, `[…]` and records.
  private var newlinesMatter: [Bool] = [true]
  private var depth = 0
  private var blockDepth = 0
  /// Above zero while parsing juxtaposed command arguments.
  private var juxtaposedDepth = 0
  /// True in the header of `if`, `while` and `for`, where a `{` opens the block rather than
  /// a record argument of a command (`if doctor { … }`).
  private var inHeader = false

  static let maxDepth = 200

  /// Parses a whole file.
  static func parse(_ file: SourceFile) -> Program {
    let (tokens, lexerDiagnostics) = Lexer.tokenize(file)
    var parser = Parser(file: file, tokens: tokens, diagnostics: lexerDiagnostics)
    let statements = parser.parseProgram()
    return Program(file: file, statements: statements, diagnostics: parser.diagnostics.diagnostics)
  }

  private init(file: SourceFile, tokens: [Token], diagnostics: [Diagnostic]) {
    self.file = file
    self.tokens = tokens
    self.diagnostics.append(contentsOf: diagnostics)
  }

  // MARK: Token access

  private func range(_ token: Token) -> SourceRange { token.range(in: file) }
  private func text(_ token: Token) -> String { file.slice(token.start..<token.end) }
  private func describe(_ token: Token) -> String { token.description(in: file) }

  private mutating func peek() -> Token {
    skipInsignificantNewlines()
    return tokens[index]
  }

  private mutating func skipInsignificantNewlines() {
    if newlinesMatter.last == false {
      while case .newline = tokens[index].kind { index += 1 }
    }
  }

  /// The token after the next one, line breaks included as they matter here.
  private mutating func peekSecond() -> Token {
    _ = peek()
    var i = index + 1
    if newlinesMatter.last == false {
      while i < tokens.count - 1, tokens[i].kind == .newline { i += 1 }
    }
    return tokens[min(i, tokens.count - 1)]
  }

  @discardableResult
  private mutating func advance() -> Token {
    let token = peek()
    if token.kind != .eof { index += 1 }
    return token
  }

  private var previous: Token { tokens[max(0, index - 1)] }

  /// The last token before `i` that is not a line break.
  private func lastTokenBefore(_ i: Int) -> Token? {
    var j = i - 1
    while j >= 0, tokens[j].kind == .newline { j -= 1 }
    return j >= 0 ? tokens[j] : nil
  }

  // These look at the next token where it lies: copying a token would retain its file.
  private mutating func check(_ symbol: Symbol) -> Bool {
    skipInsignificantNewlines()
    if case .symbol(let s) = tokens[index].kind { return s == symbol }
    return false
  }

  private mutating func check(_ keyword: Keyword) -> Bool {
    skipInsignificantNewlines()
    if case .keyword(let k) = tokens[index].kind { return k == keyword }
    return false
  }

  private mutating func match(_ symbol: Symbol) -> Bool {
    guard check(symbol) else { return false }
    advance()
    return true
  }

  private mutating func match(_ keyword: Keyword) -> Bool {
    guard check(keyword) else { return false }
    advance()
    return true
  }

  private mutating func skipNewlines() {
    while tokens[index].kind == .newline { index += 1 }
  }

  private mutating func skipSeparators() {
    while tokens[index].kind == .newline || tokens[index].isSymbol(.semicolon) { index += 1 }
  }

  /// Runs `body` with line breaks significant or not, restoring the previous rule after.
  /// Inside brackets arguments are never juxtaposed, so that rule is suspended too.
  private mutating func with<T>(newlines matter: Bool, _ body: (inout Parser) throws -> T) rethrows -> T {
    newlinesMatter.append(matter)
    let saved = (juxtaposedDepth, inHeader)
    if !matter { (juxtaposedDepth, inHeader) = (0, false) }
    defer {
      newlinesMatter.removeLast()
      (juxtaposedDepth, inHeader) = saved
    }
    return try body(&self)
  }

  // MARK: Errors

  /// "expected X, found Y" at the next token; incomplete when the input has ended.
  private mutating func expected(_ what: String, opener: Token? = nil) -> Diagnostic {
    let found = peek()
    var diagnostic = Diagnostic(error: "expected \(what), found \(describe(found))", at: range(found))
    if found.kind == .eof {
      diagnostic.isIncomplete = true
    } else if let last = lastTokenBefore(index), range(found).line > range(last).line {
      // The line ended without what was expected: point there, not at the next line.
      let end = SourceRange(file: range(last).file, start: range(last).end, end: range(last).end)
      diagnostic = Diagnostic(error: "expected \(what), found end of line", at: end)
    }
    if let opener { diagnostic = diagnostic.note("'\(text(opener))' opened here", at: range(opener)) }
    return diagnostic
  }

  private mutating func consume(_ symbol: Symbol, _ what: String, opener: Token? = nil) throws -> Token {
    guard check(symbol) else { throw expected(what, opener: opener) }
    return advance()
  }

  private mutating func consumeName(_ what: String) throws -> Name {
    let token = peek()
    guard case .identifier(let name) = token.kind else {
      if case .keyword(let k) = token.kind {
        throw Diagnostic(error: "'\(k.rawValue)' is a reserved word and cannot be used as \(what)", at: range(token))
      }
      throw expected(what)
    }
    advance()
    return Name(text: name, range: range(token))
  }

  private mutating func report(_ diagnostic: Diagnostic) {
    diagnostics.append(diagnostic)
  }

  /// Skips the rest of a broken statement: up to the next separator outside brackets, to the
  /// `}` that closes the enclosing block, or to the next line that starts no deeper than the
  /// broken statement did (so an unclosed bracket does not swallow the rest of the file).
  private mutating func synchronize(statementColumn: Int) {
    var nesting = 0
    while tokens[index].kind != .eof {
      let token = tokens[index]
      if index > 0, startsLine(index), range(token).column <= statementColumn, token.kind != .newline {
        return
      }
      switch token.kind {
      case .newline, .symbol(.semicolon):
        if nesting == 0 {
          index += 1
          return
        }
      case .symbol(.leftParen), .symbol(.leftBracket), .symbol(.leftBrace):
        nesting += 1
      case .symbol(.rightBrace) where nesting == 0:
        if blockDepth > 0 { return }
      case .symbol(.rightParen), .symbol(.rightBracket), .symbol(.rightBrace):
        nesting = max(0, nesting - 1)
      default: break
      }
      index += 1
    }
  }

  /// Whether the token at `i` is the first on its line.
  private func startsLine(_ i: Int) -> Bool {
    i == 0 || tokens[i - 1].kind == .newline
  }

  // MARK: Statements

  private mutating func parseProgram() -> [Stmt] {
    var statements: [Stmt] = []
    skipSeparators()
    while tokens[index].kind != .eof {
      if tokens[index].isSymbol(.rightBrace) {
        report(Diagnostic(error: "unexpected '}' with no open block", at: range(tokens[index])))
        index += 1
      } else {
        parseStatementRecovering(into: &statements)
      }
      skipSeparators()
    }
    return statements
  }

  private mutating func parseStatementRecovering(into statements: inout [Stmt]) {
    let start = index
    let column = range(tokens[index]).column
    do {
      let statement = try parseStatement()
      statements.append(statement)
      try endStatement(after: statement)
    } catch let diagnostic as Diagnostic {
      report(diagnostic)
      synchronize(statementColumn: column)
      if index == start, tokens[index].kind != .eof { index += 1 }
    } catch {
      preconditionFailure("the parser throws only diagnostics")
    }
  }

  /// After a statement: a separator, a closing `}` or the end of input.
  private mutating func endStatement(after statement: Stmt) throws {
    let token = tokens[index]
    switch token.kind {
    case .newline, .eof, .symbol(.semicolon): return
    case .symbol(.rightBrace) where blockDepth > 0: return
    case .symbol(.comma):
      if case .expression(let expr) = statement.kind, case .command(let call) = expr.kind {
        var diagnostic = expected("a new line or ';' after the statement")
        diagnostic.label = "'\(call.name.text)' takes its arguments separated by spaces, not commas"
        throw diagnostic
      }
      throw expected("a new line or ';' after the statement")
    default:
      throw expected("a new line or ';' after the statement")
    }
  }

  private mutating func parseStatement() throws -> Stmt {
    let token = peek()
    switch token.kind {
    case .keyword(.fn) where peekSecond().name != nil:
      advance()
      let decl = try parseFunction(start: token, named: true)
      return Stmt(kind: .function(decl), range: decl.range)
    case .keyword(.if): return try parseIf()
    case .keyword(.for): return try parseFor()
    case .keyword(.while):
      advance()
      let condition = try parseHeader()
      let body = try parseBlock()
      return Stmt(kind: .while(condition: condition, body: body), range: range(token).to(range(previous)))
    case .keyword(.return):
      advance()
      let value = canStartExpression(tokens[index]) ? try parseExpression() : nil
      return Stmt(kind: .return(value), range: range(token).to(range(previous)))
    case .keyword(.break):
      advance()
      return Stmt(kind: .break, range: range(token))
    case .keyword(.continue):
      advance()
      return Stmt(kind: .continue, range: range(token))
    case .keyword(.import):
      advance()
      let path = peek()
      guard case .string(let text) = path.kind else { throw expected("a file name in quotes") }
      advance()
      return Stmt(kind: .import(path: text, pathRange: range(path)), range: range(token).to(range(path)))
    case .keyword(.assert):
      advance()
      let condition = try parseExpression()
      var message: Expr?
      if match(.comma) {
        skipNewlines()
        message = try parseExpression()
      }
      return Stmt(kind: .assert(condition: condition, message: message), range: range(token).to(range(previous)))
    default:
      return try parseAssignmentOrExpression()
    }
  }

  private mutating func parseAssignmentOrExpression() throws -> Stmt {
    let expr = try parseExpression()
    let next = peek()
    if case .symbol(let symbol) = next.kind, let op = AssignOperator(rawValue: symbol.rawValue) {
      switch expr.kind {
      case .variable, .member, .index: break
      default:
        throw Diagnostic(error: "cannot assign to this expression", at: expr.range)
          .expecting("a variable, a member or an index on the left of '\(op.rawValue)'")
      }
      advance()
      skipNewlines()
      let value = try parseExpression()
      return Stmt(kind: .assign(target: expr, op: op, value: value), range: expr.range.to(value.range))
    }
    // `trian epochs: 30`: a word followed by arguments reads as a command that does not exist.
    if case .variable(let name) = expr.kind, canStartArgument(tokens[index]) {
      throw Diagnostic(error: "unknown command '\(name)'", at: expr.range)
        .suggesting(name, from: CommandCatalog.names)
    }
    return Stmt(kind: .expression(expr), range: expr.range)
  }

  /// The expression before a block: `if HEADER {`, `while HEADER {`, `for x in HEADER {`.
  private mutating func parseHeader() throws -> Expr {
    let saved = inHeader
    inHeader = true
    defer { inHeader = saved }
    return try parseExpression()
  }

  private mutating func parseIf() throws -> Stmt {
    let start = advance()
    let condition = try parseHeader()
    let then = try parseBlock()
    var elseBranch: [Stmt]?
    // `else` may start the next line after the closing brace.
    var lookahead = index
    while tokens[lookahead].kind == .newline { lookahead += 1 }
    if tokens[lookahead].isKeyword(.else) {
      index = lookahead + 1
      if check(.if) {
        // Each `else if` puts the tree one level deeper.
        try enterNesting(at: tokens[index])
        defer { depth -= 1 }
        elseBranch = [try parseIf()]
      } else {
        elseBranch = try parseBlock()
      }
    }
    return Stmt(kind: .if(condition: condition, then: then, else: elseBranch), range: range(start).to(range(previous)))
  }

  private mutating func parseFor() throws -> Stmt {
    let start = advance()
    let variable = try consumeName("a loop variable name")
    guard match(.in) else { throw expected("'in' after the loop variable") }
    let iterable = try parseHeader()
    let body = try parseBlock()
    return Stmt(kind: .for(variable: variable, iterable: iterable, body: body), range: range(start).to(range(previous)))
  }

  private mutating func parseBlock() throws -> [Stmt] {
    let open = try consume(.leftBrace, "'{' to start a block")
    try enterNesting(at: open)
    let saved = (juxtaposedDepth, inHeader)
    (juxtaposedDepth, inHeader) = (0, false)
    blockDepth += 1
    defer {
      depth -= 1
      blockDepth -= 1
      (juxtaposedDepth, inHeader) = saved
    }
    return try with(newlines: true) { p in
      var statements: [Stmt] = []
      p.skipSeparators()
      while !p.tokens[p.index].isSymbol(.rightBrace) {
        if p.tokens[p.index].kind == .eof { throw p.expected("'}' to close the block", opener: open) }
        p.parseStatementRecovering(into: &statements)
        p.skipSeparators()
      }
      p.index += 1
      return statements
    }
  }

  private mutating func parseFunction(start: Token, named: Bool) throws -> FunctionDecl {
    let name = named ? try consumeName("a function name") : nil
    let open = try consume(.leftParen, "'(' to start the parameter list")
    let parameters: [Parameter] = try with(newlines: false) { p in
      var parameters: [Parameter] = []
      var names: Set<String> = []
      while !p.check(.rightParen) {
        let name = try p.consumeName("a parameter name")
        var defaultValue: Expr?
        if p.match(.colon) { defaultValue = try p.parseExpression() }
        if !names.insert(name.text).inserted {
          p.report(Diagnostic(error: "duplicate parameter '\(name.text)'", at: name.range))
        }
        parameters.append(Parameter(name: name, defaultValue: defaultValue))
        if !p.match(.comma) { break }
      }
      _ = try p.consume(.rightParen, "')' to close the parameter list", opener: open)
      return parameters
    }
    let body = try parseBlock()
    return FunctionDecl(name: name, parameters: parameters, body: body, range: range(start).to(range(previous)))
  }

  // MARK: Expressions

  private mutating func enterNesting(at token: Token) throws {
    depth += 1
    if depth > Parser.maxDepth {
      depth -= 1
      throw Diagnostic(error: "nested too deeply", at: range(token))
        .expecting("at most \(Parser.maxDepth) levels of nesting")
    }
    // A host's thread may have a stack too small for the full depth.
    if !StackGuard.hasRoom {
      depth -= 1
      throw Diagnostic(error: "nested too deeply", at: range(token))
        .expecting("at most \(depth) levels of nesting on this thread")
    }
  }

  mutating func parseExpression() throws -> Expr {
    try enterNesting(at: peek())
    defer { depth -= 1 }
    return try parseBinary(minPrecedence: 1)
  }

  private static func infix(_ token: Token) -> (BinaryOperator, precedence: Int)? {
    switch token.kind {
    case .keyword(.or): return (.or, 1)
    case .keyword(.and): return (.and, 2)
    case .symbol(.equalEqual): return (.equal, 4)
    case .symbol(.bangEqual): return (.notEqual, 4)
    case .symbol(.less): return (.less, 4)
    case .symbol(.lessEqual): return (.lessEqual, 4)
    case .symbol(.greater): return (.greater, 4)
    case .symbol(.greaterEqual): return (.greaterEqual, 4)
    case .keyword(.in): return (.in, 4)
    case .symbol(.plus): return (.add, 5)
    case .symbol(.minus): return (.subtract, 5)
    case .symbol(.star): return (.multiply, 6)
    case .symbol(.slash): return (.divide, 6)
    case .symbol(.percent): return (.modulo, 6)
    case .symbol(.power): return (.power, 8)
    default: return nil
    }
  }

  private mutating func parseBinary(minPrecedence: Int) throws -> Expr {
    var left = try parseUnary(minPrecedence: minPrecedence)
    // Each operator applied puts the tree one level deeper: `1 + 1 + … + 1` nests too.
    let outerDepth = depth
    defer { depth = outerDepth }
    while true {
      var token = peek()
      var op: BinaryOperator
      var precedence: Int
      if token.isKeyword(.not), peekSecond().isKeyword(.in) {
        (op, precedence) = (.notIn, 4)
      } else if let (o, p) = Parser.infix(token) {
        (op, precedence) = (o, p)
      } else {
        return left
      }
      // Among juxtaposed arguments `-3` after a space is the next argument: `print 1 -3`.
      if juxtaposedDepth > 0, op == .subtract, token.spaceBefore, !tokens[index + 1].spaceBefore {
        return left
      }
      guard precedence >= minPrecedence else { return left }
      advance()
      if op == .notIn { token = advance() }
      skipNewlines()
      try enterNesting(at: token)
      // `**` is right-associative; everything else associates to the left.
      let right = try parseBinary(minPrecedence: op == .power ? precedence : precedence + 1)
      left = Expr(kind: .binary(op, left, right), range: left.range.to(right.range))
    }
  }

  private mutating func parseUnary(minPrecedence: Int) throws -> Expr {
    let token = peek()
    if token.isKeyword(.not), minPrecedence <= 3 {
      advance()
      try enterNesting(at: token)
      defer { depth -= 1 }
      let operand = try parseBinary(minPrecedence: 3)
      return Expr(kind: .unary(.not, operand), range: range(token).to(operand.range))
    }
    if token.isSymbol(.minus) {
      advance()
      try enterNesting(at: token)
      defer { depth -= 1 }
      // Unary minus binds looser than `**`: -2 ** 2 is -4.
      let operand = try parseBinary(minPrecedence: 7)
      if case .number(let value) = operand.kind {
        return Expr(kind: .number(-value), range: range(token).to(operand.range))
      }
      return Expr(kind: .unary(.negate, operand), range: range(token).to(operand.range))
    }
    return try parsePostfix(try parsePrimary(), juxtaposed: juxtaposedDepth > 0)
  }

  /// Calls, members and indexing. Where arguments are juxtaposed (commands, layers) a `(` or
  /// `[` after white space starts the next argument instead.
  private mutating func parsePostfix(_ base: Expr, juxtaposed: Bool) throws -> Expr {
    var expr = base
    let outerDepth = depth
    defer { depth = outerDepth }
    while true {
      let token = peek()
      if token.isSymbol(.leftParen) || token.isSymbol(.dot) || token.isSymbol(.leftBracket) {
        try enterNesting(at: token)
      }
      if juxtaposed, token.spaceBefore, token.isSymbol(.leftParen) || token.isSymbol(.leftBracket) {
        return expr
      }
      if token.isSymbol(.leftParen) {
        advance()
        let arguments = try parseArguments(closing: .rightParen, opener: token)
        expr = Expr(kind: .call(expr, arguments), range: expr.range.to(range(previous)))
      } else if token.isSymbol(.dot) {
        advance()
        let nameToken = peek()
        guard let name = nameToken.name else { throw expected("a member name after '.'") }
        advance()
        expr = Expr(
          kind: .member(expr, Name(text: name, range: range(nameToken))), range: expr.range.to(range(nameToken)))
      } else if token.isSymbol(.leftBracket) {
        advance()
        let subscriptExpr = try with(newlines: false) { p in try p.parseExpression() }
        _ = try with(newlines: false) { p in try p.consume(.rightBracket, "']' to close the index", opener: token) }
        expr = Expr(kind: .index(expr, subscriptExpr), range: expr.range.to(range(previous)))
      } else {
        return expr
      }
    }
  }

  /// `(a, b, name: c)` after the opening parenthesis.
  private mutating func parseArguments(closing: Symbol, opener: Token) throws -> [Argument] {
    try with(newlines: false) { p in
      var arguments: [Argument] = []
      while !p.check(closing) {
        arguments.append(try p.parseArgument(juxtaposed: false))
        if !p.match(.comma) { break }
      }
      _ = try p.consume(closing, "'\(closing.rawValue)' to close the arguments", opener: opener)
      return arguments
    }
  }

  /// `value` or `name: value`.
  private mutating func parseArgument(juxtaposed: Bool) throws -> Argument {
    let token = peek()
    if let name = token.name, peekSecond().isSymbol(.colon) {
      advance()
      advance()
      skipNewlines()
      let value = juxtaposed ? try parseCommandValue() : try parseExpression()
      return Argument(label: Name(text: name, range: range(token)), value: value)
    }
    return Argument(label: nil, value: juxtaposed ? try parseCommandValue() : try parseExpression())
  }

  /// A command argument: a whole expression, but `(` and `[` after white space begin the next
  /// argument, so `plot loss (x)` has two.
  private mutating func parseCommandValue() throws -> Expr {
    try enterNesting(at: peek())
    defer { depth -= 1 }
    juxtaposedDepth += 1
    defer { juxtaposedDepth -= 1 }
    return try parseBinary(minPrecedence: 1)
  }

  private mutating func parsePrimary() throws -> Expr {
    let token = peek()
    switch token.kind {
    case .number(let value):
      advance()
      return Expr(kind: .number(value), range: range(token))
    case .string(let value):
      advance()
      return Expr(kind: .string(value), range: range(token))
    case .identifier(let name):
      advance()
      return Expr(kind: .variable(name), range: range(token))
    case .keyword(.true), .keyword(.false):
      advance()
      return Expr(kind: .bool(token.isKeyword(.true)), range: range(token))
    case .keyword(.none):
      advance()
      return Expr(kind: .none, range: range(token))
    case .keyword(.fn):
      advance()
      let decl = try parseFunction(start: token, named: false)
      return Expr(kind: .function(decl), range: decl.range)
    case .keyword(.net):
      return try parseNet()
    case .keyword(let keyword) where keyword.isCommand:
      return try parseCommand()
    case .symbol(.leftParen):
      advance()
      let inner = try with(newlines: false) { p in
        let inner = try p.parseExpression()
        _ = try p.consume(.rightParen, "')'", opener: token)
        return inner
      }
      return Expr(kind: inner.kind, range: range(token).to(range(previous)))
    case .symbol(.leftBracket):
      advance()
      let elements: [Expr] = try with(newlines: false) { p in
        var elements: [Expr] = []
        while !p.check(.rightBracket) {
          elements.append(try p.parseExpression())
          if !p.match(.comma) { break }
        }
        _ = try p.consume(.rightBracket, "']' to close the list", opener: token)
        return elements
      }
      return Expr(kind: .list(elements), range: range(token).to(range(previous)))
    case .symbol(.leftBrace):
      return try parseRecord()
    default:
      throw expected("an expression")
    }
  }

  private mutating func parseRecord() throws -> Expr {
    let open = advance()
    let entries: [RecordEntry] = try with(newlines: false) { p in
      var entries: [RecordEntry] = []
      var keys: Set<String> = []
      while !p.check(.rightBrace) {
        let keyToken = p.peek()
        let key: String
        if let name = keyToken.name {
          key = name
        } else if case .string(let text) = keyToken.kind {
          key = text
        } else {
          throw p.expected("a field name")
        }
        p.advance()
        _ = try p.consume(.colon, "':' after the field name")
        let value = try p.parseExpression()
        if !keys.insert(key).inserted {
          p.report(Diagnostic(error: "duplicate field '\(key)'", at: p.range(keyToken)))
        }
        entries.append(RecordEntry(key: Name(text: key, range: p.range(keyToken)), value: value))
        if !p.match(.comma) { break }
      }
      _ = try p.consume(.rightBrace, "'}' to close the record", opener: open)
      return entries
    }
    return Expr(kind: .record(entries), range: range(open).to(range(previous)))
  }

  /// A command word and its arguments, up to the end of the statement.
  private mutating func parseCommand() throws -> Expr {
    let token = advance()
    guard case .keyword(let keyword) = token.kind else { preconditionFailure("parseCommand on a non-command") }
    let arguments: [Argument] = try with(newlines: true) { p in
      var arguments: [Argument] = []
      while p.canStartArgument(p.peek()) {
        arguments.append(try p.parseArgument(juxtaposed: true))
      }
      return arguments
    }
    let span = arguments.last.map { range(token).to($0.range) } ?? range(token)
    let call = CommandCall(
      command: keyword, name: Name(text: keyword.rawValue, range: range(token)), arguments: arguments)
    return Expr(kind: .command(call), range: span)
  }

  /// `net < layer; layer … >`
  private mutating func parseNet() throws -> Expr {
    let start = advance()
    let open = try consume(.less, "'<' to start the layers of the network")
    let layers: [LayerNode] = try with(newlines: true) { p in
      var layers: [LayerNode] = []
      p.skipSeparators()
      while !p.check(.greater) {
        layers.append(try p.parseLayer(opener: open))
        guard p.check(.greater) || p.tokens[p.index].kind == .newline || p.check(.semicolon) else {
          throw p.expected("';', a new line or '>' after the layer", opener: open)
        }
        p.skipSeparators()
      }
      p.advance()
      return layers
    }
    return Expr(kind: .network(NetLiteral(layers: layers)), range: range(start).to(range(previous)))
  }

  private mutating func parseLayer(opener: Token) throws -> LayerNode {
    let token = peek()
    guard let name = token.name else {
      throw expected(token.kind == .eof ? "'>' to close the network" : "a layer name", opener: opener)
    }
    advance()
    var arguments: [Argument] = []
    while !check(.greater), !check(.semicolon), tokens[index].kind != .newline, tokens[index].kind != .eof {
      let argument = peek()
      if let label = argument.name, peekSecond().isSymbol(.colon) {
        advance()
        advance()
        skipNewlines()
        let value = try parseLayerValue()
        arguments.append(Argument(label: Name(text: label, range: range(argument)), value: value))
      } else {
        arguments.append(Argument(label: nil, value: try parseLayerValue()))
      }
    }
    let span = arguments.last.map { range(token).to($0.range) } ?? range(token)
    return LayerNode(name: Name(text: name, range: range(token)), arguments: arguments, range: span)
  }

  /// A layer argument: a word, number, string, variable, list or parenthesised expression,
  /// with calls and members written without spaces (`init: normal(0.01)`).
  private mutating func parseLayerValue() throws -> Expr {
    let token = peek()
    try enterNesting(at: token)
    defer { depth -= 1 }
    if token.isSymbol(.minus) {
      advance()
      let operand = try parseLayerValue()
      if case .number(let value) = operand.kind {
        return Expr(kind: .number(-value), range: range(token).to(operand.range))
      }
      return Expr(kind: .unary(.negate, operand), range: range(token).to(operand.range))
    }
    switch token.kind {
    case .number, .string, .identifier, .keyword(.true), .keyword(.false), .keyword(.none),
      .symbol(.leftParen), .symbol(.leftBracket):
      return try parsePostfix(try parsePrimary(), juxtaposed: true)
    default:
      throw expected("a layer argument (a number, a word or a parenthesised expression)")
    }
  }

  // MARK: Lookahead helpers

  private func canStartExpression(_ token: Token) -> Bool {
    switch token.kind {
    case .number, .string, .identifier: return true
    case .keyword(let k):
      return [.true, .false, .none, .not, .fn, .net].contains(k) || k.isCommand
    case .symbol(let s): return [.leftParen, .leftBracket, .leftBrace, .minus].contains(s)
    case .newline, .eof: return false
    }
  }

  /// Whether a token can begin a juxtaposed command argument (a value or a `name:` label).
  private func canStartArgument(_ token: Token) -> Bool {
    if token.kind == .newline { return false }
    if inHeader, token.isSymbol(.leftBrace) { return false }
    if case .keyword(let k) = token.kind, k == .and || k == .or || k == .in {
      return tokens[index + 1].isSymbol(.colon)
    }
    if token.name != nil, tokens[index + 1].isSymbol(.colon) { return true }
    return canStartExpression(token)
  }
}
