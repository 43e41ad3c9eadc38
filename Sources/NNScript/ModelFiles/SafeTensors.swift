import Foundation

/// Hugging Face's safetensors format: an 8-byte little-endian header length, a JSON header
/// giving each tensor's `dtype`, `shape` and `data_offsets` (and an optional `__metadata__` map
/// of strings), then the tensors' little-endian bytes. nnscript writes and reads F32 (weights),
/// F64 and I64 (a checkpoint's history and row order). Reading treats the file as hostile:
/// every number is checked before it is used.
struct SafeTensors {
  struct Tensor: Equatable {
    enum Values: Equatable {
      case f32([Float])
      case f64([Double])
      case i64([Int64])

      var dtype: String {
        switch self {
        case .f32: "F32"
        case .f64: "F64"
        case .i64: "I64"
        }
      }

      /// Bytes per element.
      var width: Int { if case .f32 = self { 4 } else { 8 } }

      var count: Int {
        switch self {
        case .f32(let values): values.count
        case .f64(let values): values.count
        case .i64(let values): values.count
        }
      }
    }

    let name: String
    let shape: [Int]
    /// Row-major, as many as the shape holds.
    let values: Values

    init(_ name: String, shape: [Int], _ values: Values) {
      self.name = name
      self.shape = shape
      self.values = values
    }

    var floats: [Float]? { if case .f32(let values) = values { values } else { nil } }
    var doubles: [Double]? { if case .f64(let values) = values { values } else { nil } }
    var integers: [Int64]? { if case .i64(let values) = values { values } else { nil } }
  }

  var tensors: [Tensor]
  var metadata: [String: String]

  /// Headers above this are refused, as the reference implementation does.
  static let maxHeader = 100_000_000

  subscript(name: String) -> Tensor? { tensors.first { $0.name == name } }

  // MARK: Writing

  /// The file's bytes: tensors laid end to end in the order given, the header padded with
  /// spaces to a multiple of 8 bytes so each tensor starts aligned, as the reference writer does.
  func encoded() -> Data {
    var header: [String: Any] = [:]
    var offset = 0
    for tensor in tensors {
      let end = offset + tensor.values.count * tensor.values.width
      header[tensor.name] = ["dtype": tensor.values.dtype, "shape": tensor.shape, "data_offsets": [offset, end]]
      offset = end
    }
    if !metadata.isEmpty { header["__metadata__"] = metadata }
    // Strings, whole numbers and lists of them always serialise.
    var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
    json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
    var data = Data(capacity: 8 + json.count + offset)
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(json)
    for tensor in tensors {
      switch tensor.values {
      case .f32(let values): values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { data.append(contentsOf: $0) }
      case .f64(let values): values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { data.append(contentsOf: $0) }
      case .i64(let values): values.map { $0.littleEndian }.withUnsafeBytes { data.append(contentsOf: $0) }
      }
    }
    return data
  }

  /// Bytes per element of the dtypes nnscript reads (as `Values.width`); nil for the others.
  private static func width(_ dtype: String) -> Int? {
    switch dtype {
    case "F32": 4
    case "F64", "I64": 8
    default: nil
    }
  }

  // MARK: Reading

  init(tensors: [Tensor], metadata: [String: String]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  /// Reads the file at `path`: only a regular file (a device or a FIFO may never end), whose
  /// header length is checked against the limit and the file's size before anything is read.
  init(contentsOf path: String) throws(FileFailure) {
    guard let (handle, info) = Descriptor.openForReading(path) else {
      throw FileFailure(errno == ENOENT ? "there is no such file" : FileFailure.posix().reason)
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw FileFailure("it is a folder")
    default: throw FileFailure("it is not a regular file")
    }
    let size = Int(info.st_size)
    do {
      let start = try handle.read(upToCount: 8) ?? Data()
      if start.count == 8 { _ = try Self.headerLength(of: start, fileSize: size) }
      try self.init(decoding: start + (try handle.read(upToCount: max(size - start.count, 0)) ?? Data()))
    } catch let error as FileFailure {
      throw error
    } catch {
      throw FileFailure("it cannot be read")
    }
  }

  /// The header length the first 8 bytes declare (little-endian), once it is known to fit
  /// both the limit and a file of `fileSize` bytes.
  private static func headerLength(of bytes: Data, fileSize: Int) throws(FileFailure) -> Int {
    let declared = bytes.prefix(8).enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.element) << (8 * UInt64($1.offset))
    }
    guard declared <= UInt64(maxHeader) else {
      throw FileFailure("its header length (\(declared) bytes) is not plausible: is it a safetensors file?")
    }
    guard Int(declared) <= fileSize - 8 else {
      throw FileFailure("the file is cut short inside its header (\(fileSize) bytes)")
    }
    return Int(declared)
  }

  /// Reads a file's bytes, checking the header's length against the file, the JSON, every
  /// dtype, shape and offset, and that no two tensors share bytes.
  init(decoding data: Data) throws(FileFailure) {
    let bytes = [UInt8](data)
    guard bytes.count >= 8 else { throw FileFailure("the file is too short to be a safetensors file") }
    let headerLength = try Self.headerLength(of: data, fileSize: bytes.count)
    let buffer = bytes[(8 + headerLength)...]
    let header = try Self.header(Data(bytes[8..<8 + headerLength]))
    metadata = header.metadata
    var tensors: [Tensor] = []
    var spans: [(range: Range<Int>, name: String)] = []
    for (name, entry) in header.entries.sorted(by: { $0.key < $1.key }) {
      guard let width = Self.width(entry.dtype) else {
        throw FileFailure("tensor '\(name)' is \(entry.dtype); nnscript reads F32, F64 and I64 tensors")
      }
      guard let shape = Self.whole(entry.shape), let offsets = Self.whole(entry.data_offsets) else {
        throw FileFailure("tensor '\(name)' needs a dtype, a shape and data_offsets of whole numbers")
      }
      guard shape.allSatisfy({ $0 >= 0 }), let count = Self.product(shape),
        case (let byteCount, false) = count.multipliedReportingOverflow(by: width)
      else { throw FileFailure("tensor '\(name)' has an impossible shape \(shape)") }
      guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1] else {
        throw FileFailure("tensor '\(name)' has data_offsets that are not a [start, end] pair")
      }
      let (start, end) = (offsets[0], offsets[1])
      guard end <= buffer.count else {
        throw FileFailure("tensor '\(name)' runs past the end of the file: is the file cut short?")
      }
      guard end - start == byteCount else {
        throw FileFailure("tensor '\(name)' has \(end - start) bytes, but its shape \(shape) needs \(byteCount)")
      }
      spans.append((start..<end, name))
      let values = buffer[buffer.startIndex + start..<buffer.startIndex + end]
      tensors.append(Tensor(name, shape: shape, Self.values(entry.dtype, values)))
    }
    spans.sort { $0.range.lowerBound < $1.range.lowerBound }
    for (a, b) in zip(spans, spans.dropFirst()) where b.range.lowerBound < a.range.upperBound {
      throw FileFailure("tensors '\(a.name)' and '\(b.name)' overlap")
    }
    self.tensors = tensors
  }

  /// The header as JSON gives it: tensor entries by name, and the metadata.
  private struct Header: Decodable {
    /// Numbers as JSON has them; `SafeTensors.whole` makes sure they are whole.
    struct Entry: Decodable {
      let dtype: String
      let shape: [Double]
      let data_offsets: [Double]
    }

    private struct Key: CodingKey {
      let stringValue: String
      var intValue: Int? { nil }
      init(stringValue: String) { self.stringValue = stringValue }
      init?(intValue: Int) { nil }
    }

    var entries: [String: Entry] = [:]
    var metadata: [String: String] = [:]

    init(from decoder: Decoder) throws {
      let fields = try decoder.container(keyedBy: Key.self)
      for key in fields.allKeys {
        if key.stringValue == "__metadata__" {
          metadata = try fields.decode([String: String].self, forKey: key)
        } else {
          entries[key.stringValue] = try fields.decode(Entry.self, forKey: key)
        }
      }
    }
  }

  /// The header, or why its JSON is not a safetensors header.
  private static func header(_ json: Data) throws(FileFailure) -> Header {
    do {
      return try JSONDecoder().decode(Header.self, from: json)
    } catch let DecodingError.typeMismatch(_, context), let DecodingError.keyNotFound(_, context),
      let DecodingError.valueNotFound(_, context), let DecodingError.dataCorrupted(context)
    {
      guard let name = context.codingPath.first?.stringValue else {
        throw FileFailure("its header is not a JSON object: is it a safetensors file?")
      }
      if name == "__metadata__" { throw FileFailure("its __metadata__ does not map strings to strings") }
      throw FileFailure("tensor '\(name)' needs a dtype, a shape and data_offsets of whole numbers")
    } catch {
      throw FileFailure("its header is not a JSON object: is it a safetensors file?")
    }
  }

  /// Little-endian elements of a dtype `width` knows.
  private static func values(_ dtype: String, _ bytes: ArraySlice<UInt8>) -> Tensor.Values {
    func elements<T: FixedWidthInteger>(_: T.Type) -> [T] {
      bytes.withUnsafeBytes { raw in
        (0..<raw.count / MemoryLayout<T>.size).map {
          T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self))
        }
      }
    }
    switch dtype {
    case "F32": return .f32(elements(UInt32.self).map(Float.init(bitPattern:)))
    case "F64": return .f64(elements(UInt64.self).map(Double.init(bitPattern:)))
    default: return .i64(elements(Int64.self))
    }
  }

  /// The numbers as Ints when every one is whole and fits; nil otherwise.
  private static func whole(_ numbers: [Double]) -> [Int]? {
    var out: [Int] = []
    for number in numbers {
      guard number == number.rounded(), abs(number) < 0x1p63, let value = Int(exactly: number) else { return nil }
      out.append(value)
    }
    return out
  }

  /// The number of elements a shape holds; nil when it overflows.
  private static func product(_ shape: [Int]) -> Int? {
    var count = 1
    for dimension in shape {
      let (next, overflow) = count.multipliedReportingOverflow(by: dimension)
      if overflow { return nil }
      count = next
    }
    return count
  }
}
