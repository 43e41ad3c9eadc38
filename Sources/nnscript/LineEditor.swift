import CEditLine
import Foundation

/// Reads lines from a terminal through libedit: emacs keys, a history kept between sessions,
/// Ctrl-R to search it, Tab to complete, Ctrl-C to abandon the line.
final class LineEditor {
  enum Input {
    case line(String)
    /// Ctrl-C: the line was abandoned.
    case cancelled
    /// Ctrl-D on an empty line.
    case end
  }

  private static let historySize: Int32 = 1000

  /// Completions for the word before a UTF-8 offset into the line (see `Engine.completions`).
  private let complete: (String, Int) -> [String]
  private let editLine: OpaquePointer
  private let history: OpaquePointer
  private let historyPath: String
  private let input: UnsafeMutablePointer<FILE>
  private let output: UnsafeMutablePointer<FILE>
  private var prompt: UnsafeMutablePointer<CChar>?
  /// Ctrl-C arrives as a signal; its handler writes to this pipe to wake the reader.
  private let wake: (output: Int32, input: Int32)
  private var cancelled = false
  /// After Ctrl-C the reader supplies a newline, to end the line the ordinary way.
  private var endLine = false
  private var warnedAboutHistory = false

  init(historyPath: String, complete: @escaping (String, Int) -> [String]) {
    // libedit decodes and draws characters by the locale; a bare C locale knows only ASCII.
    if let locale = setlocale(LC_CTYPE, ""), ["C", "POSIX"].contains(String(cString: locale)) {
      setlocale(LC_CTYPE, "C.UTF-8")
    }
    self.complete = complete
    self.historyPath = historyPath
    var ends: [Int32] = [-1, -1]
    _ = pipe(&ends)
    wake = (ends[0], ends[1])
    // Read without waiting, to drop what an earlier prompt left.
    _ = fcntl(wake.output, F_SETFL, fcntl(wake.output, F_GETFL) | O_NONBLOCK)
    // The interrupt thread wakes the reader under its lock: a full pipe must not hold it there.
    _ = fcntl(wake.input, F_SETFL, fcntl(wake.input, F_GETFL) | O_NONBLOCK)
    input = fdopen(STDIN_FILENO, "r")
    output = fdopen(STDOUT_FILENO, "w")
    editLine = el_init(CommandLine.arguments[0], input, output, output)
    history = history_init()
    nn_history_set_size(history, LineEditor.historySize)
    nn_history_set_unique(history, 1)
    nn_history_load(history, historyPath)

    nn_el_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
    nn_el_set_editor(editLine, "emacs")
    nn_el_set_history(editLine, history)
    nn_el_set_prompt(editLine) { LineEditor.owning($0).prompt }
    nn_el_set_reader(editLine) { LineEditor.owning($0).readCharacter(into: $1!) }
    nn_el_add_function(editLine, "nn-complete", "complete the word before the cursor") { el, _ in
      LineEditor.owning(el).completeWord()
    }
    nn_el_add_function(editLine, "nn-cancel", "abandon the line") { el, _ in LineEditor.owning(el).cancelLine() }
    // The user's ~/.editrc may change keys; Tab, Ctrl-R and Ctrl-C are ours.
    el_source(editLine, nil)
    nn_el_bind(editLine, "^I", "nn-complete")
    nn_el_bind(editLine, "^R", "em-inc-search-prev")
    nn_el_bind(editLine, "^C", "nn-cancel")
  }

  deinit {
    el_end(editLine)
    history_end(history)
    free(prompt)
    close(wake.output)
    close(wake.input)
  }

  /// Reads one line, with its line break.
  func read(prompt text: String) -> Input {
    free(prompt)
    prompt = strdup(text)
    cancelled = false
    // Keys typed once the prompt shows must not be echoed by the terminal too: libedit would
    // switch to raw mode only when it reads the first key.
    nn_el_prepare_terminal(editLine, 1)
    var count: Int32 = 0
    // A press that came after the last line was ended is that prompt's: this one never sees it.
    drainWake()
    let wakeInput = wake.input
    let line = Interrupts.shared.answering(
      with: { LineEditor.signal(wakeInput) }, during: { el_gets(editLine, &count) })
    if cancelled { return .cancelled }
    guard let line, count > 0 else { return .end }
    let text = String(cString: line)
    remember(text)
    return .line(text)
  }

  private static func owning(_ editLine: OpaquePointer?) -> LineEditor {
    Unmanaged<LineEditor>.fromOpaque(nn_el_client_data(editLine)!).takeUnretainedValue()
  }

  private static func signal(_ pipe: Int32) {
    var byte: UInt8 = 0
    _ = write(pipe, &byte, 1)
  }

  // MARK: History

  private func remember(_ line: String) {
    let entry = line.trimmingCharacters(in: .newlines)
    guard !entry.trimmingCharacters(in: .whitespaces).isEmpty else { return }
    nn_history_enter(history, entry)
    // Written whole to a file beside it and renamed, so the file is never half written.
    let temporary = "\(historyPath).\(getpid()).tmp"
    if nn_history_save(history, temporary) < 0 || rename(temporary, historyPath) != 0 {
      unlink(temporary)
      if !warnedAboutHistory {
        warnedAboutHistory = true
        Terminal.writeError("warning: cannot save the history to \(historyPath)\n")
      }
    }
  }

  // MARK: Keys

  /// Reads one character for libedit, decoding UTF-8; Ctrl-C's signal becomes the key ^C. It
  /// comes before what stdin holds: the terminal drops the keys typed before Ctrl-C, so those
  /// left were typed after it.
  private func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
    if endLine {
      endLine = false
      character.pointee = wchar_t(UInt8(ascii: "\n"))
      return 1
    }
    var sources = [
      pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
      pollfd(fd: wake.output, events: Int16(POLLIN), revents: 0),
    ]
    while poll(&sources, 2, -1) < 0 {
      if errno != EINTR { return -1 }
    }
    if sources[1].revents != 0 {
      drainWake()
      character.pointee = 3
      return 1
    }
    guard let lead = readByte() else { return 0 }
    let length =
      switch lead {
      case 0xF0...0xF7: 4
      case 0xE0...0xEF: 3
      case 0xC0...0xDF: 2
      default: 1
      }
    var bytes = [lead]
    while bytes.count < length, let next = readByte() { bytes.append(next) }
    character.pointee = wchar_t(
      bitPattern: String(decoding: bytes, as: UTF8.self).unicodeScalars.first?.value ?? 0xFFFD)
    return 1
  }

  private func drainWake() {
    var drained = [UInt8](repeating: 0, count: 64)
    while Glibc.read(wake.output, &drained, drained.count) > 0 {}
  }

  private func readByte() -> UInt8? {
    var byte: UInt8 = 0
    while true {
      let count = Glibc.read(STDIN_FILENO, &byte, 1)
      if count == 1 { return byte }
      if count == 0 || errno != EINTR { return nil }
    }
  }

  /// Ctrl-C: shows `^C` at the end of the line, then ends it; `read` reports it abandoned.
  private func cancelLine() -> UInt8 {
    if let line = el_wline(editLine)?.pointee {
      el_cursor(editLine, Int32(line.lastchar - line.cursor))
    }
    el_insertstr(editLine, "^C")
    cancelled = true
    endLine = true
    return UInt8(CC_REFRESH)
  }

  /// Tab: inserts what all completions share; when that adds nothing, lists them.
  private func completeWord() -> UInt8 {
    guard let info = el_line(editLine)?.pointee else { return UInt8(CC_ERROR) }
    let whole = Array(UnsafeBufferPointer(start: info.buffer, count: info.lastchar - info.buffer))
    let cursor = info.cursor - info.buffer
    let text = String(decoding: whole.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let before = String(decoding: whole[..<cursor].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let candidates = complete(text, cursor)
    guard let first = candidates.first else { return UInt8(CC_ERROR) }
    let typed = LineEditor.typedPart(of: first, before: before)
    let shared = candidates.dropFirst().reduce(first) { String($0.commonPrefix(with: $1)) }
    if shared.count > typed.count {
      el_insertstr(editLine, String(shared.dropFirst(typed.count)))
      return UInt8(CC_REFRESH)
    }
    guard candidates.count > 1 else { return UInt8(CC_NORM) }
    fputs("\n" + LineEditor.columns(candidates, width: Int(nn_el_columns(editLine))), output)
    fflush(output)
    return UInt8(CC_REDISPLAY)
  }

  /// The longest end of `before` that begins `completion`: the part of the word already typed.
  static func typedPart(of completion: String, before: String) -> Substring {
    var start = before.startIndex
    while start < before.endIndex, !completion.hasPrefix(before[start...]) {
      start = before.index(after: start)
    }
    return before[start...]
  }

  /// Words in columns, as shells list completions.
  static func columns(_ words: [String], width: Int) -> String {
    let cell = (words.map(\.count).max() ?? 0) + 2
    let perLine = max(1, width / cell)
    var out = ""
    for (i, word) in words.enumerated() {
      let last = i % perLine == perLine - 1 || i == words.count - 1
      out += last ? word + "\n" : word.padding(toLength: cell, withPad: " ", startingAt: 0)
    }
    return out
  }
}
