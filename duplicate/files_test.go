package duplicate_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/uslugi/uslugi/duplicate"
)

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	img.Set(1, 1, color.White)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 40, 60)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngHeader is a PNG signature and a valid IHDR for a w×h image, with no
// pixel data: enough for DecodeConfig.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 0, 17)
	ihdr = append(ihdr, "IHDR"...)
	ihdr = binary.BigEndian.AppendUint32(ihdr, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // 8-bit greyscale
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, 13)
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

// wantCode checks that err is a *FieldError for field with code.
func wantCode(t *testing.T, err error, field, code string) *duplicate.FieldError {
	t.Helper()
	var fe *duplicate.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a FieldError %s", err, code)
	}
	if fe.Code != code || fe.Field != field {
		t.Fatalf("got %s/%s (%s), want %s/%s", fe.Field, fe.Code, fe.En, field, code)
	}
	if !errors.Is(err, duplicate.ErrInvalid) || fe.Ru == "" || fe.En == "" {
		t.Fatalf("incomplete FieldError %+v", fe)
	}
	return fe
}

func TestCheckFileAccepts(t *testing.T) {
	for _, c := range []struct {
		name, file string
		data       []byte
		ct         string
		pages      int
	}{
		{"a 3-page PDF", "scan.pdf", makePDF(pdfOptions{pages: 3}), duplicate.ContentTypePDF, 3},
		{"a PDF of exactly 50 pages", "scan.pdf", makePDF(pdfOptions{pages: 50}), duplicate.ContentTypePDF, 50},
		{"a PDF 1.5 with its page tree in an object stream", "scan.pdf", makePDF(pdfOptions{pages: 7, objStm: true}), duplicate.ContentTypePDF, 7},
		{"a PNG", "scan.png", pngBytes(t, 30, 40), duplicate.ContentTypePNG, 1},
		{"a JPEG", "scan.jpeg", jpegBytes(t), duplicate.ContentTypeJPEG, 1},
		{"a PNG named .pdf: the content decides", "scan.pdf", pngBytes(t, 30, 40), duplicate.ContentTypePNG, 1},
		{"a JPEG named .png", "photo.PNG", jpegBytes(t), duplicate.ContentTypeJPEG, 1},
		{"a PDF with no name", "", makePDF(pdfOptions{pages: 1}), duplicate.ContentTypePDF, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			ct, pages, err := duplicate.CheckFile("main", c.file, c.data)
			if err != nil || ct != c.ct || pages != c.pages {
				t.Fatalf("CheckFile = %q, %d, %v; want %q, %d", ct, pages, err, c.ct, c.pages)
			}
		})
	}

	t.Run("the object-stream PDF really hides its pages", func(t *testing.T) {
		if bytes.Contains(makePDF(pdfOptions{pages: 7, objStm: true}), []byte("/Type /Page")) {
			t.Fatal("the page tree is in the clear; the test proves nothing")
		}
	})
}

func TestCheckFileRefuses(t *testing.T) {
	pdf := makePDF(pdfOptions{pages: 2})
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), bytes.Repeat([]byte{0}, 200)...)
	corruptPNG := pngBytes(t, 30, 40)
	corruptPNG[20] ^= 0xff // inside IHDR: its CRC no longer matches

	for _, c := range []struct {
		name, file string
		data       []byte
		code       string
		msg        string // part of the English message
	}{
		{"an empty file", "scan.pdf", nil, duplicate.CodeEmptyFile, "empty"},
		{"a file over 10 MB", "scan.pdf", append(bytes.Clone(pdf), make([]byte, duplicate.MaxFileSize)...), duplicate.CodeFileTooLarge, "10 MB"},
		{"a PDF of 51 pages", "scan.pdf", makePDF(pdfOptions{pages: 51}), duplicate.CodeTooManyPages, "50 pages"},
		{"51 pages in an object stream", "scan.pdf", makePDF(pdfOptions{pages: 51, objStm: true}), duplicate.CodeTooManyPages, "50 pages"},
		{"a forged /Count hiding 60 pages", "scan.pdf", makePDF(pdfOptions{pages: 60, count: 1}), duplicate.CodeTooManyPages, "50 pages"},
		{"a PDF with no pages", "scan.pdf", makePDF(pdfOptions{pages: 0}), duplicate.CodeDamaged, "no pages"},
		{"a truncated PDF", "scan.pdf", pdf[:len(pdf)/2], duplicate.CodeDamaged, "cut short"},
		{"a PDF header with a bad version", "scan.pdf", append([]byte("%PDF-9.9\n"), pdf[9:]...), duplicate.CodeDamaged, "header"},
		{"a tampered PDF header", "scan.pdf", append([]byte("%PDX-1.4\n"), pdf[9:]...), duplicate.CodeUnsupportedType, "named as a PDF"},
		{"a half-erased PDF header", "scan.pdf", append([]byte("%PDF\x00\x00\x00\x00\n"), pdf[9:]...), duplicate.CodeUnsupportedType, "damaged header"},
		{"an encrypted PDF", "scan.pdf", makePDF(pdfOptions{pages: 2, encrypted: true}), duplicate.CodeEncrypted, "password"},
		{"an EXE named .pdf", "scan.pdf", exe, duplicate.CodeUnsupportedType, "Windows program"},
		{"a text file named .jpg", "scan.jpg", []byte("Это не картинка, а текст.\n"), duplicate.CodeUnsupportedType, "named as a JPEG but is really text"},
		{"a web page named .png", "scan.png", []byte("<!DOCTYPE html><html><body>hi</body></html>"), duplicate.CodeUnsupportedType, "web page"},
		{"a ZIP named .pdf", "scan.pdf", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), duplicate.CodeUnsupportedType, "ZIP"},
		{"a GIF", "scan.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), duplicate.CodeUnsupportedType, "GIF image"},
		{"a JPEG cut after its first bytes", "scan.jpg", jpegBytes(t)[:20], duplicate.CodeDamaged, "JPEG file is damaged"},
		{"a PNG with a broken header checksum", "scan.png", corruptPNG, duplicate.CodeDamaged, "PNG file is damaged"},
		{"a 20000×20000 PNG", "scan.png", pngHeader(20000, 20000), duplicate.CodeImageTooLarge, "600 dpi"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := duplicate.CheckFile("translation", c.file, c.data)
			fe := wantCode(t, err, "translation", c.code)
			if !strings.Contains(fe.En, c.msg) {
				t.Fatalf("message %q lacks %q", fe.En, c.msg)
			}
		})
	}

	t.Run("the Russian message says what the file really is", func(t *testing.T) {
		_, _, err := duplicate.CheckFile("main", "скан.jpg", []byte("просто текст"))
		fe := wantCode(t, err, "main", duplicate.CodeUnsupportedType)
		if fe.Ru != "Файл назван как JPEG, но на самом деле это текст. Загрузите настоящий PDF, JPEG или PNG" {
			t.Fatalf("Ru = %q", fe.Ru)
		}
	})
}

func TestReadFile(t *testing.T) {
	t.Run("at the limit", func(t *testing.T) {
		b, err := duplicate.ReadFile("main", bytes.NewReader(make([]byte, duplicate.MaxFileSize)))
		if err != nil || len(b) != duplicate.MaxFileSize {
			t.Fatalf("%d bytes, %v", len(b), err)
		}
	})
	t.Run("one byte over", func(t *testing.T) {
		_, err := duplicate.ReadFile("main", bytes.NewReader(make([]byte, duplicate.MaxFileSize+1)))
		wantCode(t, err, "main", duplicate.CodeFileTooLarge)
	})
}

func TestExtension(t *testing.T) {
	for ct, ext := range map[string]string{duplicate.ContentTypePDF: ".pdf", duplicate.ContentTypeJPEG: ".jpg", duplicate.ContentTypePNG: ".png", "text/plain": ""} {
		if got := duplicate.Extension(ct); got != ext {
			t.Errorf("Extension(%s) = %q", ct, got)
		}
	}
}
