/// `doctor`: the report of the last run.
struct DoctorCommand: Command {
  let interpreter: Interpreter

  /// `doctor`: prints the report of the last run and returns it.
  func diagnose(at range: SourceRange) throws -> Value {
    guard let lastReport = workspace.lastReport else {
      throw Diagnostic(error: "there is no run to diagnose: train first", at: range)
    }
    let text = lastReport.rendered(width: 80)
    output(text.hasSuffix("\n") ? text : text + "\n")
    return lastReport.value
  }
}
