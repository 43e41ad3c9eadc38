import Foundation
import NNScript

/// The interactive loop's `:` commands, typed at the start of a line (`ReplCommandCatalog`
/// lists them for help and completion).
struct ReplCommands {
  enum Result {
    /// Carry on; the status is 0 or the exit code of what failed.
    case done(Int32)
    /// Carry on with a fresh session.
    case reset
    case quit
  }

  let engine: Engine

  /// Runs the command typed as `line`, which is line `firstLine` of the input.
  func run(_ line: String, firstLine: Int) -> Result {
    let source = SourceFile(name: "stdin", text: line, firstLine: firstLine)
    let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
    let name = String(text.prefix { !$0.isWhitespace })
    let argument = text.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
    let nameStart = line.utf8.count - line.drop { $0.isWhitespace }.utf8.count
    let nameRange = SourceRange(file: source, start: nameStart, end: nameStart + name.utf8.count)
    let gap = line.utf8.dropFirst(nameRange.end).prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    let argumentRange = SourceRange(
      file: source, start: nameRange.end + gap.count, end: nameRange.end + gap.count + argument.utf8.count)
    guard let spec = ReplCommandCatalog.spec(name) else {
      var diagnostic = Diagnostic(error: "unknown command '\(name)'", at: nameRange)
      diagnostic.label = ReplCommandCatalog.closest(to: name).map { "did you mean '\($0)'?" } ?? "try :help"
      return fail(diagnostic, status: 2)
    }
    switch spec.argument {
    case .file where argument.isEmpty:
      return fail(Diagnostic(error: "'\(name)' needs a file name", at: nameRange), status: 2)
    case .none where !argument.isEmpty:
      return fail(Diagnostic(error: "'\(name)' takes no argument", at: argumentRange), status: 2)
    default: break
    }
    switch name {
    case ":help":
      guard !argument.isEmpty else {
        Terminal.write(Help(engine: engine).overview())
        return .done(0)
      }
      guard let help = Help(engine: engine).topic(argument) else {
        var diagnostic = Diagnostic(error: "no help for '\(argument)'", at: argumentRange)
        diagnostic.label = "try :help for the list"
        return fail(diagnostic, status: 2)
      }
      Terminal.write(help)
    case ":load": return load(argument, at: argumentRange)
    case ":vars": Terminal.write(variables())
    case ":runs": Terminal.write(engine.runsReport())
    case ":save": return save(argument, at: argumentRange)
    case ":reset": return .reset
    case ":quit": return .quit
    default: preconditionFailure("\(name) is in ReplCommandCatalog but has no action")
    }
    return .done(0)
  }

  private func fail(_ diagnostic: Diagnostic, status: Int32) -> Result {
    Terminal.report([diagnostic])
    return .done(status)
  }

  /// `:load FILE`: runs the file in this session; like a statement, a failure changes nothing.
  private func load(_ path: String, at range: SourceRange) -> Result {
    let outcome = engine.evaluateFile(atPath: path, typedAt: range)
    Terminal.report(outcome)
    return .done(outcome.exitCode)
  }

  /// `:save FILE`: the session as a script, written whole or not at all.
  private func save(_ path: String, at range: SourceRange) -> Result {
    do {
      let lines = try engine.saveSession(toPath: path, typedAt: range)
      Terminal.write("saved \(lines) lines to \(path)\n")
      return .done(0)
    } catch {
      return fail(error, status: 1)
    }
  }

  /// `:vars`: the variables the session made, not the builtins and the prelude.
  private func variables() -> String {
    let predefined = Set(Engine().variableNames)
    let names = engine.variableNames.filter { !predefined.contains($0) }
    guard !names.isEmpty else { return "no variables yet\n" }
    let width = names.map(\.count).max()!
    return names.map { name in
      let value = engine[variable: name] ?? .none
      let shown = value.description.prefix { $0 != "\n" }
      let brief = shown.count > 60 ? shown.prefix(59) + "…" : shown
      return name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
        + value.typeName.padding(toLength: 10, withPad: " ", startingAt: 0) + brief + "\n"
    }.joined()
  }
}

/// `:help` text, drawn from the same catalogs as the checker and completion.
struct Help {
  let engine: Engine
  /// A session as it starts, to tell the builtins and the prelude from the user's own names.
  private let fresh = Engine()

  init(engine: Engine) { self.engine = engine }

  /// What there is: commands, `:` commands, layers, builtins and the prelude's functions.
  func overview() -> String {
    let functions = fresh.variableNames.filter {
      if case .builtin = fresh[variable: $0] { return true }
      return false
    }
    let prelude = fresh.variableNames.filter {
      if case .function = fresh[variable: $0] { return true }
      return false
    }
    return [
      Help.listing("commands", CommandCatalog.names),
      Help.listing(": commands", ReplCommandCatalog.names),
      Help.listing("layers", LayerCatalog.names),
      Help.listing("builtins", functions),
      Help.listing("prelude", prelude),
    ].joined() + ":help TOPIC explains a command, an option, a layer, a word such as adam, or a function\n"
  }

  /// Every entry `topic` names (`tanh` is a layer and a builtin), or nil when none does.
  func topic(_ topic: String) -> String? {
    let sections = [
      ReplCommandCatalog.spec(topic).map { "\($0.usage): \($0.summary)\n" },
      CommandCatalog.commands.first { $0.name == topic }.map(command),
      option(topic.hasSuffix(":") ? String(topic.dropLast()) : topic),
      LayerCatalog.spec(topic).map(layer),
      LayerCatalog.spec(topic) == nil ? word(topic) : nil,
      function(topic),
      Finding.Code(rawValue: topic).map { "\($0.rawValue): \($0.summary) (a finding of the doctor)\n" },
    ].compactMap { $0 }
    return sections.isEmpty ? nil : sections.joined(separator: "\n")
  }

  private func command(_ spec: CommandSpec) -> String {
    var text = "\(spec.name): \(spec.summary)\n" + Help.table(spec.options.map { ("\($0.name):", Help.describe($0)) })
    if spec.name == "doctor" {
      text += "its findings, ranked by evidence (:help CODE explains one):\n"
      text += Help.table(Finding.Code.allCases.map { ($0.rawValue, $0.summary) })
    }
    return text
  }

  private func option(_ name: String) -> String? {
    let commands = CommandCatalog.commands.filter { $0.option(name) != nil }
    guard let spec = commands.first?.option(name) else { return nil }
    let words = spec.vocabulary?.words.map { (Help.call($0), $0.summary) } ?? []
    var typed: [(String, String)] = []
    if let type = spec.valueType, let value = spec.defaultValue, let example = spec.example {
      typed = [("takes", type), ("default", value), ("e.g.", "\(name): \(example)")]
    }
    return "\(name): \(spec.summary) (an option of \(commands.map(\.name).joined(separator: ", ")))\n"
      + Help.table(typed + words)
  }

  private func layer(_ spec: LayerSpec) -> String {
    let slots = (spec.positional.filter { $0.vocabulary != nil } + spec.options).map { slot in
      let name = spec.options.contains { $0.name == slot.name } ? "\(slot.name):" : slot.name
      return (name, Help.describe(slot.kind))
    }
    return "\(spec.name): \(spec.summary)\n" + Help.table(slots)
  }

  /// A word of a vocabulary (`adam`, `he`, `cosine`) and the slots that take it.
  private func word(_ name: String) -> String? {
    let found = Vocabularies.all.compactMap { vocabulary in vocabulary.word(name).map { (vocabulary, $0) } }
    guard let (vocabulary, word) = found.first else { return nil }
    let options = CommandCatalog.commands.flatMap(\.options).filter { $0.vocabulary?.kind == vocabulary.kind }
    let slots = LayerCatalog.layers.flatMap { layer in
      layer.options.filter { $0.vocabulary?.kind == vocabulary.kind }.map { "\($0.name):" }
        + (layer.positional.contains { $0.vocabulary?.kind == vocabulary.kind } ? [layer.name] : [])
    }
    var takers: [String] = []
    for taker in options.map({ "\($0.name):" }) + slots where !takers.contains(taker) { takers.append(taker) }
    return "\(Help.call(word)): \(word.summary) (\(vocabulary.kind), for \(takers.joined(separator: ", ")))\n"
  }

  /// `sgd(momentum, nesterov)`, or the bare name of a word without parameters.
  private static func call(_ word: Word) -> String {
    word.parameters.isEmpty ? word.name : "\(word.name)(\(word.parameters.joined(separator: ", ")))"
  }

  private func function(_ name: String) -> String? {
    switch engine[variable: name] {
    case .builtin(let builtin): return "\(builtin.signature): \(builtin.summary)\n"
    case .function(let function):
      let predefined = fresh[variable: name] != nil
      return "\(function.name): a function \(predefined ? "of the prelude (stdlib/prelude.nns)" : "of this session")\n"
    default: return nil
    }
  }

  /// What an option sets, the words it takes, then, where the catalog says, its type and default.
  private static func describe(_ option: OptionSpec) -> String {
    var text = option.summary
    if let vocabulary = option.vocabulary { text += " (\(vocabulary.names.joined(separator: ", ")))" }
    if let type = option.valueType, let value = option.defaultValue { text += "; \(type); default: \(value)" }
    return text
  }

  private static func describe(_ kind: Slot.Kind) -> String {
    switch kind {
    case .count: return "a whole number, 1 or more"
    case .fraction: return "a number from 0 up to 1"
    case .number: return "a number"
    case .bool: return "true or false"
    case .word(let vocabulary): return vocabulary.names.joined(separator: ", ")
    }
  }

  /// Two columns, indented.
  private static func table(_ rows: [(String, String)]) -> String {
    let width = rows.map(\.0.count).max() ?? 0
    return rows.map { "  " + $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 + "\n" }.joined()
  }

  /// A label, then the names, wrapped at 80 columns under one another.
  private static func listing(_ label: String, _ names: [String]) -> String {
    let indent = String(repeating: " ", count: 12)
    var out = ""
    var line = label.padding(toLength: indent.count, withPad: " ", startingAt: 0)
    for name in names {
      if line.count == indent.count {
        line += name
      } else if line.count + 1 + name.count > 80 {
        out += line + "\n"
        line = indent + name
      } else {
        line += " " + name
      }
    }
    return out + line + "\n"
  }
}

extension Slot {
  /// The words the slot understands, when it takes words.
  fileprivate var vocabulary: Vocabulary? {
    if case .word(let vocabulary) = kind { return vocabulary }
    return nil
  }
}
