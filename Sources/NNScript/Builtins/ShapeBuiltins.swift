import NNCore

/// The shape of a dataset's samples, which convolutions and pooling read.
extension Builtins {
  static let shape: [Builtin] = [
    Builtin(
      "reshape", "data dims...",
      "the dataset with samples of the given shape, channels last: reshape(D, 8, 8, 1) for images, reshape(D, 40, 1) for sequences"
    ) { args in
      var dataset = try args.dataset(0)
      var dims = try args.list(1)
      // The dimensions of another dataset come as one list: reshape(D, other.shape).
      let asList = dims.count == 1 && dims[0].isList
      if asList, case .list(let inner) = dims[0] { dims = inner }
      let usage = "expected reshape(data, 8, 8, 1) for images or reshape(data, 40, 1) for sequences"
      guard !dims.isEmpty else {
        throw ScriptFailure("reshape needs the dimensions of one sample", argument: args.sources[1], label: usage)
      }
      guard dims.count <= 3 else {
        throw ScriptFailure(
          "a sample has at most 3 dimensions (height × width × channels), found \(dims.count)",
          argument: args.sources[1], label: usage)
      }
      let sizes = try dims.enumerated().map { index, value -> Int in
        guard case .number(let n) = value, n >= 1, n == n.rounded(), n <= 1e8 else {
          throw ScriptFailure(
            "each dimension must be a whole number ≥ 1, found \(value.description)",
            argument: args.sources[1].map { asList ? $0 : $0 + index })
        }
        return Int(n)
      }
      let features = dataset.features.columns
      // In Double: three dimensions of up to 1e8 would overflow an Int.
      let product = sizes.reduce(1.0) { $0 * Double($1) }
      guard product == Double(features) else {
        throw ScriptFailure(
          "\(SampleShape(sizes)) makes \(Value.format(product)) values, but each sample has \(features) features",
          argument: args.sources[1], label: "expected dimensions whose product is \(features)")
      }
      dataset.sampleShape = sizes.count == 1 ? nil : sizes
      return .dataset(dataset)
    }
  ]
}
