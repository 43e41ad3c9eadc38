/// One thing the doctor found about a run or its setup: what, how sure we are it matters, why,
/// the numbers that show it, and what to write instead. A host hears each as
/// ``TrainingEvent/finding(_:)``:
///
///     if case .finding(let finding) = event, finding.severity > .info {
///       print("\(finding.severity) \(finding.code.rawValue): \(finding.cause)")
///       for fix in finding.fixes { print("  fix:", fix.rendered) }
///     }
public struct Finding: Sendable {
  /// The stable codes (the README's doctor section lists them; each one's ``summary`` says
  /// what it means), in the order the report breaks ties of strength in: the setup before
  /// the run, and within each, causes before their symptoms.
  public enum Code: String, Sendable, CaseIterable, Comparable {
    case outputMismatch = "output-mismatch"
    case labelRange = "label-range"
    case shapeMismatch = "shape-mismatch"
    case linearStack = "linear-stack"
    case unscaledInput = "unscaled-input"
    case unscaledTarget = "unscaled-target"
    case classImbalance = "class-imbalance"
    case unshuffled = "unshuffled"
    case tooLittleData = "too-little-data"
    case initialLoss = "initial-loss"
    case nanLoss = "nan-loss"
    case lrTooHigh = "lr-too-high"
    case explodingGradients = "exploding-gradients"
    case dyingReLU = "dying-relu"
    case vanishingGradients = "vanishing-gradients"
    case saturatedUnits = "saturated-units"
    case lrTooLow = "lr-too-low"
    case noSignal = "no-signal"
    case overfitting = "overfitting"
    case underfitting = "underfitting"
    case oscillation = "oscillation"
    case plateau = "plateau"
    case undertrained = "undertrained"
    case converged = "converged"

    /// In the report's order: the setup before the run, causes before their symptoms.
    public static func < (a: Code, b: Code) -> Bool {
      allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
  }

  /// How much a finding matters: an error stops a run, a warning hurts it, info is news.
  public enum Severity: Int, Sendable, Comparable, CustomStringConvertible {
    /// News, not a problem (`converged`).
    case info
    /// Hurts the run; training goes on.
    case warning
    /// The run cannot learn as set up.
    case error

    /// Info before warning before error.
    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

    /// `info`, `warning` or `error`, as reports print it.
    public var description: String {
      switch self {
      case .info: "info"
      case .warning: "warning"
      case .error: "error"
      }
    }
  }

  /// The stable code (`lr-too-high`), which scripts, tests and hosts match on.
  public let code: Code
  /// Error, warning or info.
  public let severity: Severity
  /// One sentence, no final period.
  public let cause: String
  /// Short facts with their numbers: `update/weight ratio 0.42 in layer 1 (dense 64 relu)`.
  public let evidence: [String]
  /// The remedies, most likely first.
  public let fixes: [Fix]
  /// The user's text the finding is about (a layer, an option), when there is one.
  public let range: SourceRange?
  /// How strongly the evidence speaks: 1 just past the finding's threshold, more the further
  /// past it and the more of the run or the network it covers (``Strength``). The report
  /// ranks findings of the same severity by it, after those a probe confirmed.
  public let strength: Double
  /// What a probe of the first fix showed, when the doctor ran one.
  public internal(set) var confirmation: Confirmation?
  /// The code of the finding this one is a symptom of, when the report found one that
  /// explains it (dead relus after a divergence are a symptom of the learning rate).
  public internal(set) var symptomOf: Code?

  /// A finding; fixes whose edit would write what the user already wrote are dropped.
  init(
    _ code: Code, _ severity: Severity, cause: String, evidence: [String] = [], fixes: [Fix] = [],
    range: SourceRange? = nil, strength: Double = 1
  ) {
    self.code = code
    self.severity = severity
    self.cause = cause
    self.evidence = evidence
    // A fix that would write what the user already wrote is no fix.
    self.fixes = fixes.filter { fix in fix.edit.map { $0.original != fix.text } ?? true }
    self.range = range
    self.strength = strength
  }

  /// The same finding with other fixes: the doctor drops those that do not compile.
  func with(fixes: [Fix]) -> Finding {
    var copy = Finding(code, severity, cause: cause, evidence: evidence, fixes: fixes, range: range, strength: strength)
    copy.confirmation = confirmation
    copy.symptomOf = symptomOf
    return copy
  }
}

/// A remedy written as nnscript, and when it replaces something the user wrote, the edit.
public struct Fix: Sendable {
  /// What to write: a layer (`dense 64 relu`), an option (`lr: 0.001`) or a statement
  /// (`data = standardize(data)`).
  public let text: String
  /// How to apply it to the user's source; nil for an addition whose place the user picks.
  public let edit: Edit?

  /// An edit of the user's own text that applies the fix.
  public struct Edit: Sendable {
    /// The text replaced: a whole layer, or an option's value.
    public let range: SourceRange
    /// The text that replaces `range`.
    public let replacement: String
    /// What the user wrote, as shown before the arrow (`lr: 10`, `dense 64 sigmoid`).
    public let original: String
  }

  /// A remedy that writes `text`; `edit` when it replaces the user's own text, nil for an addition.
  init(_ text: String, edit: Edit? = nil) {
    self.text = text
    self.edit = edit
  }

  /// `line 4: dense 64 sigmoid  →  dense 64 relu`, or the text alone.
  public var rendered: String {
    guard let edit else { return text }
    return "line \(edit.range.line): \(edit.original)  →  \(text)"
  }
}
