/// Float32 storage of a fixed size that owns its memory: the hot loops work on its pointer
/// directly, so there is no copy-on-write and no exclusivity check per access.
///
/// The memory runs on past `count` with zeros up to a multiple of `padding`: the optimisers'
/// loops run over whole buffers, where every rule leaves those zeros as they are.
final class FloatBuffer {
  static let padding = 4

  let count: Int
  let pointer: UnsafeMutablePointer<Float>

  init(count: Int, repeating value: Float = 0) {
    self.count = count
    let paddedCount = max((count + Self.padding - 1) / Self.padding, 1) * Self.padding
    // 64-byte alignment keeps vector loads and OpenBLAS's panels on cache-line boundaries.
    let raw = UnsafeMutableRawPointer.allocate(byteCount: paddedCount * 4, alignment: 64)
    pointer = raw.bindMemory(to: Float.self, capacity: paddedCount)
    pointer.initialize(repeating: value, count: count)
    (pointer + count).initialize(repeating: 0, count: paddedCount - count)
  }

  deinit { pointer.deallocate() }

  var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

  func copy(from values: [Float]) {
    precondition(values.count == count)
    values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
  }
}
