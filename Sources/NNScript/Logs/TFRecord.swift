/// TFRecord framing, the container of TensorBoard's event files: each record is its length
/// (uint64, little-endian), the masked CRC-32C of those 8 bytes, the data, and the masked
/// CRC-32C of the data.
enum TFRecord {
  static func frame(_ data: [UInt8]) -> [UInt8] {
    let length = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(data.count) >> (8 * $0)) }
    return length + littleEndian(CRC32C.masked(length)) + data + littleEndian(CRC32C.masked(data))
  }

  private static func littleEndian(_ value: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
  }
}
