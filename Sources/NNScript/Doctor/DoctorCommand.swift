/// `doctor`: the report of the last run, its causes confirmed by short probes.
struct DoctorCommand: Command {
  let interpreter: Interpreter

  /// `doctor`, `doctor probe: false`, `doctor budget: 10`: prints the report of the last run
  /// and returns it. The first `doctor` after a run probes its strongest causes (within
  /// `budget` seconds, the run's own training time by default) and keeps what they showed.
  func diagnose(options: [String: (value: Value, range: SourceRange)], at range: SourceRange) throws -> Value {
    guard var report = workspace.lastReport else {
      throw Diagnostic(error: "there is no run to diagnose: train first", at: range)
    }
    let probe = try Self.bool(options["probe"]) ?? true
    let budget = try Self.seconds(options["budget"])
    if probe, report.probes == nil || budget != nil, let recipe = workspace.lastRecipe, let run = workspace.lastRun {
      report = try DoctorProbes(interpreter: interpreter).confirm(
        report, of: recipe, run: run, budget: budget, at: range)
      workspace.lastReport = report
    }
    let text = report.rendered(width: 80)
    output(text.hasSuffix("\n") ? text : text + "\n")
    return report.value
  }

  private static func bool(_ given: (value: Value, range: SourceRange)?) throws -> Bool? {
    guard let (value, range) = given else { return nil }
    guard case .bool(let b) = value else {
      throw Diagnostic(error: "probe: expects true or false, found \(value.typeName)", at: range)
    }
    return b
  }

  private static func seconds(_ given: (value: Value, range: SourceRange)?) throws -> Double? {
    guard let (value, range) = given else { return nil }
    guard case .number(let n) = value, n > 0, n.isFinite, n <= 86_400 else {
      throw Diagnostic(error: "budget: expects seconds, a number above 0 and at most 86400", at: range)
    }
    return n
  }
}
