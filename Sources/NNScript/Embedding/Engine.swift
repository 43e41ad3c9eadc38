import Foundation
import NNCore

/// An nnscript session: what a host creates to run scripts. It keeps its variables and
/// current network between runs, sends output to a sink, and never prints or exits itself.
///
///     let engine = Engine(output: { print($0, terminator: "") })
///     let outcome = engine.run(SourceFile(name: "demo", text: "print 6 * 7"))
///
/// An engine belongs to the isolation domain that made it (a task, an actor, a thread) and
/// is not `Sendable`: make it where its scripts will run. Only its ``interrupter`` crosses to
/// other domains, to stop a training from elsewhere. <doc:RunningInTheBackground> shows an
/// engine on a background task, interrupted from the main actor.
public final class Engine {
  /// How an engine is set up: the script's arguments, its call depth, its first seed and
  /// what its scripts may touch.
  ///
  ///     var options = Engine.Options(arguments: ["--fast"], seed: 42, capabilities: .nothing)
  ///     options.memoryLimit = 512 << 20
  ///     let engine = Engine(options: options)
  public struct Options: Sendable {
    /// The script's arguments, visible to it as the list `args`.
    public var arguments: [String] = []
    /// Deepest nesting of nnscript calls before "too many nested calls".
    public var maxCallDepth = 200
    /// Where the session's random choices start, as `seed N` would set it; a random start when nil.
    public var seed: UInt64?
    /// The files scripts may read and write, and whether they may start processes.
    public var capabilities: Capabilities = .everything
    /// The most memory, in bytes, a network with its batch buffers may take; the machine's
    /// available memory when nil.
    public var memoryLimit: Int?

    /// Options; unless given, no arguments, a call depth of 200, a random seed and every capability.
    public init(
      arguments: [String] = [], maxCallDepth: Int = 200, seed: UInt64? = nil,
      capabilities: Capabilities = .everything
    ) {
      self.arguments = arguments
      self.maxCallDepth = maxCallDepth
      self.seed = seed
      self.capabilities = capabilities
    }
  }

  private let modules: ModuleLoader
  private let interpreter: Interpreter
  /// The session's first random seed: a saved session starts with it.
  private let startSeed: UInt64
  /// The inputs `evaluate` ran to the end, in order, as a script would repeat them.
  private var transcript: [String] = []

  /// A fresh session with the stdlib loaded. `output` receives what `print` writes; by default
  /// it goes nowhere.
  public init(options: Options = Options(), output: @escaping (String) -> Void = { _ in }) {
    // At most 2^53, so that the seed survives being written as an nnscript number.
    startSeed = options.seed ?? UInt64.random(in: 0...(1 << 53))
    modules = ModuleLoader(capabilities: options.capabilities)
    interpreter = Interpreter(
      modules: modules, output: output, maxCallDepth: options.maxCallDepth, seed: startSeed)
    interpreter.workspace.memoryLimit = options.memoryLimit
    interpreter.globals.define("args", .list(options.arguments.map { .string($0) }))
    for (name, text) in Stdlib.files {
      let outcome = run(SourceFile(name: "stdlib/\(name)", text: text))
      precondition(
        outcome.status == .success, "the stdlib file \(name) does not run: \(outcome.diagnostics.map(\.message))")
    }
  }

  /// Where `print` writes.
  public var output: (String) -> Void {
    get { interpreter.output }
    set { interpreter.output = newValue }
  }

  /// Receives notes and warnings while a script runs, as they arise. When nil they come
  /// back in the outcome's diagnostics instead.
  public var onNote: ((Diagnostic) -> Void)? {
    get { interpreter.onNote }
    set { interpreter.onNote = newValue }
  }

  /// The network the last `net < … >` statement defined.
  public var currentNetwork: NetworkValue? { interpreter.workspace.currentNetwork }

  /// The session's trained network, the last trained or loaded: internal, for the module's
  /// tests, which read its raw outputs (`predict` gives class names).
  var trainedModel: Model? { interpreter.workspace.model }

  /// The class probabilities the session's trained network gives each sample, as
  /// `predict(samples, probs: true)` does: raw feature values, prepared as the training data
  /// was. Throws a `ScriptFailure` without a trained network, for samples of the wrong width,
  /// and for a network that predicts values or whose outputs are no probabilities.
  public func classProbabilities(of samples: [[Double]]) throws -> [ClassProbabilities] {
    let predict = Builtins.training.first { $0.name == "predict" }!
    let x = Value.list(samples.map { .list($0.map { .number($0) }) })
    let site = SourceRange(file: SourceFile(name: "host", text: ""), start: 0, end: 0)
    let arguments = Arguments(
      values: [x, nil, .bool(true)], sources: [nil, nil, nil], interpreter: interpreter, site: site)
    guard case .list(let rows) = try predict.body(arguments) else { return [] }
    return rows.compactMap { ClassProbabilities($0) }
  }

  /// A global variable of the session.
  public subscript(variable name: String) -> Value? {
    get { interpreter.globals.values[name] }
    set { interpreter.globals.values[name] = newValue }
  }

  /// The names defined in the session: builtins, the stdlib, and the script's own.
  public var variableNames: [String] { interpreter.globalNames.sorted() }

  /// Parses and checks without running: every diagnostic `run` would stop at.
  public func check(_ file: SourceFile) -> Outcome {
    if let tooLarge = Engine.tooLarge(file) { return tooLarge }
    let program = Parser.parse(file)
    let diagnostics =
      program.diagnostics + Checker.check(program, modules: modules, session: interpreter.globals.values)
    return Outcome(status: Engine.status(of: diagnostics), diagnostics: Engine.ordered(diagnostics), value: nil)
  }

  /// Parses, checks and runs source in this session.
  public func run(_ file: SourceFile) -> Outcome {
    // A press that came after the last run's statements ended is not this run's.
    interpreter.workspace.cancellation.reset()
    if let tooLarge = Engine.tooLarge(file) { return tooLarge }
    let program = Parser.parse(file)
    if program.isIncomplete {
      return Outcome(status: .incomplete, diagnostics: program.diagnostics, value: nil)
    }
    let diagnostics = Engine.ordered(
      program.diagnostics + Checker.check(program, modules: modules, session: interpreter.globals.values))
    if Engine.status(of: diagnostics) != .success {
      return Outcome(status: .invalid, diagnostics: diagnostics, value: nil)
    }
    defer { interpreter.pendingNotes = [] }
    do {
      let value = try interpreter.run(program)
      return Outcome(status: .success, diagnostics: diagnostics + interpreter.pendingNotes, value: value)
    } catch let error as RuntimeError {
      return Outcome(
        status: .failed, diagnostics: diagnostics + interpreter.pendingNotes + [error.diagnostic], value: nil)
    } catch {
      let diagnostic = Diagnostic(error: "\(error)", at: nil)
      return Outcome(status: .failed, diagnostics: diagnostics + interpreter.pendingNotes + [diagnostic], value: nil)
    }
  }

  /// Runs like `run`, but a statement that fails leaves the session exactly as it was:
  /// variables, current network and random state. This is what an interactive loop wants.
  /// Only a `train` the doctor refused is remembered, so that `doctor` and `fix` can explain
  /// and repair it next. What runs to the end joins the session's script (`sessionScript`).
  public func evaluate(_ file: SourceFile) -> Outcome {
    let saved = interpreter.snapshot()
    interpreter.workspace.refusedRun = nil
    interpreter.workspace.interruptions = []
    let outcome = run(file)
    if outcome.status == .success {
      transcript.append(Engine.replayable(file, interruptions: interpreter.workspace.interruptions))
    } else if outcome.status != .incomplete {
      interpreter.restore(saved)
      if let (recipe, report) = interpreter.workspace.refusedRun {
        interpreter.workspace.lastRecipe = recipe
        interpreter.workspace.lastReport = report
        interpreter.workspace.lastRun = nil
      }
    }
    return outcome
  }

  /// Stops a running `train` after its current batch; it keeps its weights and history. The
  /// engine is busy while it trains, so this is called from another thread (a Ctrl-C
  /// handler, say) through `interrupter`; it does nothing when no training runs.
  public func interrupt() { interrupter.interrupt() }

  /// A handle other threads may hold to interrupt this engine's training.
  public var interrupter: Interrupter { Interrupter(flag: interpreter.workspace.cancellation) }

  /// Hears each `train` that is not quiet as it runs, to draw progress.
  public var onTraining: ((TrainingEvent) -> Void)? {
    get { interpreter.workspace.onTraining }
    set { interpreter.workspace.onTraining = newValue }
  }

  /// Hears each `search` as it runs, runs one given trial for `nnscript trial`, and says how
  /// a cluster's workers run a trial.
  public var search: SearchHost {
    get { interpreter.workspace.searchHost }
    set { interpreter.workspace.searchHost = newValue }
  }

  /// Every `train` of the session side by side: the settings that differ, then the final metrics.
  public func runsReport() -> String { SessionRun.table(interpreter.workspace.runs) }

  /// A script that rebuilds the session: its first seed, then every input `evaluate` ran to
  /// the end. A `train` that was interrupted gets `steps: N`, so it stops where it stopped; an
  /// interrupted `search` is kept as a comment.
  public func sessionScript() -> String {
    (["# nnscript session", "seed \(startSeed)"] + transcript).joined(separator: "\n") + "\n"
  }

  /// Reads a script from disk and runs it; `name` is how diagnostics show its path.
  public func runFile(atPath path: String, name: String? = nil) -> Outcome {
    switch Engine.read(path, name: name) {
    case .success(let file): return run(file)
    case .failure(let diagnostic): return Outcome(status: .unreadable, diagnostics: [diagnostic], value: nil)
    }
  }

  /// Reads a script the session may read (its capabilities decide) and runs it as `evaluate`
  /// does, so a failure leaves the session as it was: an interactive loop's `:load`. `range`
  /// is where the path was typed, which the diagnostic of a file that cannot be read points at.
  public func evaluateFile(atPath path: String, typedAt range: SourceRange? = nil) -> Outcome {
    let read = allowedPath(path, for: .reading, typedAt: range).flatMap { Engine.read($0, name: path) }
    switch read {
    case .success(let file): return evaluate(file)
    case .failure(var diagnostic):
      diagnostic.range = diagnostic.range ?? range
      return Outcome(status: .unreadable, diagnostics: [diagnostic], value: nil)
    }
  }

  /// Writes `sessionScript()` to a file the session may write, whole or not at all: an
  /// interactive loop's `:save`. Returns how many lines it wrote.
  public func saveSession(toPath path: String, typedAt range: SourceRange? = nil) throws(Diagnostic) -> Int {
    let script = sessionScript()
    let absolute = try allowedPath(path, for: .writing, typedAt: range).get()
    do {
      try AtomicFile.write(Data(script.utf8), to: absolute)
    } catch {
      throw Diagnostic(error: "cannot write '\(path)': \(error.reason)", at: range)
    }
    return script.split(separator: "\n", omittingEmptySubsequences: false).count - 1
  }

  /// A path typed at the loop, relative to the working directory, if the capabilities allow `use`.
  private func allowedPath(_ path: String, for use: Capabilities.Use, typedAt range: SourceRange?) -> Result<
    String, Diagnostic
  > {
    do {
      return .success(try modules.resolve(path, from: SourceFile(name: "input", text: ""), for: use))
    } catch {
      return .failure(Diagnostic(error: error.message, at: range))
    }
  }

  /// Reads a script from disk and checks it without running it.
  public func checkFile(atPath path: String, name: String? = nil) -> Outcome {
    switch Engine.read(path, name: name) {
    case .success(let file): return check(file)
    case .failure(let diagnostic): return Outcome(status: .unreadable, diagnostics: [diagnostic], value: nil)
    }
  }

  /// The input's text, with `steps: N` added to (or replacing in) each interrupted `train`
  /// line: a command's options run to the end of its line. A statement holding another
  /// interrupted command (`search`) becomes a comment: replayed, it would run in full.
  private static func replayable(_ file: SourceFile, interruptions: [(range: SourceRange, steps: Int?)]) -> String {
    var lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let here = interruptions.filter { $0.range.file === file }
    for case (let range, let steps?) in here {
      let index = range.line - file.firstLine
      guard lines.indices.contains(index) else { continue }
      let line = lines[index].replacingOccurrences(
        of: #"\s+steps:\s*\S+"#, with: "", options: .regularExpression)
      lines[index] = line + " steps: \(steps)"
    }
    let stopped = here.filter { $0.steps == nil }.map(\.range.start)
    if !stopped.isEmpty {
      for statement in Parser.parse(file).statements
      where stopped.contains(where: { statement.range.start <= $0 && $0 < statement.range.end }) {
        let first = statement.range.line - file.firstLine
        let last = file.line(of: max(statement.range.start, statement.range.end - 1)) - file.firstLine
        for index in first...last where lines.indices.contains(index) {
          lines[index] = (index == first ? "# interrupted: " : "# ") + lines[index]
        }
      }
    }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines.joined(separator: "\n")
  }

  private static func read(_ path: String, name: String?) -> Result<SourceFile, Diagnostic> {
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    do {
      let text = try ModuleLoader.read(absolute, shownAs: name ?? path)
      return .success(SourceFile(name: name ?? path, text: text, path: absolute))
    } catch let failure as ModuleLoader.Failure {
      return .failure(Diagnostic(error: failure.message, at: nil))
    } catch {
      return .failure(Diagnostic(error: "cannot read '\(name ?? path)'", at: nil))
    }
  }

  /// Source past the size of the largest script file is refused whole, wherever it comes from:
  /// a host's string, or piped lines that never end their statement.
  private static func tooLarge(_ file: SourceFile) -> Outcome? {
    guard file.bytes.count > ModuleLoader.maxScriptBytes else { return nil }
    let diagnostic = Diagnostic(error: "'\(file.name)' is larger than \(ModuleLoader.maxScriptBytes >> 20) MB", at: nil)
    return Outcome(status: .invalid, diagnostics: [diagnostic], value: nil)
  }

  private static func status(of diagnostics: [Diagnostic]) -> Outcome.Status {
    diagnostics.contains { $0.severity == .error } ? .invalid : .success
  }

  /// Source order within each file; files in the order they first appear.
  private static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var fileOrder: [ObjectIdentifier: Int] = [:]
    for d in diagnostics {
      if let f = d.range?.file { fileOrder[ObjectIdentifier(f)] = fileOrder[ObjectIdentifier(f)] ?? fileOrder.count }
    }
    return diagnostics.enumerated().sorted { a, b in
      let fa = a.element.range.map { fileOrder[ObjectIdentifier($0.file)]! } ?? -1
      let fb = b.element.range.map { fileOrder[ObjectIdentifier($0.file)]! } ?? -1
      if fa != fb { return fa < fb }
      let sa = a.element.range?.start ?? 0
      let sb = b.element.range?.start ?? 0
      return sa != sb ? sa < sb : a.offset < b.offset
    }.map(\.element)
  }
}

/// Interrupts an engine's running `train` from any thread: the one part of an engine that may
/// be handed to another task or actor. Take it from the engine before the engine starts a
/// script; a Ctrl-C handler or another actor then presses it while the script runs.
public struct Interrupter: Sendable {
  let flag: CancellationFlag

  /// Asks the engine's running `train` to stop after its current batch.
  public func interrupt() { flag.cancel() }
}
