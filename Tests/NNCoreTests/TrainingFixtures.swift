@testable import NNCore

/// Small synthetic problems for the training-loop tests.
enum TrainingFixtures {
  /// The error building a network of `layers` on samples of `shape` gives; nil when it builds.
  static func failure(_ shape: [Int], _ layers: [LayerConfig]) -> NetworkError? {
    do {
      _ = try Network(inputShape: SampleShape(shape), layers: layers)
      return nil
    } catch {
      return error as? NetworkError
    }
  }

  /// `perClass` points around each of three centres in the plane, well apart, shuffled.
  static func blobs(perClass: Int, seed: UInt64) -> TrainingSet {
    var random = SeededGenerator(seed: seed)
    let centres: [(Double, Double)] = [(-2, -1), (2, -1), (0, 2)]
    var rows: [(Float, Float, Int32)] = []
    for (label, centre) in centres.enumerated() {
      for _ in 0..<perClass {
        rows.append(
          (
            Float(centre.0 + 0.6 * random.gaussian()), Float(centre.1 + 0.6 * random.gaussian()), Int32(label)
          ))
      }
    }
    var order = Array(rows.indices)
    order.withUnsafeMutableBufferPointer { random.shuffle($0) }
    return TrainingSet(
      features: Matrix(rows: rows.count, columns: 2, values: order.flatMap { [rows[$0].0, rows[$0].1] }),
      classes: order.map { rows[$0].2 }, classCount: 3)
  }

  /// Random features with random labels: nothing to learn, everything to memorise.
  static func noise(rows: Int, features: Int, classes: Int, seed: UInt64) -> TrainingSet {
    var random = SeededGenerator(seed: seed)
    return TrainingSet(
      features: Matrix(
        rows: rows, columns: features, values: (0..<rows * features).map { _ in Float(random.gaussian()) }),
      classes: (0..<rows).map { _ in Int32(random.index(below: classes)) }, classCount: classes)
  }

  /// The four points of XOR, labelled 0/1.
  static let xor = TrainingSet(
    features: Matrix(rows: 4, columns: 2, values: [0, 0, 0, 1, 1, 0, 1, 1]), classes: [0, 1, 1, 0], classCount: 2)
}
