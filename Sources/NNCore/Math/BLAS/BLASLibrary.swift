import CBLAS
import Foundation

/// One BLAS library's sgemm and thread count, as this process calls them: Debian's OpenBLAS,
/// which NNCore links, or a library loaded at run time (`load(path:)`), such as the current
/// OpenBLAS that `make setup` fetches into `.build/blas/`.
///
/// ```swift
/// print(BLASLibrary.inUse.name, BLASLibrary.inUse.kernels)  // OpenBLAS 0.3.34 Haswell
/// ```
public struct BLASLibrary: @unchecked Sendable {
  /// What the library calls itself, with its version: `OpenBLAS 0.3.34`.
  public let name: String
  /// The kernels it runs on this CPU, as the library names them: `Haswell`, `SkylakeX`.
  public let kernels: String
  /// The file it was loaded from; nil for the linked Debian OpenBLAS.
  public let path: String?
  /// The library's cblas_sgemm, a plain C function pointer: `BLAS` keeps it, so that a product
  /// does not copy the whole struct.
  let sgemm: SGEMM
  private let setThreadCount: (Int) -> Void
  private let threadCount: () -> Int

  typealias SGEMM =
    @convention(c) (
      Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32, UnsafePointer<Float>?,
      Int32, Float, UnsafeMutablePointer<Float>?, Int32
    ) -> Void

  /// C (m×n) = op(A) · op(B) + beta·C on row-major matrices, where op(A) is m×k and op(B) k×n.
  @inline(__always)
  public func gemm(
    _ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
    into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, beta: Float = 0
  ) {
    Self.gemm(sgemm, a, transposeA: transposeA, b, transposeB: transposeB, into: c, m: m, n: n, k: k, beta: beta)
  }

  /// `gemm` through the cblas_sgemm `sgemm`.
  @inline(__always)
  static func gemm(
    _ sgemm: SGEMM, _ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
    into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, beta: Float
  ) {
    let (noTrans, trans) = (Int32(CblasNoTrans.rawValue), Int32(CblasTrans.rawValue))
    sgemm(
      Int32(CblasRowMajor.rawValue), transposeA ? trans : noTrans, transposeB ? trans : noTrans, Int32(m), Int32(n),
      Int32(k), 1, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n), beta, c, Int32(n))
  }

  /// Sets the library's thread count, one setting for the whole process.
  public func setThreads(_ count: Int) { setThreadCount(count) }

  /// The library's thread count now.
  public var threads: Int { threadCount() }

  /// Debian's OpenBLAS, linked into NNCore: the library every machine that builds nnscript has.
  public static let system = BLASLibrary(
    name: version(openblas_get_config()), kernels: String(cString: openblas_get_corename()), path: nil,
    sgemm: systemSGEMM,
    setThreadCount: { openblas_set_num_threads(Int32($0)) }, threadCount: { Int(openblas_get_num_threads()) })

  static let systemSGEMM: SGEMM = { order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
    cblas_sgemm(
      CBLAS_ORDER(rawValue: UInt32(order)), CBLAS_TRANSPOSE(rawValue: UInt32(ta)),
      CBLAS_TRANSPOSE(rawValue: UInt32(tb)), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
  }

  /// This library with its sgemm replaced, for checking `BLASCheck` against wrong products.
  func withProducts(_ sgemm: SGEMM) -> BLASLibrary {
    BLASLibrary(
      name: name, kernels: kernels, path: path, sgemm: sgemm, setThreadCount: setThreadCount,
      threadCount: threadCount)
  }

  /// Loads an OpenBLAS shared library, built with or without a symbol prefix (the current
  /// OpenBLAS of scipy-openblas32 prefixes `scipy_`), or a BLIS one. `OPENBLAS_CORETYPE` is
  /// hidden while it loads: a machine pins it for Debian's 0.3.21, which does not know newer CPUs,
  /// while a current build picks its kernels for the CPU itself, and `BLASCheck` checks what they
  /// compute.
  public static func load(path: String) throws -> BLASLibrary {
    let pinned = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) }
    unsetenv("OPENBLAS_CORETYPE")
    let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL)
    if let pinned { setenv("OPENBLAS_CORETYPE", pinned, 1) }
    guard let handle else {
      throw BLASLoadError(path: path, reason: dlerror().map { String(cString: $0) } ?? "it does not load")
    }
    typealias Text = @convention(c) () -> UnsafePointer<CChar>
    typealias SetCount = @convention(c) (Int32) -> Void
    typealias Count = @convention(c) () -> Int32
    func symbol<T>(_ name: String, as type: T.Type) -> T? {
      dlsym(handle, name).map { unsafeBitCast($0, to: type) }
    }
    for prefix in ["", "scipy_"] {
      guard let sgemm = symbol(prefix + "cblas_sgemm", as: SGEMM.self),
        let setThreads = symbol(prefix + "openblas_set_num_threads", as: SetCount.self),
        let threads = symbol(prefix + "openblas_get_num_threads", as: Count.self),
        let corename = symbol(prefix + "openblas_get_corename", as: Text.self),
        let config = symbol(prefix + "openblas_get_config", as: Text.self)
      else { continue }
      return BLASLibrary(
        name: version(config()), kernels: String(cString: corename()), path: path, sgemm: sgemm,
        setThreadCount: { setThreads(Int32($0)) }, threadCount: { Int(threads()) })
    }
    typealias Architecture = @convention(c) () -> Int32
    typealias ArchitectureName = @convention(c) (Int32) -> UnsafePointer<CChar>
    if let sgemm = symbol("cblas_sgemm", as: SGEMM.self),
      let version = symbol("bli_info_get_version_str", as: Text.self),
      let setThreads = symbol("bli_thread_set_num_threads", as: (@convention(c) (Int) -> Void).self),
      let threads = symbol("bli_thread_get_num_threads", as: (@convention(c) () -> Int).self),
      let architecture = symbol("bli_arch_query_id", as: Architecture.self),
      let architectureName = symbol("bli_arch_string", as: ArchitectureName.self)
    {
      return BLASLibrary(
        name: "BLIS " + String(cString: version()), kernels: String(cString: architectureName(architecture())),
        path: path, sgemm: sgemm, setThreadCount: { setThreads($0) }, threadCount: { threads() })
    }
    dlclose(handle)
    throw BLASLoadError(path: path, reason: "it has no OpenBLAS or BLIS cblas_sgemm")
  }

  /// `OpenBLAS 0.3.34` from the configuration OpenBLAS reports (`OpenBLAS 0.3.34 DYNAMIC_ARCH …`).
  private static func version(_ config: UnsafePointer<CChar>) -> String {
    String(cString: config).split(separator: " ").prefix(2).joined(separator: " ")
  }
}

/// A BLAS library that could not be loaded, and why.
public struct BLASLoadError: Error, CustomStringConvertible {
  public let path: String
  public let reason: String
  public var description: String { "\(path): \(reason)" }
}
