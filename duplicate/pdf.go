package duplicate

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
)

// maxInflated bounds what the object streams of one PDF may inflate to:
// a 10 MB file of real scans inflates its object streams to far less,
// and a zip bomb stops here.
const maxInflated = 64 << 20

// checkPDF checks a file that starts with "%PDF-" and counts its pages.
//
// It is a deliberately small reader, not a PDF parser: it checks the
// header version and the end-of-file marker (a truncated upload fails),
// refuses encrypted files (a verifier could not open them), and counts
// pages from the page tree. A page tree node is a dictionary with
// /Type /Pages and a /Count of the pages below it; the root has the
// largest. Since PDF 1.5 those dictionaries may sit inside compressed
// object streams, so those are inflated and searched too. The count is
// the larger of the largest /Count and the number of /Type /Page leaves,
// so a forged /Count cannot hide pages; an incremental update that
// rewrites pages may count them twice, which can only make the limit
// stricter, and scanners write a file once.
func checkPDF(field string, data []byte) (int, *FieldError) {
	damaged := func(ru, en string) (int, *FieldError) {
		return 0, fieldErr(field, CodeDamaged, "PDF повреждён: "+ru+". Сохраните скан заново",
			"the PDF is damaged: "+en+"; save the scan again")
	}
	if !regexp.MustCompile(`^%PDF-[12]\.\d\s`).Match(data[:min(len(data), 16)]) {
		return damaged("неверный заголовок", "its header is wrong")
	}
	if !bytes.Contains(data[max(0, len(data)-2048):], []byte("%%EOF")) {
		return damaged("файл обрезан", "the file is cut short")
	}
	if regexp.MustCompile(`/Encrypt\s*(<<|\d+\s+\d+\s+R)`).Match(data) {
		return 0, fieldErr(field, CodeEncrypted, "PDF защищён паролем: загрузите файл без защиты",
			"the PDF is password-protected: upload it without protection")
	}

	bodies := append([][]byte{data}, objectStreams(data)...)
	maxCount, leaves := 0, 0
	node := regexp.MustCompile(`/Type\s*/Page(s?)[\s/<>\[\]()%]`)
	for _, b := range bodies {
		for _, m := range node.FindAllSubmatchIndex(b, -1) {
			if m[3] == m[2] { // "/Page": a leaf
				leaves++
				continue
			}
			if n, ok := dictCount(b, m[0]); ok && n > maxCount {
				maxCount = n
			}
		}
	}
	pages := max(maxCount, leaves)
	if pages == 0 {
		return damaged("в нём нет страниц", "it has no pages")
	}
	if pages > MaxPages {
		return 0, fieldErr(field, CodeTooManyPages,
			"В PDF больше "+strconv.Itoa(MaxPages)+" страниц: разделите документ на части",
			"the PDF has more than "+strconv.Itoa(MaxPages)+" pages: split the document")
	}
	return pages, nil
}

// objectStreams inflates the object streams (/Type /ObjStm, FlateDecode)
// of data. Streams that do not inflate are skipped: the leaves and nodes
// outside them still count.
func objectStreams(data []byte) [][]byte {
	var out [][]byte
	budget := int64(maxInflated)
	for _, loc := range regexp.MustCompile(`/Type\s*/ObjStm\b`).FindAllIndex(data, -1) {
		rest := data[loc[1]:]
		start := regexp.MustCompile(`\bstream\r?\n`).FindIndex(rest)
		if start == nil {
			continue
		}
		body := rest[start[1]:]
		end := bytes.Index(body, []byte("endstream"))
		if end < 0 {
			continue
		}
		zr, err := zlib.NewReader(bytes.NewReader(body[:end]))
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(io.LimitReader(zr, budget)) // a truncated tail still counts what it holds
		zr.Close()
		budget -= int64(len(b))
		out = append(out, b)
		if budget <= 0 {
			break
		}
	}
	return out
}

// dictCount finds the dictionary around position at and returns its
// own /Count (not one of a nested dictionary).
func dictCount(b []byte, at int) (int, bool) {
	// Back to the "<<" that opens the dictionary, skipping nested pairs.
	start, depth := -1, 0
	for i := at - 1; i > 0 && at-i < 1<<16; i-- {
		switch {
		case b[i-1] == '>' && b[i] == '>':
			depth++
			i--
		case b[i-1] == '<' && b[i] == '<':
			if depth == 0 {
				start = i + 1
			} else {
				depth--
				i--
			}
		}
		if start >= 0 {
			break
		}
	}
	if start < 0 {
		return 0, false
	}
	// Forward to its end, reading /Count at depth 0 on the way.
	count := regexp.MustCompile(`^/Count\s+(\d{1,9})`)
	depth = 0
	for i := start; i+1 < len(b) && i-start < 1<<20; i++ {
		switch {
		case b[i] == '<' && b[i+1] == '<':
			depth++
			i++
		case b[i] == '>' && b[i+1] == '>':
			if depth == 0 {
				return 0, false
			}
			depth--
			i++
		case depth == 0 && b[i] == '/':
			if m := count.FindSubmatch(b[i:min(len(b), i+32)]); m != nil {
				n, err := strconv.Atoi(string(m[1]))
				return n, err == nil
			}
		}
	}
	return 0, false
}
