import NNCore

/// Every combination of the parameters' values once, in a shuffled order (as Optuna's grid
/// sampler does), so a search cut short still spreads over the grid.
struct GridSampler: Sampler {
  private var points: [[Double]]

  /// `values` lists each parameter's values in the samplers' numbers.
  init(values: [[Double]], random: inout SeededGenerator) {
    var points: [[Double]] = [[]]
    for column in values { points = points.flatMap { point in column.map { point + [$0] } } }
    // Fisher–Yates with the search's own generator: the same seed, the same order.
    for i in stride(from: points.count - 1, to: 0, by: -1) {
      points.swapAt(i, Int(random.nextUnit() * Double(i + 1)))
    }
    self.points = points.reversed()
  }

  /// The most points a grid may have: as many as a search may have trials.
  static let largest = 100_000

  /// How many points the grid has; nil past what an Int counts.
  static func size(_ values: [[Double]]) -> Int? {
    values.reduce(1) { size, column in
      size.flatMap { size in
        let (product, overflow) = size.multipliedReportingOverflow(by: column.count)
        return overflow ? nil : product
      }
    }
  }

  mutating func propose(after trials: [TrialObservation]) -> [Double]? { points.popLast() }
}
