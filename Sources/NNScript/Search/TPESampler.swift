import NNCore

/// The tree-structured Parzen estimator, as Optuna's default sampler runs it: random values
/// for the first 10 trials, then per parameter a density l over the best trials and g over
/// the rest, and of 24 values drawn from l the one with the highest l / g.
struct TPESampler: Sampler {
  let parameters: [SearchParameter]
  var random: SeededGenerator
  var startupTrials = 10
  var candidates = 24

  /// How many of `n` ranked trials form the good set: min(⌈0.1·n⌉, 25).
  static func goodCount(_ n: Int) -> Int { min((n + 9) / 10, 25) }

  mutating func propose(after trials: [TrialObservation]) -> [Double]? {
    let ranked = trials.ranked()
    guard ranked.count >= startupTrials else { return parameters.map { $0.space.sample(&random) } }
    let split = Self.goodCount(ranked.count)
    // The estimators see trials oldest first, so the older ones are the ones weighed down.
    let good = ranked[..<split].sorted { $0.number < $1.number }
    let rest = ranked[split...].sorted { $0.number < $1.number }
    return parameters.enumerated().map { index, parameter in
      let space = parameter.space
      let l = ParzenEstimator(good.map { space.model($0.point[index]) }, space: space)
      let g = ParzenEstimator(rest.map { space.model($0.point[index]) }, space: space)
      let drawn = l.sample(candidates, &random)
      let best = drawn.max { l.logDensity($0) - g.logDensity($0) < l.logDensity($1) - g.logDensity($1) }!
      return space.value(fromModel: best)
    }
  }
}
