import NNCore

/// Which data a checkpointed run trained on: its name and shape for messages, and a checksum
/// of its features, targets and split, so that resuming on other data is an error rather
/// than a quietly different run.
struct DataIdentity: Codable, Equatable {
  var name: String
  var samples: Int
  var features: Int
  /// nil for a regression target.
  var classes: [String]?
  /// FNV-1a over every feature, target and split index, in hexadecimal.
  var checksum: String

  init(_ dataset: Dataset) {
    name = dataset.name
    samples = dataset.count
    features = dataset.features.columns
    classes = dataset.targets.classNames
    var hash = FNV1a()
    for value in dataset.features.values { hash.add(UInt64(value.bitPattern)) }
    switch dataset.targets {
    case .classes(let labels, let names):
      for label in labels { hash.add(UInt64(UInt32(bitPattern: label))) }
      for name in names { hash.add(name) }
    case .values(let values):
      for value in values { hash.add(UInt64(value.bitPattern)) }
    }
    // Each part's rows, with its size first so that the parts cannot blur into each other.
    for part in dataset.split.map({ [$0.train, $0.validation, $0.test] }) ?? [] {
      hash.add(UInt64(part.count))
      for row in part { hash.add(UInt64(row)) }
    }
    checksum = String(hash.value, radix: 16)
  }

  /// Whether these are the same samples, whatever the data is called.
  func matches(_ other: DataIdentity) -> Bool {
    samples == other.samples && features == other.features && classes == other.classes
      && checksum == other.checksum
  }

  /// `iris (150 samples × 4 features, 3 classes)`
  var description: String {
    let target = classes.map { "\($0.count) classes" } ?? "regression"
    return "\(name) (\(samples) samples × \(features) features, \(target))"
  }
}

/// The 64-bit FNV-1a hash, fed whole words: small, and the same on every platform.
private struct FNV1a {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ word: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) {
      value = (value ^ (word >> UInt64(shift) & 0xff)) &* 0x100_0000_01b3
    }
  }

  mutating func add(_ text: String) {
    add(UInt64(text.utf8.count))
    for byte in text.utf8 { add(UInt64(byte)) }
  }
}
