import Foundation
import NNScript

/// What each target's `LLVMFuzzerTestOneInput` calls: feeds the input to the target's harness
/// and stops the process (so libFuzzer keeps the input as a crash) when the outcome is
/// neither a value nor explained errors.
public enum FuzzEntry {
  nonisolated(unsafe) private static var harnesses: [FuzzHarness.Target: FuzzHarness] = [:]

  public static func run(_ target: FuzzHarness.Target, _ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let harness = harnesses[target] ?? FuzzHarness(target)
    harnesses[target] = harness
    let outcome: Outcome
    do {
      outcome = try harness.run(Array(UnsafeBufferPointer(start: data, count: size)))
    } catch {
      FileHandle.standardError.write(Data("cannot write the input to a file: \(error)\n".utf8))
      abort()
    }
    if let problem = FuzzHarness.problem(with: outcome) {
      FileHandle.standardError.write(Data("\(target.rawValue): \(problem)\n".utf8))
      abort()
    }
    return 0
  }
}
