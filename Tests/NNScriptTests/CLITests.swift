import Foundation
import Testing

@testable import NNScript

/// The `nnscript` executable end to end: modes, exit codes and where output goes.
struct CLITests {
  private func temporaryScript(_ text: String, name: String = "script.nns") throws -> URL {
    let folder = try Support.folder("cli")
    let file = folder.appendingPathComponent(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  @Test func runsAFileWithArguments() throws {
    let script = try temporaryScript("fn f(x) { return x * 2 }\nprint f(21) args")
    let result = try Support.exec([script.path, "one", "--two"])
    #expect(result.status == 0)
    #expect(result.stdout == "42 [\"one\", \"--two\"]\n")
    #expect(result.stderr.isEmpty)
  }

  @Test func unknownLayerExits65WithTheDiagnostic() throws {
    let script = try temporaryScript("seed 1\nnet < dense 128 relu; dens 10 softmax >\n", name: "digits.nns")
    let result = try Support.exec(["digits.nns"], in: script.deletingLastPathComponent())
    #expect(result.status == 65)
    #expect(
      result.stderr == """
        digits.nns:2:23: error: unknown layer 'dens'
         2 | net < dense 128 relu; dens 10 softmax >
           |                       ^~~~ did you mean 'dense'?

        """)
  }

  @Test func evaluatesCode() throws {
    let result = try Support.exec(["-e", "print 1 + 1"])
    #expect(result.status == 0 && result.stdout == "2\n")
  }

  @Test func exitCodes() throws {
    #expect(try Support.exec(["-e", "assert 1 > 2, \"no\""]).status == 1)
    #expect(try Support.exec(["-e", "x = 1 / 0"]).status == 1)
    #expect(try Support.exec(["-e", "x = ("]).status == 65)
    #expect(try Support.exec(["/nonexistent/file.nns"]).status == 2)
    #expect(try Support.exec(["--no-such-flag"]).status == 2)
    #expect(try Support.exec(["check"]).status == 2)
  }

  @Test func checkDoesNotRun() throws {
    let good = try temporaryScript("print \"ran\"\ntrain epochs: 3")
    let bad = try temporaryScript("print undefined_name")
    let ok = try Support.exec(["check", good.path])
    #expect(ok.status == 0 && ok.stdout.isEmpty)
    let failed = try Support.exec(["check", good.path, bad.path])
    #expect(failed.status == 65)
    #expect(failed.stderr.contains("unknown variable 'undefined_name'"))
  }

  @Test func versionAndHelp() throws {
    let version = try Support.exec(["--version"])
    #expect(version.status == 0 && version.stdout.hasPrefix("0."))
    let help = try Support.exec(["--help"])
    #expect(help.status == 0 && help.stdout.contains("65 syntax error"))
  }

  @Test func pipedInputRunsLineByLineWithoutPrompts() throws {
    let result = try Support.exec([], stdin: "x = [1,\n2]\nx\nfn f(a) {\n  return a * 3\n}\nf(2)\ny = 1 / 0\nx\n")
    #expect(result.stdout == "[1, 2]\n6\n[1, 2]\n")
    #expect(result.stderr.contains("stdin:8:5: error: division by zero"))
    #expect(result.status == 1)
  }

  /// Piped input is one script: each statement's diagnostics count its lines from where it
  /// starts in the input, through multi-line statements and `:` commands.
  @Test func pipedInputReportsTheLinesOfTheWholeInput() throws {
    let result = try Support.exec(
      [], stdin: "x = 1\n:vars\ny = nope\nfn f(a) {\n  return a / 0\n}\nf(x)\nz = [1,\n  2 +]\n:nope\n")
    #expect(result.stderr.contains("stdin:3:5: error:"), "\(result.stderr)")
    #expect(result.stderr.contains(" 3 | y = nope"), "\(result.stderr)")
    #expect(result.stderr.contains("stdin:5:10: error: division by zero"), "\(result.stderr)")
    #expect(result.stderr.contains("stdin:7:1 at top level"), "\(result.stderr)")
    #expect(result.stderr.contains("stdin:9:6: error:"), "\(result.stderr)")
    #expect(result.stderr.contains("stdin:10:1: error: unknown command ':nope'"), "\(result.stderr)")
    #expect(!result.stderr.contains("stdin:1:"), "\(result.stderr)")
  }

  @Test func aTrainWarningInPipedInputPointsAtTheLayersLine() throws {
    let result = try Support.exec(
      [],
      stdin: """
        data = load("iris")
        # two linear layers in a row

        seed 1
        w = 16

        net < dense 16; dropout 0.1; dense 3 softmax >
        r = train epochs: 1
        """)
    #expect(result.stderr.contains("stdin:7:7: warning: linear-stack"), "\(result.stderr)")
    #expect(result.stderr.contains(" 7 | net < dense 16;"), "\(result.stderr)")
  }

  @Test func pipedInputEndingMidStatementPointsAtItsEnd() throws {
    let result = try Support.exec([], stdin: "x = 1\ny = (1 +\n")
    #expect(result.stderr.contains("stdin:3:1: error: expected an expression, found end of input"), "\(result.stderr)")
  }

  @Test func helpExplainsTheDoctorsCodes() throws {
    let result = try Support.exec([], stdin: ":help undertrained\n:help doctor\n")
    #expect(result.stdout.contains("undertrained: the loss was still falling steadily"), "\(result.stdout)")
    #expect(result.stdout.contains("budget:"), "\(result.stdout)")
    for code in Finding.Code.allCases { #expect(result.stdout.contains("  \(code.rawValue) "), "\(code)") }
  }

  @Test func pipedInputEndingMidStatementIsReported() throws {
    let result = try Support.exec([], stdin: "x = (1 +\n")
    #expect(result.status == 65)
    #expect(result.stderr.contains("error: expected an expression, found end of input"))
  }

  @Test func colourOnlyWhenAsked() throws {
    // Pipes are not terminals: never colour, whatever NO_COLOR says.
    let result = try Support.exec(["-e", "x = ("], environment: ["NO_COLOR": ""])
    #expect(!result.stderr.contains("\u{1B}["))
  }
}
