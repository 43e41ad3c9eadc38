import Foundation

/// The memory a run may spend: what the machine has available, or less when the host says so.
/// Networks and their batch buffers are measured against it before anything is allocated.
public struct MemoryBudget: Sendable, Equatable {
  /// Bytes that may be spent.
  public let bytes: Int
  /// Whether the host set the figure, rather than the machine's available memory.
  public let fromHost: Bool

  /// A budget the host gives, below what the machine may have.
  public static func host(bytes: Int) -> MemoryBudget { MemoryBudget(bytes: max(0, bytes), fromHost: true) }

  /// The machine's available memory now: MemAvailable of /proc/meminfo on Linux, else half of
  /// the physical memory (a machine without /proc has no cheaper honest figure).
  public static func machine() -> MemoryBudget {
    MemoryBudget(bytes: availableMemory() ?? Int(ProcessInfo.processInfo.physicalMemory / 2), fromHost: false)
  }

  /// `bytes` when the host gave a budget, else the machine's.
  public static func host(bytes: Int?) -> MemoryBudget { bytes.map { host(bytes: $0) } ?? machine() }

  /// The budget as the end of a refusal: "the machine has 21 GB available".
  public var phrase: String {
    fromHost
      ? "the host allows \(Self.describe(Double(bytes)))" : "the machine has \(Self.describe(Double(bytes))) available"
  }

  /// A size for people: "24 GB", "512 MB", "3.5 KB".
  public static func describe(_ bytes: Double) -> String {
    let units = ["bytes", "KB", "MB", "GB", "TB", "PB"]
    var value = bytes
    var unit = 0
    while value >= 1000 && unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    if unit == 0 { return "\(Int(value)) bytes" }
    let shown = value < 10 ? (value * 10).rounded() / 10 : value.rounded()
    let text = shown == shown.rounded() ? String(Int(shown)) : String(shown)
    return "\(text) \(units[unit])"
  }

  /// MemAvailable from /proc/meminfo, in bytes; nil where the file does not say.
  private static func availableMemory() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
      let fields = line.split(separator: " ")
      guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
      return kilobytes * 1024
    }
    return nil
  }
}
