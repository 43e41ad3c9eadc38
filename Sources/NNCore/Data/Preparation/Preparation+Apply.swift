/// Applying a fitted preparation: to the samples it was fitted on and to new ones alike.
extension Preparation {
  /// The features of every row of `source`, whose columns are this preparation's. A missing
  /// value nothing fills stays NaN (in each of its indicators), for the caller to name.
  public func features(of source: Matrix) -> Matrix {
    if isIdentity { return source }
    var out = encode(source)
    for scaler in scalers { scale(&out, by: scaler) }
    return out
  }

  /// A regression target's values, scaled as the network learns them.
  public func scaledTargets(_ values: [Float]) -> [Float] {
    targetScales.reduce(values) { values, scale in values.map { ($0 - scale.shift) / scale.scale } }
  }

  /// Fills and encodes: one feature per value column, one indicator per fitted value.
  func encode(_ source: Matrix) -> Matrix {
    let width = featureCount
    var out = Matrix(rows: source.rows, columns: width)
    out.values.withUnsafeMutableBufferPointer { values in
      var j = 0
      for (c, encoding) in encodings.enumerated() {
        switch encoding {
        case .value:
          for r in 0..<source.rows { values[r * width + j] = filled(source[r, c], c) }
          j += 1
        case .indicators(let levels):
          let place = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
          for r in 0..<source.rows {
            let value = filled(source[r, c], c)
            if value.isNaN {
              for k in levels.indices { values[r * width + j + k] = .nan }
            } else if let k = place[value] {
              values[r * width + j + k] = 1
            }
          }
          j += levels.count
        }
      }
    }
    return out
  }

  func scale(_ matrix: inout Matrix, by scaler: Scaler) {
    let width = matrix.columns
    matrix.values.withUnsafeMutableBufferPointer { values in
      for r in 0..<matrix.rows {
        for j in 0..<width { values[r * width + j] = (values[r * width + j] - scaler.shift[j]) / scaler.scale[j] }
      }
    }
  }
}
