/// How far predicted values are from the true ones, in the units both are given in.
struct RegressionMetrics {
  /// The mean absolute error.
  let mae: Double
  /// The root of the mean squared error.
  let rmse: Double
  /// 1 − (squared error) / (squared deviation of the true values from their mean): 1 for a
  /// perfect predictor, 0 for one that always predicts the part's mean, below 0 for worse.
  /// Nil when the true values do not vary, where it is undefined.
  let r2: Double?

  /// `predicted[i]` against `actual[i]`; at least one pair.
  init(predicted: [Double], actual: [Double]) {
    precondition(!actual.isEmpty && predicted.count == actual.count)
    let n = Double(actual.count)
    let errors = zip(predicted, actual).map { $0 - $1 }
    mae = errors.reduce(0) { $0 + abs($1) } / n
    let squared = errors.reduce(0) { $0 + $1 * $1 }
    rmse = (squared / n).squareRoot()
    let mean = actual.reduce(0, +) / n
    let spread = actual.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    r2 = spread > 0 ? 1 - squared / spread : nil
  }
}
