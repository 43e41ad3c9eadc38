import Foundation

/// One axis of a chart: the interval it shows, linear or logarithmic, and its ticks. Ticks
/// fall on 1-2-5 steps (…, 0.1, 0.2, 0.5, 1, 2, 5, …), so their labels stay short, and the
/// interval is widened to whole steps, so the first and last ticks sit on its ends.
struct Axis: Equatable {
  enum Scale: Equatable { case linear, log }

  let scale: Scale
  let lower: Double
  let upper: Double
  /// The labelled values, ascending, from `lower` to `upper`.
  let ticks: [Double]

  /// Values beyond this are left out of an axis's interval: no Float metric reaches them,
  /// and they would overflow the arithmetic of the interval.
  static let largestShown = 1e300

  /// Where `value` falls on the axis, from 0 at `lower` to 1 at `upper`; nil when it cannot
  /// be shown (not finite, or not positive on a log axis).
  func fraction(of value: Double) -> Double? {
    guard value.isFinite, abs(value) <= Self.largestShown else { return nil }
    switch scale {
    case .linear:
      return (value - lower) / (upper - lower)
    case .log:
      guard value > 0 else { return nil }
      return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
    }
  }

  /// With `allowsLog`, a log axis when no value is negative and the positive ones span more
  /// than two decades (zeros are then left out); else a linear axis. Values that cannot be
  /// shown (not finite) are ignored.
  static func fitting(_ values: [Double], allowsLog: Bool, wholeSteps: Bool = false) -> Axis {
    let shown = values.filter { $0.isFinite && abs($0) <= largestShown }
    let positive = shown.filter { $0 > 0 }
    if allowsLog, !shown.contains(where: { $0 < 0 }), let low = positive.min(), let high = positive.max(),
      high / low > 100
    {
      return log(covering: positive)
    }
    return linear(covering: shown, wholeSteps: wholeSteps)
  }

  /// A linear axis over `values` with about `count` intervals. `wholeSteps` keeps the step
  /// at 1 or more, for counts such as epochs.
  static func linear(covering values: [Double], intervals count: Int = 5, wholeSteps: Bool = false) -> Axis {
    let shown = values.filter { $0.isFinite && abs($0) <= largestShown }
    guard var low = shown.min(), var high = shown.max() else {
      return linear(covering: [0, 1], intervals: count, wholeSteps: wholeSteps)
    }
    if low == high {
      // One value: a band around it, so it sits mid-axis.
      let pad = wholeSteps ? 1 : low == 0 ? 1 : abs(low) * 0.1
      low -= pad
      high += pad
    }
    var step = niceStep(for: high - low, intervals: count)
    if wholeSteps { step = max(step, 1) }
    let first = (low / step).rounded(.down)
    // At least two ticks, even where rounding made the ends meet.
    let last = max((high / step).rounded(.up), first + 1)
    // Multiplying whole multiples of the step keeps 0.3 from drifting to 0.30000000000000004.
    let ticks = stride(from: first, through: last, by: 1).map { k in clean(k * step) }
    return Axis(scale: .linear, lower: ticks.first!, upper: ticks.last!, ticks: ticks)
  }

  /// A log axis over the positive `values`, widened to whole decades. Up to three decades
  /// get ticks at 1, 2 and 5 of each; more get one tick every few decades.
  static func log(covering values: [Double]) -> Axis {
    let shown = values.filter { $0.isFinite && $0 > 0 && $0 <= largestShown }
    guard let low = shown.min(), let high = shown.max() else { return log(covering: [1, 10]) }
    let first = Int(log10(low).rounded(.down))
    var last = Int(log10(high).rounded(.up))
    if last == first { last += 1 }
    let decades = last - first
    var ticks: [Double] = []
    if decades <= 3 {
      for exponent in first..<last {
        for mantissa in [1.0, 2, 5] { ticks.append(clean(mantissa * pow(10, Double(exponent)))) }
      }
      ticks.append(pow(10, Double(last)))
    } else {
      let every = (decades + 5) / 6
      last = first + every * ((decades + every - 1) / every)
      ticks = stride(from: first, through: last, by: every).map { pow(10, Double($0)) }
    }
    return Axis(scale: .log, lower: ticks.first!, upper: ticks.last!, ticks: ticks)
  }

  /// The smallest 1, 2 or 5 times a power of ten that splits `span` into at most `count`
  /// intervals.
  static func niceStep(for span: Double, intervals count: Int) -> Double {
    let raw = span / Double(max(1, count))
    let magnitude = pow(10, log10(raw).rounded(.down))
    for mantissa in [1.0, 2, 5] where mantissa * magnitude >= raw * (1 - 1e-9) {
      return mantissa * magnitude
    }
    return 10 * magnitude
  }

  /// The label of a tick: as few digits as the ticks need to differ, in exponent form
  /// (`2e-5`) when the numbers are very large or small.
  func label(_ value: Double) -> String {
    if value == 0 { return "0" }
    switch scale {
    case .linear:
      let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
      let magnitude = max(abs(lower), abs(upper))
      if magnitude >= 1e5 || magnitude < 1e-3 {
        let digits = max(0, Int(log10(abs(value)).rounded(.down) - log10(step).rounded(.down)))
        return Self.exponentForm(value, digits: digits)
      }
      let decimals = max(0, Int(-log10(step).rounded(.down)))
      return String(format: "%.\(decimals)f", value)
    case .log:
      let exponent = Int(log10(value).rounded(.down))
      if (-3...4).contains(exponent) { return String(format: "%.\(max(0, -exponent))f", value) }
      return Self.exponentForm(value, digits: 0)
    }
  }

  /// `2e-5`, `1.5e6`: C's `%e` without the plus sign, the exponent's leading zeros and the
  /// mantissa's trailing ones.
  private static func exponentForm(_ value: Double, digits: Int) -> String {
    let text = String(format: "%.\(digits)e", value)
    guard let e = text.firstIndex(of: "e") else { return text }
    var mantissa = Substring(text[..<e])
    if mantissa.contains(".") {
      while mantissa.last == "0" { mantissa = mantissa.dropLast() }
      if mantissa.last == "." { mantissa = mantissa.dropLast() }
    }
    let exponent = Int(text[text.index(after: e)...]) ?? 0
    return "\(mantissa)e\(exponent)"
  }

  /// Rounds away the binary noise of a product (0.30000000000000004 → 0.3) and turns −0
  /// into 0.
  private static func clean(_ value: Double) -> Double {
    guard value != 0 else { return 0 }
    return Double(String(format: "%.12g", value)) ?? value
  }
}
