import Foundation

/// A straight line fitted to the logarithm of a stretch of per-epoch losses: how fast the
/// loss moves by a share of itself each epoch, and how steadily, as the slope's distance from
/// zero in standard errors. A curve that falls by 2% an epoch with epoch-to-epoch wobbles of
/// 0.1% is steady; one that falls by 2% between jumps of 10% is noise.
struct LossTrend {
  /// The share the loss loses each epoch along the line (0.02 is 2% an epoch; negative when rising).
  let fall: Float
  /// The fitted slope over its standard error, positive when falling; infinite for a perfect line.
  let steadiness: Float

  /// The trend of `losses`; nil for fewer than 4 values or any that is not finite and positive.
  init?(_ losses: some Collection<Float>) {
    guard losses.count >= 4, losses.allSatisfy({ $0.isFinite && $0 > 0 }) else { return nil }
    let ys = losses.map { Double(log($0)) }
    let n = Double(ys.count)
    let meanX = (n - 1) / 2
    let meanY = ys.reduce(0, +) / n
    var sxx = 0.0
    var sxy = 0.0
    for (x, y) in ys.enumerated() {
      sxx += (Double(x) - meanX) * (Double(x) - meanX)
      sxy += (Double(x) - meanX) * (y - meanY)
    }
    let slope = sxy / sxx
    let residuals = ys.enumerated().reduce(0.0) { sum, point in
      let fitted = meanY + slope * (Double(point.offset) - meanX)
      return sum + (point.element - fitted) * (point.element - fitted)
    }
    let standardError = (residuals / (n - 2) / sxx).squareRoot()
    fall = Float(1 - exp(slope))
    steadiness = standardError > 0 ? Float(-slope / standardError) : (slope < 0 ? .infinity : 0)
  }
}
