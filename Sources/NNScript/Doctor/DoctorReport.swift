import NNCore

/// What `doctor` shows: every finding about a setup and its run, the causes first and each
/// one's symptoms under it, and a text rendering at most 80 columns wide.
///
/// Causes rank by what the run shows, not by a fixed order of codes: errors (which refuse a
/// run) first, then the findings a probe confirmed, by the gain their fix made, then the
/// rest by the strength of their evidence; `info` last. A finding that a higher-ranked cause
/// explains (``Finding/Code/canExplain(_:)``) is listed under it as its symptom.
///
/// Visible to the package for the benchmarks, which time the doctor's examinations; a host
/// hears the findings as training events.
package struct DoctorReport: Sendable {
  /// Every finding: each cause followed by its symptoms, causes in rank order, `info` last.
  let findings: [Finding]
  /// What run the report describes when it is not the user's last `train` (`fix`'s run).
  var subject: String?
  /// What the probes did, or why there were none; nil when `doctor` has not probed.
  var probes: String?

  /// Ranks `findings` and puts each symptom under its cause.
  init(_ findings: [Finding], subject: String? = nil, probes: String? = nil) {
    let ranked = findings.enumerated().sorted { a, b in
      Self.ranksBefore(a.element, b.element) || (!Self.ranksBefore(b.element, a.element) && a.offset < b.offset)
    }.map(\.element)
    var causes: [Finding] = []
    // Each cause's symptoms, by the cause's place in `causes` (a code can be found twice).
    var symptoms: [Int: [Finding]] = [:]
    func place(_ finding: Finding) {
      var finding = finding
      finding.symptomOf = nil
      if let cause = causes.firstIndex(where: { $0.code.canExplain(finding.code) }) {
        finding.symptomOf = causes[cause].code
        symptoms[cause, default: []].append(finding)
      } else {
        causes.append(finding)
      }
    }
    // First the findings nothing else explains better; then those that one-way follow from
    // another finding of the run with evidence of its own (dead relus from a rate a probe
    // confirmed, even when the dead relus rank higher); `undertrained` last, which whatever
    // else holds a run back brings about.
    let problems = ranked.filter { $0.severity != .info }
    let follows = problems.map { Self.follows($0, among: ranked) }
    for (finding, follows) in zip(problems, follows) where !follows && finding.code != .undertrained {
      place(finding)
    }
    for (finding, follows) in zip(problems, follows) where follows && finding.code != .undertrained {
      place(finding)
    }
    for finding in problems where finding.code == .undertrained { place(finding) }
    self.findings =
      causes.indices.flatMap { [causes[$0]] + (symptoms[$0] ?? []) } + ranked.filter { $0.severity == .info }
    self.subject = subject
    self.probes = probes
  }

  /// Whether `finding` one-way follows from another finding of `ranked`, one that explains it
  /// and that it does not explain, ranked above it or with evidence of its own: confirmed by
  /// a probe, or at least half as strong.
  private static func follows(_ finding: Finding, among ranked: [Finding]) -> Bool {
    let rank = ranked.firstIndex { $0.code == finding.code } ?? 0
    return ranked.enumerated().contains { index, cause in
      // An error is never a warning's symptom: it is what stopped the run.
      cause.severity >= finding.severity && cause.code.canExplain(finding.code)
        && !finding.code.canExplain(cause.code)
        // What a probe confirmed is no symptom of a cause whose own probe showed nothing.
        && (finding.confirmation?.isConfirmed != true || cause.confirmation.map(\.isConfirmed) ?? true)
        && (index < rank || cause.confirmation?.isConfirmed == true || cause.strength >= finding.strength / 2)
    }
  }

  /// Errors first; then confirmed findings by their gain; then by strength; then by the
  /// order of the codes (the setup before the run).
  private static func ranksBefore(_ a: Finding, _ b: Finding) -> Bool {
    if a.severity != b.severity { return a.severity > b.severity }
    let (aConfirmed, bConfirmed) = (a.confirmation?.isConfirmed ?? false, b.confirmation?.isConfirmed ?? false)
    if aConfirmed != bConfirmed { return aConfirmed }
    if aConfirmed, let x = a.confirmation?.gain, let y = b.confirmation?.gain, x != y { return x > y }
    if a.strength != b.strength { return a.strength > b.strength }
    return a.code < b.code
  }

  /// The same findings with what the probes found, ranked again.
  func confirmed(_ confirmations: [Finding.Code: Confirmation], probes: String) -> DoctorReport {
    DoctorReport(
      findings.map { finding in
        var finding = finding
        if let confirmation = confirmations[finding.code] { finding.confirmation = confirmation }
        return finding
      }, subject: subject, probes: probes)
  }

  /// The findings that are no symptom of another, in rank order.
  var causes: [Finding] { findings.filter { $0.symptomOf == nil } }

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

  /// The same report with its fixes filtered: the doctor offers only those that apply.
  func keepingFixes(_ offered: (Fix) -> Bool) -> DoctorReport {
    DoctorReport(
      findings.map { finding in finding.with(fixes: finding.fixes.filter(offered)) },
      subject: subject, probes: probes)
  }

  /// The findings whose codes `before` did not have: what a run adds to its setup's.
  func findings(newSince before: DoctorReport) -> [Finding] {
    let said = Set(before.codes)
    return findings.filter { !said.contains($0.code.rawValue) }
  }

  /// The codes, most severe first.
  var codes: [String] { findings.map(\.code.rawValue) }

  /// The top cause, if any.
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
    if let subject { lines += wrap("doctor: on \(subject)", width: width, indent: "  ") }
    if problems.isEmpty {
      lines.append("doctor: no problems found")
    } else {
      let errors = problems.filter { $0.severity == .error }.count
      let warnings = problems.count - errors
      let counts = [(errors, "error"), (warnings, "warning")].filter { $0.0 > 0 }.map {
        "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")"
      }
      let symptoms = problems.filter { $0.symptomOf != nil }.count
      let explained = symptoms == 0 ? "" : " (\(symptoms) of them symptom\(symptoms == 1 ? "" : "s") of another)"
      lines.append("doctor: " + counts.joined(separator: ", ") + explained)
    }
    for finding in findings {
      if let cause = finding.symptomOf {
        lines += wrap(
          "  symptom of \(cause.rawValue): \(finding.code.rawValue): \(finding.cause)", width: width, indent: "    ")
        for fact in finding.evidence { lines += wrap("    · " + fact, width: width, indent: "      ") }
        continue
      }
      lines += wrap("\(finding.severity) \(finding.code.rawValue): \(finding.cause)", width: width, indent: "  ")
      for fact in finding.evidence { lines += wrap("  · " + fact, width: width, indent: "    ") }
      if let confirmation = finding.confirmation {
        lines += wrap("  " + confirmation.rendered, width: width, indent: "    ")
      }
      for fix in finding.fixes { lines += wrap("  fix: " + fix.rendered, width: width, indent: "       ") }
    }
    if let probes { lines += wrap("probes: " + probes, width: width, indent: "  ") }
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
