/// TensorBoard's `Event` protocol buffer (tensorflow/core/util/event.proto), the fields a
/// scalar log uses: wall_time (1, double), step (2, int64), file_version (3, string) and
/// summary (5), whose repeated `value` (1) holds a tag (1, string) and a simple_value
/// (2, float).
enum TensorBoardEvent {
  /// The first record of every event file.
  static func fileVersion(wallTime: Double) -> [UInt8] {
    var event = ProtobufWriter()
    event.double(1, wallTime)
    event.string(3, "brain.Event:2")
    return event.bytes
  }

  /// Scalars logged at one step.
  static func scalars(_ values: [(tag: String, value: Float)], step: Int64, wallTime: Double) -> [UInt8] {
    var summary = ProtobufWriter()
    for (tag, value) in values {
      var entry = ProtobufWriter()
      entry.string(1, tag)
      entry.float(2, value)
      summary.message(1, entry)
    }
    var event = ProtobufWriter()
    event.double(1, wallTime)
    event.int64(2, step)
    event.message(5, summary)
    return event.bytes
  }
}
