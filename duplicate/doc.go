// Package duplicate describes the electronic duplicates a service centre
// (MFC) makes of a citizen's paper documents, and checks what an operator
// enters for one.
//
// Since 1 July 2022 an operator, with the citizen's consent, checks a
// paper original, scans it and signs the scan; the duplicate goes to the
// citizen's account and may be used instead of the paper in later
// applications. Only documents that no state register holds are
// duplicated: the others the portal can fetch itself.
//
// # Types
//
// [Types] lists the 19 kinds of documents, each with the fields the
// operator copies from it (name, labels in Russian and English, string or
// date, required, pattern) and the files it takes: the scan ([FileMain])
// and, for a document of a foreign state, the scan of its notarised
// translation into Russian ([FileTranslation]). [TypesSource] gives the
// legal basis in one place, and says plainly what was and was not checked
// against the act that enumerates the documents.
//
// # Checks
//
// [ValidateFields] checks and tidies the fields: required, no unknown
// names, no control characters, length, dates as YYYY-MM-DD neither in the
// future nor before 1900, patterns. What it returns is what is signed.
//
// [CheckFile] checks an upload by its bytes, never its name: PDF, JPEG or
// PNG only; at most [MaxFileSize] (10 MiB) and, for a PDF, [MaxPages]
// (50) pages, an image counting as one; a PDF must have an intact header
// and end, no password and at least one page; an image must have a
// readable header and a sane size. [CheckFileSet] checks that the files
// are those the type takes. Every rejection is a *[FieldError] with a
// stable code and a message in both languages that tells the operator
// what the file really is.
//
// The package has no state: the types are built by a function, and the
// caller passes the clock.
package duplicate
