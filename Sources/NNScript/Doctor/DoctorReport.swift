import NNCore

/// What `doctor` shows: every finding about a setup and its run, most severe first and info
/// last, and a text rendering at most 80 columns wide.
///
/// Visible to the package for the benchmarks, which time the doctor's examinations; a host
/// hears the findings as training events.
package struct DoctorReport: Sendable {
  /// Every finding, most severe first, `info` last.
  let findings: [Finding]

  /// Ranks by severity, then by the order of `Finding.Code` (causes before symptoms).
  init(_ findings: [Finding]) {
    self.findings = findings.enumerated().sorted { a, b in
      if a.element.severity != b.element.severity { return a.element.severity > b.element.severity }
      if a.element.code != b.element.code { return a.element.code < b.element.code }
      return a.offset < b.offset
    }.map(\.element)
  }

  /// Examines a setup before training: the static findings. `initialLoss` is the untrained
  /// network's loss on the training data, when known.
  package static func beforeTraining(_ setup: DoctorSetup, initialLoss: Float? = nil) -> DoctorReport {
    DoctorReport(StaticChecks(setup: setup).findings(initialLoss: initialLoss))
  }

  /// Examines a setup and the run trained with it. `freshStart` says the run began from a
  /// fresh initialisation, so its first step's loss is the initial loss (not after `reset`-less
  /// continued training).
  /// `before` is the report `beforeTraining` gave for the same setup, when there is one: its
  /// findings are not worked out again.
  package static func examine(
    _ setup: DoctorSetup, run: TrainingRun, freshStart: Bool = true, before: DoctorReport? = nil
  ) -> DoctorReport {
    let initialLoss = freshStart ? run.telemetry.samples.first?.loss : nil
    let checks = StaticChecks(setup: setup)
    let setupFindings =
      before.map { $0.findings + checks.afterRun(initialLoss: initialLoss, run: run) }
      ?? checks.findings(initialLoss: initialLoss, run: run)
    return DoctorReport(setupFindings + RuntimeChecks(setup: setup, run: run).findings())
  }

  /// The codes, most severe first.
  var codes: [String] { findings.map(\.code.rawValue) }

  /// The most severe finding, if any.
  var top: Finding? { findings.first }

  /// Whether anything is worth a warning.
  var isHealthy: Bool { findings.allSatisfy { $0.severity == .info } }

  /// The report as `doctor` prints it, wrapped at `width` columns:
  ///
  ///     warning lr-too-high: the learning rate is too high: each step overshoots
  ///       · update/weight ratio 0.83 in layer 1 (dense 64 relu) (healthy ≈ 1e-3)
  ///       fix: line 7: lr: 10  →  lr: 1
  func rendered(width: Int = 80) -> String {
    let problems = findings.filter { $0.severity != .info }
    var lines: [String] = []
    if problems.isEmpty {
      lines.append("doctor: no problems found")
    } else {
      let errors = problems.filter { $0.severity == .error }.count
      let warnings = problems.count - errors
      let counts = [(errors, "error"), (warnings, "warning")].filter { $0.0 > 0 }.map {
        "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")"
      }
      lines.append("doctor: " + counts.joined(separator: ", "))
    }
    for finding in findings {
      lines += wrap("\(finding.severity) \(finding.code.rawValue): \(finding.cause)", width: width, indent: "  ")
      for fact in finding.evidence { lines += wrap("  · " + fact, width: width, indent: "    ") }
      for fix in finding.fixes { lines += wrap("  fix: " + fix.rendered, width: width, indent: "       ") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Breaks `text` at spaces so no line is wider than `width`; continuation lines start with
  /// `indent`. A word longer than a line is cut.
  private func wrap(_ text: String, width: Int, indent: String) -> [String] {
    let lead = String(text.prefix { $0 == " " })
    var lines: [String] = []
    var line = lead
    for word in text.split(separator: " ") {
      if line.count == lead.count {
        line += word
      } else if line.count + 1 + word.count <= width {
        line += " " + word
      } else {
        lines.append(line)
        line = indent + word
      }
    }
    lines.append(line)
    return lines.flatMap { cut($0, width: width, indent: indent) }
  }

  private func cut(_ line: String, width: Int, indent: String) -> [String] {
    guard line.count > width else { return [line] }
    return [String(line.prefix(width))] + cut(indent + line.dropFirst(width), width: width, indent: indent)
  }
}
