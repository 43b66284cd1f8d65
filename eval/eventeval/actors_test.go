package eventeval

import "testing"

func TestCompareActors(t *testing.T) {
	tests := []struct {
		name                 string
		gold1, gold2         string
		sys1, sys2           string
		wantActor1, wantPair bool
	}{
		{"equal", "Islamic State", "Civilians (Iraq)", "Islamic State", "Civilians (Iraq)", true, true},
		{"case and spaces", "Islamic State", "", " islamic  STATE ", "", true, true},
		{"years in parentheses", "Military Forces of Iraq (2014-)", "", "Military Forces of Iraq", "", true, true},
		{"other years", "Military Forces of Syria (2000-)", "", "Military Forces of Syria (1970-2000)", "", true, true},
		{"closed range", "Military Forces of Myanmar (2016-2021)", "", "military forces of myanmar", "", true, true},
		{"acronym prefix", "SDF: Syrian Democratic Forces", "Islamic State", "Syrian Democratic Forces", "Islamic State", true, true},
		{"prefix on both sides", "YPG: People's Protection Units", "", "YPG: People’s Protection Units", "", true, true},
		{"prefix with a hyphen", "CPN-M: Communist Party of Nepal (Maoist)", "", "Communist Party of Nepal (Maoist)", "", true, true},
		{"country qualifier counts", "Civilians (Syria)", "", "Civilians (Iraq)", "", false, false},
		{"non-year parentheses stay", "Communist Party of Nepal (Maoist)", "", "Communist Party of Nepal", "", false, false},
		{"unordered pair", "Military Forces of Syria (2000-)", "Opposition Rebels (Syria)", "Opposition Rebels (Syria)", "Military Forces of Syria", false, true},
		{"actor2 differs", "Islamic State", "Civilians (Syria)", "Islamic State", "Military Forces of Syria", true, false},
		{"gold without actor2 needs none", "Islamic State", "", "Islamic State", "Civilians (Iraq)", true, false},
		{"system without actor2", "Islamic State", "Civilians (Iraq)", "Islamic State", "", true, false},
		{"no system actors", "Unidentified Armed Group (Syria)", "Civilians (Syria)", "", "", false, false},
		{"acronym alone is not the name", "SDF: Syrian Democratic Forces", "", "SDF", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a1, pair := CompareActors(tt.gold1, tt.gold2, tt.sys1, tt.sys2)
			if a1 != tt.wantActor1 || pair != tt.wantPair {
				t.Errorf("CompareActors(%q, %q, %q, %q) = actor1 %v, pair %v; want %v, %v (normalised %q %q / %q %q)",
					tt.gold1, tt.gold2, tt.sys1, tt.sys2, a1, pair, tt.wantActor1, tt.wantPair,
					NormaliseActor(tt.gold1), NormaliseActor(tt.gold2), NormaliseActor(tt.sys1), NormaliseActor(tt.sys2))
			}
		})
	}
}
