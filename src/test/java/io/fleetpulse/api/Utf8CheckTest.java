package io.fleetpulse.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Well-formed UTF-8 only: the check behind 400 for overlong forms and other invalid bytes (no Quarkus). */
class Utf8CheckTest {

    static boolean wellFormed(int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        Utf8Check check = new Utf8Check();
        return check.accept(data, 0, data.length) && check.complete();
    }

    @Test
    void realTextPassesEvenSplitAcrossChunks() {
        byte[] text = "Fleet \u00e4 \u20ac \ud83d\ude9a \u4e2d".getBytes(StandardCharsets.UTF_8);
        Utf8Check check = new Utf8Check();
        for (byte b : text) {
            assertThat(check.accept(new byte[] {b}, 0, 1)).isTrue();
        }
        assertThat(check.complete()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0 AE", "C1 BF", "E0 80 AE", "F0 80 80 AE", "ED A0 80", "F4 90 80 80", "F5 80 80 80",
            "80", "BF", "FF", "C3", "E2 82", "C3 28"})
    void malformedSequencesFail(String hex) {
        String[] parts = hex.split(" ");
        int[] bytes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = Integer.parseInt(parts[i], 16);
        }
        assertThat(wellFormed(bytes)).isFalse();
    }

    @Test
    void boundariesOfEachLengthPass() {
        assertThat(wellFormed(0x7F)).isTrue();
        assertThat(wellFormed(0xC2, 0x80)).isTrue();
        assertThat(wellFormed(0xE0, 0xA0, 0x80)).isTrue();
        assertThat(wellFormed(0xED, 0x9F, 0xBF)).isTrue();
        assertThat(wellFormed(0xF0, 0x90, 0x80, 0x80)).isTrue();
        assertThat(wellFormed(0xF4, 0x8F, 0xBF, 0xBF)).isTrue();
    }
}
