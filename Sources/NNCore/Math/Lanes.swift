#if arch(x86_64)
  import _Builtin_intrinsics.intel
#endif

/// Four-lane arithmetic for the loops LLVM cannot vectorise by itself. Swift's
/// `squareRoot()` is a call to libm's `sqrtf` (kept for errno) on Linux, which keeps any loop
/// around it scalar; SSE's `sqrtps` is the same IEEE square root, four at a time.
enum Lanes {
  static let width = 4

  @inline(__always)
  static func load(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD4<Float> {
    UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Float>.self)
  }

  @inline(__always)
  static func store(_ v: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
    UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD4<Float>.self)
  }

  @inline(__always)
  static func squareRoot(_ v: SIMD4<Float>) -> SIMD4<Float> {
    #if arch(x86_64)
      _mm_sqrt_ps(v)
    #else
      SIMD4(v[0].squareRoot(), v[1].squareRoot(), v[2].squareRoot(), v[3].squareRoot())
    #endif
  }

  /// v with lanes below 1e-30 in magnitude set to zero. Optimiser state that decays
  /// geometrically (momentum of a weight whose gradient stays 0) would otherwise sink into
  /// subnormal numbers, which cost the CPU a hundred cycles per operation.
  @inline(__always)
  static func flushingTiny(_ v: SIMD4<Float>) -> SIMD4<Float> {
    v.replacing(with: 0, where: (v .> -1e-30) .& (v .< 1e-30))
  }
}
