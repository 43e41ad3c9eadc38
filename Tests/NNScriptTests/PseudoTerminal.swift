import Foundation

/// The built `nnscript` on a pseudo-terminal of its own, driven as a person at a keyboard
/// would: keys go in, and what it draws is replayed on a small model of the screen.
final class PseudoTerminal {
  /// The screen as the program drew it: plain text, escape sequences applied.
  struct Screen {
    private(set) var lines: [[Character]] = [[]]
    private var row = 0
    private var column = 0
    private var pendingEscape: [Character]?

    func hasLine(_ line: String) -> Bool { lines.contains { String($0) == line } }

    /// The line the cursor is on.
    var currentLine: String { String(lines[row]) }
    var text: String { lines.map { String($0) }.joined(separator: "\n") }

    mutating func draw(_ characters: String) {
      for character in characters { draw(character) }
    }

    private mutating func draw(_ character: Character) {
      if var escape = pendingEscape {
        escape.append(character)
        pendingEscape = escape
        // `ESC x`, or `ESC [ parameters final`: the final byte is a letter (or ~, @).
        if escape.count == 1, character != "[" {
          pendingEscape = nil
        } else if escape.count > 1, character.isLetter || character == "~" || character == "@" {
          pendingEscape = nil
          apply(String(escape.dropFirst().dropLast()), character)
        }
        return
      }
      switch character {
      case "\u{1B}": pendingEscape = []
      case "\r": column = 0
      case "\n": moveTo(row: row + 1)
      case "\r\n":
        column = 0
        moveTo(row: row + 1)
      case "\u{08}": column = max(0, column - 1)
      case "\u{07}": break
      default:
        while lines[row].count < column { lines[row].append(" ") }
        if column < lines[row].count {
          lines[row][column] = character
        } else {
          lines[row].append(character)
        }
        column += 1
      }
    }

    private mutating func moveTo(row newRow: Int) {
      row = max(0, newRow)
      while lines.count <= row { lines.append([]) }
    }

    /// A CSI sequence: cursor moves and erasing; colours and modes change nothing here.
    private mutating func apply(_ parameters: String, _ command: Character) {
      let n = Int(parameters) ?? 1
      switch command {
      case "A": moveTo(row: row - n)
      case "B": moveTo(row: row + n)
      case "C": column += n
      case "D": column = max(0, column - n)
      case "G": column = n - 1
      case "K":
        if parameters == "2" {
          lines[row] = []
        } else if column < lines[row].count {
          lines[row].removeSubrange(column...)
        }
      case "J": lines.removeSubrange((row + 1)...)
      default: break
      }
    }
  }

  private let master: Int32
  private let pid: pid_t
  private(set) var screen = Screen()
  private(set) var exitStatus: Int32?
  /// The start of a UTF-8 sequence that the next read completes.
  private var partial: [UInt8] = []

  /// Starts `nnscript` with `arguments`, HOME set to `home` and TERM to xterm.
  init(home: URL, arguments: [String] = []) throws {
    master = PseudoTerminal.openpt(O_RDWR | O_NOCTTY)
    var name = [CChar](repeating: 0, count: 128)
    guard master >= 0, PseudoTerminal.grantpt(master) == 0, PseudoTerminal.unlockpt(master) == 0,
      PseudoTerminal.ptsname(master, &name, name.count) == 0
    else { throw POSIXError(.ENXIO) }
    let device = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // A new session opening the terminal makes it its controlling one: Ctrl-C then signals.
    posix_spawn_file_actions_addopen(&actions, 0, device, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    posix_spawn_file_actions_addclose(&actions, master)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // A clean signal mask, as a shell gives: test threads may block SIGINT.
    var signals = sigset_t()
    sigemptyset(&signals)
    posix_spawnattr_setsigmask(&attributes, &signals)
    posix_spawnattr_setflags(&attributes, PseudoTerminal.spawnNewSession | Int16(POSIX_SPAWN_SETSIGMASK))

    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = home.path
    environment["TERM"] = "xterm"
    environment["NO_COLOR"] = "1"
    let program = Support.binary.path
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for string in argv + envp { free(string) } }
    var child: pid_t = 0
    let status = posix_spawn(&child, program, &actions, &attributes, argv, envp)
    guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EINVAL) }
    pid = child
  }

  // glibc declares these only for X/Open sources, which Swift's Glibc module leaves out.
  private static let spawnNewSession: Int16 = 0x80  // POSIX_SPAWN_SETSID
  private static var openpt: @convention(c) (Int32) -> Int32 { libc("posix_openpt") }
  private static var grantpt: @convention(c) (Int32) -> Int32 { libc("grantpt") }
  private static var unlockpt: @convention(c) (Int32) -> Int32 { libc("unlockpt") }
  private static var ptsname: @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32 {
    libc("ptsname_r")
  }

  private static func libc<Function>(_ name: String) -> Function {
    unsafeBitCast(dlsym(dlopen(nil, RTLD_NOW), name)!, to: Function.self)
  }

  deinit {
    if exitStatus == nil {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
    }
    close(master)
  }

  /// Sends keys as typed: `\t` is Tab, `\u{3}` Ctrl-C, `\u{4}` Ctrl-D, `\u{1B}[A` up.
  func type(_ keys: String) {
    let bytes = Array(keys.utf8)
    var written = 0
    while written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
      if count <= 0 { return }
      written += count
    }
  }

  /// Reads what the program draws until `condition` holds of the screen, or `timeout`
  /// seconds pass; says whether it held. The timeouts only keep a broken build from hanging
  /// the suite, so they are far above what a loaded machine takes.
  @discardableResult
  func wait(timeout: Double = 30, until condition: (Screen) -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition(screen) {
      let left = deadline.timeIntervalSinceNow
      guard left > 0, read(waitingAtMost: left) else { return condition(screen) }
    }
    return true
  }

  /// Waits until the cursor's line reads `line`.
  @discardableResult
  func wait(timeout: Double = 30, forLine line: String) -> Bool {
    wait(timeout: timeout) { $0.currentLine == line }
  }

  /// Waits for the program to end and gives its exit status.
  func waitForExit(timeout: Double = 30) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while exitStatus == nil, deadline.timeIntervalSinceNow > 0 {
      var status: Int32 = 0
      if waitpid(pid, &status, WNOHANG) == pid {
        exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
      } else {
        _ = read(waitingAtMost: 0.05)
      }
    }
    return exitStatus
  }

  /// Reads what is there, waiting up to `seconds`; false when the program has closed it.
  private func read(waitingAtMost seconds: Double) -> Bool {
    var source = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    guard poll(&source, 1, Int32(min(seconds, 1) * 1000)) >= 0 else { return errno == EINTR }
    guard source.revents != 0 else { return true }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = Glibc.read(master, &buffer, buffer.count)
    guard count > 0 else { return false }
    var bytes = partial + buffer[..<count]
    // Keep a character cut in two for the next read.
    let lead = bytes.indices.reversed().prefix(3).first { bytes[$0] & 0xC0 != 0x80 }
    if let lead, bytes[lead] >= 0xC0 {
      let length = bytes[lead] >= 0xF0 ? 4 : bytes[lead] >= 0xE0 ? 3 : 2
      partial = bytes.count - lead < length ? Array(bytes[lead...]) : []
      bytes.removeLast(partial.count)
    } else {
      partial = []
    }
    screen.draw(String(decoding: bytes, as: UTF8.self))
    return true
  }
}
