import Foundation
import Testing

@testable import NNCore

/// The current OpenBLAS of this build, fetched by `make setup`; the tests of it are skipped
/// without it.
private let fetched = BLASChoice.fetchedLibraryPath(from: Bundle.main.executablePath ?? CommandLine.arguments[0])

struct BLASChoiceTests {
  @Test func debiansOpenBLASComputesRightProducts() {
    #expect(BLASLibrary.system.wrongProduct == nil)
  }

  @Test(.enabled(if: fetched != nil, "`make setup` fetches .build/blas"))
  func theFetchedOpenBLASLoadsAndComputesRightProducts() throws {
    let library = try BLASLibrary.load(path: fetched!)
    #expect(library.name.hasPrefix("OpenBLAS 0.3."), "\(library.name)")
    #expect(!library.kernels.isEmpty)
    #expect(library.wrongProduct == nil)
  }

  @Test(.enabled(if: fetched != nil, "`make setup` fetches .build/blas"))
  func theFetchedOpenBLASIsChosenWhenNothingIsNamed() {
    let choice = BLASChoice(environment: nil, fetched: fetched)
    #expect(choice.library.path == fetched)
    #expect(choice.note == nil)
  }

  @Test func systemInTheEnvironmentChoosesDebiansOpenBLAS() {
    let choice = BLASChoice(environment: "system", fetched: "/no/such/library.so")
    #expect(choice.library.path == nil)
    #expect(choice.note == nil)
  }

  @Test func withoutAFetchedLibraryDebiansIsUsed() {
    let choice = BLASChoice(environment: nil, fetched: nil)
    #expect(choice.library.path == nil)
    #expect(choice.note == nil)
  }

  @Test func aLibraryThatDoesNotLoadFallsBackWithANote() {
    let choice = BLASChoice(environment: "/no/such/libopenblas.so", fetched: nil)
    #expect(choice.library.path == nil)
    #expect(choice.note?.hasPrefix("/no/such/libopenblas.so: ") == true, "\(choice.note ?? "no note")")
  }

  @Test func aLibraryWithoutSGEMMFallsBackWithANote() {
    let choice = BLASChoice(environment: "libm.so.6", fetched: nil)
    #expect(choice.library.path == nil)
    #expect(choice.note == "libm.so.6: it has no OpenBLAS or BLIS cblas_sgemm")
  }

  /// The library is looked for in the `.build` folder that holds the executable, however deep.
  @Test func theFetchedLibraryIsFoundFromAnExecutableInItsBuildFolder() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("blas-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let blas = root.appendingPathComponent(".build/blas")
    let binaries = root.appendingPathComponent(".build/x86_64-unknown-linux-gnu/release")
    try FileManager.default.createDirectory(at: blas, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: binaries, withIntermediateDirectories: true)
    let executable = binaries.appendingPathComponent("nnscript").path
    #expect(BLASChoice.fetchedLibraryPath(from: executable) == nil)
    let library = blas.appendingPathComponent(BLASChoice.fetchedName)
    try Data().write(to: library)
    let found = BLASChoice.fetchedLibraryPath(from: executable)
    #expect(
      found.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } == library.resolvingSymlinksInPath().path)
  }

  /// The check catches a library whose products are wrong: Debian's, with one element of every
  /// product off by one part in a thousand.
  @Test func theCheckFindsAWrongProduct() {
    let wrong = BLASLibrary.system.withProducts { order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
      BLASLibrary.systemSGEMM(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
      c![0] *= 1.001
    }
    #expect(wrong.wrongProduct?.contains("at (0, 0)") == true)
  }
}
