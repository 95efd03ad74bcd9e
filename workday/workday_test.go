package workday

import (
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	tests := map[int]string{
		2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28",
		2028: "2028-04-16", 2030: "2030-04-21", 2038: "2038-04-25", 2000: "2000-04-23",
	}
	for year, want := range tests {
		if got := Easter(year).Format("2006-01-02"); got != want {
			t.Errorf("Easter(%d) = %s, want %s", year, got, want)
		}
	}
}

func TestHolidays(t *testing.T) {
	c := Norway()
	tests := []struct {
		date    string
		holiday bool
		working bool
	}{
		{"2025-01-01", true, false},
		{"2025-04-17", true, false}, // skjærtorsdag
		{"2025-04-18", true, false}, // langfredag
		{"2025-04-21", true, false}, // 2. påskedag
		{"2025-04-22", false, true}, // tuesday after Easter
		{"2025-05-01", true, false}, // thursday
		{"2025-05-17", true, false}, // saturday anyway
		{"2025-05-29", true, false}, // Kristi himmelfartsdag
		{"2025-06-09", true, false}, // 2. pinsedag
		{"2026-04-02", true, false}, // skjærtorsdag 2026
		{"2026-04-06", true, false}, // 2. påskedag 2026
		{"2026-05-14", true, false}, // Kristi himmelfartsdag 2026
		{"2026-05-25", true, false}, // 2. pinsedag 2026
		{"2027-03-25", true, false}, // skjærtorsdag 2027
		{"2027-05-06", true, false}, // Kristi himmelfartsdag 2027
		{"2028-04-13", true, false}, // skjærtorsdag 2028
		{"2028-06-05", true, false}, // 2. pinsedag 2028
		{"2026-12-24", false, true}, // julaften is a working day
		{"2026-12-25", true, false},
		{"2026-12-26", true, false},
		{"2026-11-21", false, false}, // saturday
		{"2026-11-23", false, true},  // monday
	}
	for _, tt := range tests {
		d, _ := time.ParseInLocation("2006-01-02 15:04", tt.date+" 12:00", c.Loc)
		if got := c.IsHoliday(d); got != tt.holiday {
			t.Errorf("IsHoliday(%s) = %v, want %v", tt.date, got, tt.holiday)
		}
		if got := c.IsWorkingDay(d); got != tt.working {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.working)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := Norway()
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, c.Loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		from string
		days int
		want string
	}{
		{"2026-11-23 10:00", 2, "2026-11-25 10:00"}, // Monday → Wednesday
		{"2026-11-26 10:00", 2, "2026-11-30 10:00"}, // Thursday → Monday over the weekend
		{"2026-11-21 11:00", 2, "2026-11-24 16:00"}, // Saturday counts from Monday 08:00: due at the end of Tuesday
		{"2026-11-23 18:30", 1, "2026-11-24 16:00"}, // after hours counts from next morning
		{"2026-11-23 06:00", 1, "2026-11-23 16:00"}, // before hours counts from the same morning
		{"2025-04-16 14:00", 2, "2025-04-23 14:00"}, // Wednesday before Easter 2025 → skips Easter
		{"2026-04-01 09:00", 1, "2026-04-07 09:00"}, // Wednesday before Easter 2026
		{"2027-03-24 15:00", 2, "2027-03-31 15:00"}, // Easter 2027: Thu, Fri and Monday are holidays
		{"2028-04-12 12:00", 3, "2028-04-20 12:00"}, // Easter 2028
		{"2026-05-13 12:00", 1, "2026-05-15 12:00"}, // over Kristi himmelfart 2026
		{"2026-05-15 12:00", 2, "2026-05-19 12:00"}, // over 17 May (Sunday) and Monday 18 May
		{"2026-12-23 09:00", 2, "2026-12-28 09:00"}, // julaften works, 25/26 Dec do not
		{"2026-12-31 12:00", 1, "2027-01-04 12:00"}, // over New Year and a weekend
		{"2026-11-23 16:00", 1, "2026-11-24 16:00"}, // exactly at close counts from the next morning
	}
	for _, tt := range tests {
		if got := c.AddWorkingDays(at(tt.from), tt.days); !got.Equal(at(tt.want)) {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.days, got.In(c.Loc).Format("2006-01-02 15:04"), tt.want)
		}
	}
}

func TestWorkingHours(t *testing.T) {
	c := Norway()
	at := func(s string) time.Time {
		v, _ := time.ParseInLocation("2006-01-02 15:04", s, c.Loc)
		return v
	}
	tests := []struct {
		a, b string
		want float64
	}{
		{"2026-11-23 10:00", "2026-11-23 12:30", 2.5},
		{"2026-11-23 15:00", "2026-11-24 09:00", 2},  // 1 h Monday + 1 h Tuesday
		{"2026-11-20 15:00", "2026-11-23 09:00", 2},  // over a weekend
		{"2026-11-21 10:00", "2026-11-22 20:00", 0},  // all weekend
		{"2025-04-16 15:00", "2025-04-22 09:00", 2},  // over Easter 2025
		{"2026-11-23 10:00", "2026-11-23 09:00", 0},  // b before a
		{"2026-11-23 08:00", "2026-11-27 16:00", 40}, // a full working week
	}
	for _, tt := range tests {
		if got := c.WorkingHours(at(tt.a), at(tt.b)); got != tt.want {
			t.Errorf("WorkingHours(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
