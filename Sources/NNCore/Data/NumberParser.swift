import Foundation

/// Reads the numbers of a CSV field without making a String: sign, digits, fraction and
/// exponent. Most fields take the fast path; long mantissas fall back to `strtod`.
enum NumberParser {
  enum Field: Equatable {
    case number(Double)
    case missing
    case text
  }

  /// Exact powers of ten: every one up to 1e22 is a Double without rounding.
  private static let powers: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
  ]

  static func classify(_ field: UnsafeBufferPointer<UInt8>) -> Field {
    var lo = 0
    var hi = field.count
    while lo < hi, field[lo] == 0x20 || field[lo] == 0x09 { lo += 1 }
    while hi > lo, field[hi - 1] == 0x20 || field[hi - 1] == 0x09 { hi -= 1 }
    if lo == hi { return .missing }
    if let n = parse(field, lo, hi) { return .number(n) }
    return isMissingToken(field, lo, hi) ? .missing : .text
  }

  /// `NA`, `NaN`, `N/A`, `?` and their case variants mark a missing value.
  private static func isMissingToken(_ f: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
    let n = hi - lo
    guard n <= 3 else { return false }
    let lower = (lo..<hi).map { f[$0] | 0x20 }
    return lower == Array("na".utf8) || lower == Array("nan".utf8)
      || lower == [UInt8(ascii: "n"), UInt8(ascii: "/") | 0x20, UInt8(ascii: "a")]
      || (n == 1 && f[lo] == UInt8(ascii: "?"))
  }

  private static func parse(_ f: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Double? {
    var i = lo
    var negative = false
    if f[i] == UInt8(ascii: "-") || f[i] == UInt8(ascii: "+") {
      negative = f[i] == UInt8(ascii: "-")
      i += 1
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var scale = 0
    var sawDigit = false
    while i < hi, f[i] >= 0x30, f[i] <= 0x39 {
      if digits < 19 { mantissa = mantissa * 10 + UInt64(f[i] - 0x30) } else { scale += 1 }
      if mantissa > 0 { digits += 1 }
      sawDigit = true
      i += 1
    }
    if i < hi, f[i] == UInt8(ascii: ".") {
      i += 1
      while i < hi, f[i] >= 0x30, f[i] <= 0x39 {
        if digits < 19 {
          mantissa = mantissa * 10 + UInt64(f[i] - 0x30)
          scale -= 1
          if mantissa > 0 { digits += 1 }
        }
        sawDigit = true
        i += 1
      }
    }
    guard sawDigit else { return nil }
    if i < hi, f[i] == UInt8(ascii: "e") || f[i] == UInt8(ascii: "E") {
      i += 1
      var exponentNegative = false
      if i < hi, f[i] == UInt8(ascii: "-") || f[i] == UInt8(ascii: "+") {
        exponentNegative = f[i] == UInt8(ascii: "-")
        i += 1
      }
      var exponent = 0
      var sawExponent = false
      while i < hi, f[i] >= 0x30, f[i] <= 0x39 {
        exponent = min(exponent * 10 + Int(f[i] - 0x30), 100_000)
        sawExponent = true
        i += 1
      }
      guard sawExponent else { return nil }
      scale += exponentNegative ? -exponent : exponent
    }
    guard i == hi else { return nil }
    var value: Double
    if digits >= 19 || abs(scale) > 22 {
      // Rare: let the C library round it exactly.
      let text = String(decoding: UnsafeBufferPointer(rebasing: f[lo..<hi]), as: UTF8.self)
      value = strtod(text, nil)
      return value
    }
    value = Double(mantissa)
    value = scale < 0 ? value / powers[-scale] : value * powers[scale]
    return negative ? -value : value
  }
}
