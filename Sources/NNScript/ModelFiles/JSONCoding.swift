import Foundation

/// JSON as model files and checkpoints write it: non-finite numbers (a diverged loss) as the
/// strings "inf", "-inf" and "nan", which plain JSON has no words for.
enum JSONCoding {
  static func text(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    // With non-finite numbers spelled out, strings, numbers and lists of them always encode.
    return String(decoding: try! encoder.encode(value), as: UTF8.self)
  }

  /// The value `text` holds, or nil when it is not JSON of that shape.
  static func value<T: Decodable>(_ type: T.Type, from text: String) -> T? {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try? decoder.decode(type, from: Data(text.utf8))
  }
}
