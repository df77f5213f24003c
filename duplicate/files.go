package duplicate

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on the files of a duplicate.
const (
	// MaxFileSize is the largest file accepted: 10 MiB, ample for a
	// multi-page scan at 300 dpi.
	MaxFileSize = 10 << 20
	// MaxPages is the most pages a PDF may have.
	MaxPages = 50
	// MaxImagePixels bounds an image's width × height: a 600 dpi A4 scan
	// is about 35 million; far more is a decompression bomb, not a scan.
	MaxImagePixels = 100_000_000
)

// Accepted content types.
const (
	ContentTypePDF  = "application/pdf"
	ContentTypeJPEG = "image/jpeg"
	ContentTypePNG  = "image/png"
)

// Extension returns the file extension (with the dot) that matches an
// accepted content type, for naming stored and downloaded files by what
// they are rather than what they were called.
func Extension(contentType string) string {
	switch contentType {
	case ContentTypePDF:
		return ".pdf"
	case ContentTypeJPEG:
		return ".jpg"
	case ContentTypePNG:
		return ".png"
	}
	return ""
}

// ReadFile reads an upload, at most MaxFileSize bytes: a larger one is
// refused with FILE_TOO_LARGE after reading one byte past the limit, not
// the whole body.
func ReadFile(field string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("duplicate: unable to read the upload: %w", err)
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(field)
	}
	return data, nil
}

func tooLarge(field string) *FieldError {
	return fieldErr(field, CodeFileTooLarge, fmt.Sprintf("Файл больше %d МБ", MaxFileSize>>20),
		fmt.Sprintf("the file is larger than %d MB", MaxFileSize>>20))
}

// CheckFile checks an uploaded file and returns its real content type and
// page count (1 for an image). The bytes decide, not the name: a PNG named
// .pdf is accepted as a PNG, and anything that is not a PDF, JPEG or PNG
// is refused whatever it is called. The name only makes the message
// clearer. Errors are *FieldError for field: EMPTY_FILE, FILE_TOO_LARGE,
// UNSUPPORTED_TYPE, DAMAGED, ENCRYPTED, TOO_MANY_PAGES or IMAGE_TOO_LARGE.
func CheckFile(field, name string, data []byte) (contentType string, pages int, err error) {
	switch {
	case len(data) == 0:
		return "", 0, fieldErr(field, CodeEmptyFile, "Файл пустой", "the file is empty")
	case len(data) > MaxFileSize:
		return "", 0, tooLarge(field)
	}
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		pages, fe := checkPDF(field, data)
		if fe != nil {
			return "", 0, fe
		}
		return ContentTypePDF, pages, nil
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return ContentTypeJPEG, 1, checkImage(field, "JPEG", data, jpeg.DecodeConfig)
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return ContentTypePNG, 1, checkImage(field, "PNG", data, png.DecodeConfig)
	}
	return "", 0, unsupported(field, name, data)
}

// checkImage reads the image's header, which both formats checksum or
// structure tightly enough that a renamed or truncated file fails here.
func checkImage(field, format string, data []byte, decode func(io.Reader) (image.Config, error)) error {
	cfg, err := decode(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return fieldErr(field, CodeDamaged, "Файл "+format+" повреждён: отсканируйте документ заново",
			"the "+format+" file is damaged: scan the document again")
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return fieldErr(field, CodeImageTooLarge, "Изображение слишком большое: сканируйте с разрешением до 600 dpi",
			"the image is too large: scan at 600 dpi or less")
	}
	return nil
}

// unsupported explains what the file really is, and says so when its name
// pretends otherwise.
func unsupported(field, name string, data []byte) *FieldError {
	whatRu, whatEn := describe(data)
	ru := "Файл — " + whatRu + ". Загрузите PDF, JPEG или PNG"
	en := "the file is " + whatEn + "; upload a PDF, JPEG or PNG"
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".pdf", ".jpg", ".jpeg", ".jpe", ".png":
		claimed := strings.ToUpper(strings.TrimPrefix(ext, "."))
		if claimed == "JPE" || claimed == "JPG" {
			claimed = "JPEG"
		}
		ru = "Файл назван как " + claimed + ", но на самом деле это " + whatRu + ". Загрузите настоящий PDF, JPEG или PNG"
		en = "the file is named as a " + claimed + " but is really " + whatEn + "; upload a real PDF, JPEG or PNG"
	}
	return fieldErr(field, CodeUnsupportedType, ru, en)
}

// describe names the format of data for the operator, in both languages.
func describe(data []byte) (ru, en string) {
	switch {
	case bytes.HasPrefix(data, []byte("MZ")):
		return "программа Windows (EXE)", "a Windows program (EXE)"
	case bytes.HasPrefix(data, []byte("\x7fELF")):
		return "программа (ELF)", "a program (ELF)"
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "PDF с повреждённым заголовком", "a PDF with a damaged header"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "архив ZIP или документ Office", "a ZIP archive or an Office document"
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return "документ Office старого формата", "an old-format Office document"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "изображение TIFF", "a TIFF image"
	case len(data) >= 12 && string(data[4:8]) == "ftyp" && (string(data[8:12]) == "heic" || string(data[8:12]) == "heix" || string(data[8:12]) == "mif1"):
		return "изображение HEIC", "a HEIC image"
	}
	ct := http.DetectContentType(data)
	switch {
	case strings.HasPrefix(ct, "text/html"), strings.HasPrefix(ct, "text/xml"):
		return "веб-страница или XML", "a web page or XML"
	case strings.HasPrefix(ct, "text/"):
		return "текст", "text"
	case strings.HasPrefix(ct, "image/"):
		f := strings.ToUpper(strings.TrimPrefix(ct, "image/"))
		return "изображение " + f, "a " + f + " image"
	}
	return "файл неизвестного формата", "of an unknown format"
}

// CheckFileSet checks that the roles of the uploaded files are those t
// takes: each required one present, none unknown, none twice. Errors name
// the field "files".
func CheckFileSet(t Type, roles []FileRole) []*FieldError {
	var errs []*FieldError
	seen := map[FileRole]bool{}
	for _, r := range roles {
		known := false
		for _, s := range t.Files {
			known = known || s.Role == r
		}
		switch {
		case !known:
			errs = append(errs, fieldErr("files", CodeUnknownFile,
				fmt.Sprintf("Документ этого вида не принимает файл %s", r),
				fmt.Sprintf("documents of this type take no %s file", r)))
		case seen[r]:
			errs = append(errs, fieldErr("files", CodeDuplicateFile,
				fmt.Sprintf("Файл %s загружен дважды", r), fmt.Sprintf("the %s file is uploaded twice", r)))
		}
		seen[r] = true
	}
	for _, s := range t.Files {
		if s.Required && !seen[s.Role] {
			errs = append(errs, fieldErr("files", CodeFileMissing, "Загрузите "+lowerFirst(s.Ru), "upload the "+lowerFirst(s.En)))
		}
	}
	return errs
}

// lowerFirst lower-cases the first letter, to set a label inside a sentence.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
