import Testing

@testable import NNScript

/// `windows`, `adding` and `parity` in scripts, and digits read row by row as a sequence.
struct SequenceDataTests {
  /// Each mistake is an error at the argument that makes it, saying what would do instead.
  @Test(
    "a mistaken windows call says what is wrong",
    arguments: [
      (
        "windows([1, 2, 3], length: 3)",
        "the series has 3 values, too few for one window of 3 and a horizon of 1 (4 values)"
      ),
      ("windows(load(\"iris\"), length: 3)", "column: names the column that holds the series"),
      ("windows(load(\"sunspots\"), column: \"SUNACTIVTY\", length: 3)", "did you mean 'SUNACTIVITY'?"),
      ("windows(split(load(\"sunspots\"), 0.8), length: 3)", "it splits in time order itself (split:)"),
      ("windows([1, \"a\"], length: 1)", "a series holds numbers, but element 2 is string"),
      ("windows(range(100), length: 2, split: \"a\")", "split: takes a fraction or a list of two, found string"),
      ("windows(range(100), length: 2, horizon: 0)", "expected a whole number ≥ 1, found 0"),
      ("windows(range(20), length: 4)", "the validation part holds 4 of the series' 20 values"),
    ])
  func mistakes(_ script: String, _ expected: String) {
    let result = Support.run(script)
    #expect(result.outcome.status != .success)
    #expect(result.errors.contains(expected), "\(result.errors)")
  }

  /// A dense network trains on windows as on any regression: the time-ordered validation part
  /// is the one it is watched on, not one it holds out by chance.
  @Test func aDenseNetworkTrainsOnWindows() throws {
    let (engine, _, errors, outcome) = Support.run(
      """
      seed 1
      data = standardize(windows(load("sunspots"), length: 8), target: true)
      net < dense 16 relu; dense 1 >
      r = train epochs: 5 quiet: true
      held = eval on: data.val
      """)
    #expect(outcome.status == .success, "\(errors)")
    #expect(!errors.contains("holding out"), "the windows' own validation part is used")
    #expect(Support.number(Support.member(engine[variable: "held"], "samples")) == 54)  // 62 validation years, 8 to the first window
  }

  /// `reshape(load("digits"), 8, 8)` is eight steps of eight features, one image row each: a
  /// conv1d over it slides along the rows and reads all eight pixels of each.
  @Test func digitsReshapedReadRowByRow() throws {
    let (engine, output, errors, outcome) = Support.run(
      """
      data = reshape(load("digits"), 8, 8)
      shape = data.shape
      net < conv1d 16 3 relu; gap; dense 10 softmax >
      summary
      """)
    #expect(outcome.status == .success, "\(errors)")
    #expect(engine[variable: "shape"]?.display == "[8, 8]")
    // 8 − 3 + 1 positions of 16 filters, each 3 steps × 8 features wide, plus a bias.
    #expect(output.contains("6×16") && output.contains("\(16 * 3 * 8 + 16)"), "\(output)")
  }
}
