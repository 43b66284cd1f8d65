package source

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" = not ok
	}{
		{"2017-04-05", "2017-04-05"},
		{" 2017-04-05 ", "2017-04-05"},
		{"2017-04-05T10:00:00Z", "2017-04-05"},
		{"2017-04-05T23:30:00-05:00", "2017-04-05"},
		{"2017-04-05T01:30:00+03:00", "2017-04-05"},
		{"2017-04-05T10:00:00.123456Z", "2017-04-05"},
		{"2017-04-05T10:00", "2017-04-05"},
		{"2017-04-05 10:00:00", "2017-04-05"},
		{"2017-04-05 10:00:00 +0300", "2017-04-05"},
		{"2017-04-05 10:00:00 UTC", "2017-04-05"},
		{"2017/04/05", "2017-04-05"},
		{"2017-4-5", "2017-04-05"},
		{"Wed, 05 Apr 2017 10:00:00 GMT", "2017-04-05"},     // RFC 1123
		{"Wed, 05 Apr 2017 10:00:00 +0000", "2017-04-05"},   // RFC 1123Z
		{"05 Apr 17 10:00 MST", "2017-04-05"},               // RFC 822
		{"05 Apr 17 10:00 -0700", "2017-04-05"},             // RFC 822Z
		{"Wednesday, 05-Apr-17 10:00:00 GMT", "2017-04-05"}, // RFC 850
		{"Wed Apr  5 10:00:00 2017", "2017-04-05"},          // ANSI C
		{"Wed Apr  5 10:00:00 UTC 2017", "2017-04-05"},      // Unix date
		{"Wed 05 Apr 2017", "2017-04-05"},
		{"April 5, 2017", "2017-04-05"},
		{"april 5 2017", "2017-04-05"},
		{"5 April 2017", "2017-04-05"},
		{"5th April 2017", "2017-04-05"},
		{"April 5th, 2017", "2017-04-05"},
		{"Apr. 5, 2017", "2017-04-05"},
		{"Sept. 12, 2018", "2018-09-12"},
		{"5-Apr-2017", "2017-04-05"},
		{"Wednesday, April 5, 2017 at 3:04 PM", "2017-04-05"},
		{"5 April 2017 10:30 GMT+3", "2017-04-05"},
		{"2017 April 5", "2017-04-05"},
		{"29 February 2016", "2016-02-29"},
		// rejected
		{"", ""},
		{"   ", ""},
		{"null", ""},
		{"yesterday", ""},
		{"05/04/2017", ""}, // ambiguous
		{"April 2017", ""}, // no day
		{"30 February 2017", ""},
		{"2017-02-30", ""},
		{"2017-13-01", ""},
		{"2017-04-05T25", ""},
		{"2017-04/05", ""},
		{"0000-01-01", ""},
		{"9999-01-01", ""},
		{"5 April 2017 and 6 April 2017", ""},
		{"April April 5 2017", ""},
		{"2017-04-05 2017-04-06", ""},
		{"2017-04-05 garbage", ""},
	}
	for _, tt := range tests {
		d, ok := ParseDate(tt.in)
		gotS := ""
		if ok {
			gotS = d.Format("2006-01-02")
			if d.Location() != time.UTC || d.Hour() != 0 {
				t.Errorf("ParseDate(%q) = %v, want midnight UTC", tt.in, d)
			}
		}
		if gotS != tt.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, gotS, ok, tt.want)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2017-04-05", "Wed, 05 Apr 2017 10:00:00 GMT", "April 5, 2017", "5 April 2017",
		"Wed 05 Apr 2017", "2017-04-05T23:30:00-05:00", "05 Apr 17 10:00 MST", "5-Apr-2017", "1st Jan 1999 at 10:00 p.m."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if !ok {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) not ok but returned %v", s, d)
			}
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("ParseDate(%q) = %v, not midnight UTC", s, d)
		}
		if d.Year() < minYear || d.Year() > maxYear {
			t.Fatalf("ParseDate(%q) = %v, year out of range", s, d)
		}
		iso := d.Format("2006-01-02")
		if d2, ok := ParseDate(iso); !ok || !d2.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v but ParseDate(%q) = %v, %v", s, d, iso, d2, ok)
		}
	})
}
