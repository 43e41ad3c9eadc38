import NNScript

/// The loss curves of a finished run as one row of block characters each, on a shared scale
/// so that training and validation loss can be compared at a glance:
///
///     loss      1.12 █▆▄▃▂▂▁▁▁▁▁▁ 0.0512
///     val_loss  1.09 █▆▅▃▃▂▂▂▂▂▂▂ 0.0631
struct LossChart {
  let curves: [(name: String, values: [Double])]

  private static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  init(_ epochs: [EpochProgress]) {
    var curves = [("loss", epochs.map(\.loss))]
    let validation = epochs.compactMap(\.validationLoss)
    if validation.count == epochs.count { curves.append(("val_loss", validation)) }
    self.curves = curves.map { ($0.0, $0.1.filter(\.isFinite)) }
  }

  /// Nothing for a run of fewer than two epochs: there is no curve to draw.
  func rendered(width: Int) -> String {
    guard let length = curves.map(\.values.count).min(), length >= 2 else { return "" }
    let all = curves.flatMap(\.values)
    let (low, high) = (all.min()!, all.max()!)
    let labels = curves.map { curve in
      (TrainingDisplay.format(curve.values.first!), TrainingDisplay.format(curve.values.last!))
    }
    let nameWidth = curves.map(\.name.count).max()! + 2
    let startWidth = labels.map(\.0.count).max()!
    let columns = max(8, min(length, width - nameWidth - startWidth - 2 - labels.map(\.1.count).max()! - 1))
    return zip(curves, labels).map { curve, label in
      let cells = Self.resampled(curve.values, to: columns).map { value -> Character in
        let level = high > low ? (value - low) / (high - low) : 0
        return Self.blocks[min(Self.blocks.count - 1, Int(level * Double(Self.blocks.count)))]
      }
      return curve.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
        + String(repeating: " ", count: startWidth - label.0.count) + label.0 + " " + String(cells) + " " + label.1
        + "\n"
    }.joined()
  }

  /// `values` averaged into `count` buckets (or as they are when there are fewer).
  static func resampled(_ values: [Double], to count: Int) -> [Double] {
    guard values.count > count else { return values }
    return (0..<count).map { bucket in
      let from = bucket * values.count / count
      let to = max(from + 1, (bucket + 1) * values.count / count)
      return values[from..<to].reduce(0, +) / Double(to - from)
    }
  }
}
