import Foundation
import NNCore

extension Engine {
  /// The words that could complete the one before `cursor`, a UTF-8 offset into `line`, sorted.
  /// `line` may hold every line of an unfinished statement: the lines before give the context.
  ///
  /// Completes command words at the start of a statement, the options of the command being
  /// typed (`epochs:`), the words an option or layer slot understands (`adam`), layers inside
  /// `net < … >`, variables and builtins, `:` commands at the start of a line, bundled dataset
  /// names in `load("…`, and paths in other strings and after `:load` and `:save`.
  ///
  /// Each completion is a whole word and begins with what was typed of it, so a host replaces
  /// the longest end of the text before the cursor that begins the completion.
  public func completions(for line: String, cursor: Int) -> [String] {
    let bytes = Array(line.utf8)
    let before = String(decoding: bytes[..<min(max(cursor, 0), bytes.count)], as: UTF8.self)
    return Completer(variables: variableNames).completions(before: before)
  }
}

/// Works out what the word before the cursor is and which words fit there, from the tokens of
/// the text before it.
struct Completer {
  let variables: [String]

  /// Words that may start a statement besides commands and variables.
  private static let statementKeywords: [Keyword] = [
    .fn, .if, .for, .while, .return, .break, .continue, .import, .assert, .net,
  ]
  /// Words that may appear inside an expression.
  private static let expressionKeywords: [Keyword] = [.not, .and, .or, .in, .true, .false, .none, .fn, .net]

  func completions(before text: String) -> [String] {
    let trimmed = text.drop { $0 == " " || $0 == "\t" }
    if trimmed.hasPrefix(":") { return replCommand(String(trimmed)) }

    let file = SourceFile(name: "completion", text: text)
    var (tokens, diagnostics) = Lexer.tokenize(file)
    tokens.removeLast()  // end of input
    let end = file.bytes.count
    if let last = tokens.last, case .string = last.kind,
      diagnostics.contains(where: { $0.isIncomplete && $0.range?.start == last.start })
    {
      let typed = file.slice(last.start + 1..<end)
      let isLoad =
        tokens.count >= 3 && tokens[tokens.count - 2].isSymbol(.leftParen)
        && tokens[tokens.count - 3].name == "load"
      return matching(isLoad ? BundledDatasets.names : Completer.paths(for: typed), typed)
    }
    // Nothing to complete inside a comment or right after a number.
    if file.slice((tokens.last?.end ?? 0)..<end).contains("#") { return [] }
    var word = ""
    if let last = tokens.last, last.end == end {
      if case .number = last.kind { return [] }
      if let name = last.name {
        word = name
        tokens.removeLast()
      }
    }
    let (scope, segment) = Completer.scope(of: tokens)
    let (candidates, orNames) =
      switch scope {
      case .statements: statement(segment)
      case .net: layer(segment)
      case .brackets: expression()
      }
    let found = matching(candidates, word)
    return found.isEmpty && orNames ? matching(variables, word) : found
  }

  private func matching(_ candidates: [String], _ word: String) -> [String] {
    Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
  }

  // MARK: Contexts. Each gives its candidates, and whether variables fit when none of them does.

  private func replCommand(_ text: String) -> [String] {
    guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
      return matching(ReplCommandCatalog.names, text)
    }
    let argument = String(text[space...].drop { $0 == " " || $0 == "\t" })
    switch ReplCommandCatalog.spec(String(text[..<space]))?.argument {
    case .file: return matching(Completer.paths(for: argument), argument)
    case .topic where !argument.contains(" "): return matching(helpTopics(), argument)
    default: return []
    }
  }

  private func helpTopics() -> [String] {
    CommandCatalog.names + CommandCatalog.commands.flatMap { $0.options.map(\.name) } + LayerCatalog.names
      + Vocabularies.all.flatMap(\.names) + ReplCommandCatalog.names + variables
  }

  private func statement(_ segment: ArraySlice<Token>) -> ([String], Bool) {
    var segment = segment
    // `r = train …` is a command too.
    if segment.count >= 2, segment.first?.name != nil, Completer.isAssignment(segment[segment.startIndex + 1]) {
      segment = segment.dropFirst(2)
    }
    guard let first = segment.first else {
      let keywords = Completer.statementKeywords + Completer.expressionKeywords
      return (CommandCatalog.names + keywords.map(\.rawValue) + variables, false)
    }
    if case .keyword(let keyword) = first.kind, let spec = CommandCatalog.spec(for: keyword) {
      return command(spec, arguments: segment.dropFirst())
    }
    return expression()
  }

  private func command(_ spec: CommandSpec, arguments: ArraySlice<Token>) -> ([String], Bool) {
    if let name = Completer.optionBeingGiven(arguments) {
      guard let words = spec.option(name)?.valueWords, !words.isEmpty else { return expression() }
      return (words, true)
    }
    // After an operator comes the rest of an expression, not another option.
    if let last = arguments.last, case .symbol(let symbol) = last.kind,
      ![.rightParen, .rightBracket, .rightBrace].contains(symbol)
    {
      return expression()
    }
    let options = spec.options.map { $0.name + ":" }
    return spec.maxPositional > 0 ? (options + variables, false) : (options, false)
  }

  private func layer(_ segment: ArraySlice<Token>) -> ([String], Bool) {
    guard let first = segment.first else { return (LayerCatalog.names, false) }
    guard let name = first.name, let spec = LayerCatalog.spec(name) else { return expression() }
    if let option = Completer.optionBeingGiven(segment.dropFirst()) {
      switch spec.option(option)?.kind {
      case .word(let vocabulary): return (vocabulary.names, true)
      case .bool: return (["true", "false"], true)
      default: return expression()
      }
    }
    let words = spec.positional.flatMap { slot -> [String] in
      if case .word(let vocabulary) = slot.kind { return vocabulary.names }
      return []
    }
    return (words + spec.options.map { $0.name + ":" }, true)
  }

  private func expression() -> ([String], Bool) {
    (Completer.expressionKeywords.map(\.rawValue) + variables, false)
  }

  // MARK: Reading the tokens

  enum Scope { case statements, brackets, net }

  /// The innermost scope open at the end of `tokens`, and its tokens since the last statement
  /// or layer separator.
  static func scope(of tokens: [Token]) -> (Scope, ArraySlice<Token>) {
    var open: [(scope: Scope, start: Int)] = [(.statements, 0)]
    for (i, token) in tokens.enumerated() {
      switch token.kind {
      case .symbol(.less) where i > 0 && tokens[i - 1].isKeyword(.net): open.append((.net, i + 1))
      case .symbol(.greater) where open.last?.scope == .net: open.removeLast()
      case .symbol(.leftBrace): open.append((.statements, i + 1))
      case .symbol(.leftParen), .symbol(.leftBracket): open.append((.brackets, i + 1))
      case .symbol(.rightBrace), .symbol(.rightParen), .symbol(.rightBracket):
        if open.count > 1 { open.removeLast() }
      case .newline, .symbol(.semicolon): open[open.count - 1].start = i + 1
      default: break
      }
    }
    return (open.last!.scope, tokens[open.last!.start...])
  }

  /// The option whose value comes next: `opt:` just before the word.
  private static func optionBeingGiven(_ tokens: ArraySlice<Token>) -> String? {
    guard tokens.count >= 2, tokens.last!.isSymbol(.colon) else { return nil }
    return tokens[tokens.endIndex - 2].name
  }

  private static func isAssignment(_ token: Token) -> Bool {
    guard case .symbol(let symbol) = token.kind else { return false }
    return [.assign, .plusAssign, .minusAssign, .starAssign, .slashAssign].contains(symbol)
  }

  /// Files and folders (with a trailing `/`) that begin `typed`, relative to the current
  /// folder. Hidden ones only when `typed` names them.
  static func paths(for typed: String) -> [String] {
    let folder = typed.lastIndex(of: "/").map { String(typed[...$0]) } ?? ""
    let stem = typed.dropFirst(folder.count)
    let directory = folder.isEmpty ? "." : folder
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
    return entries.filter { $0.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.hasPrefix(".")) }.map { entry in
      var isFolder: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: directory + "/" + entry, isDirectory: &isFolder)
      return folder + entry + (exists && isFolder.boolValue ? "/" : "")
    }
  }
}
