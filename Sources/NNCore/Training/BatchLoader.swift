/// Pointers into a `TrainingSet`'s arrays, valid inside `DataView.with`: the training loop
/// reads rows through them without copying the set or touching Swift arrays per step.
struct DataView {
  let count: Int
  let features: UnsafePointer<Float>
  let featureWidth: Int
  let classes: UnsafePointer<Int32>?
  let values: UnsafePointer<Float>?

  static func with<R>(_ data: TrainingSet, _ body: (DataView) throws -> R) rethrows -> R {
    try data.features.values.withUnsafeBufferPointer { features in
      func view(_ classes: UnsafePointer<Int32>?, _ values: UnsafePointer<Float>?) -> DataView {
        DataView(
          count: data.count, features: features.baseAddress!, featureWidth: data.features.columns, classes: classes,
          values: values)
      }
      switch data.targets {
      case .classes(let labels, _): return try labels.withUnsafeBufferPointer { try body(view($0.baseAddress, nil)) }
      case .values(let matrix): return try matrix.values.withUnsafeBufferPointer { try body(view(nil, $0.baseAddress)) }
      }
    }
  }

  /// `with`, for a set that may be absent.
  static func withOptional<R>(_ data: TrainingSet?, _ body: (DataView?) throws -> R) rethrows -> R {
    guard let data else { return try body(nil) }
    return try with(data) { try body($0) }
  }
}

/// The buffers one batch is gathered into, sized once for a batch capacity.
final class BatchLoader {
  let capacity: Int
  let input: FloatBuffer
  /// Class indices of the batch, when the data has classes.
  let classes: UnsafeMutablePointer<Int32>
  /// Target values of the batch, when the loss compares outputs with values.
  let values: FloatBuffer?
  private let outputWidth: Int

  init(capacity: Int, inputWidth: Int, outputWidth: Int, loss: Loss) {
    self.capacity = capacity
    self.outputWidth = outputWidth
    input = FloatBuffer(count: capacity * inputWidth)
    classes = .allocate(capacity: capacity)
    values = loss.needsTargetValues ? FloatBuffer(count: capacity * outputWidth) : nil
  }

  deinit { classes.deallocate() }

  /// Copies the rows `rows` of `data`, in that order, into the batch buffers.
  func load<Rows: Collection<Int>>(_ rows: Rows, from data: DataView) {
    let (width, outputs, x) = (data.featureWidth, outputWidth, input.pointer)
    for (r, row) in rows.enumerated() {
      (x + r * width).update(from: data.features + row * width, count: width)
      if let labels = data.classes {
        classes[r] = labels[row]
        // A loss that wants values reads a class as its index (one output) or one-hot.
        if let values = values?.pointer {
          let target = values + r * outputs
          if outputs == 1 {
            target[0] = Float(labels[row])
          } else {
            target.update(repeating: 0, count: outputs)
            target[Int(labels[row])] = 1
          }
        }
      } else if let values = values?.pointer, let source = data.values {
        (values + r * outputs).update(from: source + row * outputs, count: outputs)
      }
    }
  }

  /// The loaded batch's targets for the loss.
  func targets(classWeights: UnsafePointer<Float>?, hasClasses: Bool) -> BatchTargets {
    BatchTargets(
      classes: hasClasses ? UnsafePointer(classes) : nil, values: values.map { UnsafePointer($0.pointer) },
      classWeights: hasClasses ? classWeights : nil)
  }
}
