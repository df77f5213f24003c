package hearing

import "time"

// FileURLTTL is how long a download link to a hearing's file works: long
// enough to open it, short enough that a link passed on soon stops
// working (the app asks for the hearing again for a fresh one).
const FileURLTTL = 5 * time.Minute

// URLSigner makes a link to a stored file that works until expires (the
// API's signed GET /files links).
type URLSigner func(key string, expires time.Time) string

// FileLink returns a link to a's file, valid FileURLTTL by the service's
// clock. a must come from a read that checked the viewer may see it (the
// materials of a hearing Get or List returned, the attachments of a
// proposal Proposals returned): the link itself checks nothing more.
func (s *Service) FileLink(a Attachment, sign URLSigner) string {
	return sign(a.Key, s.now().Add(FileURLTTL))
}
