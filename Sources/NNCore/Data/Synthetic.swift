import Foundation

/// Small generated datasets for experiments: shapes that a linear model cannot separate,
/// with Gaussian `noise`, and an `imbalance` (largest class ÷ smallest) for skewed data.
public enum Synthetic {
  /// Arms of a spiral, one per class, winding around the origin.
  public static func spirals(
    classes: Int = 3, n: Int = 300, noise: Double = 0.2, imbalance: Double = 1, using rng: inout SeededGenerator
  ) throws -> Dataset {
    try classified("spirals", classes: classes, n: n, imbalance: imbalance, features: ["x", "y"], rng: &rng) {
      c, i, count, rng in
      let t = count == 1 ? 0 : Double(i) / Double(count - 1)
      let angle = 4 * t + Double(c) * 2 * .pi / Double(classes) + noise * rng.gaussian()
      return [t * sin(angle), t * cos(angle)]
    }
  }

  /// Two interleaving half circles.
  public static func moons(n: Int = 300, noise: Double = 0.1, imbalance: Double = 1, using rng: inout SeededGenerator)
    throws -> Dataset
  {
    try classified("moons", classes: 2, n: n, imbalance: imbalance, features: ["x", "y"], rng: &rng) {
      c, i, count, rng in
      let t = count == 1 ? 0 : .pi * Double(i) / Double(count - 1)
      let point = c == 0 ? [cos(t), sin(t)] : [1 - cos(t), 0.5 - sin(t)]
      return point.map { $0 + noise * rng.gaussian() }
    }
  }

  /// A small circle inside a larger one.
  public static func circles(
    n: Int = 300, noise: Double = 0.05, imbalance: Double = 1, using rng: inout SeededGenerator
  ) throws -> Dataset {
    try classified("circles", classes: 2, n: n, imbalance: imbalance, features: ["x", "y"], rng: &rng) {
      c, i, count, rng in
      let t = 2 * .pi * Double(i) / Double(count)
      let radius = c == 0 ? 1.0 : 0.5
      return [radius * cos(t), radius * sin(t)].map { $0 + noise * rng.gaussian() }
    }
  }

  /// Gaussian clusters around random centres in [−10, 10]^features.
  public static func blobs(
    classes: Int = 3, features: Int = 2, n: Int = 300, noise: Double = 1, imbalance: Double = 1,
    using rng: inout SeededGenerator
  ) throws -> Dataset {
    guard (1...10_000).contains(features) else { throw DataError("features must be from 1 to 10000") }
    _ = try classSizes(classes: classes, n: n, imbalance: imbalance)  // before making a centre per class
    let centres = (0..<classes).map { _ in (0..<features).map { _ in rng.nextUnit() * 20 - 10 } }
    let names = (0..<features).map { "x\($0)" }
    return try classified("blobs", classes: classes, n: n, imbalance: imbalance, features: names, rng: &rng) {
      c, _, _, rng in
      centres[c].map { $0 + noise * rng.gaussian() }
    }
  }

  /// Points in the square, labelled by whether x and y have the same sign.
  public static func xor(n: Int = 300, noise: Double = 0.1, imbalance: Double = 1, using rng: inout SeededGenerator)
    throws -> Dataset
  {
    try classified("xor", classes: 2, n: n, imbalance: imbalance, features: ["x", "y"], rng: &rng) { c, _, _, rng in
      // Class 0: same signs; class 1: opposite signs.
      let x = 0.1 + 0.9 * rng.nextUnit()
      let y = 0.1 + 0.9 * rng.nextUnit()
      let sx: Double = rng.nextUnit() < 0.5 ? 1 : -1
      let sy = c == 0 ? sx : -sx
      return [sx * x + noise * rng.gaussian(), sy * y + noise * rng.gaussian()]
    }
  }

  /// A linear target of Gaussian features, y = x·w + b + noise.
  public static func regression(features: Int = 1, n: Int = 300, noise: Double = 0.1, using rng: inout SeededGenerator)
    throws -> Dataset
  {
    guard (1...10_000).contains(features) else { throw DataError("features must be from 1 to 10000") }
    try checkCount(n)
    try Matrix.checkMemory(rows: n, columns: features)
    let weights = (0..<features).map { _ in rng.gaussian() }
    let bias = rng.gaussian()
    var values = [Float]()
    var targets = [Float]()
    for _ in 0..<n {
      let x = (0..<features).map { _ in rng.gaussian() }
      values += x.map(Float.init)
      targets.append(Float(zip(x, weights).reduce(bias) { $0 + $1.0 * $1.1 } + noise * rng.gaussian()))
    }
    return Dataset(
      name: "regression", features: Matrix(rows: n, columns: features, values: values),
      featureNames: (0..<features).map { "x\($0)" }, targetName: "y", targets: .values(targets))
  }

  /// How many samples each class gets: geometric from the largest to the smallest, so the
  /// largest has `imbalance` times as many as the smallest, adding up to `n`.
  static func classSizes(classes: Int, n: Int, imbalance: Double) throws -> [Int] {
    guard classes >= 2, classes <= 1000 else { throw DataError("classes must be from 2 to 1000") }
    try checkCount(n)
    guard imbalance >= 1, imbalance.isFinite else {
      throw DataError("imbalance is the largest class over the smallest: at least 1")
    }
    let weights = (0..<classes).map { pow(imbalance, -Double($0) / Double(classes - 1)) }
    let total = weights.reduce(0, +)
    var sizes = weights.map { max(1, Int((Double(n) * $0 / total).rounded())) }
    sizes[0] += n - sizes.reduce(0, +)
    guard sizes.allSatisfy({ $0 >= 1 }) else {
      throw DataError("n: \(n) is too few samples for \(classes) classes with imbalance \(imbalance)")
    }
    return sizes
  }

  static func checkCount(_ n: Int) throws {
    guard (2...10_000_000).contains(n) else { throw DataError("n must be from 2 to 10000000") }
  }

  private static func classified(
    _ name: String, classes: Int, n: Int, imbalance: Double, features: [String], rng: inout SeededGenerator,
    point: (_ class: Int, _ index: Int, _ count: Int, _ rng: inout SeededGenerator) -> [Double]
  ) throws -> Dataset {
    let sizes = try classSizes(classes: classes, n: n, imbalance: imbalance)
    // The points, then the same points shuffled.
    try Matrix.checkMemory(rows: n, columns: features.count, copies: 2)
    var values = [Float]()
    values.reserveCapacity(n * features.count)
    var labels = [Int32]()
    for (c, size) in sizes.enumerated() {
      for i in 0..<size {
        values += point(c, i, size, &rng).map(Float.init)
        labels.append(Int32(c))
      }
    }
    // Generated class by class; shuffled so the rows are not sorted by label.
    let order = Array(0..<n).shuffled(using: &rng)
    let matrix = Matrix(rows: n, columns: features.count, values: values).rows(order)
    return Dataset(
      name: name, features: matrix, featureNames: features, targetName: "class",
      targets: .classes(order.map { labels[$0] }, names: (0..<classes).map { "class_\($0)" }))
  }
}

extension SeededGenerator {
  /// A standard normal number (Box–Muller).
  public mutating func gaussian() -> Double {
    let u = max(nextUnit(), .leastNonzeroMagnitude)
    return (-2 * log(u)).squareRoot() * cos(2 * .pi * nextUnit())
  }
}
