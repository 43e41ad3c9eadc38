/// A run the doctor refused before its first step, for an error in its setup.
struct DoctorRefusal: Error {
  let report: DoctorReport
  let diagnostic: Diagnostic
}
