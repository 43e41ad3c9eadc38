/// How many probes fit the doctor's budget and how many epochs each trains. The probes are
/// the unchanged recipe, the unchanged recipe with another shuffle seed (the noise), and one
/// per candidate fix; they share the machine's cores, so `cores` of them take the time of
/// one. An epoch of a probe costs what an epoch of the run it probes took.
struct ProbePlan: Equatable {
  /// The epochs each probe trains (a fix that asks for more epochs trains proportionally more).
  let epochs: Int
  /// How many candidate fixes are probed, the strongest findings first.
  let candidates: Int

  /// At most this many candidates: beyond the fourth finding, causes are rare.
  static let maximumCandidates = 4
  /// Fewer epochs than this tell a fix's effect from its first steps' noise poorly; a run
  /// shorter than that is probed for its own length.
  static let minimumEpochs = 2
  /// At most this many epochs: the probe asks whether a fix helps early, not where it ends.
  static let maximumEpochs = 20
  /// The share of the budget the probes' epochs may take: the rest goes to compiling their
  /// networks, starting their threads and to epochs that run slower side by side than alone
  /// (at 0.8 the probes of `make bench`'s 20-epoch digits run took 101% of it). The plan
  /// depends on the run's epochs alone, not on how loaded the machine was, since the budget
  /// and the epochs' cost are the same run's.
  static let trainingShare = 0.7

  /// The plan with the most candidates whose probes fit a budget of `runs` times the run's
  /// own time (1 by default, so that the plan depends on the run's epochs alone), each as
  /// long as fits; nil when not even one candidate fits at the minimum length. `weights` are
  /// the candidates' costs in probes: 2 for a fix that doubles the epochs.
  static func fitting(runs budget: Double, runEpochs: Int, cores: Int, weights: [Double]) -> ProbePlan? {
    guard runEpochs > 0, !weights.isEmpty else { return nil }
    let shortest = min(runEpochs, minimumEpochs)
    for count in stride(from: min(weights.count, maximumCandidates), through: 1, by: -1) {
      let probes = 2 + weights.prefix(count).reduce(0, +)
      let rounds = (probes / Double(max(cores, 1))).rounded(.up)
      let epochs = min(runEpochs, maximumEpochs, Int(trainingShare * budget * Double(runEpochs) / rounds))
      if epochs >= shortest { return ProbePlan(epochs: epochs, candidates: count) }
    }
    return nil
  }
}
