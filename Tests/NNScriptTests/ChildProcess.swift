import Foundation

/// The built `nnscript` run as a child whose own resource use is measured: `wait4` reports the
/// peak memory of exactly this child, whatever other tests run beside it.
struct ChildProcess {
  /// The exit code, or 128 plus the signal that ended the child.
  let status: Int32
  let stdout: Data
  let stderr: Data
  /// The child's peak resident memory, in bytes.
  let maxResidentBytes: Int

  /// Runs `nnscript` with `arguments`, standard input read from `stdinPath`, and waits for it.
  static func run(_ arguments: [String], stdinPath: String = "/dev/null", in directory: URL) throws -> ChildProcess {
    let out = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
    let err = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, out.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, err.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let binary = Support.binary.path
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    let argv = ([binary] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, binary, &actions, nil, argv, envp)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
    let signal = status & 0x7F
    return ChildProcess(
      status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal,
      stdout: try Data(contentsOf: out),
      stderr: try Data(contentsOf: err),
      // Linux counts ru_maxrss in kilobytes.
      maxResidentBytes: usage.ru_maxrss * 1024)
  }

  var errors: String { String(decoding: stderr, as: UTF8.self) }
}
