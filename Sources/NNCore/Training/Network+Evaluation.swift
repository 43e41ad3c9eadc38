extension Network {
  /// The network's outputs for `features` in evaluation mode, output activation applied.
  public func predict(_ features: Matrix) throws -> Matrix {
    guard features.columns == inputWidth else {
      throw TrainingError(
        message: "the network takes \(inputWidth) inputs but the features have \(features.columns) columns")
    }
    try checkTokens(features, role: "prediction")
    var out = Matrix(rows: features.rows, columns: outputWidth)
    guard features.rows > 0 else { return out }
    // Chunks as large as the buffers already are, but never larger than the rows there are.
    let chunk = Swift.min(features.rows, Swift.max(capacity, 256))
    reserve(rows: chunk)
    var random = SeededGenerator(seed: 0)  // evaluation draws nothing
    features.values.withUnsafeBufferPointer { x in
      out.values.withUnsafeMutableBufferPointer { y in
        for start in stride(from: 0, to: features.rows, by: chunk) {
          let rows = Swift.min(chunk, features.rows - start)
          let output = forward(
            x.baseAddress! + start * inputWidth, rows: rows, mode: ForwardMode(training: false), random: &random)
          (y.baseAddress! + start * outputWidth).update(from: output, count: rows * outputWidth)
        }
      }
    }
    return out
  }

  /// Loss (unweighted) and, for class targets, accuracy on `data` in evaluation mode. A nil
  /// loss is inferred from the output layer.
  public func evaluate(_ data: TrainingSet, loss: Loss? = nil) throws -> Evaluation {
    let loss = loss ?? .inferred(for: self)
    try check(data, loss: loss, role: "evaluation")
    let loader = BatchLoader(
      capacity: Swift.min(data.count, Swift.max(capacity, 256)), inputWidth: inputWidth, outputWidth: outputWidth,
      loss: loss)
    reserve(rows: loader.capacity)
    return DataView.with(data) { evaluate($0, loss: loss, loader: loader) }
  }

  /// Loss and accuracy on every row of `data`, in batches of the loader's capacity.
  func evaluate(_ data: DataView, loss: Loss, loader: BatchLoader) -> Evaluation {
    let fused = loss.fuses(outputActivation)
    let mode = ForwardMode(training: false, skipActivation: fused)
    var random = SeededGenerator(seed: 0)  // evaluation draws nothing
    var total: Double = 0
    // Per class: rows seen and rows classified right.
    var seen: [Int] = []
    var right: [Int] = []
    for start in stride(from: 0, to: data.count, by: loader.capacity) {
      let rows = Swift.min(loader.capacity, data.count - start)
      loader.load(start..<start + rows, from: data)
      let output = forward(loader.input.pointer, rows: rows, mode: mode, random: &random)
      let targets = loader.targets(classWeights: nil, hasClasses: data.classes != nil)
      total += LossKernel.evaluate(
        loss, output: output, rows: rows, columns: outputWidth, targets: targets, gradient: nil, scale: 1)
      if let classes = targets.classes {
        for r in 0..<rows {
          let label = Int(classes[r])
          if label >= seen.count {
            seen += Array(repeating: 0, count: label + 1 - seen.count)
            right += Array(repeating: 0, count: label + 1 - right.count)
          }
          seen[label] += 1
          let guess = LossKernel.predicted(output + r * outputWidth, columns: outputWidth, threshold: fused ? 0 : 0.5)
          if guess == label { right[label] += 1 }
        }
      }
    }
    let n = Double(data.count)
    guard data.classes != nil, !seen.isEmpty else { return Evaluation(loss: Float(total / n), accuracy: nil) }
    let recalls = zip(seen, right).filter { $0.0 > 0 }.map { Double($0.1) / Double($0.0) }
    return Evaluation(
      loss: Float(total / n), accuracy: Float(Double(right.reduce(0, +)) / n),
      balancedAccuracy: Float(recalls.reduce(0, +) / Double(recalls.count)))
  }

  /// Throws unless `data` fits the network's input and output and `loss`.
  func check(_ data: TrainingSet, loss: Loss, role: String) throws {
    func fail(_ message: String) -> TrainingError { TrainingError(message: message) }
    guard data.count > 0 else { throw fail("the \(role) set is empty") }
    guard data.features.columns == inputWidth else {
      throw fail(
        "the network takes \(inputWidth) inputs but the \(role) features have \(data.features.columns) columns")
    }
    try checkTokens(data.features, role: role)
    switch data.targets {
    case .classes(let labels, let count):
      guard labels.count == data.count else {
        throw fail("the \(role) set has \(data.count) rows but \(labels.count) class labels")
      }
      if let bad = labels.first(where: { $0 < 0 || Int($0) >= count }) {
        throw fail("the \(role) set has class label \(bad), outside 0..<\(count)")
      }
      if loss == .crossEntropy || outputWidth > 1 {
        guard count <= outputWidth else {
          throw fail("the output layer has \(outputWidth) units but the \(role) set has \(count) classes")
        }
      } else if loss == .binaryCrossEntropy && count > 2 {
        throw fail("binary cross-entropy with one output needs 2 classes, but the \(role) set has \(count)")
      }
    case .values(let values):
      guard loss != .crossEntropy else { throw fail("cross-entropy needs class targets, not values") }
      guard values.rows == data.count else {
        throw fail("the \(role) set has \(data.count) rows but \(values.rows) rows of targets")
      }
      guard values.columns == outputWidth else {
        throw fail("the output layer has \(outputWidth) units but the \(role) targets have \(values.columns) columns")
      }
    }
  }
}
