package duplicate_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"strings"
)

// pdfOptions shape a generated test PDF.
type pdfOptions struct {
	pages     int  // /Type /Page leaves
	count     int  // the root's /Count; pages if 0
	objStm    bool // PDF 1.5: the page tree inside a compressed object stream, with an xref stream
	encrypted bool // an /Encrypt entry in the trailer
}

// makePDF writes a small, structurally valid PDF: correct xref offsets,
// one page tree, blank A4 pages.
func makePDF(o pdfOptions) []byte {
	if o.count == 0 {
		o.count = o.pages
	}
	kids := make([]string, o.pages)
	for i := range kids {
		kids[i] = fmt.Sprintf("%d 0 R", i+3)
	}
	pagesObj := fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), o.count)
	pageObj := "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>"

	var b bytes.Buffer
	offsets := map[int]int{}
	obj := func(n int, body string) {
		offsets[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	if !o.objStm {
		b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
		obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
		obj(2, pagesObj)
		for i := range o.pages {
			obj(i+3, pageObj)
		}
		size := o.pages + 3
		xref := b.Len()
		fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", size)
		for n := 1; n < size; n++ {
			fmt.Fprintf(&b, "%010d 00000 n \n", offsets[n])
		}
		enc := ""
		if o.encrypted {
			enc = " /Encrypt 99 0 R"
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n", size, enc, xref)
		return b.Bytes()
	}

	// Objects 2 .. pages+2 go into object stream S; the xref stream is X.
	s, x := o.pages+3, o.pages+4
	var head, objs bytes.Buffer
	for n := 2; n <= o.pages+2; n++ {
		fmt.Fprintf(&head, "%d %d ", n, objs.Len())
		if n == 2 {
			objs.WriteString(pagesObj)
		} else {
			objs.WriteString(pageObj)
		}
		objs.WriteString("\n")
	}
	stm := deflate(append(head.Bytes(), objs.Bytes()...))
	b.WriteString("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	offsets[s] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n", s, o.pages+1, head.Len(), len(stm))
	b.Write(stm)
	b.WriteString("\nendstream\nendobj\n")
	offsets[x] = b.Len()
	// xref stream rows: type (1 byte), field 2 (4 bytes), field 3 (2 bytes).
	var rows bytes.Buffer
	row := func(t byte, f2 uint32, f3 uint16) {
		rows.WriteByte(t)
		binary.Write(&rows, binary.BigEndian, f2)
		binary.Write(&rows, binary.BigEndian, f3)
	}
	row(0, 0, 65535)
	row(1, uint32(offsets[1]), 0)
	for i := 0; i <= o.pages; i++ {
		row(2, uint32(s), uint16(i))
	}
	row(1, uint32(offsets[s]), 0)
	row(1, uint32(offsets[x]), 0)
	xs := deflate(rows.Bytes())
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n", x, x+1, len(xs))
	b.Write(xs)
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", offsets[x])
	return b.Bytes()
}

func deflate(p []byte) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write(p)
	w.Close()
	return b.Bytes()
}
