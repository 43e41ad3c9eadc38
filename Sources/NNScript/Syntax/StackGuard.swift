#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Tells recursion over a deep tree (parsing, checking, evaluating) when the calling thread's
/// stack is nearly used up, so that it stops with a diagnostic instead of overflowing: a host
/// may run an engine on a thread whose stack is far smaller than the main thread's.
enum StackGuard {
  /// What must stay free below the deepest level: room for one more level of the deepest
  /// recursion plus building and throwing its diagnostic, with a margin for debug builds.
  static let reserve = 256 << 10

  /// Whether the calling thread's stack has room for another level of nesting.
  static var hasRoom: Bool {
    var marker: UInt8 = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) } > limit
  }

  /// The lowest address recursion may reach on the calling thread, looked up once per thread
  /// (for the main thread the lookup reads /proc); 1 when the bounds cannot be told.
  private static var limit: UInt {
    if let stored = pthread_getspecific(key) { return UInt(bitPattern: stored) }
    let limit = lowestAddress(of: pthread_self()).map { $0 + UInt(reserve) } ?? 1
    pthread_setspecific(key, UnsafeRawPointer(bitPattern: limit))
    return limit
  }

  private static let key: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
  }()

  #if canImport(Glibc)
    /// glibc's `pthread_getattr_np`, which its module map leaves out (it is a GNU extension).
    private static let getAttributes: (@convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32)? =
      dlsym(dlopen(nil, RTLD_NOW), "pthread_getattr_np").map {
        unsafeBitCast($0, to: (@convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32).self)
      }
  #endif

  /// The low end of a thread's stack (stacks grow down on every platform Swift runs on).
  private static func lowestAddress(of thread: pthread_t) -> UInt? {
    #if canImport(Glibc)
      var attributes = pthread_attr_t()
      guard let getAttributes, getAttributes(thread, &attributes) == 0 else { return nil }
      defer { pthread_attr_destroy(&attributes) }
      var base: UnsafeMutableRawPointer?
      var size = 0
      guard pthread_attr_getstack(&attributes, &base, &size) == 0, let base else { return nil }
      return UInt(bitPattern: base)
    #elseif canImport(Darwin)
      return UInt(bitPattern: pthread_get_stackaddr_np(thread)) - UInt(pthread_get_stacksize_np(thread))
    #else
      return nil
    #endif
  }
}
