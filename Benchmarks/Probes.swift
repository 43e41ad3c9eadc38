import Foundation
import NNScript

// The doctor's probes: what `doctor` spends confirming its causes, as a share of the run it
// probes, whose own training time is the probes' default budget.

let probeRuns = 3

/// Trains a broken digits run (Adam at lr 1 through two 256-wide layers, which stays at
/// chance), long enough that compiling the probes is not what they cost, then times `doctor`;
/// prints the probes' time against the run's, median of `probeRuns`.
func measureProbes() throws {
  let clock = ContinuousClock()
  var shares: [Double] = []
  var runs: [Double] = []
  var probes: [Double] = []
  for _ in 0..<probeRuns {
    let engine = Engine(output: { _ in })
    let trained = engine.run(
      SourceFile(
        name: "probe-bench.nns",
        text: """
          seed 1
          data = split(standardize(load("digits")), 0.8)
          net < dense 256 relu; dense 256 relu; dense 10 softmax >
          r = train epochs: 20 batch: 32 opt: adam lr: 1 quiet: true
          """))
    guard trained.status == .success,
      case .number(let seconds)? = engine[variable: "r"].flatMap({
        if case .run(let run) = $0 { run.member("seconds") } else { nil }
      })
    else {
      throw MeasurementFailure(
        description: "the probed run failed: \(DiagnosticRenderer().render(trained.diagnostics))")
    }
    let begun = clock.now
    let diagnosed = engine.run(SourceFile(name: "probe-bench.nns", text: "d = doctor"))
    let spent = milliseconds(clock.now - begun)
    guard diagnosed.status == .success else {
      throw MeasurementFailure(description: "doctor failed: \(DiagnosticRenderer().render(diagnosed.diagnostics))")
    }
    let run = seconds * 1e3
    runs.append(run)
    probes.append(spent)
    shares.append(spent / run * 100)
  }
  let share = Samples(shares).median
  print(
    String(
      format:
        "doctor's probes after a 20-epoch digits run: %.0f ms against the run's %.0f ms: %.0f%% of it   ≤ 100%% (the default budget) %@",
      Samples(probes).median, Samples(runs).median, share, share <= 100 ? "PASS" : "MISS"))
}
