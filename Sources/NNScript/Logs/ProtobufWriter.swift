/// Encodes the few protocol-buffer field types TensorBoard's `Event` needs, by the wire
/// format: a key (field number and wire type) as a varint, then the value.
struct ProtobufWriter {
  private(set) var bytes: [UInt8] = []

  private enum WireType: UInt64 {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case fixed32 = 5
  }

  /// int64, uint64 and bool fields; a negative int64 takes ten bytes, as in the format.
  mutating func varint(_ field: Int, _ value: UInt64) {
    key(field, .varint)
    append(varint: value)
  }

  mutating func int64(_ field: Int, _ value: Int64) { varint(field, UInt64(bitPattern: value)) }

  mutating func double(_ field: Int, _ value: Double) {
    key(field, .fixed64)
    append(littleEndian: value.bitPattern, count: 8)
  }

  mutating func float(_ field: Int, _ value: Float) {
    key(field, .fixed32)
    append(littleEndian: UInt64(value.bitPattern), count: 4)
  }

  /// Bytes, strings and embedded messages: the length, then the bytes.
  mutating func lengthDelimited(_ field: Int, _ value: [UInt8]) {
    key(field, .lengthDelimited)
    append(varint: UInt64(value.count))
    bytes += value
  }

  mutating func string(_ field: Int, _ value: String) { lengthDelimited(field, Array(value.utf8)) }

  mutating func message(_ field: Int, _ value: ProtobufWriter) { lengthDelimited(field, value.bytes) }

  private mutating func key(_ field: Int, _ type: WireType) {
    append(varint: UInt64(field) << 3 | type.rawValue)
  }

  private mutating func append(varint value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(rest & 0x7F) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  private mutating func append(littleEndian value: UInt64, count: Int) {
    for i in 0..<count { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
  }
}
