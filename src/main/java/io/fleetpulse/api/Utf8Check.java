package io.fleetpulse.api;

/**
 * A streaming check of well-formed UTF-8 (RFC 3629): no overlong forms (C0 AE is not '.'), no encoded
 * surrogates, nothing above U+10FFFF, no truncated sequence. Fed chunk by chunk; pure, no I/O.
 */
final class Utf8Check {

    private int needed;      // continuation bytes still expected
    private int lower = 0x80; // allowed range of the next continuation byte (tightened after E0, ED, F0, F4)
    private int upper = 0xBF;

    /** Feeds bytes; false as soon as they cannot be part of well-formed UTF-8. */
    boolean accept(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            if (needed == 0) {
                if (b <= 0x7F) {
                    continue;
                }
                if (b >= 0xC2 && b <= 0xDF) {
                    needed = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    needed = 2;
                    if (b == 0xE0) {
                        lower = 0xA0; // overlong below U+0800
                    } else if (b == 0xED) {
                        upper = 0x9F; // U+D800..U+DFFF are surrogates
                    }
                } else if (b >= 0xF0 && b <= 0xF4) {
                    needed = 3;
                    if (b == 0xF0) {
                        lower = 0x90; // overlong below U+10000
                    } else if (b == 0xF4) {
                        upper = 0x8F; // above U+10FFFF
                    }
                } else {
                    return false; // 80-C1 (continuation or overlong lead), F5-FF
                }
            } else {
                if (b < lower || b > upper) {
                    return false;
                }
                lower = 0x80;
                upper = 0xBF;
                needed--;
            }
        }
        return true;
    }

    /** Whether the input ended between characters. */
    boolean complete() {
        return needed == 0;
    }
}
