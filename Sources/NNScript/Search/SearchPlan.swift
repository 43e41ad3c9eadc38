import Foundation
import NNCore

/// A `search` command read and checked: what it searches, what stays fixed, and how it runs.
/// Lives on the script's thread: it holds script values (the network's function, choices).
struct SearchPlan {
  /// Where a setting goes: a `train` option, or a parameter of the function building the network.
  enum Target { case option, parameter }

  /// One searched setting: its space, its choices when it is a list, and where it was written.
  struct Setting {
    let parameter: SearchParameter
    let target: Target
    /// The values of a choice, by index.
    let choices: [Value]
    let range: SourceRange
  }

  var settings: [Setting] = []
  /// `train` options that stay the same in every trial.
  var fixedOptions: [String: (value: Value, range: SourceRange)] = [:]
  /// Parameters of the network's function that stay the same in every trial.
  var fixedArguments: [(name: String, value: Value)] = []
  /// The function that builds each trial's network, or the one network, with where `net:` is.
  var builder: Closure?
  var network: NetworkValue?
  /// Where `net:` is written; the `search` word when it is not.
  var networkRange: SourceRange
  /// Whether `net:` gave the network (rather than the session's current one).
  var networkGiven = false
  var dataset: Dataset
  var trials = 20
  var sampler = "tpe"
  /// Trials at once: given, else 1 here and the cluster's CPUs on a cluster.
  var jobs: Int?
  var prune = true
  var folds: Int?
  var cluster: (address: String, range: SourceRange)?
  /// Seeds the sampler and, through each trial's number, each trial.
  var seed: UInt64
  var quiet = false
  /// The `search` word, where messages about the whole search point.
  let range: SourceRange

  var parameters: [SearchParameter] { settings.map(\.parameter) }

  /// Trial `number`'s own seed: the search's seed and the number, mixed (splitmix64), so that
  /// any trial can be run again alone.
  func seed(ofTrial number: Int) -> UInt64 {
    var z = seed &+ UInt64(number) &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    // Below 10^15, so that the seed prints as a whole number wherever it goes.
    return (z ^ (z >> 31)) % 1_000_000_000_000_000
  }

  /// A trial's values as script values, by name, from the samplers' numbers.
  func values(_ point: [Double]) -> [(name: String, value: Value)] {
    zip(settings, point).map { setting, x in
      if case .choice = setting.parameter.space { return (setting.parameter.name, setting.choices[Int(x)]) }
      return (setting.parameter.name, .number(x))
    }
  }

  /// `width 64, lr 0.00312, opt adam`, for tables and progress.
  static func settingsText(_ values: [(name: String, value: Value)]) -> String {
    values.map { "\($0.name) \(shortText($0.value))" }.joined(separator: ", ")
  }

  /// A value as a table shows it: numbers to four significant digits.
  static func shortText(_ value: Value) -> String {
    if case .number(let n) = value, n != n.rounded() { return String(format: "%.4g", n) }
    return value.display
  }
}
