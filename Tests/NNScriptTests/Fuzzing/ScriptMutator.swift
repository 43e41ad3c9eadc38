import NNCore

@testable import NNScript

/// Mutates a script so that it stays a script: numbers, layer words, activations,
/// initialisers, optimisers, losses, samplers, paddings, truth values and dataset names are
/// swapped for others of their kind, so most mutants pass the checker and reach training.
///
/// Every mutant is then bounded so it runs in moments on tiny data: `epochs:`, `trials:`,
/// `budget:`, `folds:`, sample counts and the like are capped, and a `train`, `search` or
/// `fix` that does not say how much to do is told. Numbers inside a `while` are left alone,
/// since a changed step or bound could make the loop endless.
struct ScriptMutator {
  /// Words that may replace each other: a word is swapped only within its group.
  static let groups: [[String]] = [
    Vocabularies.activations.names, Vocabularies.initializers.names, Vocabularies.optimizers.names,
    Vocabularies.losses.names, Vocabularies.samplers.names, ["valid", "same"],
    ["maxpool", "avgpool"], ["conv1d", "conv2d"], ["bn", "gap", "flatten"],
    ["moons", "circles", "xor"], ["spirals", "blobs"],
  ]

  /// The most an option may ask for.
  static let caps: [String: Double] = [
    "epochs": 3, "trials": 2, "budget": 1, "folds": 2, "restarts": 1, "jobs": 1, "threads": 1,
    "n": 120, "classes": 4, "features": 6, "steps": 40, "early": 2,
  ]
  /// What a command that leaves out how much to do is given.
  static let defaults: [Keyword: [(name: String, value: String)]] = [
    .train: [("epochs", "2")], .search: [("epochs", "2"), ("trials", "2")], .fix: [("budget", "1")],
  ]

  /// A place a swap may change: the bytes `range` of the script, and what they may become.
  private struct Site {
    let range: Range<Int>
    let choices: (inout SeededGenerator) -> String
    let kind: String
  }

  let base: SourceFile
  private let tokens: [Token]
  private let sites: [Site]

  init(_ base: SourceFile) {
    self.base = base
    tokens = Lexer.tokenize(base).tokens
    sites = Self.sites(in: tokens)
  }

  /// A mutant: one to four swaps, then the bounds. `applied` says what changed, for messages.
  func mutant(using rng: inout SeededGenerator) -> (text: String, applied: [String]) {
    var edits: [Range<Int>: String] = [:]
    var applied: [String] = []
    if !sites.isEmpty {
      for _ in 0..<Int.random(in: 1...4, using: &rng) {
        let site = sites.randomElement(using: &rng)!
        let text = site.choices(&rng)
        edits[site.range] = text
        applied.append("\(site.kind) '\(base.slice(site.range))' → '\(text)'")
      }
    }
    return (bounded(with: edits), applied)
  }

  /// The script with `edits` applied, its options capped and the missing bounds added.
  private func bounded(with edits: [Range<Int>: String]) -> String {
    var out: [UInt8] = []
    var at = 0
    var lineOptions: Set<String> = []
    var pending: (index: Int, keyword: Keyword)?
    func closeLine() {
      guard let (index, keyword) = pending else { return }
      pending = nil
      let missing = Self.defaults[keyword]!.filter { !lineOptions.contains($0.name) }
      guard !missing.isEmpty else { return }
      let inserted = missing.map { " \($0.name): \($0.value)" }.joined()
      out.insert(contentsOf: Array(inserted.utf8), at: index)
    }
    for (i, token) in tokens.enumerated() {
      if token.kind == .newline || token.kind == .eof {
        out += base.bytes[at..<token.start]
        at = token.start
        closeLine()
        lineOptions = []
        continue
      }
      out += base.bytes[at..<token.start]
      var text = edits[token.start..<token.end].map { Array($0.utf8) } ?? Array(base.bytes[token.start..<token.end])
      if case .keyword(let keyword) = token.kind, Self.defaults[keyword] != nil, Self.startsStatement(i, tokens) {
        closeLine()
        out += text
        at = token.end
        pending = (out.count, keyword)
        continue
      }
      if case .identifier(let name) = token.kind, i + 1 < tokens.count, tokens[i + 1].kind == .symbol(.colon) {
        lineOptions.insert(name)
      }
      // Only upwards: a zero or negative count stays, for the diagnostic it should get.
      if let name = Self.option(of: i, in: tokens), let cap = Self.caps[name],
        let value = Double(String(decoding: text, as: UTF8.self)), value > cap
      {
        text = Array(Self.shown(cap).utf8)
      }
      out += text
      at = token.end
    }
    out += base.bytes[at...]
    return String(decoding: out, as: UTF8.self)
  }

  /// The option a value belongs to: `epochs` for the `3` of `epochs: 3`.
  private static func option(of i: Int, in tokens: [Token]) -> String? {
    guard i >= 2, tokens[i - 1].kind == .symbol(.colon), case .identifier(let name) = tokens[i - 2].kind else {
      return nil
    }
    return name
  }

  /// Whether token `i` starts a statement: the first of its line, or after `=` or `{`.
  private static func startsStatement(_ i: Int, _ tokens: [Token]) -> Bool {
    guard i > 0 else { return true }
    switch tokens[i - 1].kind {
    case .newline, .symbol(.assign), .symbol(.leftBrace), .symbol(.semicolon): return true
    default: return false
    }
  }

  /// The places a swap may change, with what each may become.
  private static func sites(in tokens: [Token]) -> [Site] {
    var sites: [Site] = []
    var whileDepth: Int?
    var depth = 0
    for (i, token) in tokens.enumerated() {
      let range = token.start..<token.end
      switch token.kind {
      case .keyword(.while) where whileDepth == nil: whileDepth = depth
      case .symbol(.leftBrace): depth += 1
      case .symbol(.rightBrace):
        depth -= 1
        if depth == whileDepth { whileDepth = nil }
      case .number(let value) where whileDepth == nil:
        sites.append(Site(range: range, choices: { rng in shown(numberLike(value, using: &rng)) }, kind: "number"))
      case .keyword(.true), .keyword(.false):
        sites.append(
          Site(range: range, choices: { _ in token.kind == .keyword(.true) ? "false" : "true" }, kind: "truth"))
      case .identifier(let name):
        let calledWithArguments =
          i + 1 < tokens.count && tokens[i + 1].kind == .symbol(.leftParen) && !tokens[i + 1].spaceBefore
        let isLabel = i + 1 < tokens.count && tokens[i + 1].kind == .symbol(.colon)
        guard !isLabel, let group = groups.first(where: { $0.contains(name) }) else { continue }
        // Words called with their parameters keep them (`sgd(momentum: 0.9)`), except the
        // dataset generators, which share theirs.
        if calledWithArguments, !["moons", "circles", "xor", "spirals", "blobs"].contains(name) { continue }
        let others = group.filter { $0 != name }
        sites.append(Site(range: range, choices: { rng in others.randomElement(using: &rng)! }, kind: "word"))
      case .string(let name) where BundledDatasets.names.contains(name):
        // Only the small tables: digits, at 1797 rows of 64 pixels, trains too slowly here.
        let small = ["iris", "wine", "breast_cancer", "diabetes"].filter { $0 != name }
        sites.append(
          Site(range: range, choices: { rng in "\"\(small.randomElement(using: &rng)!)\"" }, kind: "dataset"))
      default: continue
      }
    }
    return sites
  }

  /// A number of the same sort as `value`, mostly one the script could have said: for a whole
  /// number, one no larger (so that a loop or a recursion does no more work than the script
  /// asked); for a fraction, another fraction near it. One time in five, an edge case instead.
  private static func numberLike(_ value: Double, using rng: inout SeededGenerator) -> Double {
    let whole = value == value.rounded() && value >= 1
    if Int.random(in: 0..<5, using: &rng) == 0 {
      return (whole ? [0, -1, value - 1] : [0, 1, 10, -value]).randomElement(using: &rng)!
    }
    if whole { return [1, 2, 3, max(1, (value / 2).rounded(.down)), value].randomElement(using: &rng)! }
    let near = [value / 10, value / 2, value * 2, value * 10, 0.5, 0.1, 1e-6]
    // A fraction of something stays below 1.
    return value < 1 ? near.filter { $0 > 0 && $0 < 1 }.randomElement(using: &rng)! : near.randomElement(using: &rng)!
  }

  /// A number as a script writes it: whole numbers without a fraction.
  private static func shown(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
  }
}
