import NNCore

/// Proposes the values of the next trial from the trials so far.
protocol Sampler {
  /// One value per parameter, in the samplers' numbers; nil when nothing is left to try.
  mutating func propose(after trials: [TrialObservation]) -> [Double]?
}

/// Every value drawn uniformly (log-uniformly for `log`), each trial on its own.
struct RandomSampler: Sampler {
  let parameters: [SearchParameter]
  var random: SeededGenerator

  mutating func propose(after trials: [TrialObservation]) -> [Double]? {
    parameters.map { $0.space.sample(&random) }
  }
}
