extension Finding {
  /// The finding as `train` prints it while training: a warning or an error at the layer or
  /// option it concerns (else at `train`), its evidence and fix as notes.
  func diagnostic(at fallback: SourceRange) -> Diagnostic {
    var diagnostic = Diagnostic(
      severity: severity == .error ? .error : severity == .warning ? .warning : .note,
      message: "\(code.rawValue): \(cause)", at: range ?? fallback)
    if let fix = fixes.first {
      diagnostic.label = "fix: " + fix.text
      if let edit = fix.edit {
        diagnostic.fixIts.append(Diagnostic.FixIt(range: edit.range, replacement: edit.replacement))
      }
    }
    for line in evidence { diagnostic = diagnostic.note(line) }
    return diagnostic
  }

  /// The finding as a record, for scripts: `d.findings[0].code`.
  var value: Value {
    .record(
      Record([
        ("code", .string(code.rawValue)), ("severity", .string(severity.description)), ("cause", .string(cause)),
        ("evidence", .list(evidence.map { .string($0) })), ("fixes", .list(fixes.map { .string($0.text) })),
        ("strength", .number(strength)), ("symptom_of", symptomOf.map { .string($0.rawValue) } ?? .none),
        ("confirmed", confirmation.map { .bool($0.isConfirmed) } ?? .none),
        ("probe", confirmation.map { .string($0.rendered) } ?? .none),
      ]))
  }
}

extension DoctorReport {
  /// What `doctor` returns: `.codes` with the top cause first and each symptom after its
  /// cause, `.findings` as records, `.causes` the codes that are no symptom, and what run it
  /// describes and what the probes did.
  var value: Value {
    .record(
      Record([
        ("codes", .list(codes.map { .string($0) })), ("causes", .list(causes.map { .string($0.code.rawValue) })),
        ("findings", .list(findings.map(\.value))), ("subject", subject.map(Value.string) ?? .none),
        ("probes", probes.map(Value.string) ?? .none),
      ]))
  }
}
