package dev.nabla.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InstantsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static long micros(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    @Test
    void parsesOffsetsZoneNamesAndTheSessionZone() {
        long noon = micros("2024-01-01T12:00:00Z");
        for (String text : new String[] {
            "2024-01-01 13:00:00+01",
            "2024-01-01 13:00+01:00",
            "2024-01-01T13:00:00+0100",
            "2024-01-01 12:00:00Z",
            "2024-01-01 12:00:00 UTC",
            "2024-01-01 13:00:00 Europe/Paris",
            "2024-01-01 13:00:00 europe/paris",
            "2024-01-01 07:00:00-05",
            " 2024-01-01 06:30:00 -05:30 "
        }) {
            assertThat(Instants.parse(text, ZoneOffset.UTC)).as(text).isEqualTo(noon);
            assertThat(Instants.hasZone(text)).as(text).isTrue();
        }
        assertThat(Instants.parse("2024-01-01 13:00", BERLIN)).isEqualTo(noon);
        assertThat(Instants.parse("2024-01-01", BERLIN)).isEqualTo(micros("2023-12-31T23:00:00Z"));
        assertThat(Instants.hasZone("2024-01-01 13:00")).isFalse();
        assertThat(Instants.parse("2024-01-01 12:00:00.123456+00", BERLIN))
                .isEqualTo(micros("2024-01-01T12:00:00.123456Z"));
        for (String bad : new String[] {"2024-13-01", "noon", "2024-01-01 12:00 Mars/Base", "2024-01-01 12:00+99"}) {
            assertThatThrownBy(() -> Instants.parse(bad, ZoneOffset.UTC))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void gapsMoveForwardAndOverlapsTakeStandardTime() {
        long gap = Instants.fromLocal(Instants.parse("2024-03-31 02:30:00", ZoneOffset.UTC), BERLIN);
        assertThat(Instants.format(gap, BERLIN)).isEqualTo("2024-03-31 03:30:00+02");
        long overlap = Instants.fromLocal(Instants.parse("2024-10-27 02:30:00", ZoneOffset.UTC), BERLIN);
        assertThat(Instants.format(overlap, BERLIN)).isEqualTo("2024-10-27 02:30:00+01");
        assertThat(Instants.toLocal(overlap, BERLIN)).isEqualTo(Instants.parse("2024-10-27 02:30", ZoneOffset.UTC));
    }

    @Test
    void formatsAsPostgreSql() {
        long t = micros("2024-07-01T12:00:00.5Z");
        assertThat(Instants.format(t, ZoneOffset.UTC)).isEqualTo("2024-07-01 12:00:00.5+00");
        assertThat(Instants.format(t, ZoneId.of("Asia/Kolkata"))).isEqualTo("2024-07-01 17:30:00.5+05:30");
        assertThat(Instants.format(t, ZoneId.of("America/St_Johns"))).isEqualTo("2024-07-01 09:30:00.5-02:30");
        assertThat(Instants.format(micros("1900-01-01T00:00:00Z"), ZoneId.of("Asia/Kolkata")))
                .isEqualTo("1900-01-01 05:21:10+05:21:10");
        assertThat(Instants.format(micros("0099-01-01T00:00:00Z"), ZoneOffset.UTC))
                .isEqualTo("0099-01-01 00:00:00+00");
    }

    @Test
    void zoneNames() {
        assertThat(Instants.zone("utc")).isEqualTo(ZoneOffset.UTC);
        assertThat(Instants.zone("EUROPE/BERLIN")).isEqualTo(BERLIN);
        assertThat(Instants.zone("+05:30")).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
        assertThat(Instants.zone("-08")).isEqualTo(ZoneOffset.ofHours(-8));
        assertThat(Instants.zone("Nowhere/Land")).isNull();
        assertThat(Instants.zone("")).isNull();
        assertThat(Instants.name(ZoneOffset.UTC)).isEqualTo("UTC");
        assertThat(Instants.name(BERLIN)).isEqualTo("Europe/Berlin");
    }
}
