import Foundation
import NNCore

/// A trained run's scores on each validation row: the judge's metric (whether the class is
/// right, weighted by its class's share when balanced; the squared or absolute error in the
/// target's units), and for classes the cross-entropy of the right class. Two runs scored on
/// the same rows differ by chance by the standard error of their row-by-row differences,
/// far less than two separate accuracies' errors when the runs mostly agree (McNemar's
/// idea): 0.83 → 1.0 on iris's 30 rows is 5 rows, all the same way.
struct PairedScores {
  /// The judge's metric, as the run reports it.
  let metric: Double
  let rows: [Double]
  /// The mean cross-entropy, and each row's, for classes; empty for values.
  let loss: Double
  let lossRows: [Double]

  /// What a run that diverged scores: worse than any that trained.
  static func diverged(_ judge: FixJudge) -> PairedScores {
    PairedScores(metric: judge.higherIsBetter ? 0 : .infinity, rows: [], loss: .infinity, lossRows: [])
  }

  /// How far the metric and the loss moved from `self` to `other`, the same recipe under
  /// another shuffle seed: the noise of training itself.
  func moved(to other: PairedScores) -> (metric: Double, loss: Double) {
    func distance(_ a: Double, _ b: Double) -> Double { a.isFinite && b.isFinite ? abs(a - b) : 0 }
    return (distance(metric, other.metric), distance(loss, other.loss))
  }

  /// Two standard errors of the mean difference between `a` and `b`; 0 when either is
  /// missing.
  static func noise(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count, a.count > 1 else { return 0 }
    let differences = zip(a, b).map { $0 - $1 }
    let n = Double(differences.count)
    let mean = differences.reduce(0, +) / n
    let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    return 2 * (variance / n).squareRoot()
  }
}

extension FixJudge {
  /// The scores of `run`, which trained `network` with `loss` on `dataset`, on its
  /// validation rows; a run whose loss went non-finite scores as diverged, below every run
  /// that trained (its rows, NaN for values, would hold no comparison).
  func scores(_ run: TrainingRun, network: Network, loss: Loss?, dataset: Dataset) -> PairedScores {
    if case .nonFiniteLoss = run.stopReason { return .diverged(self) }
    let metric = metric(run, network: network, loss: loss, dataset: dataset)
    guard let split = dataset.split, !split.validation.isEmpty else {
      return PairedScores(metric: metric, rows: [], loss: .nan, lossRows: [])
    }
    let validation = TrainingSet(dataset, rows: split.validation)
    guard let outputs = try? network.predict(validation.features) else {
      return PairedScores(metric: metric, rows: [], loss: .nan, lossRows: [])
    }
    switch validation.targets {
    case .classes(let labels, _):
      var counts: [Int32: Int] = [:]
      for label in labels { counts[label, default: 0] += 1 }
      let n = Double(labels.count)
      var rows: [Double] = []
      var losses: [Double] = []
      for (row, label) in labels.enumerated() {
        let probability: Float
        let predicted: Int32
        if outputs.columns == 1 {
          let p = outputs[row, 0]
          predicted = p >= 0.5 ? 1 : 0
          probability = label == 1 ? p : 1 - p
        } else {
          let values = outputs.row(row)
          predicted = Int32(values.indices.max { values[$0] < values[$1] }! - values.startIndex)
          probability = outputs[row, Int(label)]
        }
        let weight = balanced ? n / (Double(counts.count) * Double(counts[label]!)) : 1
        rows.append(predicted == label ? weight : 0)
        // Clipped as the losses are, so one certain mistake does not weigh infinitely.
        losses.append(-log(Double(min(max(probability, 1e-7), 1))))
      }
      return PairedScores(metric: metric, rows: rows, loss: losses.reduce(0, +) / n, lossRows: losses)
    case .values(let targets):
      let scale = Double(targetScale(dataset))
      let absolute = (loss ?? .inferred(for: network)) == .mae
      let rows = (0..<targets.rows).map { row in
        let error = Double(outputs[row, 0] - targets[row, 0]) * scale
        return absolute ? abs(error) : error * error
      }
      return PairedScores(metric: metric, rows: rows, loss: metric, lossRows: [])
    }
  }
}
