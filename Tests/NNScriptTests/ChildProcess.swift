import Foundation

/// The built `nnscript` run as a child whose memory is capped: the shell that starts it sets
/// its data limit (`ulimit -d`), so a run that would need more fails to allocate and ends with
/// a signal. (Its peak resident size cannot be read back instead: Linux counts the test
/// process's own memory, inherited when the child is spawned, in the child's `ru_maxrss`.)
struct ChildProcess {
  /// The exit code, or 128 plus the signal that ended the child.
  let status: Int32
  let stdout: Data
  let stderr: Data

  /// Runs `nnscript` with `arguments`, standard input read from `stdinPath` and at most
  /// `memoryLimit` bytes of data, and waits for it.
  static func run(_ arguments: [String], stdinPath: String = "/dev/null", memoryLimit: Int, in directory: URL)
    throws -> ChildProcess
  {
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
    let shell = ["/bin/sh", "-c", "ulimit -d \(memoryLimit >> 10) && exec \"$@\"", "sh", binary]
    let argv = (shell + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
    let signal = status & 0x7F
    return ChildProcess(
      status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal,
      stdout: try Data(contentsOf: out),
      stderr: try Data(contentsOf: err))
  }

  var errors: String { String(decoding: stderr, as: UTF8.self) }
}
