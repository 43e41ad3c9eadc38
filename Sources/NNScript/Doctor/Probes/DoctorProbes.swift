import Foundation
import NNCore

/// The doctor's experiments: for each of its strongest causes, the recipe of the last run
/// with that cause's first fix, trained a few epochs from the same seed, split and initial
/// weights, beside the unchanged recipe and the unchanged recipe with another shuffle seed,
/// whose difference is the metric's noise. A finding is confirmed when its fix gains more
/// than that noise.
struct DoctorProbes: Command {
  let interpreter: Interpreter

  /// `report` with each probed finding's confirmation, ranked again; the probes' summary
  /// says what ran, or why nothing did. `budget` is in seconds, the run's own time when nil.
  /// Ctrl-C stops the probes and the `doctor` written at `range`.
  func confirm(
    _ report: DoctorReport, of recipe: Recipe, run: TrainingRun, budget given: Double?, at range: SourceRange
  ) throws
    -> DoctorReport
  {
    let application = FixApplication(interpreter: interpreter)
    // A run whose loss went non-finite trained into the epoch it stopped in: its probes do too,
    // and the worst metric there is stands for it (`ProbeRunner`). Its budget is what the run
    // would have taken had it gone on, not the moments it lasted.
    var runEpochs = run.history.count
    var runs = 1.0
    var diverged = false
    if case .nonFiniteLoss(let epoch, _, _, _) = run.stopReason {
      diverged = true
      runEpochs = max(epoch, runEpochs)
      runs = max(1, Double(Self.epochs(of: recipe) ?? runEpochs) / Double(runEpochs))
    }
    var candidates: [(code: Finding.Code, fix: Fix, recipe: Recipe, epochs: Double)] = []
    // Symptoms too: a symptom's own fix may be what helps (a rate too low under inputs that
    // look unscaled), and only a probe can say so.
    // The error of a diverged run too: a fix that keeps the loss finite is confirmed against it.
    for finding in report.findings where finding.severity == .warning || (diverged && finding.severity == .error) {
      guard candidates.count < ProbePlan.maximumCandidates else { break }
      // A short probe cannot tell whether the whole run needed more epochs: at a few epochs
      // any run is still improving. `undertrained` stands on the run's own curve.
      for fix in finding.fixes where fix.option != "epochs" {
        guard let changed = application.applied(fix, to: recipe) else { continue }
        // A fix that asks for more epochs is probed with proportionally more.
        let asked = Self.epochs(of: changed).map { Double($0) / Double(max(Self.epochs(of: recipe) ?? runEpochs, 1)) }
        candidates.append((finding.code, fix, changed, min(max(asked ?? 1, 1), 2)))
        break
      }
    }
    guard !candidates.isEmpty else { return report }
    let budget = given ?? run.seconds * runs
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard
      let plan = ProbePlan.fitting(
        runs: given.map { $0 / max(run.seconds, 1e-9) } ?? runs, runEpochs: runEpochs, cores: cores,
        weights: candidates.map(\.epochs))
    else {
      let probes =
        "none: even a \(min(runEpochs, ProbePlan.minimumEpochs))-epoch probe of one fix takes more than the budget of \(Self.seconds(budget)); ranked by evidence alone (doctor budget: S allows more)"
      return report.confirmed([:], probes: probes)
    }
    // The probes train side by side, each with its own network and batches.
    let probeCount = 2 + plan.candidates
    if let network = workspace.model?.network,
      let footprint = try? NetworkFootprint(
        inputShape: network.inputShape, layers: network.layers, rows: workspace.model?.trainer?.config.batchSize ?? 1,
        optimizer: workspace.model?.trainer?.config.optimizer),
      footprint.bytes * Double(probeCount) > Double(workspace.memoryBudget.bytes)
    {
      let needed = MemoryBudget.describe(footprint.bytes * Double(probeCount))
      return report.confirmed(
        [:],
        probes:
          "none: \(probeCount) probes side by side need about \(needed), \(workspace.memoryBudget.phrase); ranked by evidence alone"
      )
    }
    let base = Self.shortened(recipe.withoutRunFiles, to: plan.epochs)
    var noise = base
    noise.shuffleSeed = recipe.seed ^ 0x9E37_79B9_7F4A_7C15
    let session = workspace.trainingSession
    // Each probe of a fix, prepared; a fix whose recipe does not prepare is not probed.
    let probes = candidates.prefix(plan.candidates).compactMap { candidate -> (Finding.Code, Fix, Int, PreparedRun)? in
      let epochs = Int((Double(plan.epochs) * candidate.epochs).rounded())
      return (try? session.prepare(Self.shortened(candidate.recipe, to: epochs))).map {
        (candidate.code, candidate.fix, epochs, $0)
      }
    }
    guard let unchanged = try? session.prepare(base), let reshuffled = try? session.prepare(noise) else {
      return report
    }
    let judge = FixJudge(recipe.dataset)
    let clock = ContinuousClock()
    let begun = clock.now
    let metrics = ProbeRunner(judge: judge, cancellation: workspace.cancellation).metrics(
      of: [unchanged, reshuffled] + probes.map(\.3))
    try interpreter.checkInterrupt(at: range)
    let elapsed = clock.now - begun
    guard let before = metrics[0], let shuffled = metrics[1] else { return report }
    var confirmations: [Finding.Code: Confirmation] = [:]
    for ((code, fix, epochs, _), after) in zip(probes, metrics.dropFirst(2)) {
      guard let after else { continue }
      confirmations[code] = Confirmation(
        fix: fix.text, epochs: epochs,
        improvement: Improvement(judge: judge, before: before, after: after, reshuffled: shuffled))
    }
    let fixes = confirmations.count == 1 ? "1 fix" : "\(confirmations.count) fixes"
    let summary =
      "\(plan.epochs)-epoch probes of \(fixes), of the unchanged recipe and of another shuffle of it for the noise, in \(Self.seconds(elapsed)) (budget \(Self.seconds(budget)))"
    return report.confirmed(confirmations, probes: summary)
  }

  /// `recipe` trained for `epochs` epochs.
  private static func shortened(_ recipe: Recipe, to epochs: Int) -> Recipe {
    let range = recipe.options.values["epochs"]?.range ?? recipe.range
    return recipe.with(.options(["epochs": (.number(Double(max(epochs, 1))), range)]))
  }

  /// The epochs a recipe asks for, when it says.
  private static func epochs(of recipe: Recipe) -> Int? {
    if case .number(let n)? = recipe.options.values["epochs"]?.value { Int(n) } else { nil }
  }

  private static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

  private static func seconds(_ duration: Duration) -> String {
    seconds(Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18)
  }
}
