import Foundation
import Testing

@testable import NNScript

/// A host's capabilities: what scripts may read, write and start. Each denied use is a
/// diagnostic at its argument before anything is touched; paths are judged where they
/// really lead, through `..` and symbolic links.
struct SandboxTests {
  static let data = "seed 3\ndata = split(standardize(load(\"iris\")), 0.8)"
  static let network = "net < dense 8 relu; dense 3 softmax >"
  static let trained = "\(data)\n\(network)\nr = train epochs: 2 quiet: true"

  /// Runs `text` as the file `job.nns` inside `folder`, so that relative paths lead there.
  static func run(_ text: String, in folder: URL, _ capabilities: Capabilities) -> (
    outcome: Outcome, errors: String, output: String
  ) {
    var output = ""
    let engine = Engine(options: Engine.Options(seed: 1, capabilities: capabilities), output: { output += $0 })
    let script = folder.appendingPathComponent("job.nns").path
    let outcome = engine.run(SourceFile(name: "job.nns", text: text, path: script))
    return (outcome, DiagnosticRenderer().render(outcome.diagnostics), output)
  }

  /// The line and column where `argument` first stands in the last line that holds it.
  static func place(of argument: String, in script: String) -> (Int, Int) {
    let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
    let row = lines.lastIndex { $0.contains(argument) }!
    let start = lines[row].range(of: argument)!.lowerBound
    return (row + 1, lines[row].distance(from: lines[row].startIndex, to: start) + 1)
  }

  static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

  /// A folder holding one of each kind of file a script reads: a CSV, a module, a model file
  /// and a checkpoint, all written by a script with every capability.
  static func readables() throws -> URL {
    let folder = try Support.folder("readables")
    try "a,b,y\n1,2,x\n3,4,z\n1,3,x\n3,5,z\n".write(
      to: folder.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
    try "fn twice(x) { return 2 * x }\n".write(
      to: folder.appendingPathComponent("lib.nns"), atomically: true, encoding: .utf8)
    let setup = run(
      "\(data)\n\(network)\ntrain epochs: 2 checkpoint: \"ck\" quiet: true\nsave \"m.safetensors\"", in: folder,
      .everything)
    #expect(setup.outcome.status == .success, "\(setup.errors)")
    return folder
  }

  /// Each command that reads, with the file it names.
  static let reads: [(script: String, argument: String)] = [
    ("d = csv(\"d.csv\")", "\"d.csv\""),
    ("import \"lib.nns\"\nprint twice(2)", "\"lib.nns\""),
    ("load_net(\"m.safetensors\")", "\"m.safetensors\""),
    ("\(data)\nr = resume \"ck\"", "\"ck\""),
  ]

  @Test func readingIsRefusedAtTheArgumentWhenNotAllowedAndWorksInsideItsFolder() throws {
    let folder = try Self.readables()
    for (script, argument) in Self.reads {
      let denied = Self.run(script, in: folder, Capabilities(reading: .none))
      #expect(denied.outcome.status != .success, "\(script)")
      let (row, column) = Self.place(of: argument, in: script)
      #expect(denied.errors.contains("job.nns:\(row):\(column): error: "), "\(denied.errors)")
      #expect(denied.errors.contains("reading files is not allowed here"), "\(denied.errors)")

      let allowed = Self.run(script, in: folder, Capabilities(reading: .within([folder.path])))
      #expect(allowed.outcome.status == .success, "\(script): \(allowed.errors)")
    }
  }

  @Test func anImportIsRefusedByTheCheckBeforeAnythingRuns() throws {
    let folder = try Self.readables()
    let engine = Engine(options: Engine.Options(capabilities: .nothing))
    let file = SourceFile(
      name: "job.nns", text: "print 1\nimport \"lib.nns\"", path: folder.appendingPathComponent("job.nns").path)
    let checked = engine.check(file)
    #expect(checked.status == .invalid)
    #expect(checked.diagnostics.map(\.message) == ["reading files is not allowed here"])
    var printed = ""
    engine.output = { printed += $0 }
    #expect(engine.run(file).status == .invalid)
    #expect(printed == "", "the first line did not run")
  }

  /// Each command that writes, with what it would create.
  static let writes: [(script: String, argument: String, creates: String)] = [
    ("\(trained)\nsave \"out/m.safetensors\"", "\"out/m.safetensors\"", "out/m.safetensors"),
    ("\(trained)\nsave r to: \"out/history.csv\"", "\"out/history.csv\"", "out/history.csv"),
    ("\(trained)\nplot loss to: \"out/loss.svg\"", "\"out/loss.svg\"", "out/loss.svg"),
    ("\(trained)\nplot loss", "plot", "loss.svg"),
    ("\(trained)\nreport \"out/run.html\"", "\"out/run.html\"", "out/run.html"),
    ("\(data)\n\(network)\ntrain epochs: 2 log: \"out/log\" quiet: true", "\"out/log\"", "out/log"),
    ("\(data)\n\(network)\ntrain epochs: 2 checkpoint: \"out/ck\" quiet: true", "\"out/ck\"", "out/ck"),
  ]

  @Test func writingIsRefusedAtTheArgumentBeforeAnyFileIsMadeAndWorksInsideItsFolder() throws {
    for (script, argument, creates) in Self.writes {
      let folder = try Support.folder("writes")
      let denied = Self.run(script, in: folder, Capabilities(writing: .none))
      #expect(denied.outcome.status == .failed, "\(script)")
      let (row, column) = Self.place(of: argument, in: script)
      #expect(
        denied.errors.contains("job.nns:\(row):\(column): error: writing files is not allowed here"),
        "\(denied.errors)")
      #expect(!Self.exists(folder.appendingPathComponent(creates)), "\(script) wrote \(creates)")
      #expect(!Self.exists(folder.appendingPathComponent("out")), "\(script) made a folder")

      let allowed = Self.run(script, in: folder, Capabilities(writing: .within([folder.path])))
      #expect(allowed.outcome.status == .success, "\(script): \(allowed.errors)")
      #expect(Self.exists(folder.appendingPathComponent(creates)), "\(script) did not write \(creates)")
    }
  }

  @Test func pathsLeavingTheFolderThroughDotDotOrSymlinksAreRefused() throws {
    let base = try Support.folder("escape")
    let box = base.appendingPathComponent("box")
    let outside = base.appendingPathComponent("outside")
    let manager = FileManager.default
    try manager.createDirectory(at: box.appendingPathComponent("sub"), withIntermediateDirectories: true)
    try manager.createDirectory(at: outside, withIntermediateDirectories: true)
    let table = "a,b,y\n1,2,x\n3,4,z\n1,3,x\n3,5,z\n"
    try table.write(to: box.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
    try table.write(to: outside.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
    // A link to a folder outside, a link to a file outside that is not there yet, a link that
    // goes up from inside a linked folder, and a loop.
    try manager.createSymbolicLink(atPath: box.appendingPathComponent("out").path, withDestinationPath: "../outside")
    try manager.createSymbolicLink(
      atPath: box.appendingPathComponent("new.csv").path,
      withDestinationPath: outside.appendingPathComponent("new.csv").path)
    try manager.createSymbolicLink(
      atPath: box.appendingPathComponent("sub/up").path, withDestinationPath: box.appendingPathComponent("out").path)
    try manager.createSymbolicLink(atPath: box.appendingPathComponent("loop").path, withDestinationPath: "loop")
    let sandbox = Capabilities.sandbox(box.path)

    for path in [
      "../outside/d.csv", "out/d.csv", "sub/../../outside/d.csv", "sub/up/d.csv", "sub/up/../outside/d.csv",
      outside.appendingPathComponent("d.csv").path, "/etc/passwd", "loop/d.csv",
    ] {
      let denied = Self.run("d = csv(\"\(path)\")", in: box, sandbox)
      #expect(
        denied.outcome.diagnostics.map(\.message) == ["csv: reading '\(path)' is outside the allowed folders"],
        "\(path): \(denied.errors)")
    }
    for path in ["new.csv", "out/written.csv", "sub/up/written.csv"] {
      let denied = Self.run("save [{a: 1}] to: \"\(path)\"", in: box, sandbox)
      #expect(denied.outcome.diagnostics.map(\.message) == ["writing '\(path)' is outside the allowed folders"])
    }
    #expect(try manager.contentsOfDirectory(atPath: outside.path) == ["d.csv"], "nothing was written outside")

    for path in ["d.csv", "sub/../d.csv", "./sub/../d.csv", box.appendingPathComponent("d.csv").path] {
      let allowed = Self.run("d = csv(\"\(path)\")", in: box, sandbox)
      #expect(allowed.outcome.status == .success, "\(path): \(allowed.errors)")
    }
    let written = Self.run("save [{a: 1}] to: \"sub/new/written.csv\"", in: box, sandbox)
    #expect(written.outcome.status == .success, "\(written.errors)")
    #expect(Self.exists(box.appendingPathComponent("sub/new/written.csv")))
  }

  @Test func aFolderGivenThroughASymlinkHoldsWhatItLeadsTo() throws {
    let base = try Support.folder("linked-root")
    let box = base.appendingPathComponent("box")
    try FileManager.default.createDirectory(at: box, withIntermediateDirectories: true)
    try "a,y\n1,x\n2,z\n".write(to: box.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
    let link = base.appendingPathComponent("link")
    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "box")
    let allowed = Self.run("d = csv(\"d.csv\")", in: box, .sandbox(link.path))
    #expect(allowed.outcome.status == .success, "\(allowed.errors)")
    let viaLink = Self.run("d = csv(\"d.csv\")", in: link, .sandbox(box.path))
    #expect(viaLink.outcome.status == .success, "\(viaLink.errors)")
  }

  @Test func aSearchOnAClusterIsRefusedBeforeItStartsAProcess() throws {
    let folder = try Support.folder("cluster")
    let script = """
      \(Self.data)
      fn make(width) { return net < dense width relu; dense 3 softmax > }
      s = search net: make width: [4, 8] epochs: 1 trials: 2 cluster: "127.0.0.1:6379" quiet: true
      """
    let denied = Self.run(script, in: folder, Capabilities(startsProcesses: false))
    let (row, column) = Self.place(of: "\"127.0.0.1:6379\"", in: script)
    #expect(
      denied.errors.contains("job.nns:\(row):\(column): error: starting processes is not allowed here"),
      "\(denied.errors)")
    // Allowed, the search goes on to what this host lacks: a way for workers to run trials.
    let allowed = Self.run(script, in: folder, .everything)
    #expect(allowed.outcome.diagnostics.map(\.message) == ["this host cannot run trials on a cluster"])
  }

  @Test func bundledAndGeneratedDataStayAllowedWithNothingElse() throws {
    let folder = try Support.folder("nothing")
    let run = Self.run("\(Self.trained)\nm = moons(n: 40)\nprint len(r.history)", in: folder, .nothing)
    #expect(run.outcome.status == .success, "\(run.errors)")
    #expect(run.output == "2\n")
  }

  // MARK: The command line

  @Test func theSandboxFlagConfinesAFileTheCodeOfDashEAndTheInteractiveLoop() throws {
    let base = try Support.folder("flag")
    let box = base.appendingPathComponent("box")
    try FileManager.default.createDirectory(at: box, withIntermediateDirectories: true)
    let table = "a,b,y\n1,2,x\n3,4,z\n1,3,x\n3,5,z\n"
    try table.write(to: box.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
    try table.write(to: base.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
    let script = box.appendingPathComponent("job.nns")
    try "d = csv(\"d.csv\")\nprint \"inside\"\ne = csv(\"../d.csv\")\nprint \"outside\"\n".write(
      to: script, atomically: true, encoding: .utf8)

    let file = try Support.exec(["--sandbox", "box", "box/job.nns"], in: base)
    #expect(file.status == 1)
    #expect(file.stdout == "inside\n")
    #expect(file.stderr.hasPrefix("box/job.nns:3:9: error: csv: reading '../d.csv' is outside the allowed folders"))
    let unconfined = try Support.exec(["box/job.nns"], in: base)
    #expect(unconfined.status == 0, "\(unconfined.stderr)")
    #expect(unconfined.stdout == "inside\noutside\n")

    let code = try Support.exec(["--sandbox", "box", "-e", "save [{a: 1}] to: \"t.csv\""], in: base)
    #expect(code.status == 1)
    #expect(code.stderr.hasPrefix("-e:1:19: error: writing 't.csv' is outside the allowed folders"), "\(code.stderr)")
    #expect(!Self.exists(base.appendingPathComponent("t.csv")))

    let loop = try Support.exec(
      ["--sandbox", "box"], stdin: "d = csv(\"box/d.csv\")\nprint \"in\"\n:reset\ne = csv(\"d.csv\")\n", in: base)
    #expect(loop.stdout.contains("in\n"), "\(loop.stdout)")
    #expect(
      loop.stderr.contains("stdin:4:9: error: csv: reading 'd.csv' is outside the allowed folders"), "\(loop.stderr)")
    #expect(!loop.stderr.contains("box/d.csv"), "\(loop.stderr)")

    let missing = try Support.exec(["--sandbox", "nowhere", "-e", "print 1"], in: base)
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("the sandbox folder 'nowhere' does not exist"), "\(missing.stderr)")
  }

  /// The loop's own `:load` and `:save` stay inside the sandbox too.
  @Test func theLoopsLoadAndSaveStayInsideTheSandbox() throws {
    let base = try Support.folder("loop-files")
    let box = base.appendingPathComponent("box")
    try FileManager.default.createDirectory(at: box, withIntermediateDirectories: true)
    try "x = 1\n".write(to: base.appendingPathComponent("outside.nns"), atomically: true, encoding: .utf8)
    try "y = 2\n".write(to: box.appendingPathComponent("inside.nns"), atomically: true, encoding: .utf8)
    let loop = try Support.exec(
      ["--sandbox", "box"],
      stdin: ":load outside.nns\n:load box/inside.nns\nprint y\n:save saved.nns\n:save box/saved.nns\n", in: base)
    #expect(loop.stderr.contains("error: reading 'outside.nns' is outside the allowed folders"), "\(loop.stderr)")
    #expect(loop.stderr.contains("error: writing 'saved.nns' is outside the allowed folders"), "\(loop.stderr)")
    #expect(loop.stdout.contains("2\n"), "\(loop.stdout)")
    #expect(!Self.exists(base.appendingPathComponent("saved.nns")))
    let saved = try String(contentsOf: box.appendingPathComponent("saved.nns"), encoding: .utf8)
    #expect(saved.contains("print y"))
  }

  @Test func helpListsTheSandboxFlag() throws {
    let help = try Support.exec(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("--sandbox DIR"), "\(help.stdout)")
  }

  /// examples/sandbox.nns runs to the end alone (ExampleTests), and under `--sandbox` reads
  /// its data and is refused the save outside.
  @Test func theSandboxExampleReadsInsideAndIsRefusedTheWriteOutside() throws {
    let run = try Support.exec(["--sandbox", "examples/data", "examples/sandbox.nns"], in: Support.root)
    #expect(run.status == 1)
    #expect(
      run.stdout == """
        <dataset data/penguins-lite.csv: 28 samples × 7 features, 3 classes, split 20/8>
        trained 5 epochs

        """)
    #expect(
      run.stderr.hasSuffix(
        """
        examples/sandbox.nns:12:12: error: writing 'build/sandbox/history.csv' is outside the allowed folders
         12 | save r to: "build/sandbox/history.csv"
            |            ^~~~~~~~~~~~~~~~~~~~~~~~~~~

        """), "\(run.stderr)")
  }
}
