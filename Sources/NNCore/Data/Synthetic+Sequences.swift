/// Generated sequences whose target depends on steps far apart, the classic tests of how far
/// back a sequence model remembers. Each sample is `length` steps, channels last.
extension Synthetic {
  /// The adding problem: each step holds a random value in [0, 1) and a marker, 1 at exactly
  /// two steps (one in each half of the sequence, so the two lie far apart) and 0 elsewhere;
  /// the target is the sum of the two marked values. Samples are length × 2. Predicting the
  /// mean, 1, scores a mean squared error of 1/6: a model must beat it to have learnt anything.
  public static func adding(n: Int = 1000, length: Int = 50, using rng: inout SeededGenerator) throws -> Dataset {
    try checkCount(n)
    guard (2...100_000).contains(length) else { throw DataError("length must be from 2 to 100000") }
    try Matrix.checkMemory(rows: n, columns: 2 * length)
    var values = [Float]()
    values.reserveCapacity(n * 2 * length)
    var targets = [Float]()
    let half = length / 2
    for _ in 0..<n {
      let steps = (0..<length).map { _ in Float(rng.nextUnit()) }
      let first = Int(rng.next() % UInt64(half))
      let second = half + Int(rng.next() % UInt64(length - half))
      for (t, value) in steps.enumerated() { values += [value, t == first || t == second ? 1 : 0] }
      targets.append(steps[first] + steps[second])
    }
    let names = (0..<length).flatMap { ["value[\($0)]", "marker[\($0)]"] }
    return Dataset(
      name: "adding", features: Matrix(rows: n, columns: 2 * length, values: values), featureNames: names,
      targetName: "sum", targets: .values(targets), sampleShape: [length, 2])
  }

  /// Random bit sequences, length × 1, labelled by their parity: class "1" when the count of
  /// ones is odd. Every bit matters, so no part of the sequence can be ignored.
  public static func parity(n: Int = 1000, length: Int = 8, using rng: inout SeededGenerator) throws -> Dataset {
    try checkCount(n)
    guard (1...100_000).contains(length) else { throw DataError("length must be from 1 to 100000") }
    try Matrix.checkMemory(rows: n, columns: length)
    var values = [Float]()
    values.reserveCapacity(n * length)
    var labels = [Int32]()
    for _ in 0..<n {
      let bits = (0..<length).map { _ in rng.nextUnit() < 0.5 ? 1 : 0 }
      values += bits.map(Float.init)
      labels.append(Int32(bits.reduce(0, +) % 2))
    }
    return Dataset(
      name: "parity", features: Matrix(rows: n, columns: length, values: values),
      featureNames: (0..<length).map { "bit[\($0)]" }, targetName: "parity",
      targets: .classes(labels, names: ["0", "1"]),
      sampleShape: [length, 1])
  }
}
